"""Cover letter views: the editor with its live preview, history, compare, restore, downloads."""
import io

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

from website.auth import logged_in_user
from website.cover_letters.forms import LetterForm, RestoreForm, StartForm
from website.export.routes import downloads_limit
from website.extensions import talisman
from website.models import Application
from website.services import applications, cover_letters, designs
from website.services.export import files, letter, rendering

bp = Blueprint("cover_letters", __name__, url_prefix="/applications")

STALE_MESSAGE = _l("Not saved: this letter was saved elsewhere (another tab or the API) since "
                   "you opened it. Your text is still below; copy what you need, then load the "
                   "latest version.")


def application_url(application: Application) -> str | None:
    """Return the address of the application's page, when the applications pages are on."""
    if "applications.show" not in current_app.view_functions:
        return None
    return url_for("applications.show", application_id=application.id)


def _application(application_id: int) -> Application:
    return applications.get_owned(application_id, logged_in_user())


def _letter_or_404(application: Application):
    if application.cover_letter is None:
        abort(404)
    return application.cover_letter


def _editor(application: Application, form: LetterForm, status: int = 200,
            conflict: bool = False):
    source = application.sent
    return render_template(
        "cover_letters/edit.html", application=application, form=form, conflict=conflict,
        letter=application.cover_letter, stale_message=STALE_MESSAGE,
        back_url=application_url(application),
        design_name=designs.names().get(rendering.design_of(source)) if source else None,
    ), status


@bp.get("/<int:application_id>/letter")
@login_required
def edit(application_id: int):
    """Show the letter's editor beside its preview, or the offer to start one."""
    application = _application(application_id)
    found = application.cover_letter
    if found is None:
        return render_template("cover_letters/start.html", application=application,
                               form=StartForm(), back_url=application_url(application))
    return _editor(application, LetterForm.of(found.content, found.version))


@bp.post("/<int:application_id>/letter/start")
@login_required
def start(application_id: int):
    """Start the letter from the template built from the resume sent and the ad."""
    application = _application(application_id)
    if not StartForm().validate_on_submit():
        abort(400)
    try:
        cover_letters.start(application, logged_in_user())
    except cover_letters.NoResumeSent as error:
        flash(str(error), "warning")
        return redirect(application_url(application) or url_for(
            "cover_letters.edit", application_id=application.id))
    flash(_("Started your letter from your resume and the ad. Read it through and make it "
            "yours."), "success")
    return redirect(url_for("cover_letters.edit", application_id=application.id))


@bp.post("/<int:application_id>/letter")
@login_required
def save(application_id: int):
    """Save the letter as a new version; a stale or refused save keeps the text on the page."""
    application = _application(application_id)
    found = _letter_or_404(application)
    form = LetterForm()
    if not form.validate_on_submit():
        if form.base_version.errors:
            abort(400)  # only a tampered page omits its version
        return _editor(application, form, 422)
    try:
        changed = cover_letters.save(found, logged_in_user(), form.base_version.data,
                                     form.content())
    except cover_letters.StaleLetter:
        return _editor(application, form, 409, conflict=True)
    except cover_letters.InvalidLetter as error:
        form.show_problems(error.problems)
        return _editor(application, form, 422)
    flash(_("Saved.") if changed else _("No changes to save."), "success" if changed else "info")
    return redirect(url_for("cover_letters.edit", application_id=application.id))


@bp.post("/<int:application_id>/letter/preview")
@login_required
@talisman(frame_options="SAMEORIGIN", content_security_policy=rendering.DOCUMENT_POLICY)
def preview(application_id: int):
    """Return the letter as the form shows it, in its design, saving nothing."""
    application = _application(application_id)
    _letter_or_404(application)
    return letter.letter_html(application, content=LetterForm().content())


@bp.get("/<int:application_id>/letter/document")
@login_required
@talisman(frame_options="SAMEORIGIN", content_security_policy=rendering.DOCUMENT_POLICY)
def document(application_id: int):
    """Return the saved letter (or version `version`) in its design, for a page's frame."""
    application = _application(application_id)
    found = _letter_or_404(application)
    number = request.args.get("version", type=int)
    if number is None:
        return letter.letter_html(application)
    version = cover_letters.get_version(found, number)
    if version is None:
        abort(404)
    return letter.letter_html(application, content=version.content)


@bp.get("/<int:application_id>/letter/history")
@login_required
def history(application_id: int):
    """List the letter's versions, newest first, each with compare and restore."""
    application = _application(application_id)
    found = _letter_or_404(application)
    page = cover_letters.list_versions(found, request.args.get("page", 1, type=int))
    return render_template("cover_letters/history.html", application=application,
                           letter=found, page=page, summary_text=cover_letters.summary_text,
                           restore_form=RestoreForm(
                               formdata=None, data={"base_version": found.version}),
                           back_url=application_url(application))


@bp.get("/<int:application_id>/letter/compare")
@login_required
def compare(application_id: int):
    """Show two versions of the letter field by field, the changed words marked."""
    application = _application(application_id)
    found = _letter_or_404(application)
    to_number = request.args.get("to", found.version, type=int)
    from_number = request.args.get("from", to_number - 1, type=int)
    comparison = cover_letters.compare(found, from_number, to_number)
    if comparison is None:
        abort(404)
    return render_template("cover_letters/compare.html", application=application,
                           letter=found, comparison=comparison, restore_form=RestoreForm(
                               formdata=None, data={"base_version": found.version}))


@bp.post("/<int:application_id>/letter/versions/<int:number>/restore")
@login_required
def restore(application_id: int, number: int):
    """Make an earlier version the newest one (the versions between stay in the history)."""
    application = _application(application_id)
    found = _letter_or_404(application)
    version = cover_letters.get_version(found, number)
    if version is None:
        abort(404)
    form = RestoreForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        changed = cover_letters.restore(found, version, logged_in_user(), form.base_version.data)
    except cover_letters.StaleLetter:
        flash(_("Not restored: the letter was saved since you opened this page. Look at the "
                "newest version first."), "warning")
        return redirect(url_for("cover_letters.history", application_id=application.id))
    flash(_("Restored version %(number)s.", number=number) if changed else
          _("Version %(number)s is what the letter says already.", number=number), "success")
    return redirect(url_for("cover_letters.edit", application_id=application.id))


@bp.get("/<int:application_id>/letter/export/<any(pdf, docx, txt):extension>")
@login_required
@downloads_limit
def download(application_id: int, extension: str):
    """Download the letter as a PDF, a Word document or plain text."""
    application = _application(application_id)
    _letter_or_404(application)
    data = letter.letter_file(application, extension)
    return send_file(io.BytesIO(data), mimetype=files.MEDIA_TYPES[extension],
                     as_attachment=True, max_age=0,
                     download_name=letter.file_name(application, extension))
