"""Job match: which skills of an ad a resume shows and where, and a score that explains itself.

How it works (the match page explains the same in words):
1. `requirements.read_ad` finds the skills the ad names, from the skill vocabulary
   (`skills`), each a must-have or, where the ad says so, a nice-to-have.
2. The resume's fields are read with the same recognizer: a requirement is met where a field
   names the skill, and the places are kept to show ("Experience · Backend Engineer · Highlights").
3. Must-haves weigh MUST_WEIGHT, nice-to-haves NICE_WEIGHT; the score is the met share of the
   weight, 0-100.
"""
from dataclasses import dataclass, field

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from website.extensions import db
from website.models import JobMatch, Resume, ResumeVersion, User
from website.services import events, resume_document
from website.services.errors import NotFound
from website.services.matching.requirements import (
    AD_MAX_LENGTH,
    AdRejected,
    Requirement,
    job_title,
    read_ad,
)
from website.services.matching.skills import Skill, find_skills, skill
from website.services.resume_diff import BASICS_TITLE

__all__ = ["AD_MAX_LENGTH", "AdRejected", "Analysis", "Check", "MUST_WEIGHT", "NICE_WEIGHT",
           "Place", "analyze", "get_match", "history", "record", "resume_places",
           "stored_analysis", "user_history"]

MUST_WEIGHT = 3
NICE_WEIGHT = 1
HISTORY_SHOWN = 20


@dataclass(frozen=True)
class Place:
    """Where the resume names a skill: a section, the entry in it (if any) and the field."""

    section: str
    entry: str
    field: str

    def __str__(self) -> str:
        return " · ".join(str(part) for part in (self.section, self.entry, self.field) if part)


@dataclass
class Check:
    """One requirement of the ad and the places in the resume that meet it (none: missing)."""

    requirement: Requirement
    places: list[Place] = field(default_factory=list)

    @property
    def met(self) -> bool:
        """Return whether the resume names the skill anywhere."""
        return bool(self.places)

    @property
    def weight(self) -> int:
        """Return how much this requirement counts in the score."""
        return MUST_WEIGHT if self.requirement.must else NICE_WEIGHT

    @property
    def skill(self) -> Skill:
        """Return the skill the ad asks for."""
        return self.requirement.skill


@dataclass
class Analysis:
    """The result of comparing one ad with one resume, requirement by requirement."""

    score: int
    checks: list[Check]
    job_title: str = ""
    suggestions: list[str] = field(default_factory=list)

    @property
    def matched(self) -> list[Check]:
        """Return the requirements the resume meets, must-haves first."""
        return [check for check in self.checks if check.met]

    @property
    def missing(self) -> list[Check]:
        """Return the requirements the resume does not meet, must-haves first."""
        return [check for check in self.checks if not check.met]

    @property
    def current_score(self) -> int:
        """Return the score the resume as it is now gets (a stored `score` is the one of then)."""
        return _score(self.checks)


def _entry_name(entry: dict, section: resume_document.Section) -> str:
    return ", ".join(str(entry.get(key)) for key in section.headline if entry.get(key))


def _field_text(value) -> str:
    return "\n".join(value) if isinstance(value, list) else str(value or "")


def resume_places(document: dict) -> dict[str, list[Place]]:
    """Return {skill key: the places naming it} in a normalized document, in its order, each
    place once."""
    # Labels and titles are lazy texts: a Place holds them as the words of this request.
    texts = [(Place(str(BASICS_TITLE), "", str(spec.label)), document["basics"].get(spec.key))
             for spec in resume_document.BASICS_FIELDS if spec.key in ("label", "summary")]
    for section in resume_document.SECTIONS:
        for entry in document[section.key]:
            name = _entry_name(entry, section)
            texts += [(Place(str(section.title), name, str(spec.label)), entry.get(spec.key))
                      for spec in section.fields if spec.kind not in ("date", "url", "email")]
    places: dict[str, list[Place]] = {}
    for place, value in texts:
        for mention in find_skills(_field_text(value)):
            found = places.setdefault(mention.skill.key, [])
            if place not in found:
                found.append(place)
    return places


def _score(checks: list[Check]) -> int:
    total = sum(check.weight for check in checks)
    return round(100 * sum(check.weight for check in checks if check.met) / total) if total else 0


def analyze(resume: Resume | ResumeVersion, ad: str) -> Analysis:
    """Compare `ad` with the resume (or one version of it) and return the score and each
    requirement (nothing stored)."""
    places = resume_places(resume.document)
    checks = [Check(requirement, places.get(requirement.skill.key, []))
              for requirement in read_ad(ad)]
    return Analysis(_score(checks), checks, job_title(ad))


def record(resume: Resume, user: User, ad: str, version: ResumeVersion | None = None) -> JobMatch:
    """Analyze `ad` against the resume (as `version` has it, else as it is now), store the
    result and announce it in one commit."""
    analysis = analyze(version or resume, ad)
    match = JobMatch(user=user, resume=resume, job_title=analysis.job_title,
                     score=analysis.score,
                     matched_keywords=[check.skill.name for check in analysis.matched],
                     missing_keywords=[check.skill.name for check in analysis.missing],
                     requirements=[{"key": check.skill.key, "name": check.skill.name,
                                    "must": check.requirement.must, "met": check.met}
                                   for check in analysis.checks])
    db.session.add(match)
    db.session.flush()  # the event names the match by its id
    events.publish(events.ANALYSIS_COMPLETED, resume, score=match.score, match_id=match.id)
    db.session.commit()
    return match


def _stored_requirements(match: JobMatch) -> list[tuple[Requirement, bool]]:
    """Return the match's requirements and whether each was met when it was analysed."""
    if match.requirements:
        return [(Requirement(skill(item["key"]) or Skill(item["key"], item["name"]),
                             item["must"]), item["met"]) for item in match.requirements]

    def known(name: str) -> Skill:  # analyses stored before requirements were
        mentions = find_skills(name)
        return mentions[0].skill if mentions else Skill(name.casefold(), name)

    return ([(Requirement(known(name)), True) for name in match.matched_keywords]
            + [(Requirement(known(name)), False) for name in match.missing_keywords])


def stored_analysis(match: JobMatch, resume: Resume) -> Analysis:
    """Return a stored match with the places in the resume as it is now, and suggestions.

    The score stays the one computed when the ad was analysed (the ad is not kept); a
    requirement met since then shows its places but still counts as missing in that score.
    """
    places = resume_places(resume.document)
    checks = [Check(requirement, places.get(requirement.skill.key, []) if met else [])
              for requirement, met in _stored_requirements(match)]
    analysis = Analysis(match.score, checks, match.job_title)
    analysis.suggestions = suggestions(analysis, resume)
    return analysis


def suggestions(analysis: Analysis, resume: Resume) -> list[str]:
    """Return concrete things to change in the resume, most useful first."""
    advice = []
    if not resume.document["skills"]:
        advice.append("Add a Skills section: applicant tracking systems look there first.")
    advice += [f"The ad requires “{check.skill.name}”: if you have it, add it to your skills "
               "and name a job or project where you used it." for check in analysis.missing
               if check.requirement.must][:5]
    if analysis.score >= 80:
        advice.append("This is a strong match: put the matched skills near the top with a "
                      "tailored variant.")
    elif analysis.matched:
        advice.append("Create a tailored variant so the matched skills and highlights come "
                      "first.")
    return advice


def history(resume: Resume) -> list[JobMatch]:
    """Return the resume's newest analyses, newest first."""
    return list(db.session.execute(
        db.select(JobMatch).where(JobMatch.resume_id == resume.id)
        .order_by(JobMatch.created_at.desc(), JobMatch.id.desc()).limit(HISTORY_SHOWN)).scalars())


def user_history(user: User, page: int, per_page: int) -> Pagination:
    """Return one page of every analysis of `user`'s, newest first, with its resume loaded."""
    query = (db.select(JobMatch).where(JobMatch.user_id == user.id)
             .options(joinedload(JobMatch.resume))
             .order_by(JobMatch.created_at.desc(), JobMatch.id.desc()))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def get_match(resume: Resume, match_id: int) -> JobMatch:
    """Return one analysis of `resume`, or raise NotFound."""
    match = db.session.get(JobMatch, match_id)
    if match is None or match.resume_id != resume.id:
        raise NotFound
    return match


