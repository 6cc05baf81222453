"""Every text the app shows is marked for translation, and every catalogue translates it all.

A text written straight into a template, a flash message, a form label or a script's message
would stay English for a German reader: these tests name the file and the text. The
catalogues must translate every marked text into each interface language, and the words a
resume prints (context "resume") into each resume language, with the same placeholders.
"""
import ast
import html.parser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from website import i18n
from website.services import languages

WEBSITE = Path(__file__).resolve().parent.parent / "website"
TEMPLATES = sorted((WEBSITE / "templates").rglob("*.html")) + \
    sorted((WEBSITE / "templates").rglob("*.txt"))
SCRIPTS = sorted(path for path in (WEBSITE / "static" / "js").rglob("*.js"))
MODULES = sorted(path for path in WEBSITE.rglob("*.py")
                 # The API answers programs in English; the admin commands print to a terminal.
                 if "api" not in path.relative_to(WEBSITE).parts[:1]
                 and path.name != "commands.py")

# Words that read the same in every language: file formats, standards, product names.
UNTRANSLATED = {"PDF", "DOCX", "JSON", "TXT", "API", "URL", "CSV", "ATS", "SVG", "PNG", "JPEG",
                "HTTP", "HTTPS", "HMAC", "SHA-256", "OpenAPI", "UTC", "ID", "TOTP", "QR",
                "JSON Resume", "LinkedIn", "GitHub", "Word", "Markdown", "Resume Builder", "v1",
                "Webhook-Signature", "Webhook-Id", "Webhook-Timestamp", "Authorization",
                "Bearer", "curl", "POST", "GET", "PUT", "PATCH", "DELETE"}
# Attributes a reader sees or hears.
SHOWN_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description",
                    "aria-roledescription", "aria-valuetext", "label"}
JINJA_CODE = re.compile(r"{#.*?#}|{%-?\s*trans\b.*?endtrans\s*-?%}|{{.*?}}|{%.*?%}", re.S)
STRING = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'")
MARKER_BEFORE = re.compile(r"(?:\b_|gettext|_l|pgettext\(\s*[\"']resume[\"']\s*,)\(?\s*$")
PROSE = re.compile(r"^\W*[A-Z][a-z]|[a-z]{2,} [a-z]{2,} [a-z]{2,}")
# Our own exceptions whose messages go to logs, not to people.
INTERNAL_ERRORS = {"DeliveryError", "Postpone", "_OverBudget", "TooMuchUnpacked",
                   "RefusedFetch", "ConfigurationError", "RuntimeError", "TypeError",
                   "KeyError", "LookupError", "AssertionError", "NotImplementedError",
                   "AttributeError", "TimeoutError"}
SHOWN_KEYWORDS = {"label", "hint", "message", "description", "placeholder", "title"}


def needs_translation(text: str) -> bool:
    """Return whether `text` holds words (not only numbers, symbols and untranslated names)."""
    words = text.strip()
    for name in sorted(UNTRANSLATED, key=len, reverse=True):
        words = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", words)
    return any(char.isalpha() for char in words)


class ShownText(html.parser.HTMLParser):
    """Collects the text nodes and shown attribute values of an HTML page, scripts aside."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag in ("script", "style")
        for name, value in attrs:
            if value and (name in SHOWN_ATTRIBUTES or (
                    name == "value" and dict(attrs).get("type") in ("submit", "button"))):
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._in_script = False

    def handle_data(self, data):
        if not self._in_script:
            self.found.append(data)


def unmarked_in_template(path: Path) -> list[str]:
    """Return the texts of a template that are neither marked nor code."""
    source = path.read_text()
    found = []
    for code in re.findall(r"{{.*?}}|{%.*?%}", JINJA_CODE.sub(
            lambda m: m.group(0) if not m.group(0).startswith(("{% trans", "{%- trans", "{#"))
            else " ", source), re.S):
        if "ngettext" in code:
            continue
        for match in STRING.finditer(code):
            literal = match.group(1) if match.group(1) is not None else match.group(2)
            if PROSE.search(literal) and not MARKER_BEFORE.search(code[:match.start()]):
                found.append(literal)
    text = JINJA_CODE.sub(" ", source)
    if path.suffix == ".txt":
        found += [line for line in text.splitlines() if needs_translation(line)]
    else:
        parser = ShownText()
        parser.feed(text)
        found += [chunk.strip() for chunk in parser.found if needs_translation(chunk)]
    return found


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(WEBSITE)))
def test_template_marks_every_text_it_shows(path):
    assert unmarked_in_template(path) == [], f"mark these texts in {path} for translation"


def _literal(node) -> str | None:
    """Return the text of a string literal, an f-string or "a" + b, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _literal(node.left) or _literal(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr == "format":
        return _literal(node.func.value)
    return None


def _name(func) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def unmarked_in_module(path: Path) -> list[str]:
    """Return the shown texts of a module left unmarked: flash messages, form field labels,
    messages and hints, and our exceptions' messages."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        shown = []
        if name == "flash" and node.args:
            shown.append(node.args[0])
        if name.endswith("Field") and node.args:  # a WTForms field's label, or ours: key, label
            shown.append(node.args[1] if name == "Field" and len(node.args) > 1 else node.args[0])
        shown += [keyword.value for keyword in node.keywords if keyword.arg in SHOWN_KEYWORDS]
        shown += [keyword.value.values[keyword.value.keys.index(key)]
                  for keyword in node.keywords if keyword.arg == "render_kw"
                  and isinstance(keyword.value, ast.Dict)
                  for key in keyword.value.keys
                  if isinstance(key, ast.Constant) and key.value in SHOWN_ATTRIBUTES]
        for value in shown:
            text = _literal(value)
            if text and needs_translation(text):
                found.append(f"line {node.lineno}: {text}")
    for node in ast.walk(ast.parse(path.read_text())):
        # errors["field"] = "Choose ...": a message shown next to a field.
        if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Subscript) and re.search(
                    r"error|problem|message", ast.unparse(target.value), re.I)
                for target in node.targets):
            text = _literal(node.value)
            if text and PROSE.search(text):
                found.append(f"line {node.lineno}: {text}")
    # A model's errors are a programmer's (a naive datetime), never shown to a person.
    checks_raises = "models" not in path.relative_to(WEBSITE).parts
    for node in ast.walk(ast.parse(path.read_text())) if checks_raises else ():
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) \
                and _name(node.exc.func) not in INTERNAL_ERRORS and node.exc.args:
            text = _literal(node.exc.args[0])
            if text and PROSE.search(text):
                found.append(f"line {node.lineno}: raise {text}")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(WEBSITE)))
def test_module_marks_every_text_it_shows(path):
    assert unmarked_in_module(path) == [], f"mark these texts in {path} for translation"


def unmarked_in_script(path: Path) -> list[str]:
    """Return the sentences a script writes itself instead of taking them from the page."""
    source = re.sub(r"^\s*(//|\*|/\*).*$", "", path.read_text(), flags=re.M)
    literals = STRING.findall(source) + [(text, "") for text in re.findall(r"`([^`]*)`", source)]
    texts = (re.sub(r"\$\{[^}]*\}", " ", double or single) for double, single in literals)
    return [text for text in texts if re.search(r"[A-Z][a-z]+[ :,.]+[a-z]", text)]


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: str(p.relative_to(WEBSITE)))
def test_script_takes_its_sentences_from_the_page(path):
    assert unmarked_in_script(path) == [], (
        f"{path} writes these itself: take them from the page with i18n.js's messages()")


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    """Every text the app marks, as `pybabel extract` finds it."""
    template = tmp_path_factory.mktemp("catalogue") / "messages.pot"
    i18n.extract(template)
    with template.open("rb") as file:
        return [message for message in read_po(file) if message.id]


def catalogue(language: str):
    with (i18n.CATALOGUES / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file, locale=language)


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)[sd]", text))


def untranslated(messages, translations) -> list[str]:
    """Return the messages `translations` lacks, leaves fuzzy or gets placeholders wrong."""
    problems = []
    for message in messages:
        found = translations.get(message.id, context=message.context)
        strings = found.string if found and isinstance(found.string, tuple) else \
            (found.string,) if found else ()
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if not found or found.fuzzy or not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
        elif any(placeholders(text) != placeholders(ids[0]) for text in strings):
            problems.append(f"placeholders differ: {ids[0]!r} -> {strings[0]!r}")
    return problems


@pytest.mark.parametrize("language", languages.INTERFACE_LANGUAGES[1:])
def test_interface_catalogue_translates_every_text(marked, language):
    assert untranslated(marked, catalogue(language)) == []


@pytest.mark.parametrize("language", [code for code in languages.RESUME_LANGUAGES[1:]
                                      if code not in languages.INTERFACE_LANGUAGES])
def test_resume_catalogue_translates_every_word_a_resume_prints(marked, language):
    words = [message for message in marked if message.context == i18n.RESUME_CONTEXT]
    assert words, "the designs print no marked words"
    assert untranslated(words, catalogue(language)) == []


def test_herokus_build_compiles_every_catalogue(tmp_path):
    """bin/post_compile, which the Python buildpack runs, leaves a .mo beside each catalogue."""
    shutil.copytree(i18n.CATALOGUES, tmp_path / "website" / "translations",
                    ignore=shutil.ignore_patterns("*.mo"))
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    subprocess.run(["bash", str(i18n.ROOT / "bin" / "post_compile")], cwd=tmp_path, check=True,
                   env=environment, capture_output=True)
    for language in languages.RESUME_LANGUAGES[1:]:
        compiled = tmp_path / "website" / "translations" / language / "LC_MESSAGES" / "messages.mo"
        with compiled.open("rb") as file:
            assert any(message.string for message in read_mo(file) if message.id), language
