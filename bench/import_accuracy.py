"""How much of a resume file arrives, in the right place, when it is imported.

Run `.venv/bin/python bench/import_accuracy.py [CORPUS_DIR] [--findings FILE]` (or
`make bench`). Without CORPUS_DIR it builds the corpus of bench/import_corpus.py in a temporary
folder (on a temporary SQLite database); with it, it reads the corpus written there. Every file
goes through `website.services.imports.reader.read` in an app context and what comes back is
compared field by field with the file's truth (the JSON Resume document it was made from). It
prints precision and recall per section and overall, and the time per file, for each group:
our designs as PDFs without their JSON attachment, our Word files, other layouts as PDFs and
other layouts as Word files; writes the table to bench/results/import_accuracy.txt and, with
--findings, the misparses (most common patterns first) to FILE. It exits with status 1 when
our designs (PDF or Word) are below 90% precision or recall.

The comparison, per section ("basics", "profiles" for basics.profiles, then each list section):
- A field is one key of an entry ("basics" is one entry whose location keys count as
  "location.city" and so on). Empty values are not fields: an empty endDate ("present") is
  neither produced nor expected.
- Values are normalized before they are compared: Unicode NFKC, dashes and quotes made plain,
  whitespace collapsed, case ignored; dates are cut to the month (YYYY-MM; a year stays a year);
  URLs lose their scheme, "www." and a trailing "/"; phone numbers keep only "+" and digits;
  list fields (highlights, keywords, courses, roles) are one field each, compared as the set of
  their normalized lines.
- Entries are matched before their fields are compared: each produced entry to the truth entry
  with the most equal headline fields (position and company, institution and degree, name, ...;
  see resume_document.SECTIONS), ties broken by the number of all equal fields; entries no
  headline field matches are then paired by their equal fields, if any. A produced entry that
  matches none is wrong in every field; a truth entry that nothing matched is missed in every
  field.
- A field is right when its normalized value equals that of the same key of the matched truth
  entry. precision = right / fields produced; recall = right / fields in the truth.
A file the reader rejects produces nothing: its truth counts only against recall.
"""
import json
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

if __name__ == "__main__":  # the project root replaces bench/ on the path: see bench/harness.py
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import import_corpus  # noqa: E402
from website.services import resume_document  # noqa: E402
from website.services.imports import ImportRejected, reader  # noqa: E402

TARGET = 0.90
HELD = ("ours-pdf", "ours-docx")  # the groups held to TARGET
SECTIONS = {"profiles": resume_document.PROFILES, **resume_document.SECTIONS_BY_KEY}
DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "’": "'", "‘": "'",
                        "“": '"', "”": '"'})


def _text(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).translate(DASHES).split()).casefold()


def _kinds(section: str) -> dict[str, str]:
    if section == "basics":
        kinds = {spec.key: spec.kind for spec in resume_document.BASICS_FIELDS}
        kinds.update({f"location.{spec.key}": spec.kind
                      for spec in resume_document.LOCATION_FIELDS})
        return kinds
    return {spec.key: spec.kind for spec in SECTIONS[section].fields}


def normalized(kind: str, key: str, value) -> object:
    """The form of `value` (of a field of `kind`) that is compared, or None when it is empty."""
    if isinstance(value, list):
        lines = frozenset(_text(str(line)) for line in value if str(line).strip())
        return lines or None
    if not isinstance(value, str) or not value.strip():
        return None
    if kind == "date":
        return value.strip()[:7]
    if kind == "url":
        text = _text(value).removeprefix("https://").removeprefix("http://")
        return text.removeprefix("www.").rstrip("/")
    if key == "phone":
        return "".join(ch for ch in value if ch.isdigit() or ch == "+")
    return _text(value)


def entries(document: dict, section: str) -> list[dict]:
    """The entries of `section` of `document`, each as {key: normalized value}, empties left
    out."""
    kinds = _kinds(section)
    if section == "basics":
        basics = document.get("basics") or {}
        raw = [{**{k: v for k, v in basics.items() if k not in ("location", "profiles")},
                **{f"location.{k}": v for k, v in (basics.get("location") or {}).items()}}]
    elif section == "profiles":
        raw = (document.get("basics") or {}).get("profiles") or []
    else:
        raw = document.get(section) or []
    shaped = []
    for entry in raw:
        values = {key: normalized(kinds.get(key, "text"), key, value)
                  for key, value in entry.items() if key in kinds}
        shaped.append({key: value for key, value in values.items() if value is not None})
    return [entry for entry in shaped if entry]


def _equal(a: dict, b: dict, keys) -> int:
    return sum(1 for key in keys if key in a and a.get(key) == b.get(key))


def matched(section: str, produced: list[dict], truth: list[dict]) -> list[tuple]:
    """Pairs (produced entry or None, truth entry or None): matched by headline fields first,
    then by any equal fields; the rest alone."""
    if section == "basics":
        return [(produced[0] if produced else None, truth[0] if truth else None)]
    headline = SECTIONS[section].headline
    scores = sorted(((_equal(p, t, headline), _equal(p, t, p), i, j)
                     for i, p in enumerate(produced) for j, t in enumerate(truth)),
                    key=lambda s: (-s[0], -s[1], s[2], s[3]))
    pairs, used_p, used_t = [], set(), set()
    for by_headline, by_all, i, j in scores:
        if i in used_p or j in used_t or (by_headline == 0 and by_all == 0):
            continue
        used_p.add(i)
        used_t.add(j)
        pairs.append((produced[i], truth[j]))
    pairs += [(p, None) for i, p in enumerate(produced) if i not in used_p]
    pairs += [(None, t) for j, t in enumerate(truth) if j not in used_t]
    return pairs


@dataclass
class Score:
    """Counts of right, produced and expected fields."""

    right: int = 0
    produced: int = 0
    expected: int = 0

    def add(self, other: "Score") -> None:
        """Add `other`'s counts to these."""
        self.right += other.right
        self.produced += other.produced
        self.expected += other.expected

    @property
    def precision(self) -> float:
        """right / produced (1 when nothing was produced and nothing expected)."""
        return self.right / self.produced if self.produced else float(not self.expected)

    @property
    def recall(self) -> float:
        """right / expected (1 when nothing was expected)."""
        return self.right / self.expected if self.expected else 1.0


@dataclass(frozen=True)
class Miss:
    """One field that came out wrong: missing, wrong or extra."""

    file: str
    section: str
    key: str
    kind: str  # "missing", "wrong", "extra"
    expected: object
    got: object
    layout: str = ""  # the design or layout the file was made in


def compare(document: dict, truth: dict, file: str = "",
            layout: str = "") -> tuple[dict[str, Score], list[Miss]]:
    """Per section, the Score of `document` against `truth`, and every field that differs."""
    scores: dict[str, Score] = {}
    misses: list[Miss] = []
    for section in ("basics", *SECTIONS):
        score = Score()
        for got, want in matched(section, entries(document, section), entries(truth, section)):
            got, want = got or {}, want or {}
            for key in sorted(got.keys() | want.keys()):
                score.produced += key in got
                score.expected += key in want
                if key in got and got.get(key) == want.get(key):
                    score.right += 1
                else:
                    kind = "missing" if key not in got else ("extra" if key not in want
                                                             else "wrong")
                    misses.append(Miss(file, section, key, kind, want.get(key), got.get(key),
                                       layout))
        if score.produced or score.expected:
            scores[section] = score
    return scores, misses


@dataclass
class Group:
    """What one group of files scored."""

    sections: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    seconds: list[float] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    layouts: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))

    def overall(self) -> Score:
        """The sum over all sections."""
        total = Score()
        for score in self.sections.values():
            total.add(score)
        return total


def measure(directory: Path, manifest: list[dict]) -> dict[str, Group]:
    """Read every file of the corpus in `directory` (needs an app context); scores per group."""
    groups: dict[str, Group] = {key: Group() for key in import_corpus.GROUPS}
    for item in manifest:
        group = groups[item["group"]]
        raw = (directory / item["file"]).read_bytes()
        truth = json.loads((directory / item["truth"]).read_text(encoding="utf-8"))
        started = time.perf_counter()
        try:
            document = reader.read(raw).document
        except ImportRejected as error:
            group.rejected.append(f"{item['file']}: {error}")
            document = {}
        group.seconds.append(time.perf_counter() - started)
        scores, misses = compare(document, truth, item["file"], item["made_by"])
        for section, score in scores.items():
            group.sections[section].add(score)
            group.layouts[item["made_by"]].add(score)
        if document:  # a rejected file's misses are all "missing": its rejection says it
            group.misses += misses
    return groups


def _percent(value: float) -> str:
    return f"{100 * value:5.1f}%"


def table_lines(groups: dict[str, Group]) -> tuple[list[str], bool]:
    """The printed table and whether the held groups met the target."""
    lines, met = [], True
    for key, group in groups.items():
        if not group.seconds:
            continue
        overall = group.overall()
        held = key in HELD
        ok = overall.precision >= TARGET and overall.recall >= TARGET
        met &= ok or not held
        verdict = ("ok" if ok else "BELOW TARGET") if held else "(no target)"
        lines += ["", f"{import_corpus.GROUPS[key]}: {len(group.seconds)} files, "
                      f"{len(group.rejected)} rejected; per file p50 "
                      f"{1000 * statistics.median(group.seconds):.0f} ms, max "
                      f"{1000 * max(group.seconds):.0f} ms",
                  f"  {'section':<14} {'right':>6} {'produced':>9} {'expected':>9} "
                  f"{'precision':>10} {'recall':>8}"]
        for section, score in [*sorted(group.sections.items()), ("overall", overall)]:
            lines.append(f"  {section:<14} {score.right:>6} {score.produced:>9} "
                         f"{score.expected:>9} {_percent(score.precision):>10} "
                         f"{_percent(score.recall):>8}")
        lines.append(f"  target: precision and recall >= {TARGET:.0%}  {verdict}")
        lines.append("  by design or layout (precision/recall): " + ", ".join(
            f"{name} {100 * score.precision:.0f}/{100 * score.recall:.0f}"
            for name, score in group.layouts.items()))
        lines += [f"  rejected {line}" for line in group.rejected[:5]]
    return lines, met


def _shown(value, other=None) -> str:
    """`value` for the findings; of a list field compared with `other`, only the lines that
    differ."""
    if isinstance(value, frozenset):
        lines = value - other if isinstance(other, frozenset) else value
        return "; ".join(sorted(lines))[:240] or "(no other lines)"
    return "—" if value is None else str(value)[:240]


def findings(groups: dict[str, Group], examples: int = 3) -> str:
    """The misparses as Markdown: patterns (group, section, field, kind) most common first,
    each with a few examples (file, expected, got)."""
    out = ["# Import accuracy findings", "",
           "Written by `bench/import_accuracy.py --findings`; patterns most common first. "
           "\"missing\": in the truth, not produced; \"wrong\": produced with another value; "
           "\"extra\": produced, not in the truth (its matched entry lacks it, or no truth "
           "entry matched). Values are shown normalized (lower case); for a list field that is "
           "wrong, only the lines that differ (expected: lines not produced; got: lines "
           "produced that the truth lacks). The figures are at the end.", "",
           "Hard cases on purpose: positions with a comma (\"Staff Nurse, Cardiac ICU\") "
           "where a design prints \"Position, Company\"; a skill group named \"Languages\"; "
           "\"Company, City, Region\" lines in other layouts; dates cut to years in "
           "html-caps-rules, whose truth holds years only.", ""]
    for key, group in groups.items():
        if not group.seconds:
            continue
        out.append(f"## {import_corpus.GROUPS[key]}")
        out.append("")
        for line in group.rejected:
            out.append(f"- REJECTED {line}")
        patterns = Counter((m.section, m.key, m.kind) for m in group.misses)
        if not patterns:
            out.append("No misparses.")
        for (section, name, kind), count in patterns.most_common():
            these = [m for m in group.misses if (m.section, m.key, m.kind) == (section, name, kind)]
            layouts = Counter(m.layout for m in these)
            out.append(f"### {count}× {section}.{name} {kind} — in "
                       + ", ".join(f"{layout} {n}" for layout, n in layouts.most_common()))
            # Examples from as many layouts as there are, before a second from any one.
            seen: Counter = Counter()
            for miss in sorted(these, key=lambda m: seen.update([m.layout]) or seen[m.layout])[
                    :examples]:
                out.append(f"- `{miss.file}`: expected `{_shown(miss.expected, miss.got)}`, "
                           f"got `{_shown(miss.got, miss.expected)}`")
        out.append("")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    """Build or open the corpus, measure, print and save; return the exit status."""
    from bench.harness import Table, TempDirs
    from tests.helpers import make_test_app, temporary_database
    from website.extensions import db
    from website.services import accounts, designs

    findings_path = None
    if "--findings" in argv:
        at = argv.index("--findings")
        findings_path = Path(argv[at + 1])
        argv = argv[:at] + argv[at + 2:]
    with temporary_database("sqlite", TempDirs()) as url, \
            tempfile.TemporaryDirectory(prefix="import-corpus-") as scratch:
        app = make_test_app(url)
        started = time.perf_counter()
        with app.test_request_context(), app.app_context():
            if argv:
                directory = Path(argv[0])
                manifest_file = json.loads((directory / "manifest.json").read_text())
                manifest, note = manifest_file["files"], manifest_file["note"]
            else:
                directory = Path(scratch)
                db.create_all()
                designs.seed()
                owner = accounts.create_user("Corpus Owner", "corpus@example.com",
                                             "not used 12345")
                manifest = import_corpus.build(directory, owner)
                note = json.loads((directory / "manifest.json").read_text())["note"]
            built = time.perf_counter() - started
            groups = measure(directory, manifest)
    table = Table()
    table.add(f"Import accuracy: {len(manifest)} files ({len(import_corpus.SAMPLES)} samples, "
              f"{len(import_corpus.DESIGNS)} designs of ours, {len(import_corpus.LOOKS)} HTML "
              f"and {len(import_corpus.WORD_LOOKS)} Word layouts of others); corpus "
              f"{'read from ' + str(directory) if argv else f'built in {built:.0f} s'}")
    if note:
        table.add(note)
    lines, met = table_lines(groups)
    for line in lines:
        table.add(line)
    table.missed |= not met
    if findings_path:
        figures = "\n".join(["", "## The figures", "", "```", *table.lines, "```", ""])
        findings_path.write_text(findings(groups) + figures, encoding="utf-8")
        table.add(f"\nmisparses written to {findings_path}")
    return table.save("import_accuracy")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
