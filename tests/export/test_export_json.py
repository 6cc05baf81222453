"""The JSON Resume export: valid against the official schema, with our settings in `meta`."""
import json

import jsonschema
import pytest

from tests import export_samples as samples
from tests.export_samples import SCHEMA
from website.services.export.json_resume import json_bytes, to_json_resume

SETTINGS = {"accent": "#1f4e79", "font": "liberation-sans", "photo_id": 7}


def export(document: dict) -> dict:
    return to_json_resume(document, design_slug="classic", design_settings=SETTINGS)


@pytest.mark.parametrize("sample", sorted(samples.SAMPLES))
def test_every_sample_is_valid_against_the_official_schema(sample):
    jsonschema.validate(export(samples.SAMPLES[sample]()), SCHEMA,
                        format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_the_schema_check_catches_an_address_that_is_not_a_uri():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"basics": {"url": "not a uri"}}, SCHEMA,
                            format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_empty_fields_are_left_out_instead_of_written_as_empty_strings():
    data = export(samples.empty())
    assert set(data) == {"$schema", "meta"}
    assert "url" not in export(samples.full())["work"][1]


def test_the_template_and_its_settings_are_kept_in_meta_without_the_photo():
    assert export(samples.full())["meta"] == {
        "resumeBuilder": {"template": "classic",
                          "settings": {"accent": "#1f4e79", "font": "liberation-sans"}}}


def test_fields_this_app_does_not_know_are_kept():
    document = samples.full()
    document["work"][0]["description"] = "Payments company"
    document["meta"] = {"canonical": "https://jane.example.com/resume.json"}
    data = export(document)
    assert data["work"][0]["description"] == "Payments company"
    assert data["meta"]["canonical"] == "https://jane.example.com/resume.json"


def test_the_file_is_indented_utf8_with_text_intact():
    raw = json_bytes(samples.hostile(), design_slug="modern", design_settings={})
    text = raw.decode("utf-8")
    assert text.startswith('{\n  "$schema"')
    for value in samples.HOSTILE_TEXTS:
        assert json.dumps(value, ensure_ascii=False)[1:-1] in text
    assert json.loads(raw)["basics"]["label"] == samples.ARABIC


def test_fifty_jobs_are_all_exported_in_order():
    positions = [job["position"] for job in export(samples.many_jobs())["work"]]
    assert positions == [f"Job number {n}" for n in range(1, 51)]
