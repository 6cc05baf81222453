"""Version history speed on PostgreSQL with one resume holding 1,000 versions.

Run with `.venv/bin/python bench/versions.py` (or `make bench`). It creates and drops its own
database on the PostgreSQL of the tests (TEST_POSTGRES_DSN, default 127.0.0.1:5432, user
postgres), measures in-process through the Flask test client, prints a table, writes it to
bench/results/versions.txt and exits with status 1 if a target is missed.
"""
import copy
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project root replaces bench/ on the path: see bench/harness.py

from bench.harness import (  # noqa: E402
    SKILLS,
    WARMUP,
    Table,
    add_p95_rows,
    logged_in,
    page_request,
    postgres_app,
    resume_content,
    timed,
    work_form,
)
from tests.helpers import PASSWORD, counted_queries  # noqa: E402
from website.extensions import db  # noqa: E402
from website.models import Resume, User  # noqa: E402
from website.services import accounts, resumes  # noqa: E402

VERSIONS = 1000
SHORT_HISTORY = 10
RUNS = {"history": 200, "compare": 100, "save": 100}
EMAIL = "bench@example.com"


def typical_edit(content: dict, step: int) -> dict:
    """Return `content` after the kind of edit people make, varied by `step`."""
    content = copy.deepcopy(content)
    work = content["work"]
    kind = step % 4
    if kind == 0:
        work[step % len(work)]["highlights"][0] = f"Cut infrastructure costs by {step % 90}% " \
                                                  "in one year"
    elif kind == 1:
        if len(content["skills"]) > len(SKILLS):
            content["skills"].pop()
        else:
            content["skills"].append({"name": f"Skill {step}"})
    elif kind == 2:
        index = 1 + step % (len(work) - 1)
        work[index - 1], work[index] = work[index], work[index - 1]
    else:
        content["basics"]["label"] = f"Staff Engineer ({step})"
    return content


def build_history(owner: User, count: int) -> int:
    """Create a resume and save it until it has `count` versions; return its id."""
    resume = resumes.create(owner, f"Resume with {count} versions", "classic", resume_content())
    for step in range(1, count):
        resumes.save(resume, owner, resume.version, content=typical_edit(resume.content, step))
    return resume.id


def main() -> int:
    """Build the history, measure, print and save the table; return the exit status."""
    with postgres_app() as app:
        with app.app_context():
            owner = accounts.create_user("Bench User", EMAIL, PASSWORD)
            started = time.perf_counter()
            long_id = build_history(owner, VERSIONS)
            built_in = time.perf_counter() - started
            short_id = build_history(owner, SHORT_HISTORY)
        client = logged_in(app, EMAIL)
        get = partial(page_request, client)

        queries = {}
        for resume_id, count in ((short_id, SHORT_HISTORY), (long_id, VERSIONS)):
            with counted_queries(app) as statements:
                get(f"/resume/{resume_id}/versions")(0)
            queries[count] = len(statements)

        results = [
            ("history page, newest 25", timed(RUNS["history"], get(
                f"/resume/{long_id}/versions"), WARMUP), 50),
            ("history page, oldest 25 (page 40)", timed(RUNS["history"], get(
                f"/resume/{long_id}/versions?page=40"), WARMUP), 50),
            (f"compare version 1 with {VERSIONS}", timed(RUNS["compare"], get(
                f"/resume/{long_id}/versions/compare?from=1&to={VERSIONS}"), WARMUP), 100),
        ]

        editor = f"/resume/{long_id}/edit/work"
        token = client.csrf_token(editor)
        with app.app_context():
            saved = db.session.get(Resume, long_id)
            state = {"content": saved.content, "version": saved.version}

        def save(step: int):
            content = copy.deepcopy(state["content"])
            # A new highlight text every time, so each save really writes a version.
            content["work"][step % 6]["highlights"][1] = f"Shipped release {step} of the API"
            response = client.post(editor, data={"csrf_token": token,
                                                 **work_form(content, state["version"])})
            assert response.status_code == 302, (step, response.status_code)
            state["content"], state["version"] = content, state["version"] + 1

        results.append(("save a job (version row + summary)",
                        timed(RUNS["save"], save, WARMUP), 40))

    table = Table()
    table.add(f"Version history on PostgreSQL: one resume with {VERSIONS:,} versions (built in "
              f"{built_in:.1f} s), in-process Flask test client")
    table.add("")
    add_p95_rows(table, results, 38)
    constant = queries[SHORT_HISTORY] == queries[VERSIONS]
    table.add("")
    table.add(f"SQL queries of the history page: {queries[SHORT_HISTORY]} with {SHORT_HISTORY} "
              f"versions, {queries[VERSIONS]} with {VERSIONS:,} versions  "
              f"{'ok (constant)' if constant else 'GROWS WITH THE HISTORY'}", constant)
    return table.save("versions")



if __name__ == "__main__":
    sys.exit(main())
