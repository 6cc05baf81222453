"""The design catalogue, the gallery with its pictures, "use for this resume" and a user's
saved look per design."""
import io
import re
import time

import pypdfium2
import pytest
from PIL import Image

from tests.factories import make_resume
from tests.helpers import log_in, pdf_text
from website.extensions import db
from website.models import Design, Resume, User
from website.services import (
    design_settings,
    designs,
    resume_document,
    resumes,
    thumbnails,
    versions,
)
from website.services.export import rendering

CONTENT = {"basics": {"name": "Jane Doe", "summary": "I build dependable web services."},
           "work": [{"position": "Engineer", "name": "Acme", "startDate": "2020-01"}]}


def stored(app, resume_id: int) -> Resume:
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        db.session.expunge(resume)
        return resume


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.get_data(as_text=True)


def choice(html: str, title: str) -> str:
    """Return the value of the resume option titled `title` on a template's page."""
    return re.search(rf'<option value="(\d+:\d+)">{re.escape(title)}</option>', html).group(1)


def retire(app, slug: str) -> None:
    with app.app_context():
        designs.set_active(slug, False)


def test_the_gallery_shows_every_design_with_a_picture(client):
    html = page(client, "/templates")
    assert len(designs.BUILT_IN) == 8 and html.count("<img ") == 8
    for slug, name, category, description, _ in designs.BUILT_IN:
        assert f'href="/templates/{slug}">{name}</a>' in html
        assert str(category) in html and str(description) in html
        assert re.search(rf'<img [^>]*src="/templates/{slug}/thumbnail.png"[^>]*'
                         rf'alt="A sample resume in the {name} template"', html)
    assert "one column" not in html  # the Sidebar design has two


@pytest.mark.usefixtures("new_process")
def test_no_two_designs_look_the_same_in_the_gallery(client):
    pictures = {slug: client.get(f"/templates/{slug}/thumbnail.png").data
                for slug, *_ in designs.BUILT_IN}
    twins = [(a, b) for a in pictures for b in pictures if a < b and pictures[a] == pictures[b]]
    assert not twins


def test_every_picture_is_the_same_one_page_sample_in_its_own_design(app, pdftotext):  # noqa: F811
    sample = thumbnails.SAMPLE
    shown = [sample["basics"]["name"], sample["work"][2]["name"],
             sample["publications"][0]["name"], sample["languages"][2]["language"]]
    with app.test_request_context():
        for slug, *_ in designs.BUILT_IN:
            pdf = rendering.render_pdf(rendering.RenderContext.of(
                thumbnails._sample(slug), design_settings.defaults(slug)))
            assert len(pypdfium2.PdfDocument(pdf)) == 1, f"{slug}: the picture shows one page"
            text = pdf_text(pdftotext, pdf)
            assert all(value in text for value in shown), slug


@pytest.fixture
def new_process():
    """Forget the pictures kept in memory, as a restarted dyno has (and again afterwards, so
    nothing this test planted is served to others)."""
    thumbnails._memory.clear()
    yield
    thumbnails._memory.clear()


def test_a_picture_shows_the_sections_in_the_designs_own_order(app, pdftotext):  # noqa: F811
    ordered = [(slug, config["section_order"]) for slug, *_, config in designs.BUILT_IN
               if "section_order" in config]
    assert ordered  # the academic CV: publications first
    with app.test_request_context():
        for slug, order in ordered:
            pdf = rendering.render_pdf(rendering.RenderContext.of(
                thumbnails._sample(slug), design_settings.defaults(slug)))
            # Headings in capitals or small capitals: compared without case and spaces.
            text = pdf_text(pdftotext, pdf).lower().replace(" ", "")
            headings = [resume_document.SECTIONS_BY_KEY[key].title.lower() for key in order
                        if thumbnails.SAMPLE.get(key)]
            positions = [text.index(heading) for heading in headings]
            assert positions == sorted(positions), f"{slug}: sections out of its order"


def test_the_main_menu_leads_to_the_gallery(auth_client):
    assert re.search(r'<a class="nav-link"\s+href="/templates">Templates</a>',
                     page(auth_client, "/resume/manage"))


@pytest.mark.usefixtures("new_process")
def test_a_picture_is_the_sample_resume_drawn_once_then_served_from_the_cache(client, app):
    first = client.get("/templates/classic/thumbnail.png")
    assert first.status_code == 200 and first.mimetype == "image/png"
    image = Image.open(io.BytesIO(first.data))
    assert image.width == thumbnails.WIDTH_PX and 1.3 < image.height / image.width < 1.5  # A4
    darkest, lightest = image.convert("L").getextrema()
    assert darkest < 60 and lightest > 240  # black text on a white page, not a blank one
    with app.app_context():  # kept in the database, so a restarted dyno need not redraw it
        row = db.session.execute(db.select(Design).filter_by(slug="classic")).scalar_one()
        assert row.thumbnail_png == first.data and row.thumbnail_key == first.headers["ETag"][1:-1]

    started = time.perf_counter()
    again = client.get("/templates/classic/thumbnail.png")
    assert time.perf_counter() - started < 0.5  # drawing one takes longer than that
    assert again.data == first.data
    unchanged = client.get("/templates/classic/thumbnail.png",
                           headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304


@pytest.mark.usefixtures("new_process")
def test_a_picture_is_kept_in_the_database_for_the_next_process(client, app):
    first = client.get("/templates/minimal/thumbnail.png").data
    thumbnails._memory.clear()  # a restarted dyno
    with app.app_context():
        db.session.execute(db.update(Design).filter_by(slug="minimal")
                           .values(thumbnail_png=b"kept"))
        db.session.commit()
    assert client.get("/templates/minimal/thumbnail.png").data == b"kept" != first


def test_a_changed_design_is_drawn_again(client, app):
    before = client.get("/templates/modern/thumbnail.png")
    with app.app_context():
        row = db.session.execute(db.select(Design).filter_by(slug="modern")).scalar_one()
        row.config = {**row.config, "accent": "#cc0000"}
        db.session.commit()
    after = client.get("/templates/modern/thumbnail.png")
    assert after.headers["ETag"] != before.headers["ETag"]
    red = Image.open(io.BytesIO(after.data)).convert("RGB").getcolors(1 << 20)
    assert any(r > 180 and g < 60 and b < 60 for _, (r, g, b) in red)  # the new accent shows


@pytest.mark.parametrize("slug, name, category, description, _",  designs.BUILT_IN,
                         ids=[design[0] for design in designs.BUILT_IN])
def test_the_detail_page_describes_the_design(client, slug, name, category, description, _):
    html = page(client, f"/templates/{slug}")
    assert f'<h1 class="h3">{name}</h1>' in html and str(category) in html \
        and str(description) in html
    assert re.search(rf'<img [^>]*src="/templates/{slug}/thumbnail.png"[^>]*'
                     rf'alt="A sample resume in the {name} template"', html)
    assert "Log in</a> to use this template" in html


def test_a_design_not_in_the_catalogue_has_no_page(client):
    page(client, "/templates/fancy", 404)
    assert client.get("/templates/fancy/thumbnail.png").status_code == 404


def test_use_for_this_resume_switches_the_template_as_a_new_version(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=CONTENT,
                            settings={"hidden_sections": ["skills"]})
    make_resume(app, user, title="Another one", design="classic", content=CONTENT)
    html = page(auth_client, "/templates/minimal")
    assert '<label class="form-label" for="resume">Resume</label>' in html

    response = auth_client.submit("/templates/minimal/use",
                                  {"resume": choice(html, "Backend roles")},
                                  page="/templates/minimal")

    assert response.status_code == 302
    assert response.location == f"/resume/{resume_id}/preview"
    resume = stored(app, resume_id)
    assert resume.design_slug == "minimal" and resume.version == 2
    assert resume.content["work"][0]["name"] == "Acme"  # content kept
    assert resume.design_settings["accent"] == "#444444"  # the design's look ...
    assert resume.design_settings["hidden_sections"] == ["skills"]  # ... the resume's choices
    assert "now uses the Minimal template" in page(auth_client, f"/resume/{resume_id}/preview")
    history = page(auth_client, f"/resume/{resume_id}/versions")
    assert "Classic" in history and "Minimal" in history


def test_use_refuses_a_resume_changed_since_the_page_was_opened(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=CONTENT)
    html = page(auth_client, "/templates/modern")
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, resume.owner, resume.version, title="Renamed elsewhere")

    response = auth_client.submit("/templates/modern/use",
                                  {"resume": choice(html, "Backend roles")},
                                  page="/templates/modern")

    assert response.status_code == 409
    assert "was changed in another tab" in response.get_data(as_text=True)
    assert stored(app, resume_id).design_slug == "classic"


@pytest.mark.parametrize("value", ["", "abc", "1"])
def test_use_refuses_a_broken_choice(auth_client, app, user, value):
    make_resume(app, user, design="classic", content=CONTENT)
    response = auth_client.submit("/templates/modern/use", {"resume": value},
                                  page="/templates/modern")
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_use_cannot_touch_someone_elses_resume(auth_client, app, make_user):
    other = make_user(email="sam@example.com", name="Sam Smith")
    resume_id = make_resume(app, other, design="classic", content=CONTENT)
    response = auth_client.submit("/templates/modern/use", {"resume": f"{resume_id}:1"},
                                  page="/templates/modern")
    assert response.status_code == 404
    assert stored(app, resume_id).design_slug == "classic"


def test_use_needs_a_csrf_token(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=CONTENT)
    assert auth_client.post("/templates/modern/use",
                            data={"resume": f"{resume_id}:1"}).status_code == 400
    assert stored(app, resume_id).design_slug == "classic"


def test_a_retired_design_is_not_offered_but_its_resumes_still_render(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=CONTENT)
    retire(app, "classic")

    assert 'href="/templates/classic"' not in page(auth_client, "/templates")
    page(auth_client, "/templates/classic", 404)
    assert 'value="classic"' not in page(auth_client, "/resume/new")
    assert auth_client.submit("/resume/new", {"title": "x", "template": "classic"}).status_code \
        == 422
    preview = page(auth_client, f"/resume/{resume_id}/preview")
    assert 'value="classic" data-name="Classic" checked' in preview  # its own stays
    document = re.search(r'<iframe[^>]*src="([^"]+)"', preview).group(1).replace("&amp;", "&")
    assert '<body class="design-classic">' in page(auth_client, document)
    pdf = auth_client.get(f"/resume/{resume_id}/export/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    other = make_resume(app, user, title="Other", content=CONTENT)
    switched = auth_client.get(f"/resume/{other}/preview?template=classic")
    assert switched.status_code == 422  # not offered to a resume that does not use it


def test_a_saved_default_is_where_new_resumes_and_switches_start(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    look = {"template": "classic", "accent": "#7a1f5c", "font": "dejavu-sans", "font_size": "12",
            "page_size": "Letter", "margin_mm": "20"}
    preview = page(auth_client, f"/resume/{resume_id}/preview?template=classic")
    assert "Save as my default for <span data-design-name>Classic</span></button>" in preview

    response = auth_client.submit(f"/resume/{resume_id}/preview/default", look,
                                  page=f"/resume/{resume_id}/preview")

    assert response.status_code == 302
    shown = page(auth_client, response.location)
    assert "Saved as your default for Classic" in shown
    assert stored(app, resume_id).design_slug == "modern"  # the resume itself is unchanged
    # Trying Classic on another resume starts from the saved look ...
    other = make_resume(app, user, title="Other", content=CONTENT)
    tried = page(auth_client, f"/resume/{other}/preview?template=classic")
    assert 'value="#7a1f5c" aria-label="Custom colour"' in tried
    assert 'value="Letter" checked' in tried
    # ... so does a new Classic resume ...
    created = auth_client.submit("/resume/new", {"title": "Law firms", "template": "classic"})
    new_id = int(re.fullmatch(r"/resume/(\d+)/edit", created.location).group(1))
    assert stored(app, new_id).design_settings["accent"] == "#7a1f5c"
    pdf_text = auth_client.get(f"/resume/{new_id}/preview/document?template=classic")
    assert "accent=%237a1f5c" in pdf_text.get_data(as_text=True)
    # ... and a switch from the gallery; other designs and other users are untouched.
    html = page(auth_client, "/templates/classic")
    auth_client.submit("/templates/classic/use", {"resume": choice(html, "Other")},
                       page="/templates/classic")
    assert stored(app, other).design_settings["font_size"] == 12
    minimal = make_resume(app, user, title="Plain", design="minimal", content=CONTENT)
    assert "accent" not in stored(app, minimal).design_settings


def test_someone_elses_default_is_not_mine(client, app, make_user, user):
    other = make_user(email="sam@example.com", name="Sam Smith")
    with app.app_context():
        designs.save_preference(db.session.get(User, other.id), "modern", {"accent": "#00ff00"})
        assert designs.preference(db.session.get(User, user.id), "modern") == {}
        assert designs.preference(db.session.get(User, other.id), "modern") == {
            "accent": "#00ff00"}
    log_in(client, user.email)
    resume_id = make_resume(app, user, design="classic", content=CONTENT)
    assert 'value="#00ff00"' not in page(client, f"/resume/{resume_id}/preview?template=modern")


def test_the_history_names_the_template_switch(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=CONTENT)
    html = page(auth_client, "/templates/professional")
    auth_client.submit("/templates/professional/use", {"resume": choice(html, "Backend roles")},
                       page="/templates/professional")
    with app.app_context():
        summary = versions.get_version(db.session.get(Resume, resume_id), 2).summary
    assert "Classic" in summary and "Compact" in summary
