"""Chart geometry for server-drawn SVG: the pages draw lines and bars from these numbers.

No script and no style attribute is involved (the CSP forbids inline ones); colours and dash
patterns come from classes in static/css/app.css, so series differ by more than colour.
"""
import math
from dataclasses import dataclass
from datetime import date

from babel.dates import format_skeleton
from flask_babel import format_decimal, format_percent, get_locale

WIDTH = 480
LINE_HEIGHT = 220
# The left margin holds tick values of up to six characters, such as "20.000" in German.
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 50, 470, 30, 190
BAR_ROW, BAR_LABEL_WIDTH, BAR_RIGHT = 26, 150, 430
# A funnel's bars are centred between its labels and the values written beside the widest bar.
FUNNEL_ROW, FUNNEL_LEFT, FUNNEL_RIGHT = 40, 120, 380
LABEL_CHARACTERS = 20
# A legend row's baseline, and how far below it the next row goes when names do not fit on one.
LEGEND_BASELINE, LEGEND_ROW = 16, 16


@dataclass(frozen=True)
class Line:
    """One series drawn as a polyline, with its legend entry."""

    name: str
    points: str  # "x,y x,y ..." for the SVG polyline
    dots: list[tuple[float, float]]
    legend_x: float
    legend_y: float  # the baseline of the legend entry's text


@dataclass(frozen=True)
class LineChart:
    """A line chart: series over x labels, with y ticks and a few x labels."""

    height: int
    lines: list[Line]
    y_ticks: list[tuple[float, int]]  # (y, value)
    x_labels: list[tuple[float, str]]  # (x, text)
    width: int = WIDTH
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: its label (shortened to fit), value, the value as written beside
    it, and its geometry."""

    label: str
    value: int
    text: str
    x: float
    y: float
    width: float
    text_x: float


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one row per category (a funnel's bars are centred and taller)."""

    height: int
    bars: list[Bar]
    bar_height: int = BAR_ROW - 8
    label_right: int = BAR_LABEL_WIDTH - 8
    width: int = WIDTH

    @property
    def text_dy(self) -> int:
        """Return how far below a bar's top its label's and value's baseline is (centred)."""
        return self.bar_height // 2 + 5


def _nice_max(value: int) -> int:
    """Return a round number at least `value` (and at least 1), so ticks read well."""
    if value <= 4:
        return max(value, 1)
    magnitude = 10 ** math.floor(math.log10(value))
    return int(next(step * magnitude for step in (1, 2, 2.5, 5, 10)
                    if value <= step * magnitude))


def _day_label(day) -> str:
    """Return a day as a short month and day in the reader's language ("Dec 5", "5. Dez.")."""
    return format_skeleton("MMMd", day, locale=get_locale() or "en") \
        if isinstance(day, date) else str(day)


def _value_text(value: int, unit: str) -> str:
    return format_percent(value / 100) if unit == "%" else format_decimal(value) + unit


def _legend(names: list[str]) -> list[tuple[float, float]]:
    """Return where each series' legend entry starts (x, baseline), wrapping onto another row
    rather than past the chart's right edge (French and German names run long)."""
    places, x, y = [], PLOT_LEFT, LEGEND_BASELINE
    for name in names:
        # A line sample, a gap and the name (about 7.5 units a character).
        width = 28 + round(7.5 * len(name))
        if x + width > WIDTH and x > PLOT_LEFT:
            x, y = PLOT_LEFT, y + LEGEND_ROW
        places.append((x, y))
        x += width + 14  # space before the next entry
    return places


def line_chart(x_values: list, series: dict[str, list[int]], *, top: int | None = None
               ) -> LineChart:
    """Return the geometry of `series` (name -> values, one per x value) as a line chart;
    `top` fixes the highest y value (e.g. 100 for scores)."""
    top = top or _nice_max(max((max(values, default=0) for values in series.values()),
                               default=0))
    count = len(x_values)
    step = (PLOT_RIGHT - PLOT_LEFT) / max(count - 1, 1)

    def x_of(n: int) -> float:
        return round(PLOT_LEFT + n * step if count > 1 else (PLOT_LEFT + PLOT_RIGHT) / 2, 1)

    names = [str(name) for name in series]
    legend = _legend(names)
    # Further legend rows push the plot down rather than overlap it.
    plot_top = PLOT_TOP + (legend[-1][1] - LEGEND_BASELINE if legend else 0)

    def y_of(value: int) -> float:
        return round(PLOT_BOTTOM - value / top * (PLOT_BOTTOM - plot_top), 1)

    lines = []
    for name, values, (legend_x, legend_y) in zip(names, series.values(), legend, strict=True):
        dots = [(x_of(n), y_of(value)) for n, value in enumerate(values)]
        lines.append(Line(name, " ".join(f"{x},{y}" for x, y in dots), dots, legend_x,
                          legend_y))
    # Every whole number up to a small top, else the bottom, middle and top.
    tick_values = range(top + 1) if top <= 4 else (0, top // 2, top)
    ticks = [(y_of(value), value) for value in tick_values]
    # First, middle and last label: more would overlap on a phone.
    label_indexes = sorted({0, (count - 1) // 2, count - 1}) if count else []
    x_labels = [(x_of(n), _day_label(x_values[n])) for n in label_indexes]
    return LineChart(LINE_HEIGHT, lines, ticks, x_labels)


def _shortened(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[:LABEL_CHARACTERS - 1] + "…"


def bar_chart(items: list[tuple[str, int]], *, top: int | None = None, unit: str = ""
              ) -> BarChart:
    """Return the geometry of a horizontal bar per (label, value), in the given order; `top`
    fixes the value of a full-width bar (e.g. 100 for percentages), `unit` follows values."""
    top = top or max((value for _, value in items), default=0) or 1
    bars = []
    for n, (label, value) in enumerate(items):
        width = round(value / top * (BAR_RIGHT - BAR_LABEL_WIDTH), 1)
        bars.append(Bar(_shortened(str(label)), value, _value_text(value, unit), BAR_LABEL_WIDTH,
                        4 + n * BAR_ROW, width, BAR_LABEL_WIDTH + width + 6))
    return BarChart(8 + len(items) * BAR_ROW, bars)


def funnel_chart(steps: list[tuple[str, int, int | None]]) -> BarChart:
    """Return the geometry of a funnel of (label, value, percent of the first step) steps:
    centred bars, each as wide as its value against the largest, the values in a column."""
    top = max((value for _, value, _ in steps), default=0) or 1
    centre, full = (FUNNEL_LEFT + FUNNEL_RIGHT) / 2, FUNNEL_RIGHT - FUNNEL_LEFT
    bars = []
    for n, (label, value, share) in enumerate(steps):
        width = round(value / top * full, 1)
        text = format_decimal(value) if share is None else \
            f"{format_decimal(value)} ({format_percent(share / 100)})"
        bars.append(Bar(_shortened(str(label)), value, text, round(centre - width / 2, 1),
                        4 + n * FUNNEL_ROW, width, FUNNEL_RIGHT + 8))
    return BarChart(8 + len(steps) * FUNNEL_ROW, bars, bar_height=FUNNEL_ROW - 10,
                    label_right=FUNNEL_LEFT - 8)
