"""The dashboard: a user's totals, resumes table and charts."""
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, true

from website.extensions import db
from website.models import JobMatch, Resume, ResumeAnalytic, User
from website.services import templates as template_catalogue
from website.services.insights import series
from website.services.insights.sql import json_array_items, utc_day

ACTIVITY_DAYS = 30
MATCH_TREND = 30
TOP_KEYWORDS = 10
ACTIVITY_SERIES = {"view": "Views", "share_view": "Views", "download": "Downloads",
                   "create": "Edits", "update": "Edits", "restore": "Edits", "match": "Matches"}
# Sort keys of the resumes table: the query value, and its default direction.
SORTS = {"updated": "desc", "title": "asc", "downloads": "desc", "views": "desc",
         "completion": "desc", "match": "desc"}
DEFAULT_SORT = "updated"


@dataclass
class ResumeRow:
    """One line of the dashboard's table of resumes."""

    id: int
    title: str
    template_slug: str
    updated_at: datetime
    completion: int
    downloads: int = 0
    views: int = 0
    public_views: int = 0
    best_match: int | None = None

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
    views: int
    public_views: int
    activity: series.DailySeries
    templates: list[tuple[str, int]]  # (template name, resumes), most used first
    match_trend: list[JobMatch]  # oldest first
    missing_keywords: list[tuple[str, int]]


def sort_rows(rows: list[ResumeRow], key: str, direction: str) -> list[ResumeRow]:
    """Return `rows` sorted by `key` ("updated", "downloads", ...) in `direction`."""
    return sorted(rows, key=lambda row: (row.sort_value(key), row.id),
                  reverse=direction == "desc")


def _rows(user: User) -> list[ResumeRow]:
    # Only the columns the table shows: documents stay unloaded (completion is kept per save).
    found = db.session.execute(
        db.select(Resume.id, Resume.title, Resume.template_slug, Resume.updated_at,
                  Resume.completion_percent)
        .where(Resume.user_id == user.id, Resume.deleted_at.is_(None))).all()
    return [ResumeRow(*columns) for columns in found]


def get_user_stats(user: User) -> UserStats:
    """Return the dashboard figures of `user`; the resumes table is left unsorted."""
    rows = _rows(user)
    by_id = {row.id: row for row in rows}
    counts = db.session.execute(
        db.select(ResumeAnalytic.resume_id, ResumeAnalytic.action, func.count())
        .where(ResumeAnalytic.user_id == user.id,
               ResumeAnalytic.action.in_(("view", "share_view", "download")))
        .group_by(ResumeAnalytic.resume_id, ResumeAnalytic.action)).all()
    totals = Counter()
    for resume_id, action, count in counts:
        totals[action] += count
        if (row := by_id.get(resume_id)) is not None:
            attribute = {"view": "views", "share_view": "public_views",
                         "download": "downloads"}[action]
            setattr(row, attribute, count)

    for resume_id, best in db.session.execute(
            db.select(JobMatch.resume_id, func.max(JobMatch.score))
            .where(JobMatch.user_id == user.id).group_by(JobMatch.resume_id)):
        if (row := by_id.get(resume_id)) is not None:
            row.best_match = best

    days, since = series.window(ACTIVITY_DAYS)
    day = utc_day(ResumeAnalytic.created_at)
    activity = db.session.execute(
        db.select(day, ResumeAnalytic.action, func.count())
        .where(ResumeAnalytic.user_id == user.id, ResumeAnalytic.created_at >= since)
        .group_by(day, ResumeAnalytic.action)).all()

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

    names = template_catalogue.names()
    templates = [(names.get(slug, slug), count) for slug, count
                 in Counter(row.template_slug for row in rows).most_common()]
    return UserStats(rows, totals["download"], totals["view"], totals["share_view"],
                     series.fill(days, activity, ACTIVITY_SERIES), templates,
                     list(reversed(trend)), [(str(word), times) for word, times in missing])
