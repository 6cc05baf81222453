"""RFC 9457 problem documents: every error of the API in one shape, `application/problem+json`."""
from http import HTTPStatus

from flask import Response, json, request
from werkzeug.exceptions import HTTPException

API_PREFIX = "/api/v1/"
MIMETYPE = "application/problem+json"

# Each kind of problem has a section on /api/docs, which its `type` points to.
KINDS = {
    400: ("bad-request", "The request could not be read"),
    401: ("unauthenticated", "A valid access token is needed"),
    403: ("forbidden", "Not allowed: beyond the token's scope or the account's quota"),
    404: ("not-found", "There is nothing here"),
    405: ("method-not-allowed", "This method is not allowed here"),
    409: ("conflict", "The resume has changed since the version you sent"),
    413: ("too-large", "The request body is larger than 1 MB"),
    415: ("unsupported-media-type", "Send the body as application/json"),
    422: ("invalid-fields", "Some fields are not valid"),
    429: ("rate-limited", "Too many requests"),
    500: ("server-error", "Something went wrong on our side"),
}


class Problem(HTTPException):
    """An API error with a sentence for people and, for invalid input, one entry per field."""

    def __init__(self, status: int, detail: str, *, errors: list[dict] | None = None,
                 headers: dict | None = None, **extensions):
        super().__init__(detail)
        self.code = status
        self.detail = detail
        self.errors = errors or []
        self.extra_headers = headers or {}
        self.extensions = extensions


def is_api_request() -> bool:
    """Whether the current request is addressed to the API (and so is answered in JSON)."""
    return request.path.startswith(API_PREFIX)


def response(status: int, detail: str, *, errors: list[dict] | None = None,
             headers: dict | None = None, **extensions) -> Response:
    """Return a problem+json response."""
    kind, title = KINDS.get(status, ("error", HTTPStatus(status).phrase))
    body = {"type": f"/api/docs#problem-{kind}", "title": title, "status": status,
            "detail": detail, "instance": request.path, **extensions}
    if errors:
        body["errors"] = errors
    result = Response(json.dumps(body), status=status, mimetype=MIMETYPE)
    result.headers.update(headers or {})
    return result


def pointer(path: list) -> str:
    """Return the JSON pointer (RFC 6901, as a URI fragment) to `path` in a body."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in path)
    return "#/" + "/".join(escaped) if path else "#"


def _flatten(messages, path: list) -> list[tuple[list, str]]:
    """Return (path, message) for each leaf of marshmallow's nested error messages."""
    if isinstance(messages, dict):
        return [item for key, value in messages.items()
                for item in _flatten(value, path if key == "_schema" else [*path, key])]
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [(path, message) for message in messages]
    if isinstance(messages, list):
        return [item for message in messages for item in _flatten(message, path)]
    return [(path, str(messages))]


def field_errors(messages: dict) -> list[dict]:
    """Return webargs' {location: messages} as RFC 9457 error entries: a JSON pointer into the
    body, or the name of the query parameter or header at fault."""
    entries = []
    for location, found in messages.items():
        for path, message in _flatten(found, []):
            if location == "json":
                entries.append({"pointer": pointer(path), "detail": message})
            else:
                where = "header" if location == "headers" else "parameter"
                entries.append({where: ".".join(map(str, path)), "detail": message})
    return entries


def document_errors(problems: dict, prefix: list) -> list[dict]:
    """Return a service's nested {key: message} problems as error entries under `prefix`."""
    def split(key) -> list:
        return [int(part) if part.isdigit() else part for part in str(key).split(".")]

    entries = []
    for key, found in problems.items():
        if isinstance(found, dict):
            entries.extend(document_errors(found, [*prefix, *split(key)]))
        else:
            entries.append({"pointer": pointer([*prefix, *split(key)]), "detail": str(found)})
    return entries


def _detail(error: HTTPException) -> str:
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") or {}
    if error.code == 400 and messages.get("json") == ["Invalid JSON body."]:
        return "The body is not valid JSON."
    if error.code == 422:
        return "Some fields are not valid; `errors` lists each one."
    if error.code == 404:
        return "There is no such resource, or it is not yours."
    if error.code == 405:
        return f"{request.method} is not allowed on {request.path}."
    if error.code == 413:
        return "The request body is larger than 1 MB."
    if error.code == 429:
        return "This token has made too many requests; wait as Retry-After says."
    return error.description or HTTPStatus(error.code or 500).phrase


def from_exception(error: HTTPException) -> Response:
    """Return the problem document for an HTTP error raised while serving the API."""
    # Keep what the error itself says in headers, such as Allow on a 405.
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    if isinstance(error, Problem):
        return response(error.code, error.detail, errors=error.errors,
                        headers={**headers, **error.extra_headers}, **error.extensions)
    data = getattr(error, "data", None) or {}
    errors = field_errors(data["messages"]) if error.code == 422 and "messages" in data else None
    return response(error.code or 500, _detail(error), errors=errors,
                    headers={**headers, **(data.get("headers") or {})})
