"""The gallery's form: which of the user's resumes gets a design."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SubmitField
from wtforms.validators import DataRequired, Regexp

from website.forms import SiteForm

# "<resume id>:<version the page showed>", so a resume changed since is refused, not overwritten.
CHOICE = re.compile(r"^(\d{1,18}):(\d{1,9})$")


class UseDesignForm(SiteForm):
    """Choose one of the user's resumes to switch to the design on the page."""

    resume = SelectField(_l("Resume"), validate_choice=False, validators=[
        DataRequired(message=_l("Choose a resume.")),
        Regexp(CHOICE, message=_l("Choose one of your resumes listed."))])
    submit = SubmitField(_l("Use for this resume"))

    def offer(self, resumes) -> "UseDesignForm":
        """List `resumes` as the choices, each with the version this page shows."""
        self.resume.choices = [(f"{resume.id}:{resume.version}", resume.title)
                               for resume in resumes]
        return self

    def chosen(self) -> tuple[int, int]:
        """Return (resume id, base version) of the valid choice."""
        resume_id, version = CHOICE.match(self.resume.data).groups()
        return int(resume_id), int(version)
