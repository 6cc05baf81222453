"""A load test of the whole app: the Procfile's processes on PostgreSQL, 50 users for 60 s.

Run with `.venv/bin/python bench/load.py [--users 50] [--seconds 60]` (or `make bench`). It
creates its own database on the PostgreSQL of the tests (127.0.0.1:5432, user postgres), runs
the release phase (`flask --app main db upgrade`, which also seeds the design catalogue), adds
the users and their resumes through the app's services, then starts `gunicorn main:app` and
`flask --app main worker` as the Procfile does, with production settings: mail goes to an SMTP
server on loopback, rate limits to Redis on 127.0.0.1:6379/14, and every request carries the
X-Forwarded-For and X-Forwarded-Proto headers Heroku's router adds (PROXY_COUNT=1, the
production default), so the app serves "HTTPS" with secure cookies and a client address per
user. Everything listens on 127.0.0.1 and is stopped, and the database dropped, on exit.

Each simulated user logs in, then loops with think time through the dashboard, the manage page
(and the pictures it shows), a section of the editor (saved through its form), the Design tab,
the PDF and Word downloads, a search and the version history, sometimes downloading the PDF
just after a save (the render-ahead path) and sometimes logging out and in again. If the run
made fewer than 1,000 exports, a second phase downloads PDFs (in every design) and Word files
across the resumes until it has, then reads the memory of the web processes.

Users arrive over the first third of the run; before they do, the worker renders the files of
the resumes they start with, as it would have in production.

Prints requests per second, p50/p95/p99 per page (and the time the app itself logged for each
route, so queueing shows), errors, the CPU used, the memory of each gunicorn worker
and of the outbox worker, database connections and exports; writes bench/results/load.txt and
exits with status 1 if a target is missed.
"""
import argparse
import itertools
import logging
import os
import random
import re
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project root replaces bench/ on the path: see bench/harness.py

import psycopg2  # noqa: E402
import redis  # noqa: E402
import requests  # noqa: E402

from bench.browser import Browser, field_value  # noqa: E402
from bench.harness import Table, percentile, resume_content  # noqa: E402
from bench.procfile import Procfile, cpu_seconds, production_environment, rss_mb  # noqa: E402
from tests.helpers import (  # noqa: E402
    PASSWORD,
    POSTGRES_ADMIN_DSN,
    MailBox,
    free_port,
    make_test_app,
    smtp_server,
    temporary_database,
)
from website.extensions import db  # noqa: E402
from website.models.user import hash_password  # noqa: E402
from website.services import (  # noqa: E402
    accounts,
    designs,
    resumes,
)

REDIS_URL = "redis://127.0.0.1:6379/14"  # the tests use 15 (tests/test_security.py)
PAGE_P95_MS = 300
RSS_LIMIT_MB = 350
EXPORTS_BEFORE_RSS = 1000
RESUMES_PER_USER = 2
# Seconds a person spends on a page before the next click, and typing before saving a section.
THINK_SECONDS = (2.0, 6.0)
TYPING_SECONDS = (5.0, 15.0)
# The export phase downloads PDFs in every design, so most of them are really rendered.
DESIGNS = ("modern", "classic", "professional", "minimal", "executive", "sidebar", "timeline",
           "academic")
SEARCH_WORDS = ("Kubernetes", "payments", "Berlin", "ledgers", "Terraform", "mentored")
EXPORT_PAGES = ("pdf", "pdf after save", "docx", "export phase pdf", "export phase docx")


def load_environment(database_url: str, mail_port: int) -> dict[str, str]:
    """The Procfile's environment for this run: its mail, limits and Redis on loopback."""
    return production_environment(
        database_url, REDIS_URL=REDIS_URL, MAIL_SERVER="127.0.0.1", MAIL_PORT=str(mail_port),
        MAIL_USE_TLS="false",
        # The export phase downloads ~20 files per account within a minute, where people do
        # far fewer; the limit stays on, checked in Redis for every download.
        EXPORT_LIMIT="100 per minute")


@dataclass
class Account:
    """A simulated user's login and the ids of its resumes."""

    email: str
    resume_ids: list[int]
    address: str  # the client address Heroku's router would forward


def seed_accounts(database_url: str, users: int) -> list[Account]:
    """Create `users` accounts with their resumes through the app's services."""
    # As in production, each new resume queues the rendering of its files for the worker.
    app = make_test_app(database_url, RENDER_AHEAD=True)
    made = []
    stored_password = hash_password(PASSWORD)  # production's work factor: logins cost what they do
    with app.app_context(), app.test_request_context("/"):
        for number in range(users):
            email = f"load{number}@example.com"
            user = accounts.create_user_with_hash(f"Load User {number}", email,
                                                  stored_password)
            ids = [resumes.create(user, f"Resume {number}-{n}", designs.DEFAULT_DESIGN,
                                  content=resume_content()).id
                   for n in range(RESUMES_PER_USER)]
            made.append(Account(email, ids, f"198.51.100.{number % 250 + 1}"))
        db.engine.dispose()
    return made


@dataclass
class Sample:
    """One request: the page it was for, its status (or exception) and milliseconds."""

    page: str
    status: int | str
    ms: float


@dataclass
class Monitor:
    """Samples the memory of the processes and the database's connections every 0.25 s."""

    processes: Procfile
    database: str
    peaks: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    stopped: threading.Event = field(default_factory=threading.Event)

    admin: psycopg2.extensions.connection = field(
        default_factory=lambda: psycopg2.connect(POSTGRES_ADMIN_DSN))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def connections(self) -> int:
        """The bench database's connections now (pg_stat_activity)."""
        with self.lock, self.admin, self.admin.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                           (self.database,))
            return cursor.fetchone()[0]

    def cpu(self) -> dict[str, float]:
        """CPU seconds used so far by the web processes together and by the worker."""
        return {"web": sum(map(cpu_seconds, self.processes.children("web"))),
                "worker": cpu_seconds(self.processes.running["worker"].pid)}

    def memory(self) -> dict[str, float]:
        """MB of each gunicorn worker ("web <pid>") and of the outbox worker, now."""
        found = {f"web {pid}": rss_mb(pid) for pid in self.processes.children("web")}
        found["worker"] = rss_mb(self.processes.running["worker"].pid)
        return found

    def run(self) -> None:
        """Keep the peaks until stopped."""
        while not self.stopped.wait(0.25):
            for name, value in {**self.memory(), "connections": self.connections()}.items():
                self.peaks[name] = max(self.peaks[name], value)


class FormFields(HTMLParser):
    """The fields a browser would post from the form with id `form_id`, and each element's
    attributes by id (links, frames)."""

    def __init__(self, html: str, form_id: str | None = None):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.by_id: dict[str, dict] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if "id" in attributes:
            self.by_id[attributes["id"]] = attributes
        if tag == "form":
            self.inside = attributes.get("id") == self.form_id
        if not self.inside or "name" not in attributes:
            return
        name = attributes["name"]
        if tag == "input" and attributes.get("type", "text") not in (
                "submit", "button", "file", "checkbox", "radio"):
            self.fields.append((name, attributes.get("value", "")))
        elif tag == "input" and "checked" in attributes:
            self.fields.append((name, attributes.get("value", "on")))
        elif tag == "textarea":
            self._textarea = name
            self.fields.append((name, ""))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.fields.append((self._select, attributes.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, text = self.fields[-1]
            self.fields[-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


@dataclass
class User:
    """One simulated user: a browser session that logs in and works on its resumes."""

    account: Account
    base_url: str
    samples: list[Sample]
    until: float
    stopped: threading.Event
    random: random.Random
    seen_pictures: set = field(default_factory=set)  # what the browser's cache holds
    browser: Browser = field(init=False)

    def __post_init__(self) -> None:
        self.browser = Browser(self.account.address)

    def request(self, page: str, method: str, path: str, **kwargs) -> requests.Response | None:
        """Make one request (redirects not followed), recorded as `page`; None on an error."""
        started = time.perf_counter()
        try:
            response = self.browser.request(method, self.base_url + path, **kwargs)
        except requests.RequestException as error:
            self.samples.append(Sample(page, type(error).__name__,
                                       (time.perf_counter() - started) * 1000))
            return None
        self.samples.append(Sample(page, response.status_code,
                                   (time.perf_counter() - started) * 1000))
        return response if response.status_code < 400 else None

    def get(self, page: str, path: str) -> requests.Response | None:
        """GET `path`, following a redirect as the next page's request."""
        response = self.request(page, "GET", path)
        if response is not None and response.is_redirect:
            return self.get(f"{page} (redirected)", _path(response.headers["Location"]))
        return response

    def think(self, seconds: tuple[float, float] = THINK_SECONDS) -> bool:
        """Pause as a person reads; return False once the run is over."""
        return not self.stopped.wait(self.random.uniform(*seconds)) \
            and time.monotonic() < self.until

    def log_in(self) -> bool:
        """Log in through the form; return whether it worked."""
        page = self.get("login form", "/login")
        if page is None:
            return False
        answer = self.request("log in", "POST", "/login", data={
            "csrf_token": field_value(page.text, "csrf_token"), "email": self.account.email,
            "password": PASSWORD})
        return answer is not None and answer.is_redirect \
            and self.get("dashboard", _path(answer.headers["Location"])) is not None

    def log_out(self, page: requests.Response) -> None:
        """Log out with the form on every page."""
        self.request("log out", "POST", "/logout",
                     data={"csrf_token": field_value(page.text, "csrf_token")})

    def manage(self) -> requests.Response | None:
        """Open the manage page and the pictures of resumes the browser has not seen yet."""
        page = self.get("manage", "/resume/manage")
        if page is None:
            return None
        for picture in re.findall(r'src="(/resume/\d+/thumbnail\.png\?[^"]+)"', page.text):
            picture = picture.replace("&amp;", "&")
            if picture not in self.seen_pictures:
                self.seen_pictures.add(picture)
                self.get("thumbnail", picture)
        return page

    def edit_and_save(self, resume_id: int) -> requests.Response | None:
        """Open the Experience section, change a job's summary and save it with the form."""
        path = f"/resume/{resume_id}/edit/work"
        page = self.get("editor", path)
        if page is None:
            return None
        self.get("preview document", f"/resume/{resume_id}/preview/document")
        if not self.think(TYPING_SECONDS):
            return None
        fields = FormFields(page.text, "entries").fields
        fields = [(name, f"Shipped release {self.random.randint(1, 10**6)} of the ledger "
                         "service with zero downtime." if name == "entries-0-summary" else value)
                  for name, value in fields]
        saved = self.request("save", "POST", path, data=[*fields, ("action", "save")])
        if saved is None or not saved.is_redirect:
            return None
        return self.get("editor", _path(saved.headers["Location"]))

    def design_and_downloads(self, resume_id: int) -> requests.Response | None:
        """Open the Design tab, then download the PDF it links to and the Word file."""
        page = self.get("preview", f"/resume/{resume_id}/preview")
        if page is None:
            return None
        elements = FormFields(page.text).by_id
        self.get("preview document", elements["preview-frame"]["src"])
        if not self.think():
            return page
        self.get("pdf", elements["download-pdf"]["href"])
        if self.think():
            self.get("docx", f"/resume/{resume_id}/export/docx")
        return page

    def run(self) -> None:
        """Work until the run is over: log in, then round after round of the mix."""
        if not self.log_in():
            return
        while self.think() and self.round(self.random.choice(self.account.resume_ids)):
            pass

    def round(self, resume_id: int) -> bool:
        """One round of the mix on `resume_id`; return False once the run is over."""
        steps = [
            lambda: self.get("dashboard", "/dashboard"),
            self.manage,
            lambda: self.edit_and_save(resume_id),
            lambda: self.design_and_downloads(resume_id),
            lambda: self.get("search", "/resume/search?q=" + self.random.choice(SEARCH_WORDS)),
            lambda: self.get("history", f"/resume/{resume_id}/versions"),
        ]
        for number, step in enumerate(steps):
            page = step()
            if number == 2 and page is not None and self.random.random() < 0.5:
                # Straight from the editor's "Download PDF" button: the render-ahead path.
                self.stopped.wait(self.random.uniform(0.5, 1.5))
                self.get("pdf after save", f"/resume/{resume_id}/export/pdf")
            if not self.think():
                return False
        if page is not None and self.random.random() < 0.1:
            self.log_out(page)
            return self.log_in()
        return True

    def export(self, exports: "itertools.count", total: int) -> None:
        """Download PDFs in turn in every design and Word files until `total` were made."""
        for design in itertools.cycle(DESIGNS):
            if self.stopped.is_set():
                return
            for resume_id in self.account.resume_ids:
                if next(exports) >= total:
                    return
                self.get("export phase pdf", f"/resume/{resume_id}/export/pdf?template={design}")
                if next(exports) >= total:
                    return
                self.get("export phase docx", f"/resume/{resume_id}/export/docx")


def _path(location: str) -> str:
    """The path and query of a redirect's Location (the app may name its public address)."""
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def run_users(users: list[User], work) -> float:
    """Run `work(index, user)` in a thread per user; return the seconds they took."""
    started = time.monotonic()
    threads = [threading.Thread(target=_recorded, args=(work, index, user), daemon=True)
               for index, user in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def _recorded(work, index: int, user: User) -> None:
    """Run `work(index, user)`; a page the script could not read counts as an error."""
    try:
        work(index, user)
    except Exception as error:  # noqa: BLE001  (the run goes on; the error is reported)
        user.samples.append(Sample("user script", f"{type(error).__name__}: {error}", 0))


def exported(samples: list[Sample]) -> int:
    """Downloads of PDF and Word files that worked."""
    return sum(1 for s in samples if s.page in EXPORT_PAGES and s.status == 200)


def report(table: Table, samples: list[Sample], seconds: float, targeted: bool) -> None:
    """Add throughput, a row per page and the errors of `samples` to `table`."""
    table.add(f"{len(samples)} requests in {seconds:.1f} s: {len(samples) / seconds:.1f} "
              "requests/s")
    by_page = defaultdict(list)
    for sample in samples:
        by_page[sample.page].append(sample.ms)
    table.add(f"{'page':<30} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  target")
    for page, durations in sorted(by_page.items()):
        p95 = percentile(durations, 95)
        met = p95 <= PAGE_P95_MS if targeted else None
        verdict = "" if met is None else (f"p95 <= {PAGE_P95_MS} "
                                          + ("ok" if met else "TOO SLOW"))
        table.add(f"{page:<30} {len(durations):>6} {statistics.median(durations):>8.1f} "
                  f"{p95:>8.1f} {percentile(durations, 99):>8.1f}  {verdict}", met)
    errors = Counter((s.page, s.status) for s in samples
                     if not isinstance(s.status, int) or s.status >= 400)
    table.add(f"errors: {sum(errors.values())} (target 0)", not errors)
    for (page, status), count in sorted(errors.items(), key=str):
        table.add(f"  {page}: {status} x{count}")


REQUEST_LINE = re.compile(r"^(\S+ \S+),\d+ INFO website\.requests: (\w+) (\S+) \d+ ([\d.]+)ms")


def report_app_times(table: Table, log: Path, since: str, until: str) -> None:
    """Add the time the web processes spent on each route between `since` and `until` (their
    log's one line per request): what the browser waited beyond it was queueing."""
    by_route = defaultdict(list)
    for line in log.read_text(errors="replace").splitlines():
        found = REQUEST_LINE.match(line)
        if found and since <= found.group(1) <= until:
            route = re.sub(r"\d+", "<id>", found.group(3).split("?")[0])
            by_route[f"{found.group(2)} {route}"].append(float(found.group(4)))
    table.add(f"{'time in the app (its log)':<40} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for route, durations in sorted(by_route.items()):
        table.add(f"{route:<40} {len(durations):>6} {statistics.median(durations):>8.1f} "
                  f"{percentile(durations, 95):>8.1f}")


def report_memory(table: Table, label: str, memory: dict[str, float], targeted: bool) -> None:
    """Add the MB of each process, the web workers' against the target when `targeted`."""
    for name, mb in sorted(memory.items()):
        met = mb <= RSS_LIMIT_MB if targeted and name.startswith("web") else None
        target = "" if met is None else f"  target <= {RSS_LIMIT_MB} MB " + \
            ("ok" if met else "TOO MUCH")
        table.add(f"RSS {label:<28} {name:<10} {mb:>7.1f} MB{target}", met)


@contextmanager
def bench_database() -> str:
    """A new PostgreSQL database, migrated as the release phase does; dropped afterwards."""
    with temporary_database("postgresql", None) as url:
        name = url.rsplit("/", 1)[1]
        with psycopg2.connect(POSTGRES_ADMIN_DSN) as admin, admin.cursor() as cursor:
            admin.autocommit = True
            # temporary_database turns this off for tests; production waits for the disk.
            cursor.execute(f'ALTER DATABASE "{name}" RESET synchronous_commit')
        admin.close()
        yield url


def queued_renders(url: str) -> tuple[int, int]:
    """(render jobs queued, render jobs failed for good) in the bench database."""
    with psycopg2.connect(url.replace("+psycopg2", "")) as connection, \
            connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FILTER (WHERE status = 'queued'), "
                       "count(*) FILTER (WHERE status = 'failed') FROM render_jobs")
        counts = cursor.fetchone()
    connection.close()
    return counts


def wait_for_renders(url: str, seconds: float = 600) -> float:
    """Wait until the worker has rendered every queued resume; return the seconds it took."""
    started = time.monotonic()
    while queued_renders(url)[0] and time.monotonic() - started < seconds:
        time.sleep(0.5)
    return time.monotonic() - started


def database_counts(url: str) -> tuple[int, int]:
    """(downloads counted on the resumes, files in the render store) of the bench database."""
    with psycopg2.connect(url.replace("+psycopg2", "")) as connection, \
            connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(sum(download_count), 0) FROM resumes")
        downloads = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM rendered_files")
        stored = cursor.fetchone()[0]
    connection.close()
    return downloads, stored


def empty_limiter_store() -> None:
    """Empty the bench's Redis database; without Redis the app counts limits in memory."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).flushdb()
    except redis.ConnectionError:
        print(f"Redis is not reachable at {REDIS_URL}: the app keeps its limits in memory")


def main() -> int:
    """Run the load test; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    options = parser.parse_args()
    # Ctrl-C and SIGTERM both end the run through the finally blocks below.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    table = Table()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: a line per command
    empty_limiter_store()  # counts of an earlier run would refuse this run's downloads
    with ExitStack() as stack:
        database_url = stack.enter_context(bench_database())
        mailbox = stack.enter_context(smtp_server(MailBox("127.0.0.1", free_port())))
        logs = Path(tempfile.mkdtemp(prefix="bench-load-"))
        environment = load_environment(database_url, mailbox.port)
        processes = stack.enter_context(Procfile(environment, logs))
        processes.release()
        accounts_made = seed_accounts(database_url, options.users)
        stack.callback(empty_limiter_store)
        base_url = processes.web()
        processes.worker()
        processes.wait_until_serving(base_url)
        # Existing users' files are in the store, as they would be in production.
        waited = wait_for_renders(database_url)
        table.add(f"load: {options.users} users for {options.seconds:.0f} s, gunicorn with "
                  f"WEB_CONCURRENCY={environment['WEB_CONCURRENCY']} and the worker, on "
                  f"PostgreSQL; logs in {logs}")
        table.add(f"the worker rendered the {len(accounts_made) * RESUMES_PER_USER} resumes' "
                  f"files ahead in {waited:.0f} s before the users arrived")

        monitor = Monitor(processes, database_url.rsplit("/", 1)[1])
        stack.callback(monitor.admin.close)
        stack.callback(monitor.stopped.set)
        threading.Thread(target=monitor.run, daemon=True).start()
        stopped = threading.Event()
        stack.callback(stopped.set)
        samples: list[Sample] = []
        until = time.monotonic() + options.seconds
        users = [User(account, base_url, samples, until, stopped, random.Random(number))
                 for number, account in enumerate(accounts_made)]
        ramp = options.seconds / 3
        cpu_before, load_before = monitor.cpu(), os.getloadavg()[0]
        since = time.strftime("%Y-%m-%d %H:%M:%S")
        # People arrive over the first seconds rather than all logging in at once.
        seconds = run_users(users, lambda index, user: None if stopped.wait(
            ramp * index / len(users)) else user.run())
        report(table, samples, seconds, targeted=True)
        report_app_times(table, logs / "web.log", since, time.strftime("%Y-%m-%d %H:%M:%S"))
        cpu = {name: used - cpu_before[name] for name, used in monitor.cpu().items()}
        table.add(f"CPU in the mixed run: web processes {cpu['web']:.1f} s "
                  f"({cpu['web'] * 1000 / max(1, len(samples)):.0f} ms a request), worker "
                  f"{cpu['worker']:.1f} s, of {os.cpu_count()} cores x {seconds:.0f} s; "
                  f"machine load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} "
                  "after (other work on the machine slows every page)")
        made = exported(samples)
        table.add(f"exports in the mixed run: {made}")
        report_memory(table, "after the mixed run", monitor.memory(), targeted=False)

        if made < EXPORTS_BEFORE_RSS:
            phase: list[Sample] = []
            exports = itertools.count()
            for user in users:
                user.samples = phase
            seconds = run_users(users, lambda index, user: user.export(
                exports, EXPORTS_BEFORE_RSS - made))
            table.add(f"export phase (no think time; not held to the page target): "
                      f"{exported(phase)} exports")
            report(table, phase, seconds, targeted=False)
            made += exported(phase)
        downloads, stored = database_counts(database_url)
        table.add(f"exports: {made} by the users; {downloads} downloads counted by the app; "
                  f"{stored} files in the render store; {len(mailbox.messages)} emails "
                  "received by the SMTP server")
        report_memory(table, f"after {made} exports", monitor.memory(),
                      targeted=made >= EXPORTS_BEFORE_RSS)
        if made < EXPORTS_BEFORE_RSS:
            table.add(f"only {made} of {EXPORTS_BEFORE_RSS} exports made", False)
        failed = queued_renders(database_url)[1]
        table.add(f"render jobs failed: {failed} (target 0)", failed == 0)
        report_memory(table, "peak", {name: mb for name, mb in monitor.peaks.items()
                                      if name != "connections"}, targeted=False)
        table.add(f"database connections: peak {monitor.peaks['connections']:.0f}, "
                  f"at the end {monitor.connections()}")
    return table.save("load")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the processes are stopped and the database dropped by now
        sys.exit("Interrupted: the app's processes were stopped and its database dropped.")
