"""The one view model of a resume that every output draws: the HTML designs, the Word file, the
plain text and the version page.

It holds the visible sections in the chosen order, each entry already shaped for display
("MSc in Computer Science", "Mar 2021 – Present", links without their scheme), so no renderer
derives a contact line, a date or a headline on its own.

It is also the one place that decides the words a resume prints: headings, contact labels,
"Present", the footer. They come out in the resume's own language (`settings.language`), never
the reader's, built under that language's catalogue (`force_locale`), so a renderer only copies
strings and needs no locale of its own.
"""
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask_babel import force_locale, lazy_pgettext, pgettext

from website.services import languages, resume_document
from website.services.export.dates import Dates

# How a section's entries are laid out: "entries" (title and dates line, subtitle and location
# line, summary, bullets), "groups" (one "Name: a, b, c" line each), "inline" (one line for the
# whole section, like "German (native) · English (fluent)").
GROUPS = ("skills", "interests")
INLINE = ("languages",)
# Dates as a resume without a language of its own shows them.
ENGLISH = Dates()
# The resume's headings, by section key: the resume's words, not the editor's (whose titles
# follow the interface language).
HEADINGS = {
    "work": lazy_pgettext("resume", "Experience"),
    "education": lazy_pgettext("resume", "Education"),
    "projects": lazy_pgettext("resume", "Projects"),
    "skills": lazy_pgettext("resume", "Skills"),
    "certificates": lazy_pgettext("resume", "Certifications"),
    "languages": lazy_pgettext("resume", "Languages"),
    "awards": lazy_pgettext("resume", "Awards"),
    "volunteer": lazy_pgettext("resume", "Volunteering"),
    "publications": lazy_pgettext("resume", "Publications"),
    "interests": lazy_pgettext("resume", "Interests"),
    "references": lazy_pgettext("resume", "References"),
}
# Project kinds the schema's examples use, printed in the resume's language; any other kind is
# shown as written.
PROJECT_KINDS = {
    "application": lazy_pgettext("resume", "Application"),
    "volunteering": lazy_pgettext("resume", "Volunteering"),
    "talk": lazy_pgettext("resume", "Talk"),
    "website": lazy_pgettext("resume", "Website"),
    "library": lazy_pgettext("resume", "Library"),
    "research": lazy_pgettext("resume", "Research"),
    "presentation": lazy_pgettext("resume", "Presentation"),
    "open source": lazy_pgettext("resume", "Open source"),
}


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


@dataclass(frozen=True)
class Words:
    """The words a resume or its cover letter prints around the candidate's own text."""

    summary: str = "Summary"
    contact: str = "Contact"
    resume: str = "Resume"  # the document's title: "Jane Doe – Resume"
    cover_letter: str = "Cover letter"
    photo: str = "Photo"  # the photo's text alternative: "Photo of Jane Doe"
    page_of: str = "Page %(page)s of %(pages)s"  # the footer from page 2 on
    attachment: str = "This resume as a JSON Resume document"  # the PDF's attached file

    @classmethod
    def current(cls, name: str) -> "Words":
        """Return the words of `name`'s resume in the language of the catalogue in force."""
        return cls(pgettext("resume", "Summary"), pgettext("resume", "Contact"),
                   pgettext("resume", "Resume"), pgettext("resume", "Cover letter"),
                   pgettext("resume", "Photo of %(name)s", name=name),
                   # Not formatted here: the PDF and Word fill in the numbers themselves.
                   pgettext("resume", "Page %(page)s of %(pages)s"),
                   pgettext("resume", "This resume as a JSON Resume document"))


@dataclass
class ResumeView:
    """Everything a design shows, in reading order, in the resume's `language` (a tag)."""

    name: str
    label: str
    contact: list[ContactItem]
    summary: str
    sections: list[SectionView]
    language: str = languages.DEFAULT
    words: Words = field(default_factory=Words)

    @property
    def direction(self) -> str:
        """Return the text direction of the resume's language: "rtl" or "ltr"."""
        return languages.direction(self.language)

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
        items.append(ContactItem("email", pgettext("resume", "Email"), basics["email"],
                                 f"mailto:{basics['email']}"))
    if basics.get("phone"):
        digits = "".join(c for c in basics["phone"] if c.isdigit() or c == "+")
        items.append(ContactItem("phone", pgettext("resume", "Phone"), basics["phone"],
                                 f"tel:{digits}" if digits else ""))
    place = location_text(basics.get("location") or {})
    if place:
        items.append(ContactItem("location", pgettext("resume", "Location"), place))
    link = web_link(basics.get("url", ""))
    if link:
        items.append(ContactItem("website", pgettext("resume", "Website"), link.text, link.href))
    for profile in basics.get("profiles", []):
        link = web_link(profile.get("url", ""))
        network = profile.get("network") or pgettext("resume", "Profile")
        text = link.text if link else profile.get("username", "") or network
        items.append(ContactItem(network.lower(), network, text, link.href if link else ""))
    return items


def degree(entry: dict) -> str:
    """Return "MSc in Computer Science", "MSc" or "Computer Science" for an education entry."""
    study, area = entry.get("studyType", ""), entry.get("area", "")
    if study and area:
        return pgettext("resume", "%(degree)s in %(field)s", degree=study, field=area)
    return study or area


def _dates(entry: dict, when: Dates) -> str:
    return when.range(entry.get("startDate", ""), entry.get("endDate", ""))


def project_kind(kind: str) -> str:
    """Return a project's kind as the resume prints it: a known kind in the resume's language,
    any other as written, capitalised ("Application", "Anwendung")."""
    known = PROJECT_KINDS.get(kind.strip().lower())
    shown = str(known) if known is not None else kind.strip()
    return shown[:1].upper() + shown[1:]


def _work(entry: dict, when: Dates = ENGLISH) -> Entry:
    return Entry(entry["position"] or entry["name"], entry["name"] if entry["position"] else "",
                 _dates(entry, when), entry["location"], web_link(entry["url"]), entry["summary"],
                 entry["highlights"], about=entry["description"])


def _education(entry: dict, when: Dates = ENGLISH) -> Entry:
    title = degree(entry)
    return Entry(title or entry["institution"], entry["institution"] if title else "",
                 _dates(entry, when), link=web_link(entry["url"]), keywords=entry["courses"],
                 note=entry["score"])


def _project(entry: dict, when: Dates = ENGLISH) -> Entry:
    kind = project_kind(entry["type"])
    return Entry(entry["name"], ", ".join(entry["roles"]), _dates(entry, when),
                 link=web_link(entry["url"]), summary=entry["description"],
                 bullets=entry["highlights"], keywords=entry["keywords"],
                 about=" · ".join(part for part in (entry["entity"], kind) if part))


def _skill(entry: dict, when: Dates = ENGLISH) -> Entry:
    return Entry(entry["name"], entry["level"], keywords=entry["keywords"])


def _certificate(entry: dict, when: Dates = ENGLISH) -> Entry:
    return Entry(entry["name"], entry["issuer"], when.date(entry["date"]),
                 link=web_link(entry["url"]))


def _language(entry: dict, when: Dates = ENGLISH) -> Entry:
    return Entry(entry["language"], entry["fluency"])


def _award(entry: dict, when: Dates = ENGLISH) -> Entry:
    return Entry(entry["title"], entry["awarder"], when.date(entry["date"]),
                 summary=entry["summary"])


def _volunteer(entry: dict, when: Dates = ENGLISH) -> Entry:
    return Entry(entry["position"] or entry["organization"],
                 entry["organization"] if entry["position"] else "", _dates(entry, when),
                 link=web_link(entry["url"]), summary=entry["summary"],
                 bullets=entry["highlights"])


def _publication(entry: dict, when: Dates = ENGLISH) -> Entry:
    return Entry(entry["name"], entry["publisher"], when.date(entry["releaseDate"]),
                 link=web_link(entry["url"]), summary=entry["summary"])


def _interest(entry: dict, when: Dates = ENGLISH) -> Entry:
    return Entry(entry["name"], keywords=entry["keywords"])


def _reference(entry: dict, when: Dates = ENGLISH) -> Entry:
    return Entry(entry["name"], summary=entry["reference"])


SHAPERS = {"work": _work, "education": _education, "projects": _project, "skills": _skill,
           "certificates": _certificate, "languages": _language, "awards": _award,
           "volunteer": _volunteer, "publications": _publication, "interests": _interest,
           "references": _reference}


def layout_of(key: str) -> str:
    """Return how section `key` is laid out: entries, groups or inline."""
    return "groups" if key in GROUPS else "inline" if key in INLINE else "entries"


def build(content: dict | None, fallback_name: str, section_order=None,
          hidden_sections=(), language: str | None = None) -> ResumeView:
    """Return the view of a resume's `content`: its visible, non-empty sections in
    `section_order` (every section in its standard order when None), hidden ones left out, its
    words and dates in `language` (English for None or a tag no resume can be written in)."""
    return _of_document(resume_document.normalize(content), fallback_name, section_order,
                        hidden_sections, language)


def _of_document(document: dict, fallback_name: str, section_order, hidden_sections,
                 language: str | None) -> ResumeView:
    tag = languages.normalize(language)
    with force_locale(str(languages.babel_locale(tag))):
        return _build(document, fallback_name, section_order, hidden_sections, tag)


def _build(document: dict, fallback_name: str, section_order, hidden_sections,
           language: str) -> ResumeView:
    when = Dates(language)
    basics = document["basics"]
    keys = [key for key in dict.fromkeys(section_order or ())
            if key in resume_document.SECTIONS_BY_KEY]
    keys += [section.key for section in resume_document.SECTIONS if section.key not in keys]
    sections = [
        SectionView(key, str(HEADINGS[key]), layout_of(key),
                    [SHAPERS[key](entry, when) for entry in document[key]])
        for key in keys if key not in hidden_sections and document[key]]
    name = basics["name"] or fallback_name
    return ResumeView(name, basics["label"], contact_items(basics), basics["summary"], sections,
                      language, Words.current(name))


def of(source, settings) -> ResumeView:
    """Return the view of a resume or version (`source`) with its `settings`' order and hidden
    sections."""
    return _of_document(source.document, source.title, settings.section_order,
                        settings.hidden_sections, settings.language)
