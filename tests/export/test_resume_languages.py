"""A resume in its own language: the same resume exported in each resume language and design
carries that language's headings, dates and labels in the PDF, the Word file and the text;
Arabic lays out right to left; a bad language code falls back to English; the Design tab
says when the server cannot draw Chinese, Japanese or Korean."""
import io
import re
import zipfile
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn
from werkzeug.datastructures import MultiDict

from tests import export_samples as samples
from tests.pdf_readers import font_names, poppler_text
from website.extensions import db
from website.models import Resume, User
from website.services import design_settings, resumes
from website.services.export import docx, rendering, system_fonts, view
from website.services.export.text import render_text

# What a reader sees for samples.full() in each language: the work heading, the first job's
# dates ("Mar 2021" to now), the second's ("Sep 2017" to 28 Feb 2021) and the degree line.
EXPECTED = {
    "en": ("Experience", "Mar 2021 – Present", "Sep 2017 – 28 Feb 2021",
           "MSc in Computer Science"),
    "en-US": ("Experience", "Mar 2021 – Present", "Sep 2017 – Feb 28, 2021",
              "MSc in Computer Science"),
    "de": ("Berufserfahrung", "März 2021 – heute", "Sept. 2017 – 28. Feb. 2021",
           "MSc Computer Science"),
    "fr": ("Expérience professionnelle", "mars 2021 – aujourd'hui",
           "sept. 2017 – 28 févr. 2021", "MSc en Computer Science"),
    "es": ("Experiencia profesional", "mar 2021 – actualidad", "sept 2017 – 28 feb 2021",
           "MSc en Computer Science"),
    "pl": ("Doświadczenie", "mar 2021 – obecnie", "wrz 2017 – 28 lut 2021",
           "MSc, Computer Science"),
    "pt-BR": ("Experiência profissional", "mar. de 2021 – atual",
              "set. de 2017 – 28 de fev. de 2021", "MSc em Computer Science"),
    "it": ("Esperienza professionale", "mar 2021 – oggi", "set 2017 – 28 feb 2021",
           "MSc in Computer Science"),
    "nl": ("Werkervaring", "mrt 2021 – heden", "sep 2017 – 28 feb 2021",
           "MSc Computer Science"),
    "ar": ("الخبرة المهنية", "مارس 2021 – حتى الآن", "سبتمبر 2017 – 28 فبراير 2021",
           "MSc في Computer Science"),
    "zh": ("工作经历", "2021年3月 – 至今", "2017年9月 – 2021年2月28日", "Computer Science MSc"),
    "ja": ("職歴", "2021年3月 – 現在", "2017年9月 – 2021年2月28日", "Computer Science MSc"),
    "ko": ("경력", "2021년 3월 – 현재", "2017년 9월 – 2021년 2월 28일", "Computer Science MSc"),
}
# The summary heading and the email label, for the outputs that print them.
SUMMARY = {"en": "Summary", "de": "Profil", "pl": "Podsumowanie", "ar": "نبذة", "ja": "自己PR"}
DESIGNS = ("classic", "modern", "professional", "minimal", "executive", "sidebar", "timeline",
           "academic")
# Marks pdftotext puts around right-to-left runs.
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NOW = datetime(2026, 11, 2, 8, 15, tzinfo=UTC)
MIXED = "Ana Müller محمد 王小明 " + samples.ARABIC + " 東京 서울"


@pytest.fixture
def app_config(tmp_path) -> dict:
    """The font probe reads a real fontconfig file that knows no fonts at all, as on a server
    without CJK packages (PDFs here use our shipped fonts and are not affected)."""
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                      f"<fontconfig><cachedir>{tmp_path}/cache</cachedir></fontconfig>")
    return {"FONTCONFIG_FILE": str(config)}


def shown(language: str, document: dict | None = None) -> view.ResumeView:
    return view.build(document or samples.full(), "Backend roles", language=language)


def unsaved(language: str, design: str = "modern", document: dict | None = None,
            **settings) -> Resume:
    """A resume in `language` and `design`, drawn without saving it."""
    return Resume(title="Backend roles", design_slug=design, content=document or samples.full(),
                  design_settings={"language": language, **settings})


def pdf_text(pdf: bytes) -> str:
    return BIDI_MARKS.sub("", " ".join(poppler_text(pdf).split()))


@pytest.mark.parametrize("language", EXPECTED)
def test_the_view_prints_headings_dates_and_degrees_in_the_resume_language(app, language):
    heading, current, earlier, degree = EXPECTED[language]
    with app.app_context():
        resume = shown(language)
    work = resume.section("work")
    assert (work.title, work.entries[0].dates, work.entries[1].dates) == (heading, current,
                                                                          earlier)
    assert resume.section("education").entries[0].title == degree
    assert resume.language == language


@pytest.mark.parametrize("language", EXPECTED)
def test_the_text_file_follows_the_resume_language(app, language):
    heading, current, earlier, _ = EXPECTED[language]
    with app.app_context():
        text = render_text(shown(language))
    assert f"\n{heading.upper()}\n" in text
    assert current in text and earlier in text
    if language in SUMMARY:
        assert f"\n{SUMMARY[language].upper()}\n" in text


@pytest.mark.parametrize("language", EXPECTED)
def test_the_word_file_follows_the_resume_language(app, language):
    heading, current, earlier, _ = EXPECTED[language]
    with app.app_context():
        resume = shown(language)
        data = docx.render_docx(resume, "modern", design_settings.Settings(language=language),
                                NOW)
    word = Document(io.BytesIO(data))
    paragraphs = [(p.style.name, p.text) for p in word.paragraphs]
    assert ("Heading 1", heading) in paragraphs
    body = "\n".join(text for _, text in paragraphs)
    assert current in body and earlier in body
    normal = word.styles["Normal"].element
    assert normal.find(f".//{qn('w:lang')}").get(qn("w:val")) == language


def test_an_arabic_word_file_runs_right_to_left(app):
    with app.app_context():
        data = docx.render_docx(shown("ar"), "sidebar",
                                design_settings.Settings(language="ar"), NOW)
    word = Document(io.BytesIO(data))
    body = word.element.body
    paragraphs = body.findall(qn("w:p"))
    assert paragraphs and all(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None
                              for p in paragraphs)
    runs = list(body.iter(qn("w:r")))
    assert runs and all(r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None for r in runs)
    assert body.find(f"{qn('w:sectPr')}/{qn('w:bidi')}") is not None
    footer = word.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Jane Doe · صفحة ")
    # Arabic takes the body's size and weight, not Word's default for complex scripts.
    normal = word.styles["Normal"].element.find(qn("w:rPr"))
    assert normal.find(qn("w:szCs")).get(qn("w:val")) == normal.find(qn("w:sz")).get(qn("w:val"))
    # The file still opens as a valid package with every part in place.
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_a_left_to_right_word_file_has_no_right_to_left_paragraphs(app):
    with app.app_context():
        data = docx.render_docx(shown("pl"), "modern",
                                design_settings.Settings(language="pl"), NOW)
    assert b"<w:bidi/>" not in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


@pytest.mark.parametrize("design", DESIGNS)
@pytest.mark.parametrize("language", ["pl", "ar", "de"])
def test_every_design_prints_the_resume_language_in_its_pdf(app, design, language):
    heading, current, earlier, _ = EXPECTED[language]
    with app.test_request_context():
        resume = unsaved(language, design)
        settings = design_settings.effective(resume)
        html = rendering.render_html(resume, settings)
        pdf = rendering.render_pdf(rendering.RenderContext.of(resume, settings))
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    text = pdf_text(pdf).casefold()  # designs set headings (and some dates) in capitals
    assert heading.casefold() in text and SUMMARY[language].casefold() in text
    # Word by word: a narrow column wraps a range, and extractors read Arabic lines in
    # their own order.
    assert all(word.casefold() in text for word in f"{current} {earlier}".split())


@pytest.mark.parametrize("font", ["lora", "liberation-serif", "dejavu-serif", "inter"])
def test_arabic_is_drawn_with_the_shipped_font_whatever_the_chosen_one(app, font):
    with app.test_request_context():
        resume = unsaved("ar", "classic", font=font)
        pdf = rendering.render_pdf(rendering.RenderContext.of(
            resume, design_settings.effective(resume)))
    # The Arabic glyphs come from the shipped DejaVu Sans, not empty boxes of the chosen font.
    assert any(name.startswith("DejaVu-Sans") for name in font_names(pdf))
    assert EXPECTED["ar"][0] in pdf_text(pdf)


def test_the_cover_letter_and_the_pdf_footer_follow_the_resume_language(app):
    document = {**samples.full(), "work": samples.full()["work"] * 12}
    with app.test_request_context():
        resume = unsaved("pl", "modern", document)
        pdf = rendering.render_pdf(rendering.RenderContext.of(
            resume, design_settings.effective(resume)))
    assert "Jane Doe · Strona 2 z" in pdf_text(pdf)


@pytest.mark.parametrize("stored", ["xx", "klingon", "", None, 5, "de-" + "x" * 40])
def test_an_unknown_stored_language_gives_english_never_an_error(app, stored):
    with app.test_request_context():
        resume = unsaved("en", "modern")
        resume.design_settings = {"language": stored}
        settings = design_settings.effective(resume)
        text = render_text(view.of(resume, settings))
        html = rendering.render_html(resume, settings)
    assert settings.language == "en"
    assert "\nEXPERIENCE\n" in text and "Mar 2021 – Present" in text
    assert '<html lang="en" dir="ltr">' in html


def test_mixed_scripts_in_one_field_render_in_every_format(app):
    document = samples.full()
    document["basics"]["name"] = MIXED
    document["work"][0]["highlights"] = [MIXED]
    with app.test_request_context():
        for language in ("en", "ar", "ja"):
            resume = unsaved(language, "sidebar", document)
            settings = design_settings.effective(resume)
            pdf = rendering.render_pdf(rendering.RenderContext.of(resume, settings))
            shown_view = view.of(resume, settings)
            data = docx.render_docx(shown_view, "sidebar", settings, NOW)
            text = render_text(shown_view)
            assert pdf.startswith(b"%PDF") and "محمد" in pdf_text(pdf)
            assert MIXED in "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
            assert MIXED in text


def test_the_design_tab_saves_the_language_as_a_new_version(app, auth_client, user):
    with app.app_context():
        resume = resumes.create(db.session.get(User, user.id), "Backend roles", "modern")
        resume_id, version = resume.id, resume.version
        resumes.save(resume, db.session.get(User, user.id), version, content=samples.full())
        version = resume.version
    page = f"/resume/{resume_id}/preview"
    html = auth_client.get(page).get_data(as_text=True)
    assert 'name="language"' in html and '<option value="pl">Polish</option>' in html
    assert '<option value="en-GB">English (United Kingdom)</option>' in html
    settings = replace(design_settings.Settings(), language="pl")
    response = auth_client.post(page, data=MultiDict([
        *design_settings.as_form("modern", settings), ("base_version", str(version)),
        ("csrf_token", auth_client.csrf_token(page))]))
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Resume, resume_id)
        assert saved.version == version + 1
        assert design_settings.effective(saved).language == "pl"
    assert 'value="pl" selected' in auth_client.get(page).get_data(as_text=True)
    text = auth_client.get(f"/resume/{resume_id}/export/txt").get_data(as_text=True)
    assert "\nDOŚWIADCZENIE\n" in text and "mar 2021 – obecnie" in text


def test_the_design_tab_refuses_an_unknown_language_and_keeps_the_resume(app, auth_client,
                                                                         user):
    with app.app_context():
        resume = resumes.create(db.session.get(User, user.id), "Backend roles", "modern")
        resume_id, version = resume.id, resume.version
    page = f"/resume/{resume_id}/preview"
    form = [(key, "tlh" if key == "language" else value)
            for key, value in design_settings.as_form("modern", design_settings.Settings())]
    response = auth_client.post(page, data=MultiDict([
        *form, ("base_version", str(version)), ("csrf_token", auth_client.csrf_token(page))]))
    assert response.status_code == 422
    assert "Choose one of the listed languages." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Resume, resume_id).version == version


def test_a_new_resume_starts_in_the_chosen_language(app, auth_client):
    response = auth_client.submit("/resume/new", {"title": "Praca", "template": "classic",
                                                   "start": "empty", "language": "pl"})
    assert response.status_code == 302
    with app.app_context():
        resume = db.session.execute(db.select(Resume)).scalar_one()
        assert design_settings.effective(resume).language == "pl"


def test_a_new_resume_refuses_an_unknown_language(app, auth_client):
    response = auth_client.submit("/resume/new", {"title": "Praca", "template": "classic",
                                                   "start": "empty", "language": "tlh"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Resume.id))).scalar() == 0


def test_the_api_takes_a_language_and_refuses_an_unknown_one(app, api):
    created = api.post("/api/v1/resumes", json={"title": "x", "settings": {"language": "pt-br"}})
    assert created.status_code == 201 and created.get_json()["settings"]["language"] == "pt-BR"
    refused = api.post("/api/v1/resumes", json={"title": "x", "settings": {"language": "tlh"}})
    assert refused.status_code == 422
    problem = refused.get_json()
    assert refused.mimetype == "application/problem+json"
    errors = {error.get("pointer"): error.get("detail") for error in problem["errors"]}
    assert "Choose one of the listed languages" in errors["#/settings/language"]


def test_the_design_tab_warns_when_the_server_has_no_fonts_for_the_language(
        app, auth_client, user):
    with app.app_context():
        owner = db.session.get(User, user.id)
        japanese = resumes.create(owner, "日本", "modern", settings={"language": "ja"})
        english = resumes.create(owner, "English", "modern")
        resumes.save(english, owner, english.version,
                     content={"basics": {"name": "Jane", "summary": "東京で働いた"}})
        ids = japanese.id, english.id
    for resume_id in ids:
        html = auth_client.get(f"/resume/{resume_id}/preview").get_data(as_text=True)
        assert 'id="font-note"' in html and "fonts-noto-cjk" in html
        assert "This server has no fonts for Japanese" in html
    with app.app_context():
        plain = resumes.create(db.session.get(User, user.id), "Plain", "modern")
        plain_id = plain.id
    assert 'id="font-note"' not in auth_client.get(f"/resume/{plain_id}/preview").get_data(
        as_text=True)


def test_the_font_probe_reads_the_real_fontconfig(app):
    with app.app_context():
        assert system_fonts.missing("ko") == "ko"
        assert system_fonts.missing("en", "Jane 王") == "zh"
        assert system_fonts.missing("en", "Jane Doe, محمد") is None
        assert system_fonts.scripts_in("カナ 한글 漢字") == {"ja", "ko", "zh"}

