"""A client generated from the OpenAPI document by openapi-python-client, as an API user makes
one, calls every operation against a live server with a real token, on both databases.

The operations are read from the document, so a new endpoint is called here or the test fails.
"""
import importlib
import io
import json
import pkgutil
import re
import subprocess
import sys
import zipfile

import pytest

from tests.factories import make_token

PACKAGE = "resume_builder_client"
METHODS = {"get", "put", "post", "patch", "delete"}
# What an operationId may start with: a verb, so the generated function reads as a command.
VERBS = {"list", "get", "create", "update", "delete", "restore", "compare", "export", "preview",
         "match", "take", "detach", "change", "revoke", "send", "rotate"}
OPERATION_ID = re.compile(r"[a-z]+(_[a-z]+){1,3}")  # snake_case, two to four words
DOCUMENT = {
    "basics": {"name": "Jane Doe", "label": "Backend Engineer", "email": "jane@example.com",
               "summary": "I build dependable web services."},
    "work": [{"name": "Acme", "position": "Engineer", "startDate": "2021-03",
              "highlights": ["Cut API latency by 40%"]}],
    "skills": [{"name": "Backend", "keywords": ["Python", "Flask", "PostgreSQL"]}],
}
AD = ("Backend Engineer at Initech\nRequirements: Python, PostgreSQL and Kubernetes.\n"
      "Nice to have: Go.")


@pytest.fixture
def app_config():
    # Some seventy calls in a few seconds: the rate limits are tested elsewhere.
    return {"API_RATE_LIMIT": "1000 per minute", "EXPORT_LIMIT": "1000 per minute"}


def operations(spec: dict) -> list[dict]:
    """Return every operation of the OpenAPI document `spec`."""
    return [operation for item in spec["paths"].values()
            for method, operation in item.items() if method in METHODS]


def file_media_types(spec: dict) -> set[str]:
    """Return the media types of the files the API answers with, other than text."""
    return {media_type for operation in operations(spec)
            for response in operation["responses"].values()
            for media_type, content in response.get("content", {}).items()
            if "contentMediaType" in content["schema"] and not media_type.startswith("text/")}


@pytest.fixture
def spec(client) -> dict:
    """The OpenAPI document, read where scripts read it."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


@pytest.fixture
def generated(spec, tmp_path, monkeypatch):
    """The package openapi-python-client generates from `spec`, imported."""
    config = {
        "project_name_override": "resume-builder-client", "package_name_override": PACKAGE,
        "post_hooks": [],  # no formatter run: the code is imported, not read
        # The generator reads answers of JSON, text and application/octet-stream only (its
        # issue 607); a PDF or Word file is read as bytes all the same.
        "content_type_overrides": dict.fromkeys(file_media_types(spec),
                                                "application/octet-stream"),
    }
    (tmp_path / "openapi.json").write_text(json.dumps(spec))
    (tmp_path / "config.json").write_text(json.dumps(config))
    generation = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate",
         "--path", str(tmp_path / "openapi.json"), "--config", str(tmp_path / "config.json"),
         "--meta", "none", "--output-path", str(tmp_path / PACKAGE), "--fail-on-warning"],
        capture_output=True, text=True, timeout=120)
    assert generation.returncode == 0, generation.stdout + generation.stderr
    monkeypatch.syspath_prepend(tmp_path)
    try:
        for module in (PACKAGE, f"{PACKAGE}.api", f"{PACKAGE}.models"):
            importlib.import_module(module)  # `api` and `models` become the package's
        yield sys.modules[PACKAGE]
    finally:  # the other database's run imports its own generation
        for name in [name for name in sys.modules if name.partition(".")[0] == PACKAGE]:
            del sys.modules[name]


class Operations:
    """Calls the generated functions by operationId and holds each answer to the success status
    the document gives, remembering which operations were called."""

    def __init__(self, package, spec: dict, base_url: str, token: str):
        self.client = package.AuthenticatedClient(base_url=base_url, token=token,
                                                  raise_on_unexpected_status=True)
        self.modules = {module.name.rsplit(".", 1)[-1]: module.name for module in
                        pkgutil.walk_packages(package.api.__path__, package.api.__name__ + ".")}
        self.success = {operation["operationId"]: int(status)
                        for operation in operations(spec)
                        for status in operation["responses"] if status.startswith("2")}
        self.called: set[str] = set()

    def __call__(self, operation_id: str, **arguments):
        """Call the operation and return its parsed answer."""
        function = importlib.import_module(self.modules[operation_id]).sync_detailed
        response = function(client=self.client, **arguments)
        self.called.add(operation_id)
        assert response.status_code == self.success[operation_id], \
            (operation_id, response.status_code, response.content[:500])
        return response.parsed


def test_every_operation_has_a_short_verb_first_unique_id(spec):
    named = [(operation.get("operationId"), operation["summary"])
             for operation in operations(spec)]
    for name, summary in named:
        assert name and OPERATION_ID.fullmatch(name), f"{summary!r}: {name!r}"
        assert name.split("_")[0] in VERBS, f"{summary!r}: {name!r}"
    names = [name for name, _ in named]
    assert len(set(names)) == len(names)


def test_file_downloads_are_described_as_openapi_3_1_does(spec):
    answers = {operation["operationId"]: operation["responses"]["200"]["content"]
               for operation in operations(spec) if "export" in operation["operationId"]}
    assert answers["export_resume_pdf"] == answers["export_cover_letter_pdf"] == {
        "application/pdf": {"schema": {"type": "string", "contentMediaType": "application/pdf"}}}
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert answers["export_resume_docx"][docx]["schema"]["contentMediaType"] == docx
    assert '"format": "binary"' not in json.dumps(spec)  # OpenAPI 3.0's way


def test_a_generated_client_calls_every_operation(app, user, runner, receiver, live_server,
                                                  spec, generated):
    made = runner.invoke(args=["users", "make-admin", user.email])
    assert made.exit_code == 0, made.output
    call = Operations(generated, spec, live_server, make_token(app, user))
    assert set(call.success) <= set(call.modules), "an operation has no generated function"

    resume_id = resumes_versions_and_translations(call, generated.models)
    exports_and_designs(call, generated.models, resume_id)
    matching_and_variants(call, generated.models, resume_id)
    applications_links_and_letters(call, generated.models, resume_id)
    webhooks(call, generated.models, receiver.url)
    statistics(call, resume_id)
    call("delete_resume", resume_id=resume_id)
    assert resume_id not in [summary.id for summary in call("list_resumes")]

    assert call.called == set(call.success), \
        f"operations never called: {sorted(set(call.success) - call.called)}"


def resumes_versions_and_translations(call: Operations, models) -> int:
    """Create, change, restore and translate a resume; return its id."""
    created = call("create_resume", body=models.ResumeCreate.from_dict(
        {"title": "Backend roles", "template": "classic", "resume": DOCUMENT}))
    assert (created.title, created.version, created.resume.basics.name) == (
        "Backend roles", 1, "Jane Doe")
    assert [summary.id for summary in call("list_resumes", per_page=5)] == [created.id]
    changed = call("update_resume", resume_id=created.id, body=models.ResumeUpdate.from_dict(
        {"version": 1, "title": "Backend and data roles"}))
    assert (changed.title, changed.version) == ("Backend and data roles", 2)
    assert call("get_resume", resume_id=created.id).title == "Backend and data roles"

    assert [version.number for version in
            call("list_resume_versions", resume_id=created.id)] == [2, 1]
    assert call("get_resume_version", resume_id=created.id, number=1).title == "Backend roles"
    assert call("compare_resume_versions", resume_id=created.id, from_=1, to=2).changes
    restored = call("restore_resume_version", resume_id=created.id, number=1,
                    body=models.Restore(version=2))
    assert (restored.title, restored.version) == ("Backend roles", 3)

    translated = call("update_resume_translation", resume_id=created.id, language="de",
                      body=models.TranslationUpdate.from_dict({
                          "version": 3, "translations": {"basics.label": "Backend-Entwickler"}}))
    assert (translated.version, translated.translated) == (4, 1)
    read = call("get_resume_translation", resume_id=created.id, language="de")
    assert {field.path: field.translation for field in read.fields}["basics.label"] == \
        "Backend-Entwickler"
    return created.id


def exports_and_designs(call: Operations, models, resume_id: int) -> None:
    """Download the resume in every format and read the designs it can be exported in."""
    export = models.Export(resume_id=resume_id)
    assert call("export_resume_pdf", body=export).startswith(b"%PDF-")
    word = zipfile.ZipFile(io.BytesIO(call("export_resume_docx", body=export)))
    assert "word/document.xml" in word.namelist()
    assert "Jane Doe" in call("export_resume_txt", body=export)
    german = call("export_resume_txt", body=models.Export(resume_id=resume_id, language="de"))
    assert "Backend-Entwickler" in german
    assert call("export_resume_json", body=export).to_dict()["basics"]["name"] == "Jane Doe"
    assert "Jane Doe" in call("preview_resume", body=export)

    slugs = [design.slug for design in call("list_templates")]
    assert "classic" in slugs
    assert call("get_template", slug="classic").slug == "classic"


def matching_and_variants(call: Operations, models, resume_id: int) -> None:
    """Match an ad, tailor a variant, take its master's change and detach it."""
    match = call("match_resume", resume_id=resume_id,
                 body=models.MatchRequest(job_description=AD))
    assert match.resume_id == resume_id and 0 <= match.score <= 100
    assert "kubernetes" in [item.keyword.lower() for item in match.missing_keywords]
    proposals = call("list_match_proposals", resume_id=resume_id, match_id=match.id)
    assert proposals
    variant = call("create_tailored_copy", resume_id=resume_id, match_id=match.id,
                   body=models.TailorRequest(accept=[]))
    assert variant.master_id == resume_id

    master = call("get_resume", resume_id=resume_id)
    master.resume.basics.phone = "+49 30 1234"
    call("update_resume", resume_id=resume_id,
         body=models.ResumeUpdate(version=master.version, resume=master.resume))
    changes = call("preview_master_changes", resume_id=variant.id)
    assert changes.taken == ["edited Personal info (phone)"]
    taken = call("take_master_changes", resume_id=variant.id, body=models.Take(
        base_version=changes.version, master_version=changes.master_version))
    assert taken.resume.basics.phone == "+49 30 1234"
    assert call("detach_variant", resume_id=variant.id).master_id is None


def applications_links_and_letters(call: Operations, models, resume_id: int) -> None:
    """Track an application through its statuses, share it by link and write its letter."""
    application = call("create_application", body=models.ApplicationCreate.from_dict({
        "company": "Initech", "role": "Backend Engineer", "resume_id": resume_id,
        "ad_text": AD, "status": "saved"}))
    found = call("list_applications", status=models.ListApplicationsStatus.SAVED)
    assert [summary.id for summary in found] == [application.id]
    assert call("update_application", application_id=application.id,
                body=models.ApplicationUpdate(location="Berlin")).location == "Berlin"
    moved = call("change_application_status", application_id=application.id,
                 body=models.StatusChange(status=models.StatusChangeStatus.APPLIED))
    assert moved.status == "applied"
    assert call("get_application", application_id=application.id).status == "applied"
    assert call("list_application_events", application_id=application.id)
    call("delete_application", application_id=application.id)
    assert call("restore_application", application_id=application.id).id == application.id

    link = call("create_application_link", application_id=application.id,
                body=models.LinkCreate())
    assert link.state == "live"
    assert [item.id for item in call("list_application_links",
                                     application_id=application.id)] == [link.id]
    assert call("get_application_link", application_id=application.id,
                link_id=link.id).view_count == 0
    assert call("revoke_application_link", application_id=application.id,
                link_id=link.id).state == "revoked"

    started = call("create_cover_letter", application_id=application.id)
    assert (started.version, started.letter.signature) == (1, "Jane Doe")
    content = started.letter.to_dict()
    changed = call("update_cover_letter", application_id=application.id,
                   body=models.LetterUpdate.from_dict({"version": 1, "letter": {
                       **content, "subject": "Backend Engineer, ref. 42"}}))
    assert changed.version == 2
    assert call("get_cover_letter", application_id=application.id).letter.subject == \
        "Backend Engineer, ref. 42"
    assert [version.number for version in
            call("list_cover_letter_versions", application_id=application.id)] == [2, 1]
    assert call("get_cover_letter_version", application_id=application.id,
                number=1).letter.subject == content["subject"]
    assert call("compare_cover_letter_versions", application_id=application.id,
                from_=1, to=2).changes == ["Subject"]
    assert call("restore_cover_letter_version", application_id=application.id, number=1,
                body=models.LetterRestore(version=2)).version == 3
    assert call("export_cover_letter_pdf", application_id=application.id).startswith(b"%PDF-")
    letter = zipfile.ZipFile(io.BytesIO(call("export_cover_letter_docx",
                                             application_id=application.id)))
    assert "word/document.xml" in letter.namelist()
    assert "Jane Doe" in call("export_cover_letter_txt", application_id=application.id)


def webhooks(call: Operations, models, url: str) -> None:
    """Register a webhook, send it a test event, change it, rotate its secret, delete it."""
    created = call("create_webhook", body=models.WebhookCreate.from_dict(
        {"url": url, "events": ["resume.created"], "description": "CRM sync"}))
    assert created.secret and created.is_active
    assert [webhook.id for webhook in call("list_webhooks")] == [created.id]
    queued = call("send_webhook_test", webhook_id=created.id)
    assert queued.event_type == "webhook.test"
    assert [delivery.id for delivery in
            call("list_webhook_deliveries", webhook_id=created.id)] == [queued.id]
    changed = call("update_webhook", webhook_id=created.id,
                   body=models.WebhookUpdate(is_active=False))
    assert changed.is_active is False
    assert call("get_webhook", webhook_id=created.id).description == "CRM sync"
    assert call("rotate_webhook_secret", webhook_id=created.id).secret != created.secret
    call("delete_webhook", webhook_id=created.id)
    assert call("list_webhooks") == []


def statistics(call: Operations, resume_id: int) -> None:
    """Read the figures of the account and, as an admin, of the site."""
    dashboard = call("get_dashboard_analytics")
    assert resume_id in [figures.id for figures in dashboard.resumes]
    assert dashboard.totals.downloads_by_format.to_dict() == {  # the resume's exports above
        "pdf": 1, "docx": 1, "txt": 2, "json": 1}
    scores = call("get_match_score_analytics")  # the match above and the application's
    assert [score.resume_id for score in scores] == [resume_id, resume_id]
    assert call("get_usage_analytics").days == 30
    designs = call("get_template_analytics")  # the resume and its variant
    assert [(use.template, use.resumes) for use in designs] == [("classic", 2)]
    assert call("get_application_analytics").tracked == 1
    assert call("get_admin_analytics").users == 1
