"""The Word export, opened as Word would open it: page, fonts, styles per design, order, hidden
sections, links, properties and text."""
import io
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Inches, Mm
from lxml import etree

from tests import export_samples as samples
from tests.factories import make_resume
from tests.helpers import REQUIRE_BROWSER
from website.extensions import db
from website.models import Resume
from website.services import design_settings, resume_document
from website.services.design_settings import Settings
from website.services.export import docx_styles, view
from website.services.export.docx import render_docx

NOW = datetime(2026, 3, 14, 9, 26, tzinfo=UTC)
DESIGNS = sorted(docx_styles.LOOKS)
DEFAULTS = Settings()


def raw(document: dict, design: str = "modern", settings: Settings = DEFAULTS,
        **shown) -> bytes:
    return render_docx(view.build(document, "Backend roles", **shown), design, settings, NOW)


def render(document: dict, design: str = "modern", settings: Settings = DEFAULTS,
           **shown) -> docx.document.Document:
    return docx.Document(io.BytesIO(raw(document, design, settings, **shown)))


def outline(word) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in word.paragraphs]


def headings(word) -> list[str]:
    return [text for style, text in outline(word) if style == "Heading 1"]


def package_text(data: bytes) -> str:
    """Every XML part of the file as one string: what a search of the file finds."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "".join(package.read(name).decode() for name in package.namelist()
                       if name.endswith((".xml", ".rels")))


def test_name_sections_and_entries_use_real_word_styles_with_dates_on_the_right():
    paragraphs = outline(render(samples.full()))
    assert paragraphs[:3] == [
        ("Title", "Jane Doe"), ("Subtitle", "Senior Backend Engineer"),
        ("Contact", "jane@example.com · +49 30 1234567 · Hauptstraße 1, 10115 Berlin, Berlin, DE"
                    " · jane.example.com · github.com/janedoe")]
    assert headings(render(samples.full())) == [
        "Summary", "Experience", "Education", "Projects", "Skills", "Certifications",
        "Languages", "Awards", "Volunteering", "Publications", "Interests", "References"]
    start = paragraphs.index(("Heading 2", "Staff Engineer, Acme Corp\tMar 2021 – Present"))
    assert paragraphs[start + 1:start + 5] == [
        ("Details", "Online payments for small shops · acme.example.com\tRemote"),
        ("Normal", "Led the payments team."),
        ("List Bullet", "Cut checkout latency by 40% by moving to a queue-based design that the "
                        "whole team could reason about"),
        ("List Bullet", "Mentored five engineers")]
    assert ("Heading 2", "MSc in Computer Science, TU Berlin\t2015 – 2017") in paragraphs
    assert ("Normal", "Python (Expert): Flask, SQLAlchemy") in paragraphs  # one line per group
    assert ("Normal", "German (Native)") in paragraphs
    assert not any(re.search(r"\b[A-Z][a-z ]+: ", text) for style, text in paragraphs
                   if style in ("Heading 2", "Details"))  # no "Location:" or "Website:"


def test_the_company_is_not_bold_and_the_dates_sit_on_a_right_tab_at_the_text_width():
    word = render(samples.full(), settings=Settings(page_size="A4", margin_mm=15))
    entry = word.styles["Heading 2"]
    stops = list(entry.paragraph_format.tab_stops)
    assert [(stop.alignment, round(stop.position.mm)) for stop in stops] == [
        (WD_TAB_ALIGNMENT.RIGHT, 180)]
    title = next(p for p in word.paragraphs if p.text.startswith("Staff Engineer"))
    assert [(run.text, run.bold) for run in title.runs] == [
        ("Staff Engineer", None), (", Acme Corp", False), ("\t", None),
        ("Mar 2021 – Present", False)]
    assert entry.font.bold


def test_what_the_employer_does_is_in_italics_beside_the_link_and_a_project_says_whom_it_was_for():
    word = render(samples.full())
    details = next(p for p in word.paragraphs if p.text.startswith("Online payments"))
    assert details.text.startswith("Online payments for small shops · acme.example.com")
    assert [(run.text, run.italic) for run in details.runs][:2] == [
        ("Online payments for small shops", True), (" · ", None)]
    assert ("Details", "Python Software Foundation · Library · github.com/janedoe/queue-lite") \
        in outline(word)


@pytest.mark.parametrize(("page", "margin", "width", "height"), [
    ("A4", 15, Mm(210), Mm(297)), ("Letter", 20, Inches(8.5), Inches(11)),
    ("A4", 10, Mm(210), Mm(297))])
def test_page_size_and_margins_are_the_settings(page, margin, width, height):
    section = render(samples.full(), settings=Settings(page_size=page,
                                                       margin_mm=margin)).sections[0]
    assert abs(section.page_width - width) < Mm(0.1)
    assert abs(section.page_height - height) < Mm(0.1)
    for side in (section.top_margin, section.bottom_margin, section.left_margin,
                 section.right_margin):
        assert abs(side.mm - margin) < 0.1


@pytest.mark.parametrize("font", sorted(design_settings.FONTS))
def test_the_font_is_the_designs_with_a_fallback_of_the_same_kind(font):
    data = raw(samples.full(), settings=Settings(font=font, font_size=11))
    word = docx.Document(io.BytesIO(data))
    name = design_settings.FONTS[font].name
    normal = word.styles["Normal"]
    assert normal.font.name == name and normal.font.size.pt == 11
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "eastAsia", "cs")} \
        == {name}
    for style in ("Title", "Heading 1", "Heading 2", "List Bullet"):  # no theme font overrides
        assert word.styles[style].font.name is None
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        table = etree.fromstring(package.read("word/fontTable.xml"))
    entry = next(entry for entry in table.iter(qn("w:font")) if entry.get(qn("w:name")) == name)
    family = entry.find(qn("w:family")).get(qn("w:val"))
    stand_in = entry.find(qn("w:altName")).get(qn("w:val"))
    if design_settings.FONTS[font].generic == "serif":
        assert (family, stand_in) == ("roman", "Times New Roman")
    else:
        assert (family, stand_in) == ("swiss", "Arial")


def test_sizes_and_accent_colour_follow_the_settings():
    word = render(samples.full(), "modern", Settings(accent="#aa3300", font_size=12))
    assert word.styles["Title"].font.size.pt == 24
    assert word.styles["Heading 1"].font.size.pt == 14  # 13.8 to the half point
    assert str(word.styles["Heading 1"].font.color.rgb) == "AA3300"
    assert str(word.styles["Title"].font.color.rgb) == "AA3300"
    assert render(samples.full(), settings=Settings(font_size=9.5)).styles[
        "Normal"].font.size.pt == 9.5


def test_bullets_stay_bullets_and_headings_stay_in_the_navigation_pane():
    word = render(samples.full())
    assert word.styles["List Bullet"].element.pPr.numPr.numId.val == 1
    for level, style in enumerate(("Heading 1", "Heading 2")):
        outline_level = word.styles[style].element.pPr.find(qn("w:outlineLvl"))
        assert outline_level.get(qn("w:val")) == str(level)


def bottom_rule(style) -> str | None:
    """Return the colour of the line under paragraphs of `style`, or None."""
    border = style.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    return None if border is None else border.get(qn("w:color"))


def test_designs_look_different_in_word_as_in_their_pdf():
    settings = Settings(accent="#aa3300")
    classic, modern, minimal = (render(samples.full(), design, settings)
                                for design in ("classic", "modern", "minimal"))
    assert classic.styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert classic.styles["Heading 1"].font.small_caps and bottom_rule(
        classic.styles["Heading 1"]) == "888888"
    assert modern.styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert modern.styles["Heading 1"].font.all_caps
    assert bottom_rule(modern.styles["Heading 1"]) == "AA3300"
    assert bottom_rule(minimal.styles["Heading 1"]) is None
    assert not minimal.styles["Heading 1"].font.bold


def test_pages_after_the_first_carry_the_name_and_page_n_of_n():
    section = render(samples.nine_years()).sections[0]
    assert section.different_first_page_header_footer
    assert [p.text for p in section.first_page_footer.paragraphs] == [""]
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("Maria Kowalski · Page ") and footer.style.name == "Footer"
    fields = [field.get(qn("w:instr")) for field in footer._p.iter(qn("w:fldSimple"))]
    assert fields == [" PAGE ", " NUMPAGES "]
    assert section.footer_distance < section.bottom_margin  # inside the margin


def test_the_timeline_puts_dates_and_place_above_each_title():
    paragraphs = outline(render(samples.full(), "timeline"))
    start = paragraphs.index(("Dates", "Mar 2021 – Present · Remote"))
    assert paragraphs[start + 1] == ("Heading 2", "Staff Engineer, Acme Corp")


def test_the_sidebar_design_puts_its_side_sections_after_the_masthead():
    assert headings(render(samples.full(), "sidebar"))[:4] == [
        "Skills", "Languages", "Summary", "Experience"]


@pytest.mark.parametrize("design", DESIGNS)
def test_every_design_follows_the_chosen_order_and_hides_what_is_hidden(design):
    order = ["education", "skills", "work",
             *(key for key in design_settings.SECTION_KEYS
               if key not in ("education", "skills", "work"))]
    data = raw(samples.full(), design, section_order=order,
               hidden_sections=("references", "projects"))
    shown = headings(docx.Document(io.BytesIO(data)))
    side = [title for title in ("Skills", "Languages") if design == "sidebar"]
    assert [title for title in shown if title not in side] == [
        "Summary", "Education", *(["Skills"] if not side else []), "Experience",
        "Certifications", *(["Languages"] if not side else []), "Awards", "Volunteering",
        "Publications", "Interests"]
    everything = package_text(data)
    for hidden in ("John Roe", "Jane is a great colleague", "queue-lite", "References"):
        assert hidden not in everything


@pytest.mark.parametrize("design", DESIGNS)
def test_the_file_has_no_tables_and_only_this_resumes_properties(design):
    data = raw(samples.nine_years(), design)
    word = docx.Document(io.BytesIO(data))
    assert not word.tables and not re.search(r"<w:tbl[ >]", package_text(data))
    properties = word.core_properties
    assert properties.title == "Maria Kowalski – Resume"
    assert properties.author == properties.last_modified_by == "Maria Kowalski"
    assert properties.created == properties.modified == NOW
    assert (properties.comments, properties.keywords, properties.category,
            properties.subject, properties.revision) == ("", "", "", "", 1)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        assert not any(b"python-docx" in package.read(name) for name in names)
    assert "docProps/thumbnail.jpeg" not in names and "docProps/app.xml" not in names


def test_web_addresses_are_shown_without_scheme_and_clickable():
    word = render(samples.full())
    targets = {rel.target_ref for rel in word.part.rels.values() if rel.is_external}
    assert {"mailto:jane@example.com", "tel:+49301234567", "https://jane.example.com",
            "https://github.com/janedoe", "https://acme.example.com",
            "https://github.com/janedoe/queue-lite"} <= targets
    links = {link.text: link.address for p in word.paragraphs for link in p.hyperlinks}
    assert links["github.com/janedoe"] == "https://github.com/janedoe"
    assert links["jane.example.com"] == "https://jane.example.com"
    assert not any("https://" in p.text for p in word.paragraphs)


def test_an_empty_resume_is_just_its_title():
    assert outline(render(samples.empty())) == [("Title", "Backend roles")]


def test_fifty_jobs_are_all_there_in_order():
    entries = [text.split("\t")[0] for style, text in outline(render(samples.many_jobs()))
               if style == "Heading 2"]
    assert entries == [f"Job number {n}, Company {n}" for n in range(1, 51)]


def test_long_words_markup_emoji_and_other_scripts_come_out_unchanged():
    text = "\n".join(p.text for p in render(samples.hostile()).paragraphs)
    for value in (*samples.HOSTILE_TEXTS, samples.LONG_URL.removeprefix("https://")):
        assert value in text, value


def test_arabic_and_hebrew_paragraphs_are_right_to_left_in_word():
    word = render(resume_document.normalize({
        "basics": {"name": "Jane Doe", "label": samples.ARABIC, "summary": samples.HEBREW},
        "work": [{"position": "Engineer", "name": "Acme",
                  "highlights": [samples.ARABIC, "Led the move to PostgreSQL",
                                 f"« {samples.HEBREW} » 2021"]}]}))
    bidi = {p.text: p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None
            for p in word.paragraphs}
    assert bidi[samples.ARABIC] and bidi[samples.HEBREW] and bidi[f"« {samples.HEBREW} » 2021"]
    assert not bidi["Jane Doe"] and not bidi["Led the move to PostgreSQL"]
    label = next(p for p in word.paragraphs if p.text == samples.ARABIC)
    assert label.style.name == "Subtitle"  # still its Word style
    assert all(run._r.rPr.find(qn("w:rtl")) is not None for run in label.runs)


def test_a_control_character_does_not_break_the_file():
    document = samples.full()
    document["basics"]["summary"] = "Line\x0bbreak"
    assert ("Normal", "Linebreak") in outline(render(document))


@pytest.mark.parametrize("sample", sorted(samples.SAMPLES))
def test_the_file_is_well_formed(sample):
    with zipfile.ZipFile(io.BytesIO(raw(samples.SAMPLES[sample]()))) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name))  # raises on malformed XML


OFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def office_page_counts(tmp_path_factory) -> dict[str, int]:
    """Open the nine-year sample's Word file of every design and page size in LibreOffice (one
    start for all of them) and return {file stem: pages of the PDF it prints}."""
    if OFFICE is None:
        if REQUIRE_BROWSER:
            pytest.fail("LibreOffice (soffice) not found and REQUIRE_BROWSER=1")
        pytest.skip("LibreOffice is not installed: `make browser-tools` installs it")
    folder = tmp_path_factory.mktemp("office")
    sources = []
    for design in DESIGNS:
        for page in design_settings.PAGE_SIZES:
            source = folder / f"{design}-{page}.docx"
            source.write_bytes(raw(samples.nine_years(), design, Settings(page_size=page)))
            sources.append(str(source))
    subprocess.run([OFFICE, "--headless", f"-env:UserInstallation=file://{folder}/profile",
                    "--convert-to", "pdf", "--outdir", str(folder), *sources],
                   check=True, timeout=300, capture_output=True)
    counts = {}
    for pdf in folder.glob("*.pdf"):
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                              text=True).stdout
        counts[pdf.stem] = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    return counts


@pytest.mark.parametrize("design", DESIGNS)
@pytest.mark.parametrize("page", design_settings.PAGE_SIZES)
def test_the_nine_year_sample_fits_two_pages_in_libreoffice_as_in_the_pdf(
        design, page, office_page_counts):
    assert 1 <= office_page_counts[f"{design}-{page}"] <= 2


def restyle(app, resume_id: int, **changes) -> None:
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resume.design_settings = {**resume.design_settings, **changes}
        db.session.commit()


@pytest.fixture
def app_config(clock):
    return {"CLOCK": clock}


def test_the_download_is_the_resumes_design_settings_and_time(auth_client, app, user, clock):
    resume_id = make_resume(app, user, design="classic", content=samples.full(), settings={
        "page_size": "Letter", "margin_mm": 20, "hidden_sections": ["references"]})
    download = auth_client.get(f"/resume/{resume_id}/export/docx")
    word = docx.Document(io.BytesIO(download.data))
    assert round(word.sections[0].page_width.inches, 2) == 8.5
    assert round(word.sections[0].left_margin.mm) == 20
    assert word.styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "John Roe" not in package_text(download.data)
    made = datetime.fromtimestamp(clock.now, UTC).replace(second=0, microsecond=0)
    assert word.core_properties.created == made

    clock.advance(120)
    restyle(app, resume_id, hidden_sections=["references", "work"], page_size="A4")
    word = docx.Document(io.BytesIO(auth_client.get(f"/resume/{resume_id}/export/docx").data))
    assert "Experience" not in headings(word) and "Education" in headings(word)
    assert round(word.sections[0].page_width.mm) == 210
    assert word.core_properties.modified == made + timedelta(minutes=2)


def test_a_changed_setting_is_never_served_from_the_cache(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=samples.full())
    first = auth_client.get(f"/resume/{resume_id}/export/docx").data
    assert auth_client.get(f"/resume/{resume_id}/export/docx").data == first  # cached
    for change in ({"accent": "#aa0000"}, {"margin_mm": 22}, {"font_size": 12},
                   {"section_order": ["skills", *(key for key in design_settings.SECTION_KEYS
                                                  if key != "skills")]}):
        restyle(app, resume_id, **change)
        again = auth_client.get(f"/resume/{resume_id}/export/docx").data
        assert again != first, change
        first = again
    with app.app_context():
        db.session.get(Resume, resume_id).design_slug = "minimal"
        db.session.commit()
    assert auth_client.get(f"/resume/{resume_id}/export/docx").data != first
