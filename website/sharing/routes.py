"""Share link views: the owner's share page and the public page behind the link, in the
resume's own language or, with ?language=, in one it is translated into."""
import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import login_required

from website.auth import logged_in_user
from website.extensions import export_limit, talisman
from website.i18n import interface_language
from website.services import design_settings, languages, resume_translations, resumes, sharing
from website.services.export import downloads, files, rendering
from website.sharing.forms import PhotoForm

bp = Blueprint("sharing", __name__)
NOINDEX = {"X-Robots-Tag": "noindex, nofollow, noarchive"}
# The public page may frame only its own document; it is never framed itself.
PUBLIC_POLICY = {"default-src": "'self'", "img-src": ["'self'", "data:"], "script-src": "'self'",
                 "style-src": "'self'", "object-src": "'none'", "base-uri": "'none'",
                 "form-action": "'none'", "frame-ancestors": "'none'", "frame-src": "'self'"}


@bp.get("/resume/<int:resume_id>/share")
@login_required
def manage(resume_id: int):
    """Show whether the resume is shared, its link with a copy button, and the switches."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    link = sharing.share_of(resume)
    url = url_for("sharing.public", token=link.token, _external=True) if link else None
    # What the public page does, from the same settings its frame, photo and PDF use.
    has_photo = rendering.shown_photo(resume, design_settings.effective(resume)) is not None
    photo_shown = link is not None and \
        rendering.shown_photo(resume, sharing.shown_settings(resume, link)) is not None
    form = PhotoForm(show_photo=link.show_photo if link else True)
    # A link per translation: the same page, opened in that language.
    translated = [(tag, languages.display_name(tag, interface_language()),
                   url_for("sharing.public", token=link.token, language=tag, _external=True))
                  for tag in resume_translations.available(resume.content)] if link else []
    return render_template("sharing/manage.html", resume=resume, url=url, form=form,
                           has_photo=has_photo, photo_shown=photo_shown,
                           translated=translated)


@bp.post("/resume/<int:resume_id>/share")
@login_required
def turn_on(resume_id: int):
    """Share the resume under a new link (an older link stops working)."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    renewed = sharing.share_of(resume) is not None
    sharing.share(resume)
    flash(_("Made a new link: the old one no longer works.") if renewed else
          _("Sharing is on: anyone with the link can see this resume."), "success")
    return redirect(url_for("sharing.manage", resume_id=resume.id))


@bp.post("/resume/<int:resume_id>/share/stop")
@login_required
def turn_off(resume_id: int):
    """Stop sharing: the link shows “not found” from now on."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    if sharing.stop_sharing(resume):
        flash(_("Sharing is off: the link no longer works."), "success")
    return redirect(url_for("sharing.manage", resume_id=resume.id))


@bp.post("/resume/<int:resume_id>/share/photo")
@login_required
def photo_switch(resume_id: int):
    """Show or hide the photo on the public page, its PDF included."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    form = PhotoForm()
    if not form.validate_on_submit():
        abort(400)  # a checkbox cannot be wrong; only a forged form gets here
    if sharing.show_photo(resume, form.show_photo.data):
        flash(_("The public page shows your photo.") if form.show_photo.data else
              _("The public page no longer shows your photo."), "success")
    return redirect(url_for("sharing.manage", resume_id=resume.id))


def _language(resume) -> str | None:
    """Return the translation the query asks for (?language=de), or None for the original
    (also when the resume has no such translation)."""
    return resume_translations.chosen(resume.content, design_settings.effective(resume),
                                      request.args.get("language"))


def _choices(resume, token: str, chosen: str | None) -> list[tuple[str, str, str, bool]]:
    """Return (tag, own name, address, whether shown) for each language the page offers: the
    resume's own first, then its translations; none when it has no translation."""
    own = resume_translations.own_language(design_settings.effective(resume))
    added = resume_translations.available(resume.content)
    if not added:
        return []
    return [(tag, languages.display_name(tag),
             url_for("sharing.public", token=token, language=None if tag == own else tag),
             tag == (chosen or own)) for tag in (own, *added)]


@bp.get("/r/<token>")
@talisman(content_security_policy=PUBLIC_POLICY)
def public(token: str):
    """Show a shared resume to anyone with the link, in the language the link asks for, with
    the others it is translated into; count the visit."""
    resume, _link = sharing.get_shared(token)
    language = _language(resume)
    page = render_template("sharing/public.html", resume=resume,
                           name=(resume.content.get("basics") or {}).get("name") or resume.title,
                           document_url=url_for("sharing.document", token=token,
                                                language=language),
                           pdf_url=url_for("sharing.pdf", token=token, language=language),
                           languages=_choices(resume, token, language))
    sharing.record_view(resume)
    return page, 200, NOINDEX


@bp.get("/r/<token>/document")
@talisman(frame_options="SAMEORIGIN", content_security_policy=rendering.DOCUMENT_POLICY)
def document(token: str):
    """Return the shared resume's design HTML for the public page's frame."""
    resume, link = sharing.get_shared(token)
    source, settings = resume_translations.shown(resume, sharing.shown_settings(resume, link),
                                                 _language(resume))
    html = rendering.render_html(
        source, settings,
        photo_link=lambda photo: url_for("sharing.photo", token=token, photo_id=photo.id))
    return html, 200, NOINDEX


@bp.get("/r/<token>/pdf")
@export_limit(get_remote_address)
def pdf(token: str):
    """Send the shared resume as the PDF of what the public page shows; counted as a visit."""
    resume, link = sharing.get_shared(token)
    language = _language(resume)
    name = downloads.file_name(resume, "pdf", language)  # before the count's commit
    data = files.shared_pdf(resume, sharing.shown_settings(resume, link), language)
    sharing.record_view(resume)
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                         download_name=name)
    # As for the photo: once the link is revoked, no shared cache may still hand the file out.
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers.update(NOINDEX)
    return response


@bp.get("/r/<token>/photos/<int:photo_id>")
def photo(token: str, photo_id: int):
    """Send the photo the shared resume shows, and no other, while the link works."""
    resume, link = sharing.get_shared(token)
    found = rendering.shown_photo(resume, sharing.shown_settings(resume, link))
    if found is None or found.id != photo_id:
        abort(404)
    response = send_file(io.BytesIO(found.data), mimetype=found.mime_type)
    # Revoking the link must stop the photo too, so no shared cache may keep it.
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers.update(NOINDEX)
    return response
