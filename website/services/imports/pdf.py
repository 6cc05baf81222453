"""Read a PDF resume into an import result."""
from website.services.imports import ImportRejected, ImportResult


def read(raw: bytes) -> ImportResult:
    """Return what the PDF file `raw` holds as a resume."""
    raise ImportRejected("PDF files cannot be imported yet.")
