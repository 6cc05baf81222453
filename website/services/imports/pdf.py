"""Read a PDF resume into an import result: exactly from the JSON Resume file our own PDFs
carry, otherwise from the text layer, line by line with its font size and weight."""
import io
import logging
import re
import statistics
import time
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTPage, LTText, LTTextLineHorizontal
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from website.services.export.rendering import ATTACHMENT_NAME
from website.services.imports import (
    ImportRejected,
    ImportResult,
    ImportWarning,
    TextLine,
    json_resume,
    layout,
    pdf_streams,
)

DAMAGED = _l("This PDF is damaged and could not be read. Export it again from the program "
             "that made it.")
MAX_PAGES = 10
MAX_ATTACHMENT_BYTES = 1024 * 1024
# Past this much time reading pages, the rest is left out: a resume's first pages hold it, and
# a web worker must not be held for long by one odd file. A two-page resume takes about 0.1 s;
# the slack is for a busy machine, where cutting page two of an ordinary file would hurt.
TIME_BUDGET_SECONDS = 1.0
# Glyphs and paths drawn: a dense resume page draws about 5,000, so a page drawing more than
# twice that, or a file more than eight such pages, is something else (and slow to lay out).
MAX_PAGE_DRAWN = 10_000
MAX_DRAWN = 40_000
MAX_CONTENT_BYTES = 1024 * 1024
MAX_CONTENT_ARRAYS = 10_000
BOLD = re.compile(r"bold|black|heavy|semibold|demi|extrab|ultrab|[-,]b$|-bd|medium", re.I)
ITALIC = re.compile(r"italic|oblique|-it$|-i$", re.I)
ICON_FONT = re.compile(r"awesome|icon|symbol|wingding|zapf|dingbat|material", re.I)
PRIVATE = re.compile(r"[\ue000-\uf8ff]|\(cid:\d+\)")
logging.getLogger("pdfminer").setLevel(logging.ERROR)
pdf_streams.install()


@dataclass
class Piece:
    """One pdfminer text line: its text, box and look."""

    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    size: float
    bold: bool
    italic: bool
    bullet: bool = False


def _opened(raw: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportRejected(_("This PDF is protected with a password. Save a copy "
                                   "without the password (print it to PDF) and import that."))
        reader.trailer["/Root"]["/Pages"]  # a file without pages is damaged
    except ImportRejected:
        raise
    except Exception as error:  # pypdf raises many kinds on a broken file
        raise ImportRejected(str(DAMAGED)) from error
    return reader


def _page_count(reader: PdfReader) -> int:
    """Return the page count the file declares (counting the pages themselves would walk all
    of them: seconds for a file of 20,000)."""
    try:
        return int(reader.trailer["/Root"]["/Pages"]["/Count"])
    except (KeyError, TypeError, ValueError, PdfReadError):
        return 0


def _attached(reader: PdfReader) -> bytes | None:
    """Return the JSON Resume file this site attaches to its PDFs, if this one has it."""
    try:
        found = reader.attachments.get(ATTACHMENT_NAME)
    except (PdfReadError, KeyError, TypeError, ValueError, AttributeError):
        return None
    if not found or len(found[0]) > MAX_ATTACHMENT_BYTES:
        return None
    return found[0]


def _emphasis_end(text: str, glyphs: list[tuple[int, bool]], marks: str) -> int | None:
    """Return where the separator (one of `marks`) ends at which the emphasis of a line's first
    glyphs gives way to plain text (`glyphs`: the offset and emphasis of each visible one)."""
    if not glyphs or not glyphs[0][1]:
        return None
    at = next((offset for offset, emphasised in glyphs if not emphasised), None)
    if at is None:
        return None
    if after := re.match(rf"\s*[{marks}](?=\s)", text[at:]):
        return at + after.end()
    if before := re.search(rf"[{marks}]\s+$", text[:at]):
        return before.start() + 1
    return None


def _emphasised(line: LTTextLineHorizontal) -> tuple[str, bool]:
    """Return the text of a line and whether it starts in italics (and keeps them for most of
    it, or up to a separator).

    Where the bold or italics a line starts with end at a separator and plain text goes on
    ("Staff Nurse, Cardiac ICU" bold, ", Tufts Medical Center" plain; "Greenpeace ·
    Volunteering" italic, " · greenpeace.org" upright), a tab follows the separator, as the
    Word reader does: the emphasis says where a title or a description ends, which the
    separator alone cannot. A list after bold ("John Doe, Sarah Williams, David Park") is
    left whole: the bold there marks a name in it."""
    bold, italic, texts = [], [], []
    offset = 0
    for item in line:
        if not isinstance(item, LTText):
            continue
        piece = item.get_text()
        if isinstance(item, LTChar) and piece.strip():
            font = item.fontname.split("+")[-1]
            bold.append((offset, bool(BOLD.search(font))))
            italic.append((offset, bool(ITALIC.search(font))))
        texts.append(piece)
        offset += len(piece)
    text = "".join(texts).rstrip("\n")
    slanted = bool(italic) and italic[0][1]
    cut = _emphasis_end(text, italic, "|·•–—") if slanted else _emphasis_end(text, bold, ",|·•–—")
    if cut is not None and (slanted or "," not in text[cut:]):
        text = f"{text[:cut].rstrip()}\t{text[cut:].lstrip()}"
    return text, slanted and (cut is not None or sum(i for _, i in italic) * 2 > len(italic))


def _piece(line: LTTextLineHorizontal) -> Piece | None:
    chars = [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]
    if not chars:
        return None
    text, italic = _emphasised(line)
    bullet = False
    first = chars[0]
    if PRIVATE.match(text.lstrip()) or (ICON_FONT.search(first.fontname) and
                                        len(first.get_text()) == 1 and not
                                        first.get_text().isalnum()):
        # A list glyph from a symbol font, or an icon before a contact detail: the text
        # after it is what counts.
        stripped = PRIVATE.sub("", text.lstrip()[len(first.get_text()):] if
                               not PRIVATE.match(text.lstrip()) else text.lstrip(), count=1)
        bullet = not ICON_FONT.search(first.fontname) or "symbol" in first.fontname.lower() \
            or "wingding" in first.fontname.lower()
        text = stripped
    text = PRIVATE.sub("\t", text).strip()
    if not text:
        # A list glyph set apart from its text: its row is a bullet.
        return Piece("", line.x0, line.x1, line.y0, line.y1, 0, False, False, True) \
            if bullet else None
    sizes = [round(c.size, 1) for c in chars]
    weights = [bool(BOLD.search(c.fontname.split("+")[-1])) for c in chars]
    return Piece(text, line.x0, line.x1, line.y0, line.y1, statistics.mode(sizes),
                 sum(weights) * 2 > len(weights), italic, bullet)


def _pieces(page: LTPage) -> list[Piece]:
    found = []

    def walk(item):
        """Collect the text lines under `item`, in figures too."""
        if isinstance(item, LTTextLineHorizontal):
            if piece := _piece(item):
                found.append(piece)
            return
        if hasattr(item, "__iter__") and not isinstance(item, LTChar):
            for child in item:
                walk(child)
    walk(page)
    return found


def _columns(pieces: list[Piece], width: float) -> list[list[Piece]]:
    """Return the pieces of a page in reading order: a full-width band on top, then each
    column of a two-column layout (a sidebar) on its own."""
    if len(pieces) < 12:
        return [pieces]
    best = None
    for step in range(20, 81, 2):
        gutter = width * step / 100
        left = [p for p in pieces if p.x1 <= gutter]
        right = [p for p in pieces if p.x0 >= gutter]
        across = [p for p in pieces if p.x0 < gutter < p.x1]
        if len(left) < 5 or len(right) < 5:
            continue
        # Lines across both columns may only sit above them (the name) or below (a footer).
        top = min(max(p.y1 for p in left), max(p.y1 for p in right))
        bottom = max(min(p.y0 for p in left), min(p.y0 for p in right))
        if any(p.y0 < top - 2 and p.y1 > bottom + 2 for p in across):
            continue
        # Dates, places and durations set flush right are not a column: most of a real
        # column is something else.
        narrow = min(left, right, key=len)
        if sum(_margin_note(p.text) for p in narrow) * 2 >= len(narrow):
            continue
        # A column spans a good part of the page's height.
        heights = [max(p.y1 for p in side) - min(p.y0 for p in side) for side in (left, right)]
        if min(heights) < 0.3 * max(heights):
            continue
        score = min(len(left), len(right))
        if best is None or score > best[0]:
            best = (score, across, left, right)
    if best is None:
        return [pieces]
    _, across, left, right = best
    top = min(max(p.y1 for p in left), max(p.y1 for p in right))
    return [[p for p in across if p.y0 >= top - 2], left, right,
            [p for p in across if p.y0 < top - 2]]


def _margin_note(text: str) -> bool:
    """Return whether `text` is what layouts set in a margin beside an entry: its dates, its
    place or its length ("2 years 7 months")."""
    return len(text) < 40 and (bool(layout.find_dates(text)) or layout.is_location(text) or
                               bool(layout.FOOTER.search(text)))


def _rows(pieces: list[Piece]) -> list[list[Piece]]:
    """Group pieces that share a line of the page, each row left to right."""
    rows: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: (-p.y1, p.x0)):
        for row in rows[-3:]:
            anchor = row[0]
            overlap = min(anchor.y1, piece.y1) - max(anchor.y0, piece.y0)
            height = min(anchor.y1 - anchor.y0, piece.y1 - piece.y0)
            if overlap > 0.5 * height and all(piece.x0 >= p.x1 - 1 or piece.x1 <= p.x0 + 1
                                              for p in row):
                row.append(piece)
                break
        else:
            rows.append([piece])
    for row in rows:
        row.sort(key=lambda p: p.x0)
    return rows


def _text_lines(rows: list[list[Piece]], page_number: int) -> list[TextLine]:
    if not rows:
        return []
    left = min(row[0].x0 for row in rows)
    gaps = [a[0].y0 - b[0].y1 for a, b in zip(rows, rows[1:], strict=False)]
    usual = statistics.median([g for g in gaps if g >= 0] or [0])
    lines = []
    for index, row in enumerate(rows):
        marked = not row[0].text
        row = [piece for piece in row if piece.text]
        if not row:
            continue
        text = row[0].text
        for before, piece in zip(row, row[1:], strict=False):
            gap = piece.x0 - before.x1
            # pdfminer keeps words a space apart in one line: pieces apart are columns.
            text += (layout.SEPARATOR if gap > before.size * 0.5 else " ") + piece.text
        main = max(row, key=lambda p: len(p.text))
        lines.append(TextLine(
            text=text, size=max(p.size for p in row), bold=row[0].bold or main.bold,
            italic=row[0].italic, bullet=marked or row[0].bullet, indent=round(row[0].x0 - left, 1),
            page=page_number, gap_before=max(0.0, round(gaps[index - 1] - usual, 1))
            if index else 0.0))
    return lines


class _OverBudget(Exception):
    """A page asked for more drawing than a resume needs, or reading took too long."""


class _BudgetedAggregator(PDFPageAggregator):
    """pdfminer's page collector, stopped when a file draws far more than a resume would or
    takes too long: the check runs per glyph and per path, inside the page."""

    def __init__(self, resources: PDFResourceManager, laparams: LAParams, deadline: float):
        super().__init__(resources, laparams=laparams)
        self.deadline = deadline
        self.drawn = self.on_page = 0
        # The first page is always read to its end (its drawing is bounded by MAX_DRAWN): a
        # busy server must not turn an ordinary resume away.
        self.late = False

    def _count(self) -> None:
        self.drawn += 1
        self.on_page += 1
        if self.drawn > MAX_DRAWN or self.on_page > MAX_PAGE_DRAWN or \
                self.late and self.drawn % 256 == 0 and time.monotonic() > self.deadline:
            raise _OverBudget

    def render_char(self, *args, **kwargs) -> float:
        """Count the glyph, then draw it as pdfminer does."""
        self._count()
        return super().render_char(*args, **kwargs)

    def paint_path(self, *args, **kwargs) -> None:
        """Count the path, then draw it as pdfminer does."""
        self._count()
        super().paint_path(*args, **kwargs)


def _check_contents(page: PDFPage) -> None:
    """Refuse a page whose drawing instructions are far larger or more deeply built than a
    resume's (ours and other tools' take under 50 KB and a few hundred arrays): parsing them
    alone would hold the worker, before anything is drawn."""
    size = arrays = 0
    for stream in page.contents:
        data = stream.get_data()
        size += len(data)
        arrays += data.count(b"[") + data.count(b"<<")
        if size > MAX_CONTENT_BYTES or arrays > MAX_CONTENT_ARRAYS:
            raise _OverBudget


def text_lines(raw: bytes, pages: int = MAX_PAGES) -> tuple[list[TextLine], int]:
    """Return the visual lines of the first `pages` pages of a PDF and how many pages were
    read in full (fewer when the time or drawing budget ran out)."""
    lines: list[TextLine] = []
    done = 0
    resources = PDFResourceManager(caching=True)
    device = _BudgetedAggregator(resources, LAParams(line_margin=0.3, char_margin=1.5,
                                                     all_texts=True),
                                 time.monotonic() + TIME_BUDGET_SECONDS)
    interpreter = PDFPageInterpreter(resources, device)
    with pdf_streams.budget():
        try:
            for number, page in enumerate(PDFPage.get_pages(io.BytesIO(raw), maxpages=pages)):
                _check_contents(page)
                interpreter.process_page(page)
                layout_page = device.get_result()
                for column in _columns(_pieces(layout_page), layout_page.width):
                    lines.extend(_text_lines(_rows(column), number))
                done += 1
                device.late, device.on_page = True, 0
        except (_OverBudget, pdf_streams.TooMuchUnpacked):
            pass
    return lines, done


def read(raw: bytes) -> ImportResult:
    """Return what the PDF file `raw` holds as a resume."""
    reader = _opened(raw)
    if (data := _attached(reader)) is not None:
        try:
            return json_resume.read(data, source="pdf-attachment")
        except ImportRejected:
            pass  # a broken attachment: the page text is still there
    page_count = _page_count(reader)
    try:
        lines, done = text_lines(raw)
    except Exception as error:  # pdfminer raises any kind on a broken file; all mean one thing
        raise ImportRejected(str(DAMAGED)) from error
    if not done:
        raise ImportRejected(_("This PDF is too complex to read as a resume: its first page "
                               "draws far more than text. Export the resume again as a plain "
                               "PDF, or import a Word or JSON file."))
    if not any(line.text.strip() for line in lines):
        raise ImportRejected(_("This PDF has no text that could be read: it looks scanned or "
                               "made of pictures. Export the resume as a PDF from the program "
                               "you wrote it in, or import a Word or JSON file."))
    result = layout.read_lines(lines, "pdf")
    if done < page_count:
        result.warnings.insert(0, ImportWarning("file", _(
            "Only the first %(done)d of %(count)d pages were read.", done=done,
            count=page_count)))
    return result
