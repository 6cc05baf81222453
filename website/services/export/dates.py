"""One way to show resume dates in every export, in the resume's language with Babel's locale
data: "Mar 2021 – Present", "wrz 2021 – obecnie", "2021年9月 – 至今"."""
from datetime import date

from babel import Locale
from babel.dates import format_skeleton
from flask_babel import pgettext

from website.services import languages
from website.services.resume_document import parse_date

# Babel skeletons (CLDR): each locale orders and spells them its own way.
SKELETONS = {1: "y", 2: "yMMM", 3: "yMMMd"}
# English without a region keeps the dates resumes made here always had, "Sep 2021" and
# "5 Mar 2021" (the day first, as most of the English-speaking world reads it); "en-US" asks for
# "Mar 5, 2021", "en-GB" for "Sept 2021".
PLAIN_ENGLISH = {2: Locale.parse("en"), 3: Locale.parse("en_GB")}


class Dates:
    """Formats a resume's stored dates in its language (a tag of services.languages)."""

    def __init__(self, language: str | None = None):
        self.language = languages.normalize(language)
        self.locale = languages.babel_locale(self.language)

    def _locale(self, parts: int) -> Locale:
        if self.language == languages.DEFAULT:
            return PLAIN_ENGLISH.get(parts, self.locale)
        return self.locale

    def date(self, value: str) -> str:
        """Return "2021", "Mar 2021" or "5 Mar 2021" (in the language's own form) for a stored
        date; other text unchanged."""
        parts = parse_date(value)
        if parts is None:
            return (value or "").strip()
        day = date(parts[0], *(tuple(parts[1:]) + (1,) * (3 - len(parts))))
        return format_skeleton(SKELETONS[len(parts)], day, locale=self._locale(len(parts)))

    def range(self, start: str, end: str) -> str:
        """Return "Mar 2021 – Jun 2023", "Mar 2021 – Present" (no end), or "" without dates;
        "Present" comes from the catalogue in force, the resume's language's."""
        if not start:
            return self.date(end)
        until = self.date(end) if end else pgettext("resume", "Present")
        return f"{self.date(start)} – {until}"


def format_date(value: str, language: str | None = None) -> str:
    """Return a stored date as a resume in `language` shows it (see Dates.date)."""
    return Dates(language).date(value)


def format_range(start: str, end: str, language: str | None = None) -> str:
    """Return a span of stored dates as a resume in `language` shows it (see Dates.range)."""
    return Dates(language).range(start, end)
