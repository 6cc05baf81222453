"""Every page of the interface, walked in each interface language, is written in that language:
no sentence of the English source is left on it (a text evaluated too early, or built outside
the catalogues, would be), and the page says which language it is in."""
import re

import lxml.html
import pytest

from tests.helpers import english_sentences, get_routes, log_in
from website.extensions import db
from website.models import User
from website.services import languages

# Pages that show a resume or letter itself: their words are in the resume's language.
DOCUMENTS = re.compile(r"/(document|letter|pdf|docx|txt|json|download)(/|$|\.)|^/api/|^/a/|^/s/")


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": False}


def visible_text(html: str) -> str:
    """Return what a reader sees or hears: text and shown attributes, scripts left out."""
    tree = lxml.html.fromstring(html)
    for script in tree.xpath("//script|//style"):
        script.drop_tree()
    shown = tree.xpath("//@aria-label|//@title|//@placeholder|//@alt")
    return " ".join(" ".join([tree.text_content(), *shown]).split())


def pages(app, client, owned) -> list[str]:  # noqa: F811
    """Every HTML page of the interface the owner can open."""
    found = []
    for path in get_routes(app, owned):
        if DOCUMENTS.search(path) or path in ("/logout",):
            continue
        response = client.get(path)
        if response.status_code == 200 and response.mimetype == "text/html":
            found.append(path)
    return found


@pytest.mark.parametrize("language", languages.INTERFACE_LANGUAGES[1:])
def test_every_page_reads_in_the_chosen_language(app, client, user, owned, language):  # noqa: F811
    with app.app_context():
        db.session.get(User, user.id).language = language
        db.session.commit()
    log_in(client, user.email)
    leftovers = english_sentences(language)
    assert leftovers, f"the {language} catalogue translates nothing"
    walked = pages(app, client, owned)
    assert len(walked) >= 40, walked
    problems = []
    for path in walked:
        html = client.get(path).get_data(as_text=True)
        if f'lang="{language}"' not in html[:200]:
            problems.append(f"{path}: <html> does not say lang={language}")
        text = visible_text(html)
        problems += [f"{path}: {sentence!r}" for sentence in leftovers if sentence in text]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(("header", "language"), [
    ("de-DE,en;q=0.5", "de"), ("pl", "pl"), ("fr-CA, fr;q=0.9", "fr"), ("es-419", "es"),
    ("ja, pl;q=0.3", "pl"), ("zz, en-GB;q=0.8", "en"), ("", "en"), ("*", "en"),
    ("de;q=0.1, fr;q=0.9", "fr"), ("x" * 300, "en")])
def test_a_visitor_gets_the_first_language_of_the_browser_we_speak(client, header, language):
    html = client.get("/login", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{language}"' in html


def test_the_account_setting_beats_the_browser_and_the_api_stays_english(app, client, user):
    with app.app_context():
        db.session.get(User, user.id).language = "pl"
        db.session.commit()
    log_in(client, user.email)
    html = client.get("/account", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="pl"' in html
    answer = client.get("/api/v1/resumes", headers={"Accept-Language": "de"})
    assert answer.status_code == 401
    assert answer.json["title"] == "A valid access token is needed"
