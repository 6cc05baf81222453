"""The state between a correct password and the two-factor code: it grants nothing by itself.

Kept in the session under its own key, never as Flask-Login's user, so `current_user` stays
anonymous until the code is right. It names the user and their session token (a password
change meanwhile voids it) and expires after TWO_FACTOR_LOGIN_SECONDS.
"""
from dataclasses import dataclass

from flask import current_app, session

from website.extensions import db
from website.models import User

SESSION_KEY = "two_factor_login"


@dataclass(frozen=True)
class PendingLogin:
    """Who passed the password step, and what to do once the code is right."""

    user: User
    remember: bool
    next_url: str | None


def hold(user: User, remember: bool, next_url: str | None) -> None:
    """Remember in this browser's session that `user` gave the right password just now."""
    session[SESSION_KEY] = {"uid": user.id, "st": user.session_token, "remember": remember,
                            "next": next_url, "since": current_app.config["CLOCK"]()}


def held() -> PendingLogin | None:
    """Return the login waiting for its code in this session, or None if none or expired."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    age = current_app.config["CLOCK"]() - data.get("since", 0)
    if not 0 <= age <= current_app.config["TWO_FACTOR_LOGIN_SECONDS"]:
        return None
    user = db.session.get(User, data["uid"])
    if user is None or user.session_token != data.get("st"):
        return None
    return PendingLogin(user, bool(data.get("remember")), data.get("next"))


def held_user_id() -> int | None:
    """Return the id of the account waiting for its code in this session, expired or not."""
    data = session.get(SESSION_KEY)
    return data.get("uid") if isinstance(data, dict) else None


def release() -> None:
    """Forget the waiting login (it succeeded, or is being started over)."""
    session.pop(SESSION_KEY, None)
