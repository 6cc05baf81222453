"""Designs: four with their own layouts (executive, sidebar, timeline, academic); the first four
renamed, described and configured anew

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 12:30:00.000000

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

# Frozen copies, as 0007 keeps its own: later edits to website/services/templates.py must not
# rewrite what this revision did. Rows are (slug, name, category, description, config).
NEW = [
    ("executive", "Executive", "Business",
     "Dates in a wide left column, the story beside them and quiet capital headings over a "
     "fine rule: a calm, senior look for long careers.",
     {"accent": "#5a2d1f", "font": "lora", "font_size": 10, "page_size": "A4", "margin_mm": 16}),
    ("sidebar", "Sidebar", "Two columns",
     "Contact, skills and languages in a tinted column beside your experience; the text "
     "still reads in order for applicant tracking systems.",
     {"accent": "#2f5d50", "font": "source-sans-3", "font_size": 10, "page_size": "A4",
      "margin_mm": 14}),
    ("timeline", "Timeline", "Modern",
     "Your roles along a vertical line with a marker and the dates above each title: shows "
     "progression at a glance.",
     {"accent": "#7a3b8f", "font": "inter", "font_size": 10, "page_size": "A4", "margin_mm": 16}),
    ("academic", "Academic CV", "Academia",
     "A scholarly CV in EB Garamond: publications first and numbered, then education, "
     "positions and awards, under quiet capital headings.",
     {"accent": "#222222", "font": "eb-garamond", "font_size": 11, "page_size": "A4",
      "margin_mm": 20,
      "section_order": ["publications", "education", "work", "awards", "projects",
                        "certificates", "skills", "languages", "volunteer", "interests",
                        "references"]}),
]
RESTYLED = [
    ("classic", "Classic", "Traditional",
     "A centred name over serif type, headings on a fine rule, and each role in bold over "
     "its employer in italics, with the dates and place on the right: the look law, "
     "finance and academia expect.",
     {"accent": "#1f3a5f", "font": "source-serif-4", "font_size": 10, "page_size": "A4",
      "margin_mm": 16}),
    ("modern", "Modern", "Technology",
     "A bold sans-serif name, headings in your accent colour with a rule running to the "
     "margin, one line per role with the dates on the right, and skills in a two-column "
     "list: contemporary and quick to scan.",
     {"accent": "#1d5fa8", "font": "inter", "font_size": 10, "page_size": "A4", "margin_mm": 16}),
    ("professional", "Compact", "Engineering",
     "Small margins, tight spacing and section names in a narrow left column: fits a long "
     "engineering career on one or two dense, tidy pages.",
     {"accent": "#1f4e5a", "font": "ibm-plex-sans", "font_size": 9.5, "page_size": "A4",
      "margin_mm": 12}),
    ("minimal", "Minimal", "Creative",
     "Black and grey only, no rules, generous white space and quiet letter-spaced "
     "headings: lets the content speak.",
     {"accent": "#444444", "font": "source-sans-3", "font_size": 10, "page_size": "A4",
      "margin_mm": 18}),
]
# The first four as 0007 seeded them, for the downgrade.
SEEDED = [
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

templates = sa.table(
    'templates',
    sa.column('id', sa.Integer()),
    sa.column('slug', sa.String()),
    sa.column('name', sa.String()),
    sa.column('description', sa.String()),
    sa.column('category', sa.String()),
    sa.column('is_active', sa.Boolean()),
    sa.column('config', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()),
                                               'postgresql')),
    sa.column('thumbnail_png', sa.LargeBinary()),
    sa.column('thumbnail_key', sa.String()),
    sa.column('created_at', sa.DateTime(timezone=True)),
    sa.column('updated_at', sa.DateTime(timezone=True)),
)
resumes = sa.table('resumes', sa.column('template_slug', sa.String()))
resume_versions = sa.table('resume_versions', sa.column('template_slug', sa.String()))


def _describe(rows):
    """Give each existing design in `rows` that name, category, description and config; its
    picture is drawn again from the new look."""
    now = datetime.now(UTC)
    for slug, name, category, description, config in rows:
        op.execute(templates.update().where(templates.c.slug == slug).values(
            name=name, category=category, description=description, config=config,
            thumbnail_png=None, thumbnail_key=None, updated_at=now))


def upgrade():
    now = datetime.now(UTC)
    op.bulk_insert(templates, [
        {"slug": slug, "name": name, "description": description, "category": category,
         "is_active": True, "config": config, "created_at": now, "updated_at": now}
        for slug, name, category, description, config in NEW])
    _describe(RESTYLED)


def downgrade():
    # A new design that a resume or a saved version still uses stays: deleting it would draw
    # them in another design.
    used = sa.union(sa.select(resumes.c.template_slug),
                    sa.select(resume_versions.c.template_slug)).subquery()
    op.execute(templates.delete().where(
        templates.c.slug.in_([slug for slug, *_ in NEW]),
        templates.c.slug.not_in(sa.select(used.c.template_slug))))
    _describe(SEEDED)
