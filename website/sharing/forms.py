"""The share page's form: whether the public page shows the photo."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SubmitField

from website.forms import SiteForm


class PhotoForm(SiteForm):
    """The "show my photo" switch of the share page."""

    show_photo = BooleanField(_l("Show my photo on the public page and in its PDF"),
                              render_kw={"role": "switch"})
    submit = SubmitField(_l("Save photo choice"))
