"""Settings read from the environment when the app is created, never at import."""
import os
import secrets
import time
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

ENVIRONMENTS = ("development", "testing", "production")
# Relative, so Flask-SQLAlchemy puts the file in instance/.
DEFAULT_SQLITE_URL = "sqlite:///resume_builder.db"


class ConfigurationError(RuntimeError):
    """Raised when the environment cannot produce a safe configuration."""


def normalize_database_url(url: str) -> str:
    """Return `url` with Heroku's and plain PostgreSQL schemes pinned to psycopg2."""
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg2://" + url[len(scheme):]
    return url


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _seconds(value: str | None, default: tuple[float, ...]) -> tuple[float, ...]:
    """Parse "60,300,1800" into seconds; empty means `default`."""
    if value is None or value.strip() == "":
        return default
    return tuple(float(part) for part in value.split(","))


def _public_base_url(value: str | None, production: bool) -> str:
    """Return the site's public address without a trailing slash, refusing a missing or odd one."""
    url = (value or "").strip().rstrip("/")
    if not url:
        if production:
            raise ConfigurationError(
                "PUBLIC_BASE_URL is not set. In production every link in emails, webhook "
                "payloads and API answers starts with it, and only its host is served: set it "
                "to the site's address, e.g. `heroku config:set "
                "PUBLIC_BASE_URL=https://your-app-name.herokuapp.com`.")
        return "http://localhost:5000"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query \
            or parts.fragment:
        raise ConfigurationError(
            f"PUBLIC_BASE_URL must be an http(s) address such as https://example.com; got {url!r}.")
    return url


def _trusted_hosts(value: str | None, public_base_url: str, production: bool) -> list | None:
    """Hosts a request may name: TRUSTED_HOSTS if set, else PUBLIC_BASE_URL's in production."""
    if value and value.strip():
        return [host.strip() for host in value.split(",") if host.strip()]
    return [urlsplit(public_base_url).hostname] if production else None


def _development_secret_key(instance_path: Path) -> str:
    """Keep one random key per checkout so dev sessions survive restarts."""
    key_file = instance_path / ".secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def build_config(instance_path: Path, overrides: Mapping | None = None,
                 environ: Mapping[str, str] | None = None) -> dict:
    """Return the Flask settings for this process, raising ConfigurationError if unsafe."""
    env = dict(os.environ if environ is None else environ)
    env.update({k: v for k, v in (overrides or {}).items() if isinstance(v, str)})
    app_env = (env.get("APP_ENV") or env.get("FLASK_ENV") or "production").strip().lower()
    if app_env not in ENVIRONMENTS:
        raise ConfigurationError(
            f"APP_ENV must be one of {', '.join(ENVIRONMENTS)}; got {app_env!r}.")
    production = app_env == "production"

    secret_key = env.get("SECRET_KEY", "").strip()
    if not secret_key:
        if production:
            raise ConfigurationError(
                "SECRET_KEY is not set. In production the app refuses to start without it: "
                "set SECRET_KEY to a long random value (e.g. `python -c \"import secrets; "
                "print(secrets.token_hex(32))\"`), on Heroku with "
                "`heroku config:set SECRET_KEY=...`.")
        secret_key = _development_secret_key(instance_path) if app_env == "development" \
            else secrets.token_hex(32)

    public_base_url = _public_base_url(env.get("PUBLIC_BASE_URL"), production)
    mail_server = env.get("MAIL_SERVER", "").strip() or None
    mail_port = int((overrides or {}).get("MAIL_PORT") or env.get("MAIL_PORT") or 587)
    redis_url = env.get("REDIS_URL", "").strip() or None
    config = {
        "APP_ENV": app_env,
        "DEBUG": app_env == "development",
        "TESTING": app_env == "testing",
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": normalize_database_url(
            env.get("DATABASE_URL", "").strip() or DEFAULT_SQLITE_URL),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        # Cookies: unreadable from JavaScript, not sent cross-site, HTTPS-only in production.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": timedelta(days=30),
        "PERMANENT_SESSION_LIFETIME": timedelta(days=14),
        "FORCE_HTTPS": _flag(env.get("FORCE_HTTPS"), production),
        # Heroku's router is one proxy in front of us; locally nothing is, so trust no header.
        "PROXY_COUNT": int(env.get("PROXY_COUNT") or (1 if production else 0)),
        "WTF_CSRF_TIME_LIMIT": 3600,
        "RATELIMIT_ENABLED": _flag(env.get("RATELIMIT_ENABLED"), True),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # Heroku Key-Value Store speaks TLS with a self-signed certificate.
        "RATELIMIT_STORAGE_OPTIONS": ({"ssl_cert_reqs": "none"}
                                      if redis_url and redis_url.startswith("rediss://") else {}),
        # If Redis is down, limit in memory rather than failing every login.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_HEADER_RETRY_AFTER_VALUE": "delta-seconds",
        # Failed logins: per account from one address, per address, and per account from
        # browsers that never signed in to it (website/auth/known_devices.py).
        "LOGIN_LIMIT_PER_ACCOUNT_AND_IP": (env.get("LOGIN_LIMIT_PER_ACCOUNT_AND_IP")
                                           or "5 per 15 minutes"),
        "LOGIN_LIMIT_PER_IP": env.get("LOGIN_LIMIT_PER_IP") or "20 per 15 minutes",
        "LOGIN_LIMIT_PER_ACCOUNT": env.get("LOGIN_LIMIT_PER_ACCOUNT") or "30 per 15 minutes",
        "RESET_LIMIT": env.get("RESET_LIMIT") or "5 per hour",
        "SIGNUP_LIMIT": env.get("SIGNUP_LIMIT") or "10 per hour",
        # Per account: downloads from the pages and exports through any of its API tokens.
        "EXPORT_LIMIT": env.get("EXPORT_LIMIT") or "10 per minute",
        # Per account: each photo is decoded (CPU and memory), each import makes a resume.
        "PHOTO_UPLOAD_LIMIT": env.get("PHOTO_UPLOAD_LIMIT") or "10 per minute",
        "IMPORT_LIMIT": env.get("IMPORT_LIMIT") or "5 per minute",
        # Per account: every API call, through any of its tokens.
        "API_RATE_LIMIT": env.get("API_RATE_LIMIT") or "60 per minute",
        # The OpenAPI document flask-smorest generates from the API's views.
        "API_TITLE": "Resume Builder API",
        "API_VERSION": "1.0.0",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        # Webhook test events and redeliveries, per account.
        "WEBHOOK_SEND_LIMIT": env.get("WEBHOOK_SEND_LIMIT") or "30 per minute",
        # Per account: resumes kept (the trash included) and bytes stored by their versions
        # and photos (website/services/quotas.py).
        "RESUME_QUOTA": int(env.get("RESUME_QUOTA") or 50),
        "STORAGE_QUOTA_BYTES": int(float(env.get("STORAGE_QUOTA_MB") or 10) * 2**20),
        "PASSWORD_RESET_MAX_AGE": 3600,
        # How long the link that confirms a new email address works, in seconds.
        "EMAIL_CHANGE_MAX_AGE": int(env.get("EMAIL_CHANGE_MAX_AGE") or 24 * 3600),
        # Requests to change the email address, per account (each sends an email).
        "EMAIL_CHANGE_LIMIT": env.get("EMAIL_CHANGE_LIMIT") or "5 per hour",
        # Wrong two-factor codes (or passwords where a code may stand in), per account.
        "TWO_FACTOR_LIMIT": env.get("TWO_FACTOR_LIMIT") or "10 per 15 minutes",
        # Seconds between the password and the code at login before one has to start over.
        "TWO_FACTOR_LOGIN_SECONDS": int(env.get("TWO_FACTOR_LOGIN_SECONDS") or 300),
        # Seconds since the epoch; tests put a clock they can move forward here.
        "CLOCK": time.time,
        "SIGNUP_LINK_MAX_AGE": 24 * 3600,
        "BOOTSTRAP_SERVE_LOCAL": True,
        "MAIL_SERVER": mail_server,
        "MAIL_PORT": mail_port,
        "MAIL_USE_TLS": _flag(env.get("MAIL_USE_TLS"), mail_port == 587),  # 587 is STARTTLS
        "MAIL_USE_SSL": _flag(env.get("MAIL_USE_SSL"), False),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": (env.get("MAIL_DEFAULT_SENDER")
                                or "Resume Builder <no-reply@localhost>"),
        "MAIL_SUPPRESS_SEND": False,
        # A hung SMTP server must not hold a sender forever (smtplib waits without limit).
        "MAIL_TIMEOUT": float(env.get("MAIL_TIMEOUT") or 10),
        # Queued email and other outbox jobs (website/services/outbox.py). A sender thread in
        # each web process suits one dyno; a worker dyno runs `flask --app main worker`.
        "OUTBOX_THREAD": _flag(env.get("OUTBOX_THREAD"), app_env != "testing"),
        # Wait before the 2nd, 3rd and 4th attempt; after the last one a job has failed.
        "OUTBOX_RETRY_DELAYS": _seconds(env.get("OUTBOX_RETRY_DELAYS"), (60, 300, 1800)),
        # A claimed job is another sender's to retry if not finished by then (a crash mid-send).
        # Senders start no job after half of it, and one email takes at most ~7 MAIL_TIMEOUTs.
        "OUTBOX_LEASE_SECONDS": 300,
        "OUTBOX_BATCH_SIZE": 50,
        # How often an idle sender looks for due jobs (retries falling due, say). A commit that
        # queues a job wakes the senders at once: on PostgreSQL in every process (LISTEN/NOTIFY),
        # on SQLite only in the committing process.
        "OUTBOX_POLL_SECONDS": 1.0,
        # After each save the worker renders the resume's PDF, Word file and picture into the
        # shared store (website/services/export/ahead.py), so downloads find them ready.
        "RENDER_AHEAD": _flag(env.get("RENDER_AHEAD"), True),
        # Seconds an autosave's rendering waits for the typing to pause (each autosave moves it).
        "RENDER_AHEAD_AUTOSAVE_DELAY": 5.0,
        # While passes fail (the database is down), the pause between them doubles up to this.
        "OUTBOX_BACKOFF_MAX_SECONDS": float(env.get("OUTBOX_BACKOFF_MAX_SECONDS") or 30),
        # Every absolute link (emails, webhook payloads, API answers, share links) starts with
        # PUBLIC_BASE_URL, never with the Host a request names (website/public_urls.py).
        "PUBLIC_BASE_URL": public_base_url,
        # A request naming another Host is refused with 400 (None: any host, outside production).
        "TRUSTED_HOSTS": _trusted_hosts(env.get("TRUSTED_HOSTS"), public_base_url, production),
        # Webhooks (website/services/webhooks/delivery.py).
        "WEBHOOKS_HTTPS_ONLY": _flag(env.get("WEBHOOKS_HTTPS_ONLY"), production),
        # Receivers on 127.0.0.1/::1 are refused unless this is on (development and tests).
        "WEBHOOKS_ALLOW_LOOPBACK": _flag(env.get("WEBHOOKS_ALLOW_LOOPBACK"), not production),
        "WEBHOOK_TIMEOUT": float(env.get("WEBHOOK_TIMEOUT") or 10),
        # Wait before the 2nd, 3rd and 4th attempt; a Retry-After answer replaces the wait,
        # up to WEBHOOK_RETRY_AFTER_MAX.
        "WEBHOOK_RETRY_DELAYS": _seconds(env.get("WEBHOOK_RETRY_DELAYS"), (1, 5, 15)),
        "WEBHOOK_RETRY_AFTER_MAX": 60.0,
        # Deliveries failing for good in a row before the endpoint is turned off.
        "WEBHOOK_MAX_FAILURES": 10,
        # Deliveries each sender makes at once (threads); one endpoint gets at most half.
        "WEBHOOK_CONCURRENCY": int(env.get("WEBHOOK_CONCURRENCY") or 8),
    }
    config.update(overrides or {})
    return config
