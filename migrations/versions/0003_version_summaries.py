"""Add version summaries

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 22:55:27.024927

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('resume_versions', schema=None) as batch_op:
        # Versions written before summaries existed get an empty one.
        batch_op.add_column(sa.Column('summary', sa.String(length=500), nullable=False,
                                      server_default=''))



def downgrade():
    with op.batch_alter_table('resume_versions', schema=None) as batch_op:
        batch_op.drop_column('summary')

