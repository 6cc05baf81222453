"""Whether this server can draw a resume's Chinese, Japanese or Korean text in a PDF.

We ship fonts for Latin, Greek, Cyrillic and Arabic (design_settings.FONTS); CJK comes from
the server's own fonts through fontconfig (Debian's fonts-noto-cjk, see HEROKU_DEPLOYMENT.md).
Without them WeasyPrint draws empty boxes, so the Design tab says so before a download. The
probe asks `fc-list` (app config FONTCONFIG_FILE, when set, names the fontconfig file it reads,
so a test can point it at a configuration without fonts); answers are kept per process.
"""
import functools
import json
import os
import shutil
import subprocess

from flask import current_app

from website.services import languages

# Unicode blocks of CJK text, with the fontconfig language that draws each.
CJK_BLOCKS = (((0x3040, 0x30FF), "ja"), ((0x31F0, 0x31FF), "ja"),  # kana
              ((0x1100, 0x11FF), "ko"), ((0x3130, 0x318F), "ko"), ((0xAC00, 0xD7AF), "ko"),
              ((0x3400, 0x4DBF), "zh"), ((0x4E00, 0x9FFF), "zh"), ((0xF900, 0xFAFF), "zh"))
# The fontconfig language each is probed as: fontconfig knows Chinese only with a region.
FONTCONFIG_LANGUAGES = {"zh": "zh-cn", "ja": "ja", "ko": "ko"}
PROBE_SECONDS = 10


@functools.cache
def _has_fonts(language: str, config_file: str | None) -> bool:
    program = shutil.which("fc-list")
    if program is None:  # no fontconfig at all: WeasyPrint could not find such fonts either
        return False
    environment = {**os.environ, **({"FONTCONFIG_FILE": config_file} if config_file else {})}
    try:
        # `language` is one of CJK_BLOCKS' fixed codes, never a user's text.
        found = subprocess.run([program, f":lang={language}", "family"],  # noqa: S603
                               env=environment, capture_output=True, text=True,
                               timeout=PROBE_SECONDS, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return bool(found.strip())


def can_draw(language: str) -> bool:
    """Return whether the server has fonts for CJK language `language` ("ja")."""
    return _has_fonts(FONTCONFIG_LANGUAGES[language], current_app.config.get("FONTCONFIG_FILE"))


def scripts_in(text: str) -> set[str]:
    """Return the CJK languages ("zh", "ja", "ko") whose characters `text` holds."""
    found = set()
    for character in text:
        code = ord(character)
        found.update(language for (low, high), language in CJK_BLOCKS if low <= code <= high)
    return found


def missing(language: str, text: str = "") -> str | None:
    """Return the CJK language a resume in `language` holding `text` needs fonts for and this
    server lacks ("ja"), or None when every glyph can be drawn."""
    needed = scripts_in(text)
    if languages.needs_system_fonts(language):
        needed.add(languages.language_of(language))
    return next((code for code in sorted(needed) if not can_draw(code)), None)


def missing_name(source, settings, in_language: str) -> str | None:
    """Return the name (in `in_language`) of the language a resume or version (`source`) drawn
    with `settings` needs fonts for that this server lacks, or None."""
    code = missing(settings.language, json.dumps(source.content or {}, ensure_ascii=False))
    return languages.display_name(code, in_language) if code else None
