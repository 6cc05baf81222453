"""The API reference as the page shows it, read from the generated OpenAPI document."""
import json
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from website.api.problems import KINDS
from website.api.spec import RATE_HEADERS, RETRY_AFTER

METHODS = ("get", "put", "post", "patch", "delete", "head", "options")
MAX_DEPTH = 6  # deeper bodies are summed up by their type; the JSON document has the rest
CONSTRAINTS = (("minimum", "at least {}"), ("maximum", "at most {}"),
               ("exclusiveMinimum", "more than {}"), ("exclusiveMaximum", "less than {}"),
               ("minLength", "length at least {}"), ("maxLength", "length at most {}"),
               ("multipleOf", "a multiple of {}"),
               ("minItems", "at least {} items"), ("maxItems", "at most {} items"),
               ("pattern", "matches {}"), ("default", "default {}"), ("example", "e.g. {}"))
BACKTICKS = re.compile(r"`([^`]+)`")
COMPONENT_RESPONSE = re.compile(r"^#/components/responses/(\d{3})$")
COMMON_HEADERS = {*RATE_HEADERS, *RETRY_AFTER}  # every answer has them: the guide explains them


@dataclass
class Row:
    """One field of a body, or one parameter: `depth` indents nested fields."""

    name: str
    type: str
    required: bool
    description: Markup
    constraints: str
    depth: int = 0
    location: str = ""


@dataclass
class Reply:
    """One documented response of an operation."""

    status: str
    description: Markup
    content_type: str = ""
    shape: str = ""
    fields: list[Row] = field(default_factory=list)
    example: str = ""
    problem: str = ""  # the anchor of the problem kind explained in the Problems section
    headers: list[Row] = field(default_factory=list)


@dataclass
class Operation:
    """One method on one path, with everything a caller needs to make the call."""

    anchor: str
    method: str
    path: str
    summary: str
    paragraphs: list[Markup]
    parameters: list[Row]
    body_type: str = ""
    body_shape: str = ""
    body_fields: list[Row] = field(default_factory=list)
    body_example: str = ""
    replies: list[Reply] = field(default_factory=list)


@dataclass
class Tag:
    """A group of operations, in the order the document lists them."""

    name: str
    anchor: str
    description: Markup
    operations: list[Operation] = field(default_factory=list)


def prose(text: str | None) -> Markup:
    """Return `text` escaped, with `backticked` words as code."""
    parts = BACKTICKS.split(text or "")  # odd places hold what was between backticks
    return Markup("").join(Markup("<code>{}</code>").format(part) if place % 2 else escape(part)
                           for place, part in enumerate(parts))


def paragraphs(text: str | None) -> list[Markup]:
    """Return the paragraphs of a docstring-like text (blank lines part them)."""
    return [prose(" ".join(part.split())) for part in re.split(r"\n\s*\n", text or "")
            if part.strip()]


def slug(text: str) -> str:
    """Return `text` as an HTML id: lower case letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def anchor(method: str, path: str) -> str:
    """Return a stable anchor for an operation, from its method and path: links made before
    operations had operationIds keep working."""
    return "op-" + slug(f"{method} {path}")


class Reader:
    """Walks one OpenAPI document, resolving its `$ref`s."""

    def __init__(self, spec: dict):
        self.spec = spec

    def resolve(self, node: dict) -> dict:
        """Return the object a `$ref` points to inside the document (or `node` itself)."""
        seen = set()
        while isinstance(node, dict) and "$ref" in node and node["$ref"] not in seen:
            seen.add(node["$ref"])
            target = self.spec
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target.get(part.replace("~1", "/").replace("~0", "~"), {}) \
                    if isinstance(target, dict) else {}
            node = target
        return node if isinstance(node, dict) else {}

    def type_name(self, schema: dict) -> str:
        """Return a schema's type in words, such as `array of JobEntry` or `string (date-time)`."""
        if "$ref" in schema:
            return schema["$ref"].rsplit("/", 1)[-1]
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = " or ".join(kind)
        if kind == "array":
            return "array of " + self.type_name(schema.get("items") or {})
        for combiner in ("oneOf", "anyOf", "allOf"):
            if combiner in schema:
                return " or ".join(self.type_name(part) for part in schema[combiner])
        if kind and schema.get("format"):
            return f"{kind} ({schema['format']})"
        if kind and schema.get("contentMediaType"):  # a file's content (OpenAPI 3.1)
            return f"{kind} (binary)"
        return kind or "any"

    @staticmethod
    def constraints(schema: dict) -> str:
        """Return the limits a schema puts on a value, in words."""
        words = [template.format(json.dumps(schema[key])) for key, template in CONSTRAINTS
                 if key in schema]
        if "enum" in schema:
            words.append("one of " + ", ".join(json.dumps(value) for value in schema["enum"]))
        if schema.get("readOnly"):
            words.append("read-only")
        return "; ".join(words)

    def rows(self, schema: dict, prefix: str = "", depth: int = 0,
             seen: frozenset = frozenset()) -> list[Row]:
        """Return the fields of an object schema and, indented, of the objects inside it."""
        ref = schema.get("$ref")
        schema = self.resolve(schema)
        if schema.get("type") == "array":
            return self.rows(schema.get("items") or {}, prefix + "[]", depth, seen)
        if ref in seen or depth > MAX_DEPTH:
            return []
        seen = seen | {ref} if ref else seen
        required = set(schema.get("required", ()))
        found = [row for part in schema.get("allOf", ())
                 for row in self.rows(part, prefix, depth, seen)]
        for name, prop in (schema.get("properties") or {}).items():
            resolved = self.resolve(prop)
            description = resolved.get("description") or prop.get("description")
            found.append(Row(prefix + ("." if prefix else "") + name, self.type_name(prop),
                             name in required, prose(description),
                             self.constraints(resolved), depth))
            found.extend(self.rows(prop, prefix + ("." if prefix else "") + name, depth + 1,
                                   seen))
        return found

    def parameters(self, path_item: dict, operation: dict) -> list[Row]:
        """Return the path item's and the operation's parameters (the operation's win)."""
        merged = {}
        for raw in [*path_item.get("parameters", ()), *operation.get("parameters", ())]:
            parameter = self.resolve(raw)
            merged[(parameter.get("name"), parameter.get("in"))] = parameter
        return [Row(p.get("name", ""), self.type_name(p.get("schema") or {}),
                    bool(p.get("required")), prose(p.get("description")),
                    self.constraints(self.resolve(p.get("schema") or {})),
                    location=p.get("in", "")) for p in merged.values()]

    def reply(self, status: str, raw: dict) -> Reply:
        """Return one response: a link to its problem kind, or its content and headers."""
        response = self.resolve(raw)
        reply = Reply(status, prose(response.get("description")))
        standard = COMPONENT_RESPONSE.match(raw.get("$ref", ""))
        if standard and int(standard.group(1)) in KINDS:
            reply.problem = "problem-" + KINDS[int(standard.group(1))][0]
        reply.headers = [Row(name, self.type_name(header.get("schema") or {}), False,
                             prose(header.get("description")), "")
                         for name, header in ((n, self.resolve(h)) for n, h in
                                              (response.get("headers") or {}).items())
                         if name not in COMMON_HEADERS]
        for content_type, media in (response.get("content") or {}).items():
            reply.content_type = content_type
            schema = media.get("schema") or {}
            reply.shape = self.type_name(schema) if schema else ""
            reply.fields = [] if reply.problem else self.rows(schema)
            if "example" in media and not reply.fields:
                reply.example = json.dumps(media["example"], indent=2, ensure_ascii=False)
            break  # the API answers each status in one content type
        return reply

    def operation(self, method: str, path: str, path_item: dict) -> Operation:
        """Return one operation of the document, ready to show."""
        raw = path_item[method]
        found = Operation(anchor(method, path), method.upper(), path,
                          raw.get("summary", ""), paragraphs(raw.get("description")),
                          self.parameters(path_item, raw))
        body = self.resolve(raw.get("requestBody") or {})
        for content_type, media in (body.get("content") or {}).items():
            schema = media.get("schema") or {}
            found.body_type, found.body_shape = content_type, self.type_name(schema)
            found.body_fields = self.rows(schema)
            if "example" in media:
                found.body_example = json.dumps(media["example"], indent=2, ensure_ascii=False)
            break
        found.replies = [self.reply(status, response) for status, response in
                         sorted((raw.get("responses") or {}).items())]
        return found


def tags(spec: dict) -> list[Tag]:
    """Return the document's operations grouped by tag, in the order the document gives."""
    reader = Reader(spec)
    groups = {tag["name"]: Tag(tag["name"], "tag-" + slug(tag["name"]),
                               prose(tag.get("description")))
              for tag in spec.get("tags", ())}
    for path, path_item in (spec.get("paths") or {}).items():
        for method in (m for m in path_item if m in METHODS):
            name = (path_item[method].get("tags") or ["Other"])[0]
            group = groups.setdefault(name, Tag(name, "tag-" + slug(name), Markup("")))
            group.operations.append(reader.operation(method, path, path_item))
    return [group for group in groups.values() if group.operations]
