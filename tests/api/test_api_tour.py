"""The requests-only tour script (tests/api_tour.py) against a real server, as an integrator
would run it: create, export, history, webhook and its signed test event."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
import standardwebhooks

from tests.factories import make_token

TOUR = Path(__file__).parents[1].joinpath("api_tour.py")


@pytest.fixture
def app_config():
    # The web process's sender thread delivers the test event, as on a one-dyno deployment.
    return {"OUTBOX_THREAD": True, "OUTBOX_POLL_SECONDS": 0.05}


def test_the_tour_script_does_everything_it_says(app, user, live_server):
    token = make_token(app, user)
    finished = subprocess.run(
        [sys.executable, str(TOUR), "--base-url", live_server, "--token", token],
        capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    tour = json.loads(finished.stdout)

    assert tour["resume"]["title"] == "API tour, edited" and tour["resume"]["version"] == 2
    pdf = tour["pdf"]
    assert pdf["content_type"] == "application/pdf" and pdf["starts_with"] == "%PDF-"
    assert pdf["bytes"] > 1000 and "Ada-Lovelace-Resume.pdf" in pdf["file_name"]
    assert tour["versions"] == [2, 1]

    webhook = tour["webhook"]
    assert webhook["event"]["type"] == "webhook.test" and webhook["signature_valid"]
    # The script's own check agrees with the reference implementation.
    verified = standardwebhooks.Webhook(webhook["secret"]).verify(webhook["body"],
                                                                   webhook["headers"])
    assert verified["type"] == "webhook.test"
