"""Between editor forms and the resume document: fill a form, read it back, apply buttons."""
import copy
import json
import re
from dataclasses import dataclass, replace

from flask_babel import lazy_gettext as _l

from website.editor.forms import KEPT
from website.services import resume_document as doc
from website.services import user_input

ACTION = re.compile(r"^(save|add|up|down|remove|duplicate)(?:-(\d+))?$")
BASICS = replace(doc.PROFILES, key="basics", title=_l("Personal info"))
# The buttons and names of a section's entries: whole phrases, as languages inflect the noun.
ENTRY_TEXTS = {
    "basics": {"add": _l("Add a profile"), "new": _l("New profile"),
               "save": _l("Save personal info")},
    "work": {"add": _l("Add a job"), "new": _l("New job"), "save": _l("Save experience")},
    "education": {"add": _l("Add a school"), "new": _l("New school"),
                  "save": _l("Save education")},
    "projects": {"add": _l("Add a project"), "new": _l("New project"),
                 "save": _l("Save projects")},
    "skills": {"add": _l("Add a skill"), "new": _l("New skill"), "save": _l("Save skills")},
    "certificates": {"add": _l("Add a certificate"), "new": _l("New certificate"),
                     "save": _l("Save certifications")},
    "languages": {"add": _l("Add a language"), "new": _l("New language"),
                  "save": _l("Save languages")},
    "awards": {"add": _l("Add an award"), "new": _l("New award"), "save": _l("Save awards")},
    "volunteer": {"add": _l("Add a role"), "new": _l("New role"),
                  "save": _l("Save volunteering")},
    "publications": {"add": _l("Add a publication"), "new": _l("New publication"),
                     "save": _l("Save publications")},
    "interests": {"add": _l("Add an interest"), "new": _l("New interest"),
                  "save": _l("Save interests")},
    "references": {"add": _l("Add a reference"), "new": _l("New reference"),
                   "save": _l("Save references")},
}


def section_spec(section_key: str) -> doc.Section | None:
    """Return the spec of an editable section (basics edits its profiles as entries)."""
    return BASICS if section_key == "basics" else doc.SECTIONS_BY_KEY.get(section_key)


def form_values(entry: dict, fields: tuple[doc.Field, ...]) -> dict:
    """Return an entry as form values: lists become one item per line."""
    return {f.key: "\n".join(entry.get(f.key) or []) if f.kind == "lines" else entry.get(f.key, "")
            for f in fields}


def _kept_value(entry: dict, fields: tuple[doc.Field, ...]) -> str:
    """Return the fields of `entry` the form does not show, as JSON ("" when there are none)."""
    shown = {f.key for f in fields}
    kept = {key: value for key, value in entry.items() if key not in shown}
    return json.dumps(kept, ensure_ascii=False) if kept else ""


def _kept_fields(value: str | None) -> dict:
    """Return the fields a posted entry carried in its KEPT field; {} if it holds no object
    (only a tampered page sends one)."""
    try:
        kept = user_input.loads(value) if value else {}
    except ValueError:  # not JSON, too deep or unstorable
        return {}
    return kept if isinstance(kept, dict) else {}


def form_data(section_key: str, entries: list[dict], basics: dict | None = None) -> dict:
    """Return the `data` that fills a section's form with these entries (and basics)."""
    fields = section_spec(section_key).fields
    data = {"entries": [{**form_values(e, fields), KEPT: _kept_value(e, fields)}
                        for e in entries]}
    if basics is not None:
        data.update(form_values(basics, doc.BASICS_FIELDS))
        data["location"] = form_values(basics["location"], doc.LOCATION_FIELDS)
    return data


def saved_entries(document: dict, section_key: str) -> list[dict]:
    """Return the entries of a section of a saved (normalized) document, the profiles for
    "basics", in a new list."""
    return list(document["basics"]["profiles"] if section_key == "basics"
                else document[section_key])


def saved_form_data(document: dict, section_key: str, extra_blank: bool = False) -> dict:
    """Return the `data` that fills a section's form from the saved (normalized) document."""
    basics = document["basics"] if section_key == "basics" else None
    entries = saved_entries(document, section_key)
    if extra_blank or not entries:
        entries.append({})
    return form_data(section_key, entries, basics)


def posted_entries(form, section_key: str) -> list[dict]:
    """Return the entries as posted, in order, blank ones included, each with the fields the
    form does not show as they were."""
    fields = section_spec(section_key).fields
    entries = []
    for sub in form.entries:
        posted = {key: value for key, value in sub.form.data.items() if key != KEPT}
        kept = _kept_fields(sub.form.data.get(KEPT))
        entries.append({**kept, **doc.clean_entry(posted, fields)})
    return entries


def posted_basics(form) -> dict:
    """Return the personal fields and location as posted."""
    basics = doc.clean_entry({f.key: form[f.key].data for f in doc.BASICS_FIELDS},
                             doc.BASICS_FIELDS)
    basics["location"] = doc.clean_entry(form.location.form.data, doc.LOCATION_FIELDS)
    return basics


@dataclass
class Action:
    """The button a user pressed: save, add, or up/down/remove/duplicate on entry `index`."""

    verb: str
    index: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> "Action":
        """Read the pressed button's value; anything unknown is a plain save."""
        match = ACTION.match(value or "")
        if not match:
            return cls("save")
        return cls(match[1], int(match[2]) if match[2] is not None else None)

    def apply(self, entries: list[dict]) -> list[dict]:
        """Return the entries with this action's move, removal or copy applied."""
        entries = list(entries)
        i = self.index
        if i is None or not 0 <= i < len(entries):
            return entries
        if self.verb == "remove":
            del entries[i]
        elif self.verb == "up" and i > 0:
            entries[i - 1], entries[i] = entries[i], entries[i - 1]
        elif self.verb == "down" and i < len(entries) - 1:
            entries[i + 1], entries[i] = entries[i], entries[i + 1]
        elif self.verb == "duplicate":
            entries.insert(i + 1, copy.deepcopy(entries[i]))
        return entries

    def target(self, entries: list[dict]) -> dict | None:
        """Return the entry this action is about, as posted, or None."""
        i = self.index
        return entries[i] if i is not None and 0 <= i < len(entries) else None


def saved_position(entries: list[dict], index: int) -> int:
    """Return where entry `index` of a posted list lands once blank entries are dropped."""
    return sum(1 for entry in entries[:index] if not doc.is_blank(entry))


def restore_removed(before: dict, current: dict, section_key: str, index: int) -> dict | None:
    """Return `current` with entry `index` of `before` put back at its place, or None when
    `current` is not `before` less one entry of this section (something changed since); both
    are saved (normalized) documents."""
    old, new = saved_entries(before, section_key), saved_entries(current, section_key)
    if not 0 <= index < len(old) or len(new) != len(old) - 1:
        return None
    new.insert(index, old[index])
    return updated_content(current, section_key, new, {} if section_key == "basics" else None)


def entry_problems(entries: list[dict], section_key: str) -> dict[int, dict[str, str]]:
    """Return {entry index: {field: message}} for the non-blank entries that break a rule."""
    spec = section_spec(section_key)
    return {i: problems for i, entry in enumerate(entries)
            if not doc.is_blank(entry) and (problems := doc.entry_errors(entry, spec))}


def basics_problems(basics: dict) -> dict[str, str]:
    """Return {form field name: message} for the personal fields and location."""
    problems = {f.key: m for f in doc.BASICS_FIELDS
                if (m := doc.field_error(f, basics.get(f.key, "")))}
    problems.update({f"location-{f.key}": m for f in doc.LOCATION_FIELDS
                     if (m := doc.field_error(f, basics["location"].get(f.key, "")))})
    return problems


def updated_content(content: dict, section_key: str, entries: list[dict],
                    basics: dict | None = None) -> dict:
    """Return a copy of `content` with this section replaced by what was posted."""
    updated = copy.deepcopy(content)
    kept = [entry for entry in entries if not doc.is_blank(entry)]
    if section_key == "basics":
        # Keep keys the form does not show (an imported `image`, say), in the location too.
        saved = updated.get("basics") if isinstance(updated.get("basics"), dict) else {}
        location = saved.get("location") if isinstance(saved.get("location"), dict) else {}
        updated["basics"] = {**saved, **basics, "profiles": kept}
        if "location" in basics:
            updated["basics"]["location"] = {**location, **basics["location"]}
    else:
        updated[section_key] = kept
    return updated
