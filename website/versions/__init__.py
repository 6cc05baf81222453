"""Version history: browse, compare side by side, and restore any earlier version."""
