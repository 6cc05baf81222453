"""Account requests: sign-ups and password resets queued by address; email to an address with
no account yet

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('account_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_requests'))
    )
    with op.batch_alter_table('account_requests', schema=None) as batch_op:
        batch_op.create_index('ix_account_requests_due', ['status', 'next_attempt_at'], unique=False)

    with op.batch_alter_table('email_notifications', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    # Email to addresses without an account has no owner to keep it under.
    op.execute('DELETE FROM email_notifications WHERE user_id IS NULL')
    with op.batch_alter_table('email_notifications', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)

    with op.batch_alter_table('account_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_account_requests_due')

    op.drop_table('account_requests')
