"""Forms of the applications pages; every posted one carries a CSRF token through SiteForm."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from website.forms import QueryForm, SiteForm, strip_whitespace
from website.models import Resume
from website.models.application import STATUSES
from website.services import applications

STATUS_CHOICES = [SelectChoice(status, applications.STATUS_LABELS[status])
                  for status in STATUSES]
NO_RESUME = ""
# Where a status move came from, so the answer goes back there (never a free address).
BACK_TO = ("board", "detail", "list")


def _text(label, name: str, kind=StringField, description="", **render_kw):
    return kind(label, filters=[strip_whitespace], description=description,
                render_kw={"maxlength": applications.TEXT_LIMITS[name], **render_kw})


class ApplicationForm(SiteForm):
    """An application's fields, the resume to send and (when new) its status. The service
    checks the values; `offer` lists the resumes to choose from."""

    company = _text(_l("Company"), "company", autocomplete="organization")
    role = _text(_l("Role"), "role", autocomplete="organization-title")
    location = _text(_l("Location"), "location", description=_l("City, country or “Remote”."))
    ad_url = StringField(_l("Job ad address"), filters=[strip_whitespace],
                         render_kw={"type": "url", "inputmode": "url"},
                         description=_l("The ad's web page, starting with https://."))
    ad_text = _text(_l("Job ad text"), "ad_text", TextAreaField, rows=6,
                    description=_l("Paste the ad: the resume sent is matched against it."))
    resume = SelectField(_l("Resume to send"), validate_choice=False,
                         description=_l("Its newest version is kept as the one sent: later "
                                        "edits do not change what the employer received."))
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, default=STATUSES[0],
                         invalid_choice_message=_l("Choose one of the statuses listed."))
    applied_on = DateField(_l("Applied on"), validators=[Optional()],
                           format="%Y-%m-%d")
    follow_up_on = DateField(_l("Follow up on"), validators=[Optional()], format="%Y-%m-%d")
    notes = _text(_l("Notes"), "notes", TextAreaField, rows=4,
                  description=_l("Only for you: contacts, what was said, what comes next."))
    submit = SubmitField(_l("Save application"))

    def offer(self, resumes: list[Resume], current: Resume | None = None) -> "ApplicationForm":
        """List `resumes` (variants named with their master) and `current`, the resume
        already sent, even when it is in the trash."""
        titles = {resume.id: resume.title for resume in resumes}
        # Once a version was sent, the application keeps a resume: another can replace it.
        choices = [SelectChoice(NO_RESUME, _("No resume yet"))] if current is None else []
        for resume in resumes:
            master = titles.get(resume.master_id)
            choices.append(SelectChoice(str(resume.id), _(
                "%(title)s (variant of %(master)s)", title=resume.title, master=master)
                if master else resume.title))
        if current is not None and current.id not in titles:
            choices.append(SelectChoice(str(current.id), _("%(title)s (in the trash)",
                                                           title=current.title)))
        self.resume.choices = choices
        return self

    def validate_resume(self, field) -> None:
        """The resume must be one of those offered (never another account's)."""
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_("Choose one of your resumes listed."))

    def chosen_resume_id(self) -> int | None:
        """Return the id of the resume chosen, or None for none."""
        return int(self.resume.data) if self.resume.data else None

    def fields(self) -> applications.Fields:
        """Return what was typed, as the service takes it."""
        return applications.Fields(**{name: self[name].data or "" for name in (
            "company", "role", "location", "ad_url", "ad_text", "notes")},
            applied_on=self.applied_on.data, follow_up_on=self.follow_up_on.data)


class MoveForm(SiteForm):
    """Move one application to another status; the board and the detail page post it."""

    status = SelectField(_l("Move to"), choices=STATUS_CHOICES,
                         invalid_choice_message=_l("Choose one of the statuses listed."))
    back = HiddenField()

    def back_to(self) -> str:
        """Return which page to go back to: one of BACK_TO, the detail page by default."""
        return self.back.data if self.back.data in BACK_TO else "detail"


class ListQuery(QueryForm):
    """The list's filters: a status and words in the company or role."""

    status = SelectField(_l("Status"), choices=[SelectChoice("", _l("All statuses")),
                                                *STATUS_CHOICES], validate_choice=False)
    q = StringField(_l("Company or role"), filters=[strip_whitespace])
