"""Word export: real Word styles (Title, headings, List Bullet), links and no layout tables."""
import io
import re

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
    word.add_paragraph(_safe(basics.get("name") or title), style="Title")
    if basics.get("label"):
        word.add_paragraph(_safe(basics["label"]), style="Subtitle")
    contacts = contact_items(basics)
    if contacts:
        paragraph = word.add_paragraph()
        for index, (kind, value) in enumerate(contacts):
            if index:
                paragraph.add_run(" | ")
            _add_value(paragraph, kind, value, accent)
    for profile in basics.get("profiles", []):
        paragraph = word.add_paragraph(_safe(f"{profile['network']}: {profile.get('username', '')}"
                                             .rstrip(": ")))
        if profile.get("url"):
            paragraph.add_run(" ")
            _add_link(paragraph, profile["url"], profile["url"], accent)
    if basics.get("summary"):
        word.add_heading("Summary", level=1)
        word.add_paragraph(_safe(basics["summary"]))
    for section in ordered_sections(section_order):
        if not document.get(section.key):
            continue
        word.add_heading(section.title, level=1)
        for entry in document[section.key]:
            view = entry_view(entry, section)
            word.add_heading(_safe(view.headline), level=2)
            if view.dates:
                word.add_paragraph().add_run(view.dates).italic = True
            for label, value, kind in view.facts:
                paragraph = word.add_paragraph(f"{label}: ")
                _add_value(paragraph, kind, value, accent)
            for text in view.paragraphs:
                word.add_paragraph(_safe(text))
            for bullet in view.bullets:
                word.add_paragraph(_safe(bullet), style="List Bullet")
    output = io.BytesIO()
    word.save(output)
    return output.getvalue()
