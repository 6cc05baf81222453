"""A user's own events as CSV, safe to open in a spreadsheet."""
import csv
import io
import json
from collections.abc import Iterator

from website.extensions import db
from website.models import Resume, ResumeAnalytic, User

HEADER = ("time_utc", "action", "resume_id", "resume_title", "format", "details")
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 1000


def neutralise(value) -> str:
    """Return `value` as text that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _line(cells) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([neutralise(cell) for cell in cells])
    return buffer.getvalue()


def event_lines(user: User) -> Iterator[str]:
    """Yield the CSV header and then one line per event of `user`, oldest first; a resume
    deleted for good leaves its events with an empty id and title."""
    yield _line(HEADER)
    rows = db.session.execute(
        db.select(ResumeAnalytic.created_at, ResumeAnalytic.action, ResumeAnalytic.resume_id,
                  Resume.title, ResumeAnalytic.details)
        .outerjoin(Resume, Resume.id == ResumeAnalytic.resume_id)
        .where(ResumeAnalytic.user_id == user.id)
        .order_by(ResumeAnalytic.created_at, ResumeAnalytic.id)
        .execution_options(yield_per=BATCH))
    for created_at, action, resume_id, title, details in rows:
        details = details or {}
        yield _line((created_at.strftime("%Y-%m-%dT%H:%M:%SZ"), action, resume_id, title,
                     details.get("format", ""), json.dumps(details, sort_keys=True)))
