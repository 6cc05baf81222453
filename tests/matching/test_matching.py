"""Job match: a score that explains itself, requirement by requirement, on the match page."""
import copy
import html
import re
from itertools import pairwise

import lxml.html
import pytest

from tests.factories import make_resume
from tests.helpers import field_error
from tests.match_samples import AD, MISSING, MUST_HAVES, NICE_TO_HAVES, RESUME, stored_matches
from website.extensions import db
from website.models import Resume, ResumeAnalytic, User
from website.services import matching, resumes
from website.services.matching.requirements import read_ad


def analysis_of(app, user, ad: str = AD, content: dict = RESUME) -> matching.Analysis:
    resume_id = make_resume(app, user, content=copy.deepcopy(content))
    with app.app_context():
        return matching.analyze(db.session.get(Resume, resume_id), ad)


def names(checks) -> list[str]:
    return [check.skill.name for check in checks]


def test_requirements_are_must_haves_then_nice_to_haves(app, user):
    result = analysis_of(app, user)
    must = [check.requirement.must for check in result.checks]
    assert must == sorted(must, reverse=True)
    assert set(names(c for c in result.checks if c.requirement.must)) == MUST_HAVES
    assert set(names(c for c in result.checks if not c.requirement.must)) == NICE_TO_HAVES


def test_met_requirements_say_where_the_resume_names_them(app, user):
    result = analysis_of(app, user)
    assert set(names(result.missing)) == MISSING
    assert all(check.places == [] for check in result.missing)
    places = {check.skill.name: [str(place) for place in check.places] for check in result.matched}
    assert "Experience · Senior Engineer, Acme Payments · Highlights" in places["Kubernetes"]
    assert "Skills · Databases · Keywords" in places["SQL"]
    assert places["React"] == ["Experience · Engineer, Globex · Highlights"]


def test_the_score_weighs_must_haves_three_times_nice_to_haves(app, user):
    result = analysis_of(app, user)
    weights = {check.skill.name: check.weight for check in result.checks}
    assert {weights[name] for name in MUST_HAVES} == {3}
    assert {weights[name] for name in NICE_TO_HAVES} == {1}
    met = sum(weights[name] for name in names(result.matched))
    assert result.score == round(100 * met / sum(weights.values()))


def test_the_same_ad_and_resume_always_give_the_same_result(app, user):
    first, second = analysis_of(app, user), analysis_of(app, user)
    assert (first.score, names(first.matched), names(first.missing)) == \
        (second.score, names(second.matched), names(second.missing))


def test_a_resume_with_everything_scores_100_and_one_without_0(app, user):
    assert analysis_of(app, user, "Platform Engineer\nPython and Kubernetes.").score == 100
    assert analysis_of(app, user, "Designer\nFigma.",
                       content={"skills": [{"name": "Excel"}]}).score == 0


UNREADABLE_ADS = [
    "the and with of to a is it we you",
    "Wir suchen einen erfahrenen Softwareentwickler für unser Team in Berlin. Sie arbeiten mit "
    "Python und sind für die Entwicklung der Plattform verantwortlich.",
    "Мы ищем опытного разработчика для нашей команды в Москве",
]


def rejection(ad: str) -> str:
    """The message the recognizer gives for an ad it cannot read (its wording is its own)."""
    with pytest.raises(matching.AdRejected) as refused:
        read_ad(ad)
    assert str(refused.value)
    return str(refused.value)


@pytest.mark.parametrize("ad", UNREADABLE_ADS)
def test_an_ad_that_cannot_be_read_gets_a_message_not_a_score(app, user, ad):
    resume_id = make_resume(app, user, content=RESUME)
    with app.app_context(), pytest.raises(matching.AdRejected, match=re.escape(rejection(ad))):
        matching.analyze(db.session.get(Resume, resume_id), ad)


def analyse_on_the_page(auth_client, resume_id: int, ad: str = AD) -> str:
    """Submit `ad` on the match page; return the result page's URL."""
    response = auth_client.submit(f"/resume/{resume_id}/match", {"ad": ad})
    assert response.status_code == 302
    return response.headers["Location"]


def page_text(auth_client, path: str) -> str:
    return html.unescape(auth_client.get(path).get_data(as_text=True))


def requirement_items(page: str, heading_id: str) -> dict[str, str]:
    """{skill: its item's text} of the list the heading `heading_id` labels."""
    tree = lxml.html.fromstring(page)
    [group] = tree.xpath(f'//ul[@aria-labelledby="{heading_id}"]')
    return {item.findtext("strong"): " ".join(item.text_content().split())
            for item in group.xpath("./li")}


def test_the_page_scores_an_ad_stores_it_and_announces_it(auth_client, app, user):
    resume_id = make_resume(app, user, content=RESUME)
    location = analyse_on_the_page(auth_client, resume_id)
    [match] = stored_matches(app)
    assert location == f"/resume/{resume_id}/match/{match.id}"
    assert (match.user_id, match.resume_id) == (user.id, resume_id)
    assert match.job_title == "Platform Engineer"
    assert set(match.missing_keywords) == MISSING
    assert {item["name"] for item in match.requirements if item["must"]} == MUST_HAVES
    with app.app_context():
        event = db.session.execute(db.select(ResumeAnalytic).where(
            ResumeAnalytic.action == "match")).scalar_one()
        assert event.details == {"score": match.score, "match_id": match.id}
    page = page_text(auth_client, location)
    assert f'Score: <span class="match-score">{match.score}</span> / 100' in page
    assert "Previous analyses of this resume" in page and "Platform Engineer" in page


def test_the_page_lists_each_requirement_met_with_where_or_missing(auth_client, app, user):
    resume_id = make_resume(app, user, content=RESUME)
    page = page_text(auth_client, analyse_on_the_page(auth_client, resume_id))
    assert "Must-haves: 4 of 5 met" in page and "Nice-to-haves: 1 of 2 met" in page
    musts = requirement_items(page, "must-heading")
    nices = requirement_items(page, "nice-heading")
    assert set(musts) == MUST_HAVES and set(nices) == NICE_TO_HAVES
    assert page.index("must-heading") < page.index("nice-heading")
    # Met or missing is said in words, not only by colour.
    assert "Missing" in musts["Terraform"] and "Met" not in musts["Terraform"]
    assert "Met found in" in musts["Kubernetes"]
    assert "Experience · Senior Engineer, Acme Payments · Highlights" in musts["Kubernetes"]
    assert "Experience · Engineer, Globex · Highlights" in nices["React"]


def test_the_page_explains_the_score_in_words(auth_client, app, user):
    resume_id = make_resume(app, user, content=RESUME)
    location = analyse_on_the_page(auth_client, resume_id)
    [match] = stored_matches(app)
    formula = " ".join(lxml.html.fromstring(page_text(auth_client, location))
                       .get_element_by_id("score-formula").text_content().split())
    assert formula == ("Must-haves weigh 3, nice-to-haves 1. Your resume meets 4 of 5 "
                       "must-haves and 1 of 2 nice-to-haves: a weight of 13 out of 17, which "
                       f"is {match.score} out of 100.")
    assert match.score == round(100 * 13 / 17)


def test_a_resume_changed_since_the_analysis_keeps_its_score_and_says_so(auth_client, app,
                                                                        user):
    resume_id = make_resume(app, user, content=RESUME)
    location = analyse_on_the_page(auth_client, resume_id)
    assert "has changed since this ad was analysed" not in page_text(auth_client, location)
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        content = copy.deepcopy(resume.content)
        content["work"][1]["highlights"] = ["Ran the summer party"]  # React no longer named
        resumes.save(resume, resume.owner, resume.version, content=content)
    page = page_text(auth_client, location)
    [match] = stored_matches(app)
    assert f'<span class="match-score">{match.score}</span>' in page
    assert "has changed since this ad was analysed" in page
    assert "Missing" in requirement_items(page, "nice-heading")["React"]


def test_previous_analyses_are_listed_newest_first(auth_client, app, user):
    resume_id = make_resume(app, user, content=RESUME)
    for ad in ("First ad\nPython and Kubernetes", "Second ad\nFigma only"):
        analyse_on_the_page(auth_client, resume_id, ad)
    page = auth_client.get(f"/resume/{resume_id}/match").get_data(as_text=True)
    assert page.index("Second ad") < page.index("First ad")


@pytest.mark.parametrize("ad, message", [
    ("", "Paste the text of a job ad."),
    ("x" * 20_001, "Use at most 20,000 characters"),
    *((ad, None) for ad in UNREADABLE_ADS),
])
def test_bad_ads_get_a_message_next_to_the_field_and_store_nothing(auth_client, app, user, ad,
                                                                   message):
    resume_id = make_resume(app, user, content=RESUME)
    response = auth_client.submit(f"/resume/{resume_id}/match", {"ad": ad})
    assert response.status_code == 422
    shown = html.unescape(field_error(response.get_data(as_text=True), "ad"))
    assert (message or rejection(ad)) in shown
    assert stored_matches(app) == []


@pytest.fixture
def strangers_match(app, make_user):
    """Another user's resume with one analysis; returns (resume id, match id)."""
    stranger = make_user(email="sam@example.com", name="Sam Smith")
    resume_id = make_resume(app, stranger, content=RESUME)
    with app.app_context():
        match = matching.record(db.session.get(Resume, resume_id),
                                db.session.get(User, stranger.id), AD)
        return resume_id, match.id


def test_another_users_resume_and_analyses_are_not_found(auth_client, app, user,
                                                         strangers_match):
    resume_id, match_id = strangers_match
    own_id = make_resume(app, user, content=RESUME)
    for path in (f"/resume/{resume_id}/match", f"/resume/{resume_id}/match/{match_id}",
                 f"/resume/{own_id}/match/{match_id}"):
        assert auth_client.get(path).status_code == 404
    response = auth_client.submit(f"/resume/{resume_id}/match", {"ad": AD},
                                  page=f"/resume/{own_id}/match")
    assert response.status_code == 404
    assert len(stored_matches(app)) == 1


def test_posts_without_csrf_change_nothing(auth_client, app, user):
    resume_id = make_resume(app, user, content=RESUME)
    assert auth_client.post(f"/resume/{resume_id}/match", data={"ad": AD}).status_code == 400
    assert stored_matches(app) == []


def test_match_pages_need_a_login(client, app, user):
    resume_id = make_resume(app, user, content=RESUME)
    response = client.get(f"/resume/{resume_id}/match")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_result_page_has_one_h1_and_ordered_headings(auth_client, app, user):
    resume_id = make_resume(app, user, content=RESUME)
    tree = lxml.html.fromstring(page_text(auth_client, analyse_on_the_page(auth_client,
                                                                           resume_id)))
    levels = [int(heading.tag[1]) for heading in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in pairwise(levels)), levels
