"""The cover letter form: one field per part of the letter, the paragraphs in one text area."""
from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField, TextAreaField

from website.forms import SiteForm, version_field
from website.services import cover_letters
from website.services.cover_letters import LIMITS

# Form field name -> the service's name of the letter field.
FIELD_KEYS = {"recipient_name": "recipient.name", "recipient_title": "recipient.title",
              "recipient_company": "recipient.company", "recipient_address": "recipient.address",
              "date": "date", "subject": "subject", "greeting": "greeting",
              "paragraphs": "paragraphs", "closing": "closing", "signature": "signature"}


def _limited(key: str) -> dict:
    # The limit is shown beside the label and counted live (writing-help.js); a longer text is
    # refused next to its field, not cut by the browser.
    return {"data-limit": LIMITS[key.removeprefix("recipient.")]}


class LetterForm(SiteForm):
    """Every field of a cover letter and the version it was read at."""

    recipient_name = StringField(_l("Recipient's name"), render_kw=_limited("name"),
                                 description=_l("Leave empty when you do not know it."))
    recipient_title = StringField(_l("Recipient's title"), render_kw=_limited("title"))
    recipient_company = StringField(_l("Company"), render_kw=_limited("company"))
    recipient_address = TextAreaField(_l("Address"),
                                      render_kw={**_limited("address"), "rows": 2})
    date = StringField(_l("Date"), render_kw=_limited("date"))
    subject = StringField(_l("Subject"), render_kw=_limited("subject"))
    greeting = StringField(_l("Greeting"), render_kw=_limited("greeting"))
    paragraphs = TextAreaField(_l("Letter"), render_kw={**_limited("paragraphs"), "rows": 16},
                               description=_l("Leave an empty line between paragraphs."))
    closing = StringField(_l("Closing"), render_kw=_limited("closing"))
    signature = StringField(_l("Signature"), render_kw=_limited("signature"))
    base_version = version_field()
    submit = SubmitField(_l("Save letter"))

    @classmethod
    def of(cls, content: dict, base_version: int) -> "LetterForm":
        """Return the form filled with a letter's content."""
        letter = cover_letters.normalized(content)
        data = {name: letter["recipient"][key.removeprefix("recipient.")]
                if key.startswith("recipient.") else letter[key]
                for name, key in FIELD_KEYS.items()}
        data["paragraphs"] = "\n\n".join(letter["paragraphs"])
        return cls(formdata=None, data={**data, "base_version": base_version})

    def content(self) -> dict:
        """Return the letter the form holds, as the service stores it."""
        letter = cover_letters.blank()
        for name, key in FIELD_KEYS.items():
            value = self[name].data or ""
            if key.startswith("recipient."):
                letter["recipient"][key.removeprefix("recipient.")] = value.strip()
            elif key == "paragraphs":
                letter[key] = cover_letters.split_paragraphs(value)
            else:
                letter[key] = value.strip()
        return letter

    def show_problems(self, problems: dict[str, str]) -> None:
        """Put each of the service's problems next to its field."""
        names = {key: name for name, key in FIELD_KEYS.items()}
        for key, message in problems.items():
            self[names[key]].errors = [message]


class StartForm(SiteForm):
    """Start the application's letter from the template."""

    submit = SubmitField(_l("Start a cover letter"))


class RestoreForm(SiteForm):
    """Restore a version, based on the newest version the page showed."""

    base_version = version_field()
    submit = SubmitField(_l("Restore this version"))
