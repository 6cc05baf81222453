"""Version history: summaries of each change, side-by-side comparison, restore, and the pages."""
import io
import random
import re

import pytest
from PIL import Image

from tests import diff_inputs
from tests.factories import edit_resume, make_resume
from tests.helpers import counted_queries, log_in
from tests.resume_samples import THREE_JOBS
from website.extensions import db
from website.models import Resume, ResumeVersion, User, version_codec
from website.services import photos, resume_document, resumes, versions


def stored_versions(app, resume_id: int) -> list[dict]:
    """Return every version of a resume, oldest first, as plain values."""
    with app.app_context():
        rows = db.session.execute(db.select(ResumeVersion).where(
            ResumeVersion.resume_id == resume_id).order_by(ResumeVersion.number)).scalars()
        return [{"number": v.number, "title": v.title, "template": v.design_slug,
                 "settings": v.design_settings, "content": v.content, "summary": v.summary}
                for v in rows]


def current(app, resume_id: int) -> dict:
    """Return the resume's current state."""
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        return {"version": resume.version, "title": resume.title,
                "template": resume.design_slug, "content": resume.content}


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def texts(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


@pytest.fixture
def other_user(make_user):
    return make_user(email="sam@example.com", name="Sam Smith")


# Summaries --------------------------------------------------------------------------------

def edit_highlight(content):
    content["work"][0]["highlights"][1] = "Cut costs by 45%"


def add_docker(content):
    content["skills"].append({"name": "Docker"})


def move_intern_up(content):
    content["work"].insert(1, content["work"].pop(2))


def remove_intern(content):
    del content["work"][2]


def edit_personal_info(content):
    content["basics"].update(label="Staff Engineer", location={"city": "Munich"})


def add_profile(content):
    content["basics"]["profiles"] = [{"network": "GitHub", "username": "janedoe"}]


def edit_highlight_and_add_docker(content):
    edit_highlight(content)
    add_docker(content)


@pytest.mark.parametrize("change, fields, summary", [
    (edit_highlight, {}, "Edited Experience: Staff Engineer, Acme Corp (highlights)"),
    (add_docker, {}, "Added skill Docker"),
    (remove_intern, {}, "Removed job Intern, Initech"),
    (move_intern_up, {}, "Moved job Intern, Initech up"),
    (edit_personal_info, {}, "Edited Personal info (headline, city)"),
    (add_profile, {}, "Added profile GitHub, janedoe"),
    (None, {"design_slug": "modern"}, "Template Classic → Modern"),
    (None, {"title": "Backend roles 2026"}, "Renamed “Backend roles” to “Backend roles 2026”"),
    (edit_highlight_and_add_docker, {"design_slug": "modern"},
     "Template Classic → Modern; edited Experience: Staff Engineer, Acme Corp (highlights); "
     "added skill Docker"),
], ids=["highlight", "skill", "remove", "move", "personal-info", "profile", "template", "title",
        "several"])
def test_each_version_says_what_changed(app, user, change, fields, summary):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    assert edit_resume(app, resume_id, change, **fields) == summary
    assert [v["summary"] for v in stored_versions(app, resume_id)] == ["Created", summary]


def test_a_copy_says_where_it_came_from(app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    with app.app_context():
        copy_id = resumes.duplicate(db.session.get(Resume, resume_id),
                                    db.session.get(User, user.id)).id
    assert stored_versions(app, copy_id)[0]["summary"] == "Copied from “Backend roles”"


def test_photo_changes_are_summarized(app, user):
    image = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 120, 50)).save(image, "PNG")
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        photos.set_photo(resume, resume.owner, 1, image.getvalue())
        photos.set_photo(resume, resume.owner, 2, image.getvalue())
        photos.set_photo(resume, resume.owner, 3, None)
    assert [v["summary"] for v in stored_versions(app, resume_id)] == [
        "Created", "Added photo", "New photo", "Removed photo"]


def test_a_huge_change_is_summarized_in_500_characters(app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    summary = edit_resume(app, resume_id, lambda content: content["skills"].extend(
        {"name": f"Skill number {index} with a rather long name"} for index in range(40)))
    assert len(summary) <= 500
    assert summary.startswith("Added skill Skill number 0 with a rather long name; added skill")
    shown = summary.count("added skill") + summary.count("Added skill")
    assert summary.endswith(f"; and {40 - shown} more changes")


# Comparing ---------------------------------------------------------------------------------

def compare(app, resume_id: int, from_number: int, to_number: int):
    with app.app_context():
        return versions.compare(db.session.get(Resume, resume_id), from_number, to_number)


def work_rows(comparison) -> list[tuple]:
    section = next(s for s in comparison.diff.sections if s.key == "work")
    return [(e.headline, e.status, e.moved) for e in section.entries]


def test_a_moved_job_is_moved_not_removed_and_added(app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, move_intern_up)

    assert work_rows(compare(app, resume_id, 1, 2)) == [
        ("Staff Engineer, Acme Corp", "unchanged", ""),
        ("Intern, Initech", "unchanged", "up"),
        ("Engineer, Globex", "unchanged", ""),
    ]


def test_a_promotion_moved_to_the_top_is_one_edited_job(app, user):
    def promote_globex(content):
        globex = content["work"].pop(1)
        content["work"].insert(0, {**globex, "position": "Senior Engineer"})

    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, promote_globex)

    assert work_rows(compare(app, resume_id, 1, 2)) == [
        ("Senior Engineer, Globex", "changed", "up"),
        ("Staff Engineer, Acme Corp", "unchanged", ""),
        ("Intern, Initech", "unchanged", ""),
    ]


def test_a_replaced_job_is_removed_and_another_added(app, user):
    def replace_intern(content):
        content["work"][2] = {"position": "Founder", "name": "Hooli", "startDate": "2024"}

    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, replace_intern)

    # The removed job shows where it was, before the one added in its place.
    assert work_rows(compare(app, resume_id, 1, 2))[2:] == [
        ("Intern, Initech", "removed", ""), ("Founder, Hooli", "added", "")]


def test_compare_page_marks_changed_words_side_by_side(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, edit_highlight_and_add_docker, design_slug="modern")
    edit_resume(app, resume_id, move_intern_up)

    html = page(auth_client, f"/resume/{resume_id}/versions/compare?from=1&to=3")

    assert "Version 1 compared with version 3" in html
    changes = texts(html, r'<li class="text-break">([^<]+)</li>')
    assert changes == ["Template Classic → Modern",
                       "Edited Experience: Staff Engineer, Acme Corp (highlights)",
                       "Moved job Intern, Initech up", "Added skill Docker"]
    assert texts(html, r'<th scope="col">(Version \d)</th>')[:2] == ["Version 1", "Version 3"]
    # Only the changed word is marked, with words for screen readers, not colour alone.
    assert ('Cut costs by <del class="diff-removed"><span class="visually-hidden">[removed: '
            '</span>30<span class="visually-hidden">]</span></del>%') in html
    assert ('Cut costs by <ins class="diff-added"><span class="visually-hidden">[added: '
            '</span>45<span class="visually-hidden">]</span></ins>%') in html
    assert re.search(r"Intern, Initech\s*<span class=\"badge text-bg-light border\">No changes"
                     r"</span>\s*<span class=\"badge text-bg-info\">Moved up</span>", html)
    assert "Removed</span>" not in html and "Added</span>" in html  # Docker only
    # Unchanged parts are collapsed, readable without JavaScript.
    assert "<summary>Personal info: no changes</summary>" in html
    assert "<summary>Education: no changes (1 entry)</summary>" in html
    assert '<summary class="text-break">Engineer, Globex: no changes</summary>' in html


def test_comparing_in_the_other_direction_swaps_the_sides(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, add_docker)
    html = page(auth_client, f"/resume/{resume_id}/versions/compare?from=2&to=1")
    assert "Removed skill Docker" in html


def post_jobs(client, resume_id: int, summaries: list[str], base_version: int):
    """Save the Experience page of the editor with one job per summary."""
    data = {"base_version": base_version, "action": "save"}
    for index, summary in enumerate(summaries):
        data.update({f"entries-{index}-position": f"Job {index}",
                     f"entries-{index}-summary": summary})
    response = client.submit(f"/resume/{resume_id}/edit/work", data)
    assert response.status_code == 302


def test_long_random_summaries_are_compared_as_whole_replacements(auth_client, app, user):
    # The audit's editor case: three jobs of 2,000 characters from "ab " took 4 s to save.
    rng = random.Random(7)
    resume_id = make_resume(app, user, design="classic", content={})
    first, second = ([diff_inputs.noise(rng, 2000) for _ in range(3)] for _ in range(2))
    post_jobs(auth_client, resume_id, first, base_version=1)
    post_jobs(auth_client, resume_id, second, base_version=2)

    assert stored_versions(app, resume_id)[2]["summary"] == (
        "Edited Experience: Job 0 (summary); edited Experience: Job 1 (summary); edited "
        "Experience: Job 2 (summary)")
    html = page(auth_client, f"/resume/{resume_id}/versions/compare?from=2&to=3")
    # Too costly to match word by word: each summary is one removal and one addition of all
    # but the words both start or end with.
    removed = texts(html, r'\[removed: </span>([^<]*)<')
    added = texts(html, r'\[added: </span>([^<]*)<')
    assert len(removed) == len(added) == 3
    for old, new, old_part, new_part in zip(first, second, removed, added, strict=True):
        assert old_part in old and len(old_part) > 1900
        assert new_part in new and len(new_part) > 1900


# Restoring ---------------------------------------------------------------------------------

def test_restore_adds_a_version_with_the_old_content(app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, edit_highlight, design_slug="modern", title="Backend 2026")
    edit_resume(app, resume_id, remove_intern)
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        restored = versions.restore(resume, versions.get_version(resume, 1), resume.owner, 3)
    assert restored

    history = stored_versions(app, resume_id)
    assert [v["number"] for v in history] == [1, 2, 3, 4]
    first, restored_version = history[0], history[3]
    for key in ("title", "template", "settings", "content"):
        assert restored_version[key] == first[key]
    assert restored_version["summary"] == (
        "Restored version 1; renamed “Backend 2026” to “Backend roles”; template Modern → "
        "Classic; edited Experience: Staff Engineer, Acme Corp (highlights); added job Intern, "
        "Initech")
    now = current(app, resume_id)
    assert now["version"] == 4 and now["content"] == first["content"]
    assert now["title"] == "Backend roles" and now["template"] == "classic"


def test_restore_from_the_pages(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, add_docker)
    edit_resume(app, resume_id, remove_intern)
    confirm_path = f"/resume/{resume_id}/versions/2/restore"

    confirmation = page(auth_client, confirm_path)

    assert "Restore version 2 of “Backend roles”?" in confirmation
    assert "Restoring adds a new version 4 with the content of version 2." in confirmation
    assert texts(confirmation, r'<li class="text-break">([^<]+)</li>') == [
        "Added job Intern, Initech"]
    assert f'href="/resume/{resume_id}/versions/compare?from=3&amp;to=2"' in confirmation
    assert f'action="{confirm_path}"' in confirmation
    assert current(app, resume_id)["version"] == 3  # asking changes nothing

    response = auth_client.submit(confirm_path, {"base_version": "3"})

    assert response.status_code == 302
    assert response.location == f"/resume/{resume_id}/versions"
    html = page(auth_client, response.location)
    assert "Restored version 2 as the new version 4." in html
    assert texts(html, r'<h2 class="h6 mb-0">Version (\d+)</h2>') == ["4", "3", "2", "1"]
    assert "Restored version 2; added job Intern, Initech" in html
    history = stored_versions(app, resume_id)
    assert history[3]["content"] == history[1]["content"]


def test_restoring_the_current_version_changes_nothing(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, add_docker)
    path = f"/resume/{resume_id}/versions/2/restore"

    confirmation = page(auth_client, path)
    assert "Version 2 is the current version, so there is nothing to restore." in confirmation
    assert f'action="{path}"' not in confirmation

    response = auth_client.submit(path, {"base_version": "2"}, page=f"/resume/{resume_id}/versions")
    assert response.status_code == 302
    assert "Nothing was restored: version 2 is the same as the current version." in page(
        auth_client, response.location)
    assert len(stored_versions(app, resume_id)) == 2


def test_restoring_a_version_equal_to_the_current_one_changes_nothing(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, add_docker)
    edit_resume(app, resume_id, lambda content: content["skills"].pop())  # back to version 1
    path = f"/resume/{resume_id}/versions/1/restore"

    confirmation = page(auth_client, path)
    assert "Version 1 has the same content as the current version (3)" in confirmation

    response = auth_client.submit(path, {"base_version": "3"}, page=f"/resume/{resume_id}/versions")
    assert "Nothing was restored" in page(auth_client, response.location)
    assert len(stored_versions(app, resume_id)) == 3


def test_a_restore_confirmed_before_another_change_is_refused(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, add_docker)
    path = f"/resume/{resume_id}/versions/1/restore"
    token_page = page(auth_client, path)  # shows version 2 as current
    assert 'name="base_version" type="hidden" value="2"' in token_page
    edit_resume(app, resume_id, remove_intern)  # in another tab

    response = auth_client.submit(path, {"base_version": "2"})

    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "changed in another tab or on another device" in html
    assert "Added job Intern, Initech" in html  # the changes, as they are now
    assert 'name="base_version" type="hidden" value="3"' in html
    assert len(stored_versions(app, resume_id)) == 3 and current(app, resume_id)["version"] == 3


def test_a_version_that_breaks_todays_rules_is_not_restored(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, add_docker)
    with app.app_context():
        # Written straight to the rows, as a rule added later would leave an old version;
        # each stored whole, so that changing the first leaves the second readable.
        history = db.session.execute(db.select(ResumeVersion).where(
            ResumeVersion.resume_id == resume_id).order_by(ResumeVersion.number)).scalars().all()
        states = [{version_codec.SETTINGS_KEY: v.design_settings, "content": v.content}
                  for v in history]
        too_long = "x" * (resume_document.TEXT_MAX_LENGTH + 1)
        states[0]["content"] = {**states[0]["content"], "work": [{"position": too_long}]}
        for version, state in zip(history, states, strict=True):
            version.snapshot = version_codec.pack(version_codec.to_json(state), None)
            version.keyframe = None
        db.session.commit()
    path = f"/resume/{resume_id}/versions/1/restore"

    response = auth_client.submit(path, {"base_version": "2"})

    assert response.status_code == 422
    assert "cannot be restored as it is" in response.get_data(as_text=True)
    assert len(stored_versions(app, resume_id)) == 2


def test_restore_needs_a_post_with_a_csrf_token(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, add_docker)
    response = auth_client.post(f"/resume/{resume_id}/versions/1/restore",
                                data={"base_version": "2"})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    response = auth_client.submit(f"/resume/{resume_id}/versions/1/restore", {})
    assert response.status_code == 400  # no base_version: only a tampered page sends that
    assert len(stored_versions(app, resume_id)) == 2


# The history and version pages -------------------------------------------------------------

def test_history_lists_versions_newest_first_with_actions(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, add_docker)

    html = page(auth_client, f"/resume/{resume_id}/versions")

    assert "History of “Backend roles”" in html and "2 versions" in html
    assert texts(html, r'<h2 class="h6 mb-0">Version (\d+)</h2>') == ["2", "1"]
    assert texts(html, r'<p class="my-2 text-break">([^<]+)</p>') == [
        "Added skill Docker", "Created"]
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[\d:]+Z">just now</time>\s*'
                     r'<span class="text-nowrap">\(\d+ \w+ \d{4}, \d\d:\d\d UTC\)</span>\s*'
                     r"by Jane Doe", html)
    assert '<span class="badge text-bg-primary">Current</span>' in html
    base = f"/resume/{resume_id}/versions"
    assert f'href="{base}/1">View<span class="visually-hidden"> version 1</span>' in html
    assert f'href="{base}/compare?from=1&amp;to=2">Compare with current' in html
    assert f'href="{base}/1/restore">Restore<span class="visually-hidden"> version 1' in html
    assert f'href="{base}/2/restore"' not in html  # the current version has nothing to restore
    assert '<label class="form-label" for="from">Compare version</label>' in html


def test_history_is_paginated_25_a_page(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    for index in range(59):
        edit_resume(app, resume_id, title=f"Title {index}")
    base = f"/resume/{resume_id}/versions"

    first = page(auth_client, base)
    last = page(auth_client, f"{base}?page=3")

    assert texts(first, r'<h2 class="h6 mb-0">Version (\d+)</h2>') == [
        str(n) for n in range(60, 35, -1)]
    assert texts(last, r'<h2 class="h6 mb-0">Version (\d+)</h2>') == [
        str(n) for n in range(10, 0, -1)]
    assert f'href="{base}?page=2">Older</a>' in first
    assert f'href="{base}?page=3"><span class="visually-hidden">Page </span>3</a>' in first
    assert '<li class="page-item active" aria-current="page">' in first
    assert f'href="{base}?page=2">Newer</a>' in last
    assert auth_client.get(f"{base}?page=4").status_code == 404
    # Not a number: the first page again (compared by content; CSRF tokens carry the second).
    assert texts(page(auth_client, f"{base}?page=first"),
                 r'<h2 class="h6 mb-0">Version (\d+)</h2>') == [str(n) for n in range(60, 35, -1)]


def test_history_page_cost_does_not_grow_with_the_history(auth_client, app, user):
    short_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    long_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    for index in range(4):
        edit_resume(app, short_id, title=f"Title {index}")
    for index in range(59):
        edit_resume(app, long_id, title=f"Title {index}")

    counts = {}
    for resume_id in (short_id, long_id):
        with counted_queries(app) as statements:
            page(auth_client, f"/resume/{resume_id}/versions")
        counts[resume_id] = statements

    assert len(counts[short_id]) == len(counts[long_id])
    selects = [s for s in counts[long_id] if "FROM resume_versions" in s]
    assert selects and not any("resume_versions.content" in s for s in selects)


def test_a_version_is_shown_read_only(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, edit_highlight, design_slug="modern", title="Backend 2026")

    html = page(auth_client, f"/resume/{resume_id}/versions/1")

    assert "Version 1 of “Backend 2026”" in html
    assert "Classic template · titled “Backend roles”" in html
    assert '<h2 class="h2 mb-1 text-break">Jane Doe</h2>' in html
    assert '<h3 class="h5 border-bottom pb-1" id="section-work">Experience</h3>' in html
    assert "<li>Cut costs by 30%</li>" in html and "45%" not in html
    assert "<input" not in html.split('<main id="main"')[1]  # nothing to edit
    assert f'href="/resume/{resume_id}/versions/1/restore">Restore this version' in html


STUDIES = {
    "basics": {"name": "Jane Doe", "url": "https://www.jane.example.com/",
               "profiles": [{"network": "GitHub", "url": "https://github.com/janedoe"}]},
    "work": [{"position": "Staff Engineer", "name": "Acme Corp", "location": "Berlin",
              "startDate": "2021-03", "highlights": ["Led the move to Kubernetes"]}],
    "education": [{"institution": "TU Berlin", "studyType": "MSc", "area": "Computer Science",
                   "startDate": "2015", "endDate": "2017", "score": "1.3"}],
    "skills": [{"name": "Infrastructure", "keywords": ["Kubernetes", "Terraform", "AWS"]}],
    "languages": [{"language": "Polish", "fluency": "Native"},
                  {"language": "English", "fluency": "Fluent"}],
    "references": [{"name": "John Roe", "reference": "Jane is a great colleague."}],
}


def visible_text(html: str) -> str:
    """The page's main text as a reader sees it: tags dropped, white space squeezed."""
    main = html.split('<main id="main"')[1]
    return " ".join(re.sub(r"<[^>]+>", "", main).split())


def test_a_version_reads_like_a_resume_not_a_form(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=STUDIES)

    html = page(auth_client, f"/resume/{resume_id}/versions/1")
    text = visible_text(html)

    assert "MSc in Computer Science, TU Berlin 2015 – 2017" in text
    assert "Staff Engineer, Acme Corp Mar 2021 – Present · Berlin" in text  # dates by the title
    assert "Infrastructure: Kubernetes, Terraform, AWS" in text
    assert "Polish (Native) · English (Fluent)" in text
    assert '<a href="https://www.jane.example.com/" rel="nofollow noopener">jane.example.com</a>' \
        in html
    assert ">github.com/janedoe</a>" in html
    for label in ("Field of study:", "Study type:", "Location:", "Website:", "Keywords:",
                  "Fluency:", "Grade:", "https://github.com"):
        assert label not in text


def test_hidden_sections_are_marked_on_the_version_page(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=STUDIES)
    edit_resume(app, resume_id, settings={"hidden_sections": ["references"],
                                          "section_order": ["education", "work", "skills",
                                                            "projects", "certificates",
                                                            "languages", "awards",
                                                            "volunteer", "publications",
                                                            "interests", "references"]})

    text = visible_text(page(auth_client, f"/resume/{resume_id}/versions/2"))

    assert "sections marked “Hidden” are left out of its design" in text
    assert "References Hidden John Roe" in text
    assert text.index("Education") < text.index("Experience")  # in the version's order
    design = page(auth_client, f"/resume/{resume_id}/versions/2/document")
    assert "John Roe" not in design and "Education" in design
    assert "Hidden" not in visible_text(page(auth_client, f"/resume/{resume_id}/versions/1"))


def test_a_version_is_shown_in_the_design_it_was_saved_with(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)  # version 1: Classic
    edit_resume(app, resume_id, edit_highlight, design_slug="modern",
                settings={"accent": "#aa0033"})

    html = page(auth_client, f"/resume/{resume_id}/versions/1")
    frame = re.search(r'<iframe[^>]*src="([^"]+)"[^>]*sandbox="([^"]*)"[^>]*title="([^"]+)"',
                      html)
    assert frame and "allow-scripts" not in frame.group(2)
    assert frame.group(3) == "Version 1 in the Classic design"
    response = auth_client.get(frame.group(1))
    assert response.status_code == 200
    assert "script-src" not in response.headers["Content-Security-Policy"]
    old = response.get_data(as_text=True)
    assert '<body class="design-classic">' in old and "Cut costs by 30%" in old
    new = page(auth_client, f"/resume/{resume_id}/versions/2/document")
    assert '<body class="design-modern">' in new and "accent=%23aa0033" in new
    assert "Cut costs by 45%" in new


def test_someone_elses_version_document_is_not_found(auth_client, app, other_user):
    resume_id = make_resume(app, other_user, design="classic", content=THREE_JOBS)
    assert auth_client.get(f"/resume/{resume_id}/versions/1/document").status_code == 404
    assert auth_client.get("/resume/999/versions/1/document").status_code == 404


def test_editor_and_manage_pages_link_to_the_history(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    history = f'href="/resume/{resume_id}/versions"'
    assert history in page(auth_client, f"/resume/{resume_id}/edit/basics")
    assert history in page(auth_client, "/resume/manage")


def test_a_trashed_resume_comes_back_with_its_whole_history(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, add_docker)
    edit_resume(app, resume_id, remove_intern)
    before = stored_versions(app, resume_id)
    auth_client.submit(f"/resume/{resume_id}/delete", page="/resume/manage")
    assert auth_client.get(f"/resume/{resume_id}/versions").status_code == 404

    auth_client.submit(f"/resume/{resume_id}/restore", page="/resume/trash")

    assert stored_versions(app, resume_id) == before
    html = page(auth_client, f"/resume/{resume_id}/versions")
    assert texts(html, r'<h2 class="h6 mb-0">Version (\d+)</h2>') == ["3", "2", "1"]


# Bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "versions/3", "versions/0", "versions/-1", "versions/two", "versions/1.5",
    "versions/3/restore", "versions/two/restore", "versions?page=2",
])
def test_versions_that_do_not_exist_are_not_found(auth_client, app, user, path):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, add_docker)
    assert auth_client.get(f"/resume/{resume_id}/{path}").status_code == 404


@pytest.mark.parametrize("query, message", [
    ("from=1&to=1", "Choose two different versions to compare."),
    ("from=2&to=2", "Choose two different versions to compare."),
    ("from=1&to=3", "Choose a version from 1 to 2."),
    ("from=0&to=2", "Choose a version from 1 to 2."),
    ("from=one&to=2", "Enter a version number."),
    ("from=1", "Enter a version number."),
    ("", "Enter a version number."),
])
def test_bad_comparisons_say_what_is_wrong(auth_client, app, user, query, message):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, add_docker)
    response = auth_client.get(f"/resume/{resume_id}/versions/compare?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "These versions cannot be compared" in html
    assert re.search(r'class="invalid-feedback d-block" id="(from|to)-error">'
                     + re.escape(message), html)
    assert 'aria-invalid="true"' in html


def test_restoring_a_version_that_does_not_exist_changes_nothing(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    response = auth_client.submit(f"/resume/{resume_id}/versions/5/restore",
                                  {"base_version": "1"}, page=f"/resume/{resume_id}/versions")
    assert response.status_code == 404
    assert len(stored_versions(app, resume_id)) == 1


VERSION_PAGES = [
    ("get", "versions"), ("get", "versions/1"), ("get", "versions/compare?from=1&to=2"),
    ("get", "versions/1/restore"), ("post", "versions/1/restore"),
]


@pytest.mark.parametrize("method, path", VERSION_PAGES)
def test_another_users_versions_are_not_found(client, app, user, other_user, method, path):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, add_docker)
    before = stored_versions(app, resume_id)
    log_in(client, other_user.email)
    url = f"/resume/{resume_id}/{path}"
    if method == "get":
        response = client.get(url)
    else:
        response = client.submit(url, {"base_version": "2"}, page="/resume/manage")
    assert response.status_code == 404
    assert "Backend roles" not in response.get_data(as_text=True)
    assert stored_versions(app, resume_id) == before


@pytest.mark.parametrize("method, path", VERSION_PAGES)
def test_version_pages_need_a_login(client, app, user, method, path):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    response = getattr(client, method)(f"/resume/{resume_id}/{path}")
    if method == "get":
        assert response.status_code == 302 and response.location.startswith("/login")
    else:
        assert response.status_code in (302, 400)  # no session, so no CSRF token either
    assert len(stored_versions(app, resume_id)) == 1
