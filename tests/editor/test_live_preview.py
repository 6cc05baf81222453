"""The editor's live preview: the resume in its design as the form shows it, nothing saved."""
import re
from html import unescape

import pytest

from tests.factories import make_resume
from tests.helpers import log_in
from website.extensions import db
from website.models import Resume

JOBS = [
    {"position": "Staff Engineer", "name": "Acme Corp", "startDate": "2021-03",
     "highlights": ["Led the move to Kubernetes", "Cut costs by 30%"]},
    {"position": "Engineer", "name": "Globex", "startDate": "2017", "endDate": "2021-02"},
    {"position": "Intern", "name": "Initech", "startDate": "2016-06", "endDate": "2016-09"},
]
CONTENT = {"basics": {"name": "Jane Doe", "label": "Engineer", "email": "jane@example.com"},
           "work": JOBS}


def snapshot(app) -> dict:
    """Every row of every table, to tell whether a request changed anything."""
    with app.app_context():
        return {table.name: sorted(map(repr, db.session.execute(table.select()).all()))
                for table in db.metadata.sorted_tables}


def job_fields(jobs: list[dict]) -> dict:
    """The fields the Experience form posts for `jobs`, in this order."""
    return {f"entries-{index}-{key}": "\n".join(value) if isinstance(value, list) else value
            for index, job in enumerate(jobs) for key, value in job.items()}


def preview(client, resume_id: int, section: str, fields: dict, token: str | None = None):
    """POST what the section form shows to its preview, as the editor's script does."""
    editor = f"/resume/{resume_id}/edit/{section}"
    if token is None:
        token = client.csrf_token(editor)
    return client.post(f"{editor}/preview", data={"csrf_token": token, "base_version": "1",
                                                  **fields})


def shown_text(response) -> str:
    """The text the design shows, tags left out and entities read."""
    assert response.status_code == 200, response.status_code
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def test_the_editor_form_names_its_preview(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    page = auth_client.get(f"/resume/{resume_id}/edit/work").get_data(as_text=True)
    form = re.search(r'<form[^>]*id="entries"[^>]*>', page).group(0)
    assert f'data-preview-url="/resume/{resume_id}/edit/work/preview"' in form


def test_the_preview_shows_typed_text_and_saves_nothing(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    before = snapshot(app)
    typed = preview(auth_client, resume_id, "basics", {
        "name": "Jane Doe", "label": "Principal Platform Engineer", "email": "jane@example.com",
        "location-city": "Lisbon", "entries-0-network": "GitHub",
        "entries-0-username": "janedoe"})
    text = shown_text(typed)
    assert "Principal Platform Engineer" in text and "Lisbon" in text and "janedoe" in text
    assert "Staff Engineer" in text  # the sections this form does not edit, as saved
    assert typed.mimetype == "text/html"
    assert snapshot(app) == before  # no version, no change, no event, no analytics row
    with app.app_context():
        saved = db.session.get(Resume, resume_id)
        assert saved.content["basics"]["label"] == "Engineer" and saved.version == 1


def test_the_preview_shows_entries_in_the_order_of_the_form(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    before = snapshot(app)
    moved = [{**JOBS[2], "position": "Research Intern"}, JOBS[0], JOBS[1]]
    text = shown_text(preview(auth_client, resume_id, "work", job_fields(moved)))
    assert text.index("Research Intern") < text.index("Staff Engineer") < text.index("Globex")
    assert snapshot(app) == before


def test_a_blank_new_entry_and_a_removed_one_are_left_out(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    fields = {**job_fields([JOBS[0]]), "entries-1-position": "", "entries-1-name": ""}
    text = shown_text(preview(auth_client, resume_id, "work", fields))
    assert "Acme Corp" in text and "Globex" not in text and "Initech" not in text


@pytest.mark.parametrize("start, end, shown", [
    ("March 2021", "2021-13", "March 2021 – 2021-13"),  # shown as typed, to be fixed on save
    ("2021-03", "", "Mar 2021 – Present"),
    ("", "20", "20"),
])
def test_dates_not_yet_valid_are_shown_as_typed(auth_client, app, user, start, end, shown):
    resume_id = make_resume(app, user, content=CONTENT)
    fields = job_fields([{"position": "Staff Engineer", "name": "Acme Corp",
                          "startDate": start, "endDate": end}])
    assert shown in shown_text(preview(auth_client, resume_id, "work", fields))


def test_html_typed_in_a_field_is_shown_as_text(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    typed = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = preview(auth_client, resume_id, "work", job_fields(
        [{"position": typed, "name": "Acme\x00Corp", "highlights": [typed]}]))
    html = response.get_data(as_text=True)
    assert "<script" not in html and "<img src=x" not in html
    assert shown_text(response).count(typed) == 2  # NUL, which no save would take, too


def test_a_thousand_line_paste_is_shown_without_failing(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    before = snapshot(app)
    lines = [f"Shipped release {n} of the payments API" for n in range(1000)]
    response = preview(auth_client, resume_id, "work", job_fields(
        [{"position": "Staff Engineer", "name": "Acme Corp", "highlights": lines,
          "summary": "x" * 20_000}]))
    text = shown_text(response)
    assert "Shipped release 0 of" in text and "Shipped release 999 of" in text
    assert snapshot(app) == before


def test_more_entries_than_a_section_may_hold_still_preview(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    jobs = [{"position": f"Role {n}", "name": "Acme Corp"} for n in range(60)]
    text = shown_text(preview(auth_client, resume_id, "work", job_fields(jobs)))
    assert "Role 0" in text  # the form holds at most one entry past the limit; no error page


def test_the_preview_has_the_documents_strict_policy(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    response = preview(auth_client, resume_id, "work", job_fields(JOBS))
    document = auth_client.get(f"/resume/{resume_id}/preview/document")
    policy = response.headers["Content-Security-Policy"]
    assert policy == document.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "frame-ancestors 'self'" in policy
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_the_preview_draws_the_saved_design_and_settings(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT, settings={
        "accent": "#8a1c1c", "font": "source-serif", "hidden_sections": ["work"]})
    document = auth_client.get(f"/resume/{resume_id}/preview/document").get_data(as_text=True)
    response = preview(auth_client, resume_id, "basics", {"name": "Jane Doe",
                                                          "label": "Typed headline"})
    html = response.get_data(as_text=True)
    stylesheet = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
    assert stylesheet.search(html)[1] == stylesheet.search(document)[1]
    assert "accent=%238a1c1c" in stylesheet.search(html)[1]
    assert "Typed headline" in html and "Acme Corp" not in html  # work stays hidden


def test_fit_to_pages_keeps_the_spacing_the_saved_resume_was_fitted_with(auth_client, app,
                                                                          user):
    jobs = [{**JOBS[0], "name": f"Company {n}", "summary": "Payments platform. " * 12,
             "highlights": ["Cut infrastructure costs by 30% in one year"] * 5}
            for n in range(7)]
    resume_id = make_resume(app, user, content={**CONTENT, "work": jobs}, settings={"fit_pages": 1})
    document = auth_client.get(f"/resume/{resume_id}/preview/document").get_data(as_text=True)
    fitted = re.search(r'<link rel="stylesheet" href="([^"]+)"', document)[1]
    assert re.search(r"spacing=([\d.]+)", fitted)[1] != "1"  # it had to be tightened to fit
    # Shorter, it would fit looser; the preview keeps the saved fit instead of searching again.
    typed = [{**job, "summary": "Short."} for job in jobs[:3]]
    html = preview(auth_client, resume_id, "work", job_fields(typed)).get_data(as_text=True)
    assert re.search(r'<link rel="stylesheet" href="([^"]+)"', html)[1] == fitted
    assert "Short." in html and "Company 5" not in html


def test_other_users_and_unknown_sections_get_not_found(auth_client, app, user, make_user,
                                                        client):
    resume_id = make_resume(app, user, content=CONTENT)
    token = auth_client.csrf_token(f"/resume/{resume_id}/edit/work")
    assert preview(auth_client, resume_id, "photos", {}, token).status_code == 404
    assert preview(auth_client, 999_999, "work", {}, token).status_code == 404

    other = make_user(email="mallory@example.com", name="Mallory")
    intruder = app.test_client()
    assert log_in(intruder, other.email).status_code == 302
    token = intruder.csrf_token("/resume/manage")
    response = preview(intruder, resume_id, "work", job_fields(JOBS), token)
    assert response.status_code == 404 and "Staff Engineer" not in response.get_data(as_text=True)


def test_a_post_without_its_csrf_token_or_login_is_refused(auth_client, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    url = f"/resume/{resume_id}/edit/work/preview"
    response = auth_client.post(url, data={"base_version": "1", **job_fields(JOBS)})
    assert response.status_code == 400 and "Acme Corp" not in response.get_data(as_text=True)
    response = app.test_client().post(url, data=job_fields(JOBS))
    assert response.status_code in (302, 400) and "Acme Corp" not in response.get_data(
        as_text=True)
