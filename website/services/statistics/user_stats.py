"""The dashboard: a user's totals, resumes table and charts."""
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, true

from website.extensions import db
from website.models import JobMatch, Resume, ResumeAnalytic, User
from website.services import designs
from website.services.statistics import series
from website.services.statistics.resume_stats import FORMATS
from website.services.statistics.sql import json_array_items, json_text, utc_day

ACTIVITY_DAYS = 30
MATCH_TREND = 30
TOP_KEYWORDS = 10
ACTIVITY_SERIES = {"view": "Views", "share_view": "Views", "download": "Downloads",
                   "create": "Edits", "update": "Edits", "restore": "Edits", "match": "Matches"}
# Which figure of a resume's row each counted action adds to.
ROW_COUNTS = {"view": "views", "share_view": "public_views", "download": "downloads"}
# Sort keys of the resumes table: the query value, and its default direction.
SORTS = {"updated": "desc", "title": "asc", "downloads": "desc", "views": "desc",
         "completion": "desc", "match": "desc"}
DEFAULT_SORT = "updated"


@dataclass
class ResumeRow:
    """One line of the dashboard's table of resumes."""

    id: int
    title: str
    design_slug: str
    updated_at: datetime
    completion: int
    downloads: int = 0
    views: int = 0
    public_views: int = 0
    best_match: int | None = None
    downloads_by_format: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FORMATS, 0))

    def sort_value(self, key: str):
        """Return the value the table is sorted by for `key` (no match sorts lowest)."""
        return {"updated": self.updated_at, "title": self.title.casefold(),
                "downloads": self.downloads, "views": self.views + self.public_views,
                "completion": self.completion,
                "match": -1 if self.best_match is None else self.best_match}[key]


@dataclass(frozen=True)
class UserStats:
    """Everything the dashboard shows."""

    rows: list[ResumeRow]
    downloads: int  # all time, including resumes since deleted
    downloads_by_format: dict[str, int]  # likewise
    views: int
    public_views: int
    activity: series.DailySeries
    designs: list[tuple[str, int]]  # (design name, resumes), most used first
    match_trend: list[JobMatch]  # oldest first
    missing_keywords: list[tuple[str, int]]


def sort_rows(rows: list[ResumeRow], key: str, direction: str) -> list[ResumeRow]:
    """Return `rows` sorted by `key` ("updated", "downloads", ...) in `direction`."""
    return sorted(rows, key=lambda row: (row.sort_value(key), row.id),
                  reverse=direction == "desc")


def resume_rows(user: User) -> list[ResumeRow]:
    """Return a row of `user`'s resumes (not in the trash) with their figures still zero."""
    # Only the columns the table shows: documents stay unloaded (completion is kept per save).
    found = db.session.execute(
        db.select(Resume.id, Resume.title, Resume.design_slug, Resume.updated_at,
                  Resume.completion_percent)
        .where(Resume.user_id == user.id, Resume.deleted_at.is_(None))).all()
    return [ResumeRow(*columns) for columns in found]


def designs_used(rows: list[ResumeRow]) -> list[tuple[str, int]]:
    """Return (design slug, resumes using it) for `rows`, most used first."""
    return Counter(row.design_slug for row in rows).most_common()


def daily_activity(user: User, days: int, names: Mapping[str, str]) -> series.DailySeries:
    """Return `user`'s events per day over the last `days` days, a series per label of
    `names` (action -> label)."""
    days_shown, since = series.window(days)
    day = utc_day(ResumeAnalytic.created_at)
    activity = db.session.execute(
        db.select(day, ResumeAnalytic.action, func.count())
        .where(ResumeAnalytic.user_id == user.id, ResumeAnalytic.created_at >= since)
        .group_by(day, ResumeAnalytic.action)).all()
    return series.fill(days_shown, activity, names)


def get_user_stats(user: User) -> UserStats:
    """Return the dashboard figures of `user`; the resumes table is left unsorted."""
    rows = resume_rows(user)
    by_id = {row.id: row for row in rows}
    fmt = json_text(ResumeAnalytic.details, "format")
    counts = db.session.execute(
        db.select(ResumeAnalytic.resume_id, ResumeAnalytic.action, fmt, func.count())
        .where(ResumeAnalytic.user_id == user.id, ResumeAnalytic.action.in_(tuple(ROW_COUNTS)))
        .group_by(ResumeAnalytic.resume_id, ResumeAnalytic.action, fmt)).all()
    totals, by_format = Counter(), dict.fromkeys(FORMATS, 0)
    for resume_id, action, export_format, count in counts:
        totals[action] += count
        if action == "download":
            by_format[export_format] = by_format.get(export_format, 0) + count
        if (row := by_id.get(resume_id)) is None:
            continue
        setattr(row, ROW_COUNTS[action], getattr(row, ROW_COUNTS[action]) + count)
        if action == "download":
            row.downloads_by_format[export_format] = \
                row.downloads_by_format.get(export_format, 0) + count

    for resume_id, best in db.session.execute(
            db.select(JobMatch.resume_id, func.max(JobMatch.score))
            .where(JobMatch.user_id == user.id).group_by(JobMatch.resume_id)):
        if (row := by_id.get(resume_id)) is not None:
            row.best_match = best

    trend = db.session.execute(
        db.select(JobMatch).where(JobMatch.user_id == user.id)
        .order_by(JobMatch.created_at.desc(), JobMatch.id.desc()).limit(MATCH_TREND)
    ).scalars().all()

    keyword = json_array_items(JobMatch.missing_keywords)
    missing = db.session.execute(
        db.select(keyword.c.value, func.count().label("times"))
        .select_from(JobMatch).join(keyword, true()).where(JobMatch.user_id == user.id)
        .group_by(keyword.c.value).order_by(func.count().desc(), keyword.c.value)
        .limit(TOP_KEYWORDS)).all()

    names = designs.names()
    used = [(names.get(slug, slug), count) for slug, count in designs_used(rows)]
    return UserStats(rows, totals["download"], by_format, totals["view"], totals["share_view"],
                     daily_activity(user, ACTIVITY_DAYS, ACTIVITY_SERIES), used,
                     list(reversed(trend)), [(str(word), times) for word, times in missing])
