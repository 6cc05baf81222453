"""Search: finds the user's own resumes by any word, ignoring case and accents, safely."""
import html
import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import make_resume
from tests.helpers import counted_queries, field_error
from website.extensions import db
from website.models import Resume, User
from website.services import resumes, search

CONTENT = {
    "basics": {"name": "José Núñez", "label": "Platform Engineer",
               "summary": "I keep payment systems fast.",
               "location": {"city": "München", "countryCode": "DE"}},
    "work": [{"position": "Site Reliability Engineer", "name": "Globex Corporation",
              "highlights": ["Moved 40 services to Kubernetes without downtime",
                             "Cut p99 latency by 50% with <script>-free caching"]}],
    "education": [{"institution": "Universidad de Sevilla", "studyType": "BSc"}],
    "skills": [{"name": "Python", "keywords": ["Flask"]}],
}
PLAIN = {"basics": {"name": "Ann Smith"},
         "work": [{"position": "Accountant", "name": "Initech", "highlights": ["Closed books"]}]}


def titles(html_text: str) -> list[str]:
    """The titles of the results on a search page, in order."""
    found = re.findall(r'<h2 class="h5 mb-1 text-break"><a [^>]*>([^<]*)<', html_text)
    return [html.unescape(title) for title in found]


def results(client, **params) -> list[str]:
    response = client.get("/resume/search", query_string=params)
    assert response.status_code == 200
    return titles(response.get_data(as_text=True))


@pytest.fixture
def library(app, user, make_user):
    """The user's resumes (one in the trash) and a stranger's resume with the same words."""
    make_resume(app, user, title="Platform CV", design="classic", content=CONTENT)
    make_resume(app, user, title="Accounting CV", content=PLAIN)
    make_resume(app, user, title="Old platform CV", design="classic", content=CONTENT,
                trashed=True)
    stranger = make_user(email="sam@example.com", name="Sam Smith")
    make_resume(app, stranger, title="Stranger's Kubernetes CV", design="classic",
                content=CONTENT)


@pytest.mark.parametrize("q", ["kubernetes", "Globex", "sevilla", "platform engineer", "flask",
                               "Platform CV", "payment systems"])
def test_finds_a_resume_by_any_part_of_its_content(auth_client, library, q):
    assert results(auth_client, q=q) == ["Platform CV"]


@pytest.mark.parametrize("q", ["jose", "JOSÉ", "nunez", "MÜNCHEN", "munchen", "KUBERNETES"])
def test_case_and_accents_do_not_matter(auth_client, library, q):
    assert results(auth_client, q=q) == ["Platform CV"]


def test_every_word_must_appear(auth_client, library):
    assert results(auth_client, q="kubernetes initech") == []
    assert results(auth_client, q="initech books") == ["Accounting CV"]


def test_the_snippet_marks_the_match_and_escapes_the_text(auth_client, library):
    page = auth_client.get("/resume/search?q=latency").get_data(as_text=True)
    assert "by 50% with &lt;script&gt;-free caching" in page
    assert "Cut p99 <mark>latency</mark> by" in page
    assert "<script>-free" not in page
    accents = auth_client.get("/resume/search?q=munchen").get_data(as_text=True)
    assert "<mark>München</mark>" in accents


@pytest.mark.parametrize("q, expected", [
    ("%", ["Platform CV"]), ("50%", ["Platform CV"]), ("<script>", ["Platform CV"]),
    ("_", []), ("\\", []), ("%%", []), ("_%_", []), ("0%", ["Platform CV"]), ("5_%", []),
    (".*", []), ("(", []), ("[a-z]+", []), ("^", []), ("' OR 1=1 --", []),
    ('"; DROP TABLE resumes; --', []),
])
def test_wildcards_and_metacharacters_are_literal(auth_client, library, app, q, expected):
    assert results(auth_client, q=q) == expected
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Resume)) == 4


def test_other_users_and_trashed_resumes_never_appear(auth_client, library):
    assert sorted(results(auth_client, q="cv")) == ["Accounting CV", "Platform CV"]
    assert "Stranger's Kubernetes CV" not in results(auth_client, q="stranger")
    assert results(auth_client, q="old platform") == []


def test_an_empty_query_shows_how_to_search(auth_client, library):
    for query in ({}, {"q": ""}, {"q": "   "}):
        response = auth_client.get("/resume/search", query_string=query)
        assert response.status_code == 200
        assert "What are you looking for?" in response.get_data(as_text=True)


def test_a_very_long_query_is_cut_with_a_message(auth_client, library):
    response = auth_client.get("/resume/search", query_string={"q": "kubernetes " + "x" * 9_989})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Your search was cut to its first {search.QUERY_MAX_LENGTH} characters." in page
    assert "x" * (search.QUERY_MAX_LENGTH + 1) not in page
    assert titles(page) == []


def test_more_than_ten_words_are_cut_with_a_message(auth_client, library):
    page = auth_client.get("/resume/search", query_string={
        "q": "kubernetes " + " ".join(f"w{n}" for n in range(20))}).get_data(as_text=True)
    assert "Only the first 10 words were searched for." in page


def test_filters_by_template_and_update_date(auth_client, library, app, user):
    assert results(auth_client, q="cv", template="modern") == ["Accounting CV"]
    with app.app_context():
        old = db.session.execute(db.select(Resume).where(Resume.title == "Accounting CV")) \
            .scalar_one()
        old.updated_at = datetime.now(UTC) - timedelta(days=30)
        db.session.commit()
    since = (datetime.now(UTC) - timedelta(days=7)).date().isoformat()
    assert results(auth_client, q="cv", updated_since=since) == ["Platform CV"]


@pytest.mark.parametrize("params, field, message", [
    ({"updated_since": "2024-13-45"}, "updated_since", "Not a valid date value."),
    ({"template": "nope"}, "template", "Not a valid choice."),
])
def test_bad_filters_are_explained_next_to_the_field(auth_client, library, params, field,
                                                     message):
    response = auth_client.get("/resume/search", query_string={"q": "cv", **params})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), field) == message


def test_sorts_by_relevance_update_and_title(auth_client, app, user):
    make_resume(app, user, title="B: python once", content={"skills": [{"name": "Python"}]})
    make_resume(app, user, title="A: python thrice", content={
        "skills": [{"name": "Python"}], "basics": {"summary": "Python and more python"}})
    assert results(auth_client, q="python") == ["A: python thrice", "B: python once"]
    assert results(auth_client, q="python", sort="updated") == ["A: python thrice",
                                                                "B: python once"]
    assert results(auth_client, q="python", sort="title") == ["A: python thrice",
                                                              "B: python once"]
    with app.app_context():
        b = db.session.execute(db.select(Resume).where(Resume.title.like("B%"))).scalar_one()
        resumes.save(b, db.session.get(User, user.id), b.version, title="B: python once!")
    assert results(auth_client, q="python", sort="updated")[0] == "B: python once!"


def test_twenty_results_a_page(auth_client, app, user):
    for number in range(25):
        make_resume(app, user, title=f"Kubernetes CV {number:02}", content=PLAIN)
    first = auth_client.get("/resume/search?q=kubernetes&sort=title").get_data(as_text=True)
    second = auth_client.get("/resume/search?q=kubernetes&sort=title&page=2") \
        .get_data(as_text=True)
    assert titles(first) == [f"Kubernetes CV {n:02}" for n in range(20)]
    assert titles(second) == [f"Kubernetes CV {n:02}" for n in range(20, 25)]
    assert "25 resumes found · page 1 of 2" in first
    assert 'href="/resume/search?page=2&amp;q=kubernetes&amp;sort=title"' in first
    assert titles(auth_client.get("/resume/search?q=kubernetes&sort=title&page=abc")
                  .get_data(as_text=True)) == titles(first)


def test_the_search_column_follows_each_save(auth_client, app, user):
    resume_id = make_resume(app, user, title="Mine", content=PLAIN)
    assert results(auth_client, q="terraform") == []
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        content = {**resume.content, "skills": [{"name": "Terraform"}]}
        resumes.save(resume, db.session.get(User, user.id), resume.version, content=content)
    assert results(auth_client, q="terraform") == ["Mine"]


def test_the_number_of_queries_does_not_grow_with_the_results(auth_client, app, user):
    make_resume(app, user, title="Kubernetes CV", content=PLAIN)
    with counted_queries(app) as few:
        assert len(results(auth_client, q="kubernetes")) == 1
    for number in range(24):
        make_resume(app, user, title=f"Kubernetes CV {number}", content=CONTENT)
    with counted_queries(app) as many:
        assert len(results(auth_client, q="kubernetes")) == 20
    assert len(many) == len(few) <= 4


def test_search_needs_a_login(client):
    response = client.get("/resume/search?q=x")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_menu_offers_search(auth_client):
    assert 'href="/resume/search">Search</a>' in auth_client.get("/resume/manage") \
        .get_data(as_text=True)
