"""The form that takes a master's changes into its variant."""
from flask_babel import gettext as _
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from website.forms import SiteForm, version_field
from website.services import resume_merge


class MergeForm(SiteForm):
    """Take the changes the page showed: both versions it was made from, and one answer per
    conflict (fields `conflict_0`, `conflict_1`, ... added by `merge_form`)."""

    base_version = version_field()
    master_version = version_field()

    def choices(self, conflicts: list[resume_merge.Conflict]) -> dict[str, str]:
        """Return {conflict key: "ours" or "theirs"} as answered."""
        return {conflict.key: self[f"conflict_{n}"].data for n, conflict in enumerate(conflicts)}


def merge_form(conflicts: list[resume_merge.Conflict], **kwargs) -> MergeForm:
    """Return a MergeForm with a "Keep mine / Take the master's" answer per conflict, the
    variant's kept unless the user picks the master's."""
    answers = [SelectChoice(resume_merge.OURS, _("Keep mine")),
               SelectChoice(resume_merge.THEIRS, _("Take the master's"))]
    form_class = type("PlannedMergeForm", (MergeForm,), {
        f"conflict_{n}": RadioField(conflict.place, choices=answers, default=resume_merge.OURS)
        for n, conflict in enumerate(conflicts)})
    return form_class(**kwargs)
