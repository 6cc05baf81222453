"""The unsubscribe form."""
from flask_babel import lazy_gettext as _l
from wtforms import SubmitField

from website.forms import SiteForm


class UnsubscribeForm(SiteForm):
    """One button; the signed token in the URL is what authorises it, not a session."""

    class Meta:
        # RFC 8058: mail clients post the one-click unsubscribe without cookies or a page to
        # read a CSRF token from. A forged post cannot name anyone: it needs a signed token.
        csrf = False

    submit = SubmitField(_l("Unsubscribe"))
