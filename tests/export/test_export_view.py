"""The view model every output draws: what a reader sees of each entry, in the chosen order."""
from tests import export_samples as samples
from website.services.export import view


def test_education_reads_as_degree_in_subject_at_institution():
    resume = view.build(samples.full(), "Untitled")
    school = resume.section("education").entries[0]
    assert (school.title, school.subtitle, school.dates, school.note) == (
        "MSc in Computer Science", "TU Berlin", "2015 – 2017", "1.3")


def test_a_job_has_position_company_dates_and_place_without_labels():
    job = view.build(samples.full(), "Untitled").section("work").entries[0]
    assert (job.title, job.subtitle, job.dates, job.location) == (
        "Staff Engineer", "Acme Corp", "Mar 2021 – Present", "Remote")
    assert job.link == view.Link("acme.example.com", "https://acme.example.com")
    assert job.bullets[1] == "Mentored five engineers"


def test_links_are_shown_without_scheme_or_www_but_keep_their_target():
    assert view.short_address("https://www.linkedin.com/in/jane/") == "linkedin.com/in/jane"
    assert view.short_address("http://example.com/a?b=1") == "example.com/a?b=1"
    assert view.web_link("ftp://example.com") == view.Link("ftp://example.com", "")


def test_contact_lists_email_phone_place_website_and_profiles_as_links():
    contact = view.build(samples.nine_years(), "Untitled").contact
    assert [(item.label, item.text) for item in contact] == [
        ("Email", "maria.kowalski@example.com"), ("Phone", "+48 601 234 567"),
        ("Location", "Kraków, PL"), ("Website", "mariakowalski.dev"),
        ("GitHub", "github.com/mkowalski"), ("LinkedIn", "linkedin.com/in/mariakowalski")]
    assert contact[1].href == "tel:+48601234567"


def test_sections_follow_the_chosen_order_and_leave_out_hidden_and_empty_ones():
    order = ["skills", "work"]
    resume = view.build(samples.full(), "Untitled", order, ("references", "education"))
    keys = [section.key for section in resume.sections]
    assert keys[:2] == ["skills", "work"]
    assert "references" not in keys and "education" not in keys
    assert all(section.entries for section in resume.sections)
    assert view.build(samples.empty(), "Backend roles").sections == []


def test_skills_are_groups_and_languages_one_line():
    resume = view.build(samples.nine_years(), "Untitled")
    assert resume.section("skills").layout == "groups"
    assert resume.section("skills").entries[1].keywords[:2] == ["Kubernetes", "Terraform"]
    languages = resume.section("languages")
    assert languages.layout == "inline"
    assert [(e.title, e.subtitle) for e in languages.entries][0] == ("Polish", "Native")


def test_the_resume_title_names_a_resume_without_a_name():
    assert view.build(samples.empty(), "Backend roles").name == "Backend roles"
