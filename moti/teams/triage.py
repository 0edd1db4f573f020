"""A team's triage counts, kept in `Triage` so that a caseload's lists do not count them again on
every view.

What the triage of a team is read from (`attention.py`): how many actions are overdue or due
soon, referrals stuck, invitations unanswered, its next and last meeting, and so on. Counting
them is eleven correlated subqueries a team: 10–30 ms of SQL for a coordinator of 300 teams, on
every view of "needs attention", "our caseload" and the reminders.

How the kept counts stay true:

- **Writes.** Triggers in the database (`install_sql`) step a team's `generation` and clear
  its `counted_at` whenever a row of a table the counts read is inserted, changed or deleted,
  by any statement: a service, a bulk update, the admin, an operator's SQL. Not by what
  bypasses triggers (TRUNCATE, `session_replication_role = replica`, a restore with triggers
  disabled): after such a load, clear every row's `counted_at` (docs/operations.md). A test
  compares the tables the counting query reads with the tables watched here, and another the
  triggers in the migrated database with those named here.
- **Time.** A count holds from `counted_at` to the end of that day (the counts compare dates
  with today) and until `stale_at`, the first moment a count would change by the clock alone:
  the next meeting starting, a new member's role turning 30 days old, a referral becoming
  stuck. And only under the basis it was counted with: the settings and the counting query
  itself (`basis`), so a deploy that changes how a count is made reads none made before (a
  change to when a count goes stale, `_store`'s `stale_at`, is not in it: midnight ends it).
- **Races.** A count is stored only if the team's `generation` is still the one read before
  counting, checked under the row's lock, so a write that commits in between wins.

The worker recounts what is not fresh (`recount`, every minute); a page reads the kept rows
(`with_kept`) and counts the teams whose rows are not fresh itself, in one more query
(`counted_where_stale`). A page never writes: with no worker running, pages count as they did
before the table existed.
"""

import datetime
import zlib
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from moti.messaging.models import Channel
from moti.paths.models import Referral, ServiceEpisode
from moti.paths.referrals import OPEN_STATES, stuck, stuck_since
from moti.paths.watch import at_risk
from moti.plans.models import Action, Goal, Plan

from .models import Meeting, MeetingParticipant, Team, TeamMember, Triage

SOON = datetime.timedelta(days=7)  # actions due within a week, a review within a week
ROLELESS_DAYS = 30  # a member added this recently without a role is a reason
CONSENT_DAYS = 14  # a consent ending this soon is a reason
FACTS = ("transitions", "stuck_referrals", "overdue", "due_soon", "has_goals", "next_meeting",
         "last_contact", "unanswered", "coordinators", "roleless", "consent_expires")
BATCH = 500  # teams counted and stored at a time by the worker


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery (0 when it has no rows), on PostgreSQL and SQLite."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def _consents() -> QuerySet[Any]:
    """The team's consents, through the relation that access declares on Team (teams sits
    below access and does not import it)."""
    return Team._meta.get_field("consents").related_model._default_manager.all()


def counts(now: datetime.datetime) -> dict[str, Any]:
    """Each of FACTS of a team as counted at `now`: correlated subqueries on a Team query."""
    today = timezone.localdate(now)
    plan = OuterRef("plan__id")
    open_actions = Action.objects.filter(plan_id=plan, done_at__isnull=True)
    held = Meeting.objects.filter(team_id=OuterRef("pk"), cancelled_at__isnull=True)
    return {
        # The client's services ending, or ended, with nothing after them.
        "transitions": SubqueryCount(ServiceEpisode.objects.filter(
            at_risk(today), client_id=OuterRef("client_id")).values("id")),
        "stuck_referrals": SubqueryCount(Referral.objects.filter(
            stuck(now), team_id=OuterRef("pk")).values("id")),
        "overdue": SubqueryCount(open_actions.filter(due_date__lt=today).values("id")),
        "due_soon": SubqueryCount(open_actions.filter(
            due_date__gte=today, due_date__lte=today + SOON).values("id")),
        "has_goals": Exists(Goal.objects.filter(plan_id=plan)),
        "next_meeting": Subquery(held.filter(starts_at__gt=now).order_by("starts_at")
                                 .values("starts_at")[:1]),
        "last_contact": Coalesce(Subquery(held.filter(starts_at__lte=now).order_by("-starts_at")
                                          .values("starts_at")[:1]), F("created_at")),
        # Only those Moti could send a link to: the others are told another way.
        "unanswered": SubqueryCount(MeetingParticipant.objects.filter(
            meeting__team_id=OuterRef("pk"), meeting__starts_at__gt=now,
            meeting__cancelled_at__isnull=True, response="").exclude(
            channel=Channel.NONE).values("id")),
        "coordinators": SubqueryCount(TeamMember.objects.filter(
            team_id=OuterRef("pk"), is_coordinator=True).values("id")),
        "roleless": SubqueryCount(TeamMember.objects.filter(
            team_id=OuterRef("pk"), role="",
            added_at__gte=now - datetime.timedelta(days=ROLELESS_DAYS)).values("id")),
        # Per controller and register, the last day its consents hold, unless one holds until
        # the team closes or longer (a renewal): a reason when near, or past.
        "consent_expires": Subquery(_consents().filter(
            team_id=OuterRef("pk"), revoked_at__isnull=True,
            expires_on__lte=today + datetime.timedelta(days=CONSENT_DAYS))
            .exclude(Exists(_consents().filter(
                team_id=OuterRef("team_id"), controller_id=OuterRef("controller_id"),
                register=OuterRef("register"), revoked_at__isnull=True).filter(
                Q(expires_on__isnull=True) | Q(expires_on__gt=OuterRef("expires_on")))))
            .order_by("expires_on").values("expires_on")[:1]),
    }


def _turns(now: datetime.datetime) -> dict[str, Any]:
    """What the counts would change at by the clock alone, besides the next meeting: the first
    new member without a role to turn ROLELESS_DAYS old, the first referral to become stuck."""
    return {
        "first_roleless": Subquery(TeamMember.objects.filter(
            team_id=OuterRef("pk"), role="",
            added_at__gte=now - datetime.timedelta(days=ROLELESS_DAYS))
            .values("team_id").annotate(first=Min("added_at")).values("first")),
        "first_stuck": Subquery(Referral.objects.filter(
            team_id=OuterRef("pk"), state__in=OPEN_STATES, state_since__gte=stuck_since(now))
            .values("team_id").annotate(first=Min("state_since")).values("first")),
    }


def basis() -> int:
    """What the counts depend on besides the data, as a number stored with them: a count made
    under another basis is not read."""
    return _basis((settings.MOTI_TRANSITION_DAYS, settings.MOTI_TRANSITION_LOOKBACK_DAYS,
                   settings.MOTI_REFERRAL_STUCK_DAYS, settings.TIME_ZONE))


@lru_cache(maxsize=4)
def _basis(values: tuple[Any, ...]) -> int:
    """The settings, and the counting query as SQL at a fixed moment: a change to how a
    count is made changes its text. Worked out once per process and settings."""
    then = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    sql = str(Team.objects.annotate(**counts(then), **_turns(then)).query)
    return zlib.crc32(repr((values, sql, ROLELESS_DAYS)).encode())


def stale(now: datetime.datetime, prefix: str = "") -> Q:
    """The kept counts that may not be read at `now` (`prefix`: the path to Triage)."""
    midnight = timezone.make_aware(datetime.datetime.combine(
        timezone.localdate(now), datetime.time()))
    return (Q(**{f"{prefix}counted_at__isnull": True})
            | Q(**{f"{prefix}counted_at__lt": midnight})
            | Q(**{f"{prefix}counted_at__gt": now})
            | Q(**{f"{prefix}stale_at__lte": now})
            | ~Q(**{f"{prefix}basis": basis()}))


def with_kept(teams: QuerySet[Team], now: datetime.datetime) -> QuerySet[Team]:
    """The teams, each with FACTS as kept, and whether they may be read at `now`
    (`triage_fresh`): a cheap query to build, whatever the caseload."""
    return teams.annotate(
        triage_fresh=ExpressionWrapper(~stale(now, "triage__"), output_field=BooleanField()),
        **{name: F(f"triage__{name}") for name in FACTS})


def counted_where_stale(rows: list[dict[str, Any]], now: datetime.datetime
                        ) -> list[dict[str, Any]]:
    """Rows of `with_kept`, with the counts of those not fresh counted now, in one query (none
    when all are fresh). Counting is the expensive query to build and run (eleven subqueries a
    team), so it is built only for the teams that need it."""
    stale_ids = [row["id"] for row in rows if not row["triage_fresh"]]
    if stale_ids:
        counted = {row["id"]: row for row in Team.objects.filter(pk__in=stale_ids)
                   .annotate(**counts(now)).values("id", *FACTS)}
        for row in rows:
            if row["id"] in counted:
                row.update(counted[row["id"]])
        # A team deleted between the two queries has no counts: it is left out.
        rows = [row for row in rows if row["triage_fresh"] or row["id"] in counted]
    return rows


def recount(*, now: datetime.datetime | None = None) -> int:
    """Count again every open team whose kept counts may not be read now; how many were
    stored. Run by the worker."""
    now = now or timezone.now()
    # A team without a row (one deleted by hand) gets one: the triggers only step rows.
    Triage.objects.bulk_create(
        [Triage(team_id=pk) for pk in Team.objects.filter(
            status=Team.Status.OPEN, triage__isnull=True).values_list("pk", flat=True)],
        ignore_conflicts=True)
    due = dict(Triage.objects.filter(stale(now), team__status=Team.Status.OPEN)
               .values_list("team_id", "generation"))
    ids = sorted(due)
    stored = 0
    for start in range(0, len(ids), BATCH):
        batch = {pk: due[pk] for pk in ids[start:start + BATCH]}
        stored += _store(batch, now=now)
    return stored


def _store(generations: dict[int, int], *, now: datetime.datetime) -> int:
    """Count these teams and store the counts of those whose generation is still the one
    given (read before counting); how many were stored."""
    rows = list(Team.objects.filter(pk__in=list(generations))
                .annotate(**counts(now), **_turns(now))
                .values("pk", *FACTS, "first_roleless", "first_stuck"))
    kept = basis()
    with transaction.atomic():
        # Under the rows' locks (SQLite: the write lock, taken at BEGIN IMMEDIATE), a write
        # can no longer step a generation: a team is stored only if no write came since its
        # generation was read. Rows a writer holds are left for the next round: the worker
        # never waits for a lock while holding others (no deadlock with a writer).
        now_at = dict(Triage.objects.select_for_update(skip_locked=True)
                      .filter(team_id__in=list(generations))
                      .values_list("team_id", "generation"))
        found = []
        for row in rows:
            if now_at.get(row["pk"]) != generations[row["pk"]]:
                continue
            turns = [row["next_meeting"],
                     row["first_roleless"] and row["first_roleless"]
                     + datetime.timedelta(days=ROLELESS_DAYS),
                     row["first_stuck"] and row["first_stuck"]
                     + datetime.timedelta(days=settings.MOTI_REFERRAL_STUCK_DAYS)]
            found.append(Triage(team_id=row["pk"], counted_at=now, basis=kept,
                                stale_at=min((t for t in turns if t), default=None),
                                **{name: row[name] for name in FACTS}))
        # An upsert, though every row exists: Django's fast bulk write (bulk_update builds a
        # CASE per field and row, 5 s for 500 teams).
        Triage.objects.bulk_create(found, update_conflicts=True, unique_fields=["team"],
                                   update_fields=["counted_at", "stale_at", "basis", *FACTS])
    return len(found)


# --- The triggers ------------------------------------------------------------------------------

def watched() -> dict[str, tuple[str, str]]:
    """Each table the counts read, with its column that leads to the team and the teams of a
    set of that column's values (`{}`)."""
    plan, meeting, team = Plan._meta.db_table, Meeting._meta.db_table, Team._meta.db_table
    through_plan = f"SELECT team_id FROM {plan} WHERE id IN ({{}})"
    return {
        # A team's own row: its creation makes the row (`install_sql`), a change steps it.
        team: ("id", "{}"),
        plan: ("team_id", "{}"),
        Action._meta.db_table: ("plan_id", through_plan),
        Goal._meta.db_table: ("plan_id", through_plan),
        Meeting._meta.db_table: ("team_id", "{}"),
        MeetingParticipant._meta.db_table: (
            "meeting_id", f"SELECT team_id FROM {meeting} WHERE id IN ({{}})"),
        TeamMember._meta.db_table: ("team_id", "{}"),
        Referral._meta.db_table: ("team_id", "{}"),
        _consents().model._meta.db_table: ("team_id", "{}"),
        ServiceEpisode._meta.db_table: ("client_id",
                                        f"SELECT id FROM {team} WHERE client_id IN ({{}})"),
    }


OPERATIONS = ("INSERT", "UPDATE", "DELETE")


def install_sql(vendor: str) -> list[str]:
    """The triggers that keep `Triage` true: a new team gets its row; a write to a watched
    table steps the generation of its teams' rows. Statement-level on PostgreSQL (one UPDATE
    per statement, however many rows a bulk write touches; the rows locked in team order
    first, so that two statements over several teams cannot deadlock), row-level on SQLite
    (which writes one transaction at a time)."""
    triage = Triage._meta.db_table
    step = f"UPDATE {triage} SET generation = generation + 1, counted_at = NULL WHERE team_id IN "
    made = f"INSERT INTO {triage} (team_id) "
    if vendor == "postgresql":
        rows = {"INSERT": "SELECT {c} FROM new_rows", "DELETE": "SELECT {c} FROM old_rows",
                "UPDATE": "SELECT {c} FROM new_rows UNION SELECT {c} FROM old_rows"}
        refer = {"INSERT": "NEW TABLE AS new_rows", "DELETE": "OLD TABLE AS old_rows",
                 "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}
        sql = []
        for table, op, body in _changes(rows, made + "SELECT id FROM new_rows"):
            teams = body
            if body.startswith("("):  # the teams stepped: lock their rows in order first
                body = (f"PERFORM 1 FROM {triage} WHERE team_id IN {teams} ORDER BY team_id "
                        f"FOR NO KEY UPDATE; {step}{teams}")
            function = f"moti_triage_{table}_{op.lower()}"
            sql += [f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ "
                    f"BEGIN {body}; RETURN NULL; END; $$ LANGUAGE plpgsql;",
                    f"DROP TRIGGER IF EXISTS moti_triage_{op.lower()} ON {table};",
                    f"CREATE TRIGGER moti_triage_{op.lower()} AFTER {op} ON {table} "
                    f"REFERENCING {refer[op]} FOR EACH STATEMENT EXECUTE FUNCTION {function}();"]
        return sql
    if vendor == "sqlite":
        rows = {"INSERT": "NEW.{c}", "DELETE": "OLD.{c}", "UPDATE": "NEW.{c}, OLD.{c}"}
        return [statement for table, op, body in _changes(rows, made + "VALUES (NEW.id)")
                for statement in (
                    f"DROP TRIGGER IF EXISTS moti_triage_{table}_{op.lower()};",
                    f"CREATE TRIGGER moti_triage_{table}_{op.lower()} AFTER {op} ON {table} "
                    f"BEGIN {step + body if body.startswith('(') else body}; END;")]
    raise NotImplementedError(f"triage triggers for {vendor}")


def _changes(rows: dict[str, str], made: str) -> list[tuple[str, str, str]]:
    """Each watched table and operation with what its trigger does: the teams whose rows it
    steps, in parentheses, or (a team's creation) the statement that makes its row."""
    team = Team._meta.db_table
    return [(table, op, made if (table, op) == (team, "INSERT")
             else "(" + teams.format(rows[op].format(c=column)) + ")")
            for table, (column, teams) in watched().items() for op in OPERATIONS]


def drop_sql(vendor: str) -> list[str]:
    changes = [(table, op) for table in watched() for op in OPERATIONS]
    if vendor == "postgresql":
        return [statement for table, op in changes for statement in (
            f"DROP TRIGGER IF EXISTS moti_triage_{op.lower()} ON {table};",
            f"DROP FUNCTION IF EXISTS moti_triage_{table}_{op.lower()}();")]
    return [f"DROP TRIGGER IF EXISTS moti_triage_{table}_{op.lower()};" for table, op in changes]
