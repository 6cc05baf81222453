"""`/healthz`: is the app up and can it reach its database?"""
import logging

from flask import Blueprint, jsonify
from sqlalchemy import text

from website.extensions import db, limiter

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """Answer 200 when the database answers, 503 when it cannot be reached."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure to reach the database means "unhealthy", not a 500 page
        log.exception("Health check could not reach the database")
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
