"""How the resume pages show times."""
from datetime import UTC, datetime

from website.models import utcnow

UNITS = (("day", 86400), ("hour", 3600), ("minute", 60))
RELATIVE_DAYS = 30


def relative_time(when: datetime, now: datetime | None = None) -> str:
    """Return `when` as "just now", "3 minutes ago", "2 days ago", or a date after a month."""
    seconds = ((now or utcnow()) - when).total_seconds()
    if seconds >= RELATIVE_DAYS * 86400:
        return f"on {when.day} {when:%B %Y}"
    for unit, size in UNITS:
        count = int(seconds // size)
        if count >= 1:
            return f"{count} {unit}{'s' if count > 1 else ''} ago"
    return "just now"  # also for clocks slightly ahead of ours


def exact_utc(when: datetime) -> str:
    """Return `when` as an exact, unambiguous time like "21 Nov 2026, 22:29 UTC"."""
    when = when.astimezone(UTC)
    return f"{when.day} {when:%b %Y, %H:%M} UTC"

