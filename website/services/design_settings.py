"""Per-resume layout settings: validated, stored in Resume.design_settings next to "photo_id"."""
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from website.services import designs, languages, resume_document

SECTION_KEYS = tuple(section.key for section in resume_document.SECTIONS)
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
FONT_SIZES = tuple(half / 2 for half in range(18, 25))  # points: 9, 9.5, ... 12
MARGINS = range(10, 26)  # millimetres
PAGE_SIZES = ("A4", "Letter")
FIT_PAGES = (0, 1, 2)  # 0: off; else the most pages the resume may take (services/export/fit.py)
SPACINGS = (0.75, 1.0)  # the bounds of the vertical spacing factor fit-to-pages may choose
# Colours offered as swatches on the Design page (app.css paints `.swatch-<name>`); any other
# colour is picked with the "Custom" colour input.
ACCENT_PRESETS = {"blue": "#1d5fa8", "navy": "#1f3a5f", "teal": "#1f4e5a", "green": "#2f5d50",
                  "plum": "#7a3b8f", "brown": "#5a2d1f", "red": "#a4262c", "graphite": "#444444"}
CUSTOM_ACCENT = "custom"  # the swatch radio whose colour is the `accent_custom` input's
STORED_KEYS = ("accent", "font", "font_size", "page_size", "margin_mm", "section_order",
               "hidden_sections", "show_photo", "fit_pages", "language")


STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
VENDORED = "vendor/fonts"  # filled from npm's @fontsource packages by `make vendor-fonts`
CONTENT_TYPES = {"truetype": "font/ttf"}  # by a face's CSS format()


@dataclass(frozen=True)
class Face:
    """One font file of a family: a weight and style, for the characters in `unicode_range`."""

    weight: int  # CSS font-weight
    style: str  # normal or italic
    file: str  # path under static/
    unicode_range: str = ""  # CSS unicode-range; empty for every character the file has
    format: str = "truetype"  # CSS format(), a key of CONTENT_TYPES


@dataclass(frozen=True)
class Font:
    """A font family we ship in static/, so every server renders the same glyphs."""

    name: str
    generic: str  # serif or sans-serif, the CSS fallback
    faces: tuple[Face, ...]
    fallback: str | None = None  # key of the family that draws the characters this one lacks

    @property
    def label(self) -> str:
        """Return the name the customiser lists, with the kind of typeface."""
        return f"{self.name} ({'serif' if self.generic == 'serif' else 'sans-serif'})"


def _ttf(prefix: str, regular: str, italic: str) -> tuple[Face, ...]:
    return (Face(400, "normal", f"fonts/{prefix}{regular}.ttf"),
            Face(700, "normal", f"fonts/{prefix}-Bold.ttf"),
            Face(400, "italic", f"fonts/{prefix}-{italic}.ttf"),
            Face(700, "italic", f"fonts/{prefix}-Bold{italic}.ttf"))


def _fontsource(family: str) -> tuple[Face, ...]:
    """Return the faces of a family `make vendor-fonts` copied from its @fontsource package."""
    folder = f"{VENDORED}/{family}"
    ranges = json.loads((STATIC_DIR / folder / "unicode.json").read_text())
    return tuple(Face(weight, style, f"{folder}/{family}-{weight}-{style}.ttf",
                      ",".join(ranges.values()))
                 for weight in (400, 700) for style in ("normal", "italic"))


# DejaVu and Liberation cover Latin with accents, Greek and Cyrillic. The @fontsource families
# cover the subsets they have of those (Lora has no Greek); DejaVu of the same kind draws
# whatever they lack, so a PDF never depends on the server's own fonts.
FONTS: dict[str, Font] = {
    "dejavu-sans": Font("DejaVu Sans", "sans-serif", _ttf("DejaVuSans", "", "Oblique")),
    "dejavu-serif": Font("DejaVu Serif", "serif", _ttf("DejaVuSerif", "", "Italic")),
    "eb-garamond": Font("EB Garamond", "serif", _fontsource("eb-garamond"), "dejavu-serif"),
    "ibm-plex-sans": Font("IBM Plex Sans", "sans-serif", _fontsource("ibm-plex-sans"),
                          "dejavu-sans"),
    "inter": Font("Inter", "sans-serif", _fontsource("inter"), "dejavu-sans"),
    "liberation-sans": Font("Liberation Sans", "sans-serif",
                            _ttf("LiberationSans", "-Regular", "Italic")),
    "liberation-serif": Font("Liberation Serif", "serif",
                             _ttf("LiberationSerif", "-Regular", "Italic")),
    "lora": Font("Lora", "serif", _fontsource("lora"), "dejavu-serif"),
    "source-sans-3": Font("Source Sans 3", "sans-serif", _fontsource("source-sans-3"),
                          "dejavu-sans"),
    "source-serif-4": Font("Source Serif 4", "serif", _fontsource("source-serif-4"),
                           "dejavu-serif"),
}


# Arabic script, drawn by DejaVu Sans (the one family we ship with it) whatever the chosen font,
# so an Arabic resume or an Arabic name never depends on the server's fonts. Its italics are the
# upright faces: Arabic has no italic tradition and DejaVu Sans Oblique has no Arabic.
ARABIC_RANGES = "U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF"
ARABIC = Font("DejaVu Sans Arabic", "sans-serif", tuple(
    Face(weight, style, f"fonts/DejaVuSans{'-Bold' if weight == 700 else ''}.ttf",
         ARABIC_RANGES) for weight in (400, 700) for style in ("normal", "italic")))


def families(key: str) -> list[Font]:
    """Return font `key`, the family drawing the characters it lacks and the one drawing
    Arabic, in CSS order."""
    font = FONTS[key]
    return [font] + ([FONTS[font.fallback]] if font.fallback else []) + [ARABIC]


# What the PDF fetcher may serve, by path under static/, with its Content-Type.
FONT_FILES: dict[str, str] = {face.file: CONTENT_TYPES[face.format]
                              for font in [*FONTS.values(), ARABIC] for face in font.faces}


@dataclass(frozen=True)
class Settings:
    """The layout of one resume, always valid."""

    accent: str = "#1d5fa8"
    font: str = "dejavu-sans"
    font_size: float = 10  # an int when whole, so stored settings read as before
    page_size: str = "A4"
    margin_mm: int = 18
    section_order: tuple[str, ...] = SECTION_KEYS
    hidden_sections: tuple[str, ...] = ()
    show_photo: bool = True
    fit_pages: int = 0
    # What the resume is written in (a tag of services.languages, like "pl" or "en-GB"): its
    # headings, dates and labels, and the text direction, follow it.
    language: str = languages.DEFAULT
    # Vertical gaps times this (design CSS `space()`): set by fit-to-pages, never stored.
    spacing: float = 1.0

    def stored(self) -> dict:
        """Return the JSON-ready form kept in design_settings."""
        data = {key: value for key, value in asdict(self).items() if key in STORED_KEYS}
        data["section_order"] = list(self.section_order)
        data["hidden_sections"] = list(self.hidden_sections)
        return data

    def visible_sections(self) -> list[resume_document.Section]:
        """Return the sections to show, in the chosen order."""
        return [resume_document.SECTIONS_BY_KEY[key] for key in self.section_order
                if key not in self.hidden_sections]


def defaults(design_slug: str, user=None) -> Settings:
    """Return the settings a design starts with: the catalogue's look and section order (an
    academic CV lists publications first), then the user's own look."""
    design = designs.get(design_slug)
    order = design.config.get("section_order") if design else None
    look = {**designs.look(design_slug), **designs.preference(user, design_slug)}
    values, _ = _valid_values({**look, "section_order": order} if order else look)
    return Settings(**{**asdict(Settings()), **values})


def _integer(value) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _half_points(value) -> float | None:
    """Return a size in points, an int when whole (10, 10.5), or None for anything else."""
    if isinstance(value, bool):
        return None
    try:
        doubled = float(str(value).strip()) * 2
    except ValueError:
        return None
    if not doubled.is_integer():  # also refuses inf and nan
        return None
    return int(doubled) // 2 if doubled % 2 == 0 else doubled / 2


def _spacing(value) -> float | None:
    try:
        factor = round(float(str(value).strip()), 3)
    except ValueError:
        return None
    return factor if SPACINGS[0] <= factor <= SPACINGS[1] else None


def _keys(value) -> list[str] | None:
    """Return a list of section keys, or None for a value that is not a list of strings."""
    if not value:
        return []
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        return None
    return list(value) if all(isinstance(key, str) for key in value) else None


SMALLEST_SIZE, LARGEST_SIZE = f"{FONT_SIZES[0]:g}", f"{FONT_SIZES[-1]:g}"
# The settings chosen from a fixed set: how to read each one, what is allowed, what to say.
_CHOICES = {
    "font": (lambda v: v if isinstance(v, str) else None, FONTS,
             _l("Choose one of the listed fonts.")),
    "font_size": (_half_points, FONT_SIZES,
                  _l("Choose a size from %(smallest)s to %(largest)s pt, in steps of 0.5 pt.",
                     smallest=SMALLEST_SIZE, largest=LARGEST_SIZE)),
    "page_size": (lambda v: v if isinstance(v, str) else None, PAGE_SIZES,
                  _l("Choose A4 or Letter.")),
    "margin_mm": (_integer, MARGINS, _l("Choose margins from %(least)d to %(most)d mm.",
                                        least=MARGINS[0], most=MARGINS[-1])),
    "fit_pages": (_integer, FIT_PAGES, _l("Choose to fit 1 or 2 pages, or off.")),
}


def _valid_values(raw: Mapping) -> tuple[dict, dict[str, str]]:
    """Return ({key: value} of the valid settings in `raw`, {key: message} of the others)."""
    values, errors = {}, {}
    if "accent" in raw:
        if isinstance(raw["accent"], str) and HEX_COLOUR.match(raw["accent"].strip()):
            values["accent"] = raw["accent"].strip().lower()
        else:
            errors["accent"] = _("Choose a colour written as # and six hex digits, like "
                                 "#1d5fa8.")
    for key, (read, allowed, message) in _CHOICES.items():
        if key in raw:
            value = read(raw[key])
            if value in allowed:
                values[key] = value
            else:
                errors[key] = str(message)
    if "section_order" in raw:
        order = _keys(raw["section_order"])
        if order is not None and sorted(order) == sorted(SECTION_KEYS):
            values["section_order"] = tuple(order)
        else:
            errors["section_order"] = _("List every section once.")
    if "hidden_sections" in raw:
        hidden = _keys(raw["hidden_sections"])
        if hidden is not None and set(hidden) <= set(SECTION_KEYS):
            values["hidden_sections"] = tuple(key for key in SECTION_KEYS if key in hidden)
        else:
            errors["hidden_sections"] = _("Hide only sections the resume has.")
    if "show_photo" in raw:
        values["show_photo"] = bool(raw["show_photo"])
    if "language" in raw:
        if languages.parse(raw["language"]) is None:
            errors["language"] = _("Choose one of the listed languages.")
        else:
            values["language"] = languages.normalize(raw["language"])
    if "spacing" in raw:  # only a stylesheet's query string carries it (never stored)
        spacing = _spacing(raw["spacing"])
        if spacing is None:
            errors["spacing"] = _("Choose spacing from %(least)s to %(most)s.",
                                  least=SPACINGS[0], most=SPACINGS[1])
        else:
            values["spacing"] = spacing
    return values, errors


def validate(raw: Mapping, design_slug: str = designs.DEFAULT_DESIGN,
             user=None) -> tuple[Settings, dict[str, str]]:
    """Return (settings, {key: message}); missing or wrong values keep the design's defaults
    (with `user`'s saved look for that design)."""
    values, errors = _valid_values(raw)
    return Settings(**{**asdict(defaults(design_slug, user)), **values}), errors


def effective(resume) -> Settings:
    """Return the settings of a resume or version: stored values that are valid, else defaults."""
    stored = {k: v for k, v in (resume.design_settings or {}).items() if k in STORED_KEYS}
    _, errors = validate(stored, resume.design_slug)
    valid = {k: v for k, v in stored.items() if k not in errors}
    return validate(valid, resume.design_slug)[0]


def public(resume, link_shows_photo: bool) -> Settings:
    """Return the settings a public link (a share or a tracked link) draws a resume or version
    with: its own, the photo left out when the link hides it; a link never adds one."""
    settings = effective(resume)
    return replace(settings, show_photo=settings.show_photo and link_shows_photo)


def switched(resume, slug: str, user=None) -> Settings:
    """Return the resume's settings with the look of design `slug` (`user`'s saved one if any);
    its section order, hidden sections and photo choice stay."""
    mine, look = effective(resume), defaults(slug, user)
    return replace(mine, **{key: getattr(look, key) for key in designs.LOOK_KEYS})


def stored_with(resume, settings: Settings) -> dict:
    """Return the resume's design_settings with `settings` in place and the photo kept."""
    kept = {k: v for k, v in (resume.design_settings or {}).items() if k not in STORED_KEYS}
    return {**kept, **settings.stored()}


def switching(resume, slug: str, user=None) -> dict | None:
    """Return the design_settings the resume takes to design `slug` (`user`'s look for it,
    its own section order and photo), or None when `slug` is its design already."""
    if slug == resume.design_slug:
        return None
    return stored_with(resume, switched(resume, slug, user))


def to_store(raw: Mapping | None, slug: str, user,
             resume=None) -> tuple[dict | None, dict[str, str]]:
    """Return (design_settings to store with design `slug`, {key: message}) for the settings
    `raw` a client sent: over the resume's own when it keeps its design, else over the design's
    start (`user`'s look). None for nothing sent by a resume that keeps its design."""
    if raw is None:
        return (designs.preference(user, slug) if resume is None
                else switching(resume, slug, user)), {}
    base = effective(resume).stored() if resume is not None and \
        slug == resume.design_slug else {}
    settings, errors = validate({**base, **raw}, slug, user)
    return (stored_with(resume, settings) if resume else settings.stored()), errors


def language_groups(in_language: str | None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the resume languages for a select, named in `in_language`: (language name,
    [(tag, name), ...]) per language, the bare language first, then its regions."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for tag, name in languages.resume_language_choices(in_language):
        if "-" not in tag:
            groups.append((name, []))
        groups[-1][1].append((tag, name))
    return groups


def ordered_sections(positions: Mapping[str, str]) -> list[str] | None:
    """Return the section keys in the order of the position number given for each (ties in the
    usual order), or None unless every section has a number."""
    numbers = {key: _integer(positions.get(key, "")) for key in SECTION_KEYS}
    if any(number is None for number in numbers.values()):
        return None
    return sorted(SECTION_KEYS, key=lambda key: (numbers[key], SECTION_KEYS.index(key)))


def chosen(resume, asked: Mapping, user=None) -> tuple[str, Settings, dict[str, str]]:
    """Return (design, settings, errors) a switcher asks for: the design in `asked`'s
    "template", with its raw settings; the resume's own when it names no design. A design
    named alone starts from `user`'s saved look for it."""
    if "template" not in asked:
        return resume.design_slug, effective(resume), {}
    slug, errors = asked["template"], {}
    if not designs.usable(slug, resume):
        slug, errors = resume.design_slug, {"template": _("Choose one of the listed designs.")}
    # A switcher without a language (a design picked alone) keeps the resume's.
    raw = {"language": effective(resume).language, **asked}
    settings, problems = validate(raw, slug, user)
    return slug, settings, {**errors, **problems}


def as_form(slug: str, settings: Settings) -> list[tuple[str, str]]:
    """Return the switcher form fields that ask for `slug` with `settings`, as (name, value)."""
    items = [("template", slug), ("accent", settings.accent), ("font", settings.font),
             ("font_size", str(settings.font_size)), ("page_size", settings.page_size),
             ("margin_mm", str(settings.margin_mm)), ("fit_pages", str(settings.fit_pages)),
             ("language", settings.language)]
    items += [(f"position-{key}", str(index))
              for index, key in enumerate(settings.section_order, start=1)]
    items += [("hide", key) for key in settings.hidden_sections]
    if settings.show_photo:
        items.append(("show_photo", "on"))
    return items
