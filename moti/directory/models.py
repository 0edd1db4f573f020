"""The directory: organisations, their units and the people who work in them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from moti.core.models import Register


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SOCIAL = "social", _("Social services")
        HEALTH = "health", _("Health services")
        EMPLOYMENT = "employment", _("Employment services")
        KELA = "kela", _("Kela")
        POLICE = "police", _("Police")
        MUNICIPALITY = "municipality", _("Municipality")
        NGO = "ngo", _("Non-governmental organisation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    register = models.CharField(
        _("register"), max_length=10, choices=Register.choices,
        help_text=_("The register this organisation's client records belong to."),
    )
    business_id = models.CharField(_("business ID"), max_length=9, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


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

    class Role(models.TextChoices):
        PROFESSIONAL = "professional", _("Professional")
        COORDINATOR = "coordinator", _("Client coordinator")
        MANAGER = "manager", _("Manager")
        DPO = "dpo", _("Data protection officer")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="person",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(_("title"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices,
                            default=Role.PROFESSIONAL)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="people")
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    languages = models.CharField(_("languages"), max_length=50, blank=True, default="fi")

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def register(self) -> str:
        return self.organisation.register
