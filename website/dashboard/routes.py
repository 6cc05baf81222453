"""Dashboard views: thin wrappers around `website.services.statistics`."""
from flask import (
    Blueprint,
    Response,
    render_template,
    request,
    stream_with_context,
)
from flask_babel import gettext as _
from flask_login import login_required

from website.auth import logged_in_user
from website.models import utcnow
from website.services import designs
from website.services.statistics import applications, charts, csv_export, user_stats

bp = Blueprint("dashboard", __name__)


def application_section(stats: applications.ApplicationStats) -> dict:
    """Return what the dashboard's applications section shows: the figures and their charts."""
    def rate_chart(rates):
        return charts.bar_chart([(rate.label, rate.percent) for rate in rates], top=100,
                                unit="%")

    return {
        "application_stats": stats,
        "steps_chart": charts.funnel_chart([(step.label, step.count, step.percent)
                                             for step in stats.funnel]),
        "resume_rate_chart": rate_chart(stats.by_resume),
        "design_rate_chart": rate_chart(stats.by_design),
    }


@bp.get("/dashboard")
@login_required
def index():
    """Show the user's totals, a sortable table of resumes, charts of their activity and
    their applications' funnel and response rates."""
    sort = request.args.get("sort", user_stats.DEFAULT_SORT)
    if sort not in user_stats.SORTS:
        sort = user_stats.DEFAULT_SORT
    order = request.args.get("order")
    if order not in ("asc", "desc"):
        order = user_stats.SORTS[sort]
    stats = user_stats.get_user_stats(logged_in_user())
    titles = {row.id: row.title for row in stats.rows}
    return render_template(
        "dashboard/index.html", stats=stats, sort=sort, order=order, titles=titles,
        design_names=designs.names(),
        rows=user_stats.sort_rows(stats.rows, sort, order),
        activity_chart=charts.line_chart(stats.activity.days, stats.activity.labelled()),
        design_chart=charts.bar_chart(stats.designs),
        match_chart=charts.line_chart([m.created_at.date() for m in stats.match_trend],
                                      {_("Score"): [m.score for m in stats.match_trend]}, top=100),
        keyword_chart=charts.bar_chart(stats.missing_keywords),
        **application_section(applications.get_application_stats(logged_in_user())))


@bp.get("/dashboard/events.csv")
@login_required
def events_csv():
    """Download every event of the user's resumes as a CSV file."""
    name = f"resume-events-{utcnow():%Y-%m-%d}.csv"
    lines = stream_with_context(csv_export.event_lines(logged_in_user()))
    return Response(lines, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})
