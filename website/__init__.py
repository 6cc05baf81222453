"""Resume Builder: the application factory."""
from collections.abc import Mapping
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from website import models  # noqa: F401  (registers every model with the metadata)
from website.admin.commands import users_cli
from website.admin.routes import bp as admin_bp
from website.api import init_api
from website.api_docs.routes import bp as api_docs_bp
from website.application_links.routes import bp as application_links_bp
from website.applications.routes import bp as applications_bp
from website.auth.routes import bp as auth_bp
from website.config import build_config
from website.cover_letters.public import bp as public_letters_bp
from website.cover_letters.routes import bp as cover_letters_bp
from website.dashboard.routes import bp as dashboard_bp
from website.designs.routes import bp as designs_bp
from website.editor.routes import bp as editor_bp
from website.errors import register_error_handlers
from website.export.routes import bp as export_bp
from website.extensions import bootstrap, csrf, db, limiter, login_manager, migrate, talisman
from website.health.routes import bp as health_bp
from website.i18n import init_i18n
from website.matching.routes import bp as matching_bp
from website.models.base import include_in_autogenerate, render_migration_type
from website.navigation import main_menu
from website.notifications.routes import bp as notifications_bp
from website.observability import configure_logging
from website.pages.routes import bp as pages_bp
from website.public_urls import PublicUrlFlask
from website.resume_translations.routes import bp as resume_translations_bp
from website.resumes import display
from website.resumes.imports import bp as imports_bp
from website.resumes.routes import bp as resumes_bp
from website.routing import CONVERTERS
from website.search.routes import bp as search_bp
from website.services import account_requests, outbox
from website.services import webhooks as webhook_events  # website.webhooks is the blueprint
from website.services.accounts import load_session_user
from website.services.email_service import init_email
from website.services.export import ahead as render_ahead
from website.services.statistics import recording
from website.services.webhooks.delivery import init_webhooks
from website.sharing.routes import bp as sharing_bp
from website.statistics.routes import bp as statistics_bp
from website.variants.routes import bp as variants_bp
from website.versions import times
from website.versions.routes import bp as versions_bp
from website.webhooks.routes import bp as webhooks_bp

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "img-src": ["'self'", "data:"],  # Bootstrap draws some icons as data: SVG
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def create_app(config: Mapping | None = None) -> Flask:
    """Create and configure the app; `config` overrides what the environment says."""
    app = PublicUrlFlask(__name__, instance_relative_config=True)
    app.url_map.converters.update(CONVERTERS)
    app.config.from_mapping(build_config(Path(app.instance_path), config))
    configure_logging(app)
    if app.config["APP_ENV"] == "production" and \
            app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.logger.warning("Production is using SQLite: on Heroku the dyno's disk is wiped on "
                           "every restart. Set DATABASE_URL (add Heroku Postgres).")
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        # Only the client address and scheme: a forwarded Host could point emailed links
        # (password resets) at another site, and Heroku's router sets Host itself.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
    init_extensions(app)
    subscribe_to_events()
    register_blueprints(app)
    register_template_filters(app)
    register_error_handlers(app)
    app.context_processor(lambda: {"main_menu": main_menu})
    return app


def init_extensions(app: Flask) -> None:
    """Bind every extension singleton to `app`."""
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True,
                     render_item=render_migration_type, include_object=include_in_autogenerate)
    csrf.init_app(app)
    outbox.init_app(app)
    # Answered before email in each pass of a sender, so the email an answer queues goes too.
    account_requests.init_app(app)
    init_email(app)
    init_webhooks(app)
    render_ahead.init_app(app)
    bootstrap.init_app(app)
    init_i18n(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see that page.")
    login_manager.localize_callback = str  # said in the language of the request that needs it
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_session_user)
    # Logins are server-side sessions, revoked on the account page, and nothing asks for a
    # "fresh" login; Flask-Login's basic protection would only write `_fresh` into an anonymous
    # visitor's cookie, and a script's 401 carrying that write could overwrite the login that
    # another tab has just made.
    login_manager.session_protection = None
    production = app.config["APP_ENV"] == "production"
    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=production,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        session_cookie_samesite="Lax",
    )


def subscribe_to_events() -> None:
    """Have the statistics and the webhooks hear what services announce before they commit."""
    recording.subscribe()
    webhook_events.subscribe()


def register_blueprints(app: Flask) -> None:
    """Attach every area of the app."""
    for blueprint in (pages_bp, auth_bp, health_bp, resumes_bp, imports_bp, editor_bp,
                      versions_bp, notifications_bp, export_bp, designs_bp, webhooks_bp,
                      matching_bp, search_bp, sharing_bp, dashboard_bp, statistics_bp, admin_bp,
                      api_docs_bp, variants_bp, cover_letters_bp, public_letters_bp,
                      application_links_bp, applications_bp, resume_translations_bp):
        app.register_blueprint(blueprint)
    init_api(app)
    app.cli.add_command(users_cli)


def register_template_filters(app: Flask) -> None:
    """Give every template the filters that write times for the reader."""
    app.add_template_filter(display.relative_time, "relative_time")
    app.add_template_filter(display.exact_utc, "exact_utc")
    app.add_template_filter(times.saved_ago, "saved_ago")
    app.add_template_filter(times.saved_at, "saved_at")

