"""Export views: a resume as a file to download, and each design's stylesheet."""
import io
from collections.abc import Callable

from flask import Blueprint, abort, make_response, request, send_file
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from website.auth import logged_in_user
from website.cross_site import is_cross_site
from website.extensions import account_key, export_limit
from website.models import Resume
from website.resumes.forms import DesignForm
from website.services import design_settings, designs, resumes
from website.services.export import downloads, files, rendering

bp = Blueprint("export", __name__, url_prefix="/resume")


def _export_key() -> str:
    """Rate-limit key: the logged-in user's account, so one account cannot export without end."""
    if current_user.is_authenticated:
        return account_key(logged_in_user().id)
    return get_remote_address()


downloads_limit = export_limit(_export_key)


def _language() -> str | None:
    """Return the language the query asks the file in (?language=de); the resume's own
    language when it asks for none, or for one the resume is not translated into."""
    return request.args.get("language")


def download(resume_id: int, make: Callable[[Resume], bytes], extension: str):
    """Send the user's resume as a file made by `make(resume)`, counting the download unless
    another site sent the browser here (the file reaches only the user; the count, the email
    and the webhook event would be the other site's doing)."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    # Before counting's commit expires `resume`.
    name = downloads.file_name(resume, extension, _language())
    if is_cross_site():
        data = make(resume)
    else:
        data = downloads.counted(resume, extension, lambda: make(resume))
    return send_file(io.BytesIO(data), mimetype=files.MEDIA_TYPES[extension], as_attachment=True,
                     download_name=name, max_age=0)


# The route nearest the function is registered first, so url_for builds that one.
@bp.get("/download/<int:resume_id>")  # the original app's address
@bp.get("/<int:resume_id>/export/pdf")
@login_required
@downloads_limit
def pdf(resume_id: int):
    """Download the resume as a PDF in its design, or in the design and settings the query asks
    for (the Design page's link carries what it shows, saved or not), in the language it asks
    for."""
    return download(resume_id, _pdf_as_shown, "pdf")


def _pdf_as_shown(resume: Resume) -> bytes:
    if "template" not in request.args:
        return files.pdf(resume, language=_language())
    # Settings that cannot be used fall back as the Design page's preview does.
    slug, settings, _ = DesignForm.from_query(request.args).chosen(resume, logged_in_user())
    return files.pdf(resume, slug, settings, language=_language())


@bp.get("/design/<slug>.css")
def design_css(slug: str):
    """Return a design's stylesheet drawn with the colour, font, size and page in the query."""
    if designs.get(slug) is None:
        abort(404)
    settings, errors = design_settings.validate(request.args, slug)
    if errors:
        abort(400)
    response = make_response(rendering.render_css(slug, settings))
    response.mimetype = "text/css"
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.get("/<int:resume_id>/export/txt")
@login_required
@downloads_limit
def plain_text(resume_id: int):
    """Download the resume as plain text to paste into application forms."""
    return download(resume_id, lambda resume: files.plain_text(resume, language=_language()),
                    "txt")


@bp.get("/export-json/<int:resume_id>")  # the original app's address
@bp.get("/<int:resume_id>/export/json")
@login_required
@downloads_limit
def json_file(resume_id: int):
    """Download the resume as a JSON Resume file, with its template and settings."""
    return download(resume_id, lambda resume: files.json_file(resume, language=_language()),
                    "json")


@bp.get("/<int:resume_id>/export/docx")
@login_required
@downloads_limit
def word(resume_id: int):
    """Download the resume as a Word document."""
    return download(resume_id, lambda resume: files.word(resume, language=_language()), "docx")
