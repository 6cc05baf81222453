"""Site-wide statistics for administrators."""
import math
from dataclasses import dataclass

from sqlalchemy import func

from website.extensions import db
from website.models import EmailNotification, Resume, ResumeAnalytic, User, WebhookDelivery
from website.models.outbox import FAILED, SENT
from website.services import designs
from website.services.statistics import series
from website.services.statistics.resume_stats import FORMATS
from website.services.statistics.sql import json_integer, json_text, utc_day

DAYS = 30
# Export times are taken from this many of the newest downloads, so the page stays fast.
TIMED_DOWNLOADS = 1000


@dataclass(frozen=True)
class DeliveryRate:
    """How many messages of one channel were delivered, failed, or are still on their way."""

    delivered: int
    failed: int
    pending: int

    @property
    def percent(self) -> float | None:
        """Return the delivered share of the finished attempts, or None before any finished."""
        done = self.delivered + self.failed
        return round(100 * self.delivered / done, 1) if done else None


@dataclass(frozen=True)
class ExportTimes:
    """Render times of downloads, in milliseconds."""

    label: str
    count: int
    p50: int
    p95: int


@dataclass(frozen=True)
class AdminStats:
    """Everything the admin statistics page shows."""

    users: int
    resumes: int
    growth: series.DailySeries  # new users and new resumes per day
    exports: series.DailySeries  # downloads per day, a series per format
    designs: list[tuple[str, int]]  # (design name, resumes), most used first
    email: DeliveryRate
    webhooks: DeliveryRate
    export_times: list[ExportTimes]


def delivery_rate(status_column, delivered: str, failed: str) -> DeliveryRate:
    """Count the rows of `status_column`'s table by status: `delivered`, `failed`, and every
    other status as pending (e.g. email's "queued", webhooks' "pending")."""
    counts = dict(db.session.execute(
        db.select(status_column, func.count()).group_by(status_column)).all())
    done, lost = counts.pop(delivered, 0), counts.pop(failed, 0)
    return DeliveryRate(done, lost, sum(counts.values()))


def percentile(values: list[int], percent: int) -> int:
    """Return the nearest-rank `percent`th percentile of sorted `values`."""
    return values[max(math.ceil(percent / 100 * len(values)) - 1, 0)]


def export_times() -> list[ExportTimes]:
    """Return p50 and p95 render times of the newest timed downloads, all and per format."""
    duration = json_integer(ResumeAnalytic.details, "duration_ms")
    rows = db.session.execute(
        db.select(json_text(ResumeAnalytic.details, "format"), duration)
        .where(ResumeAnalytic.action == "download", duration.is_not(None))
        .order_by(ResumeAnalytic.created_at.desc()).limit(TIMED_DOWNLOADS)).all()
    groups = {"All formats": sorted(ms for _, ms in rows)}
    for export_format in FORMATS:
        groups[export_format.upper()] = sorted(ms for fmt, ms in rows if fmt == export_format)
    return [ExportTimes(label, len(values), percentile(values, 50), percentile(values, 95))
            for label, values in groups.items() if values]


def get_admin_stats() -> AdminStats:
    """Return the site-wide figures over the last DAYS days."""
    days, since = series.window(DAYS)
    users, resumes = db.session.execute(db.select(
        db.select(func.count()).select_from(User).scalar_subquery(),
        db.select(func.count()).select_from(Resume).where(Resume.deleted_at.is_(None))
        .scalar_subquery())).one()

    day = utc_day(User.created_at)
    growth_rows = [(d, "user", n) for d, n in db.session.execute(
        db.select(day, func.count()).where(User.created_at >= since).group_by(day))]
    day = utc_day(Resume.created_at)
    growth_rows += [(d, "resume", n) for d, n in db.session.execute(
        db.select(day, func.count()).where(Resume.created_at >= since).group_by(day))]

    day, fmt = utc_day(ResumeAnalytic.created_at), json_text(ResumeAnalytic.details, "format")
    export_rows = db.session.execute(
        db.select(day, fmt, func.count())
        .where(ResumeAnalytic.action == "download", ResumeAnalytic.created_at >= since)
        .group_by(day, fmt)).all()

    designs_used = db.session.execute(
        db.select(Resume.design_slug, func.count()).where(Resume.deleted_at.is_(None))
        .group_by(Resume.design_slug).order_by(func.count().desc(), Resume.design_slug)
    ).all()

    names = designs.names()
    return AdminStats(
        users, resumes,
        series.fill(days, growth_rows, {"user": "New users", "resume": "New resumes"}),
        series.fill(days, export_rows, {f: f.upper() for f in FORMATS}),
        [(names.get(slug, slug), count) for slug, count in designs_used],
        delivery_rate(EmailNotification.status, SENT, FAILED),
        delivery_rate(WebhookDelivery.status, WebhookDelivery.SENT, WebhookDelivery.FAILED),
        export_times())
