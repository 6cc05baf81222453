"""Browser-only fixtures: a `page` that fails the test on console errors, and helpers.

Every test here drives Debian's Chromium (see `browser_type_launch_args` in tests/conftest.py)
against the app served by `live_server`.
"""
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.helpers import (
    BLOCKING_IMPACTS,
    BrowserProblems,
    Site,
    describe,
    run_axe,
    site_in_context,
)


@pytest.fixture
def browser_problems() -> BrowserProblems:
    return BrowserProblems()


@pytest.fixture
def page(page: Page, browser_problems: BrowserProblems) -> Iterator[Page]:
    """pytest-playwright's page; the test fails if the browser logged an error or a page threw.

    This catches CSP violations ("Refused to execute inline script ..."), missing static
    files and JavaScript errors that a user would only notice as a broken page.
    """
    page.set_default_timeout(10_000)
    # A page load waits for every sub-resource and the preview frame; on a loaded machine one
    # stalled for 14 s once. Slowness is for bench/, so only a page that never loads fails.
    page.set_default_navigation_timeout(30_000)
    browser_problems.watch(page)
    yield page
    problems = browser_problems.report()
    assert not problems, "The browser reported problems:\n  " + "\n  ".join(problems)


@pytest.fixture
def site(live_server: str, page: Page) -> Site:
    return Site(live_server, page)


@pytest.fixture
def no_js_site(browser: Browser, live_server: str) -> Iterator[Site]:
    """The site in a browser context of its own with JavaScript turned off."""
    with site_in_context(browser, live_server, java_script_enabled=False) as site:
        yield site


@pytest.fixture(scope="session")
def axe_source(pytestconfig) -> str:
    path = pytestconfig.rootpath / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        pytest.fail(f"axe-core is missing at {path}; run `make browser-tools` (npm ci)")
    return path.read_text(encoding="utf-8")



@pytest.fixture
def assert_accessible(page: Page, axe_source: str) -> Callable[..., None]:
    """`assert_accessible(where="...", on=other_page)`: run axe-core on the page as it is now
    (the test's `page` unless `on` names another) and fail on serious or critical violations,
    listing each rule and the elements that break it."""
    def check(where: str = "", on: Page | None = None) -> None:
        violations = [violation for violation in run_axe(on or page, axe_source)
                      if violation["impact"] in BLOCKING_IMPACTS]
        target = on or page
        assert not violations, (f"axe found serious or critical problems on {target.url}"
                                + (f" ({where})" if where else "") + ":\n" + describe(violations))
    return check
