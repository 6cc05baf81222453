"""Read the ZIP of CSV files LinkedIn's "Get a copy of your data" gives into an import result."""
import zipfile

from website.services.imports import ImportRejected, ImportResult


def read(archive: zipfile.ZipFile) -> ImportResult:
    """Return what a LinkedIn data export holds as a resume."""
    raise ImportRejected("LinkedIn exports cannot be imported yet.")
