"""Column types and the timestamp mixin shared by every model."""
from datetime import UTC, datetime

from flask import current_app, has_app_context
from sqlalchemy import DateTime
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# The largest value of an Integer column on PostgreSQL (ids, version numbers); SQLite cannot
# even look up numbers past 2**63 - 1, so larger ones must never reach a query.
MAX_ROW_ID = 2**31 - 1


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def app_now() -> datetime:
    """Return the time now by the app's CLOCK setting (which a test moves), as aware UTC."""
    if not has_app_context():
        return utcnow()
    return datetime.fromtimestamp(current_app.config["CLOCK"](), UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp that is always stored and read back as aware UTC, also on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite keeps no offset; we only ever wrote UTC
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class TimestampMixin:
    """`created_at` and `updated_at` in UTC, computed per row (never once at import)."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow,
                                                 nullable=False)


def render_migration_type(type_, obj, autogen_context):
    """Write UTCDateTime into migration scripts as a plain timezone-aware DateTime."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


# Indexes only one dialect has; their migration creates them by hand (see 0008).
DIALECT_SPECIFIC_INDEXES = frozenset({"ix_resumes_search_text_trgm"})


def include_in_autogenerate(obj, name, type_, reflected, compare_to) -> bool:
    """Tell Alembic's comparison to leave out the dialect-specific indexes, on every dialect."""
    return not (type_ == "index" and name in DIALECT_SPECIFIC_INDEXES)
