"""Hostile input as an attacker sends it: every route answers 4xx or better, never 500, and a
refused form or body changes nothing and says why."""
import json
import re
from io import BytesIO

import lxml.html
import pytest

from tests.helpers import get_routes, get_rules, log_in, path_of
from tests.import_steps import import_file
from website.extensions import db
from website.services import user_input

# Every name a page or the API reads from a query string.
QUERY_NAMES = ("page", "per_page", "q", "template", "updated_since", "sort", "status", "days",
               "add", "next", "order", "from", "to", "accent", "font", "font_size", "page_size",
               "margin_mm", "section_order", "hidden_sections", "rename", "title", "language")
# Written as they arrive on the wire (percent-encoded), so nothing tidies them up on the way.
HOSTILE_VALUES = ("100000000000000000000", "-1", "0", "%00", "a%00b", "%ED%A0%80", "%F0%9F",
                  "9" * 5000, "x" * 20_000, "abc")
HOSTILE_PATH_VALUES = ("a%00b", "%ED%A0%80", "9" * 30, "x" * 5000)
ARRAYS = "&".join(f"{name}=1&{name}=2" for name in QUERY_NAMES)
DEEP_JSON = "[" * 900 + "]" * 900


@pytest.fixture
def app_config():
    # A sweep sends hundreds of requests; the limits have tests of their own (test_security).
    return {"RATELIMIT_ENABLED": False}


def api_headers(path: str, owned: dict) -> dict:
    return {"Authorization": f"Bearer {owned['api_token']}"} if path.startswith("/api/") else {}


def test_no_get_route_answers_500_to_hostile_query_values(app, auth_client, owned):
    failures = []
    queries = [*("&".join(f"{name}={value}" for name in QUERY_NAMES)
                 for value in HOSTILE_VALUES), ARRAYS]
    for path in get_routes(app, owned):
        for query in queries:
            response = auth_client.get(f"{path}?{query}", headers=api_headers(path, owned))
            response.close()  # a streamed download (CSV) ends here
            if response.status_code >= 500:
                failures.append(f"{path}?{query[:60]} → {response.status_code}")
    assert failures == [], "\n".join(failures)


def test_no_get_route_answers_500_to_hostile_path_values(app, auth_client, owned):
    failures = []
    for rule in get_rules(app):
        for name in rule.arguments:
            for value in HOSTILE_PATH_VALUES:
                path = path_of(rule, owned, {name: value})
                response = auth_client.get(path, headers=api_headers(path, owned))
                response.close()
                if response.status_code >= 500:
                    failures.append(f"{path[:80]} → {response.status_code}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("path, message", [
    ("/resume/search?q=python&page=100000000000000000000", "no page with that number"),
    ("/resume/{resume_id}/versions?page=100000000000000000000", "no page with that number"),
    ("/webhooks/{webhook_id}?page=-1", "no page with that number"),
    ("/resume/search?q=%00", user_input.unstorable_message()),
])
def test_hostile_values_get_a_page_that_says_what_is_wrong(auth_client, owned, path, message):
    response = auth_client.get(path.format(resume_id=owned["resume_id"],
                                           webhook_id=owned["webhook_id"]))
    assert 400 <= response.status_code < 500
    assert message in response.get_data(as_text=True)


def snapshot(app) -> dict:
    """Every row of every table, to tell whether a request changed anything."""
    with app.app_context():
        return {table.name: sorted(map(repr, db.session.execute(table.select()).all()))
                for table in db.metadata.sorted_tables}


def posted_forms(html: str) -> list[lxml.html.FormElement]:
    return [form for form in lxml.html.fromstring(html).forms if form.method == "POST"]


TYPED = {"text", "email", "url", "password", "search", "tel", "textarea"}


def hostile_post(form) -> tuple[dict, dict]:
    """The form's fields as the page fills them, with NUL added to each one a person types in
    (files hold JSON with NUL); empty when the form has nothing to type in."""
    data, files = {}, {}
    for field in form.inputs:
        kind = field.get("type", "text") if field.tag == "input" else field.tag
        if not field.name or kind in ("submit", "button") or field.name.endswith("csrf_token"):
            continue
        if kind == "file":
            files[field.name] = (BytesIO(b'{"basics": {"name": "Jane\\u0000"}}'), "cv.json")
        elif kind in TYPED:
            data[field.name] = f"{field.value or ''}\x00"
        elif kind not in ("checkbox", "radio") or field.checked:
            value = field.value or ""
            # A multiple select gives the set of options chosen: send the first.
            data[field.name] = value if isinstance(value, str) else next(iter(value), "")
    typed = files or any(value.endswith("\x00") for value in data.values())
    return (data, files) if typed else ({}, {})


def forms_on(client, paths: list[str]) -> dict[str, lxml.html.FormElement]:
    """The first form found for each action, over the pages at `paths`."""
    found = {}
    for path in paths:
        response = client.get(path)
        if response.status_code == 200 and response.mimetype == "text/html":
            for form in posted_forms(response.get_data(as_text=True)):
                found.setdefault(form.action or path, form)
    return found


def refusals(app, client, forms: dict) -> list[str]:
    """Post each form with NUL typed in; return what did not refuse it cleanly."""
    csrf = client.csrf_token("/login" if "/login" in forms else "/account")
    failures = []
    for action, form in forms.items():
        data, files = hostile_post(form)
        if not data:
            continue  # switches and buttons only: nothing a person types
        before = snapshot(app)
        response = client.post(action, data={"csrf_token": csrf, **data, **files})
        if not 400 <= response.status_code < 500:
            failures.append(f"{action} → {response.status_code}")
        elif user_input.unstorable_message() not in response.get_data(as_text=True):
            failures.append(f"{action}: no message next to the field")
        elif snapshot(app) != before:
            failures.append(f"{action} changed something")
    return failures


def test_every_form_refuses_nul_in_its_fields_and_changes_nothing(app, client, owned):
    anonymous = forms_on(client, ["/signup", "/login", "/forgot-password",
                                  f"/reset-password/{owned['auth', 'token']}",
                                  f"/unsubscribe/{owned['notifications', 'token']}"])
    failures = refusals(app, client, anonymous)
    log_in(client, "jane@example.com")
    pages = [p for p in get_routes(app, owned) if not p.startswith("/api/")]
    owners = forms_on(client, [*pages, f"/resume/{owned['resume_id']}/edit/basics"])
    failures += refusals(app, client, owners)
    assert len(anonymous) + len(owners) > 20  # the walk found the app's forms, not a few
    assert failures == [], "\n".join(failures)


def json_endpoints(app) -> list[tuple[str, str]]:
    """(method, path template) of every API operation that reads a JSON body."""
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    return [(method.upper(), path) for path, operations in spec["paths"].items()
            for method, operation in operations.items()
            if isinstance(operation, dict) and "requestBody" in operation]


@pytest.mark.parametrize("body, status, said", [
    (DEEP_JSON, 400, user_input.too_deep_message()),
    ('{"a": ' * 900 + "1" + "}" * 900, 400, user_input.too_deep_message()),
    (json.dumps({"title": "Jane\x00", "resume": {"basics": {"name": "\ud800"}}}), 422,
     user_input.unstorable_message()),
])
def test_every_json_endpoint_refuses_deep_or_unstorable_bodies(app, api, owned, body, status,
                                                                said):
    endpoints = json_endpoints(app)
    assert len(endpoints) >= 10
    api.get("/api/v1/resumes")  # the token's use is recorded once; a body has no part in it
    failures = []
    for method, template in endpoints:
        path = re.sub(r"\{(\w+)\}", lambda m: str(owned[m[1]]), template)
        before = snapshot(app)
        response = api.open(method, path, data=body, headers={"Content-Type": "application/json"})
        problem = response.get_json() or {}
        messages = [problem.get("detail"), *(e["detail"] for e in problem.get("errors", []))]
        if response.status_code != status or said not in messages:
            failures.append(f"{method} {path} → {response.status_code} {messages}")
        elif snapshot(app) != before:
            failures.append(f"{method} {path} changed something")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("raw, said", [
    (DEEP_JSON.encode(), "nested more than"),
    (json.dumps({"basics": {"name": "Jane\x00"}}).encode(), "(in “basics/name”)"),
    (json.dumps({"basics": {"name": "Jane"}, "meta": {"note": "\udfff"}}).encode(),
     "(in “meta/note”)"),
])
def test_an_import_too_deep_or_with_nul_is_refused_saying_why(auth_client, app, raw, said):
    before = snapshot(app)
    response = auth_client.submit("/resume/import", {"file": (BytesIO(raw), "cv.json")},
                                  content_type="multipart/form-data")
    assert response.status_code == 422
    assert said in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_brackets_inside_text_are_not_nesting(auth_client, app):
    summary = "[{" * 200 + " a resume that quotes JSON " + "}]" * 200
    raw = json.dumps({"basics": {"name": "Jane Doe", "summary": summary}}).encode()
    response = import_file(auth_client, raw, "cv.json")
    assert response.status_code == 302
    editor = auth_client.get(response.headers["Location"], follow_redirects=True)
    assert summary in editor.get_data(as_text=True)
