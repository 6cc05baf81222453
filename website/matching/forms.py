"""The job-ad form of the match page."""
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from website.forms import SiteForm
from website.services.matching import AD_MAX_LENGTH


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
