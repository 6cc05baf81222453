"""Statistics of one resume."""
