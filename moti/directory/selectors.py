"""Reads for the directory's pages."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .models import Checked

LINKS_SHOWN = 50  # per list on an entry's page: a county's organisation gives hundreds


@dataclass
class Links:
    """One list of an entry's links: the first ones, and whether there are more."""

    name: str
    items: list[Any]
    more: bool


# What an entry's page lists of its links, by kind: (name, the related manager's name, what
# each item's line reads with it).
LINKS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "service": (("points", "points", ()), ("people", "people", ("organisation",))),
    "point": (("services", "services", ()),),
    "person": (("services", "services", ()), ("agreements", "agreements", ())),
    "organisation": (("services", "services", ()), ("points", "points", ()),
                     ("agreements", "agreements", ()), ("children", "children", ())),
    "agreement": (("parties", "parties", ()), ("contacts", "contacts", ("organisation",))),
}


def entry_links(*, kind: str, entry: Checked) -> list[Links]:
    """Each list of the entry's links, bounded whatever the directory's size: a query each."""
    found = []
    for name, manager, related in LINKS.get(kind, ()):
        query: QuerySet[Any] = getattr(entry, manager).select_related(*related)
        items = list(query[:LINKS_SHOWN + 1])
        found.append(Links(name, items[:LINKS_SHOWN], len(items) > LINKS_SHOWN))
    return found
