"""The main navigation, showing only the areas this app already has."""
from flask import current_app
from flask_babel import lazy_gettext as _l

# (label, endpoint) in menu order; an entry appears once its blueprint is registered.
MAIN_MENU = (
    (_l("Dashboard"), "dashboard.index"),
    (_l("My resumes"), "resumes.manage"),
    (_l("Applications"), "applications.index"),
    (_l("Search"), "search.index"),
    (_l("Templates"), "designs.gallery"),
    (_l("Webhooks"), "webhooks.index"),
    (_l("Account"), "auth.account"),
)


def main_menu() -> list[tuple[str, str]]:
    """Return the (label, endpoint) pairs of the menu entries that exist in this app."""
    return [(label, endpoint) for label, endpoint in MAIN_MENU
            if endpoint in current_app.view_functions]
