"""Word export of the view model (services/export/view.py): the PDF's font, size, colours, page
size, margins, section order and headings, in real Word styles (Title, Subtitle, Heading 1,
Heading 2, List Bullet, Normal) shaped by each design's look (docx_styles), with no layout
tables: dates sit on the right on a right-aligned tab stop at the text width."""
import functools
import io
import re
import unicodedata
from datetime import datetime

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import StyleFactory
from lxml import etree

from website.services.export import docx_styles
from website.services.export.docx_styles import ACCENT, WordLook
from website.services.export.view import Entry, Link, ResumeView, SectionView
from website.services.template_settings import FONTS, Font, Settings

# Characters XML 1.0 cannot hold; a pasted control character must not break the file.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PAGES = {"A4": (Mm(210), Mm(297)), "Letter": (Inches(8.5), Inches(11))}
TEXT = "1A1A1A"  # the designs' body colour (_base.css)
DETAIL = "444444"  # their colour of notes, links and keywords under a title
SEPARATOR = " · "
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER}
# Word substitutes a font the reader lacks by the family and alternative name the font table
# gives, so a serif design stays serif.
FAMILIES = {"serif": ("roman", "Times New Roman"), "sans-serif": ("swiss", "Arial")}
# What python-docx's default template carries about its own sample file: a thumbnail picture,
# "Microsoft Macintosh Word" app properties, a 430 kB Word 2010 copy of every style and a
# bibliography stub. Word and LibreOffice need none of them.
PACKAGE_LEFTOVERS = (RELATIONSHIP_TYPE.THUMBNAIL, RELATIONSHIP_TYPE.EXTENDED_PROPERTIES)
DOCUMENT_LEFTOVERS = ("/stylesWithEffects", "/customXml")
USED_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet")
# Elements of w:pPr and w:rPr that may follow a paragraph border and letter spacing (OOXML
# requires this order; python-docx offers no property for either).
AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
AFTER_TRACKING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
                  "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                  "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


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


def _element(tag: str, **attributes: str):
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _border(properties, side: str, colour: str, points: float, space: int) -> None:
    """Give a paragraph style's `properties` (w:pPr) a single line on `side`."""
    borders = _element("w:pBdr")
    borders.append(_element(f"w:{side}", val="single", sz=str(round(points * 8)),
                            space=str(space), color=colour))
    properties.insert_element_before(borders, *AFTER_BORDER)


class _Styles:
    """Sets up the document's styles from the design's look and the settings."""

    def __init__(self, word, look: WordLook, settings: Settings, font: Font):
        self.word, self.look, self.size = word, look, settings.font_size
        self.accent = settings.accent.lstrip("#").upper()
        width, _ = PAGES[settings.page_size]
        self.text_width = width - 2 * Mm(settings.margin_mm)
        self.font = font.name
        # One pass over the styles: python-docx's own look-up runs an XPath scan per name.
        self.elements = {element.name_val: element
                         for element in word.styles.element.iterchildren(qn("w:style"))}

    def colour(self, value: str) -> str:
        """Return six hex digits for a look's colour (the accent or a fixed one)."""
        return self.accent if value == ACCENT else value

    def em(self, ems: float) -> Pt:
        """Return `ems` of the body text size in points, to the half point Word sizes type in."""
        return Pt(round(self.size * ems * 2) / 2)

    def style(self, name: str, base: str | None = None):
        """Return style `name` with the template's look removed (theme fonts and colours,
        borders, spacing); a new paragraph style based on `base` when `base` is given."""
        if base is not None:
            element = self.word.styles.element.add_style_of_type(name, WD_STYLE_TYPE.PARAGRAPH,
                                                                 False)
            element.basedOn_val = self.elements[BabelFish.ui2internal(base)].styleId
            self.elements[name] = element
            return StyleFactory(element)
        element = self.elements[BabelFish.ui2internal(name)]
        properties = element.find(qn("w:pPr"))
        if properties is not None:  # headings keep their outline level, List Bullet its bullet
            for child in list(properties):
                if child.tag != qn("w:outlineLvl") and (
                        child.tag != qn("w:numPr") or child.find(qn("w:numId")) is None):
                    properties.remove(child)
        for run_properties in element.findall(qn("w:rPr")):
            element.remove(run_properties)
        return StyleFactory(element)

    def right_tab(self, style) -> None:
        """Add the tab stop that puts dates and places flush with the right margin."""
        style.paragraph_format.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)

    def apply(self) -> dict[str, str]:
        """Style the document; return {style name: style id} for the writer."""
        look = self.look
        normal = self.style("Normal")
        normal.font.name = self.font
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):  # every script
            fonts.set(qn(attribute), self.font)
        normal.font.size = self.em(1)
        normal.font.color.rgb = RGBColor.from_string(TEXT)
        paragraph = normal.paragraph_format
        paragraph.space_before = paragraph.space_after = Pt(0)
        # At least the designs' line height of 1.3: larger type (the name) still gets its own.
        paragraph.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        paragraph.line_spacing = self.em(1.3)

        title = self.style("Title")
        title.font.size = self.em(look.name_scale)
        title.font.bold = look.name_bold
        title.font.color.rgb = RGBColor.from_string(self.colour(look.name_colour))
        title.paragraph_format.alignment = ALIGN[look.name_align]

        subtitle = self.style("Subtitle")
        subtitle.font.size = self.em(1.15)
        subtitle.font.bold = look.label_bold
        subtitle.font.color.rgb = RGBColor.from_string(self.colour(look.label_colour))
        subtitle.paragraph_format.alignment = ALIGN[look.name_align]
        subtitle.paragraph_format.space_before = self.em(0.15)

        contact = self.style("Contact", "Normal")
        contact.paragraph_format.alignment = ALIGN[look.name_align]
        contact.paragraph_format.space_before = self.em(0.35)
        if look.masthead_rule:
            _border(contact.element.get_or_add_pPr(), "bottom", self.colour(look.masthead_rule),
                    2.25, 4)

        heading = self.style("Heading 1")
        heading.font.size = self.em(1.15)
        heading.font.bold = look.heading_bold
        heading.font.color.rgb = RGBColor.from_string(self.colour(look.heading_colour))
        heading.font.small_caps = look.heading_case == "small caps"
        heading.font.all_caps = look.heading_case == "upper"
        if look.heading_tracking_pt:
            heading.element.get_or_add_rPr().insert_element_before(
                _element("w:spacing", val=str(round(look.heading_tracking_pt * 20))),
                *AFTER_TRACKING)
        paragraph = heading.paragraph_format
        paragraph.alignment = ALIGN[look.heading_align]
        paragraph.space_before, paragraph.space_after = self.em(1.15), self.em(0.3)
        paragraph.keep_with_next = True
        if look.heading_rule:
            _border(heading.element.get_or_add_pPr(), "bottom", self.colour(look.heading_rule),
                    look.heading_rule_pt, 1)

        entry = self.style("Heading 2")
        entry.font.size = self.em(1)
        entry.font.bold = True
        entry.font.color.rgb = RGBColor.from_string(TEXT)
        entry.paragraph_format.space_before = self.em(0.5)
        entry.paragraph_format.keep_with_next = True
        self.right_tab(entry)

        details = self.style("Details", "Normal")
        details.font.color.rgb = RGBColor.from_string(DETAIL)
        self.right_tab(details)

        dates = self.style("Dates", "Normal")  # dates above a title (timeline)
        dates.font.color.rgb = RGBColor.from_string(self.accent)
        dates.paragraph_format.space_before = self.em(0.5)
        dates.paragraph_format.keep_with_next = True

        self.style("List Bullet")
        styles = ("Normal", "Title", "Subtitle", "Contact", "Heading 1", "Heading 2", "Details",
                  "Dates", "List Bullet")
        return {name: self.elements[BabelFish.ui2internal(name)].styleId for name in styles}


class _Writer:
    """Appends paragraphs as bare XML: python-docx's paragraph objects would look their style
    up by name, scanning every style for each paragraph."""

    def __init__(self, word, style_ids: dict[str, str]):
        self.part = word.part
        self.end = word.element.body.sectPr  # paragraphs go before the section properties
        self.style_ids = style_ids

    def paragraph(self, style: str = "Normal"):
        """Append and return an empty paragraph in `style`."""
        paragraph = _element("w:p")
        if style != "Normal":
            properties = _element("w:pPr")
            properties.append(_element("w:pStyle", val=self.style_ids[style]))
            paragraph.append(properties)
        self.end.addprevious(paragraph)
        return paragraph

    @staticmethod
    def run(parent, text: str, bold: bool | None = None):
        """Append a run of `text` (lines kept as line breaks); bold True/False overrides the
        style's weight."""
        run = _element("w:r")
        if bold is not None:
            properties = _element("w:rPr")
            properties.append(_element("w:b") if bold else _element("w:b", val="0"))
            run.append(properties)
        for index, line in enumerate(_safe(text).split("\n")):
            if index:
                run.append(_element("w:br"))
            piece = _element("w:t")
            piece.text = line
            piece.set(qn("xml:space"), "preserve")
            run.append(piece)
        parent.append(run)
        return run

    @staticmethod
    def tab(paragraph) -> None:
        """Append a tab: what follows goes to the right-aligned tab stop."""
        run = _element("w:r")
        run.append(_element("w:tab"))
        paragraph.append(run)

    def link(self, paragraph, text: str, href: str) -> None:
        """Append `text`, clickable when `href` is set (in the text's own colour, as the PDF)."""
        if not href:
            self.run(paragraph, text)
            return
        link = _element("w:hyperlink")
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
    if not _right_to_left(text):
        return paragraph
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = _element("w:pPr")
        paragraph.insert(0, properties)
    properties.append(_element("w:bidi"))  # after w:pStyle, the only other child here
    for run in paragraph.iter(qn("w:r")):
        run_properties = run.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = _element("w:rPr")
            run.insert(0, run_properties)
        run_properties.append(_element("w:rtl"))
    return paragraph


def _page(word, settings: Settings) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = PAGES[settings.page_size]
    margin = Mm(settings.margin_mm)
    section.top_margin = section.bottom_margin = margin
    section.left_margin = section.right_margin = margin


def _declare_font(word, font: Font) -> None:
    """List the font in the font table with a family and a common stand-in of that family."""
    part = word.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    table = etree.fromstring(part.blob)
    family, stand_in = FAMILIES.get(font.generic, FAMILIES["sans-serif"])
    entry = _element("w:font", name=font.name)
    entry.append(_element("w:altName", val=stand_in))
    entry.append(_element("w:family", val=family))
    entry.append(_element("w:pitch", val="variable"))
    table.insert(0, entry)
    # python-docx keeps the font table as plain bytes and offers no setter.
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


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
    used = {BabelFish.ui2internal(name) for name in USED_STYLES}
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
    output = io.BytesIO()
    word.save(output)
    return output.getvalue()


def _properties(word, name: str, now: datetime) -> None:
    """Set the file's properties to this resume's, clearing python-docx's own."""
    properties = word.core_properties
    properties.title = _safe(f"{name} – Resume")
    properties.author = properties.last_modified_by = _safe(name)
    properties.comments = ""
    properties.revision = 1
    properties.created = properties.modified = now


def _masthead(writer: _Writer, resume: ResumeView) -> None:
    writer.text(resume.name, "Title")
    if resume.label:
        writer.text(resume.label, "Subtitle")
    if resume.contact:
        paragraph = writer.paragraph("Contact")
        for index, item in enumerate(resume.contact):
            if index:
                writer.run(paragraph, SEPARATOR)
            writer.link(paragraph, item.text, item.href)


def _joined(writer: _Writer, paragraph, note: str, link: Link | None) -> None:
    if note:
        writer.run(paragraph, note)
    if note and link:
        writer.run(paragraph, SEPARATOR)
    if link:
        writer.link(paragraph, link.text, link.href)


def _entry(writer: _Writer, entry: Entry, dates_above: bool) -> None:
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
    if entry.note or entry.link or place:
        details = writer.paragraph("Details")
        _joined(writer, details, entry.note, entry.link)
        if place:
            writer.tab(details)
            writer.run(details, place)
    if entry.summary:
        writer.text(entry.summary)
    for bullet in entry.bullets:
        writer.text(bullet, "List Bullet")
    if entry.keywords:
        writer.text(", ".join(entry.keywords), "Details")


def _section(writer: _Writer, section: SectionView, look: WordLook) -> None:
    writer.text(section.title, "Heading 1")
    if section.layout == "inline":
        paragraph = writer.paragraph()
        for index, entry in enumerate(section.entries):
            shown = f"{entry.title} ({entry.subtitle})" if entry.subtitle else entry.title
            writer.run(paragraph, (SEPARATOR if index else "") + shown)
    elif section.layout == "groups":
        for entry in section.entries:
            paragraph = writer.paragraph()
            name = f"{entry.title} ({entry.subtitle})" if entry.subtitle else entry.title
            writer.run(paragraph, name + (":" if entry.keywords else ""), bold=True)
            if entry.keywords:
                writer.run(paragraph, " " + ", ".join(entry.keywords))
            _directed(paragraph, entry.title)
    else:
        for entry in section.entries:
            _entry(writer, entry, look.dates_above)


def render_docx(resume: ResumeView, design: str, settings: Settings, now: datetime) -> bytes:
    """Return the resume as a Word (.docx) file in the look of `design` with `settings`,
    dated `now` (UTC)."""
    look = docx_styles.look(design)
    word = Document(io.BytesIO(_template()))
    font = FONTS[settings.font]
    _declare_font(word, font)
    _page(word, settings)
    _properties(word, resume.name, now)
    writer = _Writer(word, _Styles(word, look, settings, font).apply())
    _masthead(writer, resume)
    first = [resume.section(key) for key in look.first_sections if resume.section(key)]
    for section in first:
        _section(writer, section, look)
    if resume.summary:
        writer.text("Summary", "Heading 1")
        writer.text(resume.summary)
    for section in resume.sections:
        if section not in first:
            _section(writer, section, look)
    output = io.BytesIO()
    word.save(output)
    return output.getvalue()
