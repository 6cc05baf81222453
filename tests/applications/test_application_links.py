"""Tracked links as the job seeker makes them and the employer opens them, logged out: the frozen
version in its design and as a PDF, views counted, nothing shown once revoked or expired, and
nothing at all for a stranger. On SQLite and PostgreSQL."""
import copy
import html
import io
import re
from datetime import timedelta

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.helpers import log_in
from tests.pdf_readers import pypdf_text
from website.extensions import db
from website.models import Application, ApplicationLink, Resume, User, utcnow
from website.services import application_links, applications, photos, resumes

CONTENT = {"basics": {"name": "Jane Doe", "label": "Backend Engineer"},
           "work": [{"position": "Engineer", "name": "Acme Payments"}],
           "skills": [{"name": "Python"}]}
LINK = re.compile(r'id="link-(\d+)-url" type="text" value="([^"]+)"')


def png() -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 120, 50)).save(image, "PNG")
    return image.getvalue()


def make_application(app, owner, *, company: str = "Globex", photo: bool = True) -> int:
    """Create an application that sent the owner's resume (with a photo); return its id."""
    with app.app_context():
        user = db.session.get(User, owner.id)
        resume = resumes.create(user, "Backend roles", "classic", copy.deepcopy(CONTENT))
        if photo:
            photos.set_photo(resume, user, resume.version, png())
        application = applications.create(
            user, applications.Fields(company=company, role="Platform Engineer"),
            status="applied", resume=resume)
        return application.id


def make_link(client, application_id: int, **fields) -> str:
    """Make a link through the application's links page; return its public path."""
    page = f"/applications/{application_id}/links"
    response = client.submit(page, {"show_photo": "y", **fields}, follow_redirects=True)
    assert response.status_code == 200, response.get_data(as_text=True)
    found = LINK.findall(response.get_data(as_text=True))
    return "/a/" + html.unescape(found[0][1]).rsplit("/a/", 1)[1]


def edit_resume(app, application_id: int, label: str) -> None:
    """Change the resume the application sent, and its design, after it was sent."""
    with app.app_context():
        resume = db.session.get(Application, application_id).resume
        content = copy.deepcopy(resume.content)
        content["basics"]["label"] = label
        resumes.save(resume, resume.owner, resume.version, content=content,
                     design_slug="modern")


def stored_link(app, path: str) -> ApplicationLink:
    with app.app_context():
        link = db.session.execute(db.select(ApplicationLink).where(
            ApplicationLink.token == path.removeprefix("/a/"))).scalar_one()
        db.session.expunge(link)
        return link


def images_in(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def application_id(app, user) -> int:
    return make_application(app, user)


def test_the_employer_sees_the_version_sent_although_the_resume_changed(
        auth_client, app, application_id):
    path = make_link(auth_client, application_id)
    edit_resume(app, application_id, "Staff Engineer")
    visitor = app.test_client()

    page = visitor.get(path)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Resume of Jane Doe" in text and "Platform Engineer at Globex" in text
    assert page.headers["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    assert page.headers["Cache-Control"] == "no-store"
    assert '<meta name="robots" content="noindex, nofollow, noarchive">' in text
    assert f'src="{path}/document"' in text and f'href="{path}/pdf"' in text

    document = visitor.get(f"{path}/document")
    assert "default-src 'none'" in document.headers["Content-Security-Policy"]
    body = document.get_data(as_text=True)
    assert "Backend Engineer" in body and "Staff Engineer" not in body
    assert '<body class="design-classic">' in body  # the design it was sent in

    pdf = visitor.get(f"{path}/pdf")
    assert pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"] == "attachment; filename=Jane-Doe-Resume.pdf"
    assert pdf.headers["Cache-Control"] == "no-store"
    words = pypdf_text(pdf.data)
    assert "Backend Engineer" in words and "Acme Payments" in words
    assert "Staff Engineer" not in words


def test_each_opening_and_each_pdf_counts_once_and_the_owner_sees_it(
        auth_client, app, application_id):
    path = make_link(auth_client, application_id)
    visitor = app.test_client()
    visitor.get(path)
    visitor.get(f"{path}/document")  # the frame of the same visit
    visitor.get(path)
    visitor.get(f"{path}/pdf")
    link = stored_link(app, path)
    assert link.view_count == 3 and link.last_viewed_at is not None
    with app.app_context():
        owner = db.session.get(Application, application_id).owner
        assert application_links.total_views(owner) == 3
        viewed = applications.timeline(db.session.get(Application, application_id)).items
        assert [event.type for event in viewed].count("application.viewed") == 3
    panel = auth_client.get(f"/applications/{application_id}/links").get_data(as_text=True)
    assert "3 views" in panel and "Live" in panel


def test_a_revoked_link_shows_nothing_of_the_resume(auth_client, app, application_id):
    path = make_link(auth_client, application_id)
    link = stored_link(app, path)
    response = auth_client.submit(
        f"/applications/{application_id}/links/{link.id}/revoke",
        {"back": f"/applications/{application_id}"}, page=f"/applications/{application_id}/links")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/applications/{application_id}#links"
    visitor = app.test_client()
    for part in ("", "/document", "/pdf", f"/photos/{photo_of(app, application_id)}"):
        gone = visitor.get(path + part)
        assert gone.status_code == 410, part
        text = gone.get_data(as_text=True)
        assert "This link no longer works" in text and "turned it off" in text
        assert "Jane" not in text and "Backend" not in text and "Globex" not in text
        assert gone.headers["Cache-Control"] == "no-store"
    assert stored_link(app, path).view_count == 0
    panel = auth_client.get(f"/applications/{application_id}/links").get_data(as_text=True)
    assert "Revoked" in panel and f"/links/{link.id}/revoke" not in panel


def photo_of(app, application_id: int) -> int:
    with app.app_context():
        return db.session.get(Application, application_id).resume.design_settings["photo_id"]


def test_an_expired_link_shows_nothing_of_the_resume(auth_client, app, application_id):
    path = make_link(auth_client, application_id,
                     expires_on=utcnow().date().isoformat())  # until midnight UTC tonight
    visitor = app.test_client()
    assert visitor.get(path).status_code == 200
    with app.app_context():  # time passes: the last day is over
        link = db.session.execute(db.select(ApplicationLink)).scalar_one()
        link.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    gone = visitor.get(path)
    assert gone.status_code == 410
    text = gone.get_data(as_text=True)
    assert "It expired on" in text and "Jane" not in text
    assert visitor.get(f"{path}/pdf").status_code == 410
    assert stored_link(app, path).view_count == 1
    panel = auth_client.get(f"/applications/{application_id}/links").get_data(as_text=True)
    assert "Expired" in panel


def test_unknown_tokens_and_trashed_applications_are_not_found(auth_client, app, application_id):
    path = make_link(auth_client, application_id)
    visitor = app.test_client()
    assert visitor.get("/a/" + "x" * 43).status_code == 404
    assert visitor.get("/a/" + "x" * 500).status_code == 404
    with app.app_context():
        applications.move_to_trash(db.session.get(Application, application_id))
    for part in ("", "/document", "/pdf", f"/photos/{photo_of(app, application_id)}"):
        missing = visitor.get(path + part)
        assert missing.status_code == 404, part
        assert "Jane" not in missing.get_data(as_text=True)


def test_the_photo_is_shown_only_when_the_link_shows_it(auth_client, app, application_id):
    photo_id = photo_of(app, application_id)
    with_photo = make_link(auth_client, application_id)
    without = make_link(auth_client, application_id, show_photo="")
    visitor = app.test_client()

    assert f'src="{with_photo}/photos/{photo_id}"' in \
        visitor.get(f"{with_photo}/document").get_data(as_text=True)
    shown = visitor.get(f"{with_photo}/photos/{photo_id}")
    assert shown.status_code == 200 and shown.mimetype.startswith("image/")
    assert images_in(visitor.get(f"{with_photo}/pdf").data) == 1

    assert "/photos/" not in visitor.get(f"{without}/document").get_data(as_text=True)
    assert visitor.get(f"{without}/photos/{photo_id}").status_code == 404
    assert images_in(visitor.get(f"{without}/pdf").data) == 0
    panel = auth_client.get(f"/applications/{application_id}/links").get_data(as_text=True)
    assert "Photo shown." in panel and "Photo not shown." in panel


def test_a_photo_other_than_the_version_sent_is_not_served(auth_client, app, application_id):
    path = make_link(auth_client, application_id)
    sent_photo = photo_of(app, application_id)
    with app.app_context():  # a new photo after sending: the employer keeps seeing the old one
        resume = db.session.get(Application, application_id).resume
        photos.set_photo(resume, resume.owner, resume.version, png())
        newer = resume.design_settings["photo_id"]
    visitor = app.test_client()
    assert visitor.get(f"{path}/photos/{sent_photo}").status_code == 200
    assert visitor.get(f"{path}/photos/{newer}").status_code == 404


def test_a_stranger_reaches_nothing_of_anothers_links(app, auth_client, application_id,
                                                      make_user):
    path = make_link(auth_client, application_id)
    link = stored_link(app, path)
    stranger = make_user(email="sam@example.com", name="Sam Smith")
    own_application = make_application(app, stranger, company="Initech")
    client = app.test_client()
    log_in(client, stranger.email)

    assert client.get(f"/applications/{application_id}/links").status_code == 404
    assert client.submit(f"/applications/{application_id}/links", {"show_photo": "y"},
                         page="/resume/manage").status_code == 404
    assert client.submit(f"/applications/{application_id}/links/{link.id}/revoke",
                         page="/resume/manage").status_code == 404
    # Another's link through one's own application: still not found.
    assert client.submit(f"/applications/{own_application}/links/{link.id}/revoke",
                         page="/resume/manage").status_code == 404
    assert "Globex" not in client.get(f"/applications/{own_application}/links") \
        .get_data(as_text=True)
    assert stored_link(app, path).revoked_at is None
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ApplicationLink)) == 1


def test_the_owner_pages_need_a_login_and_post_with_a_csrf_token(auth_client, app,
                                                                  application_id):
    response = app.test_client().get(f"/applications/{application_id}/links")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert auth_client.post(f"/applications/{application_id}/links").status_code == 400
    assert auth_client.get(f"/applications/{application_id}/links/1/revoke").status_code == 405
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ApplicationLink)) == 0


@pytest.mark.parametrize("day, message", [
    (-1, "Choose today or a later day"),
    (366, "Choose a day up to"),
])
def test_an_expiry_out_of_range_is_refused_next_to_its_field(auth_client, app, application_id,
                                                             day, message):
    page = f"/applications/{application_id}/links"
    response = auth_client.submit(
        page, {"expires_on": (utcnow().date() + timedelta(days=day)).isoformat()})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert re.search(rf'id="expires_on-error">{message}', text)
    assert 'aria-invalid="true"' in text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ApplicationLink)) == 0


def test_at_most_five_live_links_and_the_form_says_so(auth_client, app, application_id):
    for _ in range(application_links.LIVE_LINKS_PER_APPLICATION):
        make_link(auth_client, application_id)
    response = auth_client.submit(f"/applications/{application_id}/links", {})
    assert response.status_code == 422
    assert "has 5 working links already: revoke one first." in response.get_data(as_text=True)


def test_no_link_before_a_resume_is_sent(auth_client, app, user):
    with app.app_context():
        unsent = applications.create(db.session.get(User, user.id),
                                     applications.Fields(company="Umbrella", role="Engineer")).id
    page = auth_client.get(f"/applications/{unsent}/links").get_data(as_text=True)
    assert "Choose the resume you send with this application first" in page
    assert "Make a link" not in page
    response = auth_client.submit(f"/applications/{unsent}/links", {}, page="/account")
    assert response.status_code == 422


def test_a_form_goes_back_only_to_the_applications_own_pages(auth_client, app, application_id):
    page = f"/applications/{application_id}/links"
    for back, expected in [(f"/applications/{application_id}", f"/applications/{application_id}"),
                           ("//evil.example/applications/1", page),
                           (f"/applications/{application_id + 1}", page)]:
        response = auth_client.submit(page, {"back": back, "show_photo": "y"})
        assert response.headers["Location"] == expected + "#links"


def test_the_sent_version_gone_for_good_answers_410(auth_client, app, application_id):
    path = make_link(auth_client, application_id)
    with app.app_context():
        application = db.session.get(Application, application_id)
        resume = db.session.get(Resume, application.resume_id)
        db.session.delete(resume)  # as purging it for good does, versions and all
        db.session.commit()
    gone = app.test_client().get(path)
    assert gone.status_code == 410
    assert "no longer available" in gone.get_data(as_text=True)


def test_without_a_photo_the_panel_offers_no_photo_switch(auth_client, app, user):
    application_id = make_application(app, user, photo=False)
    page = auth_client.get(f"/applications/{application_id}/links").get_data(as_text=True)
    assert "Make a link" in page and 'name="show_photo"' not in page
    path = make_link(auth_client, application_id)
    assert "Photo shown." not in auth_client.get(f"/applications/{application_id}/links") \
        .get_data(as_text=True)
    assert "/photos/" not in app.test_client().get(f"{path}/document").get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"EXPORT_LIMIT": "2 per minute"}])
def test_pdf_downloads_are_limited_per_address_and_a_refused_one_is_no_view(
        auth_client, app, application_id):
    path = make_link(auth_client, application_id)
    visitor = app.test_client()
    for _ in range(2):
        assert visitor.get(f"{path}/pdf").status_code == 200
    refused = visitor.get(f"{path}/pdf")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert stored_link(app, path).view_count == 2
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.50"
    assert elsewhere.get(f"{path}/pdf").status_code == 200
