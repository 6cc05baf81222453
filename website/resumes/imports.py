"""The import pages: upload a resume file, review what was understood, then create the resume
or discard it. Thin views over `website.services.imports`."""
from dataclasses import dataclass, field

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.exceptions import RequestEntityTooLarge

from website.auth import logged_in_user
from website.extensions import limiter, logged_in_account
from website.resumes.forms import ImportForm, ReviewImportForm
from website.routing import NoSuchPage
from website.services import designs, email_service, quotas, resume_document, resumes
from website.services.export import view
from website.services.imports import ImportRejected, ImportWarning, pending, reader

bp = Blueprint("imports", __name__, url_prefix="/resume/import")

SOURCES = {"json": _l("JSON Resume file"), "pdf-attachment": _l("PDF exported from Resume Builder"),
           "pdf": "PDF", "docx": _l("Word document"), "linkedin": _l("LinkedIn data export")}


def _upload_page(form: ImportForm, status: int = 200):
    # A design no longer (or never) on offer is left out, as if none had been chosen.
    chosen = designs.get(form.template.data) if designs.is_offered(form.template.data) \
        else None
    return render_template("resumes/import.html", form=form, chosen=chosen), status


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """Say on the import page that the file is over the request limit, not on an error page."""
    form = ImportForm(formdata=None, data={"title": request.args.get("title", ""),
                                           "template": request.args.get("template", "")})
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    form.file.errors = [_("The file is larger than %(limit)d MB, so it was not read. A resume "
                          "file is rarely over 1 MB: export it again without large pictures.",
                          limit=limit)]
    return _upload_page(form, 413)


@bp.route("", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["IMPORT_LIMIT"], key_func=logged_in_account,
               methods=["POST"])
def upload():
    """Read an uploaded resume file and show what was understood on its review page; the title
    and design may come from the new-resume page (`?title=...&template=...`)."""
    form = ImportForm(data={"title": request.args.get("title", ""),
                            "template": request.args.get("template", "")})
    if form.validate_on_submit():
        try:
            pending.check_room(logged_in_user())
            result = reader.read(form.file.data.read())
            chosen = form.template.data if designs.is_offered(form.template.data) else None
            stored = pending.store(logged_in_user(), result, form.file.data.filename or "",
                                   form.title.data or "", chosen)
        except (ImportRejected, quotas.QuotaExceeded) as error:
            form.file.errors.append(str(error))
        else:
            return redirect(url_for("imports.review", token=stored.token))
    return _upload_page(form, 422 if form.is_submitted() else 200)


class ImportGone(NoSuchPage):
    """A 404 whose page says why (the error page shows a NoSuchPage's description)."""

    description = _l("This import is not here: imports wait a day for review, and only their "
                     "owner sees them. Upload the file again.")


def _owned(token: str):
    """Return the user's pending import, or raise 404 for another's, an expired or a gone one."""
    try:
        return pending.get_owned(token, logged_in_user())
    except pending.PendingImportNotFound as error:
        raise ImportGone() from error


@dataclass
class ReviewEntry:
    """One entry as the review page lists it."""

    keep: str  # the value of its "keep" checkbox
    shown: view.Entry
    details: list[str] = field(default_factory=list)


@dataclass
class ReviewSection:
    """One section of the file as the review page lists it, with its warnings."""

    key: str
    title: str
    entries: list[ReviewEntry]
    warnings: list[str]


def _review_sections(document: dict, warnings: list[ImportWarning]) -> list[ReviewSection]:
    """Return the sections that hold entries or warnings, in the document's order."""
    found = []
    for section in resume_document.SECTIONS:
        entries = [ReviewEntry(f"{section.key}-{index}", view.SHAPERS[section.key](entry))
                   for index, entry in enumerate(document.get(section.key, []))]
        said = [w.message for w in warnings if w.section == section.key]
        if entries or said:
            found.append(ReviewSection(section.key, section.title, entries, said))
    return found


def _review_page(item, form: ReviewImportForm, status: int = 200, alert: str = ""):
    warnings = pending.warnings_of(item)
    return render_template(
        "resumes/import_review.html", item=item, form=form, alert=alert,
        source=SOURCES.get(item.source, item.source),
        sections=_review_sections(item.document, warnings),
        basics_warnings=[w.message for w in warnings if w.section == "basics"],
        file_warnings=[w.message for w in warnings
                       if w.section not in resume_document.SECTIONS_BY_KEY
                       and w.section != "basics"],
        profiles=item.document.get("basics", {}).get("profiles", []),
        kept=set(form.keep.data or []), max_age=pending.KEPT_FOR), status


@bp.get("/<token>")
@login_required
def review(token: str):
    """Show what the file was understood to say, with what to keep and fix before creating."""
    item = _owned(token)
    start = pending.everything(item)
    form = ReviewImportForm(formdata=None, data={
        **{name: start.basics[key] for name, key in ReviewImportForm.BASICS_KEYS.items()},
        "title": start.title, "template": start.design, "keep": sorted(start.keep)})
    return _review_page(item, form.offer(pending.keep_values(item.document)))


@bp.post("/<token>")
@login_required
def create(token: str):
    """Create the resume as the review page's choices say and open it in the editor."""
    item = _owned(token)
    form = ReviewImportForm().offer(pending.keep_values(item.document))
    if not form.validate_on_submit():
        return _review_page(item, form, 422)
    choices = pending.Choices(form.title.data, form.template.data, form.basics(),
                              frozenset(form.keep.data or []))
    try:
        resume = pending.confirm(item, logged_in_user(), choices)
    except (quotas.QuotaExceeded, ImportRejected) as error:
        return _review_page(_owned(token), form, 422, str(error))
    except resumes.InvalidResume as error:
        problems = error.problems
        return _review_page(_owned(token), form, 422, str(
            problems.get("document") or problems.get("title")
            or _("This resume breaks a rule of ours; fix the fields marked and try again.")))
    email_service.send_resume_created_email(resume)
    flash(_("Created “%(title)s” from your file. Check each section before you send it.",
            title=resume.title), "success")
    return redirect(url_for("editor.edit", resume_id=resume.id))


@bp.post("/<token>/discard")
@login_required
def discard(token: str):
    """Forget an import without creating anything."""
    pending.discard(_owned(token))
    flash(_("Discarded the import; nothing was created."), "success")
    return redirect(url_for("imports.upload"))
