"""REST API v1: token-authenticated JSON over the same services as the pages."""
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from website.api import (
    analytics,
    application_links,
    applications,
    cover_letters,
    export,
    matching,
    resumes,
    templates,
    translations,
    variants,
    versions,
    webhooks,
)
from website.api.problems import API_PREFIX
from website.api.spec import make_api

# In the order the documentation shows them.
BLUEPRINTS = (resumes.blp, versions.blp, translations.blp, export.blp, templates.blp,
              matching.blp, variants.blp, analytics.blp, applications.blp, application_links.blp,
              cover_letters.blp, webhooks.blp)


class NoSessionForApi(SecureCookieSessionInterface):
    """Gives API requests no session at all, so a browser's cookie can never act for them."""

    def open_session(self, app, request):
        if request.path.startswith(API_PREFIX):
            return None  # Flask then uses a null session, which reads empty and saves nothing
        return super().open_session(app, request)


def init_api(app: Flask) -> None:
    """Serve the API and its OpenAPI document (/api/v1/openapi.json) from `app`."""
    app.session_interface = NoSessionForApi()
    api = make_api(app)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
