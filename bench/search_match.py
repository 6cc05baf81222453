"""Search and job-match speed on PostgreSQL: one user with 200 resumes among 100,000 others.

Run with `.venv/bin/python bench/search_match.py`. It creates and drops its own database on the
PostgreSQL of the tests (TEST_POSTGRES_DSN, default 127.0.0.1:5432, user postgres), fills it with
bulk inserts, measures in-process through the Flask test client (the real pages), prints a
table, writes it to bench/results/search_match.txt and exits with status 1 if a target is missed.
"""
import copy
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project root replaces bench/ on the path: see bench/harness.py

from bench.harness import (  # noqa: E402
    WARMUP,
    Table,
    add_p95_rows,
    bulk_insert,
    logged_in,
    page_request,
    postgres_app,
    resume_content,
    timed,
)
from tests.helpers import PASSWORD, counted_queries  # noqa: E402
from website.extensions import db  # noqa: E402
from website.models import Resume, User, utcnow  # noqa: E402
from website.services import accounts, search  # noqa: E402

OWN_RESUMES = 200
OTHER_RESUMES = 100_000
OTHER_USERS = 1_000
BATCH = 5_000
EMAIL = "bench@example.com"
RUNS = {"search": 200, "match": 100}
CITIES = ["Berlin", "München", "Zürich", "São Paulo", "Kraków", "Malmö", "Lyon", "Austin"]
SKILL_POOL = ["Python", "Go", "PostgreSQL", "Kubernetes", "Docker", "Terraform", "AWS", "Redis",
              "Kafka", "gRPC", "Flask", "Django", "React", "TypeScript", "Linux", "Rust", "Java",
              "Spark", "Airflow", "Snowflake", "Tableau", "Figma", "Salesforce", "Excel"]
AD_SENTENCES = [
    "You will design and operate {0} services with {1} and {2} for millions of users.",
    "Experience with {0}, {1} and machine learning in production is a strong plus.",
    "Our team practices CI/CD, code review and test automation with {0} and {1}.",
    "You mentor engineers, write clear documentation and work with product management.",
    "We run on {0} and {1}; knowledge of distributed systems and observability helps.",
    "Candidates should communicate well with stakeholders and own projects end to end.",
]


def variant(number: int) -> dict:
    """A realistic resume, varied by `number` (skills, city, company names)."""
    content = copy.deepcopy(resume_content())
    skills = [SKILL_POOL[(number + step) % len(SKILL_POOL)] for step in range(8)]
    content["skills"] = [{"name": name, "keywords": ["production"]} for name in skills]
    content["basics"]["location"]["city"] = CITIES[number % len(CITIES)]
    content["basics"]["name"] = f"Person {number}"
    for index, job in enumerate(content["work"]):
        job["name"] = f"Company {number}-{index}"
    return content


def short_variant(number: int) -> dict:
    """A shorter resume (two jobs, one project), for the other users' bulk."""
    content = variant(number)
    content["work"] = content["work"][:2]
    for job in content["work"]:
        job["highlights"] = job["highlights"][:2]
    content["projects"] = content["projects"][:1]
    content["skills"] = content["skills"][:6]
    return content


def with_text(content: dict) -> tuple[dict, str]:
    """The content and its search column without the title (bulk_resumes puts that first)."""
    return content, search.search_text("", content)


def bulk_resumes(owners: list[int], count: int, variants: list[tuple[dict, str]],
                 title: str) -> None:
    """Insert `count` resumes spread over `owners`, in batches, search column filled."""
    now = utcnow()

    def row(number: int) -> dict:
        content, text = variants[number % len(variants)]
        name = f"{title} {number}"
        return {"user_id": owners[number % len(owners)], "title": name,
                "design_slug": ("modern", "classic", "minimal")[number % 3],
                "design_settings": {}, "content": content, "version": 1,
                "download_count": 0, "created_at": now,
                "updated_at": now, "search_text": f"{search.fold(name)}\n{text}"}

    bulk_insert(Resume, map(row, range(count)), BATCH)


def build() -> tuple[int, float]:
    """Fill the database; return the id of one of the bench user's resumes and the seconds."""
    started = time.perf_counter()
    owner = accounts.create_user("Bench User", EMAIL, PASSWORD)
    db.session.execute(db.insert(User), [
        {"name": f"Other {n}", "email": f"other{n}@example.com", "password_hash": "x"}
        for n in range(OTHER_USERS)])
    others = list(db.session.execute(db.select(User.id).where(User.id != owner.id)).scalars())
    # Loading first and indexing after is much faster than updating the trigram index per row.
    trigram = next(index for index in Resume.__table__.indexes
                   if index.name == "ix_resumes_search_text_trgm")
    trigram.drop(db.session.connection())
    bulk_resumes(others, OTHER_RESUMES, [with_text(short_variant(n)) for n in range(60)],
                 "Other resume")
    bulk_resumes([owner.id], OWN_RESUMES, [with_text(variant(n)) for n in range(60)],
                 "My resume")
    trigram.create(db.session.connection())
    db.session.commit()
    with db.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
    own = db.session.execute(db.select(Resume.id).where(Resume.user_id == owner.id)
                             .limit(1)).scalar_one()
    return own, time.perf_counter() - started


def job_ad(words: int = 2000) -> str:
    """A job ad of about `words` words mixing skills, phrases and ordinary words."""
    sentences, count, step = ["Senior Platform Engineer"], 0, 0
    while count < words:
        template = AD_SENTENCES[step % len(AD_SENTENCES)]
        sentence = template.format(*(SKILL_POOL[(step + k) % len(SKILL_POOL)] for k in range(3)))
        sentences.append(sentence)
        count += len(sentence.split())
        step += 1
    return " ".join(sentences)


def main() -> int:
    """Build the data, measure, print and save the table; return the exit status."""
    with postgres_app() as app:
        with app.app_context():
            resume_id, built_in = build()
        client = logged_in(app, EMAIL)
        get = partial(page_request, client)

        searches = [
            ("search “kubernetes” (all 200 match)", "/resume/search?q=kubernetes"),
            ("search “munchen berlin” (accents folded)", "/resume/search?q=munchen+berlin"),
            ("search “zurich terraform”, page 2", "/resume/search?q=zurich+terraform&page=2"),
            ("search “company 7-3” by title sort", "/resume/search?q=company+7-3&sort=title"),
        ]
        queries = {}
        for name, path in searches:
            with counted_queries(app) as statements:
                get(path)(0)
            queries[name] = len(statements)
        results = [(name, timed(RUNS["search"], get(path), WARMUP), 50) for name, path in searches]

        ad = job_ad()
        page = f"/resume/{resume_id}/match"
        token = client.csrf_token(page)

        def match(step: int):
            response = client.post(page, data={"csrf_token": token, "ad": ad})
            assert response.status_code == 302, response.status_code

        results.append((f"match a {len(ad.split()):,}-word ad (page, stored)",
                        timed(RUNS["match"], match, WARMUP), 100))

    table = Table()
    table.add(f"Search and match on PostgreSQL: one user with {OWN_RESUMES} resumes, "
              f"{OTHER_RESUMES:,} resumes of {OTHER_USERS:,} other users (built in "
              f"{built_in:.1f} s), in-process Flask test client")
    table.add("")
    add_p95_rows(table, results, 44)
    table.add("")
    table.add("SQL queries per search page: " + ", ".join(
        f"{count} ({name.split(' (')[0].split(',')[0]})" for name, count in queries.items()))
    return table.save("search_match")


if __name__ == "__main__":
    sys.exit(main())
