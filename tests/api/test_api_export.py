"""/api/v1/export with a token: the same files the pages download, counted the same way."""
import io
import json

import docx
import jsonschema
import pypdfium2
import pytest

from tests.export_samples import FULL, SCHEMA
from tests.factories import make_resume, make_token
from tests.helpers import ApiClient, filled_fields, recorded
from website.extensions import db
from website.models import Resume, User
from website.services import design_settings, resumes, versions
from website.services.export.dates import format_date
from website.services.export.view import short_address

EXPORTS = ["pdf", "docx", "txt", "json"]


def stored(app, resume_id: int) -> tuple:
    """Return what an export must never change, and the download count it must raise."""
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        return ((resume.version, resume.design_slug, resume.design_settings,
                 versions.version_count(resume)), resume.download_count)


def pdf_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    return " ".join(text.replace("•", " ").split())


def test_the_pdf_is_the_resume_and_counts_as_a_download(app, user, api):
    resume_id = make_resume(app, user, content=FULL)
    response = api.post("/api/v1/export/pdf", json={"resume_id": resume_id})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=Jane-Doe-Resume.pdf"
    text = pdf_text(response.data)
    assert "Jane Doe" in text and "Senior Engineer, Acme" in text
    assert stored(app, resume_id)[1] == 1


def test_the_word_document_opens_and_holds_the_resume(app, user, api):
    resume_id = make_resume(app, user, content=FULL)
    response = api.post("/api/v1/export/docx", json={"resume_id": resume_id})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith("filename=Jane-Doe-Resume.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs)
    assert "Jane Doe" in text and "Cut page load time by half" in text


def test_the_json_file_is_valid_json_resume_with_the_design(app, user, api):
    resume_id = make_resume(app, user, design="classic", content=FULL)
    response = api.post("/api/v1/export/json", json={"resume_id": resume_id})
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = json.loads(response.data)
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert data["basics"]["name"] == "Jane Doe"
    assert data["meta"]["resumeBuilder"]["template"] == "classic"


def test_the_text_holds_every_field(app, user, api):
    resume_id = make_resume(app, user, content=FULL)
    response = api.post("/api/v1/export/txt", json={"resume_id": resume_id})
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    text = response.get_data(as_text=True)
    for key, value in filled_fields(FULL):
        if key == "network":  # the address names it: github.com/janedoe
            continue
        shown = format_date(value) if key in ("startDate", "endDate", "date") else \
            short_address(value) if key == "url" else value
        assert shown in text, (key, value)


def test_the_preview_is_the_html_of_the_chosen_design(app, user, api):
    resume_id = make_resume(app, user, content=FULL)
    own = api.post("/api/v1/export/preview", json={"resume_id": resume_id})
    assert own.status_code == 200 and own.mimetype == "text/html"
    assert "Jane Doe" in own.get_data(as_text=True)
    assert "/resume/design/modern.css?" in own.get_data(as_text=True)
    other = api.post("/api/v1/export/preview", json={
        "resume_id": resume_id, "template": "classic", "settings": {"accent": "#aa0000"}})
    html = other.get_data(as_text=True)
    assert "/resume/design/classic.css?accent=%23aa0000" in html and "Jane Doe" in html
    assert stored(app, resume_id)[1] == 0  # a preview is not a download


@pytest.mark.parametrize("export", EXPORTS)
def test_another_design_and_settings_change_nothing_stored(app, user, api, export):
    resume_id = make_resume(app, user, content=FULL)
    before, _ = stored(app, resume_id)
    response = api.post(f"/api/v1/export/{export}", json={
        "resume_id": resume_id, "template": "classic",
        "settings": {"accent": "#aa0000", "hidden_sections": ["work"]}})
    assert response.status_code == 200
    assert stored(app, resume_id) == (before, 1)


def test_another_design_is_what_the_file_shows(app, user, api):
    resume_id = make_resume(app, user, content=FULL)
    order = ["education", *(key for key in design_settings.SECTION_KEYS if key != "education")]
    body = {"resume_id": resume_id, "template": "classic",
            "settings": {"font_size": 12, "hidden_sections": ["work"], "section_order": order}}
    meta = json.loads(api.post("/api/v1/export/json", json=body).data)["meta"]["resumeBuilder"]
    assert meta["template"] == "classic" and meta["settings"]["font_size"] == 12
    text = api.post("/api/v1/export/txt", json=body).get_data(as_text=True)
    assert "Senior Engineer" not in text and "TU Berlin" in text
    word = docx.Document(io.BytesIO(api.post("/api/v1/export/docx", json=body).data))
    assert [p.style.name for p in word.paragraphs if "TU Berlin" in p.text] == ["Heading 2"]
    assert word.styles["Normal"].font.size.pt == 12
    assert not any("Senior Engineer" in p.text for p in word.paragraphs)
    pdf = pdf_text(api.post("/api/v1/export/pdf", json=body).data)
    assert "Senior Engineer" not in pdf and "TU Berlin" in pdf


def test_each_file_counts_one_download(app, user, api):
    resume_id = make_resume(app, user, content=FULL)
    for number, export in enumerate(EXPORTS, start=1):
        assert api.post(f"/api/v1/export/{export}", json={"resume_id": resume_id}) \
            .status_code == 200
        assert stored(app, resume_id)[1] == number
    assert api.get(f"/api/v1/resumes/{resume_id}").get_json()["download_count"] == 4
    # Each is also an analytics event (the admin's export times) and a `resume.exported` one.
    downloads = [details for action, details in recorded(app, resume_id) if action == "download"]
    assert [details["format"] for details in downloads] == EXPORTS
    assert all(isinstance(details["duration_ms"], int) for details in downloads)


def test_a_read_only_token_can_export(app, user):
    resume_id = make_resume(app, user, content=FULL)
    reader = ApiClient(app, make_token(app, user, "read"))
    response = reader.post("/api/v1/export/txt", json={"resume_id": resume_id})
    assert response.status_code == 200 and b"Jane Doe" in response.data


@pytest.mark.parametrize("export", [*EXPORTS, "preview"])
def test_another_users_or_a_missing_resume_is_not_found(app, user, make_user, api, export):
    resume_id = make_resume(app, user, content=FULL)
    other = ApiClient(app, make_token(app, make_user(email="sam@example.com")))
    for client, wanted in ((other, resume_id), (api, resume_id + 1000), (api, 10**20)):
        response = client.post(f"/api/v1/export/{export}", json={"resume_id": wanted})
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"
    assert stored(app, resume_id)[1] == 0


@pytest.mark.parametrize("body, pointer", [
    ({}, "#/resume_id"),
    ({"resume_id": "7"}, "#/resume_id"),
    ({"resume_id": 1, "format": "pdf"}, "#/format"),
    ({"resume_id": 1, "template": "no-such-design"}, "#/template"),
    ({"resume_id": 1, "settings": {"font_size": 40}}, "#/settings/font_size"),
    ({"resume_id": 1, "settings": {"accent": "red"}}, "#/settings/accent"),
    ({"resume_id": 1, "settings": {"section_order": ["work"]}}, "#/settings/section_order"),
])
def test_invalid_bodies_get_a_problem_naming_the_field(app, user, api, body, pointer):
    resume_id = make_resume(app, user, content=FULL)
    response = api.post("/api/v1/export/pdf", json={**body, **(
        {"resume_id": resume_id} if body.get("resume_id") == 1 else {})})
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert pointer in [error.get("pointer") for error in response.get_json()["errors"]]
    assert stored(app, resume_id)[1] == 0


def test_the_eleventh_export_in_a_minute_is_refused(app, user, api):
    resume_id = make_resume(app, user, content={"basics": {"name": "Jane Doe"}})
    answers = [api.post("/api/v1/export/txt", json={"resume_id": resume_id})
               for _ in range(11)]
    assert [a.status_code for a in answers] == [200] * 10 + [429]
    assert answers[0].headers["RateLimit-Policy"] == '"export";q=10;w=60'
    refused = answers[-1]
    assert refused.mimetype == "application/problem+json"
    assert int(refused.headers["Retry-After"]) > 0
    assert stored(app, resume_id)[1] == 10
    assert api.get(f"/api/v1/resumes/{resume_id}").status_code == 200  # other calls go on


def test_the_export_limit_is_per_account_across_tokens_and_pages(app, user, api, auth_client):
    resume_id = make_resume(app, user, content={"basics": {"name": "Jane Doe"}})
    tokens = [api, ApiClient(app, make_token(app, user)), ApiClient(app, make_token(app, user))]
    answers = [tokens[n % 3].post("/api/v1/export/txt", json={"resume_id": resume_id})
               for n in range(10)]
    assert [a.status_code for a in answers] == [200] * 10
    # More tokens do not mean more exports, and the pages draw on the same budget.
    assert tokens[1].post("/api/v1/export/txt", json={"resume_id": resume_id}).status_code == 429
    assert auth_client.get(f"/resume/{resume_id}/export/txt").status_code == 429
    assert stored(app, resume_id)[1] == 10


@pytest.mark.parametrize("settings", [{}, {"accent": "#aa0000", "photo_id": 99, "font": "x"}],
                         ids=["nothing-chosen", "some-chosen-one-unusable"])
def test_the_page_and_the_api_download_the_same_json_file(app, user, api, auth_client,
                                                         settings):
    content = {**FULL, "meta": {"canonical": "https://jane.example.com/resume.json"},
               "work": [{**FULL["work"][0], "description": "Payments company"}]}
    with app.app_context():
        resume_id = resumes.create(db.session.get(User, user.id), "Backend roles", "classic",
                                   content, settings=settings).id
    page = auth_client.get(f"/resume/{resume_id}/export/json")
    answer = api.post("/api/v1/export/json", json={"resume_id": resume_id})
    assert page.status_code == answer.status_code == 200
    assert page.headers["Content-Type"] == answer.headers["Content-Type"]
    assert page.headers["Content-Disposition"] == answer.headers["Content-Disposition"]
    assert page.data == answer.data, (json.loads(page.data), json.loads(answer.data))
    data = json.loads(page.data)
    assert data["work"][0]["description"] == "Payments company"
    assert data["meta"]["canonical"] == "https://jane.example.com/resume.json"
    # The look a file carries is the one the resume is drawn in: complete, and usable.
    with app.app_context():
        drawn = design_settings.effective(db.session.get(Resume, resume_id)).stored()
    assert data["meta"]["resumeBuilder"]["settings"] == {
        key: value for key, value in drawn.items() if value != []}  # files leave out empties
