"""How a resume looks in Word: page size and margins, the font with a fallback of its kind, and
the Word styles (Title, Subtitle, Heading 1, Heading 2, List Bullet, Footer, Normal and three of
ours) drawn from the settings and the design's look.

Fonts, sizes, colours, page and margins come from the resume's settings, as in the PDF; LOOKS
holds only what differs between designs. Word has no side column, so the sidebar design's side
sections come first after the masthead, in one column.
"""
from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import StyleFactory
from lxml import etree

from website.services import designs
from website.services.design_settings import FONTS, Font, Settings

ACCENT = "accent"  # a look's colour that is the resume's accent colour
TEXT = "1A1A1A"  # the designs' body colour (_base.css)
DETAIL = "444444"  # their colour of notes, links and keywords under a title
PAGES = {"A4": (Mm(210), Mm(297)), "Letter": (Inches(8.5), Inches(11))}
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER}
# Word substitutes a font the reader lacks by the family and alternative name the font table
# gives, so a serif design stays serif.
FAMILIES = {"serif": ("roman", "Times New Roman"), "sans-serif": ("swiss", "Arial")}
# The styles of python-docx's template a resume uses, and those this module adds.
BUILT_IN = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet", "Footer")
OURS = ("Contact", "Details", "Dates")
# Elements of w:pPr and w:rPr that may follow a paragraph border and letter spacing (OOXML
# requires this order; python-docx offers no property for either).
AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
# What may follow w:bidi in w:pPr, and w:rtl and w:lang in w:rPr.
AFTER_BIDI = AFTER_BORDER[AFTER_BORDER.index("w:bidi") + 1:]
AFTER_TRACKING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
                  "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                  "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
AFTER_RTL = AFTER_TRACKING[AFTER_TRACKING.index("w:rtl") + 1:]
AFTER_LANG = AFTER_TRACKING[AFTER_TRACKING.index("w:lang") + 1:]


@dataclass(frozen=True)
class WordLook:
    """One design's look in Word; colours are ACCENT or six hex digits."""

    name_align: str = "left"  # left or center
    name_bold: bool = True
    name_colour: str = TEXT
    name_scale: float = 2.0  # the name's size in ems of the body text
    label_colour: str = DETAIL
    label_bold: bool = False
    heading_case: str = "upper"  # upper or small caps
    heading_bold: bool = True
    heading_align: str = "left"
    heading_colour: str = ACCENT
    heading_rule: str | None = ACCENT  # colour of the line under each heading, None for none
    heading_rule_pt: float = 0.75
    heading_tracking_pt: float = 0.0  # letter spacing of headings
    masthead_rule: str | None = None  # colour of a line under the contact details
    dates_above: bool = False  # dates and place on a line above each title, not on the right
    first_sections: tuple[str, ...] = ()  # shown right after the masthead, in this order


LOOKS: dict[str, WordLook] = {
    "classic": WordLook(name_align="center", name_bold=False, heading_case="small caps",
                        heading_align="center", heading_rule="888888", heading_rule_pt=0.5),
    "modern": WordLook(name_colour=ACCENT, heading_rule_pt=1.5),
    "professional": WordLook(name_scale=2.2, label_colour=ACCENT, label_bold=True,
                             heading_rule_pt=1.0, masthead_rule=ACCENT),
    "minimal": WordLook(name_bold=False, heading_bold=False, heading_rule=None,
                        heading_tracking_pt=1.0),
    "executive": WordLook(heading_case="small caps", name_colour=ACCENT, heading_rule_pt=1.0),
    "sidebar": WordLook(name_colour=ACCENT, first_sections=("skills", "languages")),
    "timeline": WordLook(heading_rule=None, dates_above=True),
    "academic": WordLook(name_align="center", name_bold=False, heading_case="small caps",
                         heading_rule=TEXT, heading_rule_pt=0.5),
}


def look(slug: str) -> WordLook:
    """Return the Word look of design `slug`; a design without its own gets the default's."""
    return LOOKS.get(slug) or LOOKS[designs.DEFAULT_DESIGN]


def element(tag: str, **attributes: str):
    """Return a new WordprocessingML element `tag` with w: `attributes`."""
    made = OxmlElement(tag)
    for name, value in attributes.items():
        made.set(qn(f"w:{name}"), value)
    return made


def _border(style, colour: str, points: float, space: int) -> None:
    """Draw a line under each paragraph of `style`, `space` points below the text."""
    borders = element("w:pBdr")
    borders.append(element("w:bottom", val="single", sz=str(round(points * 8)),
                           space=str(space), color=colour))
    style.element.get_or_add_pPr().insert_element_before(borders, *AFTER_BORDER)


class _Styler:
    """Styles one document from a design's look and a resume's settings."""

    def __init__(self, word, look: WordLook, settings: Settings):
        self.word, self.look, self.size = word, look, settings.font_size
        self.accent = settings.accent.lstrip("#").upper()
        width, _ = PAGES[settings.page_size]
        self.text_width = width - 2 * Mm(settings.margin_mm)
        # One pass over the styles: python-docx's own look-up runs an XPath scan per name.
        self.elements = {element.name_val: element
                         for element in word.styles.element.iterchildren(qn("w:style"))}

    def hex(self, value: str) -> str:
        """Return the six hex digits of a look's colour (the accent or a fixed one)."""
        return self.accent if value == ACCENT else value

    def colour(self, value: str) -> RGBColor:
        """Return a look's colour as python-docx takes it."""
        return RGBColor.from_string(self.hex(value))

    def em(self, ems: float) -> Pt:
        """Return `ems` of the body text size in points, to the half point Word sizes type in."""
        return Pt(round(self.size * ems * 2) / 2)

    def style(self, name: str):
        """Return built-in style `name` with the template's look removed (theme fonts and
        colours, borders, spacing), or our style `name` added, based on Normal."""
        if name in OURS:
            element = self.word.styles.element.add_style_of_type(name, WD_STYLE_TYPE.PARAGRAPH,
                                                                 False)
            element.basedOn_val = "Normal"
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

    def body(self, font: Font, language: str) -> None:
        """Normal: the font for every script, the resume's language (for spelling and
        hyphenation), size, colour and the designs' line height."""
        normal = self.style("Normal")
        normal.font.name = font.name
        run_properties = normal.element.get_or_add_rPr()
        fonts = run_properties.get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), font.name)
        run_properties.insert_element_before(
            element("w:lang", val=language, eastAsia=language, bidi=language), *AFTER_LANG)
        normal.font.size = self.em(1)
        normal.font.color.rgb = self.colour(TEXT)
        paragraph = normal.paragraph_format
        paragraph.space_before = paragraph.space_after = Pt(0)
        # At least the designs' line height of 1.3: larger type (the name) still gets its own.
        paragraph.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        paragraph.line_spacing = self.em(1.3)
        self.style("List Bullet")

    def masthead(self) -> None:
        """Title (the name), Subtitle (the label) and Contact."""
        look = self.look
        title = self.style("Title")
        title.font.size = self.em(look.name_scale)
        title.font.bold = look.name_bold
        title.font.color.rgb = self.colour(look.name_colour)
        title.paragraph_format.alignment = ALIGN[look.name_align]
        subtitle = self.style("Subtitle")
        subtitle.font.size = self.em(1.15)
        subtitle.font.bold = look.label_bold
        subtitle.font.color.rgb = self.colour(look.label_colour)
        subtitle.paragraph_format.alignment = ALIGN[look.name_align]
        subtitle.paragraph_format.space_before = self.em(0.15)
        contact = self.style("Contact")
        contact.paragraph_format.alignment = ALIGN[look.name_align]
        contact.paragraph_format.space_before = self.em(0.35)
        if look.masthead_rule:
            _border(contact, self.hex(look.masthead_rule), 2.25, 4)

    def headings(self) -> None:
        """Heading 1: the section titles in the design's case, colour and rule."""
        look = self.look
        heading = self.style("Heading 1")
        heading.font.size = self.em(1.15)
        heading.font.bold = look.heading_bold
        heading.font.color.rgb = self.colour(look.heading_colour)
        heading.font.small_caps = look.heading_case == "small caps"
        heading.font.all_caps = look.heading_case == "upper"
        if look.heading_tracking_pt:
            heading.element.get_or_add_rPr().insert_element_before(
                element("w:spacing", val=str(round(look.heading_tracking_pt * 20))),
                *AFTER_TRACKING)
        paragraph = heading.paragraph_format
        paragraph.alignment = ALIGN[look.heading_align]
        paragraph.space_before, paragraph.space_after = self.em(1.15), self.em(0.3)
        paragraph.keep_with_next = True
        if look.heading_rule:
            _border(heading, self.hex(look.heading_rule), look.heading_rule_pt, 1)

    def entries(self) -> None:
        """Heading 2 (an entry's title and dates), Details (place, note, link, keywords) and
        Dates (dates above a title)."""
        entry = self.style("Heading 2")
        entry.font.size = self.em(1)
        entry.font.bold = True
        entry.font.color.rgb = self.colour(TEXT)
        entry.paragraph_format.space_before = self.em(0.5)
        entry.paragraph_format.keep_with_next = True
        self.right_tab(entry)
        details = self.style("Details")
        details.font.color.rgb = self.colour(DETAIL)
        self.right_tab(details)
        dates = self.style("Dates")
        dates.font.color.rgb = self.colour(ACCENT)
        dates.paragraph_format.space_before = self.em(0.5)
        dates.paragraph_format.keep_with_next = True

    def footer(self) -> None:
        """Footer: the name and page number, small and grey."""
        footer = self.style("Footer")
        footer.font.size = self.em(0.85)
        footer.font.color.rgb = self.colour(DETAIL)
        footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def complex_scripts(self) -> None:
        """Give Arabic text (Word's "complex script") the sizes and weights set for Latin:
        Word sizes and bolds it by w:szCs and w:bCs, which python-docx never sets."""
        for style in self.elements.values():
            properties = style.find(qn("w:rPr"))
            if properties is None:
                continue
            for latin, complex_script in (("w:b", "w:bCs"), ("w:i", "w:iCs"), ("w:sz", "w:szCs")):
                source = properties.find(qn(latin))
                if source is not None and properties.find(qn(complex_script)) is None:
                    twin = element(complex_script)
                    twin.attrib.update(source.attrib)
                    source.addnext(twin)

    def ids(self) -> dict[str, str]:
        """Return {style name: style id} of every style a resume uses."""
        return {name: self.elements[BabelFish.ui2internal(name)].styleId
                for name in BUILT_IN + OURS}


def _page(word, settings: Settings) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = PAGES[settings.page_size]
    margin = Mm(settings.margin_mm)
    section.top_margin = section.bottom_margin = margin
    section.left_margin = section.right_margin = margin
    # The footer sits inside the bottom margin rather than pushing the text up.
    section.header_distance = section.footer_distance = Mm(settings.margin_mm * 0.4)


def _declare_font(word, font: Font) -> None:
    """List the font in the font table with a family and a common stand-in of that family."""
    part = word.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    table = etree.fromstring(part.blob)
    family, stand_in = FAMILIES.get(font.generic, FAMILIES["sans-serif"])
    entry = element("w:font", name=font.name)
    entry.append(element("w:altName", val=stand_in))
    entry.append(element("w:family", val=family))
    entry.append(element("w:pitch", val="variable"))
    table.insert(0, entry)
    # python-docx keeps the font table as plain bytes and offers no setter.
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def apply(word, design_look: WordLook, settings: Settings,
          language: str = "en") -> dict[str, str]:
    """Give `word` the page, font and styles of `design_look` with `settings`, its text marked
    as written in `language`; return {style name: style id} of the styles a resume uses."""
    _page(word, settings)
    font = FONTS[settings.font]
    _declare_font(word, font)
    styler = _Styler(word, design_look, settings)
    styler.body(font, language)
    styler.masthead()
    styler.headings()
    styler.entries()
    styler.footer()
    styler.complex_scripts()
    return styler.ids()
