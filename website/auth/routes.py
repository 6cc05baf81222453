"""Account views: thin wrappers around `website.services.accounts`."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext, refresh
from flask_login import current_user, login_required, logout_user

from website.auth import known_devices, logged_in_user, pending_login
from website.auth.forms import (
    ApiTokenForm,
    ConfirmTwoFactorForm,
    DeleteAccountForm,
    DisableTwoFactorForm,
    EmailForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginCodeForm,
    LoginForm,
    NameForm,
    NotificationsForm,
    PasswordForm,
    RecoveryCodesForm,
    ResetPasswordForm,
    SignupForm,
    StartTwoFactorForm,
)
from website.extensions import limiter, submitted_email, submitted_email_and_address
from website.i18n import interface_language
from website.pages.routes import home_url
from website.services import (
    account_recovery,
    account_requests,
    accounts,
    api_tokens,
    email_change,
    email_service,
    login_sessions,
    quotas,
    two_factor,
)

bp = Blueprint("auth", __name__)

INVALID_CREDENTIALS = _l("Wrong email or password.")
RESET_SENT = _l("If an account exists for that address, we have emailed it a link to reset the "
                "password. The link works once, for one hour.")


# Pages that show a secret once (a token, recovery codes): no cache may keep them.
NO_STORE = {"Cache-Control": "no-store"}
WRONG_CODE = _l("That code is not right, or was already used. Enter the code your app shows "
                "now.")
WRONG_PROOF = _l("That is neither your password nor a working code.")


def _login_failed(response) -> bool:
    return response.status_code == 401


def _code_refused(response) -> bool:
    return response.status_code in (401, 422)


def _signed_in_account() -> str:
    """Rate-limit key: the logged-in account (the views it guards require login)."""
    return f"user:{logged_in_user().id}"


def _two_factor_account() -> str:
    """Rate-limit key for code guesses: the account, logged in or waiting for its code."""
    user_id = logged_in_user().id if current_user.is_authenticated else pending_login.held_user_id()
    return f"user:{user_id}"


# Login's code step and the account page's code checks share one budget of wrong guesses.
two_factor_limit = limiter.shared_limit(lambda: current_app.config["TWO_FACTOR_LIMIT"],
                                        scope="two-factor", key_func=_two_factor_account,
                                        deduct_when=_code_refused, methods=["POST"])


def _setting(name: str):
    return lambda: current_app.config[name]


def _safe_next(target: str | None) -> str | None:
    """Return `target` only if it is a path on this site (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


# Per address, and per email address: each sign-up emails that address (its owner, if any).
@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_setting("SIGNUP_LIMIT"), methods=["POST"])
@limiter.limit(_setting("SIGNUP_LIMIT"), key_func=submitted_email, methods=["POST"])
def signup():
    """Take a sign-up and answer alike whether or not the address has an account: the email
    that follows says which (website/services/account_requests.py)."""
    if current_user.is_authenticated:
        return redirect(home_url())
    form = SignupForm()
    if form.validate_on_submit():
        account_requests.ask_signup(form.name.data, form.email.data, form.password.data,
                                    language=interface_language())
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
        flash(_("This address has an account already. Log in, or reset its password."), "info")
        return redirect(url_for("auth.login"))
    accounts.start_session(user, remember=False)
    flash(_("Welcome, %(name)s! Your account is ready.", name=user.name), "success")
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
    """Log in with email and password, then go to the code step if two-factor sign-in is on."""
    if current_user.is_authenticated:
        return redirect(home_url())
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            next_url = _safe_next(request.args.get("next"))
            if two_factor.is_enabled(user):
                pending_login.hold(user, form.remember.data, next_url)
                return redirect(url_for("auth.login_code"))
            accounts.start_session(user, remember=form.remember.data)
            return known_devices.remember(redirect(next_url or home_url()), user.email)
        form.form_errors.append(str(INVALID_CREDENTIALS))
        status = 401
    elif form.is_submitted():
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.route("/login/code", methods=["GET", "POST"])
@two_factor_limit
def login_code():
    """Second login step for accounts with two-factor sign-in: the app's or a recovery code."""
    if current_user.is_authenticated:
        return redirect(home_url())
    pending = pending_login.held()
    if pending is None:
        pending_login.release()
        flash(_("Log in with your email and password first. The code step lasts a few minutes."),
              "info")
        return redirect(url_for("auth.login"))
    form = LoginCodeForm()
    status = 200
    if form.validate_on_submit():
        used = two_factor.verify(pending.user, form.code.data)
        if used is not None:
            pending_login.release()
            accounts.start_session(pending.user, remember=pending.remember)
            if used == two_factor.RECOVERY_CODE:
                left = two_factor.recovery_codes_left(pending.user)
                flash(ngettext("You used a recovery code; %(num)d left. Each works once: make "
                               "new ones on your account page when you run low.",
                               "You used a recovery code; %(num)d left. Each works once: make "
                               "new ones on your account page when you run low.", left),
                      "warning")
            return known_devices.remember(redirect(pending.next_url or home_url()),
                                          pending.user.email)
        form.code.errors.append(str(WRONG_CODE))
        status = 401
    elif form.is_submitted():
        status = 422
    return render_template("auth/login_code.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """End this browser's login session."""
    said = _("You have been logged out.")  # in the language of the user still logged in
    accounts.end_session(logged_in_user())
    flash(said, "info")
    return redirect(url_for("pages.index"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_setting("RESET_LIMIT"), methods=["POST"])
@limiter.limit(_setting("RESET_LIMIT"), key_func=submitted_email, methods=["POST"])
def forgot_password():
    """Email a password-reset link to the address given, if it has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        account_requests.ask_password_reset(form.email.data, language=interface_language())
        flash(str(RESET_SENT), "info")
        return redirect(url_for("auth.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(_setting("RESET_LIMIT"), methods=["POST"])
def reset_password(token: str):
    """Set a new password from an emailed link, logging out every device."""
    user = accounts.user_for_reset_token(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 400
    form = ResetPasswordForm(account_email=user.email)
    if form.validate_on_submit():
        revoked = accounts.change_password(user, form.password.data)
        email_service.send_password_changed_email(user)
        logout_user()
        flash(" ".join([_("Your password has been changed and every device logged out. Log in "
                          "with the new one."), *_tokens_revoked(revoked)]), "success")
        # The emailed link proved this browser is the owner's: no ceiling keeps them out.
        return known_devices.remember(redirect(url_for("auth.login")), user.email)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/reset_password.html", form=form), status


def _wrong_password(form) -> bool:
    """Whether the form's current password is wrong; if so, say it next to that field."""
    if logged_in_user().check_password(form.current_password.data):
        return False
    form.current_password.errors.append(_("That is not your current password."))
    return True


def _tokens_revoked(count: int) -> list[str]:
    """The sentence a password-changed message ends with when API tokens were revoked too."""
    if not count:
        return []
    if count == 1:
        return [_("Your API token was revoked too: make a new one for each script that still "
                  "needs one.")]
    return [ngettext("Your %(num)d API token was revoked too: make a new one for each script "
                     "that still needs one.",
                     "Your %(num)d API tokens were revoked too: make a new one for each script "
                     "that still needs one.", count)]


def _account_page(status: int = 200, headers: dict | None = None, **shown):
    """Render the account page, showing the submitted form (with its errors) in place."""
    user = logged_in_user()
    context = {
        "name_form": NameForm(prefix="profile", data={"name": user.name}),
        "email_form": EmailForm(prefix="email", formdata=None),
        "password_form": PasswordForm(prefix="password", formdata=None),
        "delete_form": DeleteAccountForm(prefix="delete", formdata=None),
        "notifications_form": NotificationsForm(prefix="notifications", formdata=None,
                                                data=email_service.preferences(user)),
        "language_form": LanguageForm(prefix="language", formdata=None,
                                      data={"language": user.language or ""}),
        "token_form": ApiTokenForm(prefix="token", formdata=None),
        "tokens": api_tokens.list_for(user),
        "max_tokens": api_tokens.MAX_ACTIVE_TOKENS,
        "scopes": api_tokens.SCOPES,
        "sessions": login_sessions.list_for(user),
        "two_factor_on": two_factor.is_enabled(user),
        "usage": quotas.usage(user),
    }
    context.update(shown)
    return render_template("auth/account.html", **context), status, headers or {}


@bp.get("/account")
@login_required
def account():
    """Show the account page."""
    return _account_page()


@bp.post("/account/name")
@login_required
def change_name():
    """Change the user's name."""
    form = NameForm(prefix="profile")
    if not form.validate_on_submit():
        return _account_page(422, name_form=form)
    accounts.change_name(logged_in_user(), form.name.data)
    flash(_("Your name has been saved."), "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/language")
@login_required
def change_language():
    """Set the interface language, or let the browser's decide (an empty choice)."""
    form = LanguageForm(prefix="language")
    if not form.validate_on_submit():
        return _account_page(422, language_form=form)
    accounts.change_language(logged_in_user(), form.language.data or None)
    refresh()  # say it in the language just chosen, not the one this request started in
    flash(_("Your interface language has been saved."), "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/email")
@login_required
@limiter.limit(_setting("EMAIL_CHANGE_LIMIT"), key_func=_signed_in_account)
def change_email():
    """Send a link to the new address; the change happens when it is opened."""
    form = EmailForm(prefix="email")
    if not form.validate_on_submit():
        return _account_page(422, email_form=form)
    if _wrong_password(form):
        return _account_page(422, email_form=form)
    try:
        # The same answer whether or not another account has the address (see email_change).
        email_change.request_change(logged_in_user(), form.email.data)
    except email_change.AlreadyYours:
        form.email.errors.append(_("That is already the address of your account."))
        return _account_page(422, email_form=form)
    flash(_("We have emailed a link to %(email)s. Your address changes when you open it; "
            "until then, it stays as it is.", email=form.email.data), "info")
    return redirect(url_for("auth.account"))


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    """Ask, then move the account to the address the emailed link was sent to (or back)."""
    try:
        change = email_change.pending_change(token)
    except email_change.LinkInvalid:
        return render_template("auth/email_change_invalid.html"), 400
    if request.method == "GET":  # a mail scanner opening the link must not change anything
        return render_template("auth/email_change_confirm.html", change=change)
    try:
        email_change.apply(change)
    except accounts.EmailTaken:  # by another account since the link was sent
        return render_template("auth/email_change_invalid.html", taken=change.new_email), 409
    if change.purpose == email_change.UNDO:
        said = _("Your account is back at %(email)s. Every device has been logged out and the "
                 "old password no longer works: we have emailed you a link to choose a new one.",
                 email=change.new_email)
        logout_user()
        flash(said, "warning")
        return redirect(url_for("auth.login"))
    flash(_("Your email address is now %(email)s.", email=change.new_email), "success")
    return redirect(url_for("auth.account" if current_user.is_authenticated else "auth.login"))


@bp.post("/account/password")
@login_required
def change_password():
    """Change the password after checking the current one; other devices log out."""
    user = logged_in_user()
    form = PasswordForm(prefix="password", account_email=user.email)
    if not form.validate_on_submit():
        return _account_page(422, password_form=form)
    if _wrong_password(form):
        return _account_page(422, password_form=form)
    revoked = accounts.change_password(user, form.new_password.data, keep=user.login_session)
    email_service.send_password_changed_email(user)
    flash(" ".join([_("Your password has been changed. Other devices have been logged out."),
                    *_tokens_revoked(revoked)]), "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/sessions/end-all")
@login_required
def end_all_sessions():
    """Log out on every device, this one too."""
    said = _("You have been logged out on every device, this one too.")
    accounts.end_all_sessions(logged_in_user())
    flash(said, "info")
    return redirect(url_for("auth.login"))


def _two_factor_page(status: int = 200, headers: dict | None = None, **shown):
    """Render the two-factor settings in the state they are in, with any submitted form."""
    user = logged_in_user()
    found = two_factor.credential(user)
    context = {
        "credential": found,
        "start_form": StartTwoFactorForm(prefix="start", formdata=None),
        "confirm_form": ConfirmTwoFactorForm(prefix="confirm", formdata=None),
        "codes_form": RecoveryCodesForm(prefix="codes", formdata=None),
        "disable_form": DisableTwoFactorForm(prefix="disable", formdata=None),
    }
    if found is not None and found.confirmed_at is None:
        uri = two_factor.provisioning_uri(user, found.secret)
        context.update(qr_code=two_factor.qr_code_data_uri(uri), secret=found.secret)
    elif found is not None:
        context["codes_left"] = two_factor.recovery_codes_left(user)
    context.update(shown)
    # The setup page shows the secret, and the others may show recovery codes.
    return render_template("auth/two_factor.html", **context), status, headers or NO_STORE


@bp.get("/account/two-factor")
@login_required
def two_factor_settings():
    """Show the two-factor sign-in settings."""
    return _two_factor_page()


@bp.post("/account/two-factor/setup")
@login_required
def start_two_factor():
    """Make a new secret for the user's authenticator app; it counts once a code confirms it."""
    try:
        two_factor.begin_setup(logged_in_user())
    except two_factor.AlreadyEnabled:
        flash(_("Two-factor sign-in is already on. Turn it off first to move to another app."),
              "info")
    return redirect(url_for("auth.two_factor_settings"))


@bp.post("/account/two-factor/confirm")
@login_required
@two_factor_limit
def confirm_two_factor():
    """Turn two-factor sign-in on once the app shows a right code; show the recovery codes."""
    form = ConfirmTwoFactorForm(prefix="confirm")
    if not form.validate_on_submit():
        return _two_factor_page(422, confirm_form=form)
    user = logged_in_user()
    codes = two_factor.confirm_setup(user, form.code.data, keep=user.login_session)
    if codes is None:
        form.code.errors.append(str(WRONG_CODE))
        return _two_factor_page(422, confirm_form=form)
    email_service.send_two_factor_changed_email(
        user, turned_on=True, undo_url=account_recovery.two_factor_undo_link(user))
    return _two_factor_page(201, recovery_codes=codes)


def _unproved(form, shown_as: str):
    """Return the settings page with an error unless `form` holds the password or a code."""
    if not form.validate_on_submit():
        return _two_factor_page(422, **{shown_as: form})
    if not two_factor.check_password_or_code(logged_in_user(), form.proof.data):
        form.proof.errors.append(str(WRONG_PROOF))
        return _two_factor_page(422, **{shown_as: form})
    return None


@bp.post("/account/two-factor/recovery-codes")
@login_required
@two_factor_limit
def regenerate_recovery_codes():
    """Replace the recovery codes, given the password or a code; show the new ones once."""
    if not two_factor.is_enabled(logged_in_user()):
        return redirect(url_for("auth.two_factor_settings"))
    if refusal := _unproved(RecoveryCodesForm(prefix="codes"), "codes_form"):
        return refusal
    codes = two_factor.regenerate_recovery_codes(logged_in_user())
    return _two_factor_page(201, recovery_codes=codes)


@bp.post("/account/two-factor/disable")
@login_required
@two_factor_limit
def disable_two_factor():
    """Turn two-factor sign-in off, given the password or a code."""
    if refusal := _unproved(DisableTwoFactorForm(prefix="disable"), "disable_form"):
        return refusal
    two_factor.disable(logged_in_user())
    email_service.send_two_factor_changed_email(logged_in_user(), turned_on=False)
    flash(_("Two-factor sign-in is off: logging in needs only your password now."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/two-factor/undo/<token>", methods=["GET", "POST"])
def undo_two_factor(token: str):
    """From the owner's notice: turn off an app someone else set up, and retire the password."""
    user = account_recovery.user_for_two_factor_undo(token)
    if user is None:
        return render_template("auth/two_factor_undo.html", valid=False), 400
    if request.method == "GET":  # a mail scanner opening the link must not change anything
        return render_template("auth/two_factor_undo.html", valid=True)
    said = _("Two-factor sign-in is off and every device has been logged out. We have emailed "
             "you a link to choose a new password.")
    account_recovery.undo_two_factor(user)
    logout_user()
    flash(said, "warning")
    return redirect(url_for("auth.login"))


@bp.post("/account/notifications")
@login_required
def change_notifications():
    """Turn the optional emails on or off as the account page's switches say."""
    # Any position of the switches is valid, and CSRFProtect has checked the token already.
    form = NotificationsForm(prefix="notifications")
    email_service.set_preferences(logged_in_user(), {
        kind: form[kind].data for kind in email_service.OPTIONAL_KINDS})
    flash(_("Your email settings have been saved."), "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/tokens")
@login_required
def create_api_token():
    """Make a personal access token and show its text on this one response only."""
    form = ApiTokenForm(prefix="token")
    if not form.validate_on_submit():
        return _account_page(422, token_form=form)
    if _wrong_password(form):
        return _account_page(422, token_form=form)
    try:
        token, secret = api_tokens.create(logged_in_user(), form.name.data, form.scope.data)
    except api_tokens.TooManyTokens:
        form.form_errors.append(ngettext(
            "You already have %(num)d token, the most allowed. Revoke one you no longer use, "
            "then create the new one.",
            "You already have %(num)d tokens, the most allowed. Revoke one you no longer use, "
            "then create the new one.", api_tokens.MAX_ACTIVE_TOKENS))
        return _account_page(409, token_form=form)
    # Rendered, not redirected: the secret must not pass through the session, a flash message
    # or a URL, and no cache may keep the page that shows it.
    return _account_page(201, NO_STORE, created_token=token, secret=secret)


@bp.get("/account/tokens/<int:token_id>/revoke")
@login_required
def confirm_revoke_api_token(token_id: int):
    """Ask before revoking one of the user's tokens."""
    return render_template("auth/revoke_token.html",
                           token=api_tokens.get_owned(token_id, logged_in_user()))


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_api_token(token_id: int):
    """Stop one of the user's tokens working, for good."""
    token = api_tokens.get_owned(token_id, logged_in_user())
    api_tokens.revoke(token)
    flash(_("Token “%(name)s” revoked: scripts that use it can no longer call the API.",
            name=token.name), "success")
    return redirect(url_for("auth.account", _anchor="api-tokens"))


@bp.post("/account/delete")
@login_required
def delete_account():
    """Delete the account and all its data once the user types its email address."""
    form = DeleteAccountForm(prefix="delete")
    if not form.validate_on_submit():
        return _account_page(422, delete_form=form)
    if form.confirm_email.data.strip().lower() != logged_in_user().email:
        form.confirm_email.errors.append(_("That is not the email address of this account."))
        return _account_page(422, delete_form=form)
    said = _("Your account and all its data have been deleted.")
    user = logged_in_user()
    logout_user()
    accounts.delete_account(user)
    flash(said, "info")
    return redirect(url_for("pages.index"))
