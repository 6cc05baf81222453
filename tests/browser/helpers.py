"""Helpers of the browser tests: what went wrong in the browser, the site as a user reaches it,
filling the editor's lists, and axe-core's audit of a page."""
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urldefrag

from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Frame,
    Locator,
    Page,
    Request,
    Response,
    Route,
    expect,
)

from tests.helpers import PASSWORD
from website.models import User

# The impacts axe reports that fail a test: what keeps a keyboard or screen reader user out.
BLOCKING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 375, "height": 740}

# Chromium logs this for every HTTP error response, including pages the app answers with a
# deliberate 401/404/422; only those of sub-resources (CSS, JS, icons) are problems.
FAILED_RESOURCE = re.compile(r"^Failed to load resource: the server responded with a status of")


@dataclass
class BrowserProblems:
    """What went wrong inside the browser while a test ran."""

    console: list[tuple[str, str]] = field(default_factory=list)  # (text, url it is about)
    errors: list[str] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)  # URLs the tab itself navigated to
    # URLs whose JSON refusal (a stale autosave, a logged-out fetch) a script read and shows.
    answered: set[str] = field(default_factory=set)

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught page error: {error}"))
        page.on("framenavigated", self._on_navigated)
        page.on("request", self._on_request)
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console.append((message.text, message.location.get("url", "")))

    def _on_navigated(self, frame: Frame) -> None:
        if frame.parent_frame is None:
            self.documents.add(urldefrag(frame.url).url)

    def _on_request(self, request: Request) -> None:
        if request.is_navigation_request():
            self.documents.add(urldefrag(request.url).url)

    def _on_response(self, response: Response) -> None:
        request = response.request
        if request.resource_type == "fetch" and response.status < 500 and \
                response.headers.get("content-type", "").startswith("application/json"):
            self.answered.add(urldefrag(response.url).url)
            return
        if response.status >= 400 and not request.is_navigation_request():
            self.errors.append(f"{request.resource_type} {response.url} answered {response.status}")

    def _on_request_failed(self, request: Request) -> None:
        # ERR_ABORTED: the tab moved on to the next page before a download (e.g. the icon) ended.
        if not request.is_navigation_request() and request.failure != "net::ERR_ABORTED":
            self.errors.append(f"{request.resource_type} {request.url} failed: {request.failure}")

    def report(self) -> list[str]:
        """Every problem, leaving out the console lines about the pages' own HTTP status."""
        problems = list(self.errors)
        for text, url in self.console:
            if FAILED_RESOURCE.match(text) and urldefrag(url).url in self.documents | self.answered:
                continue
            problems.append(f"console error: {text}" + (f" ({url})" if url else ""))
        return problems


@dataclass
class Site:
    """The app under test as a user reaches it: its base URL and common steps."""

    base_url: str
    page: Page

    def url(self, path: str) -> str:
        return self.base_url + path

    def open(self, path: str) -> Response | None:
        return self.page.goto(self.url(path))

    def open_before_the_editor_script(self, path: str) -> Callable[[], None]:
        """Open `path` with the editor's script held back, as a slow connection does; return
        what lets it load. The page cannot finish loading meanwhile, so this waits for less."""
        held: list[Route] = []

        def hold(route: Route) -> None:
            held.append(route)

        script = re.compile(r".*/static/js/editor\.js(\?.*)?$")
        self.page.route(script, hold)
        self.page.goto(self.url(path), wait_until="commit")

        def release() -> None:
            held[0].continue_()
            self.page.unroute(script)
        return release

    def submit(self, button: Locator) -> None:
        """Press a form's `button` and wait until the page it leads to has loaded, so what the
        form saved is stored (the page it left may show the same values)."""
        with self.page.expect_navigation(wait_until="load"):
            # The click itself waits for the navigation to start: allow it the page-load time.
            button.click(timeout=30_000)

    def log_in(self, email: str, password: str = PASSWORD, remember: bool = False) -> None:
        """Log in through the form, starting from the login page."""
        page = self.page
        self.open("/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        if remember:
            page.get_by_label("Remember me").check()
        # Wait for the page the login leads to: a click made while it is still loading can
        # leave Chromium's navigation pending for good.
        self.submit(page.get_by_role("button", name="Log in"))

    def log_out(self) -> None:
        """Press the Log out button in the navbar."""
        self.page.get_by_role("button", name="Log out", exact=True).click()
        expect(self.page.get_by_role("status")).to_contain_text("You have been logged out.")


def fill_lines(group: Locator, items: list[str]) -> None:
    """Make a lines list of the editor (highlights, keywords, ...) hold `items`, typing into
    its inputs and pressing its Add and Remove buttons as a user would."""
    lines = group.get_by_role("textbox")
    for index, item in enumerate(items):
        if index >= lines.count():
            group.get_by_role("button", name=re.compile(r"^Add an? ")).click()
        lines.nth(index).fill(item)
    while lines.count() > len(items):
        group.get_by_role("button", name=re.compile(r"^Remove ")).last.click()
    expect(lines).to_have_count(len(items))


def run_axe(page: Page, axe_source: str) -> list[dict]:
    """Return axe's violations on the page as it is now."""
    page.evaluate(axe_source)
    assert page.evaluate("typeof window.axe === 'object'"), "axe-core did not load in the page"
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return results["violations"]


def describe(violations: list[dict]) -> str:
    """Return a readable report of axe's `violations`: each rule, then each element failing it."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}"
                     f" <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def status(page: Page) -> Locator:
    """The status message of the page's main content."""
    return page.locator("main").get_by_role("status")


def entry(page: Page, name: str) -> Locator:
    """The fieldset of one entry, by its legend ("Staff Engineer, Acme Corp", "New job")."""
    return page.get_by_role("group", name=name, exact=True)


def headline(values: dict, *keys: str) -> str:
    """The legend the editor gives an entry: its `keys` that hold something, joined."""
    return ", ".join(values[key] for key in keys if values.get(key))


@contextmanager
def site_in_context(browser: Browser, live_server: str, **options) -> Iterator[Site]:
    """The site in a browser context of its own, made with Playwright's `options` (such as
    java_script_enabled=False)."""
    context = browser.new_context(**options)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield Site(live_server, page)
    finally:
        context.close()

def log_in_to_dashboard(site: Site, user: User) -> None:
    """Log in as `user` and wait for the dashboard."""
    site.log_in(user.email)
    expect(site.page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def log_in_to_section(site: Site, user: User, resume_id: int, section: str) -> None:
    """Log in as `user` and open the editor's `section` of the resume."""
    log_in_to_dashboard(site, user)
    site.open(f"/resume/{resume_id}/edit/{section}")


def filled(entries: list[dict]) -> list[dict]:
    """The entries with only the fields that hold something (a form saves every field)."""
    return [{key: value for key, value in entry.items() if value} for entry in entries]
