"""Job-description match: scores, keywords, suggestions, stored analyses and tailored copies."""
import copy
import html
import re
from collections import Counter

import pytest

from tests.test_resumes_manage import field_error, make_resume
from website.extensions import db
from website.models import JobMatch, Resume, ResumeAnalytic, User
from website.services import matching

RESUME = {
    "basics": {"name": "José Núñez", "label": "Backend Engineer", "email": "jose@example.com",
               "summary": "Backend engineer building payment systems in Python."},
    "work": [
        {"position": "Senior Engineer", "name": "Acme Payments", "startDate": "2020-01",
         "highlights": ["Organised the office book club",
                        "Moved 40 services to Kubernetes without downtime",
                        "Built fraud detection with machine learning",
                        "Wrote the onboarding guide"]},
        {"position": "Engineer", "name": "Globex", "startDate": "2016-01", "endDate": "2019-12",
         "highlights": ["Ran the summer party", "Kept CI/CD pipelines green on Jenkins"]},
    ],
    "skills": [{"name": "Public speaking"}, {"name": "Go"}, {"name": "Python",
                                                             "keywords": ["Flask"]},
               {"name": "Kubernetes"}, {"name": "Cooking"}],
}
AD = """Senior Backend Engineer (Payments)
We are looking for a backend engineer with strong Python and Kubernetes experience.
You will build microservices in Node.js and C++, own our CI/CD pipelines and apply machine
learning to fraud detection. Experience with PostgreSQL and Docker is a plus."""


def analysis_of(app, user, ad: str = AD, content: dict = RESUME) -> matching.Analysis:
    resume_id = make_resume(app, user, content=copy.deepcopy(content))
    with app.app_context():
        return matching.analyze(db.session.get(Resume, resume_id), ad)


def labels(keywords) -> list[str]:
    return [keyword.label for keyword in keywords]


def test_phrases_and_technical_spellings_are_kept_whole(app, user):
    result = analysis_of(app, user)
    found = labels(result.matched) + labels(result.missing)
    for phrase in ("Machine learning", "CI/CD", "C++", "Node.js", "Microservices"):
        assert phrase in found
    assert "learning" not in found and "the" not in found and "with" not in found


def test_matched_and_missing_keywords_follow_the_resume(app, user):
    result = analysis_of(app, user)
    assert {"Python", "Kubernetes", "Machine learning", "CI/CD"} <= set(labels(result.matched))
    assert {"PostgreSQL", "Docker", "C++", "Node.js"} <= set(labels(result.missing))


def test_the_score_weighs_skills_above_ordinary_words(app, user):
    result = analysis_of(app, user)
    weight = sum(k.weight for k in result.matched)
    total = weight + sum(k.weight for k in result.missing)
    assert result.score == round(100 * weight / total)
    assert 0 < result.score < 100
    assert all(k.weight == 3 for k in result.matched if k.label == "Python")


def test_the_same_ad_and_resume_always_give_the_same_result(app, user):
    first, second = analysis_of(app, user), analysis_of(app, user)
    assert (first.score, labels(first.matched), labels(first.missing)) == \
        (second.score, labels(second.matched), labels(second.missing))


def test_a_resume_with_everything_scores_100_and_an_empty_one_0(app, user):
    assert analysis_of(app, user, "Python, Kubernetes and machine learning.").score == 100
    assert analysis_of(app, user, "Rust, Haskell and Erlang.").score == 0


def test_stems_match_other_forms_of_a_word(app, user):
    result = analysis_of(app, user, "You designed payments. Detecting frauds daily.")
    assert {"payments", "frauds"} <= set(labels(result.matched))


@pytest.mark.parametrize("ad, message", [
    ("the and with of to a is it we you", "no words to match"),
    ("Wir suchen einen erfahrenen Softwareentwickler für unser Team in Berlin. Sie arbeiten "
     "mit Python und sind für die Entwicklung der Plattform verantwortlich.", "in German"),
    ("Nous recherchons un développeur Python expérimenté pour rejoindre notre équipe à Paris "
     "et travailler sur des projets passionnants.", "in French"),
    ("Мы ищем опытного разработчика для нашей команды в Москве", "not seem to be in English"),
])
def test_an_ad_without_english_keywords_gets_a_message_not_a_score(app, user, ad, message):
    resume_id = make_resume(app, user, content=RESUME)
    with app.app_context(), pytest.raises(matching.AdRejected, match=message):
        matching.analyze(db.session.get(Resume, resume_id), ad)


def stored_matches(app) -> list[JobMatch]:
    with app.app_context():
        rows = db.session.execute(db.select(JobMatch).order_by(JobMatch.id)).scalars().all()
        db.session.expunge_all()
        return rows


def test_the_page_scores_an_ad_stores_it_and_announces_it(auth_client, app, user):
    resume_id = make_resume(app, user, content=RESUME)
    response = auth_client.submit(f"/resume/{resume_id}/match", {"ad": AD})
    assert response.status_code == 302
    [match] = stored_matches(app)
    assert response.headers["Location"] == f"/resume/{resume_id}/match/{match.id}"
    assert (match.user_id, match.resume_id) == (user.id, resume_id)
    assert match.job_title == "Senior Backend Engineer (Payments)"
    assert "Python" in match.matched_keywords and "Docker" in match.missing_keywords
    with app.app_context():
        event = db.session.execute(db.select(ResumeAnalytic).where(
            ResumeAnalytic.action == "match")).scalar_one()
        assert event.details == {"score": match.score, "match_id": match.id}
    page = html.unescape(auth_client.get(response.headers["Location"]).get_data(as_text=True))
    assert f"Score: <span class=\"match-score\">{match.score}</span> / 100" in page
    assert "Add “Docker” to your skills if you have it" in page
    assert "How the score is computed" in page
    assert "Previous analyses of this resume" in page and match.job_title in page


def test_previous_analyses_are_listed_newest_first(auth_client, app, user):
    resume_id = make_resume(app, user, content=RESUME)
    for ad in ("First ad: Python and Rust", "Second ad: Haskell only"):
        assert auth_client.submit(f"/resume/{resume_id}/match", {"ad": ad}).status_code == 302
    page = auth_client.get(f"/resume/{resume_id}/match").get_data(as_text=True)
    assert page.index("Second ad") < page.index("First ad")


@pytest.mark.parametrize("ad, message", [
    ("", "Paste the text of a job ad."),
    ("x" * 20_001, "Use at most 20,000 characters"),
    ("the and with of to a is it", "no words to match"),
    ("Wir suchen einen erfahrenen Softwareentwickler für unser Team in Berlin. Sie arbeiten "
     "mit Python und sind für die Entwicklung der Plattform verantwortlich.", "in German"),
])
def test_bad_ads_get_a_message_next_to_the_field_and_store_nothing(auth_client, app, user, ad,
                                                                   message):
    resume_id = make_resume(app, user, content=RESUME)
    response = auth_client.submit(f"/resume/{resume_id}/match", {"ad": ad})
    assert response.status_code == 422
    assert message in html.unescape(field_error(response.get_data(as_text=True), "ad"))
    assert stored_matches(app) == []


def content_multiset(content: dict) -> Counter:
    """Every string of the content with the path of its list stripped: order does not count."""
    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for item in value:
                yield from walk(item, f"{path}[]")
        else:
            yield f"{path}={value}"
    return Counter(walk(content, ""))


def test_a_tailored_copy_orders_skills_and_highlights_and_changes_nothing_else(
        auth_client, app, user):
    resume_id = make_resume(app, user, content=RESUME)
    analysed = auth_client.submit(f"/resume/{resume_id}/match", {"ad": AD})
    match_id = int(analysed.headers["Location"].rsplit("/", 1)[1])
    response = auth_client.submit(f"/resume/{resume_id}/match/{match_id}/tailor",
                                  page=f"/resume/{resume_id}/match/{match_id}")
    assert response.status_code == 302
    copy_id = int(re.search(r"/resume/(\d+)/preview", response.headers["Location"]).group(1))
    with app.app_context():
        source, tailored = db.session.get(Resume, resume_id), db.session.get(Resume, copy_id)
        assert tailored.title == "Backend roles (tailored)"
        assert content_multiset(tailored.content) == content_multiset(source.content)
        assert [s["name"] for s in tailored.content["skills"]][:2] == ["Python", "Kubernetes"]
        assert [s["name"] for s in tailored.content["skills"]][2:] == \
            ["Public speaking", "Go", "Cooking"]  # unrelated ones keep their order
        highlights = tailored.content["work"][0]["highlights"]
        assert highlights[:2] == ["Built fraud detection with machine learning",
                                  "Moved 40 services to Kubernetes without downtime"]
        assert tailored.content["work"][1]["highlights"][0] == \
            "Kept CI/CD pipelines green on Jenkins"
        event = db.session.execute(db.select(ResumeAnalytic).where(
            ResumeAnalytic.resume_id == copy_id)).scalar_one()
        assert (event.action, event.details) == (
            "create", {"source_resume_id": resume_id, "match_id": match_id})
    page = auth_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Created “Backend roles (tailored)”" in html.unescape(page)


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
    own_page = f"/resume/{own_id}/match"
    for path in (f"/resume/{resume_id}/match", f"/resume/{resume_id}/match/{match_id}",
                 f"/resume/{own_id}/match/{match_id}"):
        assert auth_client.get(path).status_code == 404
    for path, data in ((f"/resume/{resume_id}/match", {"ad": AD}),
                       (f"/resume/{resume_id}/match/{match_id}/tailor", {}),
                       (f"/resume/{own_id}/match/{match_id}/tailor", {})):
        assert auth_client.submit(path, data, page=own_page).status_code == 404
    assert len(stored_matches(app)) == 1
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Resume)) == 2


def test_posts_without_csrf_change_nothing(auth_client, app, user):
    resume_id = make_resume(app, user, content=RESUME)
    assert auth_client.post(f"/resume/{resume_id}/match", data={"ad": AD}).status_code == 400
    assert stored_matches(app) == []


def test_match_pages_need_a_login(client, app, user):
    resume_id = make_resume(app, user, content=RESUME)
    response = client.get(f"/resume/{resume_id}/match")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
