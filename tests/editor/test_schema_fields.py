"""Every field of the JSON Resume 1.0 schema that a reader should see is shown by every output:
each design's PDF, the Word file, the plain text and the app's own view of a version (the
photo, `basics.image`, is separate, and `meta` is data about the file, not the resume)."""
import pytest
from flask import render_template_string

from tests import export_samples as samples
from tests.pdf_readers import poppler_text
from tests.renderings import (
    DESIGNS,
    drawing_app,  # noqa: F401  (a fixture)
    flat,
    render,
    word_and_text,
    word_text,
)
from website.services import resume_document
from website.services.export import view
from website.services.export.dates import format_date
from website.services.export.view import short_address

DATES = {"startDate", "endDate", "date", "releaseDate"}
# A profile shows as its address (github.com/janedoe), which names the network and the user.
SHOWN_BY_THE_ADDRESS = {"network", "username"}


def every_field() -> dict:
    """The full sample with every field of the 1.0 schema filled in (but the photo)."""
    document = samples.full()
    document["work"][1]["endDate"] = "2021-02-28"
    document["volunteer"][0].update(url="https://codeclub.example.org", endDate="2020-12")
    document["education"][0]["url"] = "https://tu.example.de"
    document["projects"][0]["endDate"] = "2023-06"
    return document


def schema_fields() -> list[str]:
    """Return "section.field" for every field the 1.0 schema gives a resume, but the photo."""
    basics = [f"basics.{key}" for key in ("name", "label", "email", "phone", "url", "summary")]
    basics += [f"basics.location.{key}" for key in ("address", "postalCode", "city",
                                                     "countryCode", "region")]
    basics += [f"basics.profiles.{key}" for key in ("network", "username", "url")]
    sections = {
        "work": "name location description position url startDate endDate summary highlights",
        "volunteer": "organization position url startDate endDate summary highlights",
        "education": "institution url area studyType startDate endDate score courses",
        "awards": "title date awarder summary",
        "certificates": "name date url issuer",
        "publications": "name publisher releaseDate url summary",
        "skills": "name level keywords",
        "languages": "language fluency",
        "interests": "name keywords",
        "references": "name reference",
        "projects": "name description highlights keywords startDate endDate url roles entity "
                    "type",
    }
    return basics + [f"{section}.{key}" for section, keys in sections.items()
                     for key in keys.split()]


def shown_values(document: dict) -> list[tuple[str, str]]:
    """Return (field, text as a reader sees it) for every filled-in schema field."""
    values = []
    for path in schema_fields():
        *where, key = path.split(".")
        entries = [document]
        for part in where:
            entries = [item for entry in entries for item in
                       (entry[part] if isinstance(entry[part], list) else [entry[part]])]
        for entry in entries:
            for value in entry[key] if isinstance(entry[key], list) else [entry[key]]:
                if not value or key in SHOWN_BY_THE_ADDRESS:
                    continue
                text = format_date(value) if key in DATES else \
                    short_address(value) if key == "url" else value
                values.append((path, text))
    return values


def missing(text: str, document: dict) -> list[str]:
    """Return the fields of `document` that `text` does not show. Hyphens are left out of the
    comparison: pdftotext joins "well-" at a line's end and "tested" into "welltested"."""
    text = flat(text).replace("-", "")
    return [f"{path}: {value!r}" for path, value in shown_values(document)
            if flat(value).replace("-", "") not in text]


def test_the_sample_fills_in_every_field_of_the_schema():
    document = every_field()
    filled = {path for path, _ in shown_values(document)}
    assert filled == set(schema_fields()) - {f"basics.profiles.{key}"
                                             for key in SHOWN_BY_THE_ADDRESS}
    # And the editor offers each one: the document's sections are built from these fields.
    for path in schema_fields():
        section, *_, key = path.split(".")
        if section != "basics":
            assert key in {f.key for f in resume_document.SECTIONS_BY_KEY[section].fields}, path


@pytest.mark.parametrize("design", DESIGNS)
def test_every_design_shows_every_field(drawing_app, design):  # noqa: F811
    document = every_field()
    pdf = render(drawing_app, design, document).pdf
    word, text = word_and_text(drawing_app, design, document)

    shown = {"PDF": poppler_text(pdf), "Word": word_text(word), "text": text}

    gaps = {name: gap for name, content in shown.items() if (gap := missing(content, document))}
    assert not gaps, gaps


def test_the_view_of_a_version_shows_every_field(drawing_app):  # noqa: F811
    document = every_field()
    with drawing_app.test_request_context():
        html = render_template_string(
            '{% from "resumes/_document.html" import render_document %}'
            "{{ render_document(resume) }}", resume=view.build(document, "Sample"))

    assert not missing(html.replace("&amp;", "&"), document)


def test_the_api_takes_and_gives_back_every_field(api):
    document = every_field()
    created = api.post("/api/v1/resumes", json={"title": "Every field", "resume": document})
    assert created.status_code == 201, created.get_json()
    url = f"/api/v1/resumes/{created.get_json()['id']}"

    read = api.get(url).get_json()["resume"]
    rewritten = api.put(url, json={"version": 1, "resume": read})

    assert rewritten.status_code == 200 and api.get(url).get_json()["resume"] == read
    assert read["work"][0]["description"] == "Online payments for small shops"
    assert {key: read["projects"][0][key] for key in ("entity", "type")} == {
        "entity": "Python Software Foundation", "type": "library"}
    assert {key: read[key] for key in document} == document  # nothing lost, nothing changed
