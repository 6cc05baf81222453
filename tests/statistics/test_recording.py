"""Analytics events: every counted action is stored with the change it counts, and only then."""
import pytest

from tests.factories import make_resume
from tests.helpers import recorded
from tests.resume_samples import THREE_JOBS
from website.extensions import db
from website.models import Resume, ResumeAnalytic, User
from website.services import events, resumes, versions


def test_creating_through_the_page_records_a_create_event(auth_client, app, user):
    response = auth_client.submit("/resume/new", {"title": "Backend roles",
                                                  "template": "modern"})
    resume_id = int(response.headers["Location"].split("/")[2])
    assert recorded(app, resume_id) == [("create", {})]
    with app.app_context():
        event = db.session.execute(db.select(ResumeAnalytic)).scalar_one()
        assert event.user_id == user.id


def test_a_save_records_an_update_with_its_version_and_a_no_op_records_nothing(app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        owner = db.session.get(User, user.id)
        assert resumes.save(resume, owner, 1, title="Renamed")
        assert not resumes.save(resume, owner, 2, title="Renamed")
    assert recorded(app, resume_id) == [("create", {}), ("update", {"version": 2})]


def test_restoring_a_version_records_a_restore(app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        owner = db.session.get(User, user.id)
        resumes.save(resume, owner, 1, title="Renamed")
        versions.restore(resume, versions.get_version(resume, 1), owner, 2)
    assert recorded(app, resume_id)[-1] == ("restore", {"version": 3, "restored_version": 1})


def test_a_rejected_save_records_nothing(app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        with pytest.raises(resumes.StaleVersion):
            resumes.save(resume, db.session.get(User, user.id), 7, title="Late")
    assert recorded(app, resume_id) == [("create", {})]


def test_a_copy_records_where_it_came_from(app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    with app.app_context():
        copy = resumes.duplicate(db.session.get(Resume, resume_id), db.session.get(User, user.id))
        copy_id = copy.id
    assert recorded(app, copy_id) == [("create", {"copied_from": resume_id})]


def test_the_owners_preview_records_a_view(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    assert auth_client.get(f"/resume/{resume_id}/preview").status_code == 200
    assert recorded(app, resume_id)[-1] == ("view", {})


@pytest.mark.parametrize("export_format", ["pdf", "docx", "txt", "json"])
def test_each_download_records_its_format(auth_client, app, user, export_format):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    response = auth_client.get(f"/resume/{resume_id}/export/{export_format}")
    assert response.status_code == 200
    action, details = recorded(app, resume_id)[-1]
    assert (action, details["format"]) == ("download", export_format)
    # How long the file took to make, for the admin page's export times.
    assert isinstance(details["duration_ms"], int) and details["duration_ms"] >= 0


def test_another_users_download_records_nothing(auth_client, app, make_user):
    stranger = make_user("sam@example.com", "Sam Roe")
    resume_id = make_resume(app, stranger, design="classic", content=THREE_JOBS)
    assert auth_client.get(f"/resume/{resume_id}/export/pdf").status_code == 404
    assert recorded(app, resume_id) == [("create", {})]


def test_events_the_statistics_do_not_count_are_announced_but_not_stored(app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    announced = []
    with app.app_context(), events.resume_event.connected_to(
            lambda event: announced.append(event.type)):
        resumes.move_to_trash(db.session.get(Resume, resume_id))
    assert announced == [events.RESUME_DELETED]
    assert recorded(app, resume_id) == [("create", {})]


def test_a_purged_resume_keeps_its_events_for_the_totals(app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.move_to_trash(resume)
        resumes.delete_for_good(resume)
        remaining = db.session.execute(db.select(ResumeAnalytic.action,
                                                 ResumeAnalytic.resume_id)).all()
    assert [tuple(row) for row in remaining] == [("create", None)]
