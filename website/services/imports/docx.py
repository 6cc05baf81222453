"""Read a DOCX resume into an import result."""
from website.services.imports import ImportRejected, ImportResult


def read(raw: bytes) -> ImportResult:
    """Return what the DOCX file `raw` holds as a resume."""
    raise ImportRejected("DOCX files cannot be imported yet.")
