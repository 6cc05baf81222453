"""Login sessions kept on the server, so that logging out ends them wherever their cookies are."""
from datetime import timedelta

from sqlalchemy.orm import contains_eager

from website.extensions import db
from website.models import LoginSession, User, utcnow
from website.services.secret_tokens import digest, new_token

# Recording every request would write a row per page view; the list shows minutes anyway.
LAST_SEEN_PRECISION = timedelta(minutes=5)
TOKEN_MAX_LENGTH = 100
# Edge and Opera also call themselves Chrome, and Chrome calls itself Safari: first match wins.
BROWSERS = (("Edg", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"),
            ("CriOS/", "Chrome"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("CrOS", "ChromeOS"),
           ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux"))


def describe_device(user_agent: str) -> str:
    """Return a short name for the browser a User-Agent header names, like "Firefox on Linux"."""
    browser = next((name for marker, name in BROWSERS if marker in user_agent), None)
    system = next((name for marker, name in SYSTEMS if marker in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown browser"


def start(user: User, device: str, lifetime: timedelta) -> LoginSession:
    """Record a new session of `user` lasting `lifetime`; its `token` is for the cookies."""
    prune_expired()
    now = utcnow()
    token = new_token()
    record = LoginSession(user_id=user.id, token_hash=digest(token), device=device,
                          last_seen_at=now, expires_at=now + lifetime)
    db.session.add(record)
    db.session.commit()
    record.token = token
    return record


def find(token: str) -> LoginSession | None:
    """Return the unexpired session whose cookie token is `token`, with its user, or None."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    record = db.session.execute(
        db.select(LoginSession).join(LoginSession.user).options(contains_eager(LoginSession.user))
        .where(LoginSession.token_hash == digest(token), LoginSession.expires_at > utcnow())
    ).scalar_one_or_none()
    if record is not None:
        record.token = token
    return record


def touch(record: LoginSession) -> None:
    """Record that the session was just used, writing at most once per LAST_SEEN_PRECISION."""
    now = utcnow()
    if now - record.last_seen_at >= LAST_SEEN_PRECISION:
        record.last_seen_at = now
        db.session.commit()


def list_for(user: User) -> list[LoginSession]:
    """Return the user's unexpired sessions, most recently used first."""
    return list(db.session.execute(
        db.select(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.expires_at > utcnow())
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())).scalars())


def end(record: LoginSession) -> None:
    """Delete one session, so its cookies stop working at once."""
    db.session.execute(db.delete(LoginSession).where(LoginSession.id == record.id))
    db.session.commit()


def end_all(user: User, keep: LoginSession | None = None) -> None:
    """Delete the user's sessions except `keep`, in the caller's transaction."""
    query = db.delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep is not None:
        query = query.where(LoginSession.id != keep.id)
    db.session.execute(query)


def prune_expired() -> None:
    """Delete every session past its expiry, whoever it belongs to (committed by the caller)."""
    db.session.execute(db.delete(LoginSession).where(LoginSession.expires_at <= utcnow()))
