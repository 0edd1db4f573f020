"""A county-sized region on top of the demo one, for benchmarks: `moti seed --scale county`.

Deterministic from a seed. Bulk inserts (the demo loader's services would take hours at this
size), with the same shapes the services make: every register item filed under its author's
controller and register, one lead per team from the county's social or health care, a
coordinator pair, actions with one owner each, consents recorded by each controller for its own
records. The use log is written through the project's own chain (`audit.services.log_rows`:
each row's MAC and nonce) and sealed in signed checkpoints at the end.

The spread is a county's, not a uniform one: most coordinators have 20-60 teams and a few about
300 (the demo's `koordinaattori` among them); the busiest client's log has tens of thousands of
rows. The directory grows with it (`directory.DirectorySeeder`): at county scale 5,000
services and 3,000 service points over Pohjois-Savo's towns, more where more people live, and
every professional's role; `--directory-people` adds people who do not sign in. Refuses to run
on a database holding anything but the demo region and earlier seeds.
"""

import dataclasses
import datetime
import math
import random
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connections, models, router, transaction
from django.utils import timezone
from faker import Faker

from moti.access.models import CLIENT_WORK, Consent, Role, RoleKind
from moti.audit.models import Basis, Disclosed, DisclosureBasis, DisclosureLog, Operation, UseLog
from moti.audit.models import What as W
from moti.audit.sealing import seal_pending
from moti.audit.services import Actor, log_rows
from moti.clients.models import Client, identity_code_make
from moti.core.models import DataKind, Register
from moti.core.progress import progress
from moti.directory.models import Organisation, Person, Unit
from moti.paths.models import EndReason, Intensity, ServiceEpisode
from moti.plans.models import Action, Goal, Plan
from moti.teams.models import Concern, Meeting, MeetingParticipant, Note, Team, TeamMember

from .data import CASES, DOMAIN_TITLES, EMAIL_DOMAINS, PASSWORD, TEXTS, TOWNS, Case
from .directory import DirectorySeeder, checked_at, role_fields
from .loader import demo_load

M = TypeVar("M", bound=models.Model)
BATCH = 5000
SEED_USER = "moti-seed"  # made by the first seed: its presence says the region is seeded

# More of Pohjois-Savo than the demo's towns: each gets social and health care units.
MORE_TOWNS = ("Iisalmi", "Leppävirta", "Suonenjoki", "Lapinlahti", "Pielavesi", "Kiuruvesi",
              "Sonkajärvi", "Vieremä", "Keitele", "Kaavi", "Tuusniemi", "Rautalampi",
              "Rautavaara", "Tervo", "Vesanto")
# Titles by the demo organisation they work for; the county's units get most people.
TITLES = {
    "social": ("sosiaalityöntekijä", "sosiaaliohjaaja"),
    "health": ("sairaanhoitaja", "terveydenhoitaja", "yleislääkäri"),
    "mtp": ("psykiatrinen sairaanhoitaja", "päihdetyöntekijä", "psykologi"),
    "emp_kuopio": ("työllisyysasiantuntija", "työkykykoordinaattori"),
    "emp_varkaus": ("työllisyysasiantuntija",),
    "kela": ("Kela-virkailija",),
    "police": ("vanhempi konstaapeli",),
    "debt": ("talous- ja velkaneuvoja",),
    "ngo1": ("vertaistukikoordinaattori",),
    "ngo2": ("järjestötyöntekijä",),
}
HEAVY_SERVICES = ("Päihdekuntoutus (laitosjakso)", "Katkaisuhoito", "Psykiatrinen osastohoito",
                  "Intensiivinen avokuntoutus", "Asumisyksikkö, tehostettu tuki")
LIGHT_SERVICES = ("Mielenterveys- ja päihdepalvelujen avohoito", "Vertaistukiryhmät",
                  "Asumisneuvonta", "Kuntouttava työtoiminta", "Talous- ja velkaneuvonta",
                  "Päiväkeskus Polku")
PEOPLE_SHARE = {"social": 35, "health": 35, "mtp": 12, "emp_kuopio": 4, "emp_varkaus": 2,
                "kela": 4, "police": 2, "debt": 3, "ngo1": 2, "ngo2": 1}
ORG_NAMES = {
    "social": "Pohjois-Savon hyvinvointialue, aikuissosiaalityö",
    "health": "Pohjois-Savon hyvinvointialue, terveysasemat",
    "mtp": "Pohjois-Savon hyvinvointialue, mielenterveys- ja päihdepalvelut",
    "emp_kuopio": "Kuopion seudun työllisyyspalvelut",
    "emp_varkaus": "Varkauden seudun työllisyyspalvelut",
    "kela": "Kela Kuopio", "police": "Itä-Suomen poliisilaitos",
    "debt": "Itä-Suomen oikeusaputoimisto, talous- ja velkaneuvonta",
    "ngo1": "Kallaveden Kohtaamo ry (demo)", "ngo2": "Savon Polku ry (demo)",
}


@dataclass(frozen=True)
class Scale:
    """How much to add: the county of the review is `Scale.of("county")`."""

    clients: int
    professionals: int
    meetings_per_team: int = 4
    actions_per_team: int = 16
    log_rows_per_team: int = 80
    heavy_coordinators: int = 5
    # The directory: services and service points across the county, and everyone in it (more
    # than the professionals adds people who do not sign in to Moti).
    services: int = 0
    points: int = 0
    directory_people: int = 0

    @classmethod
    def of(cls, name: str, *, directory_people: int = 0) -> "Scale":
        if name == "demo":
            return cls(clients=0, professionals=0)
        if name == "county":
            scale = cls(clients=25_000, professionals=10_000, services=5_000, points=3_000)
        else:
            clients = int(name)
            if clients < 1:
                raise ValueError("the scale is demo, county or a number of clients")
            scale = cls(clients=clients, professionals=max(40, clients * 2 // 5),
                        heavy_coordinators=max(1, clients // 5000),
                        services=max(10, clients // 5), points=max(6, clients * 3 // 25))
        return dataclasses.replace(scale, directory_people=directory_people)


class RealData(Exception):
    """The database holds something the demo and the seed did not make."""


def refuse_real_data() -> None:
    """Only the demo region and earlier seeds: artificial identity codes (individual numbers
    900-999), and people at the demo's .example addresses."""
    real_codes = [code for code in Client.objects.exclude(identity_code=None)
                  .values_list("identity_code", flat=True).iterator()
                  if not 900 <= int(code[7:10]) <= 999]
    if real_codes:
        raise RealData(f"{len(real_codes)} clients have a real identity code")
    users = get_user_model().objects.exclude(email="").exclude(email__endswith=".example")
    if users.exists():
        raise RealData(f"{users.count()} users have a real e-mail address")


def _batched(items: Iterable[M], size: int = BATCH) -> Iterator[list[M]]:
    batch: list[M] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert_rows(model: type[M], rows: list[M]) -> None:
    """One prepared INSERT run for many rows (executemany): the log's millions of rows, where
    bulk_create would spend most of its time composing SQL."""
    using = router.db_for_write(model)
    connection = connections[using]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
           f"({', '.join(connection.ops.quote_name(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    values = [[f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields]
              for row in rows]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.executemany(sql, values)


@contextmanager
def _own_timestamps(*model_types: type[models.Model]) -> Iterator[None]:
    """Let bulk inserts set `created_at` and the like themselves (months of history), which
    `auto_now_add` would overwrite with now."""
    fields = [f for m in model_types for f in m._meta.concrete_fields
              if getattr(f, "auto_now_add", False)]
    for f in fields:
        f.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True  # type: ignore[attr-defined]


@dataclass
class _Team:
    team: Team
    client: Client
    case: Case
    members: list[TeamMember] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)


class Seeder:
    def __init__(self, *, scale: Scale, seed: int, out: Any = None, today: datetime.date):
        self.scale, self.out, self.today = scale, out, today
        self.rng = random.Random(seed)
        self.faker = Faker("fi_FI")
        self.faker.seed_instance(seed)
        self.now = timezone.now()
        self.counts: dict[str, int] = {}
        self.professionals: list[Person] = []  # made by people()
        self.codes = set(Client.objects.exclude(identity_code=None)
                         .values_list("identity_code", flat=True))
        self.actors: dict[int, Actor] = {}

    # --- helpers ---

    def _when(self, start: datetime.date, end: datetime.date, hour: int | None = None, *,
              future: bool = False) -> datetime.datetime:
        """A working-hours moment between two days; not after now unless `future`."""
        days = max(0, (end - start).days)
        day = start + datetime.timedelta(days=self.rng.randint(0, days))
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(
            hour if hour is not None else self.rng.randint(8, 15),
            self.rng.choice((0, 15, 30, 45)))))
        return at if future else min(at, self.now)

    def _insert(self, label: str, model: type[M], rows: Sequence[M]) -> list[M]:
        done: list[M] = []
        for batch in _batched(rows):
            done += model.objects.bulk_create(batch)
            progress(label, len(done), len(rows), self.out)
        self.counts[label] = self.counts.get(label, 0) + len(done)
        return done

    # --- the directory ---

    def people(self) -> dict[str, list[Person]]:
        """Professionals in the demo's organisations, in more units across Pohjois-Savo."""
        orgs = {key: Organisation.objects.select_related("controller").get(name=name)
                for key, name in ORG_NAMES.items()}
        units: dict[str, list[Unit]] = {}
        new_units = []
        for key, org in orgs.items():
            units[key] = list(org.units.all())
            if key in ("social", "health"):
                for town in MORE_TOWNS:
                    kind = "sosiaalipalvelut" if key == "social" else "terveysasema"
                    new_units.append(Unit(organisation=org, name=f"{town}, {kind}",
                                          municipality=town))
        for unit in self._insert("units", Unit, new_units):
            units[[k for k, o in orgs.items() if o.pk == unit.organisation_id][0]].append(unit)
        password = make_password(PASSWORD)
        total = self.scale.professionals
        shares = sum(PEOPLE_SHARE.values())
        users, persons = [], []
        User = get_user_model()
        # A client coordinator for every 25 clients (a pair per team: some 50 teams each).
        coordinating = max(4, self.scale.clients // 25)
        n = 0
        for key, share in PEOPLE_SHARE.items():
            for i in range(math.ceil(total * share / shares)):
                n += 1
                title = "asiakaskoordinaattori" if key in ("social", "health") \
                    and i < coordinating // 2 else self.rng.choice(TITLES[key])
                first, last = self.faker.first_name(), self.faker.last_name()
                username = f"seed{n:05d}"
                email = f"{username}@{EMAIL_DOMAINS[key]}"
                users.append(User(username=username, first_name=first, last_name=last,
                                  email=email, password=password))
                unit = self.rng.choice(units[key])
                persons.append((key, Person(first_name=first, last_name=last, title=title,
                                            organisation=orgs[key], unit=unit,
                                            phone=f"+999 44 {self.rng.randint(100, 999)} "
                                                  f"{self.rng.randint(1000, 9999)}",
                                            email=email, languages="fi",
                                            checked_at=checked_at(now=self.now, n=n),
                                            **role_fields(title=title, org=key,
                                                          town=unit.municipality))))
        users = self._insert("users", User, users)
        for user, (_key, person) in zip(users, persons, strict=True):
            person.user = user
        made = self._insert("professionals", Person, [p for _, p in persons])
        self.professionals = made
        by_org: dict[str, list[Person]] = {}
        for (key, _), person in zip(persons, made, strict=True):
            by_org.setdefault(key, []).append(person)
        # Roles as the demo's controllers grant them: coordinators coordinate, everyone else is
        # a professional of their controller.
        through = Role.people.through
        links = []
        for key, people in by_org.items():
            controller = orgs[key].controller_id or orgs[key].pk
            professional = Role.objects.get(organisation_id=controller,
                                            kind=RoleKind.PROFESSIONAL)
            coordinator = Role.objects.filter(organisation_id=controller,
                                              kind=RoleKind.COORDINATOR).first()
            for person in people:
                links.append(through(role_id=professional.pk, person_id=person.pk))
                if coordinator and person.title == "asiakaskoordinaattori":
                    links.append(through(role_id=coordinator.pk, person_id=person.pk))
        self._insert("role grants", through, links)
        # The demo's own professionals work in the seeded teams too.
        for person in Person.objects.filter(access_roles__kind__in=CLIENT_WORK, user__isnull=False)\
                .exclude(user__username__startswith="seed")\
                .select_related("organisation__controller", "user").distinct():
            key = next((k for k, o in orgs.items() if o.pk == person.organisation_id), None)
            if key:
                by_org.setdefault(key, []).append(person)
        return by_org

    # --- the work ---

    def _coordinators(self, by_org: dict[str, list[Person]]) -> tuple[list[Person], list[float]]:
        pool = [p for p in by_org["social"] + by_org["health"]
                if p.title == "asiakaskoordinaattori"]
        heavy = [p for p in pool if p.user and p.user.username == "koordinaattori"]
        heavy += self.rng.sample([p for p in pool if p not in heavy],
                                 min(self.scale.heavy_coordinators - len(heavy), len(pool)))
        weights = [6.0 if p in heavy else self.rng.uniform(0.5, 1.5) for p in pool]
        return pool, weights

    def run(self) -> dict[str, int]:
        if self.scale.clients == 0:
            return {}
        by_org = self.people()
        coordinators, weights = self._coordinators(by_org)
        seed_user = get_user_model().objects.create(username=SEED_USER, email="seed@moti.example",
                                                    is_active=False)
        per_batch = 500
        total = self.scale.clients
        with _own_timestamps(Client, Concern, Team, TeamMember, Plan, Goal, Action, Meeting,
                             Note, Consent, ServiceEpisode):
            for start in range(0, total, per_batch):
                count = min(per_batch, total - start)
                self._teams(start, count, by_org, coordinators, weights, seed_user)
                progress("clients and teams", start + count, total, self.out)
        self._busiest_client()
        self._directory()
        _analyze()
        self._seal()
        return self.counts

    def _teams(self, start: int, count: int, by_org: dict[str, list[Person]],
               coordinators: list[Person], weights: list[float], seed_user: Any) -> None:
        rng = self.rng
        towns = list(TOWNS) + list(MORE_TOWNS)
        clients, concerns = [], []
        for i in range(count):
            born = self.today - datetime.timedelta(days=rng.randint(18 * 365, 88 * 365))
            individual = 900 + (start + i) % 100
            code = identity_code_make(born=born, individual=individual,
                                      sign="-" if born.year < 2000 else "A")
            while code in self.codes:  # artificial codes are few a day: take the day before
                born -= datetime.timedelta(days=1)
                code = identity_code_make(born=born, individual=individual,
                                          sign="-" if born.year < 2000 else "A")
            self.codes.add(code)
            opened = self.today - datetime.timedelta(days=int(rng.triangular(0, 3 * 365, 60)))
            clients.append(Client(
                first_name=self.faker.first_name(), last_name=self.faker.last_name(),
                identity_code=code, birth_date=born, language="fi",
                municipality=rng.choice(towns), phone="", created_by=seed_user,
                created_at=self._when(opened, opened, 9)))
        clients = Client.objects.bulk_create(clients, ignore_conflicts=False)
        self.counts["clients"] = self.counts.get("clients", 0) + len(clients)
        teams_made: list[_Team] = []
        raisers = by_org["social"] + by_org["health"] + by_org["mtp"]
        for client in clients:
            case = rng.choice(CASES)
            raiser = rng.choice(raisers)
            concerns.append(Concern(
                client=client, need_domains=list(case.domains), urgency=case.urgency,
                description=case.concern, client_agreed=True, author=raiser,
                organisation=raiser.organisation, controller_id=raiser.organisation.controller_id,
                register=raiser.organisation.register, created_at=client.created_at))
        concerns = Concern.objects.bulk_create(concerns)
        teams = []
        for client, concern in zip(clients, concerns, strict=True):
            convened = concern.created_at + datetime.timedelta(days=rng.randint(3, 20))
            closed = rng.random() < 0.4 and convened.date() < self.today - datetime.timedelta(
                days=120)
            closed_at = min(self.now, convened + datetime.timedelta(days=rng.randint(60, 400))) \
                if closed else None
            teams.append(Team(client=client, concern=concern, created_by_id=concern.author.user_id,
                              created_at=min(convened, self.now),
                              status=Team.Status.CLOSED if closed else Team.Status.OPEN,
                              closure_reason=Team.ClosureReason.GOALS_REACHED if closed else "",
                              closed_at=closed_at))
        teams = Team.objects.bulk_create(teams)
        self.counts["teams"] = self.counts.get("teams", 0) + len(teams)
        members = []
        for team, client, concern in zip(teams, clients, concerns, strict=True):
            t = _Team(team=team, client=client,
                      case=next(c for c in CASES if c.concern == concern.description))
            pair = rng.choices(coordinators, weights=weights, k=2)
            people = {p.pk: p for p in pair}
            wanted = {title for d in t.case.domains for title in DOMAIN_TITLES.get(d, ())}
            for key in ("social", "health", "mtp", "kela", "emp_kuopio", "debt", "ngo1"):
                candidates = [p for p in by_org.get(key, ()) if p.title in wanted]
                if candidates and rng.random() < 0.7:
                    person = rng.choice(candidates)
                    people.setdefault(person.pk, person)
            lead = next((p for p in people.values()
                         if p.organisation.register in (Register.SOCIAL, Register.HEALTH)
                         and p not in pair), pair[0])
            for person in people.values():
                members.append(TeamMember(
                    team=team, kind=TeamMember.Kind.PROFESSIONAL, person=person,
                    role=person.title, is_coordinator=person in pair, is_lead=person == lead,
                    added_at=team.created_at))
                t.people.append(person)
            teams_made.append(t)
        members = TeamMember.objects.bulk_create(members)
        self.counts["members"] = self.counts.get("members", 0) + len(members)
        by_team: dict[int, list[TeamMember]] = {}
        for member in members:
            by_team.setdefault(member.team_id, []).append(member)
        for t in teams_made:
            t.members = by_team[t.team.pk]
        self._plans(teams_made)
        self._meetings(teams_made)
        self._consents(teams_made)
        self._episodes(teams_made)
        self._log(teams_made)

    def _item(self, author: Person, at: datetime.datetime) -> dict[str, Any]:
        return {"author": author, "controller_id": author.organisation.controller_id,
                "register": author.organisation.register, "created_at": at}

    def _end(self, t: _Team) -> datetime.datetime:
        return t.team.closed_at or self.now

    def _plans(self, teams: list[_Team]) -> None:
        rng = self.rng
        plans = [Plan(team=t.team, client_view=t.case.client_view,
                      dissenting_view=t.case.dissent,
                      next_review=self.today + datetime.timedelta(days=rng.randint(7, 90))
                      if t.team.status == Team.Status.OPEN else None,
                      **self._item(t.members[0].person, t.team.created_at)) for t in teams]
        plans = Plan.objects.bulk_create(plans)
        goals = []
        for t, plan in zip(teams, plans, strict=True):
            for text in t.case.goals:
                goals.append(Goal(plan=plan, text=text, achieved=rng.random() < 0.3,
                                  **self._item(t.members[0].person, t.team.created_at)))
        goals = Goal.objects.bulk_create(goals)
        goals_of: dict[int, list[Goal]] = {}
        for goal in goals:
            goals_of.setdefault(goal.plan_id, []).append(goal)
        actions = []
        for t, plan in zip(teams, plans, strict=True):
            for n in range(max(1, int(rng.gauss(self.scale.actions_per_team, 4)))):
                goal_index, _title, text = t.case.actions[n % len(t.case.actions)]
                owner = rng.choice(t.members)
                due = self._when(t.team.created_at.date(), self._end(t).date()).date() \
                    + datetime.timedelta(days=rng.randint(7, 45))
                done = due < self.today and rng.random() < 0.8
                actions.append(Action(
                    plan=plan, goal=goals_of[plan.pk][min(goal_index, len(goals_of[plan.pk]) - 1)],
                    text=text if n < len(t.case.actions) else f"{text} (jatko {n})",
                    owner=owner, due_date=due,
                    done_at=timezone.make_aware(datetime.datetime.combine(
                        due, datetime.time(12))) if done else None,
                    **self._item(owner.person, t.team.created_at)))
        self.counts["actions"] = self.counts.get("actions", 0) + len(
            Action.objects.bulk_create(actions, batch_size=BATCH))
        self.counts["goals"] = self.counts.get("goals", 0) + len(goals)

    def _meetings(self, teams: list[_Team]) -> None:
        rng = self.rng
        meetings, notes, owners = [], [], []
        for t in teams:
            author = t.members[0].person
            for n in range(max(1, int(rng.gauss(self.scale.meetings_per_team, 1.5)))):
                at = self._when(t.team.created_at.date(), self._end(t).date() +
                                datetime.timedelta(days=30 if t.team.closed_at is None else 0),
                                future=t.team.closed_at is None)
                held = at < self.now
                meetings.append(Meeting(
                    team=t.team, starts_at=at, duration_minutes=60, place="Sosiaalitoimisto",
                    client_story=t.case.story if held and n == 0 else "",
                    minutes=TEXTS["fi"]["minutes"] if held else "",
                    decisions=TEXTS["fi"]["decisions"] if held else "",
                    **self._item(author, t.team.created_at)))
                owners.append(t)
            for _ in range(2):
                member = rng.choice(t.members)
                notes.append(Note(team=t.team, text=rng.choice(TEXTS["fi"]["notes"]),
                                  **self._item(member.person,
                                               self._when(t.team.created_at.date(),
                                                          self._end(t).date()))))
        meetings = Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        participants = [MeetingParticipant(meeting=m, member=member,
                                           attended=(rng.random() < 0.85)
                                           if m.starts_at < self.now else None)
                        for m, t in zip(meetings, owners, strict=True) for member in t.members]
        MeetingParticipant.objects.bulk_create(participants, batch_size=BATCH)
        Note.objects.bulk_create(notes, batch_size=BATCH)
        self.counts["meetings"] = self.counts.get("meetings", 0) + len(meetings)

    def _episodes(self, teams: list[_Team]) -> None:
        """One to three services a client: most heavy ones ended with a next step, some open
        teams' ending with nothing after them (transitions at risk), and some that ended long
        ago with nothing (the drop-outs of the figures)."""
        rng, episodes = self.rng, []
        for t in teams:
            for n in range(rng.randint(1, 3)):
                heavy, light = rng.choice(HEAVY_SERVICES), rng.choice(LIGHT_SERVICES)
                intensity = Intensity.HEAVY if n == 0 and rng.random() < 0.5 else Intensity.LIGHT
                author = rng.choice(t.members).person
                start = self._when(t.team.created_at.date() - datetime.timedelta(days=90),
                                   self._end(t).date()).date()
                fate = rng.random()
                ended = (start + datetime.timedelta(days=rng.randint(14, 120))
                         if fate < 0.6 else None)
                ended = ended if ended is None or ended <= self.today else None
                at_risk = t.team.status == Team.Status.OPEN and fate < 0.06
                nxt = ended is not None and not at_risk and fate > 0.1
                episodes.append(ServiceEpisode(
                    client=t.client, intensity=intensity,
                    service_name=heavy if intensity == Intensity.HEAVY else light,
                    starts_on=start, ended_on=ended,
                    planned_end_on=None if ended else (
                        self.today + datetime.timedelta(days=rng.randint(3, 60))
                        if at_risk or fate > 0.9 else None),
                    end_reason=rng.choice(EndReason.values) if ended else "",
                    next_service_name=light if nxt else "",
                    next_owner=author if nxt else None,
                    next_on=ended + datetime.timedelta(days=rng.randint(3, 30))
                    if nxt and ended else None,
                    updated_by=author.user,
                    **self._item(author, self._when(start, start, 12))))
        ServiceEpisode.objects.bulk_create(episodes, batch_size=BATCH)
        self.counts["episodes"] = self.counts.get("episodes", 0) + len(episodes)

    def _consents(self, teams: list[_Team]) -> None:
        """Each controller's and register's records opened to the team's other organisations,
        recorded by one of its members, as the convening does."""
        consents, recipients = [], []
        for t in teams:
            seen = set()
            for person in t.people:
                org = person.organisation
                source = (org.controller_id, org.register)
                if source in seen or org.kind == Organisation.Kind.POLICE:
                    continue
                seen.add(source)
                others = {p.organisation_id for p in t.people
                          if (p.organisation.controller_id, p.organisation.register) != source
                          and p.organisation.kind != Organisation.Kind.POLICE}
                if not others:
                    continue
                consents.append(Consent(team=t.team, controller_id=org.controller_id,
                                        register=org.register, data_kinds=list(DataKind.values),
                                        given_how=Consent.GivenHow.SIGNED,
                                        given_on=t.team.created_at.date(), recorded_by=person,
                                        created_at=t.team.created_at))
                recipients.append(others)
        consents = Consent.objects.bulk_create(consents, batch_size=BATCH)
        through = Consent.organisations.through
        through.objects.bulk_create([through(consent_id=c.pk, organisation_id=o)
                                     for c, orgs in zip(consents, recipients, strict=True)
                                     for o in orgs], batch_size=BATCH)
        self.counts["consents"] = self.counts.get("consents", 0) + len(consents)

    def _directory(self) -> None:
        """Services, service points and people's roles across the county (after the teams, so
        that the region's work is the same with or without them)."""
        DirectorySeeder(
            rng=self.rng, faker=self.faker, now=self.now, today=self.today, insert=self._insert,
            progress=lambda label, done, total: progress(label, done, total, self.out),
        ).run(services=self.scale.services, points=self.scale.points,
              professionals=self.professionals, directory_people=self.scale.directory_people)

    # --- the logs ---

    def _actor(self, person: Person) -> Actor:
        if person.pk in self.actors:
            return self.actors[person.pk]
        org = person.organisation
        self.actors[person.pk] = actor = Actor(
            user_id=person.user_id, name=f"{person.first_name} {person.last_name}",
            title=person.title, organisation=org.name,
            controller=org.controller.name if org.controller_id else org.name,
            role="Sosiaali- ja terveydenhuollon ammattilainen")
        return actor

    def _log(self, teams: list[_Team], rows_per_team: int | None = None) -> None:
        """Members reading their team's pages over its life; now and then a refused outsider
        or an emergency access; shown across registers, a disclosure row."""
        rng = self.rng
        what = (W.TEAM, W.PLAN, W.PLAN, W.MEETING, W.CLIENT, W.MY_WORK, W.ACTION)
        uses, disclosures = [], []
        per_team = rows_per_team or self.scale.log_rows_per_team
        for t in teams:
            for _ in range(max(1, int(rng.gauss(per_team, per_team / 4)))):
                person = rng.choice(t.people)
                at = self._when(t.team.created_at.date(), self._end(t).date())
                item = rng.choice(what)
                refused = rng.random() < 0.01
                uses.append((self._actor(person), at, UseLog(
                    client_id=t.client.pk, operation=Operation.WRITE if rng.random() < 0.1
                    else Operation.READ, what=item, object_id=t.team.pk,
                    basis=Basis.NONE if refused else Basis.MEMBER, allowed=not refused,
                    description={"team": f"{t.team.created_at:%Y-%m-%d}"})))
                if item in (W.PLAN, W.MEETING) and rng.random() < 0.05:
                    disclosures.append((self._actor(person), at, DisclosureLog(
                        client_id=t.client.pk, recipient=f"{person.first_name} "
                        f"{person.last_name}", recipient_organisation=person.organisation.name,
                        what=Disclosed.PLAN, registers=Register.HEALTH,
                        basis=DisclosureBasis.CONSENT,
                        basis_reference=f"{t.team.created_at:%Y-%m-%d}")))
        uses.sort(key=lambda row: row[1])
        for batch in _batched(uses, BATCH):
            _insert_rows(UseLog, log_rows(batch))
        for batch in _batched(disclosures, BATCH):
            _insert_rows(DisclosureLog, log_rows(batch))
        self.counts["use-log rows"] = self.counts.get("use-log rows", 0) + len(uses)
        self.counts["disclosure-log rows"] = self.counts.get("disclosure-log rows", 0) + len(
            disclosures)

    def _busiest_client(self) -> None:
        """One client worked with for years by a large team: the log report's worst case."""
        team = Team.objects.filter(client__created_by__username=SEED_USER).order_by(
            "created_at").select_related("client").first()
        if team is None:
            return
        members = list(team.members.select_related("person__organisation__controller"))
        t = _Team(team=team, client=team.client, case=CASES[0], members=members,
                  people=[m.person for m in members if m.person])
        self._log([t], rows_per_team=min(20_000, self.scale.log_rows_per_team * 250))

    def _seal(self) -> None:
        """Seal everything written, as the worker would have, batch by batch."""
        sealed = 0
        pending = UseLog.objects.count() + DisclosureLog.objects.count()
        while seal_pending(grace=datetime.timedelta(0), imported="moti seed"):
            sealed += 1
            progress("sealing", min(pending, sealed * 10_000), pending, self.out)
        progress("sealing", pending, pending, self.out)
        self.counts["checkpoints"] = sealed


def _analyze() -> None:
    """Fresh planner statistics after the bulk inserts: without them PostgreSQL plans the
    sealing's id ranges over two million log rows as whole-table scans (1,700 rows/s instead
    of 8,000), and so would the first benchmark's pages. Once per database: where the logs
    share the main one, a second connection's ANALYZE would wait on the first's transaction."""
    aliases = {router.db_for_write(Client)}
    if not settings.LOG_DATABASE_SHARED:
        aliases.add(router.db_for_write(UseLog))
    for alias in aliases:
        with connections[alias].cursor() as cursor:
            cursor.execute("ANALYZE")


def seed(*, scale: str, seed_value: int = 2026, out: Any = None,
         directory_people: int = 0) -> dict[str, int]:
    """Load the demo region if need be, then add `scale` on top of it; returns the counts.
    `directory_people`: everyone in the directory, if more than the scale's professionals."""
    refuse_real_data()
    demo_load()
    if get_user_model().objects.filter(username=SEED_USER).exists():
        return {}
    return Seeder(scale=Scale.of(scale, directory_people=directory_people), seed=seed_value,
                  out=out, today=timezone.localdate()).run()


