"""Unsubscribe pages, reached from the link and the List-Unsubscribe header of an email."""
from flask import Blueprint, render_template

from website.extensions import csrf
from website.notifications.forms import UnsubscribeForm
from website.services import email_service

bp = Blueprint("notifications", __name__)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # see UnsubscribeForm
def unsubscribe(token: str):
    """Ask before unsubscribing (GET); unsubscribe on a POST, from this page or a mail client."""
    target = email_service.unsubscribe_target(token)
    if target is None:
        return render_template("notifications/unsubscribe_invalid.html"), 404
    user, kind = target
    form = UnsubscribeForm()
    if form.validate_on_submit():
        email_service.set_preferences(user, {kind: False})
    return render_template("notifications/unsubscribe.html", form=form, user=user,
                           kind_name=email_service.OPTIONAL_KINDS[kind],
                           subscribed=email_service.wants(user, kind))
