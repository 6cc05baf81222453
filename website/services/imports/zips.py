"""Open ZIP archives (Word files, LinkedIn exports) without trusting what they claim."""
import io
import zipfile

from website.services.imports import ImportRejected


def open_safely(raw: bytes) -> zipfile.ZipFile:
    """Return the archive in `raw`; raise ImportRejected if it is not a readable ZIP."""
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as error:
        raise ImportRejected("The file is a damaged ZIP archive.") from error
