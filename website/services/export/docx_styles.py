"""How each design looks in Word: the few typographic choices of its stylesheet that Word
styles can carry (masthead alignment, heading case and rule, where the dates go).

Fonts, sizes, colours, page and margins come from the resume's settings, as in the PDF; this
table holds only what differs between designs. Word has no side column, so the sidebar design's
side sections come first after the masthead, in one column.
"""
from dataclasses import dataclass

from website.services import templates

ACCENT = "accent"  # a colour that is the resume's accent colour


@dataclass(frozen=True)
class WordLook:
    """One design's look in Word; colours are ACCENT or six hex digits."""

    name_align: str = "left"  # left or center
    name_bold: bool = True
    name_colour: str = "1A1A1A"
    name_scale: float = 2.0  # the name's size in ems of the body text
    label_colour: str = "444444"
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
                         heading_rule="1A1A1A", heading_rule_pt=0.5),
}


def look(slug: str) -> WordLook:
    """Return the Word look of design `slug`; a design without its own gets the default's."""
    return LOOKS.get(slug) or LOOKS[templates.DEFAULT_TEMPLATE]
