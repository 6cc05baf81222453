"""What every form shares: text no database column can hold is refused next to its field."""
from collections.abc import Iterator

from flask_wtf import FlaskForm
from flask_wtf.i18n import translations
from wtforms import Field, FieldList, Form, FormField, IntegerField
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from website.services import user_input


def strip_whitespace(value: str | None) -> str | None:
    """Drop spaces pasted around a value (a field's filter)."""
    return value.strip() if isinstance(value, str) else value


def version_field() -> IntegerField:
    """Return the hidden number of the version a page showed, sent back with a change so that
    a change saved since (in another tab) refuses it instead of being overwritten."""
    return IntegerField(widget=HiddenInput(), validators=[InputRequired()])


def _leaf_fields(fields) -> Iterator[Field]:
    for field in fields:
        if isinstance(field, FormField):
            yield from _leaf_fields(field.form)
        elif isinstance(field, FieldList):
            yield from _leaf_fields(field.entries)
        else:
            yield field


def field_errors(form) -> dict[str, str]:
    """Return {input id: its errors in one sentence} for every field, nested ones included,
    that has errors (what a script marks next to each input)."""
    return {field.id: " ".join(map(str, field.errors)) for field in _leaf_fields(form)
            if field.errors}


def _has_unstorable_text(field: Field) -> bool:
    return any(isinstance(value, str) and not user_input.is_storable(value)
               for value in field.raw_data or ())


class StorableTextMixin:
    """Makes `validate` refuse any field, nested ones included, sent with NUL or a lone
    surrogate: PostgreSQL could not store it, and nothing anyone types needs it."""

    def validate(self, extra_validators=None) -> bool:
        """Validate as WTForms does, then refuse fields holding text no column can store."""
        valid = super().validate(extra_validators)
        refused = [field for field in _leaf_fields(self) if _has_unstorable_text(field)]
        for field in refused:
            field.errors = [*field.errors, user_input.unstorable_message()]
        return valid and not refused


class SiteForm(StorableTextMixin, FlaskForm):
    """The base of every form that is posted: a CSRF token and storable text."""


class QueryForm(StorableTextMixin, Form):
    """The base of every GET form (a search): no CSRF token, as it changes nothing."""

    class Meta:
        def get_translations(self, form):
            """WTForms' own messages ("Not a valid date value.") in the reader's language, as
            FlaskForm gives them."""
            return translations
