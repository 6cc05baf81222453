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


SAMPLES = {"full": full, "empty": empty, "many_jobs": many_jobs, "hostile": hostile}
