"""Shapes shared by the API's bodies: the JSON Resume document, built from resume_document."""
from marshmallow import INCLUDE, Schema, ValidationError, fields, validate

from website.services import design_settings, languages, resume_document
from website.services.export.json_resume import META_KEY, SCHEMA_URL
from website.services.resume_document import Field, Section

# How a link the API gives is typed in the document (marshmallow cannot tell from a function).
URL_TYPE = {"type": "string", "format": "uri"}


class StrictSchema(Schema):
    """A body shape that refuses fields it does not define (marshmallow's default, kept)."""

    class Meta:
        ordered = True


class OpenSchema(Schema):
    """A part of the resume document: the fields it defines are checked, any other field is
    kept as sent (JSON Resume lets every tool add its own), so a round trip loses nothing."""

    class Meta:
        ordered = True
        unknown = INCLUDE


def _field(spec: Field) -> fields.Field:
    description = spec.label + (f". {spec.hint}" if spec.hint else "")
    metadata = {"description": description}
    if spec.kind == "lines":
        return fields.List(fields.String(validate=[validate.Length(
            max=resume_document.LINE_MAX_LENGTH)]), validate=validate.Length(
            max=resume_document.MAX_LINES), metadata=metadata)
    checks = [validate.Length(max=spec.max_length)]
    if spec.kind == "date":
        # Empty is allowed: an entry without an end date is still going on.
        checks.append(validate.Regexp(f"^$|{resume_document.DATE_PATTERN.pattern}",
                                      error=f"Write the date as {resume_document.DATE_HINT}."))
    return fields.String(validate=checks, required=False, metadata=metadata)


def _schema(name: str, specs: tuple[Field, ...], **extra) -> type[Schema]:
    return OpenSchema.from_dict({**{f.key: _field(f) for f in specs}, **extra}, name=name)


def _section_schema(section: Section) -> type[Schema]:
    name = section.entry_name.title().replace(" ", "") + "Entry"
    return _schema(name, section.fields)


LocationSchema = _schema("Location", resume_document.LOCATION_FIELDS)
ProfileSchema = _schema("Profile", resume_document.PROFILE_FIELDS)
BasicsSchema = _schema("Basics", resume_document.BASICS_FIELDS,
                       location=fields.Nested(LocationSchema),
                       profiles=fields.List(fields.Nested(ProfileSchema), validate=validate.Length(
                           max=resume_document.MAX_ENTRIES), metadata={
                           "description": "Accounts on other sites, such as GitHub."}))

ResumeDocumentSchema = OpenSchema.from_dict({
    "$schema": fields.String(metadata={
        "description": "The JSON Resume schema the document follows, as other tools write "
                       "it; kept as sent.", "example": SCHEMA_URL}),
    "basics": fields.Nested(BasicsSchema),
    **{section.key: fields.List(
        fields.Nested(_section_schema(section)),
        validate=validate.Length(max=resume_document.MAX_ENTRIES),
        metadata={"description": f"The “{section.title}” section."})
       for section in resume_document.SECTIONS},
    "meta": fields.Dict(keys=fields.String(), metadata={
        "description": "About the document (`canonical`, `version`, `lastModified`, ...), kept "
                       "as sent. A JSON Resume file exported from this site names its design "
                       f"in `meta.{META_KEY}`: a new resume without `template` or `settings` "
                       "takes them from there."}),
}, name="JsonResume")


def _resume_language(value: str) -> None:
    if languages.parse(value) is None:
        raise ValidationError("Choose one of the listed languages: "
                              f"{', '.join(languages.RESUME_LANGUAGES)}, optionally with a "
                              "region like en-GB or pt-BR.")


class SettingsSchema(StrictSchema):
    """How a resume looks in its design; missing settings keep the design's defaults."""

    accent = fields.String(validate=validate.Regexp(design_settings.HEX_COLOUR), metadata={
        "description": "Accent colour as #rrggbb.", "example": "#1d5fa8"})
    font = fields.String(validate=validate.OneOf(list(design_settings.FONTS)), metadata={
        "description": "The font family; each covers Latin, Greek and Cyrillic."})
    font_size = fields.Float(validate=validate.OneOf(design_settings.FONT_SIZES), metadata={
        "description": "Text size in points, from 9 to 12 in steps of 0.5.", "example": 10.5})
    page_size = fields.String(validate=validate.OneOf(design_settings.PAGE_SIZES), metadata={
        "description": "The paper size of the PDF: A4 (210 × 297 mm) or US Letter.",
        "example": "A4"})
    margin_mm = fields.Integer(validate=validate.Range(design_settings.MARGINS[0],
                                                       design_settings.MARGINS[-1]),
                               metadata={"description": "Page margins in millimetres."})
    section_order = fields.List(fields.String(
        validate=validate.OneOf(design_settings.SECTION_KEYS)), metadata={
        "description": "Every section key once, in the order to show them."})
    hidden_sections = fields.List(fields.String(
        validate=validate.OneOf(design_settings.SECTION_KEYS)), metadata={
        "description": "Section keys not to show."})
    show_photo = fields.Boolean(metadata={"description": "Whether to show the photo, if any."})
    fit_pages = fields.Integer(validate=validate.OneOf(design_settings.FIT_PAGES), metadata={
        "description": "0: off; 1 or 2: draw the PDF with the largest text size (9 to 11 pt), "
                       "margins and spacing at which it takes at most that many pages."})
    language = fields.String(validate=_resume_language, metadata={
        "description": "The language the resume is written in, as a BCP 47 tag: its headings, "
                       "dates, “Present” and contact labels, the text direction (right to left "
                       "for Arabic) and the Word and text files follow it. One of "
                       f"{', '.join(languages.RESUME_LANGUAGES)}, optionally with a region for "
                       "the date style (en-US “Mar 5, 2021”, en-GB “5 Mar 2021”, pt-BR, zh-CN, "
                       "...). Stored in its canonical form; default en.", "example": "pl"})


class DesignedContentSchema(StrictSchema):
    """The content and look of a resume or of one of its versions, as they are read back."""

    settings = fields.Function(
        lambda source: design_settings.effective(source).stored(),
        metadata={"description": "How it looks in its design.",
                  "allOf": [{"$ref": "#/components/schemas/Settings"}]})
    resume = fields.Function(
        lambda source: source.document,
        metadata={"description": "The content, as JSON Resume, with every field it was given "
                                 "(those this site does not show too).",
                  "allOf": [{"$ref": "#/components/schemas/JsonResume"}]})
