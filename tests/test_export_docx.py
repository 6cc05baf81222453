"""The Word export, opened as Word would open it: styles, order, links, fonts and text."""
import io
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from tests import export_samples as samples
from website.services import resume_document
from website.services.export.docx import render_docx


def render(document: dict, **options) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(document, "Backend roles", **options)))


def outline(word) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in word.paragraphs]


def test_name_sections_entries_and_highlights_use_real_word_styles_in_order():
    paragraphs = outline(render(samples.full()))
    assert paragraphs[0] == ("Title", "Jane Doe")
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == ["Summary", "Experience", "Education", "Projects", "Skills",
                        "Certifications", "Languages", "Awards", "Volunteering", "Publications",
                        "Interests", "References"]
    start = paragraphs.index(("Heading 2", "Staff Engineer, Acme Corp"))
    assert paragraphs[start + 1] == ("Normal", "Mar 2021 – Present")
    assert ("List Bullet", "Mentored five engineers") in paragraphs[start:]
    assert paragraphs.index(("Heading 2", "Engineer, Beta GmbH")) > start


def test_web_addresses_and_email_are_clickable_links():
    word = render(samples.full())
    targets = {rel.target_ref for rel in word.part.rels.values() if rel.is_external}
    assert {"mailto:jane@example.com", "https://jane.example.com", "https://github.com/janedoe",
            "https://acme.example.com"} <= targets
    assert word.element.body.findall(".//" + docx.oxml.ns.qn("w:hyperlink"))


def test_font_accent_and_document_properties_are_applied():
    word = render(samples.full(), font_family="DejaVu Serif", accent="#aa3300")
    assert word.styles["Normal"].font.name == "DejaVu Serif"
    assert str(word.styles["Heading 1"].font.color.rgb) == "AA3300"
    assert word.core_properties.title == "Backend roles"
    assert word.core_properties.author == "Jane Doe"
    assert not word.tables


def test_sections_follow_the_chosen_order():
    headings = [text for style, text in outline(render(samples.full(),
                                                       section_order=["skills", "work"]))
                if style == "Heading 1"]
    assert headings[1:3] == ["Skills", "Experience"]


def test_an_empty_resume_is_just_its_title():
    assert outline(render(samples.empty())) == [("Title", "Backend roles")]


def test_fifty_jobs_are_all_there_in_order():
    entries = [text for style, text in outline(render(samples.many_jobs()))
               if style == "Heading 2"]
    assert entries == [f"Job number {n}, Company {n}" for n in range(1, 51)]


def test_long_words_markup_emoji_and_other_scripts_come_out_unchanged():
    text = "\n".join(p.text for p in render(samples.hostile()).paragraphs)
    for value in (*samples.HOSTILE_TEXTS, samples.LONG_URL):
        assert value in text, value


def test_arabic_and_hebrew_paragraphs_are_right_to_left_in_word():
    word = render(resume_document.normalize({"basics": {"name": "Jane Doe", "label": samples.ARABIC,
                              "summary": samples.HEBREW},
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
def test_the_file_is_well_formed_and_converts_when_libreoffice_is_there(sample, tmp_path):
    raw = render_docx(samples.SAMPLES[sample](), "Backend roles")
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        for name in package.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(package.read(name))  # raises on malformed XML
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        return
    source = tmp_path / "resume.docx"
    source.write_bytes(raw)
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(source)], check=True, timeout=120, capture_output=True)
    assert (tmp_path / "resume.pdf").read_bytes().startswith(b"%PDF")
