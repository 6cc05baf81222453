"""/api/v1/resumes/{id}/master-changes with a token: a variant reads its master's changes, takes
them (conflicts answered both ways), refuses stale versions and bad answers, and detaches; the
resume list shows each variant's master and pending count. On SQLite and PostgreSQL."""
import pytest

from tests.factories import edit_resume, make_resume, make_token, make_variant
from tests.helpers import ApiClient, counted_queries, three_master_edits, variant_state
from tests.resume_samples import MASTER
from website.extensions import db
from website.models import Resume
from website.services import resumes


def changes_path(resume_id: int) -> str:
    return f"/api/v1/resumes/{resume_id}/master-changes"


@pytest.fixture
def conflicting(app, user):
    """A variant with its own summary, whose master changed the summary and three more things."""
    master = make_resume(app, user, design="classic", content=MASTER)
    variant = make_variant(app, master, lambda c: c["basics"].update(
        summary="Go services for card payments."))
    edit_resume(app, master, lambda c: (c["basics"].update(summary="Dependable services."),
                                        three_master_edits(c)))
    return master, variant


def test_the_changes_list_what_is_taken_kept_and_in_conflict(api, conflicting):
    master, variant = conflicting

    response = api.get(changes_path(variant))

    assert response.status_code == 200
    changes = response.get_json()
    assert (changes["master_id"], changes["master_status"], changes["master_title"]) == (
        master, "linked", "Backend roles")
    assert (changes["version"], changes["master_version"]) == (1, 2)
    assert changes["pending"] == len(changes["master_changes"]) == 3
    assert "edited Personal info (phone)" in changes["taken"]
    assert "edited Personal info (summary)" in changes["kept"]
    assert changes["conflicts"] == [{
        "key": "basics.summary", "place": "Personal info · Summary",
        "base": "I build dependable web services.", "ours": "Go services for card payments.",
        "theirs": "Dependable services."}]


@pytest.mark.parametrize(("answer", "summary"), [("ours", "Go services for card payments."),
                                                 ("theirs", "Dependable services.")])
def test_taking_the_changes_answers_conflicts_and_makes_one_version(
        app, api, conflicting, answer, summary):
    master, variant = conflicting
    master_before = variant_state(app, master)

    response = api.post(changes_path(variant), json={
        "base_version": 1, "master_version": 2, "choices": {"basics.summary": answer}})

    assert response.status_code == 200
    body = response.get_json()
    assert body["resume"]["basics"]["summary"] == summary
    assert body["resume"]["basics"]["phone"] == "+49 30 1234"
    assert [s["name"] for s in body["resume"]["skills"]] == ["Python", "Go", "SQL", "Rust"]
    assert (body["version"], body["master_id"], body["master_changes"]) == (2, master, 0)
    after = variant_state(app, variant)
    assert after["versions"][-1].summary.startswith("Took 3 changes from the master")
    assert after["master_version"] == 2 and variant_state(app, master) == master_before
    assert api.get(changes_path(variant)).get_json()["pending"] == 0


def test_unanswered_conflicts_keep_the_variants_text(app, api, conflicting):
    _, variant = conflicting
    response = api.post(changes_path(variant), json={"base_version": 1, "master_version": 2})
    assert response.status_code == 200
    assert variant_state(app, variant)["content"]["basics"]["summary"] == "Go services for card " \
                                                                   "payments."


@pytest.mark.parametrize(("sent", "saved"), [
    ({"base_version": 1, "master_version": 2}, "variant"),
    ({"base_version": 1, "master_version": 2}, "master"),
    ({"base_version": 1, "master_version": 1}, None),
    ({"base_version": 0, "master_version": 2}, None),
])
def test_stale_versions_take_nothing(app, api, conflicting, sent, saved):
    master, variant = conflicting
    if saved:
        edit_resume(app, master if saved == "master" else variant,
                    lambda c: c["basics"].update(label="Staff Engineer"))
    before = variant_state(app, variant)

    response = api.post(changes_path(variant), json={**sent,
                                                     "choices": {"basics.summary": "theirs"}})

    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["current_version"] == before["version"]
    assert variant_state(app, variant) == before


@pytest.mark.parametrize(("choices", "pointer"), [
    ({"work.0.summary": "theirs"}, "#/choices/work.0.summary"),
    ({"basics.summary": "mine"}, "#/choices/basics.summary/value"),
])
def test_bad_answers_are_refused_naming_them(app, api, conflicting, choices, pointer):
    _, variant = conflicting
    before = variant_state(app, variant)

    response = api.post(changes_path(variant), json={"base_version": 1, "master_version": 2,
                                                     "choices": choices})

    assert response.status_code == 422
    assert [error["pointer"] for error in response.get_json()["errors"]] == [pointer]
    assert variant_state(app, variant) == before


def test_other_accounts_resumes_and_resumes_without_master_are_not_found(
        app, api, make_user, user):
    other = make_user(email="sam@example.com", name="Sam Smith")
    foreign = make_variant(app, make_resume(app, other, design="classic", content=MASTER))
    plain = make_resume(app, user, title="Plain", design="classic", content=MASTER)
    foreign_before = variant_state(app, foreign)

    for resume_id in (foreign, plain, 10**6):
        path = changes_path(resume_id)
        assert api.get(path).status_code == 404
        assert api.post(path, json={"base_version": 1, "master_version": 1}).status_code == 404
        assert api.post(path + "/detach").status_code == 404
    assert variant_state(app, foreign) == foreign_before


@pytest.mark.parametrize("fate", ["trash", "delete"])
def test_a_master_in_the_trash_or_gone_is_a_conflict_and_detaching_still_works(
        app, api, conflicting, fate):
    master, variant = conflicting
    with app.app_context():
        resume = db.session.get(Resume, master)
        resumes.move_to_trash(resume)
        if fate == "delete":
            resumes.delete_for_good(resume)
    before = variant_state(app, variant)

    read = api.get(changes_path(variant))
    taken = api.post(changes_path(variant), json={"base_version": 1, "master_version": 2})

    for response in (read, taken):
        assert response.status_code == 409
        assert ("in the trash" if fate == "trash" else "deleted for good") in \
            response.get_json()["detail"]
    assert variant_state(app, variant) == before
    assert api.get(f"/api/v1/resumes/{variant}").get_json()["master_changes"] == 0
    detached = api.post(changes_path(variant) + "/detach")
    assert detached.status_code == 200 and detached.get_json()["master_id"] is None
    assert variant_state(app, variant)["content"] == before["content"]
    assert api.get(changes_path(variant)).status_code == 404


def test_detaching_makes_an_ordinary_resume(app, api, conflicting):
    _, variant = conflicting
    response = api.post(changes_path(variant) + "/detach")
    assert response.status_code == 200
    assert (response.get_json()["master_id"], response.get_json()["master_changes"]) == (None, 0)
    assert variant_state(app, variant)["master_id"] is None
    assert api.get(changes_path(variant)).status_code == 404


def test_a_read_only_token_reads_the_changes_but_cannot_take_them(app, user, conflicting):
    _, variant = conflicting
    reader = ApiClient(app, make_token(app, user, "read"))
    before = variant_state(app, variant)

    assert reader.get(changes_path(variant)).status_code == 200
    assert reader.post(changes_path(variant), json={"base_version": 1,
                                                    "master_version": 2}).status_code == 403
    assert reader.post(changes_path(variant) + "/detach").status_code == 403
    assert variant_state(app, variant) == before


def listed(app, api) -> tuple[dict, int]:
    """Return {id: resume} as the list gives it, and how many SQL statements it took."""
    with counted_queries(app) as statements:
        items = api.get("/api/v1/resumes?per_page=50").get_json()
    return {item["id"]: item for item in items}, len(statements)


def test_the_resume_list_shows_masters_and_pending_changes_in_a_few_queries(app, api, user):
    master = make_resume(app, user, design="classic", content=MASTER)
    first = make_variant(app, master, title="Job 1")
    edit_resume(app, master, three_master_edits)
    _, queries_for_one = listed(app, api)
    others = [make_variant(app, master, title=f"Job {n}") for n in range(2, 7)]
    edit_resume(app, master, lambda c: c["basics"].update(label="Staff Engineer"))

    by_id, queries_for_six = listed(app, api)

    assert (by_id[master]["master_id"], by_id[master]["master_changes"]) == (None, 0)
    assert (by_id[first]["master_id"], by_id[first]["master_changes"]) == (master, 3)
    assert all((by_id[v]["master_id"], by_id[v]["master_changes"]) == (master, 1)
               for v in others)
    assert queries_for_six <= queries_for_one  # not one query per variant
