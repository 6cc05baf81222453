"""Tailoring a resume to a job ad: concrete proposals the user accepts or rejects, and the
variant of the resume made from the accepted ones. Nothing is invented: every proposal
reorders, hides or rephrases what the resume already says.

CONTRACT (foundation): `proposals(resume, match)` lists what could change; `create_variant`
applies the accepted ones to a new resume linked to its master.
"""
from dataclasses import dataclass

from website.models import JobMatch, Resume, User
from website.services import events, resume_document, resumes
from website.services.matching import Analysis, stored_analysis
from website.services.matching.skills import find_skills

VARIANT_SUFFIX = " (tailored)"


@dataclass(frozen=True)
class Proposal:
    """One change the app proposes: `id` is stable for one match and resume, `title` says
    what it does, `details` show it (lines of before/after)."""

    id: str
    title: str
    details: tuple[str, ...] = ()


def _relevance(text: str, wanted: dict[str, int]) -> int:
    return sum(wanted.get(key, 0) for key in {m.skill.key for m in find_skills(text)})


def _wanted(analysis: Analysis) -> dict[str, int]:
    return {check.skill.key: check.weight for check in analysis.checks}


def _skill_text(skill: dict) -> str:
    return " ".join([skill.get("name", ""), *skill.get("keywords", [])])


def proposals(resume: Resume, match: JobMatch) -> list[Proposal]:
    """Return what the app proposes to change in the resume for the match's ad."""
    analysis = stored_analysis(match, resume)
    wanted = _wanted(analysis)
    document = resume_document.normalize(resume.content)
    found = []
    skills = document["skills"]
    ordered = sorted(skills, key=lambda item: -_relevance(_skill_text(item), wanted))
    if ordered != skills:
        found.append(Proposal("skills-order", "Put the skills the ad asks for first",
                              tuple(item.get("name", "") for item in ordered)))
    return found


def tailored_content(content: dict, analysis: Analysis, accepted: set[str]) -> dict:
    """Return `content` with the accepted proposals applied."""
    document = resume_document.normalize(content)
    wanted = _wanted(analysis)
    if "skills-order" in accepted:
        document["skills"] = sorted(document["skills"],
                                    key=lambda item: -_relevance(_skill_text(item), wanted))
    return document


def create_variant(resume: Resume, match: JobMatch, user: User, accepted: set[str]) -> Resume:
    """Create a variant of the resume with the accepted proposals, announced as a generation."""
    analysis = stored_analysis(match, resume)
    settings = {key: value for key, value in (resume.template_settings or {}).items()
                if key != "photo_id"}  # a photo belongs to one resume
    title = resume.title[:resumes.TITLE_MAX_LENGTH - len(VARIANT_SUFFIX)] + VARIANT_SUFFIX
    return resumes.create(user, title, resume.template_slug,
                          tailored_content(resume.content, analysis, accepted), settings,
                          master=resume, event=events.GENERATION_COMPLETED,
                          source_resume_id=resume.id, match_id=match.id)
