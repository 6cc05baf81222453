"""A tour of the REST API with nothing but `requests` and the documentation at /api/docs.

Creates a resume, changes it once, exports it as PDF, lists its versions, registers a webhook
on a small receiver this script runs itself, sends the webhook's test event and checks its
signature as the Standard Webhooks specification describes. Prints what it did as JSON.

    python tests/api_tour.py --base-url http://127.0.0.1:5000 --token rbt_...
"""
import argparse
import base64
import hashlib
import hmac
import json
import queue
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import requests

RESUME = {
    "basics": {"name": "Ada Lovelace", "label": "Analyst", "email": "ada@example.com"},
    "work": [{"position": "Analyst", "name": "Analytical Engines Ltd", "startDate": "1842-01",
              "highlights": ["Wrote the first published program"]}],
    "skills": [{"name": "Mathematics", "keywords": ["Algorithms", "Notation"]}],
}


def start_receiver(events: queue.Queue) -> HTTPServer:
    """Serve POSTs on a free loopback port, putting each (headers, body) on `events`."""
    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the name http.server looks for)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            events.put(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def signature_is_valid(secret: str, headers: dict, body: bytes) -> bool:
    """Check `webhook-signature` as the docs say: HMAC-SHA256 of "id.timestamp.body"."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(f"v1,{expected}", candidate)
               for candidate in headers["webhook-signature"].split())


def call(session: requests.Session, method: str, url: str, expected: int, **kwargs):
    """Make one API call; stop with the problem document if the status is not `expected`."""
    response = session.request(method, url, timeout=30, **kwargs)
    if response.status_code != expected:
        sys.exit(f"{method} {url} answered {response.status_code}: {response.text}")
    return response


def tour(base_url: str, token: str, wait_seconds: float) -> dict:
    """Walk through the API; return what each step gave."""
    api = f"{base_url}/api/v1"
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"

    resume = call(session, "POST", f"{api}/resumes", 201,
                  json={"title": "API tour", "resume": RESUME}).json()
    resume_url = f"{api}/resumes/{resume['id']}"
    changed = call(session, "PUT", resume_url, 200,
                   json={"version": resume["version"], "title": "API tour, edited"}).json()
    pdf = call(session, "POST", f"{api}/export/pdf", 200, json={"resume_id": resume["id"]})
    versions = call(session, "GET", f"{resume_url}/versions", 200).json()

    events: queue.Queue = queue.Queue()
    receiver = start_receiver(events)
    try:
        hook_url = f"http://127.0.0.1:{receiver.server_port}/hook"
        webhook = call(session, "POST", f"{api}/webhooks", 201,
                       json={"url": hook_url, "description": "API tour",
                             "events": ["resume.updated"]}).json()
        call(session, "POST", f"{api}/webhooks/{webhook['id']}/test", 202)
        try:
            headers, body = events.get(timeout=wait_seconds)
        except queue.Empty:
            sys.exit(f"No test event arrived within {wait_seconds} s")
    finally:
        receiver.shutdown()

    return {
        "resume": {"id": resume["id"], "version": changed["version"], "title": changed["title"]},
        "pdf": {"content_type": pdf.headers["Content-Type"], "bytes": len(pdf.content),
                "starts_with": pdf.content[:5].decode("latin-1"),
                "file_name": pdf.headers.get("Content-Disposition", "")},
        "versions": [version["number"] for version in versions],
        "webhook": {"id": webhook["id"], "secret": webhook["secret"],
                    "event": json.loads(body), "headers": headers,
                    "body": body.decode(), "signature_valid":
                    signature_is_valid(webhook["secret"], headers, body)},
    }


def main() -> None:
    """Read the options and print the tour's results as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="Where the app runs.")
    parser.add_argument("--token", required=True, help="A read-and-write access token.")
    parser.add_argument("--wait", type=float, default=20, help="Seconds to wait for the event.")
    options = parser.parse_args()
    print(json.dumps(tour(options.base_url.rstrip("/"), options.token, options.wait), indent=2))


if __name__ == "__main__":
    main()
