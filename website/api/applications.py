"""/api/v1/applications: the jobs applied for, their status, the resume version sent and their
timeline of events."""
from flask import url_for
from flask.views import MethodView
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from website.api import pagination, paths
from website.api.auth import token_user
from website.api.blueprint import api_blueprint
from website.api.problems import Problem, document_errors
from website.api.schemas import URL_TYPE, StrictSchema
from website.models import Application, Resume
from website.models.application import SAVED, STATUSES, URL_MAX_LENGTH
from website.services import applications, resumes, user_input
from website.services.errors import NotFound

blp = api_blueprint("Applications", "/applications",
                    "Job applications: the company and role, the status in the pipeline ("
                    + ", ".join(STATUSES) + "), the resume version sent (frozen: later edits "
                    "of the resume do not change it), the match of its ad, and a timeline of "
                    "events. The same events (`application.created`, "
                    "`application.status_changed`, `application.viewed`) go to webhooks.")

SEARCH_MAX_LENGTH = 200
STATUS = fields.String(validate=validate.OneOf(STATUSES), metadata={
    "description": "Where it is in the pipeline: " + ", ".join(STATUSES) + ".",
    "enum": list(STATUSES), "example": "applied"})


def _text(name: str, description: str, example: str, **kwargs) -> fields.String:
    return fields.String(validate=validate.Length(max=applications.TEXT_LIMITS[name]),
                         metadata={"description": f"{description} Up to "
                                                  f"{applications.TEXT_LIMITS[name]:,} "
                                                  "characters.", "example": example}, **kwargs)


def _storable(text: str) -> None:
    if not user_input.is_storable(text):
        raise ValidationError(user_input.unstorable_message())


class ApplicationSummarySchema(StrictSchema):
    """An application in a list: everything but the ad's text, the notes and the match."""

    id = fields.Integer(metadata={"description": "The application's id, for the paths that "
                                                 "take `{application_id}`.", "example": 5})
    company = fields.String(metadata={"description": "The employer.", "example": "Acme"})
    role = fields.String(metadata={"description": "The job's title.",
                                   "example": "Backend Engineer"})
    location = fields.String(metadata={"description": "Where the job is, or empty.",
                                       "example": "Berlin"})
    ad_url = fields.String(metadata={"description": "The ad's web address, or empty.",
                                     "example": "https://jobs.example.com/acme/42"})
    status = fields.String(metadata=STATUS.metadata)
    status_changed_at = fields.DateTime(metadata={"description": "When it took its status. "
                                                                 "ISO 8601, UTC."})
    furthest_status = fields.String(metadata={
        "description": "The furthest step reached (saved, applied, interviewing or offer), "
                       "whatever the status is now: what the funnel counts.",
        "enum": [SAVED, *applications.FUNNEL], "example": "interviewing"})
    responded = fields.Boolean(metadata={
        "description": "Whether the employer answered (an interview, an offer or a "
                       "rejection)."})
    applied_on = fields.Date(allow_none=True, metadata={
        "description": "The day you applied; set to the day of the move when it reaches "
                       "applied without one."})
    follow_up_on = fields.Date(allow_none=True, metadata={
        "description": "The day to follow up, if any."})
    resume_id = fields.Integer(allow_none=True, metadata={
        "description": "The resume sent; null when none was, or it was deleted for good.",
        "example": 7})
    sent_version = fields.Integer(allow_none=True, metadata={
        "description": "The number of the resume's version sent, frozen when it was chosen.",
        "example": 3})
    sent_design = fields.String(allow_none=True, metadata={
        "description": "The design's slug of the version sent.", "example": "modern"})
    created_at = fields.DateTime(metadata={"description": "ISO 8601, UTC."})
    updated_at = fields.DateTime(metadata={"description": "ISO 8601, UTC."})
    deleted_at = fields.DateTime(allow_none=True, metadata={
        "description": "When it was moved to the trash; null when it is not there."})
    url = fields.Function(lambda application: url_for(
        "Applications.ApplicationItem", application_id=application.id, _external=True),
        metadata={"description": "This application in the API.", **URL_TYPE})


class MatchSummarySchema(Schema):
    """How the version sent meets the ad's must-haves."""

    id = fields.Integer(metadata={"description": "The match's id.", "example": 12})
    score = fields.Integer(metadata={"description": "The met share of the requirements' "
                                                    "weight, 0-100.", "example": 67})
    met_must_haves = fields.Function(
        lambda match: [item["name"] for item in match.requirements
                       if item["must"] and item["met"]],
        metadata={"description": "The ad's required skills the version sent names.",
                  "type": "array", "items": {"type": "string"}, "example": ["Python"]})
    missing_must_haves = fields.Function(
        lambda match: [item["name"] for item in match.requirements
                       if item["must"] and not item["met"]],
        metadata={"description": "The ad's required skills the version sent lacks.",
                  "type": "array", "items": {"type": "string"}, "example": ["Kubernetes"]})


class ApplicationSchema(ApplicationSummarySchema):
    """An application with the ad, your notes and the match of the version sent."""

    ad_text = fields.String(metadata={"description": "The text of the ad, or empty."})
    notes = fields.String(metadata={"description": "Your notes."})
    sent_version_url = fields.Function(
        lambda application: url_for(
            "Versions.VersionItem", resume_id=application.resume_id,
            number=application.sent_version, _external=True)
        if application.resume_id and application.sent_version else None,
        metadata={"description": "The version sent, in the API; null when none was.",
                  "type": ["string", "null"], "format": "uri"})
    match = fields.Nested(MatchSummarySchema, allow_none=True, metadata={
        "description": "The analysis of the ad against the version sent; null without an ad "
                       "or a resume sent."})
    events_url = fields.Function(lambda application: url_for(
        "Applications.ApplicationEvents", application_id=application.id, _external=True),
        metadata={"description": "Its timeline in the API.", **URL_TYPE})


class ApplicationFieldsSchema(StrictSchema):
    """What you write about an application; the fields not sent keep their value."""

    company = _text("company", "The employer.", "Acme")
    role = _text("role", "The job's title.", "Backend Engineer")
    location = _text("location", "Where the job is.", "Berlin")
    ad_url = fields.String(validate=validate.Length(max=URL_MAX_LENGTH), metadata={
        "description": "The ad's http(s) address, or empty.",
        "example": "https://jobs.example.com/acme/42"})
    ad_text = _text("ad_text", "The text of the ad: it is matched against the version sent.",
                    "Backend Engineer\nRequirements: Python, PostgreSQL")
    notes = _text("notes", "Your notes.", "Referred by Sam.")
    applied_on = fields.Date(allow_none=True, metadata={
        "description": "The day you applied (YYYY-MM-DD), or null.", "example": "2026-11-20"})
    follow_up_on = fields.Date(allow_none=True, metadata={
        "description": "The day to follow up (YYYY-MM-DD, not before `applied_on`), or null.",
        "example": "2026-12-04"})
    resume_id = fields.Integer(strict=True, metadata={
        "description": "One of your resumes (a variant too, not one in the trash): its newest "
                       "version becomes the one sent, frozen from then on.", "example": 7})


class ApplicationCreateSchema(ApplicationFieldsSchema):
    """A new application: `company` and `role` at least."""

    company = _text("company", "The employer.", "Acme", required=True)
    role = _text("role", "The job's title.", "Backend Engineer", required=True)
    status = fields.String(load_default=SAVED, validate=STATUS.validate,
                           metadata={**STATUS.metadata, "description": "Where it starts in the "
                                     "pipeline (default saved)."})


class ApplicationUpdateSchema(ApplicationFieldsSchema):
    """A change: the fields sent replace the application's; `status` moves it."""

    status = fields.String(validate=STATUS.validate, metadata=STATUS.metadata)

    @validates_schema
    def _not_empty(self, data, **kwargs):
        if not data:
            raise ValidationError("Send at least one field to change.")


class StatusChangeSchema(StrictSchema):
    """The status to move to."""

    status = fields.String(required=True, validate=STATUS.validate, metadata=STATUS.metadata)


class ApplicationListArgs(pagination.PageArgs):
    """Which applications to list."""

    status = fields.String(validate=STATUS.validate, metadata={
        "description": "Only applications with this status: " + ", ".join(STATUSES) + "."})
    q = fields.String(validate=[validate.Length(max=SEARCH_MAX_LENGTH), _storable], metadata={
        "description": "Only applications whose company or role contains this text, in any "
                       "case.", "example": "acme"})
    trashed = fields.Boolean(load_default=False, metadata={
        "description": "true: list the trash instead (restore from there)."})


class ApplicationEventSchema(Schema):
    """One entry of an application's timeline."""

    id = fields.Integer(metadata={"description": "The event's id.", "example": 31})
    type = fields.String(metadata={
        "description": "What happened: application.created, application.status_changed or "
                       "application.viewed (a tracked link was opened).",
        "example": "application.status_changed"})
    details = fields.Dict(metadata={
        "description": "created: `status`; status_changed: `from` and `to`; viewed: "
                       "`link_id`.", "example": {"from": "applied", "to": "interviewing"}})
    created_at = fields.DateTime(metadata={"description": "ISO 8601, UTC."})


EXAMPLE_SUMMARY = {
    "id": 5, "company": "Acme", "role": "Backend Engineer", "location": "Berlin",
    "ad_url": "https://jobs.example.com/acme/42", "status": "applied",
    "status_changed_at": "2026-11-20T09:12:00+00:00", "furthest_status": "applied",
    "responded": False, "applied_on": "2026-11-20", "follow_up_on": "2026-12-04",
    "resume_id": 7, "sent_version": 3, "sent_design": "modern",
    "created_at": "2026-11-20T09:12:00+00:00", "updated_at": "2026-11-20T09:12:00+00:00",
    "deleted_at": None, "url": "https://resumes.example.com/api/v1/applications/5",
}
EXAMPLE_APPLICATION = {
    **EXAMPLE_SUMMARY, "ad_text": "Backend Engineer\nRequirements: Python, Kubernetes",
    "notes": "Referred by Sam.",
    "sent_version_url": "https://resumes.example.com/api/v1/resumes/7/versions/3",
    "match": {"id": 12, "score": 50, "met_must_haves": ["Python"],
              "missing_must_haves": ["Kubernetes"]},
    "events_url": "https://resumes.example.com/api/v1/applications/5/events",
}
EXAMPLE_CREATE = {"company": "Acme", "role": "Backend Engineer", "location": "Berlin",
                  "ad_url": "https://jobs.example.com/acme/42", "status": "applied",
                  "resume_id": 7, "follow_up_on": "2026-12-04"}
EXAMPLE_EVENTS = [
    {"id": 32, "type": "application.viewed", "details": {"link_id": 4},
     "created_at": "2026-11-22T14:03:51+00:00"},
    {"id": 31, "type": "application.status_changed",
     "details": {"from": "saved", "to": "applied"}, "created_at": "2026-11-20T09:12:00+00:00"},
    {"id": 30, "type": "application.created", "details": {"status": "saved"},
     "created_at": "2026-11-19T18:40:00+00:00"},
]


def _application(application_id: int) -> Application:
    return applications.get_owned(application_id, token_user())


def _resume(resume_id: int) -> Resume:
    """Return the caller's resume out of the trash; a 422 problem naming `resume_id` else."""
    try:
        return resumes.get_owned(resume_id, token_user())
    except NotFound as error:
        detail = "You have no resume with this id (resumes in the trash cannot be sent)."
        raise Problem(422, "The resume cannot be sent; `errors` says why.",
                      errors=[{"pointer": "#/resume_id", "detail": detail}]) from error


def _fields(body: dict, application: Application | None = None) -> applications.Fields:
    """Return the fields of `body`, the application's own (or empty) where it sends none."""
    names = applications.Fields.__dataclass_fields__
    kept = {name: getattr(application, name) for name in names} if application else {}
    return applications.Fields(**{**kept, **{k: v for k, v in body.items() if k in names}})


def _invalid(error: applications.InvalidApplication) -> Problem:
    return Problem(422, "The application breaks some rules; `errors` lists each one.",
                   errors=document_errors(error.problems, []))


@blp.route("")
class ApplicationList(MethodView):
    """The user's applications: list them, add one."""
    @blp.arguments(ApplicationListArgs, location="query")
    @blp.response(200, ApplicationSummarySchema(many=True), headers=pagination.HEADERS,
                  example=[EXAMPLE_SUMMARY])
    def get(self, args):
        """List your applications, newest status change first

        Narrow them by `status` and by text `q` in the company or role; `trashed=true` lists
        the trash. Each entry leaves out the ad's text, the notes and the match: read one
        application (its `url`) for them.
        """
        page = applications.list_page(token_user(), status=args.get("status"),
                                      text=args.get("q", ""), page=args["page"],
                                      per_page=args["per_page"], trashed=args["trashed"])
        return page.items, pagination.headers(page)

    @blp.arguments(ApplicationCreateSchema, example=EXAMPLE_CREATE)
    @blp.response(201, ApplicationSchema, headers={
        "Location": {"description": "The new application's URL.",
                     "schema": {"type": "string"}}}, example=EXAMPLE_APPLICATION)
    def post(self, body):
        """Add an application

        With `resume_id`, that resume's newest version is the one sent, frozen from now on;
        with `ad_text` too, the ad is matched against it. An `application.created` webhook
        event follows.
        """
        resume = _resume(body["resume_id"]) if "resume_id" in body else None
        try:
            application = applications.create(token_user(), _fields(body),
                                              status=body["status"], resume=resume)
        except applications.InvalidApplication as error:
            raise _invalid(error) from error
        location = url_for("Applications.ApplicationItem", application_id=application.id,
                           _external=True)
        return application, {"Location": location}


@blp.route("/<int:application_id>", parameters=paths.described("application_id"))
class ApplicationItem(MethodView):
    """One application: read, change, move to the trash."""
    @blp.response(200, ApplicationSchema, example=EXAMPLE_APPLICATION)
    def get(self, application_id):
        """Read an application

        With the ad, your notes, the version sent and how it matches the ad. One in the trash
        is not found here: list the trash (`trashed=true`) and restore it.
        """
        return _application(application_id)

    @blp.arguments(ApplicationUpdateSchema, example={"status": "interviewing",
                                                     "follow_up_on": "2026-12-10"})
    @blp.response(200, ApplicationSchema, example={
        **EXAMPLE_APPLICATION, "status": "interviewing", "furthest_status": "interviewing",
        "responded": True, "follow_up_on": "2026-12-10"})
    def patch(self, body, application_id):
        """Change an application

        The fields sent replace the application's, the others stay. `status` moves it (an
        `application.status_changed` event follows); `resume_id` makes that resume's newest
        version the one sent. A field that is not valid changes nothing.
        """
        application = _application(application_id)
        resume = _resume(body["resume_id"]) if "resume_id" in body else None
        fields_after = _fields(body, application)
        try:
            applications.check(fields_after)
        except applications.InvalidApplication as error:
            raise _invalid(error) from error
        applications.update(application, token_user(), fields_after)
        if resume is not None:
            applications.send_resume(application, token_user(), resume)
        if "status" in body:
            applications.move(application, body["status"])
        return application

    @blp.response(204)
    def delete(self, application_id):
        """Move an application to the trash

        Its tracked links stop opening until it is restored (POST .../restore).
        """
        applications.move_to_trash(_application(application_id))


@blp.route("/<int:application_id>/status", parameters=paths.described("application_id"))
class ApplicationStatus(MethodView):
    """An application's status change."""
    @blp.arguments(StatusChangeSchema, example={"status": "interviewing"})
    @blp.response(200, ApplicationSchema, example={
        **EXAMPLE_APPLICATION, "status": "interviewing", "furthest_status": "interviewing",
        "responded": True})
    def post(self, body, application_id):
        """Move an application to another status

        An `application.status_changed` event follows; moving to the status it has changes
        nothing. A status the pipeline lacks is refused (422) and nothing changes.
        """
        application = _application(application_id)
        applications.move(application, body["status"])
        return application


@blp.route("/<int:application_id>/restore", parameters=paths.described("application_id"))
class ApplicationRestore(MethodView):
    """Restoring an application from the trash."""
    @blp.response(200, ApplicationSchema, example=EXAMPLE_APPLICATION)
    def post(self, application_id):
        """Restore an application from the trash

        It comes back with its letter, links and timeline. One that is not in the trash is
        not found here.
        """
        application = applications.get_owned(application_id, token_user(),
                                             trashed=True)
        applications.restore_from_trash(application)
        return application


@blp.route("/<int:application_id>/events", parameters=paths.described("application_id"))
class ApplicationEvents(MethodView):
    """An application's events, newest first."""
    @blp.arguments(pagination.PageArgs, location="query")
    @blp.response(200, ApplicationEventSchema(many=True), headers=pagination.HEADERS,
                  example=EXAMPLE_EVENTS)
    def get(self, page_args, application_id):
        """List an application's events, newest first

        Its timeline: created, each status move, each visit of a tracked link.
        """
        page = applications.timeline(_application(application_id), page_args["page"],
                                     page_args["per_page"])
        return page.items, pagination.headers(page)
