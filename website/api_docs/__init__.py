"""The API guide for people: /api/docs, rendered from the OpenAPI document."""
