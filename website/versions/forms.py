"""Forms of the version history pages."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, ValidationError
from wtforms.validators import InputRequired

from website.forms import SiteForm, version_field

NOT_A_NUMBER = _l("Enter a version number.")


class CompareForm(SiteForm):
    """Pick two versions to compare; read from the query string of a GET."""

    class Meta:
        # A GET that changes nothing: a CSRF token would only end up in URLs and logs.
        csrf = False

    from_ = IntegerField(_l("Compare version"), name="from", invalid_value_message=NOT_A_NUMBER,
                         validators=[InputRequired(NOT_A_NUMBER)])
    to = IntegerField(_l("with version"), invalid_value_message=NOT_A_NUMBER,
                      validators=[InputRequired(NOT_A_NUMBER)])

    def __init__(self, *args, latest: int, **kwargs):
        self.latest = latest
        super().__init__(*args, **kwargs)
        for field in (self.from_, self.to):
            field.render_kw = {"min": 1, "max": latest, "inputmode": "numeric"}

    def _check_range(self, field) -> None:
        if field.data is None:  # not a number: already reported while reading the input
            return
        if not 1 <= field.data <= self.latest:
            raise ValidationError(_("Choose a version from 1 to %(latest)s.",
                                    latest=self.latest))

    def validate_from_(self, field) -> None:
        """Refuse a number that is not one of the resume's versions."""
        self._check_range(field)

    def validate_to(self, field) -> None:
        """Refuse a number that is not one of the resume's versions, or the same as `from`."""
        self._check_range(field)
        if field.data == self.from_.data:
            raise ValidationError(_("Choose two different versions to compare."))


class RestoreForm(SiteForm):
    """Confirm a restore; `base_version` is the current version the confirmation showed."""

    base_version = version_field()
