"""What changed between two states of a resume: entries matched across both, word-level text
changes, and the change phrases a version summary is made of.

Pure functions over anything with `title`, `design_slug`, `design_settings` and `content`
(a `resumes.Snapshot` or a `ResumeVersion`), so `resumes` (summaries at save time) and
`versions` (the history pages) both use them without importing each other.

Cost, bounded by the input whatever it holds (a save, a compare and a restore each run one
comparison): work linear in the size of the two states (normalizing, tokenizing, one sketch of
the words of each entry left unmatched by content and headline), plus at most MAX_ENTRY_PAIRS
similarity scores of O(SKETCH_SIZE) each, plus sequence diffs (lines, then words within changed
lines, after trimming what both start and end with) of at most MAX_CELLS_PER_DIFF cells (old
items x new items) each and MAX_DIFF_CELLS in all, counted by a `Work`. Pairs left unscored show
as a removal and an addition; a diff that would cost more shows its whole changed part replaced:
coarser, never wrong. A save only needs which fields changed (`changes`), so it diffs no words.
"""
import json
import re
import zlib
from bisect import bisect_right
from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Protocol

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from website.services import resume_document as doc

SUMMARY_MAX_LENGTH = 500  # the size of ResumeVersion.summary
# Below this similarity two entries with different headlines are a removal and an addition;
# at or above it they are one entry that was edited (a promotion changes the position, say).
SIMILAR_ENOUGH = 0.6
TOKEN = re.compile(r"\w+|\s+|[^\w\s]+")
WORD = re.compile(r"\w+|[^\w\s]+")
# An entry is known by the smallest hashes of its distinct words: entries with fewer distinct
# words than this (nearly every real one) are compared exactly, larger ones by a sample.
SKETCH_SIZE = 128
MAX_ENTRY_PAIRS = 2_500  # entry pairs scored in one comparison: a whole section of 50 x 50
MAX_CELLS_PER_DIFF = 40_000  # 200 x 200 items: a line of 500 characters of prose against another
# All line and word diffs of one comparison. A cell costs difflib up to ~0.5 us on repetitive
# text ("a a a" against "b a b a"), ten times what it costs on varied text: this keeps the
# worst comparison near 50 ms.
MAX_DIFF_CELLS = 100_000
DIFF_CALL_CELLS = 50  # what starting one diff costs, in cells
SAME, ADDED, REMOVED = "same", "added", "removed"  # segment kinds, also entry statuses
CHANGED, UNCHANGED = "changed", "unchanged"  # the statuses of entries on both sides
SETTINGS_TITLE = _l("Title and template")
BASICS_TITLE = _l("Personal info")
OTHER_TITLE = _l("Other data")
# Languages whose nouns keep their capital letter inside a sentence ("bearbeitet: Highlights").
CAPITALIZED_NOUNS = {"de"}


@dataclass
class Work:
    """What one comparison has spent and may still spend; tests and benchmarks read it."""

    max_pairs: int = MAX_ENTRY_PAIRS
    max_cells: int = MAX_DIFF_CELLS
    pairs: int = 0  # entry pairs scored
    cells: int = 0  # old items x new items (plus DIFF_CALL_CELLS) of every diff run
    coarse: int = 0  # diffs shown as one replacement because they would have cost too much

    def score_pair(self) -> bool:
        """Count one entry pair to score; return False when no more may be scored."""
        if self.pairs >= self.max_pairs:
            return False
        self.pairs += 1
        return True

    @property
    def exhausted(self) -> bool:
        """Return whether not even the smallest diff is affordable any more."""
        return self.cells + DIFF_CALL_CELLS > self.max_cells

    def diff(self, old_count: int, new_count: int) -> bool:
        """Count a diff of two sequences; return False (a coarse one) if it costs too much."""
        cost = old_count * new_count + DIFF_CALL_CELLS
        if cost > MAX_CELLS_PER_DIFF or self.cells + cost > self.max_cells:
            self.coarse += 1
            return False
        self.cells += cost
        return True


class Versioned(Protocol):
    """A state of a resume: the fields every version records."""

    title: str
    design_slug: str
    design_settings: dict
    content: dict
    document: dict  # `content` normalized


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


def _common_length(old, new) -> int:
    """Return how many items `old` and `new` have in common from their start."""
    count = 0
    for old_item, new_item in zip(old, new, strict=False):
        if old_item != new_item:
            break
        count += 1
    return count


def _opcodes(old: list[str], new: list[str], work: Work) -> list[tuple]:
    """Return difflib opcodes from `old` to `new`; the part between their common start and end
    is one replacement when `work` cannot afford to diff it."""
    start = _common_length(old, new)
    end = _common_length(reversed(old[start:]), reversed(new[start:]))
    old_end, new_end = len(old) - end, len(new) - end
    opcodes = [("equal", 0, start, 0, start)] if start else []
    if old_end > start and new_end > start and work.diff(old_end - start, new_end - start):
        matcher = SequenceMatcher(None, old[start:old_end], new[start:new_end], autojunk=False)
        opcodes += [(tag, i1 + start, i2 + start, j1 + start, j2 + start)
                    for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    elif old_end > start or new_end > start:
        opcodes.append(("replace", start, old_end, start, new_end))
    if end:
        opcodes.append(("equal", old_end, len(old), new_end, len(new)))
    return opcodes


def _pieces(before: str, after: str, work: Work) -> list[tuple[str, str, str]]:
    """Return (tag, old text, new text) pieces that turn `before` into `after`: lines first,
    then the words of each changed block of lines."""
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    pieces = []
    for tag, i1, i2, j1, j2 in _opcodes(old_lines, new_lines, work):
        old_part, new_part = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if tag == "equal" or not old_part or not new_part:
            pieces.append((tag, old_part, new_part))
            continue
        old, new = TOKEN.findall(old_part), TOKEN.findall(new_part)
        pieces += [(word_tag, "".join(old[k1:k2]), "".join(new[l1:l2]))
                   for word_tag, k1, k2, l1, l2 in _opcodes(old, new, work)]
    return pieces


def _runs(pieces) -> list[tuple[str, str, str]]:
    """Return the pieces joined into alternating "equal" and "change" runs."""
    runs: list[tuple[str, list[str], list[str]]] = []
    for tag, old, new in pieces:
        kind = "equal" if tag == "equal" else "change"
        if not runs or runs[-1][0] != kind:
            runs.append((kind, [], []))
        runs[-1][1].append(old)
        runs[-1][2].append(new)
    return [(kind, "".join(old), "".join(new)) for kind, old, new in runs]


def _grouped(pieces) -> list[tuple[str, str, str]]:
    """Return `pieces` as runs tagged "equal" or "change", where the blanks between two changed
    words belong to the change, so "a b" -> "x y" is one change, not two."""
    runs = _runs(pieces)
    last = len(runs) - 1
    return _runs(("change" if tag == "equal" and 0 < index < last and not old.strip() else tag,
                  old, new) for index, (tag, old, new) in enumerate(runs))


def word_diff(before: str, after: str,
              work: Work | None = None) -> tuple[list[Segment], list[Segment]]:
    """Return both texts as segments, with the words only one of them has marked (whole
    changed parts when `work` cannot afford the words)."""
    if before == after:
        same = [Segment(before)] if before else []
        return same, list(same)
    work = work or Work()
    if before and after and work.exhausted:
        work.coarse += 1
    if not before or not after or work.exhausted:  # all of it new or gone, or no work left
        return _marked(before, REMOVED), _marked(after, ADDED)
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, removed, added in _grouped(_pieces(before, after, work)):
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


def _field_diff(label: str, before, after, work: Work) -> FieldDiff:
    old, new = _text(before), _text(after)
    left, right = word_diff(old, new, work)
    return FieldDiff(label, left, right, old != new)


def _field_diffs(before: dict, after: dict, specs: tuple[doc.Field, ...], work: Work,
                 skip: tuple[str, ...] = ()) -> list[FieldDiff]:
    """Diff the fields of `specs` in order, then keys this app does not know (from imports),
    leaving out fields empty on both sides."""
    known = [(spec.key, spec.label) for spec in specs]
    known_keys = {key for key, _ in known} | set(skip)
    extra = sorted((set(before) | set(after)) - known_keys)
    texts = ((label, _text(before.get(key)), _text(after.get(key)))
             for key, label in known + [(key, key) for key in extra])
    return [_field_diff(label, old, new, work) for label, old, new in texts if old or new]


def _identity(entry: dict) -> str:
    return json.dumps(entry, sort_keys=True)


def _entry_text(entry: dict) -> str:
    return "\n".join(_text(entry[key]) for key in sorted(entry))


@dataclass(frozen=True)
class _Sketch:
    """The SKETCH_SIZE smallest hashes of an entry's distinct words: all of them if it has
    fewer, so such entries compare exactly."""

    hashes: frozenset[int]
    ordered: tuple[int, ...]
    cutoff: float  # the largest hash kept, or infinity when every word is kept

    @classmethod
    def of(cls, entry: dict) -> "_Sketch":
        """Return the sketch of `entry`, in time linear in its text."""
        words = set(WORD.findall(_entry_text(entry)))
        ordered = tuple(sorted(map(zlib.crc32, map(str.encode, words)))[:SKETCH_SIZE])
        complete = len(words) <= SKETCH_SIZE
        return cls(frozenset(ordered), ordered, float("inf") if complete else ordered[-1])


def _similarity(old: _Sketch, new: _Sketch) -> float:
    """Return the Dice coefficient of the two entries' words (2 x shared / total), exact for
    complete sketches, else estimated on the words whose hashes both sketches keep."""
    cutoff = min(old.cutoff, new.cutoff)
    total = bisect_right(old.ordered, cutoff) + bisect_right(new.ordered, cutoff)
    # A hash kept by both is at most both sketches' largest hash, so below the cutoff.
    return 2 * len(old.hashes & new.hashes) / total if total else 0.0


def _similar_pairs(old: list[dict], new: list[dict], old_left: list[int], new_left: list[int],
                   work: Work) -> list[tuple[float, int, int]]:
    """Return (-score, old index, new index) of the pairs similar enough, as many pairs
    scored as `work` allows, row by row."""
    rows = -(-(work.max_pairs - work.pairs) // len(new_left)) if new_left else 0
    old_left = old_left[:rows]  # only those rows can be scored: sketch no more
    if not old_left:
        return []
    old_sketches = {i: _Sketch.of(old[i]) for i in old_left}
    new_sketches = {j: _Sketch.of(new[j]) for j in new_left}
    scored = []
    for i in old_left:
        for j in new_left:
            if not work.score_pair():
                return scored
            score = _similarity(old_sketches[i], new_sketches[j])
            if score >= SIMILAR_ENOUGH:
                scored.append((-score, i, j))
    return scored


def match_entries(old: list[dict], new: list[dict], section: doc.Section,
                  work: Work | None = None) -> dict[int, int]:
    """Return {old index: new index} for the entries that are the same entry on both sides:
    identical first, then the same headline (a job keeps its position and company while its
    highlights change), then the most similar remaining pairs (as many as `work` allows)."""
    pairs: dict[int, int] = {}
    free_new = list(range(len(new)))

    def headline_key(entry: dict) -> tuple:
        values = tuple(_text(entry.get(key)) for key in section.headline)
        return values if any(values) else (id(entry),)  # a blank headline matches nothing

    for key in (_identity, headline_key):
        waiting = defaultdict(deque)
        for i in range(len(old)):
            if i not in pairs:
                waiting[key(old[i])].append(i)
        unmatched = []
        for j in free_new:
            if waiting.get(key(new[j])):
                pairs[waiting[key(new[j])].popleft()] = j
            else:
                unmatched.append(j)
        free_new = unmatched
    taken = set()
    old_left = [i for i in range(len(old)) if i not in pairs]
    for _score, i, j in sorted(_similar_pairs(old, new, old_left, free_new, work or Work())):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs


def _stayed(order: list[int]) -> set[int]:
    """Return the positions in `order` of a longest increasing run (not necessarily adjacent):
    the entries that kept their place while the others moved around them. On a tie the
    earlier entries stay, so moving an entry up reports that entry as moved.

    In n log n: `ends[length - 1]` holds the positions ending a run of that length, in order,
    their values falling (a later, larger one would make a longer run); each position links to
    the first position of the length below whose value is smaller."""
    ends: list[list[int]] = []
    falling: list[list[int]] = []  # the negated values of `ends`, rising, to bisect
    smallest: list[int] = []  # the smallest value ending a run of each length
    previous: list[int] = []
    for k, value in enumerate(order):
        length = bisect_right(smallest, value)
        previous.append(ends[length - 1][bisect_right(falling[length - 1], -value)]
                        if length else -1)
        if length == len(ends):
            ends.append([])
            falling.append([])
            smallest.append(value)
        ends[length].append(k)
        falling[length].append(-value)
        smallest[length] = value
    k = ends[-1][0] if ends else -1  # the first longest run: earlier entries stay on a tie
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


def _entries_diff(old: list[dict], new: list[dict], section: doc.Section,
                  work: Work) -> list[EntryDiff]:
    """Return one EntryDiff per entry in the newer order; a removed entry comes right after
    the entry that preceded it in the older list."""
    pairs = match_entries(old, new, section, work)
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
                         _field_diffs(old[i], {}, section.fields, work))

    rows = [removed(i) for i in removed_after[-1]]
    for j, entry in enumerate(new):
        i = old_of.get(j)
        rows.append(EntryDiff(doc.entry_headline(entry, section), i, j,
                              _field_diffs(old[i] if i is not None else {}, entry,
                                           section.fields, work),
                              moves.get(i, "")))
        if i is not None:
            rows.extend(removed(k) for k in removed_after[i])
    return rows


def _labels(labels: list[str]) -> str:
    """Return field labels as a phrase lists them: in lower case, where the language does so."""
    locale = get_locale()
    if locale is not None and locale.language in CAPITALIZED_NOUNS:
        return ", ".join(str(label) for label in labels)
    return ", ".join(str(label)[:1].lower() + str(label)[1:] for label in labels)


def _entry_changes(entries: list[EntryDiff], section: doc.Section) -> list[str]:
    changes = []
    for entry in entries:
        names = {"entry": section.entry_name, "name": entry.headline}
        if entry.status == ADDED:
            changes.append(_("added %(entry)s %(name)s", **names))
        elif entry.status == REMOVED:
            changes.append(_("removed %(entry)s %(name)s", **names))
        elif entry.status == CHANGED:
            changes.append(_("edited %(section)s: %(name)s (%(fields)s)", section=section.title,
                             name=entry.headline, fields=_labels(entry.changed_labels)))
        if entry.moved == "up":
            changes.append(_("moved %(entry)s %(name)s up", **names))
        elif entry.moved:
            changes.append(_("moved %(entry)s %(name)s down", **names))
    return changes


def _fields_change(title: str, fields: list[FieldDiff]) -> list[str]:
    labels = [f.label for f in fields if f.changed]
    return [_("edited %(part)s (%(fields)s)", part=title, fields=_labels(labels))] \
        if labels else []


def _photo_change(before: dict, after: dict) -> list[str]:
    old, new = before.get("photo_id"), after.get("photo_id")
    if old == new:
        return []
    return [_("added photo") if not old else _("removed photo") if not new else _("new photo")]


def _photo_text(settings: dict) -> str:
    return _("Photo no. %(number)s", number=settings["photo_id"]) \
        if settings.get("photo_id") else ""


def _settings_section(before: Versioned, after: Versioned, design_names: Mapping[str, str],
                      work: Work) -> SectionDiff:
    old_settings = before.design_settings or {}
    new_settings = after.design_settings or {}
    old_design = design_names.get(before.design_slug, before.design_slug)
    new_design = design_names.get(after.design_slug, after.design_slug)
    others = _field_diffs(old_settings, new_settings, (), work, skip=("photo_id",))
    fields = [_field_diff(_("Title"), before.title, after.title, work),
              _field_diff(_("Template"), old_design, new_design, work),
              _field_diff(_("Photo"), _photo_text(old_settings), _photo_text(new_settings), work),
              *others]
    changes = []
    if before.title != after.title:
        changes.append(_("renamed “%(old)s” to “%(new)s”", old=before.title, new=after.title))
    if old_design != new_design:
        changes.append(_("template %(old)s → %(new)s", old=old_design, new=new_design))
    changes += _photo_change(old_settings, new_settings)
    changes += _fields_change(_("layout settings"), others)
    return SectionDiff("settings", SETTINGS_TITLE, [f for f in fields if f.before or f.after],
                       changes=changes)


def _basics_section(before: dict, after: dict, work: Work) -> SectionDiff:
    fields = (_field_diffs(before, after, doc.BASICS_FIELDS, work, skip=("location", "profiles"))
              + _field_diffs(before["location"], after["location"], doc.LOCATION_FIELDS, work))
    entries = _entries_diff(before["profiles"], after["profiles"], doc.PROFILES, work)
    changes = (_fields_change(BASICS_TITLE, fields)
               + _entry_changes(entries, doc.PROFILES))
    return SectionDiff("basics", BASICS_TITLE, fields, entries, changes)


def compare(before: Versioned, after: Versioned, design_names: Mapping[str, str],
            work: Work | None = None) -> Diff:
    """Return what differs between two states of a resume, part by part; `design_names`
    turns design slugs into the names users know, `work` bounds the effort (see above)."""
    work = work or Work()
    old, new = before.document, after.document
    sections = [_settings_section(before, after, design_names, work),
                _basics_section(old["basics"], new["basics"], work)]
    for spec in doc.SECTIONS:
        entries = _entries_diff(old[spec.key], new[spec.key], spec, work)
        sections.append(SectionDiff(spec.key, spec.title, entries=entries,
                                    changes=_entry_changes(entries, spec)))
    known = {"basics", *doc.SECTIONS_BY_KEY}
    others = _field_diffs({k: v for k, v in old.items() if k not in known},
                          {k: v for k, v in new.items() if k not in known}, (), work)
    sections.append(SectionDiff("other", OTHER_TITLE, others,
                                changes=_fields_change(OTHER_TITLE, others)))
    return Diff(sections)


def changes(before: Versioned, after: Versioned, design_names: Mapping[str, str]) -> list[str]:
    """Return the change phrases from `before` to `after`; they name the changed fields, not
    words, so no text is diffed word by word."""
    return compare(before, after, design_names, Work(max_cells=0)).changes


def _more(rest: int) -> str:
    return ngettext("; and %(num)d more change", "; and %(num)d more changes", rest) \
        if rest else ""


def summary(changes: list[str], limit: int = SUMMARY_MAX_LENGTH) -> str:
    """Return the change phrases as one line of at most `limit` characters, like "Edited
    Experience: Acme Corp (highlights); added skill Docker"; what does not fit is counted."""
    if not changes:
        return ""
    joined = []  # joined[n - 1]: the length of the first n phrases joined with "; "
    for change in changes:
        joined.append((joined[-1] + 2 if joined else 0) + len(change))
    shown = next((n for n in range(len(changes), 0, -1)
                  if joined[n - 1] + len(_more(len(changes) - n)) <= limit), 1)
    text = "; ".join(changes[:shown]) + _more(len(changes) - shown)
    if len(text) > limit:  # the first phrase alone is too long: cut it
        suffix = text[len(changes[0]):]
        text = changes[0][:limit - len(suffix) - 1].rstrip() + "…" + suffix
    return text[:1].upper() + text[1:]
