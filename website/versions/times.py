"""When a version was saved, written for the reader: relative and exact, in their language."""
from datetime import UTC, datetime, timedelta

from flask_babel import format_date, format_datetime, format_timedelta
from flask_babel import gettext as _

from website.models import utcnow

RELATIVE_DAYS = 30


def saved_ago(when: datetime, now: datetime | None = None) -> str:
    """Return `when` as "just now", "3 minutes ago", or "on 21 November 2026" after a month."""
    elapsed = (now or utcnow()) - when
    if elapsed >= timedelta(days=RELATIVE_DAYS):
        return _("on %(date)s", date=format_date(when, "long"))
    if elapsed < timedelta(minutes=1):  # also for clocks slightly ahead of ours
        return _("just now")
    return format_timedelta(-elapsed, granularity="minute", add_direction=True)


def saved_at(when: datetime) -> str:
    """Return `when` as an exact, unambiguous time, like "21 Nov 2026, 22:29 UTC"."""
    # A fixed 24-hour pattern with the month named in the reader's language: the same in
    # every country, unlike a locale's short date.
    return _("%(time)s UTC", time=format_datetime(when.astimezone(UTC), "d MMM y, HH:mm"))
