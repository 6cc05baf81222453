"""/api/v1/export: a resume as PDF, Word, text or JSON Resume, or the HTML the PDF is made of."""
import io
from collections.abc import Callable

from flask import Response, send_file
from marshmallow import fields, validate

from website.api import limits
from website.api.auth import token_user
from website.api.blueprint import api_blueprint
from website.api.problems import Problem, document_errors
from website.api.resumes import EXAMPLE_DOCUMENT, EXAMPLE_SETTINGS, offered_design
from website.api.schemas import SettingsSchema, StrictSchema
from website.models import Resume
from website.services import design_settings, resume_translations, resumes
from website.services.design_settings import Settings
from website.services.export import downloads, files, rendering

blp = api_blueprint("Export", "/export",
                    "Exports: a resume as a file, in its own design and settings or in others "
                    "tried for one file only (nothing is saved). At most 10 a minute per account, "
                    "all its tokens and its downloads from the pages together.",
                    writes=False)

JSON_RESUME = {"type": "object", "description": "A JSON Resume document "
                                                "(https://jsonresume.org/schema)."}


class ExportSchema(StrictSchema):
    """Which resume to export, and optionally another design or settings for this file alone."""

    resume_id = fields.Integer(required=True, strict=True,
                               metadata={"description": "The resume's id.", "example": 7})
    template = fields.String(validate=offered_design, metadata={
        "description": "Export in this design (a slug from /api/v1/templates) instead of the "
                       "resume's own; the resume keeps its design.", "example": "classic"})
    settings = fields.Nested(SettingsSchema, metadata={
        "description": "Settings to change for this file only; the others stay the resume's "
                       "(or, with `template`, that design's)."})
    language = fields.String(validate=validate.Length(max=35), metadata={
        "description": "Export the resume's translation into this language (a tag, like `de`; "
                       "see the translations endpoints): translated fields in it, the others "
                       "as written, headings and dates in it. A language the resume has no "
                       "translation into gives the original.", "example": "de"})


EXAMPLE = {"resume_id": 7, "template": "classic", "settings": {"accent": "#aa0000"}}
# The JSON Resume file EXAMPLE downloads: the content, with the look asked for under `meta`.
EXAMPLE_FILE = {
    "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
    **EXAMPLE_DOCUMENT,
    "meta": {"resumeBuilder": {"template": "classic", "settings": {
        **{key: value for key, value in EXAMPLE_SETTINGS.items() if key != "hidden_sections"},
        "accent": "#aa0000", "font": "liberation-serif"}}},
}


def file_schema(media_type: str) -> dict:
    """Return the schema of a file's content in `media_type`, as OpenAPI 3.1 writes it."""
    return {"type": "string", "contentMediaType": media_type}


def _look(resume: Resume, body: dict) -> tuple[str, Settings]:
    """Return the design and settings asked for: the resume's own, switched to `template`
    as the gallery switches it, then with `settings` over them; raise 422 for bad settings."""
    slug = body.get("template", resume.design_slug)
    if slug == resume.design_slug:
        start = design_settings.effective(resume)
    else:
        start = design_settings.switched(resume, slug, token_user())
    if "settings" not in body:
        return slug, start
    settings, errors = design_settings.validate({**start.stored(), **body["settings"]}, slug,
                                                token_user())
    if errors:
        raise Problem(422, "Some settings are not valid; `errors` lists each one.",
                      errors=document_errors(errors, ["settings"]))
    return slug, settings


def _download(body: dict, extension: str,
              make: Callable[[Resume, str, Settings, str | None], bytes]) -> Response:
    """Send the resume as a file made by `make`, counting the download as the pages do."""
    resume = resumes.get_owned(body["resume_id"], token_user())
    slug, settings = _look(resume, body)
    language = body.get("language")
    name = downloads.file_name(resume, extension, language)  # before the count's commit
    data = downloads.counted(resume, extension, lambda: make(resume, slug, settings, language))
    return send_file(io.BytesIO(data), mimetype=files.MEDIA_TYPES[extension], as_attachment=True,
                     download_name=name, max_age=0)


def _file(extension: str, what: str) -> dict:
    """Return the documentation of a download's 200 answer."""
    media_type = files.MEDIA_TYPES[extension]
    if media_type == "application/json":
        shown = {"schema": JSON_RESUME, "example": EXAMPLE_FILE}
    else:
        shown = {"schema": file_schema(media_type)}
    return {"content_type": media_type, **shown, "description": (
        f"{what}, as an attachment named after the candidate (Content-Disposition), like "
        f"`Jane-Doe-Resume.{extension}`."),
        "headers": {"Content-Disposition": {"description": "attachment; filename=...",
                                            "schema": {"type": "string"}}}}


def _export_route(path: str, **answer) -> Callable:
    """Route a POST of an ExportSchema body to `path`, answering 200 as `answer` documents it
    (or 404), within the accounts' export limit."""
    def decorate(view: Callable) -> Callable:
        view = blp.alt_response(404, response="404")(limits.exports(view))
        view = blp.arguments(ExportSchema, example=EXAMPLE)(blp.response(200, **answer)(view))
        return blp.route(path, methods=["POST"])(view)
    return decorate


@_export_route("/pdf", **_file("pdf", "The PDF"))
def pdf(body):
    """Download a resume as PDF

    Counted as a download, like one from the pages; a `resume.exported` webhook event follows.
    """
    return _download(body, "pdf", files.pdf)


@_export_route("/docx", **_file("docx", "The Word document"))
def word(body):
    """Download a resume as a Word document

    Word has no designs: it takes the font, accent colour and section order of the settings.
    Counted as a download; a `resume.exported` webhook event follows.
    """
    return _download(body, "docx", files.word)


@_export_route("/txt", **_file("txt", "The text, UTF-8"))
def plain_text(body):
    """Download a resume as plain text

    To paste into application forms; sections in the order of the settings. Counted as a
    download; a `resume.exported` webhook event follows.
    """
    return _download(body, "txt", files.plain_text)


@_export_route("/json", **_file("json", "The JSON Resume file"))
def json_file(body):
    """Download a resume as a JSON Resume file

    Valid against the JSON Resume schema, with the design and settings under `meta`. Counted
    as a download; a `resume.exported` webhook event follows.
    """
    return _download(body, "json", files.json_file)


@_export_route("/preview", content_type="text/html", schema={"type": "string"},
               description="The HTML page, linking the design's stylesheet.")
def preview(body):
    """Preview a resume as HTML

    Exactly the HTML the PDF is made of, in the design and settings asked for. Not counted as
    a download.
    """
    resume = resumes.get_owned(body["resume_id"], token_user())
    slug, settings = _look(resume, body)
    source, settings = resume_translations.shown(resume, settings, body.get("language"))
    return Response(rendering.render_html(source, settings, slug), mimetype="text/html")
