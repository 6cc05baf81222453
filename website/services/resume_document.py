"""The resume document: its shape (JSON Resume 1.0 field names), defaults, rules and completion.

Everything that reads or writes resume content goes through this module: the editor forms are
built from SECTIONS, and exports, imports and the API rely on `normalize` and `validate`.
"""
import copy
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

# Generous limits: every resume a person could write fits (JSON Resume itself sets none), and
# only absurd input is refused. A real resume has a few entries of a few lines each.
MAX_ENTRIES = 100
MAX_LINES = 100
LINE_MAX_LENGTH = 1000
SUMMARY_MAX_LENGTH = 10_000
TEXT_MAX_LENGTH = 500  # names, titles, places: one line of text
URL_MAX_LENGTH = 2000
# The most one document may take as compact JSON: about 100 full pages of text, so the limit
# bounds what a save, a compare or a version costs, never a real resume.
MAX_DOCUMENT_BYTES = 256 * 1024
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DATE_HINT = "YYYY, YYYY-MM or YYYY-MM-DD"


@dataclass(frozen=True)
class Field:
    """One field of an entry: its JSON key, label, kind and limits."""

    key: str
    label: str
    kind: str = "text"  # text, textarea, date, url, email or lines (a list, one item per line)
    max_length: int = TEXT_MAX_LENGTH
    hint: str = ""  # short, concrete writing advice shown under the field
    item: str = ""  # for lines: what one line is ("highlight"), in buttons and labels


@dataclass(frozen=True)
class Section:
    """A list section of the document (work, education, ...)."""

    key: str
    title: str  # the standard heading an ATS expects
    entry_name: str  # "job", "school": used in buttons and messages
    fields: tuple[Field, ...]
    headline: tuple[str, ...] = ()  # keys that name an entry in lists and messages
    date_range: tuple[str, str] | None = None


def _dates(start: str = "startDate", end: str = "endDate") -> tuple[Field, Field]:
    return (Field(start, "Start date", "date", 10, hint=DATE_HINT),
            Field(end, "End date", "date", 10, hint="Leave empty for “present”."))


SUMMARY = Field("summary", "Summary", "textarea", SUMMARY_MAX_LENGTH)
URL = Field("url", "Website", "url", URL_MAX_LENGTH)
ROLE_SUMMARY = replace(SUMMARY, hint="A sentence or two on the team, the product and what you "
                                     "were responsible for; results go in the highlights.")
HIGHLIGHTS = Field("highlights", "Highlights", "lines", item="highlight",
                   hint="One achievement per line. Start with a verb (Led, Built, Cut) and add "
                        "a number where you can (30%, 2,000 users).")
KEYWORDS = Field("keywords", "Keywords", "lines", item="keyword",
                 hint="One per line: the tools and terms a job ad would name (SQL, Figma).")

SECTIONS: tuple[Section, ...] = (
    Section("work", "Experience", "job", (
        Field("position", "Position",
              hint="Your title as the employer wrote it, like “Senior Data Analyst”."),
        Field("name", "Company"), Field("location", "Location"), URL, *_dates(),
        Field("description", "Company description",
              hint="What the employer does, in a few words, like “Social media company”."),
        ROLE_SUMMARY, HIGHLIGHTS,
    ), headline=("position", "name"), date_range=("startDate", "endDate")),
    Section("education", "Education", "school", (
        Field("institution", "Institution"), Field("area", "Field of study"),
        Field("studyType", "Degree", hint="For example “BSc” or “Master of Science”."),
        *_dates(), Field("score", "Grade"), URL,
        Field("courses", "Courses", "lines", item="course",
              hint="One course per line; only those that matter for the jobs you want."),
    ), headline=("institution", "studyType"), date_range=("startDate", "endDate")),
    Section("projects", "Projects", "project", (
        Field("name", "Name"),
        Field("entity", "Organization",
              hint="Who it was for, like “Greenpeace”; leave empty for a project of your own."),
        Field("type", "Type", hint="For example “application”, “volunteering” or “talk”."), URL,
        Field("description", "Description", "textarea", SUMMARY_MAX_LENGTH,
              hint="What it is, what it achieved, and your part in it."), *_dates(),
        HIGHLIGHTS, KEYWORDS,
        Field("roles", "Roles", "lines", item="role", hint="One role per line, like “Maintainer”."),
    ), headline=("name",), date_range=("startDate", "endDate")),
    Section("skills", "Skills", "skill", (
        Field("name", "Skill", hint="A skill area, like “Data analysis”."),
        Field("level", "Level", hint="For example “Advanced” or “5 years”."),
        KEYWORDS,
    ), headline=("name",)),
    Section("certificates", "Certifications", "certificate", (
        Field("name", "Name"), Field("issuer", "Issuer"),
        Field("date", "Date", "date", 10, hint=DATE_HINT), URL,
    ), headline=("name", "issuer")),
    Section("languages", "Languages", "language", (
        Field("language", "Language"),
        Field("fluency", "Fluency"),
    ), headline=("language",)),
    Section("awards", "Awards", "award", (
        Field("title", "Title"), Field("awarder", "Awarded by"),
        Field("date", "Date", "date", 10, hint=DATE_HINT), SUMMARY,
    ), headline=("title",)),
    Section("volunteer", "Volunteering", "role", (
        Field("organization", "Organization"), Field("position", "Position"),
        URL, *_dates(), ROLE_SUMMARY, HIGHLIGHTS,
    ), headline=("position", "organization"), date_range=("startDate", "endDate")),
    Section("publications", "Publications", "publication", (
        Field("name", "Title"), Field("publisher", "Publisher"),
        Field("releaseDate", "Release date", "date", 10, hint=DATE_HINT), URL, SUMMARY,
    ), headline=("name",)),
    Section("interests", "Interests", "interest", (
        Field("name", "Interest"),
        Field("keywords", "Keywords", "lines", item="keyword", hint="One keyword per line."),
    ), headline=("name",)),
    Section("references", "References", "reference", (
        Field("name", "Name"),
        Field("reference", "Reference", "textarea", SUMMARY_MAX_LENGTH),
    ), headline=("name",)),
)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}

BASICS_FIELDS: tuple[Field, ...] = (
    Field("name", "Full name"),
    Field("label", "Headline", hint="For example “Senior Backend Engineer”."),
    Field("email", "Email", "email", 254), Field("phone", "Phone"),
    Field("url", "Website", "url", URL_MAX_LENGTH),
    replace(SUMMARY, hint="2 to 4 sentences: who you are, your strongest results, and what "
                          "you want next."),
)
LOCATION_FIELDS: tuple[Field, ...] = (
    Field("address", "Street address"), Field("postalCode", "Postal code"), Field("city", "City"),
    Field("countryCode", "Country code", hint="Like US or DE (ISO 3166-1)."),
    Field("region", "Region or state"),
)
PROFILE_FIELDS: tuple[Field, ...] = (
    Field("network", "Network"), Field("username", "Username"),
    Field("url", "Profile URL", "url", URL_MAX_LENGTH),
)
# The profiles of `basics`, described like a list section so they can be edited and compared
# the same way.
PROFILES = Section("profiles", "Profiles", "profile", PROFILE_FIELDS,
                   headline=("network", "username"))


def empty_document() -> dict:
    """Return a new document with every section present and empty."""
    return {
        "basics": {**{f.key: "" for f in BASICS_FIELDS},
                   "location": {f.key: "" for f in LOCATION_FIELDS}, "profiles": []},
        **{section.key: [] for section in SECTIONS},
    }


def _clean_value(value, kind: str):
    if kind == "lines":
        if isinstance(value, str):
            value = value.splitlines()
        return [str(item).strip() for item in value or [] if str(item).strip()]
    # Browsers send line breaks in text areas as CRLF; store one form so nothing looks changed.
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


def clean_entry(entry: dict, fields: tuple[Field, ...]) -> dict:
    """Return `entry` with each known field trimmed (lines split into a list), others kept."""
    known = {f.key: _clean_value(entry.get(f.key), f.kind) for f in fields}
    extra = {k: copy.deepcopy(v) for k, v in entry.items() if k not in known}
    return {**extra, **known}


def is_blank(entry: dict) -> bool:
    """Return whether an entry has nothing filled in (such entries are dropped on save)."""
    return not any(value for value in entry.values())


def normalize(document: dict | None) -> dict:
    """Return a copy of `document` with every known key present, values trimmed, and blank
    entries dropped; keys this app does not know are kept, so imports stay lossless."""
    document = dict(document or {})
    # The basics and sections are rebuilt below, so only the rest needs a deep copy.
    for key in document.keys() - {"basics", *SECTIONS_BY_KEY}:
        document[key] = copy.deepcopy(document[key])
    basics = document.get("basics") or {}
    location = basics.get("location") or {}
    if isinstance(location, str):  # some tools write the location as one line
        location = {"address": location}
    normalized_basics = clean_entry(basics, BASICS_FIELDS)
    normalized_basics["location"] = clean_entry(location, LOCATION_FIELDS)
    profiles = (clean_entry(p, PROFILE_FIELDS) for p in basics.get("profiles") or [])
    normalized_basics["profiles"] = [p for p in profiles if not is_blank(p)]
    document["basics"] = normalized_basics
    for section in SECTIONS:
        entries = (clean_entry(entry, section.fields) for entry in document.get(section.key) or [])
        document[section.key] = [entry for entry in entries if not is_blank(entry)]
    return document


def parse_date(value: str) -> tuple[int, ...] | None:
    """Return (year[, month[, day]]) for a valid YYYY, YYYY-MM or YYYY-MM-DD, else None."""
    match = DATE_PATTERN.match(value or "")
    if not match:
        return None
    parts = tuple(int(part) for part in match.groups() if part is not None)
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None
    return parts


def ends_before_start(start: str, end: str) -> bool:
    """Return whether `end` is earlier than `start`, comparing at their common precision."""
    start_parts, end_parts = parse_date(start), parse_date(end)
    if not start_parts or not end_parts:
        return False
    precision = min(len(start_parts), len(end_parts))
    return end_parts[:precision] < start_parts[:precision]


def field_error(field_spec: Field, value) -> str | None:
    """Return what is wrong with one value of `field_spec`, or None."""
    if field_spec.kind == "lines":
        if len(value) > MAX_LINES:
            return f"Use at most {MAX_LINES:,} lines."
        for line in value:
            if len(line) > LINE_MAX_LENGTH:
                return f"Each line can have at most {LINE_MAX_LENGTH:,} characters."
        return None
    if len(value) > field_spec.max_length:
        return f"Use at most {field_spec.max_length:,} characters."
    if not value:
        return None
    if field_spec.kind == "date" and parse_date(value) is None:
        return f"Use the form {DATE_HINT}, with a real date."
    if field_spec.kind == "url":
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
            return "Enter a full web address starting with https:// or http://."
    if field_spec.kind == "email":
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError:
            return "Enter a valid email address, like jane@example.com."
    return None


def entry_errors(entry: dict, section: Section) -> dict[str, str]:
    """Return {field key: message} for everything wrong with one entry of `section`."""
    errors = {f.key: message for f in section.fields
              if (message := field_error(f, entry.get(f.key, [] if f.kind == "lines" else "")))}
    if section.date_range and not errors:
        start, end = section.date_range
        if ends_before_start(entry.get(start, ""), entry.get(end, "")):
            errors[end] = "The end date is before the start date."
    return errors


def serialized_size(document: dict) -> int:
    """Return how many bytes `document` takes as compact UTF-8 JSON."""
    return len(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode())


def size_error(document: dict) -> str | None:
    """Return why `document` is too large to keep, or None."""
    size = serialized_size(document)
    if size <= MAX_DOCUMENT_BYTES:
        return None
    return (f"The resume is too long: {size // 1024} KB, and one resume can hold at most "
            f"{MAX_DOCUMENT_BYTES // 1024} KB. Shorten or remove some entries.")


def validate(document: dict) -> dict[str, object]:
    """Return the problems of a normalized document, keyed by section (the whole document's
    size under "document"); empty when valid."""
    problems: dict[str, object] = {}
    if too_large := size_error(document):
        problems["document"] = too_large
    basics = document["basics"]
    basics_errors = {f.key: m for f in BASICS_FIELDS
                     if (m := field_error(f, basics.get(f.key, "")))}
    basics_errors.update({f"location.{f.key}": m for f in LOCATION_FIELDS
                          if (m := field_error(f, basics["location"].get(f.key, "")))})
    for index, profile in enumerate(basics["profiles"]):
        basics_errors.update({f"profiles.{index}.{f.key}": m for f in PROFILE_FIELDS
                              if (m := field_error(f, profile.get(f.key, "")))})
    if len(basics["profiles"]) > MAX_ENTRIES:  # the editor's limit, also for the API and imports
        basics_errors["profiles"] = f"At most {MAX_ENTRIES} profiles."
    if basics_errors:
        problems["basics"] = basics_errors
    for section in SECTIONS:
        entries = document[section.key]
        if len(entries) > MAX_ENTRIES:
            problems[section.key] = f"At most {MAX_ENTRIES} entries per section."
            continue
        section_errors = {i: e for i, entry in enumerate(entries)
                          if (e := entry_errors(entry, section))}
        if section_errors:
            problems[section.key] = section_errors
    return problems


def entry_headline(entry: dict, section: Section) -> str:
    """Return a short name for an entry, like "Engineer, Acme Corp"."""
    parts = [entry.get(key) for key in section.headline if entry.get(key)]
    return ", ".join(parts) or f"Untitled {section.entry_name}"


@dataclass
class SectionCompletion:
    """How complete one part of the resume is, with a concrete hint when it is not."""

    key: str
    label: str
    score: float  # 0.0 to 1.0
    hint: str = ""


@dataclass
class Completion:
    """The completion percentage and its per-section breakdown."""

    percent: int
    sections: list[SectionCompletion] = field(default_factory=list)


COMPLETION_WEIGHTS = {"basics": 20, "summary": 15, "work": 25, "education": 15, "projects": 10,
                      "skills": 10, "certificates": 5}


def _basics_completion(basics: dict) -> SectionCompletion:
    wanted = {"name": "your name", "label": "a headline", "email": "an email address",
              "phone": "a phone number"}
    missing = [label for key, label in wanted.items() if not basics.get(key)]
    has_place = bool(basics["location"].get("city") or basics["location"].get("countryCode"))
    if not has_place:
        missing.append("your city")
    score = 1 - len(missing) / (len(wanted) + 1)
    hint = f"Add {', '.join(missing)}." if missing else ""
    return SectionCompletion("basics", "Personal info", score, hint)


def _work_completion(work: list[dict]) -> SectionCompletion:
    if not work:
        return SectionCompletion("work", "Experience", 0, "Add your most recent job.")
    latest = work[0]
    short = 3 - len(latest.get("highlights", []))
    if short > 0:
        return SectionCompletion("work", "Experience", 0.6,
                                 f"Add {short} highlight{'s' if short > 1 else ''} to your "
                                 f"latest job ({entry_headline(latest, SECTIONS_BY_KEY['work'])}).")
    return SectionCompletion("work", "Experience", 1)


def completion(document: dict) -> Completion:
    """Return how complete a (normalized) document is, overall and per section."""
    summary = document["basics"].get("summary", "")
    parts = [
        _basics_completion(document["basics"]),
        SectionCompletion("summary", "Summary", 1 if len(summary) >= 50 else 0.5 if summary else 0,
                          "" if len(summary) >= 50 else
                          "Write a summary of two or three sentences about what you do best."),
        _work_completion(document["work"]),
    ]
    for key, hint in (("education", "Add the school or degree you finished last."),
                      ("projects", "Add a project that shows your skills at work."),
                      ("skills", "List the skills a job ad would search for."),
                      ("certificates", "Add a certification, if you have one.")):
        section = SECTIONS_BY_KEY[key]
        done = bool(document[key])
        parts.append(SectionCompletion(key, section.title, 1 if done else 0, "" if done else hint))
    percent = round(sum(COMPLETION_WEIGHTS[p.key] * p.score for p in parts))
    return Completion(percent, parts)
