"""Compact version storage: each version's settings and content as compressed JSON, most of
them as a delta from a keyframe version (website/models/version_codec.py)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 07:40:00.000000

"""
import json

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from website.models import version_codec


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

Document = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
versions = sa.table('resume_versions', sa.column('id', sa.Integer),
                    sa.column('resume_id', sa.Integer), sa.column('number', sa.Integer),
                    sa.column('template_settings', Document), sa.column('content', Document),
                    sa.column('snapshot', sa.LargeBinary), sa.column('keyframe_id', sa.Integer))


def _resume_ids(bind):
    return bind.execute(sa.select(versions.c.resume_id).distinct()).scalars().all()


def _history(bind, resume_id, *columns):
    """Every version of one resume, oldest first (one resume's history fits in memory)."""
    return bind.execute(sa.select(versions.c.id, versions.c.number, *columns)
                        .where(versions.c.resume_id == resume_id)
                        .order_by(versions.c.number)).all()


def _pack_existing_versions():
    bind = op.get_bind()
    for resume_id in _resume_ids(bind):
        keyframe = None  # (id, number, json)
        for row in _history(bind, resume_id, versions.c.template_settings,
                            versions.c.content):
            state_json = version_codec.to_json({'template_settings': row.template_settings or {},
                                                'content': row.content or {}})
            snapshot, is_delta = version_codec.encode(
                state_json, keyframe and keyframe[2], row.number - (keyframe or (0, 0))[1])
            if not is_delta:
                keyframe = (row.id, row.number, state_json)
            bind.execute(versions.update().where(versions.c.id == row.id).values(
                snapshot=snapshot, keyframe_id=keyframe[0] if is_delta else None))


def _unpack_versions():
    bind = op.get_bind()
    for resume_id in _resume_ids(bind):
        keyframes = {}
        for row in _history(bind, resume_id, versions.c.snapshot, versions.c.keyframe_id):
            state_json = version_codec.unpack(row.snapshot, keyframes.get(row.keyframe_id))
            if row.keyframe_id is None:
                keyframes[row.id] = state_json
            state = json.loads(state_json)
            bind.execute(versions.update().where(versions.c.id == row.id).values(
                template_settings=state['template_settings'], content=state['content']))


def upgrade():
    with op.batch_alter_table('resume_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('snapshot', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('keyframe_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_resume_versions_keyframe_id_resume_versions'),
                                    'resume_versions', ['keyframe_id'], ['id'],
                                    ondelete='CASCADE')
    _pack_existing_versions()
    with op.batch_alter_table('resume_versions', schema=None) as batch_op:
        batch_op.alter_column('snapshot', existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column('content')
        batch_op.drop_column('template_settings')


def downgrade():
    with op.batch_alter_table('resume_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('template_settings', Document, nullable=True))
        batch_op.add_column(sa.Column('content', Document, nullable=True))
    _unpack_versions()
    with op.batch_alter_table('resume_versions', schema=None) as batch_op:
        batch_op.alter_column('template_settings', existing_type=Document, nullable=False)
        batch_op.alter_column('content', existing_type=Document, nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_resume_versions_keyframe_id_resume_versions'),
                                 type_='foreignkey')
        batch_op.drop_column('keyframe_id')
        batch_op.drop_column('snapshot')
