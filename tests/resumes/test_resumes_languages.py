"""My resumes, the import, the gallery and search in the reader's language: a browser asking
for German or Polish gets its pages, messages, form errors, import warnings, dates and numbers
in that language, and nothing of the user's own text is translated."""
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from tests.factories import make_resume
from website.extensions import db
from website.models import PendingImport
from website.resumes import display
from website.services import photos

# What each language says, as a reader of it sees it.
SAYS = {
    "de": {"manage": "Meine Lebensläufe", "updated": "Aktualisiert <time",
           "design": "Design Modern", "now": "gerade eben</time>",
           "menu": "Mehr<span class=\"visually-hidden\"> Aktionen für „Backend <roles>“</span>",
           "renamed": "„Backend roles“ wurde in „Frontend roles“ umbenannt.",
           "no title": "Geben Sie dem Lebenslauf einen Titel.",
           "import": "Lebenslauf importieren", "no file": "Wählen Sie eine Datei.",
           "bad json": "Die Datei ist kein gültiges JSON (Zeile 1, Spalte",
           "review": "Import prüfen", "checks": "1 Punkt zu prüfen",
           "left out": "„not an address“ weggelassen.",
           "discarded": "Der Import wurde verworfen; nichts wurde erstellt.",
           "gallery": "Designs", "classic": "Klassisch", "category": "Traditionell",
           "search": "1 Lebenslauf gefunden", "nothing": "Kein Lebenslauf enthält „cobol“",
           "trash": "Papierkorb", "deleted": "in den Papierkorb verschoben",
           "bad date": "Kein gültiges Datum."},
    "pl": {"manage": "Moje CV", "updated": "Zaktualizowano <time",
           "design": "Szablon Nowoczesny", "now": "przed chwilą</time>",
           "menu": "Więcej<span class=\"visually-hidden\"> działań dla „Backend <roles>”</span>",
           "renamed": "Zmieniono nazwę „Backend roles” na „Frontend roles”.",
           "no title": "Nadaj CV tytuł.",
           "import": "Zaimportuj CV", "no file": "Wybierz plik.",
           "bad json": "Plik nie jest poprawnym JSON-em (wiersz 1, kolumna",
           "review": "Sprawdź import", "checks": "1 rzecz do sprawdzenia",
           "left out": "Pominięto pole",
           "discarded": "Odrzucono import; nic nie zostało utworzone.",
           "gallery": "Szablony", "classic": "Klasyczny", "category": "Tradycyjny",
           "search": "Znaleziono 1 CV", "nothing": "Żadne CV nie zawiera „cobol”",
           "trash": "Kosz", "deleted": "do kosza",
           "bad date": "Nieprawidłowa data"},
}


@pytest.fixture(params=sorted(SAYS))
def language(request) -> str:
    return request.param


@pytest.fixture
def reader(auth_client, language):
    """The logged-in client of someone whose browser asks for `language`."""
    auth_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = f"{language},en;q=0.5"
    return auth_client


def html(response, status: int = 200) -> str:
    assert response.status_code == status, response.status_code
    return response.get_data(as_text=True)


def test_the_manage_page_speaks_the_readers_language(app, user, reader, language):
    make_resume(app, user, title="Backend <roles>")
    page = html(reader.get("/resume/manage"))
    says = SAYS[language]
    assert says["manage"] in page and says["updated"] in page and says["design"] in page
    assert says["now"] in page
    # The user's own title is quoted the reader's way, escaped, never translated.
    assert says["menu"].replace("<roles>", "&lt;roles&gt;") in page
    assert ">My resumes</h1>" not in page and "Updated <time" not in page


def test_a_flash_message_and_a_form_error_are_translated(app, user, reader, language):
    resume_id = make_resume(app, user)
    path = f"/resume/{resume_id}/rename"
    refused = reader.submit(path, {"title": "", "base_version": 1}, page="/resume/manage")
    assert SAYS[language]["no title"] in html(refused, 422)
    done = reader.submit(path, {"title": "Frontend roles", "base_version": 1},
                         page="/resume/manage", follow_redirects=True)
    assert SAYS[language]["renamed"] in html(done)
    moved = reader.submit(f"/resume/{resume_id}/delete", page="/resume/manage",
                          follow_redirects=True)
    assert SAYS[language]["deleted"] in html(moved)
    assert SAYS[language]["trash"] in html(reader.get("/resume/trash"))


def test_the_import_page_refuses_in_the_readers_language(reader, language):
    assert SAYS[language]["import"] in html(reader.get("/resume/import"))
    empty = reader.submit("/resume/import", {}, content_type="multipart/form-data")
    assert SAYS[language]["no file"] in html(empty, 422)
    broken = reader.submit("/resume/import", {"file": (io.BytesIO(b"{broken"), "cv.json")},
                           content_type="multipart/form-data")
    assert SAYS[language]["bad json"] in html(broken, 422)


def test_import_warnings_are_written_in_the_readers_language(app, reader, language):
    document = {"basics": {"name": "Edison", "email": "not an address"}}
    response = reader.submit("/resume/import", {
        "file": (io.BytesIO(json.dumps(document).encode()), "edison.json")},
        content_type="multipart/form-data")
    review = html(reader.get(response.location))
    assert SAYS[language]["review"] in review and SAYS[language]["checks"] in review
    assert SAYS[language]["left out"] in review and "Left out" not in review
    discarded = reader.submit(f"{response.location}/discard", page=response.location,
                              follow_redirects=True)
    assert SAYS[language]["discarded"] in html(discarded)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(PendingImport.id))).scalar_one() == 0


def test_the_gallery_names_and_describes_designs_in_the_readers_language(client, language):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    page = html(client.get("/templates"))
    says = SAYS[language]
    assert f">{says['gallery']}</h1>" in page and f">{says['classic']}</a>" in page
    assert says["category"] in page and "Traditional" not in page
    detail = html(client.get("/templates/classic"))
    assert f'<h1 class="h3">{says["classic"]}</h1>' in detail


def test_search_counts_and_explains_in_the_readers_language(app, user, reader, language):
    make_resume(app, user, title="Python roles")
    found = html(reader.get("/resume/search?q=python"))
    assert SAYS[language]["search"] in found and SAYS[language]["updated"] in found
    assert SAYS[language]["nothing"] in html(reader.get("/resume/search?q=cobol"))


def test_the_search_forms_own_checks_speak_the_readers_language(reader, language):
    page = reader.get("/resume/search?q=python&updated_since=yesterday").get_data(as_text=True)
    assert SAYS[language]["bad date"] in page


@pytest.mark.parametrize("language, old, exact", [
    ("de", "am 3. Februar 2026", "15. März 2026, 12:00 UTC"),
    ("fr", "le 3 février 2026", "15 mars 2026, 12:00 UTC"),
    ("es", "el 3 de febrero de 2026", "15 mar 2026, 12:00 UTC"),
    ("pl", "3 lutego 2026", "15 mar 2026, 12:00 UTC"),
    ("en", "on 3 February 2026", "15 Mar 2026, 12:00 UTC"),
])
def test_times_are_written_as_the_readers_language_writes_them(app, language, old, exact):
    now = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
    with app.test_request_context(headers={"Accept-Language": language}):
        assert display.relative_time(now - timedelta(days=40), now=now) == old
        assert display.exact_utc(now) == exact
        three_days = display.relative_time(now - timedelta(days=3), now=now)
    assert three_days == {"de": "vor 3 Tagen", "fr": "il y a 3 jours", "es": "hace 3 días",
                          "pl": "3 dni temu", "en": "3 days ago"}[language]


def test_a_refused_photo_says_why_with_the_readers_numbers(app):
    big_png = io.BytesIO()
    Image.new("1", (6300, 6300)).save(big_png, "PNG")  # one bit a pixel: small, quick
    with app.test_request_context(headers={"Accept-Language": "de"}), \
            pytest.raises(photos.PhotoRejected) as refused:
        photos.reencode(big_png.getvalue())
    assert str(refused.value).startswith("Dieses Bild hat 6300 × 6300 Pixel (39,7 Megapixel); "
                                         "ein Foto im Format PNG darf höchstens")
