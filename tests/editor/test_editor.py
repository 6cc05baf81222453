"""The section editor: every save versioned, bad input refused, stale tabs never overwrite."""
import io
import re

import lxml.html
import pytest
from PIL import Image

from tests.helpers import log_in
from website.extensions import db
from website.models import Resume, ResumeVersion
from website.services import resume_document, resumes


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
    ({"position": "x" * 501}, "position", "at most 500"),
    ({"summary": "s" * 10_001}, "summary", "at most 10,000"),
    ({"highlights": "h" * 1001}, "highlights", "at most 1,000"),
    ({"highlights": "h\n" * 101}, "highlights", "at most 100 lines"),
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
    ({"location-countryCode": "D" * 501}, "location-countryCode", "at most 500"),
    ({"entries-0-network": "GitHub", "entries-0-url": "github.com/x"}, "entries-0-url",
     "https://"),
])
def test_bad_personal_info_is_refused(auth_client, app, resume_id, fields, field_id, message):
    response = post_section(auth_client, resume_id, "basics",
                            {"name": "Jane Doe", "summary": "Kept summary", **fields}, app=app)
    assert response.status_code == 422
    assert message in field_error(response, field_id)
    assert "Kept summary" in response.get_data(as_text=True)
    assert version_count(app, resume_id) == 1


def test_more_than_a_hundred_entries_are_refused(auth_client, app, resume_id):
    data = {}
    for index in range(101):
        data.update(job(index, position=f"Job {index}"))
    response = post_section(auth_client, resume_id, "work", data, app=app)
    assert response.status_code == 422
    assert "at most 100 entries" in response.get_data(as_text=True)
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
    photo_id = load(app, resume_id).design_settings["photo_id"]
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
    assert "photo_id" not in load(app, resume_id).design_settings
    assert version_count(app, resume_id) == 1


def test_webp_and_png_photos_are_accepted_and_can_be_removed(auth_client, app, resume_id):
    assert upload(auth_client, resume_id, image_bytes("WEBP", (300, 200)), "a.webp") \
        .status_code == 302
    first = load(app, resume_id).design_settings["photo_id"]
    assert upload(auth_client, resume_id, image_bytes("PNG", (300, 200)), "a.png") \
        .status_code == 302
    assert load(app, resume_id).design_settings["photo_id"] != first
    # The replaced photo stays available to older versions.
    assert auth_client.get(f"/resume/{resume_id}/photos/{first}").status_code == 200
    response = auth_client.submit(f"/resume/{resume_id}/photo/remove",
                                  page=f"/resume/{resume_id}/edit/basics")
    assert response.status_code == 302
    assert "photo_id" not in load(app, resume_id).design_settings
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
    original_photo = load(app, resume_id).design_settings["photo_id"]
    auth_client.submit(f"/resume/{resume_id}/duplicate", page="/resume/manage")
    with app.app_context():
        copy = db.session.execute(db.select(Resume).where(Resume.title == "Copy of Backend roles")
                                  ).scalar_one()
        copy_id, copy_photo = copy.id, copy.design_settings["photo_id"]
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


# ----------------------------------------------------------------------------- duplicate, undo

def test_duplicate_puts_a_copy_after_the_entry_and_saves(auth_client, app, resume_id):
    post_section(auth_client, resume_id, "work", THREE_JOBS, app=app)
    response = post_section(auth_client, resume_id, "work", THREE_JOBS, action="duplicate-0",
                            app=app)
    assert response.status_code == 302 and response.location.endswith("#entry-1")
    work = load(app, resume_id).content["work"]
    assert [j["name"] for j in work] == ["Acme Corp", "Acme Corp", "Globex", "Initech"]
    assert work[0] == work[1]
    html = auth_client.get(response.location).get_data(as_text=True)
    assert "Duplicated “Staff Engineer, Acme Corp”. The copy is below it." in html
    assert version_count(app, resume_id) == 3


def test_duplicate_beyond_a_hundred_entries_is_refused(auth_client, app, resume_id):
    data = {}
    for index in range(100):
        data.update(job(index, position=f"Job {index}"))
    post_section(auth_client, resume_id, "work", data, app=app)
    page = auth_client.get(f"/resume/{resume_id}/edit/work").get_data(as_text=True)
    assert re.search(r'value="duplicate-0"[^>]*disabled', page)
    response = post_section(auth_client, resume_id, "work", data, action="duplicate-3", app=app)
    assert response.status_code == 422
    assert "at most 100 entries" in response.get_data(as_text=True)
    assert len(load(app, resume_id).content["work"]) == 100


def remove_and_follow(client, app, resume_id, action="remove-1", data=THREE_JOBS) -> str:
    """Remove an entry with the no-JavaScript button; return the page the user lands on."""
    response = post_section(client, resume_id, "work", data, action=action, app=app)
    assert response.status_code == 302 and response.location.endswith("#main")
    return client.get(response.location).get_data(as_text=True)


def undo_fields(html: str) -> dict:
    """The hidden fields of the Undo form offered after a removal."""
    form = re.search(r'<form[^>]*undo-remove[^>]*>(.*?)</form>', html, re.S)
    assert form, "no Undo offered"
    return dict(re.findall(r'name="(removed_in|index)" value="(\d+)"', form[1]))


def undo(client, resume_id, fields: dict, section="work"):
    return client.submit(f"/resume/{resume_id}/edit/{section}/undo-remove", fields,
                         page=f"/resume/{resume_id}/edit/{section}")


def test_undo_brings_a_removed_entry_back_at_its_place(auth_client, app, resume_id):
    post_section(auth_client, resume_id, "work", THREE_JOBS, app=app)
    html = remove_and_follow(auth_client, app, resume_id)
    assert "Removed “Engineer, Globex”." in html
    assert [j["name"] for j in load(app, resume_id).content["work"]] == ["Acme Corp", "Initech"]
    fields = undo_fields(html)
    assert fields == {"removed_in": "3", "index": "1"}

    response = undo(auth_client, resume_id, fields)
    assert response.status_code == 302 and response.location.endswith("#entry-1")
    assert "Brought back “Engineer, Globex”." in auth_client.get(response.location).get_data(
        as_text=True)
    resume = load(app, resume_id)
    assert [j["name"] for j in resume.content["work"]] == ["Acme Corp", "Globex", "Initech"]
    assert resume.content["work"][1]["summary"] == "Payments backend."
    assert resume.version == 4  # the undo is a version of its own
    # Pressing Undo again (a second tab, the back button) changes nothing.
    again = undo(auth_client, resume_id, fields)
    assert "Not undone" in auth_client.get(again.location).get_data(as_text=True)
    assert load(app, resume_id).version == 4


def test_undo_keeps_what_was_typed_with_the_removal(auth_client, app, resume_id):
    post_section(auth_client, resume_id, "work", THREE_JOBS, app=app)
    edited = {**THREE_JOBS, **job(2, position="Summer Intern")}
    fields = undo_fields(remove_and_follow(auth_client, app, resume_id, "remove-0", edited))
    assert fields["index"] == "0"
    undo(auth_client, resume_id, fields)
    work = load(app, resume_id).content["work"]
    assert [j["position"] for j in work] == ["Staff Engineer", "Engineer", "Summer Intern"]


def test_undo_counts_places_without_blank_entries(auth_client, app, resume_id):
    post_section(auth_client, resume_id, "work", THREE_JOBS, app=app)
    # The page as sent with a blank entry before the one removed: Acme, blank, Globex, Initech.
    shifted = {key.replace("entries-2-", "entries-3-").replace("entries-1-", "entries-2-"): value
               for key, value in THREE_JOBS.items()}
    fields = undo_fields(remove_and_follow(auth_client, app, resume_id, "remove-3",
                                           {**shifted, **job(1, position="")}))
    assert fields["index"] == "2"  # Initech was the third saved job
    undo(auth_client, resume_id, fields)
    assert [j["name"] for j in load(app, resume_id).content["work"]] == [
        "Acme Corp", "Globex", "Initech"]


def test_undo_is_refused_once_the_section_changed(auth_client, app, resume_id):
    post_section(auth_client, resume_id, "work", THREE_JOBS, app=app)
    fields = undo_fields(remove_and_follow(auth_client, app, resume_id))
    post_section(auth_client, resume_id, "work", job(0, position="Changed since"), app=app)
    response = undo(auth_client, resume_id, fields)
    assert response.status_code == 302
    page = auth_client.get(response.location).get_data(as_text=True)
    assert "Not undone: this section changed after the removal" in page
    assert 'role="alert"' in page
    assert [j["position"] for j in load(app, resume_id).content["work"]] == ["Changed since"]
    assert version_count(app, resume_id) == 4


@pytest.mark.parametrize("fields, status", [
    ({"removed_in": "3", "index": "7"}, 302),  # no such entry: refused with the message
    ({"removed_in": "2", "index": "1"}, 302),  # a version that is not the newest
    ({"removed_in": "3", "index": "-1"}, 400),
    ({"removed_in": "3", "index": "x"}, 400),
    ({"removed_in": "1", "index": "0"}, 400),  # the first version removed nothing
    ({"index": "1"}, 400),
])
def test_undo_with_bad_fields_changes_nothing(auth_client, app, resume_id, fields, status):
    post_section(auth_client, resume_id, "work", THREE_JOBS, app=app)
    remove_and_follow(auth_client, app, resume_id)
    before = load(app, resume_id)
    response = undo(auth_client, resume_id, fields)
    assert response.status_code == status
    if status == 302:
        assert "Not undone" in auth_client.get(response.location).get_data(as_text=True)
    after = load(app, resume_id)
    assert after.content == before.content and after.version == before.version == 3


def test_undo_needs_the_csrf_token_and_a_real_section(auth_client, app, resume_id):
    post_section(auth_client, resume_id, "work", THREE_JOBS, app=app)
    fields = undo_fields(remove_and_follow(auth_client, app, resume_id))
    response = auth_client.post(f"/resume/{resume_id}/edit/work/undo-remove", data=fields)
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert undo(auth_client, resume_id, fields, section="hobbies").status_code == 404
    assert len(load(app, resume_id).content["work"]) == 2


def test_undo_of_a_profile_keeps_the_personal_info(auth_client, app, resume_id):
    profiles = {"name": "Jane Doe", "label": "Backend Engineer",
                "entries-0-network": "GitHub", "entries-0-username": "janedoe",
                "entries-1-network": "Mastodon", "entries-1-username": "jane"}
    post_section(auth_client, resume_id, "basics", profiles, app=app)
    response = post_section(auth_client, resume_id, "basics", profiles, action="remove-0",
                            app=app)
    html = auth_client.get(response.location).get_data(as_text=True)
    assert "Removed “GitHub, janedoe”." in html
    undo(auth_client, resume_id, undo_fields(html), section="basics")
    basics = load(app, resume_id).content["basics"]
    assert [p["network"] for p in basics["profiles"]] == ["GitHub", "Mastodon"]
    assert basics["label"] == "Backend Engineer"


def test_removing_a_blank_entry_offers_no_undo(auth_client, app, resume_id):
    post_section(auth_client, resume_id, "work", THREE_JOBS, app=app)
    response = post_section(auth_client, resume_id, "work",
                            {**THREE_JOBS, **job(3, position="")}, action="remove-3", app=app)
    html = auth_client.get(response.location).get_data(as_text=True)
    assert "undo-remove" not in html and "Removed." in html
    assert version_count(app, resume_id) == 2


def test_other_users_cannot_undo_a_removal(app, auth_client, resume_id, make_user):
    post_section(auth_client, resume_id, "work", THREE_JOBS, app=app)
    fields = undo_fields(remove_and_follow(auth_client, app, resume_id))
    stranger = app.test_client()
    make_user(email="mallory@example.com", name="Mallory")
    log_in(stranger, "mallory@example.com")
    response = stranger.submit(f"/resume/{resume_id}/edit/work/undo-remove", fields,
                             page="/account")
    assert response.status_code == 404
    assert len(load(app, resume_id).content["work"]) == 2


IMPORTED = {
    "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
    "x-tool": {"id": "abc"},
    "meta": {"canonical": "https://example.com/resume.json", "version": "v1.0.0"},
    "basics": {"name": "Jane Doe", "image": "https://example.com/jane.png",
               "location": {"city": "Berlin", "x-timezone": "CET"},
               "profiles": [{"network": "GitHub", "username": "jane", "x-followers": 120}]},
    "work": [{"position": "Engineer", "name": "Acme", "description": "Payments for shops",
              "x-team": {"name": "Core", "size": 6}},
             {"position": "Intern", "name": "Globex", "x-badge": "gold"}],
}


def page_form_values(client, resume_id, section) -> dict:
    """Return what the section's form would post, as a browser reads it from the page."""
    html = client.get(f"/resume/{resume_id}/edit/{section}").get_data(as_text=True)
    return dict(lxml.html.fromstring(html).get_element_by_id("entries").form_values())


def test_editor_saves_keep_fields_it_does_not_show(auth_client, app, user, resume_id):
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, resume.owner, resume.version, content=IMPORTED)
    values = page_form_values(auth_client, resume_id, "work")
    values["entries-1-position"] = "Summer intern"
    response = auth_client.submit(f"/resume/{resume_id}/edit/work",
                                  {**values, "action": "down-0"})
    assert response.status_code == 302
    content = load(app, resume_id).content
    assert [job["position"] for job in content["work"]] == ["Summer intern", "Engineer"]
    assert content["work"][0]["x-badge"] == "gold"  # moved with its entry
    assert content["work"][1]["x-team"] == {"name": "Core", "size": 6}
    assert content["work"][1]["description"] == "Payments for shops"

    values = page_form_values(auth_client, resume_id, "basics")
    values["label"] = "Backend Engineer"
    assert auth_client.submit(f"/resume/{resume_id}/edit/basics", values).status_code == 302
    content = load(app, resume_id).content
    assert content["basics"]["label"] == "Backend Engineer"
    assert content["basics"]["image"] == "https://example.com/jane.png"
    assert content["basics"]["location"]["x-timezone"] == "CET"
    assert content["basics"]["profiles"][0]["x-followers"] == 120
    assert {key: content[key] for key in ("$schema", "x-tool", "meta")} == {
        key: IMPORTED[key] for key in ("$schema", "x-tool", "meta")}


def test_a_tampered_kept_field_is_ignored(auth_client, app, resume_id):
    post_section(auth_client, resume_id, "work", {
        **job(0, position="Engineer", kept_fields='{"x-team": "Core"}'),
        **job(1, position="Intern", kept_fields="[" * 100),
        **job(2, position="Clerk", kept_fields='{"position": "Boss"}')}, app=app)
    work = load(app, resume_id).content["work"]
    assert [entry["position"] for entry in work] == ["Engineer", "Intern", "Clerk"]
    assert work[0]["x-team"] == "Core"  # what the page sent back is kept...
    shown = {f.key for f in resume_document.SECTIONS_BY_KEY["work"].fields}
    assert set(work[1]) == set(work[2]) == shown  # ...but nothing from what no page sends
