"""Merge preview cost on PostgreSQL: a tailored variant of a full resume (nine jobs with
highlights, skills, projects) whose master was edited ten times since the variant was made.

Run with `.venv/bin/python bench/merge.py`. It creates and drops its own database on the
PostgreSQL of the tests (TEST_POSTGRES_DSN, default 127.0.0.1:5432, user postgres). It times
`variants.preview` (reading the merge base, the three-way merge and its three change lists)
against the issue's target, then the pure merge alone, the banner's count and the page of the
master's changes through the Flask test client; prints the table, writes it to
bench/results/merge.txt and exits with status 1 if the target is missed.
"""
import copy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project root replaces bench/ on the path: see bench/harness.py

from bench import harness  # noqa: E402
from tests.helpers import PASSWORD  # noqa: E402
from website.extensions import db  # noqa: E402
from website.models import Resume  # noqa: E402
from website.services import accounts, designs, resume_merge, resumes, variants, versions  # noqa: E402

RUNS = 200
TARGET_MS = 150
NAME_WIDTH = 60
EMAIL = "bench@example.com"


def tailor(content: dict) -> None:
    """Ten changes a tailoring makes: reorders, hidden entries, a new summary and headline."""
    content["basics"]["label"] = "Payments Backend Engineer"
    content["basics"]["summary"] = "Backend engineer for card payments: Go, Kafka, PostgreSQL."
    content["skills"].insert(0, content["skills"].pop(1))  # Go first
    content["skills"].insert(1, content["skills"].pop(8))  # Kafka second
    content["work"][0]["highlights"].insert(0, content["work"][0]["highlights"].pop(2))
    content["work"][1]["highlights"].insert(0, content["work"][1]["highlights"].pop(3))
    content["work"][2]["summary"] = "Built the card processing platform."
    content["work"].pop(8)  # the oldest job, hidden
    content["projects"].pop(3)
    content["projects"].insert(0, content["projects"].pop(2))


def master_edits() -> list:
    """Ten edits of the master, each saved on its own."""
    def job(n, **fields):
        return lambda c: c["work"][n].update(fields)
    return [
        lambda c: c["basics"].update(phone="+49 30 1234 5678"),
        lambda c: c["basics"].update(summary="Backend engineer who turns slow, fragile "
                                             "services into fast, dependable ones."),
        lambda c: c["work"].insert(0, {"position": "Staff Engineer", "name": "Company 9",
                                       "startDate": "2024-01",
                                       "highlights": ["Runs the platform team"]}),
        lambda c: c["work"][1]["highlights"].append("Added tracing to every service"),
        lambda c: c["work"][3]["highlights"].__setitem__(0, "Cut infrastructure costs by 15%"),
        job(4, location="Hamburg"),
        job(6, endDate="2017-06"),
        lambda c: c["skills"].append({"name": "Rust", "keywords": ["Tokio"]}),
        lambda c: c["skills"][3]["keywords"].append("Helm"),
        lambda c: c["projects"][1].update(url="https://project1.example.com"),
    ]


def make_pair(owner) -> tuple[int, int]:
    """Create the master and its variant, then edit the master ten times."""
    master = resumes.create(owner, "Backend roles", "classic",
                            harness.resume_content(jobs=9, skills=harness.SKILLS, projects=4))
    content = copy.deepcopy(master.content)
    tailor(content)
    variant = resumes.create(owner, "Payments job", "classic", content,
                             master.design_settings, master=master)
    for edit in master_edits():
        content = copy.deepcopy(master.content)
        edit(content)
        resumes.save(master, owner, master.version, content=content)
    return master.id, variant.id


def main() -> int:
    """Measure, print and save the table; return the exit status."""
    table = harness.Table()
    table.add(f"Merge preview of a variant (9 jobs, {len(harness.SKILLS)} skills, 4 projects; "
              f"10 tailoring changes) whose master had 10 edits, {RUNS} runs after "
              f"{harness.WARMUP} untimed")
    table.add("")
    with harness.postgres_app(RATELIMIT_ENABLED=False) as app:
        with app.app_context():
            designs.seed()
            owner = accounts.create_user("Bench User", EMAIL, PASSWORD)
            master_id, variant_id = make_pair(owner)

        def preview(step: int) -> resume_merge.MergePlan:
            with app.app_context():  # a request's fresh session: the rows are read each time
                return variants.preview(db.session.get(Resume, variant_id))

        def pending(step: int) -> int:
            with app.app_context():
                return variants.pending_changes(db.session.get(Resume, variant_id))

        def timed(request) -> list[float]:
            return harness.timed(RUNS, request, harness.WARMUP)

        plan = preview(0)
        with app.app_context():
            variant = db.session.get(Resume, variant_id)
            master = db.session.get(Resume, master_id)
            base = versions.get_version(master, variant.master_version)
            names = designs.names()
            merge_only = timed(lambda step: resume_merge.merge(base, variant, master, names))
        harness.add_p95_rows(table, [("variants.preview (base read, merge, 3 change lists)",
                                      timed(preview), TARGET_MS)], NAME_WIDTH)
        table.add("")
        table.add("Parts and pages (no target):")
        table.add(harness.timing_header(NAME_WIDTH))
        page = harness.page_request(harness.logged_in(app, EMAIL),
                                    f"/resume/{variant_id}/master-changes")
        for name, durations in (
                ("resume_merge.merge alone (states in memory)", merge_only),
                ("variants.pending_changes (the banner's count)", timed(pending)),
                ("GET /resume/<id>/master-changes (test client)", timed(page))):
            table.add(harness.timing_row(name, durations, "-", "", NAME_WIDTH))
        table.add("")
        table.add(f"The plan: {plan.master_change_count} changes in the master, "
                  f"{len(plan.taken)} taken, {len(plan.kept)} of the variant's kept, "
                  f"{len(plan.conflicts)} conflicts")
    return table.save("merge")


if __name__ == "__main__":
    sys.exit(main())
