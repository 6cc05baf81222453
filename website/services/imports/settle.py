"""Turn whatever a reader understood into a document the app can keep: fields that break a
rule are left out with a warning, never a reason to refuse the whole file."""
import re

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
    """Return a value as a short quote for a warning."""
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


def _named(label: str) -> str:
    """Return a field label as it reads inside a sentence: "Profile URL" → "profile URL"."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _kind_of(value) -> str:
    """Return what a JSON value is, in words for a warning."""
    if isinstance(value, bool):
        return "true or false"
    return {dict: "a group of fields", list: "a list", str: "text"}.get(type(value), "a number")


def _entry_name(entry: dict, section: resume_document.Section, index: int) -> str:
    """Return how a warning names an entry: its headline, or "Job 3" when it has none."""
    parts = [entry.get(key) for key in section.headline
             if isinstance(entry.get(key), str) and entry.get(key).strip()]
    if section is resume_document.PROFILES and parts:  # "GitHub profile", "Profile “jane”"
        return f"{parts[0]} profile" if entry.get("network") else f"Profile {_shown(parts[0])}"
    return ", ".join(parts) or f"{section.entry_name.capitalize()} {index + 1}"


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
                   ) -> tuple[dict, list[str]]:
    """Return `entry` with each known field of the right type, and a note per field left out."""
    entry, notes = dict(entry), []
    for spec in fields:
        if spec.key not in entry:
            continue
        if spec.kind == "lines":
            entry[spec.key], dropped = _lines(entry[spec.key])
            notes.extend(f"left out {_kind_of(item)} from the {_named(spec.label)}: only text "
                         "can be kept there" for item in dropped if item is not None)
            continue
        value, understood = _text(entry[spec.key], spec)
        if understood:
            entry[spec.key] = value
        else:
            notes.append(f"left out the {_named(spec.label)}: it holds {_kind_of(entry[spec.key])}"
                         " where text belongs")
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
            warn(f"Left out {section.title}: it holds {_kind_of(value)} where a list of "
                 f"{section.entry_name}s belongs.")
        return []
    entries = []
    for index, item in enumerate(value):
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            item = _entry_from_text(str(item).strip(), section)
            if item is None:
                continue
        if not isinstance(item, dict):
            if item is not None:
                warn(f"{section.entry_name.capitalize()} {index + 1}: left out, it is "
                     f"{_kind_of(item)} where the fields of a {section.entry_name} belong.")
            continue
        entry, notes = _conform_entry(item, section.fields)
        name = _entry_name(entry, section, index)
        for note in notes:
            warn(f"{name}: {note}.")
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
        warner("basics")(f"Left out the personal details: they are {_kind_of(basics)} where a "
                         "group of fields belongs.")
        basics = None
    basics, notes = _conform_entry(basics or {}, resume_document.BASICS_FIELDS)
    for note in notes:
        warner("basics")(f"{note[:1].upper()}{note[1:]}.")
    location = basics.get("location")
    if isinstance(location, dict):
        basics["location"], notes = _conform_entry(location, resume_document.LOCATION_FIELDS)
        for note in notes:
            warner("basics")(f"Location: {note}.")
    elif location is not None and not isinstance(location, str):
        warner("basics")(f"Left out the location: it is {_kind_of(location)}.")
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
        return ImportWarning("basics", f"{name}: left out the {_named(label)} "
                                       f"{_shown(value)}. {message}")
    holder = basics["location"] if parts[0] == "location" else basics
    value = holder.pop(parts[-1], "")
    label = FIELD_LABELS["basics"].get(where, where)
    return ImportWarning("basics", f"Left out the {_named(label)} {_shown(value)}. {message}")


def _drop_entry_fields(section: resume_document.Section, entries: list,
                       found: dict) -> list[ImportWarning]:
    labels = {f.key: f.label for f in section.fields}
    warnings = []
    for index, fields in found.items():
        entry = entries[index]
        name = _entry_name(entry, section, index)
        for key, message in fields.items():
            value = entry.pop(key, "")
            warnings.append(ImportWarning(
                section.key, f"{name}: left out the {_named(labels.get(key, key))} "
                             f"{_shown(value)}. {message}"))
    return warnings


def _cut_to_limits(document: dict) -> list[ImportWarning]:
    """Keep the first MAX_ENTRIES profiles and entries of each section, as a reader would."""
    limit, warnings = resume_document.MAX_ENTRIES, []
    profiles = document["basics"]["profiles"]
    if len(profiles) > limit:
        warnings.append(ImportWarning("basics", f"Kept the first {limit} of {len(profiles)} "
                                                "profiles; the rest were left out."))
        del profiles[limit:]
    for section in resume_document.SECTIONS:
        entries = document[section.key]
        if len(entries) > limit:
            warnings.append(ImportWarning(section.key, f"Kept the first {limit} of "
                                                       f"{len(entries)} entries of "
                                                       f"{section.title}; the rest were left "
                                                       "out."))
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
            raise ImportRejected("The resume in this file breaks rules that could not be "
                                 "repaired by leaving fields out.")
        for index in sorted(found, reverse=True):
            entry = document[key].pop(index)
            reasons = " ".join(found[index].values())
            warnings.append(ImportWarning(
                key, f"Left out {_entry_name(entry, section, index)}: {reasons}"))
    return document, warnings
