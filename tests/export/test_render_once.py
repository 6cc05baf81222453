"""A PDF resolves its design, its view and its photo once, however many times it is laid out."""
from collections import Counter

import pytest

from website.extensions import db
from website.models import User
from website.services import resumes
from website.services.export import files, rendering, view

CONTENT = {"basics": {"name": "Jane Doe", "summary": "I build dependable web services."},
           "work": [{"position": "Engineer", "name": "Acme", "startDate": "2021-03",
                     "highlights": ["Led the move to PostgreSQL"] * 30}]}


@pytest.fixture
def resolved(monkeypatch) -> Counter:
    """Count the calls of what a rendering resolves: the design, the view and the photo."""
    calls = Counter()
    for module, name in ((rendering, "design_of"), (view, "of"), (rendering, "shown_photo")):
        real = getattr(module, name)

        def counting(*args, name=name, real=real, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counting)
    return calls


@pytest.mark.parametrize("fit_pages", [0, 1])
def test_a_pdf_download_resolves_its_design_once(auth_client, app, user, resolved, fit_pages):
    with app.app_context():
        resume_id = resumes.create(db.session.get(User, user.id), "Backend roles", "modern",
                                   CONTENT, {"fit_pages": fit_pages}).id
        files.forget_cached()  # drawn now, and fitted now when asked to be
    resolved.clear()

    response = auth_client.get(f"/resume/{resume_id}/export/pdf")

    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    # A fit search lays the resume out several times, each from the same resolved context.
    assert resolved == {"design_of": 1, "of": 1, "shown_photo": 1}
