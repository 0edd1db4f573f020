"""Searching by words, as every search box of Moti does."""

import unicodedata
from collections.abc import Callable

from django.db.models import Q

MAX_WORDS = 5  # more words narrow nothing down that five do not, and lengthen the query


def composed(text: str) -> str:
    """`text` with its letters composed (NFC): an "ä" pasted as "a" and a combining diaeresis
    is the "ä" that names and places are stored with, not the words "a" and what follows."""
    return unicodedata.normalize("NFC", text)


def every_word(text: str, *fields: str,
               also: Callable[[str], Q] | None = None) -> Q | None:
    """Rows where every word of `text` is in one of `fields` (case-insensitively) or meets
    `also(word)`; None when there is no word to search for."""
    words = composed(text).split()[:MAX_WORDS]
    if not words:
        return None
    query = Q()
    for word in words:
        either = Q()
        for name in fields:
            either |= Q(**{f"{name}__icontains": word})
        query &= either | also(word) if also else either
    return query
