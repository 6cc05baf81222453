"""The JSON answers of autosave requests, the same for section forms and the Design tab."""
from dataclasses import asdict

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import generate_csrf

STALE_MESSAGE = _l("This resume was changed in another tab or window after you opened this "
                   "page, so nothing was saved. Your input is still below: copy what you need, "
                   "then reload the page to continue from the latest version.")


def saved(resume, changed: bool, completion) -> dict:
    """Return the answer to a saved autosave: the version the page now builds on."""
    return {"version": resume.version, "changed": changed,
            "saved_at": resume.updated_at.isoformat(timespec="seconds"),
            "completion": asdict(completion),
            # The token of a page kept open for hours would expire: each save renews it.
            "csrf_token": generate_csrf()}


def stale() -> tuple[dict, int]:
    """Return the answer to an autosave based on an old version: nothing was saved."""
    return {"error": "stale", "message": str(STALE_MESSAGE)}, 409


def invalid(fields: dict[str, str], message: str = "") -> tuple[dict, int]:
    """Return the answer to an autosave refused for `fields` ({input id: message})."""
    return {"error": "invalid", "fields": fields,
            "message": message or _("Not saved: fix the marked fields.")}, 422
