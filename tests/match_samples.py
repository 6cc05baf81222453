"""A job ad and a resume the match and tailoring tests share, written with skills any skill
vocabulary knows, and the helpers that read what a match stored."""
from website.extensions import db
from website.models import JobMatch

# Must-haves: Kubernetes, Terraform, Python, SQL, PostgreSQL; nice-to-haves: Docker, React.
AD = """Platform Engineer
You will run our services on Kubernetes with Terraform and write Python every day.
Strong SQL and PostgreSQL skills.
Docker and React are a plus."""
MUST_HAVES = {"Kubernetes", "Terraform", "Python", "SQL", "PostgreSQL"}
NICE_TO_HAVES = {"Docker", "React"}
MISSING = {"Terraform", "Docker"}

RESUME = {
    "basics": {"name": "José Núñez", "label": "Software Engineer", "email": "jose@example.com",
               "summary": "Engineer who keeps systems calm and well tested."},
    "work": [
        {"position": "Senior Engineer", "name": "Acme Payments", "startDate": "2020-01",
         "highlights": ["Organised the office book club",
                        "Moved 40 services to Kubernetes without downtime",
                        "Wrote the onboarding guide",
                        "Tuned slow PostgreSQL queries in Python"]},
        {"position": "Engineer", "name": "Globex", "startDate": "2016-01", "endDate": "2019-12",
         "highlights": ["Ran the summer party", "Built dashboards in React"]},
        {"position": "Intern", "name": "Initech", "startDate": "2015-06", "endDate": "2015-09",
         "highlights": ["Answered support tickets"]},
    ],
    "education": [{"institution": "State University", "studyType": "BSc",
                   "area": "Computer Science"}],
    "skills": [{"name": "Public speaking"}, {"name": "Python", "keywords": ["Flask"]},
               {"name": "Kubernetes"}, {"name": "Figma"},
               {"name": "Databases", "keywords": ["PostgreSQL", "SQL"]}],
    "projects": [{"name": "Recipe box", "description": "A Figma prototype for sharing recipes"},
                 {"name": "Cluster doctor", "description": "Checks Kubernetes clusters at night",
                  "keywords": ["Python"]}],
    "volunteer": [{"organization": "Code Club", "position": "Mentor",
                   "highlights": ["Taught children Python"]},
                  {"organization": "Food bank", "position": "Driver",
                   "summary": "Delivered food parcels on Saturdays"}],
    "awards": [{"title": "Engineer of the year", "awarder": "Acme Payments"},
               {"title": "Chess club champion", "awarder": "Riverside Chess Club"}],
    "interests": [{"name": "Hiking"}, {"name": "Chess"}],
    "publications": [{"name": "Notes on gardening", "publisher": "Garden Monthly"}],
}


def stored_matches(app) -> list[JobMatch]:
    """Every stored analysis, oldest first, detached."""
    with app.app_context():
        rows = db.session.execute(db.select(JobMatch).order_by(JobMatch.id)).scalars().all()
        db.session.expunge_all()
        return rows
