"""/api/v1/webhooks: your signed webhook endpoints and their delivery history."""
from flask import current_app, url_for
from flask.views import MethodView
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from website.api import pagination, paths
from website.api.auth import token_user
from website.api.blueprint import api_blueprint
from website.api.problems import Problem
from website.api.schemas import StrictSchema
from website.extensions import limiter
from website.models import Webhook
from website.models.webhook import URL_MAX_LENGTH
from website.services import webhooks
from website.services.webhooks.urls import UnsafeURL

blp = api_blueprint("Webhooks", "/webhooks",
                    "Webhooks: endpoints that receive signed events (Standard Webhooks) when "
                    "your resumes or job applications change. Each event is `{\"type\", "
                    "\"timestamp\", \"data\"}`; for `resume.*` events `data.resume` gives the "
                    "resume's `id`, `title`, `version` (its number as of the event) and absolute "
                    "addresses: `api_url` (this API's resume), `versions_api_url` and "
                    "`version_api_url` (that version) to read with a token, beside the pages' "
                    "`url`, `json_url`, `versions_url` and `version_url`. For `application.*` "
                    "events `data.application` gives its `id`, `company`, `role`, `status` (as "
                    "of the event), `resume_id` and `sent_version` (the resume version sent), "
                    "the page's `url`, `api_url` and `events_api_url`; beside it, `status` "
                    "(created), `from` and `to` (status_changed) or `link_id` (viewed: a "
                    "tracked link was opened).")

# The same per-account budget as the page's buttons (same scope and key): test sends go out
# at once, so nobody can aim a flood at a site.
send_limit = limiter.shared_limit(lambda: current_app.config["WEBHOOK_SEND_LIMIT"],
                                  scope="webhook-send",
                                  key_func=lambda: f"user:{token_user().id}")

URL = fields.String(validate=[validate.Length(min=1, max=URL_MAX_LENGTH)],
                    metadata={"description": "Where each event is POSTed; a public "
                                             "http(s) address.",
                              "example": "https://example.com/hooks/resumes"})
DESCRIPTION = fields.String(validate=[validate.Length(max=200)],
                            metadata={"description": "A note for you, up to 200 characters.",
                                      "example": "CRM sync"})
EVENTS = fields.List(fields.String(validate=validate.OneOf(list(webhooks.EVENT_TYPES))),
                     validate=validate.Length(min=1), metadata={
                         "description": "The events to send, at least one: "
                                        + ", ".join(webhooks.EVENT_TYPES) + ".",
                         "example": ["resume.created", "resume.updated"]})


class WebhookSchema(Schema):
    """A webhook endpoint (its secret only as a hint)."""

    id = fields.Integer(metadata={"description": "The webhook's id, for the paths that take "
                                                 "`{webhook_id}`.", "example": 3})
    url = fields.String(metadata=URL.metadata)
    description = fields.String(metadata=DESCRIPTION.metadata)
    events = fields.List(fields.String(), metadata=EVENTS.metadata)
    is_active = fields.Boolean(metadata={"description": "Whether events are sent to it."})
    disabled_reason = fields.String(allow_none=True, metadata={
        "description": "Why it was turned off automatically, if it was."})
    failure_count = fields.Integer(metadata={"description": "Deliveries that failed for good "
                                                            "in a row."})
    secret_hint = fields.Function(lambda webhook: webhooks.mask(webhook.secret), metadata={
        "type": "string",
        "description": "The signing secret's last characters, to tell secrets apart.",
        "example": "whsec_…Zm9v"})
    last_triggered_at = fields.DateTime(allow_none=True, metadata={
        "description": "ISO 8601, UTC."})
    created_at = fields.DateTime(metadata={"description": "ISO 8601, UTC."})
    updated_at = fields.DateTime(metadata={"description": "ISO 8601, UTC."})


class WebhookWithSecretSchema(WebhookSchema):
    """A webhook endpoint with its signing secret, shown in this answer only (the endpoint
    keeps it to sign with, so it is the webhook's own `secret`)."""

    secret = fields.String(metadata={
        "description": "The signing secret (whsec_...). Keep it now: it is never shown again.",
        "example": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"})


class WebhookCreateSchema(StrictSchema):
    """A new webhook endpoint."""

    url = fields.String(required=True, validate=URL.validate, metadata=URL.metadata)
    description = fields.String(load_default="", validate=DESCRIPTION.validate,
                                metadata=DESCRIPTION.metadata)
    events = fields.List(EVENTS.inner, required=True, validate=EVENTS.validate,
                         metadata=EVENTS.metadata)


class WebhookUpdateSchema(StrictSchema):
    """A change to an endpoint: the fields given replace its own, the others stay."""

    url = fields.String(validate=URL.validate, metadata=URL.metadata)
    description = fields.String(validate=DESCRIPTION.validate, metadata=DESCRIPTION.metadata)
    events = fields.List(EVENTS.inner, validate=EVENTS.validate, metadata=EVENTS.metadata)
    is_active = fields.Boolean(metadata={"description": "false stops sending events to it; "
                                                        "true sends again, failures forgotten."})

    @validates_schema
    def changes_something(self, data: dict, **kwargs) -> None:
        """Refuse an empty change, which is more likely a mistake than a wish."""
        if not data:
            raise ValidationError("Send at least one field to change.")


class DeliverySchema(Schema):
    """One event on its way to an endpoint, and how its attempts went."""

    id = fields.Integer(metadata={"description": "The delivery's id.", "example": 41})
    event_id = fields.String(metadata={"description": "The webhook-id header: the same on "
                                                      "every attempt and redelivery.",
                                       "example": "msg_5f1c2a9b8e7d6c5b4a392817"})
    event_type = fields.String(metadata={"description": "The event sent.",
                                         "example": "webhook.test"})
    status = fields.String(metadata={
        "description": "pending (to be tried, or tried again), delivered (a 2xx answer) or "
                       "failed (given up on).", "enum": list(webhooks.STATUSES)})
    attempts = fields.Integer(metadata={"description": "How many times it was sent so far.",
                                        "example": 1})
    response_status = fields.Integer(allow_none=True, metadata={
        "description": "The receiver's HTTP status at the last attempt."})
    duration_ms = fields.Integer(allow_none=True, metadata={
        "description": "How long the last attempt took."})
    error = fields.String(attribute="last_error", allow_none=True, metadata={
        "description": "Why the last attempt failed, if it did."})
    created_at = fields.DateTime(metadata={"description": "ISO 8601, UTC."})
    delivered_at = fields.DateTime(allow_none=True, metadata={"description": "ISO 8601, UTC."})
    next_attempt_at = fields.DateTime(allow_none=True, metadata={
        "description": "When it is tried (again), while pending. ISO 8601, UTC."})


class DeliveryArgs(pagination.PageArgs):
    """Which deliveries to list."""

    status = fields.String(validate=validate.OneOf(webhooks.STATUSES), metadata={
        "description": "Only deliveries in this state: " + ", ".join(webhooks.STATUSES) + "."})


EXAMPLE_WEBHOOK = {
    "id": 3, "url": "https://example.com/hooks/resumes", "description": "CRM sync",
    "events": ["resume.created", "resume.updated"], "is_active": True, "disabled_reason": None,
    "failure_count": 0, "secret_hint": "whsec_…0Sw=", "last_triggered_at": None,
    "created_at": "2026-11-21T09:00:00+00:00", "updated_at": "2026-11-21T09:00:00+00:00",
}
EXAMPLE_WITH_SECRET = {**EXAMPLE_WEBHOOK,
                       "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwzYbJkq4F0Sw="}
EXAMPLE_DELIVERY = {
    "id": 41, "event_id": "msg_5f1c2a9b8e7d6c5b4a392817", "event_type": "webhook.test",
    "status": "pending", "attempts": 0, "response_status": None, "duration_ms": None,
    "error": None, "created_at": "2026-11-22T05:01:12+00:00", "delivered_at": None,
    "next_attempt_at": "2026-11-22T05:01:12+00:00",
}
EXAMPLE_DELIVERED = {
    **EXAMPLE_DELIVERY, "id": 40, "event_id": "msg_0c39d0b8e56df051cb8faaca",
    "event_type": "resume.updated", "status": "delivered", "attempts": 1,
    "response_status": 200, "duration_ms": 84, "created_at": "2026-11-21T17:42:05+00:00",
    "delivered_at": "2026-11-21T17:42:06+00:00", "next_attempt_at": None,
}


def _url_problem(error: UnsafeURL) -> Problem:
    return Problem(422, str(error), errors=[{"pointer": "#/url", "detail": str(error)}])


def _location(webhook: Webhook) -> dict:
    return {"Location": url_for("Webhooks.WebhookItem", webhook_id=webhook.id, _external=True)}


@blp.route("")
class WebhookList(MethodView):
    """The user's webhooks: list them, register one."""
    @blp.response(200, WebhookSchema(many=True), example=[EXAMPLE_WEBHOOK])
    def get(self):
        """List your webhooks, oldest first

        Their signing secrets show only as hints; an account has at most 10 webhooks.
        """
        return webhooks.list_for(token_user())

    @blp.arguments(WebhookCreateSchema, example={
        "url": "https://example.com/hooks/resumes", "description": "CRM sync",
        "events": ["resume.created", "resume.updated"]})
    @blp.response(201, WebhookWithSecretSchema, headers={
        "Location": {"description": "The new webhook's URL.", "schema": {"type": "string"}}},
        example=EXAMPLE_WITH_SECRET)
    def post(self, body):
        """Register a webhook

        The answer holds the signing secret: keep it, it is never shown again. The URL must
        reach a public address. An account has at most 10 webhooks.
        """
        try:
            webhook, _ = webhooks.create(token_user(), body["url"],
                                         body["description"], body["events"])
        except UnsafeURL as error:
            raise _url_problem(error) from error
        except webhooks.TooManyWebhooks as error:
            raise Problem(422, str(error)) from error
        return webhook, _location(webhook)


@blp.route("/<int:webhook_id>", parameters=paths.described("webhook_id"))
class WebhookItem(MethodView):
    """One webhook: read, change, delete."""
    @blp.response(200, WebhookSchema, example=EXAMPLE_WEBHOOK)
    def get(self, webhook_id):
        """Read a webhook

        Its settings and whether events are still sent to it; its secret shows only as a hint.
        """
        return webhooks.get_owned(webhook_id, token_user())

    @blp.arguments(WebhookUpdateSchema, example={"events": ["resume.exported"],
                                                 "is_active": True})
    @blp.response(200, WebhookSchema, example={**EXAMPLE_WEBHOOK, "events": ["resume.exported"],
                                               "updated_at": "2026-11-22T05:00:00+00:00"})
    def put(self, body, webhook_id):
        """Change a webhook

        The fields you send replace the webhook's, the others stay.
        """
        webhook = webhooks.get_owned(webhook_id, token_user())
        try:
            webhooks.update(webhook, body.get("url", webhook.url),
                            body.get("description", webhook.description),
                            body.get("events", webhook.events))
        except UnsafeURL as error:
            raise _url_problem(error) from error
        if "is_active" in body and body["is_active"] != webhook.is_active:
            webhooks.set_active(webhook, body["is_active"])
        return webhook

    @blp.response(204)
    def delete(self, webhook_id):
        """Delete a webhook and its delivery history

        No more events are sent to it, not even those still waiting to be delivered.
        """
        webhooks.delete(webhooks.get_owned(webhook_id, token_user()))


@blp.route("/<int:webhook_id>/test", parameters=paths.described("webhook_id"))
class WebhookTest(MethodView):
    """Sending a webhook.test event."""
    @blp.response(202, DeliverySchema, example=EXAMPLE_DELIVERY)
    @send_limit
    def post(self, webhook_id):
        """Send a webhook.test event

        It is queued at once, even to a webhook that is turned off; its delivery shows in
        the history. Test sends are limited per account.
        """
        return webhooks.send_test(webhooks.get_owned(webhook_id, token_user()))


@blp.route("/<int:webhook_id>/rotate-secret", parameters=paths.described("webhook_id"))
class WebhookSecret(MethodView):
    """Rotating a webhook's signing secret."""
    @blp.response(200, WebhookWithSecretSchema, example={
        **EXAMPLE_WITH_SECRET, "secret": "whsec_2xq7Vb9LrPjT0cYkWm3NfHs8Ud4Ea6Gz1oQiRnBtKpM=",
        "secret_hint": "whsec_…KpM=", "updated_at": "2026-11-22T05:00:00+00:00"})
    def post(self, webhook_id):
        """Give a webhook a new signing secret

        The answer holds the new secret, shown this once. For 24 hours each event is signed
        with both the old and the new secret, so your receiver can switch over.
        """
        webhook = webhooks.get_owned(webhook_id, token_user())
        webhooks.rotate_secret(webhook)
        return webhook


@blp.route("/<int:webhook_id>/deliveries", parameters=paths.described("webhook_id"))
class DeliveryList(MethodView):
    """A webhook's deliveries, newest first."""
    @blp.arguments(DeliveryArgs, location="query")
    @blp.response(200, DeliverySchema(many=True), headers=pagination.HEADERS,
                  example=[EXAMPLE_DELIVERY, EXAMPLE_DELIVERED])
    def get(self, args, webhook_id):
        """List a webhook's deliveries, newest first

        Each event sent to the webhook, with the outcome of its last attempt; `status` narrows
        the list to pending, delivered or failed deliveries.
        """
        webhook = webhooks.get_owned(webhook_id, token_user())
        page = webhooks.deliveries(webhook, args.get("status"), args["page"], args["per_page"])
        return page.items, pagination.headers(page)
