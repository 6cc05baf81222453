"""Two-factor sign-in: authenticator (TOTP) secrets, their codes, and one-time recovery codes.

A code is accepted from the current 30-second step or the one either side (clocks drift), but
never from a step at or before the last one accepted for that user, so a code seen over a
shoulder or in a log cannot be used again. Recovery codes are kept only as hashes.
"""
import hmac
import secrets

import pyotp
import segno
from flask import current_app

from website.extensions import db
from website.models import LoginSession, RecoveryCode, TotpCredential, User, utcnow
from website.services import login_sessions
from website.services.secret_tokens import digest

ISSUER = "Resume Builder"
RECOVERY_CODE_COUNT = 10
# Steps either side of now whose code still counts, as pyotp's valid_window=1.
VALID_WINDOW = 1
TOTP_DIGITS = 6
APP_CODE, RECOVERY_CODE = "app", "recovery"
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # nothing to misread: no 0/o, 1/l/i
_RECOVERY_GROUPS, _RECOVERY_GROUP_LENGTH = 4, 4  # 16 characters, about 79 bits


class AlreadyEnabled(Exception):
    """Two-factor sign-in is on already; turn it off before setting up a new app."""


def credential(user: User) -> TotpCredential | None:
    """Return the user's authenticator secret, confirmed or still being set up, or None."""
    return db.session.get(TotpCredential, user.id)


def is_enabled(user: User) -> bool:
    """Return whether signing in as `user` asks for a code after the password."""
    found = credential(user)
    return found is not None and found.confirmed_at is not None


def begin_setup(user: User) -> TotpCredential:
    """Give the user a new, not yet confirmed secret (replacing an unconfirmed one) and commit."""
    found = credential(user)
    if found is not None and found.confirmed_at is not None:
        raise AlreadyEnabled()
    if found is None:
        found = TotpCredential(user_id=user.id)
        db.session.add(found)
    found.secret = pyotp.random_base32()
    found.last_used_step = None
    db.session.commit()
    return found


def provisioning_uri(user: User, secret: str) -> str:
    """Return the otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_data_uri(text: str) -> str:
    """Return `text` as a QR code in an SVG data: URI, for an <img> the strict CSP allows."""
    return segno.make(text, error="m").svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


def confirm_setup(user: User, code: str, keep: LoginSession | None = None) -> list[str] | None:
    """Turn two-factor sign-in on if `code` comes from the new secret; return recovery codes.

    Every login but `keep` ends: one made with the password alone must not outlive the change.
    Returns None, changing nothing, if the code is wrong or no setup is under way.
    """
    found = credential(user)
    if found is None or found.confirmed_at is not None or not _use_totp_code(found, code):
        return None
    found.confirmed_at = utcnow()
    login_sessions.end_all(user, keep=keep)
    return regenerate_recovery_codes(user)


def verify(user: User, code: str) -> str | None:
    """Use up `code` if it is a fresh app code or an unused recovery code; say which, else None.

    Returns APP_CODE or RECOVERY_CODE.
    """
    found = credential(user)
    if found is None or found.confirmed_at is None:
        return None
    if _looks_like_totp(code):
        return APP_CODE if _use_totp_code(found, code) else None
    return RECOVERY_CODE if _use_recovery_code(user, code) else None


def check_password_or_code(user: User, value: str) -> bool:
    """Return whether `value` is the user's password, or a code `verify` accepts."""
    could_be_code = _looks_like_totp(value) or _normalized_recovery_code(value) is not None
    return (could_be_code and verify(user, value) is not None) or user.check_password(value)


def recovery_codes_left(user: User) -> int:
    """Return how many of the user's recovery codes are still unused."""
    return db.session.execute(
        db.select(db.func.count()).select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).scalar_one()


def regenerate_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with new ones, commit, and return them (shown once)."""
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=digest(code)) for code in codes)
    db.session.commit()
    return codes


def disable(user: User) -> None:
    """Turn two-factor sign-in off: forget the secret and the recovery codes, and commit."""
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(db.delete(TotpCredential).where(TotpCredential.user_id == user.id))
    db.session.commit()


def _now() -> float:
    return current_app.config["CLOCK"]()


def _looks_like_totp(code: str) -> bool:
    code = "".join(code.split())
    return len(code) == TOTP_DIGITS and code.isascii() and code.isdigit()


def _use_totp_code(found: TotpCredential, code: str) -> bool:
    """Accept `code` if it belongs to a step near now that is later than the last one used."""
    if not _looks_like_totp(code):
        return False
    code = "".join(code.split())
    totp = pyotp.TOTP(found.secret)
    current = int(_now() // totp.interval)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return _claim_step(found, step)
    return False


def _claim_step(found: TotpCredential, step: int) -> bool:
    """Record `step` as used unless it or a later one already was; atomic across requests."""
    last = TotpCredential.last_used_step
    claimed = db.session.execute(
        db.update(TotpCredential)
        .where(TotpCredential.user_id == found.user_id, db.or_(last.is_(None), last < step))
        .values(last_used_step=step, updated_at=utcnow())).rowcount
    db.session.commit()
    db.session.refresh(found)
    return claimed == 1


def _use_recovery_code(user: User, code: str) -> bool:
    normalized = _normalized_recovery_code(code)
    if normalized is None:
        return False
    used = db.session.execute(
        db.update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == digest(normalized),
               RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())).rowcount
    db.session.commit()
    return used == 1


def _new_recovery_code() -> str:
    groups = ("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUP_LENGTH))
              for _ in range(_RECOVERY_GROUPS))
    return "-".join(groups)


def _normalized_recovery_code(code: str) -> str | None:
    """Return the code as issued (lower case, dashes between groups), or None if it cannot be."""
    letters = "".join(c for c in code.lower() if c not in " -")
    if len(letters) != _RECOVERY_GROUPS * _RECOVERY_GROUP_LENGTH \
            or not all(c in _RECOVERY_ALPHABET for c in letters):
        return None
    size = _RECOVERY_GROUP_LENGTH
    return "-".join(letters[i:i + size] for i in range(0, len(letters), size))


