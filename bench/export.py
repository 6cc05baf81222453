"""Export (PDF, DOCX, TXT, JSON), preview and gallery speed, and peak memory, on PostgreSQL.

Run with `.venv/bin/python bench/export.py` (or `make bench`). It creates and drops its own
database on the PostgreSQL of the tests (TEST_POSTGRES_DSN, default 127.0.0.1:5432, user
postgres), measures in-process through the Flask test client, prints a table, writes it to
bench/results/export.txt and exits with status 1 if a target is missed.

PDFs are measured twice: "pdf (render)" deletes the stored files (untimed) before each
download, so it times WeasyPrint itself; "pdf (cached)" re-downloads the unchanged resume,
served from the file store (services/export/store.py). For
comparison, "chromium pdf (same html)" times Chromium printing the very HTML the PDF is made of
(set into a warm page, its stylesheet and fonts served by the app), without a target.
Then, for every design, the nine-year sample (tests/export_samples.py): its PDF, its PDF fitted
to one page (the fit search and the PDF, stored files and fits forgotten first, untimed) and its
Word file.
"""
import logging
import re
import resource
import shutil
import statistics
import subprocess
import sys
from dataclasses import replace
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project root replaces bench/ on the path: see bench/harness.py

from playwright.sync_api import Route, sync_playwright  # noqa: E402

from bench.harness import (  # noqa: E402
    Table,
    logged_in,
    page_request,
    percentile,
    postgres_app,
    resume_content,
    timed,
    timing_header,
    timing_row,
)
from tests.export_samples import nine_years  # noqa: E402
from tests.helpers import PASSWORD  # noqa: E402
from website.extensions import db  # noqa: E402
from website.models import Resume, User  # noqa: E402
from website.services import accounts, design_settings, designs, resumes, thumbnails  # noqa: E402
from website.services.export import (  # noqa: E402
    files,
    rendering,
)

EMAIL = "bench@example.com"
RUNS = {"pdf": 50, "file": 50, "preview": 200, "gallery": 50, "fit": 20, "chromium": 50}
# p95 targets from the templates-and-export issue (its PDF p50 target is 150 ms, checked too);
# the gallery's are ours: a cached picture must feel instant. The memory target keeps a worker
# far inside a 512 MB Heroku dyno.
# "(file)" rows time making the bytes alone; the download rows add what every download also
# does (login check, counting, analytics event, email queued), shown without a target.
TARGETS_MS = {"first pdf": 1500, "pdf (render)": 250, "pdf (cached)": 250, "docx (render)": 60,
              "docx (cached)": 60,
              "txt (file)": 10, "json (file)": 10, "docx download": None, "txt download": None,
              "json download": None, "chromium pdf (same html)": None,
              "preview page": 30, "preview document": 30,
              "gallery page": 30, "first thumbnail": 1500, "thumbnail (cached)": 30}
# "pdf (render)": the render-ahead issue's target for a PDF made anew.
P50_TARGETS_MS = {"pdf (render)": 110, "pdf (cached)": 150}
# Per design, for the nine-year sample: (p50, p95) targets in ms, from the designs issue.
DESIGN_TARGETS_MS = {"pdf": (150, 250), "pdf fit to 1 page": (None, 800), "docx": (None, 60)}
DESIGNS = [slug for slug, *_ in designs.BUILT_IN]
PEAK_MEMORY_TARGET_MB = 400
NAME_WIDTH = 30
CHROMIUM = "/usr/bin/chromium"
# The origin the Chromium page has; its requests are answered by the app's test client.
CHROMIUM_ORIGIN = "http://bench.invalid"


def two_page_resume() -> dict:
    """A resume that fills two A4 pages: four jobs with highlights, schools, skills, projects."""
    content = resume_content(jobs=4, skills=["Python", "Go", "PostgreSQL", "Kubernetes",
                                             "Terraform"], projects=2)
    content["basics"]["name"] = "Zoë Ivanova-Παπαδοπούλου"
    content["basics"]["profiles"][0]["url"] = "https://github.com/bench"
    return content


def judged(table: Table, name: str, durations: list[float], p50_limit: int | None,
           p95_limit: int | None) -> None:
    """Add the timing row of `durations`, held to its p50 and p95 limits (None: no limit)."""
    p50, p95 = statistics.median(durations), percentile(durations, 95)
    ok = (p50_limit is None or p50 <= p50_limit) and (p95_limit is None or p95 <= p95_limit)
    limits = ", ".join(f"{which} <= {limit}" for which, limit in (("p50", p50_limit),
                                                                  ("p95", p95_limit))
                       if limit is not None)
    verdict = ("ok" if ok else "TOO SLOW") if limits else ""
    table.add(timing_row(name, durations, limits or "-", verdict, NAME_WIDTH, target_width=26),
              ok)


def page_count(pdf: bytes) -> int:
    """Return how many pages `pdf` has, as poppler's pdfinfo reads it."""
    tool = shutil.which("pdfinfo") or "/usr/bin/pdfinfo"
    # A fixed local tool reading the PDF we just made, never user input.
    info = subprocess.run([tool, "-"], input=pdf, capture_output=True, check=True).stdout  # noqa: S603
    return int(re.search(rb"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def made(app, resume_id: int) -> list[tuple[str, list[float]]]:
    """Time making each file of the resume (the download's own work, no HTTP, no counting);
    Word files both made anew each time and reused from the cache."""
    with app.test_request_context(), app.app_context():
        resume = db.session.get(Resume, resume_id)
        return [(name, timed(RUNS["file"], lambda step, make=make: make(resume), before=before))
                for name, make, before in (
                    ("docx (render)", files.word, files.forget_cached),
                    ("docx (cached)", files.word, None),
                    ("txt (file)", files.plain_text, None),
                    ("json (file)", files.json_file, None))]


def chromium_printed(app, client, resume_id: int) -> list[float]:
    """Time Chromium printing the HTML WeasyPrint is given for the resume to a PDF: the HTML
    set into a page that has printed it before, the stylesheet and fonts it links served by the
    app."""
    with app.test_request_context(), app.app_context():
        resume = db.session.get(Resume, resume_id)
        html = rendering.render_html(resume, design_settings.effective(resume))

    def answered_by_app(route: Route) -> None:
        response = client.get(route.request.url.removeprefix(CHROMIUM_ORIGIN) or "/")
        route.fulfill(status=response.status_code, body=response.data,
                      content_type=response.content_type)

    def printed(step: int) -> None:
        page.set_content(html, wait_until="load")
        assert page.pdf(format="A4").startswith(b"%PDF-")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page()
        page.route(f"{CHROMIUM_ORIGIN}/**", answered_by_app)
        page.goto(f"{CHROMIUM_ORIGIN}/")  # a page of the origin that relative links resolve against
        try:
            return timed(RUNS["chromium"], printed, warmup=3)
        finally:
            browser.close()


def per_design(app, owner_id: int) -> list[tuple[str, list[float], int | None, int | None]]:
    """Time the nine-year sample's PDF, its PDF fitted to one page and its Word file in every
    design, each made anew (caches emptied) every time; with their p50 and p95 limits."""
    results = []
    with app.test_request_context(), app.app_context():
        owner = db.session.get(User, owner_id)
        for slug in DESIGNS:
            resume = resumes.create(owner, f"Nine years ({slug})", slug, nine_years())
            one_page = replace(design_settings.effective(resume), fit_pages=1)
            for kind, make, runs in (
                    ("pdf", files.pdf, RUNS["pdf"]),
                    ("pdf fit to 1 page", partial(files.pdf, settings=one_page), RUNS["fit"]),
                    ("docx", files.word, RUNS["file"])):
                results.append((f"{slug} {kind}",
                                timed(runs, lambda step, make=make, resume=resume: make(resume),
                                      warmup=1, before=files.forget_cached),
                                *DESIGN_TARGETS_MS[kind]))
    return results


def main() -> int:
    """Measure, print and save the table; return the exit status."""
    with postgres_app(EXPORT_LIMIT="100000 per minute") as app:
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        with app.app_context():
            designs.seed()
            owner = accounts.create_user("Bench User", EMAIL, PASSWORD)
            owner_id = owner.id
            resume_id = resumes.create(owner, "Two pages", "modern", two_page_resume()).id
        client = logged_in(app, EMAIL)
        memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        get = partial(page_request, client)

        last = {}
        pdf = get(f"/resume/{resume_id}/export/pdf",
                  lambda response: last.update(pdf=response.data))

        def forget_stored() -> None:
            with app.app_context():  # the stored files are rows in the database
                files.forget_cached()

        first_pdf = timed(1, pdf)  # fonts parsed, templates compiled: the cold start
        preview = client.get(f"/resume/{resume_id}/preview").get_data(as_text=True)
        document = re.search(r'<iframe[^>]*src="([^"]+)"', preview).group(1).replace("&amp;", "&")
        thumbnails._memory.clear()  # this process has never drawn one
        results = [
            ("first pdf", first_pdf),
            ("pdf (render)", timed(RUNS["pdf"], pdf, before=forget_stored)),
            ("pdf (cached)", timed(RUNS["pdf"], pdf)),
            ("chromium pdf (same html)", chromium_printed(app, client, resume_id)),
            *made(app, resume_id),
            ("docx download", timed(RUNS["file"], get(f"/resume/{resume_id}/export/docx"))),
            ("txt download", timed(RUNS["file"], get(f"/resume/{resume_id}/export/txt"))),
            ("json download", timed(RUNS["file"], get(f"/resume/{resume_id}/export/json"))),
            ("preview page", timed(RUNS["preview"], get(f"/resume/{resume_id}/preview"))),
            ("preview document", timed(RUNS["preview"], get(document))),
            ("gallery page", timed(RUNS["gallery"], get("/templates"))),
            ("first thumbnail", timed(1, get("/templates/modern/thumbnail.png"))),
            ("thumbnail (cached)", timed(RUNS["gallery"],
                                         get("/templates/modern/thumbnail.png"))),
        ]
        timings = per_design(app, owner_id)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    page_total = page_count(last["pdf"])
    table = Table()
    table.add(f"Export on PostgreSQL: a {page_total}-page resume, WeasyPrint, in-process Flask "
              "test client")
    table.add("")
    table.add(timing_header(NAME_WIDTH, target_width=26))
    table.missed |= page_total != 2
    for name, durations in results:
        judged(table, name, durations, P50_TARGETS_MS.get(name), TARGETS_MS[name])
    table.add("")
    table.add("The nine-year sample in each design, made anew each time")
    table.add("")
    table.add(timing_header(NAME_WIDTH, target_width=26))
    for row in timings:
        judged(table, *row)
    memory_ok = peak_mb <= PEAK_MEMORY_TARGET_MB
    table.add("")
    table.add(f"peak memory (max RSS): {peak_mb:.0f} MB ({memory_before:.0f} MB before the "
              f"first PDF), target <= {PEAK_MEMORY_TARGET_MB} MB  "
              f"{'ok' if memory_ok else 'TOO MUCH'}", memory_ok)
    return table.save("export")


if __name__ == "__main__":
    sys.exit(main())
