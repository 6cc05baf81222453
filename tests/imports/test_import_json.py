"""JSON Resume files as other tools write them: everything the schema allows comes in, odd
values become warnings instead of refusals, and only what is no resume at all is refused."""
import json
import time
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from website.services import resume_document as doc
from website.services.imports import ImportRejected, json_resume, reader

FIXTURES = Path(__file__).parents[1] / "fixtures" / "json_resume"
SCHEMA = json.loads((FIXTURES / "schema.json").read_text())
EXAMPLES = sorted(FIXTURES.glob("*.resume.json"))


def schema_valid(document: dict) -> dict:
    """Return `document` after checking the official schema accepts it."""
    jsonschema.validate(document, SCHEMA)
    return document


def imported(document: dict):
    return json_resume.read(json.dumps(document).encode())


def messages(result) -> list[tuple[str, str]]:
    return [(warning.section, warning.message) for warning in result.warnings]


def expected_text(value) -> object:
    return [str(item) for item in value] if isinstance(value, list) else str(value)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_examples_import_whole(path):
    source = schema_valid(json.loads(path.read_text()))
    result = reader.read(path.read_bytes())
    assert result.source == "json" and result.warnings == []
    document = result.document
    for key in ("name", "label", "email", "phone", "url", "summary"):
        assert document["basics"].get(key, "") == source["basics"].get(key, "")
    assert document["basics"]["location"] == {**document["basics"]["location"],
                                              **source["basics"].get("location", {})}
    assert document["basics"]["profiles"] == [
        {**empty, **profile} for empty, profile in zip(
            document["basics"]["profiles"], source["basics"].get("profiles", []), strict=True)]
    for section in doc.SECTIONS:
        entries = source.get(section.key, [])
        assert len(document[section.key]) == len(entries), section.key
        for kept, entry in zip(document[section.key], entries, strict=True):
            # Every field the file has arrives as it was, the ones the app does not edit too
            # (work[].description, projects[].entity, ...).
            assert {key: kept[key] for key in entry} == {
                key: expected_text(value) if key in {f.key for f in section.fields} else value
                for key, value in entry.items()}, section.key
    assert document["meta"] == source["meta"]


def test_the_senior_engineer_keeps_its_long_grade():
    result = reader.read((FIXTURES / "senior-engineer.resume.json").read_bytes())
    phd = result.document["education"][0]
    assert phd["studyType"] == "Ph.D." and len(phd["score"]) > 50
    assert phd["score"].startswith("Dissertation: Consistency Trade-offs")


def test_schema_valid_edge_cases_keep_their_data():
    """A job without a position, a profile without a network, a 2,599-character summary, 31
    highlights, a 71-character grade, "USA" as the country code: all kept."""
    source = json.loads((FIXTURES / "edge-cases.resume.json").read_text())
    result = imported(schema_valid(source))
    assert result.warnings == []
    document = result.document
    assert document["basics"]["summary"] == source["basics"]["summary"]
    assert len(document["basics"]["summary"]) == 2599
    assert document["basics"]["location"]["countryCode"] == "USA"
    assert document["basics"]["profiles"][0]["username"] == "asouza"  # no network, still kept
    assert document["work"][0]["position"] == "" and document["work"][0]["name"] == "Freelance"
    assert document["work"][0]["highlights"] == source["work"][0]["highlights"]
    assert len(document["work"][0]["highlights"]) == 31
    assert document["education"][0]["score"] == source["education"][0]["score"]
    assert len(document["education"][0]["score"]) == 71
    assert document["skills"][0]["keywords"] == ["SQL", "Python", "dbt"]  # a skill unnamed
    assert document["languages"][1] == {"language": "", "fluency": "Conversational"}


@pytest.mark.parametrize("document, check, warning", [
    # A string where a list belongs: one line per line.
    ({"work": [{"name": "Acme", "highlights": "Led the team\nCut costs"}]},
     lambda d: d["work"][0]["highlights"] == ["Led the team", "Cut costs"], None),
    # A number where text belongs: the number as text.
    ({"education": [{"institution": "MIT", "score": 3.8, "startDate": 2015}]},
     lambda d: (d["education"][0]["score"], d["education"][0]["startDate"]) == ("3.8", "2015"),
     None),
    # A list of names where entries belong: each name is an entry.
    ({"skills": ["Python", "SQL"], "interests": ["Chess"]},
     lambda d: [s["name"] for s in d["skills"]] == ["Python", "SQL"]
     and d["interests"][0]["name"] == "Chess", None),
    # A list of links where profiles belong.
    ({"basics": {"profiles": ["https://github.com/jane", "www.linkedin.com/in/jane"]}},
     lambda d: [p["url"] for p in d["basics"]["profiles"]] == [
         "https://github.com/jane", "https://www.linkedin.com/in/jane"], None),
    # One entry written without its list.
    ({"work": {"name": "Acme", "position": "Engineer"}},
     lambda d: d["work"][0]["position"] == "Engineer", None),
    # Paragraphs of a summary as a list.
    ({"basics": {"summary": ["First part.", "Second part."]}},
     lambda d: d["basics"]["summary"] == "First part.\nSecond part.", None),
    # An object where text belongs: that field is left out, the rest kept.
    ({"work": [{"name": "Acme", "position": {"title": "Engineer"}}]},
     lambda d: d["work"][0]["name"] == "Acme" and d["work"][0]["position"] == "",
     ("work", "Acme: left out the position: it holds a group of fields where text belongs.")),
    # Objects inside a list of lines.
    ({"skills": [{"name": "Go", "keywords": ["gRPC", {"k": 1}, 7]}]},
     lambda d: d["skills"][0]["keywords"] == ["gRPC", "7"],
     ("skills", "Go: left out a group of fields from the keywords: only text can be kept "
                "there.")),
    # An entry that is a list.
    ({"work": [["Acme", "Engineer"], {"name": "Globex"}]},
     lambda d: [job["name"] for job in d["work"]] == ["Globex"],
     ("work", "Job 1: left out, it holds a list where the fields of an entry belong.")),
    # A section that is not a list at all.
    ({"basics": {"name": "Jane"}, "projects": True},
     lambda d: d["projects"] == [] and d["basics"]["name"] == "Jane",
     ("projects", "Left out Projects: it holds true or false where a list of entries "
                  "belongs.")),
    # Personal details that are not a group of fields.
    ({"basics": "Jane Doe", "work": [{"name": "Acme"}]},
     lambda d: d["work"][0]["name"] == "Acme" and d["basics"]["name"] == "",
     ("basics", "Left out the personal details: they hold text where a group of fields "
                "belongs.")),
    # Web addresses without their scheme, and mailto: links.
    ({"basics": {"url": "www.jane.dev", "email": "mailto:jane@example.com"}},
     lambda d: (d["basics"]["url"], d["basics"]["email"]) == ("https://www.jane.dev",
                                                               "jane@example.com"), None),
    # Names of older drafts of the schema.
    ({"basics": {"website": "https://jane.dev"}, "work": [{"company": "Acme"}]},
     lambda d: d["basics"]["url"] == "https://jane.dev" and d["work"][0]["name"] == "Acme",
     None),
])
def test_wrong_types_are_converted_or_left_out_never_refused(document, check, warning):
    result = imported(document)
    assert check(result.document)
    assert doc.validate(result.document) == {}
    if warning:
        assert warning in messages(result)


def test_personal_details_of_the_wrong_shape_are_left_out_with_a_warning():
    result = imported({"basics": ["Jane Doe"], "work": [{"name": "Acme"}]})
    assert result.document["work"][0]["name"] == "Acme"
    assert messages(result) == [("basics", "Left out the personal details: they hold a list "
                                           "where a group of fields belongs.")]


def test_warnings_name_the_entry_and_the_field_in_plain_words():
    result = imported({
        "basics": {"email": "jane at example", "profiles": [
            {"network": "GitHub", "url": "github.com/jane repo"},
            {"username": "jane", "url": "ftp://x.example"}, {"url": "ftp://y.example"}]},
        "work": [{"startDate": "2020", "endDate": "March 2021"}],
    })
    assert messages(result) == [
        ("basics", "Left out the email “jane at example”. Enter a valid email address, like "
                   "jane@example.com."),
        ("basics", "GitHub profile: left out the URL “github.com/jane repo”. Enter a full web "
                   "address starting with https:// or http://."),
        ("basics", "Profile “jane”: left out the URL “ftp://x.example”. Enter a full web "
                   "address starting with https:// or http://."),
        ("basics", "Profile 3: left out the URL “ftp://y.example”. Enter a full web "
                   "address starting with https:// or http://."),
        ("work", "Job 1: left out the end date “March 2021”. Use the form YYYY, YYYY-MM or "
                 "YYYY-MM-DD, with a real date."),
    ]
    assert result.document["work"][0]["startDate"] == "2020"


def test_more_entries_than_a_section_holds_keep_the_first():
    result = imported({"skills": [{"name": f"Skill {n}"} for n in range(doc.MAX_ENTRIES + 5)]})
    assert len(result.document["skills"]) == doc.MAX_ENTRIES
    assert messages(result) == [("skills", "Kept the first 100 of 105 entries of Skills; the "
                                           "rest were left out.")]


@pytest.mark.parametrize("raw, message", [
    (b'{"name": "Jane", "jobs": []}', "not a JSON Resume"),
    (b'{}', "not a JSON Resume"),
    (b'[{"basics": {}}]', "one JSON object"),
    (b'{"basics": {"name": "Jane"', "not valid JSON"),
    (b"\xff\xfe{}", "not UTF-8"),
])
def test_what_is_no_json_resume_is_refused_clearly(raw, message):
    with pytest.raises(ImportRejected, match=message):
        json_resume.read(raw)


def test_json_nested_ten_thousand_deep_is_refused_at_once():
    raw = b'{"basics": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    started = time.perf_counter()
    with pytest.raises(ImportRejected, match="nested more than 32 levels"):
        reader.read(raw)
    assert time.perf_counter() - started < 0.5


def test_a_resume_too_large_to_keep_is_refused_with_its_size():
    raw = json.dumps({"work": [{"summary": "x" * 9_000} for _ in range(40)]}).encode()
    with pytest.raises(ImportRejected, match="The resume is too long: 35. KB"):
        json_resume.read(raw)


# Any text a person could type: no NUL or unpaired surrogates (no column can store those, and
# user_input refuses them for every form and file alike).
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
LONG_TEXT = st.one_of(TEXT, st.builds(str.__mul__, TEXT.filter(bool), st.integers(1, 400)))
DATE = st.from_regex(SCHEMA["definitions"]["iso8601"]["pattern"], fullmatch=False).filter(
    lambda value: doc.DATE_PATTERN.match(value) is not None)


def value_for(spec: doc.Field) -> st.SearchStrategy:
    """What the schema allows in a field: any string (a date by its pattern), lists of them."""
    if spec.kind == "lines":
        return st.lists(LONG_TEXT, max_size=120)
    if spec.kind == "date":
        return DATE
    return LONG_TEXT if spec.kind == "textarea" else TEXT


def entries(fields: tuple[doc.Field, ...]) -> st.SearchStrategy:
    extras = st.fixed_dictionaries({}, optional={
        "x-id": st.one_of(TEXT, st.integers(), st.lists(st.booleans(), max_size=2)),
        "description": TEXT, "entity": TEXT})
    entry = st.fixed_dictionaries({}, optional={f.key: value_for(f) for f in fields})
    return st.lists(st.builds(lambda e, x: {**x, **e}, entry, extras), max_size=4)


SCHEMA_VALID = st.fixed_dictionaries({"basics": st.fixed_dictionaries({}, optional={
    **{f.key: value_for(f) for f in doc.BASICS_FIELDS},
    "location": st.fixed_dictionaries({}, optional={f.key: TEXT for f in doc.LOCATION_FIELDS}),
    "profiles": entries(doc.PROFILE_FIELDS)})}, optional={
    **{section.key: entries(section.fields) for section in doc.SECTIONS},
    "meta": st.fixed_dictionaries({}, optional={"canonical": TEXT, "version": TEXT,
                                                "lastModified": TEXT})})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SCHEMA_VALID)
def test_any_schema_valid_document_imports(document):
    schema_valid(document)
    try:
        result = imported(document)
    except ImportRejected as error:  # only a document too large to keep is refused
        assert str(error).startswith("The resume is too long")
        return
    assert doc.validate(result.document) == {}
    # Whatever was left out was said; all else arrived.
    if not result.warnings:
        for section in doc.SECTIONS:
            assert len(result.document[section.key]) == len(
                [e for e in document.get(section.key, []) if not doc.is_blank(
                    doc.clean_entry(e, section.fields))])
