"""What changed between two states of a resume: entries matched across both, word-level text
changes, and the change phrases a version summary is made of.

Pure functions over anything with `title`, `template_slug`, `template_settings` and `content`
(a `resumes.Snapshot` or a `ResumeVersion`), so `resumes` (summaries at save time) and
`versions` (the history pages) both use them without importing each other.
"""
import json
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Protocol

from website.services import resume_document as doc

SUMMARY_MAX_LENGTH = 500  # the size of ResumeVersion.summary
# Below this similarity two entries with different headlines are a removal and an addition;
# at or above it they are one entry that was edited (a promotion changes the position, say).
SIMILAR_ENOUGH = 0.6
TOKEN = re.compile(r"\w+|\s+|[^\w\s]+")
SAME, ADDED, REMOVED = "same", "added", "removed"  # segment kinds, also entry statuses
CHANGED, UNCHANGED = "changed", "unchanged"  # the statuses of entries on both sides
SETTINGS_TITLE = "Title and template"
BASICS_TITLE = "Personal info"
OTHER_TITLE = "Other data"


class Versioned(Protocol):
    """A state of a resume: the fields every version records."""

    title: str
    template_slug: str
    template_settings: dict
    content: dict


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same on both sides, or only in the old or new one."""

    text: str
    kind: str = SAME  # SAME, ADDED (only in the newer text) or REMOVED (only in the older)


@dataclass
class FieldDiff:
    """One field on both sides, as segments to show with the changed words marked."""

    label: str
    before: list[Segment]
    after: list[Segment]
    changed: bool


@dataclass
class EntryDiff:
    """One entry of a list section: on one side only (added, removed) or matched on both."""

    headline: str
    before_index: int | None
    after_index: int | None
    fields: list[FieldDiff]
    moved: str = ""  # "up" or "down" when its place among the other entries changed

    @property
    def status(self) -> str:
        """Return "added", "removed", "changed" or "unchanged"."""
        if self.before_index is None:
            return ADDED
        if self.after_index is None:
            return REMOVED
        return CHANGED if self.changed_labels else UNCHANGED

    @property
    def changed_labels(self) -> list[str]:
        """Return the labels of the fields whose value differs."""
        return [f.label for f in self.fields if f.changed]


@dataclass
class SectionDiff:
    """A part of the resume: its own fields (personal info, settings) and its entries."""

    key: str
    title: str
    fields: list[FieldDiff] = field(default_factory=list)
    entries: list[EntryDiff] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # phrases like "added skill Docker"

    @property
    def changed(self) -> bool:
        """Return whether anything in this part differs."""
        return bool(self.changes)

    @property
    def empty(self) -> bool:
        """Return whether both sides have nothing in this part."""
        return not self.entries and not any(f.before or f.after for f in self.fields)


@dataclass
class Diff:
    """Everything that differs between two states, part by part."""

    sections: list[SectionDiff]

    @property
    def changes(self) -> list[str]:
        """Return every change phrase, in the order of the parts."""
        return [change for section in self.sections for change in section.changes]


def _text(value) -> str:
    """Return a stored value as the text to compare and show: lists one item per line."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _grouped_opcodes(old: list[str], new: list[str]):
    """Return difflib opcodes tagged "equal" or "change", where the blanks between two changed
    words belong to the change, so "a b" -> "x y" is one change, not two."""
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    merged: list[list] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        glue = (tag == "equal" and 0 < index < len(opcodes) - 1
                and not "".join(old[i1:i2]).strip())
        if tag == "equal" and not glue:
            merged.append(["equal", i1, i2, j1, j2])
        elif merged and merged[-1][0] == "change":
            merged[-1][2], merged[-1][4] = i2, j2
        else:
            merged.append(["change", i1, i2, j1, j2])
    return merged


def word_diff(before: str, after: str) -> tuple[list[Segment], list[Segment]]:
    """Return both texts as segments, with the words only one of them has marked."""
    if before == after:
        same = [Segment(before)] if before else []
        return same, list(same)
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in _grouped_opcodes(old, new):
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        if tag == "equal":
            left.append(Segment(removed))
            right.append(Segment(added))
            continue
        left += _marked(removed, REMOVED)
        right += _marked(added, ADDED)
    return left, right


def _marked(text: str, kind: str) -> list[Segment]:
    """Return `text` marked as `kind`, with its leading and trailing blanks left unmarked
    (unless the change is nothing but blanks, like a new line break)."""
    core = text.strip()
    if not core:
        return [Segment(text, kind)] if text else []
    start = text.index(core)
    pieces = [Segment(text[:start]), Segment(core, kind), Segment(text[start + len(core):])]
    return [piece for piece in pieces if piece.text]


def _field_diff(label: str, before, after) -> FieldDiff:
    old, new = _text(before), _text(after)
    left, right = word_diff(old, new)
    return FieldDiff(label, left, right, old != new)


def _field_diffs(before: dict, after: dict, specs: tuple[doc.Field, ...],
                 skip: tuple[str, ...] = ()) -> list[FieldDiff]:
    """Diff the fields of `specs` in order, then keys this app does not know (from imports),
    leaving out fields empty on both sides."""
    known = [(spec.key, spec.label) for spec in specs]
    known_keys = {key for key, _ in known} | set(skip)
    extra = sorted((set(before) | set(after)) - known_keys)
    diffs = [_field_diff(label, before.get(key), after.get(key))
             for key, label in known + [(key, key) for key in extra]]
    return [d for d in diffs if d.before or d.after]


def _identity(entry: dict) -> str:
    return json.dumps(entry, sort_keys=True)


def _entry_text(entry: dict) -> str:
    return "\n".join(_text(entry[key]) for key in sorted(entry))


def _similarity(old: dict, new: dict) -> float:
    matcher = SequenceMatcher(None, _entry_text(old), _entry_text(new), autojunk=False)
    # The quick upper bounds skip the full comparison for pairs that cannot reach the bar.
    if matcher.real_quick_ratio() < SIMILAR_ENOUGH or matcher.quick_ratio() < SIMILAR_ENOUGH:
        return 0.0
    return matcher.ratio()


def match_entries(old: list[dict], new: list[dict], section: doc.Section) -> dict[int, int]:
    """Return {old index: new index} for the entries that are the same entry on both sides:
    identical first, then the same headline (a job keeps its position and company while its
    highlights change), then the most similar remaining pairs."""
    pairs: dict[int, int] = {}
    free_new = list(range(len(new)))

    def headline_key(entry: dict) -> tuple:
        values = tuple(_text(entry.get(key)) for key in section.headline)
        return values if any(values) else (id(entry),)  # a blank headline matches nothing

    for key in (_identity, headline_key):
        waiting = defaultdict(list)
        for i in range(len(old)):
            if i not in pairs:
                waiting[key(old[i])].append(i)
        for j in list(free_new):
            if waiting.get(key(new[j])):
                pairs[waiting[key(new[j])].pop(0)] = j
                free_new.remove(j)
    scored = sorted(((_similarity(old[i], new[j]), i, j)
                     for i in range(len(old)) if i not in pairs for j in free_new),
                    key=lambda item: (-item[0], item[1], item[2]))
    for score, i, j in scored:
        if score < SIMILAR_ENOUGH:
            break
        if i not in pairs and j in free_new:
            pairs[i] = j
            free_new.remove(j)
    return pairs


def _stayed(order: list[int]) -> set[int]:
    """Return the positions in `order` of a longest increasing run (not necessarily adjacent):
    the entries that kept their place while the others moved around them. On a tie the
    earlier entries stay, so moving an entry up reports that entry as moved."""
    if not order:
        return set()
    best = [1] * len(order)
    previous = [-1] * len(order)
    for k in range(len(order)):
        for m in range(k):
            if order[m] < order[k] and best[m] + 1 > best[k]:
                best[k], previous[k] = best[m] + 1, m
    k = best.index(max(best))  # the first longest run: earlier entries stay on a tie
    stayed = set()
    while k != -1:
        stayed.add(k)
        k = previous[k]
    return stayed


def _moves(pairs: dict[int, int]) -> dict[int, str]:
    """Return {old index: "up" or "down"} for the matched entries whose place changed."""
    olds = sorted(pairs)
    order = [pairs[i] for i in olds]
    new_rank = {j: rank for rank, j in enumerate(sorted(order))}
    stayed = _stayed(order)
    return {i: "up" if new_rank[pairs[i]] < rank else "down"
            for rank, i in enumerate(olds) if rank not in stayed}


def _entries_diff(old: list[dict], new: list[dict], section: doc.Section) -> list[EntryDiff]:
    """Return one EntryDiff per entry in the newer order; a removed entry comes right after
    the entry that preceded it in the older list."""
    pairs = match_entries(old, new, section)
    moves = _moves(pairs)
    removed_after = defaultdict(list)  # old index of the preceding matched entry (-1: top)
    preceding = -1
    for i in range(len(old)):
        if i in pairs:
            preceding = i
        else:
            removed_after[preceding].append(i)
    old_of = {j: i for i, j in pairs.items()}

    def removed(i: int) -> EntryDiff:
        return EntryDiff(doc.entry_headline(old[i], section), i, None,
                         _field_diffs(old[i], {}, section.fields))

    rows = [removed(i) for i in removed_after[-1]]
    for j, entry in enumerate(new):
        i = old_of.get(j)
        rows.append(EntryDiff(doc.entry_headline(entry, section), i, j,
                              _field_diffs(old[i] if i is not None else {}, entry, section.fields),
                              moves.get(i, "")))
        if i is not None:
            rows.extend(removed(k) for k in removed_after[i])
    return rows


def _labels(labels: list[str]) -> str:
    return ", ".join(label[:1].lower() + label[1:] for label in labels)


def _entry_changes(entries: list[EntryDiff], section: doc.Section) -> list[str]:
    changes = []
    for entry in entries:
        if entry.status == ADDED:
            changes.append(f"added {section.entry_name} {entry.headline}")
        elif entry.status == REMOVED:
            changes.append(f"removed {section.entry_name} {entry.headline}")
        elif entry.status == CHANGED:
            changes.append(f"edited {section.title}: {entry.headline} "
                           f"({_labels(entry.changed_labels)})")
        if entry.moved:
            changes.append(f"moved {section.entry_name} {entry.headline} {entry.moved}")
    return changes


def _fields_change(title: str, fields: list[FieldDiff]) -> list[str]:
    labels = [f.label for f in fields if f.changed]
    return [f"edited {title} ({_labels(labels)})"] if labels else []


def _photo_change(before: dict, after: dict) -> list[str]:
    old, new = before.get("photo_id"), after.get("photo_id")
    if old == new:
        return []
    return ["added photo" if not old else "removed photo" if not new else "new photo"]


def _photo_text(settings: dict) -> str:
    return f"Photo no. {settings['photo_id']}" if settings.get("photo_id") else ""


def _settings_section(before: Versioned, after: Versioned,
                      template_names: Mapping[str, str]) -> SectionDiff:
    old_settings = before.template_settings or {}
    new_settings = after.template_settings or {}
    old_template = template_names.get(before.template_slug, before.template_slug)
    new_template = template_names.get(after.template_slug, after.template_slug)
    others = _field_diffs(old_settings, new_settings, (), skip=("photo_id",))
    fields = [_field_diff("Title", before.title, after.title),
              _field_diff("Template", old_template, new_template),
              _field_diff("Photo", _photo_text(old_settings), _photo_text(new_settings)),
              *others]
    changes = []
    if before.title != after.title:
        changes.append(f"renamed “{before.title}” to “{after.title}”")
    if old_template != new_template:
        changes.append(f"template {old_template} → {new_template}")
    changes += _photo_change(old_settings, new_settings)
    changes += _fields_change("layout settings", others)
    return SectionDiff("settings", SETTINGS_TITLE, [f for f in fields if f.before or f.after],
                       changes=changes)


def _basics_section(before: dict, after: dict) -> SectionDiff:
    fields = (_field_diffs(before, after, doc.BASICS_FIELDS, skip=("location", "profiles"))
              + _field_diffs(before["location"], after["location"], doc.LOCATION_FIELDS))
    entries = _entries_diff(before["profiles"], after["profiles"], doc.PROFILES)
    changes = (_fields_change(BASICS_TITLE, fields)
               + _entry_changes(entries, doc.PROFILES))
    return SectionDiff("basics", BASICS_TITLE, fields, entries, changes)


def compare(before: Versioned, after: Versioned,
            template_names: Mapping[str, str]) -> Diff:
    """Return what differs between two states of a resume, part by part; `template_names`
    turns template slugs into the names users know."""
    old, new = doc.normalize(before.content), doc.normalize(after.content)
    sections = [_settings_section(before, after, template_names),
                _basics_section(old["basics"], new["basics"])]
    for spec in doc.SECTIONS:
        entries = _entries_diff(old[spec.key], new[spec.key], spec)
        sections.append(SectionDiff(spec.key, spec.title, entries=entries,
                                    changes=_entry_changes(entries, spec)))
    known = {"basics", *doc.SECTIONS_BY_KEY}
    others = _field_diffs({k: v for k, v in old.items() if k not in known},
                          {k: v for k, v in new.items() if k not in known}, ())
    sections.append(SectionDiff("other", OTHER_TITLE, others,
                                changes=_fields_change(OTHER_TITLE, others)))
    return Diff(sections)


def summary(changes: list[str], limit: int = SUMMARY_MAX_LENGTH) -> str:
    """Return the change phrases as one line of at most `limit` characters, like "Edited
    Experience: Acme Corp (highlights); added skill Docker"; what does not fit is counted."""
    text = ""
    for shown in range(len(changes), 0, -1):
        rest = len(changes) - shown
        text = "; ".join(changes[:shown])
        if rest:
            text += f"; and {rest} more change{'s' if rest > 1 else ''}"
        if len(text) <= limit:
            break
    if len(text) > limit:  # the first phrase alone is too long: cut it
        suffix = text[len(changes[0]):]
        text = changes[0][:limit - len(suffix) - 1].rstrip() + "…" + suffix
    return text[:1].upper() + text[1:]
