"""SQL expressions that differ between SQLite and PostgreSQL, each behind one name."""
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import String, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from website.extensions import db


class utc_day(FunctionElement):  # noqa: N801  (used like a SQL function)
    """The UTC calendar day of a timestamp column, as text "YYYY-MM-DD"."""

    type = String()
    name = "utc_day"
    inherit_cache = True


@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element, compiler, **kw):
    # The session time zone must not move an event to another day.
    column = compiler.process(list(element.clauses)[0], **kw)
    return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"


@compiles(utc_day)
def _utc_day_sqlite(element, compiler, **kw):
    # SQLite keeps our UTC timestamps as text starting "YYYY-MM-DD HH:MM:SS".
    return f"substr({compiler.process(list(element.clauses)[0], **kw)}, 1, 10)"


def json_text(column, key: str):
    """The value under `key` of a JSON column, as text (NULL when absent)."""
    return column[key].as_string()


def json_integer(column, key: str):
    """The value under `key` of a JSON column, as an integer (NULL when absent)."""
    return column[key].as_integer()


def json_array_items(column):
    """A table of the strings in a JSON array column (one row per item, column `value`), to
    join ON true to the column's table; both databases let a function there see that table."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.jsonb_array_elements_text(column).table_valued("value")
    return func.json_each(column).table_valued("value")


def first_day(days: int, today: date) -> date:
    """The first day of a window of `days` days ending with `today`."""
    return today - timedelta(days=days - 1)


def start_of(day: date) -> datetime:
    """Midnight UTC at the start of `day`."""
    return datetime.combine(day, time.min, tzinfo=UTC)
