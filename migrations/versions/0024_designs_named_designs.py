"""Designs are called designs in the schema too: the templates tables and template columns are
renamed, with their constraints (the stored versions keep their key, see version_codec).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 07:50:00.000000

"""
from typing import NamedTuple

from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


class Names(NamedTuple):
    designs: str  # the designs table
    preferences: str  # the table of users' looks per design
    design_id: str  # the preferences' column naming the design
    columns: tuple  # the columns of COLUMN_TABLES, in order


COLUMN_TABLES = ('resumes', 'resumes', 'resume_versions', 'pending_imports')
OLD = Names('templates', 'user_template_preferences', 'template_id',
            ('template_slug', 'template_settings', 'template_slug', 'template'))
NEW = Names('designs', 'user_design_preferences', 'design_id',
            ('design_slug', 'design_settings', 'design_slug', 'design'))


def upgrade():
    _rename(OLD, NEW)


def downgrade():
    _rename(NEW, OLD)


def _rename(old: Names, new: Names):
    postgresql = op.get_bind().dialect.name == 'postgresql'
    # Renamed in place, data and all (SQLite has renamed columns since 3.25).
    for table, was, now in zip(COLUMN_TABLES, old.columns, new.columns, strict=True):
        op.execute(f'ALTER TABLE {table} RENAME COLUMN {was} TO {now}')
    for was, now in ((old.designs, new.designs), (old.preferences, new.preferences)):
        op.rename_table(was, now)
        if postgresql:
            op.execute(f'ALTER SEQUENCE {was}_id_seq RENAME TO {now}_id_seq')
    if postgresql:
        _rename_constraints(old, new)
    else:
        _rebuild_with_new_constraint_names(old, new)


def _constraints(names: Names) -> tuple[list[str], list[str]]:
    """Return the names the naming convention gives the two tables' constraints."""
    designs, preferences = names.designs, names.preferences
    return ([f'pk_{designs}', f'uq_{designs}_slug'],
            [f'pk_{preferences}', f'uq_{preferences}_user_id', f'fk_{preferences}_user_id_users',
             f'fk_{preferences}_{names.design_id}_{designs}'])


def _rename_constraints(old: Names, new: Names):
    op.execute(f'ALTER TABLE {new.preferences} RENAME COLUMN {old.design_id} TO {new.design_id}')
    for table, was, now in zip((new.designs, new.preferences), _constraints(old),
                               _constraints(new), strict=True):
        for was_named, named in zip(was, now, strict=True):
            op.execute(f'ALTER TABLE {table} RENAME CONSTRAINT {was_named} TO {named}')


def _rebuild_with_new_constraint_names(old: Names, new: Names):
    # SQLite keeps constraint names in a table's CREATE statement: the tables are rebuilt,
    # the preferences in steps (a column renamed in the same batch as its constraints is lost).
    (old_pk, old_slug), (old_preferences_pk, old_unique, old_user_fk, old_design_fk) = \
        _constraints(old)
    (pk, slug), (preferences_pk, unique, user_fk, design_fk) = _constraints(new)
    with op.batch_alter_table(new.designs, recreate='always') as batch_op:
        batch_op.drop_constraint(old_pk, type_='primary')
        batch_op.create_primary_key(pk, ['id'])
        batch_op.drop_constraint(old_slug, type_='unique')
        batch_op.create_unique_constraint(slug, ['slug'])
    with op.batch_alter_table(new.preferences, recreate='always') as batch_op:
        batch_op.drop_constraint(old_unique, type_='unique')
        batch_op.drop_constraint(old_design_fk, type_='foreignkey')
    with op.batch_alter_table(new.preferences, recreate='always') as batch_op:
        batch_op.alter_column(old.design_id, new_column_name=new.design_id,
                              existing_type=sa.Integer(), existing_nullable=False)
    with op.batch_alter_table(new.preferences, recreate='always') as batch_op:
        batch_op.drop_constraint(old_preferences_pk, type_='primary')
        batch_op.create_primary_key(preferences_pk, ['id'])
        batch_op.drop_constraint(old_user_fk, type_='foreignkey')
        batch_op.create_foreign_key(user_fk, 'users', ['user_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(design_fk, new.designs, [new.design_id], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_unique_constraint(unique, ['user_id', new.design_id])
