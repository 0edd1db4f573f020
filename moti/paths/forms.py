from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from moti.core.forms import DateInput, ModelChoiceField, MotiForm, OnceForm, VersionField
from moti.directory.models import Person, Service
from moti.teams.models import Team

from .models import EndReason, Intensity, Referral, ServiceEpisode
from .referrals import service_matches
from .services import Step, may_change_service


class OwnerField(ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj}, {obj.title}" if obj.title else str(obj)


class EpisodeFields(MotiForm):
    service_name = forms.CharField(
        label=_("Service"), max_length=200,
        help_text=_("As the directory names it, to link it to the directory; any other name "
                    "is kept as written."))
    intensity = forms.ChoiceField(label=_("Intensity"), choices=Intensity.choices,
                                  initial=Intensity.LIGHT, widget=forms.RadioSelect)
    starts_on = forms.DateField(label=_("Start"), widget=DateInput)
    planned_end_on = forms.DateField(label=_("Planned end"), required=False, widget=DateInput)
    ended_on = forms.DateField(label=_("Actual end"), required=False, widget=DateInput)
    end_reason = forms.ChoiceField(label=_("Reason for ending"), required=False,
                                   choices=[("", _("Not ended"))] + list(EndReason.choices))
    next_service_name = forms.CharField(label=_("Next step: service"), max_length=200,
                                        required=False)
    next_owner = OwnerField(label=_("Who arranges the next step"), required=False,
                            queryset=Person.objects.none(), empty_label=_("Choose one member"))
    next_on = forms.DateField(label=_("Next step by"), required=False, widget=DateInput)

    def __init__(self, *args, team: Team, kept_owner: int | None = None, **kwargs):
        """The team's members may own a next step; one who owns it already stays offered
        (recorded through another of the client's teams, or since left the team)."""
        super().__init__(*args, **kwargs)
        self.fields["next_owner"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            Q(pk__in=team.members.filter(person__isnull=False).values("person_id"))
            | Q(pk=kept_owner)).order_by("user__last_name", "pk")

    def step(self) -> Step:
        data = self.cleaned_data
        return Step(**{name: data[name] for name in Step.__dataclass_fields__})


class EpisodeForm(OnceForm, EpisodeFields):
    model = ServiceEpisode


class EpisodeEditForm(EpisodeFields):
    """A recorded service's form, as it stands; for a member of another register the service's
    own fields are shown disabled (Django then ignores what a POST says of them)."""

    version = VersionField()

    def __init__(self, *args: Any, episode: ServiceEpisode, by: Person, **kwargs: Any) -> None:
        team = episode.team  # type: ignore[attr-defined]  # set by access.episode_for
        super().__init__(*args, team=team, kept_owner=episode.next_owner_id,
                         initial=episode_initial(episode), **kwargs)
        if not may_change_service(episode, by):
            for name in ("service_name", "intensity", "starts_on", "planned_end_on",
                         "ended_on", "end_reason"):
                self.fields[name].disabled = True


class NoNextStepForm(MotiForm):
    prefix = "no_next"  # its own ids beside the service's form on the same page
    version = VersionField()
    no_next_reason = forms.CharField(
        label=_("Why no next step is needed"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the client's goals were reached, or another team carries "
                    "on. Leave empty to take it back."))


def episode_initial(episode: ServiceEpisode) -> dict:
    """The edit form's values: the names as shown."""
    return {"version": episode.version, "service_name": episode.service_label,
            "intensity": episode.intensity, "starts_on": episode.starts_on,
            "planned_end_on": episode.planned_end_on, "ended_on": episode.ended_on,
            "end_reason": episode.end_reason, "next_service_name": episode.next_label,
            "next_owner": episode.next_owner_id, "next_on": episode.next_on}


class ServiceChoice(ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name_fi or obj.name_sv or obj.name_en}, {obj.organisation.name}"


class ReferralForm(OnceForm):
    """The service is searched, not listed: the words typed find it in the directory; when
    they fit several, the form comes back with those to choose from (no JavaScript needed)."""

    model = Referral
    helpers = ("service_query",)

    service_query = forms.CharField(
        label=_("Service"), max_length=200,
        help_text=_("Its name in the directory, or a part of it."))
    service = ServiceChoice(label=_("Which service?"), required=False,
                            queryset=Service.objects.none(), widget=forms.RadioSelect,
                            empty_label=None)
    request = forms.CharField(
        label=_("What is asked"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the client needs from the service, in a few sentences. Only what "
                    "the receiver needs to know."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matches: list[Service] = []
        query = self.data.get(self.add_prefix("service_query"), "") if self.is_bound else ""
        if query:
            self.matches = service_matches(query)
            self.fields["service"].queryset = Service.objects.filter(  # type: ignore[attr-defined]
                pk__in=[s.pk for s in self.matches]).select_related("organisation")

    def clean(self):
        data = super().clean()
        if "service_query" not in data:
            return data
        if not self.matches:
            self.add_error("service_query", _(
                "No service of this name in the directory. Look it up in “Who does what”."))
        elif data.get("service") is None:
            if len(self.matches) == 1:
                data["service"] = self.matches[0]
            else:
                self.add_error("service", _("Several services fit: choose one."))
        return data


class StepForm(MotiForm):
    state = forms.ChoiceField(choices=Referral.State.choices, widget=forms.HiddenInput)
    decline_reason = forms.ChoiceField(
        label=_("Reason for declining"), required=False,
        choices=[("", "—")] + list(Referral.DeclineReason.choices))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
