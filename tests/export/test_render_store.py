"""Render ahead into the shared file store: after a save the worker stores the PDF, Word file and
first-page picture, and every web process serves them; faults fall back to rendering at once."""
import hashlib
import io
import json
import threading
from datetime import timedelta

import docx
import pytest
from PIL import Image
from pypdf import PdfReader
from werkzeug.datastructures import MultiDict

from tests.helpers import log_in, make_test_app
from tests.pdf_readers import pypdf_text
from website.extensions import db
from website.models import RenderedFile, RenderJob, Resume, User
from website.models.base import utcnow
from website.services import design_settings, outbox, resumes
from website.services.export import files, rendering, store

CONTENT = {
    "basics": {"name": "Jane Doe", "label": "Backend Engineer", "email": "jane@example.com"},
    "work": [{"position": "Staff Engineer", "name": "Acme Corp", "startDate": "2021-03",
              "highlights": ["Led the move to Kubernetes"]}],
    "education": [{"institution": "TU Berlin", "studyType": "MSc", "area": "Physics"}],
}


@pytest.fixture
def app_config() -> dict:
    """Saves queue a rendering ahead, as in production; the tests run the render lane."""
    return {"RENDER_AHEAD": True}


@pytest.fixture
def resume_id(app, user) -> int:
    with app.app_context():
        return resumes.create(db.session.get(User, user.id), "Backend roles", content=CONTENT).id


def render_ahead(app) -> int:
    """Run the worker's render lane once, as `flask worker` would; return the jobs tried."""
    with app.app_context():
        return outbox.run_due(outbox.RENDERS)


def stored(app, resume_id: int) -> dict[str, RenderedFile]:
    """The resume's stored files by kind (the newest of each), data loaded."""
    with app.app_context():
        rows = db.session.execute(db.select(RenderedFile).options(db.undefer(RenderedFile.data))
                                  .where(RenderedFile.resume_id == resume_id)
                                  .order_by(RenderedFile.id)).scalars().all()
        db.session.expunge_all()
    return {row.kind: row for row in rows}


def stored_ids(app, resume_id: int) -> list[int]:
    with app.app_context():
        return db.session.execute(db.select(RenderedFile.id).where(
            RenderedFile.resume_id == resume_id).order_by(RenderedFile.id)).scalars().all()


def queued_jobs(app, resume_id: int) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(RenderJob).where(
            RenderJob.resume_id == resume_id, RenderJob.status == RenderJob.QUEUED)).scalar_one()


def version(app, resume_id: int) -> int:
    with app.app_context():
        return db.session.get(Resume, resume_id).version


def save_basics(client, app, resume_id: int, **changes):
    """Save the Personal info page of the editor with CONTENT's basics and `changes`."""
    fields = {**CONTENT["basics"], **changes}
    response = client.submit(f"/resume/{resume_id}/edit/basics",
                             {"base_version": version(app, resume_id), "action": "save",
                              **fields})
    assert response.status_code == 302
    return response


def save_design(client, app, resume_id: int, slug: str, settings) -> None:
    """Save a design and its settings through the Design page's form."""
    page = f"/resume/{resume_id}/preview"
    form = MultiDict([*design_settings.as_form(slug, settings),
                      ("base_version", str(version(app, resume_id))),
                      ("csrf_token", client.csrf_token(page))])
    assert client.post(page, data=form).status_code == 302


def upload_photo(client, resume_id: int) -> None:
    image = io.BytesIO()
    Image.new("RGB", (60, 80), "teal").save(image, "PNG")
    image.seek(0)
    token = client.csrf_token(f"/resume/{resume_id}/edit/basics")
    response = client.post(f"/resume/{resume_id}/photo", content_type="multipart/form-data",
                           data={"csrf_token": token, "photo": (image, "me.png")})
    assert response.status_code == 302


def download(client, resume_id: int, kind: str = "pdf") -> bytes:
    response = client.get(f"/resume/{resume_id}/export/{kind}")
    assert response.status_code == 200
    assert response.mimetype == files.MEDIA_TYPES[kind]
    return response.data


def readable_pdf(data: bytes) -> PdfReader:
    """Return the PDF parsed, failing the test if it is not one."""
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    return reader


def attached_json(data: bytes) -> dict:
    return json.loads(readable_pdf(data).attachments["resume.json"][0])


def test_a_save_is_rendered_ahead_and_every_web_process_serves_the_stored_files(
        app, auth_client, user, resume_id, database_url, make_user):
    # Creating the resume queued a job and woke this process's render sender (OUTBOX_THREAD),
    # so it need not wait for its next poll.
    assert app.extensions["outbox"].senders[outbox.RENDERS].wake.is_set()
    save_basics(auth_client, app, resume_id, label="Platform Engineer")
    assert queued_jobs(app, resume_id) == 1  # the one creating the resume queued
    assert render_ahead(app) == 1
    files_of = stored(app, resume_id)
    assert set(files_of) == {store.PDF, store.DOCX, store.PNG}

    pdf = download(auth_client, resume_id)
    assert pdf == files_of[store.PDF].data
    assert "Platform Engineer" in pypdf_text(pdf)
    assert download(auth_client, resume_id, "docx") == files_of[store.DOCX].data
    picture = auth_client.get(f"/resume/{resume_id}/thumbnail.png")
    assert picture.status_code == 200 and picture.data == files_of[store.PNG].data
    assert picture.headers["ETag"].strip('"') == files_of[store.PNG].key

    # Another web process finds the file in the store: what it sends is the stored row itself.
    marked = b"%PDF-1.7 the stored file"
    with app.app_context():
        db.session.execute(db.update(RenderedFile).where(RenderedFile.kind == store.PDF).values(
            data=marked, checksum=hashlib.sha256(marked).hexdigest()))
        db.session.commit()
    other_process = make_test_app(database_url, RENDER_AHEAD=True)
    other_client = other_process.test_client()
    assert log_in(other_client, user.email).status_code == 302
    assert download(other_client, resume_id) == marked
    assert stored_ids(app, resume_id) == sorted(row.id for row in files_of.values())
    with other_process.app_context():
        db.engine.dispose()

    stranger = app.test_client()
    make_user(email="eve@example.com", name="Eve")
    log_in(stranger, "eve@example.com")
    assert stranger.get(f"/resume/{resume_id}/export/pdf").status_code == 404


def test_a_burst_of_saves_queues_one_job_and_a_trashed_resume_finishes_it_quietly(
        app, auth_client, resume_id):
    for label in ("Engineer", "Senior Engineer", "Staff Engineer"):
        save_basics(auth_client, app, resume_id, label=label)
    assert queued_jobs(app, resume_id) == 1
    with app.app_context():
        resumes.move_to_trash(db.session.get(Resume, resume_id))

    assert render_ahead(app) == 1
    assert queued_jobs(app, resume_id) == 0
    with app.app_context():
        job = db.session.execute(db.select(RenderJob)).scalar_one()
        assert job.status == RenderJob.SENT and job.last_error is None
    assert stored(app, resume_id) == {}


def test_typing_renders_once_it_pauses_and_a_save_renders_at_once(app, user, resume_id):
    with app.app_context():
        resume, author = db.session.get(Resume, resume_id), db.session.get(User, user.id)
        render_ahead_now = outbox.run_due(outbox.RENDERS)  # the new resume's own job
        for label in ("Eng", "Engineer"):
            resumes.save(resume, author, resume.version, autosave=True,
                         content={**resume.content, "basics": {**CONTENT["basics"],
                                                               "label": label}})
    assert render_ahead_now == 1 and queued_jobs(app, resume_id) == 1
    assert render_ahead(app) == 0  # still typing: the job waits for a pause
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, db.session.get(User, user.id), resume.version, title="Saved")
    assert queued_jobs(app, resume_id) == 1  # the same job, now due
    assert render_ahead(app) == 1
    assert "Engineer" in pypdf_text(stored(app, resume_id)[store.PDF].data)


def test_design_settings_and_photo_changes_make_new_files_and_nothing_else_does(
        app, auth_client, resume_id):
    render_ahead(app)
    keys = [stored(app, resume_id)[store.PDF].key]
    ids_before = stored_ids(app, resume_id)

    save_basics(auth_client, app, resume_id)  # nothing changed: no job, the same files
    assert queued_jobs(app, resume_id) == 0
    assert stored_ids(app, resume_id) == ids_before

    with app.app_context():
        settings = design_settings.effective(db.session.get(Resume, resume_id))
    changes = [
        ("classic", settings, lambda pdf: attached_json(pdf)["meta"]["resumeBuilder"][
            "template"] == "classic"),
        ("classic", settings.__class__(**{**settings.__dict__, "accent": "#7a1f5c"}),
         lambda pdf: attached_json(pdf)["meta"]["resumeBuilder"]["settings"][
             "accent"] == "#7a1f5c"),
        ("classic", settings.__class__(**{**settings.__dict__, "accent": "#7a1f5c",
                                          "hidden_sections": ("education",)}),
         lambda pdf: "TU Berlin" not in pypdf_text(pdf)),
    ]
    for slug, changed, shows_change in changes:
        save_design(auth_client, app, resume_id, slug, changed)
        assert render_ahead(app) == 1
        keys.append(stored(app, resume_id)[store.PDF].key)
        pdf = download(auth_client, resume_id)
        assert pdf == stored(app, resume_id)[store.PDF].data and shows_change(pdf)

    upload_photo(auth_client, resume_id)
    assert render_ahead(app) == 1
    keys.append(stored(app, resume_id)[store.PDF].key)
    pdf = download(auth_client, resume_id)
    assert pdf == stored(app, resume_id)[store.PDF].data
    assert sum(len(page.images) for page in readable_pdf(pdf).pages) == 1
    assert len(set(keys)) == len(keys)


def test_with_the_worker_down_downloads_are_rendered_at_once(app, auth_client, resume_id):
    save_basics(auth_client, app, resume_id, label="Data Engineer")

    pdf = download(auth_client, resume_id)  # no render job ever runs
    assert "Data Engineer" in pypdf_text(pdf)
    assert queued_jobs(app, resume_id) == 1
    assert stored(app, resume_id)[store.PDF].data == pdf  # kept for the next download


def test_after_a_deploy_that_changes_the_renderer_no_old_file_is_served(
        app, auth_client, resume_id, monkeypatch):
    render_ahead(app)
    before = stored(app, resume_id)[store.PDF]
    monkeypatch.setattr(store, "renderer_version", lambda: "a design changed in this deploy")

    pdf = download(auth_client, resume_id)
    now = stored(app, resume_id)[store.PDF]
    assert now.id != before.id and now.key != before.key and now.data == pdf


def test_a_damaged_stored_file_is_rendered_again_and_replaced(app, auth_client, resume_id):
    render_ahead(app)
    damaged = stored(app, resume_id)[store.PDF]
    flipped = bytes(byte ^ 0xFF if index == len(damaged.data) // 2 else byte
                    for index, byte in enumerate(damaged.data))
    with app.app_context():
        db.session.execute(db.update(RenderedFile).where(RenderedFile.id == damaged.id)
                           .values(data=flipped))
        db.session.commit()

    pdf = download(auth_client, resume_id)
    assert pdf != flipped and "Jane Doe" in pypdf_text(pdf)
    replaced = stored(app, resume_id)[store.PDF]
    assert replaced.id != damaged.id and replaced.key == damaged.key and replaced.data == pdf
    assert hashlib.sha256(replaced.data).hexdigest() == replaced.checksum


def test_with_the_store_unavailable_downloads_still_work(app, auth_client, resume_id):
    with app.app_context():
        db.session.execute(db.text("ALTER TABLE rendered_files RENAME TO rendered_files_away"))
        db.session.commit()
    try:
        pdf = download(auth_client, resume_id)
        assert "Jane Doe" in pypdf_text(pdf)
        assert download(auth_client, resume_id, "docx").startswith(b"PK")
        picture = auth_client.get(f"/resume/{resume_id}/thumbnail.png")
        assert picture.status_code == 200 and picture.data.startswith(b"\x89PNG")
    finally:
        with app.app_context():
            db.session.execute(db.text("ALTER TABLE rendered_files_away RENAME TO rendered_files"))
            db.session.commit()


def test_two_workers_rendering_the_same_resume_render_it_once(
        app, resume_id, database_url, monkeypatch):
    renderings = []
    real_render = rendering.render_pdf
    monkeypatch.setattr(rendering, "render_pdf", lambda *args, **kwargs: renderings.append(1)
                        or real_render(*args, **kwargs))
    workers = [make_test_app(database_url, RENDER_AHEAD=True) for _ in range(2)]
    together = threading.Barrier(len(workers))
    made: list[bytes] = []

    def work(worker) -> None:
        with worker.test_request_context("/"):
            resume = db.session.get(Resume, resume_id)
            together.wait()
            made.append(files.pdf(resume))
            db.engine.dispose()

    threads = [threading.Thread(target=work, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(made) == 2 and made[0] == made[1]
    assert "Jane Doe" in pypdf_text(made[0])
    assert len(renderings) == 1
    assert list(stored(app, resume_id)) == [store.PDF] and len(stored_ids(app, resume_id)) == 1


def test_only_the_newest_files_of_each_kind_are_kept(app, auth_client, resume_id):
    for label in ("Engineer", "Senior Engineer", "Staff Engineer"):
        save_basics(auth_client, app, resume_id, label=label)
        render_ahead(app)
    with app.app_context():
        kinds = db.session.execute(db.select(RenderedFile.kind, db.func.count()).where(
            RenderedFile.resume_id == resume_id).group_by(RenderedFile.kind)).all()
    assert dict(kinds) == {kind: store.KEEP_PER_KIND for kind in (store.PDF, store.DOCX,
                                                                   store.PNG)}
    assert "Staff Engineer" in pypdf_text(download(auth_client, resume_id))


def word_file_of(app, resume_id: int) -> None:
    with app.test_request_context("/"):
        files.word(db.session.get(Resume, resume_id))


def test_files_unused_for_a_month_are_pruned(app, user, resume_id):
    with app.app_context():
        other_id = resumes.create(db.session.get(User, user.id), "Other", content=CONTENT).id
    word_file_of(app, resume_id)
    word_file_of(app, other_id)
    with app.app_context():
        db.session.execute(db.update(RenderedFile).where(RenderedFile.resume_id == resume_id)
                           .values(used_at=utcnow() - timedelta(days=store.UNUSED_DAYS, hours=1)))
        db.session.commit()
        assert store.prune_unused() == 1
    assert stored(app, resume_id) == {}
    assert set(stored(app, other_id)) == {store.DOCX}


def test_deleting_a_resume_for_good_deletes_its_files(app, resume_id):
    word_file_of(app, resume_id)
    assert set(stored(app, resume_id)) == {store.DOCX}
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.move_to_trash(resume)
        resumes.delete_for_good(resume)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(RenderedFile)
                                  ).scalar_one() == 0


def test_a_resume_without_a_name_shows_its_new_title_once_renamed(app, auth_client, user):
    with app.app_context():
        resume = resumes.create(db.session.get(User, user.id), "Old title",
                                content={"basics": {"name": ""}, "work": CONTENT["work"]})
        resume_id = resume.id
    assert "Old title" in docx_text(download(auth_client, resume_id, "docx"))
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, resume.owner, resume.version, title="New title")
    assert "New title" in docx_text(download(auth_client, resume_id, "docx"))


def docx_text(data: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs)
