"""Version diff cost on PostgreSQL for the contents that cost it most, within the documented
limits (50 entries a section, 30 lines of 500 characters, documents up to 256 KB).

Run with `.venv/bin/python bench/diff.py` (or `make bench`). It creates and drops its own
database on the PostgreSQL of the tests (TEST_POSTGRES_DSN, default 127.0.0.1:5432, user
postgres). For each case it times the diffs a save (its summary) and a compare compute, against
a target, then the same end to end: saves of the two contents in turn (`resumes.save`), the
compare page of the two versions and restores in turn through the restore form, in-process
through the Flask test client. It prints a table with the work each comparison counted, writes
it to bench/results/diff.txt and exits with status 1 if a target is missed.
"""
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project root replaces bench/ on the path: see bench/harness.py

from bench.harness import (  # noqa: E402
    WARMUP,
    Table,
    add_p95_rows,
    logged_in,
    page_request,
    postgres_app,
    timed,
    timing_header,
    timing_row,
)
from tests import diff_inputs  # noqa: E402
from tests.helpers import PASSWORD  # noqa: E402
from website.extensions import db  # noqa: E402
from website.models import Resume, User  # noqa: E402
from website.services import (  # noqa: E402
    accounts,
    designs,
    resume_diff,
    resumes,
)

RUNS = 10
TARGET_MS = 100
NAME_WIDTH = 72
EMAIL = "bench@example.com"


def cases(rng: random.Random) -> list[tuple[str, tuple[dict, dict]]]:
    """Return (name, (before, after)) of every case measured."""
    skills = diff_inputs.audit_skills(rng)
    return [
        ("audit: 6 skills, 36 lines of 'ab ', renamed", (
            {"skills": skills}, {"skills": diff_inputs.renamed(skills)})),
        ("editor: 3 jobs, 2,000-char summaries redone", diff_inputs.three_long_jobs(rng)),
        ("50 entries x 11 sections, renamed and redone", diff_inputs.every_section_full(rng)),
        ("skills: 30 lines x 199 tokens, every 2nd redone", diff_inputs.longest_lines(rng, 199)),
        ("50 profiles reversed, every 2nd renamed", diff_inputs.reversed_profiles()),
        ("50 skills of 'a a a ...' to 'b a b a ...'", diff_inputs.repetitive_lines()),
    ]


def diff_rows(name: str, before: dict, after: dict) -> tuple[list[tuple], str]:
    """Return the rows of the diffs alone (what a save and a compare compute, on the two
    contents) and the line of the work one comparison counted."""
    old = resumes.Snapshot("Before", "classic", {}, before)
    new = resumes.Snapshot("After", "modern", {}, after)
    names = designs.names()
    work = resume_diff.Work()
    resume_diff.compare(old, new, names, work)
    return [
        (f"{name}: save diff", timed(RUNS, lambda step: resume_diff.summary(
            resume_diff.changes(old, new, names)), WARMUP), TARGET_MS),
        (f"{name}: compare diff", timed(RUNS, lambda step: resume_diff.compare(
            old, new, names), WARMUP), TARGET_MS),
    ], f"{name:<50} {work.pairs:>6} {work.cells:>8} {work.coarse:>7}"


def request_rows(app, client, owner_id: int, name: str, before: dict,
                 after: dict) -> list[tuple]:
    """Return the rows of saving, comparing and restoring one case end to end."""
    with app.app_context():
        resume_id = resumes.create(db.session.get(User, owner_id), name, "classic", before).id
    contents = [after, before]  # what the next save writes, in turn

    def save(step: int) -> None:
        with app.app_context():
            resume = db.session.get(Resume, resume_id)
            assert resumes.save(resume, resume.owner, resume.version, content=contents[0])
        contents.reverse()

    saves = timed(RUNS, save, WARMUP)
    token = client.csrf_token(f"/resume/{resume_id}/versions")

    def restore(step: int) -> None:
        with app.app_context():
            current = db.session.get(Resume, resume_id).version
        # Versions alternate between the two contents: the one before the current is the other.
        response = client.post(f"/resume/{resume_id}/versions/{current - 1}/restore",
                               data={"csrf_token": token, "base_version": current})
        assert response.status_code == 302, response.status_code

    return [
        (f"{name}: save (resumes.save)", saves),
        (f"{name}: compare page", timed(RUNS, page_request(
            client, f"/resume/{resume_id}/versions/compare?from=1&to=2"), WARMUP)),
        (f"{name}: restore (form post)", timed(RUNS, restore, WARMUP)),
    ]


def main() -> int:
    """Measure every case, print and save the table; return the exit status."""
    table = Table()
    table.add(f"Version diff of the contents that cost it most, {RUNS} runs each after {WARMUP} "
              "untimed")
    table.add("")
    diffs, requests, work_lines = [], [], []
    with postgres_app(RATELIMIT_ENABLED=False) as app:
        with app.app_context():
            designs.seed()
            owner_id = accounts.create_user("Bench User", EMAIL, PASSWORD).id
        client = logged_in(app, EMAIL)
        for name, (before, after) in cases(random.Random(13)):
            with app.app_context():
                rows, work_line = diff_rows(name, before, after)
            diffs += rows
            work_lines.append(work_line)
            requests += request_rows(app, client, owner_id, name, before, after)
    table.add("The diffs (resume_diff.changes + summary, as a save and a restore; "
              "resume_diff.compare, as the compare and restore pages):")
    add_p95_rows(table, diffs, NAME_WIDTH)
    table.add("")
    table.add("End to end on PostgreSQL through the Flask test client (the diff plus normalizing, "
              "writing or reading and rendering up to 2 x 256 KB; no target):")
    table.add(timing_header(NAME_WIDTH))
    for name, durations in requests:
        table.add(timing_row(name, durations, "-", "", NAME_WIDTH))
    table.add("")
    table.add(f"Work of one comparison, at most {resume_diff.MAX_ENTRY_PAIRS:,} entry pairs and "
              f"{resume_diff.MAX_DIFF_CELLS:,} diff cells; coarse: diffs shown replaced whole")
    table.add(f"{'case':<50} {'pairs':>6} {'cells':>8} {'coarse':>7}")
    for line in work_lines:
        table.add(line)
    return table.save("diff")


if __name__ == "__main__":
    sys.exit(main())
