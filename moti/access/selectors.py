"""Reads around access: a team's consents, a client's bans, the DPO's queues, the access
administrator's people and roles."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from moti.audit.models import UseLog, What
from moti.clients.models import Client
from moti.core.search import every_word
from moti.directory.models import Person
from moti.teams.models import Team

from .models import Consent, DisclosureBan, EmergencyAccess, Role


def emergency_access_list_unreviewed(*, limit: int = 100) -> QuerySet[EmergencyAccess]:
    return EmergencyAccess.objects.filter(reviewed_at__isnull=True).select_related(
        "user__person__organisation", "client")[:limit]


def consent_list(*, team: Team) -> list[Consent]:
    return list(Consent.objects.filter(team=team)
                .select_related("controller", "recorded_by__organisation", "revoked_by", "team")
                .prefetch_related("organisations"))


def disclosure_ban_list(*, client: Client) -> list[DisclosureBan]:
    # Prefetched, not joined: most clients have no ban, and building the join of three wide
    # tables cost 2.5 ms on every client page where the bare query takes 0.8; a client with
    # bans takes up to three small queries more.
    return list(DisclosureBan.objects.filter(client=client)
                .prefetch_related("controller", "set_by", "lifted_by"))


def lookup_bursts(*, days: int = 30, limit: int = 20) -> list[dict[str, Any]]:
    """Who looked up identity codes most in the last `days`, and how many were refused, for
    the DPO: a burst stands out against the throttle's limit per window."""
    since = timezone.now() - datetime.timedelta(days=days)
    rows = (UseLog.objects.filter(what=What.IDENTITY_CODE_LOOKUP, at__gte=since)
            .values("user_id", "user_name", "user_organisation")
            .annotate(total=Count("id"), refused=Count("id", filter=Q(allowed=False)))
            .order_by("-total")[:limit])
    return [{**row, "over_limit": row["total"] >= settings.MOTI_LOOKUP_LIMIT} for row in rows]


def controller_people(*, controller_id: int, text: str = "") -> QuerySet[Person]:
    """The people of one controller, for its access administrator; searched by name."""
    people = Person.objects.filter(organisation__controller_id=controller_id).filter(
        every_word(text, "first_name", "last_name") or Q())
    return people.select_related("organisation").prefetch_related("access_roles") \
        .order_by("last_name", "first_name")


USERS_MATCHED = 20  # accounts a log filter by name may stand for; more is a vaguer search


def user_ids_matching(*, text: str) -> list[int]:
    """Accounts whose user name or name holds every word of `text`, for filtering the log."""
    query = every_word(text, "username", "first_name", "last_name")
    if query is None:
        return []
    return list(get_user_model().objects.filter(query).order_by("pk")
                .values_list("pk", flat=True)[:USERS_MATCHED + 1])


def controller_roles(*, controller_id: int) -> QuerySet[Role]:
    return Role.objects.filter(organisation_id=controller_id).annotate(
        holders=Count("people")).order_by("name")
