"""The resume document's rules: dates, normalization, validation and completion."""
import pytest

from website.services import resume_document as doc


@pytest.mark.parametrize("value, parsed", [
    ("2020", (2020,)), ("2020-02", (2020, 2)), ("2020-02-29", (2020, 2, 29)),
    ("2021-02-29", None), ("2020-13", None), ("2020-1", None), ("20-01-01", None),
    ("May 2020", None), ("", None),
])
def test_dates_are_year_month_day_prefixes(value, parsed):
    assert doc.parse_date(value) == parsed


@pytest.mark.parametrize("start, end, before", [
    ("2020-05", "2020", False),  # same year: not provably earlier
    ("2020-05", "2020-04", True), ("2020", "2019-12", True), ("2020-01-02", "2020-01-01", True),
    ("2020", "", False),  # empty end means "present"
])
def test_end_before_start_compares_at_common_precision(start, end, before):
    assert doc.ends_before_start(start, end) is before


def test_normalize_fills_defaults_trims_and_drops_blank_entries():
    document = doc.normalize({
        "basics": {"name": "  Jane ", "location": "Berlin, Germany", "image": "x.png"},
        "work": [{"position": " Dev ", "highlights": "one\n\n two \n", "x-custom": 1},
                 {"position": "", "highlights": []}],
    })
    assert document["basics"]["name"] == "Jane"
    assert document["basics"]["location"]["address"] == "Berlin, Germany"
    assert document["basics"]["image"] == "x.png"  # keys we do not edit are kept
    assert document["work"] == [{"x-custom": 1, "position": "Dev", "name": "", "location": "",
                                 "url": "", "startDate": "", "endDate": "", "description": "",
                                 "summary": "", "highlights": ["one", "two"]}]
    assert all(document[section.key] == [] for section in doc.SECTIONS if section.key != "work")


def test_validate_reports_problems_by_section_and_entry():
    document = doc.normalize({
        "basics": {"email": "not-an-email", "location": {"city": "B" * (doc.TEXT_MAX_LENGTH + 1)},
                   "profiles": [{"network": f"Net {i}"} for i in range(doc.MAX_ENTRIES + 1)]},
        "work": [{"position": "Dev"}, {"position": "Dev", "startDate": "2020", "endDate": "2019"}],
        "skills": [{"name": f"skill {i}"} for i in range(doc.MAX_ENTRIES + 1)],
    })
    problems = doc.validate(document)
    assert set(problems["basics"]) == {"email", "location.city", "profiles"}
    assert problems["basics"]["location.city"] == "Use at most 500 characters."
    assert problems["basics"]["profiles"] == "At most 100 profiles."
    assert problems["work"] == {1: {"endDate": "The end date is before the start date."}}
    assert "At most 100" in problems["skills"]
    assert doc.validate(doc.empty_document()) == {}


def test_completion_of_an_empty_and_a_full_resume():
    empty = doc.completion(doc.empty_document())
    assert empty.percent == 0
    assert [part.key for part in empty.sections] == [
        "basics", "summary", "work", "education", "projects", "skills", "certificates"]
    full = doc.completion(doc.normalize({
        "basics": {"name": "Jane", "label": "Engineer", "email": "j@example.com",
                   "phone": "1", "summary": "I design and run payment systems that do not "
                   "lose money.", "location": {"city": "Berlin"}},
        "work": [{"position": "Dev", "highlights": ["a", "b", "c"]}],
        "education": [{"institution": "TU"}], "projects": [{"name": "P"}],
        "skills": [{"name": "Go"}], "certificates": [{"name": "CKA"}],
    }))
    assert full.percent == 100 and all(not part.hint for part in full.sections)


def test_line_breaks_from_browsers_are_stored_one_way():
    document = doc.normalize({"basics": {"summary": "First line.\r\nSecond line."}})
    assert document["basics"]["summary"] == "First line.\nSecond line."
    assert doc.normalize(document) == document


def test_no_field_is_required_an_entry_needs_only_something_filled_in():
    """JSON Resume leaves every field optional: a job without a position, a profile without a
    network, a skill with only keywords are all kept."""
    document = doc.normalize({
        "basics": {"profiles": [{"url": "https://github.com/jane"}]},
        "work": [{"name": "Acme"}], "skills": [{"keywords": ["SQL"]}],
        "education": [{"area": "Physics"}], "languages": [{"fluency": "Native"}],
    })
    assert doc.validate(document) == {}
    assert len(document["work"]) == len(document["skills"]) == 1


def test_limits_are_generous_only_absurd_sizes_are_refused():
    document = doc.normalize({
        "basics": {"summary": "s" * 10_000, "location": {"countryCode": "USA"}},
        "work": [{"position": "p" * 500, "highlights": ["h" * 1000] * 100}],
        "education": [{"institution": "MIT", "score": "g" * 71}],
        "skills": [{"name": f"Skill {n}"} for n in range(100)],
    })
    assert doc.validate(document) == {}
    document["basics"]["summary"] += "s"
    document["work"][0]["highlights"].append("one more")
    assert doc.validate(document) == {
        "basics": {"summary": "Use at most 10,000 characters."},
        "work": {0: {"highlights": "Use at most 100 lines."}}}
    huge = doc.normalize({"work": [{"summary": "x" * 9_000} for _ in range(30)]})
    assert doc.validate(huge)["document"].startswith("The resume is too long")
