"""Analytics events and job matches

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 01:12:04.788033

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_matches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('resume_id', sa.Integer(), nullable=False),
    sa.Column('job_title', sa.String(length=200), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('matched_keywords', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('missing_keywords', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['resume_id'], ['resumes.id'], name=op.f('fk_job_matches_resume_id_resumes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_job_matches_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_matches'))
    )
    with op.batch_alter_table('job_matches', schema=None) as batch_op:
        batch_op.create_index('ix_job_matches_resume_id_created_at', ['resume_id', 'created_at'], unique=False)
        batch_op.create_index('ix_job_matches_user_id_created_at', ['user_id', 'created_at'], unique=False)

    op.create_table('resume_analytics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('resume_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('details', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['resume_id'], ['resumes.id'], name=op.f('fk_resume_analytics_resume_id_resumes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_resume_analytics_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resume_analytics'))
    )
    with op.batch_alter_table('resume_analytics', schema=None) as batch_op:
        batch_op.create_index('ix_resume_analytics_resume_id_action_created_at', ['resume_id', 'action', 'created_at'], unique=False)
        batch_op.create_index('ix_resume_analytics_user_id_created_at', ['user_id', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('resume_analytics', schema=None) as batch_op:
        batch_op.drop_index('ix_resume_analytics_user_id_created_at')
        batch_op.drop_index('ix_resume_analytics_resume_id_action_created_at')

    op.drop_table('resume_analytics')
    with op.batch_alter_table('job_matches', schema=None) as batch_op:
        batch_op.drop_index('ix_job_matches_user_id_created_at')
        batch_op.drop_index('ix_job_matches_resume_id_created_at')

    op.drop_table('job_matches')
