"""/api/v1/analytics: the figures of the dashboard and the admin statistics page, read-only."""
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from website.api import pagination
from website.api.auth import token_user
from website.api.blueprint import api_blueprint
from website.api.problems import Problem
from website.services import designs, matching
from website.services.statistics import (
    admin_stats,
    applications,
    recording,
    resume_stats,
    series,
    user_stats,
)

blp = api_blueprint("Analytics", "/analytics",
                    "Statistics: your resumes' downloads, views and matches; site figures "
                    "for admins.")

# Every action the statistics count, under its own name (the pages merge some of them).
ACTIONS = {action: action for action in recording.ACTIONS.values()}


def daily(days: series.DailySeries) -> list[dict]:
    """Return a daily series as one {date, counts} entry per day, oldest first."""
    return [{"date": day, "counts": {name: values[index]
                                     for name, values in days.series.items()}}
            for index, day in enumerate(days.days)]


class DaySchema(Schema):
    """What happened on one UTC day."""

    date = fields.Date(metadata={"description": "The UTC day, ISO 8601.",
                                 "example": "2026-11-22"})
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={
        "description": "How many of each kind.", "example": {"Views": 4, "Downloads": 2}})


FORMAT_COUNTS = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={
    "description": "Downloads per export format.",
    "example": {"pdf": 3, "docx": 1, "txt": 0, "json": 0}})


class ResumeFiguresSchema(Schema):
    """One resume's figures, as the dashboard's table shows them."""

    id = fields.Integer(metadata={"description": "The resume's id.", "example": 7})
    title = fields.String(metadata={"description": "The resume's title.",
                                    "example": "Backend roles"})
    template = fields.String(attribute="design_slug", metadata={
        "description": "The slug of its design.", "example": "modern"})
    updated_at = fields.DateTime(metadata={"description": "ISO 8601, UTC."})
    completion_percent = fields.Integer(attribute="completion", metadata={
        "description": "How complete it is, 0-100."})
    downloads = fields.Integer(metadata={"description": "Downloads in any format, all time.",
                                         "example": 4})
    downloads_by_format = fields.Dict(keys=fields.String(), values=fields.Integer(),
                                      metadata=FORMAT_COUNTS.metadata)
    owner_views = fields.Integer(attribute="views", metadata={
        "description": "Times you opened its preview."})
    public_views = fields.Integer(metadata={"description": "Views through share links."})
    best_match_score = fields.Integer(attribute="best_match", allow_none=True, metadata={
        "description": "The best job-match score, 0-100; null before any match."})


class KeywordCountSchema(Schema):
    """A keyword your matches missed, and how often."""

    keyword = fields.String(metadata={"description": "The keyword, as an ad wrote it.",
                                      "example": "Kubernetes"})
    times = fields.Integer(metadata={"description": "In how many matches it was missing.",
                                     "example": 3})


class TotalsSchema(Schema):
    """All-time totals (downloads and views include resumes deleted since)."""

    resumes = fields.Integer(metadata={"description": "Resumes not in the trash."})
    downloads = fields.Integer(metadata={"description": "Downloads in any format.",
                                         "example": 9})
    downloads_by_format = fields.Dict(keys=fields.String(), values=fields.Integer(),
                                      metadata=FORMAT_COUNTS.metadata)
    owner_views = fields.Integer(metadata={"description": "Times you opened a preview.",
                                           "example": 15})
    public_views = fields.Integer(metadata={"description": "Views through share links.",
                                            "example": 6})


class DashboardSchema(Schema):
    """Your dashboard's figures."""

    totals = fields.Nested(TotalsSchema)
    resumes = fields.List(fields.Nested(ResumeFiguresSchema), metadata={
        "description": "Each resume not in the trash, newest change first."})
    activity = fields.List(fields.Nested(DaySchema), metadata={
        "description": f"Your events per day over the last {user_stats.ACTIVITY_DAYS} days: "
                       "Views, Downloads, Edits and Matches."})
    missing_keywords = fields.List(fields.Nested(KeywordCountSchema), metadata={
        "description": f"The {user_stats.TOP_KEYWORDS} keywords your matches missed most."})


class MatchScoreSchema(Schema):
    """One job-match analysis."""

    id = fields.Integer(metadata={"description": "The match's id.", "example": 12})
    resume_id = fields.Integer(metadata={"description": "The resume matched.", "example": 7})
    resume_title = fields.Function(lambda match: match.resume.title,
                                   metadata={"description": "The resume's title now.",
                                             "type": "string"})
    job_title = fields.String(metadata={"description": "The ad's first line."})
    score = fields.Integer(metadata={"description": "0-100.", "example": 67})
    matched_keywords = fields.List(fields.String(), metadata={
        "description": "The ad's keywords the resume had.", "example": ["Python"]})
    missing_keywords = fields.List(fields.String(), metadata={
        "description": "The ad's keywords the resume lacked.", "example": ["Kubernetes"]})
    created_at = fields.DateTime(metadata={"description": "ISO 8601, UTC."})


class UsageArgs(Schema):
    """The window of the usage series."""

    days = fields.Integer(load_default=resume_stats.CHART_WINDOWS[0],
                          validate=validate.OneOf(resume_stats.CHART_WINDOWS), metadata={
                              "description": "How many days back, today included: 30 or 90."})


class UsageSchema(Schema):
    """Your events per day, by action."""

    days = fields.Integer(metadata={"description": "How many days the series covers, today "
                                                   "included.", "example": 30})
    actions = fields.List(fields.String(), metadata={
        "description": "The actions counted: create, update, view, share_view, download, "
                       "match and restore."})
    usage = fields.List(fields.Nested(DaySchema), metadata={
        "description": "One entry per UTC day, oldest first; `counts` has each action."})


class TemplateUseSchema(Schema):
    """How many of your resumes use one design."""

    template = fields.String(metadata={"description": "The design's slug.", "example": "modern"})
    name = fields.String(metadata={"description": "The design's name.", "example": "Modern"})
    resumes = fields.Integer(metadata={"description": "How many of your resumes use it.",
                                       "example": 2})


class DeliveryRateSchema(Schema):
    """Messages of one channel by how they fared."""

    delivered = fields.Integer(metadata={"description": "Messages delivered.", "example": 120})
    failed = fields.Integer(metadata={"description": "Messages given up on.", "example": 3})
    pending = fields.Integer(metadata={"description": "Messages still to be sent or retried.",
                                       "example": 1})
    percent = fields.Float(allow_none=True, metadata={
        "description": "Delivered share of the finished ones; null before any finished."})


class ExportTimesSchema(Schema):
    """Render times of recent downloads."""

    label = fields.String(metadata={"description": "The export format, or All formats.",
                                    "example": "PDF"})
    count = fields.Integer(metadata={"description": "How many downloads were timed.",
                                     "example": 40})
    p50_ms = fields.Integer(attribute="p50", metadata={
        "description": "The median render time, in milliseconds.", "example": 180})
    p95_ms = fields.Integer(attribute="p95", metadata={
        "description": "The 95th percentile of render times, in milliseconds.", "example": 420})


class NamedCountSchema(Schema):
    """A design and how many resumes use it."""

    name = fields.String(metadata={"description": "The design's name.", "example": "Modern"})
    resumes = fields.Integer(metadata={"description": "How many resumes use it.", "example": 57})


class AdminSchema(Schema):
    """Site-wide figures over the last 30 days, as the admin statistics page shows them."""

    users = fields.Integer(metadata={"description": "Registered accounts.", "example": 340})
    resumes = fields.Integer(metadata={"description": "Resumes not in the trash."})
    growth = fields.List(fields.Nested(DaySchema), metadata={
        "description": "New users and new resumes per day."})
    exports = fields.List(fields.Nested(DaySchema), metadata={
        "description": "Downloads per day, by format."})
    templates = fields.List(fields.Nested(NamedCountSchema), metadata={
        "description": "Each design and how many resumes use it."})
    email = fields.Nested(DeliveryRateSchema)
    webhooks = fields.Nested(DeliveryRateSchema)
    export_times = fields.List(fields.Nested(ExportTimesSchema), metadata={
        "description": "Render times of recent downloads, by format."})


class FunnelStepSchema(Schema):
    """How many applications reached one step of the pipeline."""

    status = fields.String(metadata={"description": "The step: applied, interviewing or offer.",
                                     "example": "interviewing"})
    label = fields.String(metadata={"description": "Its name on the pages.",
                                    "example": "Interviewing"})
    applications = fields.Integer(attribute="count", metadata={
        "description": "Applications that reached this step or a later one, even if rejected "
                       "or withdrawn since.", "example": 2})
    percent_of_applied = fields.Integer(attribute="percent", allow_none=True, metadata={
        "description": "Their share of the applications sent, a whole percentage (halves "
                       "rounded up); null while none was sent.", "example": 40})


class ResponseRateSchema(Schema):
    """How often employers answered your applications."""

    applied = fields.Integer(metadata={
        "description": "Applications sent (that reached applied or further).", "example": 3})
    responded = fields.Integer(metadata={
        "description": "Of those, how many an employer answered: an interview, an offer or a "
                       "rejection.", "example": 2})
    percent = fields.Integer(allow_none=True, metadata={
        "description": "responded / applied as a whole percentage (halves rounded up); null "
                       "while none was sent.", "example": 67})


class ResumeRateSchema(ResponseRateSchema):
    """How often employers answered the applications sent with one resume (or variant)."""

    resume_id = fields.Integer(attribute="key", allow_none=True, metadata={
        "description": "The resume sent; null for applications sent without one.",
        "example": 7})
    title = fields.String(attribute="label", metadata={
        "description": "The resume's title now.", "example": "Backend roles"})


class DesignRateSchema(ResponseRateSchema):
    """How often employers answered the applications sent in one design."""

    design = fields.String(attribute="key", allow_none=True, metadata={
        "description": "The slug of the design of the version sent; null for applications "
                       "sent without a resume.", "example": "modern"})
    name = fields.String(attribute="label", metadata={"description": "The design's name.",
                                                      "example": "Modern"})


class ViewedApplicationSchema(Schema):
    """An application whose tracked links were opened."""

    id = fields.Integer(metadata={"description": "The application's id.", "example": 3})
    company = fields.String(metadata={"description": "The employer applied to.",
                                      "example": "Acme"})
    role = fields.String(metadata={"description": "The job applied for.",
                                   "example": "Backend Engineer"})
    views = fields.Integer(metadata={"description": "Opens of all its links, revoked ones "
                                                    "included.", "example": 5})
    last_viewed_at = fields.DateTime(allow_none=True, metadata={
        "description": "The latest open, ISO 8601, UTC."})


class ApplicationFiguresSchema(Schema):
    """Your applications' funnel, response rates and link views."""

    tracked = fields.Integer(metadata={
        "description": "Applications not in the trash, whatever their status.", "example": 6})
    funnel = fields.List(fields.Nested(FunnelStepSchema), metadata={
        "description": "Applied, interviewing and offer, in that order."})
    response_rate = fields.Nested(ResponseRateSchema, attribute="overall")
    by_resume = fields.List(fields.Nested(ResumeRateSchema), metadata={
        "description": "Per resume sent, most applications first; only applications sent "
                       "count."})
    by_design = fields.List(fields.Nested(DesignRateSchema), metadata={
        "description": "Per design of the version sent, most applications first."})
    link_views = fields.Integer(metadata={"description": "Opens of your tracked links, all "
                                                         "applications together.",
                                          "example": 9})
    most_viewed = fields.List(fields.Nested(ViewedApplicationSchema), metadata={
        "description": f"Up to {applications.MOST_VIEWED} applications whose links were "
                       "opened most, most first."})


EXAMPLE_FORMATS = {"pdf": 3, "docx": 1, "txt": 0, "json": 0}
EXAMPLE_DASHBOARD = {
    "totals": {"resumes": 1, "downloads": 4, "downloads_by_format": EXAMPLE_FORMATS,
               "owner_views": 15, "public_views": 6},
    "resumes": [{"id": 7, "title": "Backend roles", "template": "modern",
                 "updated_at": "2026-11-20T17:42:05+00:00", "completion_percent": 41,
                 "downloads": 4, "downloads_by_format": EXAMPLE_FORMATS, "owner_views": 15,
                 "public_views": 6, "best_match_score": 54}],
    "activity": [{"date": "2026-11-21", "counts": {"Views": 2, "Downloads": 1, "Edits": 3,
                                                   "Matches": 1}},
                 {"date": "2026-11-22", "counts": {"Views": 0, "Downloads": 0, "Edits": 0,
                                                   "Matches": 0}}],
    "missing_keywords": [{"keyword": "Kubernetes", "times": 3}, {"keyword": "Docker", "times": 2}],
}
EXAMPLE_MATCH_SCORE = {
    "id": 12, "resume_id": 7, "resume_title": "Backend roles", "job_title": "Backend Engineer",
    "score": 54, "matched_keywords": ["Backend", "APIs", "Python", "Flask", "engineer"],
    "missing_keywords": ["PostgreSQL", "Docker", "Kubernetes", "build", "deployed"],
    "created_at": "2026-11-21T10:03:12+00:00",
}
EXAMPLE_USAGE = {
    "days": 30, "actions": list(ACTIONS),
    "usage": [{"date": "2026-11-21", "counts": {**dict.fromkeys(ACTIONS, 0), "update": 3,
                                                "view": 2, "download": 1, "match": 1}},
              {"date": "2026-11-22", "counts": dict.fromkeys(ACTIONS, 0)}],
}
EXAMPLE_APPLICATIONS = {
    "tracked": 6,
    "funnel": [
        {"status": "applied", "label": "Applied", "applications": 5, "percent_of_applied": 100},
        {"status": "interviewing", "label": "Interviewing", "applications": 2,
         "percent_of_applied": 40},
        {"status": "offer", "label": "Offer", "applications": 1, "percent_of_applied": 20}],
    "response_rate": {"applied": 5, "responded": 3, "percent": 60},
    "by_resume": [{"resume_id": 7, "title": "Backend roles", "applied": 3, "responded": 2,
                   "percent": 67},
                  {"resume_id": 9, "title": "Backend roles (tailored)", "applied": 2,
                   "responded": 1, "percent": 50}],
    "by_design": [{"design": "modern", "name": "Modern", "applied": 3, "responded": 2,
                   "percent": 67},
                  {"design": "classic", "name": "Classic", "applied": 2, "responded": 1,
                   "percent": 50}],
    "link_views": 9,
    "most_viewed": [{"id": 3, "company": "Acme", "role": "Backend Engineer", "views": 5,
                     "last_viewed_at": "2026-11-21T10:03:12+00:00"}],
}
EXAMPLE_ADMIN = {
    "users": 340, "resumes": 512,
    "growth": [{"date": "2026-11-22", "counts": {"New users": 4, "New resumes": 9}}],
    "exports": [{"date": "2026-11-22", "counts": {"PDF": 21, "DOCX": 5, "TXT": 2, "JSON": 1}}],
    "templates": [{"name": "Modern", "resumes": 230}, {"name": "Classic", "resumes": 118}],
    "email": {"delivered": 120, "failed": 3, "pending": 1, "percent": 97.6},
    "webhooks": {"delivered": 88, "failed": 0, "pending": 2, "percent": 100.0},
    "export_times": [{"label": "All formats", "count": 29, "p50_ms": 160, "p95_ms": 410},
                     {"label": "PDF", "count": 21, "p50_ms": 180, "p95_ms": 420}],
}


@blp.route("/dashboard")
class Dashboard(MethodView):
    """The user's dashboard figures: totals, each resume's figures and daily activity."""
    @blp.response(200, DashboardSchema, example=EXAMPLE_DASHBOARD)
    def get(self):
        """Your totals, each resume's figures and your daily activity

        The same figures as the dashboard page.
        """
        stats = user_stats.get_user_stats(token_user())
        return {
            "totals": {"resumes": len(stats.rows), "downloads": stats.downloads,
                       "downloads_by_format": stats.downloads_by_format,
                       "owner_views": stats.views, "public_views": stats.public_views},
            "resumes": user_stats.sort_rows(stats.rows, user_stats.DEFAULT_SORT,
                                            user_stats.SORTS[user_stats.DEFAULT_SORT]),
            "activity": daily(stats.activity),
            "missing_keywords": [{"keyword": word, "times": times}
                                 for word, times in stats.missing_keywords],
        }


@blp.route("/match-scores")
class MatchScores(MethodView):
    """The user's job-match history, newest first."""
    @blp.arguments(pagination.PageArgs, location="query")
    @blp.response(200, MatchScoreSchema(many=True), headers=pagination.HEADERS,
                  example=[EXAMPLE_MATCH_SCORE])
    def get(self, page_args):
        """Your job-match history, newest first

        Every job ad you matched against any of your resumes, as the match history page lists
        them.
        """
        page = matching.user_history(token_user(), page_args["page"], page_args["per_page"])
        return page.items, pagination.headers(page)


@blp.route("/usage")
class Usage(MethodView):
    """The user's events per day by action."""
    @blp.arguments(UsageArgs, location="query")
    @blp.response(200, UsageSchema, example=EXAMPLE_USAGE)
    def get(self, args):
        """Your events per day by action, over the last 30 or 90 days

        One entry per UTC day, oldest first, today included; a day without events has zeros.
        """
        activity = user_stats.daily_activity(token_user(), args["days"], ACTIONS)
        return {"days": args["days"], "actions": list(ACTIONS), "usage": daily(activity)}


@blp.route("/templates")
class TemplateUse(MethodView):
    """How many of the user's resumes use each design."""
    @blp.response(200, TemplateUseSchema(many=True), example=[
        {"template": "modern", "name": "Modern", "resumes": 2},
        {"template": "classic", "name": "Classic", "resumes": 1}])
    def get(self):
        """How many of your resumes use each design, most used first

        Only designs at least one resume (not in the trash) uses are listed.
        """
        names = designs.names()
        used = user_stats.designs_used(user_stats.resume_rows(token_user()))
        return [{"template": slug, "name": names.get(slug, slug), "resumes": count}
                for slug, count in used]


@blp.route("/applications")
class ApplicationFigures(MethodView):
    """The user's application funnel and response rates."""
    @blp.response(200, ApplicationFiguresSchema, example=EXAMPLE_APPLICATIONS)
    def get(self):
        """Your applications: the funnel, response rates and link views

        The same figures as the dashboard's applications section. An application counts at the
        furthest step it reached; applications in the trash are left out.
        """
        return applications.get_application_stats(token_user())


@blp.route("/admin")
class Admin(MethodView):
    """Site-wide figures, for admins only."""
    @blp.response(200, AdminSchema, example=EXAMPLE_ADMIN)
    @blp.alt_response(403, response="403")
    def get(self):
        """Site-wide figures, for admins only

        The same figures as the admin statistics page; anyone else gets a 403 problem.
        """
        if not token_user().is_admin:
            raise Problem(403, "Only administrators may see the site-wide figures.")
        stats = admin_stats.get_admin_stats()
        return {"users": stats.users, "resumes": stats.resumes,
                "growth": daily(stats.growth), "exports": daily(stats.exports),
                "templates": [{"name": name, "resumes": count}
                              for name, count in stats.designs],
                "email": stats.email, "webhooks": stats.webhooks,
                "export_times": stats.export_times}
