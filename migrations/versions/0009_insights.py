"""Insights: admin flag on users, completion kept on resumes, indexes for the statistics

Revision ID: 0009
Revises: 0005
Create Date: 2026-11-22 01:15:21.835163

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

BATCH = 500


def _fill_completion():
    # Computed with today's rules, the same ones every save applies from now on.
    from website.services import resume_document

    resumes = sa.table(
        'resumes', sa.column('id', sa.Integer()),
        sa.column('content', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')),
        sa.column('completion_percent', sa.Integer()))
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(sa.select(resumes.c.id, resumes.c.content)
                                  .where(resumes.c.id > last_id).order_by(resumes.c.id)
                                  .limit(BATCH)).all()
        if not rows:
            return
        for resume_id, content in rows:
            percent = resume_document.completion(resume_document.normalize(content)).percent
            connection.execute(resumes.update().where(resumes.c.id == resume_id)
                               .values(completion_percent=percent))
        last_id = rows[-1][0]


def upgrade():
    with op.batch_alter_table('resume_analytics', schema=None) as batch_op:
        batch_op.create_index('ix_resume_analytics_action_created_at', ['action', 'created_at'], unique=False)
        batch_op.create_index('ix_resume_analytics_user_id_action_created_at_resume_id', ['user_id', 'action', 'created_at', 'resume_id'], unique=False)

    with op.batch_alter_table('resumes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('completion_percent', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_admin', sa.Boolean(), server_default='0', nullable=False))

    _fill_completion()


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('is_admin')

    with op.batch_alter_table('resumes', schema=None) as batch_op:
        batch_op.drop_column('completion_percent')

    with op.batch_alter_table('resume_analytics', schema=None) as batch_op:
        batch_op.drop_index('ix_resume_analytics_user_id_action_created_at_resume_id')
        batch_op.drop_index('ix_resume_analytics_action_created_at')
