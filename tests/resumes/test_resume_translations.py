"""One resume, several languages: translations kept as versions, shown beside their originals,
and chosen by each download; a missing translation shows the original, never an error."""
import html
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from docx import Document

from tests.factories import make_resume, make_token
from tests.helpers import ApiClient, log_in, pdf_text
from website.extensions import db
from website.models import RenderedFile, Resume, ResumeVersion
from website.services import design_settings, resume_translations, resumes, versions

SCHEMA = json.loads((Path(__file__).parents[2] / "node_modules/@jsonresume/schema/schema.json")
                    .read_text())
CONTENT = {"basics": {"name": "Jane Doe", "label": "Backend Engineer",
                      "summary": "I build reliable services."},
           "work": [{"position": "Senior Engineer", "name": "Acme GmbH",
                     "summary": "Ran the payments team.",
                     "highlights": ["Cut costs by 30%", "Hired five engineers"]},
                    {"position": "Engineer", "name": "Initech"}],
           "skills": [{"name": "Databases", "keywords": ["PostgreSQL"]}]}
GERMAN = {"basics.label": "Backend-Entwicklerin",
          "work.0.highlights": "Kosten um 30 % gesenkt\nFünf Entwickler eingestellt"}


@pytest.fixture
def resume_id(app, user):
    """A resume in English with a German translation of two of its fields."""
    resume_id = make_resume(app, user, content=CONTENT)
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        settings = design_settings.effective(resume)
        content = resume_translations.with_language(resume.content, settings, "de")
        content = resume_translations.translated(content, "de", GERMAN)
        resume_translations.save(resume, resume.owner, resume.version, content, "Translated")
    return resume_id


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def fields(text: str) -> dict[str, str]:
    """Return {input name: value} of the translation editor's text fields."""
    found = dict(re.findall(r'<input[^>]*name="(field_\d+)"[^>]*value="([^"]*)"', text))
    found.update(re.findall(r'<textarea[^>]*name="(field_\d+)"[^>]*>\r?\n?([^<]*)</textarea>',
                            text))
    return found


def test_the_editor_shows_each_original_beside_its_translation(auth_client, resume_id):
    text = page(auth_client.get(f"/resume/{resume_id}/translations/de"))
    assert "Backend Engineer" in text and "Backend-Entwicklerin" in text
    assert "Senior Engineer" in text  # untranslated: the original shown, the field empty
    assert 'lang="de"' in text and 'lang="en"' in text
    assert "Acme GmbH" in text  # in the entry's heading; names are not fields to translate
    assert 'name="field_' in text
    assert "Headline in German" in text


def test_saving_translations_makes_a_version_that_can_be_restored(app, auth_client, resume_id):
    path = f"/resume/{resume_id}/translations/de"
    text = page(auth_client.get(path))
    data = fields(text)
    version = re.search(r'name="base_version" type="hidden" value="(\d+)"', text).group(1)
    data = {**data, "base_version": version,
            **{name: "Zuverlässige Dienste baue ich." for name, value in data.items()
               if value == ""}}
    response = auth_client.submit(path, data)
    assert response.status_code == 302
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        assert str(resume.version) != version
        found = resume_translations.progress(resume.content, "de")
        assert found.translated == found.total
        versions.restore(resume, db.session.scalar(db.select(ResumeVersion).where(
            ResumeVersion.resume_id == resume_id, ResumeVersion.number == int(version))),
            resume.owner, resume.version)
        assert resume_translations.progress(resume.content, "de").translated == 2


def test_a_stale_form_saves_nothing(app, auth_client, resume_id):
    path = f"/resume/{resume_id}/translations/de"
    data = fields(page(auth_client.get(path)))
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, resume.owner, resume.version, title="Changed elsewhere")
        stale = resume.version - 1
        before = resume.content
    response = auth_client.submit(path, {**data, "base_version": stale, "field_0": "Neu"})
    assert response.status_code == 302
    assert "changed in another tab" in page(auth_client.get(path))
    with app.app_context():
        assert db.session.get(Resume, resume_id).content == before


def test_a_too_long_translation_is_refused_next_to_its_field(app, auth_client, resume_id):
    path = f"/resume/{resume_id}/translations/de"
    text = page(auth_client.get(path))
    version = re.search(r'name="base_version" type="hidden" value="(\d+)"', text).group(1)
    response = auth_client.submit(path, {**fields(text), "base_version": version,
                                         "field_0": "x" * 501})
    assert response.status_code == 422
    assert "Use at most 500 characters." in page(response)
    assert 'aria-invalid="true"' in page(response)


def test_a_changed_original_is_flagged_and_falls_back(app, auth_client, resume_id):
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        changed = {**resume.content, "basics": {**resume.content["basics"],
                                                "label": "Staff Engineer"}}
        resumes.save(resume, resume.owner, resume.version, content=changed)
        shown, _ = resume_translations.apply(resume.content,
                                             design_settings.effective(resume), "de")
        assert shown["basics"]["label"] == "Staff Engineer"
        assert resume_translations.progress(resume.content, "de").outdated == 1
    text = page(auth_client.get(f"/resume/{resume_id}/translations/de"))
    assert "Original changed since you translated it." in text
    assert "Backend-Entwicklerin" in text  # the old translation, to copy from
    assert "1 original changed since you translated it" in page(
        auth_client.get(f"/resume/{resume_id}/translations"))


def test_reordered_entries_keep_their_translations(app, resume_id):
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        content = {**resume.content, "work": list(reversed(resume.content["work"]))}
        resumes.save(resume, resume.owner, resume.version, content=content)
        shown, settings = resume_translations.apply(resume.content,
                                                    design_settings.effective(resume), "de")
        assert shown["work"][1]["highlights"] == ["Kosten um 30 % gesenkt",
                                                  "Fünf Entwickler eingestellt"]
        assert settings.language == "de"
        assert "translations" not in shown


@pytest.mark.parametrize("code", ["xx", "<script>", "en", "de"])
def test_a_language_that_cannot_be_added_is_refused_by_its_field(auth_client, resume_id, code):
    path = f"/resume/{resume_id}/translations"
    text = page(auth_client.get(path))
    version = re.search(r'name="base_version" type="hidden" value="(\d+)"', text).group(1)
    response = auth_client.submit(path, {"language": code, "base_version": version})
    assert response.status_code == 422
    assert 'id="language-error"' in page(response)


def test_adding_and_deleting_a_language(app, auth_client, resume_id):
    path = f"/resume/{resume_id}/translations"
    text = page(auth_client.get(path))
    assert "2 of 8 fields translated" in text
    version = re.search(r'name="base_version" type="hidden" value="(\d+)"', text).group(1)
    response = auth_client.submit(path, {"language": "fr", "base_version": version})
    assert response.headers["Location"].endswith(f"/resume/{resume_id}/translations/fr")
    version = str(int(version) + 1)
    response = auth_client.submit(f"{path}/fr/delete", {"base_version": version}, page=path)
    assert response.status_code == 302
    with app.app_context():
        assert resume_translations.available(
            db.session.get(Resume, resume_id).content) == ["de"]


def test_downloads_in_a_translated_language(auth_client, resume_id, pdftotext):  # noqa: F811
    german = pdf_text(pdftotext, auth_client.get(
        f"/resume/{resume_id}/export/pdf?language=de").data)
    assert "Backend-Entwicklerin" in german and "Kosten um 30 % gesenkt" in german
    assert "Senior Engineer" in german  # not translated: the original
    english = pdf_text(pdftotext, auth_client.get(f"/resume/{resume_id}/export/pdf").data)
    assert "Backend Engineer" in english and "Backend-Entwicklerin" not in english
    response = auth_client.get(f"/resume/{resume_id}/export/docx?language=de")
    assert "Jane-Doe-Resume-de.docx" in response.headers["Content-Disposition"]
    word = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "Backend-Entwicklerin" in word and "Senior Engineer" in word
    text = auth_client.get(f"/resume/{resume_id}/export/txt?language=de").get_data(as_text=True)
    assert "Fünf Entwickler eingestellt" in text and "Ran the payments team." in text
    data = json.loads(auth_client.get(f"/resume/{resume_id}/export/json?language=de").data)
    assert data["basics"]["label"] == "Backend-Entwicklerin" and "translations" not in data
    assert data["meta"]["resumeBuilder"]["settings"]["language"] == "de"
    original = json.loads(auth_client.get(f"/resume/{resume_id}/export/json").data)
    assert original["basics"]["label"] == "Backend Engineer"
    # Kept for a lossless round trip, where the schema lets a file add its own properties.
    jsonschema.validate(original, SCHEMA)
    assert "Backend-Entwicklerin" in json.dumps(original["translations"], ensure_ascii=False)


@pytest.mark.parametrize("language", ["fr", "xx", "", "en-GB", "%00", "de" * 20])
def test_an_untranslated_or_unknown_language_gives_the_original(auth_client, resume_id,
                                                                language):
    response = auth_client.get(f"/resume/{resume_id}/export/txt?language={language}")
    assert response.status_code == 200
    assert "Backend Engineer" in response.get_data(as_text=True)
    assert "Jane-Doe-Resume.txt" in response.headers["Content-Disposition"]


def test_a_regional_tag_finds_its_language(auth_client, resume_id):
    response = auth_client.get(f"/resume/{resume_id}/export/txt?language=de-AT")
    assert "Backend-Entwicklerin" in response.get_data(as_text=True)


def test_the_file_store_keeps_languages_apart(app, auth_client, resume_id):
    german = auth_client.get(f"/resume/{resume_id}/export/docx?language=de").data
    english = auth_client.get(f"/resume/{resume_id}/export/docx").data
    assert auth_client.get(f"/resume/{resume_id}/export/docx?language=de").data == german
    assert b"Backend-Entwicklerin" not in english
    assert "Backend Engineer" in "\n".join(
        p.text for p in Document(io.BytesIO(english)).paragraphs)
    with app.app_context():
        keys = db.session.scalars(db.select(RenderedFile.key).where(
            RenderedFile.resume_id == resume_id, RenderedFile.kind == "docx")).all()
        assert len(set(keys)) == 2


@pytest.mark.parametrize("path", ["", "/de", "/de/delete"])
def test_a_stranger_gets_404(app, client, make_user, resume_id, path):
    stranger = make_user("mallory@example.com", "Mallory")
    log_in(client, stranger.email)
    url = f"/resume/{resume_id}/translations{path}"
    if path.endswith("delete"):
        assert client.submit(url, {"base_version": 1}, page="/resumes").status_code == 404
    else:
        assert client.get(url).status_code == 404
    assert client.get(f"/resume/{resume_id}/export/pdf?language=de").status_code == 404


def test_a_language_the_resume_does_not_have_is_not_found(auth_client, resume_id):
    assert auth_client.get(f"/resume/{resume_id}/translations/fr").status_code == 404
    assert auth_client.get(f"/resume/{resume_id}/translations/xx").status_code == 404


def test_the_share_link_offers_and_shows_each_language(app, auth_client, resume_id,
                                                       pdftotext):  # noqa: F811
    assert auth_client.submit(f"/resume/{resume_id}/share").status_code == 302
    manage = page(auth_client.get(f"/resume/{resume_id}/share"))
    german_link = re.search(r'id="share-link-de" type="text" value="([^"]+)"', manage).group(1)
    path = "/r/" + german_link.rsplit("/r/", 1)[1]
    assert path.endswith("?language=de")
    visitor = app.test_client()
    public = page(visitor.get(path))
    assert 'hreflang="de"' in public and 'hreflang="en"' in public
    assert re.search(r'aria-current="page">Deutsch<', public)
    frame = re.search(r'<iframe class="shared-frame" src="([^"]+)"', public).group(1)
    document = page(visitor.get(frame))
    assert "Backend-Entwicklerin" in document and "Senior Engineer" in document
    pdf_path = re.search(r'href="(/r/[^"]+/pdf[^"]*)"', public).group(1)
    response = visitor.get(pdf_path)
    assert "Jane-Doe-Resume-de.pdf" in response.headers["Content-Disposition"]
    assert "Kosten um 30 % gesenkt" in pdf_text(pdftotext, response.data)
    english = page(visitor.get(path.replace("?language=de", "?language=xx")))
    assert re.search(r'aria-current="page">English<', english)
    frame = re.search(r'<iframe class="shared-frame" src="([^"]+)"', english).group(1)
    assert "Backend Engineer" in page(visitor.get(frame))


def test_a_resume_without_translations_offers_no_languages(app, auth_client, user):
    plain = make_resume(app, user, content=CONTENT)
    auth_client.submit(f"/resume/{plain}/share")
    manage = page(auth_client.get(f"/resume/{plain}/share"))
    assert "Translate it" in manage
    path = "/r/" + re.search(r'id="share-link" type="text" value="([^"]+)"',
                             manage).group(1).rsplit("/r/", 1)[1]
    assert "hreflang" not in page(app.test_client().get(path + "?language=de"))


def test_the_api_reads_and_writes_a_translation(app, api, resume_id):
    answer = api.get(f"/api/v1/resumes/{resume_id}/translations/de")
    assert answer.status_code == 200
    body = answer.get_json()
    assert (body["translated"], body["total"]) == (2, 8)
    assert {"path": "basics.label", "original": "Backend Engineer",
            "translation": "Backend-Entwicklerin", "outdated_original": "",
            "outdated_translation": ""} in body["fields"]
    changed = api.put(f"/api/v1/resumes/{resume_id}/translations/de", json={
        "version": body["version"], "translations": {"work.0.position": "Leitende Entwicklerin"}})
    assert changed.status_code == 200 and changed.get_json()["translated"] == 3
    stale = api.put(f"/api/v1/resumes/{resume_id}/translations/de", json={
        "version": body["version"], "translations": {"work.0.position": "Anders"}})
    assert stale.status_code == 409
    added = api.put(f"/api/v1/resumes/{resume_id}/translations/fr", json={
        "version": changed.get_json()["version"],
        "translations": {"basics.label": "Ingénieure backend"}})
    assert added.status_code == 200 and added.get_json()["translated"] == 1
    exported = api.post("/api/v1/export/txt", json={"resume_id": resume_id, "language": "fr"})
    assert "Ingénieure backend" in exported.get_data(as_text=True)


@pytest.mark.parametrize("language, translations, status", [
    ("de", {"nowhere.0.summary": "x"}, 422),
    ("de", {"basics.label": "x" * 501}, 422),
    ("xx", {"basics.label": "x"}, 422),
    ("en", {"basics.label": "x"}, 422),
])
def test_the_api_refuses_bad_translations_and_changes_nothing(app, api, resume_id, language,
                                                              translations, status):
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        version, before = resume.version, resume.content
    answer = api.put(f"/api/v1/resumes/{resume_id}/translations/{language}",
                     json={"version": version, "translations": translations})
    assert answer.status_code == status
    with app.app_context():
        assert db.session.get(Resume, resume_id).content == before


def test_a_stranger_cannot_reach_translations_through_the_api(app, make_user, resume_id):
    stranger = ApiClient(app, make_token(app, make_user("mallory@example.com", "Mallory")))
    assert stranger.get(f"/api/v1/resumes/{resume_id}/translations/de").status_code == 404
    assert stranger.put(f"/api/v1/resumes/{resume_id}/translations/de", json={
        "version": 1, "translations": {}}).status_code == 404
