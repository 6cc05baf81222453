"""Render ahead, measured across processes: a save on one web process, the download on another.

    .venv/bin/python bench/render_ahead.py [--runs 50]

On a new PostgreSQL database (TEST_POSTGRES_DSN, default 127.0.0.1:5432, user postgres; migrated
with `flask --app main db upgrade`, which seeds the designs), it starts what the Procfile runs:
two web processes (`gunicorn main:app`, APP_ENV=production, on two loopback ports: web A and
web B, standing for two dynos) and the worker (`flask --app main worker`); OUTBOX_THREAD is off,
as with a worker dyno (bench/procfile.py). Requests carry X-Forwarded-Proto and
X-Forwarded-For, as Heroku's router sends (bench/browser.py).
Downloads name no Referer, so the app counts each one as the owner's, as it does a click on
Download (a Referer naming the loopback port would look cross-site and skip the count).
EXPORT_LIMIT is raised so that the runs' downloads are not refused (10 a minute by default).

A user logs in on web A. Then `--runs` times: save the two-page sample (bench/export.py) with a
new label through the editor's Personal info form on web A; wait until the store holds its PDF
and Word file (polling the database: how long rendering ahead took from the save's response);
download the PDF, then the Word file, from web B. Then the worker is stopped and the same is
timed without waiting: the PDF rendered on demand, for comparison.

Target: the PDF download after a save, from the other web process, p95 <= 25 ms (the DOCX
likewise). Prints a table, writes bench/results/render_ahead.txt, exits 1 if a target is missed.
Every process is stopped and the database dropped on exit.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project root replaces bench/ on the path: see bench/harness.py

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from contextlib import ExitStack  # noqa: E402

from sqlalchemy import create_engine, text  # noqa: E402

from bench.browser import Browser, field_value  # noqa: E402
from bench.export import two_page_resume  # noqa: E402
from bench.harness import BackendTable, TempDirs, percentile  # noqa: E402
from bench.procfile import Procfile, production_environment  # noqa: E402
from tests.helpers import PASSWORD, make_test_app, temporary_database  # noqa: E402
from website.extensions import db  # noqa: E402
from website.services import accounts, resumes  # noqa: E402

TARGET_MS = 25
WARMUP = 5  # untimed rounds: each gunicorn worker imports, compiles templates, pools connections
EMAIL = "bench@example.com"
RENDER_WAIT_SECONDS = 30


def submit(browser: Browser, url: str, form: dict) -> int:
    """POST `form` to `url` with the CSRF token and base version of the page there; return the
    status."""
    page = browser.get(url)
    assert page.status_code == 200, (url, page.status_code)
    hidden = {name: field_value(page.text, name) for name in ("csrf_token", "base_version")
              if f'name="{name}"' in page.text}
    return browser.post(url, {**hidden, **form}).status_code


def basics_form(label: str) -> dict[str, str]:
    """The Personal info page's fields for the two-page sample, with `label`."""
    basics = two_page_resume()["basics"]
    profile = basics["profiles"][0]
    return {"action": "save", "name": basics["name"], "label": label, "email": basics["email"],
            "summary": basics["summary"], "location-city": basics["location"]["city"],
            "location-countryCode": basics["location"]["countryCode"],
            "entries-0-network": profile["network"], "entries-0-username": profile["username"],
            "entries-0-url": profile["url"]}


def newest_file_id(database, resume_id: int) -> int:
    """Return the id of the resume's newest stored file (0 if none)."""
    with database.connect() as connection:
        return connection.execute(text("SELECT coalesce(max(id), 0) FROM rendered_files "
                                       "WHERE resume_id = :id"), {"id": resume_id}).scalar_one()


def stored_after(database, resume_id: int, after_id: int, since: float) -> dict[str, float]:
    """Poll until the resume's PDF and Word file newer than `after_id` are stored; return the
    milliseconds from `since` at which each kind was first seen."""
    seen: dict[str, float] = {}
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while "pdf" not in seen or "docx" not in seen:
        assert time.monotonic() < deadline, "the worker stored nothing in time"
        with database.connect() as connection:
            kinds = connection.execute(text("SELECT kind FROM rendered_files WHERE resume_id = :id"
                                            " AND id > :after"),
                                       {"id": resume_id, "after": after_id}).scalars().all()
        now = (time.perf_counter() - since) * 1000
        for kind in kinds:
            seen.setdefault(kind, now)
        time.sleep(0.005)
    return seen


def stored_pdf(database, resume_id: int) -> bytes:
    """Return the resume's newest stored PDF."""
    with database.connect() as connection:
        return bytes(connection.execute(text("SELECT data FROM rendered_files WHERE resume_id = "
                                             ":id AND kind = 'pdf' ORDER BY id DESC LIMIT 1"),
                                        {"id": resume_id}).scalar_one())


def server_times(log: Path, resume_id: int, kind: str) -> list[float]:
    """Return the milliseconds each download of `kind` took inside the web process, as its
    request log says, oldest first."""
    line = re.compile(rf"GET /resume/{resume_id}/export/{kind} 200 ([\d.]+)ms")
    return [float(found[1]) for found in line.finditer(log.read_text())]


def timed_get(browser: Browser, url: str) -> tuple[float, bytes]:
    """GET a download; return the milliseconds it took and the file."""
    started = time.perf_counter()
    response = browser.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, response.content


def new_resume(database_url: str) -> int:
    """Return the id of a new user's new resume, the two-page sample."""
    app = make_test_app(database_url)
    with app.app_context():
        user = accounts.create_user("Bench User", EMAIL, PASSWORD)
        resume_id = resumes.create(user, "Two pages", content=two_page_resume()).id
        db.engine.dispose()
    return resume_id


def measure(table: BackendTable, runs: int) -> None:
    """Run the processes on a new database and add the timings to `table`."""
    with ExitStack() as stack:
        database_url = stack.enter_context(temporary_database("postgresql", TempDirs()))
        logs = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-render-")))
        # The runs' downloads must not be refused (10 a minute by default).
        processes = stack.enter_context(Procfile(
            production_environment(database_url, EXPORT_LIMIT="100000 per minute"), logs))
        processes.release()
        resume_id = new_resume(database_url)
        web_a, web_b = processes.web("web-a"), processes.web("web-b")
        processes.worker()
        database = create_engine(database_url)
        stack.callback(database.dispose)
        for base_url in (web_a, web_b):
            processes.wait_until_serving(base_url)

        browser = Browser()
        assert submit(browser, f"{web_a}/login", {"email": EMAIL, "password": PASSWORD}) == 302
        editor = f"{web_a}/resume/{resume_id}/edit/basics"
        downloads = {kind: f"{web_b}/resume/{resume_id}/export/{kind}" for kind in ("pdf", "docx")}
        saves, ready, timings = [], {"pdf": [], "docx": []}, {"pdf": [], "docx": []}
        for step in range(-WARMUP, runs):
            newest = newest_file_id(database, resume_id)
            started = time.perf_counter()
            assert submit(browser, editor, basics_form(f"Staff Engineer, round {step}")) == 302
            saved = time.perf_counter()
            seen = stored_after(database, resume_id, newest, saved)
            served = {kind: timed_get(browser, url) for kind, url in downloads.items()}
            assert served["pdf"][1] == stored_pdf(database, resume_id), "not the stored PDF"
            if step >= 0:
                saves.append((saved - started) * 1000)
                for kind in ("pdf", "docx"):
                    ready[kind].append(seen[kind])
                    timings[kind].append(served[kind][0])

        processes.stop("worker")
        on_demand = []
        for step in range(runs):
            assert submit(browser, editor,
                          basics_form(f"Principal Engineer, round {step}")) == 302
            elapsed, pdf = timed_get(browser, downloads["pdf"])
            assert pdf.startswith(b"%PDF")
            on_demand.append(elapsed)
        inside_b = {kind: server_times(logs / "web-b.log", resume_id, kind)[WARMUP:WARMUP + runs]
                    for kind in ("pdf", "docx")}

    table.row("postgresql", "save on web A (editor form, 302)", saves)
    table.row("postgresql", "PDF stored, after the save's response", ready["pdf"])
    table.row("postgresql", "DOCX stored, after the save's response", ready["docx"])
    for kind in ("pdf", "docx"):
        met = percentile(timings[kind], 95) <= TARGET_MS
        table.row("postgresql", f"{kind.upper()} download after a save, from web B",
                  timings[kind], f"p95 <= {TARGET_MS}", met)
        table.row("postgresql", "  the same inside web B (its request log)", inside_b[kind])
    table.row("postgresql", "PDF download, worker stopped (on demand)", on_demand)


def main() -> int:
    """Run the bench; return 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    table = BackendTable(width=44)
    table.add(f"render ahead: {args.runs} saves on web A, downloads from web B (ms); "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    table.header()
    measure(table, args.runs)
    return table.save("render_ahead")


if __name__ == "__main__":
    sys.exit(main())
