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

from babel.lists import format_list as babel_format_list
from babel.numbers import format_decimal
from email_validator import EmailNotValidError, validate_email
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

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
DATE_HINT = _l("YYYY, YYYY-MM or YYYY-MM-DD")


@dataclass(frozen=True)
class Field:
    """One field of an entry: its JSON key, label, kind and limits. Labels, hints and titles
    are lazy texts, shown in the reader's language: call str() to store or serialize one."""

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


def format_number(number: int) -> str:
    """Return `number` written for the reader, like "1,000" (English outside a request)."""
    return format_decimal(number, locale=get_locale() or "en")


def format_list(items: list[str]) -> str:
    """Return `items` joined as the reader's language lists them, like "a, b and c"."""
    return babel_format_list(items, locale=get_locale() or "en")


def _dates(start: str = "startDate", end: str = "endDate") -> tuple[Field, Field]:
    return (Field(start, _l("Start date"), "date", 10, hint=DATE_HINT),
            Field(end, _l("End date"), "date", 10, hint=_l("Leave empty for “present”.")))


SUMMARY = Field("summary", _l("Summary"), "textarea", SUMMARY_MAX_LENGTH)
URL = Field("url", _l("Website"), "url", URL_MAX_LENGTH)
ROLE_SUMMARY = replace(SUMMARY, hint=_l(
    "A sentence or two on the team, the product and what you were responsible for; results go "
    "in the highlights."))
HIGHLIGHTS = Field("highlights", _l("Highlights"), "lines", item="highlight",
                   hint=_l("One achievement per line. Start with a verb (Led, Built, Cut) "
                           "and add a number where you can (30%, 2,000 users)."))
KEYWORDS = Field("keywords", _l("Keywords"), "lines", item="keyword",
                 hint=_l("One per line: the tools and terms a job ad would name (SQL, Figma)."))

SECTIONS: tuple[Section, ...] = (
    Section("work", _l("Experience"), _l("job"), (
        Field("position", _l("Position"),
              hint=_l("Your title as the employer wrote it, like “Senior Data Analyst”.")),
        Field("name", _l("Company")), Field("location", _l("Location")), URL, *_dates(),
        Field("description", _l("Company description"),
              hint=_l("What the employer does, in a few words, like “Social media company”.")),
        ROLE_SUMMARY, HIGHLIGHTS,
    ), headline=("position", "name"), date_range=("startDate", "endDate")),
    Section("education", _l("Education"), _l("school"), (
        Field("institution", _l("Institution")), Field("area", _l("Field of study")),
        Field("studyType", _l("Degree"), hint=_l("For example “BSc” or “Master of Science”.")),
        *_dates(), Field("score", _l("Grade")), URL,
        Field("courses", _l("Courses"), "lines", item="course",
              hint=_l("One course per line; only those that matter for the jobs you want.")),
    ), headline=("institution", "studyType"), date_range=("startDate", "endDate")),
    Section("projects", _l("Projects"), _l("project"), (
        Field("name", _l("Name")),
        Field("entity", _l("Organization"), hint=_l(
            "Who it was for, like “Greenpeace”; leave empty for a project of your own.")),
        Field("type", _l("Type"),
              hint=_l("For example “application”, “volunteering” or “talk”.")), URL,
        Field("description", _l("Description"), "textarea", SUMMARY_MAX_LENGTH,
              hint=_l("What it is, what it achieved, and your part in it.")), *_dates(),
        HIGHLIGHTS, KEYWORDS,
        Field("roles", _l("Roles"), "lines", item="role",
              hint=_l("One role per line, like “Maintainer”.")),
    ), headline=("name",), date_range=("startDate", "endDate")),
    Section("skills", _l("Skills"), _l("skill"), (
        Field("name", _l("Skill"), hint=_l("A skill area, like “Data analysis”.")),
        Field("level", _l("Level"), hint=_l("For example “Advanced” or “5 years”.")),
        KEYWORDS,
    ), headline=("name",)),
    Section("certificates", _l("Certifications"), _l("certificate"), (
        Field("name", _l("Name")), Field("issuer", _l("Issuer")),
        Field("date", _l("Date"), "date", 10, hint=DATE_HINT), URL,
    ), headline=("name", "issuer")),
    Section("languages", _l("Languages"), _l("language"), (
        Field("language", _l("Language")),
        Field("fluency", _l("Fluency")),
    ), headline=("language",)),
    Section("awards", _l("Awards"), _l("award"), (
        Field("title", _l("Title")), Field("awarder", _l("Awarded by")),
        Field("date", _l("Date"), "date", 10, hint=DATE_HINT), SUMMARY,
    ), headline=("title",)),
    Section("volunteer", _l("Volunteering"), _l("role"), (
        Field("organization", _l("Organization")), Field("position", _l("Position")),
        URL, *_dates(), ROLE_SUMMARY, HIGHLIGHTS,
    ), headline=("position", "organization"), date_range=("startDate", "endDate")),
    Section("publications", _l("Publications"), _l("publication"), (
        Field("name", _l("Title")), Field("publisher", _l("Publisher")),
        Field("releaseDate", _l("Release date"), "date", 10, hint=DATE_HINT), URL, SUMMARY,
    ), headline=("name",)),
    Section("interests", _l("Interests"), _l("interest"), (
        Field("name", _l("Interest")),
        Field("keywords", _l("Keywords"), "lines", item="keyword",
              hint=_l("One keyword per line.")),
    ), headline=("name",)),
    Section("references", _l("References"), _l("reference"), (
        Field("name", _l("Name")),
        Field("reference", _l("Reference"), "textarea", SUMMARY_MAX_LENGTH),
    ), headline=("name",)),
)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}

BASICS_FIELDS: tuple[Field, ...] = (
    Field("name", _l("Full name")),
    Field("label", _l("Headline"), hint=_l("For example “Senior Backend Engineer”.")),
    Field("email", _l("Email"), "email", 254), Field("phone", _l("Phone")),
    Field("url", _l("Website"), "url", URL_MAX_LENGTH),
    replace(SUMMARY, hint=_l("2 to 4 sentences: who you are, your strongest results, and "
                             "what you want next.")),
)
LOCATION_FIELDS: tuple[Field, ...] = (
    Field("address", _l("Street address")), Field("postalCode", _l("Postal code")),
    Field("city", _l("City")),
    Field("countryCode", _l("Country code"), hint=_l("Like US or DE (ISO 3166-1).")),
    Field("region", _l("Region or state")),
)
PROFILE_FIELDS: tuple[Field, ...] = (
    Field("network", _l("Network")), Field("username", _l("Username")),
    Field("url", _l("Profile URL"), "url", URL_MAX_LENGTH),
)
# The profiles of `basics`, described like a list section so they can be edited and compared
# the same way.
PROFILES = Section("profiles", _l("Profiles"), _l("profile"), PROFILE_FIELDS,
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
            return _("Use at most %(count)s lines.", count=format_number(MAX_LINES))
        for line in value:
            if len(line) > LINE_MAX_LENGTH:
                return _("Each line can have at most %(count)s characters.",
                         count=format_number(LINE_MAX_LENGTH))
        return None
    if len(value) > field_spec.max_length:
        return _("Use at most %(count)s characters.",
                 count=format_number(field_spec.max_length))
    if not value:
        return None
    if field_spec.kind == "date" and parse_date(value) is None:
        return _("Use the form %(form)s, with a real date.", form=DATE_HINT)
    if field_spec.kind == "url":
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
            return _("Enter a full web address starting with https:// or http://.")
    if field_spec.kind == "email":
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError:
            return _("Enter a valid email address, like jane@example.com.")
    return None


def entry_errors(entry: dict, section: Section) -> dict[str, str]:
    """Return {field key: message} for everything wrong with one entry of `section`."""
    errors = {f.key: message for f in section.fields
              if (message := field_error(f, entry.get(f.key, [] if f.kind == "lines" else "")))}
    if section.date_range and not errors:
        start, end = section.date_range
        if ends_before_start(entry.get(start, ""), entry.get(end, "")):
            errors[end] = _("The end date is before the start date.")
    return errors


def serialized_size(document: dict) -> int:
    """Return how many bytes `document` takes as compact UTF-8 JSON."""
    return len(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode())


def size_error(document: dict) -> str | None:
    """Return why `document` is too large to keep, or None."""
    size = serialized_size(document)
    if size <= MAX_DOCUMENT_BYTES:
        return None
    return _("The resume is too long: %(size)s KB, and one resume can hold at most %(limit)s KB. "
             "Shorten or remove some entries.", size=size // 1024,
             limit=MAX_DOCUMENT_BYTES // 1024)


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
        basics_errors["profiles"] = _("At most %(count)s profiles.", count=MAX_ENTRIES)
    if basics_errors:
        problems["basics"] = basics_errors
    for section in SECTIONS:
        entries = document[section.key]
        if len(entries) > MAX_ENTRIES:
            problems[section.key] = _("At most %(count)s entries per section.",
                                      count=MAX_ENTRIES)
            continue
        section_errors = {i: e for i, entry in enumerate(entries)
                          if (e := entry_errors(entry, section))}
        if section_errors:
            problems[section.key] = section_errors
    return problems


def entry_headline(entry: dict, section: Section) -> str:
    """Return a short name for an entry, like "Engineer, Acme Corp"."""
    parts = [entry.get(key) for key in section.headline if entry.get(key)]
    if parts:
        return ", ".join(parts)
    untitled = _("Untitled %(entry)s", entry=section.entry_name)
    return untitled[:1].upper() + untitled[1:]


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
    wanted = {"name": _("your name"), "label": _("a headline"), "email": _("an email address"),
              "phone": _("a phone number")}
    missing = [label for key, label in wanted.items() if not basics.get(key)]
    has_place = bool(basics["location"].get("city") or basics["location"].get("countryCode"))
    if not has_place:
        missing.append(_("your city"))
    score = 1 - len(missing) / (len(wanted) + 1)
    hint = _("Add %(missing)s.", missing=format_list(missing)) if missing else ""
    return SectionCompletion("basics", _("Personal info"), score, hint)


def _work_completion(work: list[dict]) -> SectionCompletion:
    title = str(SECTIONS_BY_KEY["work"].title)
    if not work:
        return SectionCompletion("work", title, 0, _("Add your most recent job."))
    latest = work[0]
    short = 3 - len(latest.get("highlights", []))
    if short > 0:
        return SectionCompletion("work", title, 0.6, ngettext(
            "Add %(num)d highlight to your latest job (%(job)s).",
            "Add %(num)d highlights to your latest job (%(job)s).", short,
            job=entry_headline(latest, SECTIONS_BY_KEY["work"])))
    return SectionCompletion("work", title, 1)


def completion(document: dict) -> Completion:
    """Return how complete a (normalized) document is, overall and per section, its labels
    and hints in the reader's language (plain strings, ready for JSON)."""
    summary = document["basics"].get("summary", "")
    parts = [
        _basics_completion(document["basics"]),
        SectionCompletion("summary", _("Summary"),
                          1 if len(summary) >= 50 else 0.5 if summary else 0,
                          "" if len(summary) >= 50 else
                          _("Write a summary of two or three sentences about what you do best.")),
        _work_completion(document["work"]),
    ]
    for key, hint in (("education", _("Add the school or degree you finished last.")),
                      ("projects", _("Add a project that shows your skills at work.")),
                      ("skills", _("List the skills a job ad would search for.")),
                      ("certificates", _("Add a certification, if you have one."))):
        section = SECTIONS_BY_KEY[key]
        done = bool(document[key])
        parts.append(SectionCompletion(key, str(section.title), 1 if done else 0,
                                       "" if done else hint))
    percent = round(sum(COMPLETION_WEIGHTS[p.key] * p.score for p in parts))
    return Completion(percent, parts)
