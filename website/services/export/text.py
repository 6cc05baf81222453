"""Plain text export: clean, wrapped text to paste into application forms."""
import textwrap

from website.services.export.layout import contact_items, entry_view, ordered_sections

WIDTH = 80
BULLET = "• "


def _wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    """Wrap each line of `text` at WIDTH, never breaking words or web addresses."""
    lines = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, WIDTH, initial_indent=first, subsequent_indent=rest,
                                   break_long_words=False, break_on_hyphens=False) or [""])
        first = rest
    return lines


def _join(items: list[str], separator: str = " | ") -> list[str]:
    """Join `items` into lines of at most WIDTH, breaking only between items."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + len(separator) + len(item) <= WIDTH:
            lines[-1] += separator + item
        else:
            lines.append(item)
    return lines


def _heading(title: str) -> list[str]:
    return ["", title.upper(), "-" * len(title)]


def render_text(document: dict, title: str, section_order: list[str] | None = None) -> str:
    """Return the normalized `document` as plain text wrapped at 80 columns."""
    basics = document["basics"]
    lines = _wrap(basics.get("name") or title)
    if basics.get("label"):
        lines += _wrap(basics["label"])
    lines += _join([value for _, value in contact_items(basics)])
    for profile in basics.get("profiles", []):
        details = " – ".join(v for v in (profile.get("username"), profile.get("url")) if v)
        lines += _wrap(f"{profile['network']}: {details}" if details else profile["network"])
    if basics.get("summary"):
        lines += _heading("Summary") + _wrap(basics["summary"])
    for section in ordered_sections(section_order):
        if not document.get(section.key):
            continue
        lines += _heading(section.title)
        for index, entry in enumerate(document[section.key]):
            view = entry_view(entry, section)
            lines += ([""] if index else []) + _wrap(view.headline)
            if view.dates:
                lines += _wrap(view.dates)
            for label, value, _ in view.facts:
                lines += _wrap(f"{label}: {value}", rest="  ")
            for paragraph in view.paragraphs:
                lines += _wrap(paragraph)
            for bullet in view.bullets:
                lines += _wrap(bullet, BULLET, " " * len(BULLET))
    return "\n".join(lines) + "\n"
