"""URL converters shared by every app, and the absolute addresses that messages carry."""

import re

from django.conf import settings


class IdConverter:
    """A database id: 1 to 18 digits, so that a longer number is a 404, never an overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class KindConverter:
    """A kind of thing (a directory entry's kind): lower-case letters only, so that it can
    never carry an identity code."""

    regex = "[a-z]{1,20}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def id_from(value: object) -> int | None:
    """An id written where the converter does not read it (a query string, a form's choice),
    taken by the same rule; None for anything else."""
    text = str(value) if value is not None else ""
    return int(text) if re.fullmatch(IdConverter.regex, text) else None


def absolute_url(path: str) -> str:
    """The address of a path of Moti as a message outside it gives it (MOTI_BASE_URL)."""
    return settings.MOTI_BASE_URL.rstrip("/") + path
