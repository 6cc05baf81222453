"""Friendly error pages; one template, a title and a sentence per status."""
import logging

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound

from website.api import problems
from website.extensions import logged_out_answer, wants_json
from website.routing import NoSuchPage
from website.services import errors as service_errors
from website.services.quotas import QuotaExceeded

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Bad request"), _l("We couldn't understand that request.")),
    403: (_l("Not allowed"), _l("You don't have permission to see this page.")),
    404: (_l("Page not found"), _l("There is nothing at this address. Check the link, or go back "
                                   "home.")),
    405: (_l("Not allowed"), _l("That action can't be done this way.")),
    413: (_l("Too large"), _l("What you sent is larger than we accept.")),
    429: (_l("Slow down"), _l("Too many attempts in a short time. Please wait a few minutes and "
                              "try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error happened on our side. It has been "
                                         "logged; please try again in a moment.")),
}


def _render(status: int, message: str | None = None):
    title, default_message = MESSAGES.get(status, (_l("Error"), _l("Something went wrong.")))
    # As plain text, so the page escapes them: a lazy text would be inserted as HTML.
    return render_template("errors/error.html", status=status, title=str(title),
                           message=str(message or default_message)), status


def register_error_handlers(app: Flask) -> None:
    """Render every HTTP error with the friendly error page."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        if problems.is_api_request():  # only a path no API view serves gets checked
            return problems.from_exception(NotFound())
        if wants_json():  # a script (autosave): with cookies cleared the token fails first
            if not current_user.is_authenticated:
                return logged_out_answer()
            return {"error": "expired", "message": _("This page has expired: reload it to "
                                                     "continue. Your text is kept.")}, 400
        return _render(400, _("This form has expired or was not sent from our site. Go back, "
                              "reload the page and try again."))

    @app.errorhandler(QuotaExceeded)
    def quota_exceeded(error):
        # Pages that can show it next to a field do so; every other route lands here.
        if problems.is_api_request():
            return problems.response(403, str(error))
        return _render(403, str(error))

    @app.errorhandler(HTTPException)
    def http_error(error):
        if problems.is_api_request():
            return problems.from_exception(error)
        body, status = _render(error.code or 500,
                               error.description if isinstance(error, NoSuchPage) else None)
        # Keep the headers the error carries, such as Allow on a 405.
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        return body, status, headers

    @app.errorhandler(service_errors.NotFound)
    def not_found(error):
        # What a service did not find is answered as a path no route serves.
        return http_error(NotFound())

    if not app.debug:  # in development the interactive debugger is more useful
        @app.errorhandler(Exception)
        def unexpected_error(error):
            log.exception("Unhandled error")
            if problems.is_api_request():
                return problems.from_exception(InternalServerError())
            return _render(InternalServerError.code)
