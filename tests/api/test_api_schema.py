"""Fuzz every operation of the OpenAPI document (schemathesis) against the app, on both databases.

Each answer must be no server error, and its status, content type, headers and body must be
what the document promises. The caller owns resumes with several versions, so ids in paths
sometimes reach real rows; another user's resume is there to be refused.
"""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import make_token
from tests.helpers import ApiClient

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]
MAX_EXAMPLES = 30  # per operation: both databases in under three minutes on two cores
ROWS_PER_KIND = 4  # path ids 1..4 name rows the fixture made (fresh tables count from 1)


@pytest.fixture
def app_config():
    # The fuzzer makes hundreds of calls a minute: 429s would hide the answers under test.
    return {"API_RATE_LIMIT": "100000 per minute", "EXPORT_LIMIT": "100000 per minute"}


@pytest.fixture
def token(app, user, make_user) -> str:
    """A read-and-write token of a user with resumes of several versions and applications
    sending them, beside a stranger's resume and application."""
    stranger = ApiClient(app, make_token(app, make_user(email="stranger@example.com")))
    assert stranger.post("/api/v1/resumes", json={"title": "Not yours"}).status_code == 201
    assert stranger.post("/api/v1/applications", json={"company": "Not yours",
                                                       "role": "Any"}).status_code == 201
    owner = ApiClient(app, make_token(app, user))
    for number in range(ROWS_PER_KIND - 1):
        created = owner.post("/api/v1/resumes", json={"title": f"Resume {number}"}).get_json()
        for version in range(1, ROWS_PER_KIND):
            changed = owner.put(created["url"], json={"version": version,
                                                      "title": f"Resume {number}.{version}"})
            assert changed.status_code == 200
        applied = owner.post("/api/v1/applications", json={
            "company": f"Company {number}", "role": "Engineer", "resume_id": created["id"],
            "status": "applied"})
        assert applied.status_code == 201
    return owner.token


@pytest.fixture
def api_schema(app):
    """The app's OpenAPI document, loaded in-process, with path ids that often exist."""
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

    @loaded.hook
    def flatmap_path_parameters(context, path_parameters):
        # Only ids that are valid already: a deliberately invalid one (-1, "x") stays invalid.
        return st.fixed_dictionaries({
            name: st.one_of(st.just(value), st.integers(1, ROWS_PER_KIND))
            if type(value) is int and value >= 0 else st.just(value)
            for name, value in (path_parameters or {}).items()})

    return loaded


def cases(schema, operation) -> st.SearchStrategy:
    """Valid and invalid requests for `operation`, and the document's own examples."""
    return st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE, hooks=schema.hooks),
        operation.as_strategy(GenerationMode.NEGATIVE, hooks=schema.hooks),
        *schema.get_strategies_from_examples(operation),
    )


def test_every_answer_is_what_the_document_promises(api_schema, token, subtests):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:
        # schemathesis' own pytest plugin (`@schema.parametrize`) breaks on pytest 9's node ids,
        # so each operation runs as a subtest with Hypothesis driven by hand.
        @given(case=cases(api_schema, operation))
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def answers_as_documented(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

        with subtests.test(operation.label):
            answers_as_documented()


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
@pytest.mark.parametrize("resume_id", [2**31, 2**63, 36562926036539691008])
def test_an_id_no_row_can_have_is_not_found(api, method, resume_id):
    response = api.open(method, f"/api/v1/resumes/{resume_id}",
                        json={"version": 1} if method == "PUT" else None)
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
