"""What every benchmark in bench/ shares: timing, percentiles, databases, clients and tables.

A benchmark runs as a plain script (`.venv/bin/python bench/<name>.py`), so it first puts the
project root in place of bench/ at the front of sys.path, then imports this module as
`bench.harness`: a benchmark named like a standard module (bench/email.py) must not shadow it.
"""
import gc
import logging
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import insert

from tests.helpers import PASSWORD, FormClient, log_in, make_test_app, temporary_database
from website.extensions import db
from website.services import accounts, designs, resume_document

ROOT = Path(__file__).resolve().parent.parent
# Untimed calls before the timed ones of a page: templates compiled, connections pooled.
WARMUP = 3
SKILLS = ["Python", "Go", "PostgreSQL", "Kubernetes", "Docker", "Terraform", "AWS", "Redis",
          "Kafka", "gRPC", "Flask", "Django", "React", "TypeScript", "Linux"]


def percentile(values: list[float], percent: int) -> float:
    """Return the `percent`th percentile of `values`, interpolated between the closest ranks."""
    if len(values) == 1:  # statistics.quantiles needs two points; one value is every percentile
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def timed(runs: int, request: Callable[[int], object], warmup: int = 0,
          before: Callable[[], object] | None = None) -> list[float]:
    """Return the milliseconds of `runs` calls of `request(step)`, after `warmup` untimed ones;
    `before()`, if given, runs untimed before each call (e.g. to empty a cache)."""
    for step in range(warmup):
        if before is not None:
            before()
        request(-1 - step)
    durations = []
    for step in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        request(step)
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def bulk_insert(model, rows: Iterable[dict], batch: int) -> None:
    """Insert `rows` into `model`'s table `batch` at a time, without the ORM's per-row work."""
    rows = iter(rows)
    while chunk := list(islice(rows, batch)):
        db.session.execute(insert(model), chunk)
    db.session.commit()


def resume_content(jobs: int = 6, skills: list[str] = SKILLS, projects: int = 3) -> dict:
    """A full resume: `jobs` jobs with highlights, two schools, `skills` and `projects`."""
    work = [{"position": f"Engineer level {n}", "name": f"Company {n}", "location": "Berlin",
             "url": f"https://company{n}.example.com", "startDate": f"{2010 + n}-01",
             "endDate": "" if n == 0 else f"{2011 + n}-01",
             "summary": "Worked on the payments platform: card processing, payouts, ledgers.",
             "highlights": [f"Cut infrastructure costs by {10 + n}% in one year",
                            "Led the move of 40 services to Kubernetes without downtime",
                            "Designed the idempotent payout API used by 2,000 merchants",
                            "Mentored six engineers, three of them now senior"]}
            for n in range(jobs)]
    return {
        "basics": {"name": "Bench User", "label": "Staff Engineer", "email": "bench@example.com",
                   "summary": "Backend engineer who turns slow, fragile services into fast, "
                              "boring ones.", "location": {"city": "Berlin", "countryCode": "DE"},
                   "profiles": [{"network": "GitHub", "username": "bench"}]},
        "work": work,
        "education": [{"institution": "TU Berlin", "studyType": "MSc", "area": "Computer "
                       "Science", "startDate": "2006", "endDate": "2009"},
                      {"institution": "TU Munich", "studyType": "BSc", "startDate": "2003",
                       "endDate": "2006"}],
        "skills": [{"name": name, "keywords": ["production", "teaching"]} for name in skills],
        "projects": [{"name": f"Project {n}", "description": "An open-source tool for teams.",
                      "highlights": ["1,000 stars", "Used by 50 companies"]}
                     for n in range(projects)],
    }


def work_form(content: dict, base_version: int) -> dict:
    """The fields the Experience page of the editor posts for `content`."""
    data = {"base_version": str(base_version), "action": "save"}
    for index, job in enumerate(content["work"]):
        for spec in resume_document.SECTIONS_BY_KEY["work"].fields:
            value = job.get(spec.key, [] if spec.kind == "lines" else "")
            data[f"entries-{index}-{spec.key}"] = "\n".join(value) if spec.kind == "lines" \
                else value
    return data


@contextmanager
def postgres_app(**settings) -> Iterator[Flask]:
    """Yield an app on a new PostgreSQL database with the schema created, dropped afterwards."""
    with temporary_database("postgresql", None) as url:
        app = make_test_app(url, **settings)
        # One log line per request is noise in a table; its cost is a few microseconds.
        logging.getLogger("website.requests").setLevel(logging.WARNING)
        with app.app_context():
            db.create_all()
        gc.freeze()  # as main.py does once the app is made
        yield app


class TempDirs:
    """The one method of pytest's tmp_path_factory that temporary_database uses."""

    def mktemp(self, name: str) -> Path:
        """Return a new, empty temporary folder."""
        return Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))


def seeded_databases(backends: str, table: "Table") -> Iterator[tuple[str, str]]:
    """Yield each of `backends` (comma-separated) and a new seeded database's URL, or skip it."""
    for backend in backends.split(","):
        try:
            with temporary_database(backend, TempDirs()) as database_url:
                app = make_test_app(database_url)
                with app.app_context():
                    db.create_all()
                    designs.seed()  # the design catalogue the new-resume form offers
                    db.engine.dispose()
                yield backend, database_url
        except pytest.skip.Exception as skipped:
            table.add(f"{backend:<11} skipped: {skipped}")


def make_app(database_url: str, **settings) -> Flask:
    """An app on `database_url` without rate limits, whose client posts forms like a browser."""
    return make_test_app(database_url, RATELIMIT_ENABLED=False, **settings)


def logged_in(app: Flask, email: str) -> FormClient:
    """A test client logged in as the existing user `email`."""
    client = app.test_client()
    assert log_in(client, email).status_code == 302
    return client


def new_user_client(app: Flask, email: str) -> tuple[FormClient, str, int]:
    """A client logged in as a new user, the CSRF token of its session, and the user's id."""
    with app.app_context():
        user_id = accounts.create_user("Bench User", email, PASSWORD).id
    client = logged_in(app, email)
    return client, client.csrf_token("/resume/new"), user_id


def create_resume(client: FormClient, token: str, title: str) -> float:
    """POST /resume/new; return how long the request took, in seconds."""
    started = time.perf_counter()
    response = client.post("/resume/new", data={"csrf_token": token, "title": title,
                                                "template": "modern"})
    assert response.status_code == 302, response.status_code
    return time.perf_counter() - started


def page_request(client: FormClient, path: str,
                 check: Callable | None = None) -> Callable[[int], None]:
    """Return a request that GETs `path`, expects a page and passes the response to `check`."""
    def request(step: int) -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if check:
            check(response)
    return request


@dataclass
class Table:
    """The lines of a results table, printed as they come, and whether a target was missed."""

    lines: list[str] = field(default_factory=list)
    missed: bool = False

    def add(self, line: str, met: bool | None = None) -> None:
        """Print `line` and keep it for the results file; `met` False marks a missed target."""
        self.missed |= met is False
        print(line, flush=True)
        self.lines.append(line)

    def save(self, name: str) -> int:
        """Write the table to bench/results/`name`.txt; return the exit status (1 if missed)."""
        results = ROOT / "bench" / "results"
        results.mkdir(exist_ok=True)
        (results / f"{name}.txt").write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        return 1 if self.missed else 0


def timing_header(name_width: int, target_width: int = 12, queries: bool = False) -> str:
    """The header of a table of timing_row lines."""
    extra = f" {'queries':>7}" if queries else ""
    return (f"{'measurement':<{name_width}} {'runs':>5}{extra} {'p50 ms':>7} {'p95 ms':>7} "
            f"{'max ms':>7} {'target':>{target_width}}  result")


def timing_row(name: str, durations: list[float], target: str, verdict: str, name_width: int,
               target_width: int = 12, queries: int | None = None) -> str:
    """A line with the runs, median, 95th percentile and maximum of `durations` (ms)."""
    extra = "" if queries is None else f" {queries:>7}"
    return (f"{name:<{name_width}} {len(durations):>5}{extra} "
            f"{statistics.median(durations):>7.1f} {percentile(durations, 95):>7.1f} "
            f"{max(durations):>7.1f} {target:>{target_width}}  {verdict}")


def add_p95_rows(table: Table, results: list[tuple[str, list[float], int]], name_width: int,
                 queries: dict[str, int] | None = None) -> None:
    """Add the header and a timing_row per (name, durations, p95 target in ms) of `results`."""
    table.add(timing_header(name_width, queries=queries is not None))
    for name, durations, target in results:
        ok = percentile(durations, 95) <= target
        table.add(timing_row(name, durations, f"p95 <= {target}", "ok" if ok else "TOO SLOW",
                             name_width, queries=None if queries is None else queries[name]),
                  ok)


def met_or_missed(met: bool | None) -> str:
    """The result cell of a BackendTable row: empty without a target, else met or MISSED."""
    return "" if met is None else ("met" if met else "MISSED")


@dataclass
class BackendTable(Table):
    """A Table of measurements per database backend, the measurement column `width` wide."""

    width: int = 46

    def header(self) -> None:
        """Add the column titles."""
        self.add(f"{'backend':<11} {'measurement':<{self.width}} {'p50':>8} {'p95':>8} "
                 f"{'max':>8}   target")

    def row(self, backend: str, what: str, values: list[float], target: str = "",
            met: bool | None = None) -> None:
        """Add a row with the median, 95th percentile and maximum of `values`."""
        self.add(f"{backend:<11} {what:<{self.width}} {statistics.median(values):>8.1f} "
                 f"{percentile(values, 95):>8.1f} {max(values):>8.1f}   {target} "
                 f"{met_or_missed(met)}".rstrip(), met)

    def counts(self, backend: str, what: str, values: tuple, target: str = "",
               met: bool | None = None) -> None:
        """Add a row of plain counts."""
        cells = " ".join(f"{value:>8}" for value in values)
        self.add(f"{backend:<11} {what:<{self.width}} {cells}   {target} {met_or_missed(met)}"
                 .rstrip(), met)
