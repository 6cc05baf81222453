"""Account forms; every one carries a CSRF token through SiteForm."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Email, EqualTo, Length, ValidationError

from website.forms import SiteForm, strip_whitespace
from website.models.api_token import READ
from website.services import languages
from website.services.api_tokens import NAME_MAX_LENGTH, SCOPES
from website.services.email_service import OPTIONAL_KINDS

NAME_MAX = 100
EMAIL_MAX = 254
PASSWORD_MIN = 10
PASSWORD_MAX = 128
TOO_LONG_NAME = _l("Use at most %(num)d characters.", num=NAME_MAX)


def strong_password(form, field) -> None:
    """Reject passwords that are easy to guess: too short, repetitive, or the email itself."""
    password = field.data or ""
    if len(set(password)) < 5:
        raise ValidationError(_("Use at least 5 different characters."))
    email = (form.data.get("email") or getattr(form, "account_email", "") or "").lower()
    local_part = email.partition("@")[0]
    if len(local_part) >= 4 and local_part in password.lower():
        raise ValidationError(_("Don't use your email address in your password."))


def _email_field(label: str = _l("Email")) -> EmailField:
    return EmailField(label, filters=[strip_whitespace], validators=[
        DataRequired(),
        Length(max=EMAIL_MAX, message=_l("Use at most %(num)d characters.", num=EMAIL_MAX)),
        Email(message=_l("Enter a valid email address, like jane@example.com."),
              check_deliverability=False)],
        render_kw={"autocomplete": "email"})


def _new_password_field(label: str = _l("Password")) -> PasswordField:
    return PasswordField(label, validators=[
        DataRequired(),
        Length(min=PASSWORD_MIN, max=PASSWORD_MAX,
               message=_l("Use %(min)d to %(max)d characters.", min=PASSWORD_MIN,
                          max=PASSWORD_MAX)),
        strong_password],
        description=_l("At least %(num)d characters.", num=PASSWORD_MIN),
        render_kw={"autocomplete": "new-password"})


def _confirm_field(other: str) -> PasswordField:
    return PasswordField(_l("Confirm password"), validators=[
        DataRequired(), EqualTo(other, message=_l("The two passwords don't match."))],
        render_kw={"autocomplete": "new-password"})


def _current_password_field() -> PasswordField:
    return PasswordField(_l("Current password"), validators=[DataRequired()],
                         render_kw={"autocomplete": "current-password"})


class SignupForm(SiteForm):
    name = StringField(_l("Full name"), filters=[strip_whitespace],
                       validators=[DataRequired(), Length(max=NAME_MAX, message=TOO_LONG_NAME)],
                       render_kw={"autocomplete": "name"})
    email = _email_field()
    password = _new_password_field()
    confirm = _confirm_field("password")
    submit = SubmitField(_l("Create account"))


class LoginForm(SiteForm):
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=PASSWORD_MAX)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Remember me"))
    submit = SubmitField(_l("Log in"))


class ForgotPasswordForm(SiteForm):
    email = _email_field()
    submit = SubmitField(_l("Email me a reset link"))


class ResetPasswordForm(SiteForm):
    password = _new_password_field(_l("New password"))
    confirm = _confirm_field("password")
    submit = SubmitField(_l("Set new password"))

    def __init__(self, *args, account_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email


class NameForm(SiteForm):
    name = StringField(_l("Full name"), filters=[strip_whitespace],
                       validators=[DataRequired(), Length(max=NAME_MAX, message=TOO_LONG_NAME)],
                       render_kw={"autocomplete": "name"})
    submit = SubmitField(_l("Save name"))


class EmailForm(SiteForm):
    email = _email_field(_l("New email"))
    current_password = _current_password_field()
    submit = SubmitField(_l("Change email"))


class PasswordForm(SiteForm):
    current_password = _current_password_field()
    new_password = _new_password_field(_l("New password"))
    confirm = _confirm_field("new_password")
    submit = SubmitField(_l("Change password"))

    def __init__(self, *args, account_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email


class DeleteAccountForm(SiteForm):
    confirm_email = EmailField(_l("Type your email address to confirm"), filters=[strip_whitespace],
                               validators=[DataRequired(), Length(max=EMAIL_MAX)],
                               render_kw={"autocomplete": "off"})
    submit = SubmitField(_l("Delete my account and all its data"))


# The value of "follow the browser's language", stored as None.
BROWSER_LANGUAGE = ""


class LanguageForm(SiteForm):
    """The interface language: the browser's, or one the interface speaks, each option named
    in its own language (a German reader finds "Deutsch", not "German")."""

    language = SelectField(
        _l("Interface language"), validate_choice=False,
        choices=[SelectChoice(BROWSER_LANGUAGE, _l("Browser's language"))]
        + [SelectChoice(code, name, render_kw={"lang": code})
           for code, name in languages.interface_language_choices()],
        validators=[AnyOf([BROWSER_LANGUAGE, *languages.INTERFACE_LANGUAGES],
                          message=_l("Choose one of the listed languages."))])
    submit = SubmitField(_l("Save language"))


def _switch(kind: str, description: str) -> BooleanField:
    return BooleanField(OPTIONAL_KINDS[kind], description=description,
                        render_kw={"role": "switch"})


class NotificationsForm(SiteForm):
    """A switch per optional email, each field named after its kind."""

    resume_created = _switch("resume_created", _l("An email each time you create a resume."))
    resume_downloaded = _switch("resume_downloaded",
                                _l("An email when one of your resumes is downloaded, at most "
                                   "one a day per resume."))
    submit = SubmitField(_l("Save email settings"))


def _code_field(label: str, description: str) -> StringField:
    return StringField(label, filters=[strip_whitespace], validators=[
        DataRequired(message=_l("Enter the code.")),
        Length(max=40, message=_l("That is not a code."))],
        description=description,
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "none",
                   "spellcheck": "false"})


def _password_or_code_field() -> PasswordField:
    return PasswordField(_l("Password or code"), validators=[
        DataRequired(message=_l("Enter your password or a code.")), Length(max=PASSWORD_MAX)],
        description=_l("Your password, the code your authenticator app shows, or a recovery "
                       "code."),
        render_kw={"autocomplete": "current-password"})


class LoginCodeForm(SiteForm):
    """The second step of logging in to an account with two-factor sign-in."""

    code = _code_field(_l("Authentication code"),
                       _l("The 6-digit code your authenticator app shows, or one of your "
                          "recovery codes."))
    submit = SubmitField(_l("Log in"))


class StartTwoFactorForm(SiteForm):
    submit = SubmitField(_l("Set up two-factor sign-in"))


class ConfirmTwoFactorForm(SiteForm):
    code = _code_field(_l("Code from the app"),
                       _l("The 6-digit code the app shows for Resume Builder."))
    submit = SubmitField(_l("Turn on two-factor sign-in"))


class RecoveryCodesForm(SiteForm):
    proof = _password_or_code_field()
    submit = SubmitField(_l("Make new recovery codes"))


class DisableTwoFactorForm(SiteForm):
    proof = _password_or_code_field()
    submit = SubmitField(_l("Turn off two-factor sign-in"))


class ApiTokenForm(SiteForm):
    """A new personal access token: what it is for, and whether it may change data."""

    name = StringField(_l("Token name"), filters=[strip_whitespace], validators=[
        DataRequired(message=_l("Give the token a name, so you can tell it apart later.")),
        Length(max=NAME_MAX_LENGTH,
               message=_l("Use at most %(num)d characters.", num=NAME_MAX_LENGTH))],
        description=_l("Say what will use it, like “Laptop backup script”."),
        render_kw={"autocomplete": "off"})
    scope = RadioField(_l("Access"), choices=[SelectChoice(*item) for item in SCOPES.items()],
                       default=READ,
                       description=_l("Read only can list, read and export your resumes; "
                                      "read and write can also create, change and delete "
                                      "them."))
    # A token acts as the account, so making one asks for the password as changing it does.
    current_password = _current_password_field()
    submit = SubmitField(_l("Create token"))
