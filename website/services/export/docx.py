"""Word export of the view model (services/export/view.py): what the resume says, in the Word
styles docx_styles gives the design's look (Title, Subtitle, Heading 1, Heading 2, List Bullet,
Normal), with no layout tables: dates sit on a right-aligned tab stop at the text width."""
import functools
import io
import re
import unicodedata
from datetime import datetime

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.styles import BabelFish

from website.services.design_settings import Settings
from website.services.export import docx_styles
from website.services.export.docx_styles import WordLook, element
from website.services.export.view import Entry, ResumeView, SectionView

# Characters XML 1.0 cannot hold; a pasted control character must not break the file.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SEPARATOR = " · "
# What python-docx's default template carries about its own sample file: a thumbnail picture,
# "Microsoft Macintosh Word" app properties, a 430 kB Word 2010 copy of every style and a
# bibliography stub. Word and LibreOffice need none of them.
PACKAGE_LEFTOVERS = (RELATIONSHIP_TYPE.THUMBNAIL, RELATIONSHIP_TYPE.EXTENDED_PROPERTIES)
DOCUMENT_LEFTOVERS = ("/stylesWithEffects", "/customXml")
# The Word fields the footer's "Page %(page)s of %(pages)s" numbers are.
FOOTER_FIELDS = {"page": "PAGE", "pages": "NUMPAGES"}


def _safe(text: str) -> str:
    return NOT_XML.sub("", text)


def _right_to_left(text: str) -> bool:
    """Whether `text` starts, as the Unicode bidi algorithm reads it, in a right-to-left script."""
    for character in text:
        direction = unicodedata.bidirectional(character)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


class Writer:
    """Appends paragraphs as bare XML: python-docx's paragraph objects would look their style
    up by name, scanning every style for each paragraph."""

    def __init__(self, word, style_ids: dict[str, str]):
        self.part = word.part
        self.end = word.element.body.sectPr  # paragraphs go before the section properties
        self.style_ids = style_ids

    def paragraph(self, style: str = "Normal"):
        """Append and return an empty paragraph in `style`."""
        paragraph = element("w:p")
        if style != "Normal":
            properties = element("w:pPr")
            properties.append(element("w:pStyle", val=self.style_ids[style]))
            paragraph.append(properties)
        self.end.addprevious(paragraph)
        return paragraph

    @staticmethod
    def run(parent, text: str, bold: bool | None = None, italic: bool = False):
        """Append a run of `text` (lines kept as line breaks); bold True/False overrides the
        style's weight, italic sets italics."""
        run = element("w:r")
        if bold is not None or italic:
            properties = element("w:rPr")
            if bold is not None:
                properties.append(element("w:b") if bold else element("w:b", val="0"))
            if italic:
                properties.append(element("w:i"))
            run.append(properties)
        for index, line in enumerate(_safe(text).split("\n")):
            if index:
                run.append(element("w:br"))
            piece = element("w:t")
            piece.text = line
            piece.set(qn("xml:space"), "preserve")
            run.append(piece)
        parent.append(run)
        return run

    @staticmethod
    def tab(paragraph) -> None:
        """Append a tab: what follows goes to the right-aligned tab stop."""
        run = element("w:r")
        run.append(element("w:tab"))
        paragraph.append(run)

    def link(self, paragraph, text: str, href: str) -> None:
        """Append `text`, clickable when `href` is set (in the text's own colour, as the PDF)."""
        if not href:
            self.run(paragraph, text)
            return
        link = element("w:hyperlink")
        link.set(qn("r:id"), self.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK,
                                                 is_external=True))
        self.run(link, text)
        paragraph.append(link)

    def text(self, text: str, style: str = "Normal"):
        """Append a paragraph of `text` in `style`."""
        paragraph = self.paragraph(style)
        self.run(paragraph, text)
        return _directed(paragraph, text)


def _directed(paragraph, text: str):
    """Mark an Arabic or Hebrew paragraph right-to-left (w:bidi, w:rtl), so Word lays it out
    from the right and keeps its punctuation in place."""
    return _marked_right_to_left(paragraph) if _right_to_left(text) else paragraph


def _marked_right_to_left(paragraph):
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = element("w:pPr")
        paragraph.insert(0, properties)
    if properties.find(qn("w:bidi")) is None:
        properties.insert_element_before(element("w:bidi"), *docx_styles.AFTER_BIDI)
    for run in paragraph.iter(qn("w:r")):
        run_properties = run.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = element("w:rPr")
            run.insert(0, run_properties)
        if run_properties.find(qn("w:rtl")) is None:
            run_properties.insert_element_before(element("w:rtl"), *docx_styles.AFTER_RTL)
    return paragraph


def right_to_left(word) -> None:
    """Lay out every paragraph of `word` (body and footers) from the right, for a resume in a
    right-to-left language; Word then reads "left" and "right" alignments as start and end."""
    section = word.sections[0]
    parts = [word.element.body, section.footer._element, section.first_page_footer._element]
    for part in parts:
        for paragraph in part.iter(qn("w:p")):
            _marked_right_to_left(paragraph)
    section._sectPr.insert_element_before(element("w:bidi"), "w:rtlGutter", "w:docGrid",
                                          "w:printerSettings", "w:sectPrChange")


@functools.cache
def _template() -> bytes:
    """Return python-docx's default template trimmed once per process to the styles a resume
    uses (and each kind's default), without the template's leftovers. Reading and writing its
    160 unused styles took over half of a Word file's time."""
    word = Document()
    package_rels = word.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype in PACKAGE_LEFTOVERS:
            package_rels.pop(rel_id)
    for rel_id, rel in list(word.part.rels.items()):
        if rel.reltype.endswith(DOCUMENT_LEFTOVERS):
            word.part.rels.pop(rel_id)
    styles = word.styles.element
    used = {BabelFish.ui2internal(name) for name in docx_styles.BUILT_IN}
    kept = [style for style in styles.iterchildren(qn("w:style"))
            if style.name_val in used or style.get(qn("w:default")) == "1"]
    linked = {link.get(qn("w:val")) for style in kept for link in style.iter(qn("w:link"))}
    for style in list(styles.iterchildren(qn("w:style"))):
        if style not in kept and style.styleId not in linked:
            styles.remove(style)
    ids = {style.styleId for style in styles.iterchildren(qn("w:style"))}
    for reference in list(word.part.numbering_part.element.iter(qn("w:pStyle"))):
        if reference.get(qn("w:val")) not in ids:  # a list level of a style removed above
            reference.getparent().remove(reference)
    return saved(word)


def _properties(word, name: str, now: datetime, title: str) -> None:
    """Set the file's properties to this document's, clearing python-docx's own."""
    properties = word.core_properties
    properties.title = _safe(f"{name} – {title}")
    properties.author = properties.last_modified_by = _safe(name)
    properties.comments = ""
    properties.revision = 1
    properties.created = properties.modified = now


def _footer(word, resume: ResumeView) -> None:
    """From page 2 on, the name and "Page n of N" (in the resume's language) at the foot of
    each page (fields Word and LibreOffice fill in); page 1, and so a one-page resume, has an
    empty footer."""
    section = word.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_footer.is_linked_to_previous = False
    paragraph = section.footer.paragraphs[0]._p
    Writer.run(paragraph, f"{resume.name}{SEPARATOR}")
    for piece in re.split(r"%\((page|pages)\)s", resume.words.page_of):
        if piece in FOOTER_FIELDS:
            number = element("w:fldSimple", instr=f" {FOOTER_FIELDS[piece]} ")
            Writer.run(number, "2")  # until Word or LibreOffice lays out the pages
            paragraph.append(number)
        elif piece:
            Writer.run(paragraph, piece)


def _masthead(writer: Writer, resume: ResumeView) -> None:
    writer.text(resume.name, "Title")
    if resume.label:
        writer.text(resume.label, "Subtitle")
    if resume.contact:
        paragraph = writer.paragraph("Contact")
        for index, item in enumerate(resume.contact):
            if index:
                writer.run(paragraph, SEPARATOR)
            writer.link(paragraph, item.text, item.href)


def _joined(writer: Writer, paragraph, entry: Entry) -> None:
    """Append the entry's context (in italics, as the designs show it), note and link."""
    texts = [(text, italic) for text, italic in ((entry.about, True), (entry.note, False))
             if text]
    for index, (text, italic) in enumerate(texts):
        if index:
            writer.run(paragraph, SEPARATOR)
        writer.run(paragraph, text, italic=italic)
    if texts and entry.link:
        writer.run(paragraph, SEPARATOR)
    if entry.link:
        writer.link(paragraph, entry.link.text, entry.link.href)


def _entry(writer: Writer, entry: Entry, dates_above: bool) -> None:
    """Title and subtitle with dates on the right (or above), then place, note and link,
    summary, bullets and keywords, as the designs' entry block."""
    when = SEPARATOR.join(part for part in (entry.dates, entry.location) if part)
    if dates_above and when:
        writer.text(when, "Dates")
    title = writer.paragraph("Heading 2")
    writer.run(title, entry.title)
    if entry.subtitle:
        writer.run(title, f", {entry.subtitle}", bold=False)
    # On the right: the dates, or the place when there are no dates.
    right = "" if dates_above else entry.dates or entry.location
    if right:
        writer.tab(title)
        writer.run(title, right, bold=False)
    _directed(title, entry.title)
    place = entry.location if entry.dates and not dates_above else ""
    if entry.about or entry.note or entry.link or place:
        details = writer.paragraph("Details")
        _joined(writer, details, entry)
        if place:
            writer.tab(details)
            writer.run(details, place)
    if entry.summary:
        writer.text(entry.summary)
    for bullet in entry.bullets:
        writer.text(bullet, "List Bullet")
    if entry.keywords:
        writer.text(", ".join(entry.keywords), "Details")


def _with_detail(entry: Entry) -> str:
    return f"{entry.title} ({entry.subtitle})" if entry.subtitle else entry.title


def _section(writer: Writer, section: SectionView, look: WordLook) -> None:
    writer.text(section.title, "Heading 1")
    if section.layout == "inline":
        shown = SEPARATOR.join(_with_detail(entry) for entry in section.entries)
        writer.text(shown)
    elif section.layout == "groups":
        for entry in section.entries:
            paragraph = writer.paragraph()
            writer.run(paragraph, _with_detail(entry) + (":" if entry.keywords else ""),
                       bold=True)
            if entry.keywords:
                writer.run(paragraph, " " + ", ".join(entry.keywords))
            _directed(paragraph, entry.title)
    else:
        for entry in section.entries:
            _entry(writer, entry, look.dates_above)


def start_document(resume: ResumeView, look: WordLook, settings: Settings, now: datetime,
                   title: str):
    """Return a new Word document in `look` with `settings`, titled "<name> – `title`", its
    footer and the resume's masthead (the letterhead) written, and the writer to go on with."""
    word = Document(io.BytesIO(_template()))
    _properties(word, resume.name, now, title)
    writer = Writer(word, docx_styles.apply(word, look, settings, resume.language))
    _footer(word, resume)
    _masthead(writer, resume)
    return word, writer


def saved(word, resume: ResumeView | None = None) -> bytes:
    """Return the Word document's file, laid out from the right when `resume`'s language is
    written that way."""
    if resume is not None and resume.direction == "rtl":
        right_to_left(word)
    output = io.BytesIO()
    word.save(output)
    return output.getvalue()


def render_docx(resume: ResumeView, design: str, settings: Settings, now: datetime) -> bytes:
    """Return the resume as a Word (.docx) file in the look of `design` with `settings`,
    dated `now` (UTC)."""
    look = docx_styles.look(design)
    word, writer = start_document(resume, look, settings, now, resume.words.resume)
    first = [resume.section(key) for key in look.first_sections if resume.section(key)]
    for section in first:
        _section(writer, section, look)
    if resume.summary:
        writer.text(resume.words.summary, "Heading 1")
        writer.text(resume.summary)
    for section in resume.sections:
        if section not in first:
            _section(writer, section, look)
    return saved(word, resume)
