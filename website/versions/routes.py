"""Version history views: thin wrappers around `website.services.versions`."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from website.auth import logged_in_user
from website.extensions import talisman
from website.models import Resume, ResumeVersion
from website.routing import requested_page
from website.services import design_settings, designs, resumes, versions
from website.services.export import rendering, view
from website.versions.forms import CompareForm, RestoreForm

bp = Blueprint("versions", __name__, url_prefix="/resume")

STALE_ALERT = _l("This resume was changed in another tab or on another device after this page "
                 "was opened, so nothing was restored. The changes below are now up to date: "
                 "check them and restore again if you still want to.")


def _version_or_404(resume: Resume, number: int) -> ResumeVersion:
    version = versions.get_version(resume, number)
    if version is None:
        abort(404)
    return version


@bp.get("/<int:resume_id>/versions")
@login_required
def history(resume_id: int):
    """List the resume's versions, newest first, 25 a page."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    pagination = versions.list_versions(resume, requested_page(request.args))
    if not pagination.items:  # a page past the last one
        abort(404)
    before = versions.number_before(resume, resume.version) or 1
    form = CompareForm(formdata=None, latest=resume.version,
                       data={"from_": before, "to": resume.version})
    return render_template("versions/history.html", resume=resume, pagination=pagination,
                           form=form)


@bp.get("/<int:resume_id>/versions/<int:number>")
@login_required
def show(resume_id: int, number: int):
    """Show one version read-only, as the preview shows the current one."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    version = _version_or_404(resume, number)
    settings = design_settings.effective(version)
    # Hidden sections too, marked: restoring the version brings them back with the rest.
    document = view.build(version.content, version.title, settings.section_order,
                          language=settings.language)
    return render_template("versions/version.html", resume=resume, version=version,
                           document=document, hidden=settings.hidden_sections,
                           design_names=designs.names())


@bp.get("/<int:resume_id>/versions/<int:number>/document")
@login_required
@talisman(frame_options="SAMEORIGIN", content_security_policy=rendering.DOCUMENT_POLICY)
def document(resume_id: int, number: int):
    """Return one version in the design and settings it was saved with, for the version page."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    version = _version_or_404(resume, number)
    return rendering.render_html(version, design_settings.effective(version))


@bp.get("/<int:resume_id>/versions/compare")
@login_required
def compare(resume_id: int):
    """Show two versions side by side, section by section, with the changed words marked."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    form = CompareForm(request.args, latest=resume.version)
    count = versions.version_count(resume)
    comparison = versions.compare(resume, form.from_.data, form.to.data) \
        if form.validate() else None
    if comparison is None:
        for field in (form.from_, form.to):
            if not field.errors and versions.get_version(resume, field.data) is None:
                field.errors = [_("Version %(number)s was replaced by a later autosave: "
                                  "choose one the history lists.", number=field.data)]
        return render_template("versions/compare.html", resume=resume, form=form,
                               count=count), 400
    return render_template("versions/compare.html", resume=resume, form=form,
                           comparison=comparison, count=count)


def _confirm_page(resume: Resume, number: int, form: RestoreForm, status: int = 200,
                  alert: str = ""):
    """Render the question "restore version N?" with what the restore would change."""
    comparison = versions.compare(resume, resume.version, number)
    if comparison is None:
        abort(404)
    return render_template("versions/restore.html", resume=resume, comparison=comparison,
                           form=form, alert=alert), status


@bp.get("/<int:resume_id>/versions/<int:number>/restore")
@login_required
def confirm_restore(resume_id: int, number: int):
    """Ask before restoring a version, listing what would change."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    form = RestoreForm(formdata=None, data={"base_version": resume.version})
    return _confirm_page(resume, number, form)


@bp.post("/<int:resume_id>/versions/<int:number>/restore")
@login_required
def restore(resume_id: int, number: int):
    """Make an old version current again as a new version; every version stays."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    version = _version_or_404(resume, number)
    form = RestoreForm()
    if not form.validate_on_submit():
        abort(400)  # only a tampered page omits base_version; CSRF has its own page
    try:
        restored = versions.restore(resume, version, logged_in_user(), form.base_version.data)
    except resumes.StaleVersion:
        form = RestoreForm(formdata=None, data={"base_version": resume.version})
        return _confirm_page(resume, number, form, 409, STALE_ALERT)
    except resumes.InvalidResume:
        return _confirm_page(resume, number, form, 422,
                             _("Version %(number)s breaks a rule that was added after it "
                               "was saved, so it cannot be restored as it is. Copy what you "
                               "need from it into the editor instead.", number=number))
    if restored:
        flash(_("Restored version %(number)s as the new version %(new)s. The versions in "
                "between are still in the history.", number=number, new=resume.version),
              "success")
    else:
        flash(_("Nothing was restored: version %(number)s is the same as the current version.",
                number=number), "info")
    return redirect(url_for("versions.history", resume_id=resume.id))
