"""Sending queued webhook deliveries: signed per Standard Webhooks, checked, retried, recorded.

The outbox (website/services/outbox.py) claims due WebhookDelivery rows and hands each to
`_Deliveries.deliver`, several at once in threads (WEBHOOK_CONCURRENCY). Each attempt's
request and answer go into the row's `attempt_log`, written by the outbox together with the
outcome. A receiver that answers 410 Gone, or WEBHOOK_MAX_FAILURES deliveries in a row that
fail for good, turn the endpoint off, and its owner is emailed.
"""
import http.client
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import NoReturn

import standardwebhooks
from flask import Flask, current_app

from website.extensions import db
from website.models import User, Webhook, WebhookDelivery, utcnow
from website.services import email_service, outbox
from website.services.webhooks import signing_secrets, transport, urls

USER_AGENT = "ResumeBuilder-Webhooks/1.0"
# How soon a delivery waits again when its endpoint already has its share of threads busy.
BUSY_ENDPOINT_RETRY_SECONDS = 0.25


def init_webhooks(app: Flask) -> None:
    """Have the app's outbox senders deliver webhook events."""
    outbox.register(app, WebhookDelivery, _transport, retry_delays_setting="WEBHOOK_RETRY_DELAYS",
                    concurrency=app.config["WEBHOOK_CONCURRENCY"])


@contextmanager
def _transport() -> Iterator[outbox.Deliver]:
    yield _Deliveries(current_app.config["WEBHOOK_CONCURRENCY"]).deliver


class _Deliveries:
    """Delivers one pass's jobs, giving no endpoint more than half of the threads.

    So a receiver that hangs holds at most half of them until its timeout, while deliveries
    to every other endpoint go on in the rest.
    """

    def __init__(self, concurrency: int):
        self.per_endpoint = max(1, concurrency // 2)
        self.in_flight: Counter[int] = Counter()
        self.lock = threading.Lock()

    def deliver(self, job: WebhookDelivery) -> dict:
        """Send `job` once; return the exchange to record, or raise DeliveryError / Postpone."""
        webhook = db.session.get(Webhook, job.webhook_id)
        if webhook is not None:
            db.session.expunge(webhook)  # read below without reopening a transaction
        db.session.commit()  # no transaction stays open while we wait on the network
        if webhook is None or (not webhook.is_active and job.event_type != "webhook.test"):
            raise outbox.DeliveryError("Not sent: the endpoint is turned off", permanent=True)
        with self.lock:
            if self.in_flight[webhook.id] >= self.per_endpoint:
                raise outbox.Postpone(BUSY_ENDPOINT_RETRY_SECONDS)
            self.in_flight[webhook.id] += 1
        try:
            return _attempt(webhook, job)
        finally:
            with self.lock:
                self.in_flight[webhook.id] -= 1


def signed_headers(webhook: Webhook, event_id: str, at: datetime, body: str) -> dict[str, str]:
    """Return the Standard Webhooks headers for sending `body` at `at` (one signature per
    current secret, space-separated)."""
    signatures = " ".join(standardwebhooks.Webhook(secret).sign(event_id, at, body)
                          for secret in signing_secrets(webhook))
    return {"webhook-id": event_id, "webhook-timestamp": str(int(at.timestamp())),
            "webhook-signature": signatures}


def _attempt(webhook: Webhook, job: WebhookDelivery) -> dict:
    config = current_app.config
    at = utcnow()
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
               **signed_headers(webhook, job.event_id, at, job.payload)}
    entry = {"attempt": job.attempts, "at": at.isoformat(), "url": webhook.url,
             "request_headers": headers, "status": None, "body": None, "duration_ms": None,
             "error": None}
    try:
        target = urls.check(webhook.url, https_only=config["WEBHOOKS_HTTPS_ONLY"],
                            allow_loopback=config["WEBHOOKS_ALLOW_LOOPBACK"])
        response = transport.post(target, job.payload.encode(), headers,
                                  config["WEBHOOK_TIMEOUT"])
    except urls.UnknownHost as error:  # perhaps a passing DNS failure: try again
        _fail(webhook, job, entry, f"Not sent: {error}")
    except urls.UnsafeURL as error:
        _fail(webhook, job, entry, f"Not sent: {error}", permanent=True)
    except TimeoutError:
        _fail(webhook, job, entry, f"No answer within {config['WEBHOOK_TIMEOUT']:g} s")
    except (OSError, http.client.HTTPException) as error:
        _fail(webhook, job, entry, _network_reason(error))
    entry.update(status=response.status, body=response.body, duration_ms=response.duration_ms)
    record = {"response_status": response.status, "response_body": response.body,
              "duration_ms": response.duration_ms, "attempt_log": [*job.attempt_log, entry]}
    if 200 <= response.status < 300:
        db.session.execute(db.update(Webhook).where(Webhook.id == webhook.id)
                           .values(failure_count=0, last_triggered_at=utcnow()))
        db.session.commit()
        return record
    if response.status == 410:
        _disable(webhook, "The endpoint answered 410 Gone, meaning it no longer wants events.")
        _fail(webhook, job, entry, "The endpoint answered 410 Gone", permanent=True,
              record=record)
    reason = f"The endpoint answered {response.status}"
    if 300 <= response.status < 400:
        reason += " (a redirect, which webhooks do not follow)"
    _fail(webhook, job, entry, reason, record=record,
          retry_after=_retry_after(response.retry_after, config["WEBHOOK_RETRY_AFTER_MAX"]))


def _network_reason(error: Exception) -> str:
    if isinstance(error, http.client.RemoteDisconnected | ConnectionResetError):
        return "The endpoint closed the connection without answering"
    if isinstance(error, ConnectionRefusedError):
        return "The endpoint refused the connection"
    return f"Could not reach the endpoint: {type(error).__name__}: {error}"


def _retry_after(value: str | None, most: float) -> float | None:
    """Return the seconds a Retry-After header asks for, capped at `most`; None if absent."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = (parsedate_to_datetime(value) - utcnow()).total_seconds()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), most)


def _fail(webhook: Webhook, job: WebhookDelivery, entry: dict, reason: str, *,
          permanent: bool = False, retry_after: float | None = None,
          record: dict | None = None) -> NoReturn:
    """Raise the DeliveryError recording this attempt; count the delivery if it is the last."""
    entry["error"] = reason
    record = {**(record or {}), "attempt_log": [*job.attempt_log, entry]}
    if outbox.is_last_attempt(WebhookDelivery, job, permanent=permanent) \
            and job.event_type != "webhook.test":
        _count_failure(webhook)
    raise outbox.DeliveryError(reason, permanent=permanent, retry_after=retry_after,
                               record=record)


def _count_failure(webhook: Webhook) -> None:
    failures = db.session.execute(
        db.update(Webhook).where(Webhook.id == webhook.id)
        .values(failure_count=Webhook.failure_count + 1).returning(Webhook.failure_count)
    ).scalar()
    db.session.commit()
    most = current_app.config["WEBHOOK_MAX_FAILURES"]
    if failures is not None and failures >= most:
        _disable(webhook, f"{most} deliveries in a row failed.")


def _disable(webhook: Webhook, reason: str) -> None:
    """Turn the endpoint off and email its owner, once even if several threads get here."""
    turned_off = db.session.execute(
        db.update(Webhook).where(Webhook.id == webhook.id, Webhook.is_active)
        .values(is_active=False, disabled_reason=reason)).rowcount
    db.session.commit()
    if not turned_off:
        return
    owner = db.session.get(User, webhook.user_id)
    email_service.send_webhook_disabled_email(owner, webhook.url, reason)
    current_app.logger.warning("Webhook %s turned off: %s", webhook.id, reason)
