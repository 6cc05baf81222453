"""A page of another site that sends a logged-in browser to one of ours counts nothing: no
download, no view, no webhook event, no email. The browser still gets what it asked for."""
import pytest

from tests.helpers import email_notifications
from tests.webhook_helpers import create_resumes, deliveries_of, make_webhook
from website.extensions import db
from website.models import Resume, ResumeAnalytic

CROSS_SITE = [
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},  # a sibling subdomain may be someone else's
    {"Referer": "https://attacker.example/innocent-page"},  # a browser without Sec-Fetch-*
]
OWN_SITE = [
    {"Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "none"},  # typed or bookmarked
    {"Referer": "http://localhost/resume/manage"},
    {},  # an old browser or a script: nothing says another site sent it
]


def effects(app, resume_id: int, webhook_id: int) -> tuple:
    """Return the download count, the counted actions, the events sent and the emails queued."""
    with app.app_context():
        count = db.session.get(Resume, resume_id).download_count
        actions = db.session.execute(db.select(ResumeAnalytic.action)
                                     .where(ResumeAnalytic.resume_id == resume_id)).scalars()
        actions = sorted(actions)
    events = [delivery.event_type for delivery in deliveries_of(app, webhook_id)]
    return count, actions, events, [row.kind for row in email_notifications(app)]


@pytest.fixture
def resume_id(app, user, receiver):
    """A resume of `user`, who has a webhook for every event; returns (resume id, webhook id)."""
    webhook_id, _ = make_webhook(app, user, receiver.url)
    [resume_id] = create_resumes(app, user)
    return resume_id, webhook_id


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_a_download_another_site_starts_counts_nothing(auth_client, app, resume_id, headers):
    resume_id, webhook_id = resume_id
    before = effects(app, resume_id, webhook_id)
    response = auth_client.get(f"/resume/{resume_id}/export/txt", headers=headers)
    assert response.status_code == 200 and "jane@example.com" in response.get_data(as_text=True)
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert effects(app, resume_id, webhook_id) == before


@pytest.mark.parametrize("headers", OWN_SITE)
def test_a_download_from_our_pages_is_counted_and_announced(auth_client, app, resume_id,
                                                            headers):
    resume_id, webhook_id = resume_id
    assert auth_client.get(f"/resume/{resume_id}/export/txt", headers=headers).status_code == 200
    count, actions, events, emails = effects(app, resume_id, webhook_id)
    assert count == 1 and "download" in actions and "resume.exported" in events
    assert "resume_downloaded" in emails


@pytest.mark.parametrize("headers, counted", [(CROSS_SITE[0], False), (OWN_SITE[0], True)])
def test_a_preview_counts_as_a_view_only_from_our_pages(auth_client, app, resume_id, headers,
                                                        counted):
    resume_id, webhook_id = resume_id
    assert auth_client.get(f"/resume/{resume_id}/preview", headers=headers).status_code == 200
    assert ("view" in effects(app, resume_id, webhook_id)[1]) is counted
