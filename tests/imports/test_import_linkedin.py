"""Importing LinkedIn's "Get a copy of your data" ZIP, and opening any ZIP without trusting it."""
import csv
import io
import os
import zipfile

import pytest

from tests.import_files import (
    MB,
    ZEROS,
    archive,
    assert_refused,
    encrypted,
    lying_about_size,
)
from website.services import resume_document
from website.services.imports import ImportRejected, linkedin, reader

PROFILE = {"First Name": "Ada", "Last Name": "Lovelace", "Maiden Name": "Byron",
           "Headline": "Analytical Engine Programmer", "Summary": "I write notes.\nLong ones.",
           "Industry": "Computing", "Zip Code": "W1", "Geo Location": "London, England, United "
           "Kingdom", "Twitter Handles": "[adal]",
           "Websites": "[PERSONAL:ada.example.com,OTHER:https://github.com/ada]"}
POSITIONS = [
    {"Company Name": "Babbage & Co", "Title": "Programmer", "Location": "London",
     "Started On": "Sep 2021", "Finished On": "",
     "Description": "Wrote the first program.\n• Computed Bernoulli numbers\n- Published notes"},
    {"Company Name": "Royal Society", "Title": "Correspondent", "Started On": "2019",
     "Finished On": "Sep 15, 2021", "Description": "Letters, \"many\", quoted"},
]


def table(rows: list[dict], columns: list[str] | None = None, encoding: str = "utf-8",
          **dialect) -> bytes:
    """Return `rows` as a CSV file, written as Excel and LinkedIn write them."""
    columns = columns or list(dict.fromkeys(key for row in rows for key in row))
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, columns, extrasaction="ignore", **dialect)
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def export(**files: bytes) -> bytes:
    """Return a LinkedIn export with the usual files in a folder, as LinkedIn's ZIP has."""
    base = {
        "Profile.csv": table([PROFILE]),
        "Positions.csv": table(POSITIONS),
        "Education.csv": table([{"School Name": "University of London", "Start Date": "1830",
                                 "End Date": "1835", "Notes": "Private tutoring",
                                 "Degree Name": "Mathematics", "Activities": ""}]),
        "Skills.csv": table([{"Name": "Mathematics"}, {"Name": "Poetical science"}]),
        "Certifications.csv": table([{"Name": "Difference Engine", "Url": "example.org/cert",
                                      "Authority": "Babbage", "Started On": "Jun 1833",
                                      "Finished On": "", "License Number": "42"}]),
        "Languages.csv": table([{"Name": "French", "Proficiency": "Professional working"}]),
        "Projects.csv": table([{"Title": "Note G", "Description": "An algorithm.\n* Loops",
                                "Url": "https://example.org/g", "Started On": "Jul 1842",
                                "Finished On": "Sep 1843"}]),
        "Email Addresses.csv": table([
            {"Email Address": "old@example.com", "Confirmed": "Yes", "Primary": "No"},
            {"Email Address": "ada@example.com", "Confirmed": "Yes", "Primary": "Yes"}]),
        "PhoneNumbers.csv": table([{"Extension": "", "Number": "+44 20 7946 0000",
                                    "Type": "Mobile"}]),
        "Connections.csv": b"Notes:\nnothing for a resume\n",
    }
    base.update(files)
    return archive({f"Basic_LinkedInDataExport_12-04-2026/{name}": content
                    for name, content in base.items() if content is not None})


def messages(result) -> list[str]:
    return [warning.message for warning in result.warnings]


def test_a_whole_export_fills_every_section():
    result = reader.read(export())
    document = result.document
    assert result.source == "linkedin"
    basics = document["basics"]
    assert basics["name"] == "Ada Lovelace"
    assert basics["label"] == "Analytical Engine Programmer"
    assert basics["summary"] == "I write notes.\nLong ones."
    assert basics["email"] == "ada@example.com"  # the primary address, not the first
    assert basics["phone"] == "+44 20 7946 0000"
    assert basics["url"] == "https://ada.example.com"
    assert basics["location"]["city"] == "London"
    assert basics["location"]["region"] == "England"
    assert basics["location"]["postalCode"] == "W1"
    assert {(p["network"], p["username"]) for p in basics["profiles"]} == {
        ("GitHub", "ada"), ("Twitter", "adal")}
    first, second = document["work"]
    assert first["name"] == "Babbage & Co" and first["position"] == "Programmer"
    assert first["location"] == "London"
    assert (first["startDate"], first["endDate"]) == ("2021-09", "")
    assert first["summary"] == "Wrote the first program."
    assert first["highlights"] == ["Computed Bernoulli numbers", "Published notes"]
    assert (second["startDate"], second["endDate"]) == ("2019", "2021-09-15")
    assert second["summary"] == 'Letters, "many", quoted'
    assert document["education"][0] | {"institution": "University of London",
                                       "studyType": "Mathematics", "startDate": "1830",
                                       "endDate": "1835"} == document["education"][0]
    assert [skill["name"] for skill in document["skills"]] == ["Mathematics",
                                                                "Poetical science"]
    assert document["certificates"][0] | {"name": "Difference Engine", "issuer": "Babbage",
                                          "date": "1833-06", "url": "https://example.org/cert"}\
        == document["certificates"][0]
    assert document["languages"] == [{"language": "French", "fluency": "Professional working"}]
    project = document["projects"][0]
    assert (project["name"], project["description"], project["highlights"]) == (
        "Note G", "An algorithm.", ["Loops"])
    assert (project["startDate"], project["endDate"]) == ("1842-07", "1843-09")
    # What had no place is named, not silently lost.
    assert any("notes" in m and "Private tutoring" in m for m in messages(result))
    assert any("license number" in m and "42" in m for m in messages(result))


@pytest.mark.parametrize(("text", "stored"), [
    ("Sep 2021", "2021-09"), ("2019", "2019"), ("Sep 15, 2021", "2021-09-15"),
    ("September 2021", "2021-09"), ("Sept 2021", "2021-09"), ("15 Sep 2021", "2021-09-15"),
    ("09/2021", "2021-09"), ("2021-09-15", "2021-09-15"), ("", ""), ("Present", ""),
    ("Smarch 2021", None), ("Feb 30, 2021", None), ("soon", None),
])
def test_dates_as_linkedin_writes_them(text, stored):
    assert linkedin.parse_date(text) == stored


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_files_in_every_encoding_excel_and_linkedin_use(encoding):
    profile = table([{"First Name": "Zoë", "Last Name": "Müller–Café", "Headline": "“Chef”"}],
                    encoding=encoding)
    result = reader.read(export(**{"Profile.csv": profile}))
    assert result.document["basics"]["name"] == "Zoë Müller–Café"
    assert result.document["basics"]["label"] == "“Chef”"


def test_columns_in_another_order_or_missing_are_fine():
    positions = table([{"Title": "Cook", "Finished On": "2020", "Company Name": "Diner"}],
                      columns=["Finished On", "Title", "Company Name"])
    result = reader.read(export(**{"Positions.csv": positions}))
    assert result.document["work"] == [{"position": "Cook", "name": "Diner", "location": "",
                                        "url": "", "startDate": "", "endDate": "2020",
                                        "description": "", "summary": "", "highlights": []}]


def test_quotes_newlines_tabs_and_notes_before_the_header_are_read():
    description = 'He said "ship it",\nthen:\n• Shipped it, twice\n\n– Told "everyone"'
    positions = b"Notes:\r\n" + table([{"Company Name": "Acme, Inc.", "Title": "Dev",
                                        "Description": description}], delimiter="\t")
    result = reader.read(export(**{"Positions.csv": positions}))
    job = result.document["work"][0]
    assert job["name"] == "Acme, Inc."
    assert job["summary"] == 'He said "ship it",\nthen:'
    assert job["highlights"] == ["Shipped it, twice", 'Told "everyone"']


def test_missing_files_leave_their_sections_empty():
    result = reader.read(archive({"Positions.csv": table(POSITIONS[:1])}))
    assert result.document["work"][0]["position"] == "Programmer"
    assert result.document["basics"]["name"] == ""
    assert result.document["education"] == []
    assert result.warnings == []


def test_what_cannot_be_used_is_a_warning_not_a_refusal():
    positions = table([{"Company Name": "Acme", "Title": "Dev", "Started On": "Smarch 2020"},
                       {"Company Name": "No title here", "Started On": "2019"}])
    result = reader.read(export(**{
        "Positions.csv": positions,
        "Skills.csv": b"\x00\x01 nothing like a header\n",
        "Languages.csv": b'Name,Proficiency\n"French,Native\n',  # a quote never closed
    }))
    work = result.document["work"]
    assert [job["name"] for job in work] == ["Acme", "No title here"]  # a title is optional
    assert work[0]["startDate"] == ""
    found = messages(result)
    assert any("Smarch 2020" in m for m in found)
    assert any("Skills.csv" in m for m in found)
    assert result.document["basics"]["name"] == "Ada Lovelace"


def test_other_zips_are_refused_with_a_clear_message():
    with pytest.raises(ImportRejected, match="neither a Word"):
        reader.read(archive({"photos/cat.jpg": b"\xff\xd8", "notes.csv": b"a,b\n"}))
    with pytest.raises(ImportRejected, match="holds another archive"):
        reader.read(archive({"export.zip": export()}))


BOMBS = {
    "a member of 40 MB of zeros": (archive({"Positions.csv": ZEROS}), "40 MB"),
    "5 MB of zeros, 1,000 times smaller packed": (
        archive({"Profile.csv": ZEROS[:5 * MB]}), "grows 1,0"),
    "120 members of 1 MB": (archive({f"{i}.csv": ZEROS[:MB] for i in range(120)}),
                            "120 MB in all"),
    "thousands of members": (archive({f"{i}.csv": b"" for i in range(5000)}), "5,000 files"),
    "a header that lies about the size": (
        lying_about_size(archive({"Profile.csv": ZEROS}), 1000), "damaged"),
    "an encrypted member": (encrypted(archive({"Profile.csv": table([PROFILE])})), "password"),
    "a method that cannot be read in chunks": (
        archive({"Profile.csv": ZEROS[:MB]}, zipfile.ZIP_BZIP2), "compression method"),
    "a nested archive": (archive({"inner.zip": archive({"Profile.csv": ZEROS})}),
                         "holds another archive"),
    "not a zip beyond its first bytes": (b"PK\x03\x04" + b"\x00" * 100, "damaged ZIP"),
}


@pytest.mark.parametrize("name", BOMBS)
def test_zip_bombs_and_broken_archives_are_refused(name):
    assert_refused(*BOMBS[name])


def test_huge_files_and_endless_lists_are_cut_with_a_warning():
    noise = os.urandom(1_300_000).hex().encode()  # 2.6 MB that does not shrink when packed
    many = [{"Company Name": f"Company {i}", "Title": "Engineer", "Started On": "2019",
             "Description": "\n".join(f"• Did thing {n}" for n in range(40))}
            for i in range(300)]
    result = reader.read(export(**{"Positions.csv": table(many),
                                   "Skills.csv": b"Name\n" + noise}))
    assert [job["name"] for job in result.document["work"]] == [
        f"Company {i}" for i in range(resume_document.MAX_ENTRIES)]
    assert result.document["skills"] == []
    found = messages(result)
    assert any(f"first {resume_document.MAX_ENTRIES} of the 300" in m for m in found)
    assert any("Skills.csv is larger than 2 MB" in m for m in found)


def test_regions_and_proficiency_codes_read_as_words():
    profile = table([{"First Name": "Kai", "Geo Location": "Greater Seattle Area"}])
    languages = table([{"Name": "German", "Proficiency": "NATIVE_OR_BILINGUAL"},
                       {"Name": "Spanish", "Proficiency": "Limited working proficiency"}])
    document = reader.read(export(**{"Profile.csv": profile,
                                     "Languages.csv": languages})).document
    assert document["basics"]["location"]["city"] == "Seattle"
    assert [language["fluency"] for language in document["languages"]] == [
        "Native or bilingual proficiency", "Limited working proficiency"]


@pytest.mark.parametrize(("description", "summary", "highlights"), [
    ("Ran the kitchen.\n1. Cut waste by 20%\n2) Trained six cooks", "Ran the kitchen.",
     ["Cut waste by 20%", "Trained six cooks"]),
    ("Led the team • Cut costs • Hired four", "", ["Led the team", "Cut costs", "Hired four"]),
    ("Grew revenue 2.5 times • a record", "Grew revenue 2.5 times • a record", []),
    ("1.5 years of night shifts", "1.5 years of night shifts", []),
])
def test_descriptions_split_into_summary_and_highlights(description, summary, highlights):
    assert linkedin.split_description(description) == (summary, highlights)
