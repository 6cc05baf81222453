"""What happened to a resume or a job application, announced inside the transaction that
made it happen.

Services call `publish` before they commit; subscribers (analytics, webhooks) add their rows to
the same session, so an event is stored exactly when the change it reports is.
"""
from dataclasses import dataclass, field

from blinker import Namespace

# The event types integrators and the statistics see; webhooks offer them by these names.
RESUME_CREATED = "resume.created"
RESUME_UPDATED = "resume.updated"
RESUME_DELETED = "resume.deleted"
RESUME_RESTORED = "resume.restored"
RESUME_EXPORTED = "resume.exported"
RESUME_VIEWED = "resume.viewed"
RESUME_SHARE_VIEWED = "resume.share_viewed"
VERSION_RESTORED = "version.restored"
ANALYSIS_COMPLETED = "analysis.completed"
GENERATION_COMPLETED = "generation.completed"
APPLICATION_CREATED = "application.created"
APPLICATION_STATUS_CHANGED = "application.status_changed"
APPLICATION_VIEWED = "application.viewed"

_signals = Namespace()
resume_event = _signals.signal("resume-event")
application_event = _signals.signal("application-event")


@dataclass(frozen=True)
class ResumeEvent:
    """One thing that happened to `resume`; `details` holds plain JSON values only."""

    type: str
    resume: object  # a Resume; typed loosely so this module imports no models
    details: dict = field(default_factory=dict)


def publish(event_type: str, resume, **details) -> None:
    """Tell every subscriber that `event_type` happened to `resume`, before the caller commits."""
    resume_event.send(ResumeEvent(event_type, resume, details))


@dataclass(frozen=True)
class ApplicationEvent:
    """One thing that happened to `application` (a job application); `details` as above."""

    type: str
    application: object  # an Application
    details: dict = field(default_factory=dict)


def publish_application(event_type: str, application, **details) -> None:
    """Tell every subscriber that `event_type` happened to `application`, before the commit."""
    application_event.send(ApplicationEvent(event_type, application, details))
