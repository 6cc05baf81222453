"""Gallery views: thin wrappers around `services.designs`, `design_settings` and `thumbnails`."""
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
from flask_login import current_user, login_required

from website.auth import logged_in_user
from website.designs.forms import UseDesignForm
from website.services import designs, resumes, thumbnails

bp = Blueprint("designs", __name__, url_prefix="/templates")

STALE = _l("“%(title)s” was changed in another tab or on another device after this page was "
           "opened, so its template was not switched. Choose it again to switch it now.")


def _detail_page(design: designs.DesignInfo, form: UseDesignForm | None = None,
                 status: int = 200, alert: str = ""):
    """Render one design's page, with the form that uses it for one of the user's resumes."""
    if current_user.is_authenticated:
        form = (form or UseDesignForm()).offer(resumes.list_resumes(logged_in_user()))
    return render_template("designs/detail.html", design=design, form=form,
                           alert=alert), status


@bp.get("")
def gallery():
    """List every design on offer with a picture of a sample resume in it."""
    return render_template("designs/index.html", designs=designs.offered())


@bp.get("/<slug>")
def detail(slug: str):
    """Show one design large, with what it suits and a way to use it."""
    return _detail_page(designs.get_offered(slug))


@bp.get("/<slug>/thumbnail.png")
def thumbnail(slug: str):
    """Return the picture of a sample resume in design `slug`, drawn once and then cached."""
    if designs.get(slug) is None:
        abort(404)
    png, key = thumbnails.thumbnail(slug)
    response = make_response(png)
    response.mimetype = "image/png"
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    response.set_etag(key)  # a changed design gets a new tag, so browsers fetch it again
    return response.make_conditional(request)


@bp.post("/<slug>/use")
@login_required
def use(slug: str):
    """Switch one of the user's resumes to this design as a new version, keeping its content."""
    design = designs.get_offered(slug)
    form = UseDesignForm()
    if not form.validate_on_submit():
        return _detail_page(design, form, 422)
    resume_id, base_version = form.chosen()
    resume = resumes.get_owned(resume_id, logged_in_user())
    try:
        changed = resumes.change_design(resume, logged_in_user(), base_version, slug)
    except resumes.StaleVersion:
        return _detail_page(design, UseDesignForm(formdata=None), 409,
                            str(STALE) % {"title": resume.title})
    if changed:
        flash(_("“%(title)s” now uses the %(design)s template. Its content is unchanged; the "
                "version history has the previous design.", title=resume.title, design=design.name),
              "success")
    else:
        flash(_("“%(title)s” already uses the %(design)s template.", title=resume.title,
                design=design.name), "info")
    return redirect(url_for("resumes.preview", resume_id=resume.id))
