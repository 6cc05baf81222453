"""The unsubscribe form."""
from flask_wtf import FlaskForm
from wtforms import SubmitField


class UnsubscribeForm(FlaskForm):
    """One button; the signed token in the URL is what authorises it, not a session."""

    class Meta:
        # RFC 8058: mail clients post the one-click unsubscribe without cookies or a page to
        # read a CSRF token from. A forged post cannot name anyone: it needs a signed token.
        csrf = False

    submit = SubmitField("Unsubscribe")
