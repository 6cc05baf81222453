"""Cover letters: one per application, started from a template, saved as versions.

A letter is started from what the application already knows: the company and role, the resume
version sent and the ad's text. The template states only facts found there (the candidate's own
headline, summary, latest job and its highlights, the ad's skills the job match found on the
resume) and leaves the rest for the candidate to write. Each save writes a CoverLetterVersion in
the same transaction; a save based on an older version than the newest is refused, so two tabs
never overwrite each other, and history only grows (a restore is a new version with the old
content).
"""
import re
from dataclasses import dataclass

from babel.dates import format_date
from babel.lists import format_list
from flask_babel import force_locale, ngettext, pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination

from website.extensions import db
from website.models import Application, CoverLetter, CoverLetterVersion, User
from website.models.base import MAX_ROW_ID, app_now
from website.services import languages, resume_diff, user_input
from website.services.applications import too_long
from website.services.export import view

PER_PAGE = 25
# The letter's fields in reading order, with their labels; recipient fields are nested.
RECIPIENT_FIELDS = {"name": _l("Recipient's name"), "title": _l("Recipient's title"),
                    "company": _l("Company"), "address": _l("Address")}
LETTER_FIELDS = {"date": _l("Date"), "subject": _l("Subject"), "greeting": _l("Greeting"),
                 "paragraphs": _l("Letter"), "closing": _l("Closing"),
                 "signature": _l("Signature")}
# The summaries versions store are English, as the API gives them; summary_text translates.
STARTED = "Started from the template"
NO_CHANGES = "No changes"
EDITED = "Edited "
RESTORED = re.compile(r"Restored version (\d+)")
LIMITS = {"name": 200, "title": 200, "company": 200, "address": 500, "date": 100,
          "subject": 300, "greeting": 200, "paragraphs": 20_000, "closing": 200,
          "signature": 200}
MAX_PARAGRAPHS = 30
# Skills named in the template's third paragraph, at most.
SKILLS_NAMED = 6


class StaleLetter(Exception):
    """A save based on a version that is no longer the newest."""


class InvalidLetter(ValueError):
    """Letter fields that cannot be saved; `problems` maps each field name to a message."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(str(problem) for problem in problems.values()))
        self.problems = problems


class NoResumeSent(ValueError):
    """The application has no resume version to build a letter from."""


@dataclass
class FieldChange:
    """One field of the letter in two versions, with the words that differ marked."""

    key: str
    label: str
    before: list[resume_diff.Segment]
    after: list[resume_diff.Segment]
    changed: bool


@dataclass
class Comparison:
    """Two versions of a letter and their fields side by side."""

    before: CoverLetterVersion
    after: CoverLetterVersion
    fields: list[FieldChange]

    @property
    def changes(self) -> list[str]:
        """Return the labels of the fields that differ."""
        return [field.label for field in self.fields if field.changed]


def blank() -> dict:
    """Return an empty letter's content, every field present."""
    return {"recipient": dict.fromkeys(RECIPIENT_FIELDS, ""), "date": "", "subject": "",
            "greeting": "", "paragraphs": [], "closing": "", "signature": ""}


def normalized(content: dict | None) -> dict:
    """Return `content` with every field present and of its type (a stored or sent letter may
    lack some)."""
    content = content or {}
    letter = blank()
    recipient = content.get("recipient") if isinstance(content.get("recipient"), dict) else {}
    letter["recipient"] = {key: str(recipient.get(key) or "") for key in RECIPIENT_FIELDS}
    for key in LETTER_FIELDS:
        if key == "paragraphs":
            paragraphs = content.get("paragraphs")
            letter[key] = [str(p) for p in paragraphs if str(p).strip()] \
                if isinstance(paragraphs, list) else []
        else:
            letter[key] = str(content.get(key) or "")
    return letter


def split_paragraphs(text: str) -> list[str]:
    """Return the paragraphs of `text`, separated by blank lines, each trimmed."""
    return [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
            if part.strip()]


def problems(content: dict) -> dict[str, str]:
    """Return {field: message} for each field of `content` that cannot be saved; recipient
    fields are named "recipient.<key>"."""
    found = {}
    letter = normalized(content)
    values = {f"recipient.{key}": value for key, value in letter["recipient"].items()}
    values.update({key: letter[key] for key in LETTER_FIELDS if key != "paragraphs"})
    values["paragraphs"] = "\n\n".join(letter["paragraphs"])
    for name, value in values.items():
        limit = LIMITS[name.removeprefix("recipient.")]
        if not user_input.is_storable(value):
            found[name] = user_input.unstorable_message()
        elif len(value) > limit:
            found[name] = too_long(limit, len(value))
    if "paragraphs" not in found and len(letter["paragraphs"]) > MAX_PARAGRAPHS:
        found["paragraphs"] = ngettext("A letter can have at most %(num)d paragraph.",
                                       "A letter can have at most %(num)d paragraphs.",
                                       MAX_PARAGRAPHS)
    return found


def _today(locale) -> str:
    return format_date(app_now().date(), "long", locale=locale)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?。" else text + "."


def _skills_in_ad(application: Application) -> list[str]:
    """Return the skills the ad asks for that the version sent has, as the application's job
    match found them (aliases included), must-haves first."""
    if application.match is None:
        return []
    return [item["name"] for item in application.match.requirements if item["met"]][
        :SKILLS_NAMED]


def _opening(application: Application, basics: dict) -> str:
    lines = [pgettext("resume", "I am writing to apply for the %(role)s position at "
                      "%(company)s.", role=application.role, company=application.company)]
    if basics.get("summary"):
        lines.append(_sentence(basics["summary"]))
    elif basics.get("label"):
        label = basics["label"].strip()
        lines.append(pgettext("resume", "I work as an %(label)s.", label=label)
                     if label[:1].lower() in "aeiou" else
                     pgettext("resume", "I work as a %(label)s.", label=label))
    return " ".join(lines)


def _experience(content: dict, language: str | None, locale) -> str:
    work = [entry for entry in content.get("work") or [] if entry.get("name")]
    if not work:
        return ""
    latest = work[0]
    dates = view.build({"work": [latest]}, "", language=language).section("work").entries[0].dates
    values = {"position": latest.get("position") or "", "company": latest["name"],
              "dates": dates}
    if not latest.get("endDate"):
        text = pgettext("resume", "I currently work as %(position)s at %(company)s",
                        **values) if values["position"] else \
            pgettext("resume", "I currently work at %(company)s", **values)
    else:
        text = pgettext("resume", "Most recently I worked as %(position)s at %(company)s",
                        **values) if values["position"] else \
            pgettext("resume", "Most recently I worked at %(company)s", **values)
    text += f" ({dates})." if dates else "."
    highlights = [line.strip().rstrip(".") for line in latest.get("highlights") or []
                  if line.strip()][:3]
    if highlights:
        text += " " + pgettext("resume", "There I %(highlights)s.", highlights=format_list(
            [_lower_first(line) if locale.language == "en" else line for line in highlights],
            locale=locale))
    return text


def _lower_first(text: str) -> str:
    """"Led the team" -> "led the team"; leaves acronyms and names ("AWS", "iOS") alone."""
    word = text.split(" ", 1)[0]
    if len(word) > 1 and word[0].isupper() and word[1:].islower():
        return text[0].lower() + text[1:]
    return text


def _skills(application: Application, locale) -> str:
    matched = _skills_in_ad(application)
    values = {"skills": format_list(matched, locale=locale), "company": application.company}
    if not matched:
        text = ""
    elif len(matched) == 1:
        text = pgettext("resume", "Your ad asks for %(skills)s, which is on my resume.",
                        **values)
    elif len(matched) == 2:
        text = pgettext("resume", "Your ad asks for %(skills)s, both of which are on my "
                        "resume.", **values)
    else:
        text = pgettext("resume", "Your ad asks for %(skills)s, all of which are on my "
                        "resume.", **values)
    closing = pgettext("resume", "I would welcome the chance to talk about how my experience "
                       "fits the role and how I could contribute at %(company)s.", **values)
    return f"{text} {closing}".strip()


def template(application: Application) -> dict:
    """Return a new letter for `application` built only from its resume version and its ad,
    written in the resume's language: recipient, date, greeting, three paragraphs, closing
    and signature."""
    if application.sent is None:
        raise NoResumeSent(_("Attach a resume to the application to start its cover letter."))
    content = application.sent.content or {}
    basics = content.get("basics") or {}
    name = (basics.get("name") or "").strip() or application.owner.name
    language = (application.sent.design_settings or {}).get("language")
    locale = languages.babel_locale(language)
    with force_locale(locale):
        paragraphs = [_opening(application, basics), _experience(content, language, locale),
                      _skills(application, locale)]
        letter = blank()
        letter.update({
            "recipient": {**letter["recipient"], "company": application.company,
                          "address": application.location},
            "date": _today(locale),
            "subject": pgettext("resume", "Application for the %(role)s position",
                                role=application.role),
            "greeting": pgettext("resume", "Dear Hiring Manager,"),
            "paragraphs": [p for p in paragraphs if p],
            "closing": pgettext("resume", "Kind regards,"), "signature": name,
        })
    return letter


def _add_version(letter: CoverLetter, author: User, summary: str) -> None:
    letter.version += 1
    db.session.add(CoverLetterVersion(cover_letter=letter, number=letter.version,
                                      content=letter.content, author_id=author.id,
                                      summary=summary[:500]))


def start(application: Application, author: User) -> CoverLetter:
    """Give `application` its cover letter from the template (version 1) and commit; return
    the letter it already has, unchanged, if it has one."""
    if application.cover_letter is not None:
        return application.cover_letter
    letter = CoverLetter(application=application, content=template(application), version=0)
    db.session.add(letter)
    _add_version(letter, author, STARTED)
    db.session.commit()
    return letter


def _changed_labels(before: dict, after: dict) -> list[str]:
    labels = [label for key, label in RECIPIENT_FIELDS.items()
              if before["recipient"][key] != after["recipient"][key]]
    return labels + [label for key, label in LETTER_FIELDS.items() if before[key] != after[key]]


def summary_of(before: dict, after: dict) -> str:
    """Return a one-line summary of what changed from `before` to `after`, in English."""
    labels = _changed_labels(normalized(before), normalized(after))
    with force_locale("en"):
        return EDITED + ", ".join(str(label) for label in labels) if labels else NO_CHANGES


def summary_text(summary: str) -> str:
    """Return a stored version summary in the reader's language; one this app did not write
    (an API client's) as it is."""
    if summary == STARTED:
        return _("Started from the template")
    if summary == NO_CHANGES:
        return _("No changes")
    restored = RESTORED.fullmatch(summary)
    if restored:
        return _("Restored version %(number)s", number=restored.group(1))
    with force_locale("en"):
        english = {str(label): label for label in (*RECIPIENT_FIELDS.values(),
                                                   *LETTER_FIELDS.values())}
    names = summary.removeprefix(EDITED).split(", ")
    if summary.startswith(EDITED) and all(name in english for name in names):
        return _("Edited %(fields)s", fields=", ".join(str(english[name]) for name in names))
    return summary


def save(letter: CoverLetter, author: User, base_version: int, content: dict,
         summary: str | None = None) -> bool:
    """Save `content` as the letter's newest version and commit; return False when nothing
    changed. Raise StaleLetter when `base_version` is not the newest, InvalidLetter when a
    field cannot be saved (nothing is written then)."""
    if base_version != letter.version:
        raise StaleLetter(_("Version %(base)s is not the newest: it is %(newest)s.",
                            base=base_version, newest=letter.version))
    found = problems(content)
    if found:
        raise InvalidLetter(found)
    new = normalized(content)
    old = normalized(letter.content)
    if new == old:
        return False
    letter.content = new
    _add_version(letter, author, summary or summary_of(old, new))
    db.session.commit()
    return True


def list_versions(letter: CoverLetter, page: int = 1, per_page: int = PER_PAGE) -> Pagination:
    """Return one page of the letter's versions, newest first."""
    query = (db.select(CoverLetterVersion).where(CoverLetterVersion.cover_letter_id == letter.id)
             .order_by(CoverLetterVersion.number.desc()))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def get_version(letter: CoverLetter, number: int) -> CoverLetterVersion | None:
    """Return version `number` of the letter, or None."""
    if not 0 < number <= MAX_ROW_ID:
        return None
    return db.session.execute(db.select(CoverLetterVersion).where(
        CoverLetterVersion.cover_letter_id == letter.id, CoverLetterVersion.number == number)
    ).scalar_one_or_none()


def _field_values(content: dict) -> list[tuple[str, str, str]]:
    letter = normalized(content)
    values = [(f"recipient.{key}", label, letter["recipient"][key])
              for key, label in RECIPIENT_FIELDS.items()]
    return values + [(key, label, "\n\n".join(letter[key]) if key == "paragraphs"
                      else letter[key]) for key, label in LETTER_FIELDS.items()]


def compare_contents(before: dict, after: dict) -> list[FieldChange]:
    """Return each field of two letter contents with the words only one side has marked."""
    work = resume_diff.Work()
    changes = []
    pairs = zip(_field_values(before), _field_values(after), strict=True)
    for (key, label, old), (*_same, new) in pairs:
        left, right = resume_diff.word_diff(old, new, work)
        changes.append(FieldChange(key, label, left, right, old != new))
    return changes


def compare(letter: CoverLetter, from_number: int, to_number: int) -> Comparison | None:
    """Return the field-level comparison of two versions of the letter, or None when either
    does not exist."""
    before, after = get_version(letter, from_number), get_version(letter, to_number)
    if before is None or after is None:
        return None
    return Comparison(before, after, compare_contents(before.content, after.content))


def restore(letter: CoverLetter, version: CoverLetterVersion, author: User,
            base_version: int) -> bool:
    """Make `version`'s content the newest version and commit; False when it already is.
    Raise StaleLetter when `base_version` is not the newest."""
    return save(letter, author, base_version, version.content,
                summary=f"Restored version {version.number}")
