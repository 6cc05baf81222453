"""Changing an account's email address: confirmed from the new address, undoable from the old.

A request never says whether the new address is free: either way one email is queued (the
link to the new address, or a note to whoever already has it), so the answer and the work are
the same. The link is signed, expires, and names the user, the address it moves from and the
session token, so it stops working once the address or the password changes.
"""
from dataclasses import dataclass

from flask import current_app, url_for

from website.extensions import db
from website.models.user import User, normalize_email
from website.services import account_recovery, accounts, email_service, signed_links

SALT = "email-change"
CONFIRM = "confirm"
# The link in the notice to the old address: it moves the account back and retires the password.
UNDO = "undo"
# Seconds each kind of link works.
MAX_AGE = {CONFIRM: lambda: current_app.config["EMAIL_CHANGE_MAX_AGE"],
           UNDO: lambda: 7 * 24 * 3600}


class AlreadyYours(ValueError):
    """The account already uses the address it asked to move to."""


class LinkInvalid(Exception):
    """The link is forged, expired, already used, or the address moved since it was sent."""


@dataclass(frozen=True)
class Change:
    """What a genuine link asks for: move `user` from `old_email` to `new_email`."""

    user: User
    old_email: str
    new_email: str
    purpose: str


def _token(user: User, new_email: str, purpose: str) -> str:
    data = {"uid": user.id, "old": user.email, "new": new_email, "p": purpose}
    if purpose == CONFIRM:
        # A password change (say, by the owner after a break-in) kills pending confirmations.
        data["st"] = user.session_token
    return signed_links.sign(SALT, data)


def request_change(user: User, new_email: str) -> None:
    """Email a confirmation link to `new_email`, or, if an account has it, tell that owner.

    Raises AlreadyYours if `user` has that address already.
    """
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise AlreadyYours(new_email)
    # Made before anyone knows whether it will be sent, so both answers cost the same.
    link = url_for("auth.confirm_email_change", token=_token(user, new_email, CONFIRM),
                   _external=True)
    owner = accounts.find_by_email(new_email)
    if owner is not None:
        email_service.send_email_taken_notice(owner)
    else:
        email_service.send_email_change_link(user, new_email, link)


def pending_change(token: str) -> Change:
    """Return the change a link asks for, or raise LinkInvalid."""
    found = signed_links.unsign(SALT, token)
    if found is None:
        raise LinkInvalid()
    data, age = found
    purpose = data.get("p") if isinstance(data, dict) else None
    if purpose not in MAX_AGE or not isinstance(data.get("uid"), int) \
            or not all(isinstance(data.get(key), str) for key in ("old", "new")):
        raise LinkInvalid()
    if age > MAX_AGE[purpose]():
        raise LinkInvalid()
    user = db.session.get(User, data["uid"])
    if user is None or user.email != data["old"] \
            or (purpose == CONFIRM and user.session_token != data.get("st")):
        raise LinkInvalid()
    return Change(user, data["old"], data["new"], purpose)


def apply(change: Change) -> None:
    """Move the account to the new address and tell the old one; raise EmailTaken if gone."""
    user = change.user
    accounts.change_email(user, change.new_email)
    if change.purpose == UNDO:
        account_recovery.retire_password(user)
        return
    undo_link = url_for("auth.confirm_email_change", _external=True,
                        token=_token(user, change.old_email, UNDO))
    email_service.send_email_changed_notice(user, change.old_email, undo_link)
