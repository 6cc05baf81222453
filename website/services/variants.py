"""Linked variants: how many changes a variant's master made since the variant last took
them, what taking them would do (`resume_merge`), and taking them as one new version.

A variant whose master is in the trash or deleted for good stays an ordinary resume: nothing
here is needed to edit, preview or download it.
"""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask_babel import ngettext
from sqlalchemy import tuple_
from sqlalchemy.orm import joinedload

from website.extensions import db
from website.models import Resume, ResumeVersion, User
from website.services import designs, resume_merge, resumes

LINKED, TRASHED, GONE = "linked", "trashed", "gone"  # where a variant's master is


class MasterUnavailable(Exception):
    """The variant's master is in the trash or deleted for good: it has nothing to give."""


@dataclass(frozen=True)
class Link:
    """A variant's tie to its master, as its pages show it."""

    variant: Resume
    master: Resume | None  # None once the master was deleted for good
    pending: int = 0  # the master's changes the variant has not taken

    @property
    def status(self) -> str:
        """Return LINKED, TRASHED (the master is in the trash) or GONE (deleted for good)."""
        if self.master is None:
            return GONE
        return LINKED if self.master.deleted_at is None else TRASHED


def is_variant(resume: Resume) -> bool:
    """Return whether `resume` was made as a variant (its master may since be gone)."""
    return resume.master_id is not None or resume.master_version is not None


def _base_versions(variants: list[Resume]) -> dict[int, ResumeVersion]:
    """Return {variant id: its merge base}, the master's version it last took changes from,
    in one query. The base keeps its number: making a variant and taking changes both close
    the master's open autosave, which a later autosave would otherwise renumber."""
    wanted = {(variant.master_id, variant.master_version) for variant in variants}
    found = {(row.resume_id, row.number): row for row in db.session.execute(
        db.select(ResumeVersion).where(
            tuple_(ResumeVersion.resume_id, ResumeVersion.number).in_(wanted))
        .options(joinedload(ResumeVersion.keyframe))).scalars()} if wanted else {}
    return {variant.id: found[variant.master_id, variant.master_version]
            for variant in variants if (variant.master_id, variant.master_version) in found}


def links(items: Iterable[Resume]) -> dict[int, Link]:
    """Return {variant id: Link} for the variants among `items`, in a few queries whatever
    their number: masters not among `items` in one, merge bases in one, and a diff only for
    variants whose master has a newer version than the one they last took."""
    items = list(items)
    variants = [item for item in items if is_variant(item)]
    masters = {item.id: item for item in items}
    missing = {v.master_id for v in variants if v.master_id and v.master_id not in masters}
    if missing:
        masters.update((master.id, master) for master in db.session.execute(
            db.select(Resume).where(Resume.id.in_(missing))).scalars())
    found = {}
    behind = []
    for variant in variants:
        master = masters.get(variant.master_id)
        if master is not None and master.user_id != variant.user_id:
            master = None  # never another account's resume
        found[variant.id] = Link(variant, master)
        if (master is not None and master.deleted_at is None
                and master.version != variant.master_version):
            behind.append(variant)
    names = designs.names()
    for variant_id, base in _base_versions(behind).items():
        link = found[variant_id]
        count = len(resume_merge.master_changes(base, link.master, names))
        found[variant_id] = Link(link.variant, link.master, count)
    return found


def link(variant: Resume) -> Link | None:
    """Return the variant's tie to its master, or None for a resume that is no variant."""
    return links([variant]).get(variant.id)


def pending_changes(variant: Resume) -> int:
    """Return how many changes the master made that the variant has not taken (0 when it
    has no master, or its master is in the trash, deleted or unchanged)."""
    found = link(variant)
    return found.pending if found else 0


def _live_master(variant: Resume) -> Resume:
    found = link(variant)
    if found is None or found.status != LINKED:
        raise MasterUnavailable()
    return found.master


def _plan(variant: Resume, master: Resume,
          choices: Mapping[str, str] | None = None) -> resume_merge.MergePlan:
    base = _base_versions([variant]).get(variant.id, master)
    return resume_merge.merge(base, variant, master, designs.names(), choices)


def preview(variant: Resume) -> resume_merge.MergePlan:
    """Return what taking the master's changes would do, every conflict left as the
    variant has it; raises MasterUnavailable when the master is in the trash or gone."""
    return _plan(variant, _live_master(variant))


def apply(variant: Resume, author: User, base_version: int, choices: Mapping[str, str],
          *, master_version: int | None = None) -> resume_merge.MergePlan:
    """Take the master's changes into the variant, each conflict as `choices` says ("ours"
    keeps the variant's, "theirs" takes the master's), as one new version of the variant
    noted "Took N changes from the master"; the variant then follows the master's current
    version. Raises resumes.StaleVersion when the variant is no longer at `base_version` or
    the master no longer at `master_version` (the page that showed the changes is out of
    date), MasterUnavailable, and what `resumes.save` raises."""
    master = _live_master(variant)
    if base_version != variant.version or master_version not in (None, master.version):
        raise resumes.StaleVersion()
    plan = _plan(variant, master, choices)
    count = len(plan.taken)
    try:
        # Committed by the save, in its transaction, or rolled back with it.
        variant.master_version = master.version
        resumes.close_autosave(master)  # the version taken stays the next merge base
        changed = resumes.save(
            variant, author, base_version, content=plan.merged.content,
            design_slug=plan.merged.design_slug,
            settings=plan.merged.design_settings,
            note=ngettext("Took %(num)d change from the master",
                          "Took %(num)d changes from the master", count))
    except Exception:
        db.session.rollback()
        raise
    if not changed:  # nothing to take (the master only renamed itself, say): follow it all
        db.session.commit()
    return plan


def detach(variant: Resume) -> None:
    """Unlink the variant from its master: it becomes an ordinary resume."""
    variant.master_id, variant.master_version = None, None
    db.session.commit()


def families(items: list[Resume], found: Mapping[int, Link]
             ) -> tuple[list[Resume], dict[int, list[Resume]]]:
    """Return the resumes of `items` that are no variant of another of them (in their
    order), and {resume id: its variants among `items`}: a variant whose master is in the
    trash or gone stands on its own, a variant of a variant goes under its own master."""
    listed = {item.id for item in items}
    children: dict[int, list[Resume]] = {item.id: [] for item in items}
    for item in items:
        link = found.get(item.id)
        if link is not None and link.status == LINKED and link.master.id in listed:
            children[link.master.id].append(item)
    nested = {child.id for group in children.values() for child in group}
    return [item for item in items if item.id not in nested], children
