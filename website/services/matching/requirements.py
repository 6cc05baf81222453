"""Reading a job ad: the skills it asks for, each must-have or nice-to-have, and its title.

An ad is read line by line. A heading ("Requirements", "Nice to have", "What we offer") sets
the kind of the lines under it until the next heading, a label ("Bonus: Kafka") the kind of its
own line; what the company says of itself ("Who we are", "Our stack") counts as a plus. Within
a sentence, words such as "is a plus" or "ideally" make the skills they speak of nice-to-haves.
Skills named only where the ad describes its benefits are not requirements. HTML pasted from a
job site is read as its text.
"""
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

from flask_babel import gettext as _
from stop_words import get_stop_words

from website.services.matching.skills import Mention, Skill, find_skills
from website.services.text import fold

AD_MAX_LENGTH = 20_000
# Stopword lists of other languages, to tell an ad in another language from an English one.
OTHER_LANGUAGES = ("german", "french", "spanish", "italian", "portuguese", "dutch", "swedish",
                   "danish", "norwegian", "finnish", "polish", "czech", "turkish", "romanian",
                   "hungarian", "russian", "ukrainian", "indonesian")
WORD = re.compile(r"[^\W\d_]+")
LONGEST_WORD = 60  # "Pneumonoultramicroscopicsilicovolcanoconiosis" is 45 letters
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
HTML_BLOCKS = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header "
                        "footer dd dt dl blockquote pre hr".split())
# A list item: a line opening with a symbol ("-", "•", "→", "✓") or a number, not a heading.
BULLET = re.compile(r"^\s*(?:[^\w\s#*_(\[\"'“‘]|\*\s|\d+[.)]\s)")
HEADING_MAX_WORDS = 9
HEADING_PLAIN_WORDS = 4  # "The role": a short line is a heading even without a known word
HEADING_LABEL_WORDS = 4  # "Nice to have: Kafka" labels its line; a longer text before ":" is prose
# What a heading says about the lines under it. Checked in this order: "Preferred
# qualifications" is nice, "Qualifications" alone is must.
OFFER_HEADING = re.compile(r"\b(?:what we offer|we offer|benefits|perks|compensation|salary|"
                           r"package|in return|why (?:join|work)|how to apply|"
                           r"our (?:values|culture|commitment))\b", re.IGNORECASE)
NICE_HEADING = re.compile(r"\b(?:nice[- ]to[- ]haves?|bonus|plus(?:es)?|preferred|desirable|"
                          r"ideally|would be (?:great|nice|lovely|a plus)|good to have|"
                          r"stand out|even better|extra credit|advantageous|optional)\b",
                          re.IGNORECASE)
MUST_HEADING = re.compile(r"\b(?:requirements?|required|must[- ]haves?|essential|qualifications|"
                          r"what you(?:'ll| will)? (?:be )?(?:bring(?:ing)?|need|have|do(?:ing)?|"
                          r"work(?:ing)? on|own)|about you|responsibilities|who you are|"
                          r"we(?:'re| are) looking for|duties|day to day|person specification|"
                          r"(?:the|your|this) (?:role|job|position)|your impact)\b",
                          re.IGNORECASE)
# The company describing itself ("Who we are", "Our stack"): what it names there is a plus.
COMPANY_HEADING = re.compile(r"\b(?:(?:our|the|tech(?:nology)?) stack|(?:tools|technologies) we "
                             r"use|who we are|about us|about the (?:company|team)|(?:the|our) "
                             r"team)\b", re.IGNORECASE)
# Words in a sentence that make the skills before them nice-to-haves ("Ansible is welcome"),
# those after them ("ideally Snowflake"), or only the one just before ("MEDDICC (preferred)").
NICE_BEFORE = re.compile(r"\b(?:(?:is|are|be|as|also) (?:a |an )?(?:big |strong |real |huge )?"
                         r"(?:plus|bonus|advantage)|(?:is |are |also )?(?:welcome|preferred|"
                         r"desirable|advantageous|beneficial|optional)|would (?:also )?be "
                         r"(?:valued|lovely|great|nice|helpful|appreciated|beneficial|useful)|"
                         r"(?:is|are) not (?:required|essential|a must)|(?:is|are) (?:also )?"
                         r"(?:a )?nice[- ]to[- ]have)\b", re.IGNORECASE)
NICE_AFTER = re.compile(r"\b(?:ideally|preferably|bonus points?|nice[- ]to[- ]have|a plus if|"
                        r"it(?:'s| is| would be) (?:a )?(?:plus|bonus|great|nice)|extra points|"
                        r"even better)\b", re.IGNORECASE)
NICE_JUST_BEFORE = re.compile(r"\(\s*(?:preferred|a plus|desirable|nice to have|optional)\s*\)",
                              re.IGNORECASE)
MUST_WORD = re.compile(r"\b(?:required|must|essential|mandatory)\b", re.IGNORECASE)
OFFER_SENTENCE = re.compile(r"^\s*(?:(?:in return,? )?we offer|benefits include|the package "
                            r"includes|salary\b|what we offer)", re.IGNORECASE)
# A sentence ends at ".", ";", "!" or "?" before a space: "Node.js" and ".NET" stay whole.
SENTENCE = re.compile(r"(?:[^.;!?]|[.;!?]+(?=\S))+(?:[.;!?]+|$)")


class AdRejected(ValueError):
    """The ad cannot be read sensibly; the message says why, for the person who pasted it."""


@dataclass(frozen=True)
class Requirement:
    """A skill the ad asks for; `must` is False where the ad calls it a plus or nice to have."""

    skill: Skill
    must: bool = True


class _TextOfHtml(HTMLParser):
    """Collects the text of an HTML page, a line per block (paragraph, list item, heading)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in HTML_BLOCKS:
            self.parts.append("\n- " if tag == "li" else "\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in HTML_BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def ad_text(ad: str) -> str:
    """Return the text of `ad`: itself, or the text of the HTML page it was pasted as."""
    if not HTML_TAG.search(ad):
        return ad
    parser = _TextOfHtml()
    parser.feed(ad)
    parser.close()
    lines = (re.sub(r"[ \t\xa0]+", " ", line).strip() for line in "".join(parser.parts)
             .splitlines())
    return "\n".join(line for line in lines if line)


@cache
def _stopwords(language: str) -> frozenset[str]:
    return frozenset(fold(word) for word in get_stop_words(language))


def _shape_problem(words: list[str]) -> str | None:
    if not words:
        return "This ad has no words in it. Paste the text of the job ad."
    if max(len(word) for word in words) > LONGEST_WORD:
        return ("This text has a word of more than 60 letters, so it does not look like a job "
                "ad. Paste the text of the ad itself.")
    counts = Counter(words)
    if len(words) >= 20 and len(counts) <= 3:
        return ("This text repeats the same word over and over, so it does not look like a job "
                "ad. Paste the text of the ad itself.")
    if len(words) >= 3 and counts.keys() <= _stopwords("english"):
        return ("This text has only common words such as “the” and “and”, so it names no "
                "skills to match. Paste the whole ad, with its requirements.")
    return None


def _language_problem(words: list[str]) -> str | None:
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


def _heading_kind(heading: str) -> str | None:
    """Return what a heading says about the lines under it: "must", "nice" or "offer"; None
    if `heading` is a line of text rather than a heading."""
    if OFFER_HEADING.search(heading):
        return "offer"
    if NICE_HEADING.search(heading) or COMPANY_HEADING.search(heading):
        return "nice"
    if MUST_HEADING.search(heading) or len(heading.split()) <= HEADING_PLAIN_WORDS:
        return "must"
    return None


def _heading(line: str) -> tuple[str | None, str]:
    """Return the kind of a heading `line` stands for (None: not a heading) and the rest of
    the line to read: "Nice to have" is a heading over the next lines, "Bonus: Kafka" labels
    the rest of its own line."""
    if BULLET.match(line):
        return None, line
    label, colon, rest = line.partition(":")
    label = label.strip().strip("#*_=").strip()
    if colon and re.search(r"\w", rest) and 0 < len(label.split()) <= HEADING_LABEL_WORDS:
        kind = _heading_kind(label)
        return (kind, rest) if kind else (None, line)
    bare = line.strip().strip("#*_=:").strip()
    if (0 < len(bare.split()) <= HEADING_MAX_WORDS and not bare.endswith((".", ",", ";", "!"))
            and not find_skills(bare)):
        kind = _heading_kind(bare)
        return (kind, "") if kind else (None, line)
    return None, line


def _kinds(sentence: str, mentions: list[Mention]) -> list[bool]:
    """Return for each mention of a must-have `sentence` whether the sentence keeps it a
    must-have ("Terraform (required), Ansible is welcome": Terraform yes, Ansible no)."""
    kinds = [True] * len(mentions)
    for marker in NICE_JUST_BEFORE.finditer(sentence):
        before = [index for index, mention in enumerate(mentions)
                  if mention.end <= marker.start()]
        if before:
            kinds[before[-1]] = False
    for marker in NICE_AFTER.finditer(sentence):
        for index, mention in enumerate(mentions):
            if mention.start >= marker.end():
                kinds[index] = False
    for marker in NICE_BEFORE.finditer(sentence):
        musts = [word.end() for word in MUST_WORD.finditer(sentence, 0, marker.start())]
        start = musts[-1] if musts else 0
        for index, mention in enumerate(mentions):
            if start <= mention.start and mention.end <= marker.start():
                kinds[index] = False
    return kinds


def read_ad(ad: str) -> list[Requirement]:
    """Return the skills `ad` asks for, each once, must-haves first then in the ad's order;
    raise AdRejected with a clear message when it names none or is not in English."""
    text = ad_text(ad)
    words = WORD.findall(fold(text))
    problem = _shape_problem(words) or _language_problem(words)
    if problem:
        raise AdRejected(problem)
    found: dict[str, Requirement] = {}
    section = "must"
    for line in text.splitlines():
        kind, rest = _heading(line)
        if kind and not rest:
            section = kind
        kind = kind or section
        if kind == "offer":
            continue
        for sentence in SENTENCE.findall(rest):
            if OFFER_SENTENCE.match(sentence):
                continue
            mentions = find_skills(sentence)
            kinds = _kinds(sentence, mentions) if kind == "must" else [False] * len(mentions)
            for mention, must in zip(mentions, kinds, strict=True):
                known = found.get(mention.skill.key)
                if known is None or (must and not known.must):
                    found[mention.skill.key] = Requirement(mention.skill, must)
    if not found:
        raise AdRejected(_("This ad names no skills we know, so there is nothing to match. "
                           "Paste the whole ad, with its requirements."))
    ordered = list(found.values())
    return [r for r in ordered if r.must] + [r for r in ordered if not r.must]


def job_title(ad: str) -> str:
    """Return a short label of the ad (its first line), so a person can tell analyses apart."""
    first_line = next((line.strip() for line in ad_text(ad).splitlines() if line.strip()), "")
    return first_line[:80] + ("…" if len(first_line) > 80 else "")
