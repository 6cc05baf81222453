"""The forms of the match page: the job ad, and the accepted tailoring proposals."""
from werkzeug.datastructures import MultiDict
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from website.forms import SiteForm
from website.services.matching import AD_MAX_LENGTH

DECISION_PREFIX = "proposal:"  # one radio group per proposal: "proposal:<id>" = accept|reject


class MatchForm(SiteForm):
    ad = TextAreaField(
        "Job ad", validators=[
            DataRequired(message="Paste the text of a job ad."),
            Length(max=AD_MAX_LENGTH, message=f"Use at most {AD_MAX_LENGTH:,} characters; "
                                              "leave out the company blurb and benefits.")],
        description=f"Paste the whole ad, up to {AD_MAX_LENGTH:,} characters. It is not stored: "
                    "only the score and keywords are.",
        render_kw={"rows": 10})
    submit = SubmitField("Match my resume")


class TailorForm(SiteForm):
    """The proposals' accept/reject choices are radio groups the page writes for each one."""

    submit = SubmitField("Create tailored variant")


def accepted_proposals(form: MultiDict) -> set[str]:
    """Return the ids of the proposals whose radio group says accept."""
    return {name.removeprefix(DECISION_PREFIX) for name, value in form.items(multi=True)
            if name.startswith(DECISION_PREFIX) and value == "accept"}
