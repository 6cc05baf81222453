"""Forms of the webhook pages; every one carries a CSRF token through SiteForm."""
from wtforms import SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from website.auth.forms import strip_whitespace
from website.forms import SiteForm
from website.models.webhook import URL_MAX_LENGTH
from website.services.webhooks import EVENT_TYPES


class WebhookForm(SiteForm):
    """An endpoint's URL, description and the events it receives."""

    url = StringField("Endpoint URL", filters=[strip_whitespace], validators=[
        DataRequired(message="Enter the URL that should receive the events."),
        Length(max=URL_MAX_LENGTH, message=f"Use a URL of at most {URL_MAX_LENGTH} characters.")],
        description="Where we POST each event, for example https://example.com/hooks/resumes.",
        render_kw={"inputmode": "url", "autocomplete": "off", "spellcheck": "false"})
    description = StringField("Description (optional)", filters=[strip_whitespace],
                              validators=[Length(max=200, message="Use at most 200 characters.")])
    events = SelectMultipleField(
        "Events to send",
        choices=[SelectChoice(name, f"{name}: {label}") for name, label in EVENT_TYPES.items()],
        validators=[DataRequired(message="Choose at least one event.")],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    submit = SubmitField("Save webhook")
