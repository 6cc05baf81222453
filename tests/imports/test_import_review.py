"""The review step of an import: the page shows what was understood with its warnings, the
user's choices decide what the resume holds, mistakes are shown next to the field with nothing
created, and a review is its owner's alone, for a day."""
import io
import json

import lxml.html
import pytest

from tests.helpers import log_in
from tests.import_steps import create, review_values, upload
from website.extensions import db
from website.models import PendingImport, Resume, User
from website.services import designs, resume_document
from website.services.imports import pending, reader

DOCUMENT = {
    "basics": {"name": "Thomas Edisn", "label": "Inventor", "email": "not an address",
               "location": {"city": "Menlo Park", "countryCode": "US"},
               "profiles": [{"network": "GitHub", "username": "tedison"}]},
    "work": [
        {"name": "Edison Illuminating", "position": "Founder", "startDate": "1880-12",
         "highlights": ["Lit 400 lamps in the first month", "Designed the three-wire system"]},
        {"name": "Western Union", "position": "Telegrapher", "startDate": "1863-03",
         "endDate": "1867"},
        # A date no one can read: left out, with a warning beside Experience.
        {"name": "Nowhere Inc", "position": "Clerk", "startDate": "May"},
    ],
    "education": [{"institution": "Cooper Union", "area": "Chemistry"}],
    "skills": [{"name": "Telegraphy", "keywords": ["Morse"]}],
}
NAME_LIMIT = resume_document.BASICS_FIELDS[0].max_length
LOOK = {"accent": "#7a1f5c", "font": "liberation-serif"}


@pytest.fixture
def app_config(clock):
    return {"CLOCK": clock, "IMPORT_LIMIT": "100 per minute", "RESUME_QUOTA": 2}


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(model.id))).scalar_one()


def the_resume(app) -> Resume:
    with app.app_context():
        resume = db.session.execute(db.select(Resume)).scalar_one()
        db.session.expunge(resume)
        return resume


def review_url(client, document: dict = DOCUMENT, **fields) -> str:
    response = upload(client, json.dumps(document).encode(), "edison.json", **fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return response.location


def section_of(html: str, heading: str):
    """Return the card of the section whose heading is `heading`."""
    tree = lxml.html.fromstring(html)
    return tree.xpath(f'//section[.//h2[normalize-space()="{heading}"]]')[0]


def by_class(element, name: str) -> list:
    return element.xpath(f'.//*[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')


def test_the_review_shows_each_section_its_entries_and_warnings_beside_it(auth_client):
    html = auth_client.get(review_url(auth_client)).get_data(as_text=True)

    work = section_of(html, "Experience")
    titles = [" ".join(t.text_content().split()) for t in by_class(work, "import-entry-title")]
    assert titles == ["Keep Founder, Edison Illuminating", "Keep Telegrapher, Western Union",
                      "Keep Clerk, Nowhere Inc"]
    assert "Dec 1880 – Present" in work.text_content()
    assert "2 highlights" in work.xpath(".//details/summary")[0].text_content()
    assert "Clerk, Nowhere Inc: left out the start date “May”." in \
        by_class(work, "import-warnings")[0].text_content()

    about = section_of(html, "About you")
    assert "Left out the email “not an address”" in \
        by_class(about, "import-warnings")[0].text_content()
    assert "GitHub (tedison)" in about.text_content()
    tree = lxml.html.fromstring(html)
    assert tree.get_element_by_id("full_name").value == "Thomas Edisn"
    assert tree.get_element_by_id("city").value == "Menlo Park"
    assert tree.get_element_by_id("title").value == "Thomas Edisn"
    # Everything starts kept.
    assert all(box.checked for box in tree.xpath('//input[@name="keep"]'))
    assert len(tree.xpath('//input[@name="keep"]')) == 3 + 3 + 2  # sections and entries


def test_the_choices_decide_what_the_resume_holds(app, auth_client):
    url = review_url(auth_client)
    keep = [k for k in review_values(auth_client, url)["keep"] if k not in ("work-1", "skills")]
    response = create(auth_client, url, keep=keep, full_name="Thomas Edison",
                      headline="Inventor and entrepreneur", title="Edison, inventor")

    assert response.status_code == 302
    resume = the_resume(app)
    assert response.location == f"/resume/{resume.id}/edit"
    assert resume.title == "Edison, inventor"
    basics = resume.content["basics"]
    assert (basics["name"], basics["label"]) == ("Thomas Edison", "Inventor and entrepreneur")
    assert basics["location"] == {**basics["location"], "city": "Menlo Park", "countryCode": "US"}
    assert basics["profiles"][0]["username"] == "tedison"  # not on the form, still kept
    assert [job["name"] for job in resume.content["work"]] == ["Edison Illuminating",
                                                               "Nowhere Inc"]
    assert not resume.content["work"][1].get("startDate")  # the unreadable date is left out
    assert resume.content["education"][0]["institution"] == "Cooper Union"
    assert resume.content["skills"] == []
    assert count(app, PendingImport) == 0
    editor = auth_client.get(response.location, follow_redirects=True).get_data(as_text=True)
    assert "Created “Edison, inventor” from your file." in editor


def test_a_dropped_section_drops_its_entries_even_if_they_are_ticked(app, auth_client):
    url = review_url(auth_client)
    keep = [k for k in review_values(auth_client, url)["keep"] if k != "work"]
    assert create(auth_client, url, keep=keep).status_code == 302
    assert the_resume(app).content["work"] == []


@pytest.mark.parametrize(("field", "value", "message"), [
    ("email", "jane@", "Enter a valid email address"),
    ("website", "edison.example", "Enter a full web address"),
    ("full_name", "x" * (NAME_LIMIT + 1), f"Use at most {NAME_LIMIT} characters."),
    ("title", "", "Give the resume a title."),
])
def test_a_mistake_is_shown_next_to_its_field_and_nothing_is_created(app, auth_client, field,
                                                                    value, message):
    url = review_url(auth_client)
    keep = [k for k in review_values(auth_client, url)["keep"] if k != "work-0"]
    response = create(auth_client, url, keep=keep, **{field: value})

    assert response.status_code == 422
    tree = lxml.html.fromstring(response.get_data(as_text=True))
    assert message in tree.get_element_by_id(f"{field}-error").text_content()
    assert tree.get_element_by_id(field).get("aria-invalid") == "true"
    # What the user chose is still as they left it.
    assert not tree.get_element_by_id("keep-work-0").checked
    assert tree.get_element_by_id("keep-work-1").checked
    assert count(app, Resume) == 0 and count(app, PendingImport) == 1


def test_discard_forgets_the_import_and_creates_nothing(app, auth_client):
    url = review_url(auth_client)
    response = auth_client.submit(f"{url}/discard", page=url)
    assert response.status_code == 302 and response.location == "/resume/import"
    assert count(app, PendingImport) == 0 and count(app, Resume) == 0
    assert auth_client.get(url).status_code == 404


def test_another_users_import_is_not_found(app, auth_client, make_user):
    url = review_url(auth_client)
    make_user("mallory@example.com", "Mallory")
    other = app.test_client()
    log_in(other, "mallory@example.com")
    own_token = other.csrf_token("/resume/import")
    assert other.get(url).status_code == 404
    for path in (url, f"{url}/discard"):
        response = other.post(path, data={**review_values(auth_client, url),
                                          "csrf_token": own_token})
        assert response.status_code == 404
    assert count(app, PendingImport) == 1 and count(app, Resume) == 0
    assert auth_client.get(url).status_code == 200  # the owner's page still works


def test_an_import_expires_after_a_day_and_is_pruned(app, auth_client, clock):
    url = review_url(auth_client)
    values = review_values(auth_client, url)
    clock.advance(pending.KEPT_FOR.total_seconds() + 1)

    page = auth_client.get(url)
    assert page.status_code == 404
    assert "imports wait a day for review" in page.get_data(as_text=True)
    assert auth_client.post(url, data=values).status_code == 404
    assert count(app, Resume) == 0

    review_url(auth_client)  # storing the next one prunes the expired one
    assert count(app, PendingImport) == 1


def test_state_changes_only_by_post_with_a_csrf_token(app, auth_client):
    url = review_url(auth_client)
    values = {k: v for k, v in review_values(auth_client, url).items() if k != "csrf_token"}
    assert auth_client.post(url, data=values).status_code == 400
    assert auth_client.post(f"{url}/discard").status_code == 400
    assert auth_client.get(f"{url}/discard").status_code == 405
    assert count(app, PendingImport) == 1 and count(app, Resume) == 0


def test_the_design_a_file_names_comes_first_with_its_settings(app, auth_client):
    document = {**DOCUMENT, "meta": {"resumeBuilder": {"template": "minimal",
                                                       "settings": {"font_size": 11}}}}
    url = review_url(auth_client, document, template="classic")
    values = review_values(auth_client, url)
    assert values["template"] == "minimal"
    assert create(auth_client, url).status_code == 302
    resume = the_resume(app)
    assert (resume.design_slug, resume.design_settings) == ("minimal", {"font_size": 11})


def test_the_design_chosen_before_uploading_comes_next_with_my_look(app, user, auth_client):
    with app.app_context():
        designs.save_preference(db.session.get(User, user.id), "classic", LOOK)
    url = review_url(auth_client, template="classic", title="Old CV")
    values = review_values(auth_client, url)
    assert (values["template"], values["title"]) == ("classic", "Old CV")
    assert create(auth_client, url).status_code == 302
    resume = the_resume(app)
    assert (resume.design_slug, resume.design_settings) == ("classic", LOOK)


def test_without_a_design_the_default_is_offered_and_another_can_be_chosen(app, auth_client):
    url = review_url(auth_client)
    assert review_values(auth_client, url)["template"] == designs.DEFAULT_DESIGN
    assert create(auth_client, url, template="minimal").status_code == 302
    assert the_resume(app).design_slug == "minimal"


def test_a_file_over_the_request_limit_is_explained_on_the_import_page(app, auth_client):
    token = auth_client.csrf_token("/resume/import")
    raw = b"{" + b" " * app.config["MAX_CONTENT_LENGTH"]
    response = auth_client.post("/resume/import", content_type="multipart/form-data", data={
        "csrf_token": token, "file": (io.BytesIO(raw), "huge.pdf")})
    assert response.status_code == 413
    tree = lxml.html.fromstring(response.get_data(as_text=True))
    assert tree.xpath("//h1")[0].text_content() == "Import a resume"
    assert "The file is larger than 8 MB, so it was not read." in \
        tree.get_element_by_id("file-error").text_content()
    assert count(app, PendingImport) == 0


def test_pending_imports_are_no_way_around_the_resume_quota(app, auth_client):
    first, second, third = (review_url(auth_client) for _ in range(3))
    assert count(app, PendingImport) == 3  # reviews are not resumes
    assert create(auth_client, first).status_code == 302
    assert create(auth_client, second).status_code == 302

    response = create(auth_client, third)
    assert response.status_code == 422
    assert "You have 2 resumes, the trash included" in response.get_data(as_text=True)
    assert count(app, Resume) == 2 and count(app, PendingImport) == 1

    response = upload(auth_client, json.dumps(DOCUMENT).encode())
    assert response.status_code == 422
    assert "You have 2 resumes" in response.get_data(as_text=True)


def test_an_account_keeps_only_its_newest_few_imports(app, auth_client):
    urls = [review_url(auth_client, {"basics": {"name": f"Try {n}"}}) for n in range(5)]
    assert count(app, PendingImport) == pending.MAX_PER_USER
    assert [auth_client.get(url).status_code for url in urls] == [404, 404, 200, 200, 200]


def test_a_pending_import_holds_a_bounded_document(app, user):
    with app.app_context():
        owner = db.session.get(User, user.id)
        result = reader.read(json.dumps(DOCUMENT).encode())
        result.document["basics"]["summary"] = "x" * (300 * 1024)  # past any reader's settle
        with pytest.raises(pending.ImportRejected, match="The resume is too long"):
            pending.store(owner, result)
        db.session.rollback()
    assert count(app, PendingImport) == 0


def test_the_new_resume_page_names_every_kind_of_file(auth_client):
    html = auth_client.get("/resume/new").get_data(as_text=True)
    assert "A PDF, a Word document, your LinkedIn data export or a JSON Resume file" in html
