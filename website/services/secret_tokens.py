"""Random bearer tokens (API tokens, login sessions) and the fingerprint stored in their place."""
import hashlib
import secrets


def new_token(prefix: str = "") -> str:
    """Return `prefix` followed by 256 random bits, URL-safe."""
    return prefix + secrets.token_urlsafe(32)


def digest(raw: str) -> str:
    """Return the fingerprint under which a token is stored and looked up."""
    # A token is 256 random bits, so a fast hash is enough: no dictionary can guess it, and a
    # slow one would cost every request the time a password check costs a login.
    return hashlib.sha256(raw.encode()).hexdigest()
