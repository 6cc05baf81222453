"""The applications pages as a job seeker uses them: add, list, board, move, edit, the version
sent, trash and undo; and as an attacker pokes them: foreign ids, forged statuses, missing CSRF
tokens, stale and invalid input. On SQLite and PostgreSQL."""
import copy
import re

import pytest

from tests.factories import make_resume
from tests.helpers import counted_queries, log_in
from website.applications.routes import ROWS_PER_PAGE
from website.extensions import db
from website.models import Application, ApplicationEvent, Resume, User
from website.services import applications, resumes, user_input

CONTENT = {
    "basics": {"name": "Jane Doe", "label": "Backend Engineer", "email": "jane@example.com"},
    "skills": [{"name": "Python"}, {"name": "PostgreSQL"}],
}
AD = "Backend Engineer at Acme\n\nRequirements:\n- Python\n- PostgreSQL\n- Kubernetes\n"
REFUSED_STATUS = "Choose one of the statuses listed."


def make_application(app, owner: User, resume_id: int | None = None, status: str = "saved",
                     trashed: bool = False, **fields) -> int:
    with app.app_context():
        user = db.session.get(User, owner.id)
        resume = db.session.get(Resume, resume_id) if resume_id else None
        application = applications.create(
            user, applications.Fields(**{"company": "Acme", "role": "Backend Engineer",
                                         **fields}), status=status, resume=resume)
        if trashed:
            applications.move_to_trash(application)
        return application.id


def stored(app, application_id: int) -> dict | None:
    """What the database holds about an application and its timeline."""
    with app.app_context():
        found = db.session.get(Application, application_id)
        if found is None:
            return None
        events = db.session.execute(
            db.select(ApplicationEvent.type).where(
                ApplicationEvent.application_id == application_id)
            .order_by(ApplicationEvent.id)).scalars().all()
        return {"company": found.company, "role": found.role, "status": found.status,
                "resume_id": found.resume_id, "sent_version": found.sent_version,
                "notes": found.notes, "ad_url": found.ad_url,
                "trashed": found.deleted_at is not None,
                "match_id": found.match_id, "events": events}


def save_resume(app, resume_id: int, label: str) -> int:
    """Change the resume as its editor would; return its new version number."""
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        content = copy.deepcopy(resume.content)
        content["basics"]["label"] = label
        resumes.save(resume, resume.owner, resume.version, content=content)
        return resume.version


def text_of(response) -> str:
    return response.get_data(as_text=True)


def field_error(html: str, field_id: str) -> str:
    found = re.search(rf'id="{field_id}-error">([^<]*)<', html)
    assert found, f"no error next to {field_id}"
    return found.group(1)


def form_data(**changes) -> dict:
    return {"company": "Globex", "role": "Data Engineer", "location": "Berlin",
            "ad_url": "https://jobs.example.com/42", "ad_text": AD, "resume": "",
            "status": "saved", "applied_on": "", "follow_up_on": "", "notes": "", **changes}


def test_a_new_application_freezes_the_resume_sent_and_matches_the_ad(auth_client, app, user):
    resume_id = make_resume(app, user, title="Backend", content=CONTENT)
    response = auth_client.submit("/applications/new", form_data(resume=str(resume_id),
                                                                 status="applied"))
    assert response.status_code == 302
    application_id = int(response.headers["Location"].rsplit("/", 1)[1])
    save_resume(app, resume_id, "Staff Engineer")  # later edits change nothing sent

    html = text_of(auth_client.get(f"/applications/{application_id}"))
    assert "Added “Data Engineer” at Globex." in html
    assert "Version 1 of <strong class=\"text-break\">“Backend”</strong>" in html
    assert f'href="/resume/{resume_id}/versions/1"' in html
    assert "Send version 2 instead" in html
    assert "Kubernetes" in html.split("Must-haves missing", 1)[1].split("</dd>", 1)[0]
    assert "Python, PostgreSQL" in html.split("Must-haves met", 1)[1].split("</dd>", 1)[0]
    assert stored(app, application_id) | {"match_id": None} == {
        "company": "Globex", "role": "Data Engineer", "status": "applied",
        "resume_id": resume_id, "sent_version": 1, "notes": "", "trashed": False,
        "ad_url": "https://jobs.example.com/42", "match_id": None,
        "events": ["application.created"]}
    assert stored(app, application_id)["match_id"] is not None


def test_send_the_newest_version_instead(auth_client, app, user):
    resume_id = make_resume(app, user, title="Backend", content=CONTENT)
    application_id = make_application(app, user, resume_id, ad_text=AD)
    newest = save_resume(app, resume_id, "Staff Engineer")
    path = f"/applications/{application_id}/send-newest"

    response = auth_client.submit(path, page=f"/applications/{application_id}",
                                  follow_redirects=True)
    assert f"Now sending version {newest} of “Backend”." in text_of(response)
    assert "instead" not in text_of(response)
    assert stored(app, application_id)["sent_version"] == newest
    # A second press (an old tab) says so and changes nothing.
    again = auth_client.submit(path, page=f"/applications/{application_id}",
                               follow_redirects=True)
    assert f"Version {newest} is already the one sent." in text_of(again)


def test_the_list_filters_by_status_and_words_and_shows_each_resume(auth_client, app, user):
    resume_id = make_resume(app, user, title="Data variant", content=CONTENT)
    make_application(app, user, resume_id, company="Acme", status="applied")
    make_application(app, user, company="Globex", role="Analyst", status="interviewing")
    make_application(app, user, company="Initech", status="applied")

    html = text_of(auth_client.get("/applications/"))
    assert re.findall(r'<span class="fw-normal">at ([^<]+)</span>', html) == [
        "Initech", "Globex", "Acme"]
    assert "Data variant, version 1" in html
    applied = text_of(auth_client.get("/applications/?status=applied"))
    assert re.findall(r'<span class="fw-normal">at ([^<]+)</span>', applied) == [
        "Initech", "Acme"]
    found = text_of(auth_client.get("/applications/?q=ANALY"))
    assert re.findall(r'<span class="fw-normal">at ([^<]+)</span>', found) == ["Globex"]
    none = text_of(auth_client.get("/applications/?q=nothing+like+it"))
    assert "No applications match" in none


def test_the_list_has_pages(auth_client, app, user):
    for number in range(ROWS_PER_PAGE + 3):
        make_application(app, user, company=f"Company {number:02}")
    first = text_of(auth_client.get("/applications/"))
    second = text_of(auth_client.get("/applications/?page=2"))
    assert first.count('class="list-group-item application-row"') == ROWS_PER_PAGE
    assert re.findall(r"at (Company \d+)</span>", second) == [
        "Company 02", "Company 01", "Company 00"]
    assert auth_client.get("/applications/?page=100001").status_code == 404


def test_the_board_has_a_column_per_status_and_a_move_form_per_card(auth_client, app, user):
    applied = make_application(app, user, company="Acme", status="applied")
    make_application(app, user, company="Globex", status="offer")
    html = text_of(auth_client.get("/applications/board"))
    titles = re.findall(r'<h2 class="board-column-title h6" id="column-(\w+)">', html)
    assert titles == ["saved", "applied", "interviewing", "offer", "rejected", "withdrawn"]
    column = html.split('id="column-applied"', 1)[1].split("</section>", 1)[0]
    assert f'id="application-{applied}"' in column and "Globex" not in column
    assert f'action="/applications/{applied}/status"' in column
    assert 'name="back" type="hidden" value="board"' in column


def test_moving_without_javascript_records_the_change(auth_client, app, user):
    application_id = make_application(app, user, status="applied")
    response = auth_client.submit(f"/applications/{application_id}/status",
                                  {"status": "interviewing", "back": "board"},
                                  page="/applications/board")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/applications/board#application-{application_id}")
    board = text_of(auth_client.get("/applications/board"))
    assert "Moved “Backend Engineer” at Acme to Interviewing." in board
    column = board.split('id="column-interviewing"', 1)[1].split("</section>", 1)[0]
    assert f'id="application-{application_id}"' in column
    assert stored(app, application_id)["events"] == ["application.created",
                                                     "application.status_changed"]
    html = text_of(auth_client.get(f"/applications/{application_id}"))
    assert "Moved from Applied to Interviewing" in html


def test_a_script_moves_a_card_and_gets_the_new_counts(auth_client, app, user):
    application_id = make_application(app, user, status="saved")
    make_application(app, user, status="offer")
    response = auth_client.submit(f"/applications/{application_id}/status",
                                  {"status": "offer", "back": "board"},
                                  page="/applications/board",
                                  headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "offer", "label": "Offer", "counts": {"offer": 2},
        "message": "Moved “Backend Engineer” at Acme to Offer."}
    assert stored(app, application_id)["status"] == "offer"


@pytest.mark.parametrize("forged", ["hired", "", "Offer", "offer ", "a\x00b", "x" * 5000])
def test_a_forged_status_is_refused_and_changes_nothing(auth_client, app, user, forged):
    application_id = make_application(app, user, status="applied")
    before = stored(app, application_id)
    response = auth_client.submit(f"/applications/{application_id}/status",
                                  {"status": forged, "back": "board"},
                                  page=f"/applications/{application_id}")
    assert response.status_code == 422
    assert field_error(text_of(response), f"move-{application_id}-status") == REFUSED_STATUS
    as_script = auth_client.submit(f"/applications/{application_id}/status", {"status": forged},
                                   page=f"/applications/{application_id}",
                                   headers={"Accept": "application/json"})
    assert as_script.status_code == 422 and as_script.get_json()["message"] == REFUSED_STATUS
    assert stored(app, application_id) == before


def test_a_move_to_the_status_it_has_says_so(auth_client, app, user):
    application_id = make_application(app, user, status="applied")
    response = auth_client.submit(f"/applications/{application_id}/status",
                                  {"status": "applied"}, follow_redirects=True,
                                  page=f"/applications/{application_id}")
    assert "“Backend Engineer” at Acme is already in Applied." in text_of(response)
    assert stored(app, application_id)["events"] == ["application.created"]


@pytest.mark.parametrize("changes, field, message", [
    ({"company": "   "}, "company", "Enter the company."),
    ({"role": "x" * 201}, "role", "Keep it to 200 characters"),
    ({"ad_url": "javascript:alert(1)"}, "ad_url", "starting with https://"),
    ({"applied_on": "2026-05-10", "follow_up_on": "2026-05-01"}, "follow_up_on",
     "Follow up on or after the day you applied."),
    ({"applied_on": "2026-13-45"}, "applied_on", "Not a valid date value."),
    ({"notes": "a\x00b"}, "notes", user_input.unstorable_message()),
    ({"resume": "999999"}, "resume", "Choose one of your resumes listed."),
    ({"resume": "abc"}, "resume", "Choose one of your resumes listed."),
])
def test_invalid_input_is_named_next_to_its_field_and_nothing_is_saved(
        auth_client, app, user, changes, field, message):
    application_id = make_application(app, user)
    before = stored(app, application_id)
    edited = form_data(**changes)
    del edited["status"]
    response = auth_client.submit(f"/applications/{application_id}/edit", edited)
    assert response.status_code == 422
    assert message in field_error(text_of(response), field)
    assert stored(app, application_id) == before

    created = auth_client.submit("/applications/new", form_data(**changes))
    assert created.status_code == 422 and message in field_error(text_of(created), field)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 1


def test_editing_saves_the_fields_and_a_new_resume_sends_its_newest_version(auth_client, app,
                                                                          user):
    first = make_resume(app, user, title="Backend", content=CONTENT)
    second = make_resume(app, user, title="Data", content=CONTENT)
    newest = save_resume(app, second, "Data Engineer")
    application_id = make_application(app, user, first, status="applied")
    edit = text_of(auth_client.get(f"/applications/{application_id}/edit"))
    assert f'<option selected value="{first}">Backend</option>' in edit
    assert 'name="status"' not in edit  # moves go through the status mover and its timeline

    response = auth_client.submit(f"/applications/{application_id}/edit",
                                  {**form_data(resume=str(second), notes="Call Ann on Monday"),
                                   "status": "offer"})
    assert response.status_code == 302
    assert stored(app, application_id) | {"match_id": None, "events": None} == {
        "company": "Globex", "role": "Data Engineer", "status": "applied", "resume_id": second,
        "sent_version": newest, "notes": "Call Ann on Monday", "trashed": False,
        "ad_url": "https://jobs.example.com/42", "match_id": None, "events": None}


def test_the_resume_picker_names_variants_and_offers_no_trashed_or_foreign_resume(
        auth_client, app, user, make_user):
    master = make_resume(app, user, title="Backend", content=CONTENT)
    with app.app_context():
        owner = db.session.get(User, user.id)
        variant = resumes.create(owner, "Backend for Acme", "modern", copy.deepcopy(CONTENT))
        variant.master_id = master
        db.session.commit()
        variant_id = variant.id
    trashed = make_resume(app, user, title="Old one", content=CONTENT, trashed=True)
    foreign = make_resume(app, make_user("eve@example.com"), title="Eve's", content=CONTENT)
    html = text_of(auth_client.get("/applications/new"))
    assert f'<option value="{variant_id}">Backend for Acme (variant of Backend)</option>' in html
    assert f'value="{trashed}"' not in html and f'value="{foreign}"' not in html
    response = auth_client.submit("/applications/new", form_data(resume=str(trashed)))
    assert response.status_code == 422


def test_trash_undo_restore_and_delete_for_good(auth_client, app, user):
    application_id = make_application(app, user)
    page = f"/applications/{application_id}"
    response = auth_client.submit(f"{page}/delete", page=page)
    assert response.headers["Location"].endswith(f"/applications/?undo={application_id}")
    listed = text_of(auth_client.get(response.headers["Location"]))
    assert "Moved “Backend Engineer” at Acme to the trash." in listed
    assert f'action="/applications/{application_id}/restore"' in listed
    assert auth_client.get(page).status_code == 404
    assert stored(app, application_id)["trashed"]

    undone = auth_client.submit(f"{page}/restore", page="/applications/trash",
                                follow_redirects=True)
    assert "Restored “Backend Engineer” at Acme." in text_of(undone)
    assert not stored(app, application_id)["trashed"]
    # Undo once more (a second tab): the application is not in the trash any more.
    assert auth_client.submit(f"{page}/restore", page="/applications/trash").status_code == 404

    auth_client.submit(f"{page}/delete", page=page)
    assert "Backend Engineer” at Acme" in text_of(auth_client.get("/applications/trash"))
    confirm = text_of(auth_client.get(f"{page}/purge"))
    assert "Delete “Backend Engineer” at Acme forever?" in confirm
    gone = auth_client.submit(f"{page}/purge", follow_redirects=True)
    assert "Deleted “Backend Engineer” at Acme for good." in text_of(gone)
    assert stored(app, application_id) is None


def test_an_application_trashed_in_another_tab_is_not_changed_from_an_old_page(
        auth_client, app, user):
    application_id = make_application(app, user, status="applied")
    page = f"/applications/{application_id}"
    token = auth_client.csrf_token(page)
    with app.app_context():
        applications.move_to_trash(db.session.get(Application, application_id))
    before = stored(app, application_id)
    for path, data in ((f"{page}/status", {"status": "offer"}), (f"{page}/edit", form_data()),
                       (f"{page}/send-newest", {}), (f"{page}/delete", {})):
        response = auth_client.post(path, data={"csrf_token": token, **data})
        assert response.status_code == 404, path
    assert stored(app, application_id) == before


def test_an_application_sent_with_a_resume_keeps_one(auth_client, app, user):
    resume_id = make_resume(app, user, title="Backend", content=CONTENT)
    application_id = make_application(app, user, resume_id)
    edit = text_of(auth_client.get(f"/applications/{application_id}/edit"))
    assert "No resume yet" not in edit
    response = auth_client.submit(f"/applications/{application_id}/edit", form_data(resume=""))
    assert response.status_code == 422
    assert field_error(text_of(response), "resume") == "Choose one of your resumes listed."
    assert stored(app, application_id)["resume_id"] == resume_id


def test_an_undo_offer_is_only_for_the_users_own_trashed_application(auth_client, app, user,
                                                                     make_user):
    foreign = make_application(app, make_user("eve@example.com"), trashed=True)
    live = make_application(app, user)
    for undo in (foreign, live, "abc", "99999999999999999999"):
        html = text_of(auth_client.get(f"/applications/?undo={undo}"))
        assert "Undo" not in html


def test_a_resume_sent_with_an_application_is_not_deleted_for_good(auth_client, app, user):
    resume_id = make_resume(app, user, title="Backend", content=CONTENT)
    application_id = make_application(app, user, resume_id, company="Acme", status="applied")
    with app.app_context():
        resumes.move_to_trash(db.session.get(Resume, resume_id))
    confirm = text_of(auth_client.get(f"/resume/{resume_id}/purge"))
    assert "was sent with 1 application" in confirm and "“Backend Engineer” at Acme" in confirm
    assert "Delete forever</button>" not in confirm
    refused = auth_client.submit(f"/resume/{resume_id}/purge", page="/resume/trash")
    assert refused.status_code == 409
    assert "was sent with 1 application" in text_of(refused)
    with app.app_context():
        assert db.session.get(Resume, resume_id) is not None
    assert stored(app, application_id)["sent_version"] == 1
    # The application shows the version sent from a resume in the trash.
    assert "(the resume is in the trash)" in text_of(
        auth_client.get(f"/applications/{application_id}"))

    # Once the application is gone for good, so can the resume be.
    auth_client.submit(f"/applications/{application_id}/delete", page="/applications/")
    auth_client.submit(f"/applications/{application_id}/purge", page="/applications/trash")
    done = auth_client.submit(f"/resume/{resume_id}/purge", page="/resume/trash")
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(Resume, resume_id) is None


def application_routes(application_id: int) -> list[tuple[str, str, dict]]:
    """Every route that names an application: (method, path, form data)."""
    base = f"/applications/{application_id}"
    return [("GET", base, {}), ("GET", f"{base}/edit", {}), ("POST", f"{base}/edit", form_data()),
            ("POST", f"{base}/status", {"status": "offer"}), ("POST", f"{base}/send-newest", {}),
            ("POST", f"{base}/delete", {}), ("POST", f"{base}/restore", {}),
            ("GET", f"{base}/purge", {}), ("POST", f"{base}/purge", {})]


def test_another_users_applications_are_not_found_and_stay_unchanged(app, client, user,
                                                                     make_user):
    resume_id = make_resume(app, user, title="Backend", content=CONTENT)
    live = make_application(app, user, resume_id, status="applied", notes="private")
    trashed = make_application(app, user, company="Hidden Co", trashed=True)
    before = {live: stored(app, live), trashed: stored(app, trashed)}
    log_in(client, make_user("eve@example.com").email)
    token = client.csrf_token("/applications/new")
    for application_id in (live, trashed, 0, 99999999):
        for method, path, data in application_routes(application_id):
            response = client.open(path, method=method, data={"csrf_token": token, **data})
            assert response.status_code == 404, f"{method} {path}"
    assert {key: stored(app, key) for key in before} == before
    for path in ("/applications/", "/applications/board", "/applications/trash"):
        html = text_of(client.get(path))
        assert "Acme" not in html and "Hidden Co" not in html


POSTS = [index for index, (method, _, _) in enumerate(application_routes(1)) if method == "POST"]


@pytest.mark.parametrize("route", POSTS)
def test_posts_without_a_csrf_token_are_refused_and_change_nothing(auth_client, app, user, route):
    resume_id = make_resume(app, user, title="Backend", content=CONTENT)
    application_id = make_application(app, user, resume_id)
    save_resume(app, resume_id, "Staff Engineer")
    _, path, data = application_routes(application_id)[route]
    before = stored(app, application_id)
    response = auth_client.post(path, data=data)
    assert response.status_code == 400
    assert "This form has expired" in text_of(response)
    assert stored(app, application_id) == before


def test_a_new_application_without_a_csrf_token_is_refused(auth_client, app):
    response = auth_client.post("/applications/new", data=form_data())
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 0


def test_pages_need_a_login(client, app, user):
    application_id = make_application(app, user)
    for path in ("/applications/", "/applications/board", "/applications/new",
                 "/applications/trash", f"/applications/{application_id}"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_menu_leads_to_the_applications(auth_client):
    html = text_of(auth_client.get("/resume/manage"))
    assert 'href="/applications/">Applications</a>' in html


@pytest.mark.parametrize("path", ["/applications/", "/applications/board"])
def test_list_and_board_queries_do_not_grow_with_the_applications(auth_client, app, user,
                                                                  path):
    resume_ids = [make_resume(app, user, title=f"Resume {n}", content=CONTENT) for n in range(3)]
    statuses = ("saved", "applied", "interviewing", "offer", "rejected", "withdrawn")

    def add(count: int) -> None:
        for number in range(count):
            make_application(app, user, resume_ids[number % 3], status=statuses[number % 6],
                             company=f"Company {number}")

    def queries() -> int:
        with counted_queries(app) as statements:
            assert auth_client.get(path).status_code == 200
        return len(statements)

    add(12)  # every column has cards, each with its resume
    few = queries()
    add(ROWS_PER_PAGE * 3)
    assert queries() == few
