"""Turn whatever a reader understood into a document the app can keep: fields that break a
rule are left out with a warning, never a reason to refuse the whole file."""
from website.services import resume_document
from website.services.imports import ImportRejected, ImportWarning

FIELD_LABELS = {
    "basics": {f.key: f.label for f in (*resume_document.BASICS_FIELDS,)}
    | {f"location.{f.key}": f.label for f in resume_document.LOCATION_FIELDS},
    "profiles": {f.key: f.label for f in resume_document.PROFILE_FIELDS},
}


def _shown(value) -> str:
    """Return a value as a short quote for a warning."""
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


def _drop_basics_field(basics: dict, where: str, message: str) -> ImportWarning:
    parts = where.split(".")
    if parts[0] == "profiles" and len(parts) == 1:  # too many profiles
        basics["profiles"] = basics["profiles"][:resume_document.MAX_ENTRIES]
        return ImportWarning("basics", f"Kept the first {resume_document.MAX_ENTRIES} "
                                       "profiles; the rest were left out.")
    if parts[0] == "profiles":
        profile = basics["profiles"][int(parts[1])]
        value = profile.pop(parts[2], "")
        label = FIELD_LABELS["profiles"].get(parts[2], parts[2])
        name = profile.get("network") or profile.get("username") or f"profile {int(parts[1]) + 1}"
        return ImportWarning("basics", f"Profile {name}: left out the {label.lower()} "
                                       f"{_shown(value)}. {message}")
    holder = basics["location"] if parts[0] == "location" else basics
    value = holder.pop(parts[-1], "")
    label = FIELD_LABELS["basics"].get(where, where)
    return ImportWarning("basics", f"Left out the {label.lower()} {_shown(value)}. {message}")


def _drop_entry_fields(section: resume_document.Section, entries: list,
                       found: dict) -> list[ImportWarning]:
    labels = {f.key: f.label for f in section.fields}
    warnings = []
    for index, fields in found.items():
        entry = entries[index]
        headline = resume_document.entry_headline(entry, section)
        for key, message in fields.items():
            value = entry.pop(key, "")
            warnings.append(ImportWarning(
                section.key, f"{headline}: left out the {labels.get(key, key).lower()} "
                             f"{_shown(value)}. {message}"))
    return warnings


def settle(document: dict) -> tuple[dict, list[ImportWarning]]:
    """Return `document` normalized and valid, and a warning for each field left out to get
    there; raise ImportRejected only when the whole document is too large to keep."""
    document = resume_document.normalize(document)
    problems = resume_document.validate(document)
    if "document" in problems:
        raise ImportRejected(problems["document"])
    warnings: list[ImportWarning] = []
    for key, found in problems.items():
        if key == "basics":
            warnings.extend(_drop_basics_field(document["basics"], where, message)
                            for where, message in found.items())
            continue
        section = resume_document.SECTIONS_BY_KEY[key]
        if isinstance(found, str):  # too many entries: keep the first, as a reader would
            document[key] = document[key][:resume_document.MAX_ENTRIES]
            warnings.append(ImportWarning(key, f"Kept the first {resume_document.MAX_ENTRIES} "
                                               f"entries of {section.title}; the rest were "
                                               "left out."))
            found = {i: e for i, entry in enumerate(document[key])
                     if (e := resume_document.entry_errors(entry, section))}
        warnings.extend(_drop_entry_fields(section, document[key], found))
    document = resume_document.normalize(document)  # an entry emptied above is dropped
    for key, found in resume_document.validate(document).items():
        # What dropping a field cannot fix (a field another needs): the entry goes.
        section = resume_document.SECTIONS_BY_KEY.get(key)
        if not section or not isinstance(found, dict):
            raise ImportRejected(f"The resume in this file breaks rules that could not be "
                                 f"repaired: {found}")
        for index in sorted(found, reverse=True):
            entry = document[key].pop(index)
            headline = resume_document.entry_headline(entry, section)
            reasons = " ".join(found[index].values())
            warnings.append(ImportWarning(key, f"Left out {headline}: {reasons}"))
    return document, warnings
