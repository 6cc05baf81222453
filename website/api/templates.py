"""/api/v1/templates: the designs a resume can use, as the gallery offers them."""
from flask import url_for
from flask.views import MethodView
from marshmallow import fields

from website.api import paths
from website.api.blueprint import api_blueprint
from website.api.schemas import URL_TYPE, StrictSchema
from website.services import designs

blp = api_blueprint("Templates", "/templates",
                    "Designs: the looks a resume can be shown and exported in.")


class TemplateSchema(StrictSchema):
    """A design on offer."""

    slug = fields.String(metadata={"description": "Its id: give it as a resume's `template`.",
                                   "example": "modern"})
    name = fields.String(metadata={"description": "Its name, as the gallery shows it.",
                                   "example": "Modern"})
    description = fields.String(metadata={"description": "What it looks like and suits."})
    category = fields.String(metadata={"description": "The kind of work it suits best.",
                                       "example": "Technology"})
    look = fields.Function(lambda design: designs.look(design.slug), metadata={
        "type": "object",
        "description": "The settings a resume starts with in this design: accent, font, "
                       "font_size, page_size and margin_mm.",
        "example": {"accent": "#1d5fa8", "font": "dejavu-sans", "font_size": 10,
                    "page_size": "A4", "margin_mm": 18}})
    thumbnail_url = fields.Function(
        lambda design: url_for("designs.thumbnail", slug=design.slug, _external=True),
        metadata={"description": "A PNG picture of a sample resume in this design.",
                  **URL_TYPE})
    url = fields.Function(
        lambda design: url_for("Templates.TemplateItem", slug=design.slug, _external=True),
        metadata={"description": "This design in the API.", **URL_TYPE})


EXAMPLE_MODERN = {
    "slug": "modern", "name": "Modern",
    "description": "A blue accent and clean sans-serif headings with a rule under each: "
                   "contemporary and easy to scan.",
    "category": "Technology",
    "look": {"accent": "#1d5fa8", "font": "dejavu-sans", "font_size": 10, "margin_mm": 18,
             "page_size": "A4"},
    "thumbnail_url": "https://resumes.example.com/templates/modern/thumbnail.png",
    "url": "https://resumes.example.com/api/v1/templates/modern",
}
EXAMPLE_CLASSIC = {
    "slug": "classic", "name": "Classic",
    "description": "Centred name, serif type and black headings: the look law, academia and "
                   "finance expect.",
    "category": "Traditional",
    "look": {"accent": "#222222", "font": "liberation-serif", "font_size": 10, "margin_mm": 18,
             "page_size": "A4"},
    "thumbnail_url": "https://resumes.example.com/templates/classic/thumbnail.png",
    "url": "https://resumes.example.com/api/v1/templates/classic",
}


@blp.route("")
class TemplateList(MethodView):
    """The designs on offer."""
    @blp.response(200, TemplateSchema(many=True), example=[EXAMPLE_MODERN, EXAMPLE_CLASSIC])
    def get(self):
        """List the designs on offer

        The designs the gallery page offers; a resume's `template` is one of their slugs.
        """
        return designs.offered()


@blp.route("/<slug>", parameters=paths.described("slug"))
class TemplateItem(MethodView):
    """One design, by its slug."""
    @blp.response(200, TemplateSchema, example=EXAMPLE_MODERN)
    def get(self, slug):
        """Read one design

        A design that is no longer offered is not found, though resumes using it keep it.
        """
        return designs.get_offered(slug)
