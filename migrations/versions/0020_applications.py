"""Applications, their cover letters, tracked links and events; share links can hide the photo

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 03:30:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade():
    op.create_table('applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('company', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('location', sa.String(length=200), server_default='', nullable=False),
    sa.Column('ad_url', sa.String(length=2048), server_default='', nullable=False),
    sa.Column('ad_text', sa.Text(), server_default='', nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('furthest_status', sa.String(length=20), nullable=False),
    sa.Column('responded', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('resume_id', sa.Integer(), nullable=True),
    sa.Column('sent_version_id', sa.Integer(), nullable=True),
    sa.Column('sent_version', sa.Integer(), nullable=True),
    sa.Column('sent_design', sa.String(length=50), nullable=True),
    sa.Column('match_id', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['match_id'], ['job_matches.id'], name=op.f('fk_applications_match_id_job_matches'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['resume_id'], ['resumes.id'], name=op.f('fk_applications_resume_id_resumes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sent_version_id'], ['resume_versions.id'], name=op.f('fk_applications_sent_version_id_resume_versions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_applications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_resume_id'), ['resume_id'], unique=False)
        batch_op.create_index('ix_applications_user_deleted_status_changed', ['user_id', 'deleted_at', 'status', 'status_changed_at'], unique=False)
        batch_op.create_index('ix_applications_user_deleted_updated', ['user_id', 'deleted_at', 'updated_at'], unique=False)

    op.create_table('application_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('details', DOCUMENT, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_events_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_application_events_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_events'))
    )
    with op.batch_alter_table('application_events', schema=None) as batch_op:
        batch_op.create_index('ix_application_events_application_created', ['application_id', 'created_at'], unique=False)
        batch_op.create_index('ix_application_events_user_type_created', ['user_id', 'type', 'created_at'], unique=False)

    op.create_table('application_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('show_photo', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('view_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_viewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_links_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_links')),
    sa.UniqueConstraint('token', name=op.f('uq_application_links_token'))
    )
    with op.batch_alter_table('application_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_links_application_id'), ['application_id'], unique=False)

    op.create_table('cover_letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('content', DOCUMENT, nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_cover_letters_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cover_letters')),
    sa.UniqueConstraint('application_id', name=op.f('uq_cover_letters_application_id'))
    )
    op.create_table('cover_letter_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cover_letter_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content', DOCUMENT, nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_cover_letter_versions_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cover_letter_id'], ['cover_letters.id'], name=op.f('fk_cover_letter_versions_cover_letter_id_cover_letters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cover_letter_versions')),
    sa.UniqueConstraint('cover_letter_id', 'number', name=op.f('uq_cover_letter_versions_cover_letter_id'))
    )
    with op.batch_alter_table('resume_shares', schema=None) as batch_op:
        batch_op.add_column(sa.Column('show_photo', sa.Boolean(), server_default=sa.true(), nullable=False))



def downgrade():
    with op.batch_alter_table('resume_shares', schema=None) as batch_op:
        batch_op.drop_column('show_photo')

    op.drop_table('cover_letter_versions')
    op.drop_table('cover_letters')
    with op.batch_alter_table('application_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_links_application_id'))

    op.drop_table('application_links')
    with op.batch_alter_table('application_events', schema=None) as batch_op:
        batch_op.drop_index('ix_application_events_user_type_created')
        batch_op.drop_index('ix_application_events_application_created')

    op.drop_table('application_events')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_user_deleted_updated')
        batch_op.drop_index('ix_applications_user_deleted_status_changed')
        batch_op.drop_index(batch_op.f('ix_applications_resume_id'))

    op.drop_table('applications')
