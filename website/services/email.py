"""Sending email from Jinja templates, or logging it when no mail server is configured."""
import logging

from flask import current_app, render_template
from flask_mail import Message

from website.extensions import mail

log = logging.getLogger(__name__)


def send_email(to: str, subject: str, template: str, **context) -> None:
    """Render `email/<template>.txt` and `.html` and send them to `to` (or log them)."""
    text = render_template(f"email/{template}.txt", **context)
    html = render_template(f"email/{template}.html", **context)
    if not current_app.config.get("MAIL_SERVER"):
        log.info("No MAIL_SERVER configured; email not sent.\nTo: %s\nSubject: %s\n\n%s",
                 to, subject, text)
        return
    message = Message(subject=subject, recipients=[to], body=text, html=html)
    try:
        mail.send(message)
    except Exception:  # a mail outage must not turn a page into a 500
        log.exception("Sending %r to %s failed", subject, to)
