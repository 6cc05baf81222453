"""Autosave benchmark: the editor's autosave request, p95 at most 50 ms.

    .venv/bin/python bench/autosave.py [--requests 150] [--backends sqlite,postgresql]

For each database (PostgreSQL only if reachable at TEST_POSTGRES_DSN), one logged-in user
edits the Experience page of the two-page sample resume (six jobs, 100 versions of history)
through `POST /resume/<id>/edit/work/autosave`, as the editor's script does after a pause in
typing: each request changes one highlight. Two kinds are timed: an autosave that updates the
open version (the common case, a burst of typing), and one that opens a new version (the
clock is moved past the pause that closes a version before each). Prints the table, writes
bench/results/autosave.txt and exits with status 1 if a target is missed.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project root replaces bench/ on the path: see bench/harness.py

import argparse  # noqa: E402
import copy  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402

from bench.harness import (  # noqa: E402
    WARMUP,
    BackendTable,
    logged_in,
    make_app,
    percentile,
    resume_content,
    seeded_databases,
    timed,
    work_form,
)
from tests.helpers import PASSWORD, FakeClock  # noqa: E402
from website.extensions import db  # noqa: E402
from website.services import accounts, resumes  # noqa: E402

TARGET_MS = 50
HISTORY = 100
EMAIL = "bench@example.com"


def measure(table: BackendTable, backend: str, database_url: str, requests: int) -> None:
    """Time coalesced autosaves and autosaves that open a version on one database."""
    clock = FakeClock()
    app = make_app(database_url, CLOCK=clock)
    with app.app_context():
        owner = accounts.create_user("Bench User", EMAIL, PASSWORD)
        resume = resumes.create(owner, "Two pages", "classic", resume_content())
        for step in range(1, HISTORY):
            content = copy.deepcopy(resume.content)
            content["basics"]["label"] = f"Staff Engineer ({step})"
            resumes.save(resume, owner, resume.version, content=content)
        resume_id, state = resume.id, {"content": resume.content, "version": resume.version}
    client = logged_in(app, EMAIL)
    page = f"/resume/{resume_id}/edit/work"
    token = client.csrf_token(page)

    def autosave(step: int, pause: float = 0) -> None:
        clock.advance(pause or 1)  # a second of typing, or a pause that closes the version
        content = copy.deepcopy(state["content"])
        content["work"][step % 6]["highlights"][1] = f"Shipped release {step} of the API"
        response = client.post(f"{page}/autosave", data={
            "csrf_token": token, **work_form(content, state["version"])},
                               headers={"Accept": "application/json"})
        assert response.status_code == 200, (step, response.status_code, response.data[:300])
        state["content"], state["version"] = content, response.get_json()["version"]

    for name, durations in (
            ("autosave updating the open version", timed(requests, autosave, WARMUP)),
            ("autosave opening a new version", timed(
                requests, lambda step: autosave(10_000 + step, pause=180), WARMUP))):
        table.row(backend, name, durations, f"p95 <= {TARGET_MS} ms",
                  percentile(durations, 95) <= TARGET_MS)
    with app.app_context():
        db.engine.dispose()


def main() -> int:
    """Measure on each backend, print and save the table; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=150)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    table = BackendTable(width=40)
    table.add(f"Autosave: {args.requests} requests of each kind, milliseconds; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    table.header()
    for backend, database_url in seeded_databases(args.backends, table):
        measure(table, backend, database_url, args.requests)
    return table.save("autosave")


if __name__ == "__main__":
    sys.exit(main())
