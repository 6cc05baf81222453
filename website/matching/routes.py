"""Job-description match views: thin wrappers around `website.services.matching`."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from website.auth import logged_in_user
from website.matching.forms import DECISION_PREFIX, MatchForm, TailorForm
from website.models import JobMatch, Resume
from website.services import matching, resumes
from website.services.matching import tailoring

bp = Blueprint("matching", __name__, url_prefix="/resume")


def _page(resume: Resume, form: MatchForm, match: JobMatch | None = None, status: int = 200,
          tailor_form: TailorForm | None = None):
    analysis = matching.stored_analysis(match, resume) if match is not None else None
    proposals = tailoring.proposals(resume, match) if match is not None else []
    return render_template("matching/match.html", resume=resume, form=form, match=match,
                           analysis=analysis, history=matching.history(resume),
                           must_weight=matching.MUST_WEIGHT, nice_weight=matching.NICE_WEIGHT,
                           changes=[proposal for proposal in proposals if proposal.applicable],
                           advice=[proposal for proposal in proposals
                                   if not proposal.applicable],
                           tailor_form=tailor_form or TailorForm(formdata=None),
                           decision_prefix=DECISION_PREFIX), status


@bp.get("/<int:resume_id>/match")
@login_required
def index(resume_id: int):
    """Show the job-ad form and the resume's previous analyses."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    return _page(resume, MatchForm())


@bp.post("/<int:resume_id>/match")
@login_required
def analyze(resume_id: int):
    """Score the pasted ad against the resume, store the result and show it."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    form = MatchForm()
    if not form.validate_on_submit():
        return _page(resume, form, status=422)
    try:
        match = matching.record(resume, logged_in_user(), form.ad.data)
    except matching.AdRejected as error:
        form.ad.errors.append(str(error))
        return _page(resume, form, status=422)
    return redirect(url_for("matching.result", resume_id=resume.id, match_id=match.id))


@bp.get("/<int:resume_id>/match/<int:match_id>")
@login_required
def result(resume_id: int, match_id: int):
    """Show one stored analysis, requirement by requirement, with the tailoring proposals."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    return _page(resume, MatchForm(), matching.get_match(resume, match_id))


@bp.post("/<int:resume_id>/match/<int:match_id>/tailor")
@login_required
def tailor(resume_id: int, match_id: int):
    """Create a variant of the resume with the accepted proposals, linked to it as its master."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    match = matching.get_match(resume, match_id)
    form = TailorForm()
    if not form.validate_on_submit():
        return _page(resume, MatchForm(formdata=None), match, 422, form)
    accepted = form.accepted()
    applied = [proposal.title for proposal in tailoring.proposals(resume, match)
               if proposal.id in accepted]
    try:
        variant = tailoring.create_variant(resume, match, logged_in_user(), accepted)
    except tailoring.UnknownProposals as error:
        form.form_errors.append(str(error))
        return _page(resume, MatchForm(formdata=None), match, 422, form)
    if applied:
        flash(_("Created “%(variant)s”, a variant of “%(title)s”. Applied: %(applied)s.",
                variant=variant.title, title=resume.title, applied="; ".join(applied)), "success")
    else:
        flash(_("Created “%(variant)s”, a variant of “%(title)s”. No proposal was accepted, so "
                "it is a plain copy.", variant=variant.title, title=resume.title), "success")
    return redirect(url_for("resumes.preview", resume_id=variant.id))
