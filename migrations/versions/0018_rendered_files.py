"""Rendered files: PDF, Word and first-page pictures rendered ahead and shared by every web
process, and the queue of resumes waiting to have theirs rendered

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 20:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('render_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resume_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['resume_id'], ['resumes.id'], name=op.f('fk_render_jobs_resume_id_resumes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_render_jobs'))
    )
    with op.batch_alter_table('render_jobs', schema=None) as batch_op:
        batch_op.create_index('ix_render_jobs_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_render_jobs_resume_id'), ['resume_id'], unique=False)

    op.create_table('rendered_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resume_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['resume_id'], ['resumes.id'], name=op.f('fk_rendered_files_resume_id_resumes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rendered_files')),
    sa.UniqueConstraint('kind', 'key', name=op.f('uq_rendered_files_kind'))
    )
    with op.batch_alter_table('rendered_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rendered_files_resume_id'), ['resume_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rendered_files_used_at'), ['used_at'], unique=False)



def downgrade():
    with op.batch_alter_table('rendered_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rendered_files_used_at'))
        batch_op.drop_index(batch_op.f('ix_rendered_files_resume_id'))

    op.drop_table('rendered_files')
    with op.batch_alter_table('render_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_render_jobs_resume_id'))
        batch_op.drop_index('ix_render_jobs_due')

    op.drop_table('render_jobs')
