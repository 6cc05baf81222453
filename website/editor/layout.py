"""What the editor's frame (`editor/_layout.html`) needs, for the section and Design pages."""
from flask import url_for
from flask_babel import gettext as _

from website.i18n import interface_language
from website.services import design_settings, designs, languages, resume_document, resumes

DESIGN_TAB = "design"


def tabs(resume) -> list[tuple[str, str, int | None, str]]:
    """Return (key, title, entry count, URL) of each tab: personal info, sections, design."""
    document = resume.document
    section_tabs = [("basics", _("Personal info"), None)] + [
        (s.key, s.title, len(document[s.key])) for s in resume_document.SECTIONS]
    return [(key, title, count,
             url_for("editor.edit_section", resume_id=resume.id, section=key))
            for key, title, count in section_tabs] + [
        (DESIGN_TAB, _("Design"), None, url_for("resumes.preview", resume_id=resume.id))]


def script_messages() -> dict[str, str]:
    """Return the sentences the editor's scripts show, in the reader's language."""
    return {
        "saving": _("Saving…"),
        "saved": _("Saved %(time)s"),
        "load_latest": _("Load the latest version"),
        "stale": _("Not saved: changed in another tab"),
        "fix_fields": _("Not saved: fix the marked fields"),
        "not_saved": _("Not saved: %(message)s"),
        "logged_out": _("Not saved: you were logged out. %(link)s (in a new tab); your text is "
                        "kept here."),
        "log_in": _("Log in"),
        "expired": _("Not saved: the page has expired."),
        "reload": _("Reload the page"),
        "reconnecting": _("Not saved: reconnecting"),
        "draft_back": _("Your unsaved changes from %(time)s were put back and are being saved."),
        "draft_offer": _("You have unsaved text from %(time)s, typed before the latest version "
                         "of this resume was saved. Restore it to check it and save it again, "
                         "or discard it."),
        "draft_more": _("It also holds more entries than this page shows: add them with the "
                        "button below the form, then choose Restore again (the unsaved text is "
                        "kept until then)."),
        "draft_restored": _("The unsaved text is back in the fields: check it, then save."),
        "restore_draft": _("Restore it"),
        "discard_draft": _("Discard it"),
        "characters": _("characters"),
        "too_many": _("%(count)s too many"),
        "over_limit": _("%(label)s is %(over)s characters over the limit of %(limit)s."),
        "near_limit": _("%(label)s: %(used)s of %(limit)s characters used."),
        "tip": _("Tip: %(tips)s"),
        "weak_opener": _("Start with what you did (Led, Built, Cut) rather than “%(opener)s”."),
        "add_number": _("Add a number if you can: how much, how many, how fast."),
        # The template's message (its percent sign doubled): the placeholder kept for the script.
        "complete": _("%(percent)s%% complete: what to add next", percent="%(percent)s"),
        "done": _("done"),
        "moved": _("Moved %(name)s to position %(position)s of %(count)s"),
        "duplicated": _("Duplicated %(name)s: the copy is position %(position)s of %(count)s"),
        "removed": _("Removed %(name)s."),
        "undo": _("Undo"),
        "restored": _("Restored %(name)s at position %(position)s of %(count)s"),
        "drag": _("Drag to reorder %(name)s"),
        "arrange": _("Arrange %(name)s"),
        "preview_offline": _("Preview not updated: no connection. It still shows your earlier "
                             "text."),
        "preview_failed": _("Preview not updated. It still shows your earlier text."),
        "show_form": _("Show form"),
        "show_preview": _("Show preview"),
        "section_moved": _("%(title)s moved to position %(position)s of %(count)s."),
    }


def frame(resume, current_tab: str, preview_url: str | None = None) -> dict:
    """Return the template context of the editor frame around the page of `current_tab`."""
    language = design_settings.effective(resume).language
    return {
        "resume": resume, "current_tab": current_tab, "tabs": tabs(resume),
        "completion": resumes.completion(resume), "design_names": designs.names(),
        "preview_url": preview_url or url_for("resumes.preview_document", resume_id=resume.id),
        "editor_messages": script_messages(),
        # Advice on English wording (opening verbs) is given only for a resume in English.
        "resume_language": language,
        "english_advice": languages.language_of(language) == "en",
        "resume_language_name": languages.display_name(language, interface_language()),
    }
