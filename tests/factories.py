"""factory_boy factories with Finnish fakers."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from moti.access.models import Capability, Consent, Role, RoleKind
from moti.clients.models import Client, birth_date_from_identity_code, identity_code_make
from moti.core.models import Register
from moti.directory import search
from moti.directory.models import Organisation, Person
from moti.plans.models import Action, Goal, Plan
from moti.teams.models import Concern, Meeting, Team, TeamMember


def coming_workday(days: int = 3, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A time `days` or more ahead on a working day (no weekend, no Finnish public holiday):
    scheduling refuses holidays, and tests run on any date."""
    from moti.teams.scheduling import holiday_name

    day = timezone.localdate() + datetime.timedelta(days=days)
    while day.weekday() >= 5 or holiday_name(day):
        day += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def artificial_hetu(n: int, sign: str = "-") -> str:
    """A valid artificial identity code (individual number 900–999)."""
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=97 * n)
    return identity_code_make(born=born, individual=900 + n % 100, sign=sign)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    password = factory.django.Password("pw-for-tests-123")


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A data controller of its own unless `parent` is given (then the parent's controller)."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisaatio {n}")
    kind = Organisation.Kind.COUNTY
    register = Register.SOCIAL
    parent = None

    @factory.post_generation
    def controller(self, create, extracted, **kwargs):
        if create:
            self.controller_id = self.parent.controller_key if self.parent else self.pk
            self.save(update_fields=["controller"])


# What a county grants its professionals in the tests unless a test says otherwise.
PROFESSIONAL = [c for c in Capability.values if c != Capability.EMERGENCY_ALL_REGISTERS]


def role_grant(person: Person, kind: str = RoleKind.PROFESSIONAL,
               capabilities: list[str] | None = None) -> Role:
    """The role of this kind in the person's controller (made on first use), granted."""
    role, _ = Role.objects.get_or_create(
        organisation_id=person.organisation.controller_key, name=str(RoleKind(kind).label),
        defaults={"kind": kind, "capabilities": PROFESSIONAL if capabilities is None
                  and kind in (RoleKind.PROFESSIONAL, RoleKind.COORDINATOR)
                  else capabilities or []})
    role.people.add(person)
    person.__dict__.pop("_access_roles", None)
    return role


class PersonFactory(factory.django.DjangoModelFactory):
    """A professional of the county with every capability but emergency_all_registers;
    `roles=[RoleKind.DPO]` (or []) gives other roles instead."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    first_name = factory.SelfAttribute("user.first_name")
    last_name = factory.SelfAttribute("user.last_name")
    title = "sosiaalityöntekijä"
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.LazyAttribute(lambda o: f"{o.user.username}@hyvinvointialue.example")
    phone = factory.Sequence(lambda n: f"+999 44 {n:07d}")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            for kind in (extracted if extracted is not None else [RoleKind.PROFESSIONAL]):
                role_grant(self, kind)
            search.index(self)  # as the directory's writes do: findable by the member search


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    identity_code = factory.Sequence(artificial_hetu)
    birth_date = factory.LazyAttribute(lambda o: birth_date_from_identity_code(o.identity_code))
    municipality = "Kuopio"
    street_address = "Puijonkatu 1"
    postal_code = "70100"
    phone = factory.Sequence(lambda n: f"+999 40 {n:07d}")
    created_by = factory.SubFactory(UserFactory)


def _controller(item):
    return item.author.organisation.controller_key


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern

    client = factory.SubFactory(ClientFactory)
    need_domains = ["housing", "mental_health"]
    description = "Asunto on menossa alta."
    client_agreed = True
    author = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("author.organisation")
    controller_id = factory.LazyAttribute(_controller)
    register = factory.SelfAttribute("author.organisation.register")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    concern = factory.SubFactory(ConcernFactory)
    client = factory.SelfAttribute("concern.client")
    created_by = factory.SelfAttribute("concern.author.user")
    plan = factory.RelatedFactory("tests.factories.PlanFactory", factory_related_name="team")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    team = factory.SubFactory(TeamFactory, plan=None)
    author = factory.SelfAttribute("team.concern.author")
    controller_id = factory.LazyAttribute(_controller)
    register = factory.SelfAttribute("author.organisation.register")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    kind = TeamMember.Kind.PROFESSIONAL
    person = factory.SubFactory(PersonFactory)


# Register items are written by the team's convener unless a test names an author; a test may
# file one in another register of the same controller with register="health".
class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    team = factory.SubFactory(TeamFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    place = "Kuopion sosiaalitoimisto"
    author = factory.SelfAttribute("team.concern.author")
    controller_id = factory.LazyAttribute(_controller)
    register = factory.SelfAttribute("author.organisation.register")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    text = "Haluan oman asunnon."
    author = factory.SelfAttribute("plan.team.concern.author")
    controller_id = factory.LazyAttribute(_controller)
    register = factory.SelfAttribute("author.organisation.register")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(PlanFactory)
    text = "Haetaan asumisneuvontaa."
    owner = factory.SubFactory(MemberFactory, team=factory.SelfAttribute("..plan.team"))
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    author = factory.SelfAttribute("plan.team.concern.author")
    controller_id = factory.LazyAttribute(_controller)
    register = factory.SelfAttribute("author.organisation.register")


class ConsentFactory(factory.django.DjangoModelFactory):
    """The client's consent, recorded by `recorded_by` for their own controller and register,
    opening this team's records of them to `organisations`."""

    class Meta:
        model = Consent
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    recorded_by = factory.SubFactory(PersonFactory)
    controller_id = factory.LazyAttribute(lambda o: o.recorded_by.organisation.controller_key)
    register = factory.SelfAttribute("recorded_by.organisation.register")
    data_kinds = ["concern", "meeting", "plan", "note", "episode", "referral"]
    given_how = Consent.GivenHow.SIGNED
    given_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)
