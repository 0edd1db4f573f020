"""Who may do what: a person's access roles and the capabilities they carry.

Roles are defined by each data controller and granted by its access administrator
(`services.role_grant`); a person's roles are read once per request and kept on the person.
"""

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet

from moti.directory.models import Organisation, Person
from moti.teams.models import TeamMember

from .models import CLIENT_WORK, Capability, Role, RoleKind


def person_with_roles(user: User) -> Person | None:
    """The user's directory entry (organisation and controller) with its roles kept on it, in
    one query through the role grants; a person without roles takes a second."""
    # Sorted here, not in SQL: a person has a role or two, and Django's compiling of an ORDER BY
    # across the select_related joins cost more than the query (0.8 of 2.5 ms, every page).
    grants = sorted(Role.people.through.objects.filter(person__user=user)
                    .select_related("person__organisation__controller", "role"),
                    key=lambda grant: _name_order(grant.role))
    if grants:
        person: Person = grants[0].person
        person._access_roles = [grant.role for grant in grants]  # type: ignore[attr-defined]
        return person
    return Person.objects.select_related("organisation__controller").filter(user=user).first()


def _name_order(role: Role) -> tuple[str, int]:
    """Roles in one order whatever the database's collation (the log names them so)."""
    return role.name.casefold(), role.pk


def roles_of(person: Person) -> list[Role]:
    cached: list[Role] | None = getattr(person, "_access_roles", None)
    if cached is None:
        cached = sorted(Role.objects.filter(people=person).order_by(), key=_name_order)
        person._access_roles = cached  # type: ignore[attr-defined]
    return cached


def can(person: Person | None, capability: Capability) -> bool:
    """Capabilities count only on roles that work with clients: a manager's or an
    administrator's role never carries a way to a client, whatever its data says."""
    return person is not None and any(capability in role.capabilities
                                       for role in roles_of(person) if role.kind in CLIENT_WORK)


def has_role(person: Person | None, *kinds: RoleKind) -> bool:
    return person is not None and any(role.kind in kinds for role in roles_of(person))


def does_client_work(person: Person | None) -> bool:
    """Professionals and coordinators work with clients; managers, the DPO, directory
    maintainers and access administrators by those roles alone never see a client's data."""
    return has_role(person, *CLIENT_WORK)


def role_names(person: Person | None) -> str:
    return ", ".join(role.name for role in roles_of(person)) if person else ""


def works_with_clients() -> Q:
    """A person with a role that works with clients and an account that is in use."""
    # EXISTS, not IN: asked of a few people (a search's, a suggestion's), it probes each one's
    # roles by index; an IN under OR (`team_joiners`) listed every client worker of the county
    # (10,000 at county scale: 17 ms) to test a hundred. No join, so no DISTINCT either.
    return Q(Exists(Role.people.through.objects.filter(
        person_id=OuterRef("pk"), role__kind__in=CLIENT_WORK)), user__is_active=True)


def client_workers() -> QuerySet[Person]:
    """People who may be added to a team: those who work with clients."""
    return Person.objects.filter(works_with_clients())


# An NGO's or a parish's worker in the directory may join a team as an NGO representative or an
# experience expert without an account: a member by name and contact, never a reader of the
# record (the access helper lets only those who work with clients in).
OUTSIDE_ORGANISATIONS = (Organisation.Kind.NGO, Organisation.Kind.PARISH)
JOINING_AS_OUTSIDERS = (TeamMember.Kind.NGO, TeamMember.Kind.EXPERIENCE_EXPERT)


def team_joiners() -> QuerySet[Person]:
    """Everyone the add-member search offers: client workers, and the NGOs' people."""
    return Person.objects.filter(
        works_with_clients() | Q(organisation__kind__in=OUTSIDE_ORGANISATIONS))
