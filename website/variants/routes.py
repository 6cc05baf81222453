"""Variant views: the changes in a variant's master, and taking them in (`services.variants`)."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import login_required

from website.auth import logged_in_user
from website.models import Resume
from website.services import resumes, variants
from website.variants.forms import merge_form

bp = Blueprint("variants", __name__, url_prefix="/resume")

STALE_ALERT = _l("This variant or its master was changed in another tab or on another device "
                 "after this page was opened, so nothing was taken. The changes below are now "
                 "up to date: check them and take them again.")


@bp.app_context_processor
def master_links():
    """Let the editor and the manage page show a variant's tie to its master."""
    return {"master_link": variants.link}


def _variant_or_404(resume_id: int) -> tuple[Resume, variants.Link]:
    variant = resumes.get_owned(resume_id, logged_in_user())
    link = variants.link(variant)
    if link is None:  # not a variant: it has no master to take changes from
        abort(404)
    return variant, link


def _page(variant: Resume, link: variants.Link, status: int = 200, alert: str = ""):
    """Render what taking the master's changes would do, with an answer per conflict."""
    plan = variants.preview(variant) if link.status == variants.LINKED else None
    form = merge_form(plan.conflicts if plan else [], formdata=None, data={
        "base_version": variant.version, "master_version": link.master and link.master.version})
    return render_template("variants/merge.html", resume=variant, link=link, plan=plan,
                           form=form, alert=alert), status


@bp.get("/<int:resume_id>/master-changes")
@login_required
def changes(resume_id: int):
    """Show the master's changes the variant would take, its own kept, and the conflicts."""
    variant, link = _variant_or_404(resume_id)
    return _page(variant, link)


@bp.post("/<int:resume_id>/master-changes")
@login_required
def take(resume_id: int):
    """Take the master's changes as one new version of the variant, conflicts as answered."""
    variant, link = _variant_or_404(resume_id)
    if link.status != variants.LINKED:
        return _page(variant, link, 409)
    plan = variants.preview(variant)
    form = merge_form(plan.conflicts)
    if not form.validate_on_submit():
        abort(400)  # only a tampered page sends no versions or an unknown answer
    try:
        taken = variants.apply(variant, logged_in_user(), form.base_version.data,
                               form.choices(plan.conflicts),
                               master_version=form.master_version.data)
    except resumes.StaleVersion:
        return _page(variant, variants.link(variant), 409, STALE_ALERT)
    except resumes.InvalidResume as error:
        return _page(variant, link, 422, error.problems.get("document") or _(
            "Taking these changes would break a rule of the resume, so nothing was taken. "
            "Fix the master or this variant in the editor first."))
    count = len(taken.taken)
    flash(ngettext("Took %(num)d change from “%(title)s”.", "Took %(num)d changes from "
                   "“%(title)s”.", count, title=link.master.title) if count
          else _("Nothing to take: this variant already has what “%(title)s” changed.",
                 title=link.master.title),
          "success" if count else "info")
    return redirect(url_for("editor.edit", resume_id=variant.id))


@bp.post("/<int:resume_id>/master-changes/detach")
@login_required
def detach(resume_id: int):
    """Unlink the variant from its master: it becomes an ordinary resume."""
    variant, _link = _variant_or_404(resume_id)
    variants.detach(variant)
    flash(_("“%(title)s” no longer follows a master resume.", title=variant.title), "success")
    return redirect(url_for("editor.edit", resume_id=variant.id))
