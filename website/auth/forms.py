"""Account forms; every one carries a CSRF token through SiteForm."""
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from website.forms import SiteForm
from website.models.api_token import READ
from website.services.api_tokens import NAME_MAX_LENGTH, SCOPES
from website.services.email_service import OPTIONAL_KINDS

NAME_MAX = 100
EMAIL_MAX = 254
PASSWORD_MIN = 10
PASSWORD_MAX = 128
TOO_LONG_NAME = f"Use at most {NAME_MAX} characters."


def strip_whitespace(value: str | None) -> str | None:
    """Drop spaces pasted around a value."""
    return value.strip() if isinstance(value, str) else value


def strong_password(form, field) -> None:
    """Reject passwords that are easy to guess: too short, repetitive, or the email itself."""
    password = field.data or ""
    if len(set(password)) < 5:
        raise ValidationError("Use at least 5 different characters.")
    email = (form.data.get("email") or getattr(form, "account_email", "") or "").lower()
    local_part = email.partition("@")[0]
    if len(local_part) >= 4 and local_part in password.lower():
        raise ValidationError("Don't use your email address in your password.")


def _email_field(label: str = "Email") -> EmailField:
    return EmailField(label, filters=[strip_whitespace], validators=[
        DataRequired(), Length(max=EMAIL_MAX, message=f"Use at most {EMAIL_MAX} characters."),
        Email(message="Enter a valid email address, like jane@example.com.",
              check_deliverability=False)],
        render_kw={"autocomplete": "email"})


def _new_password_field(label: str = "Password") -> PasswordField:
    return PasswordField(label, validators=[
        DataRequired(),
        Length(min=PASSWORD_MIN, max=PASSWORD_MAX,
               message=f"Use {PASSWORD_MIN} to {PASSWORD_MAX} characters."),
        strong_password],
        description=f"At least {PASSWORD_MIN} characters.",
        render_kw={"autocomplete": "new-password"})


def _confirm_field(other: str) -> PasswordField:
    return PasswordField("Confirm password", validators=[
        DataRequired(), EqualTo(other, message="The two passwords don't match.")],
        render_kw={"autocomplete": "new-password"})


def _current_password_field() -> PasswordField:
    return PasswordField("Current password", validators=[DataRequired()],
                         render_kw={"autocomplete": "current-password"})


class SignupForm(SiteForm):
    name = StringField("Full name", filters=[strip_whitespace],
                       validators=[DataRequired(), Length(max=NAME_MAX, message=TOO_LONG_NAME)],
                       render_kw={"autocomplete": "name"})
    email = _email_field()
    password = _new_password_field()
    confirm = _confirm_field("password")
    submit = SubmitField("Create account")


class LoginForm(SiteForm):
    email = _email_field()
    password = PasswordField("Password", validators=[DataRequired(), Length(max=PASSWORD_MAX)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Remember me")
    submit = SubmitField("Log in")


class ForgotPasswordForm(SiteForm):
    email = _email_field()
    submit = SubmitField("Email me a reset link")


class ResetPasswordForm(SiteForm):
    password = _new_password_field("New password")
    confirm = _confirm_field("password")
    submit = SubmitField("Set new password")

    def __init__(self, *args, account_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email


class NameForm(SiteForm):
    name = StringField("Full name", filters=[strip_whitespace],
                       validators=[DataRequired(), Length(max=NAME_MAX, message=TOO_LONG_NAME)],
                       render_kw={"autocomplete": "name"})
    submit = SubmitField("Save name")


class EmailForm(SiteForm):
    email = _email_field("New email")
    current_password = _current_password_field()
    submit = SubmitField("Change email")


class PasswordForm(SiteForm):
    current_password = _current_password_field()
    new_password = _new_password_field("New password")
    confirm = _confirm_field("new_password")
    submit = SubmitField("Change password")

    def __init__(self, *args, account_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email


class DeleteAccountForm(SiteForm):
    confirm_email = EmailField("Type your email address to confirm", filters=[strip_whitespace],
                               validators=[DataRequired(), Length(max=EMAIL_MAX)],
                               render_kw={"autocomplete": "off"})
    submit = SubmitField("Delete my account and all its data")


def _switch(kind: str, description: str) -> BooleanField:
    return BooleanField(OPTIONAL_KINDS[kind], description=description,
                        render_kw={"role": "switch"})


class NotificationsForm(SiteForm):
    """A switch per optional email, each field named after its kind."""

    resume_created = _switch("resume_created", "An email each time you create a resume.")
    resume_downloaded = _switch("resume_downloaded",
                                "An email when one of your resumes is downloaded, at most one "
                                "a day per resume.")
    submit = SubmitField("Save email settings")


def _code_field(label: str, description: str) -> StringField:
    return StringField(label, filters=[strip_whitespace], validators=[
        DataRequired(message="Enter the code."), Length(max=40, message="That is not a code.")],
        description=description,
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "none",
                   "spellcheck": "false"})


def _password_or_code_field() -> PasswordField:
    return PasswordField("Password or code", validators=[
        DataRequired(message="Enter your password or a code."), Length(max=PASSWORD_MAX)],
        description="Your password, the code your authenticator app shows, or a recovery code.",
        render_kw={"autocomplete": "current-password"})


class LoginCodeForm(SiteForm):
    """The second step of logging in to an account with two-factor sign-in."""

    code = _code_field("Authentication code",
                       "The 6-digit code your authenticator app shows, or one of your recovery "
                       "codes.")
    submit = SubmitField("Log in")


class StartTwoFactorForm(SiteForm):
    submit = SubmitField("Set up two-factor sign-in")


class ConfirmTwoFactorForm(SiteForm):
    code = _code_field("Code from the app", "The 6-digit code the app shows for Resume Builder.")
    submit = SubmitField("Turn on two-factor sign-in")


class RecoveryCodesForm(SiteForm):
    proof = _password_or_code_field()
    submit = SubmitField("Make new recovery codes")


class DisableTwoFactorForm(SiteForm):
    proof = _password_or_code_field()
    submit = SubmitField("Turn off two-factor sign-in")


class ApiTokenForm(SiteForm):
    """A new personal access token: what it is for, and whether it may change data."""

    name = StringField("Token name", filters=[strip_whitespace], validators=[
        DataRequired(message="Give the token a name, so you can tell it apart later."),
        Length(max=NAME_MAX_LENGTH, message=f"Use at most {NAME_MAX_LENGTH} characters.")],
        description="Say what will use it, like “Laptop backup script”.",
        render_kw={"autocomplete": "off"})
    scope = RadioField("Access", choices=[SelectChoice(*item) for item in SCOPES.items()],
                       default=READ,
                       description="Read only can list, read and export your resumes; read "
                                   "and write can also create, change and delete them.")
    # A token acts as the account, so making one asks for the password as changing it does.
    current_password = _current_password_field()
    submit = SubmitField("Create token")
