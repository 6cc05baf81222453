"""The applications service as its views rely on it: the version sent stays frozen, the funnel's
columns follow status moves, bad fields change nothing. On SQLite and PostgreSQL."""
import copy
from datetime import timedelta

import pytest

from website.extensions import db
from website.models import Application, ApplicationEvent, ApplicationLink, User, utcnow
from website.services import application_links, applications, resumes
from website.services.errors import NotFound

CONTENT = {
    "basics": {"name": "Jane Doe", "label": "Backend Engineer", "email": "jane@example.com"},
    "skills": [{"name": "Python"}, {"name": "PostgreSQL"}],
}
AD = """Backend Engineer at Acme

Requirements:
- Python
- PostgreSQL
- Kubernetes
"""


def fields(**changes) -> applications.Fields:
    return applications.Fields(**{"company": "Acme", "role": "Backend Engineer", **changes})


def test_the_version_sent_stays_as_it_was_when_the_resume_changes(app, user):
    with app.app_context():
        owner = db.session.get(User, user.id)
        resume = resumes.create(owner, "Backend", "modern", copy.deepcopy(CONTENT))
        application = applications.create(owner, fields(ad_text=AD), status="applied",
                                          resume=resume)
        sent_number = application.sent_version
        changed = copy.deepcopy(resume.content)
        changed["basics"]["label"] = "Staff Engineer"
        resumes.save(resume, owner, resume.version, content=changed, autosave=True)

        db.session.expire_all()
        application = db.session.get(Application, application.id)
        assert application.sent_version == sent_number < application.resume.version
        assert application.sent.content["basics"]["label"] == "Backend Engineer"
        assert application.sent_design == "modern"
        assert application.match is not None
        assert {item["name"] for item in application.match.requirements if not item["met"]} \
            == {"Kubernetes"}
        assert application.applied_on is not None


def test_status_moves_keep_the_furthest_step_and_whether_the_employer_answered(app, user):
    with app.app_context():
        owner = db.session.get(User, user.id)
        application = applications.create(owner, fields())
        assert (application.status, application.furthest_status) == ("saved", "saved")
        assert applications.move(application, "interviewing")
        assert not applications.move(application, "interviewing")
        applications.move(application, "rejected")
        assert (application.status, application.furthest_status, application.responded) \
            == ("rejected", "interviewing", True)
        moves = db.session.execute(
            db.select(ApplicationEvent.type, ApplicationEvent.details)
            .where(ApplicationEvent.application_id == application.id)
            .order_by(ApplicationEvent.id)).all()
        assert [(kind, details) for kind, details in moves] == [
            ("application.created", {"status": "saved"}),
            ("application.status_changed", {"from": "saved", "to": "interviewing"}),
            ("application.status_changed", {"from": "interviewing", "to": "rejected"})]


@pytest.mark.parametrize("changes, field", [
    ({"company": "  "}, "company"),
    ({"role": "x" * 201}, "role"),
    ({"ad_url": "javascript:alert(1)"}, "ad_url"),
    ({"notes": "a\x00b"}, "notes"),
])
def test_bad_fields_are_named_and_nothing_is_stored(app, user, changes, field):
    with app.app_context():
        owner = db.session.get(User, user.id)
        with pytest.raises(applications.InvalidApplication) as raised:
            applications.create(owner, fields(**changes))
        assert list(raised.value.problems) == [field]
        assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 0


def test_an_unknown_status_is_refused(app, user):
    with app.app_context():
        owner = db.session.get(User, user.id)
        application = applications.create(owner, fields())
        with pytest.raises(applications.InvalidApplication):
            applications.move(application, "hired")
        assert db.session.get(Application, application.id).status == "saved"


def test_board_counts_every_card_but_shows_the_newest_per_column(app, user):
    with app.app_context():
        owner = db.session.get(User, user.id)
        for number in range(5):
            applications.create(owner, fields(company=f"Company {number}"), status="applied")
        columns = {column.status: column for column in applications.board(owner, per_column=3)}
        assert columns["applied"].count == 5
        assert [card.company for card in columns["applied"].applications] == [
            "Company 4", "Company 3", "Company 2"]
        assert columns["offer"].count == 0 and columns["offer"].applications == []
        assert applications.list_page(owner, text="company 1").total == 1


def test_another_users_application_is_not_found(app, user, make_user):
    with app.app_context():
        owner = db.session.get(User, user.id)
        application = applications.create(owner, fields())
        stranger = db.session.get(User, make_user("stranger@example.com").id)
        with pytest.raises(NotFound):
            applications.get_owned(application.id, stranger)
        assert applications.list_page(stranger).total == 0


def test_a_link_opens_until_revoked_or_expired_and_counts_its_views(app, user):
    with app.app_context():
        owner = db.session.get(User, user.id)
        resume = resumes.create(owner, "Backend", "classic", copy.deepcopy(CONTENT))
        unsent = applications.create(owner, fields())
        with pytest.raises(application_links.LinkRefused):
            application_links.create(unsent)
        application = applications.create(owner, fields(), resume=resume)
        link = application_links.create(application)
        assert len(link.token) >= 43 and application_links.is_live(link)
        found = application_links.find(link.token)
        application_links.record_view(found)
        application_links.record_view(found)
        db.session.expire_all()
        assert db.session.get(ApplicationLink, link.id).view_count == 2
        assert application_links.total_views(owner) == 2
        assert application_links.revoke(found) and not application_links.is_live(found)

        soon = utcnow() + timedelta(days=1)
        expiring = application_links.create(application, expires_at=soon)
        assert application_links.is_live(expiring)
        assert not application_links.is_live(expiring, soon + timedelta(seconds=1))
        applications.move_to_trash(application)
        assert application_links.find(expiring.token) is None
