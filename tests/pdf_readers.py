"""A PDF read the ways applicant tracking systems read it: four text extractors, the column by
column reading of a two-column page, and where each glyph lies."""
import io
import shutil
import subprocess
from collections.abc import Callable, Iterator

from pdfminer.high_level import extract_pages
from pdfminer.high_level import extract_text as pdfminer_text
from pdfminer.layout import LTChar, LTComponent, LTContainer, LTPage
from pypdf import PdfReader

# Word gaps are narrower than this (points); the gutter between two columns is wider.
WORD_GAP = 3
# Only a gap this far from the page edges can be a gutter between columns.
GUTTER_ZONE = (0.2, 0.8)


def poppler_text(pdf: bytes, *options: str) -> str:
    """Return poppler's `pdftotext` reading of `pdf` with `options` (like -raw, -layout)."""
    command = [shutil.which("pdftotext") or "pdftotext", *options, "-enc", "UTF-8", "-", "-"]
    return subprocess.run(command, input=pdf, capture_output=True, check=True).stdout.decode()


def pypdf_text(pdf: bytes) -> str:
    """Return pypdf's reading of `pdf`, pages one after the other."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdfminer_reading(pdf: bytes) -> str:
    """Return pdfminer.six's reading of `pdf`."""
    return pdfminer_text(io.BytesIO(pdf))


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "pdftotext-raw": lambda pdf: poppler_text(pdf, "-raw"),
    "pdftotext-layout": lambda pdf: poppler_text(pdf, "-layout"),
    "pypdf": pypdf_text,
    "pdfminer": pdfminer_reading,
}


def _chars(item: LTComponent) -> Iterator[LTChar]:
    if isinstance(item, LTChar):
        yield item
    elif isinstance(item, LTContainer):
        for child in item:
            yield from _chars(child)


def pages(pdf: bytes) -> list[LTPage]:
    """Return pdfminer's layout of each page of `pdf`."""
    return list(extract_pages(io.BytesIO(pdf)))


def glyphs(page: LTPage) -> list[LTChar]:
    """Return every glyph drawn on `page` (pdfminer's boxes: origin at the bottom left)."""
    return list(_chars(page))


def _columns(page: LTPage) -> list[tuple[float, float, float, float]]:
    """Return the regions (x, y from the top, width, height) to read one after the other: the
    full-width band at the top of the page, then each column below it, highest first.

    The gutter is the vertical line in the middle of the page that the fewest lines of text
    cross from below: only the masthead (if it spans both columns) may cross it.
    """
    width, height = page.width, page.height
    boxes = [(c.x0 - WORD_GAP, c.x1 + WORD_GAP, height - c.y0, height - c.y1)
             for c in glyphs(page)]  # (left, right, bottom, top) measured from the top

    def band_bottom(x: int) -> float:
        return max((bottom for left, right, bottom, _ in boxes if left < x < right), default=0)

    xs = range(int(width * GUTTER_ZONE[0]), int(width * GUTTER_ZONE[1]))
    bottoms = {x: band_bottom(x) for x in xs}
    lowest = min(bottoms.values())
    # The widest run of equally good positions; its middle is the gutter.
    runs: list[list[int]] = []
    for x in xs:
        if bottoms[x] == lowest:
            if runs and runs[-1][-1] == x - 1:
                runs[-1].append(x)
            else:
                runs.append([x])
    run = max(runs, key=len)
    gutter = run[len(run) // 2]
    left, right = (0, 0, gutter, height), (gutter, 0, width - gutter, height)

    def first_line(region):
        tops = [top for x0, x1, _, top in boxes
                if region[0] <= (x0 + x1) / 2 < region[0] + region[2] and top >= lowest]
        return min(tops, default=height)

    below = sorted((left, right), key=first_line)
    return [(0, 0, width, lowest)] + [(x, lowest, w, height - lowest) for x, _, w, _ in below]


def pdftotext_by_column(pdf: bytes, *options: str) -> str:
    """Return `pdftotext` of `pdf`, each page read region by region (see `_columns`), so two
    columns laid side by side come out one after the other."""
    parts = []
    for number, page in enumerate(pages(pdf), start=1):
        for x, y, w, h in _columns(page):
            if w > 0 and h > 0:
                parts.append(poppler_text(pdf, *options, "-f", str(number), "-l", str(number),
                                       "-x", str(int(x)), "-y", str(int(y)),
                                       "-W", str(int(w) + 1), "-H", str(int(h) + 1)))
    return "\n".join(parts)


def font_names(pdf: bytes) -> set[str]:
    """Return the names of the fonts the text of `pdf` is drawn in, without subset prefixes."""
    return {glyph.fontname.rpartition("+")[2] for page in pages(pdf) for glyph in glyphs(page)}


def text_colours(pdf: bytes) -> set[str]:
    """Return the colours the text of `pdf` is drawn in, as #rrggbb (RGB fills only)."""
    colours = set()
    for page in pages(pdf):
        for glyph in glyphs(page):
            fill = glyph.graphicstate.ncolor
            if isinstance(fill, tuple) and len(fill) == 3:
                colours.add("#" + "".join(f"{round(part * 255):02x}" for part in fill))
    return colours
