"""Translations of a resume: its languages, and the editor of one beside the originals."""
