"""Public share links: on, off, renewed; seen logged out, counted, never indexed or leaked."""
import html
import io
import re

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from tests.factories import make_resume
from tests.helpers import log_in, pdf_text
from website.extensions import db
from website.models import Resume, ResumeAnalytic, ResumeShare
from website.services import photos, resumes

CONTENT = {"basics": {"name": "Jane <b>Doe</b>", "label": "Backend Engineer"},
           "work": [{"position": "Engineer", "name": "Acme",
                     "highlights": ["<script>alert(1)</script> shipped"]}],
           "skills": [{"name": "Python"}],
           "references": [{"name": "Rita Referee", "reference": "Hire her."}]}
HIDDEN = {"hidden_sections": ["references"]}
LINK = re.compile(r'id="share-link" type="text" value="([^"]+)"')


def turn_on(client, resume_id: int) -> str:
    """Turn sharing on through the share page; return the public path it shows."""
    response = client.submit(f"/resume/{resume_id}/share")
    assert response.status_code == 302
    page = client.get(f"/resume/{resume_id}/share").get_data(as_text=True)
    return "/r/" + LINK.search(page).group(1).rsplit("/r/", 1)[1]


def share_views(app, resume_id: int) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(ResumeAnalytic).where(
            ResumeAnalytic.resume_id == resume_id, ResumeAnalytic.action == "share_view"))


@pytest.fixture
def shared(auth_client, app, user):
    """A shared resume: (its id, its public path)."""
    resume_id = make_resume(app, user, content=CONTENT)
    with app.app_context():  # the owner keeps the referee to herself
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, resume.owner, resume.version, settings=HIDDEN)
    return resume_id, turn_on(auth_client, resume_id)


def test_the_link_is_unguessable(shared):
    _, path = shared
    token = path.removeprefix("/r/")
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)  # 32 random bytes, 256 bits


def test_anyone_with_the_link_sees_the_resume_without_logging_in(shared, app):
    resume_id, path = shared
    visitor = app.test_client()
    page = visitor.get(path)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert '<meta name="robots" content="noindex, nofollow, noarchive">' in text
    assert page.headers["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    frame = re.search(r'<iframe[^>]* src="([^"]+)" sandbox="allow-same-origin allow-popups '
                      r'allow-popups-to-escape-sandbox"', text)
    assert frame and frame.group(1) == f"{path}/document"
    document = visitor.get(frame.group(1))
    assert document.status_code == 200
    assert document.headers["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    assert "default-src 'none'" in document.headers["Content-Security-Policy"]
    body = document.get_data(as_text=True)
    assert "Jane &lt;b&gt;Doe&lt;/b&gt;" in body and "Backend Engineer" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; shipped" in body
    assert "<script>" not in body and "<script>" not in text
    assert "Rita Referee" not in body and "Rita Referee" not in text  # a hidden section
    assert share_views(app, resume_id) == 1


def test_each_visit_counts_once(shared, app):
    resume_id, path = shared
    visitor = app.test_client()
    for _ in range(3):
        assert visitor.get(path).status_code == 200
        assert visitor.get(f"{path}/document").status_code == 200
    assert share_views(app, resume_id) == 3


def test_stopping_makes_the_link_404(auth_client, shared, app):
    resume_id, path = shared
    assert auth_client.submit(f"/resume/{resume_id}/share/stop",
                              page=f"/resume/{resume_id}/share").status_code == 302
    visitor = app.test_client()
    assert visitor.get(path).status_code == 404
    assert visitor.get(f"{path}/document").status_code == 404
    assert visitor.get(f"{path}/pdf").status_code == 404
    page = auth_client.get(f"/resume/{resume_id}/share").get_data(as_text=True)
    assert "Sharing is off." in page and "share-link" not in page
    assert share_views(app, resume_id) == 0


def test_a_new_link_kills_the_old_one(auth_client, shared, app):
    resume_id, old = shared
    new = turn_on(auth_client, resume_id)
    assert new != old
    visitor = app.test_client()
    assert visitor.get(old).status_code == 404
    assert visitor.get(f"{old}/pdf").status_code == 404
    assert visitor.get(new).status_code == 200


def test_a_trashed_resume_is_not_shown_and_a_restored_one_is(auth_client, shared, app):
    resume_id, path = shared
    with app.app_context():
        resumes.move_to_trash(db.session.get(Resume, resume_id))
    assert app.test_client().get(path).status_code == 404
    assert app.test_client().get(f"{path}/pdf").status_code == 404
    with app.app_context():
        resumes.restore_from_trash(db.session.get(Resume, resume_id))
    assert app.test_client().get(path).status_code == 200


@pytest.mark.parametrize("token", ["nope", "x" * 43, "' OR 1=1 --", "%25", "a" * 5000])
@pytest.mark.parametrize("suffix", ["", "/document", "/pdf"])
def test_a_token_that_never_existed_is_not_found(shared, app, token, suffix):
    response = app.test_client().get(f"/r/{token}{suffix}")
    assert response.status_code == 404
    assert "Jane" not in response.get_data(as_text=True)
    assert share_views(app, shared[0]) == 0


def test_the_share_page_offers_the_resume_as_a_pdf(shared, app, pdftotext):  # noqa: F811
    resume_id, path = shared
    visitor = app.test_client()
    text = visitor.get(path).get_data(as_text=True)
    assert f'<a class="btn btn-sm btn-primary" href="{path}/pdf">Download PDF</a>' in text

    response = visitor.get(f"{path}/pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == \
        "attachment; filename=Jane-b-Doe-b-Resume.pdf"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    assert "private" in response.headers["Cache-Control"]
    words = pdf_text(pdftotext, response.data)
    assert "Jane <b>Doe</b>" in words and "Engineer, Acme" in words
    assert "Rita Referee" not in words  # hidden on the page, hidden in the file
    document = pypdfium2.PdfDocument(response.data)
    try:  # nor in a file the PDF carries (the resume's data, when it is attached)
        for index in range(document.count_attachments()):
            assert b"Rita Referee" not in document.get_attachment(index).get_data().tobytes()
    finally:
        document.close()
    assert share_views(app, resume_id) == 2  # the page and the file: two visits


def images_in(pdf: bytes) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(list(document[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])))
    finally:
        document.close()


def test_the_photo_is_where_the_share_page_says_it_is(shared, auth_client, app):
    resume_id, path = shared
    visitor = app.test_client()
    manage = auth_client.get(f"/resume/{resume_id}/share").get_data(as_text=True)
    assert "No photo is shown." in manage and "photo is shown too" not in manage
    assert images_in(visitor.get(f"{path}/pdf").data) == 0

    image = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 120, 50)).save(image, "PNG")
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        photos.set_photo(resume, resume.owner, resume.version, image.getvalue())
    manage = auth_client.get(f"/resume/{resume_id}/share").get_data(as_text=True)
    assert "Your photo is shown too" in manage and "No photo" not in manage
    assert "/photos/" in visitor.get(f"{path}/document").get_data(as_text=True)
    assert images_in(visitor.get(f"{path}/pdf").data) == 1


def test_the_share_page_offers_a_copy_button_in_a_static_script(auth_client, shared):
    resume_id, path = shared
    page = html.unescape(auth_client.get(f"/resume/{resume_id}/share").get_data(as_text=True))
    assert f'value="http://localhost{path}"' in page
    assert 'data-copy-target="share-link"' in page
    assert '<script src="/static/js/copy-link.js" defer></script>' in page
    assert auth_client.get("/static/js/copy-link.js").status_code == 200


def test_the_manage_page_links_the_share_page(auth_client, app, user):
    resume_id = make_resume(app, user)
    assert f'href="/resume/{resume_id}/share">Share' in auth_client.get("/resume/manage") \
        .get_data(as_text=True)


def test_another_users_resume_cannot_be_shared_or_stopped(auth_client, app, make_user):
    stranger = make_user(email="sam@example.com", name="Sam Smith")
    resume_id = make_resume(app, stranger)
    assert auth_client.get(f"/resume/{resume_id}/share").status_code == 404
    for path in (f"/resume/{resume_id}/share", f"/resume/{resume_id}/share/stop"):
        assert auth_client.submit(path, page="/resume/manage").status_code == 404
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ResumeShare)) == 0


def test_switching_needs_post_and_a_csrf_token(auth_client, app, user):
    resume_id = make_resume(app, user)
    assert auth_client.get(f"/resume/{resume_id}/share/stop").status_code == 405
    assert auth_client.post(f"/resume/{resume_id}/share").status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ResumeShare)) == 0


def test_the_share_page_needs_a_login(client, app, user):
    resume_id = make_resume(app, user)
    response = client.get(f"/resume/{resume_id}/share")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_shared_page_shows_the_resumes_photo_and_only_while_shared(shared, auth_client, app):
    resume_id, path = shared
    image = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 120, 50)).save(image, "PNG")
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        photos.set_photo(resume, resume.owner, resume.version, image.getvalue())
        old_photo = resume.design_settings["photo_id"]
        photos.set_photo(resume, resume.owner, resume.version, image.getvalue())
        photo_id = resume.design_settings["photo_id"]
    visitor = app.test_client()
    document = visitor.get(f"{path}/document").get_data(as_text=True)
    assert f'src="{path}/photos/{photo_id}"' in document
    shown = visitor.get(f"{path}/photos/{photo_id}")
    assert shown.status_code == 200 and shown.mimetype.startswith("image/")
    assert Image.open(io.BytesIO(shown.data)).size == (40, 40)
    assert visitor.get(f"{path}/photos/{old_photo}").status_code == 404  # not shown any more
    auth_client.submit(f"/resume/{resume_id}/share/stop")
    assert visitor.get(f"{path}/photos/{photo_id}").status_code == 404


def set_photo(app, resume_id: int) -> int:
    """Give the resume a photo; return its id."""
    image = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 120, 50)).save(image, "PNG")
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        photos.set_photo(resume, resume.owner, resume.version, image.getvalue())
        return resume.design_settings["photo_id"]


def test_hiding_the_photo_on_the_share_page_hides_it_everywhere_the_link_reaches(
        shared, auth_client, app):
    resume_id, path = shared
    photo_id = set_photo(app, resume_id)
    visitor = app.test_client()
    assert images_in(visitor.get(f"{path}/pdf").data) == 1  # rendered and stored with it

    response = auth_client.submit(f"/resume/{resume_id}/share/photo", {},
                                  page=f"/resume/{resume_id}/share", follow_redirects=True)
    manage = response.get_data(as_text=True)
    assert "The public page no longer shows your photo." in manage
    assert "Your photo is not shown, on the page or in the PDF." in manage
    assert 'id="show_photo"' in manage and "checked" not in \
        re.search(r'<input[^>]*id="show_photo"[^>]*>', manage).group(0)
    assert "/photos/" not in visitor.get(f"{path}/document").get_data(as_text=True)
    assert visitor.get(f"{path}/photos/{photo_id}").status_code == 404
    assert images_in(visitor.get(f"{path}/pdf").data) == 0
    with app.app_context():  # the resume itself keeps its photo for its other uses
        assert db.session.get(Resume, resume_id).design_settings["photo_id"] == photo_id

    manage = auth_client.submit(f"/resume/{resume_id}/share/photo", {"show_photo": "y"},
                                page=f"/resume/{resume_id}/share",
                                follow_redirects=True).get_data(as_text=True)
    assert "Your photo is shown too, on the page and in the PDF." in manage
    assert f"{path}/photos/{photo_id}" in visitor.get(f"{path}/document").get_data(as_text=True)
    assert visitor.get(f"{path}/photos/{photo_id}").status_code == 200
    assert images_in(visitor.get(f"{path}/pdf").data) == 1


def test_a_photo_the_design_settings_hide_is_not_offered_or_shown(shared, auth_client, app):
    resume_id, path = shared
    photo_id = set_photo(app, resume_id)
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, resume.owner, resume.version,
                     settings={**resume.design_settings, "show_photo": False})
    manage = auth_client.get(f"/resume/{resume_id}/share").get_data(as_text=True)
    assert "No photo is shown." in manage and 'id="show_photo"' not in manage
    visitor = app.test_client()
    assert visitor.get(f"{path}/photos/{photo_id}").status_code == 404
    assert images_in(visitor.get(f"{path}/pdf").data) == 0


def test_the_photo_switch_needs_the_owner_and_a_csrf_token(shared, auth_client, app, make_user):
    resume_id, _ = shared
    assert auth_client.post(f"/resume/{resume_id}/share/photo").status_code == 400
    stranger = app.test_client()
    log_in(stranger, make_user(email="sam@example.com", name="Sam Smith").email)
    assert stranger.submit(f"/resume/{resume_id}/share/photo", {},
                           page="/resume/manage").status_code == 404
    with app.app_context():
        assert db.session.execute(db.select(ResumeShare.show_photo)).scalar_one() is True
