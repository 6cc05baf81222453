"""Reading a job ad: the skills it asks for, each must-have or nice-to-have, and its title.

CONTRACT (foundation stub; the vocabulary issue replaces the internals, not the interface).
"""
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from stop_words import get_stop_words

from website.services.matching.skills import Skill, find_skills
from website.services.text import fold

AD_MAX_LENGTH = 20_000
# Stopword lists of other languages, to tell an ad in another language from an English one.
OTHER_LANGUAGES = ("german", "french", "spanish", "italian", "portuguese", "dutch", "swedish",
                   "danish", "norwegian", "finnish", "polish", "czech", "turkish", "romanian",
                   "hungarian", "russian", "ukrainian", "indonesian")
WORD = re.compile(r"[^\W\d_]+")
NICE_TO_HAVE = re.compile(r"nice to have|a plus|bonus|preferred|desirable|ideally|optional",
                          re.IGNORECASE)


class AdRejected(ValueError):
    """The ad cannot be read sensibly; the message says why, for the person who pasted it."""


@dataclass(frozen=True)
class Requirement:
    """A skill the ad asks for; `must` is False where the ad calls it a plus or nice to have."""

    skill: Skill
    must: bool = True


@cache
def _stopwords(language: str) -> frozenset[str]:
    return frozenset(fold(word) for word in get_stop_words(language))


def _language_problem(ad: str) -> str | None:
    words = WORD.findall(fold(ad))
    if not words:
        return None
    foreign_script = sum(1 for word in words if not word.isascii())
    if foreign_script * 2 > len(words):
        return ("This ad does not seem to be in English. The match compares English words, so "
                "paste the English version of the ad if there is one.")
    if len(words) < 8:
        return None
    counts = Counter(words)

    def stopwords_of(language: str) -> int:
        return sum(counts[word] for word in counts.keys() & _stopwords(language))

    english = stopwords_of("english")
    for language in OTHER_LANGUAGES:
        other = stopwords_of(language)
        if other > english * 1.5 and other >= 4:
            return (f"This ad seems to be in {language.title()}. The match compares English "
                    "words, so paste the English version of the ad if there is one.")
    return None


def read_ad(ad: str) -> list[Requirement]:
    """Return the skills `ad` asks for, each once, must-haves first then in the ad's order;
    raise AdRejected with a clear message when it names none or is not in English."""
    problem = _language_problem(ad)
    if problem:
        raise AdRejected(problem)
    found: dict[str, Requirement] = {}
    for line in ad.splitlines():
        must = NICE_TO_HAVE.search(line) is None
        for mention in find_skills(line):
            known = found.get(mention.skill.key)
            if known is None or (must and not known.must):
                found[mention.skill.key] = Requirement(mention.skill, must)
    if not found:
        raise AdRejected("This ad names no skills we know, so there is nothing to match. Paste "
                         "the whole ad, with its requirements.")
    ordered = list(found.values())
    return [r for r in ordered if r.must] + [r for r in ordered if not r.must]


def job_title(ad: str) -> str:
    """Return a short label of the ad (its first line), so a person can tell analyses apart."""
    first_line = next((line.strip() for line in ad.splitlines() if line.strip()), "")
    return first_line[:80] + ("…" if len(first_line) > 80 else "")
