"""Fonts: every family the customiser offers draws Polish, Greek and Cyrillic in the PDF, ships
with its licence and reaches the preview, and the PDF fetcher serves no other file."""
import json
import re
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from tests.helpers import required_program
from website.extensions import db
from website.models import Resume, User
from website.services import design_settings, resumes
from website.services.export import rendering

FONTS = design_settings.FONTS
STATIC = design_settings.STATIC_DIR
VENDORED = sorted(key for key, font in FONTS.items()
                  if font.faces[0].file.startswith(design_settings.VENDORED))
LINES = ["Zażółć gęślą jaźń — Łódź, Kraków", "Μηχανικός λογισμικού στην Αθήνα",
         "Инженер-программист в Москве", "office affinity fluffy"]
CONTENT = {"basics": {"name": "Łucja Żółkiewska", "label": LINES[3], "summary": LINES[0]},
           "work": [{"position": LINES[1], "name": LINES[2], "startDate": "2020-01",
                     "highlights": LINES}]}


@pytest.fixture(scope="module")
def poppler() -> Path:
    """The folder of poppler's pdftotext and pdffonts; missing, it skips these tests."""
    return Path(required_program("pdffonts")).parent


def exported_pdf(client, app, user, font: str) -> bytes:
    """Download the sample resume as a PDF in `font`."""
    with app.app_context():
        resume_id = resumes.create(db.session.get(User, user.id), "Fonts", "modern", CONTENT,
                                   settings={"font": font}).id
    response = client.get(f"/resume/{resume_id}/export/pdf")
    assert response.status_code == 200
    return response.data


def pdf_text(poppler: Path, pdf: bytes) -> str:
    """Return the text pdftotext reads from `pdf`."""
    return subprocess.run([poppler / "pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()


def embedded_fonts(poppler: Path, pdf: bytes) -> dict[str, bool]:
    """Return {font name without its subset tag: embedded?} as pdffonts lists them."""
    listing = subprocess.run([poppler / "pdffonts", "-"], input=pdf, capture_output=True,
                             check=True).stdout.decode().splitlines()[2:]
    # name, type words, encoding, then emb sub uni object-id generation
    return {line.split()[0].split("+")[-1].rstrip(","): line.split()[-5] == "yes"
            for line in listing}


@pytest.mark.parametrize("font", FONTS)
def test_each_font_draws_polish_greek_and_cyrillic_as_real_text(auth_client, app, user,
                                                                  poppler, font):
    pdf = exported_pdf(auth_client, app, user, font)

    text = pdf_text(poppler, pdf)
    embedded = embedded_fonts(poppler, pdf)

    for line in LINES:
        assert line in text, (font, line)
    assert not re.search("[\ufb00-\ufb06]", text), f"{font} wrote ligatures"
    assert all(embedded.values()), embedded
    names = {family.name.replace(" ", "-") for family in design_settings.families(font)}
    assert any(name.startswith(FONTS[font].name.replace(" ", "-")) for name in embedded)
    # Only the chosen family and its fallback: never whatever the server has installed.
    assert {name for name in embedded if not any(name.startswith(n) for n in names)} == set()


@pytest.mark.parametrize("font", FONTS)
def test_each_font_or_its_fallback_has_a_glyph_for_every_letter(font):
    families = design_settings.families(font)
    letters = set("".join(LINES + [CONTENT["basics"]["name"], "•·–"])) - {" "}
    for weight, style in ((400, "normal"), (700, "normal"), (400, "italic"), (700, "italic")):
        covered = set()
        for family in families:
            for face in family.faces:
                if (face.weight, face.style) == (weight, style):
                    covered |= {chr(code) for code in TTFont(STATIC / face.file).getBestCmap()}
        assert letters - covered == set(), (font, weight, style)


def test_the_customiser_offers_every_font_by_name_and_kind(auth_client, app, user):
    with app.app_context():
        resume_id = resumes.create(db.session.get(User, user.id), "Fonts", "modern",
                                   CONTENT).id
    html = auth_client.get(f"/resume/{resume_id}/preview").get_data(as_text=True)

    choices = re.search(r'<fieldset[^>]*id="font".*?</fieldset>', html, re.DOTALL).group(0)
    labels = [f"{name} ({kind})" for name, kind in re.findall(
        r'<label[^>]*for="font-[\w-]+"><span[^>]*>([^<]+)</span> <span[^>]*>([^<]+)</span>',
        choices)]

    assert labels == [font.label for font in FONTS.values()]
    for label in ("Inter (sans-serif)", "Source Sans 3 (sans-serif)",
                  "IBM Plex Sans (sans-serif)", "Source Serif 4 (serif)",
                  "EB Garamond (serif)", "Lora (serif)"):
        assert label in labels


@pytest.mark.parametrize("font", VENDORED)
def test_each_vendored_family_ships_its_licence_and_names_its_package(font):
    folder = STATIC / design_settings.VENDORED / font
    pinned = json.loads((STATIC.parent.parent / "package.json").read_text())["devDependencies"]

    assert "SIL Open Font License" in (folder / "LICENSE").read_text()
    assert f"@fontsource/{font} {pinned[f'@fontsource/{font}']}" in \
        (folder / "VERSION").read_text()
    assert all((STATIC / face.file).stat().st_size > 10_000 for face in FONTS[font].faces)


def test_the_preview_stylesheet_loads_every_font_file_it_names(client):
    css = client.get("/resume/design/modern.css?font=lora").get_data(as_text=True)

    urls = re.findall(r'src: url\("([^"]+)"\)', css)

    assert '"Lora", "DejaVu Serif", "DejaVu Sans Arabic", serif' in css
    assert "unicode-range: U+0000-00FF" in css
    assert "/static/vendor/fonts/lora/lora-700-italic.ttf" in urls
    assert "/static/fonts/DejaVuSerif-BoldItalic.ttf" in urls  # the fallback, for Greek
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200 and response.data[:4] == b"\x00\x01\x00\x00", url


def test_the_pdf_fetcher_serves_font_files_and_refuses_other_files_under_static(app):
    with app.test_request_context():
        resume = Resume(title="Fonts", design_slug="modern", design_settings={},
                        content=CONTENT)
        fetcher = rendering._Fetcher(rendering.RenderContext.of(
            resume, design_settings.Settings(font="lora")))
        font = fetcher.fetch(rendering.BASE_URL + "static/vendor/fonts/lora/lora-400-normal.ttf")
        assert font.headers["Content-Type"] == "font/ttf"
        assert font.read()[:4] == b"\x00\x01\x00\x00"
        for path in ("static/vendor/fonts/lora/LICENSE", "static/vendor/fonts/lora/unicode.json",
                     "static/vendor/fonts/lora/../../../../config.py", "static/css/app.css",
                     "static/vendor/fonts/lora/lora-400-normal.ttf?x=1",
                     "static/vendor/fonts/../fonts/lora/lora-400-normal.ttf",
                     "vendor/fonts/lora/lora-400-normal.ttf"):
            with pytest.raises(rendering.RefusedFetch):
                fetcher.fetch(rendering.BASE_URL + path)
