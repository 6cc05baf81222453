"""Applications pages on PostgreSQL: one user with 10,000 applications (sent with 20 resumes)
among 50,000 applications of other users.

Run with `.venv/bin/python bench/applications.py` (or `make bench`). It creates and drops its own
database on the PostgreSQL of the tests (TEST_POSTGRES_DSN, default 127.0.0.1:5432, user
postgres), fills it with bulk inserts, measures the list (first, a deep and a filtered page, a
search) and the board in-process through the Flask test client, prints a table with the p95 of
each and its number of SQL statements, writes it to bench/results/applications.txt and exits with
status 1 if a target (p95 <= 100 ms) is missed.
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
from website.applications.routes import ROWS_PER_PAGE  # noqa: E402
from website.extensions import db  # noqa: E402
from website.models import Application, ResumeVersion, User, utcnow  # noqa: E402
from website.models.application import STATUSES  # noqa: E402
from website.services import accounts, resumes  # noqa: E402

APPLICATIONS = 10_000
RESUMES = 20
OTHER_USERS = 500
OTHER_APPLICATIONS = 50_000
RUNS = 200
BATCH = 10_000
TARGET_MS = 100
EMAIL = "bench@example.com"
COMPANIES = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell",
             "Cyberdyne", "Soylent", "Wonka", "Aperture")
ROLES = ("Backend Engineer", "Data Engineer", "Platform Engineer", "Site Reliability Engineer",
         "Python Developer", "Engineering Manager")
# Most applications wait or were sent; fewer reach an interview, fewer still an offer.
STATUS_WEIGHTS = (30, 40, 12, 3, 12, 3)
AD = "Backend Engineer\n\nRequirements:\n- Python\n- PostgreSQL\n- Kubernetes\n" * 5


def build(rng: random.Random) -> float:
    """Fill the database; return the seconds it took."""
    started = time.perf_counter()
    now = utcnow()
    owner = accounts.create_user("Bench User", EMAIL, PASSWORD)
    sent = []
    for number in range(RESUMES):
        resume = resumes.create(owner, f"Resume {number}", "modern", resume_content())
        version_id = db.session.execute(db.select(ResumeVersion.id).where(
            ResumeVersion.resume_id == resume.id)).scalar_one()
        sent.append((resume.id, version_id))
    others = [{"name": f"Other {n}", "email": f"other{n}@example.com", "password_hash": "x",
               "session_token": f"token{n}", "created_at": now, "updated_at": now}
              for n in range(OTHER_USERS)]
    bulk_insert(User, others, BATCH)
    other_ids = db.session.execute(db.select(User.id).where(User.id != owner.id)).scalars().all()

    def application(user_id: int, n: int, with_resume: bool) -> dict:
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        when = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
        resume_id, version_id = rng.choice(sent) if with_resume else (None, None)
        return {"user_id": user_id, "company": f"{rng.choice(COMPANIES)} {n}",
                "role": rng.choice(ROLES), "location": "Berlin", "ad_url": "", "ad_text": AD,
                "notes": "Call the recruiter on Monday.", "status": status,
                "status_changed_at": when, "furthest_status": status, "responded": False,
                "applied_on": when.date(), "resume_id": resume_id,
                "sent_version_id": version_id, "sent_version": 1 if with_resume else None,
                "sent_design": "modern" if with_resume else None,
                "created_at": when, "updated_at": when,
                # A few in the trash, which no page but the trash shows.
                "deleted_at": now if n % 50 == 0 else None}

    bulk_insert(Application, [application(owner.id, n, True) for n in range(APPLICATIONS)],
                BATCH)
    bulk_insert(Application, [application(other_ids[n % len(other_ids)], n, False)
                              for n in range(OTHER_APPLICATIONS)], BATCH)
    db.session.commit()
    # What autovacuum does in production soon after such a load: statistics for the planner.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    return time.perf_counter() - started


def main() -> int:
    """Build the data, measure, print and save the table; return the exit status."""
    with postgres_app() as app:
        with app.app_context():
            built_in = build(random.Random(19))
        client = logged_in(app, EMAIL)
        get = partial(page_request, client)
        deep = APPLICATIONS // ROWS_PER_PAGE - 10
        pages = [("list, first page", "/applications/"),
                 (f"list, page {deep}", f"/applications/?page={deep}"),
                 ("list, one status", "/applications/?status=interviewing"),
                 ("list, search", "/applications/?q=globex+12"),
                 ("board", "/applications/board")]
        queries = {}
        for name, path in pages:
            with counted_queries(app) as statements:
                get(path)(0)
            queries[name] = len(statements)
        load_before = os.getloadavg()[0]
        results = [(name, timed(RUNS, get(path), WARMUP), TARGET_MS) for name, path in pages]
        load_after = os.getloadavg()[0]

    table = Table()
    table.add(f"Applications pages on PostgreSQL: one user with {APPLICATIONS:,} applications "
              f"sent with {RESUMES} resumes; {OTHER_APPLICATIONS:,} applications of "
              f"{OTHER_USERS} other users (built in {built_in:.1f} s); in-process Flask test "
              "client")
    # Other work on the machine slows every request; the load shows how much.
    table.add(f"load average (1 min) {load_before:.1f} before and {load_after:.1f} after the "
              f"measurements, on {os.cpu_count()} CPUs")
    table.add("")
    add_p95_rows(table, results, 22, queries)
    return table.save("applications")


if __name__ == "__main__":
    sys.exit(main())
