"""PDF export: every design's text in reading order, scripts and fonts, counting and limits."""
import io
import os
import re
import shutil
import subprocess

import pypdfium2
import pytest
from PIL import Image

from tests.export_samples import FULL
from tests.factories import make_resume
from tests.helpers import email_notifications, log_in, pdf_text
from website.extensions import db
from website.models import Resume
from website.services import design_settings, designs, photos, resumes
from website.services.export import rendering

DESIGNS = [slug for slug, *_ in designs.BUILT_IN]
# What a reader (or an ATS) sees, in the order it must appear: the masthead, then each section.
# Within an entry's first line the dates and place, aligned right, may come before the title.
READING_ORDER = [
    ["Jane Doe", "Backend Engineer", "jane@example.com", "+49 30 1234567", "Berlin, DE",
     "jane.example.com", "github.com/janedoe"],
    ["Summary", "I build dependable web services."],
    ["Experience", "Senior Engineer", "Acme", "Owned the payments platform.",
     "Cut page load time by half", "Led the move to PostgreSQL"],
    ["Education", "BSc in Computer Science", "TU Berlin", "Databases"],
    ["Projects", "Ledger", "A double-entry ledger library."],
    ["Skills", "Python (Expert)", "Flask, SQLAlchemy"],
    ["Certifications", "CKA", "CNCF"],
    ["Languages", "German (Native)"],
    ["Awards", "Engineer of the Year", "Acme"],
    ["Volunteering", "Mentor", "Code Club"],
    ["Publications", "Boring Services", "Tech Press"],
    ["Interests", "Climbing"],
    ["References", "Sam Smith", "Jane is the engineer you want."],
]
# Shown beside their entry's title, on its line.
BESIDE_TITLES = ["Mar 2021 – Present", "Remote", "2014 – Jul 2018", "May 2022"]
# Designs that move some sections into a column of their own, or start with another section
# (publications first in an academic CV): each section still reads in order, wherever it is
# (tests/export/test_ats.py checks them with four extractors).
SECTIONS_MOVE = {"sidebar", "academic"}
LABELS = ["Location:", "Website:", "Field of study:", "Keywords:", "Fluency:", "Level:",
          "Date:", "Awarded by:", "Publisher:"]


def download_count(app, resume_id: int) -> tuple[int, int]:
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        return resume.download_count, resume.version


def assert_in_order(text: str, expected: list[str]) -> None:
    """Assert each of `expected` follows the one before in `text`, ignoring case (designs set
    headings in capitals)."""
    text, position = text.lower(), 0
    for item in map(str.lower, expected):
        found = text.find(item, position)
        assert found >= 0, f"{item!r} missing or out of order after {text[position:][:80]!r}"
        position = found + len(item)


@pytest.mark.parametrize("design", DESIGNS)
def test_every_field_is_in_the_pdf_in_reading_order(auth_client, app, user, pdftotext,
                                                    design):
    resume_id = make_resume(app, user, design=design, content=FULL)

    response = auth_client.get(f"/resume/{resume_id}/export/pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(pdftotext, response.data)
    parts = READING_ORDER if design in SECTIONS_MOVE else [sum(READING_ORDER, [])]
    for part in parts:
        assert_in_order(text, part)
    assert text.startswith("Jane Doe")
    assert all(item.lower() in text.lower() for item in BESIDE_TITLES)
    assert not [label for label in LABELS if label in text]


@pytest.mark.parametrize("name", ["Ελένη Παπαδοπούλου", "Жанна Иванова", "Renée Müller-Łukasz"])
def test_names_in_any_script_come_out_as_typed(auth_client, app, user, pdftotext, name):
    resume_id = make_resume(app, user, content={"basics": {"name": name, "label": "Ingénieure"}})

    text = pdf_text(pdftotext, auth_client.get(f"/resume/{resume_id}/export/pdf").data)

    assert text.startswith(f"{name} Ingénieure")


def test_markup_in_fields_is_text_and_fetches_nothing(auth_client, app, user, pdftotext,
                                                      loopback_server):
    base, received = loopback_server
    image = f'<img src="{base}/pixel.png">'
    link = f'<link rel="stylesheet" href="{base}/evil.css">'
    content = {"basics": {"name": "<script>alert(1)</script>", "summary": image + link,
                          "url": f"{base}/home"},
               "work": [{"position": image, "highlights": ["<script>fetch('/x')</script>"]}]}
    resume_id = make_resume(app, user, content=content)

    text = pdf_text(pdftotext, auth_client.get(f"/resume/{resume_id}/export/pdf").data)

    assert "<script>alert(1)</script>" in text and image in text
    assert "<script>fetch('/x')</script>" in text
    assert received == []


def test_the_pdf_fetcher_refuses_anything_but_the_resumes_own_files(app, user,
                                                                    loopback_server):
    base, received = loopback_server
    resume_id = make_resume(app, user, content=FULL)
    with app.test_request_context(), app.app_context():
        resume = db.session.get(Resume, resume_id)
        fetcher = rendering._Fetcher(rendering.RenderContext.of(
            resume, design_settings.effective(resume)))
        for url in (f"{base}/font.ttf", "file:///etc/passwd",
                    rendering.BASE_URL + "static/css/app.css",
                    rendering.BASE_URL + "static/fonts/../../config.py"):
            with pytest.raises(rendering.RefusedFetch):
                fetcher.fetch(url)
        font = fetcher.fetch(rendering.BASE_URL + "static/fonts/DejaVuSans.ttf")
        assert font.read()[:4] == b"\x00\x01\x00\x00"
    assert received == []


EVERY_DOWNLOAD = [("/resume/{id}/export/pdf", "pdf"), ("/resume/download/{id}", "pdf"),
                  ("/resume/{id}/export/docx", "docx"), ("/resume/{id}/export/txt", "txt"),
                  ("/resume/{id}/export/json", "json"), ("/resume/export-json/{id}", "json")]


@pytest.mark.parametrize("path, extension", EVERY_DOWNLOAD)
def test_a_download_is_named_after_the_candidate_and_counted(auth_client, app, user, path,
                                                            extension):
    resume_id = make_resume(app, user, content={"basics": {"name": "Renée O'Brien-Müller"}})

    first = auth_client.get(path.format(id=resume_id))
    second = auth_client.get(path.format(id=resume_id))

    assert first.status_code == second.status_code == 200
    assert first.headers["Content-Disposition"] == \
        f"attachment; filename=Renee-O-Brien-Muller-Resume.{extension}"
    assert download_count(app, resume_id) == (2, 1)  # counted, but no new version
    notes = [row for row in email_notifications(app) if row.kind == "resume_downloaded"]
    assert len(notes) == 1  # one note a day, however many downloads


@pytest.mark.parametrize("path, extension", EVERY_DOWNLOAD)
def test_another_users_resume_cannot_be_downloaded(client, app, user, make_user, path,
                                                   extension):
    resume_id = make_resume(app, user, content=FULL)
    log_in(client, make_user(email="sam@example.com", name="Sam Smith").email)

    response = client.get(path.format(id=resume_id))

    assert response.status_code == 404
    assert download_count(app, resume_id) == (0, 1)


def test_downloads_need_a_login(client, app, user):
    resume_id = make_resume(app, user, content=FULL)
    response = client.get(f"/resume/{resume_id}/export/pdf")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_more_than_ten_exports_a_minute_are_refused(auth_client, app, user):
    resume_id = make_resume(app, user, content={"basics": {"name": "Jane Doe"}})
    paths = [f"/resume/{resume_id}/export/pdf", f"/resume/download/{resume_id}"] * 5

    statuses = [auth_client.get(path).status_code for path in paths]
    refused = auth_client.get(f"/resume/{resume_id}/export/pdf")

    assert statuses == [200] * 10
    assert refused.status_code == 429 and "Slow down" in refused.get_data(as_text=True)
    assert download_count(app, resume_id) == (10, 1)


def test_the_manage_page_offers_all_four_downloads(auth_client, app, user):
    resume_id = make_resume(app, user, content=FULL)
    html = auth_client.get("/resume/manage").get_data(as_text=True)
    for extension, label in (("pdf", "PDF"), ("docx", "DOCX"), ("txt", "TXT"), ("json", "JSON")):
        assert f'href="/resume/{resume_id}/export/{extension}"' in html
        assert re.search(rf'>Download {label}<span class="visually-hidden"> of “[^”]+”</span>',
                         html)


@pytest.mark.parametrize("design", DESIGNS)
def test_each_design_stylesheet_sets_page_font_and_colour(client, design):
    response = client.get(f"/resume/design/{design}.css?accent=%23aa3300&font=liberation-serif"
                          "&font_size=11&page_size=Letter&margin_mm=12")
    css = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert "size: Letter;" in css and "margin: 12mm;" in css and "font-size: 11pt;" in css
    assert "#aa3300" in css and '"Liberation Serif", "DejaVu Sans Arabic", serif' in css
    assert "/static/fonts/LiberationSerif-BoldItalic.ttf" in css
    assert "break-inside: avoid" in css and "break-after: avoid" in css


def test_font_files_and_their_licences_ship_with_the_app(app):
    for name in [*design_settings.FONT_FILES, "fonts/LICENSE-DejaVu.txt",
                 "fonts/LICENSE-Liberation.txt"]:
        assert os.path.getsize(os.path.join(app.static_folder, name)) > 1000, name


def test_the_photo_comes_from_the_database_into_the_pdf(auth_client, app, user, pdftotext,
                                                        tmp_path):
    resume_id = make_resume(app, user, content={"basics": {"name": "Jane Doe"}})
    image = io.BytesIO()
    Image.new("RGB", (60, 80), "teal").save(image, "PNG")
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        photos.set_photo(resume, resume.owner, resume.version, image.getvalue())

    pdf = tmp_path / "resume.pdf"
    pdf.write_bytes(auth_client.get(f"/resume/{resume_id}/export/pdf").data)
    listing = subprocess.run([shutil.which("pdfimages") or "pdfimages", "-list", str(pdf)],
                             capture_output=True, check=True).stdout.decode()

    assert len(listing.splitlines()) == 3  # two header lines, then the one image
    html = auth_client.get(f"/resume/{resume_id}/preview").get_data(as_text=True)
    src = re.search(r'<iframe[^>]*src="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert 'alt="Photo of Jane Doe"' in auth_client.get(src).get_data(as_text=True)


def test_a_changed_resume_is_never_served_from_the_pdf_cache(auth_client, app, user, pdftotext):
    resume_id = make_resume(app, user,
                            content={"basics": {"name": "Jane Doe", "label": "Engineer"}})
    first = auth_client.get(f"/resume/{resume_id}/export/pdf").data
    assert auth_client.get(f"/resume/{resume_id}/export/pdf").data == first  # unchanged: reused
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, resume.owner, resume.version,
                     content={"basics": {"name": "Jane Doe", "label": "Engineering Manager"}})
    changed = auth_client.get(f"/resume/{resume_id}/export/pdf").data
    assert "Engineering Manager" in pdf_text(pdftotext, changed)
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, resume.owner, resume.version,
                     settings={"page_size": "Letter"})
    letter = auth_client.get(f"/resume/{resume_id}/export/pdf").data
    assert round(pypdfium2.PdfDocument(letter)[0].get_width()) == 612  # 8.5 in, not A4's 595
