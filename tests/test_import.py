"""Importing a JSON Resume file: ours round-trips exactly, others' files come in, bad ones don't."""
import io
import json

import pytest

from tests import export_samples as samples
from website.extensions import db
from website.models import Resume, User
from website.services.export.json_resume import json_bytes
from website.services.importer import MAX_BYTES, ImportRejected, import_json_resume

SETTINGS = {"accent": "#1f4e79", "font": "liberation-serif", "font_size": 11}


def owner(user) -> User:
    return db.session.get(User, user.id)


def resume_count() -> int:
    return db.session.execute(db.select(db.func.count(Resume.id))).scalar_one()


@pytest.mark.parametrize("sample", sorted(samples.SAMPLES))
def test_export_import_export_is_identical(app, user, sample):
    with app.app_context():
        first = json_bytes(samples.SAMPLES[sample](), template_slug="classic",
                           template_settings={**SETTINGS, "photo_id": 3})
        resume = import_json_resume(owner(user), first, title="Imported")
        db.session.expire_all()  # read back what the database stored
        resume = db.session.get(Resume, resume.id)
        second = json_bytes(resume.content, template_slug=resume.template_slug,
                            template_settings=resume.template_settings)
        assert second == first
        assert resume.template_slug == "classic"
        assert resume.template_settings == SETTINGS


def test_another_tools_file_comes_in_with_its_extra_fields(app, user):
    raw = json.dumps({
        "basics": {"name": "Thomas Edison", "location": "Menlo Park, NJ",
                   "image": "https://example.com/me.png", "profiles": []},
        "work": [{"name": "Edison Labs", "position": "Inventor", "startDate": "1876",
                  "description": "Research lab"}],
        "meta": {"theme": "elegant", "version": "v1.0.0"},
    }).encode()
    with app.app_context():
        resume = import_json_resume(owner(user), raw)
        assert resume.title == "Thomas Edison"
        assert resume.template_slug == "modern"
        assert resume.content["basics"]["location"]["address"] == "Menlo Park, NJ"
        assert resume.content["basics"]["image"] == "https://example.com/me.png"
        assert resume.content["work"][0]["description"] == "Research lab"
        assert resume.content["meta"] == {"theme": "elegant", "version": "v1.0.0"}


def test_settings_from_the_file_never_bring_a_photo_or_invalid_values(app, user):
    raw = json.dumps({"basics": {"name": "Jane"}, "meta": {"resumeBuilder": {
        "template": "minimal",
        "settings": {"photo_id": 99, "accent": "red", "font_size": 11, "unknown": 1}}}}).encode()
    with app.app_context():
        resume = import_json_resume(owner(user), raw)
        assert resume.template_slug == "minimal"
        assert resume.template_settings == {"font_size": 11}


def test_an_unknown_template_falls_back_to_the_default(app, user):
    raw = json.dumps({"basics": {"name": "Jane"},
                      "meta": {"resumeBuilder": {"template": "../etc", "settings": {}}}}).encode()
    with app.app_context():
        assert import_json_resume(owner(user), raw).template_slug == "modern"


@pytest.mark.parametrize(("raw", "message"), [
    (b"not json at all", "not valid JSON"),
    (b'{"basics": {"name": "Jane"', "not valid JSON"),
    (b"\xff\xfe\x00binary", "not UTF-8"),
    (b'["a", "list"]', "one JSON object"),
    (b'{"hello": "world"}', "not a JSON Resume"),
    (b'{"basics": "Jane"}', "“basics” must be an object"),
    (b'{"work": {"position": "Dev"}}', "“work” must be a list of objects"),
    (b'{"work": [{"name": "Acme", "startDate": "May"}]}', "YYYY-MM"),
    (b'{"basics": {"email": "nope"}}', "valid email address"),
    (b'{"basics": {"profiles": [' + b'{"network": "GitHub"}, ' * 100 + b'{"network": "X"}]}}',
     "At most 100 profiles"),
    (b'{"basics": {"name": "J"}}' + b" " * MAX_BYTES, "larger than 1 MB"),
])
def test_bad_files_are_rejected_with_a_clear_message_and_nothing_is_created(app, user, raw,
                                                                           message):
    with app.app_context():
        with pytest.raises(ImportRejected, match=message):
            import_json_resume(owner(user), raw)
        db.session.rollback()
        assert resume_count() == 0


def upload(raw: bytes, name: str = "resume.json") -> dict:
    return {"file": (io.BytesIO(raw), name)}


def test_the_manage_page_links_to_the_import_page(auth_client):
    html = auth_client.get("/resume/manage").get_data(as_text=True)
    assert 'href="/resume/import"' in html
    page = auth_client.get("/resume/import").get_data(as_text=True)
    assert '<label class="form-label" for="file">JSON Resume file</label>' in page
    assert 'enctype="multipart/form-data"' in page


def test_uploading_a_file_creates_the_resume_and_opens_the_editor(app, auth_client):
    raw = json_bytes(samples.full(), template_slug="classic", template_settings=SETTINGS)
    response = auth_client.submit("/resume/import", {**upload(raw), "title": "From file"},
                                  content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        resume = db.session.execute(db.select(Resume)).scalar_one()
        assert (resume.title, resume.template_slug) == ("From file", "classic")
        assert response.location == f"/resume/{resume.id}/edit"
    page = auth_client.get(response.location, follow_redirects=True).get_data(as_text=True)
    assert "Imported “From file”" in page


@pytest.mark.parametrize(("raw", "message"), [
    (b"{broken", "The file is not valid JSON"),
    (b"[1, 2]", "The file must hold one JSON object"),
    (None, "Choose a file."),
])
def test_a_bad_file_shows_the_problem_next_to_the_field_and_creates_nothing(app, auth_client,
                                                                           raw, message):
    response = auth_client.submit("/resume/import", upload(raw) if raw else {},
                                  content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'<div class="invalid-feedback d-block" id="file-error">{message}' in html
    assert 'aria-invalid="true"' in html
    with app.app_context():
        assert resume_count() == 0


def test_the_import_page_needs_a_login(client):
    response = client.get("/resume/import")
    assert response.status_code == 302 and "/login" in response.location
