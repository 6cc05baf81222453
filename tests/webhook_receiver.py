"""A real HTTP receiver on loopback for webhook tests: records requests, answers as told."""
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import standardwebhooks

from tests.helpers import wait_until

CLOSE = "close"  # drop the connection without answering
HANG = "hang"  # answer nothing until the test ends
TRICKLE = "trickle"  # answer one byte every 0.1 s, never finishing


@dataclass
class Received:
    """One request as the receiver saw it."""

    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic()

    def verified(self, secret: str) -> dict:
        """Return the payload if `standardwebhooks` accepts its signature, else raise."""
        return standardwebhooks.Webhook(secret).verify(self.body, self.headers)


@dataclass
class Receiver:
    """Answers each POST with the next of `answers` (then 200), recording every request."""

    url: str = ""
    answers: list = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def answer(self, *answers) -> None:
        """Queue answers: (status, headers), CLOSE, HANG or TRICKLE."""
        self.answers.extend(answers)

    def wait_for(self, count: int, seconds: float = 5) -> list[Received]:
        """Return the requests once `count` have arrived."""
        wait_until(lambda: len(self.requests) >= count, seconds,
                   lambda: f"{len(self.requests)} of {count} requests came")
        return self.requests


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            receiver.requests.append(Received(dict(self.headers), body, time.monotonic()))
            answer = receiver.answers.pop(0) if receiver.answers else (200, {})
            if answer == CLOSE:
                self.close_connection = True
                return
            if answer == HANG:
                receiver.release.wait(30)
                return
            if answer == TRICKLE:
                while not receiver.release.wait(0.1):
                    self.wfile.write(b"H")
                    self.wfile.flush()
                return
            status, headers = answer
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):  # keep the test output quiet
            pass

    return Handler


def serve(receiver: Receiver) -> Iterator[Receiver]:
    """Run `receiver` on a free loopback port until the generator is closed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_port}/hooks"
    try:
        yield receiver
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver on loopback."""
    yield from serve(Receiver())


@pytest.fixture
def second_receiver() -> Iterator[Receiver]:
    """Another receiver, for a second endpoint."""
    yield from serve(Receiver())
