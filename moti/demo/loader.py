"""Loads the demo region (`data.py`) through the write services, so that it passes the same
validation as real data.

Clients, teams, members, consents, disclosure bans and emergency access go through
`moti.access.services`, which check the actor's capabilities: the demo does only what its people's
roles allow (an NGO worker does not add a client; the coordinator does, on their call).

Only timestamps are moved afterwards (queryset updates), so that a demo loaded today looks like
months of work: concerns raised weeks ago, meetings held, some actions done and some overdue.
Identity codes are artificial (individual numbers 900-999); phone numbers use the country code
+999, which no real person can have (see `_phone`).
"""

import datetime
import random
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from faker import Faker

from moti.access.models import CLIENT_WORK, Capability, Consent, Role, RoleKind
from moti.access.roles import can
from moti.access.services import (
    client_add,
    consent_record,
    consent_revoke,
    disclosure_ban_set,
    emergency_access_start,
    handover,
    member_add,
    member_update,
    referral_send,
    team_convene,
)
from moti.access.visibility import Source
from moti.clients.models import Client, identity_code_make
from moti.core.models import Change, DataKind, NeedDomain, Register
from moti.directory.models import Organisation, Person, Service, Unit
from moti.directory.services import organisation_create
from moti.messaging.models import Channel, OutboxMessage
from moti.paths.models import EndReason, Intensity, Referral, ReferralStep
from moti.paths.referrals import referral_step
from moti.paths.services import episode_add
from moti.plans.models import Action, Goal, Plan
from moti.plans.services import action_add, action_set_done, goal_add, goal_update, plan_update
from moti.teams.invitations import client_channels
from moti.teams.models import Absence, Concern, Meeting, Note, Team, TeamMember
from moti.teams.scheduling import holiday_name
from moti.teams.services import (
    ActionEnding,
    concern_create,
    meeting_create,
    meeting_record,
    note_add,
    team_close,
    team_closing_get,
)

from .data import (
    ACCESS_ROLES,
    CASES,
    CLOSURES,
    DAYS_AGO,
    DOMAIN_TITLES,
    EMAIL_DOMAINS,
    EXPERT_DOMAINS,
    GUEST_ROLES,
    KEY_USERS,
    ORGANISATIONS,
    PAJU,
    PASSWORD,
    ROLES,
    SEED,
    SIMILAR,
    STAFF,
    STAGES,
    SV_FIRST_FEMALE,
    SV_FIRST_MALE,
    SV_LAST,
    SWEDISH_CASES,
    TEXTS,
    TOWN_WEIGHTS,
    TOWNS,
    Case,
)
from .directory import directory_load

C, D, K, R, RK, U = Capability, NeedDomain, Organisation.Kind, Register, RoleKind, Concern.Urgency
NURSES = ("sairaanhoitaja", "terveydenhoitaja")
HOW = (Consent.GivenHow.SIGNED, Consent.GivenHow.ELECTRONIC, Consent.GivenHow.VERBAL)


def _root(key: str) -> str:
    """The key of an organisation's data controller: the root of its chain in ORGANISATIONS."""
    parent = ORGANISATIONS[key][3]
    return key if parent is None else _root(parent)


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.lower().replace(" ", "")


def _at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _workday(*, day: datetime.date, forward: bool) -> datetime.date:
    """Meetings fall on working days: move a weekend day or a public holiday to the nearest
    working day before or after it."""
    while day.weekday() >= 5 or holiday_name(day):
        day += datetime.timedelta(days=1 if forward else -1)
    return day


def _backdate(obj: Model, **fields) -> None:
    """Move timestamps that the models set to "now" back to when the step happened."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    for name, value in fields.items():
        setattr(obj, name, value)


def _backdate_history(obj: Model, *, when: datetime.datetime) -> None:
    """A versioned edit made "now" by a service is dated back with its history rows."""
    _backdate(obj, updated_at=when)
    Change.objects.filter(kind=obj._meta.label_lower, object_id=obj.pk).update(changed_at=when)


@dataclass
class _Team:
    team: Team
    members: list[TeamMember]
    lead: TeamMember
    pair: list[Person]
    convened: datetime.date
    # The nurses write their own actions, and health care has no consent yet: the other
    # members see that some of the plan is withheld, and who can ask the client.
    nurse_writes: bool = False

    def owner(self, title: str) -> TeamMember:
        """The member who owns an action for `title`; the lead worker if nobody fits."""
        titles = SIMILAR.get(title, (title,))
        return next((m for m in self.members if m.person_id and m.person.title in titles),
                    self.lead)


class _Loader:
    """Builds the region once; every random choice comes from one seeded generator."""

    def __init__(self, *, today: datetime.date):
        self.today = today
        self.rng = random.Random(SEED)
        self.fi = Faker("fi_FI")
        self.fi.seed_instance(SEED)
        self.password = make_password(PASSWORD)  # hashed once: hashing 40 times is slow
        self.orgs: dict[str, Organisation] = {}
        self.units: dict[tuple[str, str], Unit] = {}
        self.staff: list[Person] = []  # those who work with clients: team members
        self.roles: dict[tuple[str, str], Role] = {}  # (controller's key, role kind)
        self.key: dict[str, Person] = {}
        self.usernames: set[str] = set()
        # Individual numbers 900-999 are artificial; odd for men, even for women.
        self.individuals = {"m": list(range(901, 1000, 2)), "f": list(range(900, 1000, 2))}
        self.rng.shuffle(self.individuals["m"])
        self.rng.shuffle(self.individuals["f"])
        self.links = 0
        self.pairs: dict[str, list[Person]] = {}  # coordinators by region, set by people()
        self.expert: Person | None = None  # the association's experience expert
        self.coordinators: dict[tuple[str, str], Person] = {}  # by (organisation, unit)
        self.withheld: Team | None = None  # the team whose health items no consent covers

    def _phone(self, prefix: str = "44") -> str:
        """A phone number that cannot belong to anyone: +999 is a country code that ITU-T
        E.164 keeps unassigned, so no call or text to it reaches a real person."""
        return f"+999 {prefix} {self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}"

    # --- Directory ---

    def organisations(self) -> None:
        for key, (name, kind, register, parent, units) in ORGANISATIONS.items():
            org = organisation_create(name=name, kind=kind, register=register,
                                      parent=self.orgs[parent] if parent else None)
            self.orgs[key] = org
            for unit_key, (unit_name, town, street) in units.items():
                place = TOWNS[town]
                self.units[key, unit_key] = Unit.objects.create(
                    organisation=org, name=unit_name, municipality=town, street_address=street,
                    postal_code=place.postal_codes[0], latitude=place.latitude,
                    longitude=place.longitude)

    def access_roles(self) -> None:
        """Each controller's roles, as it defines them (data.ACCESS_ROLES)."""
        for key, roles in ACCESS_ROLES.items():
            for name, kind, capabilities in roles:
                self.roles[key, kind] = Role.objects.create(
                    organisation=self.orgs[key], name=name, kind=kind,
                    capabilities=sorted(str(c) for c in capabilities))

    def _person(self, *, username: str, first: str, last: str, title: str,
                kinds: tuple[str, ...], org: str, unit: str, languages: str) -> Person:
        self.usernames.add(username)
        email = f"{_ascii(first)}.{_ascii(last)}@{EMAIL_DOMAINS[org]}"
        user = get_user_model().objects.create(
            username=username, first_name=first, last_name=last, email=email,
            password=self.password)
        person = Person.objects.create(
            user=user, first_name=first, last_name=last, title=title,
            organisation=self.orgs[org], unit=self.units[org, unit], phone=self._phone(),
            email=email, languages=languages)
        # A coordinator is also a professional of their controller.
        wanted = set(kinds) | ({RK.PROFESSIONAL} if RK.COORDINATOR in kinds else set())
        for kind in sorted(wanted):
            self.roles[_root(org), kind].people.add(person)
        # Managers, the DPO and the access administrator work with no client: no team.
        if wanted & set(CLIENT_WORK):
            self.staff.append(person)
        if RK.COORDINATOR in wanted and username != "koordinaattori":
            self.coordinators[org, unit] = person
        return person

    def _sv_name(self, gender: str) -> tuple[str, str]:
        first = self.rng.choice(SV_FIRST_FEMALE if gender == "f" else SV_FIRST_MALE)
        return first, self.rng.choice(SV_LAST)

    def people(self) -> None:
        for k in KEY_USERS:
            self.key[k.username] = self._person(
                username=k.username, first=k.first_name, last=k.last_name, title=k.title,
                kinds=k.roles, org=k.org, unit=k.unit, languages="fi")
        for org, unit, title, kind, languages, swedish in STAFF:
            if swedish:
                first, last = self._sv_name(self.rng.choice("fm"))
            else:
                first, last = self.fi.first_name(), self.fi.last_name()
            username = f"{_ascii(first)}.{_ascii(last)}"
            while username in self.usernames:
                username += "2"
            person = self._person(username=username, first=first, last=last, title=title,
                                  kinds=(kind,), org=org, unit=unit, languages=languages)
            if title == "kokemusasiantuntija":
                self.expert = person
        coordinators = self.coordinators
        self.pairs = {
            # Kuopio area: the key coordinator works with one of the two others.
            "kuopio": [self.key["koordinaattori"], coordinators["social", "kuopio"],
                       coordinators["health", "siilinjarvi"]],
            # The Varkaus area (Joroinen too): a social and a health care coordinator.
            "varkaus": [coordinators["social", "varkaus"], coordinators["health", "varkaus"]],
        }

    def _pick(self, *, titles: tuple[str, ...], town: str, language: str = "fi",
              exclude: set[int] | frozenset = frozenset()) -> Person | None:
        """The nearest professional with one of `titles` who speaks the client's language."""
        region = TOWNS[town].region
        scored = [((language in p.languages.split(","), TOWNS[p.unit.municipality].region
                    == region, p.unit.municipality == town), p)
                  for p in self.staff if p.title in titles and p.pk not in exclude]
        if not scored:
            return None
        best = max(score for score, _ in scored)
        return self.rng.choice([p for score, p in scored if score == best])

    # --- Clients ---

    def _name(self, *, language: str, gender: str) -> tuple[str, str]:
        if language == "sv":
            return self._sv_name(gender)
        first = self.fi.first_name_female() if gender == "f" else self.fi.first_name_male()
        return first, self.fi.last_name()

    def _adder(self, raiser: Person, town: str) -> Person:
        """Who adds the client: the raiser if their role may; otherwise (Kela, employment
        services, the police, debt counselling, NGOs) the area's coordinator, on their call."""
        if can(raiser, C.ADD_CLIENT):
            return raiser
        return self.pairs[TOWNS[town].region][0]

    def _client(self, *, n: int, case: Case, town: str, adder: Person, gender: str,
                first: str = "", last: str = "", born: datetime.date | None = None,
                turvakielto: bool = False) -> Client:
        if not first:
            first, last = self._name(language=case.language, gender=gender)
        if born is None:
            low, high = case.ages
            born = self.today - datetime.timedelta(
                days=self.rng.randint(low * 365 + 30, high * 365 + 300))
        pool = self.individuals[gender] or self.individuals["f" if gender == "m" else "m"]
        individual = pool.pop()
        if born.year >= 2000:
            sign = self.rng.choice("AAB")
        else:
            sign = self.rng.choice("--YXW")  # the 2023 signs Y, X, W mean the 1900s too
        # A few clients are known by date of birth only (no identity code yet).
        code = "" if n % 15 == 7 else identity_code_make(born=born, individual=individual,
                                                         sign=sign)
        place = TOWNS[town]
        street = f"{self.rng.choice(place.streets)} {self.rng.randint(1, 60)}"
        if town in ("Kuopio", "Varkaus") and self.rng.random() < 0.6:
            street += f" {self.rng.choice('ABC')} {self.rng.randint(1, 40)}"
        return client_add(
            user=adder.user, person=adder, first_name=first, last_name=last, identity_code=code,
            birth_date=None if code else born, language=case.language, municipality=town,
            # Under turvakielto the address is not even written down.
            street_address="" if turvakielto else street,
            postal_code="" if turvakielto else self.rng.choice(place.postal_codes),
            phone=self._phone(f"4{self.rng.choice('0456')}"),
            turvakielto=turvakielto)

    # --- The loop ---

    def _consent_terms(self, *, n: int, recorder: Person,
                       organisations: Iterable[Organisation], witness: Person,
                       day: datetime.date) -> dict[str, Any] | None:
        """The client's consent as `recorder` records it: their own controller's and register's
        records of the team, opened to the other members' organisations. Never to the police:
        a police officer is a member for what the police can do, not to read health and social
        care records (Paju's team shows the one narrow exception)."""
        if not can(recorder, C.RECORD_CONSENT):
            return None
        mine = Source.of_person(recorder)
        recipients = sorted({o for o in organisations if o.kind != K.POLICE
                             and Source(o.controller_key, o.register) != mine}, key=str)
        if not recipients:
            return None
        how = HOW[n % len(HOW)]
        return {"organisations": recipients, "data_kinds": list(DataKind.values),
                "given_how": how,
                "witness": f"{witness}, {witness.title}" if how == Consent.GivenHow.VERBAL
                else "",
                "given_on": day,
                "expires_on": day + datetime.timedelta(days=365) if n % 2 else None}

    def _consents(self, *, n: int, t: _Team, skip: frozenset[Source] = frozenset()) -> None:
        """One consent for each controller and register present in the team, recorded by its
        first member who may (the convener's was recorded with the team)."""
        people = [m.person for m in t.members if m.person is not None]
        done = {Source(c.controller_id, c.register)
                for c in Consent.objects.filter(team=t.team)} | set(skip)
        for i, person in enumerate(people, start=1):
            source = Source.of_person(person)
            if source in done:
                continue
            witness = next(p for p in people if p != person)
            terms = self._consent_terms(n=n + i, recorder=person,
                                        organisations=[p.organisation for p in people],
                                        witness=witness, day=t.convened)
            if terms is None:
                continue
            done.add(source)
            consent = consent_record(team=t.team, recorder=person, **terms)
            _backdate(consent, created_at=_at(t.convened, 11, 30))

    def _convene(self, *, n: int, case: Case, concern: Concern, raiser: Person, town: str,
                 day: datetime.date) -> _Team:
        region = TOWNS[town].region
        pairs = self.pairs[region]
        if region == "kuopio":
            pair = [pairs[0], pairs[1 + n % 2]] if n % 4 != 3 else pairs[1:]
        else:
            pair = list(pairs)
        lead = raiser
        # The lead is a social or health care professional of the county (be_lead).
        if n % 10 < 7 or raiser.title == "sosiaalityöntekijä" or not can(raiser, C.BE_LEAD):
            lead = self._pick(titles=("sosiaalityöntekijä",), town=town,
                              language=case.language) or pair[0]
        wanted = [raiser, lead]
        needed = [SIMILAR.get(title, (title,)) for _, title, _ in case.actions]
        needed += [DOMAIN_TITLES[domain] for domain in case.domains]
        for titles in needed:
            if not any(p.title in titles for p in wanted + pair):
                found = self._pick(titles=titles, town=town, language=case.language,
                                   exclude={p.pk for p in wanted + pair})
                if found:
                    wanted.append(found)
        # In the Varkaus area an experience expert of the association joins as a member.
        expert = self.expert is not None and region == "varkaus" and case.language == "fi" \
            and bool(set(case.domains) & set(EXPERT_DOMAINS))
        if expert and self.expert not in wanted:
            wanted.append(self.expert)
        others = []
        for p in wanted:
            if p not in pair and p not in others:
                others.append(p)
        # Anyone with a concern may convene; most often a coordinator does. The client's
        # consent for the convener's own records is recorded with the team.
        convener = raiser if n % 3 == 0 and raiser not in pair else pair[0]
        everyone = [*pair, *others]
        team = team_convene(
            author=convener, concern=concern, role=ROLES.get(convener.title, ""),
            author_is_coordinator=convener in pair,
            consent=self._consent_terms(n=n, recorder=convener,
                                        organisations=[p.organisation for p in everyone],
                                        witness=next(p for p in everyone if p != convener),
                                        day=day))
        members = [team.members.get()]
        for person in everyone:
            if person == convener:
                continue
            members.append(member_add(
                team=team, kind=TeamMember.Kind.PROFESSIONAL, person=person,
                role=ROLES.get(person.title, ""), is_coordinator=person in pair,
                is_lead=person == lead))
        if convener == lead:
            members[0] = member_update(member=members[0], role=members[0].role,
                                       is_coordinator=members[0].is_coordinator, is_lead=True)
        if case.support:
            female = case.support in ("tytär", "äiti", "sisar", "täti")
            first, _last = self._name(language=case.language, gender="f" if female else "m")
            members.append(member_add(
                team=team, kind=TeamMember.Kind.SUPPORT_PERSON,
                name=f"{first} {concern.client.last_name}", relation=case.support,
                contact=self._phone("40"), role=TEXTS[case.language]["support_role"]))
        if case.guest and not (expert and case.guest[0] == TeamMember.Kind.EXPERIENCE_EXPERT):
            kind, relation = case.guest
            members.append(member_add(
                team=team, kind=kind, name=" ".join(self._name(language=case.language,
                                                               gender=self.rng.choice("fm"))),
                relation=relation, role=GUEST_ROLES[kind]))
        created = _at(day, 10 + n % 5)
        _backdate(team, created_at=created)
        TeamMember.objects.filter(team=team).update(added_at=created)
        Plan.objects.filter(team=team).update(created_at=created, updated_at=created)
        Consent.objects.filter(team=team).update(created_at=created)
        return _Team(team=team, members=members, pair=pair, convened=day,
                     lead=next(m for m in members if m.is_lead))

    def _nurse_writes(self, *, t: _Team, case: Case) -> bool:
        """Whether this team is the one left with health care items no consent covers: the
        first Finnish team with a nurse owning an action, convened outside health care."""
        if self.withheld is not None or case.language != "fi" \
                or t.members[0].person.organisation.register == R.HEALTH:
            return False
        owners = [t.owner(title).person for _, title, _ in case.actions]
        return any(p is not None and p.title in NURSES and p.organisation.register == R.HEALTH
                   for p in owners)

    def _meeting(self, *, n: int, t: _Team, when: datetime.datetime) -> Meeting:
        unit = t.pair[0].unit
        town = t.team.client.municipality
        remote = town in ("Maaninka", "Juankoski") or n % 5 == 0
        self.links += 1
        place = f"{unit.name}, {unit.street_address}, {unit.municipality}"
        # The client is invited by text message or, for every third, by a printed letter;
        # coming meetings' invitations wait in the outbox for the worker.
        reachable = client_channels(t.team.client)
        channel = (Channel.LETTER if n % 3 == 0 and Channel.LETTER in reachable
                   else reachable[0] if reachable else Channel.NONE)
        meeting = meeting_create(
            team=t.team, author=t.pair[0], starts_at=when,
            duration_minutes=(60, 90, 60, 45)[n % 4],
            place="" if remote and n % 2 else place,
            remote_link=f"https://etatapaaminen.example/moti/{self.links:04d}" if remote else "",
            invited=t.members, client_channel=channel,
            # A coordinator of many teams has overlapping meetings in the demo, as in life.
            allow_clash=True)
        created = min(when, _at(self.today, 8)) - datetime.timedelta(days=7)
        _backdate(meeting, created_at=max(created, _at(t.convened, 12)))
        return meeting

    def _hold(self, *, n: int, t: _Team, case: Case, when: datetime.datetime,
              minutes: str = "", decisions: str = "") -> Meeting:
        meeting = self._meeting(n=n, t=t, when=when)
        # Someone is usually missing; never the lead worker.
        absent = {m.pk for m in t.members[2:] if (m.pk + n) % 5 == 0 and not m.is_lead}
        texts = TEXTS[case.language]
        return meeting_record(
            meeting=meeting, user=t.pair[0].user, expected_version=meeting.version,
            client_attended=True, client_story=case.story,
            client_goals="\n".join(case.goals), minutes=minutes or texts["minutes"],
            decisions=decisions or texts["decisions"],
            attended=[m for m in t.members if m.pk not in absent])

    def _plan(self, *, n: int, t: _Team, case: Case, held: datetime.date, closing: bool,
              actions: tuple = (), fates: tuple[str, ...] = ()) -> list[Action]:
        """Goals and actions agreed at the meeting on `held`; some done, some overdue."""
        plan = t.team.plan
        author = t.lead.person
        when = _at(held, 15)
        goals = []
        for text in case.goals:
            goal = goal_add(plan=plan, author=author, text=text)
            _backdate(goal, created_at=when, updated_at=when)
            goals.append(goal)
        made = []
        for i, (goal_index, title, text) in enumerate(actions or case.actions):
            owner = t.owner(title) if isinstance(title, str) else title
            writer = author
            if t.nurse_writes and owner.person is not None and owner.person.title in NURSES:
                writer = owner.person  # filed in health care's register
            if fates:
                fate = fates[i]
            elif closing:
                fate = "done"
            elif i == 0 and n % 2 == 0:
                fate = "done"
            elif i == 1 and n % 3 == 0:
                fate = "overdue"
            else:
                fate = "open"
            if fate == "overdue":
                due = max(self.today - datetime.timedelta(days=self.rng.randint(2, 20)),
                          held + datetime.timedelta(days=3))
            elif fate == "done":
                due = held + datetime.timedelta(days=self.rng.randint(10, 30))
            else:
                due = self.today + datetime.timedelta(days=self.rng.randint(5, 45))
            # Services refuse a due date in the past, so the action is made with a due date
            # today or later and its real (earlier) due date is written afterwards.
            action = action_add(plan=plan, author=writer, text=text,
                                owner=owner, due_date=max(due, self.today),
                                goal=goals[goal_index] if goal_index is not None else None)
            _backdate(action, due_date=due, created_at=when, updated_at=when)
            if fate == "done":
                done = min(due, self.today - datetime.timedelta(days=1)) \
                    - datetime.timedelta(days=self.rng.randint(0, 5))
                done_at = _at(max(done, held + datetime.timedelta(days=1)), 14)
                action = action_set_done(action=action, user=writer.user, done=True)
                _backdate(action, done_at=done_at)
                _backdate_history(action, when=done_at)
            made.append(action)
        if closing:
            for goal in goals:
                goal = goal_update(goal=goal, user=author.user, expected_version=goal.version,
                                   text=goal.text, achieved=True)
                _backdate_history(goal, when=when + datetime.timedelta(days=30))
        next_review = None if closing else \
            self.today + datetime.timedelta(days=self.rng.randint(14, 60))
        plan = plan_update(plan=plan, user=author.user, expected_version=plan.version,
                           client_view=case.client_view, dissenting_view=case.dissent,
                           next_review=next_review)
        _backdate_history(plan, when=when)
        return made

    def _note(self, *, t: _Team, author: Person, text: str, day: datetime.date) -> Note:
        note = note_add(team=t.team, author=author, text=text)
        _backdate(note, created_at=_at(day, 13, 30))
        return note

    def case(self, *, n: int, case: Case, stage: str, town: str) -> Client:
        """One client at `stage` of the loop: concern, convened, scheduled, planned or closed."""
        start = self.today - datetime.timedelta(days=self.rng.randint(*DAYS_AGO[stage]))
        gender = case.gender or self.rng.choice("fm")
        raiser = self._pick(titles=case.raisers, town=town, language=case.language)
        client = self._client(n=n, case=case, town=town, adder=self._adder(raiser, town),
                              gender=gender,
                              turvakielto=case.domains[0] == D.SAFETY and n % 32 == 4)
        _backdate(client, created_at=_at(start, 9))
        agreed = not (stage == "concern" and n % 3 == 0)
        texts = TEXTS[case.language]
        concern = concern_create(
            author=raiser, client=client, need_domains=list(case.domains),
            urgency=case.urgency, client_agreed=agreed,
            description=case.concern + ("" if agreed else texts["not_agreed"]))
        _backdate(concern, created_at=_at(start, 10))
        if stage == "concern":
            return client
        convened = start + datetime.timedelta(days=self.rng.randint(1, 4))
        convened = min(convened, self.today - datetime.timedelta(days=1))
        t = self._convene(n=n, case=case, concern=concern, raiser=raiser, town=town,
                          day=convened)
        skip: frozenset[Source] = frozenset()
        if stage == "planned" and self._nurse_writes(t=t, case=case):
            self.withheld, t.nurse_writes = t.team, True
            skip = frozenset({Source(self.orgs["health"].controller_key, R.HEALTH)})
        self._consents(n=n, t=t, skip=skip)
        notes = texts["notes"]
        if stage == "convened":
            if n % 2:
                # A Swedish note is written by the lead worker, chosen for speaking Swedish.
                author = t.pair[0] if case.language == "fi" else t.lead.person
                self._note(t=t, author=author, text=notes[-1], day=convened)
            return client
        upcoming = _workday(day=self.today + datetime.timedelta(days=self.rng.randint(2, 18)),
                            forward=True)
        if stage == "scheduled":
            self._meeting(n=n, t=t, when=_at(upcoming, (9, 10, 13, 14)[n % 4]))
            return client
        held = _workday(day=convened + datetime.timedelta(days=self.rng.randint(7, 14)),
                        forward=False)
        self._hold(n=n, t=t, case=case, when=_at(held, (9, 10, 12, 13)[n % 4], 30 * (n % 2)))
        self._plan(n=n, t=t, case=case, held=held, closing=stage == "closed")
        if stage == "planned":
            self._meeting(n=n, t=t, when=_at(upcoming, (9, 10, 13, 14)[n % 4]))
            if n % 3 != 1:
                later = held + datetime.timedelta(days=self.rng.randint(3, 20))
                self._note(t=t, author=t.lead.person, text=notes[n % len(notes)],
                           day=min(later, self.today))
            if n % 5 == 0:
                # A residential period that ended with its next step arranged.
                ended = min(held + datetime.timedelta(days=10), self.today)
                episode_add(client=client, author=t.lead.person,
                            service_name="Päihdekuntoutus (laitosjakso)",
                            intensity=Intensity.HEAVY, starts_on=convened, ended_on=ended,
                            end_reason=EndReason.COMPLETED,
                            next_service_name="Mielenterveys- ja päihdepalvelujen avohoito",
                            next_owner=t.lead.person,
                            next_on=ended + datetime.timedelta(days=7))
            return client
        reason, note = CLOSURES[n % len(CLOSURES)]
        closed = min(held + datetime.timedelta(days=self.rng.randint(40, 120)),
                     self.today - datetime.timedelta(days=7))
        left_open = team_closing_get(team=t.team)["open_actions"]
        team_close(team=t.team, closer=t.pair[0], reason=reason, note=note,
                   endings={a.pk: ActionEnding(Action.Ending.DONE) for a in left_open})
        _backdate(t.team, closed_at=_at(closed, 15))
        return client

    def paju(self) -> Client:
        """Paju, from the SOKK seminar story (seed 001): many needs, help hard to get."""
        k = self.key
        social_worker, coordinator, ngo = k["sosiaalityontekija"], k["koordinaattori"], \
            k["jarjesto"]
        staff = {p.title: p for p in self.staff if p.unit.municipality == "Kuopio"}
        case = PAJU
        start = self.today - datetime.timedelta(days=32)
        born = self.today.replace(year=self.today.year - 21) - datetime.timedelta(days=140)
        # The NGO worker phoned the coordinator, who added Paju (an NGO does not add clients).
        client = self._client(n=0, case=case, town="Kuopio", adder=self._adder(ngo, "Kuopio"),
                              gender="f", first="Paju", last="Rautiainen", born=born)
        _backdate(client, created_at=_at(start, 9))
        concern = concern_create(author=ngo, client=client, need_domains=list(case.domains),
                                 urgency=case.urgency, description=case.concern,
                                 client_agreed=True)
        _backdate(concern, created_at=_at(start, 11))
        convened = _workday(day=start + datetime.timedelta(days=3), forward=False)
        pair = self.pairs["kuopio"][2]  # the health centres' coordinator: a cross-sector pair
        roles = {
            "psykiatrinen sairaanhoitaja": "Mielenterveyden ja unen arvio samalla käynnillä "
                                           "kuin päihdearvio.",
            "päihdetyöntekijä": "Päihdetyö; yhteinen käynti psykiatrisen sairaanhoitajan "
                                "kanssa.",
            "ennalta estävän toiminnan poliisi": "Ennalta estävä poliisityö: kertoo, mitä "
                                                 "poliisi voi ja ei voi tehdä, ja miten "
                                                 "toimitaan, jos Paju tavataan päihtyneenä.",
            "talous- ja velkaneuvoja": "Perintäasioiden selvitys ja maksusuunnitelmat.",
        }
        joining = [pair, social_worker, *(staff[title] for title in roles),
                   k["tyollisyys"], ngo]
        team = team_convene(author=coordinator, concern=concern,
                            role=ROLES["asiakaskoordinaattori"], author_is_coordinator=True,
                            consent=self._consent_terms(
                                n=0, recorder=coordinator, witness=pair, day=convened,
                                organisations=[p.organisation for p in joining]))
        add = member_add  # many members: a shorter name keeps the calls readable
        members = [team.members.get()]
        members.append(add(team=team, kind=TeamMember.Kind.PROFESSIONAL, person=pair,
                           role=ROLES["asiakaskoordinaattori"], is_coordinator=True))
        lead = add(team=team, kind=TeamMember.Kind.PROFESSIONAL, person=social_worker,
                   is_lead=True, role="Vastuutyöntekijä: Pajun kokonaistilanne, asunnon haku "
                                      "ja toimeentulotuki. Pajun ensisijainen yhteyshenkilö.")
        members.append(lead)
        by_title = {}
        for title, role in roles.items():
            by_title[title] = add(team=team, kind=TeamMember.Kind.PROFESSIONAL,
                                  person=staff[title], role=role)
        by_title["työllisyysasiantuntija"] = add(
            team=team, kind=TeamMember.Kind.PROFESSIONAL, person=k["tyollisyys"],
            role="Kuntouttava työtoiminta, työkokeilu ja koulutusvaihtoehdot.")
        by_title["järjestötyöntekijä"] = add(
            team=team, kind=TeamMember.Kind.PROFESSIONAL, person=ngo,
            role="Olohuone Kohtaamo: päivittäinen paikka olla ja apu kirjeiden kanssa. Nosti "
                 "huolen Pajun pyynnöstä.")
        aunt = add(team=team, kind=TeamMember.Kind.SUPPORT_PERSON, name="Tuula Rautiainen",
                   relation="täti", contact="+999 40 718 2290",  # +999: see _phone
                   role="Pajun itse nimeämä tukihenkilö; lähtee mukaan asuntonäytöille.")
        expert = add(team=team, kind=TeamMember.Kind.EXPERIENCE_EXPERT, name="Jari Koskinen",
                     relation="kokemusasiantuntija, Kallaveden Kohtaamo ry (demo)",
                     role="Kertoo omasta kokemuksestaan asunnottomuudesta ja päihteistä; "
                          "tukee Pajua tapaamisissa.")
        members += [*by_title.values(), aunt, expert]
        created = _at(convened, 10)
        _backdate(team, created_at=created)
        TeamMember.objects.filter(team=team).update(added_at=created)
        Plan.objects.filter(team=team).update(created_at=created, updated_at=created)
        Consent.objects.filter(team=team).update(created_at=created)
        t = _Team(team=team, members=members, lead=lead, pair=[coordinator, pair],
                  convened=convened)
        self._consents(n=0, t=t)
        # Paju agreed that the police may see the plan (what was agreed, who calls whom), and
        # only the plan: no consent opens the health or social care records to the police.
        police = by_title["ennalta estävän toiminnan poliisi"].person
        consent = consent_record(team=team, recorder=social_worker,
                                 organisations=[police.organisation],
                                 data_kinds=[DataKind.PLAN], given_how=Consent.GivenHow.SIGNED,
                                 given_on=convened)
        _backdate(consent, created_at=_at(convened, 11, 45))
        held = _workday(day=self.today - datetime.timedelta(days=18), forward=False)
        self._hold(
            n=1, t=t, case=case, when=_at(held, 13),
            minutes="Paju kertoi tilanteensa omin sanoin; täti ja kokemusasiantuntija olivat "
                    "mukana hänen toivestaan. Jokainen kertoi, mitä voi tarjota ja mitä ei. "
                    "Poliisi kertoi roolistaan: poliisi ei ole hoitotaho, mutta voi ilmoittaa "
                    "koordinaattorille, jos Paju tavataan päihtyneenä ja hän antaa siihen "
                    "luvan.",
            decisions="Jussi Tikkanen on Pajun vastuutyöntekijä ja ensisijainen "
                      "yhteyshenkilö. Mielenterveys- ja päihdearvio tehdään samalla käynnillä, "
                      "jotta Pajua ei ohjata luukulta toiselle. Seuraava tapaaminen noin "
                      "kuukauden päästä.")
        actions = (
            (0, lead, "Hakemus tuettuun asumiseen ja vuokra-asuntoon; vuokravakuus "
                      "toimeentulotuesta."),
            (2, by_title["psykiatrinen sairaanhoitaja"], "Yhteinen ensikäynti: masennuksen, "
                                                         "unen ja alkoholinkäytön arvio."),
            (None, members[0], "Käynti pankissa yhdessä Pajun kanssa verkkopankkitunnusten "
                                "uusimiseksi, jotta Kelan hakemus saadaan tehtyä."),
            (1, by_title["talous- ja velkaneuvoja"], "Perintäkirjeet käydään läpi yhdessä ja "
                                                     "tehdään maksusuunnitelmat."),
            (3, by_title["työllisyysasiantuntija"], "Kuntouttavan työtoiminnan paikka, "
                                                    "aluksi kaksi päivää viikossa."),
            (0, aunt, "Täti lähtee mukaan asuntonäytöille."),
            (4, by_title["ennalta estävän toiminnan poliisi"], "Sovitaan Pajun luvalla, että "
                                                               "poliisi soittaa "
                                                               "koordinaattorille, jos Paju "
                                                               "tavataan päihtyneenä."),
        )
        # The bank visit has not happened yet: it is the overdue one.
        self._plan(n=0, t=t, case=case, held=held, closing=False, actions=actions,
                   fates=("done", "done", "overdue", "open", "open", "open", "done"))
        self._note(t=t, author=ngo, text="Paju kävi olohuoneella ja toi perintäkirjeet "
                                         "mukanaan. Ne on nyt lajiteltu talous- ja "
                                         "velkaneuvontaa varten.",
                   day=held + datetime.timedelta(days=5))
        self._note(t=t, author=social_worker, text="Asuntohakemus jätetty. Paju jaksoi tulla "
                                                   "toimistolle tädin kanssa.",
                   day=held + datetime.timedelta(days=9))
        upcoming = _workday(day=self.today + datetime.timedelta(days=9), forward=True)
        self._meeting(n=1, t=t, when=_at(upcoming, 13))
        self._paju_services(client=client, by_title=by_title, held=held)
        self._paju_referral(team=team, lead=social_worker, employment=k["tyollisyys"],
                            held=held)
        return client

    def _paju_referral(self, *, team: Team, lead: Person, employment: Person,
                       held: datetime.date) -> None:
        """The lead referred Paju to the employment services after the meeting; they
        received it and nothing has happened since (stuck: it shows in the triage, and on
        the employment expert's incoming referrals)."""
        service = Service.objects.filter(organisation=employment.organisation).order_by(
            "pk").first()
        if service is None:
            return
        referral = referral_send(user=lead.user, team=team, author=lead, service=service,
                                 request="Kuntouttavan työtoiminnan paikka Pajulle, aluksi "
                                         "kaksi päivää viikossa. Paju toivoo aamupäiviä.")
        sent = _at(held + datetime.timedelta(days=1), 14)
        referral = referral_step(referral=referral, by=employment, state=Referral.State.RECEIVED)
        received = _at(held + datetime.timedelta(days=2), 9, 30)
        Referral.objects.filter(pk=referral.pk).update(sent_at=sent, state_since=received,
                                                       created_at=sent)
        ReferralStep.objects.filter(referral=referral, state=Referral.State.SENT).update(at=sent)
        ReferralStep.objects.filter(referral=referral, state=Referral.State.RECEIVED) \
            .update(at=received)

    def _paju_services(self, *, client: Client, by_title: dict, held: datetime.date) -> None:
        """Paju's services: an outpatient contact, the drop-in, and a residential
        rehabilitation that ends in a week with nothing planned after it (a transition at
        risk: the coordinators see it first in their triage)."""
        nurse = by_title["psykiatrinen sairaanhoitaja"].person
        substance = by_title["päihdetyöntekijä"].person
        ngo = by_title["järjestötyöntekijä"].person
        for author, name, intensity, start, end in (
                (nurse, "Mielenterveys- ja päihdepalvelujen avohoito", Intensity.LIGHT,
                 held + datetime.timedelta(days=2), None),
                (ngo, "Olohuone Kohtaamo", Intensity.LIGHT,
                 self.today - datetime.timedelta(days=200), None),
                (substance, "Päihdekuntoutus (laitosjakso)", Intensity.HEAVY,
                 held + datetime.timedelta(days=4), self.today + datetime.timedelta(days=6))):
            episode = episode_add(client=client, author=author, service_name=name,
                                  intensity=intensity, starts_on=start, planned_end_on=end)
            _backdate(episode, created_at=_at(start, 12))

    def run(self) -> None:
        self.organisations()
        self.access_roles()
        self.people()
        # What each organisation offers and who decides what, before anyone is convened.
        directory_load(organisations=self.orgs, units=self.units, today=self.today,
                       user=self.key["kayttooikeudet"].user)
        self.paju()
        stages = [stage for stage, count in STAGES for _ in range(count)]
        self.rng.shuffle(stages)
        towns = list(TOWN_WEIGHTS)
        weights = list(TOWN_WEIGHTS.values())
        swedish = {5: 0, 22: 1, 37: 2, 50: 0}
        clients = {}
        for n, stage in enumerate(stages, start=1):
            case = SWEDISH_CASES[swedish[n]] if n in swedish else CASES[n % len(CASES)]
            town = self.rng.choice(case.towns) if case.towns else \
                self.rng.choices(towns, weights)[0]
            if case.language == "sv":
                town = ("Kuopio", "Varkaus")[n % 2]
            clients[n] = (self.case(n=n, case=case, stage=stage, town=town), stage, case)
        self._extras(clients)
        self.continuity()
        # The region's teams were formed before anyone used Moti: nobody is told now that they
        # joined them. The coming meetings' invitations stay in the outbox for the worker.
        OutboxMessage.objects.filter(topic__startswith="member:").delete()

    def continuity(self) -> None:
        """The coordinator pair at work: Paju's other coordinator is on holiday this week (the
        key coordinator stands in), and a Kuopio coordinator handed one team over to the key
        coordinator last week, with a note."""
        k = self.key["koordinaattori"]
        away = self.pairs["kuopio"][2]
        Absence.objects.create(person=away, starts_on=self.today - datetime.timedelta(days=2),
                               ends_on=self.today + datetime.timedelta(days=5))
        giver = self.pairs["kuopio"][1]
        team = (Team.objects.filter(status=Team.Status.OPEN, members__person=giver,
                                    members__is_coordinator=True)
                .exclude(members__person=k).order_by("pk").first())
        if team is None:
            return
        done = handover(user=giver.user, giver=giver, receiver=k, notes={team.pk: (
            "Siirryn toiseen tehtävään, joten koordinointi siirtyy sinulle. Tilanne: "
            "asuntohakemus on vireillä ja seuraava tapaaminen on sovittu. Asiakas toivoo, "
            "että hänelle soitetaan aamupäivisin; täti on hänen tukenaan tapaamisissa.")})
        day = min(max(team.created_at.date() + datetime.timedelta(days=1),
                      self.today - datetime.timedelta(days=6)), self.today)
        _backdate(done, created_at=_at(day, 14))
        TeamMember.objects.filter(team=team, person=k).update(added_at=_at(day, 14))

    def _extras(self, clients: dict) -> None:
        """A few situations the access rules and the DPO's pages are about."""
        planned = [c for c, stage, case in clients.values()
                   if stage == "planned" and case.language == "fi"
                   and c.teams.get() != self.withheld]
        # The client forbids the county to disclose their data: its consents no longer open
        # anything; the legal basis its coordinator records still does.
        banned = planned[0]
        team = banned.teams.get()
        coordinator = team.members.filter(is_coordinator=True).first().person
        convened = team.created_at.date()
        disclosure_ban_set(client=banned, by=coordinator,
                           on=min(convened + datetime.timedelta(days=10), self.today))
        colleagues = {m.person.organisation for m in team.members.filter(person__isnull=False)
                      .select_related("person__organisation")}
        consent_record(
            team=team, recorder=coordinator,
            organisations=sorted((o for o in colleagues if o.kind != K.POLICE), key=str),
            data_kinds=[DataKind.PLAN, DataKind.MEETING], given_how=Consent.GivenHow.STATUTE,
            statute=Consent.Statute.SOCIAL_WELFARE_41, given_on=convened)
        # Another client revoked their consents: other registers' items are now withheld.
        revoked = planned[1]
        for consent in Consent.objects.filter(team__client=revoked).select_related(
                "recorded_by"):
            consent_revoke(consent=consent, by=consent.recorded_by)
        # A client whose team closed has come back with a new concern (a transition).
        closed = next(c for c, stage, _ in clients.values() if stage == "closed")
        raiser = closed.concerns.get().author
        concern_create(author=raiser, client=closed, need_domains=[D.HOUSING, D.INCOME],
                       urgency=U.NORMAL, client_agreed=True,
                       description="Asiakas otti uudelleen yhteyttä: vuokrasopimus päättyy "
                                   "kahden kuukauden päästä eikä uutta asuntoa ole.")
        # An emergency access for the data protection officer to review, by a doctor (a
        # county professional: the role may break the glass).
        waiting = next(c for c, stage, _ in clients.values() if stage == "concern")
        doctor = next(p for p in self.staff if p.title == "yleislääkäri")
        emergency_access_start(
            user=doctor.user, client=waiting,
            reason="Asiakas tuotiin vastaanotolle sekavana; tarvitsin tiedon hoitoverkostosta "
                   "ja lähiomaisesta.")


def demo_load(*, stdout=None) -> list[tuple[str, str, str]]:
    """Load the demo region once; return the key logins as (username, password, who)."""
    logins = [(k.username, PASSWORD, f"{k.first_name} {k.last_name}, {k.who}")
              for k in KEY_USERS]
    with transaction.atomic():
        if get_user_model().objects.filter(username=KEY_USERS[0].username).exists():
            if stdout:
                stdout.write("The demo region is already loaded.\n")
            return logins
        _Loader(today=timezone.localdate()).run()
    if stdout:
        teams = Team.objects.all()
        stdout.write(
            f"Loaded the demo region: {Organisation.objects.count()} organisations, "
            f"{Person.objects.count()} professionals, {Client.objects.count()} clients, "
            f"{teams.filter(status=Team.Status.OPEN).count()} open and "
            f"{teams.filter(status=Team.Status.CLOSED).count()} closed teams, "
            f"{Meeting.objects.count()} meetings, {Goal.objects.count()} goals, "
            f"{Action.objects.count()} actions, {Role.objects.count()} roles, "
            f"{Consent.objects.count()} consents and legal bases.\n")
    return logins
