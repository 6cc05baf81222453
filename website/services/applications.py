"""Job applications: tracking each job applied for, the resume version sent and its status.

The version sent is frozen when a resume is attached: the application points at that version,
which history never changes (its autosave is closed first), so later edits of the resume do
not change what the employer received. Every change worth announcing is written to the
application's timeline (ApplicationEvent) and published for webhooks in the same commit.
"""
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from flask_babel import format_number, lazy_pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import load_only, selectinload

from website.extensions import db
from website.models import Application, ApplicationEvent, Resume, ResumeVersion, User, utcnow
from website.models.application import (
    APPLIED,
    INTERVIEWING,
    OFFER,
    REJECTED,
    SAVED,
    STATUSES,
    URL_MAX_LENGTH,
    WITHDRAWN,
)
from website.models.base import MAX_ROW_ID
from website.services import events, matching, resumes, user_input
from website.services.errors import NotFound

# What people read for each status, in their language; the stored values and the API stay
# the English words of STATUSES. A context of their own: "Saved" names a status here, not the
# result of pressing Save.
STATUS_LABELS = {SAVED: lazy_pgettext("status", "Saved"),
                 APPLIED: lazy_pgettext("status", "Applied"),
                 INTERVIEWING: lazy_pgettext("status", "Interviewing"),
                 OFFER: lazy_pgettext("status", "Offer"),
                 REJECTED: lazy_pgettext("status", "Rejected"),
                 WITHDRAWN: lazy_pgettext("status", "Withdrawn")}
# The message for a required field left empty.
_MISSING = {"company": _l("Enter the company."), "role": _l("Enter the role.")}
# The funnel's steps; a status counts as having reached the steps up to its rank.
FUNNEL = (APPLIED, INTERVIEWING, OFFER)
_RANK = {SAVED: 0, WITHDRAWN: 0, APPLIED: 1, REJECTED: 1, INTERVIEWING: 2, OFFER: 3}
_BY_RANK = {0: SAVED, 1: APPLIED, 2: INTERVIEWING, 3: OFFER}
# The employer answered: an interview, an offer or a rejection.
RESPONSES = frozenset({INTERVIEWING, OFFER, REJECTED})

TEXT_LIMITS = {"company": 200, "role": 200, "location": 200, "ad_text": 20_000,
               "notes": 10_000}
REQUIRED = ("company", "role")
PER_PAGE = 50


class InvalidApplication(ValueError):
    """Fields that cannot be saved; `problems` maps each field to a message for its person."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(str(problem) for problem in problems.values()))
        self.problems = problems


@dataclass
class Fields:
    """What a person types about an application (all but its status and resume)."""

    company: str = ""
    role: str = ""
    location: str = ""
    ad_url: str = ""
    ad_text: str = ""
    notes: str = ""
    applied_on: date | None = None
    follow_up_on: date | None = None


def _problems(fields: Fields) -> dict[str, str]:
    problems = {}
    for name, limit in TEXT_LIMITS.items():
        value = getattr(fields, name)
        if name in REQUIRED and not value.strip():
            problems[name] = str(_MISSING[name])
        elif len(value) > limit:
            problems[name] = too_long(limit, len(value))
        elif not user_input.is_storable(value):
            problems[name] = user_input.unstorable_message()
    url = fields.ad_url.strip()
    if url:
        parts = urlsplit(url)
        if len(url) > URL_MAX_LENGTH:
            problems["ad_url"] = _("Keep the address to %(limit)s characters.",
                                   limit=format_number(URL_MAX_LENGTH))
        elif parts.scheme not in ("http", "https") or not parts.netloc:
            problems["ad_url"] = _("Enter the ad's web address, starting with https://.")
    if fields.applied_on and fields.follow_up_on and fields.follow_up_on < fields.applied_on:
        problems["follow_up_on"] = _("Follow up on or after the day you applied.")
    return problems


def too_long(limit: int, length: int) -> str:
    """Return the message for a text of `length` characters over its `limit`."""
    return _("Keep it to %(limit)s characters (this has %(length)s).",
             limit=format_number(limit), length=format_number(length))


def check(fields: Fields) -> None:
    """Raise InvalidApplication naming each field that cannot be saved."""
    problems = _problems(fields)
    if problems:
        raise InvalidApplication(problems)


def get_owned(application_id: int, user: User, *, trashed: bool = False) -> Application:
    """Return the user's application (in the trash if `trashed`), or raise NotFound."""
    found = db.session.get(Application, application_id) if 0 < application_id <= MAX_ROW_ID \
        else None
    if found is None or found.user_id != user.id or (found.deleted_at is not None) != trashed:
        raise NotFound
    return found


def find_trashed(application_id: int, user: User) -> Application | None:
    """Return the user's application with that id if it is in the trash, else None."""
    found = db.session.get(Application, application_id) if 0 < application_id <= MAX_ROW_ID \
        else None
    return found if found and found.user_id == user.id and found.deleted_at else None


def record_event(application: Application, event_type: str, **details) -> None:
    """Add `event_type` to the application's timeline and publish it, in the caller's
    transaction."""
    db.session.add(ApplicationEvent(application=application, user_id=application.user_id,
                                    type=event_type, details=details))
    events.publish_application(event_type, application, **details)


def _apply_fields(application: Application, fields: Fields) -> None:
    for name in ("company", "role", "location", "ad_url"):
        setattr(application, name, getattr(fields, name).strip())
    application.ad_text = fields.ad_text.strip()
    application.notes = fields.notes
    application.applied_on = fields.applied_on
    application.follow_up_on = fields.follow_up_on


def _freeze(application: Application, resume: Resume) -> None:
    """Point the application at the resume's newest version, closed so no autosave alters it."""
    resumes.close_autosave(resume)
    version = db.session.execute(db.select(ResumeVersion).where(
        ResumeVersion.resume_id == resume.id, ResumeVersion.number == resume.version)
    ).scalar_one()
    application.resume = resume
    application.sent = version
    application.sent_version = version.number
    application.sent_design = version.design_slug


def _match(application: Application, user: User) -> None:
    """Analyze the ad against the version sent, or forget the match when one is missing."""
    if application.sent is None or not application.ad_text:
        application.match = None
        return
    try:
        application.match = matching.record(application.resume, user, application.ad_text,
                                            version=application.sent)
    except matching.AdRejected:  # an ad the analysis cannot read still gets tracked
        application.match = None


def _move(application: Application, status: str) -> None:
    rank = max(_RANK[application.furthest_status], _RANK[status])
    application.status = status
    application.status_changed_at = utcnow()
    application.furthest_status = _BY_RANK[rank]
    application.responded = application.responded or status in RESPONSES
    if rank >= 1 and application.applied_on is None:
        application.applied_on = utcnow().date()


def create(user: User, fields: Fields, *, status: str = SAVED,
           resume: Resume | None = None) -> Application:
    """Create an application with `resume`'s newest version as the one sent, analyse its ad,
    and announce application.created, in one commit."""
    check(fields)
    if status not in STATUSES:
        raise InvalidApplication({"status": _("Choose one of the statuses listed.")})
    application = Application(owner=user, user_id=user.id, status=SAVED,
                              furthest_status=SAVED, responded=False)
    _apply_fields(application, fields)
    db.session.add(application)
    if status != SAVED:
        _move(application, status)
    if resume is not None:
        _freeze(application, resume)
    db.session.flush()  # the event names the application by its id
    record_event(application, events.APPLICATION_CREATED, status=application.status)
    _match(application, user)
    db.session.commit()
    return application


def update(application: Application, user: User, fields: Fields) -> None:
    """Save what the person typed; a changed ad is analysed again against the version sent."""
    check(fields)
    ad_before = application.ad_text
    _apply_fields(application, fields)
    if application.ad_text != ad_before:
        _match(application, user)
    db.session.commit()


def send_resume(application: Application, user: User, resume: Resume) -> None:
    """Make `resume`'s newest version the one sent (the employer's links show it from now on)
    and analyse the ad against it."""
    _freeze(application, resume)
    _match(application, user)
    db.session.commit()


def move(application: Application, status: str) -> bool:
    """Move the application to `status`, announcing application.status_changed; return False
    when it already has it. Raises InvalidApplication for a status the pipeline lacks."""
    if status not in STATUSES:
        raise InvalidApplication({"status": _("Choose one of the statuses listed.")})
    if status == application.status:
        return False
    before = application.status
    _move(application, status)
    record_event(application, events.APPLICATION_STATUS_CHANGED, **{"from": before, "to": status})
    db.session.commit()
    return True


def move_to_trash(application: Application) -> None:
    """Soft-delete: the application waits in the trash, its links stop working, until restored."""
    application.deleted_at = utcnow()
    db.session.commit()


def restore_from_trash(application: Application) -> None:
    """Bring a trashed application back, with its letter, links and timeline."""
    application.deleted_at = None
    db.session.commit()


def delete_for_good(application: Application) -> None:
    """Delete a trashed application with its letter, links and timeline permanently."""
    db.session.delete(application)
    db.session.commit()


def sent_with(resume: Resume) -> list[Application]:
    """Return the applications (trashed ones too) that sent a version of `resume`: deleting
    the resume for good would take from them what the employer received."""
    return list(db.session.execute(
        db.select(Application).where(Application.resume_id == resume.id,
                                     Application.sent_version_id.is_not(None))
        .order_by(Application.company, Application.id)).scalars())


def _owned(user: User, *, trashed: bool = False):
    query = db.select(Application).where(Application.user_id == user.id)
    return query.where(Application.deleted_at.is_not(None) if trashed
                       else Application.deleted_at.is_(None))


def _searched(query, text: str):
    words = text.strip().lower()
    return query.where(db.or_(db.func.lower(Application.company).contains(words, autoescape=True),
                              db.func.lower(Application.role).contains(words, autoescape=True)))


# What a row of the list or a card of the board shows; the ad and the notes, the widest
# columns, stay in the database until an application's own page asks for them.
_SUMMARY = load_only(Application.user_id, Application.company, Application.role,
                     Application.location, Application.status, Application.status_changed_at,
                     Application.applied_on, Application.resume_id, Application.sent_version,
                     Application.deleted_at)
# The resume a summary names: its title, not its document.
_SUMMARY_RESUME = selectinload(Application.resume).load_only(Resume.title)


def list_page(user: User, *, status: str | None = None, text: str = "", page: int = 1,
              per_page: int = PER_PAGE, trashed: bool = False,
              summary_only: bool = False) -> Pagination:
    """Return one page of the user's applications, newest status change first, optionally of
    one status and matching `text` in the company or role; with `summary_only`, only the
    columns a list shows are loaded (reading another one costs a query per row)."""
    query = _owned(user, trashed=trashed)
    if status in STATUSES:
        query = query.where(Application.status == status)
    if text.strip():
        query = _searched(query, text)
    query = query.order_by(Application.status_changed_at.desc(), Application.id.desc())
    # Each row names its resume.
    query = query.options(_SUMMARY, _SUMMARY_RESUME) if summary_only \
        else query.options(selectinload(Application.resume))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def status_counts(user: User) -> dict[str, int]:
    """Return {status: how many of the user's applications (not trashed) have it}."""
    return dict(db.session.execute(
        db.select(Application.status, db.func.count()).where(
            Application.user_id == user.id, Application.deleted_at.is_(None))
        .group_by(Application.status)).all())


@dataclass
class Column:
    """One status of the board: how many applications have it and the newest of them."""

    status: str
    label: str
    count: int
    applications: list[Application]


def board(user: User, per_column: int = PER_PAGE) -> list[Column]:
    """Return the board's columns in pipeline order, each with its newest `per_column` cards
    (loaded as summaries, see list_page), in three queries whatever their number."""
    counts = status_counts(user)
    newest = (Application.status_changed_at.desc(), Application.id.desc())
    # A column's newest cards come from the (user, trash, status, time) index, column by
    # column; one statement asks for all of them.
    columns = [_owned(user).with_only_columns(Application.id)
               .where(Application.status == status).order_by(*newest).limit(per_column)
               .subquery() for status in STATUSES if counts.get(status)]
    by_status = {status: [] for status in STATUSES}
    if columns:
        chosen = db.union_all(*(db.select(column.c.id) for column in columns))
        for card in db.session.execute(
                db.select(Application).where(Application.id.in_(chosen)).order_by(*newest)
                .options(_SUMMARY, _SUMMARY_RESUME)).scalars():
            by_status[card.status].append(card)
    return [Column(status, STATUS_LABELS[status], counts.get(status, 0), by_status[status])
            for status in STATUSES]


def timeline(application: Application, page: int = 1, per_page: int = PER_PAGE) -> Pagination:
    """Return one page of the application's events, newest first."""
    return db.paginate(db.select(ApplicationEvent)
                       .where(ApplicationEvent.application_id == application.id)
                       .order_by(ApplicationEvent.created_at.desc(), ApplicationEvent.id.desc()),
                       page=page, per_page=per_page, error_out=False)
