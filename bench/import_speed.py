"""How long reading an uploaded resume file keeps a web worker busy: typical files and the
hostile ones the import tests refuse or cut short (zip bombs, endless Word documents, PDFs
drawing far more than a resume, 200-page PDFs).

Run with `.venv/bin/python bench/import_speed.py` (or `make bench`). It makes an app on a
temporary SQLite database (the JSON reader looks up designs), reads each file RUNS times with
`website.services.imports.reader.read` and prints the wall time per file (p50, p95, max). The
issue's bound is that no file keeps a worker for more than a second: every file's p95 must be
under TARGET_MS. It writes the table to bench/results/import_speed.txt and exits with status 1
if a file misses it.
"""
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project root replaces bench/ on the path: see bench/harness.py

from bench.export import two_page_resume  # noqa: E402
from bench.harness import Table, TempDirs, add_p95_rows, timed  # noqa: E402
from tests.helpers import make_test_app, temporary_database  # noqa: E402
from tests.imports.test_import_docx import BAD, HOSTILE, ours, with_body  # noqa: E402
from tests.imports.test_import_linkedin import BOMBS, export  # noqa: E402
from tests.imports.test_import_pdf import our_pdf, packed_spaces, pdf_file  # noqa: E402
from website.extensions import db  # noqa: E402
from website.services import (  # noqa: E402
    designs,
    resume_document,
)
from website.services.export import json_resume  # noqa: E402
from website.services.imports import ImportRejected, reader  # noqa: E402

RUNS = 5
TARGET_MS = 1000
NAME_WIDTH = 58


def long_pdf() -> bytes:
    """A 200-page PDF of jobs: only the first pages are read."""
    job = b"0 -14 Td (Engineer, Acme Corp 2019 - 2020) Tj " + \
        b"0 -14 Td (- Did a thing that mattered to the whole team) Tj " * 40
    return pdf_file(b"BT /F1 10 Tf 50 800 Td (Long Resume) Tj 0 -20 Td (Experience) Tj "
                    + job + b"ET", pages=200)


def files(app) -> dict[str, bytes]:
    """Every file to time, by a name saying what it is."""
    document = resume_document.normalize(two_page_resume())
    typical = {
        "JSON Resume, two pages": json_resume.json_bytes(document, design_slug="classic",
                                                         design_settings={}),
        "our PDF, two pages, with its attachment": our_pdf(app, document, "classic"),
        "our PDF, two pages, read from its text": our_pdf(app, document, "classic",
                                                          attached=False),
        "our Word file, two pages": ours(document, "classic"),
        "LinkedIn export": export(),
    }
    hostile = {
        **{f"Word: {name}": raw for name, (raw, _) in BAD.items()},
        **{f"Word: {name}": with_body(body) for name, body in HOSTILE.items()},
        **{f"ZIP: {name}": raw for name, (raw, _) in BOMBS.items()},
        "PDF: 200 pages of jobs": long_pdf(),
        "PDF: a page drawing 400,000 glyphs": pdf_file(
            b"BT /F1 1 Tf 10 10 Td (" + b"x" * 400_000 + b") Tj ET"),
        "PDF: a page packing 256 MB of spaces into 250 KB": pdf_file(packed_spaces(256),
                                                                     packed=True),
        "JSON: nested 10,000 deep": b"[" * 10_000 + b"]" * 10_000,
    }
    return typical | hostile


def read_once(raw: bytes) -> None:
    """Read `raw` as an upload is read; a refusal is an answer like any other."""
    try:
        reader.read(raw)
    except ImportRejected:
        pass


def main() -> int:
    """Time every file, print the table and return the exit status."""
    table = Table()
    # Rendering the sample PDFs logs every step; only the table matters here.
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    logging.getLogger("website").setLevel(logging.CRITICAL)
    with temporary_database("sqlite", TempDirs()) as url:
        app = make_test_app(url)
        with app.app_context():
            db.create_all()
            designs.seed()
            results = [(name, timed(RUNS, lambda _, raw=raw: read_once(raw), warmup=1),
                        TARGET_MS) for name, raw in files(app).items()]
    table.add(f"Reading an uploaded file ({RUNS} runs each, wall time)")
    add_p95_rows(table, results, NAME_WIDTH)
    return table.save("import_speed")


if __name__ == "__main__":
    sys.exit(main())
