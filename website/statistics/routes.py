"""The statistics page of one resume."""
from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from website.auth import logged_in_user
from website.services import designs, resumes
from website.services.statistics import charts, resume_stats

bp = Blueprint("statistics", __name__, url_prefix="/resume/stats")


@bp.get("/<int:resume_id>")
@login_required
def resume(resume_id: int):
    """Show downloads, views, completion, a daily chart (?days=30 or 90) and match scores."""
    item = resumes.get_owned(resume_id, logged_in_user())
    days = request.args.get("days", type=int)
    if days not in resume_stats.CHART_WINDOWS:
        days = resume_stats.CHART_WINDOWS[0]
    stats = resume_stats.get_resume_stats(item, days)
    return render_template(
        "statistics/resume.html", stats=stats, days=days, windows=resume_stats.CHART_WINDOWS,
        design_names=designs.names(),
        daily_chart=charts.line_chart(stats.daily.days, stats.daily.labelled()),
        match_chart=charts.line_chart([m.created_at.date() for m in stats.matches],
                                      {_("Score"): [m.score for m in stats.matches]}, top=100))
