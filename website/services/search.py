"""Search over a user's own resumes, the same on PostgreSQL and SQLite.

Each resume keeps `search_text`: all its text folded (lower case, no accents), written with
each of its versions (services.resumes). A search folds the query the same way and asks for rows
containing every term (LIKE with the wildcards escaped), which a trigram index serves on
PostgreSQL; SQLite scans the user's rows, which the (user_id, deleted_at) index narrows.
"""
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import func
from sqlalchemy.orm import defer

from website.extensions import db
from website.models import Resume, User
from website.services.text import content_fields, fold, fold_with_offsets

QUERY_MAX_LENGTH = 200
MAX_TERMS = 10
PER_PAGE = 20
SNIPPET_BEFORE = 50
SNIPPET_LENGTH = 160
SORTS = {"relevance": _l("Best match"), "updated": _l("Recently updated"),
         "title": _l("Title (A–Z)")}


def search_text(title: str, content: dict) -> str:
    """Return what the search column holds for a resume with this title and content."""
    return "\n".join(fold(text) for _, text in content_fields(title, content))


@dataclass
class Query:
    """What was asked: the text (cut to the limit), its folded terms and the filters."""

    text: str
    terms: list[str]
    design: str = ""
    updated_since: date | None = None
    sort: str = "relevance"
    notices: list[str] = field(default_factory=list)


def parse(text: str, design: str = "", updated_since: date | None = None,
          sort: str = "relevance") -> Query:
    """Return the query for `text`: cut to QUERY_MAX_LENGTH characters and MAX_TERMS terms."""
    text = " ".join((text or "").split())
    notices = []
    if len(text) > QUERY_MAX_LENGTH:
        text = text[:QUERY_MAX_LENGTH].rstrip()
        notices.append(_("Your search was cut to its first %(count)d characters.",
                         count=QUERY_MAX_LENGTH))
    terms = list(dict.fromkeys(fold(text).split()))  # unique, in the order typed
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS]
        notices.append(_("Only the first %(count)d words were searched for.", count=MAX_TERMS))
    return Query(text, terms, design, updated_since,
                 sort if sort in SORTS else "relevance", notices)


def _occurrences(term: str):
    """SQL for how often `term` occurs in the search column (portable: length and replace)."""
    return (func.length(Resume.search_text) -
            func.length(func.replace(Resume.search_text, term, ""))) / len(term)


def statement(user: User, query: Query):
    """Return the SELECT of the user's non-deleted resumes matching `query`, sorted."""
    select = db.select(Resume).where(Resume.user_id == user.id, Resume.deleted_at.is_(None))
    for term in query.terms:
        # autoescape: % _ and the escape character in the query are literal characters.
        select = select.where(Resume.search_text.contains(term, autoescape=True))
    if query.design:
        select = select.where(Resume.design_slug == query.design)
    if query.updated_since:
        since = datetime.combine(query.updated_since, datetime.min.time(), tzinfo=UTC)
        select = select.where(Resume.updated_at >= since)
    newest = (Resume.updated_at.desc(), Resume.id.desc())
    if query.sort == "title":
        return select.order_by(func.lower(Resume.title), Resume.id)
    if query.sort == "updated" or not query.terms:
        return select.order_by(*newest)
    relevance = sum((_occurrences(term) for term in query.terms[1:]),
                    _occurrences(query.terms[0]))
    return select.order_by(relevance.desc(), *newest)


@dataclass
class Hit:
    """One resume found, with where it matched."""

    resume: Resume
    where: str
    snippet: Markup


def _marked(text: str, terms: list[str]) -> Markup:
    """Return a window of `text` around its first match, each occurrence of a term marked."""
    folded, offsets = fold_with_offsets(text)
    spans = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            spans.append((offsets[start], offsets[end - 1] + 1))
            start = folded.find(term, end)
    if not spans:
        return Markup("")
    spans.sort()
    begin = max(0, spans[0][0] - SNIPPET_BEFORE)
    stop = min(len(text), begin + SNIPPET_LENGTH)
    parts, position = [Markup("…")] if begin else [], begin
    for start, end in spans:
        if start < position or start >= stop:
            continue  # overlaps a marked one, or outside the window
        parts += [escape(text[position:start]), Markup("<mark>"),
                  escape(text[start:end]), Markup("</mark>")]
        position = end
    parts.append(escape(text[position:max(position, stop)]))
    if stop < len(text):
        parts.append(Markup("…"))
    return Markup("").join(parts)


def hit(resume: Resume, terms: list[str]) -> Hit:
    """Return the resume with the piece of its text that contains the most terms, marked."""
    best_where, best_text, best_found = "", "", 0
    for where, text in content_fields(resume.title, resume.content):
        folded = fold(text)
        found = sum(1 for term in terms if term in folded)
        if found > best_found:
            best_where, best_text, best_found = where, text, found
            if found == len(terms):
                break
    return Hit(resume, best_where, _marked(best_text, terms))


@dataclass
class Results:
    """One page of results."""

    hits: list[Hit]
    total: int
    page: int
    pages: int


def search(user: User, query: Query, page: int = 1) -> Results:
    """Return page `page` (PER_PAGE a page) of the user's resumes matching `query`."""
    select = statement(user, query)
    # The total comes with the page's rows (a window count), so a page is one query.
    rows = db.session.execute(
        select.options(defer(Resume.search_text)).add_columns(func.count().over())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    if rows:
        total = rows[0][1]
    else:  # past the last page, or nothing found: count on its own
        total = db.session.scalar(db.select(func.count()).select_from(select.subquery()))
    return Results([hit(resume, query.terms) for resume, _ in rows], total, page,
                   -(-total // PER_PAGE))
