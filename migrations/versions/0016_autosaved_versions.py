"""Autosaved versions: a version written by autosave stays open for the same author's next
autosaves for a while (see `resumes.save`), so it records when it was last updated

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 16:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('resume_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('autosaved', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('resume_versions', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
        batch_op.drop_column('autosaved')
