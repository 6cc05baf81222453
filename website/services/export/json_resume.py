"""JSON Resume export: the document in the official schema, with our settings under `meta`."""
import json

from website.services.resume_document import (
    BASICS_FIELDS,
    LOCATION_FIELDS,
    PROFILE_FIELDS,
    SECTIONS,
    normalize,
)

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
META_KEY = "resumeBuilder"  # meta.resumeBuilder = {"template": ..., "settings": {...}}
PRIVATE_SETTINGS = {"photo_id"}  # a row id of this site, meaningless in a file
BASICS_KEYS = (*(f.key for f in BASICS_FIELDS), "location", "profiles")
NESTED_KEYS = {"location": tuple(f.key for f in LOCATION_FIELDS),
               "profiles": tuple(f.key for f in PROFILE_FIELDS)}


def _is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _clean(value, known: tuple[str, ...] = ()):
    """Return `value` without empty values, keys in `known` order first and the rest sorted.

    Empty strings are dropped because the schema wants URIs, emails and dates where they
    appear; sorting the rest keeps the file identical whatever order the database returns.
    """
    if isinstance(value, list):
        items = (_clean(item, known) for item in value)
        return [item for item in items if not _is_empty(item)]
    if not isinstance(value, dict):
        return value
    keys = [k for k in known if k in value] + sorted(k for k in value if k not in known)
    cleaned = ((key, _clean(value[key], NESTED_KEYS.get(key, ()))) for key in keys)
    return {key: item for key, item in cleaned if not _is_empty(item)}


def public_settings(design_settings: dict | None) -> dict:
    """Return the design settings worth writing to a file (no ids of this site)."""
    return {k: v for k, v in (design_settings or {}).items() if k not in PRIVATE_SETTINGS}


def to_json_resume(document: dict, *, design_slug: str, design_settings: dict) -> dict:
    """Return the document as a JSON Resume object, valid against the official schema."""
    document = normalize(document)
    basics = document.pop("basics")
    result = {"$schema": SCHEMA_URL, "basics": _clean(basics, BASICS_KEYS)}
    for section in SECTIONS:
        result[section.key] = _clean(document.pop(section.key),
                                     tuple(f.key for f in section.fields))
    meta = document.pop("meta", None)
    meta = dict(meta) if isinstance(meta, dict) else {}
    document.pop("$schema", None)
    result.update(_clean(document))
    meta[META_KEY] = {"template": design_slug, "settings": public_settings(design_settings)}
    result["meta"] = _clean(meta, (META_KEY,))
    return {key: value for key, value in result.items() if not _is_empty(value)}


def json_bytes(document: dict, *, design_slug: str, design_settings: dict) -> bytes:
    """Return the JSON Resume file: UTF-8, indented, characters written as themselves."""
    data = to_json_resume(document, design_slug=design_slug,
                          design_settings=design_settings)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
