"""Versions are stored compactly (compressed deltas from keyframes) and read back exactly:
history, compare, restore and the API see what was saved, and migration 0011 converts the
rows of an existing database both ways."""
import copy
import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tests.helpers import settings_for_tests
from website import create_app
from website.extensions import db
from website.models import Resume, ResumeVersion, User, version_codec
from website.services import resumes, versions

SMALL_EDITS = 1000
MAX_BYTES = 2 * 1024 * 1024


def two_pages() -> dict:
    """A resume of about two printed pages (~6 KB of JSON)."""
    work = [{"position": f"Engineer level {n}", "name": f"Company {n}", "location": "Berlin",
             "startDate": f"{2010 + n}-01", "endDate": f"{2011 + n}-01",
             "summary": "Worked on the payments platform: card processing, payouts, ledgers.",
             "highlights": [f"Cut infrastructure costs by {10 + n}% in one year",
                            "Led the move of 40 services to Kubernetes without downtime",
                            "Designed the idempotent payout API used by 2,000 merchants"]}
            for n in range(10)]
    return {"basics": {"name": "Jane Doe", "label": "Staff Engineer",
                       "summary": "Backend engineer who turns slow services into fast ones."},
            "work": work,
            "skills": [{"name": name, "keywords": ["production", "teaching"]}
                       for name in ("Python", "Go", "PostgreSQL", "Kubernetes", "Redis")]}


def small_edit(content: dict, step: int) -> dict:
    content = copy.deepcopy(content)
    content["work"][step % 10]["highlights"][0] = f"Cut infrastructure costs by {step}%"
    return content


def versions_bytes(database_url: str) -> int:
    """What the resume_versions table takes on disk, with its TOAST table and indexes."""
    if database_url.startswith("postgresql"):
        return db.session.scalar(sa.text("SELECT pg_total_relation_size('resume_versions')"))
    return db.session.scalar(sa.text(
        "SELECT sum(pgsize) FROM dbstat WHERE name = 'resume_versions' OR name IN "
        "(SELECT name FROM sqlite_master WHERE tbl_name = 'resume_versions')"))


def saved_history(app, user, edits: int) -> tuple[int, list[dict]]:
    """Create a resume and save `edits` - 1 small edits; return its id and every content."""
    with app.app_context():
        owner = db.session.get(User, user.id)
        resume = resumes.create(owner, "Backend roles", content=two_pages())
        contents = [resume.content]
        for step in range(1, edits):
            resumes.save(resume, owner, resume.version,
                         content=small_edit(resume.content, step))
            contents.append(resume.content)
        return resume.id, contents


@pytest.fixture
def app_config():
    return {"STORAGE_QUOTA_BYTES": 100 * 2**20}


def test_a_thousand_small_edits_take_less_than_2_mb_and_read_back_exactly(
        app, user, database_url):
    resume_id, contents = saved_history(app, user, SMALL_EDITS)
    with app.app_context():
        assert versions_bytes(database_url) < MAX_BYTES
        resume = db.session.get(Resume, resume_id)
        for number in (1, 2, 50, 51, 52, 500, 999, 1000):
            db.session.expire_all()
            assert versions.get_version(resume, number).content == contents[number - 1]
        keyframes = db.session.scalar(db.select(db.func.count()).select_from(ResumeVersion)
                                      .where(ResumeVersion.keyframe_id.is_(None)))
    assert keyframes == SMALL_EDITS // version_codec.KEYFRAME_EVERY


def test_history_compare_restore_and_the_api_read_versions_across_keyframes(
        app, user, auth_client, api):
    resume_id, contents = saved_history(app, user, 120)
    page = auth_client.get(f"/resume/{resume_id}/versions/75")
    assert page.status_code == 200
    assert "Cut infrastructure costs by 74%" in page.get_data(as_text=True)

    compared = auth_client.get(f"/resume/{resume_id}/versions/compare?from=49&to=103")
    assert compared.status_code == 200
    removed = compared.get_data(as_text=True).split('<del class="diff-removed">')
    assert [part.split("</del>")[0].count(">48<") for part in removed[1:]].count(1) == 1

    read = api.get(f"/api/v1/resumes/{resume_id}/versions/101")
    assert read.status_code == 200
    assert read.json["resume"]["work"][0]["highlights"][0] == "Cut infrastructure costs by 100%"

    response = auth_client.submit(f"/resume/{resume_id}/versions/75/restore",
                                  {"base_version": "120"})
    assert response.status_code == 302
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        assert resume.content == contents[74]
        assert versions.get_version(resume, 121).content == contents[74]


def test_migration_0011_packs_existing_versions_and_unpacks_them_on_downgrade(
        empty_database_url):
    app = create_app(settings_for_tests(empty_database_url))
    now = datetime.now(UTC)
    contents = [small_edit(two_pages(), step) for step in range(60)]
    with app.app_context():
        upgrade(revision="0010")
        tables = sa.MetaData()
        tables.reflect(db.engine, only=["users", "resumes", "resume_versions"])
        users, resume_rows, version_rows = (tables.tables[name] for name in
                                            ("users", "resumes", "resume_versions"))
        with db.engine.begin() as connection:
            connection.execute(users.insert().values(
                id=1, name="Jane", email="jane@example.com", password_hash="x",
                session_token="t", created_at=now, updated_at=now))
            connection.execute(resume_rows.insert().values(
                id=1, user_id=1, title="Old", template_slug="modern", template_settings={},
                content=contents[-1], version=60, is_active=True, download_count=0,
                created_at=now, updated_at=now))
            connection.execute(version_rows.insert(), [
                {"resume_id": 1, "number": number, "title": "Old", "template_slug": "modern",
                 "template_settings": {"accent": "#123456"}, "content": content,
                 "summary": "Edited", "created_at": now}
                for number, content in enumerate(contents, start=1)])

        upgrade(revision="0011")
        upgrade()  # the models read the newest schema (0016 adds autosave columns)
        resume = db.session.get(Resume, 1)
        for number in (1, 50, 51, 60):
            version = versions.get_version(resume, number)
            assert version.content == contents[number - 1]
            assert version.design_settings == {"accent": "#123456"}
        db.session.remove()

        downgrade(revision="0010")
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT number, content FROM resume_versions ORDER BY number")).all()
        db.engine.dispose()
    # SQLite gives JSON back as text through a plain SQL query.
    stored = [row.content if isinstance(row.content, dict) else json.loads(row.content)
              for row in rows]
    assert stored == contents
