"""Tell which kind of file an upload is, by its content rather than its name, and read it."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from website.services.imports import (
    ImportRejected,
    ImportResult,
    docx,
    json_resume,
    linkedin,
    pdf,
    zips,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
KINDS = _l("a JSON Resume (.json), PDF, Word (.docx) or LinkedIn data export (.zip) file")


def read(raw: bytes) -> ImportResult:
    """Return what the uploaded file `raw` holds as a resume; raise ImportRejected, with a
    message for the user, when it cannot be read."""
    if not raw:
        raise ImportRejected(_("The file is empty. Choose %(kinds)s.", kinds=KINDS))
    if len(raw) > MAX_FILE_BYTES:
        raise ImportRejected(_("The file is larger than %(limit)d MB. A resume file is rarely "
                               "over 1 MB; export it again without large pictures.",
                               limit=MAX_FILE_BYTES // (1024 * 1024)))
    if raw.startswith(b"%PDF-"):
        return pdf.read(raw)
    if raw.startswith(b"PK\x03\x04"):
        archive = zips.open_safely(raw)
        if "word/document.xml" in archive.namelist():
            return docx.read(raw)
        return linkedin.read(archive)
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return json_resume.read(raw)
    if raw.startswith(docx.OLE):  # Word 97-2003 (.doc), or a .docx locked with a password
        return docx.read(raw)
    raise ImportRejected(_("This file is not one this site can read. Choose %(kinds)s.",
                           kinds=KINDS))
