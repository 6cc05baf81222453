"""Statistics pages on PostgreSQL: one user with 200 resumes and 50,000 events among 100,000
resumes of other users.

Run with `.venv/bin/python bench/insights.py` (or `make bench`). It creates and drops its own
database on the PostgreSQL of the tests (TEST_POSTGRES_DSN, default 127.0.0.1:5432, user
postgres), fills it with bulk inserts, measures the dashboard and a resume's statistics page
in-process through the Flask test client, prints a table, writes it to
bench/results/insights.txt and exits with status 1 if a target is missed.
"""
import os
import random
import sys
import time
from datetime import timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project root replaces bench/ on the path: see bench/harness.py

from sqlalchemy import text  # noqa: E402

from bench.harness import (  # noqa: E402
    WARMUP,
    Table,
    add_p95_rows,
    bulk_insert,
    logged_in,
    page_request,
    postgres_app,
    resume_content,
    timed,
)
from tests.helpers import PASSWORD, counted_queries  # noqa: E402
from website.extensions import db  # noqa: E402
from website.models import JobMatch, Resume, ResumeAnalytic, User, utcnow  # noqa: E402
from website.services import accounts, resume_document  # noqa: E402

RESUMES = 200
EVENTS = 50_000
MATCHES = 1_000
OTHER_USERS = 1_000
OTHER_RESUMES = 100_000
OTHER_EVENTS = 100_000
RUNS = 200
BATCH = 10_000
EMAIL = "bench@example.com"
DESIGNS = ("modern", "classic", "professional", "minimal")
# The share of each action among the bench user's events.
ACTIONS = (("view", 40), ("share_view", 20), ("download", 25), ("update", 12), ("match", 3))
FORMATS = ("pdf", "docx", "txt", "json")
KEYWORDS = ["kubernetes", "terraform", "go", "rust", "graphql", "kafka", "airflow", "spark",
            "machine learning", "react", "typescript", "aws", "gcp", "ci/cd", "sre"]


def build(rng: random.Random) -> tuple[int, float]:
    """Fill the database; return the id of the bench user's busiest resume and the seconds."""
    started = time.perf_counter()
    now = utcnow()
    owner = accounts.create_user("Bench User", EMAIL, PASSWORD)
    others = [{"name": f"Other {n}", "email": f"other{n}@example.com", "password_hash": "x",
               "session_token": f"token{n}", "created_at": now, "updated_at": now}
              for n in range(OTHER_USERS)]
    bulk_insert(User, others, BATCH)
    other_ids = db.session.execute(db.select(User.id).where(User.id != owner.id)).scalars().all()

    content = resume_content()
    small = {"basics": {"name": "Someone Else"}, "skills": [{"name": "Python"}]}

    percent = {id(document): resume_document.completion(resume_document.normalize(document))
               .percent for document in (content, small)}

    def resume(user_id: int, n: int, document: dict) -> dict:
        when = now - timedelta(days=rng.randrange(365), minutes=n)
        return {"user_id": user_id, "title": f"Resume {n}", "design_slug": DESIGNS[n % 4],
                "completion_percent": percent[id(document)],
                "design_settings": {}, "content": document, "version": 1,
                "download_count": 0, "created_at": when, "updated_at": when}

    bulk_insert(Resume, [resume(other_ids[n % len(other_ids)], n, small)
                         for n in range(OTHER_RESUMES)], BATCH)
    bulk_insert(Resume, [resume(owner.id, n, content) for n in range(RESUMES)], BATCH)
    mine = db.session.execute(db.select(Resume.id).where(Resume.user_id == owner.id)
                              ).scalars().all()
    theirs = db.session.execute(db.select(Resume.id, Resume.user_id)
                                .where(Resume.user_id != owner.id).limit(OTHER_EVENTS)).all()

    actions = [action for action, share in ACTIONS for _ in range(share)]

    def event(user_id: int, resume_id: int) -> dict:
        action = rng.choice(actions)
        details = {"format": rng.choice(FORMATS), "duration_ms": rng.randrange(5, 900)} \
            if action == "download" else {"version": 2} if action == "update" else {}
        return {"user_id": user_id, "resume_id": resume_id, "action": action,
                "details": details, "created_at": now - timedelta(seconds=rng.randrange(
                    120 * 86_400))}

    # Skewed towards a few resumes, as real use is: the first one gets the most events.
    weights = [1 / (n + 1) for n in range(len(mine))]
    bulk_insert(ResumeAnalytic, [event(owner.id, rid)
                                 for rid in rng.choices(mine, weights, k=EVENTS)], BATCH)
    bulk_insert(ResumeAnalytic, [event(user_id, rid) for rid, user_id in theirs], BATCH)
    bulk_insert(JobMatch, [{"user_id": owner.id, "resume_id": rng.choice(mine),
                            "job_title": "Platform Engineer", "score": rng.randrange(20, 95),
                            "matched_keywords": rng.sample(KEYWORDS, 4),
                            "missing_keywords": rng.sample(KEYWORDS, 5),
                            "created_at": now - timedelta(hours=n)} for n in range(MATCHES)],
                BATCH)
    db.session.commit()
    # What autovacuum does in production soon after such a load: statistics for the planner
    # and a visibility map, so the dashboard's counts are answered from the index alone.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    return mine[0], time.perf_counter() - started


def main() -> int:
    """Build the data, measure, print and save the table; return the exit status."""
    with postgres_app() as app:
        with app.app_context():
            busiest, built_in = build(random.Random(7))
        client = logged_in(app, EMAIL)
        get = partial(page_request, client)

        pages = [("dashboard", "/dashboard", 100),
                 ("dashboard sorted by best match", "/dashboard?sort=match", 100),
                 ("stats page, 30 days", f"/resume/stats/{busiest}", 50),
                 ("stats page, 90 days", f"/resume/stats/{busiest}?days=90", 50)]
        queries = {}
        for name, path, _ in pages:
            with counted_queries(app) as statements:
                get(path)(0)
            queries[name] = len(statements)
        load_before = os.getloadavg()[0]
        results = [(name, timed(RUNS, get(path), WARMUP), target) for name, path, target in pages]
        load_after = os.getloadavg()[0]
        with app.app_context():
            busiest_events = db.session.execute(
                db.select(db.func.count()).where(ResumeAnalytic.resume_id == busiest)).scalar()

    table = Table()
    table.add(f"Statistics pages on PostgreSQL: one user with {RESUMES} resumes, {EVENTS:,} "
              f"events and {MATCHES:,} job matches; {OTHER_RESUMES:,} resumes and "
              f"{OTHER_EVENTS:,} events of {OTHER_USERS:,} other users (built in "
              f"{built_in:.1f} s); the stats page is of the busiest resume ({busiest_events:,} "
              "events); in-process Flask test client")
    # Other work on the machine slows every request; the load shows how much.
    table.add(f"load average (1 min) {load_before:.1f} before and {load_after:.1f} after the "
              f"measurements, on {os.cpu_count()} CPUs")
    table.add("")
    add_p95_rows(table, results, 32, queries)
    return table.save("insights")


if __name__ == "__main__":
    sys.exit(main())
