"""The form that makes a tracked link."""
from datetime import UTC, date, datetime, time, timedelta

from wtforms import BooleanField, DateField, HiddenField, SubmitField, ValidationError
from wtforms.validators import Optional

from website.forms import SiteForm

# Further ahead than any hiring round; leave the date empty for a link without end.
MAX_DAYS_AHEAD = 366


class LinkForm(SiteForm):
    """An optional last day and whether the employer sees the photo."""

    expires_on = DateField(
        "Works until (optional)", validators=[Optional()],
        description="The last day the link opens (until midnight UTC). Leave empty for no end.",
        render_kw={"max": "9999-12-31"})
    show_photo = BooleanField("Show my photo", default=True, render_kw={"role": "switch"})
    # The page the form was sent from, to go back to (the application or its links page).
    back = HiddenField()
    submit = SubmitField("Make a link")

    def validate_expires_on(self, field) -> None:
        """Refuse a day in the past or more than MAX_DAYS_AHEAD ahead."""
        if field.data is None:
            return
        today = datetime.now(UTC).date()
        if field.data < today:
            raise ValidationError("Choose today or a later day, or leave it empty.")
        if field.data > today + timedelta(days=MAX_DAYS_AHEAD):
            raise ValidationError(f"Choose a day within {MAX_DAYS_AHEAD} days, or leave it "
                                  "empty.")

    def expires_at(self) -> datetime | None:
        """Return when the link stops opening: the end of the chosen day, UTC."""
        return None if self.expires_on.data is None else end_of(self.expires_on.data)


def end_of(day: date) -> datetime:
    """Return midnight UTC after `day`."""
    return datetime.combine(day + timedelta(days=1), time(0), UTC)
