"""The plain-text export: what a user pastes into an application form."""
import pytest

from tests import export_samples as samples
from website.services.export import dates
from website.services.export.text import render_text


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


def test_every_section_has_its_standard_heading_and_every_field_is_shown():
    text = render_text(samples.full(), "Backend roles")
    headings = ["SUMMARY", "EXPERIENCE", "EDUCATION", "PROJECTS", "SKILLS", "CERTIFICATIONS",
                "LANGUAGES", "AWARDS", "VOLUNTEERING", "PUBLICATIONS", "INTERESTS", "REFERENCES"]
    positions = [text.index(f"\n{heading}\n") for heading in headings]
    assert positions == sorted(positions)
    for expected in ("Jane Doe", "Senior Backend Engineer", "jane@example.com", "+49 30 1234567",
                     "https://jane.example.com", "Hauptstraße 1, 10115 Berlin, Berlin, DE",
                     "GitHub: janedoe – https://github.com/janedoe",
                     "Staff Engineer, Acme Corp", "Mar 2021 – Present", "Location: Remote",
                     "Website: https://acme.example.com", "Led the payments team.",
                     "• Mentored five engineers", "Engineer, Beta GmbH",
                     "Sep 2017 – 28 Feb 2021", "TU Berlin, MSc", "Field of study: Computer Science",
                     "Grade: 1.3", "Courses: Distributed Systems, Databases",
                     "Keywords: Python, Redis",
                     "Roles: Maintainer", "• 1k stars", "Level: Expert",
                     "AWS Solutions Architect, Amazon",
                     "Jun 2022", "German", "Fluency: Native", "Awarded by: Acme Corp",
                     "Coach, Code Club", "• Ran 40 sessions", "Queues in Practice",
                     "5 Nov 2022", "Publisher: Tech Press", "Climbing", "Bouldering",
                     "John Roe", "Jane is a great colleague."):
        assert expected in text, expected


def test_lines_are_wrapped_at_80_columns_with_bullets_hanging():
    text = render_text(samples.full(), "Backend roles")
    assert max(len(line) for line in text.splitlines()) <= 80
    assert ("• Cut checkout latency by 40% by moving to a queue-based design that the whole\n"
            "  team could reason about") in text


def test_sections_follow_the_chosen_order():
    text = render_text(samples.full(), "Backend roles", section_order=["skills", "education"])
    assert text.index("\nSKILLS\n") < text.index("\nEDUCATION\n") < text.index("\nEXPERIENCE\n")


def test_an_empty_resume_shows_its_title_and_no_empty_headings():
    assert render_text(samples.empty(), "Backend roles") == "Backend roles\n"


def test_fifty_jobs_are_all_listed_in_order():
    text = render_text(samples.many_jobs(), "Busy")
    positions = [text.index(f"Job number {n}, Company {n}\n") for n in range(1, 51)]
    assert positions == sorted(positions)


def test_long_words_markup_emoji_and_other_scripts_come_out_unchanged():
    text = render_text(samples.hostile(), "Hostile")
    for value in (*samples.HOSTILE_TEXTS, samples.LONG_URL):
        assert value in text, value
    assert "&lt;" not in text
