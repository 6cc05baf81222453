"""The steps of the import pages as a browser takes them: upload a file, read the review form
as the page fills it, send it back (with changes)."""
import io

import lxml.html

from tests.helpers import FormClient


def upload(client: FormClient, raw: bytes, name: str = "resume.json", page: str | None = None,
           **fields):
    """Send `raw` from the import page (`page`, default /resume/import) with `fields`."""
    return client.submit("/resume/import", {"file": (io.BytesIO(raw), name), **fields},
                         page=page, content_type="multipart/form-data")


def review_values(client: FormClient, review_url: str) -> dict:
    """Return what the review form would send as the page shows it: {name: value or [values]}."""
    html = client.get(review_url).get_data(as_text=True)
    form = lxml.html.fromstring(html).get_element_by_id("import-review")
    values: dict = {}
    for name, value in form.form_values():
        if name == "keep":
            values.setdefault("keep", []).append(value)
        else:
            values[name] = value
    return values


def create(client: FormClient, review_url: str, **changes):
    """Send the review form as shown, with `changes` (a field's value, or keep=[...])."""
    return client.submit(review_url, {**review_values(client, review_url), **changes})


def import_file(client: FormClient, raw: bytes, name: str = "resume.json",
                page: str | None = None, **fields):
    """Upload `raw` and create the resume keeping everything; return the last response (the
    upload's when it did not lead to a review)."""
    response = upload(client, raw, name, page, **fields)
    if response.status_code != 302:
        return response
    return create(client, response.location)
