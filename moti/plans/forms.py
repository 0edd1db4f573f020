from django import forms
from django.utils.translation import gettext_lazy as _

from moti.core.forms import (
    DateInput,
    ModelChoiceField,
    MotiForm,
    OnceForm,
    VersionField,
)
from moti.teams.models import TeamMember

from .models import Action, Goal


class PlanForm(MotiForm):
    version = VersionField()
    client_view = forms.CharField(label=_("The client's view"), required=False,
                                  max_length=5000, widget=forms.Textarea)
    dissenting_view = forms.CharField(label=_("Dissenting views"), required=False,
                                      max_length=5000, widget=forms.Textarea)
    next_review = forms.DateField(label=_("Next review"), required=False, widget=DateInput)


class GoalForm(OnceForm):
    model = Goal

    text = forms.CharField(label=_("Goal in the client's own words"), max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class GoalEditForm(MotiForm):
    version = VersionField()
    text = forms.CharField(label=_("Goal in the client's own words"), max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    achieved = forms.BooleanField(label=_("Achieved"), required=False)


class GoalField(ModelChoiceField):
    shown: set[int] = set()

    def label_from_instance(self, obj):
        return obj.text if obj.pk in self.shown else _("The goal it serves now (not shown to you)")


class OwnerField(ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ActionFields(MotiForm):
    text = forms.CharField(label=_("Action"), max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    owner = OwnerField(label=_("Responsible member"), queryset=TeamMember.objects.none(),
                       required=False, empty_label=_("Choose one member"))
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput)
    goal = GoalField(label=_("Goal"), queryset=Goal.objects.none(), required=False,
                     empty_label=_("No particular goal"))

    def __init__(self, *args, plan, goals, kept_goal=None, **kwargs):
        """`goals`: those of the plan the user may see; a withheld goal is not offered, but
        the action's own goal is kept (`kept_goal`) under a label that does not show it."""
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = plan.team.members.select_related("person")
        shown = {g.pk for g in goals}
        offered = shown | ({kept_goal.pk} if kept_goal is not None else set())
        self.fields["goal"].queryset = plan.goals.filter(pk__in=offered)
        self.fields["goal"].shown = shown


class ActionForm(OnceForm, ActionFields):
    model = Action


class ActionEditForm(ActionFields):
    version = VersionField()


class FromMeetingForm(MotiForm):
    """The goals and agreements told at a meeting, each offered for the plan: a goal ticked,
    an agreement given its one owner and a due date (one action each); `version` the record's
    version the lines were numbered from."""

    version = VersionField()

    def __init__(self, *args, plan, goals: list[str], agreements: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.goal_lines, self.agreement_lines = goals, agreements
        members = plan.team.members.select_related("person")
        for n, text in enumerate(goals):
            self.fields[f"goal_{n}"] = self.dress(forms.BooleanField(
                label=text, required=False, initial=True))
        for n, _text in enumerate(agreements):
            self.fields[f"owner_{n}"] = self.dress(OwnerField(
                label=_("Responsible member"), queryset=members, required=False,
                empty_label=_("Not into the plan")))
            self.fields[f"due_{n}"] = self.dress(forms.DateField(
                label=_("Due date"), required=False, widget=DateInput))

    def agreement_rows(self):
        return [(text, self[f"owner_{n}"], self[f"due_{n}"])
                for n, text in enumerate(self.agreement_lines)]

    def goal_fields(self):
        return [self[f"goal_{n}"] for n in range(len(self.goal_lines))]

    def clean(self):
        data = super().clean()
        for n in range(len(self.agreement_lines)):
            owner, due = data.get(f"owner_{n}"), data.get(f"due_{n}")
            if owner is not None and due is None:
                self.add_error(f"due_{n}", _("Give a due date."))
        return data

    def chosen(self) -> tuple[list[str], list[tuple]]:
        data = self.cleaned_data
        goals = [text for n, text in enumerate(self.goal_lines) if data.get(f"goal_{n}")]
        actions = [(text, data[f"owner_{n}"], data[f"due_{n}"])
                   for n, text in enumerate(self.agreement_lines) if data.get(f"owner_{n}")]
        return goals, actions
