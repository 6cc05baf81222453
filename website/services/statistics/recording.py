"""Analytics: events recorded in the transaction of the action they count."""
from website.extensions import db
from website.models import Resume, ResumeAnalytic
from website.services import events

# Which announced events count, and under which action the statistics show them.
ACTIONS = {
    events.RESUME_CREATED: "create",
    events.GENERATION_COMPLETED: "create",
    events.RESUME_UPDATED: "update",
    events.RESUME_VIEWED: "view",
    events.RESUME_SHARE_VIEWED: "share_view",
    events.RESUME_EXPORTED: "download",
    events.ANALYSIS_COMPLETED: "match",
    events.VERSION_RESTORED: "restore",
}


def track_event(resume: Resume, action: str, details: dict | None = None) -> ResumeAnalytic:
    """Add an event row for `resume` to the session; the caller's commit stores it."""
    event = ResumeAnalytic(resume=resume, action=action, details=details or {})
    if resume.user_id is not None:
        event.user_id = resume.user_id
    else:  # a resume created in this transaction has no ids yet
        event.user = resume.owner
    db.session.add(event)
    return event


def subscribe() -> None:
    """Count every resume event announced from now on (create_app calls this)."""
    events.resume_event.connect(_record)


def _record(event: events.ResumeEvent) -> None:
    action = ACTIONS.get(event.type)
    # An autosave that only extends the version it replaced is the same edit, counted once.
    if action is not None and "replaced_version" not in event.details:
        track_event(event.resume, action, event.details)
