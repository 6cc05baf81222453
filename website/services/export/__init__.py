"""Export formats of a resume document: plain text, JSON Resume and Word."""
