"""English as written in Finland: day before month (12 Nov 2026), never 11/12/2026."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
