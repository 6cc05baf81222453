"""The main navigation, showing only the areas this app already has."""
from flask import current_app

# (label, endpoint) in menu order; an entry appears once its blueprint is registered.
MAIN_MENU = (
    ("Dashboard", "dashboard.index"),
    ("My resumes", "resumes.manage"),
    ("Applications", "applications.index"),
    ("Search", "search.index"),
    ("Templates", "templates.gallery"),
    ("Webhooks", "webhooks.index"),
    ("Account", "auth.account"),
)


def main_menu() -> list[tuple[str, str]]:
    """Return the (label, endpoint) pairs of the menu entries that exist in this app."""
    return [(label, endpoint) for label, endpoint in MAIN_MENU
            if endpoint in current_app.view_functions]
