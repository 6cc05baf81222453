"""What the editor's frame (`editor/_layout.html`) needs, for the section and Design pages."""
from flask import url_for
from flask_babel import gettext as _

from website.services import resume_document, resumes, templates

DESIGN_TAB = "design"


def tabs(resume) -> list[tuple[str, str, int | None, str]]:
    """Return (key, title, entry count, URL) of each tab: personal info, sections, design."""
    document = resume_document.normalize(resume.content)
    section_tabs = [("basics", _("Personal info"), None)] + [
        (s.key, s.title, len(document[s.key])) for s in resume_document.SECTIONS]
    return [(key, title, count,
             url_for("editor.edit_section", resume_id=resume.id, section=key))
            for key, title, count in section_tabs] + [
        (DESIGN_TAB, _("Design"), None, url_for("resumes.preview", resume_id=resume.id))]


def frame(resume, current_tab: str, preview_url: str | None = None) -> dict:
    """Return the template context of the editor frame around the page of `current_tab`."""
    return {
        "resume": resume, "current_tab": current_tab, "tabs": tabs(resume),
        "completion": resumes.completion(resume), "template_names": templates.names(),
        "preview_url": preview_url or url_for("resumes.preview_document", resume_id=resume.id),
    }
