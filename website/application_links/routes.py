"""Tracked links: the owner makes and revokes them under /applications/<id>/links; the
employer opens /a/<token> and sees the resume version the application sent, in its design."""
import io
import re
from dataclasses import dataclass

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import login_required

from website.application_links.forms import LinkForm
from website.auth import logged_in_user
from website.extensions import export_limit, talisman
from website.models import Application, ApplicationLink, ResumeVersion
from website.services import application_links, applications
from website.services.export import downloads, files, rendering
from website.sharing.routes import NOINDEX, PUBLIC_POLICY

bp = Blueprint("application_links", __name__)
# Where a form may send the owner back to: the application's page or its links page.
BACK = re.compile(r"/applications/(\d+)(/links)?")


@bp.after_request
def kept_by_nobody(response: Response) -> Response:
    """Let no cache keep these pages (a revoked link must stop at once, and the owner's pages
    hold the tokens), and ask search engines not to list them."""
    response.headers["Cache-Control"] = "no-store"
    response.headers.update(NOINDEX)
    return response


@dataclass(frozen=True)
class LinkRow:
    """One link as the owner's panel lists it."""

    link: ApplicationLink
    url: str
    state: str


@bp.app_context_processor
def links_panel_context() -> dict:
    """Give the links panel, wherever a page includes it, the rows and the form it shows."""

    def link_rows(application: Application) -> list[LinkRow]:
        return [LinkRow(link, url_for("application_links.public", token=link.token,
                                      _external=True), application_links.state(link))
                for link in application_links.links_of(application)]

    def new_link_form() -> LinkForm:
        return LinkForm(formdata=None, back=request.path)

    return {"link_rows": link_rows, "new_link_form": new_link_form,
            "sends_a_photo": application_links.sends_a_photo}


def _application(application_id: int) -> Application:
    return applications.get_owned(application_id, logged_in_user())


def _links_page(application: Application, form: LinkForm, status: int = 200):
    return render_template("application_links/manage.html", application=application,
                           link_form=form), status


def _back(application: Application) -> str:
    """Return the page the form came from when it is one of the application's, else its
    links page; with the links panel in view."""
    back = request.form.get("back", "")
    found = BACK.fullmatch(back)
    if found is None or int(found.group(1)) != application.id:
        back = url_for("application_links.manage", application_id=application.id)
    return back + "#links"


@bp.get("/applications/<int:application_id>/links")
@login_required
def manage(application_id: int):
    """Show the application's links with their state and views, and the form for a new one."""
    application = _application(application_id)
    return _links_page(application, LinkForm(formdata=None, back=request.path))


@bp.post("/applications/<int:application_id>/links")
@login_required
def create(application_id: int):
    """Make a new link to the version the application sent."""
    application = _application(application_id)
    form = LinkForm()
    if form.validate_on_submit():
        try:
            application_links.create(application, expires_at=form.expires_at(),
                                     show_photo=form.show_photo.data)
        except application_links.LinkRefused as refused:
            form.form_errors.append(str(refused))
        else:
            flash(_("Made a new link: copy it from the list and send it to the employer."),
                  "success")
            return redirect(_back(application))
    return _links_page(application, form, 422)


@bp.post("/applications/<int:application_id>/links/<int:link_id>/revoke")
@login_required
def revoke(application_id: int, link_id: int):
    """Stop a link from opening (CSRF is checked for every POST)."""
    application = _application(application_id)
    link = application_links.get_owned(application, link_id)
    if application_links.revoke(link):
        flash(_("Revoked the link: it no longer opens."), "success")
    return redirect(_back(application))


def _opened(token: str) -> tuple[ApplicationLink, ResumeVersion]:
    """Return the live link with `token` and the version it shows; a 404 for a token no link
    has (or a trashed application's), the page saying why for a link that stopped working."""
    link = application_links.find(token)
    if link is None:
        abort(404)
    version = application_links.sent_version(link)
    if not application_links.is_live(link) or version is None:
        abort(Response(render_template("application_links/gone.html", link=link,
                                       state=application_links.state(link),
                                       version_gone=version is None), 410))
    return link, version


def _name(version: ResumeVersion) -> str:
    return (version.content.get("basics") or {}).get("name") or version.title


@bp.get("/a/<token>")
@talisman(content_security_policy=PUBLIC_POLICY)
def public(token: str):
    """Show the employer the resume version the application sent; counted as a visit."""
    link, version = _opened(token)
    page = render_template("application_links/public.html", link=link, token=token,
                           application=link.application, name=_name(version),
                           document_url=url_for(".document", token=token),
                           pdf_url=url_for(".pdf", token=token))
    application_links.record_view(link)
    return page


@bp.get("/a/<token>/document")
@talisman(frame_options="SAMEORIGIN", content_security_policy=rendering.DOCUMENT_POLICY)
def document(token: str):
    """Return the sent version's design HTML for the public page's frame."""
    link, version = _opened(token)
    return rendering.render_html(
        version, application_links.shown_settings(link, version),
        photo_link=lambda photo: url_for(".photo", token=token, photo_id=photo.id))


@bp.get("/a/<token>/pdf")
@export_limit(get_remote_address)
def pdf(token: str):
    """Send the sent version as the PDF of what the public page shows; counted as a visit."""
    link, version = _opened(token)
    data = files.version_pdf(version, application_links.shown_settings(link, version))
    application_links.record_view(link)
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                     download_name=downloads.file_name(version, "pdf"))


@bp.get("/a/<token>/photos/<int:photo_id>")
def photo(token: str, photo_id: int):
    """Send the photo the sent version shows, and no other, while the link shows photos."""
    link, version = _opened(token)
    found = application_links.shown_photo(link, version, photo_id)
    if found is None:
        abort(404)
    return send_file(io.BytesIO(found.data), mimetype=found.mime_type)
