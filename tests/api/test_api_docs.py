"""/api/docs: the guide people read, generated from the same OpenAPI document scripts read."""
import re
from html import unescape

from website.api.problems import KINDS
from website.api_docs import reference

METHODS = {"get", "put", "post", "patch", "delete"}


def operations(client) -> list[tuple[str, str, str]]:
    """Return (method, path, summary) for every operation the OpenAPI document describes."""
    spec = client.get("/api/v1/openapi.json").get_json()
    return [(method.upper(), path, operation.get("summary", ""))
            for path, item in spec["paths"].items()
            for method, operation in item.items() if method in METHODS]


def test_the_page_lists_every_operation_of_the_openapi_document(client):
    page = unescape(client.get("/api/docs").get_data(as_text=True))
    found = operations(client)
    assert ("POST", "/api/v1/resumes", "Create a resume") in found
    for method, path, summary in found:
        heading = re.search(rf'<h3 id="(op-[\w-]+)"><span class="api-method">{method}</span> '
                            rf"<code>{re.escape(path)}</code></h3>", page)
        assert heading, f"{method} {path} is not on /api/docs"
        assert f'href="#{heading.group(1)}"' in page, f"the contents do not link {method} {path}"
        assert summary in page


def test_request_bodies_show_nested_fields_and_examples(client):
    page = unescape(client.get("/api/docs").get_data(as_text=True))
    create = page[page.index('id="op-post-api-v1-resumes"'):]
    create = create[:create.index(">Responses</h4>")]
    for field in ("title", "settings.font_size", "resume.basics.location.city",
                  "resume.work[].highlights"):
        assert f"<code>{field}</code>" in create, field
    assert '"title": "Backend roles"' in create  # the request example, as formatted JSON


def test_every_problem_kind_has_the_section_its_type_links_to(client):
    page = client.get("/api/docs").get_data(as_text=True)
    for status, (kind, title) in KINDS.items():
        section = re.search(rf'<h3 id="problem-{kind}">{status} ([^<]+)</h3>', page)
        assert section and unescape(section.group(1)) == title, kind
    problem = client.get("/api/v1/resumes").get_json()  # no token: a 401 problem
    assert problem["type"] == "/api/docs#problem-unauthenticated"


def test_the_page_is_public_and_runs_no_inline_script_or_style(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>API documentation</h1>" in page
    assert 'href="/api/v1/openapi.json"' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "an inline <script>"
    assert not re.search(r"\sstyle=|<style", page), "an inline style"
    assert not re.search(r'(src|href)="(https?:)?//', page), "a file from another site"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_self_referring_and_deep_schemas_end():
    """A schema that contains itself is shown once per level, not followed forever."""
    node = {"type": "object", "properties": {
        "name": {"type": "string"},
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        "meta": {"allOf": [{"type": "object", "properties": {"note": {"type": "string"}}}]}}}
    spec = {"paths": {"/api/v1/nodes": {"post": {
        "summary": "Add a node",
        "requestBody": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Node"}}}},
        "responses": {"201": {"description": "Created"}}}}},
        "components": {"schemas": {"Node": node}}}

    [tag] = reference.tags(spec)
    [operation] = tag.operations
    assert [row.name for row in operation.body_fields] == [
        "name", "children", "meta", "meta.note"]
