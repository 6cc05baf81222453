"""The Procfile booted the way Heroku boots it: release phase, then the web dyno on $PORT."""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import free_port, procfile, temporary_database

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def heroku_env(tmp_path_factory, tmp_path):
    with temporary_database("postgresql", tmp_path_factory) as url:
        heroku_url = url.replace("postgresql+psycopg2://", "postgres://")  # as Heroku sets it
        yield {
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
            "HOME": str(tmp_path),
            "APP_ENV": "production",
            "SECRET_KEY": "heroku-test-secret",
            "PUBLIC_BASE_URL": "https://127.0.0.1",  # the host the test's requests name
            "DATABASE_URL": heroku_url,
            "WEB_CONCURRENCY": "2",
        }


def get(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def wait_for(url: str, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return get(url, **{"X-Forwarded-Proto": "https"})
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_procfile_declares_release_and_web():
    processes = procfile()
    assert processes["release"] == "flask --app main db upgrade"
    assert processes["web"].startswith("gunicorn main:app")


def test_procfile_boots_like_heroku(heroku_env, tmp_path):
    release = subprocess.run(["bash", "-c", procfile()["release"]], cwd=ROOT, env=heroku_env,
                             capture_output=True, text=True, timeout=120)
    assert release.returncode == 0, release.stderr

    port = free_port()
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.write_text("")
    web = subprocess.Popen(
        [sys.executable, "-m", "honcho", "start", "-e", str(empty_env_file), "-p", str(port),
         "web"], cwd=ROOT, env=heroku_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True)
    try:
        status, body, _ = wait_for(f"http://127.0.0.1:{port}/healthz")
        assert status == 200 and json.loads(body) == {"status": "ok", "database": "ok"}
        status, body, headers = get(f"http://127.0.0.1:{port}/signup",
                                    **{"X-Forwarded-Proto": "https"})
        assert status == 200 and "Create your account" in body
        assert "max-age" in headers["Strict-Transport-Security"]
        status, _, headers = get(f"http://127.0.0.1:{port}/signup")
        assert status in (301, 302) and headers["Location"].startswith("https://")
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        output, _ = web.communicate(timeout=30)
    assert "Booting worker" in output
    assert output.count("Booting worker") == 2  # WEB_CONCURRENCY workers
    assert "GET /healthz 200" in output  # one log line per request, on stdout
