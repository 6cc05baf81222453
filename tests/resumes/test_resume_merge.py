"""The three-way merge of a variant with its master, rule by rule and field by field: the
variant edited, the master edited, the merge checked against what a careful person expects."""
import copy

import pytest

from website.services import resume_diff
from website.services import resume_document as doc
from website.services.resume_merge import OURS, THEIRS, State, merge

NAMES = {"classic": "Classic", "modern": "Modern"}


def job(position: str, company: str, *highlights: str, **fields) -> dict:
    return {"position": position, "name": company, "highlights": list(highlights), **fields}


BASE = {
    "basics": {"name": "Jane Doe", "label": "Backend Engineer", "email": "jane@example.com",
               "summary": "I build dependable web services.",
               "location": {"city": "Berlin", "countryCode": "DE"},
               "profiles": [{"network": "GitHub", "username": "janedoe"}]},
    "work": [job("Senior Engineer", "Acme", "Cut page load time by half",
                 "Led the move to PostgreSQL", "Mentored two junior engineers",
                 startDate="2020-01"),
             job("Engineer", "Beta", "Wrote the billing service", startDate="2017-03"),
             job("Intern", "Gamma", "Fixed bugs in the web shop", startDate="2016-06")],
    "projects": [{"name": "Tracer", "description": "A tracing library"},
                 {"name": "Queue", "description": "A job queue"}],
    "skills": [{"name": "Python", "keywords": ["Flask", "SQLAlchemy"]},
               {"name": "Go", "keywords": ["gRPC"]},
               {"name": "SQL", "keywords": ["PostgreSQL"]}],
    "certificates": [{"name": "CKA", "issuer": "CNCF"}],
}


def state(content: dict, title: str = "Backend roles", slug: str = "classic",
          settings: dict | None = None) -> State:
    return State(title, slug, settings or {}, content)


def edited(content: dict, change) -> dict:
    """Return a deep copy of `content` (normalized) after `change(copy)`."""
    copied = doc.normalize(copy.deepcopy(content))
    change(copied)
    return copied


def merged(ours: dict, theirs: dict, base: dict = BASE, **choices):
    plan = merge(state(base), state(ours, "Backend roles (tailored)"), state(theirs), NAMES,
                 choices)
    return plan, plan.merged.content


def test_nothing_changed_anywhere_merges_to_the_variant_as_it_is():
    plan, content = merged(BASE, BASE)

    assert content == doc.normalize(BASE)
    assert (plan.taken, plan.kept, plan.conflicts, plan.master_change_count) == ([], [], [], 0)


def test_a_field_only_the_master_changed_is_taken_and_one_only_the_variant_changed_kept():
    ours = edited(BASE, lambda d: d["basics"].update(label="Go Engineer"))
    theirs = edited(BASE, lambda d: d["basics"].update(phone="+49 30 1234"))

    plan, content = merged(ours, theirs)

    assert content["basics"]["label"] == "Go Engineer"
    assert content["basics"]["phone"] == "+49 30 1234"
    assert plan.taken == ["edited Personal info (phone)"]
    assert plan.kept == ["edited Personal info (headline)"]
    assert plan.master_changes == ["edited Personal info (phone)"]
    assert not plan.conflicts


def test_the_same_change_on_both_sides_is_no_conflict():
    change = lambda d: d["basics"]["location"].update(city="Hamburg")  # noqa: E731

    plan, content = merged(edited(BASE, change), edited(BASE, change))

    assert content["basics"]["location"]["city"] == "Hamburg"
    assert not plan.conflicts and plan.taken == []


def test_a_field_both_changed_differently_is_a_conflict_kept_as_the_variant_has_it():
    ours = edited(BASE, lambda d: d["basics"].update(summary="Go services for payments."))
    theirs = edited(BASE, lambda d: d["basics"].update(summary="Dependable services."))

    plan, content = merged(ours, theirs)

    [conflict] = plan.conflicts
    assert (conflict.key, conflict.place) == ("basics.summary", "Personal info · Summary")
    assert (conflict.base, conflict.ours, conflict.theirs) == (
        "I build dependable web services.", "Go services for payments.", "Dependable services.")
    assert content["basics"]["summary"] == "Go services for payments."
    assert plan.taken == []


def test_a_conflict_answered_with_the_masters_takes_the_masters_value():
    ours = edited(BASE, lambda d: d["basics"].update(summary="Go services for payments."))
    theirs = edited(BASE, lambda d: d["basics"].update(summary="Dependable services."))

    plan, content = merged(ours, theirs, **{"basics.summary": THEIRS})

    assert content["basics"]["summary"] == "Dependable services."
    assert plan.conflicts[0].chosen == THEIRS
    assert plan.taken == ["edited Personal info (summary)"]


def test_highlights_merge_line_by_line_in_the_variants_order():
    def tailor(d):  # the variant moves the PostgreSQL line up and drops the mentoring one
        d["work"][0]["highlights"] = ["Led the move to PostgreSQL",
                                      "Cut page load time by half"]

    def master(d):  # the master rewords one line, adds one, removes another
        d["work"][0]["highlights"] = ["Cut page load time by 60%", "Led the move to PostgreSQL",
                                      "Added tracing to every service"]

    plan, content = merged(edited(BASE, tailor), edited(BASE, master))

    # Reworded in place, added last as in the master, the variant's removal and order kept.
    assert content["work"][0]["highlights"] == [
        "Led the move to PostgreSQL", "Cut page load time by 60%",
        "Added tracing to every service"]
    assert plan.taken == ["edited Experience: Senior Engineer, Acme (highlights)"]
    assert not plan.conflicts


def test_a_line_the_master_removed_is_removed_unless_the_variant_reworded_it():
    def tailor(d):
        d["work"][0]["highlights"][2] = "Mentored two junior Go engineers"

    def master(d):
        d["work"][0]["highlights"] = ["Cut page load time by half"]

    plan, content = merged(edited(BASE, tailor), edited(BASE, master))

    assert content["work"][0]["highlights"] == ["Cut page load time by half",
                                                "Mentored two junior Go engineers"]
    assert not plan.conflicts


def test_a_line_both_reworded_differently_is_a_conflict_of_that_line():
    def tailor(d):
        d["work"][0]["highlights"][0] = "Cut page load time by half with Go"

    def master(d):
        d["work"][0]["highlights"][0] = "Cut page load time by half (2 s to 1 s)"

    plan, content = merged(edited(BASE, tailor), edited(BASE, master))
    [conflict] = plan.conflicts
    assert conflict.key == "work.0.highlights.0"
    assert conflict.place == "Experience · Senior Engineer, Acme · Highlights, line 1"
    assert content["work"][0]["highlights"][0] == "Cut page load time by half with Go"

    _, content = merged(edited(BASE, tailor), edited(BASE, master),
                        **{"work.0.highlights.0": THEIRS})
    assert content["work"][0]["highlights"] == ["Cut page load time by half (2 s to 1 s)",
                                                "Led the move to PostgreSQL",
                                                "Mentored two junior engineers"]


def test_keywords_the_master_added_join_the_variants_reordered_keywords():
    def tailor(d):
        d["skills"][0]["keywords"] = ["SQLAlchemy", "Flask"]

    def master(d):
        d["skills"][0]["keywords"] = ["Flask", "SQLAlchemy", "pytest"]

    _, content = merged(edited(BASE, tailor), edited(BASE, master))

    assert content["skills"][0]["keywords"] == ["SQLAlchemy", "Flask", "pytest"]


def test_a_job_the_master_added_is_inserted_next_to_its_neighbour():
    def master(d):
        d["work"].insert(0, job("Staff Engineer", "Delta", "Runs the platform team"))
        d["certificates"].append({"name": "AWS SAA", "issuer": "Amazon"})

    plan, content = merged(BASE, edited(BASE, master))

    assert [w["name"] for w in content["work"]] == ["Delta", "Acme", "Beta", "Gamma"]
    assert [c["name"] for c in content["certificates"]] == ["CKA", "AWS SAA"]
    assert plan.taken == ["added job Staff Engineer, Delta",
                          "added certificate AWS SAA, Amazon"]
    assert plan.master_change_count == 2


def test_a_skill_the_master_added_follows_its_neighbour_in_the_variants_own_order():
    def tailor(d):  # the variant puts Go first
        d["skills"] = [d["skills"][1], d["skills"][0], d["skills"][2]]

    def master(d):  # the master adds Rust after Python
        d["skills"].insert(1, {"name": "Rust", "keywords": ["Tokio"]})

    _, content = merged(edited(BASE, tailor), edited(BASE, master))

    assert [s["name"] for s in content["skills"]] == ["Go", "Python", "Rust", "SQL"]


def test_the_masters_moves_are_taken_when_the_variant_kept_the_order():
    def master(d):
        d["projects"].reverse()

    plan, content = merged(BASE, edited(BASE, master))

    assert [p["name"] for p in content["projects"]] == ["Queue", "Tracer"]
    assert plan.taken == ["moved project Queue up"]


def test_an_entry_the_master_removed_goes_when_the_variant_left_it_alone():
    plan, content = merged(BASE, edited(BASE, lambda d: d["work"].pop(2)))

    assert [w["name"] for w in content["work"]] == ["Acme", "Beta"]
    assert plan.taken == ["removed job Intern, Gamma"] and not plan.conflicts


def test_an_entry_the_master_removed_but_the_variant_edited_is_a_conflict():
    def tailor(d):
        d["work"][2]["highlights"] = ["Fixed bugs in the Go web shop"]

    ours, theirs = edited(BASE, tailor), edited(BASE, lambda d: d["work"].pop(2))
    plan, content = merged(ours, theirs)

    [conflict] = plan.conflicts
    assert (conflict.key, conflict.place) == ("work.2", "Experience · Intern, Gamma")
    assert conflict.theirs is None
    assert "Highlights: Fixed bugs in the Go web shop" in conflict.ours
    assert [w["name"] for w in content["work"]] == ["Acme", "Beta", "Gamma"]

    _, content = merged(ours, theirs, **{"work.2": THEIRS})
    assert [w["name"] for w in content["work"]] == ["Acme", "Beta"]


def test_an_entry_the_variant_removed_stays_removed():
    ours = edited(BASE, lambda d: d["projects"].pop(1))
    theirs = edited(BASE, lambda d: d["projects"][0].update(url="https://tracer.dev"))

    plan, content = merged(ours, theirs)

    assert content["projects"] == [{**doc.normalize(BASE)["projects"][0],
                                    "url": "https://tracer.dev"}]
    assert plan.kept == ["removed project Queue"] and not plan.conflicts


def test_an_entry_the_variant_removed_and_the_master_edited_is_a_conflict_kept_removed():
    ours = edited(BASE, lambda d: d["work"].pop(1))
    theirs = edited(BASE, lambda d: d["work"][1].update(endDate="2019-12"))

    plan, content = merged(ours, theirs)

    [conflict] = plan.conflicts
    assert (conflict.key, conflict.ours) == ("work.1", None)
    assert "End date: 2019-12" in conflict.theirs
    assert [w["name"] for w in content["work"]] == ["Acme", "Gamma"]

    _, content = merged(ours, theirs, **{"work.1": THEIRS})
    assert [(w["name"], w["endDate"]) for w in content["work"]] == [
        ("Acme", ""), ("Beta", "2019-12"), ("Gamma", "")]


def test_fields_of_an_entry_merge_one_by_one():
    def tailor(d):
        d["work"][0].update(summary="Payments platform in Go.")

    def master(d):
        d["work"][0].update(endDate="2024-06", location="Berlin")

    _, content = merged(edited(BASE, tailor), edited(BASE, master))

    acme = content["work"][0]
    assert (acme["summary"], acme["endDate"], acme["location"], acme["startDate"]) == (
        "Payments platform in Go.", "2024-06", "Berlin", "2020-01")


def test_a_profile_the_master_added_is_taken():
    def master(d):
        d["basics"]["profiles"].append({"network": "LinkedIn", "username": "jane"})

    plan, content = merged(BASE, edited(BASE, master))

    assert [p["network"] for p in content["basics"]["profiles"]] == ["GitHub", "LinkedIn"]
    assert plan.taken == ["added profile LinkedIn, jane"]


def test_an_entry_both_added_alike_is_there_once():
    new = {"name": "AWS SAA", "issuer": "Amazon"}
    change = lambda d: d["certificates"].append(dict(new))  # noqa: E731

    plan, content = merged(edited(BASE, change), edited(BASE, change))

    assert [c["name"] for c in content["certificates"]] == ["CKA", "AWS SAA"]
    assert not plan.conflicts


def test_keys_from_an_import_merge_like_fields():
    base = {**BASE, "meta": {"theme": "elegant"}}
    ours = {**base, "x-tailored-for": "Payments"}
    theirs = {**base, "meta": {"theme": "flat"}}

    _, content = merged(ours, theirs, base=base)

    assert (content["meta"], content["x-tailored-for"]) == ({"theme": "flat"}, "Payments")


def test_the_title_and_photo_stay_the_variants_and_design_merges_like_fields():
    base = State("Backend roles", "classic",
                 {"accent": "#1f4e79", "font": "inter", "photo_id": 1}, BASE)
    ours = State("Backend roles (tailored)", "classic",
                 {"accent": "#1f4e79", "font": "lato", "photo_id": 7}, BASE)
    theirs = State("Backend and platform roles", "modern",
                   {"accent": "#a01010", "font": "inter", "photo_id": 2}, BASE)

    plan = merge(base, ours, theirs, NAMES)

    assert plan.merged.title == "Backend roles (tailored)"
    assert plan.merged.design_slug == "modern"
    assert plan.merged.design_settings == {"accent": "#a01010", "font": "lato", "photo_id": 7}
    # Neither the master's new title nor its photo counts: the variant never takes them.
    assert plan.master_changes == ["template Classic → Modern",
                                   "edited layout settings (accent)"]


def test_a_template_both_changed_is_a_conflict_shown_by_name():
    base, ours, theirs = (State("T", slug, {}, BASE) for slug in ("classic", "modern", "plain"))

    plan = merge(base, ours, theirs, {**NAMES, "plain": "Plain"})

    [conflict] = plan.conflicts
    assert (conflict.key, conflict.ours, conflict.theirs) == ("template", "Modern", "Plain")
    assert plan.merged.design_slug == "modern"
    assert merge(base, ours, theirs, NAMES, {"template": THEIRS}).merged.design_slug == "plain"


@pytest.mark.parametrize("answer", [OURS, THEIRS])
def test_a_variant_and_master_edited_in_many_places_merge_field_by_field(answer):
    def tailor(d):
        d["basics"]["label"] = "Payments Engineer"
        d["basics"]["summary"] = "Go services for card payments."
        d["skills"] = [d["skills"][1], d["skills"][2], d["skills"][0]]
        d["work"][0]["highlights"] = ["Led the move to PostgreSQL",
                                      "Cut page load time by half"]
        d["projects"].pop(1)

    def master(d):
        d["basics"]["summary"] = "I build dependable, observable web services."
        d["basics"]["phone"] = "+49 30 1234"
        d["work"].insert(0, job("Staff Engineer", "Delta", "Runs the platform team"))
        d["work"][1]["highlights"].append("Added tracing to every service")
        d["work"][3]["endDate"] = "2016-09"
        d["skills"][1]["keywords"].append("Protocol Buffers")
        d["projects"][0]["url"] = "https://tracer.dev"

    plan, content = merged(edited(BASE, tailor), edited(BASE, master),
                           **{"basics.summary": answer})

    expected = edited(BASE, tailor)
    expected["basics"]["summary"] = ("Go services for card payments." if answer == OURS
                                     else "I build dependable, observable web services.")
    expected["basics"]["phone"] = "+49 30 1234"
    expected["work"].insert(0, doc.clean_entry(
        job("Staff Engineer", "Delta", "Runs the platform team"), doc.SECTIONS[0].fields))
    expected["work"][1]["highlights"].append("Added tracing to every service")
    expected["work"][3]["endDate"] = "2016-09"
    expected["skills"][0]["keywords"].append("Protocol Buffers")
    expected["projects"][0]["url"] = "https://tracer.dev"
    assert content == expected
    assert [c.key for c in plan.conflicts] == ["basics.summary"]
    assert plan.master_change_count == len(resume_diff.changes(
        state(BASE), state(edited(BASE, master)), NAMES))


def test_the_pairs_scored_stay_within_the_merges_budget():
    def entries(prefix: str) -> list[dict]:
        return [{"name": f"{prefix} skill {n}", "keywords": [f"{prefix} tool {n}"]}
                for n in range(100)]

    base, ours, theirs = ({"skills": entries(p)} for p in ("old", "mine", "master"))
    work = resume_diff.Work(max_pairs=500, max_cells=0)

    plan = merge(state(base), state(ours), state(theirs), NAMES, work=work)

    assert work.pairs <= 500
    # Unpaired entries: the master's removals of entries the variant replaced, and its
    # additions, coarser but never lost.
    names = [s["name"] for s in plan.merged.content["skills"]]
    assert set(names) == {f"{p} skill {n}" for p in ("mine", "master") for n in range(100)}
