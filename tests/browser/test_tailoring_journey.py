"""A job seeker's tailoring journey in a real browser: match an ad and read why the score is what
it is, make a tailored variant from some of the proposals, change the master, and take the
master's changes into the variant, answering a conflict. On a phone too."""
import copy
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.factories import edit_resume, make_resume
from website.extensions import db
from website.models import Resume, User
from website.services import matching
from website.services.matching import tailoring

PHONE = {"width": 390, "height": 844}
MASTER = "Backend roles"
VARIANT = "Backend roles (tailored)"
SUMMARY = "I build dependable web services."
CONTENT = {
    "basics": {"name": "Jane Doe", "label": "Software Engineer", "email": "jane@example.com",
               "summary": SUMMARY},
    "work": [{"position": "Engineer", "name": "Acme", "startDate": "2020-01",
              "highlights": ["Wrote the onboarding guide", "Tuned PostgreSQL queries",
                             "Ran Docker containers on Kubernetes"]}],
    "skills": [{"name": "Public speaking"}, {"name": "Python"}, {"name": "Docker"}],
}
AD = ("Payments Engineer\n"
      "We need Python, PostgreSQL, Docker, React and strong SQL.\n"
      "Kubernetes is a plus.")
# What the ad's skills put first; the summary sentence is rejected.
TAILORED_HIGHLIGHTS = ["Ran Docker containers on Kubernetes", "Tuned PostgreSQL queries",
                       "Wrote the onboarding guide"]
TAILORED_SKILLS = ["Python", "Docker", "Public speaking"]
MASTER_SUMMARY = "I build dependable, observable web services."
VARIANT_SUMMARY = "I build payment services that never lose a cent."
REWORDED = "Tuned PostgreSQL queries, halving response times"


def stored_content(app, resume_id: int) -> dict:
    """Return the resume's content as the database holds it."""
    with app.app_context():
        return db.session.get(Resume, resume_id).content


def edit_master(content: dict) -> None:
    content["basics"]["summary"] = MASTER_SUMMARY
    highlights = content["work"][0]["highlights"]
    highlights[highlights.index("Tuned PostgreSQL queries")] = REWORDED


def edit_variant(content: dict) -> None:
    content["basics"]["summary"] = VARIANT_SUMMARY


def highlights_and_skills(content: dict) -> tuple[list[str], list[str]]:
    return content["work"][0]["highlights"], [skill["name"] for skill in content["skills"]]


def requirement(checks: Locator, skill: str) -> Locator:
    """Return the item of a requirement list about `skill`."""
    return checks.get_by_role("listitem").filter(has=checks.page.get_by_text(skill, exact=True))


def assert_no_sideways_scrolling(page: Page, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{where} scrolls sideways ({width} px wide)"


def test_match_tailor_change_the_master_and_take_its_changes(page: Page, site, app, user):
    master_id = make_resume(app, user, title=MASTER, content=copy.deepcopy(CONTENT))
    site.log_in(user.email)

    # 1. Match an ad: the score comes with the requirements, met (and where) or missing.
    site.open("/resume/manage")
    page.locator("details.card-menu").filter(has_text=MASTER).locator("summary").click()
    page.get_by_role("link", name=f"Match a job ad with “{MASTER}”").click()
    page.get_by_label("Job ad").fill(AD)
    page.get_by_role("button", name="Match my resume").click()

    # Must-haves weigh 3, nice-to-haves 1: 3 of 5 must-haves and the nice-to-have, 10 of 16.
    expect(page.get_by_role("heading", name="Score: 62 / 100")).to_be_visible()
    expect(page.locator("#score-formula")).to_contain_text("meets 3 of 5 must-haves and 1 of 1")
    musts = page.get_by_role("list", name="Must-haves: 3 of 5 met")
    nices = page.get_by_role("list", name="Nice-to-haves: 1 of 1 met")
    postgres = requirement(musts, "PostgreSQL")
    expect(postgres).to_contain_text("Met")
    expect(postgres.get_by_role("listitem")).to_have_text(
        ["Experience · Engineer, Acme · Highlights"])
    for missing in ("React", "SQL"):
        item = requirement(musts, missing)
        expect(item).to_contain_text("Missing")
        expect(item).to_contain_text("your resume does not name it")
    kubernetes = requirement(nices, "Kubernetes")
    expect(kubernetes).to_contain_text("Met")
    expect(kubernetes.get_by_role("listitem")).to_have_text(
        ["Experience · Engineer, Acme · Highlights"])
    expect(page.get_by_role("list", name="Missing keywords: add them yourself if they are true"))\
        .to_contain_text("“React” is missing (a must-have)")

    # 2. Reject the summary sentence, accept the reordering, create the variant.
    summary = page.get_by_role("group", name="Open the summary with the role and your matching "
                                             "strengths")
    expect(summary).to_contain_text("Payments Engineer with strengths in Python")
    summary.get_by_label("Reject").check()
    expect(page.get_by_role("group", name="Put the skills the ad asks for first")
           .get_by_label("Accept")).to_be_checked()
    page.get_by_role("button", name="Create tailored variant").click()

    expect(page).to_have_url(re.compile(r"/resume/(\d+)/preview$"))
    variant_id = int(re.search(r"/resume/(\d+)/preview$", page.url)[1])
    expect(page.get_by_role("status").first).to_contain_text(
        f"Created “{VARIANT}”, a variant of “{MASTER}”.")
    expect(page.get_by_role("status").first).not_to_contain_text("Open the summary")
    preview = page.frame_locator("iframe.resume-frame")
    expect(preview.get_by_text(SUMMARY)).to_be_visible()
    expect(preview.get_by_text("Payments Engineer with strengths")).to_have_count(0)
    tailored = stored_content(app, variant_id)
    assert highlights_and_skills(tailored) == (TAILORED_HIGHLIGHTS, TAILORED_SKILLS)
    assert tailored["basics"]["summary"] == SUMMARY
    assert highlights_and_skills(stored_content(app, master_id)) == highlights_and_skills(CONTENT)

    # 3. The variant gets its own summary; then the master rewords a highlight and its summary.
    edit_resume(app, variant_id, edit_variant)
    edit_resume(app, master_id, edit_master)

    site.open("/resume/manage")
    family = page.get_by_role("list", name=f"Variants of “{MASTER}”")
    variant_card = family.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=VARIANT))
    expect(variant_card.get_by_role("status")).to_contain_text(
        f"2 changes in the master “{MASTER}”.")
    variant_card.get_by_role("link", name=f"Review and take them into “{VARIANT}”").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Changes in the master of “{VARIANT}”")
    expect(page.get_by_role("region", name="What this variant will take")).to_contain_text(
        "Edited Experience: Engineer, Acme (highlights)")
    conflict = page.get_by_role("group", name=re.compile("Summary"))
    ours = conflict.locator(".col-md-6").filter(
        has=page.get_by_role("heading", name="Your variant"))
    theirs = conflict.locator(".col-md-6").filter(
        has=page.get_by_role("heading", name="The master"))
    expect(ours).to_contain_text(VARIANT_SUMMARY)
    expect(theirs).to_contain_text(MASTER_SUMMARY)
    ours_box, theirs_box = ours.bounding_box(), theirs.bounding_box()
    assert ours_box["y"] == theirs_box["y"] and ours_box["x"] < theirs_box["x"], \
        "the two sides of the conflict are not side by side"
    expect(conflict.get_by_label("Keep mine")).to_be_checked()
    conflict.get_by_label("Take the master's").check()
    page.get_by_role("button", name="Take the changes").click()

    expect(page.get_by_role("status").first).to_contain_text(f"Took 2 changes from “{MASTER}”.")
    merged = stored_content(app, variant_id)
    assert merged["basics"]["summary"] == MASTER_SUMMARY
    # The reworded highlight is in the variant's own order; the skills keep theirs.
    assert highlights_and_skills(merged) == (
        [TAILORED_HIGHLIGHTS[0], REWORDED, TAILORED_HIGHLIGHTS[2]], TAILORED_SKILLS)
    expect(page.get_by_text(f"Tailored variant of “{MASTER}”: it has every change of its "
                            "master.")).to_be_visible()


@pytest.fixture
def variant_with_conflict(app, user) -> tuple[int, int, int]:
    """A master matched against the ad, its tailored variant, and a summary both changed:
    (master id, match id, variant id)."""
    master_id = make_resume(app, user, title=MASTER, content=copy.deepcopy(CONTENT))
    with app.app_context():
        master = db.session.get(Resume, master_id)
        owner = db.session.get(User, user.id)
        match = matching.record(master, owner, AD)
        accepted = {proposal.id for proposal in tailoring.proposals(master, match)
                    if proposal.applicable}
        variant_id = tailoring.create_variant(master, match, owner, accepted).id
        match_id = match.id
    edit_resume(app, variant_id, edit_variant)
    edit_resume(app, master_id, edit_master)
    return master_id, match_id, variant_id


def test_the_match_and_master_changes_pages_fit_a_phone(page: Page, site, user,
                                                        variant_with_conflict):
    master_id, match_id, variant_id = variant_with_conflict
    page.set_viewport_size(PHONE)
    site.log_in(user.email)

    site.open(f"/resume/{master_id}/match/{match_id}")
    expect(page.get_by_role("button", name="Create tailored variant")).to_be_visible()
    assert_no_sideways_scrolling(page, "the match result with proposals")

    site.open(f"/resume/{variant_id}/master-changes")
    conflict = page.get_by_role("group", name=re.compile("Summary"))
    expect(conflict).to_contain_text(VARIANT_SUMMARY)
    # On a phone the two sides stack: the master's under the variant's.
    ours = conflict.get_by_text(VARIANT_SUMMARY).bounding_box()
    theirs = conflict.get_by_text(MASTER_SUMMARY, exact=True).bounding_box()
    assert theirs["y"] > ours["y"] + ours["height"] - 1
    assert_no_sideways_scrolling(page, "the master's changes with a conflict")
