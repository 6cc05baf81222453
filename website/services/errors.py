"""What a service raises when the caller asks for something it cannot have."""


class NotFound(LookupError):
    """There is no such thing, or it is not the caller's: the app answers 404 (website.errors)."""
