"""Job-description match views: thin wrappers around `website.services.matching`."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from website.matching.forms import MatchForm
from website.models import JobMatch, Resume, User
from website.services import matching, resumes
from website.services.matching import tailoring

bp = Blueprint("matching", __name__, url_prefix="/resume")


def _user() -> User:
    return current_user._get_current_object()


def _page(resume: Resume, form: MatchForm, match: JobMatch | None = None, status: int = 200):
    analysis = matching.stored_analysis(match, resume) if match is not None else None
    return render_template("matching/match.html", resume=resume, form=form, match=match,
                           analysis=analysis, history=matching.history(resume),
                           must_weight=matching.MUST_WEIGHT), status


@bp.get("/<int:resume_id>/match")
@login_required
def index(resume_id: int):
    """Show the job-ad form and the resume's previous analyses."""
    resume = resumes.get_owned_or_404(resume_id, _user())
    return _page(resume, MatchForm())


@bp.post("/<int:resume_id>/match")
@login_required
def analyze(resume_id: int):
    """Score the pasted ad against the resume, store the result and show it."""
    resume = resumes.get_owned_or_404(resume_id, _user())
    form = MatchForm()
    if not form.validate_on_submit():
        return _page(resume, form, status=422)
    try:
        match = matching.record(resume, _user(), form.ad.data)
    except matching.AdRejected as error:
        form.ad.errors.append(str(error))
        return _page(resume, form, status=422)
    return redirect(url_for("matching.result", resume_id=resume.id, match_id=match.id))


@bp.get("/<int:resume_id>/match/<int:match_id>")
@login_required
def result(resume_id: int, match_id: int):
    """Show one stored analysis with suggestions, and the form to try another ad."""
    resume = resumes.get_owned_or_404(resume_id, _user())
    return _page(resume, MatchForm(), matching.get_match_or_404(resume, match_id))


@bp.post("/<int:resume_id>/match/<int:match_id>/tailor")
@login_required
def tailor(resume_id: int, match_id: int):
    """Create a copy of the resume with skills and highlights ordered for the ad."""
    resume = resumes.get_owned_or_404(resume_id, _user())
    match = matching.get_match_or_404(resume, match_id)
    accepted = {proposal.id for proposal in tailoring.proposals(resume, match)}
    copy = tailoring.create_variant(resume, match, _user(), accepted)
    flash(f"Created “{copy.title}”: skills and highlights that the ad asks for come first. "
          "Nothing else was changed.", "success")
    return redirect(url_for("resumes.preview", resume_id=copy.id))
