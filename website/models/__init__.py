"""All models, imported here so Alembic and the app see the whole schema."""
from website.models.base import TimestampMixin, UTCDateTime, utcnow
from website.models.user import User

__all__ = ["TimestampMixin", "UTCDateTime", "User", "utcnow"]
