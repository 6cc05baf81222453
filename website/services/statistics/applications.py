"""The dashboard's applications: how far they got, how often employers answered (per resume
and per design) and how often their tracked links were opened.

Two queries give every figure whatever the number of applications: one counts applications per
(furthest step, answered, resume, design) with their links' views, added up here into each
figure; the other lists the most viewed applications. Applications in the trash are left out.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from website.extensions import db
from website.models import Application, ApplicationLink, Resume, User
from website.services import designs
from website.services.applications import FUNNEL, STATUS_LABELS

MOST_VIEWED = 5
NO_RESUME = _l("No resume sent")


def percent(part: int, whole: int) -> int | None:
    """Return `part` as a whole percentage of `whole`, halves rounded up; None when `whole`
    is zero (no rate exists yet)."""
    return (200 * part + whole) // (2 * whole) if whole else None


@dataclass(frozen=True)
class FunnelStep:
    """How many applications reached one step of the pipeline, or a later one."""

    status: str
    label: str
    count: int
    percent: int | None  # of the applications that reached "applied"


@dataclass(frozen=True)
class ResponseRate:
    """How often employers answered the applications sent with one resume or one design."""

    key: int | str | None  # the resume's id or the design's slug; None when no resume was sent
    label: str
    applied: int
    responded: int

    @property
    def percent(self) -> int | None:
        """Return the answered share of the applications sent, or None before any was sent."""
        return percent(self.responded, self.applied)


@dataclass(frozen=True)
class ViewedApplication:
    """An application whose tracked links were opened, and how often."""

    id: int
    company: str
    role: str
    views: int
    last_viewed_at: datetime | None


@dataclass(frozen=True)
class ApplicationStats:
    """Everything the dashboard shows about the user's applications."""

    tracked: int  # whatever their status
    funnel: list[FunnelStep]  # applied, interviewing, offer
    overall: ResponseRate
    by_resume: list[ResponseRate]  # most applications sent first
    by_design: list[ResponseRate]
    link_views: int
    most_viewed: list[ViewedApplication]

    @property
    def applied(self) -> int:
        """Return how many applications were sent (reached "applied" or further)."""
        return self.overall.applied


def _rates(counts: dict, labels: dict) -> list[ResponseRate]:
    """Return a rate per key of `counts` ({key: [applied, responded]}), most applied first."""
    rates = [ResponseRate(key, labels[key], applied, responded)
             for key, (applied, responded) in counts.items()]
    return sorted(rates, key=lambda rate: (-rate.applied, rate.label.casefold(), str(rate.key)))


def most_viewed(user: User, limit: int = MOST_VIEWED) -> list[ViewedApplication]:
    """Return the user's `limit` applications whose links were opened most, most first."""
    views = func.sum(ApplicationLink.view_count)
    rows = db.session.execute(
        db.select(Application.id, Application.company, Application.role, views,
                  func.max(ApplicationLink.last_viewed_at))
        .join(ApplicationLink, ApplicationLink.application_id == Application.id)
        .where(Application.user_id == user.id, Application.deleted_at.is_(None))
        .group_by(Application.id, Application.company, Application.role)
        .having(views > 0).order_by(views.desc(), Application.id.desc()).limit(limit)).all()
    return [ViewedApplication(*row) for row in rows]


def get_application_stats(user: User) -> ApplicationStats:
    """Return the funnel, response rates and link views of `user`'s applications."""
    # An application with several links joins once per link: count applications distinctly,
    # while each link's views are added once.
    groups = db.session.execute(
        db.select(Application.furthest_status, Application.responded, Application.resume_id,
                  Resume.title, Application.sent_design, func.count(Application.id.distinct()),
                  func.coalesce(func.sum(ApplicationLink.view_count), 0))
        .outerjoin(Resume, Resume.id == Application.resume_id)
        .outerjoin(ApplicationLink, ApplicationLink.application_id == Application.id)
        .where(Application.user_id == user.id, Application.deleted_at.is_(None))
        .group_by(Application.furthest_status, Application.responded, Application.resume_id,
                  Resume.title, Application.sent_design)).all()

    design_names = designs.names()
    tracked = views = 0
    reached = dict.fromkeys(FUNNEL, 0)
    per_resume, per_design = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    resume_labels, design_labels = {None: str(NO_RESUME)}, {None: str(NO_RESUME)}
    for furthest, responded, resume_id, title, design, count, group_views in groups:
        tracked += count
        views += group_views
        if furthest not in FUNNEL:  # saved, never sent: no step reached, no answer expected
            continue
        for step in FUNNEL[:FUNNEL.index(furthest) + 1]:
            reached[step] += count
        answered = count if responded else 0
        for totals, key in ((per_resume, resume_id), (per_design, design)):
            totals[key][0] += count
            totals[key][1] += answered
        if resume_id is not None:
            resume_labels[resume_id] = title
        if design is not None:
            design_labels[design] = design_names.get(design, design)

    applied = reached[FUNNEL[0]]
    answered = sum(responded for _, responded in per_resume.values())
    return ApplicationStats(
        tracked,
        [FunnelStep(step, STATUS_LABELS[step], count, percent(count, applied))
         for step, count in reached.items()],
        ResponseRate(None, _("All applications"), applied, answered),
        _rates(per_resume, resume_labels), _rates(per_design, design_labels),
        views, most_viewed(user))
