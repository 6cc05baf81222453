"""/api/v1/resumes/{id}/translations/{language}: a resume's text in another language."""
from flask.views import MethodView
from marshmallow import fields

from website.api import paths
from website.api.auth import token_user
from website.api.blueprint import api_blueprint
from website.api.problems import Problem
from website.api.resumes import stale_version
from website.api.schemas import StrictSchema
from website.extensions import db
from website.models import Resume
from website.services import design_settings, languages, resume_translations, resumes

blp = api_blueprint("Translations", "/resumes",
                    "Translations: a resume's free text in other languages, found by its "
                    "original text; fields left untranslated show the original. Export in a "
                    "language with `language` on the export endpoints.")


class TranslationFieldSchema(StrictSchema):
    """One translatable field: its original and its translation."""

    path = fields.String(metadata={"description": "Where the field is: `basics.summary`, or "
                                                  "section, entry index and field.",
                                   "example": "work.0.highlights"})
    original = fields.String(attribute="unit.source", metadata={
        "description": "The field's text as the resume has it (a list's items one a line).",
        "example": "Cut API latency by 40%"})
    translation = fields.String(attribute="text", metadata={
        "description": "Its translation; empty when it has none (the original is shown).",
        "example": "API-Latenz um 40 % gesenkt"})
    outdated_original = fields.String(attribute="outdated_source", metadata={
        "description": "When the original changed since it was translated: the earlier "
                       "original; else empty.", "example": ""})
    outdated_translation = fields.String(attribute="outdated_text", metadata={
        "description": "The translation of `outdated_original` (no longer shown); else empty.",
        "example": ""})


class TranslationSchema(StrictSchema):
    """A resume's translation into one language."""

    language = fields.String(metadata={"description": "The language's tag.", "example": "de"})
    version = fields.Integer(metadata={"description": "The resume's newest version: send it "
                                                      "back with a change (PUT).", "example": 4})
    translated = fields.Integer(metadata={"description": "How many fields are translated.",
                                          "example": 1})
    total = fields.Integer(metadata={"description": "How many fields have text to translate.",
                                     "example": 4})
    rows = fields.List(fields.Nested(TranslationFieldSchema), data_key="fields", metadata={
        "description": "Every translatable field with text, in document order."})


class TranslationUpdateSchema(StrictSchema):
    """Translations to set; the fields not named keep theirs."""

    version = fields.Integer(required=True, strict=True, metadata={
        "description": "The version you read (GET). If someone saved since, the answer is 409."})
    translations = fields.Dict(
        keys=fields.String(), values=fields.String(metadata={
            "description": "The translation (a list's items one a line); empty removes it."}),
        required=True, metadata={"description": "Translations by field `path` (see GET).",
                                 "example": {"work.0.highlights": "API-Latenz um 40 % gesenkt"}})


EXAMPLE = {"language": "de", "version": 4, "translated": 1, "total": 4, "fields": [
    {"path": "basics.label", "original": "Backend Engineer", "translation": "",
     "outdated_original": "", "outdated_translation": ""},
    {"path": "work.0.highlights", "original": "Cut API latency by 40%",
     "translation": "API-Latenz um 40 % gesenkt", "outdated_original": "",
     "outdated_translation": ""}]}


def _shown(resume: Resume, language: str) -> dict:
    rows = resume_translations.rows(resume.content, language)
    progress = resume_translations.progress(resume.content, language)
    return {"language": language, "version": resume.version, "translated": progress.translated,
            "total": progress.total,
            "rows": [{"path": row.unit.path, "unit": row.unit, "text": row.text,
                        "outdated_source": row.outdated_source,
                        "outdated_text": row.outdated_text} for row in rows]}


@blp.route("/<int:resume_id>/translations/<language>",
           parameters=paths.described("resume_id", "language"))
class TranslationItem(MethodView):
    """A resume's translation into one language: read, write."""
    @blp.response(200, TranslationSchema, example=EXAMPLE)
    @blp.alt_response(404, response="404")
    def get(self, resume_id, language):
        """Read a resume's translation into a language

        Each field with text to translate, its original beside its translation. 404 when the
        resume has no translation into `language` (create one with PUT).
        """
        resume = resumes.get_owned(resume_id, token_user())
        if language not in resume_translations.available(resume.content):
            raise Problem(404, "The resume has no translation into this language.")
        return _shown(resume, language)

    @blp.arguments(TranslationUpdateSchema, example={
        "version": 4, "translations": {"work.0.highlights": "API-Latenz um 40 % gesenkt"}})
    @blp.response(200, TranslationSchema, example={**EXAMPLE, "version": 5})
    @blp.alt_response(404, response="404")
    @blp.alt_response(409, response="409")
    def put(self, body, resume_id, language):
        """Translate a resume's fields into a language

        Adds the language if the resume has none yet (a resume language other than its own).
        Each translation is held to the limits of its original field. Saved as a new version.
        """
        resume = resumes.get_owned(resume_id, token_user())
        content = resume.content
        if language not in resume_translations.available(content):
            if languages.normalize(language, default="") != language:
                raise Problem(422, "Use a resume language's tag, like de or pt-BR.")
            try:
                content = resume_translations.with_language(
                    content, design_settings.effective(resume), language)
            except resume_translations.InvalidTranslation as error:
                raise Problem(422, str(error)) from error
        units = {row.unit.path: row.unit
                 for row in resume_translations.rows(content, language)}
        errors = []
        for path, text in body["translations"].items():
            unit = units.get(path)
            message = "No such field with text to translate." if unit is None else \
                resume_translations.field_error(unit, text)
            if message:
                errors.append({"pointer": f"#/translations/{path}", "detail": message})
        if errors:
            raise Problem(422, "Some translations are not valid; `errors` lists each one.",
                          errors=errors)
        content = resume_translations.translated(content, language, body["translations"])
        try:
            resume_translations.save(resume, token_user(), body["version"], content,
                                     f"Translated into {languages.display_name(language, 'en')}")
        except resumes.StaleVersion as error:
            db.session.rollback()
            raise stale_version(resume, body["version"]) from error
        except resumes.InvalidResume as error:
            db.session.rollback()
            raise Problem(422, "The resume is too long to hold these translations.") from error
        return _shown(resume, language)
