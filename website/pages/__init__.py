"""Public pages: the landing page for visitors and the way home for users."""
