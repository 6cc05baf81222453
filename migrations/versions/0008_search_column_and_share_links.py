"""Search column on resumes (trigram index on PostgreSQL) and public share links

Revision ID: 0008
Revises: 0005
Create Date: 2026-11-22 01:25:40.884770

"""
from alembic import op
import sqlalchemy as sa

from website.services.search import search_text


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

BATCH = 500


def _fill_search_text():
    """Fill the new column of the resumes that exist, a batch at a time."""
    bind = op.get_bind()
    resumes = sa.table('resumes', sa.column('id', sa.Integer), sa.column('title', sa.String),
                       sa.column('content', sa.JSON), sa.column('search_text', sa.Text))
    last_id = 0
    while True:
        rows = bind.execute(sa.select(resumes.c.id, resumes.c.title, resumes.c.content)
                            .where(resumes.c.id > last_id).order_by(resumes.c.id)
                            .limit(BATCH)).all()
        if not rows:
            return
        for row in rows:
            bind.execute(resumes.update().where(resumes.c.id == row.id)
                         .values(search_text=search_text(row.title, row.content or {})))
        last_id = rows[-1].id


def upgrade():
    op.create_table('resume_shares',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resume_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['resume_id'], ['resumes.id'], name=op.f('fk_resume_shares_resume_id_resumes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resume_shares')),
    sa.UniqueConstraint('resume_id', name=op.f('uq_resume_shares_resume_id')),
    sa.UniqueConstraint('token', name=op.f('uq_resume_shares_token'))
    )
    with op.batch_alter_table('resumes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    _fill_search_text()
    if op.get_bind().dialect.name == 'postgresql':
        # Substring search (LIKE '%term%') uses this index; SQLite scans the user's rows.
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        op.create_index('ix_resumes_search_text_trgm', 'resumes', ['search_text'], unique=False,
                        postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_resumes_search_text_trgm', table_name='resumes')
    with op.batch_alter_table('resumes', schema=None) as batch_op:
        batch_op.drop_column('search_text')
    op.drop_table('resume_shares')
