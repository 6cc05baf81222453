"""One HTTP POST to a checked address: no redirects followed, bounded time and answer size."""
import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from functools import cache

from website.services.webhooks.urls import Target

RESPONSE_BODY_MAX = 4096


@dataclass(frozen=True)
class Response:
    """What the receiver answered and how long the exchange took."""

    status: int
    body: str
    retry_after: str | None
    duration_ms: int


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the checked address while sending the URL's host name in Host."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """Like _PinnedHTTP over TLS, checking the certificate against the URL's host name."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout, context=_tls())
        self.address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@cache
def _tls() -> ssl.SSLContext:
    return ssl.create_default_context()


def post(target: Target, body: bytes, headers: dict[str, str], timeout: float) -> Response:
    """POST `body` to `target`, all of it within `timeout` seconds; raises TimeoutError after
    that, OSError/HTTPException if the exchange breaks off."""
    connection_class = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    connection = connection_class(target, timeout)
    # The socket timeout bounds each read; this bounds the whole exchange, so a receiver
    # trickling a byte at a time cannot hold a sender past `timeout` either.
    cut = threading.Event()
    watchdog = threading.Timer(timeout, _cut, args=(connection, cut))
    started = time.monotonic()
    watchdog.start()
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        answer = connection.getresponse()
        text = answer.read(RESPONSE_BODY_MAX).decode("utf-8", errors="replace")
    except (OSError, http.client.HTTPException):
        if cut.is_set():
            raise TimeoutError(f"no complete answer within {timeout} s") from None
        raise
    finally:
        watchdog.cancel()
        connection.close()
    return Response(answer.status, text, answer.getheader("Retry-After"),
                    round((time.monotonic() - started) * 1000))


def _cut(connection: http.client.HTTPConnection, cut: threading.Event) -> None:
    """Shut the connection's socket, ending any read or write blocked on it."""
    cut.set()
    if connection.sock is not None:
        try:
            connection.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed
