"""Translation pages: a resume's languages with their progress, and one language's editor,
each field's original shown beside its translation."""
from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from website.auth import logged_in_user
from website.i18n import interface_language
from website.models import Resume
from website.resume_translations.forms import (
    LanguageForm,
    RemoveForm,
    texts,
    translation_form,
)
from website.services import (
    design_settings,
    languages,
    quotas,
    resume_document,
    resume_translations,
    resumes,
    sharing,
)

bp = Blueprint("resume_translations", __name__, url_prefix="/resume")


@dataclass(frozen=True)
class Group:
    """The rows of one entry (or of the basics) in the editor, under one heading."""

    heading: str
    rows: list[tuple[str, resume_translations.Row]]  # (form field name, row)


def _own_language(resume: Resume) -> str:
    return resume_translations.own_language(design_settings.effective(resume))


def _language_or_404(resume: Resume, language: str) -> str:
    """Return `language` when the resume has it, else abort with 404."""
    if language not in resume_translations.available(resume.content):
        abort(404)
    return language


def _index(resume: Resume, form: LanguageForm, status: int = 200):
    shown_in = interface_language()
    own = _own_language(resume)
    added = resume_translations.available(resume.content)
    form.language.choices = [("", _("Choose a language"))] + [
        (tag, name) for tag, name in languages.resume_language_choices(shown_in)
        if tag != own and tag not in added]
    form.base_version.data = resume.version
    share = sharing.share_of(resume)
    return render_template(
        "resume_translations/index.html", resume=resume, form=form, own=own,
        own_name=languages.display_name(own, shown_in),
        progress=[resume_translations.progress(resume.content, tag) for tag in added],
        names={tag: languages.display_name(tag, shown_in) for tag in added},
        share_url=url_for("sharing.public", token=share.token, _external=True) if share else None,
        remove_form=RemoveForm(base_version=resume.version)), status


@bp.get("/<int:resume_id>/translations")
@login_required
def index(resume_id: int):
    """List the resume's languages with how much of each is translated, and offer to add one."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    return _index(resume, LanguageForm())


def _refused(error: Exception) -> str:
    """Return why a save was refused, in a sentence for the page."""
    if isinstance(error, resumes.StaleVersion):
        return _("The resume changed in another tab or window since this page was opened: "
                 "nothing was saved. Here it is as it is now.")
    if isinstance(error, quotas.QuotaExceeded):
        return str(error)
    return _("The resume is too long to hold this translation: nothing was saved.")


@bp.post("/<int:resume_id>/translations")
@login_required
def add(resume_id: int):
    """Add a language to translate the resume into, then open its editor."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    form = LanguageForm()
    if not form.validate_on_submit():
        return _index(resume, form, 422)
    settings = design_settings.effective(resume)
    try:
        content = resume_translations.with_language(resume.content, settings, form.language.data)
    except resume_translations.InvalidTranslation as error:
        form.language.errors = [str(error)]
        return _index(resume, form, 422)
    tag = languages.normalize(form.language.data)
    try:
        resume_translations.save(resume, logged_in_user(), form.base_version.data, content,
                                 f"Added the {languages.display_name(tag, 'en')} translation")
    except (resumes.StaleVersion, resumes.InvalidResume, quotas.QuotaExceeded) as error:
        flash(_refused(error), "danger")
        return redirect(url_for("resume_translations.index", resume_id=resume.id))
    return redirect(url_for("resume_translations.edit", resume_id=resume.id, language=tag))


@bp.post("/<int:resume_id>/translations/<language>/delete")
@login_required
def remove(resume_id: int, language: str):
    """Delete one language's translations (a version, so it can be restored)."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    language = _language_or_404(resume, language)
    form = RemoveForm()
    if not form.validate_on_submit():
        abort(400)  # a button and a hidden number: only a forged form gets here
    name = languages.display_name(language, interface_language())
    try:
        resume_translations.save(
            resume, logged_in_user(), form.base_version.data,
            resume_translations.without_language(resume.content, language),
            f"Deleted the {languages.display_name(language, 'en')} translation")
    except (resumes.StaleVersion, resumes.InvalidResume, quotas.QuotaExceeded) as error:
        flash(_refused(error), "danger")
    else:
        flash(_("Deleted the %(language)s translation. The resume's history can bring it back.",
                language=name), "success")
    return redirect(url_for("resume_translations.index", resume_id=resume.id))


def _groups(rows: list[resume_translations.Row], document: dict) -> list[Group]:
    """Return the editor's rows under a heading per entry, in the (normalized) document's
    order."""
    groups: list[Group] = []
    for index, row in enumerate(rows):
        unit = row.unit
        if unit.section == "basics":
            heading = _("Headline and summary")
        else:
            section = resume_document.SECTIONS_BY_KEY[unit.section]
            heading = _("%(section)s: %(entry)s", section=section.title,
                        entry=resume_document.entry_headline(
                            document[unit.section][unit.index], section))
        if not groups or groups[-1].heading != heading:
            groups.append(Group(heading, []))
        groups[-1].rows.append((f"field_{index}", row))
    return groups


def _editor(resume: Resume, language: str, form, rows, status: int = 200):
    shown_in = interface_language()
    own = _own_language(resume)
    return render_template(
        "resume_translations/edit.html", resume=resume, form=form, language=language,
        name=languages.display_name(language, shown_in), own=own,
        own_direction=languages.direction(own),
        own_name=languages.display_name(own, shown_in),
        groups=_groups(rows, resume.document),
        progress=resume_translations.progress(resume.content, language)), status


@bp.get("/<int:resume_id>/translations/<language>")
@login_required
def edit(resume_id: int, language: str):
    """Show each translatable field's original beside its translation into `language`."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    language = _language_or_404(resume, language)
    rows = resume_translations.rows(resume.content, language)
    form = translation_form(rows, language, interface_language(), base_version=resume.version,
                            data={f"field_{index}": row.text for index, row in enumerate(rows)})
    return _editor(resume, language, form, rows)


@bp.post("/<int:resume_id>/translations/<language>")
@login_required
def save(resume_id: int, language: str):
    """Save the translations into `language` as a new version of the resume."""
    resume = resumes.get_owned(resume_id, logged_in_user())
    language = _language_or_404(resume, language)
    rows = resume_translations.rows(resume.content, language)
    form = translation_form(rows, language, interface_language())
    if not form.validate_on_submit():
        form.form_errors.append(_("Some translations are too long: see the marked fields. "
                                  "Nothing was saved."))
        return _editor(resume, language, form, rows, 422)
    content = resume_translations.translated(resume.content, language, texts(form, rows))
    try:
        changed = resume_translations.save(
            resume, logged_in_user(), form.base_version.data, content,
            f"Translated into {languages.display_name(language, 'en')}")
    except resumes.StaleVersion as error:
        flash(_refused(error), "danger")
        return redirect(url_for("resume_translations.edit", resume_id=resume.id,
                                language=language))
    except (resumes.InvalidResume, quotas.QuotaExceeded) as error:
        form.form_errors.append(_refused(error))
        return _editor(resume, language, form, rows, 422)
    name = languages.display_name(language, interface_language())
    flash(_("Saved the %(language)s translation.", language=name) if changed else
          _("Nothing changed in the %(language)s translation.", language=name), "success")
    return redirect(url_for("resume_translations.edit", resume_id=resume.id, language=language))
