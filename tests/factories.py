"""Builders of the app's rows, made through the services as the app makes them.

Each builder takes the app and the owner first and keyword arguments for the variations; it
returns the new row's id (or what a caller needs of it), never an object bound to a session.
"""
import functools

from tests.helpers import PASSWORD
from website.extensions import db
from website.models import Application, Resume, User
from website.models.user import hash_password
from website.services import accounts, api_tokens, application_links, applications, resumes


@functools.cache
def password_hash(password: str) -> str:
    """Return the stored form of `password`, hashed once a run: scrypt takes a tenth of a second
    of CPU, and most tests make a user with the same password (logging in still checks it)."""
    return hash_password(password)


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


JOB_SEARCH_RESUME = {"basics": {"name": "Jane Doe", "label": "Backend Engineer"},
           "skills": [{"name": "Python"}]}


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
    resumes.save(backend, owner, backend.version, template_slug="sidebar")
    track(owner, "Initech", "applied", resume=backend)
    umbrella = track(owner, "Umbrella", "applied", "interviewing", "rejected", resume=tailored,
                     views=1)
    application_links.revoke(application_links.create(umbrella))
    track(owner, "Hooli", "applied", resume=tailored)
    track(owner, "Stark")
    track(owner, "Wayne", "withdrawn", resume=tailored)
    track(owner, "Trashed", "applied", "offer", resume=backend, views=4, trashed=True)
