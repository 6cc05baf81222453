"""Job matches keep each requirement (must or nice, met or not); resumes can be tailored
variants of a master

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 23:50:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade():
    with op.batch_alter_table('job_matches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requirements', DOCUMENT, nullable=False,
                                      server_default='[]'))
    with op.batch_alter_table('resumes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('master_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('master_version', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_resumes_master_id'), ['master_id'], unique=False)
        batch_op.create_foreign_key('fk_resumes_master_id_resumes', 'resumes', ['master_id'],
                                    ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('resumes', schema=None) as batch_op:
        batch_op.drop_constraint('fk_resumes_master_id_resumes', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_resumes_master_id'))
        batch_op.drop_column('master_version')
        batch_op.drop_column('master_id')
    with op.batch_alter_table('job_matches', schema=None) as batch_op:
        batch_op.drop_column('requirements')
