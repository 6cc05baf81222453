"""Webhooks in a real browser at phone width: add one, keep the secret, send a test event."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.helpers import wait_until
from website.extensions import db
from website.models import WebhookDelivery

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def app_config():
    # The web process's sender thread delivers, as on a single dyno.
    return {"OUTBOX_THREAD": True}


def test_add_a_webhook_see_its_secret_once_and_send_a_test_event(page: Page, app, site, user,
                                                                 receiver, assert_accessible):
    page.set_viewport_size(PHONE)
    site.log_in(user.email)
    site.open("/webhooks/")
    page.get_by_role("link", name="Add webhook").click()
    assert_accessible()

    page.get_by_role("button", name="Save webhook").click()  # nothing filled in
    expect(page.get_by_text("Enter the URL that should receive the events.")).to_be_visible()
    page.get_by_label("Endpoint URL").fill(receiver.url)
    page.get_by_label("Description (optional)").fill("CRM sync")
    page.get_by_label(re.compile(r"^resume\.exported")).uncheck()
    page.get_by_role("button", name="Save webhook").click()

    secret = page.locator("#new-secret")
    expect(secret).to_have_text(re.compile(r"^whsec_[A-Za-z0-9+/=]{44}$"))
    shown = secret.inner_text()
    assert_accessible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("button", name="Send test event").click()
    expect(page.get_by_role("status").first).to_contain_text("webhook.test event is on its way")
    expect(page.locator("#new-secret")).to_have_count(0)  # shown once only
    request = receiver.wait_for(1)[0]
    assert request.verified(shown)["type"] == "webhook.test"
    # The receiver has the request before the sender has recorded its answer.
    wait_until(lambda: delivery_status(app) != "pending", failure=lambda: "still pending")

    page.reload()
    deliveries = page.get_by_role("list", name="Deliveries").get_by_role("listitem")
    expect(deliveries).to_have_count(1)
    expect(deliveries.first).to_contain_text("webhook.test")
    expect(deliveries.first).to_contain_text("delivered")
    assert_accessible()
    deliveries.first.get_by_role("link", name="webhook.test").click()
    expect(page.get_by_text("Answered 200")).to_be_visible()
    assert_accessible()


def delivery_status(app) -> str:
    """The status of the only delivery, as the sender last recorded it."""
    with app.app_context():
        return db.session.scalars(db.select(WebhookDelivery.status)).one()
