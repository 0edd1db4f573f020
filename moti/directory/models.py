"""The directory: organisations, their units and the people who work in them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from moti.core.models import Register


class Organisation(models.Model):
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
    business_id = models.CharField(_("business ID"), max_length=9, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

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


class Person(models.Model):
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

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def language(self) -> str:
        """The language Moti writes to the person in: the first of theirs it has (fi, sv,
        en), else Finnish."""
        first = (self.languages or "fi").split(",")[0].strip()
        return first if first in ("fi", "sv", "en") else "fi"

    @property
    def register(self) -> str:
        return self.organisation.register
