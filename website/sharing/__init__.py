"""Public share links."""
