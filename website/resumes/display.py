"""How the pages show times, in the interface language."""
from datetime import UTC, datetime, timedelta

from babel import Locale
from babel.dates import format_date, format_skeleton, format_timedelta
from flask_babel import get_locale
from flask_babel import gettext as _

from website.models import utcnow

UNITS = (("day", 86400), ("hour", 3600), ("minute", 60))
RELATIVE_DAYS = 30


def _locale() -> Locale:
    """Return the locale that writes the page's dates; the app's English writes the day first
    ("21 Nov 2026"), as it always has."""
    locale = get_locale() or Locale("en")
    return Locale("en", "GB") if locale.language == "en" else locale


def relative_time(when: datetime, now: datetime | None = None) -> str:
    """Return `when` as "just now", "3 minutes ago", "2 days ago", or a date after a month."""
    seconds = ((now or utcnow()) - when).total_seconds()
    if seconds >= RELATIVE_DAYS * 86400:
        return _("on %(date)s", date=format_date(when, "long", locale=_locale()))
    for unit, size in UNITS:
        count = int(seconds // size)
        if count >= 1:
            # Negative: a time in the past; the unit is forced, so 29 days never reads "1 month".
            return format_timedelta(timedelta(seconds=-count * size), granularity=unit,
                                    threshold=float("inf"), add_direction=True,
                                    locale=_locale())
    return _("just now")  # also for clocks slightly ahead of ours


def exact_utc(when: datetime) -> str:
    """Return `when` as an exact, unambiguous time like "21 Nov 2026, 22:29 UTC"."""
    locale, when = _locale(), when.astimezone(UTC)
    date = format_skeleton("yMMMd", when, tzinfo=UTC, locale=locale)
    time = format_skeleton("Hm", when, tzinfo=UTC, locale=locale)
    both = locale.datetime_formats["medium"].format(time, date)
    return _("%(time)s UTC", time=both)
