"""Editor views: each section of a resume is edited on its own page."""
import io
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from website.editor import layout, sections
from website.editor.forms import EditorForm, PhotoForm, RemovePhotoForm, section_form
from website.extensions import limiter, logged_in_account
from website.forms import field_errors
from website.services import photos, quotas, resume_document, resumes

bp = Blueprint("editor", __name__, url_prefix="/resume")

STALE_MESSAGE = ("This resume was changed in another tab or window after you opened this page, "
                 "so nothing was saved. Your input is still below: copy what you need, then "
                 "reload the page to continue from the latest version.")
# Saved content that breaks a rule added since (the fields of this page are checked first).
DOCUMENT_BROKEN = ("Not saved: another section of this resume breaks a rule. Open each section "
                   "to find and fix it.")


NOT_SAVED_FIELDS = "Not saved: fix the marked fields."


def _why_not_saved(error: Exception) -> str:
    """Return what to tell the user when a change to the whole resume was refused."""
    if isinstance(error, resumes.InvalidResume):
        return error.problems.get("document", DOCUMENT_BROKEN)
    return str(error)


def _render(resume, section_key: str, form, status: int = 200, conflict: bool = False,
            photo_form=None):
    spec = sections.section_spec(section_key)
    return render_template(
        "editor/section.html", **layout.frame(resume, section_key), section_key=section_key,
        spec=spec, form=form, conflict=conflict,
        stale_message=STALE_MESSAGE,
        photo_form=photo_form or PhotoForm(), remove_photo_form=RemovePhotoForm(),
        max_entries=resume_document.MAX_ENTRIES), status


def _filled_form(section_key: str, data: dict, base_version: int):
    return section_form(section_key)(formdata=None, data={**data, "base_version": base_version})


def _form_from_post(section_key, entries, basics, base_version):
    """Rebuild the form from what was posted (after a move or removal) to show it again."""
    return _filled_form(section_key, sections.form_data(section_key, entries, basics),
                        base_version)


@bp.get("/<int:resume_id>/edit")
@login_required
def edit(resume_id: int):
    resumes.get_owned_or_404(resume_id, current_user)
    return redirect(url_for("editor.edit_section", resume_id=resume_id, section="basics"))


@bp.route("/<int:resume_id>/edit/<section>", methods=["GET", "POST"])
@login_required
def edit_section(resume_id: int, section: str):
    resume = resumes.get_owned_or_404(resume_id, current_user)
    if sections.section_spec(section) is None:
        abort(404)
    if request.method == "GET":
        data = sections.saved_form_data(resume.content, section,
                                        extra_blank=bool(request.args.get("add")))
        return _render(resume, section, _filled_form(section, data, resume.version))

    outcome = _save_posted(resume, section)
    if outcome.status != 200:
        return _render(resume, section, outcome.form, outcome.status,
                       conflict=outcome.status == 409)
    action = outcome.action
    flash(_saved_message(action, outcome.changed), "success" if outcome.changed else "info")
    anchor = "entries" if action.verb != "add" else f"entry-{outcome.kept}"
    return redirect(url_for("editor.edit_section", resume_id=resume.id, section=section,
                            add=1 if action.verb == "add" else None, _anchor=anchor))


@dataclass
class Outcome:
    """What became of a posted section form: saved (200), stale (409) or refused (422)."""

    status: int
    form: EditorForm  # as posted, with each problem next to its field (when not saved)
    action: sections.Action
    changed: bool = False
    kept: int = 0  # the entries saved (blank ones are left out)


def _save_posted(resume, section: str, autosave: bool = False) -> Outcome:
    """Check the section form posted to `resume` and save it; aborts with 400 when the form
    lacks its base version (only a tampered page does)."""
    form = section_form(section)()
    if not form.validate_on_submit():
        if form.base_version.errors:
            abort(400)  # only a tampered page omits base_version; CSRF has its own page
        return Outcome(422, form, sections.Action("save"))  # text no column can store
    # An autosave saves what the fields hold; the buttons' moves are for the page's own Save.
    action = sections.Action("save") if autosave else sections.Action.parse(form.action.data)
    entries = action.apply(sections.posted_entries(form, section))
    basics = sections.posted_basics(form) if section == "basics" else None
    problems = sections.entry_problems(entries, section)
    basics_problems = sections.basics_problems(basics) if basics is not None else {}
    kept = [e for e in entries if not resume_document.is_blank(e)]
    if problems or basics_problems or len(kept) > resume_document.MAX_ENTRIES:
        shown = _form_from_post(section, entries, basics, form.base_version.data)
        for index, field_errors in problems.items():
            for key, message in field_errors.items():
                shown.entries[index].form[key].errors = [message]
        for name, message in basics_problems.items():
            target = shown.location.form[name.removeprefix("location-")] \
                if name.startswith("location-") else shown[name]
            target.errors = [message]
        if len(kept) > resume_document.MAX_ENTRIES:
            shown.form_errors.append(f"A section can hold at most {resume_document.MAX_ENTRIES} "
                                     "entries. Remove some before saving.")
        return Outcome(422, shown, action)

    content = sections.updated_content(resume.content, section, entries, basics)
    # Save pressed after the autosave had it all: still the user's save, and said so.
    saved_before = not autosave and resumes.newest_is_autosave(resume)
    try:
        changed = resumes.save(resume, current_user, form.base_version.data, content=content,
                               autosave=autosave, now=_now())
    except resumes.StaleVersion:
        return Outcome(409, _form_from_post(section, entries, basics, form.base_version.data),
                       action)
    except (resumes.InvalidResume, quotas.QuotaExceeded) as error:
        # What the fields cannot show: the whole resume is too long, or the account is full.
        shown = _form_from_post(section, entries, basics, form.base_version.data)
        shown.form_errors.append(_why_not_saved(error))
        return Outcome(422, shown, action)
    return Outcome(200, form, action, changed or saved_before, len(kept))


def _now() -> datetime:
    return datetime.fromtimestamp(current_app.config["CLOCK"](), UTC)


@bp.post("/<int:resume_id>/edit/<section>/autosave")
@login_required
def autosave(resume_id: int, section: str):
    """Save a section form as the user types; answer in JSON (see `autosave_answer`)."""
    resume = resumes.get_owned_or_404(resume_id, current_user)
    if sections.section_spec(section) is None:
        abort(404)
    outcome = _save_posted(resume, section, autosave=True)
    if outcome.status == 409:
        return {"error": "stale", "message": STALE_MESSAGE}, 409
    if outcome.status == 422:
        form = outcome.form
        return {"error": "invalid", "fields": field_errors(form),
                "message": " ".join(form.form_errors) or NOT_SAVED_FIELDS}, 422
    return {"version": resume.version, "changed": outcome.changed,
            "saved_at": resume.updated_at.isoformat(),
            "completion": asdict(resumes.completion(resume)),
            # The token of a page kept open for hours would expire: each save renews it.
            "csrf_token": generate_csrf()}


def _saved_message(action: sections.Action, changed: bool) -> str:
    if action.verb == "remove":
        return "Removed. The earlier version is kept in the resume's history."
    if action.verb in ("up", "down"):
        return "Moved."
    if action.verb == "add":
        return "Saved. Fill in the new entry below."
    return "Saved." if changed else "No changes to save."


@bp.post("/<int:resume_id>/photo")
@login_required
@limiter.limit(lambda: current_app.config["PHOTO_UPLOAD_LIMIT"], key_func=logged_in_account)
def upload_photo(resume_id: int):
    resume = resumes.get_owned_or_404(resume_id, current_user)
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            photos.set_photo(resume, current_user, resume.version, form.photo.data.read())
        except (photos.PhotoRejected, quotas.QuotaExceeded, resumes.InvalidResume) as error:
            form.photo.errors = [_why_not_saved(error)]
        else:
            flash("Photo saved.", "success")
            return redirect(url_for("editor.edit_section", resume_id=resume.id, section="basics"))
    data = sections.saved_form_data(resume.content, "basics")
    return _render(resume, "basics", _filled_form("basics", data, resume.version), 422,
                   photo_form=form)


@bp.post("/<int:resume_id>/photo/remove")
@login_required
def remove_photo(resume_id: int):
    resume = resumes.get_owned_or_404(resume_id, current_user)
    if RemovePhotoForm().validate_on_submit():
        try:
            photos.set_photo(resume, current_user, resume.version, None)
        except (resumes.InvalidResume, quotas.QuotaExceeded) as error:
            flash(_why_not_saved(error), "danger")
        else:
            flash("Photo removed. It stays in earlier versions.", "info")
    return redirect(url_for("editor.edit_section", resume_id=resume.id, section="basics"))


@bp.get("/<int:resume_id>/photos/<int:photo_id>")
@login_required
def photo(resume_id: int, photo_id: int):
    resume = resumes.get_owned_or_404(resume_id, current_user)
    found = photos.get_photo(resume, photo_id)
    if found is None:
        abort(404)
    response = send_file(io.BytesIO(found.data), mimetype=found.mime_type)
    # A photo id never changes its bytes, but only its owner may keep a copy.
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
