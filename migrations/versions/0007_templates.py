"""Templates: the catalogue of designs, seeded with the four built-in ones, and user preferences

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-22 01:15:20.347132

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

SEED = [
    ("modern", "Modern", "Technology",
     "A blue accent and clean sans-serif headings with a rule under each: contemporary and easy "
     "to scan.", {"accent": "#1d5fa8", "font": "dejavu-sans", "font_size": 10, "page_size": "A4",
                  "margin_mm": 18}),
    ("classic", "Classic", "Traditional",
     "Centred name, serif type and black headings: the look law, academia and finance expect.",
     {"accent": "#222222", "font": "liberation-serif", "font_size": 10, "page_size": "A4",
      "margin_mm": 18}),
    ("professional", "Professional", "Business",
     "A deep teal accent and compact sans-serif type that fits a long career on two pages.",
     {"accent": "#1f4e5a", "font": "liberation-sans", "font_size": 10, "page_size": "A4",
      "margin_mm": 18}),
    ("minimal", "Minimal", "Creative",
     "Grey accents, generous white space and a quiet serif: lets the content speak.",
     {"accent": "#555555", "font": "dejavu-serif", "font_size": 10, "page_size": "A4",
      "margin_mm": 18}),
]


def upgrade():
    templates = op.create_table('templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=50), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('category', sa.String(length=50), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('config', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('thumbnail_png', sa.LargeBinary(), nullable=True),
    sa.Column('thumbnail_key', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_templates')),
    sa.UniqueConstraint('slug', name=op.f('uq_templates_slug'))
    )
    # A frozen copy of the designs as they were when this migration was written: later changes
    # to website/services/templates.py must not rewrite what this revision did.
    now = datetime.now(timezone.utc)
    op.bulk_insert(templates, [
        {"slug": slug, "name": name, "description": description, "category": category,
         "is_active": True, "config": config, "created_at": now, "updated_at": now}
        for slug, name, category, description, config in SEED])
    op.create_table('user_template_preferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('config', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['template_id'], ['templates.id'], name=op.f('fk_user_template_preferences_template_id_templates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_template_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_template_preferences')),
    sa.UniqueConstraint('user_id', 'template_id', name=op.f('uq_user_template_preferences_user_id'))
    )


def downgrade():
    op.drop_table('user_template_preferences')
    op.drop_table('templates')
