"""The PDF as a document: tagged PDF/UA with its metadata and its own JSON Resume data, a
name-and-page footer past one page, and fit to pages (real WeasyPrint, pypdf and poppler)."""
import io
import json
import re
import subprocess

import pypdf
import pytest

from tests.export_samples import many_jobs, nine_years
from tests.factories import make_resume
from tests.helpers import required_program
from website.services.design_settings import Settings
from website.services.export import fit

SHORT = {"basics": {"name": "Jane Doe", "label": "Backend Engineer"},
         "work": [{"position": "Engineer", "name": "Acme", "startDate": "2020-01",
                   "highlights": ["Kept the lights on"]}]}


def two_jobs() -> dict:
    """Two pages at 11 pt in the default design, one page once fitted (at about 10 pt)."""
    content = nine_years()
    content["work"] = content["work"][:2]
    return content


@pytest.fixture(scope="module")
def poppler() -> str:
    """The folder of poppler's pdftotext and pdfinfo; missing, these tests skip (or fail with
    REQUIRE_BROWSER=1, as in CI)."""
    required_program("pdfinfo")
    return required_program("pdftotext").rsplit("/", 1)[0]


def poppler_run(poppler: str, tool: str, pdf: bytes, *args: str) -> str:
    """Return what poppler's `tool` says of `pdf` given on its standard input ("-")."""
    # A fixed local tool reading a PDF the test just made.
    return subprocess.run([f"{poppler}/{tool}", *args], input=pdf,  # noqa: S603
                          capture_output=True, check=True).stdout.decode()


def pages_text(poppler: str, pdf: bytes) -> list[list[str]]:
    """Return the non-empty lines of each page, as pdftotext reads them."""
    text = poppler_run(poppler, "pdftotext", pdf, "-enc", "UTF-8", "-", "-")
    pages = text.split("\f")[:-1]  # pdftotext ends every page with a form feed
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]


def pdf_of(client, resume_id: int) -> bytes:
    response = client.get(f"/resume/{resume_id}/export/pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    return response.data


def preview(client, resume_id: int, query: str) -> tuple[str, str]:
    """Return the customiser page for `query` and the document its frame shows."""
    page = client.get(f"/resume/{resume_id}/preview?{query}").get_data(as_text=True)
    src = re.search(r'<iframe[^>]*src="([^"]+)"', page).group(1).replace("&amp;", "&")
    return page, client.get(src).get_data(as_text=True)


def test_the_pdf_is_tagged_pdf_ua_with_language_title_author_and_xmp(auth_client, app, user,
                                                                     poppler):
    pdf = pdf_of(auth_client, make_resume(app, user, content=SHORT))

    info = poppler_run(poppler, "pdfinfo", pdf, "-")
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title == "Jane Doe – Resume" and reader.metadata.author == "Jane Doe"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp  # declares PDF/UA-1
    assert reader.xmp_metadata.dc_title["x-default"] == "Jane Doe – Resume"
    assert reader.xmp_metadata.dc_creator == ["Jane Doe"]
    # Tagging leaves the text as it was: each field whole, nothing added (order is the
    # designs' and the ATS tests' concern).
    [lines] = pages_text(poppler, pdf)
    assert lines[0] == "Jane Doe" and sorted(lines) == sorted([
        "Jane Doe", "Backend Engineer", "Experience", "Engineer, Acme", "Jan 2020 – Present",
        "Kept the lights on"])


def test_the_pdf_carries_the_same_json_resume_as_the_json_download(auth_client, app, user):
    resume_id = make_resume(app, user, content=SHORT, settings={"accent": "#aa3300"})

    reader = pypdf.PdfReader(io.BytesIO(pdf_of(auth_client, resume_id)))

    attached = reader.attachments["resume.json"]
    assert attached == [auth_client.get(f"/resume/{resume_id}/export/json").data]
    saved = json.loads(attached[0])["meta"]["resumeBuilder"]
    # Every setting the PDF is drawn with, so the file brings back exactly this look.
    assert saved["template"] == "modern" and saved["settings"]["accent"] == "#aa3300"


def test_a_hidden_section_is_neither_on_the_page_nor_in_the_attached_data(auth_client, app,
                                                                         user, poppler):
    content = {**SHORT, "references": [{"name": "Sam Referee", "reference": "Hire her."}]}
    resume_id = make_resume(app, user, content=content,
                            settings={"hidden_sections": ["references"]})

    pdf = pdf_of(auth_client, resume_id)

    attached = json.loads(pypdf.PdfReader(io.BytesIO(pdf)).attachments["resume.json"][0])
    assert "references" not in attached and attached["work"][0]["position"] == "Engineer"
    assert attached["meta"]["resumeBuilder"]["settings"]["hidden_sections"] == ["references"]
    assert "Sam Referee" not in poppler_run(poppler, "pdftotext", pdf, "-", "-")
    # The owner's own JSON download keeps everything.
    assert "Sam Referee" in auth_client.get(f"/resume/{resume_id}/export/json").get_data(
        as_text=True)


def test_a_resume_of_several_pages_has_the_name_and_page_on_each(auth_client, app, user,
                                                                poppler):
    pdf = pdf_of(auth_client, make_resume(app, user, content=many_jobs()))

    pages = pages_text(poppler, pdf)

    assert len(pages) >= 2
    for number, lines in enumerate(pages, start=1):
        # The footer is a line of its own, last on its page, after the page's body text.
        assert lines[-1] == f"Busy Person · Page {number} of {len(pages)}"
        assert not any("Page" in line for line in lines[:-1])
    body = [line for lines in pages for line in lines[:-1]]
    assert [line for line in body if line.startswith("Did thing")] == [
        f"Did thing {n}" for n in range(1, 51)]


def test_two_resumes_downloaded_one_after_the_other_each_have_their_own_name_and_look(
        auth_client, app, user, poppler, tmp_path):
    other = many_jobs()
    other["basics"]["name"] = "Other Person"
    first = make_resume(app, user, content=many_jobs())
    second = make_resume(app, user, content=other)

    pdfs = {"Busy Person": pdf_of(auth_client, first), "Other Person": pdf_of(auth_client, second)}

    for name, pdf in pdfs.items():
        pages = pages_text(poppler, pdf)
        assert len(pages) >= 2
        assert [lines[-1] for lines in pages] == [
            f"{name} · Page {number} of {len(pages)}" for number in range(1, len(pages) + 1)]
        # Drawn in the design's own font, not WeasyPrint's default.
        (tmp_path / "resume.pdf").write_bytes(pdf)
        fonts = poppler_run(poppler, "pdffonts", b"", str(tmp_path / "resume.pdf"))
        assert "Inter" in fonts and "DejaVu" not in fonts


def test_a_one_page_resume_has_no_footer(auth_client, app, user, poppler):
    pdf = pdf_of(auth_client, make_resume(app, user, content=SHORT))

    text = poppler_run(poppler, "pdftotext", pdf, "-enc", "UTF-8", "-", "-")

    assert "Page" not in text and text.count("Jane Doe") == 1


def test_fit_to_one_page_fits_a_two_page_resume_and_the_preview_shows_the_same(
        auth_client, app, user, poppler):
    resume_id = make_resume(app, user, content=two_jobs(), settings={"font_size": 11})
    assert len(pages_text(poppler, pdf_of(auth_client, resume_id))) == 2

    page, document = preview(auth_client, resume_id, "template=modern&font=dejavu-sans"
                                                     "&font_size=11&fit_pages=1")
    assert "Fitted to 1 page:" in page
    size = re.search(r"Fitted to 1 page: ([\d.]+) pt text, (\d+) mm margins", page)
    # The frame's stylesheet is drawn with the fitted size and margins, as the PDF will be.
    assert f"font_size={size.group(1)}&" in document and f"margin_mm={size.group(2)}&" in document
    assert 9 <= float(size.group(1)) < 11

    saved = auth_client.submit(f"/resume/{resume_id}/preview",
                               {"template": "modern", "font": "dejavu-sans", "font_size": "11",
                                "fit_pages": "1", "page_size": "A4", "margin_mm": "16",
                                "base_version": "1"})
    assert saved.status_code == 302
    pdf = pdf_of(auth_client, resume_id)
    pages = pages_text(poppler, pdf)
    assert len(pages) == 1 and pages[0][0] == "Maria Kowalski"
    assert "Page" not in " ".join(pages[0])  # one page: no footer


def test_a_resume_too_long_for_one_page_says_so_and_uses_the_smallest_type(auth_client, app,
                                                                          user, poppler):
    resume_id = make_resume(app, user, content=many_jobs(), settings={"fit_pages": 1})

    page, document = preview(auth_client, resume_id, "")
    pdf = pdf_of(auth_client, resume_id)

    pages = len(pages_text(poppler, pdf))
    assert pages >= 2
    assert (f"Does not fit on 1 page even at 9 pt: it takes {pages} pages. Shorten it or "
            "choose 2 pages.") in page
    assert "font_size=9&" in document and "margin_mm=10&" in document


@pytest.mark.parametrize("fits_from", range(len(fit.LADDER) + 1))
def test_the_fit_search_takes_three_renderings_and_the_loosest_step_that_fits(fits_from):
    counted = []

    def pages_at(settings: Settings) -> int:  # a resume that fits from step `fits_from` on
        step = [fit.at(settings, n) for n in range(len(fit.LADDER))].index(settings)
        counted.append(step)
        return 1 if step >= fits_from else 2

    found = fit.search(Settings(fit_pages=1), pages_at)

    assert len(counted) == 3
    if fits_from < len(fit.LADDER):
        assert found == fit.Fit(fit.at(Settings(fit_pages=1), fits_from), 1, True)
    else:  # fits nowhere: the tightest step, and the pages it still takes
        assert found == fit.Fit(fit.at(Settings(fit_pages=1), len(fit.LADDER) - 1), 2, False)
        assert fit.message(found) == ("Does not fit on 1 page even at 9 pt: it takes 2 pages. "
                                      "Shorten it or choose 2 pages.")
