"""The plain-text export: what a user pastes into an application form."""
import pytest

from tests import export_samples as samples
from website.extensions import db
from website.models import Resume, User
from website.services import design_settings, resumes
from website.services.export import dates, view
from website.services.export.text import render_text


def shown(document: dict, title: str = "Backend roles", **settings) -> str:
    return render_text(view.build(document, title, **settings))


@pytest.mark.parametrize(("start", "end", "shown"), [
    ("2021-03", "", "Mar 2021 – Present"),
    ("2017-09", "2021-02-28", "Sep 2017 – 28 Feb 2021"),
    ("2015", "2017", "2015 – 2017"),
    ("", "2019-12", "Dec 2019"),
    ("", "", ""),
])
def test_date_ranges_share_one_format(start, end, shown):
    assert dates.format_range(start, end) == shown


def test_a_date_that_is_not_a_date_is_shown_as_written():
    assert dates.format_date("summer 2020") == "summer 2020"


def test_entries_read_as_the_designs_show_them_without_labels():
    text = shown(samples.full())
    assert text.startswith(
        "Jane Doe\nSenior Backend Engineer\n"
        "jane@example.com · +49 30 1234567 · Hauptstraße 1, 10115 Berlin, Berlin, DE\n"
        "jane.example.com · github.com/janedoe\n\nSUMMARY\n-------\n")
    assert ("\nEXPERIENCE\n----------\nStaff Engineer, Acme Corp\n"
            "Mar 2021 – Present · Remote\nOnline payments for small shops · acme.example.com\n"
            "Led the payments team.\n• Cut checkout latency") in text
    assert ("\nqueue-lite, Maintainer\nJan 2020 – Present\n"
            "Python Software Foundation · Library · github.com/janedoe/queue-lite\n") in text
    assert ("MSc in Computer Science, TU Berlin\n2015 – 2017\n1.3\n"
            "Distributed Systems, Databases\n") in text
    assert "\nPython (Expert): Flask, SQLAlchemy\n" in text
    assert "\nGerman (Native)\n" in text
    assert "\nAWS Solutions Architect, Amazon\nJun 2022\naws.example.com/cert/1\n" in text
    for label in ("Location:", "Website:", "Field of study:", "Keywords:", "Fluency:",
                  "Grade:", "Level:", "https://"):
        assert label not in text


def test_every_visible_section_has_its_heading_in_the_standard_order():
    text = shown(samples.full())
    headings = ["SUMMARY", "EXPERIENCE", "EDUCATION", "PROJECTS", "SKILLS", "CERTIFICATIONS",
                "LANGUAGES", "AWARDS", "VOLUNTEERING", "PUBLICATIONS", "INTERESTS", "REFERENCES"]
    positions = [text.index(f"\n{heading}\n") for heading in headings]
    assert positions == sorted(positions)


def test_hidden_sections_and_a_referees_name_are_left_out():
    text = shown(samples.full(), hidden_sections=("references", "work"))
    for hidden in ("REFERENCES", "John Roe", "Jane is a great colleague", "EXPERIENCE",
                   "Acme Corp, ", "Mentored five engineers"):
        assert hidden not in text
    assert "\nEDUCATION\n" in text


def test_lines_are_wrapped_at_80_columns_with_bullets_hanging():
    text = shown(samples.nine_years())
    assert max(len(line) for line in text.splitlines()) <= 80
    assert ("• Redesigned the payments platform pipeline, cutting p95 latency from 900 ms to\n"
            "  180 ms while traffic doubled") in text


def test_a_long_web_address_is_never_broken():
    text = shown(samples.hostile())
    address = samples.LONG_URL.removeprefix("https://")
    assert len(address) > 80 and f"\n{address}\n" in text


def test_sections_follow_the_chosen_order():
    text = shown(samples.full(), section_order=["skills", "education"])
    assert text.index("\nSKILLS\n") < text.index("\nEDUCATION\n") < text.index("\nEXPERIENCE\n")


def test_an_empty_resume_shows_its_title_and_no_empty_headings():
    assert shown(samples.empty()) == "Backend roles\n"


def test_fifty_jobs_are_all_listed_in_order():
    text = shown(samples.many_jobs(), "Busy")
    positions = [text.index(f"Job number {n}, Company {n}\n") for n in range(1, 51)]
    assert positions == sorted(positions)


def test_long_words_markup_emoji_and_other_scripts_come_out_unchanged():
    text = shown(samples.hostile(), "Hostile")
    for value in samples.HOSTILE_TEXTS:
        assert value in text, value
    assert "&lt;" not in text


def test_the_download_follows_the_resumes_order_and_hidden_sections(auth_client, app, user):
    order = ["education", *(key for key in design_settings.SECTION_KEYS if key != "education")]
    with app.app_context():
        resume = resumes.create(db.session.get(User, user.id), "Backend roles", "modern",
                                samples.full())
        resume.design_settings = {"section_order": order, "hidden_sections": ["references"]}
        db.session.commit()
        resume_id = resume.id
    text = auth_client.get(f"/resume/{resume_id}/export/txt").get_data(as_text=True)
    assert text.index("\nEDUCATION\n") < text.index("\nEXPERIENCE\n")
    assert "John Roe" not in text and "REFERENCES" not in text

    with app.app_context():
        db.session.get(Resume, resume_id).design_settings = {"hidden_sections": []}
        db.session.commit()
    text = auth_client.get(f"/resume/{resume_id}/export/txt").get_data(as_text=True)
    assert "\nREFERENCES\n-" in text and "John Roe" in text
    assert text.index("\nEXPERIENCE\n") < text.index("\nEDUCATION\n")
