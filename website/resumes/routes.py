"""Resume management views: thin wrappers around `website.services.resumes`."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from website.models import User
from website.resumes import display
from website.resumes.forms import NewResumeForm, RenameForm
from website.services import email_service, resume_document, resumes, versions

bp = Blueprint("resumes", __name__, url_prefix="/resume")
bp.add_app_template_filter(display.relative_time, "relative_time")
bp.add_app_template_filter(display.exact_utc, "exact_utc")
bp.add_app_template_test(display.is_web_address, "web_address")

STALE_FIELD = "Not saved: this resume was changed elsewhere. Save again to replace its title."


@bp.app_context_processor
def template_names() -> dict:
    """Give every page the display names of the templates (the history pages show them too)."""
    return {"template_names": resumes.TEMPLATE_NAMES}


def _user() -> User:
    # The services attach the user to new rows, which needs the model, not the proxy.
    return current_user._get_current_object()


def _manage_page(status: int = 200, submitted: RenameForm | None = None, alert: str = ""):
    """Render the manage page, showing a submitted rename form (with its errors) in place."""
    items = resumes.list_resumes(_user())
    rename_forms = {resume.id: RenameForm.showing(resume) for resume in items}
    if submitted is not None:
        rename_forms[submitted.resume_id] = submitted
    return render_template("resumes/manage.html", items=items, rename_forms=rename_forms,
                           completion=resumes.completion, alert=alert), status


@bp.get("/manage")
@login_required
def manage():
    """List the user's resumes with their completion and actions."""
    return _manage_page()


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Create a resume from a title and a starting template, then open the editor."""
    form = NewResumeForm()
    if form.validate_on_submit():
        resume = resumes.create(_user(), form.title.data, form.template.data)
        email_service.send_resume_created_email(resume)
        flash(f"Created “{resume.title}”. Start with your personal info.", "success")
        return redirect(url_for("editor.edit", resume_id=resume.id))
    status = 422 if form.is_submitted() else 200
    return render_template("resumes/new.html", form=form), status


@bp.post("/<int:resume_id>/rename")
@login_required
def rename(resume_id: int):
    """Change a resume's title as a new version, refusing a change based on an old version."""
    resume = resumes.get_owned_or_404(resume_id, _user())
    form = RenameForm(resume_id=resume.id)
    if not form.validate_on_submit():
        if form.base_version.errors:  # only a tampered or broken page omits it
            abort(400)
        return _manage_page(422, form)
    old_title = resume.title
    try:
        changed = resumes.save(resume, _user(), form.base_version.data, title=form.title.data)
    except resumes.StaleVersion:
        form.rebase(resume.version)
        form.title.errors.append(STALE_FIELD)
        alert = ("This resume was changed in another tab or on another device after this page "
                 f"was opened, so the new title was not saved. It is now called “{resume.title}”.")
        return _manage_page(409, form, alert)
    if changed:
        flash(f"Renamed “{old_title}” to “{resume.title}”.", "success")
    else:
        flash(f"“{resume.title}” already has that title.", "info")
    return redirect(url_for("resumes.manage"))


@bp.post("/<int:resume_id>/duplicate")
@login_required
def duplicate(resume_id: int):
    """Copy a resume, with its own fresh history."""
    resume = resumes.get_owned_or_404(resume_id, _user())
    copy = resumes.duplicate(resume, _user())
    flash(f"Created “{copy.title}”.", "success")
    return redirect(url_for("resumes.manage"))


@bp.post("/<int:resume_id>/delete")
@login_required
def delete(resume_id: int):
    """Move a resume to the trash, from where it can be restored."""
    resume = resumes.get_owned_or_404(resume_id, _user())
    title = resume.title
    resumes.move_to_trash(resume)
    flash(Markup('Moved “{}” to the trash. <a class="alert-link" href="{}">Open the trash</a> '
                 "to restore it.").format(title, url_for("resumes.trash")), "success")
    return redirect(url_for("resumes.manage"))


@bp.get("/<int:resume_id>/preview")
@login_required
def preview(resume_id: int):
    """Show the resume's content read-only, section by section."""
    resume = resumes.get_owned_or_404(resume_id, _user())
    return render_template("resumes/preview.html", resume=resume,
                           document=resume_document.normalize(resume.content),
                           sections=resume_document.SECTIONS,
                           headline=resume_document.entry_headline)


@bp.get("/trash")
@login_required
def trash():
    """List the user's trashed resumes, newest deletion first."""
    return render_template("resumes/trash.html",
                           items=resumes.list_resumes(_user(), trashed=True))


@bp.post("/<int:resume_id>/restore")
@login_required
def restore(resume_id: int):
    """Bring a resume back from the trash with its whole history."""
    resume = resumes.get_owned_or_404(resume_id, _user(), trashed=True)
    resumes.restore_from_trash(resume)
    flash(f"Restored “{resume.title}”.", "success")
    return redirect(url_for("resumes.manage"))


@bp.get("/<int:resume_id>/purge")
@login_required
def confirm_purge(resume_id: int):
    """Ask before deleting a trashed resume for good, saying what will be lost."""
    resume = resumes.get_owned_or_404(resume_id, _user(), trashed=True)
    return render_template("resumes/purge.html", resume=resume,
                           version_count=versions.version_count(resume))


@bp.post("/<int:resume_id>/purge")
@login_required
def purge(resume_id: int):
    """Delete a trashed resume and its history permanently."""
    resume = resumes.get_owned_or_404(resume_id, _user(), trashed=True)
    title = resume.title
    resumes.delete_for_good(resume)
    flash(f"Deleted “{title}” and its history for good.", "success")
    return redirect(url_for("resumes.trash"))
