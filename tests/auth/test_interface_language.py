"""The interface speaks the reader's language: the account's choice, else the browser's.

Pages, flash messages, form errors, the login-required notice and the emails a user gets are
all written in it; an email goes out in the recipient's language, not the one of whoever
caused it.
"""
import re

import pytest

from tests.helpers import PASSWORD, deliver_queued
from website.extensions import db
from website.models import User

LOGIN_HEADINGS = {"en": "Log in", "de": "Anmelden", "fr": "Se connecter",
                  "es": "Iniciar sesión", "pl": "Zaloguj się"}
ACCOUNT_HEADINGS = {"en": "Your account", "de": "Ihr Konto", "fr": "Votre compte",
                    "es": "Tu cuenta", "pl": "Twoje konto"}
SAVED = {"en": "Your interface language has been saved.",
         "de": "Ihre Sprache der Oberfläche wurde gespeichert.",
         "pl": "Twój język interfejsu został zapisany."}


@pytest.fixture
def app_config(mailbox):
    return {"MAIL_SERVER": mailbox.host, "MAIL_PORT": mailbox.port}


def speaking(language: str) -> dict:
    """The headers of a browser set to `language` (with English as a fallback)."""
    return {"Accept-Language": f"{language},en;q=0.5"}


def page_language(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def heading(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


def stored_language(app, user) -> str | None:
    with app.app_context():
        return db.session.get(User, user.id).language


def choose(client, language: str, headers: dict | None = None):
    """Pick `language` in the account page's Interface language select and save."""
    return client.submit("/account/language", {"language-language": language},
                         page="/account", headers=headers)


@pytest.mark.parametrize("language", ["de", "fr", "es", "pl"])
def test_pages_answer_in_the_browsers_language(client, language):
    html = client.get("/login", headers=speaking(language)).get_data(as_text=True)
    assert page_language(html) == language
    assert heading(html) == LOGIN_HEADINGS[language]
    assert ">Log in<" not in html


def test_without_accept_language_the_interface_is_english(client):
    html = client.get("/login").get_data(as_text=True)
    assert page_language(html) == "en" and heading(html) == "Log in"


def test_a_language_the_interface_lacks_falls_back_to_english(client):
    html = client.get("/login", headers={"Accept-Language": "ja,ko;q=0.8"}).get_data(
        as_text=True)
    assert page_language(html) == "en"


def test_the_account_setting_beats_the_browser(auth_client, app, user):
    response = choose(auth_client, "pl", headers=speaking("de"))
    assert response.status_code == 302 and stored_language(app, user) == "pl"
    html = auth_client.get("/account", headers=speaking("de")).get_data(as_text=True)
    assert page_language(html) == "pl" and heading(html) == ACCOUNT_HEADINGS["pl"]
    assert SAVED["pl"] in html  # the flash is said in the language just chosen
    assert 'aria-label="Menu główne"' in html and ">Wyloguj się</button>" in html
    assert ">Moje CV</a>" in html  # the main menu too


def test_browsers_language_follows_the_browser_again(auth_client, app, user):
    choose(auth_client, "pl")
    response = choose(auth_client, "", headers=speaking("de"))
    assert response.status_code == 302 and stored_language(app, user) is None
    html = auth_client.get("/account", headers=speaking("de")).get_data(as_text=True)
    assert heading(html) == ACCOUNT_HEADINGS["de"] and SAVED["de"] in html


def test_language_choices_are_named_in_their_own_language(auth_client):
    html = auth_client.get("/account", headers=speaking("de")).get_data(as_text=True)
    select = re.search(r'<select[^>]*name="language-language".*?</select>', html, re.S).group(0)
    options = re.findall(r"<option([^>]*)>([^<]*)</option>", select)
    assert [text for _, text in options] == [
        "Sprache des Browsers", "English", "Deutsch", "Français", "Español", "Polski"]
    assert 'lang="pl"' in options[-1][0] and "lang" not in options[0][0]
    assert "selected" in options[0][0]  # no choice stored yet: the browser's


@pytest.mark.parametrize("bad", ["xx", "pt", "de-DE", "<script>", "pl\x00"])
def test_an_unknown_language_is_refused_next_to_the_field(auth_client, app, user, bad):
    choose(auth_client, "fr")
    response = choose(auth_client, bad, headers=speaking("de"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = re.search(r'id="language-language-error">([^<]*)<', html)
    assert error and "Choisissez l&#39;une des langues proposées." in error.group(1)
    assert stored_language(app, user) == "fr"
    assert page_language(html) == "fr"  # still the stored choice


def test_the_refusal_is_said_in_the_readers_language(auth_client, app, user):
    response = choose(auth_client, "xx", headers=speaking("de"))
    assert "Wählen Sie eine der aufgeführten Sprachen." in response.get_data(as_text=True)
    assert stored_language(app, user) is None


def test_changing_the_language_needs_the_csrf_token(auth_client, app, user):
    response = auth_client.post("/account/language", data={"language-language": "pl"})
    assert response.status_code == 400 and stored_language(app, user) is None


def test_flash_messages_are_translated(auth_client):
    response = auth_client.submit("/logout", page="/account", headers=speaking("es"),
                                  follow_redirects=True)
    assert "Has cerrado sesión." in response.get_data(as_text=True)


def test_logging_out_says_so_in_the_accounts_language(auth_client):
    choose(auth_client, "pl")
    response = auth_client.submit("/logout", page="/account", headers=speaking("de"),
                                  follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Wylogowano cię." in html  # said before the session (and its choice) ended
    assert page_language(html) == "de"  # the landing page: logged out, the browser's


@pytest.mark.parametrize(("language", "notice"), [
    ("es", "Inicia sesión para ver esa página."),
    ("fr", "Veuillez vous connecter pour voir cette page."),
])
def test_the_login_required_notice_is_translated(client, language, notice):
    response = client.get("/account", headers=speaking(language), follow_redirects=True)
    html = response.get_data(as_text=True)
    assert notice in html and heading(html) == LOGIN_HEADINGS[language]


def test_wrong_credentials_are_refused_in_the_readers_language(client, user):
    response = client.submit("/login", {"email": user.email, "password": "not the password"},
                             headers=speaking("pl"))
    assert response.status_code == 401
    assert "Nieprawidłowy e-mail lub hasło." in response.get_data(as_text=True)


def test_error_pages_are_translated(client):
    response = client.get("/no-such-page", headers=speaking("de"))
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and heading(html) == "Seite nicht gefunden"


def test_an_email_arrives_in_the_users_language(auth_client, app, user, mailbox):
    choose(auth_client, "pl")
    auth_client.submit("/account/password", {
        "password-current_password": PASSWORD, "password-new_password": "a brand new passphrase",
        "password-confirm": "a brand new passphrase"}, page="/account", headers=speaking("de"))
    deliver_queued(app)
    [message] = mailbox.messages
    assert message["Subject"] == "Twoje hasło do Resume Builder zostało zmienione"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    for body in (text, html):
        assert "Cześć Jane Doe," in body
        assert "Hasło do twojego konta Resume Builder zostało zmienione" in body
        assert re.search(r"zmienione \d+ [a-ząćęłńóśźż]+ \d{4} o \d\d:\d\d UTC", body)
    assert '<html lang="pl">' in html


def test_without_a_setting_an_email_follows_the_language_it_was_asked_in(client, app, user,
                                                                           mailbox):
    client.submit("/forgot-password", {"email": user.email}, headers=speaking("fr"))
    deliver_queued(app)  # answered after the request, by the outbox
    [message] = mailbox.messages
    assert message["Subject"] == "Réinitialisez votre mot de passe Resume Builder"
    assert "Bonjour Jane Doe," in message.get_body(preferencelist=("plain",)).get_content()


def test_the_users_setting_beats_the_language_a_reset_was_asked_in(client, app, user,
                                                                     mailbox):
    with app.app_context():
        db.session.get(User, user.id).language = "de"
        db.session.commit()
    client.submit("/forgot-password", {"email": user.email}, headers=speaking("fr"))
    deliver_queued(app)
    [message] = mailbox.messages
    assert message["Subject"] == "Setzen Sie Ihr Passwort für Resume Builder zurück"


def test_a_signup_link_is_written_in_the_language_of_the_signup(client, app, mailbox):
    client.submit("/signup", {"name": "Ana Ruiz", "email": "ana@example.com",
                              "password": PASSWORD, "confirm": PASSWORD},
                  headers=speaking("es"))
    deliver_queued(app)
    [message] = mailbox.messages
    assert message["Subject"] == "Termina de crear tu cuenta de Resume Builder"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Hola, Ana Ruiz:" in html and '<html lang="es">' in html


def test_an_email_caused_by_someone_else_is_not_in_their_language(auth_client, app, user,
                                                                   make_user, mailbox):
    make_user(email="owner@example.com", name="Olga Owner")
    auth_client.submit("/account/email", {"email-email": "owner@example.com",
                                          "email-current_password": PASSWORD},
                       page="/account", headers=speaking("pl"))
    deliver_queued(app)
    [notice] = [m for m in mailbox.messages if m["To"] == "owner@example.com"]
    assert notice["Subject"] == "Someone tried to use your email address"
