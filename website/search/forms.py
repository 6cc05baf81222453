"""The search form: a GET form, so results can be bookmarked and shared with oneself."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from website.forms import QueryForm
from website.services.search import SORTS


class SearchForm(QueryForm):
    """Query, filters and sort; no CSRF token, as it changes nothing."""

    q = StringField(_l("Search my resumes"),
                    description=_l("A skill, company, school, job title or any other word."))
    # Choices come from the template catalogue when the form is made (see `for_catalogue`).
    template = SelectField(_l("Template"), default="", validate_choice=True)
    updated_since = DateField(_l("Updated since"), validators=[Optional()],
                              render_kw={"max": "9999-12-31"})
    sort = SelectField(_l("Sort by"), choices=[SelectChoice(*item) for item in SORTS.items()],
                       default="relevance")

    @classmethod
    def for_catalogue(cls, args, design_names: dict[str, str]) -> "SearchForm":
        """Return the form for `args`, offering every design a resume may have."""
        form = cls(args)
        designs = [SelectChoice(slug, name) for slug, name in design_names.items()]
        form.template.choices = [SelectChoice("", _("Any template")), *designs]
        return form
