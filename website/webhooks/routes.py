"""Webhook pages: thin views over the `website.services.webhooks` package."""
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required

from website.auth import logged_in_user
from website.extensions import limiter
from website.routing import requested_page
from website.services import webhooks
from website.services.webhooks.urls import UnsafeURL
from website.webhooks.forms import WebhookForm

# Every POST here is checked for its CSRF token by CSRFProtect before the view runs.
bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")


def _user_key() -> str:
    return f"user:{logged_in_user().id}"


# Test events and redeliveries go out at a click: bounded, so nobody can aim a flood at a site.
send_limit = limiter.shared_limit(lambda: current_app.config["WEBHOOK_SEND_LIMIT"],
                                  scope="webhook-send", key_func=_user_key)


def _owned(webhook_id: int):
    return webhooks.get_owned(webhook_id, logged_in_user())


def _show_page(webhook, new_secret: str | None = None, status_code: int = 200):
    """Render the webhook's page; a new secret is shown on this response only, so it never
    passes through the session cookie, a URL or a cache."""
    status = request.args.get("status") or None
    if status not in webhooks.STATUSES:
        status = None
    page = requested_page(request.args)
    html = render_template("webhooks/show.html", webhook=webhook, new_secret=new_secret,
                           mask=webhooks.mask, status=status, statuses=webhooks.STATUSES,
                           event_labels=webhooks.EVENT_TYPES, status_labels=webhooks.STATUS_LABELS,
                           pagination=webhooks.deliveries(webhook, status, page))
    return html, status_code, {"Cache-Control": "no-store"} if new_secret else {}


@bp.get("/")
@login_required
def index():
    """List the user's webhooks."""
    return render_template("webhooks/index.html", webhooks=webhooks.list_for(logged_in_user()),
                           mask=webhooks.mask)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Register a webhook and show its signing secret once."""
    form = WebhookForm()
    if request.method == "GET":
        form.events.data = list(webhooks.EVENT_TYPES)
    if not form.validate_on_submit():
        return render_template("webhooks/form.html", form=form, webhook=None), \
            422 if request.method == "POST" else 200
    try:
        webhook, secret = webhooks.create(logged_in_user(), form.url.data, form.description.data,
                                          form.events.data)
    except UnsafeURL as error:
        form.url.errors = [str(error)]
        return render_template("webhooks/form.html", form=form, webhook=None), 422
    except webhooks.TooManyWebhooks as error:
        form.form_errors.append(str(error))
        return render_template("webhooks/form.html", form=form, webhook=None), 422
    flash(_("Webhook created. Copy its signing secret now: it is shown only this once."))
    return _show_page(webhook, secret, 201)


@bp.route("/<int:webhook_id>/edit", methods=["GET", "POST"])
@login_required
def edit(webhook_id: int):
    """Change a webhook's address, description and events."""
    webhook = _owned(webhook_id)
    form = WebhookForm(obj=webhook)
    if not form.validate_on_submit():
        return render_template("webhooks/form.html", form=form, webhook=webhook), \
            422 if request.method == "POST" else 200
    try:
        webhooks.update(webhook, form.url.data, form.description.data, form.events.data)
    except UnsafeURL as error:
        form.url.errors = [str(error)]
        return render_template("webhooks/form.html", form=form, webhook=webhook), 422
    flash(_("Webhook saved."))
    return redirect(url_for("webhooks.show", webhook_id=webhook.id))


@bp.get("/<int:webhook_id>")
@login_required
def show(webhook_id: int):
    """Show a webhook with its delivery history."""
    return _show_page(_owned(webhook_id))


@bp.get("/<int:webhook_id>/deliveries/<int:delivery_id>")
@login_required
def delivery(webhook_id: int, delivery_id: int):
    """Show one delivery of the webhook and its outcome."""
    webhook = _owned(webhook_id)
    return render_template("webhooks/delivery.html", webhook=webhook,
                           delivery=webhooks.get_delivery(webhook, delivery_id),
                           event_labels=webhooks.EVENT_TYPES, status_labels=webhooks.STATUS_LABELS)


@bp.post("/<int:webhook_id>/deliveries/<int:delivery_id>/redeliver")
@login_required
@send_limit
def redeliver(webhook_id: int, delivery_id: int):
    """Queue a delivery to be sent again, with the same webhook-id."""
    webhook = _owned(webhook_id)
    webhooks.redeliver(webhooks.get_delivery(webhook, delivery_id))
    flash(_("The event is queued to be delivered again, with the same webhook-id."))
    return redirect(url_for("webhooks.show", webhook_id=webhook.id))


@bp.post("/<int:webhook_id>/test")
@login_required
@send_limit
def send_test(webhook_id: int):
    """Queue a webhook.test event to the webhook."""
    webhook = _owned(webhook_id)
    webhooks.send_test(webhook)
    flash(_("A webhook.test event is on its way; it appears in the history below."))
    return redirect(url_for("webhooks.show", webhook_id=webhook.id))


@bp.post("/<int:webhook_id>/rotate")
@login_required
def rotate(webhook_id: int):
    """Give the webhook a new signing secret, shown once; the old one works 24 hours more."""
    webhook = _owned(webhook_id)
    secret = webhooks.rotate_secret(webhook)
    flash(_("New signing secret created. For the next 24 hours each event is signed with both "
            "the old and the new secret, so you can switch your receiver over."))
    return _show_page(webhook, secret)


@bp.post("/<int:webhook_id>/enable")
@login_required
def enable(webhook_id: int):
    """Turn a webhook on."""
    return _switch(webhook_id, True, _("Webhook turned on."))


@bp.post("/<int:webhook_id>/disable")
@login_required
def disable(webhook_id: int):
    """Turn a webhook off: no events are sent to it."""
    return _switch(webhook_id, False,
                   _("Webhook turned off: no events are sent to it until you turn it on again."))


def _switch(webhook_id: int, active: bool, message: str):
    """Turn the user's webhook on or off, say so and show it."""
    webhook = _owned(webhook_id)
    webhooks.set_active(webhook, active)
    flash(message)
    return redirect(url_for("webhooks.show", webhook_id=webhook.id))


@bp.get("/<int:webhook_id>/delete")
@login_required
def confirm_delete(webhook_id: int):
    """Ask for confirmation before deleting a webhook."""
    return render_template("webhooks/delete.html", webhook=_owned(webhook_id))


@bp.post("/<int:webhook_id>/delete")
@login_required
def delete(webhook_id: int):
    """Delete a webhook and its delivery history."""
    webhook = _owned(webhook_id)
    webhooks.delete(webhook)
    flash(_("Webhook deleted."))
    return redirect(url_for("webhooks.index"))
