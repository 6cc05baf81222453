"""Editor views: each section of a resume is edited on its own page."""
import io
from dataclasses import dataclass, field

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
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from markupsafe import Markup

from website.auth import logged_in_user
from website.editor import autosave as autosave_answers
from website.editor import layout, sections
from website.editor.forms import (
    EditorForm,
    PhotoForm,
    RemovePhotoForm,
    UndoRemoveForm,
    section_form,
    why_not_saved,
)
from website.extensions import limiter, logged_in_account, talisman
from website.forms import field_errors
from website.services import live_preview, photos, quotas, resume_document, resumes, versions
from website.services.export import rendering

bp = Blueprint("editor", __name__, url_prefix="/resume")

UNDO_REFUSED = _l("Not undone: this section changed after the removal (here or in another "
                  "tab), so the entry was not put back. Its earlier version is kept in the "
                  "resume's History.")


def _render(resume, section_key: str, form, status: int = 200, conflict: bool = False,
            photo_form=None):
    spec = sections.section_spec(section_key)
    return render_template(
        "editor/section.html", **layout.frame(resume, section_key), section_key=section_key,
        spec=spec, entry_texts=sections.ENTRY_TEXTS[section_key], form=form, conflict=conflict,
        stale_message=autosave_answers.STALE_MESSAGE,
        photo_form=photo_form or PhotoForm(), remove_photo_form=RemovePhotoForm(),
        max_entries=resume_document.MAX_ENTRIES), status


def _filled_form(section_key: str, data: dict, base_version: int):
    return section_form(section_key)(formdata=None, data={**data, "base_version": base_version})


def _form_from_post(section_key, entries, basics, base_version):
    """Rebuild the form from what was posted (after a move or removal) to show it again."""
    return _filled_form(section_key, sections.form_data(section_key, entries, basics),
                        base_version)


def _owned_section(resume_id: int, section: str):
    """Return the user's resume; 404 for another's resume or a section the editor lacks."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    if sections.section_spec(section) is None:
        abort(404)
    return resume


@bp.get("/<int:resume_id>/edit")
@login_required
def edit(resume_id: int):
    """Open the editor of an owned resume at its first section."""
    resumes.get_owned(resume_id, logged_in_user())
    return redirect(url_for("editor.edit_section", resume_id=resume_id, section="basics"))


@bp.route("/<int:resume_id>/edit/<section>", methods=["GET", "POST"])
@login_required
def edit_section(resume_id: int, section: str):
    """Show one section's form, or save it as a new version of the resume."""
    resume = _owned_section(resume_id, section)
    if request.method == "GET":
        data = sections.saved_form_data(resume.document, section,
                                        extra_blank=bool(request.args.get("add")))
        return _render(resume, section, _filled_form(section, data, resume.version))

    outcome = _save_posted(resume, section)
    if outcome.status != 200:
        return _render(resume, section, outcome.form, outcome.status,
                       conflict=outcome.status == 409)
    return _after_save(resume, section, outcome.action, outcome.posted, outcome.entries,
                       outcome.changed)


@dataclass
class Outcome:
    """What became of a posted section form: saved (200), stale (409) or refused (422)."""

    status: int
    form: EditorForm  # as posted, with each problem next to its field (when not saved)
    action: sections.Action
    changed: bool = False
    posted: list[dict] = field(default_factory=list)  # the entries as sent
    entries: list[dict] = field(default_factory=list)  # as saved: the button's action applied


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
    posted = sections.posted_entries(form, section)
    entries = action.apply(posted)
    basics = sections.posted_basics(form) if section == "basics" else None
    problems = sections.entry_problems(entries, section)
    basics_problems = sections.basics_problems(basics) if basics is not None else {}
    too_many = sum(not resume_document.is_blank(e) for e in entries) > \
        resume_document.MAX_ENTRIES
    if problems or basics_problems or too_many:
        shown = _form_from_post(section, entries, basics, form.base_version.data)
        shown.show_problems(problems, basics_problems, too_many)
        return Outcome(422, shown, action)

    content = sections.updated_content(resume.content, section, entries, basics)
    # Save pressed after the autosave had it all: still the user's save, and said so.
    saved_before = not autosave and resumes.newest_is_autosave(resume)
    try:
        changed = resumes.save(resume, logged_in_user(), form.base_version.data, content=content,
                               autosave=autosave)
    except resumes.StaleVersion:
        return Outcome(409, _form_from_post(section, entries, basics, form.base_version.data),
                       action)
    except (resumes.InvalidResume, quotas.QuotaExceeded) as error:
        # What the fields cannot show: the whole resume is too long, or the account is full.
        shown = _form_from_post(section, entries, basics, form.base_version.data)
        shown.form_errors.append(why_not_saved(error))
        return Outcome(422, shown, action)
    return Outcome(200, form, action, changed or saved_before, posted, entries)


@bp.post("/<int:resume_id>/edit/<section>/autosave")
@login_required
def autosave(resume_id: int, section: str):
    """Save a section form as the user types; answer in JSON (see `website.editor.autosave`)."""
    resume = _owned_section(resume_id, section)
    outcome = _save_posted(resume, section, autosave=True)
    if outcome.status == 409:
        return autosave_answers.stale()
    if outcome.status == 422:
        return autosave_answers.invalid(field_errors(outcome.form),
                                        " ".join(outcome.form.form_errors))
    return autosave_answers.saved(resume, outcome.changed, resumes.completion(resume))


def _after_save(resume, section_key: str, action: sections.Action, posted: list[dict],
                entries: list[dict], changed: bool):
    """Say what the save did and go back to the section, where the user's eyes should be;
    `posted` are the entries as sent, `entries` as saved (the action applied)."""
    target = action.target(posted)
    anchor = "entries"
    if action.verb == "remove" and changed and target and not resume_document.is_blank(target):
        # The offer to undo is at the top of the page: land there, not on the list.
        flash(_undo_offer(resume, section_key, target,
                          sections.saved_position(posted, action.index)), "success")
        anchor = "main"
    else:
        flash(_saved_message(action, changed, section_key, target),
              "success" if changed else "info")
    if action.verb == "add":
        anchor = f"entry-{sections.saved_position(entries, len(entries))}"
    elif action.verb == "duplicate" and target:
        anchor = f"entry-{sections.saved_position(entries, action.index + 1)}"
    return redirect(url_for("editor.edit_section", resume_id=resume.id, section=section_key,
                            add=1 if action.verb == "add" else None, _anchor=anchor))


@bp.post("/<int:resume_id>/edit/<section>/preview")
@login_required
@talisman(frame_options="SAMEORIGIN", content_security_policy=rendering.DOCUMENT_POLICY)
def preview_section(resume_id: int, section: str):
    """Return the design HTML of the resume as the section form shows it, saving nothing."""
    resume = _owned_section(resume_id, section)
    # Not validated: unsaved text is shown as typed (an invalid date too); CSRF was checked.
    form = section_form(section)()
    basics = sections.posted_basics(form) if section == "basics" else None
    content = sections.updated_content(resume.content, section,
                                       sections.posted_entries(form, section), basics)
    return live_preview.render_html(resume, content)


def _saved_message(action: sections.Action, changed: bool, section_key: str,
                   target: dict | None) -> str:
    if action.verb == "remove":
        return _("Removed. The earlier version is kept in the resume's history.")
    if action.verb in ("up", "down"):
        return _("Moved.")
    if action.verb == "add":
        return _("Saved. Fill in the new entry below.")
    if action.verb == "duplicate" and changed and target:
        name = resume_document.entry_headline(target, sections.section_spec(section_key))
        return _("Duplicated “%(name)s”. The copy is below it.", name=name)
    return _("Saved.") if changed else _("No changes to save.")


def _undo_offer(resume, section_key: str, removed: dict, position: int) -> Markup:
    """Return the message after a removal, with an Undo button that puts the entry back."""
    # The template escapes every value it shows (autoescape), so its output is safe markup.
    return Markup(render_template(  # noqa: S704
        "editor/_undo_remove.html", resume=resume, section_key=section_key,
        name=resume_document.entry_headline(removed, sections.section_spec(section_key)),
        removed_in=resume.version, index=position))


@bp.post("/<int:resume_id>/edit/<section>/undo-remove")
@login_required
def undo_remove(resume_id: int, section: str):
    """Put a removed entry back at its place as a new version, unless the section changed."""
    resume = _owned_section(resume_id, section)
    form = UndoRemoveForm()
    if not form.validate_on_submit():
        abort(400)  # only a tampered page sends these fields wrong; CSRF has its own page
    removed_in, index = form.removed_in.data, form.index.data
    before = versions.get_version(resume, removed_in - 1) if removed_in == resume.version else None
    restored = before and sections.restore_removed(before.document, resume.document, section, index)
    back = url_for("editor.edit_section", resume_id=resume.id, section=section)
    message, category = UNDO_REFUSED, "warning"
    if restored:
        try:
            resumes.save(resume, logged_in_user(), removed_in, content=restored,
                         note=_("Undid a removal"))
        except resumes.StaleVersion:
            pass  # saved in another tab a moment ago: refused like any later change
        except (resumes.InvalidResume, quotas.QuotaExceeded) as error:
            message, category = why_not_saved(error), "danger"
        else:
            name = resume_document.entry_headline(sections.saved_entries(restored, section)[index],
                                                  sections.section_spec(section))
            flash(_("Brought back “%(name)s”.", name=name), "success")
            return redirect(f"{back}#entry-{index}")
    flash(str(message), category)
    return redirect(back)


@bp.post("/<int:resume_id>/photo")
@login_required
@limiter.limit(lambda: current_app.config["PHOTO_UPLOAD_LIMIT"], key_func=logged_in_account)
def upload_photo(resume_id: int):
    """Save an uploaded photo as the resume's photo, in a new version."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            photos.set_photo(resume, logged_in_user(), resume.version, form.photo.data.read())
        except (photos.PhotoRejected, quotas.QuotaExceeded, resumes.InvalidResume) as error:
            form.photo.errors = [why_not_saved(error)]
        else:
            flash(_("Photo saved."), "success")
            return redirect(url_for("editor.edit_section", resume_id=resume.id, section="basics"))
    data = sections.saved_form_data(resume.document, "basics")
    return _render(resume, "basics", _filled_form("basics", data, resume.version), 422,
                   photo_form=form)


@bp.post("/<int:resume_id>/photo/remove")
@login_required
def remove_photo(resume_id: int):
    """Remove the resume's photo in a new version; earlier versions keep it."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    if RemovePhotoForm().validate_on_submit():
        try:
            photos.set_photo(resume, logged_in_user(), resume.version, None)
        except (resumes.InvalidResume, quotas.QuotaExceeded) as error:
            flash(why_not_saved(error), "danger")
        else:
            flash(_("Photo removed. It stays in earlier versions."), "info")
    return redirect(url_for("editor.edit_section", resume_id=resume.id, section="basics"))


@bp.get("/<int:resume_id>/photos/<int:photo_id>")
@login_required
def photo(resume_id: int, photo_id: int):
    """Send one of the resume's photos, cacheable by its owner's browser only."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    found = photos.get_photo(resume, photo_id)
    if found is None:
        abort(404)
    response = send_file(io.BytesIO(found.data), mimetype=found.mime_type)
    # A photo id never changes its bytes, but only its owner may keep a copy.
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
