"""The landing page and where `/` sends a logged-in user."""
from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user

bp = Blueprint("pages", __name__)

# Where a logged-in user starts, best first; areas join as their blueprints land.
HOME_ENDPOINTS = ("dashboard.index", "resumes.manage", "auth.account")


def home_url() -> str:
    """Return the URL of the first start page this app has for a logged-in user."""
    endpoint = next(e for e in HOME_ENDPOINTS if e in current_app.view_functions)
    return url_for(endpoint)


@bp.get("/")
def index():
    """Show the landing page, or send a logged-in user to their home page."""
    if current_user.is_authenticated:
        return redirect(home_url())
    return render_template("pages/landing.html")
