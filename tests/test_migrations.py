"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, Table, inspect

from tests.helpers import settings_for_tests
from website import create_app
from website.extensions import db
from website.models import PendingImport, Resume, ResumeVersion, User, UserDesignPreference
from website.models.base import include_in_autogenerate, utcnow
from website.services.designs import BUILT_IN


def test_migrations_match_the_models(empty_database_url):
    app = create_app(settings_for_tests(empty_database_url))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "compare_type": True, "include_object": include_in_autogenerate})
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == [], f"models and migrations disagree; run `flask db migrate`: {diff}"


def test_migrations_downgrade_to_nothing(empty_database_url):
    app = create_app(settings_for_tests(empty_database_url))
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        db.engine.dispose()
    assert tables == set()


def _older_table(name: str) -> Table:
    """The table `name` as the database's current revision holds it (not as the models do)."""
    return Table(name, MetaData(), autoload_with=db.session.connection())


def _designs() -> dict[str, tuple[str, str]]:
    designs = _older_table("templates")  # renamed "designs" by 0024
    rows = db.session.execute(db.select(designs.c.slug, designs.c.name, designs.c.description))
    return {slug: (name, description) for slug, name, description in rows}


def _user_of_older_schema() -> int:
    """Add a user row as an older schema holds it: today's User has columns that revision lacks."""
    columns = {"name": "Jane Doe", "email": "jane@example.com", "password_hash": "x",
               "session_token": "token", "created_at": utcnow(), "updated_at": utcnow()}
    return db.session.execute(
        db.insert(User.__table__).values(columns).returning(User.__table__.c.id)).scalar_one()


def _resume_without_versions(user_id: int, title: str, slug: str) -> int:
    """Add a resume row as an older schema holds it: the table as that revision made it, with
    `is_active` (dropped by 0023) and without the columns later revisions add."""
    resumes = _older_table("resumes")
    columns = {"user_id": user_id, "title": title, "template_slug": slug,
               "template_settings": {}, "content": {}, "version": 0, "is_active": True,
               "download_count": 0, "created_at": utcnow(), "updated_at": utcnow()}
    resume_id = db.session.execute(
        db.insert(resumes).values(columns).returning(resumes.c.id)).scalar_one()
    db.session.commit()
    return resume_id


def test_designs_migration_adds_four_layouts_and_restyles_the_first_four(empty_database_url):
    app = create_app(settings_for_tests(empty_database_url))
    with app.app_context():
        upgrade(revision="0014")
        before = _designs()
        user_id = _user_of_older_schema()
        kept = _resume_without_versions(user_id, "Kept", "classic")
        upgrade(revision="0015")
        db.session.expire_all()
        after = _designs()
        built_in = {slug: (name, description) for slug, name, _, description, _ in BUILT_IN}
        assert after == built_in  # the migration's frozen copy matches the catalogue today
        resumes, designs = _older_table("resumes"), _older_table("templates")
        assert db.session.scalar(db.select(resumes.c.template_slug)
                                 .where(resumes.c.id == kept)) == "classic"
        academic = db.session.execute(
            db.select(designs.c.config).where(designs.c.slug == "academic")).scalar_one()
        assert academic["section_order"][0] == "publications"

        _resume_without_versions(user_id, "Timeline", "timeline")
        downgrade(revision="0014")
        db.session.expire_all()
        remaining = _designs()
        db.session.remove()
        db.engine.dispose()
    # The four first designs read as before; a new design still in use stays, the rest go.
    assert {slug: remaining[slug] for slug in before} == before
    assert set(remaining) == set(before) | {"timeline"}


def _insert(table: str, **columns) -> int:
    """Add a row to `table` as the database's current revision holds it; return its id."""
    rows = _older_table(table)
    return db.session.execute(db.insert(rows).values(columns).returning(rows.c.id)).scalar_one()


def test_renaming_templates_to_designs_keeps_every_value_both_ways(empty_database_url):
    app = create_app(settings_for_tests(empty_database_url))
    look = {"accent": "#aa3300"}
    with app.app_context():
        upgrade(revision="0023")
        user_id = _user_of_older_schema()
        templates = _older_table("templates")
        timeline = db.session.execute(
            db.select(templates.c.id).where(templates.c.slug == "timeline")).scalar_one()
        _insert("user_template_preferences", user_id=user_id, template_id=timeline,
                config=look, created_at=utcnow(), updated_at=utcnow())
        resume_id = _insert("resumes", user_id=user_id, title="Kept", template_slug="timeline",
                            template_settings=look, content={}, version=1, download_count=0,
                            created_at=utcnow(), updated_at=utcnow())
        _insert("resume_versions", resume_id=resume_id, number=1, title="Kept",
                template_slug="timeline", snapshot=b"", summary="", created_at=utcnow(),
                autosaved=False)
        _insert("pending_imports", token="t" * 32, user_id=user_id, filename="cv.json",
                title="", source="json", document={}, warnings=[], template="timeline",
                created_at=utcnow())
        db.session.commit()

        upgrade(revision="0024")
        resume = db.session.get(Resume, resume_id)
        assert (resume.design_slug, resume.design_settings) == ("timeline", look)
        assert db.session.scalars(db.select(ResumeVersion.design_slug)).one() == "timeline"
        [preference] = db.session.scalars(db.select(UserDesignPreference)).all()
        assert (preference.design.slug, preference.config) == ("timeline", look)
        assert db.session.scalars(db.select(PendingImport.design)).one() == "timeline"
        db.session.remove()

        downgrade(revision="0023")
        resumes = _older_table("resumes")
        assert db.session.execute(db.select(resumes.c.template_slug, resumes.c.template_settings)
                                  ).one() == ("timeline", look)
        preferences, designs = (_older_table("user_template_preferences"),
                                _older_table("templates"))
        assert db.session.execute(db.select(designs.c.slug).join(
            preferences, preferences.c.template_id == designs.c.id)).scalar_one() == "timeline"
        assert db.session.scalar(db.select(_older_table("pending_imports").c.template)) \
            == "timeline"
        db.session.remove()
        db.engine.dispose()
