"""/api/v1/applications/{id}/links: the tracked links an employer opens an application's
resume version with."""
from datetime import UTC

from flask import url_for
from flask.views import MethodView
from marshmallow import Schema, fields

from website.api.auth import token_user
from website.api.blueprint import api_blueprint
from website.api.problems import Problem
from website.api.schemas import URL_TYPE, StrictSchema
from website.models import Application, ApplicationLink
from website.services import application_links, applications

blp = api_blueprint("Application links", "/applications",
                    "Tracked links: each shows the employer the resume version an application "
                    "sent, in its design and as a PDF, without logging in, until it expires or "
                    "is revoked; each opening and PDF download counts as a view (and sends "
                    "`application.viewed`).")

STATES = (application_links.LIVE, application_links.EXPIRED, application_links.REVOKED)
APPLICATION_ID = {"in": "path", "name": "application_id", "example": 5,
                  "description": "The application's id, as the application list (`id`) gives it."}
LINK_ID = {"in": "path", "name": "link_id", "example": 9,
           "description": "The link's id, as the application's link list (`id`) gives it."}
UTC_TIME = "ISO 8601, UTC."


class LinkSchema(Schema):
    """A tracked link, its state and how often it was opened."""

    id = fields.Integer(metadata={"description": "The link's id, for the paths that take "
                                                 "`{link_id}`.", "example": 9})
    application_id = fields.Integer(metadata={"description": "The application's id.",
                                              "example": 5})
    url = fields.Function(
        lambda link: url_for("application_links.public", token=link.token, _external=True),
        metadata={"description": "The page to send the employer; whoever has it can open it "
                                 "while the link is live.", **URL_TYPE})
    state = fields.Function(application_links.state, metadata={
        "type": "string", "enum": list(STATES),
        "description": "live (opens), expired (past `expires_at`) or revoked; only a live link "
                       "shows anything."})
    show_photo = fields.Boolean(metadata={
        "description": "Whether the page and its PDF show the photo the version sent shows."})
    created_at = fields.DateTime(metadata={"description": UTC_TIME})
    expires_at = fields.DateTime(allow_none=True, metadata={
        "description": "When the link stops opening; null for never. " + UTC_TIME})
    revoked_at = fields.DateTime(allow_none=True, metadata={"description": UTC_TIME})
    view_count = fields.Integer(metadata={
        "description": "How many times the page was opened or its PDF downloaded.",
        "example": 3})
    last_viewed_at = fields.DateTime(allow_none=True, metadata={"description": UTC_TIME})


class LinkCreateSchema(StrictSchema):
    """A new link to the version the application sent."""

    expires_at = fields.AwareDateTime(
        load_default=None, allow_none=True, default_timezone=UTC, metadata={
            "description": "When the link stops opening, within "
                           f"{application_links.MAX_DAYS_AHEAD} days; null or left out for "
                           "never. ISO 8601; without an offset it is read as UTC.",
            "example": "2026-12-31T23:59:00+00:00"})
    show_photo = fields.Boolean(load_default=True, metadata={
        "description": "Whether the employer sees the photo (if the version sent shows one). "
                       "Default true."})


EXAMPLE_LINK = {
    "id": 9, "application_id": 5, "url": "https://resumes.example.com/a/"
    "q8bV0s1mXr3Wf7kZtY2pL5nH9cJ4eA6dG0uR8iO1wEs", "state": "live", "show_photo": True,
    "created_at": "2026-12-01T09:00:00+00:00", "expires_at": "2026-12-31T23:59:00+00:00",
    "revoked_at": None, "view_count": 3, "last_viewed_at": "2026-12-02T14:12:30+00:00",
}


def _application(application_id: int) -> Application:
    return applications.get_owned(application_id, token_user())


def _link(application_id: int, link_id: int) -> ApplicationLink:
    return application_links.get_owned(_application(application_id), link_id)


@blp.route("/<int:application_id>/links", parameters=[APPLICATION_ID])
class LinkList(MethodView):
    """An application's tracked links: list them, make one."""
    @blp.response(200, LinkSchema(many=True), example=[EXAMPLE_LINK])
    def get(self, application_id):
        """List an application's links, newest first

        Revoked and expired links are listed too, with their views.
        """
        return application_links.links_of(_application(application_id))

    @blp.arguments(LinkCreateSchema, example={"expires_at": "2026-12-31T23:59:00+00:00",
                                              "show_photo": False})
    @blp.response(201, LinkSchema, headers={
        "Location": {"description": "The new link in the API.", "schema": {"type": "string"}}},
        example={**EXAMPLE_LINK, "view_count": 0, "last_viewed_at": None, "show_photo": False})
    def post(self, body, application_id):
        """Make a link to the version the application sent

        The application must have sent a resume version, and have fewer than
        5 live links; otherwise the answer is 422 and no link is made.
        """
        application = _application(application_id)
        try:
            link = application_links.create(application, expires_at=body["expires_at"],
                                            show_photo=body["show_photo"])
        except application_links.LinkRefused as refused:
            errors = [{"pointer": f"#/{refused.field}", "detail": str(refused)}] \
                if refused.field else None
            raise Problem(422, str(refused), errors=errors) from refused
        return link, {"Location": url_for("Application links.LinkItem", _external=True,
                                          application_id=application.id, link_id=link.id)}


@blp.route("/<int:application_id>/links/<int:link_id>", parameters=[APPLICATION_ID, LINK_ID])
class LinkItem(MethodView):
    """One tracked link: its state and its views."""
    @blp.response(200, LinkSchema, example=EXAMPLE_LINK)
    def get(self, application_id, link_id):
        """Read a link, its state and its views

        The state is live, expired or revoked; views count the openings of its page and its
        PDF downloads.
        """
        return _link(application_id, link_id)


@blp.route("/<int:application_id>/links/<int:link_id>/revoke",
           parameters=[APPLICATION_ID, LINK_ID])
class LinkRevoke(MethodView):
    """Revoking a tracked link."""
    @blp.response(200, LinkSchema, example={**EXAMPLE_LINK, "state": "revoked",
                                            "revoked_at": "2026-12-03T10:00:00+00:00"})
    def post(self, application_id, link_id):
        """Revoke a link

        From now on the link answers 410 and shows nothing of the resume. Revoking a revoked
        link changes nothing.
        """
        link = _link(application_id, link_id)
        application_links.revoke(link)
        return link
