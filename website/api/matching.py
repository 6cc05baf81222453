"""/api/v1/resumes/{id}/match: score a job ad against a resume, as the match page does."""
from flask import url_for
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from website.api import paths
from website.api.auth import token_user
from website.api.blueprint import api_blueprint
from website.api.problems import Problem
from website.api.resumes import EXAMPLE_RESUME, ResumeSchema
from website.api.schemas import StrictSchema
from website.models import JobMatch, Resume
from website.services import matching, resumes
from website.services.matching import tailoring

blp = api_blueprint("Matching", "/resumes",
                    "Job match: which requirements of a job ad a resume meets and where, a "
                    "score, and tailored variants made from the proposals you accept.")

MAX_ACCEPTED = 1000  # more than a resume of full sections has proposals
EXAMPLE_AD = ("Backend Engineer\nWe build APIs in Python with Flask and PostgreSQL.\n"
              "Docker and Kubernetes are a plus.")


class MatchRequestSchema(StrictSchema):
    """A job ad to compare with the resume."""

    job_description = fields.String(required=True, validate=[
        validate.Length(min=1, error="Paste the text of a job ad."),
        validate.Length(max=matching.AD_MAX_LENGTH,
                        error=f"Use at most {matching.AD_MAX_LENGTH:,} characters; leave out "
                              "the company blurb and benefits.")], metadata={
        "description": f"The text of the ad, up to {matching.AD_MAX_LENGTH:,} characters, in "
                       "English. It is not stored: only the score and keywords are."})


class RequirementSchema(Schema):
    """A skill the ad asks for, and where the resume names it."""

    keyword = fields.Function(lambda check: check.skill.name, metadata={
        "description": "The skill, as the vocabulary names it.", "example": "Kubernetes",
        "type": "string"})
    importance = fields.Function(lambda check: "must" if check.requirement.must else "nice",
                                 metadata={"description": "must (required) or nice (the ad "
                                                          "calls it a plus).",
                                           "type": "string", "enum": ["must", "nice"]})
    weight = fields.Integer(metadata={
        "description": f"How much it counts in the score: {matching.MUST_WEIGHT} for a "
                       f"must-have, {matching.NICE_WEIGHT} for a nice-to-have."})
    found_in = fields.Function(lambda check: [str(place) for place in check.places], metadata={
        "description": "Where the resume names it now (section, entry, field); empty when "
                       "missing.", "type": "array", "items": {"type": "string"}})


class MatchSchema(Schema):
    """A stored analysis of a job ad against a resume."""

    id = fields.Integer(metadata={"description": "The match's id, for its tailored variant.",
                                  "example": 12})
    resume_id = fields.Integer(metadata={"description": "The resume matched.", "example": 7})
    job_title = fields.String(metadata={"description": "The ad's first line."})
    score = fields.Integer(metadata={"description": "The met share of the requirements' "
                                                    "weight, 0-100.", "example": 67})
    matched_keywords = fields.List(fields.Nested(RequirementSchema), metadata={
        "description": "The ad's requirements the resume meets, must-haves first."})
    missing_keywords = fields.List(fields.Nested(RequirementSchema), metadata={
        "description": "The ad's requirements the resume does not meet, must-haves first."})
    suggestions = fields.List(fields.String(), metadata={
        "description": "What to change in the resume, most useful first."})
    created_at = fields.DateTime(metadata={"description": "ISO 8601, UTC."})


def _requirements(importance: str, found_in: list[str], *names: str) -> list[dict]:
    weight = matching.MUST_WEIGHT if importance == "must" else matching.NICE_WEIGHT
    return [{"keyword": name, "importance": importance, "weight": weight,
             "found_in": found_in} for name in names]


EXAMPLE_MATCH = {
    "id": 12, "resume_id": 7, "job_title": "Backend Engineer", "score": 50,
    "matched_keywords": [*_requirements("must", ["Skills · Backend · Keywords"], "Python",
                                        "Flask")],
    "missing_keywords": [*_requirements("must", [], "PostgreSQL"),
                         *_requirements("nice", [], "Docker", "Kubernetes")],
    "suggestions": [
        "The ad requires “PostgreSQL”: if you have it, add it to your skills and name a job "
        "or project where you used it.",
        "Create a tailored variant so the matched skills and highlights come first.",
    ],
    "created_at": "2026-11-21T10:03:12+00:00",
}


def _answer(match: JobMatch, resume: Resume) -> dict:
    analysis = matching.stored_analysis(match, resume)
    return {"id": match.id, "resume_id": resume.id, "job_title": match.job_title,
            "score": match.score, "matched_keywords": analysis.matched,
            "missing_keywords": analysis.missing, "suggestions": analysis.suggestions,
            "created_at": match.created_at}


@blp.route("/<int:resume_id>/match", parameters=paths.described("resume_id"))
class Match(MethodView):
    """Matching a job ad against a resume."""
    @blp.arguments(MatchRequestSchema, example={"job_description": EXAMPLE_AD})
    @blp.response(201, MatchSchema, example=EXAMPLE_MATCH)
    def post(self, body, resume_id):
        """Match a job ad against a resume

        The analysis is stored in the resume's match history (an `analysis.completed` webhook
        event follows); the ad itself is not kept.
        """
        resume = resumes.get_owned(resume_id, token_user())
        try:
            match = matching.record(resume, token_user(), body["job_description"])
        except matching.AdRejected as error:
            raise Problem(422, str(error), errors=[
                {"pointer": "#/job_description", "detail": str(error)}]) from error
        return _answer(match, resume)


class ProposalDetailsSchema(Schema):
    """What a proposal changes, or for keyword advice where the skill would fit."""

    before = fields.List(fields.String(), metadata={
        "description": "The resume's text as it is: a list in its order (skills, highlights, "
                       "projects), the entry to leave out, or the summary."})
    after = fields.List(fields.String(), metadata={
        "description": "The same in the variant; empty when the entry is left out of it."})
    where = fields.List(fields.String(), metadata={
        "description": "Keyword advice only: the places (section, entry, field) where the "
                       "missing skill would fit, best first."})


class ProposalSchema(Schema):
    """One change proposed for a tailored variant, or a missing keyword to add by hand."""

    id = fields.String(metadata={
        "description": "Stable for the resume and match as they are; send it in `accept`.",
        "example": "skills-order"})
    kind = fields.String(metadata={
        "description": "skills-order, highlights-order (one per job), projects-order, hide "
                       "(leave an unrelated entry out of the variant), summary (a sentence "
                       "naming the role and the matched skills) or keyword (advice, never "
                       "applied).", "enum": list(tailoring.KINDS)})
    title = fields.String(metadata={"description": "What it does, in words."})
    applicable = fields.Boolean(metadata={
        "description": "Whether accepting it changes the variant: false for keyword advice, "
                       "which only you can act on."})
    details = fields.Function(lambda proposal: {"before": list(proposal.before),
                                                "after": list(proposal.after),
                                                "where": list(proposal.where)},
                              metadata={"description": "Before and after, or where it fits.",
                                        "type": "object"})


class TailorRequestSchema(StrictSchema):
    """Which proposals the tailored variant takes."""

    accept = fields.List(fields.String(validate=validate.Length(max=100)),
                         validate=validate.Length(max=MAX_ACCEPTED), metadata={
        "description": "The ids of the applicable proposals to apply, as GET .../proposals "
                       "lists them; the others are not applied. Without it, every applicable "
                       "proposal is.", "example": ["skills-order", "summary"]})


EXAMPLE_PROPOSALS = [
    {"id": "skills-order", "kind": "skills-order", "title": "Put the skills the ad asks for "
     "first", "applicable": True,
     "details": {"before": ["Public speaking", "Python"], "after": ["Python", "Public speaking"],
                 "where": []}},
    {"id": "summary", "kind": "summary",
     "title": "Open the summary with the role and your matching strengths", "applicable": True,
     "details": {"before": ["Engineer building payment systems."],
                 "after": ["Backend Engineer with strengths in Python and Flask. Engineer "
                           "building payment systems."], "where": []}},
    {"id": "keyword-0b5c7d2e41", "kind": "keyword",
     "title": "“PostgreSQL” is missing (a must-have): add it in the editor if you have it",
     "applicable": False, "details": {"before": [], "after": [],
                                      "where": ["Skills · Backend · Keywords"]}},
]


@blp.route("/<int:resume_id>/matches/<int:match_id>/proposals",
           parameters=paths.described("resume_id", "match_id"))
class Proposals(MethodView):
    """The tailoring proposals for a match's ad."""
    @blp.response(200, ProposalSchema(many=True), example=EXAMPLE_PROPOSALS)
    def get(self, resume_id, match_id):
        """List the tailoring proposals for a match's ad

        Changes first (each with before and after), then the missing keywords with where they
        would fit. Nothing is invented: changes only reorder or leave out what the resume says,
        and the summary sentence uses the ad's job title and skills the resume names.
        """
        resume = resumes.get_owned(resume_id, token_user())
        return tailoring.proposals(resume, matching.get_match(resume, match_id))


@blp.route("/<int:resume_id>/matches/<int:match_id>/tailored-copy",
           parameters=paths.described("resume_id", "match_id"))
class TailoredCopy(MethodView):
    """Making a variant of the resume tailored to a match's ad."""
    @blp.arguments(TailorRequestSchema, required=False,
                   example={"accept": ["skills-order", "summary"]})
    @blp.response(201, ResumeSchema, headers={
        "Location": {"description": "The new resume's URL.", "schema": {"type": "string"}}},
        example={**EXAMPLE_RESUME, "id": 8, "title": "Backend roles (tailored)",
                 "version": 1, "download_count": 0,
                 "url": "https://resumes.example.com/api/v1/resumes/8"})
    def post(self, body, resume_id, match_id):
        """Create a tailored variant of the resume for a match's ad

        The variant takes the accepted proposals (`accept`; without it every applicable one)
        and stays linked to the resume as its master. An id that is not an applicable proposal
        of the resume as it is now is refused (422) and nothing is created.
        """
        resume = resumes.get_owned(resume_id, token_user())
        match = matching.get_match(resume, match_id)
        accepted = body.get("accept")
        if accepted is None:
            accepted = [proposal.id for proposal in tailoring.proposals(resume, match)
                        if proposal.applicable]
        try:
            copy = tailoring.create_variant(resume, match, token_user(), set(accepted))
        except tailoring.UnknownProposals as error:
            raise Problem(422, str(error), errors=[
                {"pointer": f"#/accept/{accepted.index(bad)}",
                 "detail": f"“{bad}” is not an applicable proposal of this match, as its "
                           "proposals (GET .../proposals) list them now."}
                for bad in error.ids]) from error
        return copy, {"Location": url_for("Resumes.ResumeItem", resume_id=copy.id,
                                          _external=True)}
