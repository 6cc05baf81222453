"""Autosave: a burst of typing is one version, every save still refuses a stale tab, and the
answers are JSON a script can act on."""
import re
from datetime import timedelta

import pytest

from tests.helpers import log_in
from website.extensions import db
from website.models import LoginSession, Resume, ResumeAnalytic, ResumeVersion, User, utcnow
from website.services import resumes, versions

AUTOSAVE_HEADERS = {"Accept": "application/json"}


@pytest.fixture
def app_config(clock):
    return {"CLOCK": clock}


@pytest.fixture
def resume_id(app, user):
    with app.app_context():
        return resumes.create(db.session.get(User, user.id), "Backend roles").id


def headline_save(app, resume_id, label, *, at, autosave=True, author_id=None, base=None):
    """Save `label` as the headline at time `at`; return the resume's new version number."""
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        author = db.session.get(User, author_id or resume.user_id)
        content = {**resume.content, "basics": {**resume.content["basics"], "label": label}}
        resumes.save(resume, author, resume.version if base is None else base,
                     content=content, autosave=autosave, now=at)
        return resume.version


def history(app, resume_id) -> list[tuple[int, str, str]]:
    """(number, headline, summary) of every version, oldest first."""
    with app.app_context():
        rows = db.session.execute(db.select(ResumeVersion).where(
            ResumeVersion.resume_id == resume_id).order_by(ResumeVersion.number)).scalars()
        return [(v.number, v.content["basics"].get("label", ""), v.summary) for v in rows]


def test_a_burst_of_autosaves_is_one_version_with_a_new_number_each_time(app, resume_id):
    start = utcnow()
    numbers = [headline_save(app, resume_id, "B" + "a" * n, at=start + timedelta(seconds=n))
               for n in range(1, 6)]
    assert numbers == [2, 3, 4, 5, 6]  # every save changes the number a second tab holds
    assert history(app, resume_id) == [
        (1, "", "Created"), (6, "Baaaaa", "Edited Personal info (headline)")]


def test_the_summary_counts_from_the_version_before_not_from_the_last_autosave(app, resume_id):
    start = utcnow()
    headline_save(app, resume_id, "Engineer", at=start)
    headline_save(app, resume_id, "", at=start + timedelta(seconds=5))
    assert history(app, resume_id)[-1][2] == resumes.NO_CHANGES


def test_a_pause_of_more_than_two_minutes_closes_the_version(app, resume_id):
    start = utcnow()
    headline_save(app, resume_id, "Engineer", at=start)
    headline_save(app, resume_id, "Senior engineer", at=start + timedelta(minutes=2))
    headline_save(app, resume_id, "Staff engineer", at=start + timedelta(minutes=4, seconds=1))
    assert [label for _, label, _ in history(app, resume_id)] == \
        ["", "Senior engineer", "Staff engineer"]


def test_ten_minutes_of_steady_typing_make_a_new_version(app, resume_id):
    start = utcnow()
    for minute in range(12):  # never a pause, but the window ends after ten minutes
        headline_save(app, resume_id, f"Engineer {minute}", at=start + timedelta(minutes=minute))
    assert [label for _, label, _ in history(app, resume_id)] == \
        ["", "Engineer 10", "Engineer 11"]


def test_an_explicit_save_closes_the_version(app, resume_id):
    start = utcnow()
    headline_save(app, resume_id, "Engineer", at=start)
    headline_save(app, resume_id, "Staff engineer", at=start + timedelta(seconds=5),
                  autosave=False)
    headline_save(app, resume_id, "Principal engineer", at=start + timedelta(seconds=10))
    assert [label for _, label, _ in history(app, resume_id)] == \
        ["", "Engineer", "Staff engineer", "Principal engineer"]


def test_pressing_save_after_the_autosave_saved_everything_still_closes_the_version(
        app, resume_id):
    start = utcnow()
    headline_save(app, resume_id, "Engineer", at=start)
    headline_save(app, resume_id, "Engineer", at=start + timedelta(seconds=5), autosave=False)
    headline_save(app, resume_id, "Staff engineer", at=start + timedelta(seconds=10))
    assert [label for _, label, _ in history(app, resume_id)] == \
        ["", "Engineer", "Staff engineer"]


def test_another_authors_autosave_opens_its_own_version(app, resume_id, make_user):
    other = make_user(email="sam@example.com", name="Sam")
    start = utcnow()
    headline_save(app, resume_id, "Engineer", at=start)
    headline_save(app, resume_id, "Staff engineer", at=start + timedelta(seconds=5),
                  author_id=other.id)
    assert [label for _, label, _ in history(app, resume_id)] == \
        ["", "Engineer", "Staff engineer"]


def test_an_autosave_based_on_the_number_before_coalescing_is_stale(app, resume_id):
    start = utcnow()
    opened_at = headline_save(app, resume_id, "Engineer", at=start)
    headline_save(app, resume_id, "Staff engineer", at=start + timedelta(seconds=5))
    with pytest.raises(resumes.StaleVersion):
        headline_save(app, resume_id, "From the other tab", base=opened_at,
                      at=start + timedelta(seconds=6))
    assert history(app, resume_id)[-1][1] == "Staff engineer"


def test_a_coalesced_autosave_is_announced_but_counted_as_one_edit(app, resume_id):
    start = utcnow()
    for n in range(3):
        headline_save(app, resume_id, f"Engineer {n}", at=start + timedelta(seconds=n))
    with app.app_context():
        edits = db.session.scalar(db.select(db.func.count()).select_from(ResumeAnalytic).where(
            ResumeAnalytic.resume_id == resume_id, ResumeAnalytic.action == "update"))
    assert edits == 1


def test_every_version_reads_back_after_long_coalesced_runs(app, resume_id):
    """Renumbered rows keep their keyframes right: each version reads its own content."""
    start = utcnow()
    expected = {}
    for n in range(120):  # bursts of three, a pause after each: 40 versions, gaps between
        at = start + timedelta(minutes=3 * (n // 3), seconds=n % 3)
        number = headline_save(app, resume_id, f"Engineer {n} " + "x" * 100, at=at)
        expected[number] = f"Engineer {n} " + "x" * 100
    stored = {number: label for number, label, _ in history(app, resume_id)[1:]}
    assert stored == {number: expected[number] for number in stored}
    assert len(stored) == 40


# The endpoint.

def autosave(client, resume_id, data, section="basics", base_version=None, app=None,
             headers=AUTOSAVE_HEADERS, token_page=None):
    page = token_page or f"/resume/{resume_id}/edit/{section}"
    if base_version is None:
        with app.app_context():
            base_version = db.session.get(Resume, resume_id).version
    return client.submit(f"/resume/{resume_id}/edit/{section}/autosave",
                         {"base_version": base_version, **data}, page=page, headers=headers)


BASICS = {"name": "Jane Doe", "email": "jane@example.com", "label": "Backend engineer"}


def test_autosave_answers_the_new_version_and_completion(auth_client, app, resume_id):
    response = autosave(auth_client, resume_id, BASICS, app=app)
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["version"] == 2 and answer["changed"] is True
    assert answer["saved_at"].endswith("+00:00")
    assert answer["completion"]["sections"][0]["key"] == "basics"
    assert answer["csrf_token"]
    again = autosave(auth_client, resume_id, {**BASICS, "label": "Staff engineer"}, app=app)
    assert again.get_json()["version"] == 3
    assert [label for _, label, _ in history(app, resume_id)] == ["", "Staff engineer"]


def test_pressing_save_after_an_autosave_says_saved(auth_client, app, resume_id):
    autosave(auth_client, resume_id, BASICS, app=app)
    response = auth_client.submit(f"/resume/{resume_id}/edit/basics",
                                  {"base_version": 2, "action": "save", **BASICS})
    assert "Saved." in auth_client.get(response.location).get_data(as_text=True)
    again = auth_client.submit(f"/resume/{resume_id}/edit/basics",
                               {"base_version": 2, "action": "save", **BASICS})
    assert "No changes to save." in auth_client.get(again.location).get_data(as_text=True)
    assert [number for number, _, _ in history(app, resume_id)] == [1, 2]


def test_autosave_after_a_pause_on_the_clock_opens_a_new_version(auth_client, app, resume_id,
                                                                 clock):
    autosave(auth_client, resume_id, BASICS, app=app)
    clock.advance(3 * 60)
    autosave(auth_client, resume_id, {**BASICS, "label": "Staff engineer"}, app=app)
    assert [label for _, label, _ in history(app, resume_id)] == \
        ["", "Backend engineer", "Staff engineer"]


def test_autosave_refuses_a_stale_tab_in_json(auth_client, app, resume_id):
    autosave(auth_client, resume_id, BASICS, app=app)
    response = autosave(auth_client, resume_id, {**BASICS, "label": "Other tab"}, app=app,
                        base_version=1)
    assert response.status_code == 409
    assert response.get_json()["error"] == "stale"
    assert "changed in another tab" in response.get_json()["message"]


def test_autosave_maps_each_problem_to_its_input(auth_client, app, resume_id):
    response = autosave(auth_client, resume_id, {
        "entries-0-position": "Engineer", "entries-0-name": "Acme", "entries-0-startDate": "soon",
        "entries-1-position": "Intern", "entries-1-url": "not a link"}, section="work", app=app)
    assert response.status_code == 422
    answer = response.get_json()
    assert answer["error"] == "invalid"
    assert set(answer["fields"]) == {"entries-0-startDate", "entries-1-url"}
    assert "YYYY" in answer["fields"]["entries-0-startDate"]
    assert history(app, resume_id)[-1][0] == 1


def test_autosave_of_a_logged_out_user_answers_401_json(client, app, resume_id):
    response = client.post(f"/resume/{resume_id}/edit/basics/autosave",
                           data={"base_version": 1, **BASICS},
                           headers={**AUTOSAVE_HEADERS,
                                    "Referer": f"http://localhost/resume/{resume_id}/edit/basics"})
    assert response.status_code == 401
    answer = response.get_json()
    assert answer["error"] == "login"
    assert answer["login_url"] == f"/login?next=/resume/{resume_id}/edit/basics"


def test_a_refused_autosave_leaves_the_cookie_of_a_login_in_another_tab_alone(client,
                                                                            resume_id):
    client.get("/login")  # the visitor's session (its CSRF token) from a login page
    # An autosave sent with that session is refused; had its answer set the cookie, it could
    # overwrite the login another tab finished meanwhile, logging the user out again.
    for _ in range(2):
        response = client.post(f"/resume/{resume_id}/edit/basics/autosave",
                               data={"base_version": 1, **BASICS}, headers=AUTOSAVE_HEADERS)
        assert response.status_code == 401
        assert "Set-Cookie" not in response.headers


def test_a_page_needing_a_login_still_redirects_a_browser(client, resume_id):
    response = client.get(f"/resume/{resume_id}/edit/basics")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_session_that_expired_while_typing_gets_401_json(auth_client, app, resume_id):
    token = auth_client.csrf_token(f"/resume/{resume_id}/edit/basics")
    with app.app_context():  # the server ends the login session; the cookies stay
        db.session.execute(db.delete(LoginSession))
        db.session.commit()
    response = auth_client.post(f"/resume/{resume_id}/edit/basics/autosave",
                                data={"csrf_token": token, "base_version": 1, **BASICS},
                                headers=AUTOSAVE_HEADERS)
    assert response.status_code == 401 and response.get_json()["error"] == "login"


def test_autosave_requires_the_csrf_token(auth_client, resume_id):
    response = auth_client.post(f"/resume/{resume_id}/edit/basics/autosave",
                                data={"base_version": 1, **BASICS}, headers=AUTOSAVE_HEADERS)
    assert response.status_code == 400
    assert response.get_json()["error"] == "expired"


def test_autosave_of_another_users_resume_is_404(app, client, make_user, resume_id):
    make_user(email="sam@example.com", name="Sam")
    log_in(client, "sam@example.com")
    with app.app_context():
        own = resumes.create(db.session.scalar(db.select(User).where(
            User.email == "sam@example.com")), "Mine").id
    response = autosave(client, resume_id, BASICS, app=app,
                        token_page=f"/resume/{own}/edit/basics")
    assert response.status_code == 404
    assert history(app, resume_id) == [(1, "", "Created")]


def test_history_compare_and_restore_work_across_the_gaps(auth_client, app, resume_id):
    for label in ("Engineer", "Staff engineer", "Principal engineer"):
        autosave(auth_client, resume_id, {**BASICS, "label": label}, app=app)
    assert [number for number, _, _ in history(app, resume_id)] == [1, 4]
    page = auth_client.get(f"/resume/{resume_id}/versions").get_data(as_text=True)
    assert "Version 4" in page and "Version 2<" not in page
    from_input = re.search(r'<input[^>]*name="from"[^>]*>', page)[0]
    assert 'value="1"' in from_input  # the version before 4, which has no version 3
    compare = auth_client.get(f"/resume/{resume_id}/versions/compare?from=1&to=4")
    assert compare.status_code == 200
    assert "which has 2 versions" in compare.get_data(as_text=True)
    gap = auth_client.get(f"/resume/{resume_id}/versions/compare?from=2&to=4")
    assert gap.status_code == 400
    assert "Version 2 was replaced by a later autosave" in gap.get_data(as_text=True)
    restored = auth_client.submit(f"/resume/{resume_id}/versions/1/restore",
                                  {"base_version": 4})
    assert restored.status_code == 302
    assert [number for number, _, _ in history(app, resume_id)] == [1, 4, 5]
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        assert versions.get_version(resume, 5).summary.startswith("Restored version 1")
