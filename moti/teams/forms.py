from django import forms
from django.utils.translation import gettext_lazy as _

from moti.core.forms import (
    DateInput,
    DateTimeInput,
    LocalDateTimeField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    MotiForm,
    OnceForm,
    VersionField,
)
from moti.core.models import NeedDomain
from moti.core.urls import id_from
from moti.directory.models import Person
from moti.messaging.models import Channel
from moti.plans.models import Action

from . import invitations, reminders
from .models import Absence, Concern, Handover, Meeting, MeetingParticipant, Note, Team, TeamMember


class ConcernForm(OnceForm):
    model = Concern

    need_domains = forms.MultipleChoiceField(
        label=_("Need domains"), choices=NeedDomain.choices, widget=forms.CheckboxSelectMultiple,
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Concern.Urgency.choices,
                                initial=Concern.Urgency.NORMAL)
    description = forms.CharField(label=_("Description of the concern"), max_length=5000,
                                  widget=forms.Textarea)
    client_agreed = forms.BooleanField(
        label=_("The client agreed to multidisciplinary work"), required=False,
        help_text=_("A team is convened together with the client."),
    )
    cannot_travel = forms.BooleanField(
        label=_("The client cannot travel to services"), required=False,
        help_text=_("Services by phone, video, home visit or a pop-up are suggested first."))
    no_digital = forms.BooleanField(label=_("The client cannot use digital services"),
                                    required=False)


class ConveneForm(OnceForm):
    model = Team

    role = forms.CharField(label=_("Your role and responsibility in the team"), required=False,
                           max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    author_is_coordinator = forms.BooleanField(label=_("I am one of the team's coordinators"),
                                               required=False, initial=True)


class PersonChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        served = f" ({', '.join(obj.municipalities)})" if obj.municipalities else ""
        return f"{obj} – {obj.title}, {obj.organisation.name}{served}"


def _searched(form: forms.Form, name: str, people, found) -> list[tuple[int, str]]:
    """A person field's choices: the search's matches only (never the whole directory), and
    the one already chosen, kept when the form comes back; `people` is whom it may take."""
    field = form.fields[name]
    assert isinstance(field, PersonChoiceField)
    if people is not None:
        field.queryset = people.select_related("organisation")
    offered = list(found)
    chosen = id_from(form.data.get(form.add_prefix(name)) if form.is_bound
                     else form.initial.get(name))
    if chosen is not None and all(p.pk != chosen for p in offered):
        offered += list(field.queryset.filter(pk=chosen)[:1])  # type: ignore[union-attr]
    return [(p.pk, field.label_from_instance(p)) for p in offered]


class MemberForm(OnceForm):
    """A member: a professional found by a search of the directory (never all of it listed:
    a county has ten thousand), or someone without an account, named."""

    model = TeamMember
    helpers = ("q", "domain", "municipality")

    kind = forms.ChoiceField(label=_("Member"), choices=TeamMember.Kind.choices,
                             widget=forms.RadioSelect, initial=TeamMember.Kind.PROFESSIONAL)
    q = forms.CharField(label=_("Find a professional"), max_length=100, required=False,
                        help_text=_("A name, a title or an organisation; then choose below."),
                        # Its own GET form (teams/_member_form.html): searching without
                        # JavaScript sends the words only, never the POST form's token.
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                                      "form": "member-search"}))
    # Their own GET form too, like `q`.
    domain = forms.ChoiceField(label=_("Need domain"), required=False,
                               choices=[("", _("Any"))] + NeedDomain.choices,
                               widget=forms.Select(attrs={"form": "member-search"}))
    municipality = forms.CharField(label=_("Municipality served"), max_length=100,
                                   required=False,
                                   widget=forms.TextInput(attrs={"form": "member-search"}))
    person = PersonChoiceField(
        label=_("From the directory"), required=False,
        queryset=Person.objects.select_related("organisation"), widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False,
                           help_text=_("For a support person, NGO representative or "
                                       "experience expert."))
    relation = forms.CharField(label=_("Relation to the client or organisation"),
                               max_length=200, required=False)
    contact = forms.CharField(label=_("Contact details"), max_length=200, required=False)
    role = forms.CharField(label=_("Role and responsibility in the team"), required=False,
                           max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    is_coordinator = forms.BooleanField(label=_("Coordinator"), required=False)
    is_lead = forms.BooleanField(label=_("Lead responsible worker"), required=False)

    def __init__(self, *args, people=None, found=(), **kwargs):
        """`people`: who may join (validation looks one up); `found`: the search's matches,
        the only ones offered (and the one already chosen, kept when the form comes back)."""
        super().__init__(*args, **kwargs)
        self.fields["person"].widget.choices = _searched(self, "person", people, found)


class MemberEditForm(MotiForm):
    role = forms.CharField(label=_("Role and responsibility in the team"), required=False,
                           max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    is_coordinator = forms.BooleanField(label=_("Coordinator"), required=False)
    is_lead = forms.BooleanField(label=_("Lead responsible worker"), required=False)


class MembersField(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.display_name


def _client_channel_field(team: Team) -> forms.ChoiceField:
    reachable = invitations.client_channels(team.client)
    choices = [(c.value, c.label) for c in Channel if c.value in reachable or c == Channel.NONE]
    return forms.TypedChoiceField(
        label=_("How the client is invited"), choices=choices, widget=forms.RadioSelect,
        required=False, empty_value=Channel.NONE,
        initial=reachable[0] if reachable else Channel.NONE,
        help_text=_("The ways Moti has the client's contact details for. A letter is printed "
                    "and posted; it says where and when in plain language."))


class _MeetingTimeFields(forms.Form):
    starts_at = LocalDateTimeField(label=_("Date and time"), widget=DateTimeInput)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5,
                                          max_value=600, initial=60)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    remote_link = forms.URLField(label=_("Remote meeting link"), required=False,
                                 assume_scheme="https")


ALLOW_CLASH = _("Schedule anyway, although an invitee has another meeting then")


class MeetingForm(OnceForm, _MeetingTimeFields):
    model = Meeting

    invited = MembersField(label=_("Invited members"), queryset=TeamMember.objects.none(),
                           required=False)
    allow_clash = forms.BooleanField(label=ALLOW_CLASH, required=False)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited"].queryset = team.members.select_related("person")
        self.fields["client_channel"] = _client_channel_field(team)
        self.order_fields(["starts_at", "duration_minutes", "place", "remote_link", "invited",
                           "client_channel", "allow_clash"])


class MeetingEditForm(MotiForm, _MeetingTimeFields):
    version = VersionField()
    allow_clash = forms.BooleanField(label=ALLOW_CLASH, required=False)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_channel"] = _client_channel_field(team)
        self.order_fields(["starts_at", "duration_minutes", "place", "remote_link",
                           "client_channel", "allow_clash"])


class MeetingCancelForm(MotiForm):
    version = VersionField()
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500,
                             help_text=_("Every invitee is told, the client too: write "
                                         "nothing of the client's situation here."),
                             widget=forms.Textarea(attrs={"rows": 2}))


class MeetingRecordForm(MotiForm):
    version = VersionField()
    client_story = forms.CharField(label=_("The client's own story"), required=False,
                                   widget=forms.Textarea)
    client_goals = forms.CharField(label=_("The client's goals"), required=False,
                                   widget=forms.Textarea)
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea)
    decisions = forms.CharField(label=_("Decisions"), required=False, widget=forms.Textarea)
    client_attended = forms.TypedChoiceField(
        label=_("The client attended"), required=False, widget=forms.RadioSelect,
        choices=[("", _("Not recorded")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes", empty_value=None)
    attended = MembersField(label=_("Attended"), queryset=TeamMember.objects.none(),
                            required=False)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = team.members.select_related("person")


class AnswerForm(MotiForm):
    response = forms.ChoiceField(label=_("Can you come?"),
                                 choices=MeetingParticipant.Response.choices,
                                 widget=forms.RadioSelect)


class NoteForm(OnceForm):
    model = Note

    text = forms.CharField(label=_("Note"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(MotiForm):
    closure_reason = forms.ChoiceField(label=_("Reason for closing"),
                                       choices=Team.ClosureReason.choices,
                                       widget=forms.RadioSelect)
    closure_note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    closing_letter = forms.BooleanField(
        label=_("Send the client a closing letter"), required=False,
        help_text=_("Printed and posted, in the client's language and in plain words: what "
                    "carries on elsewhere, and whom to call."))

    def __init__(self, *args, actions=(), shown=frozenset(), **kwargs):
        """`actions`: the team's open actions, each to be decided; `shown`: the ids of those
        the closer may see (another register's action is decided without its text)."""
        super().__init__(*args, **kwargs)
        self.actions = list(actions)
        for action in self.actions:
            label = action.text if action.pk in shown else _(
                "An action of another register (not shown to you)")
            self.fields[f"action_{action.pk}"] = self.dress(forms.ChoiceField(
                label=label, choices=Action.Ending.choices, widget=forms.RadioSelect,
                help_text=_("Responsible: %(owner)s") % {"owner": action.owner.display_name},
                error_messages={"required": _("Say what happens to this action.")}))
            self.fields[f"handover_{action.pk}"] = self.dress(forms.CharField(
                label=_("Continues at (service and contact person)"), required=False,
                max_length=300))

    def action_rows(self):
        return [(self[f"action_{a.pk}"], self[f"handover_{a.pk}"]) for a in self.actions]

    def endings(self) -> dict:
        from .services import ActionEnding

        return {a.pk: ActionEnding(self.cleaned_data[f"action_{a.pk}"],
                                   self.cleaned_data[f"handover_{a.pk}"])
                for a in self.actions}


class ReopenForm(MotiForm):
    reason = forms.CharField(label=_("Reason for reopening"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class MessagesForm(MotiForm):
    wanted = forms.MultipleChoiceField(
        label=_("Send me e-mail"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=list(reminders.KINDS.items()),
        help_text=_("Invitations to meetings and their changes always come."))


class SuggestionForm(MotiForm):
    """The needs the suggestions look for: the concern's, or those the convener chooses."""

    domains = forms.MultipleChoiceField(label=_("Needs to find help for"),
                                        choices=NeedDomain.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)


class AbsenceForm(OnceForm):
    model = Absence

    starts_on = forms.DateField(label=_("First day away"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day away"), widget=DateInput)


class HandoverForm(OnceForm):
    """Hand the coordination of teams over: the one taking over, found by a search of the
    directory (its own GET form, as on the add-member form), and per team of the page a tick
    and the note for them."""

    model = Handover
    helpers = ("q",)

    # Searched by a button of this form ("find"), which redraws it as filled in.
    q = forms.CharField(label=_("Find who takes over"), max_length=100, required=False,
                        help_text=_("A name, a title or an organisation; then choose below."),
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    receiver = PersonChoiceField(
        label=_("Who takes over"), queryset=Person.objects.none(), widget=forms.RadioSelect,
        error_messages={"required": _("Find who takes over, then choose them."),
                        "invalid_choice": _("Choose someone who works with clients in Moti, "
                                            "from the search's results.")})
    with_lead = forms.BooleanField(
        label=_("Hand over the lead responsible worker's role too, where it is mine"),
        required=False)

    def __init__(self, *args, teams=(), people=None, found=(), **kwargs):
        """`teams`: the rows of the page (selectors.TeamRow), each with its tick and note;
        `people`: who may take over; `found`: the search's matches, the ones offered."""
        super().__init__(*args, **kwargs)
        self.teams = list(teams)
        self.fields["receiver"].widget.choices = _searched(self, "receiver", people, found)
        for row in self.teams:
            self.fields[f"team_{row.team_id}"] = self.dress(forms.BooleanField(
                label=_("Hand over %(client)s's team") % {"client": row.client},
                required=False))
            self.fields[f"note_{row.team_id}"] = self.dress(forms.CharField(
                label=_("Note on %(client)s's team for the one taking over") % {
                    "client": row.client}, required=False, max_length=5000,
                help_text=_("What they need to know: the situation, what is under way, whom "
                            "to call."),
                widget=forms.Textarea(attrs={"rows": 3})))
            row.tick, row.note = self[f"team_{row.team_id}"], self[f"note_{row.team_id}"]

    def clean(self):
        data = super().clean()
        data["notes"] = {row.team_id: data.get(f"note_{row.team_id}", "")
                         for row in self.teams if data.get(f"team_{row.team_id}")}
        for row in self.teams:
            data.pop(f"team_{row.team_id}", None)
            data.pop(f"note_{row.team_id}", None)
        if not data["notes"]:
            raise forms.ValidationError(_("Tick the teams to hand over."))
        return data
