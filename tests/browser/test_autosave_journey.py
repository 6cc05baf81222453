"""Autosave in a real browser: typing is saved without a button, a burst of typing is one
version, and no word is lost to a second tab, a dropped network, an expired session, an
overlong paste or a closed page."""
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.factories import make_resume
from tests.helpers import PASSWORD
from website.extensions import db
from website.models import Resume, ResumeVersion, User
from website.services import resumes

SAVED = re.compile(r"^Saved \d{1,2}[:.]\d{2}")
JOB = {"position": "Staff Engineer", "name": "Acme Corp", "startDate": "2021-03",
       "highlights": ["Led the move to Kubernetes"]}


@pytest.fixture
def resume_id(app, user) -> int:
    with app.app_context():
        owner = db.session.get(User, user.id)
        return resumes.create(owner, "Backend roles", content={
            "basics": {"name": user.name, "email": user.email}, "work": [JOB]}).id


def stored(app, resume_id) -> Resume:
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        db.session.expunge(resume)
        return resume


def version_numbers(app, resume_id) -> list[int]:
    with app.app_context():
        return list(db.session.execute(db.select(ResumeVersion.number).where(
            ResumeVersion.resume_id == resume_id).order_by(ResumeVersion.number)).scalars())


def save_status(page: Page):
    return page.locator("#save-status")


def open_editor(site, user, resume_id, section="basics") -> Page:
    site.log_in(user.email)
    expect(site.page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    site.open(f"/resume/{resume_id}/edit/{section}")
    return site.page


def forgive_offline_errors(browser_problems) -> None:
    """The requests made while the test had the network off failed on purpose."""
    browser_problems.errors[:] = [e for e in browser_problems.errors
                                  if "ERR_INTERNET_DISCONNECTED" not in e]
    browser_problems.console[:] = [(text, url) for text, url in browser_problems.console
                                   if "ERR_INTERNET_DISCONNECTED" not in text]


def test_text_typed_before_the_script_ran_is_saved(page: Page, site, app, user, resume_id):
    site.log_in(user.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    release_script = site.open_before_the_editor_script(f"/resume/{resume_id}/edit/basics")
    page.get_by_label("Headline").fill("Backend engineer")
    release_script()
    expect(save_status(page)).to_have_text(SAVED)
    assert stored(app, resume_id).content["basics"]["label"] == "Backend engineer"
    assert len(version_numbers(app, resume_id)) == 2


def test_an_untouched_page_saves_nothing(page: Page, site, app, user):
    """Not even where the browser shows a stored value cleaned: a one-line field drops the
    line break a JSON import can store."""
    resume_id = make_resume(app, user, content={
        "basics": {"name": "Jane\nDoe", "profiles": [
            {"network": "GitHub", "username": "jane", "url": "https://github.com/jane"}]},
        "work": [JOB]})
    site.log_in(user.email)
    for section in ("basics", "work"):
        site.open(f"/resume/{resume_id}/edit/{section}")
        expect(page.locator("fieldset.has-handle").first).to_be_attached()  # the script has run
        page.wait_for_timeout(1500)  # longer than autosave's pause: a spurious save would be done
        expect(save_status(page)).not_to_have_text(SAVED)
    assert version_numbers(app, resume_id) == [1]

def test_typing_is_saved_as_one_version_that_is_there_after_a_reload(page: Page, site, app,
                                                                     user, resume_id):
    open_editor(site, user, resume_id)
    headline = page.get_by_label("Headline")
    headline.press_sequentially("Backend")
    expect(save_status(page)).to_have_text(SAVED)
    headline.press_sequentially(" engineer")
    expect(save_status(page)).to_have_text(SAVED)
    page.get_by_label("Summary").press_sequentially("I build payment systems.")
    expect(save_status(page)).to_have_text(SAVED)
    expect(page.locator("input[name=base_version]")).to_have_value(
        str(stored(app, resume_id).version))

    page.reload()
    expect(page.get_by_label("Headline")).to_have_value("Backend engineer")
    expect(page.get_by_label("Summary")).to_have_value("I build payment systems.")
    numbers = version_numbers(app, resume_id)
    assert len(numbers) == 2, "the burst of typing is one version after the first"
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("^Version"))).to_have_count(2)
    expect(page.get_by_text("Edited Personal info (headline, summary)")).to_be_visible()


def test_a_second_tab_typing_gets_the_stale_banner_and_keeps_its_text(page: Page, site, app,
                                                                      user, resume_id,
                                                                      browser_problems):
    open_editor(site, user, resume_id)
    second = page.context.new_page()
    browser_problems.watch(second)
    second.goto(site.url(f"/resume/{resume_id}/edit/basics"))

    page.get_by_label("Headline").press_sequentially("From the first tab")
    expect(save_status(page)).to_have_text(SAVED)
    second.get_by_label("Headline").press_sequentially("From the second tab")
    alert = second.get_by_role("alert")
    expect(alert).to_contain_text("changed in another tab")
    expect(second.get_by_label("Headline")).to_have_value("From the second tab")
    expect(save_status(second)).to_have_text("Not saved: changed in another tab")
    assert stored(app, resume_id).content["basics"]["label"] == "From the first tab"

    # Loading the latest version offers the second tab's text back.
    alert.get_by_role("link", name="Load the latest version").click()
    expect(second.get_by_label("Headline")).to_have_value("From the first tab")
    offer = second.get_by_role("alert").filter(has_text="You have unsaved text")
    offer.get_by_role("button", name="Restore it").click()
    expect(second.get_by_label("Headline")).to_have_value("From the second tab")
    second.close(run_before_unload=False)


def test_a_network_drop_while_typing_saves_when_back_online(page: Page, site, app, user,
                                                            resume_id, browser_problems):
    open_editor(site, user, resume_id)
    headline = page.get_by_label("Headline")
    headline.press_sequentially("Backend")
    expect(save_status(page)).to_have_text(SAVED)
    page.context.set_offline(True)
    headline.press_sequentially(" engineer on a train")
    expect(save_status(page)).to_have_text("Not saved: reconnecting")
    page.context.set_offline(False)
    expect(save_status(page)).to_have_text(SAVED)
    assert stored(app, resume_id).content["basics"]["label"] == "Backend engineer on a train"
    forgive_offline_errors(browser_problems)


def test_text_typed_after_the_session_expired_survives_logging_in(page: Page, site, app, user,
                                                                   resume_id,
                                                                   browser_problems):
    open_editor(site, user, resume_id)
    headline = page.get_by_label("Headline")
    headline.press_sequentially("Backend")
    expect(save_status(page)).to_have_text(SAVED)
    page.context.clear_cookies()
    headline.press_sequentially(" engineer, typed while logged out")
    expect(save_status(page)).to_contain_text("Not saved: you were logged out")
    expect(headline).to_have_value("Backend engineer, typed while logged out")

    with page.expect_popup() as opened:
        save_status(page).get_by_role("link", name="Log in").click()
    login = opened.value
    browser_problems.watch(login)
    login.get_by_label("Email").fill(user.email)
    login.get_by_label("Password").fill(PASSWORD)
    login.get_by_role("button", name="Log in").click()
    # Back on the editor, the text typed while logged out is put back and saved.
    expect(login.get_by_label("Headline")).to_have_value(
        "Backend engineer, typed while logged out")
    expect(login.get_by_role("status").filter(has_text="were put back")).to_be_visible()
    expect(save_status(login)).to_have_text(SAVED)
    assert stored(app, resume_id).content["basics"]["label"] == \
        "Backend engineer, typed while logged out"


def paste(line: Locator, text: str) -> None:
    """Paste `text` into `line` as the clipboard would (a real paste event)."""
    line.focus()
    line.evaluate("""(input, text) => {
        const data = new DataTransfer();
        data.setData("text/plain", text);
        input.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                         cancelable: true}));
    }""", text)


def test_a_thousand_line_paste_is_refused_clearly_and_kept(page: Page, site, app, user,
                                                            resume_id):
    open_editor(site, user, resume_id, "work")
    lines = page.get_by_role("group", name="Highlights", exact=True).get_by_role("textbox")
    pasted = [f"Shipped feature {n}" for n in range(1000)]
    lines.first.select_text()  # the paste replaces the job's one highlight
    paste(lines.first, "\n".join(pasted))
    expect(lines).to_have_count(1000)
    expect(save_status(page)).to_have_text("Not saved: fix the marked fields")
    refusal = page.get_by_text(re.compile("^Use at most 100 lines"))
    expect(refusal).to_be_visible()
    expect(page.locator("#entries-0-highlights")).to_have_attribute("aria-invalid", "true")
    assert stored(app, resume_id).content["work"][0]["highlights"] == JOB["highlights"]

    page.once("dialog", lambda dialog: dialog.accept())  # leaving warns: the text is unsaved
    page.reload()
    expect(lines).to_have_count(1000)  # put back from the draft, line by line
    expect(lines.first).to_have_value(pasted[0])
    expect(lines.last).to_have_value(pasted[-1])
    expect(refusal).to_be_visible()  # the draft's save is refused again, as clearly

    # Removing 970 lines by hand, in one step: the area behind the list takes the 30 kept.
    page.locator("#entries-0-highlights").evaluate(
        "(area, text) => { area.value = text;"
        " area.dispatchEvent(new Event('input', {bubbles: true})); }", "\n".join(pasted[:30]))
    expect(lines).to_have_count(30)
    expect(save_status(page)).to_have_text(SAVED)
    expect(refusal).to_have_count(0)
    assert len(stored(app, resume_id).content["work"][0]["highlights"]) == 30


def test_leaving_with_unsaved_changes_warns(page: Page, site, app, user, resume_id,
                                            browser_problems):
    open_editor(site, user, resume_id)
    page.context.set_offline(True)
    page.get_by_label("Headline").press_sequentially("Unsaved")
    expect(save_status(page)).to_have_text("Not saved: reconnecting")
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", stay)
    page.get_by_role("navigation", name="Resume sections").get_by_role(
        "link", name="Experience").click()
    expect(page.get_by_label("Headline")).to_have_value("Unsaved")  # stayed on the page
    assert dialogs == ["beforeunload"]
    page.context.set_offline(False)
    expect(save_status(page)).to_have_text(SAVED)
    page.get_by_role("navigation", name="Resume sections").get_by_role(
        "link", name="Experience").click()
    expect(page.get_by_role("heading", level=2, name="Experience")).to_be_visible()
    forgive_offline_errors(browser_problems)


def test_the_save_button_still_saves_once(page: Page, site, app, user, resume_id):
    open_editor(site, user, resume_id)
    page.get_by_label("Headline").fill("Backend engineer")
    page.get_by_role("button", name="Save personal info").click()
    expect(page.locator("main").get_by_role("status")).to_have_text("Saved.")
    assert stored(app, resume_id).content["basics"]["label"] == "Backend engineer"
    assert len(version_numbers(app, resume_id)) == 2
