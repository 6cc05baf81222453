"""The form that makes a tracked link."""
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, SubmitField, ValidationError
from wtforms.validators import Optional

from website.forms import SiteForm
from website.services.application_links import MAX_DAYS_AHEAD


class LinkForm(SiteForm):
    """An optional last day and whether the employer sees the photo."""

    expires_on = DateField(
        _l("Works until (optional)"), validators=[Optional()],
        description=_l("The last day the link opens (until midnight UTC). Leave empty for no "
                       "end."),
        render_kw={"max": "9999-12-31"})
    show_photo = BooleanField(_l("Show my photo"), default=True, render_kw={"role": "switch"})
    # The page the form was sent from, to go back to (the application or its links page).
    back = HiddenField()
    submit = SubmitField(_l("Make a link"))

    def validate_expires_on(self, field) -> None:
        """Refuse a day in the past, or one whose end is further than the links' limit."""
        if field.data is None:
            return
        today = datetime.now(UTC).date()
        last_day = today + timedelta(days=MAX_DAYS_AHEAD - 1)  # ends within the limit
        if field.data < today:
            raise ValidationError(_("Choose today or a later day, or leave it empty."))
        if field.data > last_day:
            raise ValidationError(_("Choose a day up to %(day)s, or leave it empty.",
                                    day=format_date(last_day, "long")))

    def expires_at(self) -> datetime | None:
        """Return when the link stops opening: the end of the chosen day, UTC."""
        return None if self.expires_on.data is None else end_of(self.expires_on.data)


def end_of(day: date) -> datetime:
    """Return midnight UTC after `day`."""
    return datetime.combine(day + timedelta(days=1), time(0), UTC)
