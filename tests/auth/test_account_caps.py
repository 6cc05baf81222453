"""Per-account caps hold when creates race: real threads and requests, each on its own
connection to the real database."""
import threading
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.factories import make_token
from tests.webhook_helpers import make_webhook
from website.extensions import db
from website.models import User
from website.services import api_tokens, webhooks

RACERS = 20


def race(attempt, racers: int = RACERS) -> list:
    """Run `attempt()` in `racers` threads released at the same moment; return the results."""
    start = threading.Barrier(racers)

    def one():
        start.wait()
        return attempt()

    with ThreadPoolExecutor(racers) as pool:
        return [future.result() for future in [pool.submit(one) for _ in range(racers)]]


def test_racing_webhook_registrations_stop_at_the_cap(app, user, receiver, live_server):
    for _ in range(webhooks.WEBHOOKS_PER_USER - 2):
        make_webhook(app, user, receiver.url)
    headers = {"Authorization": f"Bearer {make_token(app, user)}"}
    statuses = race(lambda: requests.post(
        f"{live_server}/api/v1/webhooks", headers=headers, timeout=30,
        json={"url": receiver.url, "events": ["resume.created"]}).status_code)
    assert sorted(statuses) == [201] * 2 + [422] * (RACERS - 2)
    with app.app_context():
        assert len(webhooks.list_for(db.session.get(User, user.id))) == webhooks.WEBHOOKS_PER_USER


def test_racing_token_creation_stops_at_the_cap(app, user):
    for _ in range(api_tokens.MAX_ACTIVE_TOKENS - 2):
        make_token(app, user)

    def create() -> bool:
        with app.app_context():
            try:
                api_tokens.create(db.session.get(User, user.id), "script", "read")
            except api_tokens.TooManyTokens:
                return False
            finally:
                db.session.remove()  # this thread's connection goes back to the pool
            return True

    assert sorted(race(create)) == [False] * (RACERS - 2) + [True] * 2
    with app.app_context():
        active = api_tokens.list_for(db.session.get(User, user.id))
        assert len(active) == api_tokens.MAX_ACTIVE_TOKENS
