"""The interface language of each request, and the commands that keep the catalogues.

Templates and code mark every text they show: `{% trans %}`/`_()` in templates; `gettext`,
`lazy_gettext` (for texts defined at import time, like form labels) and `pgettext("resume",
...)` for the words a resume itself prints, whose language is the resume's, not the reader's.
`bin/translations` extracts the marked texts and merges them into every catalogue under
website/translations; `make translations` and Heroku's build (bin/post_compile) compile them
into the .mo files the app reads, which are not committed.
"""
import contextlib
import tempfile
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from flask import Flask, has_request_context, request
from flask_babel import Babel, get_locale
from flask_login import current_user

from website.api.problems import API_PREFIX
from website.services import languages

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "website" / "translations"
MAPPING = ROOT / "babel.cfg"
# The functions whose first argument (or context and text, for the p* ones) is a message.
KEYWORDS = ("_", "gettext", "ngettext:1,2", "pgettext:1c,2", "npgettext:1c,2,3", "_l",
            "lazy_gettext", "lazy_ngettext:1,2", "lazy_pgettext:1c,2")
# The context of the words printed on a resume: translated into every resume language.
RESUME_CONTEXT = "resume"

babel = Babel()


def select_interface_language() -> str:
    """Return the interface language of this request: the account's choice, else the first
    of the browser's Accept-Language languages we speak, else English. The API answers
    programs, in English, whatever their HTTP library sends."""
    if not has_request_context() or request.path.startswith(API_PREFIX):
        return languages.DEFAULT
    if current_user and current_user.is_authenticated:
        chosen = getattr(current_user, "language", None)
        if chosen in languages.INTERFACE_LANGUAGES:
            return chosen
    # By the primary subtag, in the browser's order of preference: "de-DE, en;q=0.5" is German
    # (Werkzeug's best_match would prefer the exact "en").
    for tag, _ in request.accept_languages:
        language = tag.replace("_", "-").partition("-")[0].lower()
        if language in languages.INTERFACE_LANGUAGES:
            return language
    return languages.DEFAULT


def interface_language() -> str:
    """Return the language the current page is written in, like "de"."""
    return get_locale().language if get_locale() else languages.DEFAULT


def init_i18n(app: Flask) -> None:
    """Bind Flask-Babel to `app` and give templates the page's language."""
    babel.init_app(app, locale_selector=select_interface_language)
    # `{% trans %}` blocks spread over lines become one-line messages, as pybabel extracts them.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.context_processor(lambda: {"interface_language": interface_language()})


def extract(output: Path) -> None:
    """Write every marked text of the app to the template catalogue `output`."""
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    # From the project's folder, so the catalogues name files as "website/...", not by a path
    # of one machine.
    with contextlib.chdir(ROOT):
        _pybabel("extract", "--no-default-keywords", *keywords, "-F", str(MAPPING),
                 "--sort-by-file", "--project", "Resume Builder", "-o", str(output), "website")


def update() -> None:
    """Extract the marked texts and merge them into each language's catalogue."""
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "messages.pot"
        extract(template)
        for language in languages.RESUME_LANGUAGES[1:]:
            exists = (CATALOGUES / language / "LC_MESSAGES" / "messages.po").exists()
            _pybabel("update" if exists else "init", "-i", str(template), "-d", str(CATALOGUES),
                     "-l", language, *(["--no-fuzzy-matching", "--ignore-obsolete"]
                                       if exists else []))


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])

