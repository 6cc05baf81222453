"""Applications pages: the list, the board, the form, the detail page and the trash; thin
wrappers around `website.services.applications`."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from website.applications.forms import ApplicationForm, ListQuery, MoveForm
from website.auth import logged_in_user
from website.extensions import wants_json
from website.models import Application
from website.models.application import STATUSES
from website.routing import requested_page
from website.services import applications, resumes

bp = Blueprint("applications", __name__, url_prefix="/applications")

# Cards per board column; the rest are a click away in the list, filtered by that status.
CARDS_PER_COLUMN = 10
# Rows per page of the list and the trash: a screen or two, quick to draw.
ROWS_PER_PAGE = 25
TIMELINE_PER_PAGE = 20


@bp.get("/")
@login_required
def index():
    """List the user's applications, newest status change first, filtered by status and text;
    `?undo=<id>` offers to bring back the application just moved to the trash."""
    query = ListQuery(request.args)
    status = query.status.data if query.status.data in STATUSES else None
    text = (query.q.data or "") if query.validate() else ""
    pagination = applications.list_page(logged_in_user(), status=status, text=text,
                                        page=requested_page(request.args),
                                        per_page=ROWS_PER_PAGE, summary_only=True)
    undo = request.args.get("undo", type=int)
    trashed = applications.find_trashed(undo, logged_in_user()) if undo else None
    return render_template("applications/index.html", pagination=pagination, query=query,
                           status=status, text=text,
                           counts=applications.status_counts(logged_in_user()),
                           labels=applications.STATUS_LABELS, statuses=STATUSES,
                           trashed=trashed)


@bp.get("/board")
@login_required
def board():
    """Show the applications as a board: a column per status, newest cards first."""
    return render_template("applications/board.html",
                           columns=applications.board(logged_in_user(), CARDS_PER_COLUMN),
                           per_column=CARDS_PER_COLUMN, statuses=STATUSES,
                           labels=applications.STATUS_LABELS)


def _form_page(form: ApplicationForm, application: Application | None = None,
               status: int = 200):
    return render_template("applications/form.html", form=form, application=application), status


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Add an application: the job, the resume to send (its newest version is frozen) and its
    status."""
    form = ApplicationForm().offer(resumes.list_resumes(logged_in_user()))
    if form.validate_on_submit():
        resume_id = form.chosen_resume_id()
        resume = resumes.get_owned(resume_id, logged_in_user()) if resume_id else None
        try:
            application = applications.create(logged_in_user(), form.fields(),
                                              status=form.status.data, resume=resume)
        except applications.InvalidApplication as error:
            _mark(form, error)
        else:
            flash(_("Added “%(role)s” at %(company)s.", role=application.role,
                    company=application.company), "success")
            return redirect(url_for("applications.show", application_id=application.id))
    return _form_page(form, status=422 if form.is_submitted() else 200)


def _mark(form: ApplicationForm, error: applications.InvalidApplication) -> None:
    """Put each of the service's problems next to its field."""
    for name, message in error.problems.items():
        form[name].errors = [*form[name].errors, message]


@bp.route("/<int:application_id>/edit", methods=["GET", "POST"])
@login_required
def edit(application_id: int):
    """Change an application's fields; choosing another resume sends its newest version."""
    application = applications.get_owned(application_id, logged_in_user())
    form = ApplicationForm(obj=application)
    form.offer(resumes.list_resumes(logged_in_user()), application.resume)
    if not form.is_submitted():
        form.resume.data = str(application.resume_id or "")
    del form.status  # moved with the status mover, so every move is on the timeline
    if form.validate_on_submit():
        resume_id = form.chosen_resume_id()
        try:
            applications.check(form.fields())
        except applications.InvalidApplication as error:
            _mark(form, error)
        else:
            if resume_id is not None and resume_id != application.resume_id:
                applications.send_resume(application, logged_in_user(),
                                         resumes.get_owned(resume_id, logged_in_user()))
            applications.update(application, logged_in_user(), form.fields())
            flash(_("Saved “%(role)s” at %(company)s.", role=application.role,
                    company=application.company), "success")
            return redirect(url_for("applications.show", application_id=application.id))
    return _form_page(form, application, 422 if form.is_submitted() else 200)


def _detail_page(application: Application, move_errors: list[str] = (), status: int = 200):
    timeline = applications.timeline(application, requested_page(request.args),
                                     TIMELINE_PER_PAGE)
    newest = application.resume if application.resume and \
        application.resume.deleted_at is None else None
    return render_template(
        "applications/show.html", application=application, timeline=timeline,
        labels=applications.STATUS_LABELS, statuses=STATUSES, newest=newest,
        move_errors=move_errors), status


@bp.get("/<int:application_id>")
@login_required
def show(application_id: int):
    """Show an application: its status, the version sent, the match, notes and timeline."""
    return _detail_page(applications.get_owned(application_id, logged_in_user()))


@bp.post("/<int:application_id>/status")
@login_required
def move(application_id: int):
    """Move an application to another status (the board's drag and drop, its cards' forms and
    the detail page's mover); a script is answered in JSON."""
    application = applications.get_owned(application_id, logged_in_user())
    form = MoveForm()
    if not form.validate():
        # A forged status may break several rules; the first says what to do.
        message = str(form.status.errors[0]) if form.status.errors else \
            _("Choose one of the statuses listed.")
        if wants_json():
            return {"error": "invalid", "message": message}, 422
        return _detail_page(application, [message], 422)
    moved = applications.move(application, form.status.data)
    label = str(applications.STATUS_LABELS[application.status])
    named = {"role": application.role, "company": application.company, "status": label}
    message = _("Moved “%(role)s” at %(company)s to %(status)s.", **named) if moved else \
        _("“%(role)s” at %(company)s is already in %(status)s.", **named)
    if wants_json():
        return {"status": application.status, "label": label, "message": message,
                "counts": applications.status_counts(logged_in_user())}
    flash(message, "success" if moved else "info")
    back = form.back_to()
    if back == "board":
        return redirect(url_for("applications.board") + f"#application-{application.id}")
    if back == "list":
        return redirect(url_for("applications.index"))
    return redirect(url_for("applications.show", application_id=application.id))


@bp.post("/<int:application_id>/send-newest")
@login_required
def send_newest(application_id: int):
    """Send the newest version of the application's resume instead of the one sent before."""
    application = applications.get_owned(application_id, logged_in_user())
    resume = application.resume
    if resume is None or resume.deleted_at is not None:
        flash(_("This application has no resume to send: choose one on its edit page."),
              "danger")
    elif application.sent_version == resume.version:
        flash(_("Version %(number)s is already the one sent.", number=resume.version), "info")
    else:
        applications.send_resume(application, logged_in_user(), resume)
        flash(_("Now sending version %(number)s of “%(title)s”.", number=resume.version,
                title=resume.title), "success")
    return redirect(url_for("applications.show", application_id=application.id))


@bp.post("/<int:application_id>/delete")
@login_required
def delete(application_id: int):
    """Move an application to the trash; the list then offers to undo it."""
    application = applications.get_owned(application_id, logged_in_user())
    applications.move_to_trash(application)
    return redirect(url_for("applications.index", undo=application.id))


@bp.get("/trash")
@login_required
def trash():
    """List the user's trashed applications."""
    return render_template("applications/trash.html", pagination=applications.list_page(
        logged_in_user(), trashed=True, page=requested_page(request.args), per_page=ROWS_PER_PAGE,
        summary_only=True))


@bp.post("/<int:application_id>/restore")
@login_required
def restore(application_id: int):
    """Bring an application back from the trash with its letter, links and timeline."""
    application = applications.get_owned(application_id, logged_in_user(), trashed=True)
    applications.restore_from_trash(application)
    flash(_("Restored “%(role)s” at %(company)s.", role=application.role,
            company=application.company), "success")
    return redirect(url_for("applications.show", application_id=application.id))


@bp.get("/<int:application_id>/purge")
@login_required
def confirm_purge(application_id: int):
    """Ask before deleting a trashed application for good."""
    return render_template("applications/purge.html", application=applications.get_owned(
        application_id, logged_in_user(), trashed=True))


@bp.post("/<int:application_id>/purge")
@login_required
def purge(application_id: int):
    """Delete a trashed application, its letter, links and timeline permanently."""
    application = applications.get_owned(application_id, logged_in_user(), trashed=True)
    named = {"role": application.role, "company": application.company}
    applications.delete_for_good(application)
    flash(_("Deleted “%(role)s” at %(company)s for good.", **named), "success")
    return redirect(url_for("applications.trash"))
