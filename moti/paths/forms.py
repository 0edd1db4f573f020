from django import forms
from django.utils.translation import gettext_lazy as _

from moti.core.forms import DateInput, ModelChoiceField, MotiForm, OnceForm, VersionField
from moti.teams.models import Team, TeamMember

from .models import EndReason, Intensity, ServiceEpisode
from .services import Step


class MemberField(ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


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
    next_owner = MemberField(label=_("Who arranges the next step"), required=False,
                             queryset=TeamMember.objects.none(),
                             empty_label=_("Choose one member"))
    next_on = forms.DateField(label=_("Next step by"), required=False, widget=DateInput)

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_owner"].queryset = team.members.filter(  # type: ignore[attr-defined]
            person__isnull=False).select_related("person")

    def clean_next_owner(self):
        """The member's person: the episode outlives the membership."""
        member = self.cleaned_data["next_owner"]
        return member.person if member is not None else None

    def step(self) -> Step:
        data = self.cleaned_data
        return Step(**{name: data[name] for name in Step.__dataclass_fields__})


class EpisodeForm(OnceForm, EpisodeFields):
    model = ServiceEpisode


class EpisodeEditForm(EpisodeFields):
    version = VersionField()


class NoNextStepForm(MotiForm):
    version = VersionField()
    no_next_reason = forms.CharField(
        label=_("Why no next step is needed"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the client's goals were reached, or another team carries "
                    "on. Leave empty to take it back."))


def episode_initial(episode: ServiceEpisode, team: Team) -> dict:
    """The edit form's values: the names as shown, the owner as the team's member."""
    owner = next((m.pk for m in team.members.all() if episode.next_owner_id
                  and m.person_id == episode.next_owner_id), None)
    return {"version": episode.version, "service_name": episode.service_label,
            "intensity": episode.intensity, "starts_on": episode.starts_on,
            "planned_end_on": episode.planned_end_on, "ended_on": episode.ended_on,
            "end_reason": episode.end_reason, "next_service_name": episode.next_label,
            "next_owner": owner, "next_on": episode.next_on}
