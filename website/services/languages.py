"""The languages the app speaks: the interface's, and the ones a resume can be written in.

Codes are BCP 47 tags as people and browsers write them ("pl", "pt-BR", "zh-CN"); Babel's
locale data supplies names, text direction, month names and date patterns for each.
"""
from babel import Locale, UnknownLocaleError

DEFAULT = "en"

# Languages whose every interface text is translated; the interface offers only these.
INTERFACE_LANGUAGES = ("en", "de", "fr", "es", "pl")

# Languages a resume can be written in: its headings, dates and labels come out in each. The
# catalogues translate the document's words (context "resume") into every one of them.
RESUME_LANGUAGES = ("en", "de", "fr", "es", "pl", "pt", "it", "nl", "ar", "zh", "ja", "ko")

# The regions offered per language, for its date style ("Sep 1, 2021" or "1 Sept 2021"); the
# first is the one a bare language code means.
REGIONS = {
    "en": ("US", "GB", "CA", "AU", "IE", "IN", "NZ", "ZA"),
    "de": ("DE", "AT", "CH"),
    "fr": ("FR", "BE", "CA", "CH"),
    "es": ("ES", "MX", "AR", "CO", "US"),
    "pl": ("PL",),
    "pt": ("PT", "BR"),
    "it": ("IT", "CH"),
    "nl": ("NL", "BE"),
    "ar": ("SA", "AE", "EG", "MA"),
    # Simplified Chinese only: Taiwan and Hong Kong write traditional characters, which would
    # need a catalogue of their own; "zh-TW" falls back to "zh".
    "zh": ("CN", "SG"),
    "ja": ("JP",),
    "ko": ("KR",),
}

# Scripts WeasyPrint draws with the server's own fonts (fontconfig), not the fonts we ship: the
# Debian package fonts-noto-cjk provides them (see HEROKU_DEPLOYMENT.md for the Aptfile line).
CJK_LANGUAGES = ("zh", "ja", "ko")


def parse(code: str | None) -> Locale | None:
    """Return Babel's locale for a tag like "pl", "pt-BR" or "zh_TW", or None when the tag is
    not one a resume can be written in."""
    if not code or not isinstance(code, str) or len(code) > 16:
        return None
    try:
        locale = Locale.parse(code.strip().replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    return locale if locale.language in RESUME_LANGUAGES else None


def normalize(code: str | None, default: str = DEFAULT) -> str:
    """Return the canonical tag for `code` ("pt-BR", "en-GB", "de"), or `default` for a tag
    nobody supports, so that a bad or foreign code never breaks a page or a file."""
    locale = parse(code)
    if locale is None:
        return default
    if locale.territory and locale.territory in REGIONS[locale.language]:
        return f"{locale.language}-{locale.territory}"
    return locale.language


def babel_locale(code: str | None) -> Locale:
    """Return the Babel locale that formats dates for a resume written in `code`."""
    tag = normalize(code)
    language, _, region = tag.partition("-")
    return Locale.parse(f"{language}_{region or REGIONS[language][0]}")


def language_of(code: str | None) -> str:
    """Return the bare language of `code` ("pt" for "pt-BR"), the default when unknown."""
    return normalize(code).partition("-")[0]


def is_right_to_left(code: str | None) -> bool:
    """Return whether text in `code` runs right to left (Arabic)."""
    return babel_locale(code).character_order == "right-to-left"


def direction(code: str | None) -> str:
    """Return the HTML dir attribute for `code`: "rtl" or "ltr"."""
    return "rtl" if is_right_to_left(code) else "ltr"


def needs_system_fonts(code: str | None) -> bool:
    """Return whether `code` is written in a script only the server's own fonts draw (CJK)."""
    return language_of(code) in CJK_LANGUAGES


def display_name(code: str | None, in_language: str | None = None) -> str:
    """Return the name of `code` written in `in_language` (its own name when None), as it
    stands in a sentence there: "polski", "Polnisch" or "Portuguese (Brazil)"."""
    locale = babel_locale(code) if "-" in normalize(code) else Locale.parse(language_of(code))
    shown_in = Locale.parse(language_of(in_language)) if in_language else locale
    return locale.get_display_name(shown_in) or normalize(code)


def _listed(name: str) -> str:
    """Return a name as a list of choices shows it: "Polski", "Arabski"."""
    return name[:1].upper() + name[1:]


def resume_language_choices(in_language: str | None = None) -> list[tuple[str, str]]:
    """Return (tag, name) for every resume language and region, named in `in_language`: the
    bare language first ("Polish"), then each region ("English (United Kingdom)")."""
    choices = []
    for language in RESUME_LANGUAGES:
        choices.append((language, _listed(display_name(language, in_language))))
        regions = REGIONS[language]
        if len(regions) > 1:
            choices += [(f"{language}-{region}", _listed(display_name(f"{language}-{region}",
                                                                      in_language)))
                        for region in regions]
    return choices


def interface_language_choices() -> list[tuple[str, str]]:
    """Return (code, own name) for each interface language, like ("de", "Deutsch")."""
    return [(code, _listed(display_name(code))) for code in INTERFACE_LANGUAGES]
