"""A resume's normalized document is worked out once per content, and again when it changes."""
import json
from collections import Counter

import pytest
from sqlalchemy.orm.attributes import flag_modified

from website.extensions import db
from website.models import Resume, User
from website.services import resume_document, resumes

JOB = {"position": "Staff Engineer", "name": "Acme Corp", "startDate": "2021-03"}


@pytest.fixture
def normalized(monkeypatch) -> Counter:
    """Count each document `resume_document.normalize` is given, by its JSON."""
    seen, real = Counter(), resume_document.normalize

    def counting(document):
        seen[json.dumps(document, sort_keys=True)] += 1
        return real(document)

    monkeypatch.setattr(resume_document, "normalize", counting)
    return seen


@pytest.fixture
def resume_id(app, user) -> int:
    with app.app_context():
        return resumes.create(db.session.get(User, user.id), "Backend roles",
                              content={"basics": {"name": "Jane Doe"}, "work": [JOB]}).id


def test_an_editor_save_normalizes_the_saved_and_the_posted_document_once_each(
        auth_client, app, resume_id, normalized):
    page = f"/resume/{resume_id}/edit/work"
    token = auth_client.csrf_token(page)
    normalized.clear()  # the page drawn for the token is another request

    response = auth_client.post(page, data={
        "csrf_token": token, "base_version": 1, "action": "save",
        **{f"entries-0-{key}": value for key, value in JOB.items()},
        "entries-0-summary": "Owned the payments platform."})

    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Resume, resume_id)
        assert saved.version == 2 and saved.content["work"][0]["summary"] == \
            "Owned the payments platform."
    # The version's summary needs the document before the save and the one posted; the diff,
    # the completion and the rendering queued read them again, without normalizing again.
    assert len(normalized) == 2 and set(normalized.values()) == {1}


def test_the_document_follows_each_change_of_the_content(app, resume_id, normalized):
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        assert resume.document["work"][0]["position"] == "Staff Engineer"
        assert resume.document is resume.document
        assert sum(normalized.values()) == 1

        resume.content = {**resume.content, "work": [{**JOB, "position": "  CTO "}]}
        assert resume.document["work"][0]["position"] == "CTO"

        resume.content["work"][0]["position"] = "Founder"  # in place, flagged to be saved
        flag_modified(resume, "content")
        assert resume.document["work"][0]["position"] == "Founder"

        db.session.commit()  # expires the resume: its content is read again, a new object
        db.session.execute(db.update(Resume).where(Resume.id == resume_id).values(
            content={"basics": {"name": "Jane Doe"}, "work": [], "skills": [{"name": "Go"}]}))
        assert resume.document["work"] == [] and resume.document["skills"] == [{
            "name": "Go", "level": "", "keywords": []}]
