"""Linked variants as a user meets them: the banner, the page of the master's changes, taking
them (conflicts answered both ways), stale pages, other accounts, a master in the trash or
deleted for good, and the manage page's grouping. On SQLite and PostgreSQL."""
import copy
import re

import pytest

from tests.factories import edit_resume, make_resume, make_variant
from tests.helpers import counted_queries, three_master_edits, variant_state
from tests.resume_samples import MASTER
from website.extensions import db
from website.models import Resume, User
from website.services import resumes, variants


def text(response) -> str:
    return response.get_data(as_text=True)


def take(client, variant_id: int, **answers):
    path = f"/resume/{variant_id}/master-changes"
    page = text(client.get(path))
    fields = dict(re.findall(r'<input id="(base_version|master_version)" name="\1" '
                             r'type="hidden" value="(\d+)"', page))
    return client.submit(path, {**fields, **answers})


@pytest.fixture
def linked(app, user):
    """A master with three changes its tailored variant has not taken."""
    master = make_resume(app, user, design="classic", content=MASTER)
    variant = make_variant(app, master, lambda c: c["skills"].reverse())
    edit_resume(app, master, three_master_edits)
    return master, variant


def test_the_banner_counts_the_masters_changes_on_the_manage_page_and_in_the_editor(
        auth_client, linked):
    master, variant = linked

    manage = text(auth_client.get("/resume/manage"))
    editor = text(auth_client.get(f"/resume/{variant}/edit/basics"))

    for page in (manage, editor):
        assert "<strong>3 changes in the master</strong> “Backend roles”." in page
        assert f'href="/resume/{variant}/master-changes">Review and take them' in page
    # The master itself has no banner.
    assert "changes in the master" not in text(auth_client.get(f"/resume/{master}/edit/basics"))


def test_an_unchanged_or_only_renamed_master_has_nothing_to_take(app, auth_client, user):
    master = make_resume(app, user, design="classic", content=MASTER)
    variant = make_variant(app, master, lambda c: c["skills"].reverse())
    with app.app_context():
        resume = db.session.get(Resume, master)
        resumes.save(resume, resume.owner, resume.version, title="Backend and platform roles")
        assert variants.pending_changes(db.session.get(Resume, variant)) == 0

    page = text(auth_client.get(f"/resume/{variant}/master-changes"))

    assert "The master has no changes this variant has not taken." in page
    assert "changes in the master" not in text(auth_client.get("/resume/manage"))


def test_the_page_lists_what_is_taken_what_is_kept_and_conflicts_side_by_side(
        app, auth_client, user):
    master = make_resume(app, user, design="classic", content=MASTER)
    variant = make_variant(app, master, lambda c: c["basics"].update(
        summary="Go services for card payments."))
    edit_resume(app, master, lambda c: c["basics"].update(
        summary="Dependable, observable services.", phone="+49 30 1234"))

    page = text(auth_client.get(f"/resume/{variant}/master-changes"))

    taken = page.split('id="taken"')[1].split("</section>")[0]
    kept = page.split('id="kept"')[1].split("</section>")[0]
    assert "Edited Personal info (phone)" in taken
    assert "Edited Personal info (summary)" in kept
    conflict = page.split('<fieldset class="card card-body mb-3 merge-conflict">')[1]
    assert "Personal info · Summary</legend>" in conflict
    assert conflict.index("Go services for card payments.") < conflict.index(
        "Dependable, observable services.")
    # Each answer is a labelled radio; the variant's is chosen unless the user picks the other.
    assert re.search(r'<input checked class="form-check-input" id="conflict_0-0" '
                     r'name="conflict_0" type="radio" value="ours">\s*'
                     r'<label class="form-check-label" for="conflict_0-0">Keep mine</label>',
                     conflict)
    assert re.search(r'id="conflict_0-1" name="conflict_0" type="radio" value="theirs">\s*'
                     r'<label class="form-check-label" for="conflict_0-1">'
                     r"Take the master&#39;s</label>", conflict)


@pytest.mark.parametrize(("answer", "summary"), [("ours", "Go services for card payments."),
                                                 ("theirs", "Dependable services.")])
def test_taking_the_changes_makes_one_version_of_the_variant_and_none_of_the_master(
        app, auth_client, user, answer, summary):
    master = make_resume(app, user, design="classic", content=MASTER)
    variant = make_variant(app, master, lambda c: c["basics"].update(
        summary="Go services for card payments."))
    edit_resume(app, master, lambda c: (c["basics"].update(summary="Dependable services."),
                                        three_master_edits(c)))
    master_before, variant_before = variant_state(app, master), variant_state(app, variant)

    response = take(auth_client, variant, conflict_0=answer)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/resume/{variant}/edit"
    after = variant_state(app, variant)
    assert after["content"]["basics"]["summary"] == summary
    assert after["content"]["basics"]["phone"] == "+49 30 1234"
    assert [s["name"] for s in after["content"]["skills"]] == ["Python", "Go", "SQL", "Rust"]
    assert after["content"]["work"][0]["highlights"][-1] == "Added tracing to every service"
    assert len(after["versions"]) == len(variant_before["versions"]) + 1
    assert after["versions"][-1].summary.startswith("Took 3 changes from the master; ")
    assert variant_state(app, master) == master_before
    assert after["master_version"] == master_before["version"]
    followed = text(auth_client.get(f"/resume/{variant}/edit/basics"))
    assert "changes in the master" not in followed
    assert "Tailored variant of “Backend roles”: it has every change of its master." in followed


def test_a_variant_made_while_the_master_was_autosaving_keeps_its_merge_base(app, user):
    master = make_resume(app, user, design="classic", content=MASTER)
    with app.app_context():
        resume = db.session.get(Resume, master)
        content = copy.deepcopy(resume.content)
        content["basics"]["phone"] = "+49 30 1234"
        resumes.save(resume, resume.owner, resume.version, content=content, autosave=True)
    variant = make_variant(app, master, lambda c: c["skills"].reverse())
    with app.app_context():  # typing goes on in the master within the autosave window
        resume = db.session.get(Resume, master)
        content = copy.deepcopy(resume.content)
        content["basics"]["summary"] = "Dependable, observable services."
        resumes.save(resume, resume.owner, resume.version, content=content, autosave=True)
        plan = variants.preview(db.session.get(Resume, variant))

    # Only the summary typed after the variant was made is the master's change: the phone
    # was already in the variant, and its reordered skills stay its own.
    assert plan.master_change_count == 1
    assert not plan.conflicts
    assert plan.merged.content["basics"]["summary"] == "Dependable, observable services."
    assert [skill["name"] for skill in plan.merged.content["skills"]] == ["SQL", "Go", "Python"]


def test_a_page_opened_before_the_variant_changed_takes_nothing(app, auth_client, linked):
    master, variant = linked
    path = f"/resume/{variant}/master-changes"
    page = text(auth_client.get(path))
    edit_resume(app, variant, lambda c: c["basics"].update(label="Go Engineer"))  # another tab
    before = variant_state(app, variant)
    fields = dict(re.findall(r'id="(base_version|master_version)" name="\1" type="hidden" '
                             r'value="(\d+)"', page))

    response = auth_client.submit(path, fields)

    assert response.status_code == 409
    assert "so nothing was taken" in text(response)
    assert variant_state(app, variant) == before
    # The page shown with the message is up to date: taking from it works.
    assert take(auth_client, variant).status_code == 302


def test_a_page_opened_before_the_master_changed_again_takes_nothing(app, auth_client, linked):
    master, variant = linked
    path = f"/resume/{variant}/master-changes"
    page = text(auth_client.get(path))
    edit_resume(app, master, lambda c: c["basics"].update(label="Staff Engineer"))
    before = variant_state(app, variant)
    fields = dict(re.findall(r'id="(base_version|master_version)" name="\1" type="hidden" '
                             r'value="(\d+)"', page))

    response = auth_client.submit(path, fields)

    assert response.status_code == 409 and variant_state(app, variant) == before


def test_the_service_refuses_a_stale_base_version(app, linked, user):
    _, variant = linked
    with app.app_context():
        resume = db.session.get(Resume, variant)
        with pytest.raises(resumes.StaleVersion):
            variants.apply(resume, db.session.get(User, user.id), resume.version - 1, {})
    assert variant_state(app, variant)["version"] == 1


def test_another_accounts_variant_and_a_resume_without_master_are_not_found(
        app, auth_client, make_user, user):
    other = make_user(email="sam@example.com", name="Sam Smith")
    foreign_master = make_resume(app, other, design="classic", content=MASTER)
    foreign = make_variant(app, foreign_master)
    plain = make_resume(app, user, title="Plain", design="classic", content=MASTER)
    token = auth_client.csrf_token("/resume/manage")

    for resume_id in (foreign, plain, 10**6):
        path = f"/resume/{resume_id}/master-changes"
        assert auth_client.get(path).status_code == 404
        assert auth_client.post(path, data={"csrf_token": token, "base_version": 1,
                                            "master_version": 1}).status_code == 404
        assert auth_client.post(path + "/detach", data={"csrf_token": token}).status_code == 404
    assert variant_state(app, foreign)["master_id"] == foreign_master


def test_taking_without_a_csrf_token_is_refused(app, auth_client, linked):
    _, variant = linked
    before = variant_state(app, variant)

    response = auth_client.post(f"/resume/{variant}/master-changes",
                                data={"base_version": 1, "master_version": 2})

    assert response.status_code == 400 and variant_state(app, variant) == before


def test_the_pages_need_a_login(client, app, linked):
    _, variant = linked
    for method in ("get", "post"):
        response = getattr(client, method)(f"/resume/{variant}/master-changes")
        assert response.status_code in (302, 400)
    assert client.get(f"/resume/{variant}/master-changes").headers["Location"].startswith(
        "/login")


def test_a_variant_whose_master_is_in_the_trash_stays_usable(app, auth_client, linked):
    master, variant = linked
    with app.app_context():
        resumes.move_to_trash(db.session.get(Resume, master))
        assert variants.pending_changes(db.session.get(Resume, variant)) == 0
    before = variant_state(app, variant)

    manage = text(auth_client.get("/resume/manage"))
    editor = text(auth_client.get(f"/resume/{variant}/edit/basics"))
    page = text(auth_client.get(f"/resume/{variant}/master-changes"))

    assert "resume-variants" not in manage  # listed on its own, with a note
    assert "Its master “Backend roles” is in the trash: this variant works on its own." in manage
    assert "is in the trash" in editor and "changes in the master" not in editor
    assert 'href="/resume/trash">Restore the master</a>' in page
    for path in (f"/resume/{variant}/preview", f"/resume/{variant}/export/json",
                 f"/resume/{variant}/export/txt"):
        assert auth_client.get(path).status_code == 200
    token = auth_client.csrf_token(f"/resume/{variant}/master-changes")
    assert auth_client.post(f"/resume/{variant}/master-changes", data={
        "csrf_token": token, "base_version": 1, "master_version": 2}).status_code == 409
    assert variant_state(app, variant) == before


def test_a_variant_whose_master_was_deleted_for_good_stays_usable(app, auth_client, linked):
    master, variant = linked
    with app.app_context():
        resume = db.session.get(Resume, master)
        resumes.move_to_trash(resume)
        resumes.delete_for_good(resume)
    assert variant_state(app, variant)["master_id"] is None

    manage = text(auth_client.get("/resume/manage"))
    editor = text(auth_client.get(f"/resume/{variant}/edit/basics"))

    assert "Its master was deleted for good: this variant works on its own." in manage
    assert "deleted for good" in editor
    assert auth_client.get(f"/resume/{variant}/export/json").status_code == 200
    edit_resume(app, variant, lambda c: c["basics"].update(label="Go Engineer"))
    # Unlinked, it is an ordinary resume: no note, no page of master changes.
    response = auth_client.submit(f"/resume/{variant}/master-changes/detach",
                                  page=f"/resume/{variant}/master-changes")
    assert response.status_code == 302
    assert "master" not in text(auth_client.get(f"/resume/{variant}/edit/basics")).split(
        'id="save-status"')[1].split("<nav")[0]
    assert auth_client.get(f"/resume/{variant}/master-changes").status_code == 404


def test_the_manage_page_lists_variants_under_their_master(app, auth_client, user):
    master = make_resume(app, user, design="classic", content=MASTER)
    first = make_variant(app, master, title="Payments job")
    second = make_variant(app, master, title="Platform job")
    of_variant = make_variant(app, first, title="Payments job, short")
    plain = make_resume(app, user, title="Plain resume", design="classic", content=MASTER)

    html = text(auth_client.get("/resume/manage"))

    family = html.split('<li class="resume-family">', 1)[1]
    assert family.index(f'<div class="card resume-card" id="resume-{master}">') < family.index(
        '<ul class="resume-variants list-unstyled" aria-label="Variants of “Backend roles”">')
    for variant in (second, of_variant):
        assert f'<li class="card resume-card" id="resume-{variant}">' in family
    # A variant with variants of its own heads a nested family.
    assert re.search(rf'<li class="resume-family">\s*<div class="card resume-card" '
                     rf'id="resume-{first}">', family)
    assert 'aria-label="Variants of “Payments job”"' in family
    # Each variant's card names its master, also with nothing to take.
    assert family.count("Tailored variant of “Backend roles”: it has every change of its "
                        "master.") == 2
    # A resume without variants is a card of the grid, as before (the newest, so first).
    assert f'<li class="card resume-card" id="resume-{plain}">' in html
    assert f'id="resume-{plain}"' not in family


def test_counting_changes_for_many_variants_takes_the_same_queries_as_for_one(app, make_user):
    def queries(count: int) -> int:
        user = make_user(email=f"owner{count}@example.com")
        master = make_resume(app, user, design="classic", content=MASTER)
        for n in range(count):
            make_variant(app, master, title=f"Variant {n}")
        edit_resume(app, master, three_master_edits)
        with app.app_context():
            items = resumes.list_resumes(db.session.get(User, user.id))
            with counted_queries(app) as statements:
                found = variants.links(items)
            assert sorted(link.pending for link in found.values() if link.pending) == \
                [3] * count
            assert sum("FROM resume_versions" in sql for sql in statements) == 1
            return len(statements)

    assert queries(1) == queries(5)
