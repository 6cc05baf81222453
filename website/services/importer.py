"""Import a JSON Resume file (ours or another tool's) as a new resume."""
import json

from website.models import Resume, User
from website.services import (
    quotas,
    resume_document,
    resumes,
    template_settings,
    templates,
    user_input,
)
from website.services.export.json_resume import META_KEY

MAX_BYTES = 1024 * 1024
DEFAULT_TITLE = "Imported resume"


class ImportRejected(ValueError):
    """The file cannot be imported; the message says why, in words for the user."""


def _parse(raw: bytes) -> dict:
    if len(raw) > MAX_BYTES:
        raise ImportRejected("The file is larger than 1 MB. Choose a JSON Resume file.")
    try:
        data = user_input.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ImportRejected("The file is not UTF-8 text. Choose a JSON Resume (.json) file.") \
            from error
    except json.JSONDecodeError as error:
        raise ImportRejected(f"The file is not valid JSON (line {error.lineno}, column "
                             f"{error.colno}: {error.msg}).") from error
    except user_input.UnreadableJSON as error:
        where = "/".join(map(str, error.path or []))
        raise ImportRejected(f"{error} (in “{where}”)" if where else str(error)) from error
    if not isinstance(data, dict):
        raise ImportRejected("The file must hold one JSON object: a JSON Resume document.")
    return data


def _check_shape(data: dict) -> None:
    """Refuse values of the wrong type, which `normalize` could not read."""
    known = ("$schema", "basics", "meta", *(section.key for section in resume_document.SECTIONS))
    if not any(key in data for key in known):
        raise ImportRejected("This is not a JSON Resume document: it has no “basics” and no "
                             "sections such as “work” or “education”.")
    basics = data.get("basics") or {}
    if not isinstance(basics, dict):
        raise ImportRejected("“basics” must be an object.")
    if not isinstance(basics.get("location") or {}, dict | str):
        raise ImportRejected("“basics.location” must be an object or a line of text.")
    lists = {"basics.profiles": basics.get("profiles") or []}
    lists.update({section.key: data.get(section.key) or []
                  for section in resume_document.SECTIONS})
    for name, entries in lists.items():
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise ImportRejected(f"“{name}” must be a list of objects.")


def _describe(problems: dict) -> str:
    """Return the first problems `validate` found, in words."""
    if "document" in problems:
        return problems["document"]
    messages = []
    for key, found in problems.items():
        section = resume_document.SECTIONS_BY_KEY.get(key)
        name = section.title if section else key.capitalize()
        if not isinstance(found, dict):
            messages.append(f"{name}: {found}")
            continue
        for where, detail in found.items():
            if isinstance(detail, dict):
                messages.extend(f"{name}, entry {where + 1}, “{field}”: {message}"
                                for field, message in detail.items())
            else:
                messages.append(f"{name}, “{where}”: {detail}")
    shown = " ".join(messages[:3])
    more = f" (and {len(messages) - 3} more)" if len(messages) > 3 else ""
    return f"The resume in this file breaks some rules: {shown}{more}"


def _template(meta) -> tuple[str, dict] | None:
    """Return the template and settings saved by this site in `meta`, or None."""
    saved = meta.get(META_KEY) if isinstance(meta, dict) else None
    if not isinstance(saved, dict) or not templates.is_offered(saved.get("template")):
        return None
    raw = saved.get("settings") if isinstance(saved.get("settings"), dict) else {}
    # Only layout choices come in; never a photo_id, which names a photo of this site.
    settings = {k: v for k, v in raw.items() if k in template_settings.STORED_KEYS}
    try:
        _, errors = template_settings.validate(settings, saved["template"])
    except TypeError:  # a list where a number belongs, and the like
        return saved["template"], {}
    return saved["template"], {k: v for k, v in settings.items() if k not in errors}


def import_json_resume(user: User, raw: bytes, title: str | None = None,
                       template_slug: str | None = None) -> Resume:
    """Create a resume for `user` from a JSON Resume file, in the template the file was exported
    with, else `template_slug` (with the user's saved look for it); raise ImportRejected if the
    file is unusable."""
    data = _parse(raw)
    _check_shape(data)
    data.pop("$schema", None)
    meta = data.get("meta")
    template_slug, settings = _template(meta) or (
        template_slug or templates.DEFAULT_TEMPLATE,
        templates.preference(user, template_slug or templates.DEFAULT_TEMPLATE))
    if isinstance(meta, dict):
        rest = {key: value for key, value in meta.items() if key != META_KEY}
        data["meta"] = rest
        if not rest:
            del data["meta"]
    name = (data.get("basics") or {}).get("name")
    title = (title or "").strip() or (str(name).strip() if name else "") or DEFAULT_TITLE
    try:
        # Normalized first, so an empty file stays empty instead of getting the user's name.
        return resumes.create(user, title[:resumes.TITLE_MAX_LENGTH], template_slug,
                              resume_document.normalize(data), settings)
    except resumes.InvalidResume as error:
        raise ImportRejected(_describe(error.problems)) from error
    except quotas.QuotaExceeded as error:
        raise ImportRejected(str(error)) from error
