"""Email notifications: rendered from templates, queued in the outbox, sent after the request.

Each email is rendered when it is queued and stored whole (text, HTML, headers) in an
`EmailNotification` row, committed with whatever change the caller has pending; the outbox's
senders (website/services/outbox.py) deliver it over SMTP, or write it to the log when no
MAIL_SERVER is configured. Optional kinds carry a one-click unsubscribe link (RFC 8058) and can
be switched off on the account page.
"""
import functools
import logging
import smtplib
import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from email.utils import make_msgid, parseaddr

from flask import Flask, current_app, has_request_context, render_template, url_for
from flask_babel import force_locale, format_datetime, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user
from flask_mail import Message
from itsdangerous import BadSignature, URLSafeSerializer

from website.extensions import db, dialect_insert, mail
from website.models import EmailNotification, EmailOptOut, Resume, User, utcnow
from website.models.outbox import FAILED
from website.services import accounts, languages, outbox

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "email-unsubscribe"
SUBJECT_MAX = 200
# The emails a user may switch off (all on until they do), named as the pages say them.
OPTIONAL_KINDS = {
    "resume_created": _l("Resume created"),
    "resume_downloaded": _l("Resume downloaded"),
}


# Emails about what someone else did (a stranger downloading a shared resume, another account
# asking for the address, a failing endpoint): the request's language is not the recipient's.
CAUSED_BY_OTHERS = {"resume_downloaded", "email_taken", "webhook_disabled"}


def init_email(app: Flask) -> None:
    """Bind Flask-Mail to `app` and have the app's outbox senders deliver its emails."""
    mail.init_app(app)
    outbox.register(app, EmailNotification, _transport)


def recipient_language(user: User | None, asked_in: str | None = None) -> str:
    """Return the language an email to `user` is written in: the account's choice, else
    `asked_in` (the language the recipient used when asking for it), else English."""
    if user is not None and user.language in languages.INTERFACE_LANGUAGES:
        return user.language
    return asked_in if asked_in in languages.INTERFACE_LANGUAGES else languages.DEFAULT


def language_of_request(user: User, kind: str) -> str | None:
    """Return this request's language if `user` is the one making it, else None: logged in as
    them, or logged out following a link emailed to them (any kind not caused by others)."""
    if not has_request_context():
        return None
    if current_user.is_authenticated:
        theirs = current_user.id == user.id
    else:
        theirs = kind not in CAUSED_BY_OTHERS
    return get_locale().language if theirs else None


def send_email_async(user: User, kind: str, subject: str, template: str, *,
                     dedupe_key: str | None = None, to: str | None = None,
                     asked_in: str | None = None, **context) -> int | None:
    """Queue `email/<template>.txt|.html` to `user` (at `to` if given) and commit; return its id.

    The email (`subject` too, a lazy text) is written in `recipient_language(user, asked_in)`;
    `asked_in` defaults to this request's language if `user` makes it. Returns None, queuing
    nothing, if `kind` is optional and the user turned it off, or if a row with the same
    `dedupe_key` exists.
    """
    to = to or user.email
    optional = kind in OPTIONAL_KINDS
    if optional and not wants(user, kind):
        return None
    if dedupe_key is not None and _queued_before(dedupe_key):
        return None  # spares rendering a message the insert below would drop
    headers = {}
    if optional:
        context["unsubscribe_url"] = url_for("notifications.unsubscribe", _external=True,
                                             token=unsubscribe_token(user, kind))
        context["kind_name"] = OPTIONAL_KINDS[kind]
        headers = {"List-Unsubscribe": f"<{context['unsubscribe_url']}>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    language = recipient_language(user, asked_in or language_of_request(user, kind))
    return _queue(to, user.id, kind, subject, template, headers=headers, language=language,
                  dedupe_key=dedupe_key, user=user, name=user.name, **context)


def _queued_before(dedupe_key: str) -> bool:
    return db.session.execute(db.select(EmailNotification.id).where(
        EmailNotification.dedupe_key == dedupe_key)).first() is not None


def _queue(to: str, user_id: int | None, kind: str, subject: str, template: str, *,
           headers: dict, language: str, dedupe_key: str | None, **context) -> int | None:
    """Render the email in `language`, queue it to `to` (of account `user_id`, if any) and
    commit."""
    with force_locale(language):
        values = {
            "user_id": user_id, "kind": kind, "to": to, "headers": headers,
            # Names and titles go into the subject: a line break there would start a header.
            "subject": _one_line(str(subject))[:SUBJECT_MAX],
            "body_text": render_template(f"email/{template}.txt", **context),
            "body_html": render_template(f"email/{template}.html", **context),
            "message_id": make_msgid(domain=_sender_domain()), "dedupe_key": dedupe_key,
        }
    if not _plain_address(to):
        # Forms only let valid addresses in; refuse one that could smuggle in headers anyway.
        values.update(status=FAILED, last_error="Refused: the recipient address is malformed")
    row_id = db.session.execute(
        dialect_insert(EmailNotification).values(**values)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(EmailNotification.id)).scalar()
    db.session.commit()  # which wakes the senders (website/services/outbox.py)
    return row_id


def send_welcome_email(user: User) -> int | None:
    """Queue the welcome email for a new account."""
    return send_email_async(user, "welcome",
                            _l("Welcome to Resume Builder, %(name)s", name=user.name),
                            "welcome", start_url=url_for("resumes.new", _external=True))


def send_password_reset_email(user: User, dedupe_key: str | None = None,
                              asked_in: str | None = None) -> int | None:
    """Queue an email with a link that resets `user`'s password, once, within the hour."""
    link = url_for("auth.reset_password", token=accounts.make_reset_token(user), _external=True)
    return send_email_async(user, "password_reset", _l("Reset your Resume Builder password"),
                            "reset_password", dedupe_key=dedupe_key, asked_in=asked_in,
                            link=link)


def send_signup_link_email(address: str, name: str, link: str, dedupe_key: str,
                           asked_in: str | None = None) -> int | None:
    """Queue the link that creates the account someone signed up for with `address`, in the
    language they signed up in."""
    return _queue(address, None, "signup_link",
                  _l("Finish creating your Resume Builder account"), "signup_link",
                  headers={}, language=recipient_language(None, asked_in),
                  dedupe_key=dedupe_key, name=name, link=link)


def send_signup_attempt_email(user: User, dedupe_key: str,
                              asked_in: str | None = None) -> int | None:
    """Queue the note that someone tried to sign up with `user`'s address, which has an account."""
    return send_email_async(user, "signup_attempt",
                            _l("You already have a Resume Builder account"),
                            "signup_attempt", dedupe_key=dedupe_key, asked_in=asked_in,
                            login_url=url_for("auth.login", _external=True),
                            reset_url=url_for("auth.forgot_password", _external=True))


def send_password_changed_email(user: User) -> int | None:
    """Queue the notice that `user`'s password changed, with a reset link if it was not them."""
    return send_email_async(user, "password_changed",
                            _l("Your Resume Builder password was changed"),
                            "password_changed", changed_at=_now_in_words(),
                            reset_url=url_for("auth.forgot_password", _external=True))


def send_two_factor_changed_email(user: User, turned_on: bool,
                                  undo_url: str | None = None) -> int | None:
    """Queue the notice that two-factor sign-in was turned on (with the link that turns it off
    again, `undo_url`) or off for `user`."""
    subject = _l("Two-factor sign-in is on") if turned_on else _l("Two-factor sign-in is off")
    return send_email_async(user, "two_factor_changed", subject, "two_factor_changed",
                            turned_on=turned_on, changed_at=_now_in_words(),
                            undo_url=undo_url,
                            reset_url=url_for("auth.forgot_password", _external=True))


def send_email_change_link(user: User, new_email: str, link: str) -> int | None:
    """Queue, to `new_email`, the link that moves `user`'s account to that address."""
    return send_email_async(user, "email_change_confirm", _l("Confirm your new email address"),
                            "email_change_confirm", to=new_email, link=link,
                            new_email=new_email,
                            hours=current_app.config["EMAIL_CHANGE_MAX_AGE"] // 3600)


def send_email_taken_notice(owner: User) -> int | None:
    """Tell `owner` that another account asked to move to their address, and nothing changed."""
    return send_email_async(owner, "email_taken", _l("Someone tried to use your email address"),
                            "email_taken", reset_url=url_for("auth.forgot_password",
                                                             _external=True))


def send_email_changed_notice(user: User, old_email: str, undo_link: str) -> int | None:
    """Tell the address `user` just left that the account moved, with a link that moves it back."""
    return send_email_async(user, "email_changed",
                            _l("Your Resume Builder email address was changed"), "email_changed",
                            to=old_email, changed_at=_now_in_words(),
                            undo_link=undo_link)


def send_resume_created_email(resume: Resume) -> int | None:
    """Queue the note that `resume` was created, unless its owner turned these off."""
    return send_email_async(resume.owner, "resume_created",
                            _l("You created “%(title)s”", title=resume.title),
                            "resume_created", resume=resume,
                            edit_url=url_for("editor.edit", resume_id=resume.id, _external=True))


def send_resume_downloaded_email(resume: Resume) -> int | None:
    """Queue the note that `resume` was downloaded: at most one per resume and (UTC) day."""
    day = utcnow().date().isoformat()
    return send_email_async(resume.owner, "resume_downloaded",
                            _l("“%(title)s” was downloaded", title=resume.title),
                            "resume_downloaded",
                            dedupe_key=f"resume_downloaded:{resume.id}:{day}", resume=resume,
                            manage_url=url_for("resumes.manage", _external=True))


def send_webhook_disabled_email(user: User, endpoint_url: str, reason: str) -> int | None:
    """Queue the alert that webhook deliveries to `endpoint_url` were stopped, and why."""
    return send_email_async(user, "webhook_disabled", _l("A webhook of yours was turned off"),
                            "webhook_disabled", endpoint_url=endpoint_url, reason=reason,
                            account_url=url_for("auth.account", _external=True))


def wants(user: User, kind: str) -> bool:
    """Return whether `user` gets emails of `kind` (every optional kind is on until turned off)."""
    return db.session.get(EmailOptOut, (user.id, kind)) is None


def preferences(user: User) -> dict[str, bool]:
    """Return, for each optional kind, whether `user` gets it."""
    turned_off = set(db.session.execute(
        db.select(EmailOptOut.kind).where(EmailOptOut.user_id == user.id)).scalars())
    return {kind: kind not in turned_off for kind in OPTIONAL_KINDS}


def set_preferences(user: User, choices: Mapping[str, bool]) -> None:
    """Turn optional kinds on or off for `user`, e.g. `{"resume_created": False}`."""
    for kind, wanted in choices.items():
        if wanted:
            db.session.execute(db.delete(EmailOptOut).where(EmailOptOut.user_id == user.id,
                                                            EmailOptOut.kind == kind))
        else:  # a repeated one-click unsubscribe must not fail on the existing row
            db.session.execute(dialect_insert(EmailOptOut).values(user_id=user.id, kind=kind)
                               .on_conflict_do_nothing())
    db.session.commit()


def _unsubscribe_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user: User, kind: str) -> str:
    """Return a signed token that turns `kind` off for `user`; it does not expire."""
    return _unsubscribe_serializer().dumps({"uid": user.id, "kind": kind})


def unsubscribe_target(token: str) -> tuple[User, str] | None:
    """Return the user and optional kind a genuine unsubscribe token names, else None."""
    try:
        data = _unsubscribe_serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("kind") not in OPTIONAL_KINDS \
            or not isinstance(data.get("uid"), int):
        return None
    user = db.session.get(User, data["uid"])
    return (user, data["kind"]) if user is not None else None


def _now_in_words() -> LazyString:
    """Return now, written out in the language the email is rendered in."""
    now = utcnow()
    # A date pattern of Babel's (CLDR), so each language orders and inflects it its own way.
    return LazyString(lambda: format_datetime(now, _("d MMMM y 'at' HH:mm 'UTC'")))


def _one_line(text: str) -> str:
    """Return `text` with line breaks, control characters and runs of spaces made one space."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _plain_address(address: str) -> bool:
    return "@" in address and parseaddr(address)[1] == address \
        and all(c.isprintable() and not c.isspace() for c in address)


def _sender_domain() -> str:
    # make_msgid() would otherwise look up this host's name in DNS on every call.
    return parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1].rpartition("@")[2] \
        or "localhost"


def _message(row: EmailNotification) -> Message:
    message = Message(subject=row.subject, recipients=[row.to], body=row.body_text,
                      html=row.body_html, extra_headers=row.headers)
    message.msgId = row.message_id
    return message


@contextmanager
def _transport() -> Iterator[outbox.Deliver]:
    """Deliver a batch over one SMTP connection, or into the log without a mail server."""
    if not current_app.config["MAIL_SERVER"]:
        yield _write_to_log
        return
    session = _SmtpSession()
    try:
        yield session.deliver
    finally:
        session.close()


def _write_to_log(row: EmailNotification) -> None:
    headers = "".join(f"{name}: {value}\n" for name, value in row.headers.items())
    log.info("No MAIL_SERVER configured; this email is written here instead of sent.\n"
             "To: %s\nSubject: %s\n%s\n%s\n\n%s", row.to, row.subject, headers, row.body_text,
             row.body_html)


@functools.cache
def _tls() -> ssl.SSLContext:
    # smtplib alone would not check the server's certificate; loading the CAs takes ~25 ms.
    return ssl.create_default_context()


def _connect() -> smtplib.SMTP:
    """Open an SMTP connection as MAIL_* say, giving up on any step after MAIL_TIMEOUT."""
    config = current_app.config
    if config["MAIL_USE_SSL"]:
        host = smtplib.SMTP_SSL(config["MAIL_SERVER"], config["MAIL_PORT"],
                                timeout=config["MAIL_TIMEOUT"], context=_tls())
    else:
        host = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                            timeout=config["MAIL_TIMEOUT"])
    try:
        if config["MAIL_USE_TLS"]:
            host.starttls(context=_tls())
        if config["MAIL_USERNAME"] and config["MAIL_PASSWORD"]:
            host.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except BaseException:
        host.close()
        raise
    return host


def _refusal(error: Exception) -> tuple[int, str] | None:
    """Return the SMTP reply code and text of a server's refusal, or None for other errors."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        [(code, text)] = error.recipients.values()  # one recipient per message
    elif isinstance(error, smtplib.SMTPResponseException):
        code, text = error.smtp_code, error.smtp_error
    else:
        return None
    return code, text.decode(errors="replace") if isinstance(text, bytes) else str(text)


class _SmtpSession:
    """One SMTP connection shared by a batch; once connecting fails, the rest wait for a retry."""

    def __init__(self):
        self.host: smtplib.SMTP | None = None
        self.unreachable: str | None = None

    def deliver(self, row: EmailNotification) -> None:
        """Send `row`, raising DeliveryError (permanent for a 5xx refusal) if it did not go."""
        if self.host is None and self.unreachable is None:
            try:
                self.host = _connect()
            except Exception as error:  # down, hung, TLS or login failing: may be fixed later
                reason = f"{type(error).__name__}: {error}"
                self.unreachable = f"Cannot reach the mail server: {reason}"
        if self.unreachable is not None:
            raise outbox.DeliveryError(self.unreachable)
        message = _message(row)
        try:
            self.host.sendmail(message.sender, [row.to], message.as_bytes())
        except Exception as error:
            self.close()  # the conversation may be in any state: the next message reconnects
            if (refusal := _refusal(error)) is None:
                raise
            code, text = refusal
            raise outbox.DeliveryError(f"The mail server answered {code} {text}",
                                       permanent=code >= 500) from error

    def close(self) -> None:
        """Say goodbye to the server if it still listens; drop the connection either way."""
        if self.host is None:
            return
        host, self.host = self.host, None
        try:
            host.quit()
        except (OSError, smtplib.SMTPException):
            host.close()
