"""Imports awaiting review: what a file was understood to say, kept for a day until its owner
creates a resume from it (with the entries and fields they chose) or discards it.

A pending import is never a resume: it counts against no quota, and creating the resume from it
goes through `resumes.create`, which enforces them. It stays small: the document is bounded
like any resume's, the warnings are capped, and an account keeps only its newest few.
"""
import copy
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from website.extensions import db
from website.models import PendingImport, Resume, User
from website.models.base import app_now
from website.services import designs, quotas, resume_document, resumes
from website.services.errors import NotFound
from website.services.imports import ImportRejected, ImportResult, ImportWarning
from website.services.imports.settle import settle

KEPT_FOR = timedelta(days=1)
MAX_PER_USER = 3  # an account uploading again and again keeps only its newest imports
MAX_WARNINGS = 200
DEFAULT_TITLE = _l("Imported resume")
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
# The fields of `basics` the review page lets the user correct, as keys of the document
# ("location.city" is basics["location"]["city"]).
EDITABLE_BASICS = ("name", "label", "email", "phone", "url", "location.city", "summary")


class PendingImportNotFound(NotFound):
    """No import awaiting review has this token for this user: another's, expired or gone."""


@dataclass(frozen=True)
class Choices:
    """What the user decided on the review page."""

    title: str
    design: str
    basics: dict  # EDITABLE_BASICS key → the value to keep
    keep: frozenset  # "work" keeps that section; "work-2" keeps its third entry


def prune(now: datetime | None = None) -> int:
    """Delete every pending import older than KEPT_FOR; return how many went."""
    cutoff = (now or app_now()) - KEPT_FOR
    deleted = db.session.execute(db.delete(PendingImport).where(PendingImport.created_at < cutoff))
    db.session.commit()
    return deleted.rowcount


def check_room(user: User) -> None:
    """Raise quotas.QuotaExceeded if `user` has no room for another resume, so a full account
    hears so before reviewing (creating checks again)."""
    try:
        quotas.check_room(user, 0, new_resume=True)
    finally:
        # The check holds the account's lock; end it before a file is read for a second.
        db.session.rollback()


def store(user: User, result: ImportResult, filename: str = "", title: str = "",
          chosen_design: str | None = None) -> PendingImport:
    """Keep `result` for `user` to review and return it; the design offered first is the one
    the file names, else `chosen_design`. Prunes expired imports and the user's oldest ones
    beyond MAX_PER_USER; raises ImportRejected for a document too large to keep."""
    if too_large := resume_document.size_error(result.document):
        raise ImportRejected(too_large)
    now = app_now()
    prune(now)
    older = db.session.scalars(
        db.select(PendingImport.id).where(PendingImport.user_id == user.id)
        .order_by(PendingImport.created_at.desc(), PendingImport.id.desc())
        .offset(MAX_PER_USER - 1)).all()
    if older:
        db.session.execute(db.delete(PendingImport).where(PendingImport.id.in_(older)))
    from_file = result.design if designs.is_offered(result.design) else None
    pending = PendingImport(
        token=secrets.token_urlsafe(24), user_id=user.id, filename=filename[:255],
        title=title.strip()[:resumes.TITLE_MAX_LENGTH], source=result.source,
        document=result.document,
        warnings=[{"section": w.section, "message": w.message}
                  for w in result.warnings[:MAX_WARNINGS]],
        design=from_file or chosen_design,
        settings=dict(result.settings) if from_file else None, created_at=now)
    db.session.add(pending)
    db.session.commit()
    return pending


def get_owned(token: str, user: User) -> PendingImport:
    """Return `user`'s pending import named `token`; raise PendingImportNotFound if it is
    another's, expired or gone."""
    # Only what `store` makes reaches the query (not text the database could choke on).
    pending = db.session.execute(
        db.select(PendingImport).where(PendingImport.token == token)
    ).scalar_one_or_none() if TOKEN.fullmatch(token) else None
    if pending is None or pending.user_id != user.id or pending.created_at < app_now() - KEPT_FOR:
        raise PendingImportNotFound(token)
    return pending


def warnings_of(pending: PendingImport) -> list[ImportWarning]:
    """Return the warnings the reader gave, as ImportWarnings."""
    return [ImportWarning(w["section"], w["message"]) for w in pending.warnings]


def suggested_title(pending: PendingImport) -> str:
    """Return the title to offer: the one given before uploading, else the name in the file."""
    name = pending.document.get("basics", {}).get("name", "").strip()
    return (pending.title or name or str(DEFAULT_TITLE))[:resumes.TITLE_MAX_LENGTH]


def offered_design(pending: PendingImport) -> str:
    """Return the design to offer: the file's or the one chosen, if still offered, else the
    default."""
    return pending.design if designs.is_offered(pending.design) \
        else designs.DEFAULT_DESIGN


def basics_value(document: dict, key: str) -> str:
    """Return the value of an EDITABLE_BASICS key in `document`."""
    basics = document.get("basics", {})
    if key.startswith("location."):
        return basics.get("location", {}).get(key.removeprefix("location."), "")
    return basics.get(key, "")


def keep_values(document: dict) -> list[str]:
    """Return the "keep" values a review can choose from: each section that has entries
    ("work"), then each of its entries ("work-0", "work-1", ...)."""
    return [value for section in resume_document.SECTIONS if document.get(section.key)
            for value in (section.key, *(f"{section.key}-{index}"
                                         for index in range(len(document[section.key]))))]


def everything(pending: PendingImport) -> Choices:
    """Return the choices a review starts from: everything kept as read, the suggested title
    and design."""
    return Choices(suggested_title(pending), offered_design(pending),
                   {key: basics_value(pending.document, key) for key in EDITABLE_BASICS},
                   frozenset(keep_values(pending.document)))


def apply(pending: PendingImport, choices: Choices) -> dict:
    """Return the pending document with only the kept sections and entries and the corrected
    basics, normalized (not yet settled)."""
    document = copy.deepcopy(pending.document)
    for section in resume_document.SECTIONS:
        entries = document.get(section.key, [])
        document[section.key] = [] if section.key not in choices.keep else [
            entry for index, entry in enumerate(entries)
            if f"{section.key}-{index}" in choices.keep]
    basics = document.setdefault("basics", {})
    for key, value in choices.basics.items():
        if key.startswith("location."):
            basics.setdefault("location", {})[key.removeprefix("location.")] = value
        else:
            basics[key] = value
    return resume_document.normalize(document)


def confirm(pending: PendingImport, user: User, choices: Choices) -> Resume:
    """Create `user`'s resume from `pending` as `choices` say, settled again, and forget the
    import; raises resumes.InvalidResume or quotas.QuotaExceeded with nothing created."""
    document, _ = settle(apply(pending, choices))
    settings = pending.settings if (pending.settings is not None
                                    and choices.design == pending.design) \
        else designs.preference(user, choices.design)
    # Deleted in the transaction that creates the resume: both happen, or neither.
    db.session.delete(pending)
    try:
        return resumes.create(user, choices.title, choices.design, document, settings)
    except Exception:
        db.session.rollback()
        raise


def discard(pending: PendingImport) -> None:
    """Forget a pending import."""
    db.session.delete(pending)
    db.session.commit()
