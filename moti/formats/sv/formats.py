"""Finland-Swedish dates and times (12.11.2026 kl. 13.05), not Sweden's 2026-11-12."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j.n.Y"
TIME_FORMAT = "H.i"
SHORT_DATETIME_FORMAT = "j.n.Y H.i"
