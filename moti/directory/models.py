"""The directory: organisations, their units and the people who work in them."""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from stdnum.fi import ytunnus

from moti.core.models import NeedDomain, Register, Versioned

# An entry nobody has checked for this long is flagged for its maintainers.
STALE_AFTER = timedelta(days=365)


class Checked(Versioned):
    """A directory entry someone vouches for: who checked it last, and when. Edits are
    versioned (`core.services.versioned_update`), so every change keeps its history."""

    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("checked by"))

    directory_kind = ""  # its kind in the directory's addresses (/directory/<kind>/<id>/)

    class Meta:
        abstract = True

    @property
    def stale(self) -> bool:
        return self.checked_at is None or timezone.now() - self.checked_at > STALE_AFTER


class Translated(models.Model):
    """A name and a description in Finnish, Swedish and English; shown in the reader's
    language, else the first one written."""

    name_fi = models.CharField(_("name in Finnish"), max_length=300, blank=True)
    name_sv = models.CharField(_("name in Swedish"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def _in_language(self, field: str) -> str:
        first = (get_language() or "fi")[:2]
        for language in (first, "fi", "sv", "en"):
            text = getattr(self, f"{field}_{language}", "")
            if text:
                return text
        return ""

    @property
    def name(self) -> str:
        return self._in_language("name")

    @property
    def description(self) -> str:
        return self._in_language("description")

    def clean(self):
        super().clean()
        if not (self.name_fi or self.name_sv or self.name_en):
            raise ValidationError({"name_fi": _("Write the name in at least one language.")})


class Channel(models.TextChoices):
    """How a service is used."""

    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    HOME_VISIT = "home_visit", _("Home visit")
    POP_UP = "pop_up", _("Pop-up or mobile service")
    E_SERVICE = "e_service", _("E-service")


# Channels a client reaches without travelling, and those that need no digital skills.
CHANNELS_WITHOUT_TRAVEL = (Channel.PHONE, Channel.VIDEO, Channel.HOME_VISIT, Channel.E_SERVICE,
                           Channel.POP_UP)
CHANNELS_WITHOUT_DIGITAL = (Channel.IN_PERSON, Channel.PHONE, Channel.HOME_VISIT,
                            Channel.POP_UP)
# ISO 639 codes, as PTV and HSDS write them.
LANGUAGES = (("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English")),
             ("se", _("Sami")), ("ru", _("Russian")), ("ar", _("Arabic")),
             ("so", _("Somali")), ("uk", _("Ukrainian")), ("et", _("Estonian")),
             ("fa", _("Persian")), ("fse", _("Finnish Sign Language")))


class Organisation(Checked):
    """An organisation, or a part of one (`parent`), in the directory.

    Every organisation belongs to a data controller (`controller`, rekisterinpitäjä): the root
    of its parent chain. A wellbeing services county is one controller whose social care and
    health care keep two registers; Kela, the employment authority, the police and each NGO
    are controllers of their own, each with its own register.
    """

    class Kind(models.TextChoices):
        COUNTY = "county", _("Wellbeing services county")
        MUNICIPALITY = "municipality", _("Municipality")
        KELA = "kela", _("Kela")
        EMPLOYMENT = "employment", _("Employment services")
        POLICE = "police", _("Police")
        NGO = "ngo", _("Non-governmental organisation")
        PARISH = "parish", _("Parish")
        PRIVATE = "private", _("Private service provider")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    register = models.CharField(
        _("register"), max_length=10, choices=Register.choices,
        help_text=_("The register this organisation's client records belong to."),
    )
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("part of"))
    # The root of the parent chain; set by the services (organisation_create), never null after.
    controller = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("data controller"))
    business_id = models.CharField(_("business ID"), max_length=9, blank=True,
                                   help_text=_("Y-tunnus, e.g. 0245437-2."))
    oid = models.CharField(_("SOTE organisation OID"), max_length=100, blank=True,
                           help_text=_("From the SOTE organisation register, e.g. "
                                       "1.2.246.10.12345678.10.1."))
    # The national service catalogue's id: an import updates the organisation it made.
    ptv_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    description = models.TextField(_("description"), blank=True)
    web = models.URLField(_("web page"), blank=True)

    directory_kind = "organisation"

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.business_id and not ytunnus.is_valid(self.business_id):
            raise ValidationError({"business_id": _(
                "This is not a valid business ID (Y-tunnus): write it as 1234567-8; "
                "the last digit is a check digit.")})
        if self.business_id:
            self.business_id = ytunnus.format(self.business_id)
        if self.oid and not re.fullmatch(r"[0-9]+(\.[0-9]+)*", self.oid):
            raise ValidationError({"oid": _("An OID is numbers separated by dots.")})

    @property
    def controller_key(self) -> int:
        """The controller's id: the organisation's own for a controller."""
        return self.controller_id or self.pk


class Unit(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("name"), max_length=200)
    municipality = models.CharField(_("municipality"), max_length=100)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_unique_name")
        ]

    def __str__(self):
        return f"{self.organisation.name} / {self.name}"


class Service(Translated, Checked):
    """A service an organisation gives: what it is for, who may use it, how to reach it and
    what is decided there."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="services", verbose_name=_("organisation"))
    ptv_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # National service classes (PTV), as their codes: P4.1, P15.1 …
    service_classes = models.JSONField(_("service classes"), default=list, blank=True)
    need_domains = models.JSONField(_("need domains"), default=list, blank=True)
    target_groups = models.CharField(_("target groups"), max_length=500, blank=True)
    eligibility = models.TextField(_("who may use it"), blank=True)
    how_to_contact = models.TextField(_("how to refer or contact"), blank=True)
    decisions = models.TextField(_("what is decided here"), blank=True,
                                 help_text=_("The decisions this service makes, e.g. "
                                             "\"grants basic social assistance\"."))
    waiting_days = models.PositiveIntegerField(_("typical waiting time in days"), null=True,
                                               blank=True)
    waiting_measured_on = models.DateField(_("waiting time measured on"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    cost = models.CharField(_("cost"), max_length=300, blank=True)
    # Where it is given; empty: wherever its organisation works.
    municipalities = models.JSONField(_("municipalities served"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    web = models.URLField(_("web page"), blank=True, max_length=500)

    directory_kind = "service"

    class Meta:
        ordering = ["name_fi", "name_sv", "name_en"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def get_need_domains(self) -> list[str]:
        return _labels(self.need_domains, NeedDomain.choices)

    @property
    def channel_labels(self) -> list[str]:
        return _labels(self.channels, Channel.choices)

    @property
    def language_labels(self) -> list[str]:
        return _labels(self.languages, LANGUAGES)

    def clean(self):
        super().clean()
        _check_choices(self, "need_domains", NeedDomain.values)
        _check_choices(self, "channels", Channel.values)
        if self.waiting_days is not None and self.waiting_measured_on is None:
            raise ValidationError({"waiting_measured_on": _(
                "Say when the waiting time was measured.")})


class ServicePoint(Translated, Checked):
    """A place where services are given: a PTV service location."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="points", verbose_name=_("organisation"))
    services = models.ManyToManyField(Service, blank=True, related_name="points",
                                      verbose_name=_("services"))
    ptv_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    municipality_code = models.CharField(_("municipality code"), max_length=3, blank=True)
    # WGS84 degrees (PTV gives ETRS-TM35FIN; the import converts).
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # [{"days": [0..6 Monday first], "from": "08:00", "to": "16:00"}, …]
    opening_hours = models.JSONField(_("opening hours"), default=list, blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    directory_kind = "point"

    class Meta:
        ordering = ["municipality", "name_fi"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")

    @property
    def hours_text(self) -> str:
        days = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
        return "\n".join(
            f"{days[p['days'][0]]}{'–' + str(days[p['days'][-1]]) if len(p['days']) > 1 else ''}"
            f" {p['from']}–{p['to']}" for p in self.opening_hours)

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both the latitude and the longitude, or neither."))
        if self.latitude is not None and not (-90 <= self.latitude <= 90
                                              and -180 <= self.longitude <= 180):
            raise ValidationError({"latitude": _("These are not WGS84 degrees.")})


def _labels(codes, choices) -> list[str]:
    labels = dict(choices)
    return [str(labels.get(code, code)) for code in codes]


def _check_choices(entry: models.Model, field: str, allowed: list[str]) -> None:
    unknown = set(getattr(entry, field) or ()) - set(allowed)
    if unknown:
        raise ValidationError({field: _("Unknown values: %(values)s.")
                               % {"values": ", ".join(sorted(unknown))}})


class Person(Checked):
    """A professional in the directory; `user` is set when they sign in to Moti."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="person",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(_("title"), max_length=150)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="people")
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    languages = models.CharField(_("languages"), max_length=50, blank=True, default="fi")
    # Kinds of message the person chose not to get by e-mail (teams.reminders.KINDS).
    muted_messages = models.JSONField(default=list, blank=True)
    responsibilities = models.TextField(_("responsibilities"), blank=True)
    decisions = models.TextField(_("what they decide"), blank=True)
    expertise = models.JSONField(_("expertise (need domains)"), default=list, blank=True)
    municipalities = models.JSONField(_("municipalities served"), default=list, blank=True)
    services = models.ManyToManyField(Service, blank=True, related_name="people",
                                      verbose_name=_("services they give"))

    directory_kind = "person"

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # The searches of people list the first twenty by name: read in this order, a common
        # word ("sosiaali", 3,000 of 10,000 people) no longer sorts the whole directory first
        # (23 -> 10 ms at county scale; docs/performance.md).
        indexes = [models.Index(fields=["last_name", "first_name", "id"], name="person_by_name")]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def get_expertise(self) -> list[str]:
        return _labels(self.expertise, NeedDomain.choices)

    def wants(self, kind: str) -> bool:
        """Whether a reminder or an alert of this kind is sent to them: an e-mail address, an
        account still in use (someone who left is not reminded), the kind not turned off."""
        return (bool(self.email) and self.user is not None and self.user.is_active
                and kind not in (self.muted_messages or []))

    @property
    def language_labels(self) -> list[str]:
        return _labels(self.language_list, LANGUAGES)

    def clean(self):
        super().clean()
        _check_choices(self, "expertise", NeedDomain.values)

    @property
    def language_list(self) -> list[str]:
        return [code.strip() for code in (self.languages or "").split(",") if code.strip()]

    @property
    def language(self) -> str:
        """The language Moti writes to the person in: the first of theirs it has (fi, sv,
        en), else Finnish."""
        first = (self.languages or "fi").split(",")[0].strip()
        return first if first in ("fi", "sv", "en") else "fi"

    @property
    def register(self) -> str:
        return self.organisation.register


class Agreement(Checked):
    """A cooperation agreement between organisations: seed 003's structure for cooperation
    (time, place, resources; named people; documented roles; regular meetings)."""

    title = models.CharField(_("title"), max_length=300)
    parties = models.ManyToManyField(Organisation, related_name="agreements",
                                     verbose_name=_("parties"))
    purpose = models.TextField(_("purpose"))
    contacts = models.ManyToManyField(Person, blank=True, related_name="agreements",
                                      verbose_name=_("contact people"))
    roles = models.TextField(_("roles and practices"), blank=True,
                             help_text=_("Who does what, written down."))
    resources = models.TextField(_("time, place and resources"), blank=True)
    cadence = models.CharField(_("meeting cadence"), max_length=200, blank=True,
                               help_text=_("E.g. every two months, also when things work."))
    next_meeting = models.DateField(_("next meeting"), null=True, blank=True)

    directory_kind = "agreement"

    class Meta:
        ordering = ["title"]
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")

    def __str__(self):
        return self.title


class Holds(models.Lookup):
    """`tags__holds="|d:housing|"`: the text holds exactly this, as written (tags are
    case-folded when written and when asked). strpos/instr, not LIKE: PostgreSQL's LIKE
    '%…%' on UTF-8 matched a county's 5,000 services' tags in 7 ms, strpos in 2.7."""

    lookup_name = "holds"

    def as_sql(self, compiler, connection, function="strpos"):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{function}({lhs}, {rhs}) > 0", [*lhs_params, *rhs_params]

    def as_sqlite(self, compiler, connection):
        return self.as_sql(compiler, connection, function="instr")


class SearchEntry(models.Model):
    """One directory entry as the search reads it: its words in each language, and its
    filters as tags (`|d:housing|m:varkaus|l:sv|c:phone|`). Kept by `directory.search.index`
    on every write; PostgreSQL searches it by a full-text index per language, SQLite by FTS5
    (migration 0007)."""

    class Kind(models.TextChoices):
        SERVICE = "service", _("Service")
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        POINT = "point", _("Service point")
        AGREEMENT = "agreement", _("Cooperation agreement")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField()
    # {"fi": …, "sv": …, "en": …}: what a result shows, in the reader's language.
    titles = models.JSONField(default=dict)
    subtitles = models.JSONField(default=dict)
    text_fi = models.TextField(blank=True)
    text_sv = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    tags.register_lookup(Holds)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"],
                                               name="search_entry_unique")]

    @staticmethod
    def _pick(texts: dict) -> str:
        first = (get_language() or "fi")[:2]
        return next((texts[lang] for lang in (first, "fi", "sv", "en") if texts.get(lang)), "")

    @property
    def title(self) -> str:
        return self._pick(self.titles)

    @property
    def subtitle(self) -> str:
        return self._pick(self.subtitles)
