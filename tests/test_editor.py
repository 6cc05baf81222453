"""The section editor: every save versioned, bad input refused, stale tabs never overwrite."""
import io
import re

import pytest
from PIL import Image

from tests.conftest import log_in
from website.extensions import db
from website.models import Resume, ResumeVersion
from website.services import resumes


@pytest.fixture
def resume_id(app, user):
    with app.app_context():
        owner = db.session.get(type(user), user.id)
        return resumes.create(owner, "Backend roles").id


def load(app, resume_id) -> Resume:
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        db.session.expunge(resume)
        return resume


def version_count(app, resume_id) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(ResumeVersion)
                                  .where(ResumeVersion.resume_id == resume_id)).scalar_one()


def job(index: int, **fields) -> dict:
    return {f"entries-{index}-{key}": value for key, value in fields.items()}


def post_section(client, resume_id, section, data, action="save", base_version=None, app=None):
    url = f"/resume/{resume_id}/edit/{section}"
    if base_version is None:
        base_version = load(app, resume_id).version
    return client.submit(url, {"base_version": base_version, "action": action, **data})


def field_error(response, field_id) -> str:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', response.get_data(as_text=True))
    assert match, f"no error next to {field_id}"
    return match[1]


THREE_JOBS = {
    **job(0, position="Staff Engineer", name="Acme Corp", startDate="2021-03",
          highlights="Led the move to Kubernetes\nCut costs by 30%\nMentored 6 engineers"),
    **job(1, position="Engineer", name="Globex", startDate="2017", endDate="2021-02",
          summary="Payments backend."),
    **job(2, position="Intern", name="Initech", startDate="2016-06", endDate="2016-09"),
}


def test_new_resume_starts_with_the_users_name(auth_client, resume_id):
    html = auth_client.get(f"/resume/{resume_id}/edit", follow_redirects=True).get_data(
        as_text=True)
    assert 'value="Jane Doe"' in html and 'value="jane@example.com"' in html
    assert "Personal info" in html and "Experience" in html


def test_save_basics_writes_a_version(auth_client, app, resume_id):
    response = post_section(auth_client, resume_id, "basics", {
        "name": "Jane Doe", "label": "Backend Engineer", "email": "jane@example.com",
        "phone": "+1 555 0100", "url": "https://jane.dev", "summary": "I build payment systems.",
        "location-city": "Berlin", "location-countryCode": "DE",
        "entries-0-network": "GitHub", "entries-0-username": "janedoe",
        "entries-0-url": "https://github.com/janedoe"}, app=app)
    assert response.status_code == 302
    basics = load(app, resume_id).content["basics"]
    assert basics["label"] == "Backend Engineer"
    assert basics["location"]["city"] == "Berlin"
    assert basics["profiles"] == [{"network": "GitHub", "username": "janedoe",
                                   "url": "https://github.com/janedoe"}]
    assert version_count(app, resume_id) == 2


def test_saving_without_changes_writes_no_version(auth_client, app, resume_id):
    page = auth_client.get(f"/resume/{resume_id}/edit/basics").get_data(as_text=True)
    assert 'value="Jane Doe"' in page
    response = post_section(auth_client, resume_id, "basics", {
        "name": "Jane Doe", "email": "jane@example.com"}, app=app)
    assert response.status_code == 302
    assert "No changes to save" in auth_client.get(response.location).get_data(as_text=True)
    assert version_count(app, resume_id) == 1


def test_jobs_are_saved_in_order_with_highlights_one_per_line(auth_client, app, resume_id):
    assert post_section(auth_client, resume_id, "work", THREE_JOBS, app=app).status_code == 302
    work = load(app, resume_id).content["work"]
    assert [j["name"] for j in work] == ["Acme Corp", "Globex", "Initech"]
    assert work[0]["highlights"] == ["Led the move to Kubernetes", "Cut costs by 30%",
                                     "Mentored 6 engineers"]
    assert work[0]["endDate"] == ""  # present


@pytest.mark.parametrize("action, expected", [
    ("up-2", ["Acme Corp", "Initech", "Globex"]),
    ("down-0", ["Globex", "Acme Corp", "Initech"]),
    ("up-0", ["Acme Corp", "Globex", "Initech"]),
    ("remove-1", ["Acme Corp", "Initech"]),
])
def test_reorder_and_remove_without_javascript(auth_client, app, resume_id, action, expected):
    post_section(auth_client, resume_id, "work", THREE_JOBS, app=app)
    response = post_section(auth_client, resume_id, "work", THREE_JOBS, action=action, app=app)
    assert response.status_code == 302
    assert [j["name"] for j in load(app, resume_id).content["work"]] == expected


def test_moving_saves_what_was_typed_too(auth_client, app, resume_id):
    post_section(auth_client, resume_id, "work", THREE_JOBS, app=app)
    edited = {**THREE_JOBS, **job(1, position="Senior Engineer")}
    post_section(auth_client, resume_id, "work", edited, action="up-1", app=app)
    work = load(app, resume_id).content["work"]
    assert [j["position"] for j in work] == ["Senior Engineer", "Staff Engineer", "Intern"]
    assert version_count(app, resume_id) == 3


def test_add_saves_and_offers_a_blank_entry(auth_client, app, resume_id):
    response = post_section(auth_client, resume_id, "work", job(0, position="Engineer"),
                            action="add", app=app)
    assert response.status_code == 302 and "add=1" in response.location
    html = auth_client.get(response.location).get_data(as_text=True)
    assert 'id="entries-1-position"' in html and "New job" in html
    assert load(app, resume_id).content["work"][0]["position"] == "Engineer"


def test_blank_entries_are_dropped(auth_client, app, resume_id):
    data = {**job(0, position="Engineer"), **job(1, position="", name="", highlights="  \n ")}
    post_section(auth_client, resume_id, "work", data, app=app)
    assert len(load(app, resume_id).content["work"]) == 1


@pytest.mark.parametrize("entry, field, message", [
    ({"startDate": "2020-13"}, "startDate", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"startDate": "March 2020"}, "startDate", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"startDate": "2021-05", "endDate": "2020"}, "endDate", "before the start date"),
    ({"url": "javascript:alert(1)"}, "url", "https://"),
    ({"position": "", "name": "Acme"}, "position", "Position is required"),
    ({"position": "x" * 201}, "position", "at most 200"),
    ({"summary": "s" * 2001}, "summary", "at most 2000"),
    ({"highlights": "h" * 501}, "highlights", "at most 500"),
])
def test_bad_job_input_is_refused_and_kept(auth_client, app, resume_id, entry, field, message):
    post_section(auth_client, resume_id, "work", THREE_JOBS, app=app)
    before = load(app, resume_id)
    data = {**THREE_JOBS, **job(1, **entry)}
    response = post_section(auth_client, resume_id, "work", data, app=app)
    assert response.status_code == 422
    assert message in field_error(response, f"entries-1-{field}")
    html = response.get_data(as_text=True)
    assert "Led the move to Kubernetes" in html and 'value="Initech"' in html  # input kept
    after = load(app, resume_id)
    assert after.content == before.content and after.version == before.version


@pytest.mark.parametrize("fields, field_id, message", [
    ({"email": "jane@"}, "email", "valid email"),
    ({"url": "jane.dev"}, "url", "https://"),
    ({"location-countryCode": "Germany"}, "location-countryCode", "at most 2"),
    ({"location-countryCode": "1X"}, "location-countryCode", "two-letter"),
    ({"entries-0-network": "", "entries-0-url": "https://github.com/x"}, "entries-0-network",
     "required"),
])
def test_bad_personal_info_is_refused(auth_client, app, resume_id, fields, field_id, message):
    response = post_section(auth_client, resume_id, "basics",
                            {"name": "Jane Doe", "summary": "Kept summary", **fields}, app=app)
    assert response.status_code == 422
    assert message in field_error(response, field_id)
    assert "Kept summary" in response.get_data(as_text=True)
    assert version_count(app, resume_id) == 1


def test_more_than_fifty_entries_are_refused(auth_client, app, resume_id):
    data = {}
    for index in range(51):
        data.update(job(index, position=f"Job {index}"))
    response = post_section(auth_client, resume_id, "work", data, app=app)
    assert response.status_code == 422
    assert "at most 50 entries" in response.get_data(as_text=True)
    assert load(app, resume_id).content["work"] == []


def test_a_second_tab_cannot_overwrite(auth_client, app, resume_id):
    opened_version = load(app, resume_id).version
    post_section(auth_client, resume_id, "work", job(0, position="From tab one"),
                 base_version=opened_version)
    response = post_section(auth_client, resume_id, "work", job(0, position="From tab two"),
                            base_version=opened_version)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "changed in another tab" in html and 'value="From tab two"' in html
    assert load(app, resume_id).content["work"][0]["position"] == "From tab one"
    assert version_count(app, resume_id) == 2


def test_each_section_has_a_page(auth_client, resume_id):
    for section in ("basics", "work", "education", "projects", "skills", "certificates",
                    "languages", "awards", "volunteer", "publications", "interests",
                    "references"):
        assert auth_client.get(f"/resume/{resume_id}/edit/{section}").status_code == 200
    assert auth_client.get(f"/resume/{resume_id}/edit/hobbies").status_code == 404


def test_other_users_get_404_and_change_nothing(app, client, resume_id, make_user):
    make_user(email="mallory@example.com", name="Mallory")
    log_in(client, "mallory@example.com")
    token = client.csrf_token("/account")
    assert client.get(f"/resume/{resume_id}/edit").status_code == 404
    assert client.get(f"/resume/{resume_id}/edit/work").status_code == 404
    response = client.post(f"/resume/{resume_id}/edit/work", data={
        "csrf_token": token, "base_version": 1, **job(0, position="Hacked")})
    assert response.status_code == 404
    response = client.post(f"/resume/{resume_id}/photo", data={
        "csrf_token": token, "photo": (io.BytesIO(image_bytes("PNG")), "x.png")})
    assert response.status_code == 404
    assert client.get(f"/resume/{resume_id}/photos/1").status_code == 404
    assert load(app, resume_id).content["work"] == []
    assert client.get("/resume/999999/edit/work").status_code == 404


def image_bytes(fmt: str, size=(1600, 1200), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 120, 50))
    output = io.BytesIO()
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "SpyCam"  # Make
        tags[0x8825] = {2: (52.0, 31.0, 0.0)}  # GPS latitude
        image.save(output, fmt, exif=tags)
    else:
        image.save(output, fmt)
    return output.getvalue()


def upload(client, resume_id, data: bytes, name="me.jpg"):
    token = client.csrf_token(f"/resume/{resume_id}/edit/basics")
    return client.post(f"/resume/{resume_id}/photo", content_type="multipart/form-data",
                       data={"csrf_token": token, "photo": (io.BytesIO(data), name)})


def test_photo_is_reencoded_without_exif_and_shown_only_to_its_owner(
        auth_client, app, resume_id, make_user):
    response = upload(auth_client, resume_id, image_bytes("JPEG", exif=True))
    assert response.status_code == 302
    photo_id = load(app, resume_id).template_settings["photo_id"]
    served = auth_client.get(f"/resume/{resume_id}/photos/{photo_id}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    with Image.open(io.BytesIO(served.data)) as image:
        assert max(image.size) == 800
        assert not image.getexif()
    assert b"SpyCam" not in served.data
    assert version_count(app, resume_id) == 2

    stranger = app.test_client()
    make_user(email="eve@example.com", name="Eve")
    log_in(stranger, "eve@example.com")
    assert stranger.get(f"/resume/{resume_id}/photos/{photo_id}").status_code == 404


@pytest.mark.parametrize("data, name, message", [
    (b"%PDF-1.4 not an image", "cv.pdf", "not an image we can read"),
    (image_bytes("GIF", (50, 50)), "anim.gif", "JPEG, PNG or WebP"),
    (b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024 + 10), "huge.jpg", "larger than 5 MB"),
])
def test_bad_photos_are_refused(auth_client, app, resume_id, data, name, message):
    response = upload(auth_client, resume_id, data, name)
    assert response.status_code == 422
    assert message in field_error(response, "photo")
    assert "photo_id" not in load(app, resume_id).template_settings
    assert version_count(app, resume_id) == 1


def test_webp_and_png_photos_are_accepted_and_can_be_removed(auth_client, app, resume_id):
    assert upload(auth_client, resume_id, image_bytes("WEBP", (300, 200)), "a.webp") \
        .status_code == 302
    first = load(app, resume_id).template_settings["photo_id"]
    assert upload(auth_client, resume_id, image_bytes("PNG", (300, 200)), "a.png") \
        .status_code == 302
    assert load(app, resume_id).template_settings["photo_id"] != first
    # The replaced photo stays available to older versions.
    assert auth_client.get(f"/resume/{resume_id}/photos/{first}").status_code == 200
    response = auth_client.submit(f"/resume/{resume_id}/photo/remove",
                                  page=f"/resume/{resume_id}/edit/basics")
    assert response.status_code == 302
    assert "photo_id" not in load(app, resume_id).template_settings
    assert version_count(app, resume_id) == 4


def test_the_service_refuses_invalid_content_even_without_a_form(app, resume_id):
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        bad = {**resume.content, "work": [{"position": "Dev", "startDate": "yesterday"}]}
        with pytest.raises(resumes.InvalidResume) as refused:
            resumes.save(resume, resume.owner, resume.version, content=bad)
        assert refused.value.problems == {"work": {0: {"startDate": pytest.approx(
            "Use the form YYYY, YYYY-MM or YYYY-MM-DD, with a real date.")}}}
        with pytest.raises(resumes.InvalidResume):
            resumes.save(resume, resume.owner, resume.version, title="x" * 101)
    assert version_count(app, resume_id) == 1


def test_a_duplicate_gets_its_own_copy_of_the_photo(auth_client, app, resume_id):
    upload(auth_client, resume_id, image_bytes("JPEG", (400, 300)))
    original_photo = load(app, resume_id).template_settings["photo_id"]
    auth_client.submit(f"/resume/{resume_id}/duplicate", page="/resume/manage")
    with app.app_context():
        copy = db.session.execute(db.select(Resume).where(Resume.title == "Copy of Backend roles")
                                  ).scalar_one()
        copy_id, copy_photo = copy.id, copy.template_settings["photo_id"]
    assert copy_photo != original_photo
    served = auth_client.get(f"/resume/{copy_id}/photos/{copy_photo}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert version_count(app, copy_id) == 1


def test_editor_shows_completion_with_concrete_hints(auth_client, app, resume_id):
    post_section(auth_client, resume_id, "work", job(0, position="Engineer", name="Acme",
                                                      highlights="Shipped the API"), app=app)
    html = auth_client.get(f"/resume/{resume_id}/edit/work").get_data(as_text=True)
    percent = resumes.completion(load(app, resume_id)).percent
    assert f"{percent}% complete" in html
    assert "Add 2 highlights to your latest job (Engineer, Acme)." in html
    assert "Add the school or degree you finished last." in html
