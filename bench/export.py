"""Export (PDF, DOCX, TXT, JSON), preview and gallery speed, and peak memory, on PostgreSQL.

Run with `.venv/bin/python bench/export.py` (or `make bench`). It creates and drops its own
database on the PostgreSQL of the tests (TEST_POSTGRES_DSN, default 127.0.0.1:5432, user
postgres), measures in-process through the Flask test client, prints a table, writes it to
bench/results/export.txt and exits with status 1 if a target is missed.

PDFs are measured twice: "pdf (render)" empties the PDF cache before each download, so it times
WeasyPrint itself; "pdf (cached)" re-downloads the unchanged resume, as the issue allows.
"""
import logging
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a plain script from any directory: the project root replaces bench/ on the path, so a
# benchmark named like a standard module (bench/email.py) cannot shadow it.
sys.path[0] = str(ROOT)

from tests.conftest import PASSWORD, log_in, make_test_app, temporary_database  # noqa: E402
from website.extensions import db  # noqa: E402
from website.models import Resume  # noqa: E402
from website.services import accounts, resumes, templates, thumbnails  # noqa: E402
from website.services.export import files  # noqa: E402

EMAIL = "bench@example.com"
RUNS = {"pdf": 50, "file": 50, "preview": 200, "gallery": 50}
# p95 targets from the templates-and-export issue (its PDF p50 target is 150 ms, checked too);
# the gallery's are ours: a cached picture must feel instant. The memory target keeps a worker
# far inside a 512 MB Heroku dyno.
# "(file)" rows time making the bytes alone; the download rows add what every download also
# does (login check, counting, analytics event, email queued), shown without a target.
TARGETS_MS = {"first pdf": 1500, "pdf (render)": 250, "pdf (cached)": 250, "docx (render)": 60,
              "docx (cached)": 60,
              "txt (file)": 10, "json (file)": 10, "docx download": None, "txt download": None,
              "json download": None, "preview page": 30, "preview document": 30,
              "gallery page": 30, "first thumbnail": 1500, "thumbnail (cached)": 30}
P50_TARGETS_MS = {"pdf (render)": 150, "pdf (cached)": 150}
PEAK_MEMORY_TARGET_MB = 400


def two_page_resume() -> dict:
    """A resume that fills two A4 pages: four jobs with highlights, schools, skills, projects."""
    jobs = [{"position": f"Engineer level {n}", "name": f"Company {n}", "location": "Berlin",
             "url": f"https://company{n}.example.com", "startDate": f"{2010 + n}-01",
             "endDate": "" if n == 0 else f"{2011 + n}-01",
             "summary": "Worked on the payments platform: card processing, payouts, ledgers.",
             "highlights": [f"Cut infrastructure costs by {10 + n}% in one year",
                            "Led the move of 40 services to Kubernetes without downtime",
                            "Designed the idempotent payout API used by 2,000 merchants",
                            "Mentored six engineers, three of them now senior"]}
            for n in range(4)]
    return {
        "basics": {"name": "Zoë Ivanova-Παπαδοπούλου", "label": "Staff Engineer", "email": EMAIL,
                   "summary": "Backend engineer who turns slow, fragile services into fast, "
                              "boring ones.", "location": {"city": "Berlin", "countryCode": "DE"},
                   "profiles": [{"network": "GitHub", "username": "bench",
                                 "url": "https://github.com/bench"}]},
        "work": jobs,
        "education": [{"institution": "TU Berlin", "studyType": "MSc", "area": "Computer "
                       "Science", "startDate": "2006", "endDate": "2009"},
                      {"institution": "TU Munich", "studyType": "BSc", "startDate": "2003",
                       "endDate": "2006"}],
        "skills": [{"name": name, "keywords": ["production", "teaching"]}
                   for name in ("Python", "Go", "PostgreSQL", "Kubernetes", "Terraform")],
        "projects": [{"name": f"Project {n}", "description": "An open-source tool for teams.",
                      "highlights": ["1,000 stars", "Used by 50 companies"]} for n in range(2)],
    }


def page_count(pdf: bytes) -> int:
    """Return how many pages `pdf` has, as poppler's pdfinfo reads it."""
    tool = shutil.which("pdfinfo") or "/usr/bin/pdfinfo"
    # A fixed local tool reading the PDF we just made, never user input.
    info = subprocess.run([tool, "-"], input=pdf, capture_output=True, check=True).stdout  # noqa: S603
    return int(re.search(rb"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def timed(runs: int, request) -> list[float]:
    """Return the duration of each of `runs` calls of `request`, in milliseconds."""
    durations = []
    for _ in range(runs):
        started = time.perf_counter()
        request()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def percentile(values: list[float], percent: int) -> float:
    """Return the `percent`th percentile of `values`."""
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def made(app, resume_id: int) -> list[tuple[str, list[float]]]:
    """Time making each file of the resume (the download's own work, no HTTP, no counting);
    Word files both made anew each time and reused from the cache."""
    def word_anew(resume):
        files.forget_cached()
        return files.word(resume)

    with app.test_request_context(), app.app_context():
        resume = db.session.get(Resume, resume_id)
        return [(name, timed(RUNS["file"], lambda make=make: make(resume)))
                for name, make in (("docx (render)", word_anew), ("docx (cached)", files.word),
                                   ("txt (file)", files.plain_text),
                                   ("json (file)", files.json_file))]


def main() -> int:
    """Measure, print and save the table; return the exit status."""
    with temporary_database("postgresql", None) as url:
        app = make_test_app(url, EXPORT_LIMIT="100000 per minute")
        logging.getLogger("website.requests").setLevel(logging.WARNING)
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        with app.app_context():
            db.create_all()
            templates.seed()
            owner = accounts.create_user("Bench User", EMAIL, PASSWORD)
            resume_id = resumes.create(owner, "Two pages", "modern", two_page_resume()).id
        client = app.test_client()
        assert log_in(client, EMAIL).status_code == 302
        memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        def get(path: str, check=None):
            def request():
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
                if check:
                    check(response)
            return request

        last = {}
        pdf = get(f"/resume/{resume_id}/export/pdf",
                  lambda response: last.update(pdf=response.data))

        def rendered_pdf():
            files.forget_cached()
            pdf()

        first_pdf = timed(1, pdf)  # fonts parsed, templates compiled: the cold start
        preview = client.get(f"/resume/{resume_id}/preview").get_data(as_text=True)
        document = re.search(r'<iframe[^>]*src="([^"]+)"', preview).group(1).replace("&amp;", "&")
        thumbnails._memory.clear()  # this process has never drawn one
        results = [
            ("first pdf", first_pdf),
            ("pdf (render)", timed(RUNS["pdf"], rendered_pdf)),
            ("pdf (cached)", timed(RUNS["pdf"], pdf)),
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
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    page_total = page_count(last["pdf"])
    lines = [f"Export on PostgreSQL: a {page_total}-page resume, WeasyPrint, in-process Flask "
             "test client", "",
             f"{'measurement':<20} {'runs':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
             f"{'target':>26}  result"]
    failed = page_total != 2
    for name, durations in results:
        p50 = statistics.median(durations)
        p95 = percentile(durations, 95) if len(durations) > 1 else durations[0]
        limit = TARGETS_MS[name]
        ok = (limit is None or p95 <= limit) and p50 <= P50_TARGETS_MS.get(name, p50)
        target = "-" if limit is None else f"p95 <= {limit}"
        if name in P50_TARGETS_MS:
            target = f"p50 <= {P50_TARGETS_MS[name]}, " + target
        failed |= not ok
        verdict = "" if limit is None else "ok" if ok else "TOO SLOW"
        lines.append(f"{name:<20} {len(durations):>5} {p50:>7.1f} {p95:>7.1f} "
                     f"{max(durations):>7.1f} {target:>26}  {verdict}")
    memory_ok = peak_mb <= PEAK_MEMORY_TARGET_MB
    failed |= not memory_ok
    lines += ["", f"peak memory (max RSS): {peak_mb:.0f} MB ({memory_before:.0f} MB before the "
              f"first PDF), target <= {PEAK_MEMORY_TARGET_MB} MB  "
              f"{'ok' if memory_ok else 'TOO MUCH'}"]
    table = "\n".join(lines)
    print(table)
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "export.txt").write_text(table + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
