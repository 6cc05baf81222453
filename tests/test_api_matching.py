"""/api/v1/resumes/{id}/match: the match page's analysis, stored and announced the same way."""
import html

import pytest

from tests.conftest import ApiClient, deliver_queued, make_token
from tests.test_matching import AD, RESUME, stored_matches
from tests.test_resumes_manage import make_resume
from tests.webhook_helpers import make_webhook
from website.extensions import db
from website.models import Resume, ResumeAnalytic, User
from website.services import matching


def keyword_labels(keywords: list[dict]) -> list[str]:
    return [keyword["keyword"] for keyword in keywords]


def test_an_ad_is_scored_stored_and_announced(app, api, auth_client, user, receiver):
    webhook_id, secret = make_webhook(app, user, receiver.url, ["analysis.completed"])
    resume_id = make_resume(app, user, content=RESUME)
    response = api.post(f"/api/v1/resumes/{resume_id}/match", json={"job_description": AD})
    assert response.status_code == 201
    body = response.get_json()
    [match] = stored_matches(app)
    assert (body["id"], body["resume_id"], body["score"]) == (match.id, resume_id, match.score)
    assert 0 < body["score"] < 100
    assert body["job_title"] == match.job_title == "Senior Backend Engineer (Payments)"
    assert keyword_labels(body["matched_keywords"]) == match.matched_keywords
    assert keyword_labels(body["missing_keywords"]) == match.missing_keywords
    assert {"Python", "Kubernetes"} <= set(match.matched_keywords)
    assert {"Docker", "PostgreSQL"} <= set(match.missing_keywords)
    docker = next(k for k in body["missing_keywords"] if k["keyword"] == "Docker")
    assert (docker["kind"], docker["weight"]) == ("technical", matching.TECHNICAL_WEIGHT)
    assert "Add “Docker” to your skills if you have it, and name a job or project where you " \
           "used it." in body["suggestions"]
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


@pytest.mark.parametrize("ad, message", [
    ("the and with of to a is it", "no words to match"),
    ("   ", "no words to match"),
    ("Wir suchen einen erfahrenen Softwareentwickler für unser Team in Berlin. Sie arbeiten "
     "mit Python und sind für die Entwicklung der Plattform verantwortlich.", "in German"),
    ("x" * 20_001, "Use at most 20,000 characters"),
    ("", "Paste the text of a job ad."),
    ("Python\x00 developer", "NUL"),
])
def test_bad_ads_are_refused_naming_the_field_and_store_nothing(app, api, user, ad, message):
    resume_id = make_resume(app, user, content=RESUME)
    response = api.post(f"/api/v1/resumes/{resume_id}/match", json={"job_description": ad})
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    [error] = response.get_json()["errors"]
    assert error["pointer"] == "#/job_description" and message in error["detail"]
    assert stored_matches(app) == []


@pytest.mark.parametrize("body", [{}, {"job_description": AD, "extra": 1},
                                  {"job_description": 42}])
def test_malformed_bodies_are_refused(app, api, user, body):
    resume_id = make_resume(app, user, content=RESUME)
    response = api.post(f"/api/v1/resumes/{resume_id}/match", json=body)
    assert response.status_code == 422
    assert stored_matches(app) == []


def test_a_tailored_copy_is_a_new_resume_ordered_for_the_ad(app, api, user):
    resume_id = make_resume(app, user, content=RESUME)
    match_id = api.post(f"/api/v1/resumes/{resume_id}/match",
                        json={"job_description": AD}).get_json()["id"]
    response = api.post(f"/api/v1/resumes/{resume_id}/matches/{match_id}/tailored-copy")
    assert response.status_code == 201
    copy = response.get_json()
    assert copy["title"] == "Backend roles (tailored)" and copy["id"] != resume_id
    assert response.headers["Location"].endswith(f"/api/v1/resumes/{copy['id']}")
    assert [s["name"] for s in copy["resume"]["skills"]][:2] == ["Python", "Kubernetes"]
    assert api.get(f"/api/v1/resumes/{copy['id']}").status_code == 200


def test_another_users_resume_and_matches_are_not_found(app, api, user, make_user):
    stranger = make_user(email="sam@example.com", name="Sam Smith")
    theirs = make_resume(app, stranger, content=RESUME)
    with app.app_context():
        their_match = matching.record(db.session.get(Resume, theirs),
                                      db.session.get(User, stranger.id), AD).id
    mine = make_resume(app, user, content=RESUME)
    for path in (f"/api/v1/resumes/{theirs}/match",
                 f"/api/v1/resumes/{theirs}/matches/{their_match}/tailored-copy",
                 f"/api/v1/resumes/{mine}/matches/{their_match}/tailored-copy"):
        response = api.post(path, json={"job_description": AD} if path.endswith("match")
                            else None)
        assert response.status_code == 404, path
        assert response.mimetype == "application/problem+json"
    assert len(stored_matches(app)) == 1
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Resume)) == 2


def test_a_read_only_token_cannot_match(app, user):
    resume_id = make_resume(app, user, content=RESUME)
    reader = ApiClient(app, make_token(app, user, "read"))
    response = reader.post(f"/api/v1/resumes/{resume_id}/match", json={"job_description": AD})
    assert response.status_code == 403
    assert stored_matches(app) == []
