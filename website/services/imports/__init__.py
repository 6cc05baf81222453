"""Read the resumes job seekers already have (JSON Resume, PDF, Word, a LinkedIn data export)
into a document this app can keep, with warnings for whatever had to be left out.

Every reader returns an `ImportResult`; nothing is created until the user has reviewed it.
"""
from dataclasses import dataclass, field

from babel.numbers import format_decimal
from flask_babel import get_locale


def number(value: float) -> str:
    """Return `value` as the reader's language writes numbers ("1,026", "1.026"); English
    outside a request (the command line, tests)."""
    return format_decimal(value, locale=get_locale() or "en")


class ImportRejected(ValueError):
    """The file cannot be imported at all; the message says why, in words for the user."""


@dataclass(frozen=True)
class ImportWarning:
    """Something in the file that was left out or guessed, shown beside its section."""

    section: str  # "basics", a section key such as "work", or "file" for the whole file
    message: str


@dataclass
class ImportResult:
    """What a file was understood to say: a normalized, valid document and its warnings."""

    document: dict
    source: str  # "json", "pdf-attachment", "pdf", "docx" or "linkedin"
    warnings: list[ImportWarning] = field(default_factory=list)
    design: str | None = None  # the design a file exported from this site names
    settings: dict = field(default_factory=dict)  # that design's layout choices


@dataclass(frozen=True)
class TextLine:
    """One line of a PDF or Word resume as its reader saw it: the text and how it looked.

    The layout parser turns a list of these into a document; readers fill in what their
    format knows and leave the rest at the defaults.
    """

    text: str
    size: float = 0.0  # font size in points; 0 when unknown
    bold: bool = False
    italic: bool = False
    bullet: bool = False  # a list item: a bullet glyph was stripped, or a Word list paragraph
    heading: bool = False  # the source itself marks it a heading (a Word "Heading" style)
    indent: float = 0.0  # distance from the text's left margin, in points
    page: int = 0
    gap_before: float = 0.0  # vertical space above the line beyond normal line spacing, pt
