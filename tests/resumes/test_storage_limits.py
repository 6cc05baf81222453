"""No account can grow the database without end: one resume holds at most MAX_DOCUMENT_BYTES,
an account keeps at most RESUME_QUOTA resumes and STORAGE_QUOTA_BYTES of history and photos,
and imports are rate-limited. Every refusal says why and changes nothing."""
import json
import random
import string

import pytest

from tests import import_steps
from website.extensions import db
from website.models import Resume, ResumeVersion, User
from website.services import quotas, resume_document, resumes

QUOTA_BYTES = 64 * 1024
TOO_LONG = "The resume is too long: "
FULL = "already use"


@pytest.fixture
def app_config():
    return {"RESUME_QUOTA": 3, "STORAGE_QUOTA_BYTES": QUOTA_BYTES, "IMPORT_LIMIT": "4 per minute"}


def noise(length: int, seed: int = 0) -> str:
    """Text that does not compress, as an attacker would send."""
    return "".join(random.Random(seed).choices(string.ascii_letters, k=length))


def document_of(size: int, seed: int = 0) -> dict:
    """A valid document of about `size` bytes of JSON: keywords of skills and interests."""
    lines = [noise(500, seed * 100_000 + n) for n in range(size // 500 + 1)]
    entries = [{"name": f"Entry {i}", "keywords": lines[i * 30:(i + 1) * 30]}
               for i in range(len(lines) // 30 + 1)]
    return {"basics": {"name": "Jane Doe"}, "skills": entries[:40], "interests": entries[40:]}


def stored(app, user) -> tuple[int, int]:
    """Return (resumes, versions) the user has."""
    with app.app_context():
        owned = db.select(Resume.id).where(Resume.user_id == user.id)
        return (db.session.scalar(db.select(db.func.count()).select_from(owned.subquery())),
                db.session.scalar(db.select(db.func.count()).select_from(ResumeVersion)
                                  .where(ResumeVersion.resume_id.in_(owned))))


def new_resume(app, user, title: str = "Backend roles") -> int:
    with app.app_context():
        return resumes.create(db.session.get(User, user.id), title).id


def jobs_form(count: int, base_version: int) -> dict:
    """The editor's Experience form with `count` jobs of 30 highlights of 15 KB noise each."""
    fields = {"base_version": str(base_version), "action": "save"}
    for index in range(count):
        fields[f"entries-{index}-position"] = f"Job {index}"
        fields[f"entries-{index}-highlights"] = "\n".join(
            noise(500, index * 100 + line) for line in range(30))
    return fields


def import_file(client, document: dict, title: str = ""):
    return import_steps.import_file(client, json.dumps(document).encode(), title=title)


def test_the_audits_760_kb_puts_are_refused_and_store_nothing(app, user, api):
    resume_id = new_resume(app, user)
    before = stored(app, user)
    for step in range(20):
        response = api.put(f"/api/v1/resumes/{resume_id}",
                           json={"version": 1, "resume": document_of(760 * 1024, step)})
        assert response.status_code in (413, 422)
    assert response.status_code == 422
    assert response.json["errors"][0]["pointer"] == "#/resume"
    assert response.json["errors"][0]["detail"].startswith(TOO_LONG)
    assert stored(app, user) == before


def test_a_document_over_the_cap_is_refused_by_api_create_import_and_editor(
        app, user, api, auth_client):
    big = document_of(resume_document.MAX_DOCUMENT_BYTES + 1024)
    assert resume_document.serialized_size(resume_document.normalize(big)) > \
        resume_document.MAX_DOCUMENT_BYTES
    response = api.post("/api/v1/resumes", json={"title": "Big", "resume": big})
    assert response.status_code == 422
    assert response.json["errors"][0]["detail"].startswith(TOO_LONG)

    response = import_file(auth_client, big)
    assert response.status_code == 422
    assert TOO_LONG in response.get_data(as_text=True)
    assert stored(app, user) == (0, 0)

    resume_id = new_resume(app, user)
    # 20 jobs of 30 highlights of 500 characters: ~300 KB
    response = auth_client.submit(f"/resume/{resume_id}/edit/work", jobs_form(20, 1))
    assert response.status_code == 422
    assert TOO_LONG in response.get_data(as_text=True)
    assert "Job 19" in response.get_data(as_text=True)  # what was typed is still there
    assert stored(app, user) == (1, 1)


def test_the_resume_quota_counts_the_trash_and_holds_on_every_path(
        app, user, api, auth_client):
    for title in ("One", "Two", "Three"):
        new_resume(app, user, title)
    with app.app_context():
        resumes.move_to_trash(db.session.execute(
            db.select(Resume).where(Resume.title == "One")).scalar_one())

    response = auth_client.submit("/resume/new", {"title": "Four", "template": "modern"})
    assert response.status_code == 403
    assert "You have 3 resumes, the trash included" in response.get_data(as_text=True)

    response = api.post("/api/v1/resumes", json={"title": "Four"})
    assert response.status_code == 403
    assert "You have 3 resumes" in response.json["detail"]
    assert "quota" in response.json["title"]  # not a matter of the token's scope alone

    response = import_file(auth_client, {"basics": {"name": "Jane"}})
    assert response.status_code == 422
    assert "You have 3 resumes" in response.get_data(as_text=True)

    two = stored(app, user)
    with app.app_context():
        any_id = db.session.execute(db.select(Resume.id).where(Resume.title == "Two")).scalar()
    response = auth_client.submit(f"/resume/{any_id}/duplicate", page="/resume/manage")
    assert response.status_code == 403
    assert stored(app, user) == two == (3, 3)


def test_the_storage_quota_refuses_a_save_and_warns_before(app, user, api, auth_client):
    resume_id = new_resume(app, user)
    version = 1
    while True:
        response = api.put(f"/api/v1/resumes/{resume_id}",
                           json={"version": version, "resume": document_of(12 * 1024, version)})
        if response.status_code != 200:
            break
        version += 1
    assert response.status_code == 403
    assert "your resumes and their history already use" in response.json["detail"]
    assert "of the 64 KB an account can store" in response.json["detail"]
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        assert resume.version == version
        usage = quotas.usage(db.session.get(User, user.id))
    assert usage.stored_bytes <= QUOTA_BYTES
    assert usage.near_limit

    manage = auth_client.get("/resume/manage").get_data(as_text=True)
    assert f"You are using {quotas.human_size(usage.stored_bytes)} of 64 KB" in manage
    account = auth_client.get("/account").get_data(as_text=True)
    assert "You are using" in account

    # Through the editor the refusal sits on the form, with what was typed kept.
    response = auth_client.submit(f"/resume/{resume_id}/edit/work", jobs_form(2, version))
    assert response.status_code == 422
    assert "Not saved: your resumes and their history already use" in \
        response.get_data(as_text=True)
    assert "Job 1" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Resume, resume_id).version == version


def test_far_from_the_quotas_the_manage_page_does_not_warn(app, user, auth_client):
    new_resume(app, user)
    assert "You are using" not in auth_client.get("/resume/manage").get_data(as_text=True)
    assert "You are using" in auth_client.get("/account").get_data(as_text=True)


def test_imports_are_rate_limited_per_account(app, user, auth_client):
    for title in ("A", "B", "C"):
        assert import_file(auth_client, {"basics": {"name": title}}, title).status_code == 302
    assert import_file(auth_client, {"basics": {"name": "D"}}, "D").status_code == 422  # quota
    response = import_file(auth_client, {"basics": {"name": "E"}}, "E")
    assert response.status_code == 429
    assert stored(app, user)[0] == 3
