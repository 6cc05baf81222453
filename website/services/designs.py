"""The catalogue of resume designs (the designs table) and each user's saved look per design.

Every list of designs in the app comes from here. A design that is no longer active is not
offered for new choices, but resumes and versions that use it still render in it.
"""
from dataclasses import dataclass, replace

from flask import g
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from website.extensions import db
from website.models import Design, User, UserDesignPreference
from website.services.errors import NotFound

DEFAULT_DESIGN = "modern"
# The keys of a design's look that the catalogue and a user's preference set; a resume's section
# order, hidden sections and photo belong to that resume alone.
LOOK_KEYS = ("accent", "font", "font_size", "page_size", "margin_mm")

def _look(accent: str, font: str, margin_mm: int, font_size: float = 10, **more) -> dict:
    """Return a built-in design's starting look: on A4, in 10 pt unless said."""
    return {"accent": accent, "font": font, "font_size": font_size, "page_size": "A4",
            "margin_mm": margin_mm, **more}


# The built-in designs, for databases made with `create_all` (tests, benchmarks); migration 0007
# seeds production with its own frozen copy of this list. The catalogue stores the English
# names, categories and descriptions; pages show them in the reader's language.
# In the order production's migrations created them (0007, then 0015), which is catalogue order.
BUILT_IN = (
    ("modern", _l("Modern"), _l("Technology"),
     _l("A bold sans-serif name, headings in your accent colour with a rule running to the margin, "
        "one line per role with the dates on the right, and skills in a two-column list: "
        "contemporary and quick to scan."),
     _look("#1d5fa8", "inter", margin_mm=16)),
    ("classic", _l("Classic"), _l("Traditional"),
     _l("A centred name over serif type, headings on a fine rule, and each role in bold over its "
        "employer in italics, with the dates and place on the right: the look law, finance and "
        "academia expect."),
     _look("#1f3a5f", "source-serif-4", margin_mm=16)),
    ("professional", _l("Compact"), _l("Engineering"),
     _l("Small margins, tight spacing and section names in a narrow left column: fits a long "
        "engineering career on one or two dense, tidy pages."),
     _look("#1f4e5a", "ibm-plex-sans", margin_mm=12, font_size=9.5)),
    ("minimal", _l("Minimal"), _l("Creative"),
     _l("Black and grey only, no rules, generous white space and quiet letter-spaced headings: "
        "lets the content speak."),
     _look("#444444", "source-sans-3", margin_mm=18)),
    ("executive", _l("Executive"), _l("Business"),
     _l("Dates in a wide left column, the story beside them and quiet capital headings over a fine "
        "rule: a calm, senior look for long careers."),
     _look("#5a2d1f", "lora", margin_mm=16)),
    ("sidebar", _l("Sidebar"), _l("Two columns"),
     _l("Contact, skills and languages in a tinted column beside your experience; the text still "
        "reads in order for applicant tracking systems."),
     _look("#2f5d50", "source-sans-3", margin_mm=14)),
    ("timeline", _l("Timeline"), _l("Modern"),
     _l("Your roles along a vertical line with a marker and the dates above each title: shows "
        "progression at a glance."),
     _look("#7a3b8f", "inter", margin_mm=16)),
    ("academic", _l("Academic CV"), _l("Academia"),
     _l("A scholarly CV in EB Garamond: publications first and numbered, then education, "
        "positions and awards, under quiet capital headings."),
     _look("#222222", "eb-garamond", margin_mm=20, font_size=11, section_order=[
         "publications", "education", "work", "awards", "projects", "certificates", "skills",
         "languages", "volunteer", "interests", "references"])),
)


@dataclass(frozen=True)
class DesignInfo:
    """One catalogue entry as plain values."""

    id: int
    slug: str
    name: str
    description: str
    category: str
    is_active: bool
    config: dict


def catalogue() -> list[DesignInfo]:
    """Return every design, active or not, in catalogue order, named and described in the
    reader's language (the rows are read once per request)."""
    if "design_catalogue" not in g:
        rows = db.session.execute(db.select(Design).order_by(Design.id)).scalars()
        g.design_catalogue = [
            DesignInfo(row.id, row.slug, row.name, row.description, row.category, row.is_active,
                       dict(row.config or {})) for row in rows]
    # Translated on each call, not once: a page may render a document in another language.
    return [replace(design, name=_(design.name), description=_(design.description),
                    category=_(design.category)) for design in g.design_catalogue]


def _forget() -> None:
    g.pop("design_catalogue", None)


def get(slug: str) -> DesignInfo | None:
    """Return the design called `slug`, active or not, or None."""
    return next((design for design in catalogue() if design.slug == slug), None)


def offered() -> list[DesignInfo]:
    """Return the designs a user may choose for a resume now."""
    return [design for design in catalogue() if design.is_active]


def get_offered(slug: str) -> DesignInfo:
    """Return the design called `slug` if it is on offer, or raise NotFound."""
    design = get(slug)
    if design is None or not design.is_active:
        raise NotFound
    return design


def is_offered(slug: str) -> bool:
    """Return whether `slug` may be chosen for a resume now."""
    design = get(slug)
    return design is not None and design.is_active


def available_to(resume) -> list[DesignInfo]:
    """Return the designs `resume` may be switched to: those on offer, and the one it has even
    when that design was retired since."""
    return [design for design in catalogue()
            if design.is_active or design.slug == resume.design_slug]


def usable(slug: str, resume) -> bool:
    """Return whether `resume` may have design `slug` (see `available_to`)."""
    return slug == resume.design_slug or is_offered(slug)


def names() -> dict[str, str]:
    """Return {slug: display name} of every design, retired ones included (history shows them)."""
    return {design.slug: design.name for design in catalogue()}


def look(slug: str) -> dict:
    """Return the starting look of design `slug` from its config ({} for an unknown design)."""
    design = get(slug)
    return {k: v for k, v in (design.config if design else {}).items() if k in LOOK_KEYS}


def seed() -> None:
    """Add the built-in designs that are missing from the catalogue."""
    present = set(names())
    with force_locale("en"):  # the catalogue keeps the English texts
        for slug, name, category, description, config in BUILT_IN:
            if slug not in present:
                db.session.add(Design(slug=slug, name=str(name), category=str(category),
                                      description=str(description), config=dict(config)))
    db.session.commit()
    _forget()


def set_active(slug: str, active: bool) -> None:
    """Offer or retire a design; resumes that use a retired one keep rendering in it."""
    db.session.execute(db.update(Design).where(Design.slug == slug)
                       .values(is_active=active))
    db.session.commit()
    _forget()


def preference(user: User | None, slug: str) -> dict:
    """Return the look `user` saved for design `slug` ({} if none)."""
    design = get(slug)
    if user is None or design is None:
        return {}
    saved = db.session.execute(db.select(UserDesignPreference.config).where(
        UserDesignPreference.user_id == user.id,
        UserDesignPreference.design_id == design.id)).scalar_one_or_none()
    return {k: v for k, v in (saved or {}).items() if k in LOOK_KEYS}


def save_preference(user: User, slug: str, look: dict) -> None:
    """Keep `look` (accent, font, sizes) as the user's starting point for design `slug`."""
    design = get(slug)
    if design is None:
        raise KeyError(slug)
    config = {k: v for k, v in look.items() if k in LOOK_KEYS}
    row = db.session.execute(db.select(UserDesignPreference).where(
        UserDesignPreference.user_id == user.id,
        UserDesignPreference.design_id == design.id)).scalar_one_or_none()
    if row is None:
        db.session.add(UserDesignPreference(user_id=user.id, design_id=design.id,
                                            config=config))
    else:
        row.config = config
    db.session.commit()
