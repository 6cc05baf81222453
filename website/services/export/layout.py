"""What every export shows of a resume, in which order, independent of the file format."""
from dataclasses import dataclass, field

from website.services.export.dates import format_date, format_range
from website.services.resume_document import SECTIONS, SECTIONS_BY_KEY, Section, entry_headline

BULLET_FIELDS = {"highlights"}  # lines shown as a bulleted list; other lines join into one line


@dataclass
class EntryView:
    """One entry of a section, prepared for display."""

    headline: str
    dates: str = ""
    facts: list[tuple[str, str, str]] = field(default_factory=list)  # (label, value, kind)
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


def ordered_sections(section_order: list[str] | None) -> list[Section]:
    """Return every section: those named in `section_order` first, then the rest as defined."""
    named = [SECTIONS_BY_KEY[key] for key in dict.fromkeys(section_order or [])
             if key in SECTIONS_BY_KEY]
    return named + [section for section in SECTIONS if section not in named]


def location_text(location: dict) -> str:
    """Return the location on one line, like "Main St 1, 10115 Berlin, Berlin, DE"."""
    place = " ".join(p for p in (location.get("postalCode", ""), location.get("city", "")) if p)
    parts = [location.get("address", "").replace("\n", ", "), place, location.get("region", ""),
             location.get("countryCode", "")]
    return ", ".join(part for part in parts if part)


def contact_items(basics: dict) -> list[tuple[str, str]]:
    """Return the (kind, value) contact details of `basics` that are filled in."""
    items = [("email", basics.get("email", "")), ("text", basics.get("phone", "")),
             ("url", basics.get("url", "")), ("text", location_text(basics["location"]))]
    return [(kind, value) for kind, value in items if value]


def entry_view(entry: dict, section: Section) -> EntryView:
    """Return what to show of one entry: every known field that is filled in."""
    view = EntryView(entry_headline(entry, section))
    if section.date_range:
        view.dates = format_range(*(entry.get(key, "") for key in section.date_range))
    skip = set(section.headline) | set(section.date_range or ())
    single_dates = []
    for spec in section.fields:
        value = entry.get(spec.key)
        if spec.key in skip or not value:
            continue
        if spec.kind == "date":
            single_dates.append(format_date(value))
        elif spec.kind == "textarea":
            view.paragraphs.append(value)
        elif spec.kind == "lines" and spec.key in BULLET_FIELDS:
            view.bullets.extend(value)
        elif spec.kind == "lines":
            view.facts.append((spec.label, ", ".join(value), "text"))
        else:
            view.facts.append((spec.label, value, spec.kind))
    view.dates = view.dates or ", ".join(single_dates)
    return view
