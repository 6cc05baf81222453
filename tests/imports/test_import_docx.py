"""Importing Word (.docx) resumes: ours come back with their fields, other tools' layouts
(tables, text boxes, lists, headers) are read in order, and bad files get a clear message."""
import io
import os
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from tests import export_samples as samples
from tests.import_files import ZEROS, archive, assert_refused, lying_about_size
from website.services import resume_document
from website.services.design_settings import Settings
from website.services.export import docx_styles, view
from website.services.export.docx import render_docx
from website.services.imports import ImportRejected, reader
from website.services.imports import docx as word_import

NOW = datetime(2026, 3, 14, 9, 26, tzinfo=UTC)


def ours(document: dict, design: str) -> bytes:
    return render_docx(view.build(document, "Backend roles"), design, Settings(), NOW)


def saved(word) -> bytes:
    output = io.BytesIO()
    word.save(output)
    return output.getvalue()


def lines_of(raw: bytes) -> list:
    return word_import.lines_of(docx.Document(io.BytesIO(raw)))[0]


@pytest.mark.parametrize("design", sorted(docx_styles.LOOKS))
def test_our_word_export_comes_back_with_every_field(design):
    document = resume_document.normalize(samples.full())
    result = reader.read(ours(document, design))
    assert result.source == "docx"
    assert result.document == document  # every field of every section, in its place
    assert result.warnings == []


@pytest.mark.parametrize("sample", ["nine_years", "academic", "diacritics"])
def test_our_word_export_of_longer_resumes_keeps_names_dates_and_highlights(sample):
    document = resume_document.normalize(getattr(samples, sample)())
    got = reader.read(ours(document, "classic")).document
    basics = ("name", "label", "email", "phone", "url")
    assert {key: got["basics"][key] for key in basics} == {
        key: document["basics"][key] for key in basics}
    for key in ("work", "volunteer"):
        assert [(job.get("position"), job["startDate"], job["endDate"], job["highlights"])
                for job in got[key]] == [
            (job.get("position"), job["startDate"], job["endDate"], job["highlights"])
            for job in document[key]]
    assert [school["endDate"] for school in got["education"]] == [
        school["endDate"] for school in document["education"]]
    assert [skill["keywords"] for skill in got["skills"]] == [
        skill["keywords"] for skill in document["skills"]]


def test_the_lines_keep_headings_bold_sizes_lists_and_the_tab_before_the_dates():
    lines = lines_of(ours(resume_document.normalize(samples.full()), "modern"))
    by_text = {line.text: line for line in lines}
    assert lines[0].text == "Jane Doe" and lines[0].size > 15 and not lines[0].heading
    assert by_text["EXPERIENCE"].heading  # Heading 1, shown in capitals by the style
    # The title is bold and ", Acme Corp" is not: where the emphasis ends is a separator.
    job = by_text["Staff Engineer\tAcme Corp\tMar 2021 – Present"]
    assert job.bold and not job.heading  # Heading 2 titles an entry; it is not a section
    assert by_text["Mentored five engineers"].bullet
    assert not any("page" in line.text for line in lines)  # the footer's page numbers


def test_tracked_changes_fields_capitals_and_symbol_bullets_read_as_shown():
    word = docx.Document()
    for xml in (
        '<w:del w:id="1" w:author="A"><w:r><w:delText>Junior</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="A"><w:r><w:t>Senior</w:t></w:r></w:ins><w:r><w:t xml:space'
        '="preserve"> Engineer</w:t></w:r>',
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK '
        '"https://example.com" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
        '</w:r><w:r><w:t>example.com</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>',
        '<w:r><w:rPr><w:caps/><w:b/><w:sz w:val="28"/></w:rPr><w:t>Experience</w:t></w:r>',
        '<w:r><w:sym w:font="Symbol" w:char="F0B7"/><w:tab/><w:t>Shipped it</w:t></w:r>',
    ):
        word.add_paragraph()._p.append(parse_xml(f"<w:wrap {nsdecls('w')}>{xml}</w:wrap>"))
    for paragraph in word.paragraphs:  # unwrap: the runs belong in the paragraph itself
        wrapper = paragraph._p[-1]
        for child in list(wrapper):
            paragraph._p.append(child)
        paragraph._p.remove(wrapper)
    lines = lines_of(saved(word))
    assert [line.text for line in lines] == [
        "Senior Engineer", "example.com", "EXPERIENCE", "Shipped it"]
    assert (lines[2].bold, lines[2].size) == (True, 14.0)
    assert lines[3].bullet and not lines[0].bullet


def other_tools_resume() -> docx.document.Document:
    """Return a Word resume laid out as other tools and templates do: contact details in the
    header, a layout table with the dates in their own cell, a merged cell, list bullets,
    typed bullet glyphs, a tab before the dates, and a text box."""
    word = docx.Document()
    header = word.sections[0].header.paragraphs[0]
    header.text = "sam.rivera@example.com | +1 415 555 0100 | linkedin.com/in/samrivera"
    word.add_paragraph("Sam Rivera", style="Title")
    word.add_heading("Professional Experience", level=1)
    table = word.add_table(rows=3, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("Senior Developer – Initech").bold = True
    table.cell(0, 1).text = "Jan 2019 – Present"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Built the billing platform."
    table.cell(2, 0).text = "Reduced costs"
    table.cell(2, 1).text = "Hired a team"
    word.add_paragraph("Cut invoice errors by 90%", style="List Bullet")
    word.add_paragraph("• Automated the monthly close")
    title = word.add_paragraph()
    title.paragraph_format.tab_stops.add_tab_stop(Pt(450), WD_TAB_ALIGNMENT.RIGHT)
    title.add_run("Developer, Globex Corporation").bold = True
    title.add_run("\tMar 2015 – Dec 2018")
    word.add_paragraph("Shipped the first mobile app", style="List Bullet")
    word.add_heading("Education", level=1)
    word.add_paragraph("BSc Computer Science, State University\t2011 – 2015")
    box = word.add_paragraph()
    box._p.append(parse_xml(TEXT_BOX.format(nsdecls("w", "wp", "a") + WPS)))
    return word


WPS = (' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
       ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
       ' xmlns:v="urn:schemas-microsoft-com:vml"')
# A text box as Word writes it: a DrawingML shape, and a VML copy for older readers.
TEXT_BOX = """<w:r {}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1"
behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
<wp:extent cx="1828800" cy="914400"/><wp:wrapNone/><wp:docPr id="1" name="Text Box 1"/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Skills</w:t></w:r></w:p>
<w:p><w:r><w:t>Python, SQL</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>
</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>
<v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Skills</w:t></w:r></w:p>
<w:p><w:r><w:t>Python, SQL</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>
</mc:Fallback></mc:AlternateContent></w:r>"""


def test_other_tools_layouts_are_read_in_the_order_a_reader_sees_them():
    lines = lines_of(saved(other_tools_resume()))
    assert [line.text for line in lines] == [
        "sam.rivera@example.com | +1 415 555 0100 | linkedin.com/in/samrivera",
        "Sam Rivera", "Professional Experience",
        "Senior Developer – Initech\tJan 2019 – Present", "Built the billing platform.",
        "Reduced costs\tHired a team", "Cut invoice errors by 90%",
        "Automated the monthly close", "Developer, Globex Corporation\tMar 2015 – Dec 2018",
        "Shipped the first mobile app", "Education",
        "BSc Computer Science, State University\t2011 – 2015",
        "Skills", "Python, SQL",  # the text box, once
    ]
    by_text = {line.text: line for line in lines}
    assert by_text["Professional Experience"].heading and by_text["Education"].heading
    assert not by_text["Sam Rivera"].heading
    assert by_text["Senior Developer – Initech\tJan 2019 – Present"].bold
    assert by_text["Cut invoice errors by 90%"].bullet
    assert by_text["Automated the monthly close"].bullet
    assert not by_text["Built the billing platform."].bullet


def test_a_cell_merged_down_is_read_once_and_a_sidebar_column_by_column():
    word = docx.Document()
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Initech"
    table.cell(0, 0).merge(table.cell(1, 0))  # one cell spanning both rows
    table.cell(0, 1).text = "Developer"
    table.cell(1, 1).text = "Intern"
    sidebar = word.add_table(rows=1, cols=2)
    left, right = sidebar.cell(0, 0), sidebar.cell(0, 1)
    left.text = "Skills"
    left.add_paragraph("Python")
    right.text = "Experience"
    right.add_paragraph("Cook, Diner\t2019 – 2020")
    assert [line.text for line in lines_of(saved(word))] == [
        "Initech\tDeveloper", "Intern", "Skills", "Python", "Experience",
        "Cook, Diner\t2019 – 2020"]


def test_an_other_tools_resume_fills_its_sections():
    result = reader.read(saved(other_tools_resume()))
    document = result.document
    assert document["basics"]["name"] == "Sam Rivera"
    assert document["basics"]["email"] == "sam.rivera@example.com"
    assert document["basics"]["phone"] == "+1 415 555 0100"
    assert [p["network"] for p in document["basics"]["profiles"]] == ["LinkedIn"]
    jobs = [(job["position"], job["name"], job["startDate"], job["endDate"])
            for job in document["work"]]
    assert jobs == [("Senior Developer", "Initech", "2019-01", ""),
                    ("Developer", "Globex Corporation", "2015-03", "2018-12")]
    assert "Cut invoice errors by 90%" in document["work"][0]["highlights"]
    assert document["work"][1]["highlights"] == ["Shipped the first mobile app"]
    assert document["education"][0]["startDate"] == "2011"


def test_a_link_named_by_a_word_keeps_where_it_goes():
    word = docx.Document()
    word.add_paragraph("Alex Kim", style="Title")
    paragraph = word.add_paragraph("alex@example.com | ")
    relation = paragraph.part.relate_to("https://github.com/alexkim", docx.opc.constants
                                        .RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    paragraph._p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{relation}">'
                                  "<w:r><w:t>GitHub</w:t></w:r></w:hyperlink>"))
    document = reader.read(saved(word)).document
    assert document["basics"]["profiles"][0]["url"] == "https://github.com/alexkim"


def test_long_documents_are_cut_short_with_a_warning():
    word = docx.Document()
    word.add_paragraph("Pat Long", style="Title")
    word.add_heading("Experience", level=1)
    for index in range(word_import.MAX_LINES + 500):
        word.add_paragraph(f"Line {index}")
    result = reader.read(saved(word))
    expected = f"first {word_import.MAX_LINES:,} lines"
    assert any(expected in warning.message for warning in result.warnings)


def replaced(raw: bytes, name: str, content: bytes) -> bytes:
    """Return the Word file `raw` with member `name` holding `content` instead."""
    with zipfile.ZipFile(io.BytesIO(raw)) as source:
        members = {member: source.read(member) for member in source.namelist()}
    members[name] = content
    return archive(members)


SIMPLE = saved(docx.Document())
BAD = {
    "an old .doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old Word"),
    "a .docx with a password": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 300
                                + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 300,
                                "password"),
    "a document part that is not XML": (
        replaced(SIMPLE, "word/document.xml", b"<w:document><w:body><w:p>"), "damaged"),
    "no content types": (archive({"word/document.xml": b"<x/>"}), "damaged"),
    "a picture of 40 MB of zeros": (replaced(SIMPLE, "word/media/image1.png", ZEROS),
                                    "far more than a resume"),
    "a header that lies about the sizes": (
        lying_about_size(replaced(SIMPLE, "word/media/x.png", ZEROS), 4096), "damaged"),
    "thousands of parts": (archive({f"word/{i}.xml": b"" for i in range(3000)}
                                   | {"word/document.xml": b""}), "3,001 files"),
    "no text at all": (SIMPLE, "no text"),
    "a truncated file": (saved(other_tools_resume())[:3000], "damaged"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_word_files_get_a_clear_message(name):
    assert_refused(*BAD[name])


def with_body(xml: str) -> bytes:
    """Return a Word file whose body is `xml` (WordprocessingML paragraphs and tables)."""
    with zipfile.ZipFile(io.BytesIO(SIMPLE)) as source:
        members = {member: source.read(member) for member in source.namelist()}
    document = members["word/document.xml"].decode()
    start = document.index("<w:body>") + len("<w:body>")
    members["word/document.xml"] = (document[:start] + xml + document[start:]).encode()
    return archive(members)


def noise(length: int) -> str:
    """Return `length` characters of words that do not shrink much when zipped."""
    text = os.urandom(length // 2).hex()
    return " ".join(text[i:i + 8] for i in range(0, len(text), 8))


HOSTILE = {
    "one paragraph of 110,000 runs": "<w:p>" + "".join(
        f"<w:r><w:t>{word} </w:t></w:r>" for word in noise(1_000_000).split()) + "</w:p>",
    "800 paragraphs of 4,000 characters": "".join(
        f"<w:p><w:r><w:t>{noise(4000)}</w:t></w:r></w:p>" for _ in range(800)),
    "a table of 40,000 empty rows, then a word": "<w:tbl>" + "".join(
        f'<w:tr><w:tc><w:p><w:bookmarkStart w:id="1" w:name="{name}"/></w:p></w:tc></w:tr>'
        for name in noise(360_000).split()) + "</w:tbl><w:p><w:r><w:t>Hidden</w:t></w:r></w:p>",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_documents_far_beyond_a_resume_are_read_in_part(name):
    raw = with_body(HOSTILE[name])
    try:
        result = reader.read(raw)
    except ImportRejected as error:
        assert "no text" in str(error)  # what was read held nothing
    else:
        assert any("very long" in warning.message for warning in result.warnings)
