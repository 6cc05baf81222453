"""Signed payloads for emailed links (reset, sign-up, email change, undo), aged by the app's clock.

The clock is the `CLOCK` setting, so a test moves time forward instead of waiting or patching
itsdangerous.
"""
from flask import current_app
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer


class _ClockSigner(TimestampSigner):
    """Stamps a token with the app's clock, the clock its age is measured by: stamped with the
    real time, a link signed a second after a test's clock was read would look younger."""

    def get_timestamp(self) -> int:
        return int(current_app.config["CLOCK"]())


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt,
                                  signer=_ClockSigner)


def sign(salt: str, payload: object) -> str:
    """Return `payload` signed for links of kind `salt`, stamped with the time."""
    return _serializer(salt).dumps(payload)


def unsign(salt: str, token: str) -> tuple[object, float] | None:
    """Return the payload of a genuine `token` of kind `salt` and its age in seconds, or None."""
    try:
        payload, signed_at = _serializer(salt).loads(token, return_timestamp=True)
    except BadSignature:
        return None
    return payload, current_app.config["CLOCK"]() - signed_at.timestamp()


def unsign_fresh(salt: str, token: str, max_age: float) -> object | None:
    """Return the payload of a genuine `token` of kind `salt` at most `max_age` seconds old."""
    found = unsign(salt, token)
    if found is None or found[1] > max_age:
        return None
    return found[0]
