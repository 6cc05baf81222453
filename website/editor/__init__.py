"""The resume editor: one page per section, and the photo."""
