"""Statistics pages: per-resume statistics, the dashboard, its CSV of events and the admin page.

Events are seeded at known times, so every figure a page shows can be checked against them.
"""
import csv
import io
import json
import re
from datetime import timedelta

import pytest
from babel.dates import format_date
from flask_migrate import upgrade
from sqlalchemy import insert, text

from tests.factories import add_events, at, edit_resume, grow, make_resume
from tests.helpers import counted_queries, figure, log_in, make_admin, make_test_app, table_row
from tests.resume_samples import THREE_JOBS
from website.extensions import db
from website.models import EmailNotification, Resume, User, utcnow
from website.services import resumes
from website.services.statistics import resume_stats


def test_the_stats_page_shows_the_resumes_counts(auth_client, seeded):
    html = auth_client.get(f"/resume/stats/{seeded}").get_data(as_text=True)
    assert figure(html, "downloads") == "5"
    assert [figure(html, f"downloads-{f}") for f in ("pdf", "docx", "txt", "json")] == \
        ["3", "1", "1", "0"]
    assert figure(html, "owner-views") == "2"
    assert figure(html, "public-views") == "4"


def test_the_stats_chart_counts_per_day_over_30_or_90_days(auth_client, seeded, today):
    html = auth_client.get(f"/resume/stats/{seeded}").get_data(as_text=True)
    assert "last 30 days" in html
    # The table beside the chart: day, your views, public views, downloads.
    assert table_row(html, today) == ["1", "3", "2"]
    assert table_row(html, today - timedelta(days=1)) == ["0", "0", "2"]
    assert "In the last 30 days: views by you 2, public views 3, downloads 4." in html
    assert format_date(today - timedelta(days=45), "medium", locale="en") not in html

    html = auth_client.get(f"/resume/stats/{seeded}?days=90").get_data(as_text=True)
    assert table_row(html, today - timedelta(days=45)) == ["0", "1", "0"]
    assert table_row(html, today - timedelta(days=60)) == ["0", "0", "1"]
    assert "In the last 90 days: views by you 2, public views 4, downloads 5." in html
    assert re.search(r'aria-current="page"\s+href="[^"]*days=90"', html)


def test_an_unknown_chart_period_falls_back_to_30_days(auth_client, seeded):
    html = auth_client.get(f"/resume/stats/{seeded}?days=5000").get_data(as_text=True)
    assert "Views and downloads per day, last 30 days" in html


def test_the_stats_page_gives_a_checklist_with_concrete_hints_and_counts(auth_client, seeded):
    html = auth_client.get(f"/resume/stats/{seeded}").get_data(as_text=True)
    assert "Add 1 highlight to your latest job (Staff Engineer, Acme Corp)." in html
    assert "Write a summary of two or three sentences" in html
    assert "<strong>Education</strong>: done" in html
    assert table_row(html, "Experience") == ["3"]
    assert table_row(html, "Skills") == ["1"]
    assert table_row(html, "Projects") == ["0"]


def test_the_stats_page_lists_the_match_scores_newest_first(auth_client, seeded):
    html = auth_client.get(f"/resume/stats/{seeded}").get_data(as_text=True)
    assert "2 matches; latest score 67, best 67 out of 100." in html
    scores = re.findall(r'<td class="text-end">(\d+)</td><td class="text-end">(kubernetes[^<]*)',
                        html)
    assert scores == [("67", "kubernetes"), ("41", "kubernetes, go")]


def test_a_fresh_resume_has_empty_statistics(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    html = auth_client.get(f"/resume/stats/{resume_id}").get_data(as_text=True)
    assert figure(html, "downloads") == "0"
    assert "has not been checked against a job ad yet" in html


def test_events_at_the_edges_of_a_day_count_on_their_utc_day(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    add_events(app, user.id, resume_id, "view", [at(1, 23, 59, 59), at(0, 0, 0, 1)])
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            # A session in another time zone must still count by the UTC day.
            db.session.execute(text("SET TIME ZONE 'Pacific/Auckland'"))
        stats = resume_stats.get_resume_stats(db.session.get(Resume, resume_id))
    assert stats.daily.series["Your views"][-2:] == [1, 1]


@pytest.mark.parametrize("path", ["/resume/stats/{id}", "/resume/stats/{id}?days=90"])
def test_another_users_resume_is_not_found(client, app, user, make_user, path):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    intruder = make_user(email="mallory@example.com")
    log_in(client, intruder.email)
    assert client.get(path.format(id=resume_id)).status_code == 404
    assert client.get(path.format(id=resume_id + 999)).status_code == 404


def test_a_resume_in_the_trash_has_no_stats_page(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    with app.app_context():
        resumes.move_to_trash(db.session.get(Resume, resume_id))
    assert auth_client.get(f"/resume/stats/{resume_id}").status_code == 404


@pytest.mark.parametrize("path", ["/dashboard", "/dashboard/events.csv", "/resume/stats/1",
                                  "/admin/stats"])
def test_logged_out_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_new_user_sees_a_helpful_empty_dashboard(auth_client):
    html = auth_client.get("/dashboard").get_data(as_text=True)
    assert "Nothing to count yet" in html
    assert 'href="/resume/new"' in html


def test_the_manage_page_links_each_resume_to_its_statistics(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    html = auth_client.get("/resume/manage").get_data(as_text=True)
    assert f'href="/resume/stats/{resume_id}"' in html


def resume_titles(html: str) -> list[str]:
    """Return the resume titles of the dashboard table, top to bottom."""
    return re.findall(r'<a href="/resume/stats/\d+">([^<]+)</a>', html)


def test_the_dashboard_shows_totals_and_a_row_per_resume(auth_client, three_resumes):
    html = auth_client.get("/dashboard").get_data(as_text=True)
    assert figure(html, "total-resumes") == "3"
    assert figure(html, "total-downloads") == "12"
    assert figure(html, "total-views") == "7"
    assert "3 by you, 4 public" in html
    row = re.search(r">Design roles</a>.*?</tr>", html, re.S).group(0)
    assert re.findall(r'<td class="text-end">(\d+%?|\d+/100)</td>', row) == \
        ["7", "1", "56%", "88/100"]


@pytest.mark.parametrize(("query", "expected", "aria"), [
    ("", ["Design roles", "Blank slate", "Backend roles"], ("Updated", "descending")),
    ("?sort=downloads", ["Design roles", "Backend roles", "Blank slate"],
     ("Downloads", "descending")),
    ("?sort=downloads&order=asc", ["Blank slate", "Backend roles", "Design roles"],
     ("Downloads", "ascending")),
    ("?sort=views", ["Backend roles", "Design roles", "Blank slate"], ("Views", "descending")),
    ("?sort=completion&order=asc", ["Blank slate", "Backend roles", "Design roles"],
     ("Completion", "ascending")),
    ("?sort=match", ["Design roles", "Backend roles", "Blank slate"],
     ("Best match", "descending")),
    ("?sort=title", ["Backend roles", "Blank slate", "Design roles"], ("Resume", "ascending")),
    ("?sort=password&order=sideways", ["Design roles", "Blank slate", "Backend roles"],
     ("Updated", "descending")),
])
def test_the_dashboard_table_sorts_by_each_column(auth_client, three_resumes, query, expected,
                                                  aria):
    html = auth_client.get("/dashboard" + query).get_data(as_text=True)
    assert resume_titles(html) == expected
    header, direction = aria
    assert re.search(rf'aria-sort="{direction}">\s*<a href="[^"]*">{header}<', html)
    assert html.count("aria-sort=") == 1


def test_the_dashboard_charts_count_templates_matches_and_missing_keywords(auth_client,
                                                                           three_resumes, today):
    html = auth_client.get("/dashboard").get_data(as_text=True)
    assert table_row(html, "Classic") == ["2"]
    assert table_row(html, "Minimal") == ["1"]
    assert table_row(html, "kubernetes") == ["3"]
    assert table_row(html, "go") == ["1"]
    assert "3 matches; latest score 88, best 88, lowest 41 out of 100." in html
    # Activity today: 3 public + 1 own views, 9 downloads, the three resumes created, and no
    # match events (the seeded analyses were stored without them).
    assert table_row(html, today) == ["4", "9", "3", "0"]
    assert html.count('role="img"') == 4


def test_the_events_csv_holds_only_the_users_events_and_defuses_formulas(
        auth_client, app, user, make_user, seeded):
    formula = make_resume(app, user, title="=HYPERLINK(\"http://evil.example\",\"x\")",
                          design="classic", content=THREE_JOBS)
    add_events(app, user.id, formula, "download", [at(0)], {"format": "@SUM(A1)"})
    other = make_user(email="other@example.com")
    add_events(app, other.id, make_resume(app, other, title="Not yours", design="classic",
                                          content=THREE_JOBS), "view", [at(0)])

    response = auth_client.get("/dashboard/events.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert re.fullmatch(r'attachment; filename="resume-events-\d{4}-\d{2}-\d{2}\.csv"',
                        response.headers["Content-Disposition"])
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["time_utc", "action", "resume_id", "resume_title", "format", "details"]
    # 2 creates, 5 downloads, 2 views, 4 public views, 1 download of the second resume.
    assert len(rows) == 1 + 14
    assert "Not yours" not in response.get_data(as_text=True)
    oldest = rows[1]
    assert oldest[1:5] == ["download", str(seeded), "Backend roles", "txt"]
    assert oldest[0] == at(60).strftime("%Y-%m-%dT%H:%M:%SZ")
    attack = [row for row in rows if row[2] == str(formula) and row[1] == "download"][0]
    assert attack[3] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert attack[4] == "'@SUM(A1)"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_events_of_a_resume_deleted_for_good_still_count_and_export(auth_client, app, user,
                                                                    seeded):
    with app.app_context():
        resume = db.session.get(Resume, seeded)
        resumes.move_to_trash(resume)
        resumes.delete_for_good(resume)
    html = auth_client.get("/dashboard").get_data(as_text=True)
    assert figure(html, "total-resumes") == "0"
    assert figure(html, "total-downloads") == "5"
    rows = list(csv.reader(io.StringIO(auth_client.get("/dashboard/events.csv")
                                       .get_data(as_text=True))))
    assert {row[2] for row in rows[1:]} == {""}


def test_make_admin_refuses_an_unknown_email(runner, app, user):
    result = runner.invoke(args=["users", "make-admin", "nobody@example.com"])
    assert result.exit_code == 1
    assert "No user has the email address 'nobody@example.com'; nothing changed." in result.output
    with app.app_context():
        assert not db.session.get(User, user.id).is_admin


def test_the_admin_page_is_forbidden_to_other_users(auth_client):
    response = auth_client.get("/admin/stats")
    assert response.status_code == 403
    assert "Site statistics" not in response.get_data(as_text=True)


def test_the_admin_page_shows_site_figures(auth_client, app, runner, user, make_user, seeded,
                                           today):
    make_admin(app, runner, user)
    other = make_user(email="other@example.com")
    make_resume(app, other, title="Other", design="minimal", content=THREE_JOBS)
    with app.app_context():
        db.session.execute(db.delete(EmailNotification))  # the welcome emails of sign-up
        db.session.execute(insert(EmailNotification), [
            {"user_id": user.id, "kind": "welcome", "to": user.email, "subject": "Hi",
             "body_text": "", "body_html": "", "message_id": f"<{n}@x>", "status": status,
             "headers": {}}
            for n, status in enumerate(["sent"] * 3 + ["failed", "queued"])])
        db.session.commit()
    add_events(app, user.id, seeded, "download", [at(0)] * 4, {"format": "pdf"})
    for ms in (10, 20, 30, 400):
        add_events(app, user.id, seeded, "download", [at(0)], {"format": "txt",
                                                               "duration_ms": ms})
    html = auth_client.get("/admin/stats").get_data(as_text=True)
    assert figure(html, "users") == "2"
    assert figure(html, "resumes") == "2"
    assert table_row(html, "Classic") == ["1"]
    assert table_row(html, "Minimal") == ["1"]
    assert "75.0%" in html and "3 delivered, 1 failed, 1 still on the way." in html
    assert "No webhook deliveries yet." in html
    # Today: 2 + 4 PDF (the seeded events and the four above) and 4 timed TXT downloads.
    assert table_row(html, today, after="Downloads per day by format")[:3] == \
        ["6", "0", "4"]
    assert table_row(html, "All formats") == ["4", "20 ms", "400 ms"]
    assert table_row(html, "TXT") == ["4", "20 ms", "400 ms"]
    assert "2 new users and 2 new resumes in the last 30 days." in html


def test_a_real_download_is_timed_for_the_admin_page(auth_client, app, runner, user):
    make_admin(app, runner, user)
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    assert auth_client.get(f"/resume/{resume_id}/export/txt").status_code == 200
    html = auth_client.get("/admin/stats").get_data(as_text=True)
    assert table_row(html, "TXT")[0] == "1"


def test_the_number_of_queries_does_not_grow_with_the_data(auth_client, app, runner, user,
                                                           seeded):
    make_admin(app, runner, user)
    pages = ["/dashboard", "/dashboard?sort=match", f"/resume/stats/{seeded}",
             f"/resume/stats/{seeded}?days=90", "/admin/stats"]

    def count_queries() -> dict[str, int]:
        counts = {}
        for page in pages:
            with counted_queries(app) as statements:
                assert auth_client.get(page).status_code == 200
            counts[page] = len(statements)
        return counts

    small = count_queries()
    grow(app, user.id, resumes_count=12, events_per_resume=30)
    add_events(app, user.id, seeded, "view", [at(n % 90) for n in range(200)])
    assert count_queries() == small
    assert max(small.values()) <= 10


def test_the_migration_keeps_resumes_and_fills_in_their_completion(empty_database_url):
    app = make_test_app(empty_database_url)
    with app.app_context():
        upgrade(revision="0005")
        now = utcnow()
        db.session.execute(text(
            "INSERT INTO users (id, name, email, password_hash, session_token, created_at, "
            "updated_at) VALUES (1, 'Jane', 'jane@example.com', 'x', 't', :now, :now)"),
            {"now": now})
        # The columns of 0005, so the row is written as the older schema stored it.
        db.session.execute(text(
            "INSERT INTO resumes (id, user_id, title, template_slug, template_settings, content, "
            "version, is_active, download_count, created_at, updated_at) VALUES (1, 1, 'Old', "
            "'modern', '{}', :content, 1, :true, 0, :now, :now)"),
            {"content": json.dumps(THREE_JOBS), "true": True, "now": now})
        db.session.commit()
        upgrade()
        row = db.session.execute(text("SELECT title, completion_percent FROM resumes")).one()
        admin = db.session.execute(text("SELECT is_admin FROM users")).scalar_one()
        db.engine.dispose()
    assert tuple(row) == ("Old", 56)
    assert not admin


def test_the_dashboard_completion_follows_each_save(auth_client, app, user):
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    edit_resume(app, resume_id, lambda content: content["basics"].update(phone="+49 30 123456"))
    html = auth_client.get("/dashboard").get_data(as_text=True)
    # 56% before; the phone number was all the personal info lacked: its 16 of 20 points become 20.
    assert re.search(r'<td class="text-end">60%</td>', html)
