"""Downloads of a resume: the file name and the count kept on the resume."""
import re
import time
import unicodedata
from collections.abc import Callable

from website.extensions import db
from website.models import Resume
from website.services import design_settings, email_service, events, resume_translations


def file_name(resume: Resume, extension: str, language: str | None = None) -> str:
    """Return an ASCII file name from the candidate's name, like "Jane-Doe-Resume.pdf", with
    the language's tag when it is a translation: "Jane-Doe-Resume-de.pdf"."""
    name = (resume.content or {}).get("basics", {}).get("name") or resume.title
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_name)
    tag = language and resume_translations.chosen(
        resume.content, design_settings.effective(resume), language)
    return "-".join([*words[:6], "Resume", *([tag] if tag else [])]) + f".{extension}"


def record_download(resume: Resume, export_format: str, duration_ms: int) -> None:
    """Count one download of `resume` in `export_format` (no new version), announce it with
    the milliseconds the file took to make, and queue the owner's note about it."""
    db.session.execute(db.update(Resume).where(Resume.id == resume.id)
                       .values(download_count=Resume.download_count + 1)
                       .execution_options(synchronize_session=False))
    events.publish(events.RESUME_EXPORTED, resume, format=export_format,
                   duration_ms=duration_ms)
    # Queued in the same transaction as the count (it commits when it queues): one commit.
    email_service.send_resume_downloaded_email(resume)
    db.session.commit()


def counted(resume: Resume, export_format: str, make: Callable[[], bytes]) -> bytes:
    """Return the file `make()` gives, recorded as a download of `resume` in `export_format`
    with the time it took to make."""
    started = time.perf_counter()
    data = make()
    record_download(resume, export_format, round((time.perf_counter() - started) * 1000))
    return data
