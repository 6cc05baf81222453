"""Builders of the app's rows, made through the services as the app makes them.

Each builder takes the app and the owner first and keyword arguments for the variations; it
returns the new row's id (or what a caller needs of it), never an object bound to a session.
"""
import copy
import functools
import io
from datetime import UTC, datetime, time, timedelta

from PIL import Image
from sqlalchemy import insert
from werkzeug.security import generate_password_hash

from tests.helpers import PASSWORD
from tests.resume_samples import JOB_SEARCH_RESUME, THREE_JOBS
from website.extensions import db
from website.models import Application, JobMatch, Resume, ResumeAnalytic, User, utcnow
from website.services import (
    accounts,
    api_tokens,
    application_links,
    applications,
    photos,
    resumes,
    versions,
)


@functools.cache
def password_hash(password: str) -> str:
    """Return a stored form of `password` that logging in checks as it checks any: salted
    scrypt, with a work factor 32 times smaller than the one sign-up uses (which takes a tenth
    of a second of CPU per check, and most tests log in)."""
    return generate_password_hash(password, method="scrypt:1024:8:1")


def create_user(app, email: str = "jane@example.com", name: str = "Jane Doe",
                password: str = PASSWORD) -> User:
    """Create a user through the service; return it detached, its columns loaded."""
    with app.app_context():
        user = accounts.create_user_with_hash(name, email, password_hash(password))
        db.session.refresh(user)  # load the committed row before detaching it
        db.session.expunge(user)
        return user


def make_token(app, user, scope: str = "read-write") -> str:
    """Return the text of a new personal access token of `user`."""
    with app.app_context():
        return api_tokens.create(db.session.get(User, user.id), "tests", scope)[1]


def track(owner: User, company: str, *moves: str, resume: Resume | None = None,
          views: int = 0, trashed: bool = False) -> Application:
    """Create an application sending `resume`, move it through `moves` and open a tracked link
    to it `views` times, all through the services the pages use."""
    application = applications.create(owner, applications.Fields(company=company,
                                                                 role="Backend Engineer"),
                                      resume=resume)
    for status in moves:
        applications.move(application, status)
    if views:
        link = application_links.create(application)
        for _ in range(views):
            application_links.record_view(link)
    if trashed:
        applications.move_to_trash(application)
    return application


def job_search(owner: User) -> None:
    """Seven applications (and one in the trash) over a resume, its tailored variant, a design
    change and no resume at all:

    | company | resume          | design  | moves                          | views |
    | Acme    | Backend roles   | Modern  | applied, interviewing, offer   | 3     |
    | Globex  | Backend roles   | Modern  | applied, rejected              | 0 (a link) |
    | Initech | Backend roles   | Sidebar | applied                        |       |
    | Umbrella| tailored        | Classic | applied, interviewing, rejected| 1 (+ a revoked link) |
    | Hooli   | tailored        | Classic | applied                        |       |
    | Stark   | none            |         | (saved)                        |       |
    | Wayne   | tailored        | Classic | withdrawn                      |       |
    | Trashed | Backend roles   | Sidebar | applied, offer (in the trash)  | 4     |
    """
    backend = resumes.create(owner, "Backend roles", "modern", JOB_SEARCH_RESUME)
    tailored = resumes.create(owner, "Backend roles (tailored)", "classic", JOB_SEARCH_RESUME,
                              master=backend)
    track(owner, "Acme", "applied", "interviewing", "offer", resume=backend, views=3)
    globex = track(owner, "Globex", "applied", "rejected", resume=backend)
    application_links.create(globex)
    resumes.save(backend, owner, backend.version, design_slug="sidebar")
    track(owner, "Initech", "applied", resume=backend)
    umbrella = track(owner, "Umbrella", "applied", "interviewing", "rejected", resume=tailored,
                     views=1)
    application_links.revoke(application_links.create(umbrella))
    track(owner, "Hooli", "applied", resume=tailored)
    track(owner, "Stark")
    track(owner, "Wayne", "withdrawn", resume=tailored)
    track(owner, "Trashed", "applied", "offer", resume=backend, views=4, trashed=True)


JOBS = [
    {"position": "Staff Engineer", "name": "Acme Corp", "location": "Berlin",
     "url": "https://acme.example.com", "startDate": "2021-03", "endDate": "",
     "summary": "Payments platform team of twelve: card processing, payouts and ledgers.",
     "highlights": ["Led the move of 40 services to Kubernetes without downtime",
                    "Cut infrastructure costs by 30% in one year",
                    "Designed the idempotent payout API used by 2,000 merchants",
                    "Mentored six engineers, three now senior"]},
    {"position": "Senior Engineer", "name": "Globex", "location": "Hamburg",
     "url": "https://globex.example.com", "startDate": "2017-01", "endDate": "2021-02",
     "summary": "Logistics backend: route planning and warehouse integrations.",
     "highlights": ["Rewrote the route planner, making it 12 times faster",
                    "Introduced contract tests between 15 teams",
                    "Ran the on-call rotation and halved the pages per week"]},
    {"position": "Software Engineer", "name": "Initech", "location": "Munich",
     "url": "", "startDate": "2014-06", "endDate": "2016-12",
     "summary": "Internal tools for finance and HR.",
     "highlights": ["Built the expense reporting service",
                    "Automated the monthly close, saving four days per month",
                    "Moved the team from SVN to Git"]},
]


def seed_resume(app, user: User, title: str = "Backend roles", edits: int = 0,
                photo: bool = False) -> int:
    """Create a resume for `user` with the three JOBS, `edits` more saved versions and
    optionally a photo, through the services; return its id."""
    with app.app_context():
        owner = db.session.get(User, user.id)
        content = {"basics": {"name": user.name, "email": user.email, "label": "Engineer"},
                   "work": JOBS}
        resume = resumes.create(owner, title, content=content)
        for number in range(edits):
            resumes.save(resume, owner, resume.version,
                         content={**resume.content,
                                  "basics": {**resume.content["basics"],
                                             "summary": f"Edit number {number + 1}."}})
        if photo:
            photos.set_photo(resume, owner, resume.version, jpeg_bytes())
        return resume.id


def jpeg_bytes(size: tuple[int, int] = (120, 160)) -> bytes:
    """Return a small JPEG photo of `size` pixels."""
    output = io.BytesIO()
    Image.new("RGB", size, (40, 110, 200)).save(output, "JPEG")
    return output.getvalue()


def make_resume(app, owner, title: str = "Backend roles", design: str = "modern",
                content: dict | None = None, *, settings: dict | None = None,
                master_id: int | None = None, trashed: bool = False) -> int:
    """Create a resume of `owner` through the service (version 1) and return its id: with
    `content` (else the owner's name and email), design `settings`, as a variant of
    `master_id`, or moved to the trash."""
    with app.app_context():
        master = db.session.get(Resume, master_id) if master_id else None
        resume = resumes.create(db.session.get(User, owner.id), title, design,
                                copy.deepcopy(content), settings, master=master)
        if trashed:
            resumes.move_to_trash(resume)
        return resume.id


def edit_resume(app, resume_id: int, change=None, **fields) -> str:
    """Save a change as the owner would (`change` edits a copy of the content in place);
    return the summary of the version it wrote."""
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        content = copy.deepcopy(resume.content)
        if change:
            change(content)
        assert resumes.save(resume, resume.owner, resume.version, content=content, **fields)
        return versions.get_version(resume, resume.version).summary


def make_variant(app, master_id: int, change=None, title: str = "Payments job") -> int:
    """Create a variant of the master, its content changed by `change(content)` (tailoring)."""
    with app.app_context():
        master = db.session.get(Resume, master_id)
        content = copy.deepcopy(master.content)
        if change:
            change(content)
        return resumes.create(master.owner, title, master.design_slug, content,
                              master.design_settings, master=master).id


def at(days_ago: int, hour: int = 12, minute: int = 0, second: int = 0) -> datetime:
    """Return a UTC time `days_ago` days before today (the day of the call, so a run may cross
    midnight)."""
    return datetime.combine(utcnow().date() - timedelta(days=days_ago), time(hour, minute, second),
                            tzinfo=UTC)


def add_events(app, user_id: int, resume_id: int | None, action: str, times: list[datetime],
               details: dict | None = None) -> None:
    """Store one event of `action` at each of `times`."""
    with app.app_context():
        db.session.execute(insert(ResumeAnalytic), [
            {"user_id": user_id, "resume_id": resume_id, "action": action,
             "details": details or {}, "created_at": when} for when in times])
        db.session.commit()


def add_match(app, user_id: int, resume_id: int, score: int, when: datetime,
              missing: list[str] = (), job_title: str = "Backend Engineer") -> None:
    """Store one job-match analysis, as the match page does."""
    with app.app_context():
        db.session.add(JobMatch(user_id=user_id, resume_id=resume_id, score=score,
                                job_title=job_title, matched_keywords=["python"],
                                missing_keywords=list(missing), created_at=when))
        db.session.commit()


def grow(app, user_id: int, resumes_count: int, events_per_resume: int) -> None:
    """Add resumes with events and matches to the user, so a page has more to count."""
    with app.app_context():
        owner = db.session.get(User, user_id)
        ids = [resumes.create(owner, f"Resume {n}", "modern", THREE_JOBS).id
               for n in range(resumes_count)]
    for resume_id in ids:
        for action, details in (("view", {}), ("share_view", {}),
                                ("download", {"format": "pdf", "duration_ms": 5})):
            add_events(app, user_id, resume_id, action,
                       [at(n % 80, n % 24) for n in range(events_per_resume)], details)
        add_match(app, user_id, resume_id, 50, at(2), ["rust", "go"])
