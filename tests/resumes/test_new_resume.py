"""New resume: a title, a template chosen by its picture, and a start: empty, a copy of one of
my resumes, or an imported file."""
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import make_resume
from tests.helpers import field_error, page, resume_count, stored_resume
from tests.import_steps import import_file
from tests.resume_samples import ONE_JOB
from website.extensions import db
from website.models import Resume, User
from website.services import designs, resumes
from website.services.design_settings import SECTION_KEYS
from website.services.export.json_resume import json_bytes

LOOK = {"accent": "#7a1f5c", "font": "liberation-serif", "font_size": 11.5, "page_size": "Letter",
        "margin_mm": 22}

SKILLS_FIRST = ["skills", *(key for key in SECTION_KEYS if key != "skills")]


def created_id(response) -> int:
    """Return the id of the resume a creating request opened in the editor."""
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(re.fullmatch(r"/resume/(\d+)/edit", response.location).group(1))


def settings_of(app, resume_id: int) -> dict:
    with app.app_context():
        return dict(db.session.get(Resume, resume_id).design_settings)


def save_look(app, user, slug: str, look: dict) -> None:
    """Keep `look` as the user's default for design `slug`, as "Save as my default" does."""
    with app.app_context():
        designs.save_preference(db.session.get(User, user.id), slug, look)


@pytest.fixture
def other_user(make_user):
    return make_user(email="sam@example.com", name="Sam Smith")


def test_create_opens_the_new_resume_in_the_editor(auth_client, app, user):
    response = auth_client.submit("/resume/new", {"title": "  Backend roles  ",
                                                  "template": "professional"})
    resume = stored_resume(app, created_id(response))
    assert resume["title"] == "Backend roles" and resume["template"] == "professional"
    assert resume["user_id"] == user.id and resume["version"] == 1 and resume["versions"] == 1
    assert resume["content"]["basics"]["name"] == "Jane Doe"  # filled in from the account
    assert "Created “Backend roles”." in page(auth_client, "/resume/manage")


def test_an_empty_resume_starts_with_my_default_look_for_its_template(auth_client, app, user):
    save_look(app, user, "classic", LOOK)
    response = auth_client.submit("/resume/new", {"title": "Law firms", "template": "classic",
                                                  "start": "empty"})
    assert settings_of(app, created_id(response)) == LOOK


def test_new_resume_form_offers_every_template_by_its_picture(auth_client, app, user):
    templates_before = page(auth_client, "/resume/new")
    for slug, name, *_ in designs.BUILT_IN:
        match = re.search(rf'<input[^>]*id="(template-\d)"[^>]*value="{slug}">\s*'
                          rf'<label class="design-choice-card" for="(template-\d)">\s*'
                          rf'<img src="/templates/{slug}/thumbnail.png" width="640" '
                          rf'height="905"\s+loading="lazy" alt="">\s*'
                          rf'<span class="design-choice-name">{name}</span>', templates_before)
        assert match and match.group(1) == match.group(2), slug
    assert re.search(r'<input checked [^>]*name="template" type="radio" value="modern"',
                     templates_before)
    # Without resumes there is nothing to copy: only "Empty" and "Import a file".
    assert re.findall(r'name="start" type="radio" value="(\w+)"', templates_before) \
        == ["empty", "import"]
    make_resume(app, user)
    with_one = page(auth_client, "/resume/new")
    assert re.findall(r'name="start" type="radio" value="(\w+)"', with_one) \
        == ["empty", "copy", "import"]
    assert re.search(r'<select aria-describedby="copy_of-hint" class="form-select" '
                     r'id="copy_of" name="copy_of"><option value="">Choose a resume</option>'
                     r'<option value="\d+">Backend roles</option></select>', with_one)


def test_a_retired_template_is_not_offered(auth_client, app):
    with app.app_context():
        designs.set_active("classic", False)
    assert 'value="classic"' not in page(auth_client, "/resume/new")
    response = auth_client.submit("/resume/new", {"title": "x", "template": "classic"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "template") \
        == "Choose one of the templates listed."


@pytest.mark.parametrize("title, template, field, message", [
    ("", "modern", "title", "Give the resume a title."),
    ("   ", "modern", "title", "Give the resume a title."),
    ("x" * 101, "modern", "title", "Use at most 100 characters."),
    ("Backend roles", "fancy", "template", "Choose one of the templates listed."),
])
@pytest.mark.parametrize("start", ["empty", "copy", "import"])
def test_create_rejects_bad_input(auth_client, app, user, title, template, field, message,
                                  start):
    source = make_resume(app, user, title="Source", content=ONE_JOB)
    response = auth_client.submit("/resume/new", {"title": title, "template": template,
                                                  "start": start, "copy_of": str(source)})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, field) == message
    assert f'aria-describedby="{field}-error' in html
    if title.strip():
        assert f'value="{title}"' in html  # what was typed is kept
    assert re.search(rf'<input [^>]*checked [^>]*name="start" type="radio" value="{start}"', html)
    assert resume_count(app) == 1


def test_a_copy_takes_the_content_and_settings_in_the_chosen_template(auth_client, app, user):
    source = make_resume(app, user, design="classic", content=ONE_JOB)
    with app.app_context():
        resume = db.session.get(Resume, source)
        resumes.save(resume, resume.owner, resume.version, settings={
            **LOOK, "section_order": SKILLS_FIRST, "hidden_sections": ["education"]})
    save_look(app, user, "modern", {"accent": "#0b6e4f", "font": "dejavu-sans"})
    before = stored_resume(app, source)

    response = auth_client.submit("/resume/new", {"title": "Platform roles", "template": "modern",
                                                  "start": "copy", "copy_of": str(source)})

    copy_id = created_id(response)
    copy = stored_resume(app, copy_id)
    assert copy["title"] == "Platform roles" and copy["template"] == "modern"
    assert copy["content"] == before["content"] and copy["versions"] == 1
    settings = settings_of(app, copy_id)
    # The look is my default for Modern; what the sections are and how they run is the copy's.
    assert settings["accent"] == "#0b6e4f" and settings["font"] == "dejavu-sans"
    assert settings["section_order"] == SKILLS_FIRST
    assert settings["hidden_sections"] == ["education"]
    assert stored_resume(app, source) == before
    html = page(auth_client, f"/resume/{copy_id}/edit/basics")
    assert "Created “Platform roles” as a copy of “Backend roles”." in html


def test_a_copy_in_the_same_template_keeps_every_setting(auth_client, app, user):
    source = make_resume(app, user, design="classic", content=ONE_JOB)
    with app.app_context():
        resume = db.session.get(Resume, source)
        resumes.save(resume, resume.owner, resume.version, settings=LOOK)
    response = auth_client.submit("/resume/new", {"title": "Copy", "template": "classic",
                                                  "start": "copy", "copy_of": str(source)})
    assert settings_of(app, created_id(response)) == LOOK


@pytest.mark.parametrize("whose", ["another user's", "trashed", "missing", "none chosen"])
def test_a_copy_of_a_resume_not_offered_is_refused_next_to_the_field(auth_client, app, user,
                                                                     other_user, whose):
    make_resume(app, user, content=ONE_JOB)
    copy_of = {"another user's": lambda: make_resume(app, other_user, title="Sam's",
                                                     content=ONE_JOB),
               "trashed": lambda: make_resume(app, user, title="Old one", trashed=True),
               "missing": lambda: 987654, "none chosen": lambda: ""}[whose]()
    count = resume_count(app)

    response = auth_client.submit("/resume/new", {"title": "Mine now", "template": "modern",
                                                  "start": "copy", "copy_of": str(copy_of)})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "copy_of") == "Choose one of your resumes listed."
    assert 'aria-describedby="copy_of-error copy_of-hint"' in html
    assert "Sam&#39;s" not in html and "Old one" not in html
    assert resume_count(app) == count


def test_a_copy_without_resumes_to_copy_is_refused(auth_client, app):
    response = auth_client.submit("/resume/new", {"title": "Mine", "template": "modern",
                                                  "start": "copy", "copy_of": "1"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "start") == "Choose how to start."
    assert resume_count(app) == 0


def test_import_goes_on_to_the_import_page_with_title_and_template(auth_client, app, user):
    save_look(app, user, "professional", LOOK)
    response = auth_client.submit("/resume/new", {"title": "From my old CV",
                                                  "template": "professional", "start": "import"})

    assert response.status_code == 302 and resume_count(app) == 0
    location = urlsplit(response.location)
    assert location.path == "/resume/import"
    assert parse_qs(location.query) == {"title": ["From my old CV"], "template": ["professional"]}
    html = page(auth_client, response.location)
    assert '<input id="title" name="title" type="hidden" value="From my old CV">' in html
    assert 'id="template" name="template" type="hidden" value="professional"' in html
    assert "Design: Compact, unless the file was exported from Resume Builder" in html

    # Another tool's file comes in, reviewed, with the template and my look for it.
    raw = json.dumps({"basics": {"name": "Jane Doe"}, "work": ONE_JOB["work"]}).encode()
    imported = import_file(auth_client, raw, page=response.location, title="From my old CV",
                           template="professional")
    resume_id = created_id(imported)
    resume = stored_resume(app, resume_id)
    assert resume["title"] == "From my old CV" and resume["template"] == "professional"
    assert resume["content"]["work"][0]["name"] == "Acme"
    assert settings_of(app, resume_id) == LOOK


def test_a_file_exported_from_here_keeps_its_own_template(auth_client, app):
    raw = json_bytes(ONE_JOB, design_slug="classic", design_settings={"accent": "#1f4e79"})
    response = import_file(auth_client, raw, title="Round trip", template="professional",
                           page="/resume/import?title=Round+trip&template=professional")
    resume_id = created_id(response)
    assert stored_resume(app, resume_id)["template"] == "classic"
    assert settings_of(app, resume_id) == {"accent": "#1f4e79"}


@pytest.mark.parametrize("template", ["fancy", "classic-retired"])
def test_the_import_page_ignores_a_template_not_on_offer(auth_client, app, template):
    if template == "classic-retired":
        with app.app_context():
            designs.set_active("classic", False)
        template = "classic"
    html = page(auth_client, f"/resume/import?title=Mine&template={template}")
    assert "Design:" not in html
    raw = json.dumps({"basics": {"name": "Jane Doe"}}).encode()
    response = import_file(auth_client, raw, template=template)
    assert stored_resume(app, created_id(response))["template"] == designs.DEFAULT_DESIGN
