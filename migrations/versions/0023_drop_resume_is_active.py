"""Resumes lose is_active: nothing read or wrote it since it was created.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 01:08:43.504685

"""
from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('resumes', schema=None) as batch_op:
        batch_op.drop_column('is_active')


def downgrade():
    # The server default gives existing rows a value; 0002 made the column without one.
    with op.batch_alter_table('resumes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_active', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
    with op.batch_alter_table('resumes', schema=None) as batch_op:
        batch_op.alter_column('is_active', server_default=None)
