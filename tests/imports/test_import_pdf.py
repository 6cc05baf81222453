"""PDF import: our own PDFs come back exactly from their attachment; PDFs from other tools (and
ours without the attachment) are read from their text layer; bad files are refused clearly."""
import io
import tracemalloc
import zlib

import pytest
from pypdf import PdfWriter
from weasyprint import HTML

from bench.export import two_page_resume
from tests import export_samples
from website.models import Resume
from website.services import design_settings, designs, resume_document
from website.services.export import json_resume as json_export
from website.services.export import rendering
from website.services.imports import ImportRejected, TextLine, layout, pdf, pdf_streams

DESIGNS = [slug for slug, *_ in designs.BUILT_IN]


@pytest.fixture(autouse=True)
def unhurried_reading(monkeypatch):
    """Give reading a generous time budget: on a loaded machine (CI once ran at load 13 on two
    cores) the real 1 s cut page two of an ordinary two-page resume. The drawing budgets, not
    the clock, are what this module's hostile files meet; the time budget's speed is bench's."""
    monkeypatch.setattr(pdf, "TIME_BUDGET_SECONDS", 30.0)


def our_pdf(app, content: dict, design: str, attached: bool = True) -> bytes:
    """Return `content` as this site's PDF in `design`, with or without its JSON attachment."""
    with app.app_context():
        resume = Resume(content=content, design_slug=design, title="Imported")
        data = json_export.json_bytes(content, design_slug=design, design_settings={}) \
            if attached else None
        context = rendering.RenderContext.of(resume, design_settings.effective(resume), design)
        return rendering.render_pdf(context, data=data)


def page(body: str, style: str = "") -> bytes:
    """Return a one-off resume layout, as another tool might make it, as a PDF."""
    return HTML(string=f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
        @page {{ size: A4; margin: 16mm }}
        body {{ font: 10pt "Liberation Sans", sans-serif; line-height: 1.3 }}
        h1 {{ font-size: 22pt; margin: 0 }} h2 {{ font-size: 12pt; margin: 12pt 0 4pt }}
        p {{ margin: 0 }} ul {{ margin: 2pt 0; padding-left: 14pt }}
        .row {{ display: flex; justify-content: space-between }}
        {style}</style></head><body>{body}</body></html>""").write_pdf()


def read(raw: bytes):
    return pdf.read(raw)


# Our own PDFs ---------------------------------------------------------------------------

@pytest.mark.parametrize("design", DESIGNS)
def test_our_pdf_comes_back_exactly_from_its_attachment(app, design):
    content = export_samples.full()
    raw = our_pdf(app, content, design)
    with app.app_context():
        result = read(raw)
    assert result.source == "pdf-attachment"
    assert result.document == resume_document.normalize(content)
    assert result.design == design


def test_a_pdf_without_the_attachment_is_read_from_its_text(app):
    result = read(our_pdf(app, export_samples.full(), "modern", attached=False))
    assert result.source == "pdf"
    document = result.document
    basics = document["basics"]
    assert (basics["name"], basics["label"], basics["email"], basics["phone"]) == \
        ("Jane Doe", "Senior Backend Engineer", "jane@example.com", "+49 30 1234567")
    assert basics["location"]["city"] == "Berlin"
    assert basics["url"] == "https://jane.example.com"
    assert basics["profiles"][0]["network"] == "GitHub"
    assert basics["profiles"][0]["username"] == "janedoe"
    assert basics["summary"].startswith("Backend engineer who builds calm, well-tested")
    staff, engineer = document["work"]
    assert (staff["position"], staff["name"], staff["location"], staff["startDate"],
            staff["endDate"]) == ("Staff Engineer", "Acme Corp", "Remote", "2021-03", "")
    assert staff["url"] == "https://acme.example.com"
    assert staff["summary"] == "Led the payments team."
    assert staff["highlights"] == export_samples.full()["work"][0]["highlights"]
    assert (engineer["startDate"], engineer["endDate"]) == ("2017-09", "2021-02-28")
    school = document["education"][0]
    assert (school["institution"], school["studyType"], school["area"], school["score"]) == \
        ("TU Berlin", "MSc", "Computer Science", "1.3")
    assert school["courses"] == ["Distributed Systems", "Databases"]
    project = document["projects"][0]
    assert (project["name"], project["roles"], project["keywords"]) == \
        ("queue-lite", ["Maintainer"], ["Python", "Redis"])
    assert document["skills"][0] == {"name": "Python", "level": "Expert",
                                     "keywords": ["Flask", "SQLAlchemy"]}
    assert document["languages"][0] == {"language": "German", "fluency": "Native"}
    assert document["certificates"][0]["issuer"] == "Amazon"
    assert document["publications"][0]["releaseDate"] == "2022-11-05"
    assert document["references"][0]["name"] == "John Roe"


@pytest.mark.parametrize("design", DESIGNS)
def test_every_design_without_its_attachment_keeps_the_jobs_and_schools(app, design):
    content = two_page_resume()
    document = read(our_pdf(app, content, design, attached=False)).document
    assert document["basics"]["name"] == content["basics"]["name"]
    assert document["basics"]["email"] == content["basics"]["email"]
    assert [(job["position"], job["name"], job["startDate"], job["endDate"])
            for job in document["work"]] == \
        [(job["position"], job["name"], job["startDate"], job.get("endDate", ""))
         for job in content["work"]]
    assert [job["highlights"] for job in document["work"]] == \
        [job["highlights"] for job in content["work"]]
    assert [(school["institution"], school["studyType"]) for school in document["education"]] \
        == [(school["institution"], school["studyType"]) for school in content["education"]]
    assert [skill["name"] for skill in document["skills"]] == \
        [skill["name"] for skill in content["skills"]]


@pytest.mark.parametrize("design", DESIGNS)
def test_every_design_without_its_attachment_keeps_the_line_under_each_title(app, design):
    # The italic line under a title: what the employer does, whom a project was for and its
    # kind, then the place and link on the same line in some designs.
    content = export_samples.full()
    document = read(our_pdf(app, content, design, attached=False)).document
    staff, engineer = document["work"]
    assert (staff["position"], staff["name"], staff["description"], staff["location"],
            staff["url"]) == ("Staff Engineer", "Acme Corp", "Online payments for small shops",
                              "Remote", "https://acme.example.com")
    assert (engineer["position"], engineer["name"], engineer["description"]) == \
        ("Engineer", "Beta GmbH", "")
    project = document["projects"][0]
    assert (project["name"], project["roles"], project["entity"], project["type"],
            project["url"], project["description"]) == (
        "queue-lite", ["Maintainer"], "Python Software Foundation", "library",
        "https://github.com/janedoe/queue-lite", "A tiny job queue.")


# Layouts of other tools -------------------------------------------------------------------

def test_a_latex_style_layout_with_dates_on_the_right():
    raw = page("""
        <h1 style="text-align:center">Alex Chen</h1>
        <p style="text-align:center">(555) 123-4567 | alex.chen@mail.com |
           linkedin.com/in/alexchen | github.com/alexc</p>
        <h2 style="border-bottom:1px solid">Education</h2>
        <div class="row"><b>University of Washington</b><span>Seattle, WA</span></div>
        <div class="row"><i>Bachelor of Science in Computer Science</i>
             <i>Aug. 2016 – May 2020</i></div>
        <h2 style="border-bottom:1px solid">Experience</h2>
        <div class="row"><b>Software Engineer</b><span>June 2020 – Present</span></div>
        <div class="row"><i>Initech</i><i>Austin, TX</i></div>
        <ul><li>Built a billing service handling 3 million invoices a month with Go and
            PostgreSQL, replacing a fragile nightly batch job</li>
            <li>Cut p99 latency by 45%</li></ul>
        <div class="row"><b>Software Engineering Intern</b><span>May 2019 – Aug. 2019</span></div>
        <div class="row"><i>Hooli</i><i>Palo Alto, CA</i></div>
        <ul><li>Wrote the first version of the search indexer</li></ul>
        <h2 style="border-bottom:1px solid">Technical Skills</h2>
        <p><b>Languages</b>: Python, Go, SQL, TypeScript</p>
        <p><b>Frameworks</b>: React, Flask, gRPC</p>
    """, "ul { list-style: disc }")
    document = read(raw).document
    basics = document["basics"]
    assert (basics["name"], basics["email"], basics["phone"]) == \
        ("Alex Chen", "alex.chen@mail.com", "(555) 123-4567")
    assert {(p["network"], p["username"]) for p in basics["profiles"]} == \
        {("LinkedIn", "alexchen"), ("GitHub", "alexc")}
    school = document["education"][0]
    assert (school["institution"], school["studyType"], school["area"], school["startDate"],
            school["endDate"]) == ("University of Washington", "Bachelor of Science",
                                   "Computer Science", "2016-08", "2020-05")
    first, second = document["work"]
    assert (first["position"], first["name"], first["location"], first["startDate"],
            first["endDate"]) == ("Software Engineer", "Initech", "Austin, TX", "2020-06", "")
    assert first["highlights"] == [
        "Built a billing service handling 3 million invoices a month with Go and PostgreSQL, "
        "replacing a fragile nightly batch job", "Cut p99 latency by 45%"]
    assert (second["position"], second["name"], second["endDate"]) == \
        ("Software Engineering Intern", "Hooli", "2019-08")
    assert document["skills"] == [
        {"name": "Languages", "level": "", "keywords": ["Python", "Go", "SQL", "TypeScript"]},
        {"name": "Frameworks", "level": "", "keywords": ["React", "Flask", "gRPC"]}]


def test_letter_spaced_caps_headings_and_company_first_entries():
    raw = page("""
        <h1>MARIA GARCIA</h1>
        <p style="font-size:12pt">Registered Nurse</p>
        <p>maria.garcia@example.org • +1 512 555 0199 • Austin, TX</p>
        <h2 style="letter-spacing:3pt">P R O F I L E</h2>
        <p>Compassionate nurse with eight years in emergency and intensive care.</p>
        <h2 style="letter-spacing:3pt">W O R K &nbsp; H I S T O R Y</h2>
        <div class="row"><b>St. David's Medical Center</b><span>Austin, TX</span></div>
        <div class="row"><i>Charge Nurse</i><span>03/2020 – 05/2023</span></div>
        <p>– Led a team of 12 nurses on night shifts</p>
        <p>– Trained 30 new graduates</p>
        <div class="row"><b>Seton Hospital</b><span>Austin, TX</span></div>
        <div class="row"><i>Staff Nurse</i><span>2015 – 2020</span></div>
        <p>– Cared for up to 6 patients per shift</p>
        <h2 style="letter-spacing:3pt">C E R T I F I C A T I O N S</h2>
        <p>Advanced Cardiac Life Support (ACLS) — American Heart Association, 2022</p>
        <h2 style="letter-spacing:3pt">L A N G U A G E S</h2>
        <p>English (Native), Spanish (Fluent)</p>
    """)
    document = read(raw).document
    basics = document["basics"]
    assert (basics["name"], basics["label"]) == ("Maria Garcia", "Registered Nurse")
    assert basics["location"]["city"] == "Austin"
    assert basics["summary"].startswith("Compassionate nurse")
    assert [(job["position"], job["name"], job["startDate"], job["endDate"])
            for job in document["work"]] == [
        ("Charge Nurse", "St. David's Medical Center", "2020-03", "2023-05"),
        ("Staff Nurse", "Seton Hospital", "2015", "2020")]
    assert document["work"][0]["highlights"] == ["Led a team of 12 nurses on night shifts",
                                                 "Trained 30 new graduates"]
    certificate = document["certificates"][0]
    assert (certificate["name"], certificate["issuer"], certificate["date"]) == \
        ("Advanced Cardiac Life Support (ACLS)", "American Heart Association", "2022")
    assert document["languages"] == [{"language": "English", "fluency": "Native"},
                                     {"language": "Spanish", "fluency": "Fluent"}]


def test_a_sidebar_layout_with_title_at_company_lines():
    raw = page("""
        <div style="display:flex; gap:24pt">
        <div style="width:150pt">
          <h1 style="font-size:18pt">Sam Okafor</h1>
          <p>Product Designer</p>
          <h2>Contact</h2><p>sam@okafor.design</p><p>okafor.design</p><p>Lisbon, Portugal</p>
          <h2>Skills</h2><p>Figma</p><p>User research</p><p>Prototyping</p>
          <h2>Languages</h2><p>English – Fluent</p><p>Portuguese – Native</p>
        </div>
        <div style="flex:1">
          <h2>About Me</h2>
          <p>Designer of calm, accessible products for banks and hospitals.</p>
          <h2>Employment History</h2>
          <p><b>Senior Product Designer at Studio Norte</b></p>
          <p>September 2019 - Current</p>
          <ul><li>Redesigned the onboarding flow, lifting activation by 18%</li></ul>
          <p><b>Product Designer at Banco Azul</b></p>
          <p>January 2016 - August 2019</p>
          <ul><li>Built the first design system of the bank</li></ul>
          <h2>Education</h2>
          <p><b>MA Interaction Design, University of Lisbon</b></p><p>2014 – 2016</p>
        </div></div>
        <p style="text-align:center; margin-top:24pt">Sam Okafor · Product Designer · Page 1 of 1
        </p>
    """, "ul { list-style: square }")
    document = read(raw).document
    basics = document["basics"]
    assert (basics["name"], basics["label"], basics["email"], basics["url"]) == \
        ("Sam Okafor", "Product Designer", "sam@okafor.design", "https://okafor.design")
    assert basics["location"]["city"] == "Lisbon"
    assert basics["summary"] == "Designer of calm, accessible products for banks and hospitals."
    assert [(job["position"], job["name"], job["startDate"], job["endDate"])
            for job in document["work"]] == [
        ("Senior Product Designer", "Studio Norte", "2019-09", ""),
        ("Product Designer", "Banco Azul", "2016-01", "2019-08")]
    assert [skill["name"] for skill in document["skills"]] == \
        ["Figma", "User research", "Prototyping"]
    assert document["languages"][1] == {"language": "Portuguese", "fluency": "Native"}
    school = document["education"][0]
    assert (school["institution"], school["studyType"], school["area"]) == \
        ("University of Lisbon", "MA", "Interaction Design")


def test_an_italic_employer_or_place_under_a_title_is_not_a_description():
    raw = page("""
        <h1>Grace O'Connell</h1><p>grace@example.org</p>
        <h2>Experience</h2>
        <div class="row"><b>Staff Nurse, Cardiac ICU</b><span>Jun 2018 – Aug 2021</span></div>
        <div class="row"><i>Tufts Medical Center</i><i>Boston, MA</i></div>
        <ul><li>Managed ventilated patients</li></ul>
        <div class="row"><b>Registered Nurse</b><span>Jul 2016 – May 2018</span></div>
        <p><i>Lowell General Hospital, Lowell, MA</i></p>
        <ul><li>Monitored cardiac rhythms</li></ul>
    """)
    document = read(raw).document
    assert [(job["position"], job["name"], job["location"], job["description"])
            for job in document["work"]] == [
        ("Staff Nurse, Cardiac ICU", "Tufts Medical Center", "Boston, MA", ""),
        ("Registered Nurse", "Lowell General Hospital", "Lowell, MA", "")]


def test_a_town_beside_the_dates_above_the_title_is_the_place():
    raw = page("""
        <h1>Lucía Ferrer</h1><p>lucia@example.es</p>
        <h2>Experience</h2>
        <p>SEP 2016 – AUG 2019 · Valencia</p>
        <p><b>Mathematics Teacher</b>, Instituto Lluís Vives</p>
        <ul><li>Taught the Spanish curriculum</li></ul>
    """)
    job = read(raw).document["work"][0]
    assert (job["position"], job["name"], job["location"], job["startDate"], job["endDate"]) \
        == ("Mathematics Teacher", "Instituto Lluís Vives", "Valencia", "2016-09", "2019-08")


def test_bullet_glyphs_wrapped_lines_and_hyphenation():
    raw = page("""
        <h1>Lee Park</h1><p>lee@park.dev</p>
        <h2>EXPERIENCE:</h2>
        <p><b>Data Analyst, Northwind Traders</b> &nbsp; 2018 – 2021</p>
        <p>● Automated the weekly sales report that the finance team had been assem-</p>
        <p style="padding-left:9pt">bling by hand, saving two days a month</p>
        <p>● Built dashboards</p>
        <p>➢ Presented to the board</p>
    """)
    work = read(raw).document["work"][0]
    assert (work["position"], work["name"], work["startDate"], work["endDate"]) == \
        ("Data Analyst", "Northwind Traders", "2018", "2021")
    assert work["highlights"] == [
        "Automated the weekly sales report that the finance team had been assembling by "
        "hand, saving two days a month", "Built dashboards", "Presented to the board"]


def test_dates_in_the_margin_beside_the_first_bullet_and_page_furniture():
    entry = """<div class="row"><span><b>{company}</b>, {title}</span><span>{place}</span></div>
        <div class="row" style="padding-left:8pt"><span>• {bullet}</span>
        <span>{dates}<br>{length}</span></div>"""
    raw = page("""<p style="text-align:right; font-size:8pt">Last updated in Dec 2025</p>
        <h1>John Doe</h1><p>john.doe@example.com | GitHub: @jdoe</p>
        <h2>Experience</h2>""" + entry.format(
        company="Nexus AI", title="Co-Founder &amp; CTO", place="San Francisco, CA",
        bullet="Built model infrastructure serving 2M+ monthly API requests",
        dates="June 2023 – present", length="2 years 7 months") + entry.format(
        company="NVIDIA Research", title="Research Intern", place="Santa Clara, CA",
        bullet="Designed a sparse attention mechanism", dates="May 2022 – Aug 2022",
        length="4 months") + """<p style="text-align:center; font-size:8pt">John Doe – 1/2</p>""")
    document = read(raw).document
    assert document["basics"]["name"] == "John Doe"
    assert document["basics"]["label"] == ""
    assert (document["basics"]["profiles"][0]["network"],
            document["basics"]["profiles"][0]["username"]) == ("GitHub", "jdoe")
    assert [(job["position"], job["name"], job["location"], job["startDate"], job["endDate"],
             job["highlights"]) for job in document["work"]] == [
        ("Co-Founder & CTO", "Nexus AI", "San Francisco, CA", "2023-06", "",
         ["Built model infrastructure serving 2M+ monthly API requests"]),
        ("Research Intern", "NVIDIA Research", "Santa Clara, CA", "2022-05", "2022-08",
         ["Designed a sparse attention mechanism"])]


def test_a_heading_word_wrapped_from_a_bullet_is_not_a_heading():
    lines = [TextLine("Jane Doe", 25, bold=True), TextLine("Experience", 11, bold=True),
             TextLine("Staff Engineer, Acme Corp\tMar 2021 – Present", 10, bold=True),
             TextLine("Cut checkout latency by 40% by moving to a queue-based design that the "
                      "whole team could reason", 10, indent=10),
             TextLine("about", 10, indent=10), TextLine("Mentored five engineers", 10, indent=10),
             TextLine("Engineer, Beta GmbH\tSep 2017 – 28 Feb 2021", 10)]
    work = layout.read_lines(lines, "pdf").document["work"]
    assert [(job["position"], job["name"], job["highlights"]) for job in work] == [
        ("Staff Engineer", "Acme Corp", ["Cut checkout latency by 40% by moving to a queue-based "
                                         "design that the whole team could reason about",
                                         "Mentored five engineers"]),
        ("Engineer", "Beta GmbH", [])]


# Bad files --------------------------------------------------------------------------------

def test_an_encrypted_pdf_is_refused_with_a_clear_message(app):
    writer = PdfWriter(clone_from=io.BytesIO(page("<h1>Secret</h1><h2>Skills</h2><p>Go</p>")))
    writer.encrypt("open sesame")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ImportRejected, match="password"):
        read(out.getvalue())


def test_a_pdf_encrypted_only_against_changes_is_read():
    writer = PdfWriter(clone_from=io.BytesIO(page("<h1>Ann Lee</h1><h2>Skills</h2><p>Go</p>")))
    writer.encrypt(user_password="", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    assert read(out.getvalue()).document["basics"]["name"] == "Ann Lee"


@pytest.mark.parametrize("raw", [b"%PDF-1.7\n" + b"\x00garbage" * 100, b"%PDF-1.4\n1 0 obj",
                                 b"%PDF-"])
def test_a_damaged_pdf_is_refused_with_a_clear_message(raw):
    with pytest.raises(ImportRejected, match="damaged"):
        read(raw)


def test_a_truncated_pdf_is_refused_or_read_never_crashes():
    whole = page("<h1>Ann Lee</h1><h2>Skills</h2><p>Go</p>")
    for cut in (len(whole) // 3, len(whole) // 2, len(whole) - 40):
        try:
            read(whole[:cut])
        except ImportRejected as error:
            assert "damaged" in str(error) or "no text" in str(error)


def test_a_pdf_without_text_says_it_looks_scanned():
    blank = PdfWriter()
    blank.add_blank_page(595, 842)
    out = io.BytesIO()
    blank.write(out)
    with pytest.raises(ImportRejected, match="no text"):
        read(out.getvalue())


def test_only_the_first_pages_of_a_long_pdf_are_read():
    job = b"0 -14 Td (Engineer, Acme Corp 2019 - 2020) Tj " + \
        b"0 -14 Td (- Did a thing that mattered to the whole team) Tj " * 40
    raw = pdf_file(b"BT /F1 10 Tf 50 800 Td (Long Resume) Tj 0 -20 Td (Experience) Tj " +
                   job + b"ET", pages=200)
    result = read(raw)  # bench/import_speed.py times it
    pages = int(result.warnings[0].message.split()[3])
    assert result.warnings[0].message == f"Only the first {pages} of 200 pages were read."
    assert 1 <= pages <= 10
    assert len(result.document["work"]) == pages


def pdf_file(content: bytes, pages: int = 1, packed: bool = False) -> bytes:
    """Return a minimal PDF whose every page draws `content` in Helvetica (`content` already
    packed with zlib when `packed`)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
                   b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(pages)), pages),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d%s >>\nstream\n%s\nendstream" % (
                   len(content), b" /Filter /FlateDecode" if packed else b"", content)]
    for _ in range(pages):
        objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                    b"/Resources << /Font << /F1 3 0 R >> >> >>", b"null"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize("content", [
    b"BT /F1 1 Tf 10 10 Td (" + b"x" * 400_000 + b") Tj ET",  # one line of 400,000 glyphs
    b"BT /F1 8 Tf 10 10 Td (a) Tj ET " * 30_000,  # glyphs piled on one spot
    b"0 0 m 1 1 l S " * 300_000,  # paths
    b"[" * 200_000 + b"]" * 200_000,  # arrays nested 200,000 deep
])
def test_a_page_drawing_far_more_than_a_resume_is_refused(content):
    with pytest.raises(ImportRejected, match="too complex"):
        read(pdf_file(content))


def test_a_file_of_twenty_thousand_pages_is_read_in_part():
    raw = pdf_file(b"BT /F1 10 Tf 50 800 Td (Ann Lee) Tj ET", pages=20_000)
    result = read(raw)
    assert result.warnings[0].message == "Only the first 10 of 20000 pages were read."


def packed_spaces(megabytes: int) -> bytes:
    """Return `megabytes` MB of spaces packed with zlib (about a thousand times smaller)."""
    packer, block = zlib.compressobj(9), b" " * (1024 * 1024)
    return b"".join(packer.compress(block) for _ in range(megabytes)) + packer.flush()


def test_a_stream_unpacking_to_gigabytes_is_refused_without_unpacking_it():
    raw = pdf_file(packed_spaces(256), packed=True)  # 256 MB in a 250 KB upload
    tracemalloc.start()
    try:
        with pytest.raises(ImportRejected, match="too complex"):
            read(raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < pdf_streams.MAX_STREAM_BYTES * 3  # the bound, not the 256 MB


def test_a_packed_page_of_ordinary_size_is_read():
    text = b"BT /F1 20 Tf 50 780 Td (Ada Byron) Tj 0 -30 Td (ada@example.com) Tj ET"
    document = read(pdf_file(zlib.compress(text), packed=True)).document
    assert document["basics"]["email"] == "ada@example.com"


def test_a_plain_pdf_from_another_program_is_read():
    text = b"BT /F1 20 Tf 50 780 Td (Ada Byron) Tj /F1 10 Tf 0 -30 Td (ada@example.com) Tj " \
           b"0 -30 Td (Skills) Tj 0 -15 Td (Analysis: Notes, Engines) Tj ET"
    document = read(pdf_file(text, pages=12)).document
    assert (document["basics"]["name"], document["basics"]["email"]) == \
        ("Ada Byron", "ada@example.com")
    assert document["skills"][0] == {"name": "Analysis", "level": "",
                                     "keywords": ["Notes", "Engines"]}
