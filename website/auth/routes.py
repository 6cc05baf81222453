"""Account views: thin wrappers around `website.services.accounts`."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from website.auth import known_devices
from website.auth.forms import (
    ApiTokenForm,
    DeleteAccountForm,
    EmailForm,
    ForgotPasswordForm,
    LoginForm,
    NameForm,
    NotificationsForm,
    PasswordForm,
    ResetPasswordForm,
    SignupForm,
)
from website.extensions import limiter, submitted_email, submitted_email_and_address
from website.pages.routes import home_url
from website.services import account_requests, accounts, api_tokens, email_service

bp = Blueprint("auth", __name__)

INVALID_CREDENTIALS = "Wrong email or password."
RESET_SENT = ("If an account exists for that address, we have emailed it a link to reset the "
              "password. The link works once, for one hour.")


def _login_failed(response) -> bool:
    return response.status_code == 401


def _setting(name: str):
    return lambda: current_app.config[name]


def _safe_next(target: str | None) -> str | None:
    """Return `target` only if it is a path on this site (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_setting("SIGNUP_LIMIT"), methods=["POST"])
def signup():
    """Take a sign-up and answer alike whether or not the address has an account: the email
    that follows says which (website/services/account_requests.py)."""
    if current_user.is_authenticated:
        return redirect(home_url())
    form = SignupForm()
    if form.validate_on_submit():
        account_requests.ask_signup(form.name.data, form.email.data, form.password.data)
        return redirect(url_for("auth.signup_sent"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/signup.html", form=form), status


@bp.get("/signup/sent")
def signup_sent():
    """Say that the link to finish signing up is on its way."""
    return render_template("auth/signup_sent.html")


@bp.route("/signup/confirm/<token>", methods=["GET", "POST"])
def confirm_signup(token: str):
    """Ask for one click (GET: mail scanners open links), then create the account (POST)."""
    pending = account_requests.pending_signup(token)
    if pending is None:
        return render_template("auth/signup_invalid.html"), 400
    if request.method == "GET":
        return render_template("auth/confirm_signup.html", pending=pending, token=token)
    try:
        user = account_requests.complete_signup(pending)
    except accounts.EmailTaken:
        flash("This address has an account already. Log in, or reset its password.", "info")
        return redirect(url_for("auth.login"))
    login_user(user)
    flash(f"Welcome, {user.name}! Your account is ready.", "success")
    return known_devices.remember(redirect(home_url()), user.email)


# Failed logins are limited per address, and per account from one address; an account-wide
# ceiling slows down guessing from many addresses, but never for a browser the owner signed in
# with before (so strangers cannot lock the owner out), and a password reset always works.
@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_setting("LOGIN_LIMIT_PER_IP"), methods=["POST"], deduct_when=_login_failed)
@limiter.limit(_setting("LOGIN_LIMIT_PER_ACCOUNT_AND_IP"), key_func=submitted_email_and_address,
               methods=["POST"], deduct_when=_login_failed)
@limiter.limit(_setting("LOGIN_LIMIT_PER_ACCOUNT"), key_func=submitted_email, methods=["POST"],
               deduct_when=_login_failed, exempt_when=known_devices.is_known_for_submitted_email)
def login():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return known_devices.remember(
                redirect(_safe_next(request.args.get("next")) or home_url()), user.email)
        form.form_errors.append(INVALID_CREDENTIALS)
        status = 401
    elif form.is_submitted():
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash("You have been logged out.", "info")
    return redirect(url_for("pages.index"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_setting("RESET_LIMIT"), methods=["POST"])
@limiter.limit(_setting("RESET_LIMIT"), key_func=submitted_email, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        account_requests.ask_password_reset(form.email.data)
        flash(RESET_SENT, "info")
        return redirect(url_for("auth.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(_setting("RESET_LIMIT"), methods=["POST"])
def reset_password(token: str):
    user = accounts.user_for_reset_token(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 400
    form = ResetPasswordForm(account_email=user.email)
    if form.validate_on_submit():
        accounts.change_password(user, form.password.data)
        logout_user()
        flash("Your password has been changed. Log in with the new one.", "success")
        # The emailed link proved this browser is the owner's: no ceiling keeps them out.
        return known_devices.remember(redirect(url_for("auth.login")), user.email)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/reset_password.html", form=form), status


def _account_page(status: int = 200, headers: dict | None = None, **shown):
    """Render the account page, showing the submitted form (with its errors) in place."""
    context = {
        "name_form": NameForm(prefix="profile", data={"name": current_user.name}),
        "email_form": EmailForm(prefix="email", formdata=None),
        "password_form": PasswordForm(prefix="password", formdata=None),
        "delete_form": DeleteAccountForm(prefix="delete", formdata=None),
        "notifications_form": NotificationsForm(prefix="notifications", formdata=None,
                                                data=email_service.preferences(current_user)),
        "token_form": ApiTokenForm(prefix="token", formdata=None),
        "tokens": api_tokens.list_for(current_user),
        "max_tokens": api_tokens.MAX_ACTIVE_TOKENS,
        "scopes": api_tokens.SCOPES,
    }
    context.update(shown)
    return render_template("auth/account.html", **context), status, headers or {}


@bp.get("/account")
@login_required
def account():
    return _account_page()


@bp.post("/account/name")
@login_required
def change_name():
    form = NameForm(prefix="profile")
    if not form.validate_on_submit():
        return _account_page(422, name_form=form)
    accounts.change_name(current_user, form.name.data)
    flash("Your name has been saved.", "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/email")
@login_required
def change_email():
    form = EmailForm(prefix="email")
    if not form.validate_on_submit():
        return _account_page(422, email_form=form)
    if not current_user.check_password(form.current_password.data):
        form.current_password.errors.append("That is not your current password.")
        return _account_page(422, email_form=form)
    try:
        accounts.change_email(current_user, form.email.data)
    except accounts.EmailTaken:
        form.email.errors.append("Another account already uses this email address.")
        return _account_page(422, email_form=form)
    flash("Your email address has been changed.", "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/password")
@login_required
def change_password():
    form = PasswordForm(prefix="password", account_email=current_user.email)
    if not form.validate_on_submit():
        return _account_page(422, password_form=form)
    if not current_user.check_password(form.current_password.data):
        form.current_password.errors.append("That is not your current password.")
        return _account_page(422, password_form=form)
    accounts.change_password(current_user, form.new_password.data)
    # The session token rotated: log this session in again so only the others end.
    login_user(current_user._get_current_object())
    flash("Your password has been changed. Other devices have been logged out.", "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/notifications")
@login_required
def change_notifications():
    """Turn the optional emails on or off as the account page's switches say."""
    # Any position of the switches is valid, and CSRFProtect has checked the token already.
    form = NotificationsForm(prefix="notifications")
    email_service.set_preferences(current_user, {
        kind: form[kind].data for kind in email_service.OPTIONAL_KINDS})
    flash("Your email settings have been saved.", "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/tokens")
@login_required
def create_api_token():
    """Make a personal access token and show its text on this one response only."""
    form = ApiTokenForm(prefix="token")
    if not form.validate_on_submit():
        return _account_page(422, token_form=form)
    try:
        token, secret = api_tokens.create(current_user, form.name.data, form.scope.data)
    except api_tokens.TooManyTokens:
        form.form_errors.append(
            f"You already have {api_tokens.MAX_ACTIVE_TOKENS} tokens, the most allowed. "
            "Revoke one you no longer use, then create the new one.")
        return _account_page(409, token_form=form)
    # Rendered, not redirected: the secret must not pass through the session, a flash message
    # or a URL, and no cache may keep the page that shows it.
    return _account_page(201, {"Cache-Control": "no-store"}, created_token=token, secret=secret)


@bp.get("/account/tokens/<int:token_id>/revoke")
@login_required
def confirm_revoke_api_token(token_id: int):
    """Ask before revoking one of the user's tokens."""
    return render_template("auth/revoke_token.html",
                           token=api_tokens.get_owned_or_404(token_id, current_user))


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_api_token(token_id: int):
    """Stop one of the user's tokens working, for good."""
    token = api_tokens.get_owned_or_404(token_id, current_user)
    api_tokens.revoke(token)
    flash(f"Token “{token.name}” revoked: scripts that use it can no longer call the API.",
          "success")
    return redirect(url_for("auth.account", _anchor="api-tokens"))


@bp.post("/account/delete")
@login_required
def delete_account():
    form = DeleteAccountForm(prefix="delete")
    if not form.validate_on_submit():
        return _account_page(422, delete_form=form)
    if form.confirm_email.data.strip().lower() != current_user.email:
        form.confirm_email.errors.append("That is not the email address of this account.")
        return _account_page(422, delete_form=form)
    user = current_user._get_current_object()
    logout_user()
    accounts.delete_account(user)
    flash("Your account and all its data have been deleted.", "info")
    return redirect(url_for("pages.index"))
