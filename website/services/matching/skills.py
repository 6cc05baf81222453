"""Skill recognition: which skills of the vocabulary a text names, and where.

CONTRACT (foundation stub; the vocabulary issue replaces the internals, not the interface):
`find_skills(text)` returns every mention of a vocabulary skill in `text`, in order, with
character offsets into `text`; `skill(key)` returns a skill by its stable key.
"""
import re
from dataclasses import dataclass
from functools import cache

from website.services.text import fold, fold_with_offsets

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
TOKEN = re.compile(r"(?:(?<![\w.])\.)?[a-z0-9][a-z0-9+#]*(?:[./-][a-z0-9+#]+)*[+#]*")


@dataclass(frozen=True)
class Skill:
    """One skill of the vocabulary: `key` is stable (stored in matches), `name` is shown."""

    key: str
    name: str
    kind: str = "technology"  # technology, practice or professional


@dataclass(frozen=True)
class Mention:
    """One place where a text names a skill: `text[start:end]` is how it was written."""

    skill: Skill
    start: int
    end: int


@cache
def _vocabulary() -> tuple[dict[tuple[str, ...], Skill], int]:
    pairs = [(name, name) for name in TECHNICAL_TERMS] + list(ALIASES.items())
    terms = {tuple(TOKEN.findall(fold(spelling))): Skill(fold(name), name)
             for spelling, name in pairs}
    return terms, max(len(tokens) for tokens in terms)


def find_skills(text: str) -> list[Mention]:
    """Return every mention of a vocabulary skill in `text`, in order of appearance."""
    folded, offsets = fold_with_offsets(text)
    tokens = list(TOKEN.finditer(folded))
    terms, longest = _vocabulary()
    found, index = [], 0
    while index < len(tokens):
        for size in range(min(longest, len(tokens) - index), 0, -1):
            term = terms.get(tuple(match.group() for match in tokens[index:index + size]))
            if term is not None:
                start, end = tokens[index].start(), tokens[index + size - 1].end()
                found.append(Mention(term, offsets[start], offsets[end - 1] + 1))
                index += size
                break
        else:
            index += 1
    return found


def skill(key: str) -> Skill | None:
    """Return the vocabulary's skill with this key, or None if the vocabulary has no such key."""
    return next((term for term in _vocabulary()[0].values() if term.key == key), None)
