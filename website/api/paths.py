"""What the ids in the API's paths are, for the OpenAPI document (the routes give their types)."""

DESCRIPTIONS = {
    "resume_id": ("The resume's id, as the resume list (`id`) gives it.", 7),
    "number": ("The version's number: 1 for the first save, higher for each later one (a run "
               "of autosaves keeps only its newest number, so numbers can skip).", 3),
    "match_id": ("The match's id, as the answer to POST /api/v1/resumes/{resume_id}/match "
                 "gives it.", 12),
    "webhook_id": ("The webhook's id, as the webhook list (`id`) gives it.", 3),
    "slug": ("The design's slug, as GET /api/v1/templates lists it.", "modern"),
    "language": ("A resume language's tag, like `de` or `pt-BR`.", "de"),
    "application_id": ("The application's id, as the application list (`id`) gives it.", 5),
}


def described(*names: str) -> list[dict]:
    """Return the documentation of the path parameters `names`, for `blp.route(parameters=)`."""
    return [{"in": "path", "name": name, "description": DESCRIPTIONS[name][0],
             "example": DESCRIPTIONS[name][1]} for name in names]
