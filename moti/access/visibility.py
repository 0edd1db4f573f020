"""Which of a team's register items a viewer may see, and why the rest are withheld.

Every item is filed under a data controller and a register (the author's at the time of
writing). A viewer sees the items of their own controller and register; the items of another
only under an active consent or legal basis of the team, recorded for that controller and
register, that covers the viewer's organisation and the item's kind of data. A disclosure ban
of the owning controller leaves only legal bases. Under emergency access the viewer sees their
own controller's items (all of its registers), and every controller's only if a role allows it.
Each showing that crosses a controller or register writes a disclosure-log row.
"""

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from django.utils import timezone

from moti.audit.models import Channel, Disclosed, DisclosureBasis
from moti.audit.services import Actor, DisclosureRow, disclosure_log_write_many
from moti.clients.models import Client, RegisterItem
from moti.core.models import IdList, Register, Statute, ids_of
from moti.directory.models import Organisation, Person
from moti.teams.models import Team, TeamMember

from .models import Capability, Consent, DisclosureBan, Role

I = TypeVar("I", bound=RegisterItem)  # noqa: E741


@dataclass(frozen=True)
class Source:
    """Where an item is filed: a controller and one of its registers."""

    controller_id: int
    register: str

    @classmethod
    def of(cls, item: RegisterItem) -> "Source":
        return cls(item.controller_id, item.register)

    @classmethod
    def of_person(cls, person: Person) -> "Source":
        return cls(person.organisation.controller_key, person.organisation.register)


@dataclass
class Withheld:
    """Items a page leaves out, counted by where they are filed, so the page can say what is
    missing and who can fix it."""

    counts: dict[Source, int] = field(default_factory=dict)
    banned: set[int] = field(default_factory=set)
    explanation: list[dict[str, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.counts)

    @property
    def count(self) -> int:
        return sum(self.counts.values())


@dataclass
class Visibility:
    """What of one team's (or one client's) records a viewer may see, and on what basis."""

    actor: Actor
    person: Person | None
    client: Client
    team: Team | None
    emergency: bool
    emergency_all: bool
    consents: list[Consent]
    banned: set[int]
    # Items whose showing this request has logged already: a page that draws an item twice
    # (a meeting saved, then shown again) logs it once.
    disclosed: set[tuple[str, int]] = field(default_factory=set)

    def _consent_for(self, item: RegisterItem, organisation_id: int | None = None
                     ) -> Consent | None:
        """The consent or legal basis that opens `item` to the viewer's organisation (or to
        `organisation_id`'s)."""
        if self.person is None:
            return None
        reader = organisation_id if organisation_id is not None else self.person.organisation_id
        for consent in self.consents:
            if consent.controller_id != item.controller_id or consent.register != item.register:
                continue
            if not consent.is_legal_basis and item.controller_id in self.banned:
                continue  # the client's disclosure ban leaves only legal bases
            if item.data_kind in consent.data_kinds \
                    and reader in consent.covered_ids:  # type: ignore[attr-defined]
                return consent
        return None

    def basis_to(self, item: RegisterItem, organisation: Organisation) -> Consent | str | None:
        """What lets the viewer send `item` to another organisation (a referral): "own" within
        one controller's register, else the team's consent or legal basis that covers the
        organisation and the item's kind of data, else None."""
        if Source.of(item) == Source(organisation.controller_key, organisation.register):
            return "own"
        return self._consent_for(item, organisation.pk)

    def disclose_to(self, item: RegisterItem, basis: Consent, organisation: Organisation
                    ) -> None:
        """Log the sending of `item` to another organisation as a disclosure."""
        row = self._disclosure(basis, {item.data_kind}, {Source.of(item)})
        disclosure_log_write_many(actor=self.actor, rows=[dataclasses.replace(
            row, recipient="", recipient_organisation=organisation.name)])

    def basis_for(self, item: RegisterItem) -> Consent | str | None:
        """"own", "emergency", the consent or legal basis that opens it, or None."""
        if self.person is None:
            return None
        mine = Source.of_person(self.person)
        if Source.of(item) == mine:
            return "own"
        if self.emergency:
            return "emergency" if item.controller_id == mine.controller_id \
                or self.emergency_all else None
        return self._consent_for(item)

    def allows(self, item: RegisterItem) -> bool:
        return self.basis_for(item) is not None

    @cached_property
    def members(self) -> list[TeamMember]:
        """The team's members with their people and organisations, read once for the page
        (its member list, who can record consent, whom the viewer's records reach)."""
        if self.team is None:
            return []
        return list(TeamMember.objects.filter(team=self.team)
                    .select_related("person__organisation"))

    def split(self, items: Iterable[I]) -> tuple[list[I], Withheld]:
        """The items the viewer may see; the rest counted as withheld. Logs the disclosures."""
        (shown,), withheld = self.split_many(items)
        return shown, withheld

    def split_many(self, *groups: Iterable[Any]) -> tuple[list[list[Any]], Withheld]:
        """`split` for several groups of a page at once: one disclosure-log insert for all."""
        shown_groups, withheld, rows = self.split_unlogged(*groups)
        disclosure_log_write_many(actor=self.actor, rows=rows)
        return shown_groups, withheld

    def split_unlogged(self, *groups: Iterable[Any]
                       ) -> tuple[list[list[Any]], Withheld, list[DisclosureRow]]:
        """`split_many` whose disclosure rows the caller writes: a list across many teams
        writes every team's in one insert (`helpers._shown_through_teams`)."""
        shown_groups: list[list[Any]] = []
        withheld = Withheld()
        crossings: dict[Consent | str, tuple[set[str], set[Source]]] = {}
        for items in groups:
            shown: list[Any] = []
            for item in items:
                basis = self.basis_for(item)
                if basis is None:
                    source = Source.of(item)
                    withheld.counts[source] = withheld.counts.get(source, 0) + 1
                    if source.controller_id in self.banned:
                        withheld.banned.add(source.controller_id)
                    continue
                shown.append(item)
                key = (item._meta.label_lower, item.pk)
                if basis != "own" and key not in self.disclosed:
                    self.disclosed.add(key)
                    kinds, sources = crossings.setdefault(basis, (set(), set()))
                    kinds.add(item.data_kind)
                    sources.add(Source.of(item))
            shown_groups.append(shown)
        return shown_groups, withheld, [self._disclosure(basis, kinds, sources)
                                        for basis, (kinds, sources) in crossings.items()]

    def _disclosure(self, basis: Consent | str, kinds: set[str],
                    sources: set[Source]) -> DisclosureRow:
        if isinstance(basis, Consent):
            kind = DisclosureBasis.LEGAL_BASIS if basis.is_legal_basis \
                else DisclosureBasis.CONSENT
            # A code or a date, never words in the viewer's language (rendered by the reader).
            reference = (basis.statute_text if basis.statute == Statute.OTHER
                         else basis.statute) if basis.is_legal_basis \
                else f"{basis.given_on:%Y-%m-%d}"
        else:
            kind, reference = DisclosureBasis.EMERGENCY, ""
        return DisclosureRow(
            client_id=self.client.pk, recipient=self.actor.name,
            recipient_organisation=self.actor.organisation_label,
            what=[Disclosed(k) for k in kinds], registers={s.register for s in sources},
            basis=kind, basis_reference=reference, channel=Channel.MOTI)

    def explain(self, withheld: Withheld) -> Withheld:
        """Names each source of withheld items, what is missing, and the team's members who
        can record the client's consent for it (two queries whatever the team's size, and
        the members the page has read already)."""
        if not withheld:
            return withheld
        names = dict(Organisation.objects.filter(
            pk__in={s.controller_id for s in withheld.counts}).values_list("pk", "name"))
        fixers = self._consent_recorders()
        registers = dict(Register.choices)
        withheld.explanation = [{
            "controller": names.get(source.controller_id, ""),
            "register": registers.get(source.register, source.register),
            "count": count, "banned": source.controller_id in withheld.banned,
            "recorders": fixers.get(source, []),
        } for source, count in sorted(withheld.counts.items(),
                                      key=lambda pair: (names.get(pair[0].controller_id, ""),
                                                        pair[0].register))]
        return withheld

    def _consent_recorders(self) -> dict[Source, list[Person]]:
        if self.team is None:
            return {}
        members = [m.person for m in self.members if m.person]
        capable = {person_id for person_id, capabilities in Role.objects.filter(
            people__in=[p.pk for p in members]).values_list("people", "capabilities")
            if Capability.RECORD_CONSENT in capabilities}
        recorders: dict[Source, list[Person]] = {}
        for person in members:
            if person.pk in capable:
                recorders.setdefault(Source.of_person(person), []).append(person)
        return recorders

    def uncovered_organisations(self, among: Iterable[Organisation] | None = None
                                ) -> list[Organisation]:
        """The team's member organisations (or those of `among` that the caller has already
        read) that do not see the viewer's own records: no active consent for the viewer's
        controller and register covers them."""
        if self.team is None or self.person is None:
            return []
        mine = Source.of_person(self.person)
        covered = {pk for c in self.consents
                   if (c.controller_id, c.register) == (mine.controller_id, mine.register)
                   and not (not c.is_legal_basis and mine.controller_id in self.banned)
                   for pk in c.covered_ids}  # type: ignore[attr-defined]
        organisations = set(among) if among is not None else {
            m.person.organisation for m in self.members if m.person}
        return sorted((o for o in organisations if o.pk not in covered
                       and Source(o.controller_key, o.register) != mine), key=str)


def _consents_active(teams: list[Team]) -> dict[int, list[Consent]]:
    """The teams' active consents, each with the ids of the organisations it covers
    (`covered_ids`), in one query (an outer join, so a consent that covers none is there too);
    the teams as the caller read them."""
    today = timezone.localdate()
    by_pk = {team.pk: team for team in teams}
    by_team: dict[int, list[Consent]] = {}
    # A row per consent with its organisations' ids: a row per consent and organisation made
    # a model instance for each (five or so a consent): 9.7 ms, now 7.0, for 60 teams. Newest
    # first, as the model orders them (an aggregate drops that): the first that opens an item
    # is the basis logged.
    for consent in Consent.objects.filter(team__in=list(by_pk), revoked_at__isnull=True) \
            .annotate(covered=IdList("organisations")).order_by("-given_on", "-id"):
        consent.team = by_pk[consent.team_id]
        if consent.is_active(today):
            consent.covered_ids = ids_of(consent.covered)  # type: ignore[attr-defined]
            by_team.setdefault(consent.team_id, []).append(consent)
    return by_team


def visibilities_make(*, actor: Actor, person: Person | None,
                      teams: Iterable[Team]) -> dict[int, Visibility]:
    """One Visibility per team of a list page (a member's own teams), in three queries."""
    teams = list(teams)
    consents = _consents_active(teams)
    banned: dict[int, set[int]] = {}
    for client_id, controller_id in DisclosureBan.objects.filter(
            client__in={t.client_id for t in teams}, lifted_on__isnull=True).values_list(
            "client_id", "controller_id"):
        banned.setdefault(client_id, set()).add(controller_id)
    return {team.pk: Visibility(actor=actor, person=person, client=team.client, team=team,
                                emergency=False, emergency_all=False,
                                consents=consents.get(team.pk, []),
                                banned=banned.get(team.client_id, set()))
            for team in teams}


def visibility_make(*, actor: Actor, person: Person | None, client: Client, team: Team | None,
                    emergency: bool, emergency_all: bool) -> Visibility:
    """The team's active consents and the client's active bans, read once for the page."""
    consents = _consents_active([team]).get(team.pk, []) if team else []
    banned = set(DisclosureBan.objects.filter(client=client, lifted_on__isnull=True)
                 .values_list("controller_id", flat=True))
    return Visibility(actor=actor, person=person, client=client, team=team,
                      emergency=emergency, emergency_all=emergency_all, consents=consents,
                      banned=banned)


def seers(teams: list[Team]) -> Callable[[RegisterItem, Person, Team], bool]:
    """Whether a person sees an item through one of `teams` (the transition watch: whom to
    tell), decided as the team's pages decide it: the teams' consents and the clients' bans
    read once (`visibilities_make`), each person put in the viewer's place."""
    made = visibilities_make(actor=Actor(), person=None, teams=teams)

    def sees(item: RegisterItem, person: Person, team: Team) -> bool:
        return dataclasses.replace(made[team.pk], person=person).allows(item)
    return sees
