"""/api/v1/resumes: list, create, read, replace and delete resumes."""
from flask import g, url_for
from flask.views import MethodView
from marshmallow import ValidationError, fields, validate

from website.api import pagination, paths
from website.api.auth import token_user
from website.api.blueprint import api_blueprint
from website.api.problems import Problem, document_errors
from website.api.schemas import (
    URL_TYPE,
    DesignedContentSchema,
    ResumeDocumentSchema,
    SettingsSchema,
    StrictSchema,
)
from website.extensions import db
from website.models import Resume
from website.services import (
    design_settings,
    designs,
    email_service,
    resume_document,
    resumes,
    variants,
)
from website.services.imports import json_resume

blp = api_blueprint("Resumes", "/resumes",
                    "Resumes: their content as JSON Resume, design and settings.")

EXAMPLE_DOCUMENT = {
    "basics": {"name": "Jane Doe", "label": "Backend Engineer", "email": "jane@example.com",
               "location": {"city": "Berlin", "countryCode": "DE"}},
    "work": [{"position": "Engineer", "name": "Acme", "startDate": "2021-03",
              "highlights": ["Cut API latency by 40%"]}],
    "skills": [{"name": "Python", "keywords": ["Flask", "SQLAlchemy"]}],
}
EXAMPLE_SUMMARY = {
    "id": 7, "title": "Backend roles", "template": "modern", "version": 3,
    "completion_percent": 41, "download_count": 4, "master_id": None, "master_changes": 0,
    "created_at": "2026-11-02T08:15:30+00:00",
    "updated_at": "2026-11-20T17:42:05+00:00",
    "url": "https://resumes.example.com/api/v1/resumes/7",
}
EXAMPLE_SETTINGS = {
    "accent": "#1d5fa8", "font": "dejavu-sans", "font_size": 10, "page_size": "A4",
    "margin_mm": 18, "section_order": list(design_settings.SECTION_KEYS), "hidden_sections": [],
    "show_photo": True, "fit_pages": 0, "language": "en",
}
# As it is read back: every section and field present, empty ones as "" or [].
EXAMPLE_RESUME = {**EXAMPLE_SUMMARY, "settings": EXAMPLE_SETTINGS,
                  "resume": resume_document.normalize(EXAMPLE_DOCUMENT)}


def _link(resume: Resume) -> variants.Link | None:
    """Return the resume's tie to its master, from the links the list view read for its whole
    page (`remember_links`), or read now for a resume alone."""
    known = g.setdefault("variant_links", {})
    if resume.id not in known:
        remember_links([resume])
    return known[resume.id]


def remember_links(items: list[Resume]) -> None:
    """Read the master links of `items` in a few queries, for the schema to show."""
    known = g.setdefault("variant_links", {})
    found = variants.links(items)
    known.update((item.id, found.get(item.id)) for item in items)


def offered_design(slug: str) -> None:
    """Refuse a design that is not offered (see GET /api/v1/templates)."""
    if not designs.is_offered(slug):
        raise ValidationError("Choose one of the designs GET /api/v1/templates lists.")


TITLE = fields.String(validate=[validate.Length(min=1, max=resumes.TITLE_MAX_LENGTH)],
                      metadata={"description": "The name you know the resume by."})
DESIGN = fields.String(validate=offered_design,
                       metadata={"description": "The design's slug, from /api/v1/templates."})


class ResumeSummarySchema(StrictSchema):
    """A resume in a list."""

    id = fields.Integer(metadata={"description": "The resume's id, for the paths that take "
                                                 "`{resume_id}`.", "example": 7})
    title = fields.String(metadata={"description": "The name you know the resume by.",
                                    "example": "Backend roles"})
    template = fields.String(attribute="design_slug", metadata={
        "description": "The slug of its design (see /api/v1/templates).", "example": "modern"})
    version = fields.Integer(metadata={"description": "The newest version: send it back with a "
                                                      "change (PUT) to prove you saw it."})
    completion_percent = fields.Integer(metadata={"description": "How complete it is, 0-100."})
    download_count = fields.Integer(metadata={
        "description": "How many times it was downloaded in any format, from the pages or the "
                       "API.", "example": 4})
    master_id = fields.Function(
        lambda resume: (link := _link(resume)) and link.master and link.master.id,
        metadata={"description": "For a tailored variant, its master resume's id (the master "
                                 "may be in the trash); null for a resume that is no variant "
                                 "or whose master was deleted for good.",
                  "type": ["integer", "null"], "example": None})
    master_changes = fields.Function(
        lambda resume: (link := _link(resume)) and link.pending or 0,
        metadata={"description": "For a variant, how many changes its master made that it has "
                                 "not taken (see GET .../master-changes); else 0.",
                  "type": "integer", "example": 0})
    created_at = fields.DateTime(metadata={"description": "ISO 8601, UTC."})
    updated_at = fields.DateTime(metadata={"description": "ISO 8601, UTC."})
    url = fields.Function(lambda resume: url_for("Resumes.ResumeItem",
                                                 resume_id=resume.id, _external=True),
                          metadata={"description": "This resume in the API.", **URL_TYPE})


class ResumeSchema(ResumeSummarySchema, DesignedContentSchema):
    """A resume with its content and settings."""


class ResumeCreateSchema(StrictSchema):
    """A new resume; without `resume` it starts with your name and email."""

    title = fields.String(required=True, validate=TITLE.validate, metadata=TITLE.metadata)
    template = fields.String(validate=offered_design, metadata=DESIGN.metadata)
    settings = fields.Nested(SettingsSchema)
    resume = fields.Nested(ResumeDocumentSchema)


class ResumeUpdateSchema(StrictSchema):
    """A change: the fields given replace the resume's; `version` says what it is based on."""

    version = fields.Integer(required=True, strict=True, metadata={
        "description": "The version you read (GET). If someone saved since, the answer is 409."})
    title = fields.String(validate=TITLE.validate, metadata=TITLE.metadata)
    template = fields.String(validate=offered_design, metadata=DESIGN.metadata)
    settings = fields.Nested(SettingsSchema)
    resume = fields.Nested(ResumeDocumentSchema)


def _settings(raw: dict | None, slug: str, resume: Resume | None = None) -> dict | None:
    """Return settings ready to store, or None to keep what there is; raise 422 if invalid."""
    settings, errors = design_settings.to_store(raw, slug, token_user(), resume)
    if errors:
        raise Problem(422, "Some settings are not valid; `errors` lists each one.",
                      errors=document_errors(errors, ["settings"]))
    return settings


def _invalid(error: resumes.InvalidResume) -> Problem:
    problems = dict(error.problems)
    title, too_large = problems.pop("title", None), problems.pop("document", None)
    errors = document_errors(problems, ["resume"])
    if too_large:
        errors.insert(0, {"pointer": "#/resume", "detail": too_large})
    if title:
        errors.insert(0, {"pointer": "#/title", "detail": title})
    return Problem(422, "The resume breaks some rules; `errors` lists each one.", errors=errors)


def stale_version(resume: Resume, sent: int) -> Problem:
    """Return the 409 problem for a change based on `sent`, no longer the newest version."""
    return Problem(409, f"Version {sent} is not the newest: it is {resume.version}. Read the "
                        "resume again and retry.", current_version=resume.version)


def _with_etag(resume: Resume) -> dict:
    return {"ETag": f'"{resume.version}"'}


@blp.route("")
class ResumeList(MethodView):
    """The user's resumes: list them, create one."""
    @blp.arguments(pagination.PageArgs, location="query")
    @blp.response(200, ResumeSummarySchema(many=True), headers=pagination.HEADERS,
                  example=[EXAMPLE_SUMMARY])
    def get(self, page_args):
        """List your resumes, newest change first

        Resumes in the trash are left out. Each entry is a summary without the content; read
        one resume (its `url`) for its content and settings.
        """
        page = resumes.list_page(token_user(), page_args["page"], page_args["per_page"])
        remember_links(page.items)
        return page.items, pagination.headers(page)

    @blp.arguments(ResumeCreateSchema, example={"title": "Backend roles", "template": "modern",
                                                "resume": EXAMPLE_DOCUMENT})
    @blp.response(201, ResumeSchema, headers={
        "Location": {"description": "The new resume's URL.", "schema": {"type": "string"}},
        "ETag": {"description": "The version, quoted.", "schema": {"type": "string"}}},
        example={**EXAMPLE_RESUME, "version": 1, "download_count": 0,
                 "updated_at": EXAMPLE_RESUME["created_at"]})
    def post(self, body):
        """Create a resume

        Its first version is saved with it; a `resume.created` webhook event follows. The
        `resume` may be a JSON Resume document as any tool writes it: `$schema`, `meta` and
        fields of the tool's own are kept as sent. A file exported from this site also brings
        its design (`meta.resumeBuilder`): the template unless `template` is given, and its
        settings unless `template` or `settings` is.
        """
        document, saved_slug, saved_settings = json_resume.split_design(body.get("resume") or {})
        slug = body.get("template", saved_slug or designs.DEFAULT_DESIGN)
        raw_settings = body.get("settings")
        if raw_settings is None and "template" not in body and saved_slug:
            raw_settings = saved_settings or None  # as the file's design was set up
        settings = _settings(raw_settings, slug)
        try:
            resume = resumes.create(token_user(), body["title"], slug, document, settings)
        except resumes.InvalidResume as error:
            raise _invalid(error) from error
        email_service.send_resume_created_email(resume)
        location = url_for("Resumes.ResumeItem", resume_id=resume.id, _external=True)
        return resume, {"Location": location, **_with_etag(resume)}


@blp.route("/<int:resume_id>", parameters=paths.described("resume_id"))
class ResumeItem(MethodView):
    """One resume: read, change, move to the trash."""
    @blp.response(200, ResumeSchema, headers={
        "ETag": {"description": "The version, quoted.", "schema": {"type": "string"}}},
        example=EXAMPLE_RESUME)
    def get(self, resume_id):
        """Read a resume with its content

        The `ETag` header and the `version` field hold its newest version: send that back
        with a change (PUT).
        """
        resume = resumes.get_owned(resume_id, token_user())
        return resume, _with_etag(resume)

    @blp.arguments(ResumeUpdateSchema, example={"version": 3, "title": "Backend and data roles"})
    @blp.response(200, ResumeSchema, headers={
        "ETag": {"description": "The new version, quoted.", "schema": {"type": "string"}}},
        example={**EXAMPLE_RESUME, "title": "Backend and data roles", "version": 4})
    @blp.alt_response(409, response="409")
    def put(self, body, resume_id):
        """Change a resume

        Send the `version` you read; the fields you send replace the resume's, the others stay.
        Each change is saved as a new version (see the versions endpoints).
        """
        resume = resumes.get_owned(resume_id, token_user())
        slug = body.get("template", resume.design_slug)
        if not designs.usable(slug, resume):
            raise Problem(422, "Choose one of the listed designs.",
                          errors=[{"pointer": "#/template", "detail": "Not offered."}])
        try:
            content = body.get("resume")
            if content is not None:  # the design is the resume's own, not part of its content
                content = json_resume.split_design(content)[0]
            resumes.save(resume, token_user(), body["version"], title=body.get("title"),
                         content=content, design_slug=slug,
                         settings=_settings(body.get("settings"), slug, resume))
        except resumes.StaleVersion as error:
            db.session.rollback()
            raise stale_version(resume, body["version"]) from error
        except resumes.InvalidResume as error:
            db.session.rollback()
            raise _invalid(error) from error
        return resume, _with_etag(resume)

    @blp.response(204)
    def delete(self, resume_id):
        """Move a resume to the trash

        It can be restored from the trash page for as long as you keep it there.
        """
        resumes.move_to_trash(resumes.get_owned(resume_id, token_user()))
