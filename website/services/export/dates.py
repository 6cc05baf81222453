"""One way to show resume dates in every export: "Mar 2021", "Mar 2021 – Present"."""
from website.services.resume_document import parse_date

# Fixed English names, so the output does not depend on the server's locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PRESENT = "Present"


def format_date(value: str) -> str:
    """Return "2021", "Mar 2021" or "5 Mar 2021" for a stored date; other text unchanged."""
    parts = parse_date(value)
    if parts is None:
        return (value or "").strip()
    if len(parts) == 1:
        return str(parts[0])
    month = f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return month if len(parts) == 2 else f"{parts[2]} {month}"


def format_range(start: str, end: str) -> str:
    """Return "Mar 2021 – Jun 2023", "Mar 2021 – Present" (no end), or "" without dates."""
    if not start:
        return format_date(end)
    return f"{format_date(start)} – {format_date(end) if end else PRESENT}"
