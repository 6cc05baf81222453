"""The cover letter behind an application's tracked link: the letter in its design for the
recruiter's page frame, its PDF, and the letter stylesheet both the owner's and the public
pages link."""
import io

from flask import Blueprint, abort, make_response, render_template, request, send_file
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address

from website.extensions import export_limit, talisman
from website.models import ApplicationLink
from website.services import application_links, design_settings, designs
from website.services.export import letter, rendering

bp = Blueprint("public_letters", __name__)
NOINDEX = {"X-Robots-Tag": "noindex, nofollow, noarchive"}
NO_CACHE = {"Cache-Control": "private, no-cache"}
GONE = _l("This link no longer works: it was revoked or it expired. Ask the applicant for a "
           "new one.")


class LinkGone(Exception):
    """The link was revoked or expired."""


@bp.errorhandler(LinkGone)
def link_gone(_error):
    """Say that the link no longer works (410), on a page of its own."""
    page = render_template("errors/error.html", status=410, title=_("Link no longer works"),
                           message=GONE)
    return page, 410, {**NOINDEX, **NO_CACHE}


def _live_link_or_abort(token: str) -> ApplicationLink:
    """Return the live link of `token` whose application has a letter: 404 for an unknown
    token or no letter, 410 when the link was revoked or expired."""
    link = application_links.find(token)
    if link is None or link.application.cover_letter is None \
            or link.application.sent is None:
        abort(404)
    if not application_links.is_live(link):
        raise LinkGone()
    return link


@bp.get("/a/<token>/letter")
@talisman(frame_options="SAMEORIGIN", content_security_policy=rendering.DOCUMENT_POLICY)
def letter_document(token: str):
    """Return the application's cover letter in its design, for the public page's frame."""
    link = _live_link_or_abort(token)
    # No photo off the owner's pages: a letterhead does not need one.
    html = letter.letter_html(link.application, show_photo=False)
    return html, 200, {**NOINDEX, **NO_CACHE}


@bp.get("/a/<token>/letter.pdf")
@export_limit(get_remote_address)
def letter_pdf(token: str):
    """Send the application's cover letter as a PDF; counted as a view of the link."""
    link = _live_link_or_abort(token)
    application = link.application
    data = letter.letter_pdf(application, show_photo=False)
    name = letter.file_name(application, "pdf")
    application_links.record_view(link)
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                         download_name=name)
    response.headers.update({**NOINDEX, **NO_CACHE})
    return response


@bp.get("/letter-design/<slug>.css")
def letter_css(slug: str):
    """Return a design's stylesheet with the cover letter's rules after it, drawn with the
    colour, font, size and page in the query."""
    if designs.get(slug) is None:
        abort(404)
    settings, errors = design_settings.validate(request.args, slug)
    if errors:
        abort(400)
    response = make_response(rendering.render_css(slug, settings) + "\n"
                             + letter.render_letter_css(slug, settings))
    response.mimetype = "text/css"
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response
