"""What version history costs on disk on PostgreSQL: 1,000 small edits of a two-page resume.

Run with `.venv/bin/python bench/storage.py` (or `make bench`). It creates and drops its own
database on the PostgreSQL of the tests, saves the edits through `resumes.save`, then measures
`pg_total_relation_size` (table, TOAST and indexes) of `resume_versions` as stored now
(compressed deltas from keyframes, migration 0011) and of the same versions stored as before
(a full JSONB snapshot per row, the table 0002 made), and how long reading a version takes.
It prints a table, writes it to bench/results/storage.txt and exits with status 1 if a target
is missed.
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project root replaces bench/ on the path: see bench/harness.py

from sqlalchemy import text  # noqa: E402

from bench.harness import (  # noqa: E402
    Table,
    postgres_app,
    resume_content,
    timed,
    timing_header,
    timing_row,
)
from bench.versions import typical_edit  # noqa: E402
from tests.helpers import PASSWORD  # noqa: E402
from website.extensions import db  # noqa: E402
from website.models import Resume, ResumeVersion, version_codec  # noqa: E402
from website.services import accounts, resume_document, resumes, versions  # noqa: E402

EDITS = 1000
TARGET_BYTES = 2 * 1024 * 1024
READ_RUNS = 200
# The table as migration 0002 made it: every version a full JSONB snapshot.
FULL_SNAPSHOTS = """
CREATE TABLE full_snapshots (
    id serial PRIMARY KEY, resume_id integer NOT NULL, number integer NOT NULL,
    title varchar(100) NOT NULL, design_slug varchar(50) NOT NULL,
    design_settings jsonb NOT NULL, content jsonb NOT NULL, author_id integer,
    summary varchar(500) NOT NULL, created_at timestamptz NOT NULL,
    UNIQUE (resume_id, number))
"""


def table_bytes(name: str) -> int:
    """Return what a table takes with its TOAST table and indexes."""
    return db.session.scalar(text("SELECT pg_total_relation_size(:name)"), {"name": name})


def store_as_full_snapshots(resume_id: int) -> None:
    """Copy the resume's versions into a table of full snapshots, as they were stored before."""
    db.session.execute(text(FULL_SNAPSHOTS))
    history = db.session.execute(db.select(ResumeVersion).where(
        ResumeVersion.resume_id == resume_id).order_by(ResumeVersion.number)).scalars()
    for version in history:
        db.session.execute(text(
            "INSERT INTO full_snapshots (resume_id, number, title, design_slug, "
            "design_settings, content, author_id, summary, created_at) VALUES (:resume_id, "
            ":number, :title, :slug, CAST(:settings AS jsonb), CAST(:content AS jsonb), "
            ":author_id, :summary, :created_at)"), {
                "resume_id": resume_id, "number": version.number, "title": version.title,
                "slug": version.design_slug, "author_id": version.author_id,
                "settings": json.dumps(version.design_settings),
                "content": json.dumps(version.content), "summary": version.summary,
                "created_at": version.created_at})
    db.session.commit()


def two_pages() -> dict:
    """A resume of about two printed pages: ten jobs, skills, six projects."""
    return resume_content(jobs=10, projects=6)


def build_history(owner) -> int:
    """Create the resume and save it with a small edit until it has EDITS versions."""
    resume = resumes.create(owner, "Two pages", "classic", two_pages())
    for step in range(1, EDITS):
        resumes.save(resume, owner, resume.version, content=typical_edit(resume.content, step))
    return resume.id


def main() -> int:
    """Save the edits, measure both layouts, print and save the table; return the status."""
    table = Table()
    with postgres_app() as app, app.app_context():
        owner = accounts.create_user("Bench User", "bench@example.com", PASSWORD)
        app.config["STORAGE_QUOTA_BYTES"] = 1 << 40  # measuring storage, not the quota
        resume_id = build_history(owner)
        document_bytes = resume_document.serialized_size(two_pages())
        compact = table_bytes("resume_versions")
        store_as_full_snapshots(resume_id)
        full = table_bytes("full_snapshots")
        keyframes = db.session.scalar(db.select(db.func.count()).select_from(ResumeVersion)
                                      .where(ResumeVersion.keyframe_id.is_(None)))
        resume = db.session.get(Resume, resume_id)

        def read(step: int) -> None:
            number = 1 + (step * 7919) % EDITS  # spread over the whole history
            db.session.expire_all()
            assert versions.get_version(resume, number).content["basics"]

        reads = timed(READ_RUNS, read, warmup=3)

    table.add(f"Version storage on PostgreSQL: one resume ({document_bytes:,} bytes of JSON, "
              f"about two pages) saved {EDITS:,} times with small edits")
    table.add("")
    table.add(f"{'layout':<54} {'total bytes':>12} {'per version':>12}   target")
    for name, size, target in (
            ("before: a full JSONB snapshot per version", full, None),
            (f"after: zlib deltas, {keyframes} keyframes (<= 1 per "
             f"{version_codec.KEYFRAME_EVERY})", compact, TARGET_BYTES)):
        met = None if target is None else size < target
        verdict = "" if target is None else f"< {target // 2**20} MB " + \
            ("met" if met else "MISSED")
        table.add(f"{name:<54} {size:>12,} {size // EDITS:>12,}   {verdict}".rstrip(), met)
    table.add("")
    table.add(timing_header(44, target_width=0))
    table.add(timing_row("read a version (its row and keyframe, decoded)", reads, "", "", 44,
                         target_width=0))
    return table.save("storage")


if __name__ == "__main__":
    sys.exit(main())
