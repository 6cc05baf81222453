"""Forms of the resume management pages; every one carries a CSRF token through SiteForm."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    Field,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from website.forms import SiteForm, strip_whitespace, version_field
from website.i18n import interface_language
from website.models import Resume
from website.services import design_settings, designs, languages, resume_document
from website.services.imports import reader
from website.services.resumes import TITLE_MAX_LENGTH

# What the import page accepts; the reader tells files apart by content, not by name.
ACCEPTED_FILES = (".json,.pdf,.docx,.zip,application/json,application/pdf,application/zip,"
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def _title_field(label: str, description: str = "") -> StringField:
    return StringField(label, filters=[strip_whitespace], description=description, validators=[
        DataRequired(message=_l("Give the resume a title.")),
        Length(max=TITLE_MAX_LENGTH, message=_l("Use at most %(max)d characters.",
                                                max=TITLE_MAX_LENGTH))],
        render_kw={"autocomplete": "off"})


def _offered_designs() -> list[SelectChoice]:
    """Return the designs on offer as choices, read per request: the catalogue can retire a
    design while the app runs."""
    return [SelectChoice(design.slug, design.name) for design in designs.offered()]


class NewResumeForm(SiteForm):
    """A new resume: its title, its template, and whether it starts empty, as a copy of one of
    the user's resumes (`offer` lists them) or from an imported file."""

    title = _title_field(_l("Title"), _l("Only for you, to tell your resumes apart: for example "
                                         "“Backend roles 2026”."))
    template = RadioField(
        _l("Template"), default=designs.DEFAULT_DESIGN,
        invalid_choice_message=_l("Choose one of the templates listed."),
        description=_l("You can switch templates at any time, and change colour and font."))
    start = RadioField(_l("Start with"), default="empty",
                       invalid_choice_message=_l("Choose how to start."))
    copy_of = SelectField(_l("Resume to copy"), validate_choice=False,
                          description=_l("Its content, section order and photo, in the template "
                                         "chosen above."))
    language = SelectField(
        _l("Resume language"),
        description=_l("The headings, dates and contact labels of the resume are written in "
                       "this language; a copy keeps the language of the resume copied. You can "
                       "change it later on the Design tab."))
    submit = SubmitField(_l("Create resume"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Named in the page's language; a resume starts in the language the user reads.
        self.language.choices = dict(design_settings.language_groups(interface_language()))
        if self.language.data is None:
            self.language.data = languages.normalize(interface_language())
        self.template.choices = _offered_designs()
        self.offer([])

    def offer(self, resumes: list[Resume]) -> "NewResumeForm":
        """List `resumes` as those that may be copied (no copy is offered without one)."""
        self.copy_of.choices = [("", _("Choose a resume")),
                                *((str(resume.id), resume.title) for resume in resumes)]
        self.start.choices = [("empty", _("Empty")),
                              *([("copy", _("A copy of one of my resumes"))] if resumes else []),
                              ("import", _("Import a file"))]
        return self

    def validate_copy_of(self, field) -> None:
        """A copy must name one of the resumes offered (a trashed or another user's is not)."""
        if self.start.data == "copy" and (not field.data or field.data not in dict(field.choices)):
            raise ValidationError(_("Choose one of your resumes listed."))


class RenameForm(SiteForm):
    """Rename one resume; `base_version` is the version the page showed."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            # Every resume on the manage page has its own rename form: the field names stay
            # plain (title, base_version), the ids carry the resume id so they stay unique.
            return unbound_field.bind(form=form, id=f"rename-{form.resume_id}-{options['name']}",
                                      **options)

    title = _title_field(_l("New title"))
    base_version = version_field()
    submit = SubmitField(_l("Save title"))

    def __init__(self, *args, resume_id: int, **kwargs):
        self.resume_id = resume_id
        super().__init__(*args, **kwargs)

    @classmethod
    def showing(cls, resume: Resume) -> "RenameForm":
        """Return an unsubmitted form holding the resume's current title and version."""
        return cls(formdata=None, resume_id=resume.id,
                   data={"title": resume.title, "base_version": resume.version})

    def rebase(self, version: int) -> None:
        """Point the form at `version`, so sending it again replaces that version's title."""
        self.base_version.raw_data = None
        self.base_version.data = version


class _Values(Field):
    """Every value sent under the field's name (a group of checkboxes), as a list."""

    def process_formdata(self, valuelist: list[str]) -> None:
        """Keep the values as sent."""
        self.data = list(valuelist)


# The switcher's inputs whose value is a setting as it is (a design, a colour, a font ...).
AS_SENT = ("template", "accent", "font", "font_size", "page_size", "margin_mm", "fit_pages",
           "language")
# The element of the Design page that shows each setting's error (its id), where it is not the
# setting's own input.
DESIGN_FIELD_IDS = {"accent": "accent_custom", "section_order": "sections",
                    "hidden_sections": "sections"}


class DesignForm(SiteForm):
    """The Design tab's switcher: a design and its settings, as the page's inputs send them.

    Sections come as a position number each (`position-<key>`) and either a `hide` checkbox
    list or, from the page's switches, a `show` list with `section_switches` set. The accent is
    a colour, or `custom` for the colour in `accent_custom`. A link carries the same inputs in
    its query string (`from_query`).
    """

    template = StringField()
    accent = StringField()
    accent_custom = StringField()
    font = StringField()
    font_size = StringField()
    page_size = StringField()
    margin_mm = StringField()
    fit_pages = StringField()
    language = StringField()
    show_photo = StringField()
    hide = _Values()
    show = _Values()
    section_switches = StringField()

    @classmethod
    def from_query(cls, args) -> "DesignForm":
        """Return the form a link's query string holds (a GET changes nothing: no CSRF)."""
        return cls(args, meta={"csrf": False})

    def _sent(self, name: str) -> bool:
        return bool(self[name].raw_data)

    def requested(self) -> dict:
        """Return the design ("template") and raw settings sent, in the service's terms."""
        raw = {name: self[name].data for name in AS_SENT if self._sent(name)}
        if raw.get("accent") == design_settings.CUSTOM_ACCENT:
            raw["accent"] = self.accent_custom.data or ""
        if not self._sent("font"):  # only a design was chosen: show that design's defaults
            return raw
        raw["show_photo"] = self.show_photo.data == "on"
        order = design_settings.ordered_sections({key: self[f"position_{key}"].data or ""
                                               for key in design_settings.SECTION_KEYS})
        if order is not None:
            raw["section_order"] = order
        if self._sent("section_switches"):
            raw["hidden_sections"] = [key for key in design_settings.SECTION_KEYS
                                      if key not in self.show.data]
        else:
            raw["hidden_sections"] = self.hide.data or []
        return raw

    def chosen(self, resume: Resume, user=None) -> tuple[str, design_settings.Settings,
                                                          dict[str, str]]:
        """Return (design, settings, errors) the form asks for (see `design_settings.chosen`)."""
        return design_settings.chosen(resume, self.requested(), user)

    @staticmethod
    def marked(errors: dict[str, str]) -> dict[str, str]:
        """Return {id of the element that shows it: message} for `chosen`'s errors."""
        return {DESIGN_FIELD_IDS.get(key, key): message for key, message in errors.items()}


for _key in design_settings.SECTION_KEYS:  # a position input per section
    setattr(DesignForm, f"position_{_key}", StringField(name=f"position-{_key}"))


class SaveDesignForm(DesignForm):
    """Save the design settings the preview shows, as a version based on `base_version`."""

    base_version = version_field()


class ImportForm(SiteForm):
    """Upload a resume file (JSON Resume, PDF, Word or a LinkedIn export) to review it."""

    file = FileField(_l("Resume file"), validators=[FileRequired(message=_l("Choose a file."))],
                     description=_l("A PDF, a Word document (.docx), a JSON Resume file (.json) "
                                    "or the .zip of your LinkedIn data export, at most %(size)d "
                                    "MB. You check what was read before anything is created.",
                                    size=reader.MAX_FILE_BYTES // 2**20),
                     render_kw={"accept": ACCEPTED_FILES})
    # Chosen on the new-resume page; a file exported from here keeps its own design.
    title = HiddenField(filters=[strip_whitespace])
    template = HiddenField()
    submit = SubmitField(_l("Read file"))


def _document_rule(spec: resume_document.Field):
    """Return a validator holding a field to the rule the resume document has for `spec`."""
    def check(form, field) -> None:
        if message := resume_document.field_error(spec, field.data or ""):
            raise ValidationError(message)
    return check


def _basics_field(spec: resume_document.Field, kind=StringField, **render_kw):
    return kind(spec.label, filters=[strip_whitespace], validators=[_document_rule(spec)],
                render_kw={"maxlength": spec.max_length, **render_kw})


BASICS = {f.key: f for f in (*resume_document.BASICS_FIELDS, *resume_document.LOCATION_FIELDS)}


class ReviewImportForm(SiteForm):
    """The choices made on an import's review page: what to keep, corrected basics, the title
    and the design. `offer` sets the entries and designs to choose from."""

    title = _title_field(_l("Title"), _l("Only for you, to tell your resumes apart."))
    full_name = _basics_field(BASICS["name"], autocomplete="name")
    headline = _basics_field(BASICS["label"], autocomplete="organization-title")
    email = _basics_field(BASICS["email"], autocomplete="email", type="email")
    phone = _basics_field(BASICS["phone"], autocomplete="tel", type="tel")
    website = _basics_field(BASICS["url"], autocomplete="url", type="url")
    city = _basics_field(BASICS["city"], autocomplete="address-level2")
    summary = _basics_field(BASICS["summary"], TextAreaField, rows=5)
    template = RadioField(_l("Design"),
                          invalid_choice_message=_l("Choose one of the designs listed."))
    keep = SelectMultipleField(_l("Keep"))
    submit = SubmitField(_l("Create resume"))

    # Form field → the key of `basics` it corrects (see pending.EDITABLE_BASICS).
    BASICS_KEYS = {"full_name": "name", "headline": "label", "email": "email", "phone": "phone",
                   "website": "url", "city": "location.city", "summary": "summary"}

    def offer(self, keep_choices: list[str]) -> "ReviewImportForm":
        """List the sections and entries that may be kept, and the designs on offer."""
        self.keep.choices = [(value, value) for value in keep_choices]
        self.template.choices = _offered_designs()
        return self

    def basics(self) -> dict:
        """Return the corrected basics as {document key: value}."""
        return {key: self[name].data or "" for name, key in self.BASICS_KEYS.items()}
