"""The OpenAPI document describes every operation, parameter, field and body, with examples.

The whole document is checked, so an endpoint added later is held to the same rules. Each test
collects every gap before asserting, so one failure lists all there is to write.

The rules:
- Every operation has a summary and a description (a view's docstring: first line, then more).
- Every parameter has a description.
- Every property of every schema, components and inline ones alike (nested objects, array
  items), has a description. A property that is only a reference to a component (`$ref`, or an
  `allOf` of one `$ref`) is exempt: the component describes itself, and is checked on its own.
- Every request body has an example (`example` or `examples`) for each media type.
- Every 2xx JSON response (`application/json` or `+json`) has an example. Binary, HTML and
  plain-text responses (a PDF, a DOCX, a text export) are exempt: a JSON example cannot show
  them, and their schema already says what they are.
- Every 4xx response (the problem documents from the components) has an example.
"""

METHODS = {"get", "put", "post", "patch", "delete"}


def document(client) -> dict:
    """Return the OpenAPI document the API serves."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def resolve(spec: dict, item: dict) -> dict:
    """Return the object a `$ref` points to (or `item` itself when it is no reference)."""
    while "$ref" in item:
        *_, kind, name = item["$ref"].split("/")
        item = spec["components"][kind][name]
    return item


def operations(spec: dict):
    """Yield (name, operation) for every operation, named like `GET /api/v1/resumes`."""
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def is_reference(schema: dict) -> bool:
    """Whether a schema only points to a component, which carries its own descriptions."""
    if set(schema) == {"$ref"}:
        return True
    parts = schema.get("allOf", [])
    return len(parts) == 1 and set(parts[0]) == {"$ref"} and "properties" not in schema


def undescribed_properties(schema: dict, where: str) -> list[str]:
    """Return the paths of the properties, in `schema` and everything inline in it, lacking a
    description."""
    if not isinstance(schema, dict):
        return []
    gaps = []
    for name, prop in schema.get("properties", {}).items():
        if not is_reference(prop) and not prop.get("description"):
            gaps.append(f"{where}.{name}")
        gaps += undescribed_properties(prop, f"{where}.{name}")
    if isinstance(schema.get("items"), dict):
        gaps += undescribed_properties(schema["items"], f"{where}[]")
    for combiner in ("allOf", "anyOf", "oneOf"):
        for index, part in enumerate(schema.get(combiner, [])):
            gaps += undescribed_properties(part, f"{where}.{combiner}[{index}]")
    if isinstance(schema.get("additionalProperties"), dict):
        gaps += undescribed_properties(schema["additionalProperties"], f"{where}{{}}")
    return gaps


def has_example(media: dict) -> bool:
    return bool(media.get("example") is not None or media.get("examples"))


def is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


def test_the_document_is_openapi_3_1(client):
    assert document(client)["openapi"].startswith("3.1.")


def test_every_operation_has_a_summary_and_a_description(client):
    gaps = [f"{name}: no {part}" for name, operation in operations(document(client))
            for part in ("summary", "description") if not operation.get(part, "").strip()]
    assert gaps == [], "\n".join(gaps)


def test_every_parameter_has_a_description(client):
    spec = document(client)
    gaps = []
    for path, item in spec["paths"].items():
        shared = [(path, parameter) for parameter in item.get("parameters", [])]
        own = [(name, parameter) for name, operation in operations({"paths": {path: item}})
               for parameter in operation.get("parameters", [])]
        for name, parameter in shared + own:
            parameter = resolve(spec, parameter)
            if not parameter.get("description", "").strip():
                gaps.append(f"{name}: parameter {parameter['in']} {parameter['name']}")
    assert gaps == [], "\n".join(gaps)


def test_every_schema_property_has_a_description(client):
    spec = document(client)
    gaps = []
    for name, schema in spec["components"].get("schemas", {}).items():
        gaps += undescribed_properties(schema, name)
    for name, operation in operations(spec):
        bodies = [("body", operation.get("requestBody", {}))]
        bodies += [(status, response) for status, response in operation["responses"].items()]
        for part, body in bodies:
            for media_type, media in resolve(spec, body).get("content", {}).items():
                gaps += undescribed_properties(media.get("schema", {}),
                                               f"{name} {part} {media_type}")
        for parameter in operation.get("parameters", []):
            gaps += undescribed_properties(resolve(spec, parameter).get("schema", {}),
                                           f"{name} parameter {parameter.get('name')}")
    assert gaps == [], "\n".join(gaps)


def test_every_body_and_json_response_has_an_example(client):
    spec = document(client)
    gaps = []
    for name, operation in operations(spec):
        body = resolve(spec, operation.get("requestBody", {}))
        gaps += [f"{name}: request body {media_type}"
                 for media_type, media in body.get("content", {}).items()
                 if not has_example(media)]
        for status, response in operation["responses"].items():
            if not status.startswith(("2", "4")):
                continue
            for media_type, media in resolve(spec, response).get("content", {}).items():
                exempt = status.startswith("2") and not is_json(media_type)
                if not exempt and not has_example(media):
                    gaps.append(f"{name}: response {status} {media_type}")
    assert gaps == [], "\n".join(gaps)
