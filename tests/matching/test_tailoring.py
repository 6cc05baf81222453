"""Tailoring: proposals for a job ad, accepted or rejected one by one on the match page, and the
variant made from the accepted ones: linked to its master, with nothing invented."""
import copy
import html
import re

import lxml.html
import pytest

from tests.factories import make_resume
from tests.helpers import filled_fields
from tests.match_samples import AD, RESUME
from website.extensions import db
from website.models import Resume, ResumeAnalytic, User
from website.services import matching, resume_document, resumes
from website.services.matching import tailoring


@pytest.fixture
def matched(app, user) -> tuple[int, int]:
    """The sample resume of `user`, analysed against the sample ad: (resume id, match id)."""
    resume_id = make_resume(app, user, content=copy.deepcopy(RESUME))
    with app.app_context():
        match = matching.record(db.session.get(Resume, resume_id),
                                db.session.get(User, user.id), AD)
        return resume_id, match.id


def proposals_of(app, resume_id: int, match_id: int) -> list[tailoring.Proposal]:
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        return tailoring.proposals(resume, matching.get_match(resume, match_id))


def of_kind(proposals, kind: str) -> list[tailoring.Proposal]:
    return [proposal for proposal in proposals if proposal.kind == kind]


def highlights_proposal(proposals, company: str) -> tailoring.Proposal:
    [found] = [p for p in of_kind(proposals, tailoring.HIGHLIGHTS_ORDER) if company in p.title]
    return found


def hide_proposal(proposals, name: str) -> tailoring.Proposal:
    [found] = [p for p in of_kind(proposals, tailoring.HIDE) if p.before == (name,)]
    return found


def master_document() -> dict:
    return resume_document.normalize(copy.deepcopy(RESUME))


def test_skills_naming_the_ads_skills_come_first_by_weight(app, matched):
    [proposal] = of_kind(proposals_of(app, *matched), tailoring.SKILLS_ORDER)
    assert proposal.before == ("Public speaking", "Python", "Kubernetes", "Figma", "Databases")
    # Databases names two must-haves (PostgreSQL, SQL); unrelated skills keep their order.
    assert proposal.after == ("Databases", "Python", "Kubernetes", "Public speaking", "Figma")


def test_each_job_whose_highlights_change_order_gets_one_proposal(app, matched):
    proposals = proposals_of(app, *matched)
    assert len(of_kind(proposals, tailoring.HIGHLIGHTS_ORDER)) == 2  # not the intern job
    acme = highlights_proposal(proposals, "Senior Engineer, Acme Payments")
    assert acme.before == tuple(RESUME["work"][0]["highlights"])
    assert acme.after == ("Tuned slow PostgreSQL queries in Python",
                          "Moved 40 services to Kubernetes without downtime",
                          "Organised the office book club", "Wrote the onboarding guide")
    globex = highlights_proposal(proposals, "Engineer, Globex")
    assert globex.after == ("Built dashboards in React", "Ran the summer party")


def test_projects_using_the_ads_skills_move_up(app, matched):
    [proposal] = of_kind(proposals_of(app, *matched), tailoring.PROJECTS_ORDER)
    assert (proposal.before, proposal.after) == (("Recipe box", "Cluster doctor"),
                                                 ("Cluster doctor", "Recipe box"))


def test_unrelated_entries_may_be_left_out_but_never_jobs_schools_or_a_whole_section(
        app, matched):
    hidden = {proposal.before for proposal in of_kind(proposals_of(app, *matched),
                                                      tailoring.HIDE)}
    # "Engineer of the year" stays: it names a word of the job title. Interests name nothing
    # of the ad, so leaving them out would empty the section; the only publication stays.
    assert hidden == {("Recipe box",), ("Driver, Food bank",), ("Chess club champion",)}
    assert all(not proposal.after for proposal in of_kind(proposals_of(app, *matched),
                                                          tailoring.HIDE))


def test_the_summary_sentence_names_the_role_and_only_matched_skills(app, matched):
    [proposal] = of_kind(proposals_of(app, *matched), tailoring.SUMMARY)
    assert proposal.before == (RESUME["basics"]["summary"],)
    [after] = proposal.after
    sentence, _, rest = after.partition(". ")
    assert rest == RESUME["basics"]["summary"]
    role, _, strengths = sentence.partition(" with strengths in ")
    assert role == "Platform Engineer"
    assert set(re.split(r", | and ", strengths)) == {"Kubernetes", "Python", "SQL", "PostgreSQL"}


@pytest.mark.parametrize("first_line", ["Platform Engineer (Go) – Payments",
                                        "Platform Engineer | Remote, Berlin",
                                        "Platform Engineer, Infrastructure team"])
def test_the_summary_sentence_names_the_job_title_without_what_follows_it(app, user,
                                                                          first_line):
    resume_id = make_resume(app, user, content=copy.deepcopy(RESUME))
    with app.app_context():
        match_id = matching.record(db.session.get(Resume, resume_id),
                                   db.session.get(User, user.id),
                                   AD.replace("Platform Engineer", first_line, 1)).id
    [proposal] = of_kind(proposals_of(app, resume_id, match_id), tailoring.SUMMARY)
    assert proposal.after[0].startswith("Platform Engineer with strengths in ")


@pytest.mark.parametrize("content, ad", [
    (RESUME, "We are a friendly team looking for someone who knows Python and Kubernetes"),
    ({"basics": {"summary": "Designer."}, "skills": [{"name": "Figma"}]},
     "Platform Engineer\nPython and Kubernetes."),
])
def test_no_summary_sentence_without_a_job_title_or_a_matched_skill(app, user, content, ad):
    resume_id = make_resume(app, user, content=copy.deepcopy(content))
    with app.app_context():
        match_id = matching.record(db.session.get(Resume, resume_id),
                                   db.session.get(User, user.id), ad).id
    assert of_kind(proposals_of(app, resume_id, match_id), tailoring.SUMMARY) == []


def test_missing_keywords_are_advice_with_where_they_would_fit(app, matched):
    advice = of_kind(proposals_of(app, *matched), tailoring.KEYWORD)
    assert [item.title.split("”")[0].lstrip("“") for item in advice] == ["Terraform", "Docker"]
    assert "must-have" in advice[0].title and "nice-to-have" in advice[1].title
    for item in advice:
        assert not item.applicable and item.before == item.after == ()
        assert item.where == ("Skills", "Experience · Senior Engineer, Acme Payments · Highlights")


def test_proposal_ids_are_stable_and_unique(app, matched):
    first, second = proposals_of(app, *matched), proposals_of(app, *matched)
    assert [p.id for p in first] == [p.id for p in second]
    assert len({p.id for p in first}) == len(first)
    assert {p.kind for p in first} == set(tailoring.KINDS)


def result_page(resume_id: int, match_id: int) -> str:
    return f"/resume/{resume_id}/match/{match_id}"


def decisions_on_the_page(auth_client, resume_id: int, match_id: int) -> dict[str, str]:
    """{proposal id: the choice checked} for every accept/reject group of the result page."""
    tree = lxml.html.fromstring(auth_client.get(result_page(resume_id, match_id)).data)
    radios = tree.xpath('//form[contains(@action, "/tailor")]//input[@type="radio"]')
    assert {radio.get("value") for radio in radios} == {"accept", "reject"}
    for radio in radios:  # each choice has its label
        assert tree.xpath(f'//label[@for="{radio.get("id")}"]')
    return {radio.get("name").removeprefix("proposal:"): radio.get("value")
            for radio in radios if radio.get("checked") is not None}


def tailor(auth_client, resume_id: int, match_id: int, decisions: dict[str, str]):
    return auth_client.submit(f"{result_page(resume_id, match_id)}/tailor",
                              {f"proposal:{key}": value for key, value in decisions.items()},
                              page=result_page(resume_id, match_id))


def variant_id(response) -> int:
    assert response.status_code == 302
    return int(re.fullmatch(r"/resume/(\d+)/preview", response.headers["Location"]).group(1))


def resume_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Resume))


def test_the_page_offers_every_applicable_proposal_accepted_by_default(auth_client, app,
                                                                       matched):
    proposals = proposals_of(app, *matched)
    assert decisions_on_the_page(auth_client, *matched) == {
        proposal.id: "accept" for proposal in proposals if proposal.applicable}
    page = html.unescape(auth_client.get(result_page(*matched)).get_data(as_text=True))
    for proposal in proposals:
        assert proposal.title in page
    assert "It would fit in Skills, or in Experience · Senior Engineer, Acme Payments · " \
           "Highlights." in page
    assert "Left out of the variant; this resume keeps it." in page


def test_accepted_proposals_are_applied_and_rejected_ones_are_not(auth_client, app, matched):
    resume_id, match_id = matched
    proposals = proposals_of(app, *matched)
    accepted = {of_kind(proposals, tailoring.SKILLS_ORDER)[0].id,
                highlights_proposal(proposals, "Acme Payments").id,
                hide_proposal(proposals, "Driver, Food bank").id,
                of_kind(proposals, tailoring.SUMMARY)[0].id}
    decisions = {p.id: "accept" if p.id in accepted else "reject"
                 for p in proposals if p.applicable}
    response = tailor(auth_client, resume_id, match_id, decisions)
    with app.app_context():
        variant = db.session.get(Resume, variant_id(response))
        content = variant.content
    expected = master_document()
    expected["basics"]["summary"] = of_kind(proposals, tailoring.SUMMARY)[0].after[0]
    expected["work"][0]["highlights"] = list(highlights_proposal(proposals, "Acme").after)
    by_name = {skill["name"]: skill for skill in expected["skills"]}
    expected["skills"] = [by_name[name] for name in of_kind(proposals,
                                                            tailoring.SKILLS_ORDER)[0].after]
    expected["volunteer"] = expected["volunteer"][:1]
    for key in expected:
        assert content[key] == expected[key], key
    assert content == expected

    preview = html.unescape(auth_client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Created “Backend roles (tailored)”, a variant of “Backend roles”." in preview
    applied = re.search(r"Applied: ([^<]*)\.<", preview).group(1).split("; ")
    assert sorted(applied) == sorted(p.title for p in proposals if p.id in accepted)


def strings(document: dict) -> list[str]:
    return [value for _, value in filled_fields(document) if isinstance(value, str)]


def test_nothing_is_invented_when_every_proposal_is_accepted(auth_client, app, matched):
    resume_id, match_id = matched
    response = tailor(auth_client, resume_id, match_id,
                      decisions_on_the_page(auth_client, resume_id, match_id))
    with app.app_context():
        content = db.session.get(Resume, variant_id(response)).content
    master = master_document()
    summary = content["basics"].pop("summary")
    assert summary.endswith(f". {master['basics'].pop('summary')}")
    assert set(strings(content)) <= set(strings(master))
    sentence = summary.removesuffix(RESUME["basics"]["summary"])
    words = re.findall(r"[^\W_]+", sentence)
    known = set(re.findall(r"[^\W_]+", AD.splitlines()[0] + " ".join(strings(master))))
    assert set(words) - known == {"with", "strengths", "in", "and"} - known
    assert [entry["organization"] for entry in content["volunteer"]] == ["Code Club"]
    assert len(content["work"]) == 3 and len(content["education"]) == 1
    assert [item["name"] for item in content["interests"]] == ["Hiking", "Chess"]


def test_the_variant_is_linked_to_its_master_and_announced(auth_client, app, user, matched):
    resume_id, match_id = matched
    with app.app_context():  # a master with some history: the link names its version
        master = db.session.get(Resume, resume_id)
        resumes.save(master, master.owner, master.version, title="Backend roles")
        resumes.save(master, master.owner, master.version, title="Platform roles")
    response = tailor(auth_client, resume_id, match_id, {})
    with app.app_context():
        master, variant = db.session.get(Resume, resume_id), db.session.get(Resume,
                                                                            variant_id(response))
        assert (variant.master_id, variant.master_version) == (master.id, master.version)
        assert master.version == 2 and variant.user_id == user.id
        assert variant.title == "Platform roles (tailored)"
        event = db.session.execute(db.select(ResumeAnalytic).where(
            ResumeAnalytic.resume_id == variant.id)).scalar_one()
        assert (event.action, event.details) == (
            "create", {"source_resume_id": resume_id, "match_id": match_id})


def test_rejecting_every_proposal_makes_a_plain_copy(auth_client, app, matched):
    resume_id, match_id = matched
    decisions = {key: "reject" for key in decisions_on_the_page(auth_client, *matched)}
    response = tailor(auth_client, resume_id, match_id, decisions)
    with app.app_context():
        assert db.session.get(Resume, variant_id(response)).content == master_document()
    assert "No proposal was accepted, so it is a plain copy." in html.unescape(
        auth_client.get(response.headers["Location"]).get_data(as_text=True))


def test_forged_or_advice_ids_are_refused_and_nothing_is_created(auth_client, app, matched):
    resume_id, match_id = matched
    [advice, *_] = of_kind(proposals_of(app, *matched), tailoring.KEYWORD)
    for forged in ("hide-work-0123456789", advice.id, "<script>x</script>"):
        response = tailor(auth_client, resume_id, match_id,
                          {**decisions_on_the_page(auth_client, *matched), forged: "accept"})
        assert response.status_code == 422
        tree = lxml.html.fromstring(response.data)
        message = tree.get_element_by_id("tailor-error").text_content()
        assert f"“{forged}” is not among the proposals for this resume and ad" in message
        assert "nothing was created" in message
    assert resume_count(app) == 1


def test_a_form_forging_many_ids_gets_a_short_message(auth_client, app, matched):
    forged = {f"forged-{number:04}": "accept" for number in range(500)}
    response = tailor(auth_client, *matched, forged)
    assert response.status_code == 422
    message = lxml.html.fromstring(response.data).get_element_by_id("tailor-error")
    assert message.text_content().startswith("“forged-0000”, “forged-0001”, “forged-0002” and "
                                             "497 more are not among the proposals")
    assert resume_count(app) == 1


def test_a_proposal_shown_before_the_resume_changed_is_refused(auth_client, app, matched):
    resume_id, match_id = matched
    shown = decisions_on_the_page(auth_client, *matched)
    with app.app_context():  # another tab edits the first job's highlights
        resume = db.session.get(Resume, resume_id)
        content = copy.deepcopy(resume.content)
        content["work"][0]["highlights"].append("Ran Python workshops")
        resumes.save(resume, resume.owner, resume.version, content=content)
    response = tailor(auth_client, resume_id, match_id, shown)
    assert response.status_code == 422
    assert "the resume may have changed" in html.unescape(response.get_data(as_text=True))
    assert resume_count(app) == 1


def test_tailoring_needs_a_csrf_token(auth_client, app, matched):
    resume_id, match_id = matched
    response = auth_client.post(f"{result_page(resume_id, match_id)}/tailor", data={})
    assert response.status_code == 400
    assert resume_count(app) == 1


def test_another_users_resume_or_match_cannot_be_tailored(auth_client, app, make_user, matched):
    stranger = make_user(email="sam@example.com", name="Sam Smith")
    theirs = make_resume(app, stranger, content=copy.deepcopy(RESUME))
    with app.app_context():
        their_match = matching.record(db.session.get(Resume, theirs),
                                      db.session.get(User, stranger.id), AD).id
    mine, my_match = matched
    for resume_id, match_id in ((theirs, their_match), (mine, their_match), (theirs, my_match)):
        response = auth_client.submit(f"{result_page(resume_id, match_id)}/tailor", {},
                                      page=result_page(mine, my_match))
        assert response.status_code == 404
    assert resume_count(app) == 2
