"""The translation pages' forms: add or delete a language, and one language's translations."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError

from website.forms import SiteForm, version_field
from website.services import languages, resume_translations


class VersionedForm(SiteForm):
    """A change to the resume: it carries the version it was based on, so a second tab that
    saved since makes it refused, not overwritten."""

    base_version = version_field()


class LanguageForm(VersionedForm):
    """Add a language to translate the resume into."""

    # Any tag may arrive: the service refuses an unknown one with a message by the field.
    language = SelectField(_l("Language"), validate_choice=False)
    submit = SubmitField(_l("Add language"))


class RemoveForm(VersionedForm):
    """Delete one language's translations."""

    submit = SubmitField(_l("Delete translation"))


def _within_limits(unit: resume_translations.Unit):
    def check(form, field) -> None:
        if message := resume_translations.field_error(unit, field.data or ""):
            raise ValidationError(message)
    return check


def translation_form(rows: list[resume_translations.Row], language: str, shown_in: str,
                     **kwargs) -> VersionedForm:
    """Return the form of one language's translations: a field per row, `field_<n>`, labelled
    with the original field's name and the language (named in `shown_in`), and held to the
    original's limits; `kwargs` go to the form (its data)."""

    class TranslationForm(VersionedForm):
        submit = SubmitField(_l("Save translations"))

    name = languages.display_name(language, shown_in)
    attributes = {"lang": language, "dir": languages.direction(language)}
    for index, row in enumerate(rows):
        kind = row.unit.spec.kind
        field_class = TextAreaField if kind in ("textarea", "lines") else StringField
        hint = _("One item per line.") if kind == "lines" else ""
        setattr(TranslationForm, f"field_{index}", field_class(
            _("%(field)s in %(language)s", field=row.unit.spec.label, language=name),
            description=hint, validators=[_within_limits(row.unit)],
            render_kw={**attributes, "rows": 6 if kind == "textarea" else 4}
            if field_class is TextAreaField else attributes))
    return TranslationForm(**kwargs)


def texts(form: VersionedForm, rows: list[resume_translations.Row]) -> dict[str, str]:
    """Return {field path: translation} from a posted translation form."""
    return {row.unit.path: form[f"field_{index}"].data or "" for index, row in enumerate(rows)}
