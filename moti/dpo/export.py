"""Everything Moti holds about one client, for the client's right of access (GDPR art. 15)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from moti.access.models import Consent, DisclosureBan
from moti.clients.models import Client
from moti.paths.models import Referral, ServiceEpisode
from moti.plans.models import Action, Goal, Plan
from moti.teams.models import Concern, Handover, Meeting, Note, TeamMember


def _dt(value):
    """Dates as they are; times in local time, with the offset: what the client saw."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    return value.isoformat() if value else None


def _filed(item) -> str:
    """Whose records an item is in, in words: 'Pohjois-Savon hyvinvointialue, Social care'."""
    return f"{item.controller}, {item.get_register_display()}"


def client_export(*, client: Client) -> dict:
    """Plain data in a fixed number of queries; a turvakielto address is never included."""
    teams = {t.pk: t for t in client.teams.all()}
    members = TeamMember.objects.filter(team__client=client).select_related(
        "person__organisation")
    plans = {p.team_id: p for p in Plan.objects.filter(team__client=client)}
    goals = Goal.objects.filter(plan__team__client=client)
    actions = Action.objects.filter(plan__team__client=client).select_related(
        "owner__person", "plan")
    meetings = Meeting.objects.filter(team__client=client).select_related("controller")
    notes = Note.objects.filter(team__client=client).select_related("author__organisation",
                                                                     "controller")

    def by_team(rows, key):
        grouped = {}
        for row in rows:
            grouped.setdefault(key(row), []).append(row)
        return grouped

    members_of, meetings_of = by_team(members, lambda m: m.team_id), by_team(
        meetings, lambda m: m.team_id)
    notes_of = by_team(notes, lambda n: n.team_id)
    handovers_of = by_team(Handover.objects.filter(team__client=client).select_related(
        "giver", "receiver", "controller"), lambda h: h.team_id)
    goals_of = by_team(goals, lambda g: g.plan_id)
    actions_of = by_team(actions, lambda a: a.plan_id)
    return {
        "client": {
            "first_name": client.first_name, "last_name": client.last_name,
            "identity_code": client.identity_code, "birth_date": _dt(client.birth_date),
            "language": client.language, "phone": client.phone,
            "address": _("not disclosed (turvakielto)") if client.turvakielto
            else client.shown_address,
            "turvakielto": client.turvakielto,
        },
        "concerns": [{
            "date": _dt(c.created_at), "need_domains": c.need_domain_labels(),
            "urgency": c.get_urgency_display(), "description": c.description,
            "raised_by": f"{c.author}, {c.organisation}", "records_of": _filed(c),
        } for c in Concern.objects.filter(client=client).select_related(
            "author", "organisation", "controller")],
        "teams": [{
            "status": t.get_status_display(), "created": _dt(t.created_at),
            "closure_reason": t.get_closure_reason_display() if t.closure_reason else "",
            "members": [{"name": m.display_name, "kind": m.get_kind_display(),
                         "role": m.role, "lead": m.is_lead, "coordinator": m.is_coordinator}
                        for m in members_of.get(t.pk, [])],
            "meetings": [{"starts_at": _dt(m.starts_at), "place": m.place,
                          "client_story": m.client_story, "client_goals": m.client_goals,
                          "minutes": m.minutes, "decisions": m.decisions,
                          "records_of": _filed(m)} for m in meetings_of.get(t.pk, [])],
            "notes": [{"date": _dt(n.created_at), "author": str(n.author), "text": n.text,
                       "records_of": _filed(n)} for n in notes_of.get(t.pk, [])],
            "handovers": [{"date": _dt(h.created_at), "from": str(h.giver),
                           "to": str(h.receiver), "note": h.note, "records_of": _filed(h)}
                          for h in handovers_of.get(t.pk, [])],
            "plan": _plan(plans.get(t.pk), goals_of, actions_of),
        } for t in teams.values()],
        "services": [{
            "service": e.service_label,
            "organisation": str(e.organisation) if e.organisation_id else "",
            "intensity": e.get_intensity_display(), "start": _dt(e.starts_on),
            "planned_end": _dt(e.planned_end_on), "end": _dt(e.ended_on),
            "end_reason": e.get_end_reason_display() if e.end_reason else "",
            "next_step": e.next_label, "next_step_by": _dt(e.next_on),
            "next_step_arranged_by": str(e.next_owner) if e.next_owner_id else "",
            "no_next_step_needed": e.no_next_reason, "records_of": _filed(e),
        } for e in ServiceEpisode.objects.filter(client=client).select_related(
            "service", "next_service", "organisation", "next_owner", "controller")],
        "referrals": [{
            "sent": _dt(r.sent_at), "to": str(r.to_organisation), "service": r.service_label,
            "request": r.request, "state": r.get_state_display(),
            "decline_reason": r.get_decline_reason_display() if r.decline_reason else "",
            "records_of": _filed(r),
        } for r in Referral.objects.filter(client=client).select_related(
            "service", "to_organisation", "controller")],
        "consents": [{
            "team_convened": _dt(c.team.created_at), "given_on": _dt(c.given_on),
            "how": c.get_given_how_display(), "statute": c.statute_label,
            "records_of": _filed(c), "data_kinds": c.data_kind_labels,
            "organisations": [str(o) for o in c.organisations.all()],
            "valid_until": _dt(c.expires_on), "revoked_at": _dt(c.revoked_at),
        } for c in Consent.objects.filter(team__client=client).select_related("team", "controller")
            .prefetch_related("organisations")],
        "disclosure_bans": [{
            "controller": str(b.controller), "set_on": _dt(b.set_on),
            "lifted_on": _dt(b.lifted_on),
        } for b in DisclosureBan.objects.filter(client=client).select_related("controller")],
    }


def _plan(plan, goals_of, actions_of):
    if plan is None:
        return None
    return {
        "client_view": plan.client_view, "dissenting_view": plan.dissenting_view,
        "next_review": _dt(plan.next_review),
        "goals": [{"text": g.text, "achieved": g.achieved} for g in goals_of.get(plan.pk, [])],
        "actions": [{"text": a.text, "responsible": a.owner.display_name,
                     "due_date": _dt(a.due_date), "done": a.is_done}
                    for a in actions_of.get(plan.pk, [])],
    }
