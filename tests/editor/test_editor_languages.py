"""The editor, version history and variant pages in the reader's language; the API in English."""
import copy
import json
import re

import pytest

from tests.factories import make_resume
from website.extensions import db
from website.models import Resume
from website.services import resumes

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}
POLISH = {"Accept-Language": "pl"}
CONTENT = {
    "basics": {"name": "Jane Doe", "email": "jane@example.com", "location": {"city": "Berlin"}},
    "work": [{"position": "Staff Engineer", "name": "Acme Corp", "startDate": "2021-03",
              "highlights": ["Led the move to Kubernetes"]}],
    "skills": [{"name": "Python"}],
}


def add_skill(app, resume_id: int, name: str) -> None:
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        content = copy.deepcopy(resume.content)
        content["skills"].append({"name": name})
        assert resumes.save(resume, resume.owner, resume.version, content=content)


def page(client, path: str, headers: dict) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', html)
    assert match, f"no error next to {field_id}"
    return match[1]


@pytest.mark.parametrize(("headers", "words"), [
    (GERMAN, ["Berufserfahrung", "Stelle hinzufügen", "Berufserfahrung speichern", "Beginn",
              "Nach oben", "Verlauf", "PDF herunterladen"]),
    (POLISH, ["Doświadczenie", "Dodaj stanowisko", "Zapisz doświadczenie", "Data rozpoczęcia",
              "W górę", "Historia", "Pobierz PDF"]),
])
def test_the_editor_speaks_the_readers_language(auth_client, app, user, headers, words):
    resume_id = make_resume(app, user, design="classic", content=CONTENT)
    html = page(auth_client, f"/resume/{resume_id}/edit/work", headers)
    assert all(word in html for word in words)
    assert "Add a job" not in html and "Move up" not in html
    # The scripts' sentences come in the same language, in the page's JSON block.
    block = re.search(r'<script type="application/json" id="messages-editor">(.*?)</script>',
                      html, re.S)
    said = json.loads(block[1])
    assert said["saving"] == ("Wird gespeichert…" if headers is GERMAN else "Zapisywanie…")


@pytest.mark.parametrize(("headers", "message"), [
    (GERMAN, "Verwenden Sie die Form JJJJ, JJJJ-MM oder JJJJ-MM-TT mit einem echten Datum."),
    (POLISH, "Użyj formatu RRRR, RRRR-MM lub RRRR-MM-DD z prawdziwą datą."),
])
def test_a_refused_field_says_why_in_the_readers_language(auth_client, app, user, headers,
                                                          message):
    resume_id = make_resume(app, user, design="classic", content=CONTENT)
    url = f"/resume/{resume_id}/edit/work"
    response = auth_client.submit(url, {
        "base_version": 1, "action": "save", "entries-0-position": "Staff Engineer",
        "entries-0-startDate": "2021-13"}, headers=headers)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "entries-0-startDate") == message
    with app.app_context():
        assert db.session.get(Resume, resume_id).version == 1  # nothing was saved


def test_autosave_answers_in_the_readers_language(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=CONTENT)
    url = f"/resume/{resume_id}/edit/basics"
    headers = {**GERMAN, "Accept": "application/json"}
    saved = auth_client.submit(f"{url}/autosave", {"base_version": 1, "name": "Jane Doe",
                                                   "email": "jane@example.com"},
                               page=url, headers=headers).get_json()
    parts = {part["key"]: part for part in saved["completion"]["sections"]}
    assert parts["basics"]["label"] == "Persönliche Angaben"
    assert parts["basics"]["hint"] == ("Ergänzen Sie eine Berufsbezeichnung, eine Telefonnummer "
                                       "und Ihre Stadt.")
    refused = auth_client.submit(f"{url}/autosave", {"base_version": saved["version"],
                                                     "email": "not an address"},
                                 page=url, headers=headers)
    assert refused.status_code == 422
    answer = refused.get_json()
    assert answer["message"] == "Nicht gespeichert: Korrigieren Sie die markierten Felder."
    assert answer["fields"]["email"].startswith("Geben Sie eine gültige E-Mail-Adresse ein")


@pytest.mark.parametrize(("headers", "words"), [
    (GERMAN, ["Verlauf von „Backend roles“", "Kenntnis Docker hinzugefügt", "gerade eben",
              "Version 2 im Vergleich mit Version 1"]),
    (POLISH, ["Historia „Backend roles”", "Dodano wpis (umiejętność) Docker", "przed chwilą",
              "Wersja 2 w porównaniu z wersją 1"]),
])
def test_the_history_and_a_comparison_speak_the_readers_language(auth_client, app, user,
                                                                  headers, words):
    resume_id = make_resume(app, user, design="classic", content=CONTENT)
    base = f"/resume/{resume_id}/versions"
    # Saved by the reader, so the stored summary is in their language too.
    url = f"/resume/{resume_id}/edit/skills"
    assert auth_client.submit(url, {"base_version": 1, "action": "save",
                                    "entries-0-name": "Python", "entries-1-name": "Docker"},
                              headers=headers).status_code == 302
    html = page(auth_client, base, headers) + page(auth_client, f"{base}/compare?from=2&to=1",
                                                   headers)
    assert [word for word in words if word not in html] == []
    assert "just now" not in html and "Compare with current" not in html


@pytest.mark.parametrize(("headers", "words"), [
    (GERMAN, ["Änderungen im Master von „Payments job“", "Kenntnis Docker hinzugefügt",
              "Änderungen übernehmen"]),
    (POLISH, ["Zmiany w głównym CV wariantu „Payments job”", "Dodano wpis (umiejętność) Docker",
              "Przejmij zmiany"]),
])
def test_the_variant_page_speaks_the_readers_language(auth_client, app, user, headers, words):
    master = make_resume(app, user, design="classic", content=CONTENT)
    variant = make_resume(app, user, title="Payments job", design="classic", content=CONTENT,
                          master_id=master)
    add_skill(app, master, "Docker")
    html = page(auth_client, f"/resume/{variant}/master-changes", headers)
    assert [word for word in words if word not in html] == []
    assert "Take the changes" not in html


def test_english_wording_tips_only_for_a_resume_in_english(auth_client, app, user):
    english_id = make_resume(app, user, design="classic", content=CONTENT)
    polish_id = make_resume(app, user, design="classic", content=CONTENT,
                            settings={"language": "pl"})
    english = page(auth_client, f"/resume/{english_id}/edit/work", GERMAN)
    polish = page(auth_client, f"/resume/{polish_id}/edit/work", GERMAN)
    assert "data-english-advice" in english and "english-advice-off" not in english
    assert "data-english-advice" not in polish
    assert ("Formulierungstipps (etwa zu starken Verben am Zeilenanfang) gibt es nur für "
            "englische Lebensläufe; dieser ist auf Polnisch.") in polish


def test_the_api_answers_in_english_whatever_the_caller_asks(app, api, user):
    body = {"title": "x", "resume": {"work": [{"position": "Dev", "startDate": "2021-05",
                                               "endDate": "2020"}]}}
    refused = api.post("/api/v1/resumes", json=body, headers=GERMAN)
    assert refused.status_code == 422
    assert "The end date is before the start date." in json.dumps(refused.get_json())
    resume_id = make_resume(app, user, design="classic", content=CONTENT)
    add_skill(app, resume_id, "Docker")
    compared = api.get(f"/api/v1/resumes/{resume_id}/versions/compare?from=1&to=2",
                       headers=GERMAN).get_json()
    assert compared["changes"] == ["added skill Docker"]
    assert [section["title"] for section in compared["sections"]][:3] == [
        "Title and template", "Personal info", "Experience"]
    schema = app.test_client().get("/api/v1/openapi.json", headers=GERMAN).get_json()
    assert "Position" in json.dumps(schema) and "Berufserfahrung" not in json.dumps(schema)
