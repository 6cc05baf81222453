"""Copy the PDF fonts from node_modules/@fontsource/* into website/static/vendor/fonts/.

Run by `make vendor-fonts` after adding or updating a @fontsource package in package.json. The
copies are committed, so `make run`, the tests and Heroku never need npm. Each family keeps only
what a resume draws: weights 400 and 700, upright and italic, with the subsets Polish, Greek and
Cyrillic text needs, its licence and the unicode ranges of the subsets shipped.

The packages split every face into one WOFF2 file per subset. Each face's subsets are merged
into one TrueType file here, because WeasyPrint (70) embeds the files of one face, told apart
only by unicode-range, as one PDF font: letters of one subset came out drawn with the glyphs of
another. TrueType also spares WeasyPrint decompressing WOFF2 in Python, ~25 ms a file per PDF.
"""
import json
import shutil
import tempfile
from pathlib import Path

from fontTools.merge import Merger
from fontTools.ttLib import TTFont, woff2

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "node_modules" / "@fontsource"
TARGET = ROOT / "website" / "static" / "vendor" / "fonts"
SUBSETS = ("latin", "latin-ext", "greek", "cyrillic")  # latin first: its glyphs win overlaps
FACES = ("400-normal", "400-italic", "700-normal", "700-italic")


def merged_face(package: Path, family: str, subsets: list[str], face: str, target: Path) -> None:
    """Write the subsets of one face of `family` as one TrueType file in `target`."""
    with tempfile.TemporaryDirectory() as work:
        parts = []
        for subset in subsets:
            part = Path(work) / f"{subset}.ttf"
            with (package / "files" / f"{family}-{subset}-{face}.woff2").open("rb") as packed, \
                    part.open("wb") as unpacked:
                woff2.decompress(packed, unpacked)
            parts.append(str(part))
        merged = Merger().merge(parts)
        # Dated as the font was made, not now: re-vendoring a package changes no file.
        made = TTFont(parts[0])["head"].created
        merged["head"].created = merged["head"].modified = made
        merged.recalcTimestamp = False
        merged.save(target / f"{family}-{face}.ttf")


def vendor(family: str) -> None:
    """Replace website/static/vendor/fonts/<family> with a fresh copy from its npm package."""
    package = PACKAGES / family
    version = json.loads((package / "package.json").read_text())["version"]
    licence = json.loads((package / "metadata.json").read_text())["license"]["type"]
    ranges = json.loads((package / "unicode.json").read_text())
    shipped = {subset: ranges[subset] for subset in SUBSETS if subset in ranges}
    target = TARGET / family
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for face in FACES:
        merged_face(package, family, list(shipped), face, target)
    shutil.copyfile(package / "LICENSE", target / "LICENSE")
    (target / "unicode.json").write_text(json.dumps(shipped, indent=2) + "\n")
    (target / "VERSION").write_text(
        f"npm package @fontsource/{family} {version}, licence {licence} (see LICENSE); the "
        f"WOFF2 subsets {', '.join(shipped)} of each face merged into one TrueType file by "
        f"`make vendor-fonts`.\n")


def main() -> None:
    """Vendor every @fontsource package package.json names."""
    packages = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    for name in sorted(packages):
        if name.startswith("@fontsource/"):
            vendor(name.removeprefix("@fontsource/"))
            print(f"vendored {name} {packages[name]}")


if __name__ == "__main__":
    main()
