"""/api/v1/resumes/{id}/match and its tailoring: the match page's analysis and proposals, stored,
announced and applied the same way."""
import copy
import html

import pytest

from tests.factories import make_resume, make_token
from tests.helpers import ApiClient, deliver_queued
from tests.match_samples import AD, MISSING, MUST_HAVES, NICE_TO_HAVES, RESUME, stored_matches
from tests.webhook_helpers import make_webhook
from website.extensions import db
from website.models import Resume, ResumeAnalytic, User
from website.services import matching
from website.services.matching import tailoring


def keyword_names(requirements: list[dict]) -> list[str]:
    return [requirement["keyword"] for requirement in requirements]


def test_an_ad_is_scored_stored_and_announced(app, api, auth_client, user, receiver):
    webhook_id, secret = make_webhook(app, user, receiver.url, ["analysis.completed"])
    resume_id = make_resume(app, user, content=RESUME)
    response = api.post(f"/api/v1/resumes/{resume_id}/match", json={"job_description": AD})
    assert response.status_code == 201
    body = response.get_json()
    [match] = stored_matches(app)
    assert (body["id"], body["resume_id"], body["score"]) == (match.id, resume_id, match.score)
    assert body["job_title"] == match.job_title == "Platform Engineer"
    assert keyword_names(body["matched_keywords"]) == match.matched_keywords
    assert keyword_names(body["missing_keywords"]) == match.missing_keywords
    assert set(match.missing_keywords) == MISSING
    assert body["created_at"].endswith("+00:00") or body["created_at"].endswith("Z")

    with app.app_context():  # counted in the statistics like a match from the page
        event = db.session.execute(db.select(ResumeAnalytic).where(
            ResumeAnalytic.action == "match")).scalar_one()
        assert event.details == {"score": match.score, "match_id": match.id}
    assert deliver_queued(app) == 1
    payload = receiver.requests[0].verified(secret)
    assert payload["type"] == "analysis.completed" and payload["data"]["match_id"] == match.id

    page = html.unescape(auth_client.get(f"/resume/{resume_id}/match/{match.id}")
                         .get_data(as_text=True))
    assert f'Score: <span class="match-score">{body["score"]}</span> / 100' in page


def test_each_requirement_says_its_importance_weight_and_where_it_is_met(app, api, user):
    resume_id = make_resume(app, user, content=RESUME)
    body = api.post(f"/api/v1/resumes/{resume_id}/match",
                    json={"job_description": AD}).get_json()
    requirements = {item["keyword"]: item
                    for item in body["matched_keywords"] + body["missing_keywords"]}
    assert {name for name, item in requirements.items() if item["importance"] == "must"} == \
        MUST_HAVES
    assert {name for name, item in requirements.items() if item["importance"] == "nice"} == \
        NICE_TO_HAVES
    assert {item["weight"] for item in requirements.values() if item["importance"] == "must"} \
        == {matching.MUST_WEIGHT}
    assert requirements["React"]["found_in"] == ["Experience · Engineer, Globex · Highlights"]
    assert requirements["Terraform"]["found_in"] == []
    importance = [item["importance"] for item in body["missing_keywords"]]
    assert importance == sorted(importance)  # must-haves first


@pytest.mark.parametrize("ad, message", [
    ("x" * 20_001, "Use at most 20,000 characters"),
    ("", "Paste the text of a job ad."),
    ("Python\x00 developer", "NUL"),
    ("the and with of to a is it", None),
    ("   ", None),
    ("Wir suchen einen erfahrenen Softwareentwickler für unser Team in Berlin. Sie arbeiten "
     "mit Python und sind für die Entwicklung der Plattform verantwortlich.", None),
])
def test_bad_ads_are_refused_naming_the_field_and_store_nothing(app, api, user, ad, message):
    resume_id = make_resume(app, user, content=RESUME)
    response = api.post(f"/api/v1/resumes/{resume_id}/match", json={"job_description": ad})
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    [error] = response.get_json()["errors"]
    assert error["pointer"] == "#/job_description" and (message or "") in error["detail"]
    assert error["detail"]
    assert stored_matches(app) == []


@pytest.mark.parametrize("body", [{}, {"job_description": AD, "extra": 1},
                                  {"job_description": 42}])
def test_malformed_bodies_are_refused(app, api, user, body):
    resume_id = make_resume(app, user, content=RESUME)
    response = api.post(f"/api/v1/resumes/{resume_id}/match", json=body)
    assert response.status_code == 422
    assert stored_matches(app) == []


@pytest.fixture
def matched(app, api, user) -> tuple[int, int]:
    """The sample resume matched through the API: (resume id, match id)."""
    resume_id = make_resume(app, user, content=copy.deepcopy(RESUME))
    match_id = api.post(f"/api/v1/resumes/{resume_id}/match",
                        json={"job_description": AD}).get_json()["id"]
    return resume_id, match_id


def matches_path(resume_id: int, match_id: int) -> str:
    return f"/api/v1/resumes/{resume_id}/matches/{match_id}"


def test_proposals_are_listed_as_the_page_shows_them(app, api, matched):
    response = api.get(f"{matches_path(*matched)}/proposals")
    assert response.status_code == 200
    listed = response.get_json()
    with app.app_context():
        resume = db.session.get(Resume, matched[0])
        expected = tailoring.proposals(resume, matching.get_match(resume, matched[1]))
    assert [(item["id"], item["kind"], item["title"], item["applicable"]) for item in listed] \
        == [(p.id, p.kind, p.title, p.applicable) for p in expected]
    skills = next(item for item in listed if item["kind"] == "skills-order")
    assert skills["details"]["before"][0] == "Public speaking"
    assert skills["details"]["after"][0] == "Databases"
    terraform = next(item for item in listed if item["kind"] == "keyword")
    assert not terraform["applicable"] and "Terraform" in terraform["title"]
    assert terraform["details"]["where"][0] == "Skills"


def copy_of(app, response) -> Resume:
    assert response.status_code == 201, response.get_json()
    with app.app_context():
        variant = db.session.get(Resume, response.get_json()["id"])
        db.session.expunge(variant)
        return variant


def test_a_tailored_copy_takes_every_applicable_proposal_by_default(app, api, matched):
    resume_id, match_id = matched
    response = api.post(f"{matches_path(*matched)}/tailored-copy")
    variant = copy_of(app, response)
    body = response.get_json()
    assert body["title"] == "Backend roles (tailored)"
    assert response.headers["Location"].endswith(f"/api/v1/resumes/{variant.id}")
    assert (variant.master_id, variant.master_version) == (resume_id, 1)
    assert [skill["name"] for skill in body["resume"]["skills"]][0] == "Databases"
    assert [entry["name"] for entry in body["resume"]["projects"]] == ["Cluster doctor"]
    assert body["resume"]["basics"]["summary"].startswith("Platform Engineer with strengths in ")
    assert api.get(f"/api/v1/resumes/{variant.id}").status_code == 200


def test_a_tailored_copy_takes_only_the_accepted_proposals(app, api, matched):
    listed = api.get(f"{matches_path(*matched)}/proposals").get_json()
    projects = next(item["id"] for item in listed if item["kind"] == "projects-order")
    body = api.post(f"{matches_path(*matched)}/tailored-copy",
                    json={"accept": [projects]}).get_json()
    assert [entry["name"] for entry in body["resume"]["projects"]] == ["Cluster doctor",
                                                                        "Recipe box"]
    assert [skill["name"] for skill in body["resume"]["skills"]][0] == "Public speaking"
    assert body["resume"]["basics"]["summary"] == RESUME["basics"]["summary"]
    nothing = api.post(f"{matches_path(*matched)}/tailored-copy", json={"accept": []})
    with app.app_context():
        master = db.session.get(Resume, matched[0])
        assert copy_of(app, nothing).content == master.content


def resume_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Resume))


def test_unknown_or_advice_ids_are_refused_naming_each_and_nothing_is_created(app, api,
                                                                              matched):
    listed = api.get(f"{matches_path(*matched)}/proposals").get_json()
    advice = next(item["id"] for item in listed if not item["applicable"])
    response = api.post(f"{matches_path(*matched)}/tailored-copy",
                        json={"accept": ["skills-order", "hide-work-forged", advice]})
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    errors = response.get_json()["errors"]
    assert sorted(error["pointer"] for error in errors) == ["#/accept/1", "#/accept/2"]
    assert all("is not an applicable proposal" in error["detail"] for error in errors)
    assert "“hide-work-forged”" in response.get_json()["detail"]
    assert resume_count(app) == 1


@pytest.mark.parametrize("body", [{"accept": "skills-order"}, {"accept": [1]},
                                  {"accept": [], "extra": 1}, ["skills-order"]])
def test_malformed_tailoring_bodies_are_refused(app, api, matched, body):
    response = api.post(f"{matches_path(*matched)}/tailored-copy", json=body)
    assert response.status_code == 422
    assert resume_count(app) == 1


def test_another_users_resume_and_matches_are_not_found(app, api, user, make_user, matched):
    stranger = make_user(email="sam@example.com", name="Sam Smith")
    theirs = make_resume(app, stranger, content=RESUME)
    with app.app_context():
        their_match = matching.record(db.session.get(Resume, theirs),
                                      db.session.get(User, stranger.id), AD).id
    mine, my_match = matched
    calls = [("post", f"/api/v1/resumes/{theirs}/match", {"job_description": AD})]
    for resume_id, match_id in ((theirs, their_match), (mine, their_match), (theirs, my_match)):
        calls += [("get", f"{matches_path(resume_id, match_id)}/proposals", None),
                  ("post", f"{matches_path(resume_id, match_id)}/tailored-copy", None)]
    for method, path, body in calls:
        response = getattr(api, method)(path, json=body)
        assert response.status_code == 404, path
        assert response.mimetype == "application/problem+json"
    assert len(stored_matches(app)) == 2
    assert resume_count(app) == 2


def test_a_read_only_token_reads_proposals_but_cannot_match_or_tailor(app, user, matched):
    reader = ApiClient(app, make_token(app, user, "read"))
    resume_id, match_id = matched
    assert reader.get(f"{matches_path(*matched)}/proposals").status_code == 200
    assert reader.post(f"/api/v1/resumes/{resume_id}/match",
                       json={"job_description": AD}).status_code == 403
    assert reader.post(f"{matches_path(*matched)}/tailored-copy").status_code == 403
    assert len(stored_matches(app)) == 1 and resume_count(app) == 1
