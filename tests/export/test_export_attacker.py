"""An attacker's resume: markup and remote addresses in every field, in every design and format,
and on every page that shows a resume. All of it comes out as text; nothing is fetched."""
import io
import json
import re

import docx
import pytest

from tests.factories import edit_resume, make_resume
from tests.helpers import pdf_text
from website.models import User
from website.services import designs

DESIGNS = [slug for slug, *_ in designs.BUILT_IN]
TITLE = '<script>alert("title")</script>'


def hostile(base: str) -> dict:
    """A resume whose fields try to load `base` and run script wherever they are shown."""
    image = f'<img src="{base}/pixel.png">'
    return {
        "basics": {"name": '<script>alert("name")</script>', "label": image,
                   "summary": f'<link rel="stylesheet" href="{base}/evil.css"><iframe src="{base}/'
                              'frame"></iframe>', "url": f"{base}/home",
                   "email": "jane@example.com"},
        "work": [{"position": f'<svg onload="fetch(\'{base}/svg\')">', "name": "Acme",
                  "highlights": [f"<style>@import url({base}/import.css)</style>", image]}],
    }


def typed(base: str) -> list[str]:
    """What the attacker typed, which every format must show as text."""
    content = hostile(base)
    return [content["basics"]["name"], content["basics"]["label"],
            content["work"][0]["position"], content["work"][0]["highlights"][0]]


def attacked_resume(app, owner: User, content: dict, design: str) -> int:
    """A resume of `content` in `design`, with a second version to view."""
    resume_id = make_resume(app, owner, TITLE, design, content)
    edit_resume(app, resume_id, lambda saved: saved.update(skills=[{"name": "<b>Python</b>"}]))
    return resume_id


def assert_escaped(page: str, base: str) -> None:
    """No tag the attacker typed is live in `page`; each is there as escaped text."""
    assert "<script>alert" not in page and "<img src=\"http" not in page
    assert "<iframe src=\"http" not in page and "<svg" not in page and "<style>@import" not in page
    assert not re.search(rf'<link[^>]*href="{re.escape(base)}', page)
    assert "&lt;script&gt;alert(" in page


@pytest.mark.parametrize("design", DESIGNS)
def test_every_format_shows_the_markup_as_text_and_fetches_nothing(
        auth_client, app, user, pdftotext, loopback_server, design):  # noqa: F811
    base, received = loopback_server
    resume_id = attacked_resume(app, user, hostile(base), design)
    download = {fmt: auth_client.get(f"/resume/{resume_id}/export/{fmt}")
                for fmt in ("pdf", "docx", "txt", "json")}
    assert all(response.status_code == 200 for response in download.values())

    pdf = pdf_text(pdftotext, download["pdf"].data)
    word = "\n".join(p.text for p in docx.Document(io.BytesIO(download["docx"].data)).paragraphs)
    text = download["txt"].get_data(as_text=True)
    data = json.loads(download["json"].data)
    for value in typed(base):
        assert value in pdf and value in word and value in text
    assert data["basics"]["name"] == '<script>alert("name")</script>'
    assert data["work"][0]["highlights"][0] == typed(base)[3]
    assert received == []


@pytest.mark.parametrize("design", DESIGNS)
def test_every_page_that_shows_the_resume_escapes_it(
        auth_client, app, user, loopback_server, design):  # noqa: F811
    base, received = loopback_server
    resume_id = attacked_resume(app, user, hostile(base), design)
    preview = auth_client.get(f"/resume/{resume_id}/preview").get_data(as_text=True)
    frame = re.search(r'<iframe[^>]*src="([^"]+)"', preview).group(1).replace("&amp;", "&")
    pages = {
        "preview document": frame,
        "version page": f"/resume/{resume_id}/versions/1",
        "version document": f"/resume/{resume_id}/versions/1/document",
        "comparison": f"/resume/{resume_id}/versions/compare?from=1&to=2",
        "template page": f"/templates/{design}",
        "manage page": "/resume/manage",
    }
    for name, path in pages.items():
        response = auth_client.get(path)
        assert response.status_code == 200, name
        page = response.get_data(as_text=True)
        if name != "template page" and name != "manage page":
            assert_escaped(page, base)
        assert "<script>alert(\"title\")" not in page, name
    assert "&lt;script&gt;alert(" in auth_client.get(f"/templates/{design}").get_data(
        as_text=True)
    assert received == []
