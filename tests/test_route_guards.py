"""Every route checks who is asking, walked from `app.url_map` so a new route cannot forget it.

A route whose path names something a user owns (a resume, its versions, photo, matches and
translations; an application, its letter and links; a webhook and its deliveries; a token; an
import) answers 404 to another logged-in user, for every method it takes, and changes nothing;
so does her own resume, webhook or application with the owner's photo, match, delivery or link
in the path, and a form or API body naming the owner's resume. Every route not on the PUBLIC
list sends an anonymous visitor to the login page (the API answers 401). A route with a path
variable this module does not know fails until it is sorted below, and so does a PUBLIC route
that asks for a login.
"""
import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO

import pytest
from PIL import Image

from tests.factories import password_hash
from tests.helpers import (
    PASSWORD,
    ApiClient,
    FormClient,
    empty_tables,
    log_in,
    make_test_app,
    settings_for_tests,
)
from website import create_app
from website.extensions import db
from website.models import ApiToken, LoginSession, User
from website.services import (
    accounts,
    api_tokens,
    application_links,
    applications,
    cover_letters,
    design_settings,
    designs,
    matching,
    photos,
    resume_translations,
    resumes,
    sharing,
    webhooks,
)
from website.services.imports import pending, reader
from website.services.matching import tailoring

# Routes anyone may open, each with the reason; every other route needs a login.
PUBLIC = {
    "/": "the landing page",
    "/login": "logging in",
    "/login/code": "the second step of logging in",
    "/signup": "making an account",
    "/signup/sent": "says the confirmation email is on its way",
    "/signup/confirm/<token>": "the emailed link that makes the account",
    "/forgot-password": "asking for a reset link",
    "/reset-password/<token>": "the emailed reset link",
    "/account/email/confirm/<token>": "the emailed link, opened in any browser",
    "/account/two-factor/undo/<token>": "the emailed link for an owner locked out of the account",
    "/unsubscribe/<token>": "the link at the foot of every email",
    "/healthz": "the platform's health check",
    "/static/<path:filename>": "the site's own files",
    "/bootstrap/static/<path:filename>": "Bootstrap's files",
    "/templates": "the design gallery",
    "/templates/<slug>": "a design's page in the gallery",
    "/templates/<slug>/thumbnail.png": "a design's picture in the gallery",
    "/resume/design/<slug>.css": "a design's style sheet, also used by shared resumes",
    "/letter-design/<slug>.css": "a letter design's style sheet, also used by shared letters",
    "/r/<token>": "a resume shared by link",
    "/r/<token>/document": "a resume shared by link",
    "/r/<token>/pdf": "a resume shared by link",
    "/r/<token>/photos/<int:photo_id>": "a resume shared by link",
    "/a/<token>": "an application's link for the employer",
    "/a/<token>/document": "an application's link for the employer",
    "/a/<token>/pdf": "an application's link for the employer",
    "/a/<token>/photos/<int:photo_id>": "an application's link for the employer",
    "/a/<token>/letter": "an application's link for the employer",
    "/a/<token>/letter.pdf": "an application's link for the employer",
    "/api/docs": "the API's documentation",
    "/api/v1/openapi.json": "the API's description, read by client generators",
}
# Routes only admins may open (every path with "admin" in it): other users get 403.
ADMIN_ONLY = {"/admin/stats", "/api/v1/analytics/admin"}
# Path variables naming something a user owns: a route with one is refused to strangers.
# Outside PUBLIC, a <token> is an import waiting for its owner's review.
OWNED = {"resume_id", "number", "photo_id", "match_id", "language", "application_id",
         "link_id", "webhook_id", "delivery_id", "token_id", "token"}
# Path variables naming nothing anyone owns: the route is private, but not per object.
NOT_OWNED = {"section", "slug", "extension"}
# Routes that act on a resume or an application in the trash, or on a linked variant: the
# owner's own object in that state, so the stranger's 404 is not the one anybody gets.
IN_TRASH = {"/resume/<int:resume_id>/restore", "/resume/<int:resume_id>/purge",
            "/applications/<int:application_id>/restore",
            "/applications/<int:application_id>/purge",
            "/api/v1/applications/<int:application_id>/restore"}
OF_A_VARIANT = {"/resume/<int:resume_id>/master-changes",
                "/resume/<int:resume_id>/master-changes/detach",
                "/api/v1/resumes/<int:resume_id>/master-changes",
                "/api/v1/resumes/<int:resume_id>/master-changes/detach"}
# Query strings a route needs to reach its check of who asks (two versions to compare).
QUERIES = {rule: "?from=1&to=2" for rule in (
    "/resume/<int:resume_id>/versions/compare",
    "/applications/<int:application_id>/letter/compare",
    "/api/v1/resumes/<int:resume_id>/versions/compare",
    "/api/v1/applications/<int:application_id>/letter/versions/compare")}
# Requests by a stranger naming the owner's resume in their body, not their path: the API's
# are all the `..._id` fields of its bodies (read from its description), the pages' are listed.
# Values in braces are the owner's (`owned`), but {application_id}: the stranger's own.
API_BODIES_NAMING = {
    **{("POST", f"/api/v1/export/{kind}"): {"resume_id": "{resume_id}"}
       for kind in ("pdf", "docx", "txt", "json", "preview")},
    ("POST", "/api/v1/applications"):
        {"company": "Globex", "role": "Spy", "resume_id": "{resume_id}"},
    ("PATCH", "/api/v1/applications/{application_id}"): {"resume_id": "{resume_id}"},
}
FORMS_NAMING = {
    ("POST", "/resume/new"): {"title": "Copied", "template": "{slug}", "start": "copy",
                              "copy_of": "{resume_id}", "language": "en"},
    ("POST", "/applications/new"):
        {"company": "Globex", "role": "Spy", "resume": "{resume_id}", "status": "saved"},
    ("POST", "/applications/{application_id}/edit"):
        {"company": "Globex", "role": "Spy", "resume": "{resume_id}"},
    ("POST", "/templates/{slug}/use"): {"resume": "{resume_id}:{resume_version}"},
}
# A body the owner could send: the API checks a body before it looks the object up, so a
# stranger's call with a wrong body is refused (422) whoever owns the object. Values in braces
# are the owner's (`owned`).
BODIES = {
    "PUT /api/v1/resumes/<int:resume_id>": {"version": "{resume_version}", "title": "Taken"},
    "POST /api/v1/resumes/<int:resume_id>/versions/<int:number>/restore":
        {"version": "{resume_version}"},
    "PUT /api/v1/resumes/<int:resume_id>/translations/<language>":
        {"version": "{resume_version}", "translations": {"skills.0.name": "Taken"}},
    "POST /api/v1/resumes/<int:resume_id>/match": {"job_description": "Python developer"},
    "POST /api/v1/resumes/<int:resume_id>/master-changes":
        {"base_version": "{variant_version}", "master_version": "{resume_version}"},
    "PATCH /api/v1/applications/<int:application_id>": {"notes": "Taken"},
    "POST /api/v1/applications/<int:application_id>/status": {"status": "applied"},
    "PUT /api/v1/applications/<int:application_id>/letter":
        {"version": "{letter_version}", "letter": {"subject": "Taken"}},
    "POST /api/v1/applications/<int:application_id>/letter/versions/<int:number>/restore":
        {"version": "{letter_version}"},
    "PUT /api/v1/webhooks/<int:webhook_id>": {"description": "Taken"},
}
# Path variables naming a thing inside another (a resume's photo or match, a webhook's delivery,
# an application's link): the stranger's own resume, webhook or application must not reach it.
CHILDREN = ("photo_id", "match_id", "delivery_id", "link_id")
# Which token a public path's <token> is (elsewhere: an import waiting for review).
TOKENS = {"/r/": "share_token", "/a/": "link_token"}
IGNORED_METHODS = {"HEAD", "OPTIONS"}  # answered by Flask for every GET route
PLACEHOLDER = re.compile(r"\{\w+\}")
PATH_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


@functools.cache
def url_rules() -> tuple:
    """The app's routes, sorted by path (read once, at collection, from an app on no database)."""
    app = create_app(settings_for_tests("sqlite://"))
    return tuple(sorted(app.url_map.iter_rules(), key=lambda rule: (rule.rule, rule.endpoint)))


def methods_of(rule) -> list[str]:
    """The methods the rule's view answers."""
    return sorted(rule.methods - IGNORED_METHODS)


def is_owned(rule) -> bool:
    """Whether the rule's path names something a user owns (and is refused to strangers)."""
    return rule.rule not in PUBLIC and bool(rule.arguments & OWNED)


def calls(rules) -> list:
    """One pytest parameter per (method, rule), its id reading like "POST /resume/<id>/…"."""
    return [pytest.param(method, rule.rule, id=f"{method} {rule.rule}")
            for rule in rules for method in methods_of(rule)]


PRIVATE_PAGE_CALLS = calls(rule for rule in url_rules()
                           if rule.rule not in PUBLIC and not rule.rule.startswith("/api/"))
PRIVATE_API_CALLS = calls(rule for rule in url_rules()
                          if rule.rule not in PUBLIC and rule.rule.startswith("/api/"))
OWNED_CALLS = calls(rule for rule in url_rules() if is_owned(rule))
MIXED_CALLS = calls(rule for rule in url_rules()
                   if rule.arguments & set(CHILDREN) and len(rule.arguments & OWNED) > 1)
OWNER_PAGES = [pytest.param(rule.rule, id=rule.rule) for rule in url_rules()
               if is_owned(rule) and "GET" in rule.methods]


def test_every_route_is_public_or_says_what_its_path_names():
    unknown = {f"{rule.rule}: <{name}>" for rule in url_rules() if rule.rule not in PUBLIC
               for name in rule.arguments - OWNED - NOT_OWNED}
    assert unknown == set(), ("Say whether these path variables name something a user owns "
                              "(OWNED, checked against strangers) or not (NOT_OWNED)")
    paths = {rule.rule for rule in url_rules()}
    every_call = {f"{method} {rule.rule}" for rule in url_rules() for method in methods_of(rule)}
    assert set(PUBLIC) | IN_TRASH | OF_A_VARIANT | set(QUERIES) <= paths, "a route is gone"
    assert set(BODIES) <= every_call, "a route is gone"
    assert {path for path in paths if "admin" in path} == ADMIN_ONLY
    assert len(OWNED_CALLS) > 100 and len(PRIVATE_PAGE_CALLS + PRIVATE_API_CALLS) > 150


@pytest.fixture(scope="module")
def app(database_url, schema):
    """One app for the module: its requests only read, or are refused (the tests check that)."""
    app = make_test_app(database_url, RATELIMIT_ENABLED=False)  # hundreds of requests
    with app.app_context():
        designs.seed()
    try:
        yield app
    finally:
        with app.app_context():
            empty_tables()
            db.engine.dispose()


def png() -> bytes:
    """A small photo."""
    image = BytesIO()
    Image.new("RGB", (64, 64), "teal").save(image, "PNG")
    return image.getvalue()


def one_of_everything(user: User) -> dict:
    """Make one of everything `user` can own; return what names each, by path variable."""
    resume = resumes.create(user, "Backend roles", content={
        "basics": {"name": user.name}, "skills": [{"name": "Python"}]})
    translated = resume_translations.translated(resume_translations.with_language(
        resume.content, design_settings.effective(resume), "de"), "de",
        {"skills.0.name": "Python-Entwicklung"})
    resume_translations.save(resume, user, resume.version, translated, "Translated")
    photos.set_photo(resume, user, resume.version, png())
    match = matching.record(resume, user, "Senior Python developer with Flask and Docker.")
    variant = tailoring.create_variant(resume, match, user, set())
    trashed_resume = resumes.create(user, "Old roles")
    resumes.move_to_trash(trashed_resume)
    share = sharing.share(resume)
    sharing.show_photo(resume, True)
    application = applications.create(user, applications.Fields(
        company="Acme", role="Backend Engineer"), resume=resume)
    letter = cover_letters.start(application, user)
    cover_letters.save(letter, user, letter.version, {**letter.content, "subject": "Hi"})
    link = application_links.create(application)
    trashed_application = applications.create(user, applications.Fields(
        company="Initech", role="Engineer"))
    applications.move_to_trash(trashed_application)
    webhook, _ = webhooks.create(user, "http://127.0.0.1:9/hook", "CRM",
                                 list(webhooks.EVENT_TYPES))
    delivery = webhooks.send_test(webhook)
    token, secret = api_tokens.create(user, "tests", "read-write")
    review = pending.store(user, reader.read(b'{"basics": {"name": "Jane Doe"}}'))
    db.session.commit()
    return {
        "user_id": user.id, "resume_id": resume.id, "number": 1, "match_id": match.id,
        "language": "de", "photo_id": resume.design_settings["photo_id"],
        "section": "work", "slug": designs.DEFAULT_DESIGN, "extension": "pdf",
        "filename": "favicon.svg", "application_id": application.id, "link_id": link.id,
        "webhook_id": webhook.id, "delivery_id": delivery.id, "token_id": token.id,
        "token": review.token, "share_token": share.token, "link_token": link.token,
        "api_token": secret, "variant_id": variant.id, "trashed_resume_id": trashed_resume.id,
        "trashed_application_id": trashed_application.id, "resume_version": resume.version,
        "variant_version": variant.version, "letter_version": letter.version,
    }


@pytest.fixture(scope="module")
def owned(app) -> dict:
    """Jane's objects: one of everything."""
    with app.app_context():
        return one_of_everything(accounts.create_user_with_hash(
            "Jane Doe", "jane@example.com", password_hash(PASSWORD)))


def path_of(rule: str, objects: dict, children: dict | None = None) -> str:
    """The rule's path filled with `objects` in the state the route acts on; with `children`,
    the photo, match, delivery or link inside the resume, webhook or application is theirs."""
    values = {**objects, "token": objects[TOKENS.get(rule[:3], "token")],
              **{name: children[name] for name in CHILDREN if children}}
    if rule in IN_TRASH:
        values["resume_id"] = objects["trashed_resume_id"]
        values["application_id"] = objects["trashed_application_id"]
    if rule in OF_A_VARIANT:
        values["resume_id"] = objects["variant_id"]
    return PATH_ARGUMENT.sub(lambda m: str(values[m[1]]), rule) + QUERIES.get(rule, "")


def filled(body: dict, values: dict) -> dict:
    """`body` with "{name}" taken from `values` (a number stays a number for JSON)."""
    return {key: values[value[1:-1]] if isinstance(value, str) and PLACEHOLDER.fullmatch(value)
            else value.format(**values) if isinstance(value, str) else value
            for key, value in body.items()}


def snapshot(app, but_use_by: int | None = None) -> dict:
    """Every row of every table, to tell whether a request changed anything; with `but_use_by`,
    not that user's API tokens and logins (they record when they were last used)."""
    stamped = {ApiToken.__table__, LoginSession.__table__}
    with app.app_context():
        return {table.name: sorted(map(repr, db.session.execute(
                    table.select().where(table.c.user_id != but_use_by)
                    if table in stamped else table.select()).all()))
                for table in db.metadata.sorted_tables}


@dataclass
class Stranger:
    """Another user, logged in, with the CSRF token of their session and one of everything."""

    own: dict
    client: FormClient
    csrf_token: str
    api: ApiClient

    @property
    def id(self) -> int:
        """The stranger's user id."""
        return self.own["user_id"]

    def ask(self, method: str, path: str, body: dict):
        """Send what the stranger may send: their session and CSRF token, or their token."""
        if path.startswith("/api/"):
            return self.api.open(method, path, json=None if method == "GET" else body)
        data = None if method == "GET" else {"csrf_token": self.csrf_token,
                                             **{key: str(value) for key, value in body.items()}}
        return self.client.open(path, method=method, data=data)


@pytest.fixture(scope="module")
def stranger(app, owned) -> Stranger:
    """Mallory, with one of everything of her own."""
    with app.app_context():
        own = one_of_everything(accounts.create_user_with_hash(
            "Mallory", "mallory@example.com", password_hash(PASSWORD)))
    client = app.test_client()
    assert log_in(client, "mallory@example.com").status_code == 302
    return Stranger(own, client, client.csrf_token("/account"), ApiClient(app, own["api_token"]))


@pytest.fixture(scope="module")
def owner(app, owned) -> FormClient:
    """The owner, logged in."""
    client = app.test_client()
    assert log_in(client, "jane@example.com").status_code == 302
    return client


@contextmanager
def unchanged(app, method: str, but_use_by: int | None = None) -> Iterator[None]:
    """Check that the block's request, if it may write (not a GET), changed no row."""
    before = snapshot(app, but_use_by) if method != "GET" else None
    yield
    if before is not None:
        assert snapshot(app, but_use_by) == before, "the refused request changed data"


@pytest.mark.parametrize("method, rule", OWNED_CALLS)
def test_a_stranger_gets_404_and_changes_nothing(app, owned, stranger, method, rule):
    body = filled(BODIES.get(f"{method} {rule}", {}), owned)
    with unchanged(app, method, but_use_by=stranger.id):
        response = stranger.ask(method, path_of(rule, owned), body)
    assert response.status_code == 404


@pytest.mark.parametrize("rule", OWNER_PAGES)
def test_the_owner_opens_what_a_stranger_cannot(app, owned, owner, rule):
    """The stranger's 404 comes from the check of who asks: the same page opens for the owner."""
    path = path_of(rule, owned)
    client = ApiClient(app, owned["api_token"]) if rule.startswith("/api/") else owner
    response = client.get(path)
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:300]


@pytest.mark.parametrize("method, rule", MIXED_CALLS)
def test_a_strangers_own_path_does_not_lead_to_the_owners_photo_match_delivery_or_link(
        app, owned, stranger, method, rule):
    if method == "GET":  # her own path opens, so the 404 below is for the owner's id in it
        assert stranger.ask(method, path_of(rule, stranger.own), {}).status_code == 200
    body = filled(BODIES.get(f"{method} {rule}", {}), stranger.own)
    with unchanged(app, method, but_use_by=stranger.id):
        response = stranger.ask(method, path_of(rule, stranger.own, children=owned), body)
    assert response.status_code == 404


def api_bodies_naming_objects(app) -> set[tuple[str, str]]:
    """(method, path) of every API operation whose body has an `..._id` field."""
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    found = set()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "requestBody" not in operation:
                continue
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            schema = schemas[schema["$ref"].rpartition("/")[2]] if "$ref" in schema else schema
            if any(name.endswith("_id") for name in schema.get("properties", {})):
                found.add((method.upper(), path))
    return found


def test_every_api_body_naming_an_object_is_tried_by_a_stranger(app):
    assert api_bodies_naming_objects(app) == set(API_BODIES_NAMING)


@pytest.mark.parametrize("method, path", [pytest.param(*call, id=" ".join(call))
                                          for call in [*FORMS_NAMING, *API_BODIES_NAMING]])
def test_a_stranger_naming_the_owners_resume_in_a_body_is_refused(app, owned, stranger,
                                                                   method, path):
    values = {**owned, "application_id": stranger.own["application_id"]}
    body = filled({**FORMS_NAMING, **API_BODIES_NAMING}[method, path], values)
    path = path.format(**values)
    app.url_map.bind("localhost").match(path, method)  # the route is there: its 404 is a refusal
    with unchanged(app, method, but_use_by=stranger.id):
        response = stranger.ask(method, path, body)
    assert response.status_code in (404, 422)
    if response.status_code == 422:  # refused for naming that resume, not for another field
        said = response.get_data(as_text=True)
        assert "Choose one of your resumes listed." in said or '"pointer": "#/resume_id"' in said


@pytest.mark.parametrize("rule", sorted(ADMIN_ONLY))
def test_a_user_who_is_not_an_admin_is_refused_the_admin_figures(stranger, rule):
    assert stranger.ask("GET", rule, {}).status_code == 403


@pytest.mark.parametrize("method, rule", PRIVATE_PAGE_CALLS)
def test_an_anonymous_visitor_is_asked_to_log_in(app, owned, method, rule):
    client = app.test_client()
    data = None if method == "GET" else {"csrf_token": client.csrf_token("/login")}
    with unchanged(app, method):
        response = client.open(path_of(rule, owned), method=method, data=data)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("method, rule", PRIVATE_API_CALLS)
def test_the_api_wants_a_token_even_from_the_owners_browser(app, owned, owner, method, rule):
    """The API takes no cookie (which is why it needs no CSRF token): 401 without a token."""
    with unchanged(app, method, but_use_by=owned["user_id"]):
        response = owner.open(path_of(rule, owned), method=method)
    assert response.status_code == 401


@pytest.mark.parametrize("rule", PUBLIC)
def test_a_public_route_opens_without_a_login(app, owned, rule):
    """PUBLIC lists no route that asks for a login: it would escape the checks above."""
    response = app.test_client().get(path_of(rule, owned))
    assert response.status_code != 401
    assert not response.headers.get("Location", "").startswith("/login?next=")
