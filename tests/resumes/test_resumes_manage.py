"""My resumes: the manage page, new, rename, duplicate, preview, trash, restore and purge."""
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import weasyprint
from PIL import Image

from tests.factories import make_resume
from tests.helpers import field_error, log_in, page, resume_count, stored_resume
from tests.resume_samples import ONE_JOB
from website.extensions import db
from website.models import Resume
from website.resumes.display import relative_time
from website.services import resumes

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def save_title(app, resume_id: int, title: str) -> None:
    """Rename a resume through the service, as another tab would."""
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, resume.owner, resume.version, title=title)


def card_html(html: str, resume_id: int) -> str:
    """Return the manage page's card of one resume."""
    match = re.search(rf'<li class="card resume-card" id="resume-{resume_id}">(.*?)\n  </li>',
                      html, re.S)
    assert match, f"no card for resume {resume_id}"
    return match.group(1)


@pytest.fixture
def other_user(make_user):
    return make_user(email="sam@example.com", name="Sam Smith")


def test_manage_lists_the_users_own_resumes(auth_client, app, user, other_user):
    mine = make_resume(app, user, design="classic", content=ONE_JOB)
    make_resume(app, user, title="Thrown away", trashed=True)
    make_resume(app, other_user, title="Sam's secret resume")
    with app.app_context():
        percent = resumes.completion(db.session.get(Resume, mine)).percent
    assert 0 < percent < 100

    html = page(auth_client, "/resume/manage")

    assert "Backend roles" in html and "Classic template" in html
    assert "Sam&#39;s secret resume" not in html and "Thrown away" not in html
    assert f"{percent}% complete" in html
    assert re.search(rf'role="progressbar"\s+aria-label="Completion of “Backend roles”"\s+'
                     rf'aria-valuenow="{percent}"\s+aria-valuemin="0"\s+aria-valuemax="100"',
                     html)
    assert re.search(r'Updated <time datetime="\d{4}-\d\d-\d\dT[\d:]+Z" title="[^"]+ UTC">'
                     r"just now</time>", html)
    card = card_html(html, mine)
    # Edit and Download PDF are buttons on the card; everything else is in its menu.
    actions, menu = card.split('<details class="card-menu">')
    assert re.search(rf'<a class="btn btn-primary[^"]*" href="/resume/{mine}/edit">Edit', actions)
    assert re.search(rf'<a class="btn [^"]*" href="/resume/{mine}/export/pdf">Download PDF',
                     actions)
    assert 'More<span class="visually-hidden"> actions for “Backend roles”</span></summary>' \
        in menu
    for link in (f"/resume/{mine}/preview", f"/resume/manage?rename={mine}#rename-{mine}",
                 f"/resume/{mine}/versions", f"/resume/{mine}/share", f"/resume/{mine}/match",
                 f"/resume/stats/{mine}", f"/resume/{mine}/export/docx",
                 f"/resume/{mine}/export/txt", f"/resume/{mine}/export/json"):
        assert f'href="{link}"' in menu, link
    for action in ("duplicate", "delete"):
        assert f'action="/resume/{mine}/{action}"' in menu
    # The rename form is on the card, hidden until "Rename" asks for it.
    assert f'id="rename-{mine}" hidden>' in card and f'id="rename-{mine}-title"' in card
    assert 'href="/resume/new">New resume</a>' in html
    assert re.search(r'aria-current="page"\s+href="/resume/manage">My resumes</a>', html)


def test_manage_shows_a_helpful_empty_state(auth_client):
    html = page(auth_client, "/resume/manage")
    assert "You have no resumes yet" in html
    assert 'href="/resume/new">Create your first resume</a>' in html


@pytest.mark.parametrize("path", ["/resume/manage", "/resume/new", "/resume/trash"])
def test_pages_need_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.location.startswith("/login")


def test_rename_writes_a_new_version(auth_client, app, user):
    resume_id = make_resume(app, user)
    response = auth_client.submit(f"/resume/{resume_id}/rename",
                                  {"title": "Backend roles, Berlin", "base_version": "1"},
                                  page="/resume/manage")
    assert response.status_code == 302 and response.location == "/resume/manage"
    resume = stored_resume(app, resume_id)
    assert resume["title"] == "Backend roles, Berlin"
    assert resume["version"] == 2 and resume["versions"] == 2
    html = page(auth_client, "/resume/manage")
    assert "Renamed “Backend roles” to “Backend roles, Berlin”." in html


def test_rename_after_a_change_elsewhere_is_refused(auth_client, app, user):
    resume_id = make_resume(app, user)
    token_page = "/resume/manage"  # the page as it was loaded, showing version 1
    save_title(app, resume_id, "Changed in another tab")

    response = auth_client.submit(f"/resume/{resume_id}/rename",
                                  {"title": "My new title", "base_version": "1"},
                                  page=token_page)

    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "was changed in another tab or on another device" in html
    assert "It is now called “Changed in another tab”." in html
    assert "changed elsewhere" in field_error(html, f"rename-{resume_id}-title")
    assert f'id="rename-{resume_id}-title" maxlength="100" name="title" ' in html
    assert 'value="My new title"' in html  # the typed title is kept
    assert re.search(rf'id="rename-{resume_id}-base_version" name="base_version" '
                     r'type="hidden" value="2"', html)  # sending it again is a conscious choice
    resume = stored_resume(app, resume_id)
    assert resume["title"] == "Changed in another tab" and resume["versions"] == 2


@pytest.mark.parametrize("title, message", [
    ("", "Give the resume a title."),
    ("x" * 101, "Use at most 100 characters."),
])
def test_rename_rejects_a_bad_title(auth_client, app, user, title, message):
    resume_id = make_resume(app, user)
    other_id = make_resume(app, user, title="Frontend roles")
    response = auth_client.submit(f"/resume/{resume_id}/rename",
                                  {"title": title, "base_version": "1"}, page="/resume/manage")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, f"rename-{resume_id}-title") == message
    assert f"rename-{other_id}-title-error" not in html
    assert f'value="{title}"' in html
    # The form with the error is shown on its card, the other card's stays hidden.
    assert f'<div class="resume-card-rename" id="rename-{resume_id}">' in html
    assert f'<div class="resume-card-rename" id="rename-{other_id}" hidden>' in html
    resume = stored_resume(app, resume_id)
    assert resume["title"] == "Backend roles" and resume["versions"] == 1


def test_duplicate_copies_content_with_a_fresh_history(auth_client, app, user):
    original_id = make_resume(app, user, design="classic", content=ONE_JOB)
    save_title(app, original_id, "Backend roles 2026")

    response = auth_client.submit(f"/resume/{original_id}/duplicate", page="/resume/manage")

    assert response.status_code == 302 and response.location == "/resume/manage"
    html = page(auth_client, "/resume/manage")
    assert "Created “Copy of Backend roles 2026”." in html
    original = stored_resume(app, original_id)
    assert original["title"] == "Backend roles 2026" and original["versions"] == 2
    with app.app_context():
        copy_id = db.session.scalar(db.select(Resume.id).where(Resume.id != original_id))
    copy = stored_resume(app, copy_id)
    assert copy["title"] == "Copy of Backend roles 2026" and copy["template"] == "classic"
    assert copy["content"] == original["content"]
    assert copy["version"] == 1 and copy["versions"] == 1 and copy["user_id"] == user.id


def test_delete_moves_the_resume_to_the_trash(auth_client, app, user):
    resume_id = make_resume(app, user)
    save_title(app, resume_id, "Backend roles 2026")

    response = auth_client.submit(f"/resume/{resume_id}/delete", page="/resume/manage",
                                  follow_redirects=True)

    html = response.get_data(as_text=True)
    assert "Moved “Backend roles 2026” to the trash." in html
    assert '<a class="alert-link" href="/resume/trash">Open the trash</a>' in html
    assert "Backend roles 2026" not in page(auth_client, "/resume/manage")
    trash = page(auth_client, "/resume/trash")
    assert "Backend roles 2026" in trash and "Deleted <time" in trash
    assert f'action="/resume/{resume_id}/restore"' in trash
    assert f'href="/resume/{resume_id}/purge"' in trash
    resume = stored_resume(app, resume_id)
    assert resume["trashed"] and resume["versions"] == 2


def test_the_trash_message_escapes_the_title(auth_client, app, user):
    resume_id = make_resume(app, user, title=SCRIPT)
    html = auth_client.submit(f"/resume/{resume_id}/delete", page="/resume/manage",
                              follow_redirects=True).get_data(as_text=True)
    assert SCRIPT not in html and f"Moved “{ESCAPED_SCRIPT}” to the trash." in html


def test_empty_trash(auth_client):
    assert "The trash is empty." in page(auth_client, "/resume/trash")


def test_restore_brings_the_resume_back_with_its_history(auth_client, app, user):
    resume_id = make_resume(app, user)
    save_title(app, resume_id, "Backend roles 2026")
    with app.app_context():
        resumes.move_to_trash(db.session.get(Resume, resume_id))

    response = auth_client.submit(f"/resume/{resume_id}/restore", page="/resume/trash")

    assert response.status_code == 302 and response.location == "/resume/manage"
    html = page(auth_client, "/resume/manage")
    assert "Restored “Backend roles 2026”." in html and f'id="resume-{resume_id}"' in html
    assert "Backend roles 2026" not in page(auth_client, "/resume/trash")
    resume = stored_resume(app, resume_id)
    assert not resume["trashed"] and resume["version"] == 2 and resume["versions"] == 2


def test_purge_asks_first_then_deletes_resume_and_history(auth_client, app, user):
    resume_id = make_resume(app, user)
    save_title(app, resume_id, "Backend roles 2026")
    with app.app_context():
        resumes.move_to_trash(db.session.get(Resume, resume_id))

    confirmation = page(auth_client, f"/resume/{resume_id}/purge")
    assert "Delete “Backend roles 2026” forever?" in confirmation
    assert "its whole history of 2 versions" in confirmation
    assert f'action="/resume/{resume_id}/purge"' in confirmation
    assert stored_resume(app, resume_id)["versions"] == 2  # looking at the question deletes nothing

    response = auth_client.submit(f"/resume/{resume_id}/purge",
                                  page=f"/resume/{resume_id}/purge")

    assert response.status_code == 302 and response.location == "/resume/trash"
    assert stored_resume(app, resume_id) is None
    html = page(auth_client, "/resume/trash")
    assert "Deleted “Backend roles 2026” and its history for good." in html
    assert "The trash is empty." in html


@pytest.mark.parametrize("method, action, trashed", [
    ("get", "preview", False),
    ("post", "preview/show", False),
    ("post", "rename", False),
    ("post", "duplicate", False),
    ("post", "delete", False),
    ("post", "restore", True),
    ("get", "purge", True),
    ("post", "purge", True),
])
def test_another_users_resume_is_not_found(client, app, user, other_user, method, action,
                                           trashed):
    resume_id = make_resume(app, user, title="Jane's resume", content=ONE_JOB, trashed=trashed)
    before = stored_resume(app, resume_id)
    log_in(client, other_user.email)
    path = f"/resume/{resume_id}/{action}"

    if method == "get":
        response = client.get(path)
    else:
        response = client.submit(path, {"title": "Taken over", "base_version": "1"},
                                 page="/resume/new")

    assert response.status_code == 404
    assert "Jane&#39;s resume" not in response.get_data(as_text=True)
    assert stored_resume(app, resume_id) == before
    assert resume_count(app) == 1


@pytest.mark.parametrize("method, action, trashed", [
    ("get", "preview", True),
    ("post", "rename", True),
    ("post", "duplicate", True),
    ("post", "delete", True),
    ("post", "restore", False),
    ("get", "purge", False),
    ("post", "purge", False),
])
def test_actions_fit_where_the_resume_is(auth_client, app, user, method, action, trashed):
    """Trashed resumes can only be restored or purged; active ones never purged."""
    resume_id = make_resume(app, user, trashed=trashed)
    before = stored_resume(app, resume_id)
    path = f"/resume/{resume_id}/{action}"
    if method == "get":
        response = auth_client.get(path)
    else:
        response = auth_client.submit(path, {"title": "New", "base_version": "1"},
                                      page="/resume/new")
    assert response.status_code == 404
    assert stored_resume(app, resume_id) == before


@pytest.mark.parametrize("action", ["rename", "duplicate", "delete", "restore"])
def test_state_changes_refuse_get(auth_client, app, user, action):
    resume_id = make_resume(app, user, trashed=action == "restore")
    before = stored_resume(app, resume_id)
    response = auth_client.get(f"/resume/{resume_id}/{action}")
    assert response.status_code == 405
    assert stored_resume(app, resume_id) == before and resume_count(app) == 1


@pytest.mark.parametrize("action, trashed", [
    ("rename", False), ("duplicate", False), ("delete", False), ("restore", True),
    ("purge", True),
])
def test_posts_without_csrf_token_change_nothing(auth_client, app, user, action, trashed):
    resume_id = make_resume(app, user, trashed=trashed)
    before = stored_resume(app, resume_id)
    response = auth_client.post(f"/resume/{resume_id}/{action}",
                                data={"title": "New", "base_version": "1"})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert stored_resume(app, resume_id) == before and resume_count(app) == 1


def test_create_without_csrf_token_changes_nothing(auth_client, app):
    response = auth_client.post("/resume/new", data={"title": "New", "template": "modern"})
    assert response.status_code == 400
    assert resume_count(app) == 0


def test_rename_without_base_version_is_a_bad_request(auth_client, app, user):
    resume_id = make_resume(app, user)
    response = auth_client.submit(f"/resume/{resume_id}/rename", {"title": "New"},
                                  page="/resume/manage")
    assert response.status_code == 400
    assert stored_resume(app, resume_id)["versions"] == 1


def framed_document(client, resume_id: int) -> str:
    """Return the design HTML the preview page shows in its frame."""
    html = page(client, f"/resume/{resume_id}/preview")
    frame = re.search(r'<iframe[^>]*src="([^"]+)"', html)
    assert frame, "the preview shows no frame"
    return page(client, frame.group(1).replace("&amp;", "&"))


def test_preview_shows_every_filled_section_in_order(auth_client, app, user):
    resume_id = make_resume(app, user, content=ONE_JOB)
    html = framed_document(auth_client, resume_id)
    assert "<h1>Jane Doe</h1>" in html and "<title>Jane Doe – Resume</title>" in html
    assert "Backend Engineer" in html and "jane@example.com" in html and "Berlin, DE" in html
    assert "janedoe" in html and "I build dependable web services." in html
    assert re.findall(r'<h2 id="section-\w+">([^<]+)</h2>', html) == [
        "Summary", "Experience", "Education", "Skills"]
    text = " ".join(re.sub(r"<[^>]+>", "", html.split("<main", 1)[1]).split())
    assert "Engineer, Acme Jan 2020 – Present · Remote" in text  # dates beside the title
    assert "BSc, TU Berlin 2014 – 2018" in text
    assert "<li>Cut page load time by half</li>" in html
    assert "Python: Flask, SQLAlchemy" in text
    assert "Location:" not in text and "Keywords:" not in text  # no form labels


def test_preview_escapes_what_users_typed(auth_client, app, user):
    content = {"basics": {"name": SCRIPT, "summary": SCRIPT, "url": "javascript:alert(1)"},
               "work": [{"position": SCRIPT, "location": SCRIPT, "highlights": [SCRIPT]}]}
    resume_id = make_resume(app, user, title=SCRIPT)
    with app.app_context():
        # Written straight to the row: the service would refuse the javascript: URL, and the
        # page must stay safe even for content that got past it.
        resume = db.session.get(Resume, resume_id)
        resume.content = content
        db.session.commit()

    outer = page(auth_client, f"/resume/{resume_id}/preview")
    html = framed_document(auth_client, resume_id)

    assert SCRIPT not in outer and SCRIPT not in html
    assert outer.count(ESCAPED_SCRIPT) >= 2  # heading and frame title
    assert html.count(ESCAPED_SCRIPT) >= 6  # title, name, summary, position, location, line
    assert 'href="javascript:' not in html  # only http(s) addresses become links


def test_preview_of_an_empty_resume(auth_client, app, user):
    resume_id = make_resume(app, user)
    html = framed_document(auth_client, resume_id)
    assert "<h1>Jane Doe</h1>" in html and "jane@example.com" in html
    assert "<h2" not in html


NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("ago, text", [
    (timedelta(seconds=5), "just now"),
    (timedelta(seconds=-30), "just now"),
    (timedelta(minutes=1, seconds=10), "1 minute ago"),
    (timedelta(minutes=3), "3 minutes ago"),
    (timedelta(hours=5, minutes=59), "5 hours ago"),
    (timedelta(days=1), "1 day ago"),
    (timedelta(days=29), "29 days ago"),
    (timedelta(days=40), "on 3 February 2026"),
])
def test_relative_times(ago, text):
    assert relative_time(NOW - ago, now=NOW) == text


# ----------------------------------------------------------------------------- thumbnails

@pytest.fixture
def weasyprint_renderings(monkeypatch) -> list[str]:
    """Record each page layout WeasyPrint makes (it still makes it): one per PDF drawn."""
    made, layout = [], weasyprint.HTML.render

    def render(self, *args, **kwargs):
        made.append(self.base_url)
        return layout(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", render)
    return made


def thumbnail_url(html: str, resume_id: int) -> str:
    """Return the address of the picture the manage page shows on the resume's card."""
    match = re.search(rf'<img src="(/resume/{resume_id}/thumbnail\.png\?v=\d+)"', html)
    assert match, f"no picture on the card of resume {resume_id}"
    return match.group(1)


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        return image.size


def test_the_manage_page_names_each_picture_without_drawing_one(auth_client, app, user,
                                                                weasyprint_renderings):
    first = make_resume(app, user, content=ONE_JOB)
    second = make_resume(app, user, title="Frontend roles", design="classic")
    with app.app_context():
        resume = db.session.get(Resume, second)
        resumes.save(resume, resume.owner, resume.version,
                     settings={**resume.design_settings, "page_size": "Letter"})

    html = page(auth_client, "/resume/manage")

    assert weasyprint_renderings == []  # only the pictures' own requests draw pages
    assert re.search(rf'<img src="/resume/{first}/thumbnail.png\?v=1"\s+width="400" '
                     r'height="566" loading="lazy" alt="First page of “Backend roles”">', html)
    # A Letter page is wider for its height: the space kept for it has its shape.
    assert re.search(rf'<img src="/resume/{second}/thumbnail.png\?v=2"\s+width="400" '
                     r'height="518" loading="lazy" alt="First page of “Frontend roles”">', html)


def test_the_picture_is_the_first_page_cached_by_tag(auth_client, app, user):
    resume_id = make_resume(app, user, content=ONE_JOB)
    url = thumbnail_url(page(auth_client, "/resume/manage"), resume_id)

    response = auth_client.get(url)

    assert response.status_code == 200 and response.mimetype == "image/png"
    assert png_size(response.data) == (400, 566)
    assert response.headers["Cache-Control"] in ("private, max-age=604800",
                                                 "max-age=604800, private")
    etag = response.headers["ETag"]
    again = auth_client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert auth_client.get(url).data == response.data  # the same picture every time


def test_a_saved_change_gives_a_new_picture(auth_client, app, user):
    resume_id = make_resume(app, user, content=ONE_JOB)
    before_url = thumbnail_url(page(auth_client, "/resume/manage"), resume_id)
    before = auth_client.get(before_url)
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, resume.owner, resume.version,
                     content={**ONE_JOB, "basics": {**ONE_JOB["basics"], "name": "Jane Q. Doe"}})

    after_url = thumbnail_url(page(auth_client, "/resume/manage"), resume_id)
    after = auth_client.get(after_url, headers={"If-None-Match": before.headers["ETag"]})

    assert after_url != before_url  # so a browser that kept the old picture asks again
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert after.data != before.data and png_size(after.data) == (400, 566)


def test_a_renamed_resume_keeps_its_picture(auth_client, app, user):
    resume_id = make_resume(app, user, content=ONE_JOB)
    before = auth_client.get(thumbnail_url(page(auth_client, "/resume/manage"), resume_id))
    save_title(app, resume_id, "Backend roles 2026")  # the title is not on the page
    after = auth_client.get(thumbnail_url(page(auth_client, "/resume/manage"), resume_id),
                            headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 304


def test_only_the_owner_sees_the_picture(client, app, user, other_user):
    resume_id = make_resume(app, user, title="Jane's resume", content=ONE_JOB)
    trashed_id = make_resume(app, other_user, title="Sam's old resume", trashed=True)
    path = f"/resume/{resume_id}/thumbnail.png"

    logged_out = client.get(path)
    assert logged_out.status_code == 302 and logged_out.location.startswith("/login")

    log_in(client, other_user.email)
    assert client.get(path).status_code == 404
    assert client.get(f"/resume/{trashed_id}/thumbnail.png").status_code == 404  # in the trash
