"""Tailoring a resume to a job ad: concrete proposals the user accepts or rejects, and the
variant of the resume made from the accepted ones. Nothing is invented: a proposal reorders
or leaves out what the resume already says; the one new sentence (the summary's) is made of
the ad's job title and the skill names the resume already writes.

The proposals, each with what it shows before and after:
- skills-order: the Skills entries naming the ad's skills first (by weight, must-haves 3);
- highlights-order: one per job whose highlights change order, those naming the ad's skills
  first;
- projects-order: the projects naming the ad's skills first;
- hide: leave an unrelated entry out of the variant (the master keeps it). Only projects,
  volunteering, awards, publications and interests are ever left out, never jobs or schools,
  and only in a section that keeps at least one related entry: a section never empties, and
  what stays is what the ad is about. An entry is unrelated when it names none of the ad's
  skills and none of the words of its job title;
- summary: a sentence naming the role and the matched skills, before the existing summary;
- keyword: a missing skill (must-haves first) and where it would fit. Advice only: the user
  adds it in the editor if it is true, as nothing is added for them.

Ids are stable: the same resume and match always give the same ids, and an id names what it
changes (a job's highlights, an entry to hide by its content), so an id from a page shown
before the resume changed is refused instead of applied to something else.
"""
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from stop_words import get_stop_words

from website.models import JobMatch, Resume, User
from website.services import events, resume_document, resumes
from website.services.matching import Analysis, Check, Place, stored_analysis
from website.services.matching.skills import find_skills
from website.services.resume_diff import BASICS_TITLE
from website.services.text import content_fields, fold

VARIANT_SUFFIX = " (tailored)"
SKILLS_ORDER, HIGHLIGHTS_ORDER, PROJECTS_ORDER = "skills-order", "highlights-order", \
    "projects-order"
HIDE, SUMMARY, KEYWORD = "hide", "summary", "keyword"
KINDS = (SKILLS_ORDER, HIGHLIGHTS_ORDER, PROJECTS_ORDER, HIDE, SUMMARY, KEYWORD)
HIDEABLE_SECTIONS = ("projects", "volunteer", "awards", "publications", "interests")
SUMMARY_SKILLS = 4  # more names than this read as a list, not a sentence
ROLE_MAX_WORDS = 8  # a longer first line is a sentence of the ad, not its job title
# Where a job title ends and the ad's first line goes on: team, place, stack or terms.
TITLE_EXTRA = re.compile(r"\s[(\[|–—-]\s?|\s@\s|,\s|\s/\s")
WORD = re.compile(r"[^\W_]+")
IDS_SHOWN, ID_SHOWN = 3, 60  # of refused ids, in the message: a forged form may send thousands


class UnknownProposals(ValueError):
    """Ids that are not among the applicable proposals (a stale page or a forged form)."""

    def __init__(self, ids: list[str]):
        names = ", ".join(f"“{proposal_id[:ID_SHOWN]}”" for proposal_id in ids[:IDS_SHOWN])
        if len(ids) > IDS_SHOWN:
            names = _("%(names)s and %(more)s more", names=names, more=len(ids) - IDS_SHOWN)
        super().__init__(ngettext(
            "%(names)s is not among the proposals for this resume and ad: the resume may have "
            "changed since it was shown. Look at them again; nothing was created.",
            "%(names)s are not among the proposals for this resume and ad: the resume may have "
            "changed since they were shown. Look at them again; nothing was created.",
            len(ids), names=names))
        self.ids = ids


@dataclass(frozen=True)
class Proposal:
    """One change the app proposes. `before` and `after` show what it changes (empty `after`:
    left out of the variant); `where` (keyword advice only) names where a skill would fit."""

    id: str
    kind: str
    title: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    where: tuple[str, ...] = ()

    @property
    def applicable(self) -> bool:
        """Return whether accepting it changes the variant (keyword advice does not)."""
        return self.kind != KEYWORD


@dataclass
class _Plan:
    """The proposals for one document, each with how it changes that document."""

    proposals: list[Proposal] = field(default_factory=list)
    changes: dict[str, Callable[[], None]] = field(default_factory=dict)

    def add(self, proposal: Proposal, change: Callable[[], None] | None = None) -> None:
        """Add a proposal; one for an entry identical to an earlier one changes both."""
        earlier = self.changes.get(proposal.id)
        if earlier is None and proposal not in self.proposals:
            self.proposals.append(proposal)
        if change is not None:
            self.changes[proposal.id] = change if earlier is None else \
                lambda: (earlier(), change())


def _digest(value) -> str:
    encoded = json.dumps(value, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()[:10]


def _entry_text(entry: dict, section: resume_document.Section) -> str:
    values = (entry.get(spec.key) for spec in section.fields
              if spec.kind not in ("date", "url", "email"))
    return "\n".join("\n".join(value) if isinstance(value, list) else str(value or "")
                     for value in values)


def _relevance(text: str, wanted: dict[str, int]) -> int:
    return sum(wanted.get(key, 0) for key in {mention.skill.key for mention in find_skills(text)})


def _by_relevance(items: list, relevance: Callable) -> list:
    """Return `items` with the most relevant first; equally relevant ones keep their order."""
    return sorted(items, key=lambda item: -relevance(item))


def _headlines(entries: list[dict], section: resume_document.Section) -> tuple[str, ...]:
    return tuple(resume_document.entry_headline(entry, section) for entry in entries)


def _title_words(title: str) -> set[str]:
    stopwords = {fold(word) for word in get_stop_words("english")}
    return {word for word in WORD.findall(fold(title)) if word not in stopwords}


def _propose_order(plan: _Plan, document: dict, key: str, kind: str, title: str,
                   wanted: dict[str, int]) -> None:
    section = resume_document.SECTIONS_BY_KEY[key]
    entries = document[key]
    ordered = _by_relevance(entries, lambda entry: _relevance(_entry_text(entry, section),
                                                              wanted))
    if ordered != entries:
        plan.add(Proposal(kind, kind, title, _headlines(entries, section),
                          _headlines(ordered, section)),
                 lambda: document.__setitem__(key, ordered))


def _propose_highlights(plan: _Plan, document: dict, wanted: dict[str, int]) -> None:
    section = resume_document.SECTIONS_BY_KEY["work"]
    for entry in document["work"]:
        highlights = entry["highlights"]
        ordered = _by_relevance(highlights, lambda line: _relevance(line, wanted))
        if ordered != highlights:
            name = resume_document.entry_headline(entry, section)
            plan.add(Proposal(f"{HIGHLIGHTS_ORDER}-{_digest(entry)}", HIGHLIGHTS_ORDER,
                              _("Put the highlights of “%(name)s” that the ad asks for first",
                                name=name),
                              tuple(highlights), tuple(ordered)),
                     lambda entry=entry, ordered=ordered: entry.__setitem__("highlights",
                                                                            ordered))


def _related(entry: dict, section: resume_document.Section, wanted: dict[str, int],
             title_words: set[str]) -> bool:
    text = _entry_text(entry, section)
    return _relevance(text, wanted) > 0 or bool(title_words & set(WORD.findall(fold(text))))


def _propose_hiding(plan: _Plan, document: dict, wanted: dict[str, int],
                    title_words: set[str]) -> None:
    for key in HIDEABLE_SECTIONS:
        section = resume_document.SECTIONS_BY_KEY[key]
        unrelated = [entry for entry in document[key]
                     if not _related(entry, section, wanted, title_words)]
        if len(unrelated) == len(document[key]):
            continue  # nothing here is about the ad: leaving entries out would empty it
        for entry in unrelated:
            name = resume_document.entry_headline(entry, section)
            plan.add(Proposal(f"{HIDE}-{key}-{_digest(entry)}", HIDE,
                              _("Leave “%(name)s” (%(section)s) out of the variant: it names "
                                "none of the ad's skills or job title words", name=name,
                                section=section.title), (name,)),
                     lambda key=key, entry=entry: document.__setitem__(
                         key, [kept for kept in document[key] if kept is not entry]))


def _spellings(document: dict) -> dict[str, str]:
    """Return {skill key: how the resume first writes it}."""
    found: dict[str, str] = {}
    for _path, text in content_fields("", document):
        for mention in find_skills(text):
            found.setdefault(mention.skill.key, text[mention.start:mention.end])
    return found


def _role(job_title: str) -> str:
    """Return the ad's job title as a role to name, or "" when it reads as no title; what
    follows the title itself ("(Go) – Payments", "| Remote", ", Berlin") is left out."""
    role = TITLE_EXTRA.split(job_title.strip(), maxsplit=1)[0].rstrip(".:;,!-–— ")
    if not role or job_title.endswith("…") or len(role.split()) > ROLE_MAX_WORDS:
        return ""
    return role


def _listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _summary_sentence(analysis: Analysis, document: dict) -> str:
    # The skills as the resume writes them: nothing in the sentence is new to the resume but
    # the job title.
    role = _role(analysis.job_title)
    spellings = _spellings(document)
    strengths = list(dict.fromkeys(spellings[check.skill.key] for check in analysis.matched
                                   if check.skill.key in spellings))[:SUMMARY_SKILLS]
    if not role or not strengths:
        return ""
    return f"{role} with strengths in {_listing(strengths)}."


def _propose_summary(plan: _Plan, document: dict, analysis: Analysis) -> None:
    sentence = _summary_sentence(analysis, document)
    basics = document["basics"]
    summary = basics["summary"]
    tailored = f"{sentence} {summary}".strip()
    if sentence and sentence not in summary and \
            len(tailored) <= resume_document.SUMMARY_MAX_LENGTH:
        plan.add(Proposal(SUMMARY, SUMMARY, _("Open the summary with the role and your "
                                              "matching strengths"), (summary,) if summary else (),
                          (tailored,)),
                 lambda: basics.__setitem__("summary", tailored))


def _strongest_job(document: dict, wanted: dict[str, int]) -> Place | None:
    """Return the highlights of the job naming the most of the ad's skills (the first of
    equals): where a missing skill used alongside them would be told. None if no job names
    any."""
    work = resume_document.SECTIONS_BY_KEY["work"]
    scored = [(_relevance(_entry_text(entry, work), wanted), -index, entry)
              for index, entry in enumerate(document["work"])]
    relevance, _index, job = max(scored, default=(0, 0, None), key=lambda item: item[:2])
    return Place(str(work.title), resume_document.entry_headline(job, work), _("Highlights")) \
        if relevance else None


def _fits(check: Check, job: Place | None) -> tuple[str, ...]:
    """Return where the missing skill of `check` would fit, best first: Skills for a
    technology, the summary for a professional skill, then the strongest job's highlights."""
    skills = Place(str(resume_document.SECTIONS_BY_KEY["skills"].title), "", "")
    places = {"technology": [skills],
              "professional": [Place(str(BASICS_TITLE), "", _("Summary"))]}.get(
        check.skill.kind, [])
    places += [job] if job else []
    return tuple(str(place) for place in places or [skills])


def _propose_keywords(plan: _Plan, document: dict, analysis: Analysis,
                      wanted: dict[str, int]) -> None:
    job = _strongest_job(document, wanted)
    for check in analysis.missing:
        title = _("“%(skill)s” is missing (a must-have): add it in the editor if you have it",
                  skill=check.skill.name) if check.requirement.must else \
            _("“%(skill)s” is missing (a nice-to-have): add it in the editor if you have it",
              skill=check.skill.name)
        plan.add(Proposal(f"{KEYWORD}-{_digest(check.skill.key)}", KEYWORD, title,
                          where=_fits(check, job)))


def _plan(document: dict, analysis: Analysis) -> _Plan:
    """Return every proposal for `document`, with changes that apply them to `document`."""
    wanted = {check.skill.key: check.weight for check in analysis.checks}
    plan = _Plan()
    _propose_order(plan, document, "skills", SKILLS_ORDER,
                   _("Put the skills the ad asks for first"), wanted)
    _propose_highlights(plan, document, wanted)
    _propose_order(plan, document, "projects", PROJECTS_ORDER,
                   _("Put the projects that use the ad's skills first"), wanted)
    _propose_hiding(plan, document, wanted, _title_words(_role(analysis.job_title)))
    _propose_summary(plan, document, analysis)
    _propose_keywords(plan, document, analysis, wanted)
    return plan


def proposals(resume: Resume, match: JobMatch) -> list[Proposal]:
    """Return what the app proposes for the match's ad: changes first, then keyword advice."""
    return _plan(resume.document, stored_analysis(match, resume)).proposals


def tailored_content(content: dict, analysis: Analysis, accepted: set[str]) -> dict:
    """Return `content` with the accepted proposals applied; raise UnknownProposals for ids
    that are not applicable proposals of this content and analysis."""
    document = resume_document.normalize(content)
    plan = _plan(document, analysis)
    unknown = sorted(accepted - plan.changes.keys())
    if unknown:
        raise UnknownProposals(unknown)
    for proposal in plan.proposals:
        if proposal.id in accepted:
            plan.changes[proposal.id]()
    return document


def create_variant(resume: Resume, match: JobMatch, user: User, accepted: set[str]) -> Resume:
    """Create a variant of the resume, linked to it as its master, with exactly the accepted
    proposals applied, announced as a generation; raise UnknownProposals (nothing created)
    for ids that are not applicable proposals."""
    content = tailored_content(resume.content, stored_analysis(match, resume), accepted)
    settings = {key: value for key, value in (resume.design_settings or {}).items()
                if key != "photo_id"}  # a photo belongs to one resume
    title = resume.title[:resumes.TITLE_MAX_LENGTH - len(VARIANT_SUFFIX)] + VARIANT_SUFFIX
    return resumes.create(user, title, resume.design_slug, content, settings,
                          master=resume, event=events.GENERATION_COMPLETED,
                          source_resume_id=resume.id, match_id=match.id)
