"""Version history speed on PostgreSQL with one resume holding 1,000 versions.

Run with `.venv/bin/python bench/versions.py` (or `make bench`). It creates and drops its own
database on the PostgreSQL of the tests (TEST_POSTGRES_DSN, default 127.0.0.1:5432, user
postgres), measures in-process through the Flask test client, prints a table, writes it to
bench/results/versions.txt and exits with status 1 if a target is missed.
"""
import copy
import logging
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a plain script from any directory: the project root replaces bench/ on the path, so a
# benchmark named like a standard module (bench/email.py) cannot shadow it.
sys.path[0] = str(ROOT)

from sqlalchemy import event  # noqa: E402

from tests.conftest import PASSWORD, log_in, make_test_app, temporary_database  # noqa: E402
from website.extensions import db  # noqa: E402
from website.models import Resume, User  # noqa: E402
from website.services import accounts, resume_document, resumes  # noqa: E402

VERSIONS = 1000
SHORT_HISTORY = 10
RUNS = {"history": 200, "compare": 100, "save": 100}
EMAIL = "bench@example.com"
SKILLS = ["Python", "Go", "PostgreSQL", "Kubernetes", "Docker", "Terraform", "AWS", "Redis",
          "Kafka", "gRPC", "Flask", "Django", "React", "TypeScript", "Linux"]


def resume_content() -> dict:
    """A full resume: six jobs with highlights, two schools, skills and projects."""
    jobs = [{"position": f"Engineer level {n}", "name": f"Company {n}", "location": "Berlin",
             "url": f"https://company{n}.example.com", "startDate": f"{2010 + n}-01",
             "endDate": "" if n == 0 else f"{2011 + n}-01",
             "summary": "Worked on the payments platform: card processing, payouts, ledgers.",
             "highlights": [f"Cut infrastructure costs by {10 + n}% in one year",
                            "Led the move of 40 services to Kubernetes without downtime",
                            "Designed the idempotent payout API used by 2,000 merchants",
                            "Mentored six engineers, three of them now senior"]}
            for n in range(6)]
    return {
        "basics": {"name": "Bench User", "label": "Staff Engineer", "email": EMAIL,
                   "summary": "Backend engineer who turns slow, fragile services into fast, "
                              "boring ones.", "location": {"city": "Berlin", "countryCode": "DE"},
                   "profiles": [{"network": "GitHub", "username": "bench"}]},
        "work": jobs,
        "education": [{"institution": "TU Berlin", "studyType": "MSc", "area": "Computer "
                       "Science", "startDate": "2006", "endDate": "2009"},
                      {"institution": "TU Munich", "studyType": "BSc", "startDate": "2003",
                       "endDate": "2006"}],
        "skills": [{"name": name, "keywords": ["production", "teaching"]} for name in SKILLS],
        "projects": [{"name": f"Project {n}", "description": "An open-source tool for teams.",
                      "highlights": ["1,000 stars", "Used by 50 companies"]} for n in range(3)],
    }


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


def work_form(content: dict, base_version: int) -> dict:
    """The fields the Experience page of the editor posts for `content`."""
    data = {"base_version": str(base_version), "action": "save"}
    for index, job in enumerate(content["work"]):
        for spec in resume_document.SECTIONS_BY_KEY["work"].fields:
            value = job.get(spec.key, [] if spec.kind == "lines" else "")
            data[f"entries-{index}-{spec.key}"] = "\n".join(value) if spec.kind == "lines" \
                else value
    return data


def timed(runs: int, request) -> list[float]:
    """Return the duration of each of `runs` calls of `request`, in milliseconds."""
    for step in range(3):  # warm up: templates compiled, connections pooled
        request(-1 - step)
    durations = []
    for step in range(runs):
        started = time.perf_counter()
        request(step)
        durations.append((time.perf_counter() - started) * 1000)
    return durations


@contextmanager
def counted_queries(engine):
    """Count the SQL statements sent while the block runs."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def percentile(values: list[float], percent: int) -> float:
    """Return the `percent`th percentile of `values`."""
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def main() -> int:
    """Build the history, measure, print and save the table; return the exit status."""
    with temporary_database("postgresql", None) as url:
        app = make_test_app(url)
        # One log line per request is noise in a table; its cost is a few microseconds.
        logging.getLogger("website.requests").setLevel(logging.WARNING)
        with app.app_context():
            db.create_all()
            owner = accounts.create_user("Bench User", EMAIL, PASSWORD)
            started = time.perf_counter()
            long_id = build_history(owner, VERSIONS)
            built_in = time.perf_counter() - started
            short_id = build_history(owner, SHORT_HISTORY)
            engine = db.engine
        client = app.test_client()
        assert log_in(client, EMAIL).status_code == 302

        def get(path: str):
            """Return a request that GETs `path` and expects a page."""
            def request(step: int):
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
            return request

        queries = {}
        for resume_id, count in ((short_id, SHORT_HISTORY), (long_id, VERSIONS)):
            with counted_queries(engine) as statements:
                get(f"/resume/{resume_id}/versions")(0)
            queries[count] = len(statements)

        results = [
            ("history page, newest 25", timed(RUNS["history"], get(
                f"/resume/{long_id}/versions")), 50),
            ("history page, oldest 25 (page 40)", timed(RUNS["history"], get(
                f"/resume/{long_id}/versions?page=40")), 50),
            (f"compare version 1 with {VERSIONS}", timed(RUNS["compare"], get(
                f"/resume/{long_id}/versions/compare?from=1&to={VERSIONS}")), 100),
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

        results.append(("save a job (version row + summary)", timed(RUNS["save"], save), 40))

    lines = [f"Version history on PostgreSQL: one resume with {VERSIONS:,} versions (built in "
             f"{built_in:.1f} s), in-process Flask test client",
             "",
             f"{'measurement':<38} {'runs':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
             f"{'target':>12}  result"]
    failed = False
    for name, durations, target in results:
        p95 = percentile(durations, 95)
        ok = p95 <= target
        failed |= not ok
        lines.append(f"{name:<38} {len(durations):>5} {statistics.median(durations):>7.1f} "
                     f"{p95:>7.1f} {max(durations):>7.1f} {'p95 <= ' + str(target):>12}  "
                     f"{'ok' if ok else 'TOO SLOW'}")
    constant = queries[SHORT_HISTORY] == queries[VERSIONS]
    failed |= not constant
    lines += ["",
              f"SQL queries of the history page: {queries[SHORT_HISTORY]} with {SHORT_HISTORY} "
              f"versions, {queries[VERSIONS]} with {VERSIONS:,} versions  "
              f"{'ok (constant)' if constant else 'GROWS WITH THE HISTORY'}"]
    table = "\n".join(lines)
    print(table)
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "versions.txt").write_text(table + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
