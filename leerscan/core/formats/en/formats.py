"""English dates with the month in words: 12/07/2026 reads as July in Belgium and December in the
United States, 7 Dec 2026 reads the same everywhere."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
