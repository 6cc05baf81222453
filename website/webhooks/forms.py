"""Forms of the webhook pages; every one carries a CSRF token through SiteForm."""
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from website.forms import SiteForm, strip_whitespace
from website.models.webhook import URL_MAX_LENGTH
from website.services.webhooks import EVENT_TYPES


class WebhookForm(SiteForm):
    """An endpoint's URL, description and the events it receives."""

    url = StringField(_l("Endpoint URL"), filters=[strip_whitespace], validators=[
        DataRequired(message=_l("Enter the URL that should receive the events.")),
        Length(max=URL_MAX_LENGTH, message=_l("Use a URL of at most %(count)s characters.",
                                              count=URL_MAX_LENGTH))],
        description=_l("Where we POST each event, for example "
                       "https://example.com/hooks/resumes."),
        render_kw={"inputmode": "url", "autocomplete": "off", "spellcheck": "false"})
    description = StringField(_l("Description (optional)"), filters=[strip_whitespace],
                              validators=[Length(max=200, message=_l(
                                  "Use at most %(count)s characters.", count=200))])
    # Each event by the name integrators use, with what it means in the reader's language.
    events = SelectMultipleField(
        _l("Events to send"),
        choices=[SelectChoice(name, LazyString("{}: {}".format, name, label))
                 for name, label in EVENT_TYPES.items()],
        validators=[DataRequired(message=_l("Choose at least one event."))],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    submit = SubmitField(_l("Save webhook"))
