"""Setting up webhooks and their events straight through the services, for delivery tests."""
import re
import time
from datetime import timedelta

from tests.helpers import detached
from website.extensions import db
from website.models import User, Webhook, WebhookDelivery, utcnow
from website.services import outbox, resumes, webhooks

# Postponed deliveries (their endpoint's threads were busy) are due again within this.
SOON = timedelta(seconds=0.5)


def make_webhook(app, user, url: str, events: list[str] | None = None) -> tuple[int, str]:
    """Create an endpoint for `user`; return its id and secret."""
    with app.app_context():
        webhook, secret = webhooks.create(db.session.get(User, user.id), url, "",
                                          events or list(webhooks.EVENT_TYPES))
        return webhook.id, secret


def create_resumes(app, user, count: int = 1, title: str = "Backend roles") -> list[int]:
    """Create `count` resumes for `user`, each announcing resume.created; return their ids."""
    with app.app_context():
        owner = db.session.get(User, user.id)
        return [resumes.create(owner, f"{title} {number}" if count > 1 else title).id
                for number in range(count)]


def deliveries_of(app, webhook_id: int) -> list[WebhookDelivery]:
    """Every delivery to the endpoint, oldest first, detached."""
    with app.app_context():
        rows = db.session.execute(db.select(WebhookDelivery)
                                  .where(WebhookDelivery.webhook_id == webhook_id)
                                  .order_by(WebhookDelivery.id)).scalars().all()
        db.session.expunge_all()
        return rows


def webhook_row(app, webhook_id: int) -> Webhook | None:
    """The endpoint as stored now, detached (None once deleted)."""
    return detached(app, Webhook, webhook_id)


def deliver_until_settled(app, seconds: float = 10) -> None:
    """Run senders' passes until no delivery is due soon (postponed ones included)."""
    deadline = time.monotonic() + seconds
    with app.app_context():
        while time.monotonic() < deadline:
            outbox.run_due()
            pending = db.session.execute(db.select(db.func.count()).where(
                WebhookDelivery.status == WebhookDelivery.QUEUED,
                WebhookDelivery.next_attempt_at <= utcnow() + SOON)).scalar()
            db.session.commit()
            if not pending:
                return
            time.sleep(0.05)
        raise AssertionError("deliveries still due after the deadline")


SECRET = re.compile(r"whsec_[A-Za-z0-9+/=]{44}")


def stored_webhooks(app) -> list[Webhook]:
    """Every webhook endpoint as stored now, detached."""
    with app.app_context():
        rows = db.session.execute(db.select(Webhook)).scalars().all()
        db.session.expunge_all()
        return rows
