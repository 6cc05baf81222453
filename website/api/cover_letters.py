"""/api/v1/applications/{id}/letter: an application's cover letter, its versions and files."""
import io
from collections.abc import Callable

from flask import abort, send_file, url_for
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from website.api import limits, pagination
from website.api.auth import token_user
from website.api.blueprint import api_blueprint
from website.api.export import file_schema
from website.api.problems import Problem
from website.api.schemas import URL_TYPE, StrictSchema
from website.api.versions import SegmentSchema
from website.extensions import db
from website.models import Application, CoverLetter, CoverLetterVersion
from website.models.base import MAX_ROW_ID
from website.services import applications, cover_letters
from website.services.cover_letters import LIMITS, MAX_PARAGRAPHS
from website.services.export import files, letter

blp = api_blueprint("Cover letters", "/applications",
                    "An application's cover letter: started from the resume sent and the ad, "
                    "edited, versioned, compared, restored and downloaded in the resume's "
                    "design.")

APPLICATION_ID = {"in": "path", "name": "application_id", "example": 4, "description":
                  "The application's id, as the application list (`id`) gives it."}
NUMBER = {"in": "path", "name": "number", "example": 2, "description":
          "The letter version's number: 1 for the letter as started, then one more per save."}
EXAMPLE_CONTENT = {
    "recipient": {"name": "", "title": "", "company": "Acme",
                  "address": "Friedrichstraße 1\n10117 Berlin"},
    "date": "5 December 2026", "subject": "Application for the Backend Engineer position",
    "greeting": "Dear Hiring Manager,",
    "paragraphs": ["I am writing to apply for the Backend Engineer position at Acme.",
                   "I currently work as Backend Engineer at Paystream (Mar 2021 – Present).",
                   "Your ad asks for Python and PostgreSQL, both of which are on my resume."],
    "closing": "Kind regards,", "signature": "Jane Doe",
}


def _text(key: str, description: str) -> fields.String:
    return fields.String(validate=validate.Length(max=LIMITS[key]),
                         metadata={"description": description})


class RecipientSchema(StrictSchema):
    """Whom the letter is for."""

    name = _text("name", "The person's name; empty when unknown.")
    title = _text("title", "Their job title.")
    company = _text("company", "The company.")
    address = _text("address", "The postal address, one line per line.")


class LetterContentSchema(StrictSchema):
    """What the letter says, field by field; a field left out is empty."""

    recipient = fields.Nested(RecipientSchema)
    date = _text("date", "The date as written on the letter.")
    subject = _text("subject", "The subject line.")
    greeting = _text("greeting", "Like “Dear Hiring Manager,”.")
    paragraphs = fields.List(fields.String(validate=validate.Length(max=LIMITS["paragraphs"])),
                             validate=validate.Length(max=MAX_PARAGRAPHS),
                             metadata={"description": "The body, one string a paragraph."})
    closing = _text("closing", "Like “Kind regards,”.")
    signature = _text("signature", "The name under the closing.")


def _letter_url(application_id: int, name: str = "LetterItem", **values) -> str:
    return url_for(f"Cover letters.{name}", application_id=application_id, _external=True,
                   **values)


class LetterSchema(StrictSchema):
    """An application's cover letter."""

    application_id = fields.Integer(metadata={"description": "The application the letter is "
                                                             "for.", "example": 4})
    version = fields.Integer(metadata={"description": "The newest version: send it back with "
                                                      "a change.", "example": 2})
    letter = fields.Nested(LetterContentSchema, attribute="content")
    created_at = fields.DateTime(metadata={"description": "ISO 8601, UTC."})
    updated_at = fields.DateTime(metadata={"description": "ISO 8601, UTC."})
    url = fields.Function(lambda found: _letter_url(found.application_id),
                          metadata={"description": "This letter in the API.", **URL_TYPE})
    downloads = fields.Function(
        lambda found: {kind: _letter_url(found.application_id, name) for kind, name in
                       (("pdf", "LetterPdf"), ("docx", "LetterWord"), ("txt", "LetterText"))},
        metadata={"description": "Where to download it as PDF, Word and text.",
                  "type": "object", "additionalProperties": URL_TYPE})


class LetterUpdateSchema(StrictSchema):
    """A change of the letter, based on the version you read."""

    version = fields.Integer(required=True, strict=True, validate=validate.Range(
        min=0, max=MAX_ROW_ID), metadata={"description": "The letter's newest version, as you "
                                                         "read it; 409 if someone saved since.",
                                          "example": 2})
    letter = fields.Nested(LetterContentSchema, required=True)


class LetterVersionSummarySchema(StrictSchema):
    """A version in the letter's history."""

    number = fields.Integer(metadata={"description": "1 for the letter as started, then one "
                                                     "more per save.", "example": 2})
    summary = fields.String(metadata={"description": "What changed since the version before.",
                                      "example": "Edited Subject, Letter"})
    created_at = fields.DateTime(metadata={"description": "ISO 8601, UTC."})
    url = fields.Function(lambda version: _letter_url(
        version.cover_letter.application_id, "LetterVersionItem", number=version.number),
        metadata={"description": "This version in the API.", **URL_TYPE})


class LetterVersionSchema(LetterVersionSummarySchema):
    """A version with what the letter said then."""

    letter = fields.Nested(LetterContentSchema, attribute="content")


class LetterRestoreSchema(StrictSchema):
    """Which version of the letter the restore is based on."""

    version = fields.Integer(required=True, strict=True, validate=validate.Range(
        min=0, max=MAX_ROW_ID), metadata={"description": "The letter's newest version, as you "
                                                         "read it.", "example": 3})


class LetterCompareArgs(Schema):
    """The two versions to compare."""

    from_ = fields.Integer(required=True, data_key="from", validate=validate.Range(
        min=1, max=MAX_ROW_ID), metadata={"description": "The older version's number."})
    to = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ROW_ID),
                        metadata={"description": "The newer version's number."})


class LetterFieldChangeSchema(StrictSchema):
    """One field of the letter in both versions."""

    key = fields.String(metadata={"description": "The field's name in `letter`.",
                                  "example": "subject"})
    label = fields.String(metadata={"description": "The field's name for a person.",
                                    "example": "Subject"})
    changed = fields.Boolean(metadata={"description": "Whether the two versions differ here."})
    before = fields.List(fields.Nested(SegmentSchema), metadata={
        "description": "The field in the older version, as runs of text."})
    after = fields.List(fields.Nested(SegmentSchema), metadata={
        "description": "The field in the newer version, as runs of text."})


class LetterComparisonSchema(StrictSchema):
    """What changed from one version of the letter to another."""

    from_ = fields.Nested(LetterVersionSummarySchema, data_key="from", attribute="before")
    to = fields.Nested(LetterVersionSummarySchema, attribute="after")
    changes = fields.List(fields.String(), metadata={"description": "The labels of the "
                                                                    "fields that changed."})
    fields_ = fields.List(fields.Nested(LetterFieldChangeSchema), data_key="fields",
                          attribute="fields", metadata={
                              "description": "Every field of the letter, in reading order."})


EXAMPLE_LETTER = {
    "application_id": 4, "version": 2, "letter": EXAMPLE_CONTENT,
    "created_at": "2026-12-05T09:12:00+00:00", "updated_at": "2026-12-05T09:30:41+00:00",
    "url": "https://resumes.example.com/api/v1/applications/4/letter",
    "downloads": {kind: f"https://resumes.example.com/api/v1/applications/4/letter/{kind}"
                  for kind in ("pdf", "docx", "txt")},
}
EXAMPLE_VERSION = {"number": 2, "summary": "Edited Subject", "created_at":
                   "2026-12-05T09:30:41+00:00",
                   "url": "https://resumes.example.com/api/v1/applications/4/letter/versions/2"}
EXAMPLE_FIRST_VERSION = {**EXAMPLE_VERSION, "number": 1, "summary": "Started from the template",
                         "url": EXAMPLE_VERSION["url"][:-1] + "1"}
EXAMPLE_COMPARISON = {
    "from": EXAMPLE_FIRST_VERSION, "to": EXAMPLE_VERSION, "changes": ["Subject"],
    "fields": [{"key": "subject", "label": "Subject", "changed": True,
                "before": [{"text": "Application for the Backend Engineer position",
                            "kind": "same"}],
                "after": [{"text": "Application for the Backend Engineer position",
                           "kind": "same"}, {"text": " (ref. 42)", "kind": "added"}]}],
}


def _application(application_id: int) -> Application:
    return applications.get_owned(application_id, token_user())


def _letter(application_id: int) -> CoverLetter:
    found = _application(application_id).cover_letter
    if found is None:
        abort(404)
    return found


def _version(found: CoverLetter, number: int) -> CoverLetterVersion:
    version = cover_letters.get_version(found, number)
    if version is None:
        abort(404)
    return version


def _saved(found: CoverLetter, sent: int, save: Callable[[], bool]) -> CoverLetter:
    """Return the letter after `save()`, or raise the problem of a stale (409) or refused
    (422) save, nothing written."""
    try:
        save()
    except cover_letters.StaleLetter as error:
        db.session.rollback()
        raise Problem(409, f"Version {sent} is not the newest: it is {found.version}. Read "
                           "the letter again and retry.",
                      current_version=found.version) from error
    except cover_letters.InvalidLetter as error:
        db.session.rollback()
        raise Problem(422, "Some fields of the letter cannot be saved; `errors` lists each "
                           "one.", errors=[{"pointer": "#/letter/" + key.replace(".", "/"),
                                            "detail": message}
                                           for key, message in error.problems.items()]) from error
    return found


@blp.route("/<int:application_id>/letter", parameters=[APPLICATION_ID])
class LetterItem(MethodView):
    """An application's cover letter: read, start, change."""
    @blp.response(200, LetterSchema, example=EXAMPLE_LETTER)
    def get(self, application_id):
        """Read an application's cover letter

        404 when the application has no letter yet: start one with POST.
        """
        return _letter(application_id)

    @blp.response(201, LetterSchema, example={**EXAMPLE_LETTER, "version": 1})
    @blp.alt_response(409, response="409")
    def post(self, application_id):
        """Start the cover letter from the template

        The template uses only what the application knows: its company, role and place, the
        resume version sent (name, summary, latest job and its highlights) and the skills
        of that resume the ad names. 409 when the application has a letter already, 422 when
        it has no resume attached.
        """
        application = _application(application_id)
        if application.cover_letter is not None:
            raise Problem(409, "This application has a cover letter already: change it with "
                               "PUT.", current_version=application.cover_letter.version)
        try:
            return cover_letters.start(application, token_user())
        except cover_letters.NoResumeSent as error:
            raise Problem(422, str(error)) from error

    @blp.arguments(LetterUpdateSchema, example={"version": 1, "letter": EXAMPLE_CONTENT})
    @blp.response(200, LetterSchema, example=EXAMPLE_LETTER)
    @blp.alt_response(409, response="409")
    def put(self, body, application_id):
        """Change the cover letter

        Send the `version` you read and the whole letter; fields left out become empty.
        Each change is saved as a new version.
        """
        found = _letter(application_id)
        return _saved(found, body["version"], lambda: cover_letters.save(
            found, token_user(), body["version"], body["letter"]))


@blp.route("/<int:application_id>/letter/versions", parameters=[APPLICATION_ID])
class LetterVersionList(MethodView):
    """The cover letter's versions, newest first."""
    @blp.arguments(pagination.PageArgs, location="query")
    @blp.response(200, LetterVersionSummarySchema(many=True), headers=pagination.HEADERS,
                  example=[EXAMPLE_VERSION])
    def get(self, page_args, application_id):
        """List the cover letter's versions, newest first

        One version per save, each with a line saying what changed; the first is the letter as
        started.
        """
        page = cover_letters.list_versions(_letter(application_id), page_args["page"],
                                           page_args["per_page"])
        return page.items, pagination.headers(page)


@blp.route("/<int:application_id>/letter/versions/<int:number>",
           parameters=[APPLICATION_ID, NUMBER])
class LetterVersionItem(MethodView):
    """One version of the cover letter."""
    @blp.response(200, LetterVersionSchema, example={**EXAMPLE_VERSION, "letter": EXAMPLE_CONTENT})
    def get(self, application_id, number):
        """Read one version of the cover letter

        What the letter said when that version was saved.
        """
        return _version(_letter(application_id), number)


@blp.route("/<int:application_id>/letter/versions/<int:number>/restore",
           parameters=[APPLICATION_ID, NUMBER])
class LetterVersionRestore(MethodView):
    """Restoring a version of the cover letter."""
    @blp.arguments(LetterRestoreSchema, example={"version": 3})
    @blp.response(200, LetterSchema, example=EXAMPLE_LETTER)
    @blp.alt_response(409, response="409")
    def post(self, body, application_id, number):
        """Restore a version of the cover letter

        Its content becomes the newest version; the versions between stay in the history.
        """
        found = _letter(application_id)
        version = _version(found, number)
        return _saved(found, body["version"], lambda: cover_letters.restore(
            found, version, token_user(), body["version"]))


@blp.route("/<int:application_id>/letter/versions/compare", parameters=[APPLICATION_ID])
class LetterComparison(MethodView):
    """Two versions of the cover letter compared."""
    @blp.arguments(LetterCompareArgs, location="query")
    @blp.response(200, LetterComparisonSchema, example=EXAMPLE_COMPARISON)
    def get(self, args, application_id):
        """Compare two versions of the cover letter

        Field by field, the words only one side has marked.
        """
        comparison = cover_letters.compare(_letter(application_id), args["from_"], args["to"])
        if comparison is None:
            abort(404)
        return comparison


def _download(application_id: int, extension: str):
    """Send the application's letter as a file in `extension`."""
    application = _application(application_id)
    if application.cover_letter is None:
        abort(404)
    data = letter.letter_file(application, extension)
    return send_file(io.BytesIO(data), mimetype=files.MEDIA_TYPES[extension],
                     as_attachment=True, max_age=0,
                     download_name=letter.file_name(application, extension))


def _file(extension: str, what: str) -> dict:
    """Return the documentation of a download's 200 answer."""
    media_type = files.MEDIA_TYPES[extension]
    return {"content_type": media_type, "schema": file_schema(media_type), "description": (
        f"{what}, in the design of the resume version sent, as an attachment named like "
        f"`Jane-Doe-Cover-Letter-Acme.{extension}`."),
        "headers": {"Content-Disposition": {"description": "attachment; filename=...",
                                            "schema": {"type": "string"}}}}


@blp.route("/<int:application_id>/letter/pdf", parameters=[APPLICATION_ID])
class LetterPdf(MethodView):
    """The cover letter as PDF."""
    @blp.response(200, **_file("pdf", "The letter as PDF"))
    @limits.exports
    def get(self, application_id):
        """Download the cover letter as PDF

        Its letterhead is the resume's own masthead.
        """
        return _download(application_id, "pdf")


@blp.route("/<int:application_id>/letter/docx", parameters=[APPLICATION_ID])
class LetterWord(MethodView):
    """The cover letter as a Word document."""
    @blp.response(200, **_file("docx", "The letter as a Word document"))
    @limits.exports
    def get(self, application_id):
        """Download the cover letter as a Word document

        In the Word look of the resume's design, with the same letterhead.
        """
        return _download(application_id, "docx")


@blp.route("/<int:application_id>/letter/txt", parameters=[APPLICATION_ID])
class LetterText(MethodView):
    """The cover letter as plain text."""
    @blp.response(200, **_file("txt", "The letter as UTF-8 text"))
    @limits.exports
    def get(self, application_id):
        """Download the cover letter as plain text

        UTF-8 text, laid out as the letter reads.
        """
        return _download(application_id, "txt")
