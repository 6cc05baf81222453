"""My resumes: the manage page, new, rename, duplicate, preview, trash, restore and purge."""
import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import log_in
from website.extensions import db
from website.models import Resume, ResumeVersion, User
from website.resumes.display import relative_time
from website.services import resumes, templates

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
CONTENT = {
    "basics": {"name": "Jane Doe", "label": "Backend Engineer", "email": "jane@example.com",
               "summary": "I build dependable web services.",
               "location": {"city": "Berlin", "countryCode": "DE"},
               "profiles": [{"network": "GitHub", "username": "janedoe"}]},
    "work": [{"position": "Engineer", "name": "Acme", "location": "Remote", "startDate": "2020-01",
              "highlights": ["Cut page load time by half", "Led the move to PostgreSQL"]}],
    "education": [{"institution": "TU Berlin", "studyType": "BSc", "startDate": "2014",
                   "endDate": "2018"}],
    "skills": [{"name": "Python", "keywords": ["Flask", "SQLAlchemy"]}],
}


def make_resume(app, owner: User, title: str = "Backend roles", template: str = "modern",
                content: dict | None = None, trashed: bool = False) -> int:
    """Create a resume for `owner` through the service; return its id."""
    with app.app_context():
        resume = resumes.create(db.session.get(User, owner.id), title, template, content)
        if trashed:
            resumes.move_to_trash(resume)
        return resume.id


def save_title(app, resume_id: int, title: str) -> None:
    """Rename a resume through the service, as another tab would."""
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, resume.owner, resume.version, title=title)


def stored(app, resume_id: int) -> dict | None:
    """Return what the database holds about a resume, or None once it is gone."""
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        versions = db.session.scalar(db.select(db.func.count()).select_from(ResumeVersion)
                                     .where(ResumeVersion.resume_id == resume_id))
        if resume is None:
            return None if versions == 0 else {"orphan_versions": versions}
        return {"title": resume.title, "template": resume.template_slug,
                "content": resume.content, "version": resume.version, "versions": versions,
                "trashed": resume.deleted_at is not None, "user_id": resume.user_id}


def resume_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Resume))


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', html)
    assert match, f"no error shown next to {field_id}"
    return match.group(1)


@pytest.fixture
def other_user(make_user):
    return make_user(email="sam@example.com", name="Sam Smith")


def test_manage_lists_the_users_own_resumes(auth_client, app, user, other_user):
    mine = make_resume(app, user, "Backend roles", "classic", CONTENT)
    make_resume(app, user, "Thrown away", trashed=True)
    make_resume(app, other_user, "Sam's secret resume")
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
    assert f'href="/resume/{mine}/edit"' in html and f'href="/resume/{mine}/preview"' in html
    assert f'action="/resume/{mine}/duplicate"' in html
    assert f'action="/resume/{mine}/delete"' in html
    assert '<summary>Rename' in html and f'id="rename-{mine}-title"' in html
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


def test_create_opens_the_new_resume_in_the_editor(auth_client, app, user):
    response = auth_client.submit("/resume/new", {"title": "  Backend roles  ",
                                                  "template": "professional"})
    assert response.status_code == 302
    resume_id = int(re.fullmatch(r"/resume/(\d+)/edit", response.location).group(1))
    resume = stored(app, resume_id)
    assert resume["title"] == "Backend roles" and resume["template"] == "professional"
    assert resume["user_id"] == user.id and resume["version"] == 1 and resume["versions"] == 1
    assert resume["content"]["basics"]["name"] == "Jane Doe"  # filled in from the account
    assert "Created “Backend roles”." in page(auth_client, "/resume/manage")


def test_new_resume_form_offers_every_template(auth_client):
    html = page(auth_client, "/resume/new")
    for slug, name, *_ in templates.BUILT_IN:
        assert re.search(rf'<input[^>]*id="(template-\d)"[^>]*value="{slug}"', html)
        assert f">{name}</label>" in html
    assert re.search(r'<input checked [^>]*name="template" type="radio" value="modern"', html)


@pytest.mark.parametrize("title, template, field, message", [
    ("", "modern", "title", "Give the resume a title."),
    ("   ", "modern", "title", "Give the resume a title."),
    ("x" * 101, "modern", "title", "Use at most 100 characters."),
    ("Backend roles", "fancy", "template", "Choose one of the templates listed."),
])
def test_create_rejects_bad_input(auth_client, app, title, template, field, message):
    response = auth_client.submit("/resume/new", {"title": title, "template": template})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, field) == message
    assert f'aria-describedby="{field}-error' in html
    if title.strip():
        assert f'value="{title}"' in html  # what was typed is kept
    assert resume_count(app) == 0


def test_rename_writes_a_new_version(auth_client, app, user):
    resume_id = make_resume(app, user, "Backend roles")
    response = auth_client.submit(f"/resume/{resume_id}/rename",
                                  {"title": "Backend roles, Berlin", "base_version": "1"},
                                  page="/resume/manage")
    assert response.status_code == 302 and response.location == "/resume/manage"
    resume = stored(app, resume_id)
    assert resume["title"] == "Backend roles, Berlin"
    assert resume["version"] == 2 and resume["versions"] == 2
    html = page(auth_client, "/resume/manage")
    assert "Renamed “Backend roles” to “Backend roles, Berlin”." in html


def test_rename_after_a_change_elsewhere_is_refused(auth_client, app, user):
    resume_id = make_resume(app, user, "Backend roles")
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
    resume = stored(app, resume_id)
    assert resume["title"] == "Changed in another tab" and resume["versions"] == 2


@pytest.mark.parametrize("title, message", [
    ("", "Give the resume a title."),
    ("x" * 101, "Use at most 100 characters."),
])
def test_rename_rejects_a_bad_title(auth_client, app, user, title, message):
    resume_id = make_resume(app, user, "Backend roles")
    other_id = make_resume(app, user, "Frontend roles")
    response = auth_client.submit(f"/resume/{resume_id}/rename",
                                  {"title": title, "base_version": "1"}, page="/resume/manage")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, f"rename-{resume_id}-title") == message
    assert f"rename-{other_id}-title-error" not in html
    assert f'value="{title}"' in html
    assert '<details class="mt-3" open>' in html  # the form with the error is shown
    resume = stored(app, resume_id)
    assert resume["title"] == "Backend roles" and resume["versions"] == 1


def test_duplicate_copies_content_with_a_fresh_history(auth_client, app, user):
    original_id = make_resume(app, user, "Backend roles", "classic", CONTENT)
    save_title(app, original_id, "Backend roles 2026")

    response = auth_client.submit(f"/resume/{original_id}/duplicate", page="/resume/manage")

    assert response.status_code == 302 and response.location == "/resume/manage"
    html = page(auth_client, "/resume/manage")
    assert "Created “Copy of Backend roles 2026”." in html
    original = stored(app, original_id)
    assert original["title"] == "Backend roles 2026" and original["versions"] == 2
    with app.app_context():
        copy_id = db.session.scalar(db.select(Resume.id).where(Resume.id != original_id))
    copy = stored(app, copy_id)
    assert copy["title"] == "Copy of Backend roles 2026" and copy["template"] == "classic"
    assert copy["content"] == original["content"]
    assert copy["version"] == 1 and copy["versions"] == 1 and copy["user_id"] == user.id


def test_delete_moves_the_resume_to_the_trash(auth_client, app, user):
    resume_id = make_resume(app, user, "Backend roles")
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
    resume = stored(app, resume_id)
    assert resume["trashed"] and resume["versions"] == 2


def test_the_trash_message_escapes_the_title(auth_client, app, user):
    resume_id = make_resume(app, user, SCRIPT)
    html = auth_client.submit(f"/resume/{resume_id}/delete", page="/resume/manage",
                              follow_redirects=True).get_data(as_text=True)
    assert SCRIPT not in html and f"Moved “{ESCAPED_SCRIPT}” to the trash." in html


def test_empty_trash(auth_client):
    assert "The trash is empty." in page(auth_client, "/resume/trash")


def test_restore_brings_the_resume_back_with_its_history(auth_client, app, user):
    resume_id = make_resume(app, user, "Backend roles")
    save_title(app, resume_id, "Backend roles 2026")
    with app.app_context():
        resumes.move_to_trash(db.session.get(Resume, resume_id))

    response = auth_client.submit(f"/resume/{resume_id}/restore", page="/resume/trash")

    assert response.status_code == 302 and response.location == "/resume/manage"
    html = page(auth_client, "/resume/manage")
    assert "Restored “Backend roles 2026”." in html and f'id="resume-{resume_id}"' in html
    assert "Backend roles 2026" not in page(auth_client, "/resume/trash")
    resume = stored(app, resume_id)
    assert not resume["trashed"] and resume["version"] == 2 and resume["versions"] == 2


def test_purge_asks_first_then_deletes_resume_and_history(auth_client, app, user):
    resume_id = make_resume(app, user, "Backend roles")
    save_title(app, resume_id, "Backend roles 2026")
    with app.app_context():
        resumes.move_to_trash(db.session.get(Resume, resume_id))

    confirmation = page(auth_client, f"/resume/{resume_id}/purge")
    assert "Delete “Backend roles 2026” forever?" in confirmation
    assert "its whole history of 2 versions" in confirmation
    assert f'action="/resume/{resume_id}/purge"' in confirmation
    assert stored(app, resume_id)["versions"] == 2  # looking at the question deletes nothing

    response = auth_client.submit(f"/resume/{resume_id}/purge",
                                  page=f"/resume/{resume_id}/purge")

    assert response.status_code == 302 and response.location == "/resume/trash"
    assert stored(app, resume_id) is None
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
    resume_id = make_resume(app, user, "Jane's resume", content=CONTENT, trashed=trashed)
    before = stored(app, resume_id)
    log_in(client, other_user.email)
    path = f"/resume/{resume_id}/{action}"

    if method == "get":
        response = client.get(path)
    else:
        response = client.submit(path, {"title": "Taken over", "base_version": "1"},
                                 page="/resume/new")

    assert response.status_code == 404
    assert "Jane&#39;s resume" not in response.get_data(as_text=True)
    assert stored(app, resume_id) == before
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
    before = stored(app, resume_id)
    path = f"/resume/{resume_id}/{action}"
    if method == "get":
        response = auth_client.get(path)
    else:
        response = auth_client.submit(path, {"title": "New", "base_version": "1"},
                                      page="/resume/new")
    assert response.status_code == 404
    assert stored(app, resume_id) == before


@pytest.mark.parametrize("action", ["rename", "duplicate", "delete", "restore"])
def test_state_changes_refuse_get(auth_client, app, user, action):
    resume_id = make_resume(app, user, trashed=action == "restore")
    before = stored(app, resume_id)
    response = auth_client.get(f"/resume/{resume_id}/{action}")
    assert response.status_code == 405
    assert stored(app, resume_id) == before and resume_count(app) == 1


@pytest.mark.parametrize("action, trashed", [
    ("rename", False), ("duplicate", False), ("delete", False), ("restore", True),
    ("purge", True),
])
def test_posts_without_csrf_token_change_nothing(auth_client, app, user, action, trashed):
    resume_id = make_resume(app, user, trashed=trashed)
    before = stored(app, resume_id)
    response = auth_client.post(f"/resume/{resume_id}/{action}",
                                data={"title": "New", "base_version": "1"})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert stored(app, resume_id) == before and resume_count(app) == 1


def test_create_without_csrf_token_changes_nothing(auth_client, app):
    response = auth_client.post("/resume/new", data={"title": "New", "template": "modern"})
    assert response.status_code == 400
    assert resume_count(app) == 0


def test_rename_without_base_version_is_a_bad_request(auth_client, app, user):
    resume_id = make_resume(app, user)
    response = auth_client.submit(f"/resume/{resume_id}/rename", {"title": "New"},
                                  page="/resume/manage")
    assert response.status_code == 400
    assert stored(app, resume_id)["versions"] == 1


def framed_document(client, resume_id: int) -> str:
    """Return the design HTML the preview page shows in its frame."""
    html = page(client, f"/resume/{resume_id}/preview")
    frame = re.search(r'<iframe[^>]*src="([^"]+)"', html)
    assert frame, "the preview shows no frame"
    return page(client, frame.group(1).replace("&amp;", "&"))


def test_preview_shows_every_filled_section_in_order(auth_client, app, user):
    resume_id = make_resume(app, user, "Backend roles", content=CONTENT)
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
    resume_id = make_resume(app, user, SCRIPT)
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
    resume_id = make_resume(app, user, "Backend roles")
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
