"""Skill recognition: which skills of the vocabulary a text names, and where.

The vocabulary (vocabulary.json, built by bin/build-skill-vocabulary from GitHub Linguist,
Simple Icons, ESCO and our own list) gives each skill its spellings. A text is cut into tokens
("C++", "C#", ".NET" and "Node.js" are one token each; hyphens, slashes and spaces separate), and
the longest run of tokens that spells a skill wins: "Spring Boot" before "Spring", "card-payments"
is "Card payments" and never "card". Spellings that are also English words carry rules: "exact"
ones match only as written ("Go", not "go"), "verb_like" ones not as the verb opening a sentence
("Go live"), "needs_context" ones only next to other skills or in a phrase such as "in R".
Some skills name others too: "T-SQL" is also a mention of SQL, at the same place.
Words joined to a skill's last word are skills of that word too: "unit and UI tests" names
Unit testing and UI testing, "iOS, Android and web apps" each platform's apps.
A competence of two words is also found said the other way round, as a verb and its object
("assess patients" is Patient assessment, "manage the pipeline" Pipeline management): both
words compared by their Snowball stem, in either order, at most an article apart.
"""
import json
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

from website.services.text import fold_with_offsets

VOCABULARY = Path(__file__).with_name("vocabulary.json")
# A token: letters and digits with inner dots ("node.js"), a leading dot after a space (".net"),
# and a trailing "++", "+" or "#" ("c++", "c#").
TOKEN = re.compile(r"(?:(?<![\w.])\.)?[a-z0-9]+(?:\.[a-z0-9]+)*(?:\+\+|\+|#)?", re.IGNORECASE)
# What may stand between two tokens of one spelling: "PCI-DSS", "CI / CD", "S&OP".
JOINER = re.compile(r"[ \t\-/&_]*")
# What may stand between two skills of a list: "R, Python", "C/C++", "SQL and R".
LIST_GAP = re.compile(r"[\s,/&|;+()]*(?:(?:and|or|and/or|as well as)[\s,/&|;+()]*)?",
                      re.IGNORECASE)
# Words that, following an ambiguous name, show it is the skill: "Go experience", "R programming".
SKILLISH_NEXT = frozenset(
    "experience experienced knowledge skills skill expertise proficiency proficient developer "
    "developers engineer engineers engineering programming programmer programmers language "
    "languages code codebase codebases services service microservices backend backends apps "
    "applications application libraries library modules packages scripts scripting stack "
    "projects project is are was and or development framework frameworks ecosystem tooling "
    "shiny markdown studio runtime components pipelines".split())
SKILL_NOUNS = SKILLISH_NEXT - {"and", "or", "is", "are", "was"}
# Words after a verb-like name that show the English verb: "Go live", "Go the extra mile".
VERB_NEXT = frozenset("live ahead beyond back through out over into further far above to get the "
                      "a an deeper wrong missing viral extra public forth along away down up "
                      "figure".split())
PREPOSITIONS = frozenset("for with in on via from".split())  # not "at": "Excel at it"
VERB_HYPHENATED = frozenset("to live getter ahead between around".split())
# Words before an ambiguous single letter that make it a language: "in R", "with C".
CONTEXT_BEFORE = frozenset("in with using of like languages language".split())
LIST_WORDS = frozenset("and or well as".split())
SENTENCE_END = ".!?:;•·*-–—>"
# What may stand between the verb and its object in a competence said the other way round.
ARTICLES = frozenset("the a an your our their its".split())
PARAPHRASED_KINDS = ("professional", "practice")
AGENT_ENDINGS = ("er", "ers", "or", "ors", "ist", "ists")
_stemmer = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class Skill:
    """One skill of the vocabulary: `key` is stable (stored in matches), `name` is shown."""

    key: str
    name: str
    kind: str = "technology"  # technology, practice or professional


@dataclass(frozen=True)
class Mention:
    """One place where a text names a skill: `text[start:end]` is how it was written."""

    skill: Skill
    start: int
    end: int


@dataclass(frozen=True)
class Spelling:
    """One way of writing a skill, with the rules for when it counts."""

    skill: Skill
    exact: tuple[str, ...] | None  # the tokens as they must be written, or None: any case
    needs_context: bool
    verb_like: bool


@dataclass(frozen=True)
class Vocabulary:
    """The skills by key and their spellings by folded tokens, ready for matching."""

    skills: dict[str, Skill]
    implied: dict[str, tuple[Skill, ...]]  # key: the skills a mention of it names too
    spellings: dict[tuple[str, ...], tuple[Spelling, ...]]
    longest: dict[str, int]  # first token: the most tokens a spelling starting with it has
    paraphrases: dict[frozenset[str], Skill]  # two stems: the competence they name, any order


def _tokens(spelling: str) -> tuple[str, ...]:
    return tuple(TOKEN.findall(spelling))


def _plurals(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    last = tokens[-1]
    if not last.isalpha() or len(last) < 3:
        return []
    if last.endswith(("s", "x", "z", "ch", "sh")):
        return [(*tokens[:-1], last + "es")] if not last.endswith("s") else []
    if last.endswith("y") and last[-2] not in "aeiou":
        return [(*tokens[:-1], last[:-1] + "ies")]
    return [(*tokens[:-1], last + "s")]


@cache
def _vocabulary() -> Vocabulary:
    document = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    skills, spellings, plurals = {}, {}, {}
    for entry in document["skills"]:
        found = Skill(entry["key"], entry["name"], entry["kind"])
        skills[found.key] = found
        exact = set(entry.get("exact", ()))
        for written in (entry["name"], *entry["aliases"]):
            tokens = _tokens(written)
            if not tokens:
                continue
            rule = Spelling(found, tokens if written in exact else None,
                            written in entry.get("needs_context", ()),
                            written in entry.get("verb_like", ()))
            folded = tuple(token.lower() for token in tokens)
            _add(spellings, folded, rule)
            if (written not in exact and not tokens[-1].isupper()
                    and (len(tokens) > 1 or found.kind != "technology")):
                for form in _plurals(folded):
                    _add(plurals, form, rule)
    for form, rules in plurals.items():  # a plural never hides a spelling ("SSRS" is not "SSR"s)
        spellings.setdefault(form, rules)
    longest: dict[str, int] = {}
    for form in spellings:
        longest[form[0]] = max(longest.get(form[0], 0), len(form))
    implied = {entry["key"]: tuple(skills[key] for key in entry["implies"])
               for entry in document["skills"] if entry.get("implies")}
    return Vocabulary(skills, implied, spellings, longest, _paraphrases(spellings))


@lru_cache(maxsize=16_384)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


def _paraphrases(spellings: dict[tuple[str, ...], tuple[Spelling, ...]]
                 ) -> dict[frozenset[str], Skill]:
    """Return {the stems of a two-word competence: it}; stems two skills share name neither."""
    found: dict[frozenset[str], Skill | None] = {}
    for form, rules in spellings.items():
        if len(form) != 2 or not all(word.isalpha() and len(word) > 2 for word in form):
            continue
        for rule in rules:
            if rule.skill.kind in PARAPHRASED_KINDS and rule.exact is None:
                stems = frozenset(_stem(word) for word in form)
                if len(stems) == 2:
                    known = found.setdefault(stems, rule.skill)
                    found[stems] = known if known == rule.skill else None
    return {stems: named for stems, named in found.items() if named is not None}


def _add(spellings: dict[tuple[str, ...], tuple[Spelling, ...]], form: tuple[str, ...],
         rule: Spelling) -> None:
    known = spellings.setdefault(form, ())
    if all(other.skill != rule.skill or other.exact != rule.exact for other in known):
        spellings[form] = (*known, rule)


def _word_after(text: str, end: int) -> str:
    match = re.match(r"[ \t]*([\w'’]+)", text[end:end + 40])
    return match.group(1) if match else ""


def _word_before(text: str, start: int) -> str:
    match = re.search(r"([\w'’]+)[ \t]*$", text[max(0, start - 40):start])
    return match.group(1) if match else ""


def _starts_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 80):start].rstrip(" \t")
    return not before or before[-1] == "\n" or before[-1] in SENTENCE_END


def _is_verb(text: str, start: int, end: int) -> bool:
    """Whether a verb-like name ("Go", "Express") is here the English verb."""
    hyphenated = re.match(r"-([a-z]+)", text[end:end + 12], re.IGNORECASE)
    if hyphenated and hyphenated.group(1).lower() in VERB_HYPHENATED:
        return True
    following = _word_after(text, end)
    if following.lower() in VERB_NEXT:
        return True
    if _word_before(text, start).lower() in ("let's", "lets", "let’s"):
        return True
    if following in PREPOSITIONS:  # "Go for writing operators", not "Go for it"
        return _word_after(text, end + text[end:].find(following) + len(following)) in (
            "it", "a", "the")
    return _opens_sentence_as_word(text, start, end)


def _opens_sentence_as_word(text: str, start: int, end: int) -> bool:
    """Whether a name that is also an English word opens a sentence as that word: "Epic
    story", "Snowflake falls" (but "Epic or Cerner", "Spark for feature engineering")."""
    following = _word_after(text, end)
    return (_starts_sentence(text, start) and following[:1].islower()
            and following not in SKILLISH_NEXT and following not in PREPOSITIONS)


def _alone_on_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not re.search(r"\w", text[line_start:start] + text[end:line_end])


def _named_otherwise(text: str, start: int, end: int) -> bool:
    """Whether an ambiguous name is part of another name: "C-level", "Vitamin C", "Plan R"."""
    if text[end:end + 1] == "-" or text[start - 1:start] == "-":
        return True
    before = re.search(r"([^\W\d_]+) $", text[max(0, start - 30):start])
    return (before is not None and before.group(1).lower() not in CONTEXT_BEFORE | LIST_WORDS
            and _word_after(text, end).lower() not in SKILL_NOUNS)


def _in_phrase(text: str, start: int, end: int) -> bool:
    """Whether an ambiguous name ("R", "C") stands in a skill-ish phrase or alone on its line."""
    if _alone_on_line(text, start, end) or (text[start - 1:start] == "("
                                            and text[end:end + 1] == ")" and end - start > 1):
        return True  # a skills list's line, or named in brackets: "GitOps (Flux)", not "(c)"
    following = _word_after(text, end)
    if following.lower() in SKILL_NOUNS:
        return True
    if _word_before(text, start).lower() not in CONTEXT_BEFORE:
        return False
    return not following[:1].islower() or following.lower() in ("and", "or")


def _accepted(spelling: Spelling, text: str, start: int, end: int, parts: Sequence[str]) -> bool:
    if spelling.exact is not None and tuple(parts) != spelling.exact:
        return False
    if spelling.verb_like:
        return not _is_verb(text, start, end)
    return spelling.exact is None or not _opens_sentence_as_word(text, start, end)


def find_skills(text: str) -> list[Mention]:
    """Return every mention of a vocabulary skill in `text`, in order of appearance."""
    vocabulary = _vocabulary()
    folded, offsets = fold_with_offsets(text)
    tokens = list(TOKEN.finditer(folded))
    words = [token.group() for token in tokens]
    found: list[tuple[Mention, bool]] = []  # each mention, and whether it needs context
    index = 0
    while index < len(tokens):
        longest = vocabulary.longest.get(words[index], 0)
        for size in range(min(longest, len(tokens) - index), 0, -1):
            run = range(index, index + size)
            spellings = vocabulary.spellings.get(tuple(words[index:index + size]))
            if not spellings or any(JOINER.fullmatch(folded, tokens[at].end(),
                                                     tokens[at + 1].start()) is None
                                    for at in run[:-1]):
                continue
            start, end = offsets[tokens[index].start()], offsets[tokens[run[-1]].end() - 1] + 1
            parts = [text[offsets[tokens[at].start()]:offsets[tokens[at].end() - 1] + 1]
                     for at in run]
            spelling = next((candidate for candidate in spellings
                             if _accepted(candidate, text, start, end, parts)), None)
            if spelling is not None:
                found += [(Mention(named, start, end), spelling.needs_context)
                          for named in (spelling.skill,
                                        *vocabulary.implied.get(spelling.skill.key, ()))]
                index += size
                break
        else:
            index += 1
    found += _coordinated(vocabulary, folded, offsets, tokens, found)
    found += _paraphrased(vocabulary, folded, offsets, tokens,
                          [mention for mention, _ in found])
    found.sort(key=lambda item: item[0].start)
    return _with_context(text, found)


def _coordinated(vocabulary: Vocabulary, folded: str, offsets: Sequence[int],
                 tokens: list[re.Match], found: list[tuple[Mention, bool]]
                 ) -> list[tuple[Mention, bool]]:
    """Return the skills named by words joined to a skill of several words: "unit" in "unit
    and UI tests" (Unit testing beside UI testing), "unit" and "integration" in "unit,
    integration and UI tests"."""
    first_token = {offsets[token.start()]: at for at, token in enumerate(tokens)}
    spans = [(mention.start, mention.end) for mention, _ in found]
    words = [token.group() for token in tokens]
    joined = []
    for mention, _ in found:
        first = first_token.get(mention.start)
        last = first
        while last is not None and last + 1 < len(tokens) and \
                offsets[tokens[last + 1].start()] < mention.end:
            last += 1
        if first is None or last == first:
            continue
        at = first
        while at >= 1:
            gap = folded[tokens[at - 1].end():tokens[at].start()]
            if words[at - 1] in ("and", "or") and at >= 2 and gap.strip() == "":
                candidate = at - 2
            elif gap.strip() == ",":
                candidate = at - 1
            else:
                break
            rule = _joined_spelling(vocabulary, words[candidate], tuple(words[first:last + 1]))
            start = offsets[tokens[candidate].start()]
            if rule is None or any(begin <= start < end for begin, end in spans):
                break  # a word of another skill ("DCF valuation and LBO modelling")
            joined.append((Mention(rule.skill, start, offsets[tokens[candidate].end() - 1] + 1),
                           False))
            at = candidate
    return joined


def _joined_spelling(vocabulary: Vocabulary, word: str, spelled: tuple[str, ...]
                     ) -> Spelling | None:
    """Return the spelling `word` makes with the last words of a skill's spelling ("unit" with
    "tests" of "end-to-end tests"), if any, and only a plain one (no case or context rule)."""
    for size in range(len(spelled) - 1, 0, -1):
        for rule in vocabulary.spellings.get((word, *spelled[-size:]), ()):
            if rule.exact is None and not rule.needs_context:
                return rule
    return None


def _plain_word(word: str) -> bool:
    """Whether a word may be half of a paraphrase: a word, and no agent noun, so that a job
    title ("product manager", "graphic designer") is never read as the competence."""
    return (word.isalpha() and len(word) > 2
            and not (word.endswith(AGENT_ENDINGS) and _stem(word) != word))


def _paraphrased(vocabulary: Vocabulary, folded: str, offsets: Sequence[int],
                 tokens: list[re.Match], named: list[Mention]) -> list[tuple[Mention, bool]]:
    """Return the competences said the other way round ("assess patients") where no
    spelling of a skill was found."""
    starts = [offsets[token.start()] for token in tokens]
    covered = set()
    for mention in named:
        at = bisect_left(starts, mention.start)
        while at < len(starts) and starts[at] < mention.end:
            covered.add(at)
            at += 1
    found, index = [], 0
    words = [token.group() for token in tokens]
    while index < len(tokens) - 1:
        following = index + 2 if words[index + 1] in ARTICLES else index + 1
        pair = (index, following)
        if (following < len(tokens) and not covered & set(range(index, following + 1))
                and all(_plain_word(words[at]) for at in pair)
                and re.fullmatch(r"[ \t]+", folded[tokens[index].end():tokens[index + 1].start()])):
            skill = vocabulary.paraphrases.get(frozenset(_stem(words[at]) for at in pair))
            if skill is not None:
                start = offsets[tokens[index].start()]
                end = offsets[tokens[following].end() - 1] + 1
                found.append((Mention(skill, start, end), False))
                index = following + 1
                continue
        index += 1
    return found


def _with_context(text: str, found: list[tuple[Mention, bool]]) -> list[Mention]:
    """Keep the mentions needing context that stand in a list of skills with one not needing
    it ("Python, R and SQL", "ACL, IDEA or SQL") or in a skill-ish phrase ("in R")."""
    kept, group = [], []
    for position, (mention, needs_context) in enumerate(found):
        group.append((mention, needs_context))
        following = found[position + 1][0] if position + 1 < len(found) else None
        if following is not None and LIST_GAP.fullmatch(text, mention.end, following.start):
            continue
        anchored = any(not needs or _in_phrase(text, item.start, item.end)
                       for item, needs in group)
        kept += [item for item, needs in group
                 if not needs or not _named_otherwise(text, item.start, item.end) and (
                     anchored and len(group) > 1 or _in_phrase(text, item.start, item.end))]
        group = []
    return kept


def skill(key: str) -> Skill | None:
    """Return the vocabulary's skill with this key, or None if the vocabulary has no such key."""
    return _vocabulary().skills.get(key)
