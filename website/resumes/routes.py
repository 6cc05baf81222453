"""Resume management views: thin wrappers around `website.services.resumes`."""
from urllib.parse import urlencode

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from markupsafe import Markup

from website.auth import logged_in_user
from website.cross_site import is_cross_site
from website.editor import autosave as autosave_answers
from website.editor import layout
from website.extensions import talisman
from website.i18n import interface_language
from website.models import Application, Resume
from website.resumes.forms import (
    DesignForm,
    NewResumeForm,
    RenameForm,
    SaveDesignForm,
)
from website.services import (
    applications,
    design_settings,
    designs,
    email_service,
    languages,
    quotas,
    resume_document,
    resumes,
    thumbnails,
    variants,
    versions,
)
from website.services.export import fit, rendering, system_fonts

bp = Blueprint("resumes", __name__, url_prefix="/resume")

STALE_DESIGN = _l("This resume was changed in another tab or on another device after this page "
                  "was opened, so these settings were not saved. Check the preview and save again.")
# The picture's address names the resume's version, so a browser may keep it: a saved change
# gives the page a new address.
THUMBNAIL_MAX_AGE = 7 * 24 * 3600
STALE_FIELD = _l("Not saved: this resume was changed elsewhere. Save again to replace its title.")
UNCOPYABLE = _l("This resume breaks a rule added after it was saved, so it cannot be copied. "
                "Fix it in the editor first.")


def _manage_page(status: int = 200, submitted: RenameForm | None = None, alert: str = "",
                 renaming: int | None = None):
    """Render the manage page: a card per resume (variants under their master), the rename
    form of `renaming` open, and a submitted rename form (with its errors) open in place."""
    items = resumes.list_resumes(logged_in_user())
    links = variants.links(items)
    top, children = variants.families(items, links)
    rename_forms = {resume.id: RenameForm.showing(resume) for resume in items}
    if submitted is not None:
        renaming = submitted.resume_id
        rename_forms[submitted.resume_id] = submitted
    # Only the pictures' own requests draw pages: the list names their sizes and versions.
    return render_template("resumes/manage.html", items=top, variants_of=children,
                           links=links, rename_forms=rename_forms,
                           renaming=renaming, completion=resumes.completion, alert=alert,
                           usage=quotas.usage(logged_in_user()),
                           thumbnail_size=thumbnails.resume_size,
                           design_names=designs.names()), status


@bp.get("/manage")
@login_required
def manage():
    """List the user's resumes as cards; `?rename=<id>` opens that resume's rename form."""
    return _manage_page(renaming=request.args.get("rename", type=int))


@bp.get("/<int:resume_id>/thumbnail.png")
@login_required
def thumbnail(resume_id: int):
    """Return a picture of the resume's first page, drawn once per change and then cached."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    png, key = thumbnails.resume_thumbnail(resume)
    response = make_response(png)
    response.mimetype = "image/png"
    response.cache_control.private = True  # it shows the owner's resume: no shared caches
    response.cache_control.max_age = THUMBNAIL_MAX_AGE
    response.set_etag(key)
    return response.make_conditional(request)


def _created(resume: Resume, message: str):
    """Tell the user about a resume made on the new-resume page and open it in the editor."""
    email_service.send_resume_created_email(resume)
    flash(message, "success")
    return redirect(url_for("editor.edit", resume_id=resume.id))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Create a resume from a title and a template, empty or as a copy of one of the user's
    resumes, then open the editor; an import goes on to the import page with both."""
    form = NewResumeForm().offer(resumes.list_resumes(logged_in_user()))
    if form.validate_on_submit():
        title, slug = form.title.data, form.template.data
        if form.start.data == "import":
            return redirect(url_for("imports.upload", title=title, template=slug))
        if form.start.data == "empty":
            # Like the look, the language is stored only when it is not the default.
            chosen = {"language": form.language.data} if form.language.data != \
                languages.DEFAULT else {}
            resume = resumes.create(logged_in_user(), title, slug, settings={
                **designs.preference(logged_in_user(), slug), **chosen})
            return _created(resume, _("Created “%(title)s”. Start with your personal info.",
                                      title=resume.title))
        source = resumes.get_owned(int(form.copy_of.data), logged_in_user())
        try:
            resume = resumes.duplicate(source, logged_in_user(), title, slug,
                                       design_settings.switching(source, slug, logged_in_user()))
        except resumes.InvalidResume as error:  # saved before a rule such as the size limit
            form.copy_of.errors.append(error.problems.get("document") or str(UNCOPYABLE))
        else:
            return _created(resume, _("Created “%(title)s” as a copy of “%(source)s”.",
                                      title=resume.title, source=source.title))
    status = 422 if form.is_submitted() else 200
    return render_template("resumes/new.html", form=form), status


@bp.post("/<int:resume_id>/rename")
@login_required
def rename(resume_id: int):
    """Change a resume's title as a new version, refusing a change based on an old version."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    form = RenameForm(resume_id=resume.id)
    if not form.validate_on_submit():
        if form.base_version.errors:  # only a tampered or broken page omits it
            abort(400)
        return _manage_page(422, form)
    old_title = resume.title
    try:
        changed = resumes.save(resume, logged_in_user(), form.base_version.data,
                               title=form.title.data)
    except resumes.StaleVersion:
        form.rebase(resume.version)
        form.title.errors.append(str(STALE_FIELD))
        alert = _("This resume was changed in another tab or on another device after this page "
                  "was opened, so the new title was not saved. It is now called “%(title)s”.",
                  title=resume.title)
        return _manage_page(409, form, alert)
    if changed:
        flash(_("Renamed “%(old)s” to “%(new)s”.", old=old_title, new=resume.title), "success")
    else:
        flash(_("“%(title)s” already has that title.", title=resume.title), "info")
    return redirect(url_for("resumes.manage"))


@bp.post("/<int:resume_id>/duplicate")
@login_required
def duplicate(resume_id: int):
    """Copy a resume, with its own fresh history."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    try:
        copy = resumes.duplicate(resume, logged_in_user())
    except resumes.InvalidResume as error:  # saved before a rule such as the size limit
        flash(error.problems.get("document") or str(UNCOPYABLE), "danger")
    else:
        flash(_("Created “%(title)s”.", title=copy.title), "success")
    return redirect(url_for("resumes.manage"))


@bp.post("/<int:resume_id>/delete")
@login_required
def delete(resume_id: int):
    """Move a resume to the trash, from where it can be restored."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    title = resume.title
    resumes.move_to_trash(resume)
    # The catalogues' own text is trusted HTML; Markup's % escapes the title put into it.
    moved = Markup(_('Moved “%(title)s” to the trash. <a class="alert-link" href="%(trash)s">'  # noqa: S704
                     "Open the trash</a> to restore it."))
    flash(moved % {"title": title, "trash": url_for("resumes.trash")}, "success")
    return redirect(url_for("resumes.manage"))


def _settings_query(slug: str, settings: design_settings.Settings) -> str:
    return urlencode(design_settings.as_form(slug, settings))


def _preview_page(resume: Resume, slug: str, settings: design_settings.Settings,
                  errors: dict, status: int = 200, alert: str = ""):
    """Render the Design tab: one form with every setting and action, the design beside it."""
    found = rendering.fitting(resume, settings, slug)
    query = _settings_query(slug, settings)
    return render_template(
        "resumes/preview.html", **layout.frame(
            resume, layout.DESIGN_TAB,
            preview_url=url_for("resumes.preview_document", resume_id=resume.id) + "?" + query),
        preview_slug=slug, settings=settings, errors=errors, alert=alert,
        designs=designs.available_to(resume),
        download_url=url_for("export.pdf", resume_id=resume.id) + "?" + query,
        save_form=SaveDesignForm(formdata=None, data={"base_version": resume.version}),
        fonts=design_settings.FONTS, font_sizes=design_settings.FONT_SIZES,
        margins=design_settings.MARGINS, page_sizes=design_settings.PAGE_SIZES,
        presets=design_settings.ACCENT_PRESETS, custom_accent=design_settings.CUSTOM_ACCENT,
        fit_choices=fit.CHOICES, fit_help=fit.HELP, fit=found,
        fit_message=found and fit.message(found),
        sections=[resume_document.SECTIONS_BY_KEY[key] for key in settings.section_order],
        language_groups=design_settings.language_groups(interface_language()),
        missing_fonts=system_fonts.missing_name(resume, settings, interface_language())), status


@bp.get("/<int:resume_id>/preview")
@login_required
def preview(resume_id: int):
    """Show the Design tab: the resume in its design with the settings of the query string."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    slug, settings, errors = DesignForm.from_query(request.args).chosen(resume, logged_in_user())
    page = _preview_page(resume, slug, settings, errors, 422 if errors else 200)
    if not is_cross_site():  # a view another site caused is not the owner's
        resumes.record_view(resume)
    return page


@bp.post("/<int:resume_id>/preview/show")
@login_required
def show_design(resume_id: int):
    """Show the settings of the Design form without saving them (its "Show" button)."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    form = DesignForm()
    slug, settings, errors = form.chosen(resume, logged_in_user())
    if errors:
        return _preview_page(resume, slug, settings, errors, 422)
    _check(form)
    return redirect(url_for("resumes.preview", resume_id=resume.id) + "?" +
                    _settings_query(slug, settings))


def _check(form: DesignForm) -> None:
    """Abort with 400 unless the posted Design form is valid: only a tampered page (text no
    column holds, a missing or forged base_version) gets here; CSRF has its own page."""
    if not form.validate_on_submit():
        abort(400)


def _save_design(resume: Resume, form: SaveDesignForm, slug: str,
                 settings: design_settings.Settings, autosave: bool = False) -> bool:
    """Save `slug` and `settings` for the resume as a version based on the form's
    base_version; return whether anything changed (raises resumes.StaleVersion)."""
    _check(form)
    return resumes.change_design(resume, logged_in_user(), form.base_version.data, slug, settings,
                                 autosave=autosave)


@bp.post("/<int:resume_id>/preview")
@login_required
def save_design(resume_id: int):
    """Save the design and settings the Design form holds, as a new version."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    form = SaveDesignForm()
    slug, settings, errors = form.chosen(resume, logged_in_user())
    if errors:
        return _preview_page(resume, slug, settings, errors, 422)
    try:
        changed = _save_design(resume, form, slug, settings)
    except resumes.StaleVersion:
        return _preview_page(resume, slug, settings, {}, 409, str(STALE_DESIGN))
    if changed:
        flash(_("Saved the %(design)s design and its settings.", design=designs.names()[slug]),
              "success")
    else:
        flash(_("These are already the resume's design settings."), "info")
    return redirect(url_for("resumes.preview", resume_id=resume.id))


@bp.post("/<int:resume_id>/preview/autosave")
@login_required
def autosave_design(resume_id: int):
    """Save the Design form as the user changes it; answer in JSON (see
    `website.editor.autosave`)."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    form = SaveDesignForm()
    slug, settings, errors = form.chosen(resume, logged_in_user())
    if errors:
        return autosave_answers.invalid(
            form.marked(errors), _("Some settings could not be used: fix the fields marked."))
    try:
        changed = _save_design(resume, form, slug, settings, autosave=True)
    except resumes.StaleVersion:
        return autosave_answers.stale()
    return autosave_answers.saved(resume, changed, resumes.completion(resume))


@bp.post("/<int:resume_id>/preview/default")
@login_required
def save_default(resume_id: int):
    """Keep the colour, font, sizes and margins the Design form holds as the user's start for
    that design."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    form = DesignForm()
    slug, settings, errors = form.chosen(resume, logged_in_user())
    if errors:
        return _preview_page(resume, slug, settings, errors, 422)
    _check(form)
    designs.save_preference(logged_in_user(), slug, settings.stored())
    name = designs.names()[slug]
    flash(_("Saved as your default for %(design)s: new resumes and switches to %(design)s start "
            "with this colour, font, size and margins.", design=name), "success")
    # Back to the same settings, which are not the resume's own until saved for it.
    return redirect(url_for("resumes.preview", resume_id=resume.id) + "?" +
                    _settings_query(slug, settings))


@bp.get("/<int:resume_id>/preview/document")
@login_required
@talisman(frame_options="SAMEORIGIN", content_security_policy=rendering.DOCUMENT_POLICY)
def preview_document(resume_id: int):
    """Return the resume's design HTML, exactly as the PDF is made from, for the preview frame."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    slug, settings, _ = DesignForm.from_query(request.args).chosen(resume, logged_in_user())
    return rendering.render_html(resume, settings, slug)


@bp.get("/trash")
@login_required
def trash():
    """List the user's trashed resumes, newest deletion first."""
    return render_template("resumes/trash.html", design_names=designs.names(),
                           items=resumes.list_resumes(logged_in_user(), trashed=True))


@bp.post("/<int:resume_id>/restore")
@login_required
def restore(resume_id: int):
    """Bring a resume back from the trash with its whole history."""
    resume = resumes.get_owned(resume_id, logged_in_user(), trashed=True)
    resumes.restore_from_trash(resume)
    flash(_("Restored “%(title)s”.", title=resume.title), "success")
    return redirect(url_for("resumes.manage"))


@bp.get("/<int:resume_id>/purge")
@login_required
def confirm_purge(resume_id: int):
    """Ask before deleting a trashed resume for good, saying what will be lost."""
    resume = resumes.get_owned(resume_id, logged_in_user(), trashed=True)
    if sent := applications.sent_with(resume):
        return _purge_refused(resume, sent)
    return render_template("resumes/purge.html", resume=resume,
                           version_count=versions.version_count(resume))


def _purge_refused(resume: Resume, sent: list[Application], status: int = 200):
    """Say why a resume sent with applications stays: they keep the version the employer got."""
    return render_template("resumes/purge_refused.html", resume=resume, sent=sent), status


@bp.post("/<int:resume_id>/purge")
@login_required
def purge(resume_id: int):
    """Delete a trashed resume and its history permanently."""
    resume = resumes.get_owned(resume_id, logged_in_user(), trashed=True)
    if sent := applications.sent_with(resume):
        return _purge_refused(resume, sent, 409)
    title = resume.title
    resumes.delete_for_good(resume)
    flash(_("Deleted “%(title)s” and its history for good.", title=title), "success")
    return redirect(url_for("resumes.trash"))
