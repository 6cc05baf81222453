"""Design settings: validation, the preview's switcher and saving them as a version."""
import re

import lxml.html
import pytest
from werkzeug.datastructures import MultiDict

from tests.factories import make_resume
from tests.helpers import log_in
from tests.pdf_readers import font_names, text_colours
from website.extensions import db
from website.models import Resume, User
from website.services import design_settings, designs, resumes
from website.services.design_settings import SECTION_KEYS, Settings

CONTENT = {
    "basics": {"name": "Jane Doe", "summary": "I build dependable web services."},
    "work": [{"position": "Engineer", "name": "Acme", "startDate": "2020-01"}],
    "education": [{"institution": "TU Berlin"}],
    "skills": [{"name": "Python"}],
}
GOOD = {"template": "classic", "accent": "#aa3300", "font": "dejavu-serif", "font_size": "11",
        "page_size": "Letter", "margin_mm": "12", "show_photo": "on",
        **{f"position-{key}": str(index) for index, key in enumerate(SECTION_KEYS, start=1)},
        "position-skills": "0", "hide": "education"}


def stored(app, resume_id: int) -> tuple[str, dict, int]:
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        return resume.design_slug, resume.design_settings, resume.version


def framed_document(client, resume_id: int, query: str = "") -> str:
    html = client.get(f"/resume/{resume_id}/preview{query}").get_data(as_text=True)
    src = re.search(r'<iframe[^>]*src="([^"]+)"', html).group(1).replace("&amp;", "&")
    return client.get(src).get_data(as_text=True)


def press(client, path: str, button: str, changes: dict[str, str]):
    """Open `path`, change the fields in the form holding the button whose text starts with
    `button` as a user would (only fields the form shows), and press that button."""
    root = lxml.html.fromstring(client.get(path).get_data(as_text=True))
    pressed = root.xpath(f'//button[starts-with(normalize-space(), "{button}")]')[0]
    form = pressed.xpath("ancestor::form")[0]
    for name, value in changes.items():
        assert name in form.inputs.keys(), f"the form of “{button}” has no field {name}"
        field = form.inputs[name]
        assert all(element.get("type") != "hidden" for element in
                   (field if isinstance(field, list) else [field])), f"{name} is not shown"
        field.value = value
    values = form.form_values()
    if pressed.get("name"):
        values.append((pressed.get("name"), pressed.get("value", "")))
    action = pressed.get("formaction") or form.get("action")
    assert (pressed.get("formmethod") or form.get("method")).lower() == "post"
    return client.post(action, data=MultiDict(values))


@pytest.fixture
def catalogue(app):
    """An app context whose designs table holds the four designs (the defaults live there)."""
    with app.app_context():
        yield


@pytest.mark.usefixtures("catalogue")
def test_defaults_come_from_the_design():
    assert design_settings.defaults("classic").font == "source-serif-4"
    assert design_settings.defaults("modern") == Settings(font="inter", margin_mm=16)
    assert design_settings.validate({}, "minimal") == (design_settings.defaults("minimal"), {})


@pytest.mark.usefixtures("catalogue")
def test_valid_settings_are_taken():
    settings, errors = design_settings.validate(
        {"accent": "#AA3300", "font": "liberation-sans", "font_size": "12", "page_size": "Letter",
         "margin_mm": 25, "section_order": list(reversed(SECTION_KEYS)),
         "hidden_sections": ["skills"], "show_photo": False})
    assert errors == {}
    assert settings.accent == "#aa3300" and settings.font_size == 12 and settings.margin_mm == 25
    assert settings.section_order[0] == "references" and settings.hidden_sections == ("skills",)
    assert "skills" not in [section.key for section in settings.visible_sections()]


@pytest.mark.parametrize("raw, key, message", [
    ({"accent": "red"}, "accent", "six hex digits"),
    ({"accent": "#12345g"}, "accent", "six hex digits"),
    ({"font": "comic-sans"}, "font", "listed fonts"),
    ({"font_size": "30"}, "font_size", "from 9 to 12 pt"),
    ({"font_size": "big"}, "font_size", "from 9 to 12 pt"),
    ({"font_size": "10.7"}, "font_size", "in steps of 0.5 pt"),
    ({"font_size": "nan"}, "font_size", "in steps of 0.5 pt"),
    ({"fit_pages": "3"}, "fit_pages", "fit 1 or 2 pages"),
    ({"fit_pages": "one"}, "fit_pages", "fit 1 or 2 pages"),
    ({"spacing": "0.5"}, "spacing", "from 0.75 to 1.0"),
    ({"page_size": "A3"}, "page_size", "A4 or Letter"),
    ({"margin_mm": "5"}, "margin_mm", "from 10 to 25 mm"),
    ({"section_order": ["work", "work"]}, "section_order", "every section once"),
    ({"hidden_sections": ["secrets"]}, "hidden_sections", "sections the resume has"),
])
@pytest.mark.usefixtures("catalogue")
def test_bad_settings_are_refused_with_a_message(raw, key, message):
    settings, errors = design_settings.validate(raw, "classic")
    assert list(errors) == [key] and message in errors[key]
    assert settings == design_settings.defaults("classic")


@pytest.mark.parametrize("raw, size", [("10.5", 10.5), (9.5, 9.5), ("11", 11), (11.0, 11),
                                       ("12.0", 12)])
@pytest.mark.usefixtures("catalogue")
def test_text_size_goes_in_half_points_and_whole_sizes_stay_whole(raw, size):
    settings, errors = design_settings.validate({"font_size": raw})
    assert errors == {} and settings.font_size == size
    assert type(settings.stored()["font_size"]) is type(size)  # stored 11 reads back as 11


@pytest.mark.usefixtures("catalogue")
def test_fit_to_pages_is_stored_but_the_spacing_it_chooses_is_not():
    settings, errors = design_settings.validate({"fit_pages": "2", "spacing": "0.8"})
    assert errors == {} and settings.fit_pages == 2 and settings.spacing == 0.8
    assert settings.stored()["fit_pages"] == 2 and "spacing" not in settings.stored()
    assert ("fit_pages", "2") in design_settings.as_form("modern", settings)


def test_a_stylesheet_scales_its_vertical_gaps_by_the_spacing(client):
    query = "accent=%23aa3300&font=dejavu-sans&font_size=10.5&page_size=A4&margin_mm=12"
    normal = client.get(f"/resume/design/modern.css?{query}&spacing=1").get_data(as_text=True)
    tight = client.get(f"/resume/design/modern.css?{query}&spacing=0.8").get_data(as_text=True)
    assert "font-size: 10.5pt;" in normal and ".entry { margin-bottom: 0.600em; }" in normal
    assert ".entry { margin-bottom: 0.480em; }" in tight
    assert client.get(f"/resume/design/modern.css?{query}&spacing=2").status_code == 400


def test_a_half_point_size_is_saved_from_the_customiser(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)

    response = auth_client.submit(f"/resume/{resume_id}/preview",
                                  {**GOOD, "font_size": "10.5", "fit_pages": "2",
                                   "base_version": "1"})

    assert response.status_code == 302
    settings = stored(app, resume_id)[1]
    assert settings["font_size"] == 10.5 and settings["fit_pages"] == 2
    page = auth_client.get(f"/resume/{resume_id}/preview").get_data(as_text=True)
    assert '<option value="10.5" selected>10.5 pt</option>' in page
    assert '<option value="2" selected>Fit to 2 pages</option>' in page
    assert "Fitted to 2 pages: 11 pt text" in page  # a short resume gets the largest type


def test_stored_settings_that_went_bad_fall_back_to_defaults(app, user):
    resume_id = make_resume(app, user, content=CONTENT,
                            settings={"accent": "nope", "font_size": 11, "photo_id": 7})
    with app.app_context():
        settings = design_settings.effective(db.session.get(Resume, resume_id))
    assert settings.accent == Settings().accent and settings.font_size == 11


def test_the_switcher_shows_another_design_without_saving(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)

    html = framed_document(auth_client, resume_id, "?template=classic")

    assert 'class="design-classic"' in html and "/resume/design/classic.css?" in html
    assert "font=source-serif-4" in html  # the classic design's own default
    assert stored(app, resume_id)[2] == 1


def test_the_preview_frame_is_sandboxed_and_its_document_has_a_strict_policy(auth_client, app,
                                                                             user):
    resume_id = make_resume(app, user, content=CONTENT)
    page = auth_client.get(f"/resume/{resume_id}/preview")
    html = page.get_data(as_text=True)
    frame = re.search(r'<iframe[^>]*>', html).group(0)
    assert "sandbox=" in frame and "allow-scripts" not in frame and 'title="' in frame
    assert "<style" not in html and " style=" not in html
    document = auth_client.get(re.search(r'src="([^"]+)"', frame).group(1).replace("&amp;", "&"))
    policy = document.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'self'" in policy
    assert "script-src" not in policy and document.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "<style" not in document.get_data(as_text=True)


def test_saving_settings_writes_a_version_and_keeps_the_photo(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT, settings={"photo_id": 42})
    path = f"/resume/{resume_id}/preview"

    response = auth_client.submit(path, {**GOOD, "base_version": "1"}, follow_redirects=True)

    assert response.status_code == 200
    assert "Saved the Classic design and its settings." in response.get_data(as_text=True)
    slug, settings, version = stored(app, resume_id)
    assert slug == "classic" and version == 2
    assert settings["photo_id"] == 42 and settings["accent"] == "#aa3300"
    assert settings["page_size"] == "Letter" and settings["hidden_sections"] == ["education"]
    document = framed_document(auth_client, resume_id)
    assert re.findall(r'<h2 id="section-\w+">([^<]+)</h2>', document) == [
        "Summary", "Skills", "Experience"]


def test_save_keeps_the_colour_and_font_just_chosen_in_the_form(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)

    response = press(auth_client, f"/resume/{resume_id}/preview", "Save these settings",
                     {"accent": "custom", "accent_custom": "#aa3300", "font": "lora",
                      "font_size": "10.5"})

    assert response.status_code == 302
    settings = stored(app, resume_id)[1]
    assert (settings["accent"], settings["font"], settings["font_size"]) == (
        "#aa3300", "lora", 10.5)


def test_save_as_default_keeps_the_colour_and_font_just_chosen_in_the_form(auth_client, app,
                                                                             user):
    resume_id = make_resume(app, user, content=CONTENT)

    response = press(auth_client, f"/resume/{resume_id}/preview", "Save as my default",
                     {"accent": "custom", "accent_custom": "#aa3300", "font": "lora"})

    assert response.status_code == 302
    with app.app_context():
        look = designs.preference(db.session.get(User, user.id), "modern")
    assert (look["accent"], look["font"]) == ("#aa3300", "lora")
    assert stored(app, resume_id)[2] == 1  # the resume itself is not changed


@pytest.mark.parametrize("field, value, message", [
    ("accent", "#zzzzzz", "Choose a colour written as # and six hex digits"),
    ("font", "comic-sans", "Choose one of the listed fonts."),
    ("font_size", "30", "Choose a size from 9 to 12 pt, in steps of 0.5 pt."),
    ("font_size", "10.25", "Choose a size from 9 to 12 pt, in steps of 0.5 pt."),
    ("fit_pages", "3", "Choose to fit 1 or 2 pages, or off."),
    ("page_size", "A3", "Choose A4 or Letter."),
    ("template", "fancy", "Choose one of the listed designs."),
])
def test_bad_settings_are_not_saved(auth_client, app, user, field, value, message):
    resume_id = make_resume(app, user, content=CONTENT)
    before = stored(app, resume_id)

    response = auth_client.submit(f"/resume/{resume_id}/preview",
                                  {**GOOD, field: value, "base_version": "1"})

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and f'id="{field}-error"' in html
    assert stored(app, resume_id) == before


def test_a_stale_save_is_refused(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, resume.owner, 1, title="Renamed elsewhere")

    response = auth_client.submit(f"/resume/{resume_id}/preview", {**GOOD, "base_version": "1"})

    assert response.status_code == 409
    assert "were not saved" in response.get_data(as_text=True)
    assert stored(app, resume_id)[0] == "modern"


def test_another_users_settings_cannot_be_seen_or_saved(client, app, user, make_user):
    resume_id = make_resume(app, user, content=CONTENT)
    log_in(client, make_user(email="sam@example.com", name="Sam Smith").email)

    assert client.get(f"/resume/{resume_id}/preview/document").status_code == 404
    response = client.submit(f"/resume/{resume_id}/preview", {**GOOD, "base_version": "1"},
                             page="/resume/new")
    assert response.status_code == 404
    assert stored(app, resume_id)[2] == 1


@pytest.mark.usefixtures("catalogue")
def test_values_of_the_wrong_type_are_refused_not_crashed_on():
    _, errors = design_settings.validate({"section_order": 5, "hidden_sections": "work",
                                            "font": ["x"], "page_size": 4})
    assert set(errors) == {"section_order", "hidden_sections", "font", "page_size"}


def test_a_preset_swatch_and_the_section_switches_are_saved(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    shown = [key for key in SECTION_KEYS if key != "education"]

    press(auth_client, f"/resume/{resume_id}/preview", "Save these settings",
          {"accent": design_settings.ACCENT_PRESETS["red"], "show": shown,
           "position-skills": "0"})

    settings = stored(app, resume_id)[1]
    assert settings["accent"] == "#a4262c" and settings["hidden_sections"] == ["education"]
    assert settings["section_order"][0] == "skills"


def test_show_these_settings_shows_the_form_without_saving(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)

    response = press(auth_client, f"/resume/{resume_id}/preview", "Show these settings",
                     {"accent": "custom", "accent_custom": "#aa3300", "font": "lora"})

    assert response.status_code == 302 and "csrf" not in response.location
    assert "accent=%23aa3300" in response.location and "font=lora" in response.location
    page = auth_client.get(response.location).get_data(as_text=True)
    assert 'value="lora" checked' in page and 'value="#aa3300" aria-label="Custom colour"' in page
    assert "font=lora" in re.search(r'<iframe[^>]*src="([^"]+)"', page).group(1)
    assert stored(app, resume_id)[2] == 1


def download_link(page: str) -> str:
    return re.search(r'href="([^"]+)" id="download-pdf"', page).group(1).replace("&amp;", "&")


def test_download_pdf_gives_the_settings_on_screen_saved_or_not(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    query = ("?template=modern&accent=custom&accent_custom=%23aa3300&font=lora&font_size=11"
             "&page_size=A4&margin_mm=16&fit_pages=0&section_switches=on"
             + "".join(f"&show={key}" for key in SECTION_KEYS))
    shown = auth_client.get(f"/resume/{resume_id}/preview{query}").get_data(as_text=True)
    saved = auth_client.get(f"/resume/{resume_id}/preview").get_data(as_text=True)

    pdf = auth_client.get(download_link(shown))
    saved_pdf = auth_client.get(download_link(saved)).data

    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert {"Lora", "Lora-Bold"} <= font_names(pdf.data)
    assert "#aa3300" in text_colours(pdf.data)
    assert "Lora" not in font_names(saved_pdf) and "#aa3300" not in text_colours(saved_pdf)
    assert stored(app, resume_id)[2] == 1  # downloading saves nothing


def test_a_default_saved_from_the_form_starts_the_next_resume(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    press(auth_client, f"/resume/{resume_id}/preview", "Save as my default",
          {"accent": "custom", "accent_custom": "#aa3300", "font": "lora", "font_size": "10.5"})

    response = auth_client.submit("/resume/new", {"title": "Next one", "template": "modern"})

    new_id = int(re.search(r"/resume/(\d+)/", response.location).group(1))
    settings = stored(app, new_id)[1]
    assert (settings["accent"], settings["font"], settings["font_size"]) == (
        "#aa3300", "lora", 10.5)


AS_SCRIPT = {"Accept": "application/json"}  # what autosave.js asks for


def autosave(client, resume_id: int, changes: dict | None = None, token: bool = True):
    """POST the Design form as design-panel's autosave does, with `changes` made."""
    root = lxml.html.fromstring(client.get(f"/resume/{resume_id}/preview").get_data(as_text=True))
    form = root.get_element_by_id("design-form")
    for name, value in (changes or {}).items():
        form.inputs[name].value = value
    values = [(name, value) for name, value in form.form_values()
              if token or name != "csrf_token"]
    return client.post(form.get("data-autosave-url"), data=MultiDict(values), headers=AS_SCRIPT)


def test_autosave_saves_the_form_and_answers_the_version_and_completion(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)

    response = autosave(auth_client, resume_id, {"font": "lora", "font_size": "10.5"})

    assert response.status_code == 200
    answer = response.get_json()
    assert answer["version"] == 2 and answer["changed"] is True
    assert answer["saved_at"].endswith("+00:00")
    assert 0 < answer["completion"]["percent"] < 100
    assert {"key", "label", "score", "hint"} <= set(answer["completion"]["sections"][0])
    settings = stored(app, resume_id)[1]
    assert settings["font"] == "lora" and settings["font_size"] == 10.5


def test_autosave_refuses_a_stale_form(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    root = lxml.html.fromstring(auth_client.get(f"/resume/{resume_id}/preview").data)
    form = root.get_element_by_id("design-form")
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, resume.owner, 1, title="Renamed elsewhere")

    response = auth_client.post(form.get("data-autosave-url"), data=MultiDict(form.form_values()))

    assert response.status_code == 409 and response.get_json()["error"] == "stale"
    assert "changed in another tab" in response.get_json()["message"]
    slug, settings, version = stored(app, resume_id)
    assert slug == "modern" and "font" not in settings and version == 2


@pytest.mark.parametrize("field, value, field_id", [
    ("accent_custom", "not a colour", "accent_custom"),
    ("margin_mm", "3", "margin_mm"),
    ("position-work", "x", None),
])
def test_autosave_names_the_fields_it_refuses(auth_client, app, user, field, value, field_id):
    resume_id = make_resume(app, user, content=CONTENT)
    changes = {field: value, **({"accent": "custom"} if field == "accent_custom" else {})}

    response = autosave(auth_client, resume_id, changes)

    if field_id is None:  # a position that is not a number keeps the order: nothing refused
        assert response.status_code == 200
        return
    assert response.status_code == 422
    answer = response.get_json()
    assert answer["error"] == "invalid" and list(answer["fields"]) == [field_id]
    assert stored(app, resume_id)[2] == 1


def test_autosave_needs_the_csrf_token_the_owner_and_a_session(auth_client, app, user,
                                                               make_user):
    resume_id = make_resume(app, user, content=CONTENT)
    refused = autosave(auth_client, resume_id, token=False)
    assert refused.status_code == 400 and "reload it" in refused.get_json()["message"]

    client = app.test_client()
    log_in(client, make_user(email="sam@example.com", name="Sam Smith").email)
    token = client.csrf_token("/resume/new")
    other = client.post(f"/resume/{resume_id}/preview/autosave",
                        data={"csrf_token": token, "base_version": "1", "font": "lora"},
                        headers=AS_SCRIPT)
    assert other.status_code == 404
    client.post("/logout", data={"csrf_token": token})
    gone = client.post(f"/resume/{resume_id}/preview/autosave",
                       data={"csrf_token": token, "base_version": "1"},
                       headers={**AS_SCRIPT, "Referer": f"http://localhost/resume/{resume_id}/preview"})
    assert gone.status_code == 401
    assert gone.get_json()["login_url"] == f"/login?next=/resume/{resume_id}/preview"
    assert stored(app, resume_id)[2] == 1
