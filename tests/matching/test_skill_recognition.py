"""Skill recognition and ad reading: what the job match takes for a skill, and what the ad asks.

Pure functions on text and the committed vocabulary: no database is involved.
"""
import json

import pytest

from website.models import Resume
from website.services import matching
from website.services.matching.requirements import AdRejected, job_title, read_ad
from website.services.matching.skills import VOCABULARY, find_skills, skill

# The ad of the issue: the old matcher missed Go, offered "6+" as a skill and called "managers",
# "English" and "development" technical skills.
GO_PAYMENTS_AD = """Senior Backend Engineer (Go) – Payments
Ledgerly · Berlin or remote

We move money for 4,000 merchants and process card payments all day.

What you'll do
- Design and run the Go services that authorise, capture and refund card payments
- Work with product managers to keep the platform PCI DSS compliant
- Define service contracts with Protocol Buffers and gRPC
- Instrument everything with OpenTelemetry

Requirements
- 6+ years of backend development, at least 3 of them writing Go in production
- Solid PostgreSQL skills
- Fluent English; you will work with managers in three time zones

Nice to have
- Kafka or another event streaming platform
- Kubernetes and Terraform

What we offer
- 30 days of paid holiday and a MacBook of your choice
"""
GO_RESUME = {
    "basics": {"name": "Marta Kowalczyk", "label": "Backend Engineer",
               "summary": "Seven years of card-payments and wallet services in Golang."},
    "work": [{"name": "PayNorth", "position": "Backend Engineer",
              "highlights": ["Rewrote the card-payments authorisation service in Go",
                             "Moved settlement events to Kafka"]}],
    "skills": [{"name": "Languages", "keywords": ["Go", "Python"]},
               {"name": "Data", "keywords": ["Postgres", "Redis"]}],
}
NEVER_SKILLS = {"6+", "card", "managers", "manager", "english", "german", "development",
                "team", "communication", "senior", "lead", "junior"}


def names(text: str) -> list[str]:
    return [mention.skill.name for mention in find_skills(text)]


def requirements_of(ad: str) -> dict[str, bool]:
    return {requirement.skill.name: requirement.must for requirement in read_ad(ad)}


def test_the_go_payments_ad_asks_for_go_and_the_standards_it_names():
    wanted = requirements_of(GO_PAYMENTS_AD)
    assert wanted["Go"] is True
    for name in ("PCI DSS", "OpenTelemetry", "Protocol Buffers", "gRPC", "PostgreSQL",
                 "Card payments"):
        assert wanted[name] is True, name
    assert wanted["Apache Kafka"] is False
    assert wanted["Kubernetes"] is False and wanted["Terraform"] is False
    assert not {name.lower() for name in wanted} & NEVER_SKILLS
    assert "MacBook" not in wanted


def test_a_resume_saying_card_payments_and_golang_meets_those_requirements():
    analysis = matching.analyze(Resume(title="Marta", content=GO_RESUME), GO_PAYMENTS_AD)
    met = {check.skill.name for check in analysis.matched}
    missing = {check.skill.name for check in analysis.missing}
    assert {"Go", "Card payments", "PostgreSQL", "Apache Kafka"} <= met
    assert "PCI DSS" in missing and "OpenTelemetry" in missing
    assert not {name.lower() for name in met | missing} & NEVER_SKILLS


def test_numbers_seniority_and_ordinary_words_are_never_skills():
    text = ("Senior or lead engineer, not junior: 6+ years of development with managers and the "
            "team. Fluent English and German, good communication, a card and a go-to attitude.")
    assert names(text) == []


def test_the_vocabulary_holds_no_ordinary_word_and_names_its_sources():
    document = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    spellings = {spelling.lower() for entry in document["skills"]
                 for spelling in (entry["name"], *entry["aliases"])}
    assert not spellings & NEVER_SKILLS
    assert not any(spelling.strip("+").isdigit() for spelling in spellings)
    assert {entry["source"] for entry in document["skills"]} == set(document["sources"])
    assert all(entry["uri"].startswith("http://data.europa.eu/esco/skill/")
               for entry in document["skills"] if entry["source"] == "esco")
    assert len(document["skills"]) > 500
    assert skill("go").name == "Go" and skill("no-such-skill") is None


@pytest.mark.parametrize(("written", "name"), [
    ("Golang", "Go"), ("k8s", "Kubernetes"), ("JS", "JavaScript"), ("C#", "C#"),
    (".NET", ".NET"), ("CI / CD", "CI/CD"), ("CI/CD", "CI/CD"), ("PCI-DSS", "PCI DSS"),
    ("Postgres", "PostgreSQL"), ("Node.js", "Node.js"), ("C++", "C++"), ("protobuf",
                                                                        "Protocol Buffers"),
    ("OTel", "OpenTelemetry"), ("ReactJS", "React"), ("Spring Boot", "Spring Boot"),
    ("financial modeling", "Financial modelling"), ("US GAAP", "GAAP"), ("IFRS", "IFRS"),
    ("BLS", "BLS"), ("ACLS", "ACLS"), ("Epic", "Epic"), ("Figma", "Figma"),
    ("cold calls", "Cold calling"), ("wound care", "Wound care"),
])
def test_spellings_and_abbreviations_name_one_skill(written, name):
    text = f"Experience with {written}, please."
    found = find_skills(text)
    assert [mention.skill.name for mention in found] == [name]
    assert text[found[0].start:found[0].end] == written


@pytest.mark.parametrize("text", [
    "Go live in March with the new checkout.",
    "Our go-to tool for everything.",
    "Ready to go? Apply now.",
    "Let's Go together.",
    "Go the extra mile for customers.",
    "We go beyond the usual.",
])
def test_go_the_english_verb_is_not_the_language(text):
    assert "Go" not in names(text)


@pytest.mark.parametrize("text", [
    "Go, Kubernetes and gRPC.",
    "Experience writing Go in production.",
    "Go experience is required.",
    "- Go for writing operators",
    "Backend services in Golang.",
])
def test_go_the_language_is_found(text):
    assert names(text)[:1] == ["Go"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Python, R and SQL", ["Python", "R", "SQL"]),
    ("Statistics in R.", ["Statistics", "R"]),
    ("C/C++ on embedded targets", ["C", "C++"]),
    ("Vitamin C and Python", ["Python"]),
    ("Talk to C-level executives.", []),
    ("Plan B, then plan C.", []),
    ("R\n", ["R"]),
])
def test_one_letter_languages_count_only_where_they_are_languages(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "You will join the rest of the team.", "Epic story, told well.", "Snowflake falls softly.",
    "Excel at what you do.", "Copyright (C) 2024.", "React to incidents calmly.",
    "A lean team with sage advice and a flow of work.",
])
def test_names_that_are_english_words_are_not_skills_when_used_as_words(text):
    assert names(text) == []


def test_phrases_win_over_their_parts_and_hyphens_join_words():
    assert names("Spring Boot and Ruby on Rails") == ["Spring Boot", "Ruby on Rails"]
    assert names("card-payments and card payments") == ["Card payments", "Card payments"]
    assert names("Spring arrives early; we express ideas") == []
    assert names("SSIS or SSRS, and SSR") == ["SSIS", "SSRS", "Server-side rendering"]


@pytest.mark.parametrize(("text", "expected"), [
    ("You will assess patients on arrival.", ["Patient assessment"]),
    ("Plan audits for charities and manage the pipeline.", ["Audit planning",
                                                            "Pipeline management"]),
    # A job title is no competence: the agent noun never stands for the skill.
    ("You will report to our product managers and graphic designers.", []),
])
def test_a_competence_said_the_other_way_round_is_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Write unit, integration and end-to-end tests.", ["Unit testing", "Integration testing",
                                                       "End-to-end testing"]),
    ("Wound and stoma care", ["Wound care", "Stoma care"]),
    # A word already part of another skill is not joined to the next one.
    ("DCF valuation and LBO modelling", ["DCF", "LBO modeling"]),
])
def test_words_joined_to_a_skill_name_skills_of_their_own(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Accessibility work: VoiceOver and JAWS", ["Accessibility", "VoiceOver", "JAWS"]),
    ("Payments over SWIFT MT and SEPA", ["SWIFT MT", "SEPA"]),
    ("AngularJS and Angular", ["AngularJS", "Angular"]),
])
def test_a_narrower_or_related_thing_keeps_its_own_name(text, expected):
    assert names(text) == expected


def test_offsets_point_into_the_original_text_with_accents_and_folded_letters():
    text = "Straße München: Développeur Python, ÉTUDES in Kubernetes"
    found = find_skills(text)
    assert [text[mention.start:mention.end] for mention in found] == ["Python", "Kubernetes"]


def test_headings_and_sentences_split_must_from_nice():
    ad = """Data Engineer
Our stack
Snowflake, dbt.

What you'll need
- Python and SQL
- Hands-on with a cloud data warehouse, ideally BigQuery
- Terraform (required), Ansible is welcome
- Kafka is a plus
- Experience with Gong and Outreach is nice to have
- Familiarity with Airflow is a bonus

Nice to have
- Docker

Requirements:
- Linux
"""
    wanted = requirements_of(ad)
    assert {name for name, must in wanted.items() if must} == {
        "Python", "SQL", "Data warehousing", "Terraform", "Linux"}
    assert {name for name, must in wanted.items() if not must} == {
        "Snowflake", "dbt", "Google BigQuery", "Ansible", "Apache Kafka", "Gong", "Outreach",
        "Apache Airflow", "Docker"}
    assert list(wanted)[:5] == ["Python", "SQL", "Data warehousing", "Terraform", "Linux"]


def test_list_items_with_any_bullet_stay_under_their_heading():
    ad = """Product Designer
Who we are: a small team building field apps in React Native.
What you'll bring
→ Real fluency in Figma and prototyping
Bonus points
→ You've designed for tablets or offline-first apps
→ You can write a bit of HTML and CSS
✓ Experience in the music industry would be lovely but is not required
→ Some illustration skills
Perks: a yearly Adobe Creative Cloud licence
"""
    assert requirements_of(ad) == {"Figma": True, "Prototyping": True, "React Native": False,
                                   "Offline-first": False, "HTML": False, "CSS": False,
                                   "Illustration": False}


def test_markdown_headings_are_headings():
    ad = ("## Backend Engineer\n**Minimum qualifications:**\n* 2 years of Java.\n"
          "**Preferred qualifications:**\n* Experience with Kubernetes.\n"
          "### What would make you stand out\n- Rust\n**Responsibilities**\n- Write Go services.")
    assert requirements_of(ad) == {"Java": True, "Go": True, "Kubernetes": False,
                                   "Rust": False}


def test_a_skill_asked_both_ways_is_a_must():
    assert requirements_of("Kafka is a plus.\nRequirements\n- Kafka and Go") == {
        "Apache Kafka": True, "Go": True}


def test_html_pasted_from_a_job_site_is_read_as_its_text():
    ad = ("<div><h2>Site Reliability Engineer</h2><script>var go = 1;</script>"
          "<h3>Requirements</h3><ul><li>Kubernetes &amp; Terraform</li><li>Python</li></ul>"
          "<h3>Preferred qualifications</h3><ul><li>Go for writing operators</li></ul>"
          "<p>We offer a &pound;500 budget.</p></div>")
    assert requirements_of(ad) == {"Kubernetes": True, "Terraform": True, "Python": True,
                                   "Go": False}
    assert job_title(ad) == "Site Reliability Engineer"


@pytest.mark.parametrize(("ad", "message"), [
    ("Wir suchen einen Entwickler für unser Team in Berlin. Sie haben Erfahrung mit Python und "
     "arbeiten gern mit anderen zusammen.", "German"),
    ("Nous cherchons un développeur pour notre équipe à Paris. Vous avez de l'expérience avec "
     "Python et vous aimez travailler avec les autres.", "French"),
    ("the and of to a in is it that with as for was on are", "common words"),
    ("a" * 20_000, "does not look like a job ad"),
    ("Python " * 2_857, "repeats the same word"),
    ("We are a friendly company with a great office and free lunch every day.", "names no skills"),
    ("<p>&nbsp;</p>", "no words"),
])
def test_ads_that_cannot_be_read_get_a_clear_message(ad, message):
    with pytest.raises(AdRejected, match=message):
        read_ad(ad)


def test_a_skill_that_names_another_counts_as_both():
    assert names("T-SQL and ASP.NET Core") == ["T-SQL", "SQL", "ASP.NET Core", "ASP.NET", ".NET"]
