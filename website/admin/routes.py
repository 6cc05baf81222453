"""The admin statistics page; only users flagged admin may see it."""
from flask import Blueprint, abort, render_template
from flask_login import login_required

from website.auth import logged_in_user
from website.services.statistics import admin_stats, charts

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/stats")
@login_required
def stats():
    """Show users, resumes, exports, designs, delivery rates and export times site-wide."""
    if not logged_in_user().is_admin:
        abort(403)
    figures = admin_stats.get_admin_stats()
    return render_template(
        "admin/stats.html", stats=figures,
        growth_chart=charts.line_chart(figures.growth.days, figures.growth.series),
        export_chart=charts.line_chart(figures.exports.days, figures.exports.series),
        design_chart=charts.bar_chart(figures.designs))
