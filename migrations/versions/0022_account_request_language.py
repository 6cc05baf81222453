"""The interface language a sign-up or password reset was asked in, for the email answering it.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 21:58:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('account_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('account_requests', schema=None) as batch_op:
        batch_op.drop_column('language')
