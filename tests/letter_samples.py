"""A resume and a job ad to start cover letters from, and the application that ties them."""
import copy

from website.extensions import db
from website.models import Application, User
from website.services import applications, resumes

RESUME = {
    "basics": {"name": "Jane Doe", "label": "Backend Engineer", "email": "jane@example.com",
               "phone": "+49 30 1234567", "location": {"city": "Berlin", "countryCode": "DE"},
               "summary": "Backend engineer with eight years of building payment systems."},
    "work": [
        {"name": "Paystream", "position": "Senior Backend Engineer", "startDate": "2021-03",
         "highlights": ["Led the move of the ledger service to PostgreSQL 15",
                        "Cut p95 API latency from 480 ms to 120 ms"]},
        {"name": "Oldco", "position": "Developer", "startDate": "2016-01",
         "endDate": "2021-02", "highlights": ["Built the billing exports"]},
    ],
    "skills": [{"name": "Languages", "keywords": ["Python", "Go"]},
               {"name": "Infrastructure", "keywords": ["PostgreSQL", "Terraform"]}],
}
# Names Python and PostgreSQL (on the resume) and Kubernetes (not on it).
AD = ("Acme is hiring a Backend Engineer. You know Python and PostgreSQL well; Kubernetes "
      "is a plus.")


def make_application(owner_id: int, design: str = "modern", company: str = "Acme") -> int:
    """Create an application of `owner_id` that sent a resume in `design`; return its id."""
    owner = db.session.get(User, owner_id)
    resume = resumes.create(owner, "Backend", design, copy.deepcopy(RESUME))
    application = applications.create(
        owner, applications.Fields(company=company, role="Backend Engineer",
                                   location="Friedrichstraße 1\n10117 Berlin", ad_text=AD),
        status="applied", resume=resume)
    return application.id


def application(application_id: int) -> Application:
    """Return the application, read afresh."""
    db.session.expire_all()
    return db.session.get(Application, application_id)
