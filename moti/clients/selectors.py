"""Reads of a client's own records. Lists of clients narrowed to a professional's teams are
in `moti.teams.selectors`, where the relationships live."""

from .models import Client, Consent


def consent_list(*, client: Client) -> list[Consent]:
    return list(Consent.objects.filter(client=client)
                .select_related("recorded_by", "revoked_by").prefetch_related("organisations"))
