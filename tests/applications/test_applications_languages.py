"""The applications pages, the cover letter editor and the employer's link page in the reader's
language: a German or Spanish browser reads them in its language, with dates, counts and form
errors to match, while the stored statuses stay the English words the API gives. On SQLite and
PostgreSQL."""
import json
import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date

from tests.letter_samples import application, make_application
from website.extensions import db
from website.models import User, utcnow
from website.services import application_links, applications, cover_letters

APPLIED_ON = date(2026, 3, 14)
# What each language calls the texts the tests look for.
WORDS = {
    "de": {"list": "Bewerbungen", "board": "Board", "interviewing": "Im Gespräch",
           "applied": "Beworben", "count": "2 Bewerbungen, neueste Änderung zuerst.",
           "applied_on": "Beworben am {}", "match": "Abgleich mit der Anzeige",
           "created": "Hinzugefügt mit Status Beworben", "views": "<strong>3 Aufrufe</strong>",
           "editor": "Anschreiben für Acme", "subject": "Betreff", "company_missing":
           "Geben Sie das Unternehmen ein.", "follow_up": "Das Nachfassdatum darf nicht vor "
           "dem Bewerbungstag liegen.", "failed": "Nicht verschoben: Die Verbindung ist "
           "fehlgeschlagen. Versuchen Sie es erneut.",
           "moved": "„Backend Engineer“ bei Acme nach Im Gespräch verschoben.",
           "letter": "Anschreiben", "applied_for": "Backend Engineer bei Acme",
           "gone": "Dieser Link funktioniert nicht mehr",
           "revoked": "Die Person, die ihn gesendet hat, hat ihn deaktiviert."},
    "es": {"list": "Candidaturas", "board": "Tablero", "interviewing": "En entrevistas",
           "applied": "Enviada", "count": "2 candidaturas, primero el cambio más reciente.",
           "applied_on": "Enviada el {}", "match": "Coincidencia con la oferta",
           "created": "Añadida con el estado Enviada", "views": "<strong>3 visitas</strong>",
           "editor": "Carta de presentación para Acme", "subject": "Asunto",
           "company_missing": "Escribe la empresa.", "follow_up": "El seguimiento debe ser "
           "el día en que te postulaste o después.", "failed": "No se movió: falló la "
           "conexión. Inténtalo de nuevo.",
           "moved": "«Backend Engineer» en Acme movida a En entrevistas.",
           "letter": "Carta de presentación", "applied_for": "Backend Engineer en Acme",
           "gone": "Este enlace ya no funciona",
           "revoked": "La persona que lo envió lo ha desactivado."},
}


@pytest.fixture
def app_id(app, user) -> int:
    """An application sent with a resume, applied on APPLIED_ON, with a started letter."""
    with app.app_context():
        application_id = make_application(user.id)
        found = application(application_id)
        found.applied_on = APPLIED_ON
        cover_letters.start(found, db.session.get(User, user.id))
        return application_id


def page(client, path: str, language: str) -> str:
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def field_error(html: str, field_id: str) -> str:
    found = re.search(rf'id="{field_id}-error">([^<]*)<', html)
    assert found, f"no error next to {field_id}"
    return found.group(1).strip()


@pytest.mark.parametrize("language", WORDS)
def test_the_applications_pages_answer_in_the_browsers_language(auth_client, app, user, app_id,
                                                                language):
    words = WORDS[language]
    with app.app_context():
        make_application(user.id, company="Globex")

    listing = page(auth_client, "/applications/", language)
    assert f"<h1 class=\"h3 me-auto mb-0\">{words['list']}</h1>" in listing
    assert words["count"] in listing
    assert words["applied_on"].format(format_date(APPLIED_ON, locale=language)) in listing
    assert f"{words['applied']} <span class=\"badge" in listing  # the status filter

    board = page(auth_client, "/applications/board", language)
    assert f"<h1 class=\"h3 me-auto mb-0\">{words['board']}</h1>" in board
    assert f'data-label="{words["interviewing"]}"' in board
    messages = re.search(r'<script type="application/json" id="messages-board">(.*?)</script>',
                         board, re.S)
    assert json.loads(messages.group(1))["failed"] == words["failed"]

    detail = page(auth_client, f"/applications/{app_id}", language)
    assert words["match"] in detail and words["created"] in detail
    assert words["applied_on"].format(format_date(APPLIED_ON, locale=language)) in detail

    editor = page(auth_client, f"/applications/{app_id}/letter", language)
    assert words["editor"] in editor
    assert re.search(rf'<label[^>]*for="subject"[^>]*>{words["subject"]}</label>', editor)


@pytest.mark.parametrize("language", WORDS)
def test_form_errors_and_moves_are_told_in_the_browsers_language(auth_client, app, app_id,
                                                                language):
    words = WORDS[language]
    headers = {"Accept-Language": language}
    refused = auth_client.submit("/applications/new", {
        "company": " ", "role": "Analyst", "resume": "", "status": "saved",
        "applied_on": "2026-03-14", "follow_up_on": "2026-03-01"}, headers=headers)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert field_error(html, "company") == words["company_missing"]
    assert field_error(html, "follow_up_on") == words["follow_up"]

    moved = auth_client.submit(f"/applications/{app_id}/status", {
        "status": "interviewing", "back": "board"}, page="/applications/board",
        headers={**headers, "Accept": "application/json"})
    assert moved.status_code == 200
    answer = moved.get_json()
    # The stored status is the English word; only what people read is translated.
    assert (answer["status"], answer["label"], answer["message"]) == (
        "interviewing", words["interviewing"], words["moved"])
    with app.app_context():
        assert application(app_id).status == "interviewing"


@pytest.mark.parametrize("language", WORDS)
def test_the_links_panel_counts_views_in_the_readers_language(auth_client, app, app_id,
                                                             language):
    with app.app_context():
        link = application_links.create(application(app_id))
        for _ in range(3):
            application_links.record_view(link)
    assert WORDS[language]["views"] in page(auth_client, f"/applications/{app_id}/links",
                                            language)


@pytest.mark.parametrize("language", WORDS)
def test_the_employers_link_page_follows_the_visitors_browser(app, client, app_id, language):
    words = WORDS[language]
    with app.app_context():
        live = application_links.create(application(app_id)).token
        revoked = application_links.create(application(app_id))
        application_links.revoke(revoked)
        expired = application_links.create(application(app_id),
                                           expires_at=utcnow() + timedelta(hours=1))
        expired.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
        revoked, expired = revoked.token, expired.token

    # As a browser set to the language of its country asks.
    public = page(client, f"/a/{live}", f"{language}-{language.upper()},{language};q=0.9,en;q=0.8")
    assert words["applied_for"] in public
    assert f'rel="noopener">{words["letter"]}</a>' in public

    gone = client.get(f"/a/{revoked}", headers={"Accept-Language": language})
    html = gone.get_data(as_text=True)
    assert gone.status_code == 410
    assert f'<html lang="{language}">' in html
    assert words["gone"] in html and words["revoked"] in html
    assert words["gone"] in client.get(f"/a/{expired}", headers={
        "Accept-Language": language}).get_data(as_text=True)


def test_version_summaries_are_stored_in_english_and_read_in_the_readers_language(
        auth_client, app, app_id):
    with app.app_context():
        content = cover_letters.normalized(application(app_id).cover_letter.content)
    edited = {"recipient_name": "", "recipient_title": "", "recipient_company": "Acme",
              "recipient_address": "", "date": content["date"], "subject": "Ref. 42",
              "greeting": content["greeting"], "paragraphs": "\n\n".join(content["paragraphs"]),
              "closing": content["closing"], "signature": content["signature"],
              "base_version": 1}
    saved = auth_client.submit(f"/applications/{app_id}/letter", edited,
                               headers={"Accept-Language": "de"})
    assert saved.status_code == 302
    with app.app_context():
        assert [version.summary for version in cover_letters.list_versions(
            application(app_id).cover_letter).items] == [
            "Edited Address, Subject", "Started from the template"]

    german = page(auth_client, f"/applications/{app_id}/letter/history", "de")
    assert "Bearbeitet: Adresse, Betreff" in german and "Aus der Vorlage begonnen" in german
    english = page(auth_client, f"/applications/{app_id}/letter/history", "en")
    assert "Edited Address, Subject" in english and "Started from the template" in english
    assert str(applications.STATUS_LABELS["offer"]) == "Offer"
