"""Translations of a resume: its free text in other languages, kept inside its content.

`content["translations"]` maps a language tag to {original text: {"text": translation,
"path": where the original stood, like "work.0.summary"}}. A translation is found by its
original text, as gettext finds one: it survives reordering entries, serves every field with
the same text, and stops applying the moment its original changes, so an export never shows a
translation of words the resume no longer says. The path only lets the editor tell the user
that the original of a field changed since it was translated, showing the old pair.

Translations live in the content, so each save of one is a version of the resume (restorable,
compared, checked against a stale version) like any other edit. Names, places, dates,
addresses and links are never translated: they read the same in every language.
"""
from dataclasses import dataclass, replace
from functools import cached_property

from flask_babel import gettext as _

from website.models import Resume, User
from website.services import languages, resume_document, resumes
from website.services.design_settings import Settings

KEY = "translations"
# The fields whose words change with the language, per part of the document.
TRANSLATABLE: dict[str, tuple[str, ...]] = {
    "basics": ("label", "summary"),
    "work": ("position", "description", "summary", "highlights"),
    "education": ("area", "studyType", "courses"),
    "projects": ("type", "description", "highlights", "keywords", "roles"),
    "skills": ("name", "level", "keywords"),
    "languages": ("language", "fluency"),
    "awards": ("title", "summary"),
    "volunteer": ("position", "summary", "highlights"),
    "publications": ("summary",),
    "interests": ("name", "keywords"),
    "references": ("reference",),
}
# A resume holds at most this many languages besides its own.
MAX_LANGUAGES = len(languages.RESUME_LANGUAGES)


@dataclass(frozen=True)
class Unit:
    """One translatable field of the resume as it is now."""

    path: str  # "basics.summary", "work.0.highlights"
    section: str  # "basics" or a section key
    index: int | None  # the entry's place in its section; None in basics
    spec: resume_document.Field
    source: str  # the original text; a list field's lines joined by newlines


@dataclass(frozen=True)
class Row:
    """A field of the translation editor: the original, its translation, and the translation
    of an earlier original of the same field when that one changed since."""

    unit: Unit
    text: str
    outdated_source: str = ""
    outdated_text: str = ""


@dataclass(frozen=True)
class Progress:
    """How much of the resume one language translates."""

    language: str
    translated: int
    total: int
    outdated: int

    @property
    def percent(self) -> int:
        """Return the translated share as a whole percentage (100 for an empty resume)."""
        return 100 if not self.total else self.translated * 100 // self.total


class InvalidTranslation(ValueError):
    """A language this resume cannot be translated into."""


def _text(value, kind: str) -> str:
    if kind == "lines":
        return "\n".join(value or [])
    return value or ""


def units(content: dict) -> list[Unit]:
    """Return every translatable field of `content` that has text, in document order."""
    document = resume_document.normalize(content)
    specs = {"basics": resume_document.BASICS_FIELDS,
             **{section.key: section.fields for section in resume_document.SECTIONS}}
    found = []
    for section, keys in TRANSLATABLE.items():
        fields = [spec for spec in specs[section] if spec.key in keys]
        entries = [(None, document["basics"])] if section == "basics" else \
            list(enumerate(document[section]))
        for index, entry in entries:
            for spec in fields:
                source = _text(entry.get(spec.key), spec.kind)
                if source:
                    path = f"{section}.{spec.key}" if index is None else \
                        f"{section}.{index}.{spec.key}"
                    found.append(Unit(path, section, index, spec, source))
    return found


def _all(content: dict) -> dict:
    stored = (content or {}).get(KEY)
    return stored if isinstance(stored, dict) else {}


def _of(content: dict, language: str) -> dict[str, dict]:
    stored = _all(content).get(language)
    if not isinstance(stored, dict):
        return {}
    return {source: item for source, item in stored.items()
            if isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"]}


def own_language(settings: Settings) -> str:
    """Return the language the resume itself is written in."""
    return languages.normalize(settings.language)


def available(content: dict) -> list[str]:
    """Return the languages the resume has been given, in the order they were added."""
    return [tag for tag in _all(content) if languages.parse(tag) is not None
            and languages.normalize(tag) == tag]


def chosen(content: dict, settings: Settings, language: str | None) -> str | None:
    """Return the translation `language` names ("de" also for "de-AT" when the resume has
    only "de"), or None for the original (no language, the resume's own, an unknown one or
    one it is not translated into)."""
    tag = languages.normalize(language, default="") if language else ""
    added = available(content)
    if tag not in added:
        tag = tag.partition("-")[0]
    if not tag or tag == own_language(settings) or tag not in added:
        return None
    return tag


def _translated_value(value, spec: resume_document.Field, found: dict[str, dict]):
    item = found.get(_text(value, spec.kind))
    if not value or item is None:
        return value
    return item["text"].split("\n") if spec.kind == "lines" else item["text"]


def _translated_entry(entry: dict, keys: tuple[str, ...], specs, found) -> dict:
    by_key = {spec.key: spec for spec in specs if spec.key in keys}
    return {key: _translated_value(value, by_key[key], found) if key in by_key else value
            for key, value in entry.items()}


def apply(content: dict, settings: Settings, language: str | None) -> tuple[dict, Settings]:
    """Return the content and settings that show the resume in `language`: each translated
    field in that language, the others as written, and the settings' language set to it; the
    original (without its translations) when the resume is not translated into `language`."""
    tag = chosen(content, settings, language)
    if tag is None:
        return {k: v for k, v in (content or {}).items() if k != KEY}, settings
    found = _of(content, tag)
    document = resume_document.normalize(content)
    document.pop(KEY, None)
    document["basics"] = _translated_entry(document["basics"], TRANSLATABLE["basics"],
                                           resume_document.BASICS_FIELDS, found)
    for section in resume_document.SECTIONS:
        keys = TRANSLATABLE.get(section.key, ())
        document[section.key] = [_translated_entry(entry, keys, section.fields, found)
                                 for entry in document[section.key]]
    return document, replace(settings, language=tag)


def rows(content: dict, language: str) -> list[Row]:
    """Return the translation editor's fields for `language`, in document order."""
    found = _of(content, language)
    current = {unit.source for unit in units(content)}
    # Translations whose original is gone, by the field it stood in.
    outdated = {item.get("path"): (source, item["text"]) for source, item in found.items()
                if source not in current}
    result = []
    for unit in units(content):
        item = found.get(unit.source)
        if item is not None:
            result.append(Row(unit, item["text"]))
        else:
            old_source, old_text = outdated.get(unit.path, ("", ""))
            result.append(Row(unit, "", old_source, old_text))
    return result


def progress(content: dict, language: str) -> Progress:
    """Return how many of the resume's fields `language` translates, and how many of the
    rest have a translation of an earlier original."""
    listed = rows(content, language)
    return Progress(language, sum(1 for row in listed if row.text), len(listed),
                    sum(1 for row in listed if row.outdated_source))


def _cleaned(unit: Unit, text: str):
    return resume_document.clean_entry({unit.spec.key: text}, (unit.spec,))[unit.spec.key]


def field_error(unit: Unit, text: str) -> str | None:
    """Return what is wrong with a translation of `unit`, by the original field's limits."""
    return resume_document.field_error(unit.spec, _cleaned(unit, text))


def translated(content: dict, language: str, texts: dict[str, str]) -> dict:
    """Return `content` with the translations into `language` set from `texts` ({path: text};
    an empty text removes that field's translation). A translation of an earlier original is
    kept until its field is translated again, so the editor can still show it."""
    current, before = units(content), _of(content, language)
    result = {}
    for unit in current:
        if unit.path in texts:
            value = _cleaned(unit, texts[unit.path])
            text = "\n".join(value) if unit.spec.kind == "lines" else value
        else:
            text = before[unit.source]["text"] if unit.source in before else ""
        if text:
            result[unit.source] = {"text": text, "path": unit.path}
    sources = {unit.source for unit in current}
    waiting = {unit.path for unit in current if unit.source not in result}
    kept = {source: item for source, item in before.items()
            if source not in sources and item.get("path") in waiting}
    return {**content, KEY: {**_all(content), language: {**kept, **result}}}


def with_language(content: dict, settings: Settings, language: str) -> dict:
    """Return `content` with `language` added (untranslated); raise InvalidTranslation for an
    unknown language, the resume's own, or one too many."""
    tag = languages.normalize(language, default="")
    if not tag or languages.parse(language) is None:
        raise InvalidTranslation(_("Choose one of the listed languages."))
    if tag == own_language(settings):
        raise InvalidTranslation(_("This is the language the resume is written in."))
    if tag in available(content):
        raise InvalidTranslation(_("The resume already has this language."))
    if len(available(content)) >= MAX_LANGUAGES:
        raise InvalidTranslation(_("A resume can have at most %(count)d translations.",
                                   count=MAX_LANGUAGES))
    return {**content, KEY: {**_all(content), tag: {}}}


def without_language(content: dict, language: str) -> dict:
    """Return `content` without its translation into `language`."""
    rest = {tag: items for tag, items in _all(content).items() if tag != language}
    if rest:
        return {**content, KEY: rest}
    return {key: value for key, value in content.items() if key != KEY}


def save(resume: Resume, author: User, base_version: int, content: dict, note: str) -> bool:
    """Save `content` (the resume's with its translations changed) as a new version; raises
    resumes.StaleVersion when `base_version` is not the newest."""
    return resumes.save(resume, author, base_version, content=content, note=note)


class Translated:
    """A resume as it reads in another language: its translated content, all else its own
    (id, title, design, photo), so every renderer draws it as it draws the resume."""

    def __init__(self, resume: Resume, content: dict):
        self._resume, self.content = resume, content

    @cached_property
    def document(self) -> dict:
        """Return the translated content normalized (not the resume's own document)."""
        return resume_document.normalize(self.content)

    def __getattr__(self, name: str):
        return getattr(self._resume, name)


def shown(resume: Resume, settings: Settings, language: str | None
          ) -> tuple[Resume | Translated, Settings]:
    """Return the resume and settings to draw for `language`: the resume itself when it has
    no such translation, else its translated reading with the settings' language set."""
    if chosen(resume.content, settings, language) is None:
        return resume, settings
    content, settings = apply(resume.content, settings, language)
    return Translated(resume, content), settings
