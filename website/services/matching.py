"""Job-description match: which keywords of an ad a resume has, a score, and a tailored copy.

How it works (the match page explains the same in words):
1. The ad and the resume are folded (lower case, no accents) and cut into tokens that keep
   technical spellings whole ("c++", "node.js", "ci/cd").
2. Known skills and technical terms are found first, longest phrase first ("machine learning"
   before "learning"); any other token with a digit or one of + # . / counts as technical too.
3. Remaining words lose English stopwords (the `stop-words` list) and job-ad filler ("team",
   "experience"); the rest are compared by their Snowball stem ("developing" ~ "developed").
4. Technical keywords weigh 3, ordinary words 1; the score is the matched share of the weight.
"""
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

import snowballstemmer
from flask import abort
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload
from stop_words import get_stop_words

from website.extensions import db
from website.models import JobMatch, Resume, User
from website.services import events, resume_document, resumes
from website.services.text import content_fields, fold

AD_MAX_LENGTH = 20_000
TECHNICAL_WEIGHT = 3
ORDINARY_WEIGHT = 1
MAX_TECHNICAL = 30
MAX_ORDINARY = 15
# In a long ad a word said once is noise; in a short one every word counts.
LONG_AD_WORDS = 150
HISTORY_SHOWN = 20

# Skills and technical terms, in the spelling shown to people. Ambiguous words ("go", "r", "c")
# are left out: in an ad they are far more often English than a language.
TECHNICAL_TERMS = (
    "Python", "Java", "JavaScript", "TypeScript", "Golang", "Rust", "C++", "C#", "Ruby", "PHP",
    "Kotlin", "Swift", "Scala", "Perl", "Haskell", "Elixir", "Erlang", "Clojure", "Dart", "Lua",
    "MATLAB", "Bash", "PowerShell", "SQL", "NoSQL", "PostgreSQL", "MySQL", "SQLite", "MongoDB",
    "Redis", "Elasticsearch", "Cassandra", "DynamoDB", "Oracle", "Snowflake", "BigQuery",
    "Kafka", "RabbitMQ", "Spark", "Hadoop", "Airflow", "dbt", "Flask", "Django", "FastAPI",
    "Spring", "Spring Boot", "Rails", "Ruby on Rails", "Laravel", "Node.js", "Express", "React",
    "React Native", "Angular", "Vue.js", "Svelte", "Next.js", "Redux", "GraphQL", "REST",
    "gRPC", "HTML", "CSS", "Sass", "Tailwind", "Bootstrap", "jQuery", "Webpack", ".NET",
    "ASP.NET", "Docker", "Kubernetes", "Helm", "Terraform", "Ansible", "Puppet", "Chef",
    "Jenkins", "GitHub Actions", "GitLab CI", "CI/CD", "Git", "Linux", "Unix", "Windows Server",
    "AWS", "Azure", "Google Cloud", "GCP", "Heroku", "Lambda", "EC2", "S3", "Serverless",
    "Microservices", "Machine learning", "Deep learning", "Artificial intelligence",
    "Natural language processing", "Computer vision", "Data science", "Data analysis",
    "Data engineering", "Data visualization", "Statistics", "TensorFlow", "PyTorch",
    "scikit-learn", "Pandas", "NumPy", "Jupyter", "Tableau", "Power BI", "Excel", "Looker",
    "ETL", "Big data", "Project management", "Product management", "Agile", "Scrum", "Kanban",
    "Jira", "Confluence", "Stakeholder management", "Risk management", "Change management",
    "Team leadership", "People management", "Unit testing", "Test automation",
    "Integration testing", "TDD", "Selenium", "Playwright", "Cypress", "Jest", "pytest",
    "Figma", "Sketch", "UX", "UI", "User research", "Accessibility", "SEO", "SEM",
    "Google Analytics", "Salesforce", "SAP", "HubSpot", "CRM", "ERP", "Content marketing",
    "Digital marketing", "Social media", "Copywriting", "Customer service", "Customer success",
    "Account management", "Business development", "Lead generation", "Negotiation",
    "Public speaking", "Financial analysis", "Financial modeling", "Accounting", "Budgeting",
    "Forecasting", "Supply chain", "Logistics", "Six Sigma", "Lean", "ITIL", "PMP",
    "Cybersecurity", "Information security", "Penetration testing", "OAuth", "SSO",
    "Networking", "TCP/IP", "DevOps", "SRE", "Site reliability", "Observability", "Prometheus",
    "Grafana", "Datadog", "Nginx", "API", "APIs", "SaaS", "Distributed systems",
    "System design", "Object-oriented programming", "Functional programming", "Embedded",
    "Firmware", "iOS", "Android", "Mobile development", "Web development", "Full stack",
    "Frontend", "Backend", "Cloud computing", "Version control", "Code review",
    "Technical writing", "English", "German", "French", "Spanish",
)
# Other spellings of the same term.
ALIASES = {"k8s": "Kubernetes", "js": "JavaScript", "ts": "TypeScript", "postgres": "PostgreSQL",
           "ml": "Machine learning", "ai": "Artificial intelligence", "nlp":
           "Natural language processing", "ci / cd": "CI/CD", "nodejs": "Node.js",
           "node": "Node.js", "vue": "Vue.js", "reactjs": "React", "golang": "Golang",
           "gcp": "Google Cloud", "amazon web services": "AWS", "microservice": "Microservices",
           "api": "APIs", "front-end": "Frontend", "back-end": "Backend",
           "full-stack": "Full stack"}
# Words every ad uses that say nothing about the job's skills.
AD_FILLER = frozenset("""
ability able applicant applicants apply benefit benefits candidate candidates company
competitive culture day days environment excellent experience experienced familiar
familiarity good great ideal join knowledge looking month months must nice opportunity
opportunities plus position preferred proven required requirement requirements
responsibilities responsibility role salary skill skills strong team teams understanding
want well work working year years job jobs offer offers including etc per new based within
closely across help ensure make makes making will would like love passionate
""".split())
# Stopword lists of other languages, to tell an ad in another language from an English one.
OTHER_LANGUAGES = ("german", "french", "spanish", "italian", "portuguese", "dutch", "swedish",
                   "danish", "norwegian", "finnish", "polish", "czech", "turkish", "romanian",
                   "hungarian", "russian", "ukrainian", "indonesian")
TOKEN = re.compile(r"(?:(?<![\w.])\.)?[a-z0-9][a-z0-9+#]*(?:[./-][a-z0-9+#]+)*[+#]*")
TECHNICAL_CHARACTER = re.compile(r"[\d+#./]")
WORD = re.compile(r"[^\W\d_]+")
_stemmer = snowballstemmer.stemmer("english")


class AdRejected(ValueError):
    """The ad cannot be scored sensibly; the message says why, for the person who pasted it."""


@dataclass(frozen=True)
class Keyword:
    """One thing an ad asks for: `key` compares, `label` is shown, technical ones weigh more."""

    key: str
    label: str
    technical: bool

    @property
    def weight(self) -> int:
        """Return how much this keyword counts in the score."""
        return TECHNICAL_WEIGHT if self.technical else ORDINARY_WEIGHT


@dataclass
class Analysis:
    """The result of comparing one ad with one resume."""

    score: int
    matched: list[Keyword]
    missing: list[Keyword]
    job_title: str = ""
    suggestions: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _terms() -> dict[tuple[str, ...], "Keyword"]:
    """Return {folded tokens of a term or alias: its keyword}."""
    pairs = [(label, label) for label in TECHNICAL_TERMS] + list(ALIASES.items())
    return {tuple(TOKEN.findall(fold(spelling))): Keyword(fold(label), label, True)
            for spelling, label in pairs}


@lru_cache(maxsize=1)
def _longest_term() -> int:
    return max(len(tokens) for tokens in _terms())


@cache
def _stopwords(language: str) -> frozenset[str]:
    return frozenset(fold(word) for word in get_stop_words(language))


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


def _is_technical_token(token: str) -> bool:
    return TECHNICAL_CHARACTER.search(token) is not None


def _scan(text: str, skill_keys: frozenset[str] = frozenset()) -> list[Keyword]:
    """Return every keyword occurrence in `text`, in order (a keyword once per occurrence)."""
    tokens = TOKEN.findall(fold(text))
    terms, longest, stop = _terms(), _longest_term(), _stopwords("english")
    found, index = [], 0
    while index < len(tokens):
        for size in range(min(longest, len(tokens) - index), 0, -1):
            term = terms.get(tuple(tokens[index:index + size]))
            if term is not None:
                found.append(term)
                index += size
                break
        else:
            token = tokens[index].strip(".-/")
            index += 1
            if len(token) < 2 or token.isdigit() or token in stop or token in AD_FILLER:
                continue
            if _is_technical_token(token):
                found.append(Keyword(token, token, True))
            else:
                key = _stem(token)
                found.append(Keyword(key, token, key in skill_keys))
    return found


def keyword_from_label(label: str) -> Keyword:
    """Return the keyword a stored label stands for (labels are what JobMatch rows keep)."""
    scanned = _scan(label)
    if len(scanned) == 1:
        return scanned[0]
    return Keyword(fold(label), label, True)


def _language_problem(ad: str) -> str | None:
    words = WORD.findall(fold(ad))
    if not words:
        return None
    foreign_script = sum(1 for word in words if not word.isascii())
    if foreign_script * 2 > len(words):
        return ("This ad does not seem to be in English. The match compares English words, so "
                "paste the English version of the ad if there is one.")
    if len(words) < 8:
        return None
    counts = Counter(words)

    def stopwords_of(language: str) -> int:
        return sum(counts[word] for word in counts.keys() & _stopwords(language))

    english = stopwords_of("english")
    for language in OTHER_LANGUAGES:
        other = stopwords_of(language)
        if other > english * 1.5 and other >= 4:
            return (f"This ad seems to be in {language.title()}. The match compares English "
                    "words, so paste the English version of the ad if there is one.")
    return None


def _resume_text(resume: Resume) -> str:
    return "\n".join(text for _, text in content_fields(resume.title, resume.content))


def _skill_keys(content: dict) -> frozenset[str]:
    """Return the stems of every word of the resume's Skills section (they count as skills)."""
    skills = resume_document.normalize(content)["skills"]
    text = " ".join(" ".join([skill.get("name", ""), *skill.get("keywords", [])])
                    for skill in skills)
    return frozenset(_stem(token) for token in TOKEN.findall(fold(text)))


def ad_keywords(ad: str, skill_keys: frozenset[str] = frozenset()) -> list[Keyword]:
    """Return the keywords of an ad, most important first; raise AdRejected if it has none."""
    problem = _language_problem(ad)
    if problem:
        raise AdRejected(problem)
    occurrences = _scan(ad, skill_keys)
    counts = Counter(keyword.key for keyword in occurrences)
    first: dict[str, Keyword] = {}
    for keyword in occurrences:
        first.setdefault(keyword.key, keyword)
    ordered = sorted(first.values(), key=lambda k: -counts[k.key])  # stable: ad order on ties
    minimum = 2 if len(occurrences) >= LONG_AD_WORDS else 1
    technical = [k for k in ordered if k.technical][:MAX_TECHNICAL]
    ordinary = [k for k in ordered if not k.technical and counts[k.key] >= minimum][:MAX_ORDINARY]
    if not technical and not ordinary:
        raise AdRejected("This ad has no words to match: only common words like “the” and "
                         "“with” are left. Paste the whole ad, with its requirements.")
    return technical + ordinary


def _job_title(ad: str) -> str:
    first_line = next((line.strip() for line in ad.splitlines() if line.strip()), "")
    return first_line[:80] + ("…" if len(first_line) > 80 else "")


def analyze(resume: Resume, ad: str) -> Analysis:
    """Compare `ad` with the resume and return the score and keywords (nothing is stored)."""
    skill_keys = _skill_keys(resume.content)
    keywords = ad_keywords(ad, skill_keys)
    have = {keyword.key for keyword in _scan(_resume_text(resume))}
    matched = [keyword for keyword in keywords if keyword.key in have]
    missing = [keyword for keyword in keywords if keyword.key not in have]
    total = sum(keyword.weight for keyword in keywords)
    score = round(100 * sum(keyword.weight for keyword in matched) / total)
    return Analysis(score, matched, missing, _job_title(ad))


def record(resume: Resume, user: User, ad: str) -> JobMatch:
    """Analyze `ad` against the resume, store the result and announce it in one commit."""
    analysis = analyze(resume, ad)
    match = JobMatch(user=user, resume=resume, job_title=analysis.job_title,
                     score=analysis.score,
                     matched_keywords=[keyword.label for keyword in analysis.matched],
                     missing_keywords=[keyword.label for keyword in analysis.missing])
    db.session.add(match)
    db.session.flush()  # the event names the match by its id
    events.publish(events.ANALYSIS_COMPLETED, resume, score=match.score, match_id=match.id)
    db.session.commit()
    return match


def stored_analysis(match: JobMatch, resume: Resume) -> Analysis:
    """Return a stored match as an Analysis with suggestions for the resume as it is now."""
    skill_keys = _skill_keys(resume.content)

    def keyword(label: str) -> Keyword:
        found = keyword_from_label(label)
        return Keyword(found.key, found.label, found.technical or found.key in skill_keys)

    analysis = Analysis(match.score, [keyword(label) for label in match.matched_keywords],
                        [keyword(label) for label in match.missing_keywords], match.job_title)
    analysis.suggestions = suggestions(analysis, resume)
    return analysis


def suggestions(analysis: Analysis, resume: Resume) -> list[str]:
    """Return concrete things to change in the resume, most useful first."""
    advice = []
    if not resume_document.normalize(resume.content)["skills"]:
        advice.append("Add a Skills section: applicant tracking systems look there first.")
    technical = [keyword for keyword in analysis.missing if keyword.technical]
    ordinary = [keyword for keyword in analysis.missing if not keyword.technical]
    advice += [f"Add “{keyword.label}” to your skills if you have it, and name a job or "
               "project where you used it." for keyword in technical[:5]]
    advice += [f"Use the word “{keyword.label}” in your summary or a highlight, where it is "
               "true of you." for keyword in ordinary[:3]]
    if analysis.score >= 80:
        advice.append("This is a strong match: put the matched skills near the top with a "
                      "tailored copy.")
    elif analysis.matched:
        advice.append("Create a tailored copy so the matched skills and highlights come first.")
    return advice


def history(resume: Resume) -> list[JobMatch]:
    """Return the resume's newest analyses, newest first."""
    return list(db.session.execute(
        db.select(JobMatch).where(JobMatch.resume_id == resume.id)
        .order_by(JobMatch.created_at.desc(), JobMatch.id.desc()).limit(HISTORY_SHOWN)).scalars())


def user_history(user: User, page: int, per_page: int) -> Pagination:
    """Return one page of every analysis of `user`'s, newest first, with its resume loaded."""
    query = (db.select(JobMatch).where(JobMatch.user_id == user.id)
             .options(joinedload(JobMatch.resume))
             .order_by(JobMatch.created_at.desc(), JobMatch.id.desc()))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def get_match_or_404(resume: Resume, match_id: int) -> JobMatch:
    """Return one analysis of `resume`, or abort with 404."""
    match = db.session.get(JobMatch, match_id)
    if match is None or match.resume_id != resume.id:
        abort(404)
    return match


def _relevance(text: str, wanted: dict[str, int]) -> int:
    return sum(wanted.get(keyword.key, 0) for keyword in {k.key: k for k in _scan(text)}.values())


def tailored_content(content: dict, keywords: list[Keyword]) -> dict:
    """Return `content` with skills and each job's highlights ordered by relevance to the
    keywords (stable: equally relevant items keep their order); nothing else changes."""
    document = resume_document.normalize(content)
    wanted = {keyword.key: keyword.weight for keyword in keywords}

    def skill_text(skill: dict) -> str:
        return " ".join([skill.get("name", ""), *skill.get("keywords", [])])

    document["skills"] = sorted(document["skills"],
                                key=lambda skill: -_relevance(skill_text(skill), wanted))
    for job in document["work"]:
        job["highlights"] = sorted(job.get("highlights", []),
                                   key=lambda line: -_relevance(line, wanted))
    return document


def create_tailored_copy(resume: Resume, match: JobMatch, user: User) -> Resume:
    """Create a copy of the resume ordered for the match's ad, announced as a generation."""
    keywords = [keyword_from_label(label)
                for label in [*match.matched_keywords, *match.missing_keywords]]
    skill_keys = _skill_keys(resume.content)
    keywords = [Keyword(k.key, k.label, k.technical or k.key in skill_keys) for k in keywords]
    settings = {key: value for key, value in (resume.template_settings or {}).items()
                if key != "photo_id"}  # a photo belongs to one resume
    suffix = " (tailored)"
    title = resume.title[:resumes.TITLE_MAX_LENGTH - len(suffix)] + suffix
    return resumes.create(user, title, resume.template_slug,
                          tailored_content(resume.content, keywords), settings,
                          event=events.GENERATION_COMPLETED, source_resume_id=resume.id,
                          match_id=match.id)
