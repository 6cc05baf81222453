"""Read a Word (.docx) resume into an import result: its paragraphs become the visual lines
the layout parser reads (headers and footers first, then the body with its tables and text
boxes, in the order a reader sees them), marked with what Word knows for sure: list
paragraphs, heading styles, bold, italic and size."""
import io
import re
import zipfile
from dataclasses import dataclass, replace

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from lxml import etree

from website.services.imports import (
    ImportRejected,
    ImportResult,
    ImportWarning,
    TextLine,
    layout,
    number,
    zips,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 files, and Word files with a password
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
MAX_LINES = 800  # about 15 pages; a resume has 1 to 4 (PDFs are read to page 10)
MAX_PARAGRAPHS = 4 * MAX_LINES  # read, empty ones included (a table of empty rows)
MAX_PARAGRAPH_CHARS = 5000  # a long summary is 2,000
MAX_CHARS = 60_000  # about 20 dense pages: what the layout parser reads in well under a second
# A resume's document.xml is 50 to 500 kB; parsing 4 MB of XML takes about 0.15 s here.
LIMITS = zips.Limits(member_bytes=4 * zips.MB, total_bytes=30 * zips.MB)
DEFAULT_SIZE = 10.0  # what Word uses when the file sets no size at all
EMPTY_PARAGRAPH_GAP = 12.0
# Parts of a paragraph that are not its visible text: properties, deleted text, field codes,
# what a newer Word drew instead (mc:Fallback repeats mc:Choice), comments' anchors.
SKIPPED = {W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "instrText", W + "delText",
           MC + "Fallback", W + "commentReference", W + "footnoteReference"}
# Bullets typed as a symbol in the Symbol or Wingdings font, and bullet glyphs typed as text.
SYMBOL_BULLETS = {"F0B7", "F0A7", "F0A8", "F0D8", "F0FC", "F076", "F06E", "F0A4", "00B7"}
GLYPH = re.compile(r"^[•·▪◦●‣∙○■□➢➤►✓✔\uf0b7\uf0a7\uf0d8]\s*(?=\S)")
HEADING_STYLE = re.compile(r"heading\s*(\d)")
EMPHASIS_ENDS = re.compile(r"\s*[,|·•–—]\s+")
ITALIC_ENDS = re.compile(r"\s*[|·•–—]\s+")
PAGE_FIELD = re.compile(r"\b(PAGE|NUMPAGES|SECTIONPAGES)\b")
DAMAGED = _l("This Word file is damaged or is not a Word document, so it cannot be read. Open "
             "it in Word or LibreOffice, save it again as .docx, and import that.")


@dataclass(frozen=True)
class Look:
    """The formatting a run, a style or the document's defaults set; None where unset."""

    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    size: float | None = None

    def over(self, other: "Look") -> "Look":
        """Return this look with what `other` sets laid over it."""
        return Look(self.bold if other.bold is None else other.bold,
                    self.italic if other.italic is None else other.italic,
                    self.caps if other.caps is None else other.caps,
                    self.size if other.size is None else other.size)


def _on(element) -> bool | None:
    """Return a toggle property's state (<w:b/> is on, <w:b w:val="0"/> off), None if unset."""
    if element is None:
        return None
    return element.get(W + "val", "true").lower() not in ("0", "false", "off", "none")


def _number(element, attribute: str = W + "val") -> float | None:
    try:
        return float(element.get(attribute)) if element is not None else None
    except (TypeError, ValueError):
        return None


def _look(properties) -> Look:
    """Return the formatting a w:rPr element sets."""
    if properties is None:
        return Look()
    half_points = _number(properties.find(W + "sz"))
    return Look(_on(properties.find(W + "b")), _on(properties.find(W + "i")),
                _on(properties.find(W + "caps")), half_points / 2 if half_points else None)


class _Styles:
    """The document's styles, each resolved through the styles it is based on."""

    def __init__(self, styles):
        self.by_id = {style.get(W + "styleId"): style for style in styles.iter(W + "style")}
        defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.defaults = Look(False, False, False, DEFAULT_SIZE).over(_look(defaults))
        self.paragraph = next((key for key, style in self.by_id.items()
                               if style.get(W + "type") == "paragraph"
                               and style.get(W + "default") in ("1", "true", "on")), None)
        self._looks: dict[str | None, Look] = {}
        self._levels: dict[str | None, int | None] = {}
        self._lists: dict[str | None, bool] = {}

    def chain(self, style_id: str | None) -> list:
        """Return the style and those it is based on, nearest first."""
        found, seen = [], set()
        while style_id in self.by_id and style_id not in seen and len(found) < 20:
            seen.add(style_id)
            style = self.by_id[style_id]
            found.append(style)
            based_on = style.find(W + "basedOn")
            style_id = based_on.get(W + "val") if based_on is not None else None
        return found

    def look(self, style_id: str | None) -> Look:
        """Return the run formatting a style sets, its bases included."""
        if style_id not in self._looks:
            look = Look()
            for style in reversed(self.chain(style_id)):
                look = look.over(_look(style.find(W + "rPr")))
            self._looks[style_id] = look
        return self._looks[style_id]

    def heading_level(self, style_id: str | None) -> int | None:
        """Return 1 for a "Heading 1" style (or one based on it, or with outline level 0),
        0 for "Title", None for any other style."""
        if style_id not in self._levels:
            self._levels[style_id] = self._heading_level(style_id)
        return self._levels[style_id]

    def _heading_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            name_element = style.find(W + "name")
            name = (name_element.get(W + "val", "") if name_element is not None else "").lower()
            if match := HEADING_STYLE.fullmatch(name):
                return int(match.group(1))
            if name == "title":
                return 0
            if (level := _number(style.find(f"{W}pPr/{W}outlineLvl"))) is not None and level < 9:
                return int(level) + 1
        return None

    def space_before(self, style_id: str | None) -> float:
        """Return the space a paragraph style sets above its paragraphs, in points."""
        for style in self.chain(style_id):
            before = _number(style.find(f"{W}pPr/{W}spacing"), W + "before")
            if before is not None:
                return before / 20
        return 0.0

    def is_list(self, style_id: str | None) -> bool:
        """Whether a paragraph style numbers or bullets its paragraphs ("List Bullet")."""
        if style_id not in self._lists:
            self._lists[style_id] = self._is_list(style_id)
        return self._lists[style_id]

    def _is_list(self, style_id: str | None) -> bool:
        for style in self.chain(style_id):
            name_element = style.find(W + "name")
            if name_element is not None and "list" in name_element.get(W + "val", "").lower():
                return True
            if style.find(f"{W}pPr/{W}numPr") is not None:
                return True
        return False


@dataclass
class _Line:
    line: TextLine
    level: int | None = None  # the heading level of its style


@dataclass
class _Reader:
    """Walks one document's parts and collects its lines."""

    word: object
    styles: _Styles
    gap: float = 0.0  # space from empty paragraphs since the last line
    made: int = 0  # lines made so far
    chars: int = 0  # characters in them
    visited: int = 0  # paragraphs read so far, empty ones included
    room: int = 0  # characters the paragraph being read may still take
    cut_short: bool = False

    def blocks(self, container, part) -> list[_Line]:
        """Return the lines of the paragraphs and tables directly in `container`."""
        found: list[_Line] = []
        for child in container:
            if self.made >= MAX_LINES or self.visited >= MAX_PARAGRAPHS or \
                    self.chars >= MAX_CHARS:
                self.cut_short = True
                break
            if child.tag == W + "p":
                found.extend(self.paragraph(child, part))
            elif child.tag == W + "tbl":
                found.extend(self.table(child, part))
            elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
                # A content control or custom XML block: its paragraphs are in the flow.
                inner = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
                if inner is not None:
                    found.extend(self.blocks(inner, part))
        return found

    def table(self, table, part) -> list[_Line]:
        """Return a table's lines row by row; a row whose cells hold one line each ("Engineer,
        Acme" | "2019 – 2021") becomes one line with the cells apart, as a reader sees it."""
        found: list[_Line] = []
        for row in table.iterfind(W + "tr"):
            if self.cut_short:
                break
            cells = []
            for cell in row.iterfind(W + "tc"):
                merge = cell.find(f"{W}tcPr/{W}vMerge")
                if merge is not None and merge.get(W + "val") != "restart":
                    continue  # the lower part of a cell merged down: read once, above
                if lines := self.blocks(cell, part):
                    cells.append(lines)
            if len(cells) > 1 and all(len(lines) == 1 for lines in cells):
                first = cells[0][0]
                text = layout.SEPARATOR.join(lines[0].line.text for lines in cells)
                size = max(lines[0].line.size for lines in cells)
                found.append(replace(first, line=replace(first.line, text=text, size=size)))
            else:
                found.extend(line for lines in cells for line in lines)
        return found

    def paragraph(self, paragraph, part) -> list[_Line]:
        """Return a paragraph's lines (one per line break), then those of its text boxes."""
        properties = paragraph.find(W + "pPr")
        style = None
        if properties is not None and (style_element := properties.find(W + "pStyle")) is not None:
            style = style_element.get(W + "val")
        style = style or self.styles.paragraph
        look = self.styles.defaults.over(self.styles.look(style))
        pieces: list[tuple[str, Look]] = []
        boxes: list = []
        self.visited += 1
        self.room = min(MAX_PARAGRAPH_CHARS, MAX_CHARS - self.chars)
        self.walk(paragraph, look, pieces, boxes, part)
        numbered = properties is not None and (number := properties.find(
            f"{W}numPr/{W}numId")) is not None and number.get(W + "val") != "0"
        listed = numbered or self.styles.is_list(style)
        indent = None
        if properties is not None and (indentation := properties.find(W + "ind")) is not None:
            indent = _number(indentation, W + "left") or _number(indentation, W + "start")
        before = _number(properties.find(W + "spacing"), W + "before") \
            if properties is not None else None
        before = before / 20 if before is not None else self.styles.space_before(style)
        level = self.styles.heading_level(style)
        found = []
        for piece in _split_lines(pieces, joined=listed):
            text = re.sub(r"[ \u00a0]*\t[\s\t]*", "\t", _joined(piece))
            text = re.sub(r"[ \u00a0]{2,}", " ", text).strip(" \t\u00a0")
            if not text.strip():
                continue
            shown = [looked for t, looked in piece if t.strip()] or [look]
            bullet = bool(listed and not found)
            if match := GLYPH.match(text):
                text, bullet = text[match.end():], True
            # As the PDF reader does: a line is bold when it starts bold ("Engineer, Acme").
            line = TextLine(text=text, size=max(x.size or 0 for x in shown),
                            bold=bool(shown[0].bold), italic=bool(shown[0].italic),
                            bullet=bullet, indent=(indent or 0) / 20,
                            gap_before=self.gap + (before if not found else 0.0))
            self.gap = 0.0
            self.made += 1
            self.chars += len(text)
            found.append(_Line(line, level))
        if not found:
            self.gap += EMPTY_PARAGRAPH_GAP
        for box in boxes:
            found.extend(self.blocks(box, part))
        return found

    def walk(self, element, look: Look, pieces: list, boxes: list, part) -> None:
        """Collect the visible text of a paragraph's runs, hyperlinks, fields and changes."""
        for child in element:
            tag = child.tag
            if self.room <= 0:  # a paragraph longer than any resume's: the rest is left out
                self.cut_short = True
                return
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            if tag == W + "r":
                run_properties = child.find(W + "rPr")
                run_look = look
                if run_properties is not None:
                    style = run_properties.find(W + "rStyle")
                    if style is not None:
                        run_look = run_look.over(self.styles.look(style.get(W + "val")))
                    run_look = run_look.over(_look(run_properties))
                self.run(child, run_look, pieces, boxes)
            elif tag == W + "hyperlink":
                start = len(pieces)
                self.walk(child, look, pieces, boxes, part)
                self.link_target(child, pieces, start, part)
            else:  # w:ins, w:smartTag, w:fldSimple, w:sdt, mc:AlternateContent, ...
                self.walk(child, look, pieces, boxes, part)

    def run(self, run, look: Look, pieces: list, boxes: list) -> None:
        """Collect a run's text, tabs and breaks, and the text boxes drawn in it."""
        for child in run:
            tag = child.tag
            if tag == W + "t":
                text = (child.text or "")[:self.room]
                self.room -= len(text) + 1
                pieces.append((text.upper() if look.caps else text, look))
            elif tag in (W + "tab", W + "ptab"):
                pieces.append(("\t", look))
            elif tag in (W + "br", W + "cr"):
                pieces.append(("\n", look))
            elif tag == W + "noBreakHyphen":
                pieces.append(("-", look))
            elif tag == W + "sym" and (child.get(W + "char") or "").upper() in SYMBOL_BULLETS:
                pieces.append(("•", look))
            elif tag in (W + "drawing", W + "pict", MC + "AlternateContent"):
                boxes.extend(box for box in child.iter(W + "txbxContent")
                             if not any(a.tag in (MC + "Fallback", W + "txbxContent")
                                        for a in box.iterancestors()))

    @staticmethod
    def link_target(link, pieces: list, start: int, part) -> None:
        """After a link whose text is a word ("LinkedIn"), not an address, add where it
        goes, so the profile or website it names is not lost."""
        target = part.rels.get(link.get(R_ID)) if link.get(R_ID) else None
        url = target.target_ref if target is not None and target.is_external else ""
        shown = "".join(text for text, _ in pieces[start:]).strip()
        if shown and re.match(r"(https?://|mailto:)", url, re.IGNORECASE) and "." not in shown \
                and "@" not in shown and len(shown) <= 30:
            pieces.append(("\t" + url.removeprefix("mailto:") + "\t", pieces[-1][1]))

    def margins(self) -> list[_Line]:
        """Return the lines of every header and footer part, each once, without the page
        numbers: contact details often sit there."""
        found, seen_parts, seen_text = [], set(), set()
        for properties in self.word.element.body.iter(W + "sectPr"):
            for reference in properties:
                if reference.tag not in (W + "headerReference", W + "footerReference"):
                    continue
                part = self.word.part.related_parts.get(reference.get(R_ID))
                if part is None or part in seen_parts:
                    continue
                seen_parts.add(part)
                shown = [child for child in part.element
                         if not (child.tag == W + "p" and _numbers_pages(child))]
                for line in self.blocks(shown, part):
                    if line.line.text not in seen_text:
                        seen_text.add(line.line.text)
                        found.append(line)
        return found


def _numbers_pages(paragraph) -> bool:
    """Whether a header or footer paragraph shows a page number ("Jane Doe · page 2 of 3")."""
    codes = [field.get(W + "instr", "") for field in paragraph.iter(W + "fldSimple")]
    codes += [code.text or "" for code in paragraph.iter(W + "instrText")]
    return any(PAGE_FIELD.search(code) for code in codes)


def _joined(pieces: list[tuple[str, Look]]) -> str:
    """Return the text of a line's pieces; where bold text ends and plain text goes on after
    a comma or dash ("Staff Nurse, Cardiac ICU" bold, ", Tufts Medical Center" plain), the
    separator becomes a tab: the emphasis says where the title ends, which the comma alone
    cannot. So too where the italics a line starts with end at a separator ("Greenpeace ·
    Volunteering" italic, " · greenpeace.org" plain)."""
    text, bold_before, italic_lead = [], False, None
    for piece, look in pieces:
        if bold_before and not look.bold and (match := EMPHASIS_ENDS.match(piece)):
            piece = "\t" + piece[match.end():]
        elif italic_lead and not look.italic and (match := ITALIC_ENDS.match(piece)):
            piece = "\t" + piece[match.end():]
        if piece.strip():
            bold_before = bool(look.bold)
            italic_lead = bool(look.italic) and italic_lead is not False
        text.append(piece)
    return "".join(text)


def _split_lines(pieces: list[tuple[str, Look]], joined: bool) -> list[list[tuple[str, Look]]]:
    """Return the pieces split where the paragraph breaks its line; a list item's breaks are
    only wrapping, so its pieces stay one line."""
    lines: list[list[tuple[str, Look]]] = [[]]
    for text, look in pieces:
        if text == "\n":
            if joined:
                lines[-1].append((" ", look))
            else:
                lines.append([])
            continue
        lines[-1].append((text, look))
    return lines


def lines_of(word) -> tuple[list[TextLine], bool]:
    """Return the visual lines of a python-docx document, and whether there were more than
    MAX_LINES (the rest is not read)."""
    reader = _Reader(word, _Styles(word.styles.element))
    found = reader.margins()
    found.extend(reader.blocks(word.element.body, word.part))
    body_levels = [line.level for line in found if line.level]
    top = min(body_levels) if body_levels else None
    # Only the top heading level names sections; "Heading 2" under it titles entries, and the
    # "Title" holds the name.
    lines = [replace(line.line, heading=line.level is not None and line.level == top)
             for line in found]
    return lines, reader.cut_short


def _refuse_ole(raw: bytes) -> None:
    if ENCRYPTED in raw:
        raise ImportRejected(_("This Word file is protected with a password, so it cannot be "
                               "read. Open it in Word, remove the password (File › Info › "
                               "Protect Document), save it, and import it again."))
    raise ImportRejected(_("This is an old Word (.doc) file. Open it in Word or LibreOffice, "
                           "save it as .docx, and import that."))


def read(raw: bytes) -> ImportResult:
    """Return what the DOCX file `raw` holds as a resume; raise ImportRejected when it is an
    old .doc, has a password, is damaged or holds no text."""
    if raw.startswith(OLE):
        _refuse_ole(raw)
    archive = zips.open_safely(raw, LIMITS)
    try:
        # python-docx reads whole members at once, so it gets a copy made of bounded reads.
        word = Document(io.BytesIO(archive.repacked()))
        lines, cut_short = lines_of(word)
    except (PackageNotFoundError, KeyError, ValueError, TypeError, AttributeError,
            zipfile.BadZipFile, etree.LxmlError) as error:
        if isinstance(error, ImportRejected):
            raise
        raise ImportRejected(str(DAMAGED)) from error
    if not lines:
        raise ImportRejected(_("This Word file has no text to read (a resume saved as a "
                               "picture?). Import the file it was made from, or type it in."))
    result = layout.read_lines(lines, "docx")
    if cut_short:
        result.warnings.append(ImportWarning("file", _(
            "The file is very long; only its first %(lines)s lines or %(characters)s "
            "characters were read.", lines=number(MAX_LINES),
            characters=number(MAX_CHARS))))
    return result
