"""Editor forms, built from the field specs of `resume_document` so the two never disagree."""
import functools

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import InputRequired, NumberRange
from wtforms.widgets import HiddenInput

from website.forms import SiteForm, version_field
from website.services import resume_document as doc
from website.services import resumes

KEPT = "kept_fields"
# Saved content that breaks a rule added since (the fields of this page are checked first).
DOCUMENT_BROKEN = _l("Not saved: another section of this resume breaks a rule. Open each "
                     "section to find and fix it.")
# One more than allowed, so that an overlong post is noticed instead of silently cut.
ENTRY_SLOTS = doc.MAX_ENTRIES + 1
# What lines.js names the button that adds a line, each line and its Remove button, by item.
LINE_TEXTS = {
    "highlight": (_l("Add a highlight"), _l("Highlight %(number)s"),
                  _l("Remove highlight %(number)s")),
    "keyword": (_l("Add a keyword"), _l("Keyword %(number)s"), _l("Remove keyword %(number)s")),
    "course": (_l("Add a course"), _l("Course %(number)s"), _l("Remove course %(number)s")),
    "role": (_l("Add a role"), _l("Role %(number)s"), _l("Remove role %(number)s")),
}


def _form_field(spec: doc.Field):
    render_kw = {}
    if spec.kind not in ("lines", "textarea"):
        render_kw["maxlength"] = spec.max_length
    if spec.kind == "date":
        render_kw.update(placeholder=_l("YYYY-MM"), inputmode="numeric")
    elif spec.kind == "lines":
        # The limits shown under the field (and counted by writing-help.js); lines.js turns
        # the text area into a list of `data-lines` items.
        add, name, remove = LINE_TEXTS[spec.item]
        render_kw.update({"rows": 4, "data-lines": spec.item, "data-max-lines": doc.MAX_LINES,
                          "data-line-limit": doc.LINE_MAX_LENGTH, "data-add-line": add,
                          "data-line-name": name, "data-remove-line": remove})
    else:
        # A date's format says its length; every other text shows its limit.
        render_kw["data-limit"] = spec.max_length
    if spec.kind == "textarea":
        render_kw["rows"] = 5
    field_class = {"textarea": TextAreaField, "lines": TextAreaField, "email": EmailField,
                   "url": URLField}.get(spec.kind, StringField)
    return field_class(spec.label, description=spec.hint, render_kw=render_kw)


def _fields_form(name: str, specs: tuple[doc.Field, ...], *, entry: bool = False) -> type[Form]:
    attrs = {spec.key: _form_field(spec) for spec in specs}
    if entry:
        # The entry's fields this editor does not show (an import's or the API's), as JSON:
        # they travel with the entry when it is moved or copied, and are saved back with it.
        attrs[KEPT] = HiddenField()
    return type(name, (Form,), attrs)


class EditorForm(SiteForm):
    """What every section form carries: the version it was based on and the button pressed."""

    base_version = version_field()
    action = StringField(default="save")

    def show_problems(self, entries: dict[int, dict[str, str]], basics: dict[str, str],
                      too_many: bool = False) -> None:
        """Put each problem next to its field: {entry index: {key: message}}, {basics field:
        message} ("location-city" for a field of the location), and too many entries above
        them all."""
        for index, messages in entries.items():
            for key, message in messages.items():
                self.entries[index].form[key].errors = [message]
        for name, message in basics.items():
            target = self.location.form[name.removeprefix("location-")] \
                if name.startswith("location-") else self[name]
            target.errors = [message]
        if too_many:
            self.form_errors.append(_("A section can hold at most %(count)s entries. Remove "
                                      "some before saving.", count=doc.MAX_ENTRIES))


def why_not_saved(error: Exception) -> str:
    """Return what to tell the user when a change to the whole resume was refused: the resume
    breaks a rule, or the account or photo was refused with its own message."""
    if isinstance(error, resumes.InvalidResume):
        return str(error.problems.get("document", DOCUMENT_BROKEN))
    return str(error)


@functools.cache
def section_form(section_key: str) -> type[EditorForm]:
    """Return the form class for one section; "basics" also has the personal fields."""
    if section_key == "basics":
        attrs = {spec.key: _form_field(spec) for spec in doc.BASICS_FIELDS}
        attrs["location"] = FormField(_fields_form("LocationForm", doc.LOCATION_FIELDS),
                                      label=_l("Location"))
        entry_form = _fields_form("ProfileForm", doc.PROFILE_FIELDS, entry=True)
    else:
        attrs = {}
        entry_form = _fields_form(f"{section_key.title()}EntryForm",
                                  doc.SECTIONS_BY_KEY[section_key].fields, entry=True)
    attrs["entries"] = FieldList(FormField(entry_form), max_entries=ENTRY_SLOTS)
    return type(f"{section_key.title()}Form", (EditorForm,), attrs)


class UndoRemoveForm(SiteForm):
    """The Undo offered after a removal: the version that removed the entry and its place."""

    removed_in = IntegerField(widget=HiddenInput(), validators=[InputRequired(),
                                                                NumberRange(min=2)])
    index = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=0)])


class PhotoForm(SiteForm):
    photo = FileField(_l("Photo (JPEG, PNG or WebP, up to 5 MB)"), validators=[
        FileRequired(_l("Choose a photo to upload."))])
    submit = SubmitField(_l("Upload photo"))


class RemovePhotoForm(SiteForm):
    submit = SubmitField(_l("Remove photo"))
