"""Job match speed: reading a 2,000-word ad and a full resume with the skill vocabulary.

Run with `.venv/bin/python bench/match.py`. No database or web server: it times
`matching.analyze` (the ad's requirements, the resume's skills and where they are, the score)
on an unsaved Resume in-process, 200 runs after a warm-up, and the ad and the resume alone. It
also times the first call of a fresh process once (loading the vocabulary) and the largest bad
input (20,000 characters of one word). It prints a table, writes it to bench/results/match.txt
and exits with status 1 if a target is missed.
"""
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project root replaces bench/ on the path: see bench/harness.py

from bench.harness import WARMUP, Table, add_p95_rows, resume_content, timed  # noqa: E402
from website.models import Resume  # noqa: E402
from website.services import matching  # noqa: E402
from website.services.matching import requirements, skills  # noqa: E402

RUNS = 200
AD_WORDS = 2_000
TARGET_MS = {"analyze: 2,000-word ad and full resume": 100, "read the ad": 60,
             "read the resume": 60, "reject 20,000 characters of one word": 100}
NAME_WIDTH = 44
# Paragraphs of a long ad in several fields, repeated and numbered until the ad has AD_WORDS.
SECTIONS = [
    "About us\nLedgerly moves money for more than 4,000 online merchants across Europe. Every "
    "day our platform authorises, captures and refunds hundreds of thousands of card payments, "
    "and we are growing faster than our payments core was designed for.",
    "What you'll do\n- Design, build and run the Go services that authorise and settle card "
    "payments\n- Own your services end to end: design docs, code review, rollouts and on-call\n"
    "- Work with product managers, risk and compliance to keep the platform PCI DSS compliant\n"
    "- Define service contracts with Protocol Buffers and gRPC\n- Instrument everything with "
    "OpenTelemetry so that a failed payment can be traced across services",
    "Requirements\n- 6+ years of backend development, at least 3 of them writing Go in "
    "production\n- Solid PostgreSQL skills, including query tuning and schema migrations\n- "
    "Experience with Prometheus, Grafana and Kubernetes on AWS\n- Python or Bash for tooling, "
    "Terraform for infrastructure as code, CI/CD with GitHub Actions\n- Fluent English",
    "Nice to have\n- Kafka or another event streaming platform\n- 3-D Secure or ISO 8583\n- "
    "Experience with Redis, Elasticsearch and React is a plus\n- Familiarity with data "
    "analysis in SQL, Tableau or Power BI, ideally with some machine learning",
    "Working with the business\nYou will present to stakeholders, support the finance team with "
    "IFRS and GAAP reporting questions, help sales with product demonstrations and CRM data in "
    "Salesforce, and join the design team's user research and usability testing sessions in "
    "Figma. Our clinical partners ask for HIPAA and GDPR evidence, which you will help prepare.",
    "What we offer\n- €85,000 – €105,000 plus equity\n- 30 days of paid holiday and a €1,500 "
    "yearly learning budget\n- A home-office allowance and a MacBook of your choice",
]


def long_ad(words: int = AD_WORDS) -> str:
    """A job ad of about `words` words: the sections repeated, each copy numbered."""
    parts, count, copy = ["Senior Backend Engineer (Go) – Payments"], 5, 0
    while count < words:
        copy += 1
        for section in SECTIONS:
            heading, _, body = section.partition("\n")
            parts.append(f"{heading} ({copy})\n{body}")
            count += len(section.split()) + 1
    return "\n\n".join(parts)


def first_call_ms(resume: Resume, ad: str) -> float:
    """Milliseconds of the first analysis in this process, loading the vocabulary."""
    skills._vocabulary.cache_clear()
    started = time.perf_counter()
    matching.analyze(resume, ad)
    return (time.perf_counter() - started) * 1000


def rejected(ad: str) -> None:
    """Read an ad the reader refuses, as the match page would."""
    try:
        requirements.read_ad(ad)
    except requirements.AdRejected:
        pass


def main() -> int:
    """Time the match and print the table; return 1 if a target is missed."""
    ad = long_ad()
    resume = Resume(title="Bench", content=resume_content())
    table = Table()
    table.add(f"Ad: {len(ad.split()):,} words, {len(ad):,} characters; resume: "
              f"{len(resume.content['work'])} jobs, {len(resume.content['skills'])} skills")
    table.add(f"First call in a fresh process (loads the vocabulary): "
              f"{first_call_ms(resume, ad):.1f} ms")
    analysis = matching.analyze(resume, ad)
    musts = sum(check.requirement.must for check in analysis.checks)
    table.add(f"Requirements read: {len(analysis.checks)} ({musts} must), met: "
              f"{len(analysis.matched)}, score {analysis.score}")
    steps = {
        "analyze: 2,000-word ad and full resume": partial(matching.analyze, resume, ad),
        "read the ad": partial(requirements.read_ad, ad),
        "read the resume": partial(matching.resume_places, resume.document),
        "reject 20,000 characters of one word": partial(rejected, "a" * 20_000),
    }
    results = [(name, timed(RUNS, lambda _step, call=call: call(), warmup=WARMUP),
                TARGET_MS[name]) for name, call in steps.items()]
    add_p95_rows(table, results, NAME_WIDTH)
    return table.save("match")


if __name__ == "__main__":
    sys.exit(main())
