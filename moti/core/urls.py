"""URL converters shared by every app."""


class IdConverter:
    """A database id: 1 to 18 digits, so that a longer number is a 404, never an overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
