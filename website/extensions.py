"""Extension singletons, unbound until `create_app` calls `init_app` on each."""
from urllib.parse import urlsplit

from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic alter SQLite tables in batch mode and keep diffs stable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)



def dialect_insert(model):
    """Return an INSERT into `model` for the session's database: both kinds we run on support
    ON CONFLICT DO NOTHING, through their own dialect's construct."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


def wants_json() -> bool:
    """Whether a script sent the request (fetch with `Accept: application/json`, or
    `X-Requested-With`), so that it must be answered in JSON, never with a page."""
    return (request.accept_mimetypes.best_match(["text/html", "application/json"])
            == "application/json" or "X-Requested-With" in request.headers)


def logged_out_answer() -> tuple[dict, int]:
    """Return the 401 JSON telling a script that the user is no longer logged in, with the
    login link leading back to the page the script runs on."""
    page = urlsplit(request.referrer or "")
    back = page.path + (f"?{page.query}" if page.query else "") \
        if page.netloc == request.host else None
    return {"error": "login", "login_url": url_for("auth.login", next=back),
            "message": _("You were logged out: log in again (in a new tab) to save.")}, 401


class SiteLoginManager(LoginManager):
    """Flask-Login's manager; a script's request for a page that needs a login is answered
    with JSON (`logged_out_answer`) instead of a redirect to the login page."""

    def unauthorized(self):
        """Answer a request that needs a login: 401 JSON to scripts, else the login page."""
        if wants_json():
            return logged_out_answer()
        return super().unauthorized()


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = SiteLoginManager()
csrf = CSRFProtect()
mail = Mail()
bootstrap = Bootstrap5()
talisman = Talisman()
limiter = Limiter(key_func=get_remote_address)


def submitted_email() -> str:
    """Rate-limit key for the account named in the posted form (case-insensitive)."""
    return "account:" + (request.form.get("email") or "").strip().lower()


def submitted_email_and_address() -> str:
    """Rate-limit key for the account named in the posted form, from this client address."""
    return f"{submitted_email()}|address:{get_remote_address()}"


def account_key(user_id: int) -> str:
    """Rate-limit key of an account: the same from its pages and from each of its API tokens."""
    return f"user:{user_id}"


def export_limit(key_func):
    """Decorate a download view with EXPORT_LIMIT: one budget per account, shared by every
    download route of the pages and of the API (many tokens must not multiply it)."""
    return limiter.shared_limit(lambda: current_app.config["EXPORT_LIMIT"], scope="export",
                                key_func=key_func, override_defaults=False)


def logged_in_account() -> str:
    """Rate-limit key for the logged-in user, so a budget holds across addresses."""
    return account_key(current_user.id)


@event.listens_for(Engine, "connect")
def _enable_sqlite_foreign_keys(dbapi_connection, connection_record):
    """SQLite ignores ON DELETE CASCADE unless foreign keys are switched on per connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
