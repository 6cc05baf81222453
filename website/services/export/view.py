"""The one view model of a resume that every output draws: the HTML designs, the Word file, the
plain text and the version page.

It holds the visible sections in the chosen order, each entry already shaped for display
("MSc in Computer Science", "Mar 2021 – Present", links without their scheme), so no renderer
derives a contact line, a date or a headline on its own.
"""
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from website.services import resume_document
from website.services.export.dates import format_date, format_range

# How a section's entries are laid out: "entries" (title and dates line, subtitle and location
# line, summary, bullets), "groups" (one "Name: a, b, c" line each), "inline" (one line for the
# whole section, like "German (native) · English (fluent)").
GROUPS = ("skills", "interests")
INLINE = ("languages",)


@dataclass(frozen=True)
class Link:
    """A web, mail or phone link: what to show and where it goes."""

    text: str
    href: str


@dataclass(frozen=True)
class ContactItem:
    """One contact detail: `kind` is email, phone, location, website or a profile network."""

    kind: str
    label: str  # "Email", "Phone", "LinkedIn": for sidebars and screen readers
    text: str
    href: str = ""


@dataclass
class Entry:
    """One entry shaped for display; empty strings and lists are simply not shown."""

    title: str
    subtitle: str = ""  # company, institution, issuer, publisher, fluency, skill level
    dates: str = ""
    location: str = ""
    link: Link | None = None
    summary: str = ""  # may hold line breaks
    bullets: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # skills of a group, courses, tools
    note: str = ""  # a short extra fact: a grade, the roles in a project
    # Context shown quietly under the title: what the employer does ("Social media company"),
    # whom a project was for and what kind it was ("Greenpeace · Volunteering").
    about: str = ""


@dataclass
class SectionView:
    """A visible section with its entries, in the order the resume's settings give."""

    key: str
    title: str
    layout: str  # entries, groups or inline
    entries: list[Entry]


@dataclass
class ResumeView:
    """Everything a design shows, in reading order."""

    name: str
    label: str
    contact: list[ContactItem]
    summary: str
    sections: list[SectionView]

    def section(self, key: str) -> SectionView | None:
        """Return the visible section `key`, or None when it is hidden or empty."""
        return next((section for section in self.sections if section.key == key), None)


def short_address(url: str) -> str:
    """Return a web address as people write it: "github.com/jane" for "https://www.github.com/jane/"."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return url
    host = parts.netloc.removeprefix("www.")
    rest = parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")
    return host + rest


def web_link(url: str) -> Link | None:
    """Return a link for an http(s) address (shown without its scheme), else None."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return Link(url, "")
    return Link(short_address(url), url)


def location_text(location: dict) -> str:
    """Return the location on one line, like "Hauptstraße 1, 10115 Berlin, DE"."""
    place = " ".join(p for p in (location.get("postalCode", ""), location.get("city", "")) if p)
    parts = [location.get("address", "").replace("\n", ", "), place, location.get("region", ""),
             location.get("countryCode", "")]
    return ", ".join(part for part in parts if part)


def contact_items(basics: dict) -> list[ContactItem]:
    """Return the filled-in contact details of `basics`: email, phone, place, website, profiles."""
    items = []
    if basics.get("email"):
        items.append(ContactItem("email", "Email", basics["email"], f"mailto:{basics['email']}"))
    if basics.get("phone"):
        digits = "".join(c for c in basics["phone"] if c.isdigit() or c == "+")
        items.append(ContactItem("phone", "Phone", basics["phone"],
                                 f"tel:{digits}" if digits else ""))
    place = location_text(basics.get("location") or {})
    if place:
        items.append(ContactItem("location", "Location", place))
    link = web_link(basics.get("url", ""))
    if link:
        items.append(ContactItem("website", "Website", link.text, link.href))
    for profile in basics.get("profiles", []):
        link = web_link(profile.get("url", ""))
        network = profile.get("network") or "Profile"
        text = link.text if link else profile.get("username", "") or network
        items.append(ContactItem(network.lower(), network, text, link.href if link else ""))
    return items


def degree(entry: dict) -> str:
    """Return "MSc in Computer Science", "MSc" or "Computer Science" for an education entry."""
    study, area = entry.get("studyType", ""), entry.get("area", "")
    return f"{study} in {area}" if study and area else study or area


def _dates(entry: dict, start: str = "startDate", end: str = "endDate") -> str:
    return format_range(entry.get(start, ""), entry.get(end, ""))


def _work(entry: dict) -> Entry:
    return Entry(entry["position"] or entry["name"], entry["name"] if entry["position"] else "",
                 _dates(entry), entry["location"], web_link(entry["url"]), entry["summary"],
                 entry["highlights"], about=entry["description"])


def _education(entry: dict) -> Entry:
    title = degree(entry)
    return Entry(title or entry["institution"], entry["institution"] if title else "",
                 _dates(entry), link=web_link(entry["url"]), keywords=entry["courses"],
                 note=entry["score"])


def _project(entry: dict) -> Entry:
    kind = entry["type"][:1].upper() + entry["type"][1:]  # the schema's examples: "application"
    return Entry(entry["name"], ", ".join(entry["roles"]), _dates(entry),
                 link=web_link(entry["url"]), summary=entry["description"],
                 bullets=entry["highlights"], keywords=entry["keywords"],
                 about=" · ".join(part for part in (entry["entity"], kind) if part))


def _skill(entry: dict) -> Entry:
    return Entry(entry["name"], entry["level"], keywords=entry["keywords"])


def _certificate(entry: dict) -> Entry:
    return Entry(entry["name"], entry["issuer"], format_date(entry["date"]),
                 link=web_link(entry["url"]))


def _language(entry: dict) -> Entry:
    return Entry(entry["language"], entry["fluency"])


def _award(entry: dict) -> Entry:
    return Entry(entry["title"], entry["awarder"], format_date(entry["date"]),
                 summary=entry["summary"])


def _volunteer(entry: dict) -> Entry:
    return Entry(entry["position"] or entry["organization"],
                 entry["organization"] if entry["position"] else "", _dates(entry),
                 link=web_link(entry["url"]), summary=entry["summary"],
                 bullets=entry["highlights"])


def _publication(entry: dict) -> Entry:
    return Entry(entry["name"], entry["publisher"], format_date(entry["releaseDate"]),
                 link=web_link(entry["url"]), summary=entry["summary"])


def _interest(entry: dict) -> Entry:
    return Entry(entry["name"], keywords=entry["keywords"])


def _reference(entry: dict) -> Entry:
    return Entry(entry["name"], summary=entry["reference"])


SHAPERS = {"work": _work, "education": _education, "projects": _project, "skills": _skill,
           "certificates": _certificate, "languages": _language, "awards": _award,
           "volunteer": _volunteer, "publications": _publication, "interests": _interest,
           "references": _reference}


def layout_of(key: str) -> str:
    """Return how section `key` is laid out: entries, groups or inline."""
    return "groups" if key in GROUPS else "inline" if key in INLINE else "entries"


def build(content: dict | None, fallback_name: str, section_order=None,
          hidden_sections=()) -> ResumeView:
    """Return the view of a resume's `content`: its visible, non-empty sections in
    `section_order` (every section in its standard order when None), hidden ones left out."""
    document = resume_document.normalize(content)
    basics = document["basics"]
    keys = [key for key in dict.fromkeys(section_order or ())
            if key in resume_document.SECTIONS_BY_KEY]
    keys += [section.key for section in resume_document.SECTIONS if section.key not in keys]
    sections = [
        SectionView(key, str(resume_document.SECTIONS_BY_KEY[key].title), layout_of(key),
                    [SHAPERS[key](entry) for entry in document[key]])
        for key in keys if key not in hidden_sections and document[key]]
    return ResumeView(basics["name"] or fallback_name, basics["label"], contact_items(basics),
                      basics["summary"], sections)


def of(source, settings) -> ResumeView:
    """Return the view of a resume or version (`source`) with its `settings`' order and hidden
    sections."""
    return build(source.content, source.title, settings.section_order, settings.hidden_sections)
