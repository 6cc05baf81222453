"""Writing help in the section forms without JavaScript: every limit is shown before it is hit,
fields that matter carry concrete advice, and lines fields still post one item per line."""
import lxml.html
import pytest

from website.extensions import db
from website.models import Resume
from website.services import resumes

JOB = {"position": "Staff Engineer", "name": "Acme Corp", "startDate": "2021-03",
       "summary": "Payments platform team.", "highlights": ["Cut costs by 30%"]}


@pytest.fixture
def resume_id(app, user):
    with app.app_context():
        owner = db.session.get(type(user), user.id)
        return resumes.create(owner, "Backend roles", content={
            "basics": {"name": "Jane Doe", "email": "jane@example.com"}, "work": [JOB]}).id


def section_page(client, resume_id: int, section: str) -> lxml.html.HtmlElement:
    response = client.get(f"/resume/{resume_id}/edit/{section}")
    assert response.status_code == 200
    return lxml.html.fromstring(response.get_data(as_text=True))


def notes(page: lxml.html.HtmlElement, field_id: str) -> list[str]:
    """The texts a screen reader reads after the field's label (its aria-describedby)."""
    field = page.get_element_by_id(field_id)
    return [page.get_element_by_id(note).text_content().strip()
            for note in field.get("aria-describedby", "").split()]


@pytest.mark.parametrize("section, field_id, expected", [
    ("work", "entries-0-summary", ["A sentence or two on the team, the product and what you were "
                                   "responsible for; results go in the highlights.",
                                   "Up to 10,000 characters"]),
    ("work", "entries-0-highlights", [
        "One achievement per line. Start with a verb (Led, Built, Cut) and add a number where "
        "you can (30%, 2,000 users).", "Up to 100 lines of up to 1,000 characters"]),
    ("work", "entries-0-position", ["Your title as the employer wrote it, like “Senior Data "
                                    "Analyst”.", "Up to 500 characters"]),
    ("work", "entries-0-name", ["Up to 500 characters"]),
    ("work", "entries-0-startDate", ["YYYY, YYYY-MM or YYYY-MM-DD"]),  # the format says it
    ("basics", "summary", ["2 to 4 sentences: who you are, your strongest results, and what "
                           "you want next.", "Up to 10,000 characters"]),
    ("basics", "label", ["For example “Senior Backend Engineer”.", "Up to 500 characters"]),
    ("basics", "location-countryCode", ["Like US or DE (ISO 3166-1).", "Up to 500 characters"]),
    ("skills", "entries-0-keywords", ["One per line: the tools and terms a job ad would name "
                                      "(SQL, Figma).",
                                      "Up to 100 lines of up to 1,000 characters"]),
    ("education", "entries-0-courses", ["One course per line; only those that matter for the "
                                        "jobs you want.",
                                        "Up to 100 lines of up to 1,000 characters"]),
])
def test_fields_show_advice_and_their_limit(auth_client, resume_id, section, field_id, expected):
    assert notes(section_page(auth_client, resume_id, section), field_id) == expected


def test_lines_fields_say_what_one_line_is(auth_client, resume_id):
    page = section_page(auth_client, resume_id, "projects")
    assert [page.get_element_by_id(f"entries-0-{key}").get("data-lines")
            for key in ("highlights", "keywords", "roles")] == ["highlight", "keyword", "role"]


def test_other_forms_show_no_counters(client):
    page = lxml.html.fromstring(client.get("/signup").get_data(as_text=True))
    assert page.find_class("field-limit") == []


def test_a_lines_field_posts_one_item_per_line(auth_client, app, resume_id):
    page = section_page(auth_client, resume_id, "work")
    form = page.get_element_by_id("entries")
    fields = dict(form.form_values())
    fields["entries-0-highlights"] = "Led the move to Kubernetes\r\n\r\n  Cut costs by 30%  \r\n"
    response = auth_client.post(f"/resume/{resume_id}/edit/work", data=fields)
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Resume, resume_id).content["work"][0]["highlights"]
    assert saved == ["Led the move to Kubernetes", "Cut costs by 30%"]


def test_an_overlong_line_is_refused_next_to_the_field(auth_client, resume_id):
    form = section_page(auth_client, resume_id, "work").get_element_by_id("entries")
    fields = {**dict(form.form_values()), "entries-0-highlights": "Led " + "x" * 1000}
    response = auth_client.post(f"/resume/{resume_id}/edit/work", data=fields)
    assert response.status_code == 422
    page = lxml.html.fromstring(response.get_data(as_text=True))
    assert notes(page, "entries-0-highlights")[0] == (
        "Each line can have at most 1,000 characters.")
