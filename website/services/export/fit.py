"""Fit to pages: the largest readable type, margins and spacing at which a resume takes at most
1 or 2 pages, found from the page count of real renderings by a three-step binary search."""
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from cachetools import LRUCache
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from website.services.design_settings import Settings

# (font size pt, margins mm, spacing factor), loosest first. Margins and gaps give way before
# the type does, which readers notice most. Seven steps and "none fits" are eight outcomes: a
# binary search settles them in exactly three renderings.
LADDER = ((11, 20, 1.0), (11, 15, 0.9), (10.5, 14, 0.9), (10, 13, 0.85), (10, 11, 0.8),
          (9.5, 10, 0.8), (9, 10, 0.75))

# design_settings.FIT_PAGES, as the Design tab offers them
CHOICES = {0: _l("Off"), 1: _l("Fit to 1 page"), 2: _l("Fit to 2 pages")}
SMALLEST, LARGEST = f"{LADDER[-1][0]:g}", f"{LADDER[0][0]:g}"  # points
HELP = _l("Fitting chooses the text size (%(smallest)s to %(largest)s pt), margins and spacing "
          "for you: the largest that fit.", smallest=SMALLEST, largest=LARGEST)
# Results by a hash of everything the rendering is made from (rendering.py makes it); per
# process, small.
_fits: LRUCache = LRUCache(maxsize=256)
_lock = threading.Lock()


@dataclass(frozen=True)
class Fit:
    """The settings to draw a resume with, and how many pages it takes with them."""

    settings: Settings
    pages: int
    fits: bool


def at(settings: Settings, step: int) -> Settings:
    """Return `settings` with the type, margins and spacing of ladder step `step`."""
    font_size, margin_mm, spacing = LADDER[step]
    return replace(settings, font_size=font_size, margin_mm=margin_mm, spacing=spacing)


def search(settings: Settings, pages_at: Callable[[Settings], int]) -> Fit:
    """Return the loosest ladder step at which `pages_at` (a rendering's page count) is at most
    settings.fit_pages, else the tightest step and the pages it still takes."""
    low, high = 0, len(LADDER)  # the answer is in [low, high]; high means none fits
    counted: dict[int, int] = {}
    while low < high:
        middle = (low + high) // 2
        counted[middle] = pages_at(at(settings, middle))
        if counted[middle] <= settings.fit_pages:
            high = middle
        else:
            low = middle + 1
    if low == len(LADDER):
        tightest = len(LADDER) - 1
        return Fit(at(settings, tightest), counted[tightest], fits=False)
    # `low` is now a step the search counted: the last one it set `high` to.
    return Fit(at(settings, low), counted[low], fits=True)


def fitted(key: str, settings: Settings, pages_at: Callable[[Settings], int]) -> Fit:
    """Return `search(settings, pages_at)`, remembered under `key` (a hash of the content and
    settings), so the preview, its frame and the PDF search once."""
    with _lock:
        found = _fits.get(key)
    if found is None:
        found = search(settings, pages_at)
        with _lock:
            _fits[key] = found
    return found


def known(key: str) -> Fit | None:
    """Return the fit remembered under `key`, without searching (None when never searched)."""
    with _lock:
        return _fits.get(key)


def forget() -> None:
    """Forget every fit found (the benchmark does, to time the search itself)."""
    with _lock:
        _fits.clear()


def message(fit: Fit) -> str:
    """Return what the customiser says about a fit."""
    values = {"size": f"{fit.settings.font_size:g}", "margins": fit.settings.margin_mm,
              "spacing": f"{fit.settings.spacing:.0%}", "pages": fit.pages}
    one_page = fit.settings.fit_pages == 1
    if fit.fits and one_page:
        return _("Fitted to 1 page: %(size)s pt text, %(margins)s mm margins, %(spacing)s "
                 "spacing.", **values)
    if fit.fits:
        return _("Fitted to 2 pages: %(size)s pt text, %(margins)s mm margins, %(spacing)s "
                 "spacing.", **values)
    if one_page:
        return _("Does not fit on 1 page even at %(size)s pt: it takes %(pages)s pages. "
                 "Shorten it or choose 2 pages.", **values)
    return _("Does not fit on 2 pages even at %(size)s pt: it takes %(pages)s pages. "
             "Shorten it.", **values)
