"""Version history of a resume: list, read, compare and restore its versions.

History only grows: restoring writes a new version with the old content, through
`resumes.save`, so nothing saved in between is lost and a restore can itself be undone.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload, load_only

from website.extensions import db
from website.models import Resume, ResumeVersion, User
from website.models.base import MAX_ROW_ID
from website.services import designs, events, resume_diff, resumes

PER_PAGE = 25


@dataclass
class Comparison:
    """Two versions of one resume and what differs from the first to the second."""

    before: ResumeVersion
    after: ResumeVersion
    diff: resume_diff.Diff


def list_versions(resume: Resume, page: int = 1, per_page: int = PER_PAGE) -> Pagination:
    """Return one page of the resume's versions, newest first, without their content.

    Two queries whatever the length of the history: the count, and the page's rows with their
    authors' names; the unique (resume_id, number) index serves both.
    """
    query = (db.select(ResumeVersion).where(ResumeVersion.resume_id == resume.id)
             .order_by(ResumeVersion.number.desc())
             .options(load_only(ResumeVersion.resume_id, ResumeVersion.number,
                                ResumeVersion.title, ResumeVersion.design_slug,
                                ResumeVersion.created_at, ResumeVersion.summary,
                                ResumeVersion.author_id, raiseload=True),
                      joinedload(ResumeVersion.author).load_only(User.name, raiseload=True)))
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False, count=False)
    # Counted by hand: paginate's own count wraps the whole select, content column included.
    pagination.total = version_count(resume)
    return pagination


def version_count(resume: Resume) -> int:
    """Return how many versions the resume has."""
    return db.session.scalar(db.select(db.func.count()).select_from(ResumeVersion)
                             .where(ResumeVersion.resume_id == resume.id))


def number_before(resume: Resume, number: int) -> int | None:
    """Return the number of the version before version `number`, or None; numbers skip where
    autosaves were coalesced into one version."""
    return db.session.scalar(
        db.select(ResumeVersion.number).where(ResumeVersion.resume_id == resume.id,
                                              ResumeVersion.number < number)
        .order_by(ResumeVersion.number.desc()).limit(1))


def get_version(resume: Resume, number: int) -> ResumeVersion | None:
    """Return version `number` of the resume, or None."""
    if not 0 < number <= MAX_ROW_ID:
        return None
    return db.session.execute(db.select(ResumeVersion).where(
        ResumeVersion.resume_id == resume.id, ResumeVersion.number == number)).scalar_one_or_none()


def compare(resume: Resume, from_number: int, to_number: int) -> Comparison | None:
    """Return what changed from version `from_number` to `to_number`, or None if the resume
    lacks either."""
    if not all(0 < number <= MAX_ROW_ID for number in (from_number, to_number)):
        return None
    found = {version.number: version for version in db.session.execute(
        db.select(ResumeVersion).where(ResumeVersion.resume_id == resume.id,
                                       ResumeVersion.number.in_((from_number, to_number))))
        .scalars()}
    if from_number not in found or to_number not in found:
        return None
    before, after = found[from_number], found[to_number]
    return Comparison(before, after, resume_diff.compare(before, after, designs.names()))


def restore(resume: Resume, version: ResumeVersion, author: User, base_version: int) -> bool:
    """Make `version`'s title, design and content current again, as a new version summarized
    "Restored version N; ..."; return False if the resume already has exactly that.

    Raises resumes.StaleVersion if `base_version` is no longer the newest version, so a
    confirmation page that showed older changes never restores over newer work.
    """
    return resumes.save(resume, author, base_version, content=version.content,
                        title=version.title, design_slug=version.design_slug,
                        settings=dict(version.design_settings or {}),
                        note=_("Restored version %(number)s", number=version.number),
                        event=events.VERSION_RESTORED, restored_version=version.number)
