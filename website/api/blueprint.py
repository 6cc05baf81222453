"""The one way to make an API blueprint: token check, body rules, rate limit, no CSRF."""
from flask import request
from flask_smorest import Blueprint
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from website.api import auth, limits
from website.api.problems import Problem, pointer
from website.extensions import csrf
from website.services import user_input

MAX_BODY_BYTES = 1024 * 1024


def check_body() -> None:
    """Refuse bodies over 1 MB and bodies that are not JSON, before any view reads them."""
    request.max_content_length = MAX_BODY_BYTES
    if request.content_length and request.content_length > MAX_BODY_BYTES:
        raise Problem(413, "The request body is larger than 1 MB.")
    has_body = bool(request.content_length) or \
        "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    if has_body and not request.is_json:
        raise Problem(415, "Send the body as JSON, with “Content-Type: application/json”.")


class BodyParser(FlaskParser):
    """webargs' parser, reading JSON bodies as user_input does: bounded depth, storable text."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return core.missing
        try:
            return user_input.loads(req.get_data(cache=True))
        except user_input.UnreadableJSON as error:
            if error.path is None:
                raise Problem(400, str(error)) from error
            raise Problem(422, "Some fields are not valid; `errors` lists each one.",
                          errors=[{"pointer": pointer(error.path), "detail": str(error)}]) \
                from error


class ApiBlueprint(Blueprint):
    """A flask-smorest blueprint whose views read bodies with BodyParser."""

    ARGUMENTS_PARSER = BodyParser()


def api_blueprint(name: str, path: str, description: str, *, writes: bool = True) -> Blueprint:
    """Return a blueprint for /api/v1`path` whose views all need a token; with `writes`
    False its POSTs only read (exports), so read-only tokens may call them."""
    blueprint = ApiBlueprint(name, __name__, url_prefix=f"/api/v1{path}", description=description)
    if not writes:
        auth.READ_ONLY_BLUEPRINTS.add(name)
    blueprint.before_request(check_body)
    blueprint.before_request(auth.authenticate)
    blueprint.after_request(limits.add_headers)
    limits.every_call(blueprint)
    # Browsers send cookies, not tokens: without a cookie session there is nothing to forge.
    csrf.exempt(blueprint)
    return blueprint
