"""Cover letters as a job seeker and a recruiter meet them: a template that states only what the
resume and the ad say, saves that never overwrite a newer version, history, compare, restore,
the letter in the resume's design and its files, and the recruiter's link. On SQLite and
PostgreSQL."""
import io
import re
from datetime import timedelta

import docx
import pytest
from flask import render_template

from tests.letter_samples import application, make_application
from tests.pdf_readers import pypdf_text
from website.extensions import db
from website.models import User, utcnow
from website.services import application_links, applications, cover_letters
from website.services.export import letter


@pytest.fixture
def app_id(app, user) -> int:
    with app.app_context():
        return make_application(user.id)


@pytest.fixture
def started(app, user, app_id) -> int:
    """An application whose letter was started from the template."""
    with app.app_context():
        cover_letters.start(application(app_id), db.session.get(User, user.id))
    return app_id


def letter_page(app_id: int, part: str = "") -> str:
    return f"/applications/{app_id}/letter{part}"


def form_data(content: dict, version: int) -> dict:
    recipient = content["recipient"]
    return {"recipient_name": recipient["name"], "recipient_title": recipient["title"],
            "recipient_company": recipient["company"], "recipient_address": recipient["address"],
            "date": content["date"], "subject": content["subject"],
            "greeting": content["greeting"], "paragraphs": "\n\n".join(content["paragraphs"]),
            "closing": content["closing"], "signature": content["signature"],
            "base_version": version}


def saved_content(app, app_id: int) -> tuple[dict, int]:
    with app.app_context():
        found = application(app_id).cover_letter
        return cover_letters.normalized(found.content), found.version


def test_the_template_says_only_what_the_resume_and_the_ad_say(app, started):
    content, version = saved_content(app, started)
    body = "\n".join(content["paragraphs"])
    assert version == 1 and len(content["paragraphs"]) == 3
    assert content["recipient"]["company"] == "Acme"
    assert content["recipient"]["address"] == "Friedrichstraße 1\n10117 Berlin"
    assert content["greeting"] == "Dear Hiring Manager,"
    assert content["signature"] == "Jane Doe"
    assert "Backend Engineer position at Acme" in body
    # The latest job, its dates as the resume shows them, its highlights in one sentence.
    assert "I currently work as Senior Backend Engineer at Paystream (Mar 2021 – Present)" in body
    assert "led the move of the ledger service to PostgreSQL 15" in body
    # Skills both name; not Kubernetes (only the ad), not Terraform (only the resume).
    assert "Your ad asks for Python and PostgreSQL, both of which are on my resume." in body
    assert "Kubernetes" not in body and "Terraform" not in body
    assert "Oldco" not in body


def test_an_application_without_a_resume_cannot_start_a_letter(app, user):
    with app.app_context():
        owner = db.session.get(User, user.id)
        bare = applications.create(owner, applications.Fields(company="Acme", role="Dev"))
        with pytest.raises(cover_letters.NoResumeSent):
            cover_letters.start(bare, owner)


def test_each_save_is_a_version_and_a_stale_one_changes_nothing(app, user, started):
    with app.app_context():
        owner = db.session.get(User, user.id)
        found = application(started).cover_letter
        changed = {**cover_letters.normalized(found.content), "subject": "Backend role at Acme"}
        assert cover_letters.save(found, owner, 1, changed)
        assert not cover_letters.save(found, owner, 2, changed)  # nothing new: no version
        with pytest.raises(cover_letters.StaleLetter):
            cover_letters.save(found, owner, 1, {**changed, "subject": "Lost?"})
        found = application(started).cover_letter
        assert (found.version, found.content["subject"]) == (2, "Backend role at Acme")
        page = cover_letters.list_versions(found)
        assert [(v.number, v.summary) for v in page.items] == [
            (2, "Edited Subject"), (1, "Started from the template")]


def test_compare_marks_the_changed_words_and_restore_adds_a_version(app, user, started):
    with app.app_context():
        owner = db.session.get(User, user.id)
        found = application(started).cover_letter
        first = cover_letters.normalized(found.content)
        cover_letters.save(found, owner, 1, {**first, "greeting": "Dear Ms Weber,"})
        comparison = cover_letters.compare(found, 1, 2)
        assert comparison.changes == ["Greeting"]
        greeting = next(f for f in comparison.fields if f.key == "greeting")
        assert [(s.text, s.kind) for s in greeting.after if s.kind != "same"] == [
            ("Ms Weber", "added")]
        assert cover_letters.compare(found, 1, 9) is None
        assert cover_letters.restore(found, cover_letters.get_version(found, 1), owner, 2)
        found = application(started).cover_letter
        assert found.version == 3 and found.content["greeting"] == "Dear Hiring Manager,"
        assert cover_letters.get_version(found, 3).summary == "Restored version 1"


@pytest.mark.parametrize("field, value, message", [
    ("paragraphs", "x" * 20_001, "Keep it to 20,000 characters (this has 20,001)."),
    ("subject", "Hello\x00", "Leave out NUL characters"),
    ("recipient_name", "n" * 201, "Keep it to 200 characters"),
])
def test_text_that_cannot_be_saved_is_refused_next_to_its_field(app, auth_client, started,
                                                                field, value, message):
    content, version = saved_content(app, started)
    response = auth_client.submit(letter_page(started), {**form_data(content, version),
                                                        field: value})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'id="{field}-error">([^<]*)<', page)
    assert error and message in error.group(1)
    assert saved_content(app, started)[1] == version


def test_the_editor_saves_and_a_stale_save_keeps_the_text_typed(app, auth_client, started):
    content, _ = saved_content(app, started)
    edited = form_data({**content, "subject": "Backend Engineer, ref. 42"}, 1)
    response = auth_client.submit(letter_page(started), edited)
    assert response.status_code == 302
    assert saved_content(app, started)[0]["subject"] == "Backend Engineer, ref. 42"

    # A second tab still holds version 1.
    stale = form_data({**content, "closing": "Best wishes from the old tab,"}, 1)
    response = auth_client.submit(letter_page(started), stale)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "saved elsewhere" in page and "Best wishes from the old tab," in page
    assert saved_content(app, started)[0]["closing"] == "Kind regards,"


def test_the_editor_page_shows_the_form_beside_the_letter_in_its_design(auth_client,
                                                                        started):
    page = auth_client.get(letter_page(started)).get_data(as_text=True)
    assert 'class="editor-split"' in page and 'id="preview-frame"' in page
    assert f'data-preview-url="{letter_page(started, "/preview")}"' in page
    assert "Dear Hiring Manager," in page
    document = auth_client.get(letter_page(started, "/document"))
    html = document.get_data(as_text=True)
    assert document.status_code == 200
    assert 'class="design-modern letter-page"' in html and "<h1>Jane Doe</h1>" in html
    assert "/letter-design/modern.css?" in html
    assert "default-src 'none'" in document.headers["Content-Security-Policy"]


def test_the_preview_shows_unsaved_text_and_saves_nothing(app, auth_client, started):
    content, version = saved_content(app, started)
    data = form_data({**content, "paragraphs": ["First.", "A brand new second paragraph."]},
                     version)
    response = auth_client.submit(letter_page(started, "/preview"), data,
                                  page=letter_page(started))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<p class="letter-paragraph">A brand new second paragraph.</p>' in html
    assert saved_content(app, started) == (content, version)


def test_history_compare_and_restore_pages(app, auth_client, started):
    content, _ = saved_content(app, started)
    auth_client.submit(letter_page(started), form_data({**content, "date": "6 December 2026"},
                                                       1))
    history = auth_client.get(letter_page(started, "/history")).get_data(as_text=True)
    assert "Version 2" in history and "Edited Date" in history
    compared = auth_client.get(letter_page(started, "/compare?from=1&to=2"))
    assert compared.status_code == 200
    assert '<span class="visually-hidden">[added: </span>6<' in compared.get_data(as_text=True)
    assert auth_client.get(letter_page(started, "/compare?from=1&to=7")).status_code == 404
    response = auth_client.submit(letter_page(started, "/versions/1/restore"),
                                  {"base_version": 2}, page=letter_page(started, "/history"))
    assert response.status_code == 302
    restored, version = saved_content(app, started)
    assert version == 3 and restored["date"] == content["date"]


def test_the_downloads_say_what_the_letter_says(auth_client, started):
    pdf = auth_client.get(letter_page(started, "/export/pdf"))
    assert pdf.mimetype == "application/pdf"
    assert "Jane-Doe-Cover-Letter-Acme.pdf" in pdf.headers["Content-Disposition"]
    text = " ".join(pypdf_text(pdf.data).split())
    assert "Jane Doe" in text and "Dear Hiring Manager," in text
    assert "Your ad asks for Python and PostgreSQL" in text

    word = docx.Document(io.BytesIO(auth_client.get(letter_page(started, "/export/docx")).data))
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0] == "Jane Doe" and word.paragraphs[0].style.name == "Title"
    assert "Dear Hiring Manager," in paragraphs and "Kind regards," in paragraphs
    assert word.core_properties.title == "Jane Doe – Cover letter"

    plain = auth_client.get(letter_page(started, "/export/txt")).get_data(as_text=True)
    assert plain.startswith("Jane Doe\nBackend Engineer\n")
    assert "\nAcme\nFriedrichstraße 1\n10117 Berlin\n" in plain
    assert plain.rstrip().endswith("Kind regards,\n\nJane Doe")


@pytest.mark.parametrize("design", ["classic", "modern", "sidebar", "executive", "timeline"])
def test_the_letterhead_is_the_resume_design_own(app, user, design):
    with app.app_context(), app.test_request_context():
        app_id = make_application(user.id, design)
        cover_letters.start(application(app_id), db.session.get(User, user.id))
        html = letter.letter_html(application(app_id))
        assert f'class="design-{design} letter-page"' in html
        assert "<h1>Jane Doe</h1>" in html and '<p class="label">Backend Engineer</p>' in html
        # The sidebar's contact column stays beside the letter; elsewhere the masthead has it.
        assert html.count(">jane@example.com<") == 1
        pdf = pypdf_text(letter.letter_pdf(application(app_id)))
        assert "jane@example.com" in pdf and "Kind regards," in pdf


def test_another_users_application_is_not_found_anywhere(app, auth_client, make_user):
    with app.app_context():
        stranger = make_user(email="stranger@example.com")
        theirs = make_application(stranger.id)
        cover_letters.start(application(theirs), db.session.get(User, stranger.id))
    token = auth_client.csrf_token("/resume/new")
    for part in ("", "/document", "/history", "/compare?from=1&to=1", "/export/pdf",
                 "/export/docx", "/export/txt"):
        assert auth_client.get(letter_page(theirs, part)).status_code == 404, part
    for part in ("", "/start", "/preview", "/versions/1/restore"):
        response = auth_client.post(letter_page(theirs, part),
                                    data={"csrf_token": token, "base_version": 1})
        assert response.status_code == 404, part
    with app.app_context():
        assert application(theirs).cover_letter.version == 1


def test_the_application_page_panel_offers_start_then_edit(app, auth_client, app_id):
    with app.test_request_context():
        shown = render_template("applications/_letter_panel.html",
                                application=application(app_id))
        assert "Start a cover letter" in shown
    response = auth_client.submit(letter_page(app_id, "/start"), page=letter_page(app_id))
    assert response.status_code == 302
    with app.test_request_context():
        shown = render_template("applications/_letter_panel.html",
                                application=application(app_id))
        assert "Edit the letter" in shown and "/letter/export/pdf" in shown


def make_link(app, app_id: int, **options) -> str:
    with app.app_context():
        return application_links.create(application(app_id), **options).token


def test_a_recruiter_with_a_live_link_reads_the_letter_and_its_pdf(app, client, started):
    token = make_link(app, started)
    page = client.get(f"/a/{token}/letter")
    assert page.status_code == 200 and "Dear Hiring Manager," in page.get_data(as_text=True)
    assert page.headers["X-Robots-Tag"].startswith("noindex")
    pdf = client.get(f"/a/{token}/letter.pdf")
    assert pdf.status_code == 200 and "Kind regards," in pypdf_text(pdf.data)
    with app.app_context():
        assert application(started).links[0].view_count == 1  # the PDF download


def test_a_revoked_or_expired_link_is_gone_and_an_unknown_one_not_found(app, client, started):
    revoked = make_link(app, started)
    with app.app_context():
        application_links.revoke(application_links.find(revoked))
    expiring = make_link(app, started, expires_at=utcnow() + timedelta(hours=1))
    with app.app_context():
        link = application_links.find(expiring)
        link.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    for token in (revoked, expiring):
        for path in (f"/a/{token}/letter", f"/a/{token}/letter.pdf"):
            response = client.get(path)
            assert response.status_code == 410, path
            assert "no longer works" in response.get_data(as_text=True)
    assert client.get("/a/not-a-token/letter").status_code == 404
    assert client.get("/a/not-a-token/letter.pdf").status_code == 404


def test_a_link_of_an_application_without_a_letter_shows_no_letter(app, client, app_id):
    token = make_link(app, app_id)
    assert client.get(f"/a/{token}/letter").status_code == 404
    with app.test_request_context():
        link = application_links.find(token)
        assert "Cover letter" not in render_template("cover_letters/_public_letter.html",
                                                     link=link)
