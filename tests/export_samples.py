"""Resume documents the export and import tests share, from ordinary to hostile."""


import json
from pathlib import Path

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
                  "description": "Online payments for small shops",
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
                      "entity": "Python Software Foundation", "type": "library",
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
    """A resume with 50 jobs: several pages in every design (a section may hold more)."""
    document = empty()
    document["basics"]["name"] = "Busy Person"
    document["work"] = [{"position": f"Job number {n}", "name": f"Company {n}",
                         "startDate": f"{1970 + n}-01", "highlights": [f"Did thing {n}"]}
                        for n in range(1, 51)]
    return resume_document.normalize(document)


def nine_years() -> dict:
    """A nine-year career as the designs issue describes it: 3 jobs with 5 highlights each,
    2 schools, 2 projects, 3 skill groups, 2 certificates, 3 languages (two pages at most)."""
    def job(position, company, about, place, start, end, focus):
        return {"position": position, "name": company, "description": about,
                "location": place, "startDate": start,
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
        "work": [job("Senior Platform Engineer", "Northwind Payments",
                     "Card payments for 40,000 online shops", "Kraków, Poland", "2021-04", "",
                     "payments platform"),
                 job("Backend Engineer", "Fabrikam Logistics", "Freight forwarding",
                     "Warsaw, Poland", "2018-02", "2021-03", "shipment tracking"),
                 job("Software Engineer", "Contoso Retail", "Fashion retailer, 300 stores",
                     "Wrocław, Poland", "2015-09", "2018-01", "checkout")],
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
                      "entity": "Kraków Go community", "type": "volunteering",
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


def diacritics() -> dict:
    """A career across Poland, Germany, Greece and Russia: Latin letters with diacritics, Greek
    and Cyrillic in names, places and companies, and words a font would set with ligatures."""
    return resume_document.normalize({
        "basics": {
            "name": "Małgorzata Żółkiewska-Müller", "label": "Inżynierka oprogramowania",
            "email": "malgorzata.zolkiewska@example.com", "phone": "+48 42 631 28 00",
            "url": "https://zolkiewska.example.eu",
            "summary": "Efficient, fluent in four languages, and fond of workflows that "
                       "outlive their authors. Grew up in Łódź, studied in Lausanne, worked in "
                       "Düsseldorf, Αθήνα and Москва.",
            "location": {"city": "Łódź", "countryCode": "PL"},
            "profiles": [{"network": "GitHub", "username": "mzolkiewska",
                          "url": "https://github.com/mzolkiewska"}]},
        "work": [
            {"position": "Μηχανικός λογισμικού", "name": "Ωμέγα Τεχνολογίες Α.Ε.",
             "location": "Θεσσαλονίκη, Ελλάδα", "startDate": "2021-06",
             "summary": "Υπεύθυνη για την πλατφόρμα πληρωμών.",
             "highlights": ["Μείωσε τον χρόνο απόκρισης κατά 45% με νέα αρχιτεκτονική",
                            "Official fluffy-office workflow: five offices, affiliated staff"]},
            {"position": "Старший разработчик", "name": "ООО «Жар-птица»",
             "location": "Москва, Россия", "startDate": "2018-03", "endDate": "2021-05",
             "highlights": ["Разработала систему учёта для 300 магазинов",
                            "Обучила шесть инженеров; жёлтый щит, съёмка, ёжик"]},
            {"position": "Softwareentwicklerin", "name": "Straßenbahn Düsseldorf GmbH",
             "location": "Düsseldorf, Deutschland", "startDate": "2015-10", "endDate": "2018-02",
             "url": "https://strassenbahn.example.de",
             "highlights": ["Fahrplanauskunft für 1,2 Mio. Fahrgäste täglich gebaut",
                            "Größere Zuverlässigkeit: Störungen um ein Drittel verringert"]}],
        "education": [{"institution": "Politechnika Łódzka", "studyType": "Magister inżynier",
                       "area": "Informatyka", "startDate": "2010", "endDate": "2015",
                       "score": "bardzo dobry"},
                      {"institution": "École Polytechnique Fédérale de Lausanne",
                       "studyType": "Échange", "area": "Génie logiciel", "startDate": "2013",
                       "endDate": "2014"}],
        "projects": [{"name": "Żuraw", "roles": ["Autorka"], "startDate": "2019",
                      "description": "Narzędzie do migracji baz danych: ą ć ę ł ń ó ś ź ż."}],
        "skills": [{"name": "Języki programowania", "keywords": ["Go", "Python", "Kotlin"]},
                   {"name": "Bazy danych", "keywords": ["PostgreSQL", "ClickHouse"]}],
        "languages": [{"language": "Polski", "fluency": "Ojczysty"},
                      {"language": "Deutsch", "fluency": "Fließend"},
                      {"language": "Ελληνικά", "fluency": "Άριστα"},
                      {"language": "Русский", "fluency": "Свободно"}],
    })


def academic() -> dict:
    """A scholar's CV: publications with venues, dates and DOIs, degrees, posts and awards."""
    def paper(title, venue, date, doi, summary=""):
        return {"name": title, "publisher": venue, "releaseDate": date,
                "url": f"https://doi.org/10.5555/{doi}", "summary": summary}
    return resume_document.normalize({
        "basics": {
            "name": "Eleanor Whitfield", "label": "Assistant Professor of Computational "
                                                  "Linguistics",
            "email": "e.whitfield@example.ac.uk", "url": "https://whitfield.example.ac.uk",
            "summary": "I study how children and machines learn the sound patterns of "
                       "language, with corpus methods and small interpretable models.",
            "location": {"city": "Edinburgh", "countryCode": "GB"},
            "profiles": [{"network": "ORCID", "username": "0000-0002-1825-0097",
                          "url": "https://orcid.org/0000-0002-1825-0097"}]},
        "publications": [
            paper("Learning phonotactics from child-directed speech",
                  "Journal of Child Language", "2024-02", "jcl.2024.118",
                  "Shows that a two-layer model matches children's errors at age three."),
            paper("Interpretable sequence models for sound change", "Proceedings of ACL",
                  "2023-07", "acl.2023.412"),
            paper("A corpus of Scots vowel variation", "Language Resources and Evaluation",
                  "2021-11", "lre.2021.77"),
            paper("Tone sandhi without rules", "Phonology", "2019-05", "phon.2019.3")],
        "education": [{"institution": "University of Cambridge", "studyType": "PhD",
                       "area": "Linguistics", "startDate": "2014", "endDate": "2018"},
                      {"institution": "University of York", "studyType": "BA",
                       "area": "Language and Linguistic Science", "startDate": "2010",
                       "endDate": "2013", "score": "First class honours"}],
        "work": [{"position": "Assistant Professor", "name": "University of Edinburgh",
                  "location": "Edinburgh", "startDate": "2021-09",
                  "highlights": ["Teach Phonology 2 and Computational Methods (180 students)",
                                 "Supervise four doctoral students"]},
                 {"position": "Postdoctoral Research Fellow", "name": "Max Planck Institute "
                  "for Psycholinguistics", "location": "Nijmegen", "startDate": "2018-10",
                  "endDate": "2021-08",
                  "highlights": ["Built the open corpus used by twelve labs"]}],
        "awards": [{"title": "Early Career Fellowship", "awarder": "Leverhulme Trust",
                    "date": "2022", "summary": "Three years of funding for the sound-change "
                                               "project."},
                   {"title": "Best Paper Award", "awarder": "SIGMORPHON", "date": "2019"}],
        "skills": [{"name": "Methods", "keywords": ["Bayesian statistics", "Corpus "
                                                    "linguistics", "Experimental design"]}],
        "languages": [{"language": "English", "fluency": "Native"},
                      {"language": "Dutch", "fluency": "Professional"}],
        "references": [{"name": "Prof. Ian Roberts", "reference": "Available on request."}],
    })


def nearly_empty() -> dict:
    """A resume with a name and an email address and nothing else."""
    return resume_document.normalize({"basics": {"name": "Sam Lee",
                                                 "email": "sam.lee@example.com"}})


WORD_300 = ("Donaudampfschifffahrtsgesellschaftskapitän" * 8)[:300]
URL_300 = ("https://example.com/" + "very-long-path-segment/" * 14)[:300]


def long_words() -> dict:
    """Unbroken words and addresses of 300 characters, or as long as the editor lets a field
    be, in every place a design lays text out."""
    def word(limit: int = 200) -> str:
        return WORD_300[:limit]
    return resume_document.normalize({
        "basics": {"name": word(100), "label": word(150), "email": f"{'x' * 64}@{'y' * 60}.com",
                   "phone": word(50), "url": URL_300, "summary": f"{WORD_300} {URL_300}",
                   "location": {"city": word(100), "region": word(100)},
                   "profiles": [{"network": word(50), "url": URL_300}]},
        "work": [{"position": word(), "name": word(), "description": word(),
                  "location": word(), "url": URL_300,
                  "startDate": "2020-01", "summary": WORD_300,
                  "highlights": [WORD_300, URL_300]}],
        "education": [{"institution": word(), "studyType": word(), "area": word(),
                       "score": word(50), "url": URL_300, "courses": [WORD_300]}],
        "skills": [{"name": word(), "level": word(50), "keywords": [WORD_300, WORD_300]}],
        "certificates": [{"name": word(), "issuer": word(), "date": "2022-05",
                          "url": URL_300}],
        "languages": [{"language": word(100), "fluency": word(100)}],
        "publications": [{"name": word(), "publisher": word(), "releaseDate": "2021",
                          "url": URL_300, "summary": WORD_300}],
    })


def right_to_left() -> dict:
    """Arabic and Hebrew in names, headlines, places and bullets, some mixed with Latin."""
    return resume_document.normalize({
        "basics": {"name": "ليلى حداد", "label": HEBREW, "email": "layla@example.com",
                   "summary": f"{ARABIC}. {HEBREW}: Python, SQL ו-Kubernetes.",
                   "location": {"city": "تل أبيب", "countryCode": "IL"}},
        "work": [{"position": "מהנדסת תוכנה", "name": "شركة النخيل", "location": "عمّان",
                  "startDate": "2019-04",
                  "highlights": ["خفضت زمن الاستجابة بنسبة 40% باستخدام Redis",
                                 "הובלתי צוות של חמישה מפתחים (2020–2023)"]}],
        "skills": [{"name": "כלים", "keywords": ["Git", "דוקר", "لينكس"]}],
        "languages": [{"language": "العربية", "fluency": "اللغة الأم"},
                      {"language": "עברית", "fluency": "שוטפת"}],
    })


def emoji() -> dict:
    """Emoji everywhere: single ones, skin tones, joined sequences and flags."""
    return resume_document.normalize({
        "basics": {"name": "Jo Rivera 🚀", "label": "Developer 👩🏽‍💻", "email": "jo@example.com",
                   "summary": f"{EMOJI} 🇵🇱🇬🇷 ❤️"},
        "work": [{"position": "Engineer ⚙️", "name": "Rocket 🚀 Inc.", "startDate": "2021",
                  "highlights": [EMOJI, "Fixed 🐛🐛🐛 in a week 👨‍👩‍👧"]}],
        "skills": [{"name": "Tools 🧰", "keywords": ["🐍 Python", "🦀 Rust"]}],
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
           "nine_years": nine_years, "diacritics": diacritics, "academic": academic,
           "nearly_empty": nearly_empty, "long_words": long_words,
           "right_to_left": right_to_left, "emoji": emoji}
# The four resumes every design must hand to an applicant tracking system intact.
ATS_SAMPLES = {"standard": nine_years, "diacritics": diacritics, "academic": academic,
               "nearly_empty": nearly_empty}


FULL = {
    "basics": {"name": "Jane Doe", "label": "Backend Engineer", "email": "jane@example.com",
               "phone": "+49 30 1234567", "url": "https://jane.example.com",
               "summary": "I build dependable web services.",
               "location": {"city": "Berlin", "countryCode": "DE"},
               "profiles": [{"network": "GitHub", "username": "janedoe",
                             "url": "https://github.com/janedoe"}]},
    "work": [{"position": "Senior Engineer", "name": "Acme", "location": "Remote",
              "startDate": "2021-03", "summary": "Owned the payments platform.",
              "highlights": ["Cut page load time by half", "Led the move to PostgreSQL"]}],
    "education": [{"institution": "TU Berlin", "area": "Computer Science", "studyType": "BSc",
                   "startDate": "2014", "endDate": "2018-07", "courses": ["Databases"]}],
    "projects": [{"name": "Ledger", "description": "A double-entry ledger library."}],
    "skills": [{"name": "Python", "level": "Expert", "keywords": ["Flask", "SQLAlchemy"]}],
    "certificates": [{"name": "CKA", "issuer": "CNCF", "date": "2022-05"}],
    "languages": [{"language": "German", "fluency": "Native"}],
    "awards": [{"title": "Engineer of the Year", "awarder": "Acme"}],
    "volunteer": [{"organization": "Code Club", "position": "Mentor"}],
    "publications": [{"name": "Boring Services", "publisher": "Tech Press"}],
    "interests": [{"name": "Climbing"}],
    "references": [{"name": "Sam Smith", "reference": "Jane is the engineer you want."}],
}


SCHEMA = json.loads((Path(__file__).parents[1] / "node_modules/@jsonresume/schema/schema.json")
                    .read_text(encoding="utf-8"))
