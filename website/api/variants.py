"""/api/v1/resumes/{id}/master-changes: a tailored variant takes in what its master changed."""
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from website.api import paths
from website.api.auth import token_user
from website.api.blueprint import api_blueprint
from website.api.problems import MIMETYPE, Problem
from website.api.resumes import EXAMPLE_RESUME, ResumeSchema, stale_version
from website.api.schemas import StrictSchema
from website.extensions import db
from website.models import Resume
from website.services import resume_merge, resumes, variants

blp = api_blueprint("Variants", "/resumes",
                    "Linked variants: the changes a tailored variant's master made since the "
                    "variant last took them, taken in with a three-way merge.")

ANSWERS = (resume_merge.OURS, resume_merge.THEIRS)
MAX_CHOICES = 1000  # more than a resume of full sections has conflicts
GONE_DETAIL = {
    variants.TRASHED: "The master of this variant is in the trash: restore it to take its "
                      "changes, or detach the variant.",
    variants.GONE: "The master of this variant was deleted for good: it has no changes to "
                   "give. Detach the variant to make it an ordinary resume.",
}


class ConflictSchema(Schema):
    """A field (or a whole entry) both the variant and its master changed, differently."""

    key = fields.String(metadata={
        "description": "What `choices` answers when taking the changes.",
        "example": "basics.summary"})
    place = fields.String(metadata={"description": "Where it is: section, entry, field.",
                                    "example": "Personal info · Summary"})
    base = fields.String(allow_none=True, metadata={
        "description": "The text when the variant last took changes; null when it was not "
                       "there. Lists one item a line."})
    ours = fields.String(allow_none=True, metadata={
        "description": "The variant's text, kept unless `choices` says `theirs`; null when "
                       "the variant removed it."})
    theirs = fields.String(allow_none=True, metadata={
        "description": "The master's text; null when the master removed it."})


class MasterChangesSchema(Schema):
    """What taking the master's changes would do to the variant."""

    master_id = fields.Integer(metadata={"description": "The master resume's id.",
                                         "example": 7})
    master_status = fields.String(metadata={
        "description": "Always `linked` here: a master in the trash or deleted for good "
                       "answers 409.", "enum": [variants.LINKED], "example": variants.LINKED})
    master_title = fields.String(metadata={"description": "The master's title.",
                                           "example": "Backend roles"})
    version = fields.Integer(metadata={
        "description": "The variant's newest version: send it back as `base_version`.",
        "example": 2})
    master_version = fields.Integer(metadata={
        "description": "The master's newest version: send it back as `master_version`.",
        "example": 5})
    pending = fields.Integer(metadata={
        "description": "How many changes the master made since the variant last took them.",
        "example": 3})
    master_changes = fields.List(fields.String(), metadata={
        "description": "The master's changes since the variant last took them, in words."})
    taken = fields.List(fields.String(), metadata={
        "description": "What taking them would change in the variant, conflicts answered "
                       "`ours`, in words."})
    kept = fields.List(fields.String(), metadata={
        "description": "The variant's own changes since it last took the master's: kept."})
    conflicts = fields.List(fields.Nested(ConflictSchema), metadata={
        "description": "What both changed differently, each answered in `choices`."})


class TakeSchema(StrictSchema):
    """The versions the changes were read at, and an answer per conflict."""

    base_version = fields.Integer(required=True, strict=True, metadata={
        "description": "The variant's `version` as GET .../master-changes gave it. If the "
                       "variant was saved since, the answer is 409 and nothing is taken.",
        "example": 2})
    master_version = fields.Integer(required=True, strict=True, metadata={
        "description": "The `master_version` GET .../master-changes gave. If the master was "
                       "saved since, the answer is 409 and nothing is taken.", "example": 5})
    choices = fields.Dict(
        keys=fields.String(validate=validate.Length(max=200)),
        values=fields.String(validate=validate.OneOf(ANSWERS)),
        validate=validate.Length(max=MAX_CHOICES), load_default=dict, metadata={
            "description": "{conflict `key`: `ours` (keep the variant's) or `theirs` (take "
                           "the master's)}; a conflict not answered keeps the variant's.",
            "example": {"basics.summary": "theirs"}})


EXAMPLE_CHANGES = {
    "master_id": 7, "master_status": variants.LINKED, "master_title": "Backend roles",
    "version": 2, "master_version": 5, "pending": 3,
    "master_changes": ["edited Personal info (phone, summary)",
                       "edited Experience: Engineer, Acme (highlights)", "added skill Rust"],
    "taken": ["edited Personal info (phone)", "edited Experience: Engineer, Acme (highlights)",
              "added skill Rust"],
    "kept": ["edited Personal info (summary)"],
    "conflicts": [{"key": "basics.summary", "place": "Personal info · Summary",
                   "base": "I build dependable web services.",
                   "ours": "Go services for card payments.",
                   "theirs": "Dependable, observable services."}],
}
EXAMPLE_VARIANT = {**EXAMPLE_RESUME, "id": 8, "title": "Payments job", "version": 3,
                   "url": "https://resumes.example.com/api/v1/resumes/8", "master_id": 7}
MASTER_UNAVAILABLE = {
    "schema": "Problem", "content_type": MIMETYPE,
    "description": "The master is in the trash or was deleted for good (`detail` says "
                   "which), or, when taking, the variant or its master was saved after the "
                   "changes were read: nothing was taken.",
    "example": {"type": "/api/docs#problem-conflict",
                "title": "The resume has changed since the version you sent", "status": 409,
                "detail": GONE_DETAIL[variants.TRASHED],
                "instance": "/api/v1/resumes/8/master-changes"}}


def _variant(resume_id: int) -> tuple[Resume, variants.Link]:
    """Return the caller's variant and its link; 404 for a resume that is no variant."""
    variant = resumes.get_owned(resume_id, token_user())
    link = variants.link(variant)
    if link is None:
        raise Problem(404, "This resume is not a variant: it has no master to take changes "
                           "from.")
    return variant, link


def _live(link: variants.Link) -> Resume:
    """Return the variant's master; a 409 problem when it is in the trash or gone."""
    if link.status != variants.LINKED:
        raise Problem(409, GONE_DETAIL[link.status])
    return link.master


@blp.route("/<int:resume_id>/master-changes", parameters=paths.described("resume_id"))
class MasterChanges(MethodView):
    """A variant's master's later changes: preview, take."""
    @blp.response(200, MasterChangesSchema, example=EXAMPLE_CHANGES)
    @blp.alt_response(409, **MASTER_UNAVAILABLE)
    def get(self, resume_id):
        """Show what taking the master's changes would do

        For a tailored variant: the master's changes since the variant last took them, what
        taking them would change, the variant's own changes (kept), and the conflicts, each
        with the text on both sides. A resume that is no variant is not found (404).
        """
        variant, link = _variant(resume_id)
        master = _live(link)
        plan = variants.preview(variant)
        return {"master_id": master.id, "master_status": link.status,
                "master_title": master.title, "version": variant.version,
                "master_version": master.version, "pending": plan.master_change_count,
                "master_changes": plan.master_changes, "taken": plan.taken,
                "kept": plan.kept, "conflicts": plan.conflicts}

    @blp.arguments(TakeSchema, example={"base_version": 2, "master_version": 5,
                                        "choices": {"basics.summary": "theirs"}})
    @blp.response(200, ResumeSchema, description="The variant, with the changes taken.",
                  example=EXAMPLE_VARIANT)
    @blp.alt_response(409, **MASTER_UNAVAILABLE)
    def post(self, body, resume_id):
        """Take the master's changes

        Send the `version` and `master_version` GET .../master-changes gave, and an answer
        per conflict (unanswered ones keep the variant's). The changes are saved as one new
        version of the variant, noted “Took N changes from the master”; the master is not
        changed. A `choices` key that is no conflict of the changes as they are now is
        refused (422) and nothing is taken.
        """
        variant, link = _variant(resume_id)
        master = _live(link)
        sent = body["base_version"]
        if sent != variant.version:
            raise stale_version(variant, sent)
        if body["master_version"] != master.version:
            raise Problem(409, f"The master was saved since version {body['master_version']}: "
                               f"it is at {master.version}. Read the changes again and retry.",
                          current_version=variant.version)
        keys = {conflict.key for conflict in variants.preview(variant).conflicts}
        unknown = [key for key in body["choices"] if key not in keys]
        if unknown:
            raise Problem(422, "Some answers are for no conflict of these changes; `errors` "
                               "lists each one.", errors=[
                {"pointer": f"#/choices/{key}", "detail": "Not a conflict `key` of GET "
                                                          ".../master-changes."}
                for key in unknown])
        try:
            variants.apply(variant, token_user(), sent, body["choices"],
                           master_version=master.version)
        except resumes.StaleVersion as error:  # saved between the check and the merge
            db.session.rollback()
            raise stale_version(variant, sent) from error
        except resumes.InvalidResume as error:
            raise Problem(422, error.problems.get("document") or (
                "Taking these changes would break a rule of the resume, so nothing was taken. "
                "Fix the master or the variant first.")) from error
        return variant


@blp.route("/<int:resume_id>/master-changes/detach", parameters=paths.described("resume_id"))
class Detach(MethodView):
    """Detaching a variant from its master."""
    @blp.response(200, ResumeSchema, description="The resume, no longer a variant.",
                  example={**EXAMPLE_VARIANT, "master_id": None, "master_changes": 0})
    def post(self, resume_id):
        """Detach a variant from its master

        The variant becomes an ordinary resume: it keeps its content and history, and no
        longer takes its master's changes. Works whether the master is there, in the trash or
        deleted for good.
        """
        variant, _ = _variant(resume_id)
        variants.detach(variant)
        return variant
