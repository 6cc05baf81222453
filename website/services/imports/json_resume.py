"""Read a JSON Resume file (ours or another tool's) into an import result."""
import json

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from website.services import design_settings, designs, resume_document, user_input
from website.services.export.json_resume import META_KEY
from website.services.imports import ImportRejected, ImportResult
from website.services.imports.settle import settle


def _parse(raw: bytes) -> dict:
    try:
        data = user_input.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ImportRejected(_("The file is not UTF-8 text. Choose a JSON Resume (.json) "
                               "file.")) from error
    except json.JSONDecodeError as error:
        # The parser's own words (like "Expecting ',' delimiter") are English only.
        raise ImportRejected(_("The file is not valid JSON (line %(line)d, column %(column)d: "
                               "%(problem)s).", line=error.lineno, column=error.colno,
                               problem=error.msg)) from error
    except user_input.UnreadableJSON as error:
        if error.path is None:
            raise ImportRejected(user_input.too_deep_message()) from error
        if not error.path:
            raise ImportRejected(user_input.unstorable_message()) from error
        raise ImportRejected(_("Leave out NUL characters and unpaired surrogates. (in "
                               "“%(where)s”)", where="/".join(map(str, error.path)))) from error
    if not isinstance(data, dict):
        raise ImportRejected(_("The file must hold one JSON object: a JSON Resume document."))
    return data


# Keys of the JSON Resume drafts before 1.0 that older tools still write, and their 1.0 names.
RENAMED = {"basics": {"website": "url", "picture": "image"},
           "work": {"company": "name", "website": "url"},
           "volunteer": {"website": "url"}, "publications": {"website": "url"},
           "education": {"gpa": "score"}}
NOT_A_RESUME = _l("This JSON file is not a JSON Resume: it has neither “basics” nor any of the "
                  "sections (“work”, “education”, “skills” and so on). Export your resume as "
                  "JSON Resume from the tool you made it with, and import that file.")


def _renamed(data: dict) -> dict:
    """Return `data` with the keys of older drafts under their 1.0 names (when those are
    not used too)."""
    for key, names in RENAMED.items():
        value = data.get(key)
        holders = [value] if isinstance(value, dict) else value if isinstance(value, list) else []
        for holder in holders:
            for old, new in names.items():
                if isinstance(holder, dict) and old in holder and new not in holder:
                    holder[new] = holder.pop(old)
    return data


def _design(meta) -> tuple[str | None, dict]:
    """Return the design and settings saved by this site in `meta`, or (None, {})."""
    saved = meta.get(META_KEY) if isinstance(meta, dict) else None
    if not isinstance(saved, dict) or not designs.is_offered(saved.get("template")):
        return None, {}
    raw = saved.get("settings") if isinstance(saved.get("settings"), dict) else {}
    # Only layout choices come in; never a photo_id, which names a photo of this site.
    settings = {k: v for k, v in raw.items() if k in design_settings.STORED_KEYS}
    try:
        _, errors = design_settings.validate(settings, saved["template"])
    except TypeError:  # a list where a number belongs, and the like
        return saved["template"], {}
    return saved["template"], {k: v for k, v in settings.items() if k not in errors}


def split_design(document: dict) -> tuple[dict, str | None, dict]:
    """Return `document` without the design this site saved in its `meta`, that design (or
    None) and its settings: a file exported here comes back looking as it did."""
    meta = document.get("meta")
    if not isinstance(meta, dict) or META_KEY not in meta:
        return document, None, {}
    design, settings = _design(meta)
    document = {**document, "meta": {k: v for k, v in meta.items() if k != META_KEY}}
    if not document["meta"]:
        del document["meta"]
    return document, design, settings


def _says_it_is_one(data: dict) -> bool:
    """Whether a file with no content names itself a JSON Resume: an empty resume exported
    from here or another tool, not any JSON that happens to have a `$schema`."""
    meta = data.get("meta")
    return (isinstance(meta, dict) and META_KEY in meta) or "jsonresume" in str(
        data.get("$schema", "")).lower()


def read(raw: bytes, source: str = "json") -> ImportResult:
    """Return what a JSON Resume file holds; raise ImportRejected if it is not one."""
    data = _parse(raw)
    if not (data.keys() & {"basics", *resume_document.SECTIONS_BY_KEY} or _says_it_is_one(data)):
        raise ImportRejected(str(NOT_A_RESUME))
    data.pop("$schema", None)
    data, design, settings = split_design(_renamed(data))
    document, warnings = settle(data)
    return ImportResult(document, source, warnings, design, settings)
