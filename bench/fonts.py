"""PDF speed of the nine-year sample in every font the customiser offers.

Run with `.venv/bin/python bench/fonts.py` (or `make bench`). Each font is drawn in the classic
design with its default settings but that font, by `rendering.render_pdf` itself (no PDF cache,
no HTTP, an unsaved resume as the gallery draws), so the rows differ only by what the font's
faces and its fallback cost WeasyPrint. Exits with status 1 if a font misses the issue's
p50 <= 150 ms for a two-page PDF.
"""
import logging
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project root replaces bench/ on the path: see bench/harness.py

from bench.harness import Table, TempDirs, timing_header, timing_row  # noqa: E402
from tests.export_samples import nine_years  # noqa: E402
from tests.helpers import make_test_app, temporary_database  # noqa: E402
from website.extensions import db  # noqa: E402
from website.models import Resume  # noqa: E402
from website.services import (  # noqa: E402
    design_settings,
    designs,
)
from website.services.export import rendering  # noqa: E402

DESIGN = "classic"
RUNS = 15
P50_TARGET_MS = 150


def main() -> int:
    """Measure, print and save the table; return the exit status."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    table = Table()
    table.add(f"PDF of the nine-year sample in the {DESIGN} design, per font: "
              f"rendering.render_pdf, {RUNS} rounds over every font after one untimed")
    table.add("")
    table.add(timing_header(20, target_width=14))
    durations: dict[str, list[float]] = {key: [] for key in design_settings.FONTS}
    with temporary_database("sqlite", TempDirs()) as url:
        app = make_test_app(url)
        with app.test_request_context():
            db.create_all()
            designs.seed()  # the catalogue the design's default settings come from
            resume = Resume(title="Bench", design_slug=DESIGN, design_settings={},
                            content=nine_years())
            looks = {key: replace(design_settings.defaults(DESIGN), font=key)
                     for key in durations}
            # Round by round, so a machine busy for a while slows every font alike.
            for step in range(RUNS + 1):
                for key, settings in looks.items():
                    started = time.perf_counter()
                    rendering.render_pdf(rendering.RenderContext.of(resume, settings))
                    if step:
                        durations[key].append((time.perf_counter() - started) * 1000)
    for key, times in durations.items():
        ok = statistics.median(times) <= P50_TARGET_MS
        table.add(timing_row(key, times, f"p50 <= {P50_TARGET_MS}", "ok" if ok else "TOO SLOW",
                             20, target_width=14), ok)
    return table.save("fonts")


if __name__ == "__main__":
    sys.exit(main())
