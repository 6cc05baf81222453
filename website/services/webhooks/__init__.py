"""Webhook endpoints: managing them, and queuing each event for them with the change itself.

Resume and application events reach their subscribers below inside the transaction of the
change (see events.py), which add one WebhookDelivery per interested endpoint, so a delivery
exists exactly when the change it reports was committed. website/services/webhooks/delivery.py
sends them.
"""
import base64
import json
import secrets
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination

from website.extensions import db
from website.models import Application, Resume, User, Webhook, WebhookDelivery, utcnow
from website.services import account_lock, events
from website.services.errors import NotFound
from website.services.webhooks import urls

TEST = "webhook.test"
# The events an endpoint can subscribe to, as the form lists them.
EVENT_TYPES = {
    events.RESUME_CREATED: _l("A resume was created"),
    events.RESUME_UPDATED: _l("A resume was saved"),
    events.RESUME_DELETED: _l("A resume was moved to the trash"),
    events.RESUME_RESTORED: _l("A resume was restored from the trash"),
    events.RESUME_EXPORTED: _l("A resume was downloaded (with the format)"),
    events.VERSION_RESTORED: _l("An earlier version was restored"),
    events.ANALYSIS_COMPLETED: _l("A job match analysis finished"),
    events.GENERATION_COMPLETED: _l("A tailored copy was generated"),
    events.APPLICATION_CREATED: _l("A job application was added"),
    events.APPLICATION_STATUS_CHANGED: _l("A job application moved to another status"),
    events.APPLICATION_VIEWED: _l("An employer opened a job application's tracked link"),
}
STATUSES = (WebhookDelivery.QUEUED, WebhookDelivery.SENT, WebhookDelivery.FAILED)
STATUS_LABELS = {WebhookDelivery.QUEUED: _l("pending"), WebhookDelivery.SENT: _l("delivered"),
                 WebhookDelivery.FAILED: _l("failed")}
PAYLOAD_MAX_BYTES = 20 * 1024
TITLE_IN_PAYLOAD_MAX = 200
PER_PAGE = 20
PREVIOUS_SECRET_LIFETIME = timedelta(hours=24)
# Each endpoint multiplies every event into a delivery: enough for any integration, no more.
WEBHOOKS_PER_USER = 10


class TooManyWebhooks(Exception):
    """Raised when a user already has WEBHOOKS_PER_USER endpoints."""


def new_secret() -> str:
    """Return a new signing secret in the Standard Webhooks form: whsec_ + base64(32 bytes)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def check_url(url: str) -> None:
    """Raise UnsafeURL unless the app may call `url` under the current settings."""
    config = current_app.config
    urls.check(url, https_only=config["WEBHOOKS_HTTPS_ONLY"],
               allow_loopback=config["WEBHOOKS_ALLOW_LOOPBACK"])


def list_for(user: User) -> list[Webhook]:
    """Return `user`'s endpoints, oldest first."""
    return db.session.execute(db.select(Webhook).where(Webhook.user_id == user.id)
                              .order_by(Webhook.id)).scalars().all()


def get_owned(webhook_id: int, user: User) -> Webhook:
    """Return `user`'s endpoint `webhook_id`; NotFound if it does not exist or is someone else's."""
    webhook = db.session.get(Webhook, webhook_id)
    if webhook is None or webhook.user_id != user.id:
        raise NotFound
    return webhook


def get_delivery(webhook: Webhook, delivery_id: int) -> WebhookDelivery:
    """Return delivery `delivery_id` of `webhook`; NotFound if it belongs to another endpoint."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.webhook_id != webhook.id:
        raise NotFound
    return delivery


def create(user: User, url: str, description: str, event_types: list[str]) -> tuple[Webhook,
                                                                                       str]:
    """Add an endpoint for `user`; return it with its secret. Raises UnsafeURL for a bad URL
    and TooManyWebhooks at the limit."""
    check_url(url)  # may resolve the host: before taking the lock
    account_lock.hold(user)
    count = db.session.execute(db.select(db.func.count()).select_from(Webhook)
                               .where(Webhook.user_id == user.id)).scalar()
    if count >= WEBHOOKS_PER_USER:
        db.session.rollback()  # let go of the lock
        raise TooManyWebhooks(_("You have %(count)s webhooks, the most an account can have. "
                                "Delete one you no longer use first.", count=WEBHOOKS_PER_USER))
    secret = new_secret()
    webhook = Webhook(user_id=user.id, url=url.strip(), description=description.strip(),
                      events=_known(event_types), secret=secret)
    db.session.add(webhook)
    db.session.commit()
    return webhook, secret


def update(webhook: Webhook, url: str, description: str, event_types: list[str]) -> None:
    """Change an endpoint's URL, description and events. Raises UnsafeURL for a bad URL."""
    check_url(url)
    webhook.url, webhook.description = url.strip(), description.strip()
    webhook.events = _known(event_types)
    db.session.commit()


def _known(event_types: list[str]) -> list[str]:
    return [event_type for event_type in EVENT_TYPES if event_type in event_types]


def delete(webhook: Webhook) -> None:
    """Delete an endpoint with its delivery history; nothing more is sent to it."""
    db.session.delete(webhook)
    db.session.commit()


def set_active(webhook: Webhook, active: bool) -> None:
    """Turn an endpoint on (starting its failure count afresh) or off."""
    webhook.is_active = active
    if active:
        webhook.failure_count, webhook.disabled_reason = 0, None
    db.session.commit()


def rotate_secret(webhook: Webhook) -> str:
    """Give `webhook` a new secret and return it; the old one also signs for 24 more hours."""
    secret = new_secret()
    webhook.previous_secret, webhook.secret = webhook.secret, secret
    webhook.previous_secret_expires_at = utcnow() + PREVIOUS_SECRET_LIFETIME
    db.session.commit()
    return secret


def signing_secrets(webhook: Webhook) -> list[str]:
    """Return the secrets that sign a delivery now: the current one, and a recent previous."""
    previous = webhook.previous_secret
    if previous and webhook.previous_secret_expires_at and \
            webhook.previous_secret_expires_at > utcnow():
        return [webhook.secret, previous]
    return [webhook.secret]


def mask(secret: str) -> str:
    """Return `secret` with all but its last four characters hidden."""
    return f"whsec_…{secret[-4:]}"


def send_test(webhook: Webhook) -> WebhookDelivery:
    """Queue a webhook.test event to `webhook` (even if it is turned off) and commit."""
    data = {"webhook": {"id": webhook.id, "url": webhook.url},
            "message": "A test event sent from your webhook's page."}
    delivery = _add_delivery(webhook, TEST, _payload(TEST, data))
    db.session.commit()
    return delivery


def redeliver(delivery: WebhookDelivery) -> WebhookDelivery:
    """Queue the same event again, with the same webhook-id so receivers can deduplicate."""
    copy = WebhookDelivery(webhook_id=delivery.webhook_id, event_id=delivery.event_id,
                           event_type=delivery.event_type, payload=delivery.payload)
    db.session.add(copy)
    db.session.commit()
    return copy


def deliveries(webhook: Webhook, status: str | None, page: int,
               per_page: int = PER_PAGE) -> Pagination:
    """Return one page of `webhook`'s deliveries, newest first, only `status` ones if given."""
    query = db.select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id)
    if status in STATUSES:
        query = query.where(WebhookDelivery.status == status)
    query = query.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def _payload(event_type: str, data: dict) -> str:
    body = json.dumps({"type": event_type, "timestamp": utcnow().isoformat(), "data": data},
                      separators=(",", ":"), ensure_ascii=False)
    if len(body.encode()) > PAYLOAD_MAX_BYTES:
        # Our payloads are built small; one this big is a bug here, not something a user did.
        raise RuntimeError(f"A {event_type} payload would exceed {PAYLOAD_MAX_BYTES} bytes")
    return body


def _add_delivery(webhook: Webhook, event_type: str, payload: str) -> WebhookDelivery:
    delivery = WebhookDelivery(webhook_id=webhook.id, event_id=f"msg_{secrets.token_hex(12)}",
                               event_type=event_type, payload=payload)
    db.session.add(delivery)  # its commit wakes the senders (website/services/outbox.py)
    return delivery


def resume_data(resume: Resume, details: dict) -> dict:
    """Return the `data` of a resume event: what happened to which resume, and where to look:
    pages for a person (`*url`) and API addresses an integration reads with a token
    (`*api_url`), for the resume and for its version as of the event."""
    ids = {"resume_id": resume.id, "_external": True}
    return {
        "resume": {
            "id": resume.id,
            "title": resume.title[:TITLE_IN_PAYLOAD_MAX],
            "version": resume.version,
            "url": url_for("resumes.preview", **ids),
            "json_url": url_for("export.json_file", **ids),
            "versions_url": url_for("versions.history", **ids),
            "version_url": url_for("versions.show", number=resume.version, **ids),
            "api_url": url_for("Resumes.ResumeItem", **ids),
            "versions_api_url": url_for("Versions.VersionList", **ids),
            "version_api_url": url_for("Versions.VersionItem", number=resume.version, **ids),
        },
        **details,
    }


def _endpoints_wanting(owner_id: int, event_type: str) -> list[Webhook]:
    """Return the owner's active endpoints subscribed to `event_type`."""
    # No autoflush: a flush here would raise the caller's conflicts (a stale save) in our code.
    with db.session.no_autoflush:
        return [webhook for webhook in db.session.execute(
            db.select(Webhook).where(Webhook.user_id == owner_id, Webhook.is_active))
            .scalars() if event_type in webhook.events]


def subscribe() -> None:
    """Queue deliveries for every event announced from now on (create_app calls this)."""
    events.resume_event.connect(_queue_for_subscribers)
    events.application_event.connect(_queue_application_event)


def _queue(endpoints: list[Webhook], event_type: str, data: dict) -> None:
    payload = _payload(event_type, data)
    for webhook in endpoints:
        _add_delivery(webhook, event_type, payload)


def _queue_for_subscribers(event: events.ResumeEvent) -> None:
    """Add a delivery for each active endpoint of the resume's owner that wants `event`."""
    if event.type not in EVENT_TYPES:
        return
    resume = event.resume
    owner_id = resume.user_id if resume.user_id is not None else resume.owner.id
    endpoints = _endpoints_wanting(owner_id, event.type)
    if not endpoints:
        return
    if resume.id is None:  # created in this transaction: the payload needs its id
        db.session.flush()
    _queue(endpoints, event.type, resume_data(resume, event.details))


def application_data(application: Application, details: dict) -> dict:
    """Return the `data` of an application event: which application, its status and the
    resume version it sent, the page for a person (`url`) and the API's (`api_url`)."""
    return {
        "application": {
            "id": application.id,
            "company": application.company[:TITLE_IN_PAYLOAD_MAX],
            "role": application.role[:TITLE_IN_PAYLOAD_MAX],
            "status": application.status,
            "resume_id": application.resume_id,
            "sent_version": application.sent_version,
            "url": url_for("applications.show", application_id=application.id, _external=True),
            "api_url": url_for("Applications.ApplicationItem", application_id=application.id,
                               _external=True),
            "events_api_url": url_for("Applications.ApplicationEvents",
                                      application_id=application.id, _external=True),
        },
        **details,
    }


def _queue_application_event(event: events.ApplicationEvent) -> None:
    """Add a delivery for each active endpoint of the application's owner that wants `event`
    (the service flushes first, so the application has its id)."""
    if event.type not in EVENT_TYPES:
        return
    endpoints = _endpoints_wanting(event.application.user_id, event.type)
    if endpoints:
        _queue(endpoints, event.type, application_data(event.application, event.details))
