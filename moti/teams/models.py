"""Concerns, MOTI teams, their members and meetings."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from moti.clients.models import Client, RegisterItem
from moti.core.models import DataKind, LimitedTextField, NeedDomain, Versioned
from moti.directory.models import Organisation, Person
from moti.messaging.models import Channel


class Concern(RegisterItem):
    """A professional's concern about a client's need for multidisciplinary work.

    `author` raised it, on behalf of `organisation`.
    """

    data_kind = DataKind.CONCERN
    client_path = "client_id"
    client_texts = {"description": ""}

    class Urgency(models.TextChoices):
        LOW = "low", _("Not urgent")
        NORMAL = "normal", _("Within two weeks")
        HIGH = "high", _("Within a few days")
        ACUTE = "acute", _("Acute")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="concerns")
    need_domains = models.JSONField(_("need domains"), default=list)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices,
                               default=Urgency.NORMAL)
    description = LimitedTextField(_("description"), max_length=5000)
    client_agreed = models.BooleanField(
        _("the client agreed to multidisciplinary work"), default=False
    )
    # How the client reaches services: the team's suggestions favour what suits them.
    cannot_travel = models.BooleanField(_("the client cannot travel to services"),
                                        default=False)
    no_digital = models.BooleanField(_("the client cannot use digital services"), default=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.client} · {self.created_at:%d.%m.%Y}"

    def need_domain_labels(self) -> list[str]:
        labels = dict(NeedDomain.choices)
        return [labels.get(code, code) for code in self.need_domains]


class Team(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class ClosureReason(models.TextChoices):
        GOALS_REACHED = "goals_reached", _("Goals reached")
        CLIENT_DECLINED = "client_declined", _("Client declined")
        MOVED_AWAY = "moved_away", _("Moved away")
        OTHER = "other", _("Other")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="teams")
    concern = models.OneToOneField(Concern, on_delete=models.PROTECT, related_name="team")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closure_reason = models.CharField(_("reason for closing"), max_length=20,
                                      choices=ClosureReason.choices, blank=True)
    closure_note = LimitedTextField(_("note"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    # The last reopening (each one is also a note in the team's record, with the closure it
    # undid).
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reopen_reason = models.CharField(_("reason for reopening"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closure_reason="", closed_at__isnull=True)
                | (Q(status="closed", closed_at__isnull=False) & ~Q(closure_reason="")),
                name="team_closed_has_reason",
            )
        ]

    def __str__(self):
        return str(_("MOTI team of %(client)s") % {"client": self.client})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Triage(models.Model):
    """What a team's triage (`attention.py`) is read from, as last counted, so that a caseload
    is read one row per team instead of ten counts per team on every view (`triage.py`).

    Counts and dates only, never a register item's text. A row holds from `counted_at` until
    `stale_at` on the same day, under the same settings (`basis`). Triggers in the database
    clear `counted_at` and step `generation` whenever a row the counts come from is written, so
    no write path can leave a count behind; a count is stored only if `generation` is still
    the one read before counting."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, primary_key=True,
                                related_name="triage")
    generation = models.PositiveBigIntegerField(db_default=0)
    counted_at = models.DateTimeField(null=True)
    stale_at = models.DateTimeField(null=True)  # none: nothing but midnight changes the counts
    basis = models.BigIntegerField(db_default=0)
    transitions = models.PositiveIntegerField(db_default=0)
    stuck_referrals = models.PositiveIntegerField(db_default=0)
    overdue = models.PositiveIntegerField(db_default=0)
    due_soon = models.PositiveIntegerField(db_default=0)
    has_goals = models.BooleanField(db_default=False)
    next_meeting = models.DateTimeField(null=True)
    last_contact = models.DateTimeField(null=True)
    unanswered = models.PositiveIntegerField(db_default=0)
    coordinators = models.PositiveIntegerField(db_default=0)
    roleless = models.PositiveIntegerField(db_default=0)
    consent_expires = models.DateField(null=True)

    def __str__(self):
        return f"triage of team {self.team_id}"


class TeamMemberQuerySet(models.QuerySet):
    def relationships_of(self, person: Person) -> "TeamMemberQuerySet":
        """Memberships that open a team's record to `person`: every open team they belong to,
        and the closed teams they coordinated or led (they keep the history they answer for)."""
        return self.filter(Q(person=person) & (Q(team__status=Team.Status.OPEN)
                                               | Q(is_coordinator=True) | Q(is_lead=True)))


class TeamMember(models.Model):
    """A member of a team: a professional from the directory, or someone without an account."""

    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", _("Professional")
        SUPPORT_PERSON = "support_person", _("Client's support person")
        NGO = "ngo", _("NGO representative")
        EXPERIENCE_EXPERT = "experience_expert", _("Experience expert")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices,
                            default=Kind.PROFESSIONAL)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="memberships")
    name = models.CharField(_("name"), max_length=200, blank=True)
    relation = models.CharField(_("relation to the client or organisation"), max_length=200,
                                blank=True)
    contact = models.CharField(_("contact details"), max_length=200, blank=True)
    role = LimitedTextField(_("role and responsibility in the team"), max_length=1000,
                            blank=True)
    is_coordinator = models.BooleanField(_("coordinator"), default=False)
    is_lead = models.BooleanField(_("lead responsible worker"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-is_lead", "-is_coordinator", "id"]
        constraints = [
            # Professionals come from the directory; an NGO representative or an experience
            # expert may too; anyone else is named here.
            models.CheckConstraint(
                condition=(Q(kind__in=["professional", "ngo", "experience_expert"],
                             person__isnull=False, name=""))
                | (~Q(kind="professional") & Q(person__isnull=True) & ~Q(name="")),
                name="member_person_or_name",
            ),
            models.CheckConstraint(
                condition=Q(is_lead=False) | Q(kind="professional"),
                name="member_lead_is_professional",
            ),
            models.CheckConstraint(
                condition=Q(is_coordinator=False) | Q(kind="professional"),
                name="member_coordinator_is_professional",
            ),
            models.UniqueConstraint(fields=["team"], condition=Q(is_lead=True),
                                    name="team_one_lead"),
            models.UniqueConstraint(fields=["team", "person"], name="team_person_once"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return str(self.person) if self.person_id else self.name

    @property
    def affiliation(self) -> str:
        if self.person is not None:
            return f"{self.person.title}, {self.person.organisation.name}"
        return self.relation


class Meeting(Versioned, RegisterItem):
    """A MOTI meeting; its record starts from the client's own story and goals."""

    data_kind = DataKind.MEETING
    client_path = "team__client_id"
    client_texts = {"client_story": "", "client_goals": "", "minutes": "", "decisions": "",
                    "cancel_reason": ""}

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    place = models.CharField(_("place"), max_length=200, blank=True)
    remote_link = models.URLField(_("remote meeting link"), blank=True)
    client_story = LimitedTextField(_("the client's own story"), max_length=10000,
                                    blank=True)
    client_goals = LimitedTextField(_("the client's goals"), max_length=10000, blank=True)
    minutes = LimitedTextField(_("minutes"), max_length=10000, blank=True)
    decisions = LimitedTextField(_("decisions"), max_length=10000, blank=True)
    # The invitation's version (iCalendar SEQUENCE): raised by every change of time or place
    # and by a cancellation. (`version` guards edits of the whole meeting against lost updates.)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey("directory.Person", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)

    class Meta:
        ordering = ["starts_at"]
        # "Upcoming meetings" of a coordinator's few hundred teams: each team's from now on.
        indexes = [models.Index(fields=["team", "starts_at"], name="meeting_team_starts")]
        constraints = [
            models.CheckConstraint(condition=~Q(place="") | ~Q(remote_link=""),
                                   name="meeting_place_or_link"),
            models.CheckConstraint(condition=Q(duration_minutes__gt=0)
                                   & Q(duration_minutes__lte=600),
                                   name="meeting_duration_range"),
        ]

    def __str__(self):
        return f"{self.team.client} · {self.starts_at:%d.%m.%Y %H:%M}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class MeetingParticipant(models.Model):
    """An invitee: a member of the team, or the client; their answer and whether they came."""

    class Response(models.TextChoices):
        YES = "yes", _("Coming")
        NO = "no", _("Not coming")
        MAYBE = "maybe", _("Maybe")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(TeamMember, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    is_client = models.BooleanField(default=False)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.NONE)
    response = models.CharField(max_length=10, choices=Response.choices, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True)

    class Meta:
        ordering = ["-is_client", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="participant_once"),
            models.UniqueConstraint(fields=["meeting"], condition=Q(is_client=True),
                                    name="participant_client_once"),
            models.CheckConstraint(condition=Q(is_client=True, member__isnull=True)
                                   | Q(is_client=False, member__isnull=False),
                                   name="participant_member_or_client"),
        ]


class Note(RegisterItem):
    """A short note in the team's record."""

    data_kind = DataKind.NOTE
    client_path = "team__client_id"
    client_texts = {"text": ""}

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="notes")
    text = LimitedTextField(_("note"), max_length=5000)

    class Meta:
        ordering = ["-created_at"]



class Absence(models.Model):
    """A professional away from work (a holiday, a course, a sick leave: no reason is kept).
    While away, their reminders and alerts about a team go to the team's other coordinator
    (`teams.pairs.StandIns`)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="absences")
    starts_on = models.DateField(_("first day away"))
    ends_on = models.DateField(_("last day away"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on"]
        indexes = [models.Index(fields=["ends_on", "starts_on"], name="absence_days")]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                              name="absence_ends_after_start")]

    def __str__(self):
        return f"{self.person} {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"


class Handover(RegisterItem):
    """A coordinator's handing over of a team's coordination to another professional, with a
    note for the one taking over (what they need to know of the client's situation). A note in
    the team's record: filed where its author works, shown in the team's timeline."""

    data_kind = DataKind.NOTE
    client_path = "team__client_id"
    client_texts = {"note": ""}

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="handovers")
    giver = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("handed over by"))
    receiver = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("taken over by"))
    with_lead = models.BooleanField(_("the lead responsible worker's role too"), default=False)
    note = LimitedTextField(_("handover note"), max_length=5000)

    class Meta:
        ordering = ["-created_at"]
