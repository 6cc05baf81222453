"""Plain text export of the view model (services/export/view.py): clean text wrapped at 80
columns to paste into application forms, shaped as the designs show it ("Senior Engineer,
Acme Corp", "Mar 2021 – Present · Berlin"), hidden sections left out."""
import textwrap

from website.services.export.view import Entry, ResumeView, SectionView

WIDTH = 80
BULLET = "• "
SEPARATOR = " · "


def wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    """Wrap each line of `text` at WIDTH, never breaking words or web addresses."""
    lines = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, WIDTH, initial_indent=first, subsequent_indent=rest,
                                   break_long_words=False, break_on_hyphens=False) or [""])
        first = rest
    return lines


def join_items(items: list[str]) -> list[str]:
    """Join `items` with SEPARATOR into lines of at most WIDTH, breaking between items where
    one fits (an item longer than a line is wrapped on its own)."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + len(SEPARATOR) + len(item) <= WIDTH:
            lines[-1] += SEPARATOR + item
        else:
            lines.append(item)
    return [wrapped for line in lines for wrapped in wrap(line)]


def _heading(title: str) -> list[str]:
    return ["", title.upper(), "-" * len(title)]


def _with_detail(entry: Entry) -> str:
    return f"{entry.title} ({entry.subtitle})" if entry.subtitle else entry.title


def _entry(entry: Entry) -> list[str]:
    lines = wrap(f"{entry.title}, {entry.subtitle}" if entry.subtitle else entry.title)
    lines += join_items([part for part in (entry.dates, entry.location) if part])
    lines += join_items([part for part in (entry.about, entry.note, entry.link and entry.link.text)
                    if part])
    if entry.summary:
        lines += wrap(entry.summary)
    for bullet in entry.bullets:
        lines += wrap(bullet, BULLET, " " * len(BULLET))
    if entry.keywords:
        lines += wrap(", ".join(entry.keywords))
    return lines


def _section(section: SectionView) -> list[str]:
    lines = _heading(section.title)
    if section.layout == "inline":
        return lines + join_items([_with_detail(entry) for entry in section.entries])
    if section.layout == "groups":
        for entry in section.entries:
            keywords = ", ".join(entry.keywords)
            lines += wrap(f"{_with_detail(entry)}: {keywords}" if keywords
                           else _with_detail(entry))
        return lines
    for index, entry in enumerate(section.entries):
        lines += ([""] if index else []) + _entry(entry)
    return lines


def render_text(resume: ResumeView) -> str:
    """Return the resume as plain text wrapped at 80 columns."""
    lines = wrap(resume.name)
    if resume.label:
        lines += wrap(resume.label)
    lines += join_items([item.text for item in resume.contact])
    if resume.summary:
        lines += _heading(resume.words.summary) + wrap(resume.summary)
    for section in resume.sections:
        lines += _section(section)
    return "\n".join(lines) + "\n"
