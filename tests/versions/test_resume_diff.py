"""The version diff on the inputs that cost it most: correct, and bounded by counted work."""
import random

from tests import diff_inputs
from website.services import resume_diff, resume_document
from website.services.resume_diff import ADDED, REMOVED, SAME, Work, compare, word_diff
from website.services.resumes import Snapshot


def state(content: dict, title: str = "Backend roles") -> Snapshot:
    return Snapshot(title, "classic", {}, content, resume_document.normalize(content))


def joined(segments, *kinds: str) -> str:
    return "".join(segment.text for segment in segments if segment.kind in kinds)


def assert_correct(before: str, after: str, left, right) -> None:
    """Each side gives back its text; the old one has nothing added, the new nothing removed."""
    assert joined(left, SAME, REMOVED) == before and joined(right, SAME, ADDED) == after
    assert not joined(left, ADDED) and not joined(right, REMOVED)


def test_two_long_random_texts_are_shown_replaced_whole_not_word_by_word():
    rng = random.Random(4)
    before, after = (diff_inputs.noise(rng, 2000) for _ in range(2))
    work = Work()

    left, right = word_diff(before, after, work)

    assert_correct(before, after, left, right)
    assert [s.kind for s in left].count(REMOVED) == 1
    assert [s.kind for s in right].count(ADDED) == 1
    assert work.coarse == 1 and work.cells <= resume_diff.MAX_CELLS_PER_DIFF


def test_a_long_text_with_two_edits_still_marks_just_those_words():
    lines = [f"Shipped release {n} of the payments API to 2,000 merchants without downtime"
             for n in range(30)]
    edited = list(lines)
    edited[2] = edited[2].replace("payments", "payouts")
    edited[27] = edited[27].replace("2,000", "3,000")
    before, after = "\n".join(lines), "\n".join(edited)

    left, right = word_diff(before, after, Work())

    assert_correct(before, after, left, right)
    assert [s.text for s in left if s.kind == REMOVED] == ["payments", "2"]
    assert [s.text for s in right if s.kind == ADDED] == ["payouts", "3"]


def test_the_audits_renamed_skills_are_each_one_edited_skill_scoring_each_pair_once():
    skills = diff_inputs.audit_skills(random.Random(13))
    work = Work()

    diff = compare(state({"skills": skills}), state({"skills": diff_inputs.renamed(skills)}),
                   {}, work)

    assert diff.changes == [f"edited Skills: Renamed Skill {n} (skill)" for n in range(6)]
    # 6 x 6 renamed skills: each pair scored once, in time that does not grow with its text;
    # the identical keyword lines are not diffed at all.
    assert work.pairs == 36 and work.coarse == 0
    assert work.cells <= 6 * 2 * (1 + resume_diff.DIFF_CALL_CELLS)


def test_a_document_at_the_limits_is_compared_within_the_work_limits_and_correctly():
    before, after = diff_inputs.every_section_full(random.Random(13))
    work = Work()

    diff = compare(state(before), state(after), {}, work)

    assert work.pairs == resume_diff.MAX_ENTRY_PAIRS  # 11 sections of 50 x 50: the rest unscored
    assert work.cells <= resume_diff.MAX_DIFF_CELLS
    for section in diff.sections[2:-1]:
        old, new = before[section.key], after[section.key]
        # Every entry is on its side once, matched or not, and each field reads as stored.
        assert sorted(e.before_index for e in section.entries if e.before_index is not None) \
            == list(range(len(old)))
        assert [e.after_index for e in section.entries if e.after_index is not None] \
            == list(range(len(new)))
        for entry in section.entries:
            for field in entry.fields:
                assert not joined(field.before, ADDED) and not joined(field.after, REMOVED)


def test_the_longest_lines_exhaust_the_budget_and_the_rest_is_coarse_but_correct():
    before, after = diff_inputs.longest_lines(random.Random(13), 199)
    work = Work()

    diff = compare(state(before), state(after), {}, work)

    assert work.cells <= resume_diff.MAX_DIFF_CELLS and work.coarse > 0
    skills = next(section for section in diff.sections if section.key == "skills")
    for entry, old, new in zip(skills.entries, before["skills"], after["skills"], strict=True):
        keywords = next(field for field in entry.fields if field.label == "Keywords")
        assert_correct("\n".join(old["keywords"]), "\n".join(new["keywords"]),
                       keywords.before, keywords.after)


def test_repetitive_lines_stop_at_the_budget_and_read_back_exactly():
    before, after = diff_inputs.repetitive_lines()
    work = Work()

    diff = compare(state(before), state(after), {}, work)

    assert work.cells <= resume_diff.MAX_DIFF_CELLS and work.coarse > 0
    skills = next(section for section in diff.sections if section.key == "skills")
    marked_word_by_word = 0
    for entry, old, new in zip(skills.entries, before["skills"], after["skills"], strict=True):
        keywords = next(field for field in entry.fields if field.label == "Keywords")
        assert_correct(old["keywords"][0], new["keywords"][0], keywords.before, keywords.after)
        marked_word_by_word += len(keywords.after) > 1
    assert marked_word_by_word > 0  # the first ones, before the budget ran out


def test_jobs_renamed_with_other_random_summaries_are_removed_and_added():
    before, after = diff_inputs.three_long_jobs(random.Random(13))

    assert resume_diff.changes(state(before), state(after, "Renamed"), {}) == [
        "renamed “Backend roles” to “Renamed”",
        *(f"removed job Job {n}" for n in range(3)),
        *(f"added job Renamed Job {n}" for n in range(3))]


def test_reordering_many_entries_reports_the_fewest_moves():
    before, after = diff_inputs.reversed_profiles()
    diff = compare(state(before), state(after), {})
    basics = diff.sections[1]
    unchanged = [e for e in basics.entries if e.status == "unchanged"]
    # Reversed: one profile keeps its place, every other one moved.
    assert sum(1 for e in unchanged if e.moved) == len(unchanged) - 1
