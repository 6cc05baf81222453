"""The dashboard, the statistics, the job match and the webhook pages in the reader's language:
their words from the catalogues, their numbers, percentages and days written the reader's way.

The browser asks for German or French with Accept-Language, as the account follows the browser
until the user picks a language.
"""
import copy
import html
from datetime import UTC, datetime, time

import pytest
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent
from sqlalchemy import insert

from tests.match_samples import AD, RESUME, stored_matches
from tests.webhook_helpers import make_webhook
from website.extensions import db
from website.models import JobMatch, Resume, ResumeAnalytic, User
from website.services import resumes

DOWNLOADS = 1234  # enough for a thousands separator: "1.234" in German, "1 234" in French
GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}


def page(client, path: str, headers: dict) -> str:
    """Return the text of the page at `path`, entities decoded, as the browser shows it."""
    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def counted_resume(app, user, today) -> int:
    """A resume with many downloads today and one job match, as the dashboard counts them."""
    with app.app_context():
        resume = resumes.create(db.session.get(User, user.id), "Backend roles", "modern",
                                copy.deepcopy(RESUME))
        at = datetime.combine(today, time(12), tzinfo=UTC)
        db.session.execute(insert(ResumeAnalytic), [
            {"user_id": user.id, "resume_id": resume.id, "action": "download",
             "details": {"format": "pdf"}, "created_at": at} for _ in range(DOWNLOADS)])
        db.session.add(JobMatch(user_id=user.id, resume_id=resume.id, score=67,
                                job_title="Platform Engineer", matched_keywords=["Python"],
                                missing_keywords=["Terraform"], created_at=at))
        db.session.commit()
        return resume.id


@pytest.mark.parametrize(("headers", "locale", "words"), [
    (GERMAN, "de", ["Übersicht", "Ihre Lebensläufe", "Aktivität pro Tag, letzte 30 Tage",
                    "Am häufigsten fehlende Schlüsselwörter", "Daten von „Aktivität pro Tag"]),
    (FRENCH, "fr", ["Tableau de bord", "Vos CV", "Activité par jour, 30 derniers jours",
                    "Mots-clés manquants les plus fréquents", "Afficher les données de"]),
])
def test_the_dashboard_speaks_the_browsers_language(auth_client, counted_resume, headers,
                                                    locale, words, today):
    text = page(auth_client, "/dashboard", headers)
    for word in words:
        assert word in text, word
    assert "Your resumes" not in text and "Activity per day" not in text
    downloads = format_decimal(DOWNLOADS, locale=locale)
    assert downloads != str(DOWNLOADS)
    assert f'id="total-downloads">{downloads}<' in text
    # The chart's axis labels and the table beside it write today the reader's way.
    assert f">{format_skeleton('MMMd', today, locale=locale)}</text>" in text
    assert f'<th scope="row">{format_date(today, "medium", locale=locale)}</th>' in text
    # The series are named in the reader's language in the table and the chart's legend.
    assert f">{'Downloads' if locale == 'de' else 'Téléchargements'}</text>" in text


def test_the_dashboard_writes_percentages_the_readers_way(auth_client, counted_resume):
    with auth_client.application.app_context():
        resume = db.session.get(Resume, counted_resume)
        completion = resume.completion_percent
    for headers, locale in ((GERMAN, "de"), (FRENCH, "fr")):
        text = page(auth_client, "/dashboard", headers)
        share = format_percent(completion / 100, locale=locale)
        assert share != f"{completion}%"  # a space before the sign in both languages
        assert f'<td class="text-end">{share}</td>' in text


def test_the_statistics_page_speaks_german(auth_client, counted_resume):
    text = page(auth_client, f"/resume/stats/{counted_resume}", GERMAN)
    assert "Statistik von „Backend roles“" in text
    assert "Aufrufe und Downloads pro Tag, letzte 30 Tage" in text
    assert "Abgleichsergebnisse dieses Lebenslaufs" in text
    assert f'id="downloads">{format_decimal(DOWNLOADS, locale="de")}<' in text
    assert f'id="downloads-pdf">{format_decimal(DOWNLOADS, locale="de")}<' in text
    assert "1 Abgleich; letzte Punktzahl 67, beste 67 von 100." in text


def test_the_statistics_page_speaks_french(auth_client, counted_resume):
    text = page(auth_client, f"/resume/stats/{counted_resume}?days=90", FRENCH)
    assert "Statistiques de « Backend roles »" in text
    assert "Consultations et téléchargements par jour, 90 derniers jours" in text
    assert f'id="downloads">{format_decimal(DOWNLOADS, locale="fr")}<' in text


@pytest.mark.parametrize(("headers", "words"), [
    (GERMAN, ["Punktzahl: <span class=\"match-score\">", "Muss-Anforderungen",
              "Plus-Anforderungen", "Eine Variante für diese Anzeige anpassen",
              "Die von der Anzeige gesuchten Fähigkeiten nach vorn stellen",
              "„Terraform“ fehlt (ein Muss)"]),
    (FRENCH, ["Score : <span class=\"match-score\">", "Exigences obligatoires",
              "Atouts appréciés", "Adapter une variante à cette offre",
              "« Terraform » manque (exigence obligatoire)"]),
])
def test_a_match_result_speaks_the_browsers_language(auth_client, app, counted_resume, headers,
                                                     words):
    response = auth_client.submit(f"/resume/{counted_resume}/match", {"ad": AD}, headers=headers)
    assert response.status_code == 302
    text = page(auth_client, response.headers["Location"], headers)
    for word in words:
        assert word in text, word
    assert "Must-haves" not in text and "Tailor a variant" not in text


@pytest.mark.parametrize(("headers", "message"), [
    (GERMAN, "Fügen Sie den Text einer Stellenanzeige ein."),
    (FRENCH, "Collez le texte d'une offre d'emploi."),
])
def test_a_match_form_error_speaks_the_browsers_language(auth_client, app, counted_resume,
                                                         headers, message):
    before = len(stored_matches(app))
    response = auth_client.submit(f"/resume/{counted_resume}/match", {"ad": "   "},
                                  headers=headers)
    assert response.status_code == 422
    assert message in html.unescape(response.get_data(as_text=True))
    assert len(stored_matches(app)) == before


def test_an_ad_without_known_skills_is_refused_in_german(auth_client, app, counted_resume):
    response = auth_client.submit(f"/resume/{counted_resume}/match",
                                  {"ad": "Wir suchen eine freundliche Person."}, headers=GERMAN)
    assert response.status_code == 422
    assert "Diese Anzeige nennt keine uns bekannten Fähigkeiten" in html.unescape(
        response.get_data(as_text=True))


@pytest.mark.parametrize(("headers", "words"), [
    (GERMAN, ["Ihre Webhooks", "An", "Ereignistypen", "Webhook an http://127.0.0.1:9/hook",
              "Signaturgeheimnis", "Ein Lebenslauf wurde erstellt", "Noch keine Zustellungen."]),
    (FRENCH, ["Vos webhooks", "Activé", "types d'événements", "Webhook vers http://127.0.0.1:9/hook",
              "Secret de signature", "Un CV a été créé", "Aucune livraison pour l'instant."]),
])
def test_the_webhook_pages_speak_the_browsers_language(auth_client, app, user, headers, words):
    webhook_id, _secret = make_webhook(app, user, "http://127.0.0.1:9/hook")
    text = page(auth_client, "/webhooks/", headers) + page(auth_client, f"/webhooks/{webhook_id}",
                                                             headers)
    for word in words:
        assert word in text, word
    assert "Your webhooks" not in text and "Signing secret" not in text


@pytest.mark.parametrize(("headers", "messages"), [
    (GERMAN, {"": "Geben Sie die URL ein, die die Ereignisse empfangen soll.",
              "http://10.0.0.1/hook": "verweist auf eine private oder reservierte Adresse",
              "ftp://example.com/": "Verwenden Sie eine http://- oder https://-URL."}),
    (FRENCH, {"": "Saisissez l'URL qui doit recevoir les événements.",
              "http://10.0.0.1/hook": "pointe vers une adresse privée ou réservée",
              "ftp://example.com/": "Utilisez une URL http:// ou https://."}),
])
def test_webhook_form_errors_speak_the_browsers_language(auth_client, app, headers, messages):
    app.config["WEBHOOKS_ALLOW_LOOPBACK"] = False
    for url, message in messages.items():
        response = auth_client.submit("/webhooks/new", {"url": url, "events": ["resume.created"]},
                                      headers=headers)
        assert response.status_code == 422, url
        assert message in html.unescape(response.get_data(as_text=True)), url
    assert page(auth_client, "/webhooks/", headers).count("127.0.0.1") == 0


def test_the_api_guide_speaks_german_and_keeps_its_code(client):
    text = page(client, "/api/docs", GERMAN)
    assert "API-Dokumentation" in text and "Erste Schritte" in text
    assert "60 pro Minute" in text
    assert "Authorization: Bearer rbt_your_token_here" in text  # a code sample stays as is


def test_english_stays_the_default(auth_client, counted_resume):
    text = page(auth_client, "/dashboard", {})
    assert "Your resumes" in text and f'id="total-downloads">{DOWNLOADS:,}<' in text
