"""Daily series: counts per day over a window, with the days nothing happened filled in."""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l

from website.models import utcnow
from website.services.statistics.sql import first_day, start_of

# The series' names as the pages show them; the API keeps the English keys.
LABELS = {"Views": _l("Views"), "Downloads": _l("Downloads"), "Edits": _l("Edits"),
          "Matches": _l("Matches"), "Your views": _l("Your views"),
          "Public views": _l("Public views")}


@dataclass(frozen=True)
class DailySeries:
    """Counts per day for each named series, all over the same days (oldest first)."""

    days: list[date]
    series: dict[str, list[int]]

    def total(self, name: str) -> int:
        """Return the sum of one series over the whole window."""
        return sum(self.series[name])

    def labelled(self) -> dict[str, list[int]]:
        """Return the series under their names in the reader's language."""
        return {str(LABELS.get(name, name)): values for name, values in self.series.items()}

    def rows(self) -> list[list]:
        """Return [day, the count of each series...] per day, newest first, for the table
        beside the chart."""
        return [[day, *(values[index] for values in self.series.values())]
                for index, day in reversed(list(enumerate(self.days)))]


def window(days: int, today: date | None = None) -> tuple[list[date], datetime]:
    """Return the `days` days ending today (UTC) and the timestamp the first one starts at."""
    today = today or utcnow().date()
    start = first_day(days, today)
    return [start + timedelta(days=n) for n in range(days)], start_of(start)


def fill(days: list[date], rows: Iterable[tuple[str, str, int]],
         names: Mapping[str, str]) -> DailySeries:
    """Build a series per label of `names` (key -> label) from (day text, key, count) rows;
    keys sharing a label are added up, and unknown keys are left out."""
    labels = list(dict.fromkeys(names.values()))
    index = {day.isoformat(): n for n, day in enumerate(days)}
    series = {label: [0] * len(days) for label in labels}
    for day, key, count in rows:
        if key in names and day in index:
            series[names[key]][index[day]] += count
    return DailySeries(days, series)

