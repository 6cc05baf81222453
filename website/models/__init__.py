"""All models, imported here so Alembic and the app see the whole schema."""
from website.models.base import TimestampMixin, UTCDateTime, utcnow
from website.models.notification import EmailNotification, EmailOptOut
from website.models.resume import Resume, ResumePhoto, ResumeVersion
from website.models.user import User

__all__ = ["EmailNotification", "EmailOptOut", "Resume", "ResumePhoto", "ResumeVersion",
           "TimestampMixin", "UTCDateTime", "User", "utcnow"]
