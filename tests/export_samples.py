"""Resume documents the export and import tests share, from ordinary to hostile."""
from website.services import resume_document

LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitän" * 3
LONG_URL = "https://example.com/" + "a-very-long-path-segment/" * 8 + "end"
SCRIPT = '<script>alert("x")</script><b>bold</b> & <i>more</i>'
ARABIC = "مهندس برمجيات في شركة كبيرة"
HEBREW = "מהנדס תוכנה בכיר"
GREEK = "Μηχανικός λογισμικού στην Αθήνα"
CYRILLIC = "Инженер-программист в Москве"
EMOJI = "Shipped 🚀 and celebrated 🎉👩🏽‍💻"


def full() -> dict:
    """A resume with every section filled in."""
    return resume_document.normalize({
        "basics": {
            "name": "Jane Doe", "label": "Senior Backend Engineer", "email": "jane@example.com",
            "phone": "+49 30 1234567", "url": "https://jane.example.com",
            "summary": "Backend engineer who builds calm, well-tested systems. " * 4,
            "location": {"address": "Hauptstraße 1", "postalCode": "10115", "city": "Berlin",
                         "countryCode": "DE", "region": "Berlin"},
            "profiles": [{"network": "GitHub", "username": "janedoe",
                          "url": "https://github.com/janedoe"}],
        },
        "work": [{"position": "Staff Engineer", "name": "Acme Corp", "location": "Remote",
                  "url": "https://acme.example.com", "startDate": "2021-03",
                  "summary": "Led the payments team.",
                  "highlights": ["Cut checkout latency by 40% by moving to a queue-based "
                                 "design that the whole team could reason about",
                                 "Mentored five engineers"]},
                 {"position": "Engineer", "name": "Beta GmbH", "startDate": "2017-09",
                  "endDate": "2021-02-28"}],
        "education": [{"institution": "TU Berlin", "area": "Computer Science",
                       "studyType": "MSc", "startDate": "2015", "endDate": "2017",
                       "score": "1.3", "courses": ["Distributed Systems", "Databases"]}],
        "projects": [{"name": "queue-lite", "description": "A tiny job queue.",
                      "url": "https://github.com/janedoe/queue-lite", "startDate": "2020-01",
                      "highlights": ["1k stars"], "keywords": ["Python", "Redis"],
                      "roles": ["Maintainer"]}],
        "skills": [{"name": "Python", "level": "Expert", "keywords": ["Flask", "SQLAlchemy"]}],
        "certificates": [{"name": "AWS Solutions Architect", "issuer": "Amazon",
                          "date": "2022-06", "url": "https://aws.example.com/cert/1"}],
        "languages": [{"language": "German", "fluency": "Native"}],
        "awards": [{"title": "Engineer of the Year", "awarder": "Acme Corp", "date": "2023",
                    "summary": "For the payments rewrite."}],
        "volunteer": [{"organization": "Code Club", "position": "Coach", "startDate": "2019-05",
                       "summary": "Teaching children to code.", "highlights": ["Ran 40 sessions"]}],
        "publications": [{"name": "Queues in Practice", "publisher": "Tech Press",
                          "releaseDate": "2022-11-05", "url": "https://press.example.com/q",
                          "summary": "A practical guide."}],
        "interests": [{"name": "Climbing", "keywords": ["Bouldering"]}],
        "references": [{"name": "John Roe", "reference": "Jane is a great colleague."}],
    })


def empty() -> dict:
    """A resume with every section empty."""
    return resume_document.empty_document()


def many_jobs() -> dict:
    """A resume with the most jobs a section allows (50)."""
    document = empty()
    document["basics"]["name"] = "Busy Person"
    document["work"] = [{"position": f"Job number {n}", "name": f"Company {n}",
                         "startDate": f"{1970 + n}-01", "highlights": [f"Did thing {n}"]}
                        for n in range(1, resume_document.MAX_ENTRIES + 1)]
    return resume_document.normalize(document)


def nine_years() -> dict:
    """A nine-year career as the designs issue describes it: 3 jobs with 5 highlights each,
    2 schools, 2 projects, 3 skill groups, 2 certificates, 3 languages (two pages at most)."""
    def job(position, company, place, start, end, focus):
        return {"position": position, "name": company, "location": place, "startDate": start,
                "endDate": end, "url": f"https://{company.split()[0].lower()}.example.com",
                "summary": f"Owned {focus} for a team of eight engineers.",
                "highlights": [
                    f"Redesigned the {focus} pipeline, cutting p95 latency from 900 ms to 180 ms "
                    "while traffic doubled",
                    "Led the migration of 40 services to Kubernetes with zero customer-facing "
                    "downtime",
                    "Introduced contract tests that halved the rate of failed deployments",
                    "Mentored four engineers, two of whom now lead their own teams",
                    f"Wrote the on-call handbook for {focus}, adopted across the department"]}
    return resume_document.normalize({
        "basics": {
            "name": "Maria Kowalski", "label": "Senior Platform Engineer",
            "email": "maria.kowalski@example.com", "phone": "+48 601 234 567",
            "url": "https://mariakowalski.dev",
            "summary": "Platform engineer with nine years of building reliable payment and data "
                       "systems. I make teams faster by making production boring: clear "
                       "ownership, good defaults and observability that answers questions.",
            "location": {"city": "Kraków", "countryCode": "PL"},
            "profiles": [{"network": "GitHub", "username": "mkowalski",
                          "url": "https://github.com/mkowalski"},
                         {"network": "LinkedIn", "username": "mariakowalski",
                          "url": "https://www.linkedin.com/in/mariakowalski"}]},
        "work": [job("Senior Platform Engineer", "Northwind Payments", "Kraków, Poland",
                     "2021-04", "", "payments platform"),
                 job("Backend Engineer", "Fabrikam Logistics", "Warsaw, Poland", "2018-02",
                     "2021-03", "shipment tracking"),
                 job("Software Engineer", "Contoso Retail", "Wrocław, Poland", "2015-09",
                     "2018-01", "checkout")],
        "education": [{"institution": "AGH University of Kraków", "studyType": "MSc",
                       "area": "Computer Science", "startDate": "2013", "endDate": "2015",
                       "score": "Graduated with distinction"},
                      {"institution": "AGH University of Kraków", "studyType": "BSc",
                       "area": "Applied Mathematics", "startDate": "2010", "endDate": "2013"}],
        "projects": [{"name": "pg-outbox", "roles": ["Author"], "startDate": "2020-06",
                      "url": "https://github.com/mkowalski/pg-outbox",
                      "description": "A transactional outbox for PostgreSQL in 600 lines.",
                      "highlights": ["Used in production by three companies"]},
                     {"name": "Kraków Go meetup", "roles": ["Organiser"], "startDate": "2019",
                      "description": "Monthly talks for 120 members."}],
        "skills": [{"name": "Languages", "keywords": ["Go", "Python", "SQL", "TypeScript"]},
                   {"name": "Infrastructure", "keywords": ["Kubernetes", "Terraform", "AWS",
                                                           "PostgreSQL", "Kafka"]},
                   {"name": "Practices", "keywords": ["Observability", "Incident response",
                                                      "Code review", "Mentoring"]}],
        "certificates": [{"name": "Certified Kubernetes Administrator", "issuer": "CNCF",
                          "date": "2022-05"},
                         {"name": "AWS Solutions Architect – Associate",
                          "issuer": "Amazon Web Services", "date": "2020-11"}],
        "languages": [{"language": "Polish", "fluency": "Native"},
                      {"language": "English", "fluency": "Fluent (C1)"},
                      {"language": "German", "fluency": "Conversational"}],
    })


# Text that must come out of every format unchanged.
HOSTILE_TEXTS = (LONG_WORD, SCRIPT, ARABIC, HEBREW, GREEK, CYRILLIC, EMOJI)


def hostile() -> dict:
    """A resume full of long words and URLs, markup, emoji and non-Latin scripts."""
    return resume_document.normalize({
        "basics": {"name": f"{GREEK} {EMOJI}", "label": ARABIC, "url": LONG_URL,
                   "summary": f"{LONG_WORD} {SCRIPT}",
                   "location": {"city": CYRILLIC}},
        "work": [{"position": HEBREW, "name": SCRIPT, "url": LONG_URL, "startDate": "2020",
                  "highlights": [LONG_WORD, EMOJI, ARABIC, CYRILLIC]}],
        "skills": [{"name": GREEK, "keywords": [SCRIPT]}],
    })


SAMPLES = {"full": full, "empty": empty, "many_jobs": many_jobs, "hostile": hostile,
           "nine_years": nine_years}
