"""The resume contents that cost the version diff most, for tests/versions/test_resume_diff.py and
bench/diff.py: random text from a tiny alphabet (every word common to both sides, nothing
in the same place), at the limits of resume_document."""
import random

from website.services import resume_document as doc

ALPHABET = "ab "  # the audit's: two letters and a space
DOCUMENT_BYTES = doc.MAX_DOCUMENT_BYTES  # the serialized size a document stays under


def noise(rng: random.Random, length: int) -> str:
    """Return `length` random characters of ALPHABET that survive trimming (no blank ends)."""
    middle = "".join(rng.choice(ALPHABET) for _ in range(max(length - 2, 0)))
    return ("a" + middle + "b")[:length]


def word_noise(rng: random.Random, tokens: int) -> str:
    """Return a line of at most `tokens` tokens (one fewer if even): words of one or two
    letters between single spaces."""
    return " ".join(rng.choice(("a", "b", "ab", "ba", "aa", "bb"))
                    for _ in range((tokens + 1) // 2))


def audit_skills(rng: random.Random) -> list[dict]:
    """Return the audit's 18 KB: 6 skills, each with 6 keyword lines of 500 noise characters."""
    return [{"name": f"Skill {n}", "keywords": [noise(rng, doc.LINE_MAX_LENGTH)
                                                for _ in range(6)]} for n in range(6)]


def renamed(entries: list[dict], key: str = "name") -> list[dict]:
    """Return copies of `entries` with `key` changed, so no headline matches any more."""
    return [{**entry, key: f"Renamed {entry[key]}"} for entry in entries]


def _filler(section: doc.Section) -> doc.Field:
    """Return the longest text field of `section` but its name: where the noise goes."""
    spare = [f for f in section.fields if f.key != section.headline[0]
             and f.kind in ("text", "textarea", "lines")]
    return max(spare, key=lambda f: doc.LINE_MAX_LENGTH if f.kind == "lines" else f.max_length)


def _entry(section: doc.Section, index: int, text: str) -> dict:
    entry = {key: f"{section.entry_name} {index}" for key in section.headline}
    filler = _filler(section)
    entry[filler.key] = [text] if filler.kind == "lines" else text
    return entry


def three_long_jobs(rng: random.Random) -> tuple[dict, dict]:
    """Return the audit's editor case: three jobs with 2,000-character summaries, then the same
    jobs renamed with other summaries."""
    jobs = [{"position": f"Job {n}", "summary": noise(rng, doc.SUMMARY_MAX_LENGTH)}
            for n in range(3)]
    rewritten = [{**job, "summary": noise(rng, doc.SUMMARY_MAX_LENGTH)} for job in jobs]
    return {"work": jobs}, {"work": renamed(rewritten, "position")}


def _fits(*documents: dict) -> bool:
    return all(doc.serialized_size(document) <= DOCUMENT_BYTES for document in documents)


def every_section_full(rng: random.Random) -> tuple[dict, dict]:
    """Return two documents with 50 entries in every section, as long as the size cap allows,
    every headline renamed and every text replaced: all pairs of entries are worth scoring."""
    per_entry = DOCUMENT_BYTES // (len(doc.SECTIONS) * doc.MAX_ENTRIES)
    while not _fits(*(documents := _every_section_full(rng, per_entry))):
        per_entry -= 10
    return documents


def _every_section_full(rng: random.Random, per_entry: int) -> tuple[dict, dict]:
    before, after = doc.empty_document(), doc.empty_document()
    for section in doc.SECTIONS:
        length = min(per_entry, _filler(section).max_length, doc.LINE_MAX_LENGTH)
        old = [_entry(section, n, noise(rng, length)) for n in range(doc.MAX_ENTRIES)]
        new = [_entry(section, n, noise(rng, length)) for n in range(doc.MAX_ENTRIES)]
        before[section.key] = old
        after[section.key] = renamed(new, section.headline[0])
    return before, after


def longest_lines(rng: random.Random, tokens: int) -> tuple[dict, dict]:
    """Return two documents of skills with 30 keyword lines of `tokens` tokens each, about
    DOCUMENT_BYTES each, every other line replaced: as many line-sized word diffs as fit."""
    line_bytes = len(word_noise(rng, tokens)) + 4
    skills = min(doc.MAX_ENTRIES, DOCUMENT_BYTES // (doc.MAX_LINES * line_bytes))
    while not _fits(*(documents := _longest_lines(rng, tokens, skills))):
        skills -= 1
    return documents


def _longest_lines(rng: random.Random, tokens: int, skills: int) -> tuple[dict, dict]:
    before, after = doc.empty_document(), doc.empty_document()
    for n in range(skills):
        lines = [word_noise(rng, tokens) for _ in range(doc.MAX_LINES)]
        changed = [word_noise(rng, tokens) if k % 2 else line for k, line in enumerate(lines)]
        before["skills"].append({"name": f"Skill {n}", "keywords": lines})
        after["skills"].append({"name": f"Skill {n}", "keywords": changed})
    return before, after


def repetitive_lines(words: int = 50) -> tuple[dict, dict]:
    """Return two documents of 50 skills, each with one keyword line of `words` times "a",
    then every other word "b": the text on which each diff cell costs difflib most."""
    line = " ".join(["a"] * words)
    changed = " ".join("b" if n % 2 == 0 else "a" for n in range(words))
    before, after = doc.empty_document(), doc.empty_document()
    before["skills"] = [{"name": f"Skill {n}", "keywords": [line]} for n in range(doc.MAX_ENTRIES)]
    after["skills"] = [{"name": f"Skill {n}", "keywords": [changed]}
                       for n in range(doc.MAX_ENTRIES)]
    return before, after


def reversed_profiles(count: int = doc.MAX_ENTRIES) -> tuple[dict, dict]:
    """Return two documents with `count` profiles, the second in the opposite order with every
    other username changed."""
    profiles = [{"network": f"Net{n}", "username": f"user{n}"} for n in range(count)]
    changed = [{**p, "username": f"renamed{n}"} if n % 2 else p
               for n, p in enumerate(profiles)]
    before, after = doc.empty_document(), doc.empty_document()
    before["basics"]["profiles"] = profiles
    after["basics"]["profiles"] = changed[::-1]
    return before, after
