"""The statistics page of one resume."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func

from website.extensions import db
from website.models import JobMatch, Resume, ResumeAnalytic
from website.services import resume_document
from website.services.statistics import series
from website.services.statistics.sql import json_text, utc_day

FORMATS = ("pdf", "docx", "txt", "json")
CHART_WINDOWS = (30, 90)
MATCH_HISTORY = 50
# Which events the daily chart shows, and under which name.
CHART_SERIES = {"view": "Your views", "share_view": "Public views", "download": "Downloads"}


@dataclass(frozen=True)
class ResumeStats:
    """Everything the statistics page of one resume shows."""

    resume: Resume
    downloads_by_format: dict[str, int]
    owner_views: int
    public_views: int
    completion: resume_document.Completion
    section_counts: list[tuple[str, int]]
    daily: series.DailySeries
    matches: list[JobMatch]  # oldest first

    @property
    def downloads(self) -> int:
        """Return the number of downloads in every format."""
        return sum(self.downloads_by_format.values())


def section_counts(document: dict) -> list[tuple[str, int]]:
    """Return (section title, number of entries) for every list section of a normalized
    document, profiles first."""
    return [(_("Profiles"), len(document["basics"]["profiles"]))] + [
        (section.title, len(document[section.key])) for section in resume_document.SECTIONS]


def get_resume_stats(resume: Resume, days: int = 30) -> ResumeStats:
    """Return the statistics of `resume`, with a daily chart over the last `days` days."""
    fmt = json_text(ResumeAnalytic.details, "format")
    totals = db.session.execute(
        db.select(ResumeAnalytic.action, fmt, func.count())
        .where(ResumeAnalytic.resume_id == resume.id,
               ResumeAnalytic.action.in_(("view", "share_view", "download")))
        .group_by(ResumeAnalytic.action, fmt)).all()
    by_format = dict.fromkeys(FORMATS, 0)
    views = {"view": 0, "share_view": 0}
    for action, export_format, count in totals:
        if action == "download":
            by_format[export_format] = by_format.get(export_format, 0) + count
        else:
            views[action] += count

    days_shown, since = series.window(days)
    day = utc_day(ResumeAnalytic.created_at)
    rows = db.session.execute(
        db.select(day, ResumeAnalytic.action, func.count())
        .where(ResumeAnalytic.resume_id == resume.id,
               ResumeAnalytic.action.in_(tuple(CHART_SERIES)),
               ResumeAnalytic.created_at >= since)
        .group_by(day, ResumeAnalytic.action)).all()

    matches = db.session.execute(
        db.select(JobMatch).where(JobMatch.resume_id == resume.id)
        .order_by(JobMatch.created_at.desc(), JobMatch.id.desc()).limit(MATCH_HISTORY)
    ).scalars().all()

    document = resume.document
    return ResumeStats(resume, by_format, views["view"], views["share_view"],
                       resume_document.completion(document), section_counts(document),
                       series.fill(days_shown, rows, CHART_SERIES), list(reversed(matches)))
