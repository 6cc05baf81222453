"""Turn whatever a reader understood into a document the app can keep: fields that break a
rule are left out with a warning, never a reason to refuse the whole file.

Warnings are written in the interface language of the request that reads the file, the one
its owner reviews it in."""
import re

from flask_babel import get_locale
from flask_babel import gettext as _

from website.services import resume_document
from website.services.imports import ImportRejected, ImportWarning

FIELD_LABELS = {
    "basics": {f.key: f.label for f in resume_document.BASICS_FIELDS}
    | {f"location.{f.key}": f.label for f in resume_document.LOCATION_FIELDS},
    "profiles": {f.key: f.label for f in resume_document.PROFILE_FIELDS},
}
# "www.example.com/jane": a web address written without its scheme, as people often do.
BARE_ADDRESS = re.compile(r"^(?:[\w-]+\.)+[a-z]{2,}(?:[/?#]\S*)?$", re.IGNORECASE)
TEXT_KINDS = {"text", "textarea", "date", "url", "email"}


def _shown(value) -> str:
    """Return a value as a short quote for a warning (without its quotation marks)."""
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return f"{text[:60]}…" if len(text) > 60 else text


def _named(label) -> str:
    """Return a field label as it reads inside a sentence: "Profile URL" → "profile URL"
    (German keeps its nouns capitalized)."""
    label = str(label)
    locale = get_locale()
    if label[1:2].isupper() or (locale is not None and locale.language == "de"):
        return label
    return label[:1].lower() + label[1:]


def _kind_of(value) -> str:
    """Return what a JSON value is, in words for a warning: what a field "holds"."""
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, dict):
        return _("a group of fields")
    if isinstance(value, list):
        return _("a list")
    return _("text") if isinstance(value, str) else _("a number")


def _entry_name(entry: dict, section: resume_document.Section, index: int) -> str:
    """Return how a warning names an entry: its headline, or "Job 3" when it has none."""
    parts = [entry.get(key) for key in section.headline
             if isinstance(entry.get(key), str) and entry.get(key).strip()]
    if section is resume_document.PROFILES and parts:  # "GitHub profile", "Profile “jane”"
        return _("%(network)s profile", network=parts[0]) if entry.get("network") \
            else _("Profile “%(name)s”", name=_shown(parts[0]))
    name = str(section.entry_name)
    return ", ".join(parts) or f"{name[:1].upper()}{name[1:]} {index + 1}"


def _note(problem: tuple[str, str, str], entry: str = "") -> str:
    """Return the warning for a field `_conform_entry` left out, of the entry named `entry`
    (none for the personal details)."""
    kind, label, holds = problem
    values = {"entry": entry, "field": _named(label), "kind": holds}
    if kind == "lines":
        return _("%(entry)s: left out %(kind)s from the %(field)s: only text can be kept "
                 "there.", **values) if entry else \
            _("Left out %(kind)s from the %(field)s: only text can be kept there.", **values)
    return _("%(entry)s: left out the %(field)s: it holds %(kind)s where text belongs.",
             **values) if entry else \
        _("Left out the %(field)s: it holds %(kind)s where text belongs.", **values)


def _text(value, spec: resume_document.Field) -> tuple[object, bool]:
    """Return `value` as text for `spec` (None to leave it out) and whether it was understood."""
    if value is None or isinstance(value, str):
        value = (value or "").strip()
        if spec.kind == "url" and "://" not in value and BARE_ADDRESS.match(value):
            return f"https://{value}", True
        if spec.kind == "email" and value.lower().startswith("mailto:"):
            return value[len("mailto:"):], True
        return value, True
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format(value, "g") if isinstance(value, float) else str(value), True
    if isinstance(value, list) and all(isinstance(item, str | int | float) and
                                       not isinstance(item, bool) for item in value):
        # Paragraphs of a summary, or the parts of a name: kept, one after the other.
        return ("\n" if spec.kind == "textarea" else ", ").join(map(str, value)), True
    return None, False


def _lines(value) -> tuple[list, list]:
    """Return `value` as a list of lines and what had to be left out of it."""
    if isinstance(value, str):
        return value.splitlines(), []
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list):
        return [], [value]
    kept = [str(item) for item in value if isinstance(item, str | int | float)
            and not isinstance(item, bool)]
    return kept, [item for item in value if not isinstance(item, str | int | float)
                  or isinstance(item, bool)]


def _conform_entry(entry: dict, fields: tuple[resume_document.Field, ...]
                   ) -> tuple[dict, list[tuple[str, str, str]]]:
    """Return `entry` with each known field of the right type, and per field left out what
    `_note` words: (how, the field's label, what it held)."""
    entry, notes = dict(entry), []
    for spec in fields:
        if spec.key not in entry:
            continue
        if spec.kind == "lines":
            entry[spec.key], dropped = _lines(entry[spec.key])
            notes.extend(("lines", spec.label, _kind_of(item))
                         for item in dropped if item is not None)
            continue
        value, understood = _text(entry[spec.key], spec)
        if understood:
            entry[spec.key] = value
        else:
            notes.append(("text", spec.label, _kind_of(entry[spec.key])))
            del entry[spec.key]
    return entry, notes


def _entry_from_text(text: str, section: resume_document.Section) -> dict | None:
    """Return the entry one line of text stands for in a list of names ("skills": ["Python",
    "SQL"]) or of links ("profiles": ["https://github.com/jane"]); None for a blank line."""
    if not text:
        return None
    has_url = any(f.key == "url" for f in section.fields)
    if has_url and (text.startswith(("https://", "http://")) or BARE_ADDRESS.match(text)):
        return {"url": text}
    return {section.headline[0] if section.headline else section.fields[0].key: text}


def _entries(value, section: resume_document.Section, warn) -> list[dict]:
    """Return the entries of a section as objects, converting what can be understood."""
    if isinstance(value, dict):  # one entry written without its list
        value = [value]
    elif isinstance(value, str):
        value = [value] if value.strip() else []
    elif not isinstance(value, list):
        if value is not None:
            warn(_("Left out %(section)s: it holds %(kind)s where a list of entries belongs.",
                   section=section.title, kind=_kind_of(value)))
        return []
    entries = []
    for index, item in enumerate(value):
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            item = _entry_from_text(str(item).strip(), section)
            if item is None:
                continue
        if not isinstance(item, dict):
            if item is not None:
                warn(_("%(entry)s: left out, it holds %(kind)s where the fields of an entry "
                       "belong.", entry=_entry_name({}, section, index), kind=_kind_of(item)))
            continue
        entry, notes = _conform_entry(item, section.fields)
        name = _entry_name(entry, section, index)
        for note in notes:
            warn(_note(note, name))
        entries.append(entry)
    return entries


def conform(document: dict) -> tuple[dict, list[ImportWarning]]:
    """Return `document` with every known field of the type the app stores (numbers as text,
    a lone entry as a list, names as entries), and a warning for each value left out."""
    warnings: list[ImportWarning] = []
    document = dict(document)

    def warner(section: str):
        return lambda message: warnings.append(ImportWarning(section, message))

    basics = document.get("basics")
    if basics is not None and not isinstance(basics, dict):
        warner("basics")(_("Left out the personal details: they hold %(kind)s where a group of "
                           "fields belongs.", kind=_kind_of(basics)))
        basics = None
    basics, notes = _conform_entry(basics or {}, resume_document.BASICS_FIELDS)
    for note in notes:
        warner("basics")(_note(note))
    location = basics.get("location")
    if isinstance(location, dict):
        basics["location"], notes = _conform_entry(location, resume_document.LOCATION_FIELDS)
        for note in notes:
            warner("basics")(_note(note, _("Location")))
    elif location is not None and not isinstance(location, str):
        warner("basics")(_("Left out the location: it holds %(kind)s.",
                           kind=_kind_of(location)))
        del basics["location"]
    if "profiles" in basics:
        basics["profiles"] = _entries(basics["profiles"], resume_document.PROFILES,
                                      warner("basics"))
    if "basics" in document:
        document["basics"] = basics
    for section in resume_document.SECTIONS:
        if section.key in document:
            document[section.key] = _entries(document[section.key], section,
                                             warner(section.key))
    return document, warnings


def _drop_basics_field(basics: dict, where: str, message: str) -> ImportWarning:
    parts = where.split(".")
    if parts[0] == "profiles":
        index = int(parts[1])
        profile = basics["profiles"][index]
        value = profile.pop(parts[2], "")
        label = FIELD_LABELS["profiles"].get(parts[2], parts[2]).removeprefix("Profile ")
        name = _entry_name(profile, resume_document.PROFILES, index)
        return ImportWarning("basics", _left_out(name, label, value, message))
    holder = basics["location"] if parts[0] == "location" else basics
    value = holder.pop(parts[-1], "")
    label = FIELD_LABELS["basics"].get(where, where)
    return ImportWarning("basics", _left_out("", label, value, message))


def _left_out(entry: str, label: str, value, reason: str) -> str:
    """Return the warning for a value of the entry named `entry` (none for the personal
    details) left out for `reason`."""
    values = {"entry": entry, "field": _named(label), "value": _shown(value), "reason": reason}
    return _("%(entry)s: left out the %(field)s “%(value)s”. %(reason)s", **values) if entry \
        else _("Left out the %(field)s “%(value)s”. %(reason)s", **values)


def _drop_entry_fields(section: resume_document.Section, entries: list,
                       found: dict) -> list[ImportWarning]:
    labels = {f.key: f.label for f in section.fields}
    warnings = []
    for index, fields in found.items():
        entry = entries[index]
        name = _entry_name(entry, section, index)
        for key, message in fields.items():
            value = entry.pop(key, "")
            warnings.append(ImportWarning(section.key, _left_out(name, labels.get(key, key),
                                                                 value, message)))
    return warnings


def _cut_to_limits(document: dict) -> list[ImportWarning]:
    """Keep the first MAX_ENTRIES profiles and entries of each section, as a reader would."""
    limit, warnings = resume_document.MAX_ENTRIES, []
    profiles = document["basics"]["profiles"]
    if len(profiles) > limit:
        warnings.append(ImportWarning("basics", _(
            "Kept the first %(limit)d of %(count)d profiles; the rest were left out.",
            limit=limit, count=len(profiles))))
        del profiles[limit:]
    for section in resume_document.SECTIONS:
        entries = document[section.key]
        if len(entries) > limit:
            warnings.append(ImportWarning(section.key, _(
                "Kept the first %(limit)d of %(count)d entries of %(section)s; the rest were "
                "left out.", limit=limit, count=len(entries), section=section.title)))
            del entries[limit:]
    return warnings


def settle(document: dict) -> tuple[dict, list[ImportWarning]]:
    """Return `document` normalized and valid, and a warning for each field left out to get
    there; raise ImportRejected only when the whole document is too large to keep."""
    document, warnings = conform(document)
    document = resume_document.normalize(document)
    if too_large := resume_document.size_error(document):
        raise ImportRejected(too_large)
    warnings.extend(_cut_to_limits(document))
    for key, found in resume_document.validate(document).items():
        if key == "basics":
            warnings.extend(_drop_basics_field(document["basics"], where, message)
                            for where, message in found.items())
        else:
            warnings.extend(_drop_entry_fields(resume_document.SECTIONS_BY_KEY[key],
                                               document[key], found))
    document = resume_document.normalize(document)  # an entry emptied above is dropped
    for key, found in resume_document.validate(document).items():
        # What dropping a field cannot fix (a field another needs): the entry goes.
        section = resume_document.SECTIONS_BY_KEY.get(key)
        if not section or not isinstance(found, dict):
            raise ImportRejected(_("The resume in this file breaks rules that could not be "
                                   "repaired by leaving fields out."))
        for index in sorted(found, reverse=True):
            entry = document[key].pop(index)
            reasons = " ".join(found[index].values())
            warnings.append(ImportWarning(key, _("Left out %(entry)s: %(reasons)s",
                                                 entry=_entry_name(entry, section, index),
                                                 reasons=reasons)))
    return document, warnings
