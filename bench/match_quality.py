"""How well the job match recognizes skills, measured on job ads and resumes marked by hand.

Run `.venv/bin/python bench/match_quality.py [--verbose] [FOLDER ...]`. The FOLDERs default to
tests/data/match_labels (whose README.md describes the cases and how they were marked; the
vocabulary was grown while looking at its misses) and tests/data/match_unseen (cases other
readers wrote and marked the same way, never used to grow the vocabulary: the fairer figure
for ads nobody has looked at). For each
case it reads the ad with `requirements.read_ad` and the resume with `matching.resume_places`,
and prints per case, per field and overall:
- ad precision and recall: the skills read from the ad against the skills marked in it (must and
  nice together). A skill read counts as right when its name or key equals a spelling of any
  label of the ad, ignoring case and hyphens against spaces ("PCI-DSS" is "pci dss"); a label
  counts as found when a skill read matches it. An ad the reader rejects reads no skills: its
  labels count only against recall.
- must/nice: of the labels found, the share read as the right kind (must-have or nice-to-have).
- resume precision and recall: the skills found in the resume against its labels, the same way.
- read/labelled: how many skills were read from the ad and how many are labelled in it.
With --verbose it lists, per case, the skills read wrongly (false positives), the labels missed
(false negatives) and the labels read as the wrong kind. It always exits with status 0: it is a
report; tests/matching/test_match_quality.py holds the targets.
"""
import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

if __name__ == "__main__":  # the project root replaces bench/ on the path: see bench/harness.py
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from website.services import resume_document  # noqa: E402
from website.services.matching import resume_places  # noqa: E402
from website.services.matching.requirements import AdRejected, read_ad  # noqa: E402
from website.services.matching.skills import skill  # noqa: E402
from website.services.text import fold  # noqa: E402

LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "match_labels"
UNSEEN = LABELS.with_name("match_unseen")
PRECISION_TARGET = 0.90
RECALL_TARGET = 0.85

Label = tuple[str, ...]  # acceptable spellings, the display name first


@dataclass(frozen=True)
class Case:
    """One labelled ad and its resume."""

    name: str
    field: str
    ad: str
    resume: dict
    must: tuple[Label, ...]
    nice: tuple[Label, ...]
    resume_skills: tuple[Label, ...]


def _plain(name: str) -> str:
    return " ".join(fold(name).replace("-", " ").split())


@dataclass(frozen=True)
class Detected:
    """A skill the app found: its shown name, its key and, in an ad, whether it is a must."""

    name: str
    key: str
    must: bool = True

    def matches(self, label: Label) -> bool:
        """Return whether this skill is the labelled one (by name or key, ignoring case, and
        hyphens against spaces)."""
        return bool({_plain(self.name), _plain(self.key)}
                    & {_plain(spelling) for spelling in label})


@dataclass
class Tally:
    """Counts behind a precision and a recall."""

    detected: int = 0
    right: int = 0  # detected skills that match a label
    labelled: int = 0
    found: int = 0  # labels some detected skill matches

    def add(self, other: "Tally") -> None:
        """Add the counts of `other` to these."""
        self.detected += other.detected
        self.right += other.right
        self.labelled += other.labelled
        self.found += other.found

    @property
    def precision(self) -> float:
        """Return the share of detected skills that are labelled (1.0 when none were detected)."""
        return self.right / self.detected if self.detected else 1.0

    @property
    def recall(self) -> float:
        """Return the share of labels that were detected (1.0 when there are none)."""
        return self.found / self.labelled if self.labelled else 1.0


@dataclass
class Comparison:
    """Detected skills against labels: the counts and what went wrong."""

    tally: Tally
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)


@dataclass
class CaseResult:
    """The measurements of one case."""

    case: Case
    ad: Comparison
    kinds_right: int  # labels found in the ad and read as the right kind (must or nice)
    wrong_kind: list[str]
    resume: Comparison
    rejected: str = ""  # why read_ad refused the ad, if it did


def _labels(raw: list[list[str]]) -> tuple[Label, ...]:
    return tuple(tuple(spellings) for spellings in raw)


def load_cases(folder: Path = LABELS) -> list[Case]:
    """Return the labelled cases of `folder`, in name order."""
    cases = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        labels = data["labels"]
        cases.append(Case(path.stem, data["field"],
                          path.with_suffix(".txt").read_text(encoding="utf-8"), data["resume"],
                          _labels(labels["must"]), _labels(labels["nice"]),
                          _labels(labels["resume"])))
    return cases


def compare(detected: Iterable[Detected], labels: Iterable[Label]) -> Comparison:
    """Return how `detected` compares with `labels` (see the module's docstring)."""
    detected, labels = list(detected), list(labels)
    wrong = [item.name for item in detected if not any(item.matches(label) for label in labels)]
    missed = [label[0] for label in labels if not any(item.matches(label) for item in detected)]
    tally = Tally(len(detected), len(detected) - len(wrong), len(labels),
                  len(labels) - len(missed))
    return Comparison(tally, wrong, missed)


def wrong_kinds(detected: list[Detected], must: Iterable[Label],
                nice: Iterable[Label]) -> tuple[int, list[str]]:
    """Return how many labels found in the ad were read as the right kind, and those that were
    not; a label counts by the first detected skill that matches it."""
    right, wrong = 0, []
    for labels, labelled_must in ((must, True), (nice, False)):
        for label in labels:
            item = next((item for item in detected if item.matches(label)), None)
            if item is None:
                continue
            if item.must == labelled_must:
                right += 1
            else:
                wrong.append(f"{label[0]} ({'must' if labelled_must else 'nice'}, "
                             f"read as {'must' if item.must else 'nice'})")
    return right, wrong


def _resume_skills(content: dict) -> list[Detected]:
    found = []
    for key in resume_places(resume_document.normalize(content)):
        known = skill(key)
        found.append(Detected(known.name if known else key, key))
    return found


def measure_case(case: Case) -> CaseResult:
    """Read the case's ad and resume with the app and compare both with the labels."""
    rejected = ""
    try:
        detected = [Detected(requirement.skill.name, requirement.skill.key, requirement.must)
                    for requirement in read_ad(case.ad)]
    except AdRejected as error:
        detected, rejected = [], str(error)
    kinds_right, wrong_kind = wrong_kinds(detected, case.must, case.nice)
    return CaseResult(case, compare(detected, case.must + case.nice), kinds_right, wrong_kind,
                      compare(_resume_skills(case.resume), case.resume_skills), rejected)


def measure(cases: Iterable[Case]) -> list[CaseResult]:
    """Return the measurements of every case."""
    return [measure_case(case) for case in cases]


@dataclass
class Totals:
    """Measurements added up over several cases."""

    ad: Tally = field(default_factory=Tally)
    resume: Tally = field(default_factory=Tally)
    kinds_right: int = 0

    def add(self, result: CaseResult) -> None:
        """Add one case's measurements."""
        self.ad.add(result.ad.tally)
        self.resume.add(result.resume.tally)
        self.kinds_right += result.kinds_right

    @property
    def kind_accuracy(self) -> float:
        """Return the share of labels found in ads that were read as the right kind."""
        return self.kinds_right / self.ad.found if self.ad.found else 1.0


def totals(results: Iterable[CaseResult]) -> Totals:
    """Return the measurements of `results` added up (micro-averaged)."""
    total = Totals()
    for result in results:
        total.add(result)
    return total


def by_field(results: list[CaseResult]) -> dict[str, Totals]:
    """Return the added-up measurements of each field, in the order fields first appear."""
    fields: dict[str, Totals] = {}
    for result in results:
        fields.setdefault(result.case.field, Totals()).add(result)
    return fields


def _row(name: str, total: Totals) -> str:
    return (f"{name:<32} {total.ad.precision:>6.2f} {total.ad.recall:>6.2f} "
            f"{total.kind_accuracy:>9.2f} {total.resume.precision:>9.2f} "
            f"{total.resume.recall:>8.2f}   {total.ad.detected:>3}/{total.ad.labelled:<3}")


def report_lines(results: list[CaseResult], verbose: bool = False) -> list[str]:
    """Return the report: a row per case, per field and overall, with details if `verbose`."""
    header = (f"{'case':<32} {'ad P':>6} {'ad R':>6} {'must/nice':>9} {'resume P':>9} "
              f"{'resume R':>8}   read/labelled")
    lines = [header, "-" * len(header)]
    for result in results:
        lines.append(_row(result.case.name, totals([result]))
                     + ("   (ad rejected)" if result.rejected else ""))
        if verbose:
            lines += [f"    {title}: {', '.join(items)}" for title, items in (
                ("ad rejected", [result.rejected] if result.rejected else []),
                ("ad false positives", result.ad.false_positives),
                ("ad false negatives", result.ad.false_negatives),
                ("ad wrong kind", result.wrong_kind),
                ("resume false positives", result.resume.false_positives),
                ("resume false negatives", result.resume.false_negatives)) if items]
    lines.append("-" * len(header))
    lines += [_row(f"field {name}", total) for name, total in by_field(results).items()]
    overall = totals(results)
    lines += ["-" * len(header), _row(f"overall ({len(results)} cases)", overall), "",
              f"Ad required-skill detection: precision {overall.ad.precision:.2f} "
              f"(target {PRECISION_TARGET:.2f}), recall {overall.ad.recall:.2f} "
              f"(target {RECALL_TARGET:.2f}).",
              f"Must/nice read right for {overall.kinds_right} of the {overall.ad.found} "
              f"labels found ({overall.kind_accuracy:.2f}).",
              f"Resume skill detection: precision {overall.resume.precision:.2f}, recall "
              f"{overall.resume.recall:.2f}."]
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the report for each folder of labelled cases; always return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[LABELS, UNSEEN],
                        help="folders of labelled cases (default: tests/data/match_labels and "
                             "tests/data/match_unseen)")
    parser.add_argument("--verbose", action="store_true",
                        help="list false positives and false negatives per case")
    args = parser.parse_args(argv)
    for folder in args.folders:
        print(f"== {folder}")
        print("\n".join(report_lines(measure(load_cases(folder)), args.verbose)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
