"""/api/v1/resumes/{id}/versions: a resume's history, read, compared and restored."""
from flask import abort, url_for
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from website.api import pagination, paths
from website.api.auth import token_user
from website.api.blueprint import api_blueprint
from website.api.problems import Problem
from website.api.resumes import EXAMPLE_RESUME, EXAMPLE_SETTINGS, ResumeSchema, stale_version
from website.api.schemas import URL_TYPE, DesignedContentSchema, StrictSchema
from website.extensions import db
from website.models import Resume, ResumeVersion
from website.models.base import MAX_ROW_ID
from website.services import resumes, versions

blp = api_blueprint("Versions", "/resumes",
                    "Version history: every save of a resume, compared and restored.")



def _number(description: str, **options) -> fields.Integer:
    return fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ROW_ID),
                          metadata={"description": description}, **options)


class VersionSummarySchema(StrictSchema):
    """A version in the history."""

    number = fields.Integer(metadata={"description": "1 for the first save, then higher for "
                                                     "each; a run of autosaves keeps only its "
                                                     "newest number, so numbers can skip.",
                                      "example": 3})
    title = fields.String(metadata={"description": "The resume's title in this version.",
                                    "example": "Backend roles"})
    template = fields.String(attribute="design_slug", metadata={
        "description": "The slug of the design in this version.", "example": "modern"})
    summary = fields.String(metadata={"description": "What changed since the version before.",
                                      "example": "Edited Experience: Acme (highlights)"})
    created_at = fields.DateTime(metadata={"description": "ISO 8601, UTC."})
    url = fields.Function(lambda version: url_for(
        "Versions.VersionItem", resume_id=version.resume_id, number=version.number,
        _external=True), metadata={"description": "This version in the API.", **URL_TYPE})


class VersionSchema(VersionSummarySchema, DesignedContentSchema):
    """A version with the settings and content it was saved with."""


EXAMPLE_VERSION = {
    "number": 3, "title": "Backend roles", "template": "modern",
    "summary": "Edited Experience: Acme (highlights)", "created_at": "2026-11-20T17:42:05+00:00",
    "url": "https://resumes.example.com/api/v1/resumes/7/versions/3",
}
EXAMPLE_FIRST_VERSION = {
    **EXAMPLE_VERSION, "number": 1, "summary": "Created",
    "created_at": "2026-11-02T08:15:30+00:00",
    "url": "https://resumes.example.com/api/v1/resumes/7/versions/1",
}


class RestoreSchema(StrictSchema):
    """Which version of the resume the restore is based on."""

    version = fields.Integer(required=True, strict=True, metadata={
        "description": "The resume's newest version, as you read it. If someone saved since, "
                       "the answer is 409 and nothing is restored.", "example": 5})


class CompareArgs(Schema):
    """The two versions to compare."""

    from_ = _number("The number of the version to compare from.", data_key="from")
    to = _number("The number of the version to compare with.")


class SegmentSchema(StrictSchema):
    """A run of text: the same on both sides, or only in the older or the newer one."""

    text = fields.String(metadata={"description": "The words of the run."})
    kind = fields.String(metadata={"description": "same, added or removed."})


class FieldDiffSchema(StrictSchema):
    """One field on both sides."""

    label = fields.String(metadata={"example": "Highlights"})
    changed = fields.Boolean()
    before = fields.Function(lambda diff: _text(diff.before),
                             metadata={"description": "The older text; lists one item a line.",
                                       "type": "string"})
    after = fields.Function(lambda diff: _text(diff.after),
                            metadata={"type": "string", "description": "The newer text."})
    before_segments = fields.List(fields.Nested(SegmentSchema), attribute="before", metadata={
        "description": "The older text, with the words the newer lacks marked `removed`."})
    after_segments = fields.List(fields.Nested(SegmentSchema), attribute="after", metadata={
        "description": "The newer text, with the words the older lacks marked `added`."})


class EntryDiffSchema(StrictSchema):
    """One entry of a list section, such as a job."""

    headline = fields.String(metadata={"example": "Engineer, Acme"})
    status = fields.String(metadata={"description": "added, removed, changed or unchanged."})
    moved = fields.String(metadata={"description": "up or down when its place changed, else "
                                                   "empty."})
    fields_ = fields.List(fields.Nested(FieldDiffSchema), data_key="fields", attribute="fields")


class SectionDiffSchema(StrictSchema):
    """One part of the resume: settings, personal info or a section."""

    key = fields.String(metadata={"example": "work"})
    title = fields.String(metadata={"example": "Experience"})
    changed = fields.Boolean()
    changes = fields.List(fields.String(), metadata={"description": "What changed, in words."})
    fields_ = fields.List(fields.Nested(FieldDiffSchema), data_key="fields", attribute="fields")
    entries = fields.List(fields.Nested(EntryDiffSchema))


EXAMPLE_COMPARISON = {
    "from": EXAMPLE_FIRST_VERSION,
    "to": {**EXAMPLE_VERSION, "number": 2, "title": "Backend and data roles",
           "summary": "Renamed “Backend roles” to “Backend and data roles”",
           "url": "https://resumes.example.com/api/v1/resumes/7/versions/2"},
    "changes": ["renamed “Backend roles” to “Backend and data roles”"],
    "sections": [{
        "key": "settings", "title": "Title and template", "changed": True,
        "changes": ["renamed “Backend roles” to “Backend and data roles”"],
        "fields": [{"label": "Title", "changed": True, "before": "Backend roles",
                    "after": "Backend and data roles",
                    "before_segments": [{"text": "Backend ", "kind": "same"},
                                        {"text": "roles", "kind": "same"}],
                    "after_segments": [{"text": "Backend ", "kind": "same"},
                                       {"text": "and data", "kind": "added"},
                                       {"text": " ", "kind": "same"},
                                       {"text": "roles", "kind": "same"}]},
                   {"label": "Template", "changed": False, "before": "Modern", "after": "Modern",
                    "before_segments": [{"text": "Modern", "kind": "same"}],
                    "after_segments": [{"text": "Modern", "kind": "same"}]}],
        "entries": [],
    }],
}


class ComparisonSchema(StrictSchema):
    """What changed from one version to another."""

    from_ = fields.Nested(VersionSummarySchema, data_key="from", attribute="before")
    to = fields.Nested(VersionSummarySchema, attribute="after")
    changes = fields.List(fields.String(), attribute="diff.changes", metadata={
        "description": "Every change in words, like “added skill Docker”.",
        "example": ["edited Personal info (Headline)", "added skill Docker"]})
    sections = fields.Function(
        lambda comparison: SectionDiffSchema(many=True).dump(
            [section for section in comparison.diff.sections if not section.empty]),
        metadata={"description": "Each part either version has something in, field by field.",
                  "type": "array", "items": {"type": "object"}})


def _text(segments) -> str:
    return "".join(segment.text for segment in segments)


def _resume(resume_id: int) -> Resume:
    return resumes.get_owned(resume_id, token_user())


def _version_or_404(resume: Resume, number: int) -> ResumeVersion:
    version = versions.get_version(resume, number)
    if version is None:
        abort(404)
    return version


@blp.route("/<int:resume_id>/versions", parameters=paths.described("resume_id"))
class VersionList(MethodView):
    """A resume's versions, newest first."""
    @blp.arguments(pagination.PageArgs, location="query")
    @blp.response(200, VersionSummarySchema(many=True), headers=pagination.HEADERS,
                  example=[EXAMPLE_VERSION, EXAMPLE_FIRST_VERSION])
    def get(self, page_args, resume_id):
        """List a resume's versions, newest first

        Every save is a version; each entry says in words what changed since the one before.
        Read one version (its `url`) for its content.
        """
        page = versions.list_versions(_resume(resume_id), page_args["page"],
                                      page_args["per_page"])
        return page.items, pagination.headers(page)


@blp.route("/<int:resume_id>/versions/<int:number>",
           parameters=paths.described("resume_id", "number"))
class VersionItem(MethodView):
    """One version of a resume, with its content."""
    @blp.response(200, VersionSchema, example={**EXAMPLE_VERSION, "settings": EXAMPLE_SETTINGS,
                                               "resume": EXAMPLE_RESUME["resume"]})
    def get(self, resume_id, number):
        """Read one version with its content

        The title, design, settings and content exactly as they were saved then.
        """
        return _version_or_404(_resume(resume_id), number)


@blp.route("/<int:resume_id>/versions/<int:number>/restore",
           parameters=paths.described("resume_id", "number"))
class VersionRestore(MethodView):
    """Restoring a version of a resume."""
    @blp.arguments(RestoreSchema, example={"version": 5})
    @blp.response(200, ResumeSchema, description="The resume, now with the restored content.",
                  example={**EXAMPLE_RESUME, "version": 6})
    @blp.alt_response(409, response="409")
    def post(self, body, resume_id, number):
        """Restore a version

        Its title, design, settings and content become current again as a new version; the
        versions in between stay in the history. Restoring what is already current changes
        nothing. Send the resume's newest `version` to prove you saw it.
        """
        resume = _resume(resume_id)
        version = _version_or_404(resume, number)
        try:
            versions.restore(resume, version, token_user(), body["version"])
        except resumes.StaleVersion as error:
            db.session.rollback()
            raise stale_version(resume, body["version"]) from error
        except resumes.InvalidResume as error:
            db.session.rollback()
            raise Problem(422, f"Version {number} breaks a rule added after it was saved, so it "
                               "cannot be restored as it is.") from error
        return resume


@blp.route("/<int:resume_id>/versions/compare", parameters=paths.described("resume_id"))
class VersionComparison(MethodView):
    """Two versions of a resume compared."""
    @blp.arguments(CompareArgs, location="query")
    @blp.response(200, ComparisonSchema, example=EXAMPLE_COMPARISON)
    def get(self, args, resume_id):
        """Compare two versions

        What changed from version `from` to version `to`, part by part, word by word.
        """
        comparison = versions.compare(_resume(resume_id), args["from_"], args["to"])
        if comparison is None:
            abort(404)
        return comparison
