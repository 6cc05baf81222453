"""/api/docs: the API guide and reference, built from the live OpenAPI document."""
import json

import limits
from flask import Blueprint, current_app, render_template
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from website.api.problems import KINDS
from website.api_docs import reference

bp = Blueprint("api_docs", __name__)

# What a caller can do about each kind of problem; every kind in KINDS needs an entry.
ADVICE = {
    "bad-request": _l("Send a body that is valid JSON, encoded as UTF-8."),
    "unauthenticated": _l("Send `Authorization: Bearer <token>` with a token from your account "
                          "page. If it was revoked or mistyped, make a new one."),
    "forbidden": _l("This token is read-only and the call changes data (or the call is for admins "
                    "only). Make a read-and-write token on your account page."),
    "not-found": _l("Check the id in the path: the resource does not exist, was deleted, or "
                    "belongs to someone else."),
    "method-not-allowed": _l("Use one of the methods this reference lists for the path; the "
                             "`Allow` header names them."),
    "conflict": _l("Someone saved the resume after you read it. Read it again (GET), apply your "
                   "change to what you get, and send its `version`. `current_version` says the "
                   "newest."),
    "too-large": _l("Keep request bodies under 1 MB: leave out what you do not change."),
    "unsupported-media-type": _l("Send the body as JSON with `Content-Type: application/json`."),
    "invalid-fields": _l("Correct the fields `errors` lists: each entry has a `pointer` to the "
                         "body field (or the `parameter` at fault) and a `detail` saying what is "
                         "wrong. Nothing was changed."),
    "rate-limited": _l("Wait the seconds `Retry-After` gives, then retry. Spread calls out: the "
                       "`RateLimit` header says how many are left."),
    "server-error": _l("Not your fault: it is logged and we look into it. Retry a little later."),
}

PROBLEM_EXAMPLE = {
    "type": "/api/docs#problem-invalid-fields",
    "title": KINDS[422][1],
    "status": 422,
    "detail": "Some fields are not valid; `errors` lists each one.",
    "instance": "/api/v1/resumes",
    "errors": [
        {"pointer": "#/title", "detail": "Shorter than minimum length 1."},
        {"pointer": "#/resume/work/0/startDate",
         "detail": "Write the date as YYYY, YYYY-MM or YYYY-MM-DD."},
    ],
}

# Plain text on purpose: people copy it into a shell.
SESSION_EXAMPLE = """\
# The token from your account page (read-and-write):
export TOKEN=rbt_your_token_here
export API=https://your-resume-builder.example/api/v1

# Create a resume; the answer holds its id, version and URL.
curl -sS -X POST "$API/resumes" \\
  -H "Authorization: Bearer $TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{"title": "Backend roles", "resume": {"basics": {"name": "Jane Doe"}}}'

# Read it back (say its id is 7): the ETag header is its version.
curl -sS -i "$API/resumes/7" -H "Authorization: Bearer $TOKEN"

# Export it as a PDF file (also docx, txt, json, and preview for the HTML).
curl -sS -X POST "$API/export/pdf" \\
  -H "Authorization: Bearer $TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{"resume_id": 7}' -o resume.pdf

# Its history, newest first.
curl -sS "$API/resumes/7/versions" -H "Authorization: Bearer $TOKEN"
"""


# A rate limit's period, in the reader's language.
PERIODS = {"second": _l("%(amount)s per second"), "minute": _l("%(amount)s per minute"),
           "hour": _l("%(amount)s per hour"), "day": _l("%(amount)s per day")}


def rate(limit: str) -> str:
    """Return a limit such as "60 per minute" in the reader's language, or as it is written
    when its period is unusual ("10 per 2 minutes")."""
    item = limits.parse(limit)
    period = PERIODS.get(item.GRANULARITY.name)
    if period is None or item.multiples != 1:
        return limit
    return str(period) % {"amount": format_decimal(item.amount)}


def problem_kinds() -> list[dict]:
    """Return each kind of problem with its status, title and what to do about it."""
    return [{"anchor": f"problem-{kind}", "status": status, "title": title,
             "advice": reference.prose(str(ADVICE[kind]))}
            for status, (kind, title) in sorted(KINDS.items())]


@bp.get("/api/docs")
def index():
    """Show the API reference: authentication, errors and every operation."""
    spec = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    return render_template("api_docs/index.html", openapi_version=spec.get("openapi", ""),
                           tags=reference.tags(spec), problems=problem_kinds(),
                           problem_example=json.dumps(PROBLEM_EXAMPLE, indent=2,
                                                      ensure_ascii=False),
                           session_example=SESSION_EXAMPLE,
                           authorization_example="Authorization: Bearer rbt_your_token_here",
                           limits={"calls": rate(current_app.config["API_RATE_LIMIT"]),
                                   "exports": rate(current_app.config["EXPORT_LIMIT"])})
