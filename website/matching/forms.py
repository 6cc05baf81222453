"""The forms of the match page: the job ad, and the accepted tailoring proposals."""
from flask import request
from flask_babel import LazyString, format_decimal
from flask_babel import lazy_gettext as _l
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from website.forms import SiteForm
from website.services.matching import AD_MAX_LENGTH

# The longest ad, written the reader's way ("20,000", "20.000") when a message shows it.
AD_MAX_LENGTH_TEXT = LazyString(format_decimal, AD_MAX_LENGTH)
DECISION_PREFIX = "proposal:"  # one radio group per proposal: "proposal:<id>" = accept|reject


class MatchForm(SiteForm):
    ad = TextAreaField(
        _l("Job ad"), validators=[
            DataRequired(message=_l("Paste the text of a job ad.")),
            Length(max=AD_MAX_LENGTH, message=_l(
                "Use at most %(count)s characters; leave out the company blurb and benefits.",
                count=AD_MAX_LENGTH_TEXT))],
        description=_l("Paste the whole ad, up to %(count)s characters. It is not stored: only "
                       "the score and keywords are.", count=AD_MAX_LENGTH_TEXT),
        render_kw={"rows": 10})
    submit = SubmitField(_l("Match my resume"))


class TailorForm(SiteForm):
    """The proposals' accept/reject choices are radio groups the page writes for each one."""

    submit = SubmitField(_l("Create tailored variant"))

    def accepted(self) -> set[str]:
        """Return the ids of the posted proposals whose radio group says accept."""
        return {name.removeprefix(DECISION_PREFIX) for name, value in request.form.items(multi=True)
                if name.startswith(DECISION_PREFIX) and value == "accept"}
