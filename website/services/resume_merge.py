"""Three-way merge of resume states: a variant takes in what its master changed since the
variant last took changes, and keeps its own choices.

base = the master as the variant last took it, ours = the variant now, theirs = the master now.
Per field: what only one side changed wins; what both changed alike is fine; what both changed
differently is a Conflict, decided by `choices` (the variant's value unless told otherwise).
Line lists (highlights, keywords, courses, roles) merge line by line. Entries of list sections
are paired across the states by the diff engine's `match_entries`: the master's new entries are
inserted next to their neighbour, its removed ones removed unless the variant edited them, and
entries the variant removed stay removed. The variant's order is kept when it chose one; when
it kept the base's order, the master's moves are taken. The title and the photo are the
variant's own (a photo belongs to one resume) and are never merged.

Pure functions over anything with `title`, `design_slug`, `design_settings` and `content`
(a `resumes.Snapshot` or a `ResumeVersion`). Cost: two entry matchings per list (base to ours,
base to theirs) under one `resume_diff.Work`, which bounds the pairs scored for the whole
merge; plus three change summaries (`resume_diff.changes`), each bounded as the diff engine
says. Pairs left unscored show as a removal and an addition: coarser, never wrong.
"""
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from website.services import resume_diff
from website.services import resume_document as doc

OURS, THEIRS = "ours", "theirs"  # a conflict's two answers: the variant's or the master's
DESIGN_TITLE = _l("Design")
PHOTO = "photo_id"
# Lines are paired like entries of a section with one field and no headline: equal lines
# first, then the most similar ones, so a line the master reworded is replaced in place.
LINES = doc.Section("lines", _l("Lines"), _l("line"), (doc.Field("line", _l("Line")),))
# Two scorings per list (base to ours, base to theirs): twice one comparison's budget.
MAX_MERGE_PAIRS = 2 * resume_diff.MAX_ENTRY_PAIRS
GONE = object()  # a key or entry one side does not have


@dataclass(frozen=True)
class State:
    """A resume state the merge reads or makes (the fields every version records)."""

    title: str
    design_slug: str
    design_settings: dict
    content: dict

    @cached_property
    def document(self) -> dict:
        """Return `content` normalized."""
        return doc.normalize(self.content)


@dataclass(frozen=True)
class Conflict:
    """A field (or a whole entry) both sides changed differently; None: removed on that side."""

    key: str  # stable path, like "work.2.highlights.1": what `choices` answer
    place: str  # where it is, like "Experience · Engineer, Acme · Highlights, line 2"
    base: str | None
    ours: str | None
    theirs: str | None
    chosen: str = OURS


@dataclass
class MergePlan:
    """What taking the master's changes would make of the variant, and why."""

    merged: State
    taken: list[str]  # change phrases from the variant now to the merged state
    kept: list[str]  # the variant's own changes since the base
    conflicts: list[Conflict]
    master_changes: list[str]  # the master's changes since the base

    @property
    def master_change_count(self) -> int:
        """Return how many changes the master made since the variant last took them."""
        return len(self.master_changes)


def _comparable(state, title: str) -> State:
    """Return `state` under `title` without its photo: what the merge reads and compares."""
    settings = {k: v for k, v in (state.design_settings or {}).items() if k != PHOTO}
    return State(title, state.design_slug, settings, state.document)


def master_changes(base, theirs, design_names: Mapping[str, str]) -> list[str]:
    """Return the change phrases the master made from `base` to `theirs` that a merge can
    take: its title and photo are left out, as a variant keeps its own."""
    return resume_diff.changes(_comparable(base, theirs.title), _comparable(theirs, theirs.title),
                               design_names)


def _shown(value, fields: tuple[doc.Field, ...] = ()) -> str | None:
    """Return a value as the text a conflict shows (an entry one line per filled field of
    `fields`), or None for a value one side removed."""
    if value is GONE or value is None:
        return None
    if isinstance(value, dict) and fields:
        labels = {f.key: f.label for f in fields}
        return "\n".join(f"{labels.get(key, key)}: {text}" for key in value
                         if (text := _shown(value[key])))
    if isinstance(value, list):
        return "\n".join(_shown(item) or "" for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _ordered(ours_order: list, theirs_order: list, kept: Mapping) -> list:
    """Return the keys of `kept` in the variant's order (or the master's, when the variant kept
    the base's order of the entries both had); the others go after the entry that precedes them
    in the other side's order (first when none does), or last when they came last there.

    Keys are ("base", i) for what the base had, ("ours", j) or ("theirs", k) for what was new."""
    base_order = [index for side, index in ours_order if side == "base"]
    spine, other = ((theirs_order, ours_order) if base_order == sorted(base_order)
                    else (ours_order, theirs_order))
    result = [key for key in spine if key in kept]
    placed = set(result)
    last_shared = max((n for n, key in enumerate(other) if key in placed), default=-1)
    anchor = None
    for n, key in enumerate(other):
        if key in kept and key not in placed:
            at_end = n > last_shared
            result.insert(len(result) if at_end else result.index(anchor) + 1 if anchor else 0,
                          key)
            placed.add(key)
        if key in placed:
            anchor = key
    return result


@dataclass
class _Merger:
    """One merge: its choices, the conflicts found so far and the work spent pairing."""

    choices: Mapping[str, str]
    work: resume_diff.Work
    conflicts: list[Conflict] = field(default_factory=list)

    def conflict(self, key: str, place: str, base, ours, theirs, shown=_shown):
        """Record a conflict, its sides as `shown` makes them text, and return the side
        `choices` picks for it (the variant's unless told otherwise)."""
        chosen = THEIRS if self.choices.get(key) == THEIRS else OURS
        self.conflicts.append(Conflict(key, place, shown(base), shown(ours), shown(theirs),
                                       chosen))
        return theirs if chosen == THEIRS else ours

    def value(self, key: str, place: str, base, ours, theirs, shown=_shown):
        """Return one field merged: the side that changed it, or the chosen side of both."""
        if theirs == base or ours == theirs:
            return ours
        if ours == base:
            return theirs
        return self.conflict(key, place, base, ours, theirs, shown)

    def lines(self, key: str, place: str, base: list, ours: list, theirs: list) -> list:
        """Return a line list merged line by line (lines the variant reworded are its own)."""
        def paired(old: list, new: list) -> dict[int, int]:
            return resume_diff.match_entries([{"line": line} for line in old],
                                             [{"line": line} for line in new], LINES, self.work)

        to_ours, to_theirs = paired(base, ours), paired(base, theirs)
        base_of_ours = {j: i for i, j in to_ours.items()}
        base_of_theirs = {k: i for i, k in to_theirs.items()}
        kept: dict[tuple, str] = {}
        for j, line in enumerate(ours):
            i = base_of_ours.get(j)
            if i is None:
                kept["ours", j] = line
            elif i in to_theirs:
                kept["base", i] = self.value(f"{key}.{i}",
                                             _("%(place)s, line %(number)s", place=place,
                                               number=j + 1),
                                             base[i], line, theirs[to_theirs[i]])
            elif line != base[i]:  # the master removed a line the variant reworded
                kept["base", i] = line
        for k, line in enumerate(theirs):
            if k not in base_of_theirs and line not in ours:
                kept["theirs", k] = line
        ours_order = [("base", base_of_ours[j]) if j in base_of_ours else ("ours", j)
                      for j in range(len(ours))]
        theirs_order = [("base", base_of_theirs[k]) if k in base_of_theirs else ("theirs", k)
                        for k in range(len(theirs))]
        return [kept[item] for item in _ordered(ours_order, theirs_order, kept)]

    def fields(self, key: str, place: str, specs: tuple[doc.Field, ...], base: dict,
               ours: dict, theirs: dict, skip: tuple[str, ...] = ()) -> dict:
        """Return a dict of fields merged field by field; lines fields line by line."""
        by_key = {spec.key: spec for spec in specs}
        merged = {}
        for name in [*ours, *(name for name in theirs if name not in ours)]:
            if name in skip:
                continue
            spec = by_key.get(name)
            label = f"{place} · {spec.label if spec else name}"
            old, mine, master = (side.get(name, GONE) for side in (base, ours, theirs))
            if spec is not None and spec.kind == "lines":
                value = self.lines(f"{key}.{name}", label, [] if old is GONE else old,
                                   [] if mine is GONE else mine, [] if master is GONE else master)
            else:
                value = self.value(f"{key}.{name}", label, old, mine, master)
            if value is not GONE:
                merged[name] = value
        return merged

    def entries(self, key: str, section: doc.Section, base: list[dict], ours: list[dict],
                theirs: list[dict]) -> list[dict]:
        """Return a list section merged entry by entry (see the module's docstring)."""
        to_ours = resume_diff.match_entries(base, ours, section, self.work)
        to_theirs = resume_diff.match_entries(base, theirs, section, self.work)
        base_of_ours = {j: i for i, j in to_ours.items()}
        base_of_theirs = {k: i for i, k in to_theirs.items()}
        new_ours = [j for j in range(len(ours)) if j not in base_of_ours]
        new_theirs = [k for k in range(len(theirs)) if k not in base_of_theirs]
        # An entry both added (the same job typed into both) is one entry, not two.
        both = {new_theirs[a]: new_ours[b] for a, b in resume_diff.match_entries(
            [theirs[k] for k in new_theirs], [ours[j] for j in new_ours], section,
            self.work).items()}
        ours_of_theirs = {j: k for k, j in both.items()}

        def place(entry: dict) -> str:
            return f"{section.title} · {doc.entry_headline(entry, section)}"

        def shown(entry) -> str | None:
            return _shown(entry, section.fields)

        kept: dict[tuple, dict] = {}
        for j, entry in enumerate(ours):
            i = base_of_ours.get(j)
            if i is None:
                k = ours_of_theirs.get(j)
                kept["ours", j] = entry if k is None else self.fields(
                    f"{key}.new{k}", place(entry), section.fields, {}, entry, theirs[k])
            elif i in to_theirs:
                kept["base", i] = self.fields(f"{key}.{i}", place(entry), section.fields,
                                              base[i], entry, theirs[to_theirs[i]])
            elif entry != base[i]:  # the master removed it, the variant edited it
                if self.conflict(f"{key}.{i}", place(entry), base[i], entry, GONE,
                                 shown) is not GONE:
                    kept["base", i] = entry
        for i, k in to_theirs.items():
            if i not in to_ours and theirs[k] != base[i]:  # the variant removed, master edited
                if self.conflict(f"{key}.{i}", place(theirs[k]), base[i], GONE, theirs[k],
                                 shown) is not GONE:
                    kept["base", i] = theirs[k]
        for k in new_theirs:
            if k not in both:
                kept["theirs", k] = theirs[k]
        ours_order = [("base", base_of_ours[j]) if j in base_of_ours else ("ours", j)
                      for j in range(len(ours))]
        theirs_order = [("base", base_of_theirs[k]) if k in base_of_theirs
                        else ("ours", both[k]) if k in both else ("theirs", k)
                        for k in range(len(theirs))]
        return [kept[item] for item in _ordered(ours_order, theirs_order, kept)]

    def document(self, base: dict, ours: dict, theirs: dict) -> dict:
        """Return the whole (normalized) document merged, part by part."""
        basics = [side["basics"] for side in (base, ours, theirs)]
        merged = {"basics": self.fields("basics", resume_diff.BASICS_TITLE, doc.BASICS_FIELDS,
                                        *basics, skip=("location", "profiles"))}
        merged["basics"]["location"] = self.fields(
            "basics.location", resume_diff.BASICS_TITLE, doc.LOCATION_FIELDS,
            *(side["location"] for side in basics))
        merged["basics"]["profiles"] = self.entries(
            "basics.profiles", doc.PROFILES, *(side["profiles"] for side in basics))
        for section in doc.SECTIONS:
            merged[section.key] = self.entries(section.key, section, base[section.key],
                                               ours[section.key], theirs[section.key])
        known = ("basics", *doc.SECTIONS_BY_KEY)
        merged.update(self.fields("other", resume_diff.OTHER_TITLE, (), base, ours, theirs,
                                  skip=known))
        return merged


def merge(base, ours, theirs, design_names: Mapping[str, str],
          choices: Mapping[str, str] | None = None, work: resume_diff.Work | None = None
          ) -> MergePlan:
    """Return the plan of merging the master's changes from `base` to `theirs` into the
    variant `ours`, each conflict decided by `choices` ({conflict key: "ours" or "theirs"},
    the variant's value by default); `design_names` names designs in phrases."""
    base, theirs = _comparable(base, ours.title), _comparable(theirs, ours.title)
    mine = _comparable(ours, ours.title)
    merger = _Merger(choices or {}, work or resume_diff.Work(max_pairs=MAX_MERGE_PAIRS,
                                                             max_cells=0))
    slug = merger.value("template", f"{DESIGN_TITLE} · {_('Template')}",
                        *(state.design_slug for state in (base, mine, theirs)),
                        shown=lambda slug: design_names.get(slug, slug))
    settings = merger.fields("settings", DESIGN_TITLE, (), base.design_settings,
                             mine.design_settings, theirs.design_settings)
    if PHOTO in (ours.design_settings or {}):
        settings[PHOTO] = ours.design_settings[PHOTO]
    content = merger.document(base.content, mine.content, theirs.content)
    merged = State(ours.title, slug, settings, content)
    return MergePlan(
        merged=merged,
        taken=resume_diff.changes(mine, _comparable(merged, ours.title), design_names),
        kept=resume_diff.changes(base, mine, design_names),
        conflicts=merger.conflicts,
        master_changes=resume_diff.changes(base, theirs, design_names))
