"""Word export: real Word styles (Title, headings, List Bullet), links and no layout tables."""
import io
import re
import unicodedata

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph

from website.services.export.layout import contact_items, entry_view, ordered_sections

# Characters XML 1.0 cannot hold; a pasted control character must not break the file.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ACCENT_STYLES = ("Title", "Heading 1", "Heading 2")
FONT_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet")


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


def _set_direction(paragraph: Paragraph, text: str) -> None:
    """Mark an Arabic or Hebrew paragraph right-to-left (w:bidi, w:rtl), so Word lays it out
    from the right and keeps its punctuation in place."""
    if not _right_to_left(text):
        return
    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    for run in paragraph._p.iter(qn("w:r")):
        properties = run.find(qn("w:rPr"))
        if properties is None:
            properties = OxmlElement("w:rPr")
            run.insert(0, properties)
        properties.append(OxmlElement("w:rtl"))


class _Writer:
    """Adds paragraphs in a named style; python-docx looks a style up by name with a scan of
    every style for each paragraph (most of a DOCX's time), so ids are looked up once."""

    def __init__(self, word):
        self.word = word
        self.style_ids = {name: word.styles[name].style_id for name in FONT_STYLES}

    def add(self, text: str = "", style: str | None = None) -> Paragraph:
        """Append a paragraph of `text` in `style` (Normal when None)."""
        paragraph = self.word.add_paragraph(_safe(text))
        if style:
            paragraph._p.style = self.style_ids[style]
        return paragraph


def _set_font(style, font_family: str) -> None:
    """Use `font_family` for every script, including Arabic and Hebrew (complex script)."""
    style.font.name = font_family
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font_family)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _add_link(paragraph: Paragraph, url: str, text: str, accent: str) -> None:
    """Append a clickable link: a relationship to `url` and a w:hyperlink run pointing at it."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK,
                                                  is_external=True))
    run, properties = OxmlElement("w:r"), OxmlElement("w:rPr")
    colour, underline = OxmlElement("w:color"), OxmlElement("w:u")
    colour.set(qn("w:val"), accent)
    underline.set(qn("w:val"), "single")
    properties.extend((colour, underline))
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = _safe(text)
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _add_value(paragraph: Paragraph, kind: str, value: str, accent: str) -> None:
    if kind == "url":
        _add_link(paragraph, value, value, accent)
    elif kind == "email":
        _add_link(paragraph, f"mailto:{value}", value, accent)
    else:
        paragraph.add_run(_safe(value))


def render_docx(document: dict, title: str, *, font_family: str = "Liberation Sans",
                accent: str = "#1f4e79", section_order: list[str] | None = None) -> bytes:
    """Return the normalized `document` as a Word (.docx) file."""
    accent = accent.lstrip("#").upper()
    word = Document()
    for name in FONT_STYLES:
        _set_font(word.styles[name], font_family)
    for name in ACCENT_STYLES:
        word.styles[name].font.color.rgb = RGBColor.from_string(accent)
    basics = document["basics"]
    word.core_properties.title = _safe(title)
    word.core_properties.author = _safe(basics.get("name", ""))
    writer = _Writer(word)
    add = writer.add
    name = basics.get("name") or title
    _set_direction(add(name, "Title"), name)
    if basics.get("label"):
        _set_direction(add(basics["label"], "Subtitle"), basics["label"])
    contacts = contact_items(basics)
    if contacts:
        paragraph = add()
        for index, (kind, value) in enumerate(contacts):
            if index:
                paragraph.add_run(" | ")
            _add_value(paragraph, kind, value, accent)
    for profile in basics.get("profiles", []):
        paragraph = add(f"{profile['network']}: {profile.get('username', '')}".rstrip(": "))
        if profile.get("url"):
            paragraph.add_run(" ")
            _add_link(paragraph, profile["url"], profile["url"], accent)
    if basics.get("summary"):
        add("Summary", "Heading 1")
        _set_direction(add(basics["summary"]), basics["summary"])
    for section in ordered_sections(section_order):
        if not document.get(section.key):
            continue
        add(section.title, "Heading 1")
        for entry in document[section.key]:
            view = entry_view(entry, section)
            _set_direction(add(view.headline, "Heading 2"), view.headline)
            if view.dates:
                add().add_run(view.dates).italic = True
            for label, value, kind in view.facts:
                paragraph = add(f"{label}: ")
                _add_value(paragraph, kind, value, accent)
                if kind == "text":
                    _set_direction(paragraph, value)
            for text in view.paragraphs:
                _set_direction(add(text), text)
            for bullet in view.bullets:
                _set_direction(add(bullet, "List Bullet"), bullet)
    output = io.BytesIO()
    word.save(output)
    return output.getvalue()
