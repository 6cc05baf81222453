"""Turn the visual lines of a PDF or Word resume into a document: headings start sections,
date ranges and emphasis start entries, bullets become highlights, and contact details are
found by their patterns. Whatever is guessed or cannot be placed gets a warning."""
import re
import unicodedata
from dataclasses import dataclass, replace

from website.services.imports import ImportRejected, ImportResult, ImportWarning, TextLine
from website.services.imports.settle import settle

# A reader joins text boxes that share a baseline with a tab, so "Title<TAB>2019 – 2021"
# keeps the gap a right-aligned date had on the page.
SEPARATOR = "\t"

MAX_LINE = 600  # characters of one visual line
MAX_LINES = 3000  # visual lines: ten dense pages hold about 600

HEADINGS = {
    "summary": ("summary", "profile", "about", "about me", "professional summary", "objective",
                "career objective", "career summary", "personal profile", "executive summary",
                "professional profile", "overview", "introduction", "personal statement",
                "summary of qualifications", "qualifications summary", "profil",
                "zusammenfassung", "über mich"),
    "work": ("experience", "work experience", "professional experience", "employment",
             "employment history", "work history", "career history", "relevant experience",
             "experience and employment", "professional background", "career", "positions",
             "work", "jobs", "berufserfahrung", "industry experience", "research experience",
             "teaching experience", "professional history", "employment experience",
             "selected experience", "leadership experience", "other experience",
             "internships", "internship experience"),
    "education": ("education", "academic background", "education and training", "studies",
                  "qualifications", "academic qualifications", "educational background",
                  "education & training", "ausbildung", "academic history", "schooling",
                  "academic experience"),
    "skills": ("skills", "technical skills", "core skills", "key skills", "skills and tools",
               "core competencies", "competencies", "expertise", "areas of expertise",
               "technologies", "tools", "tech stack", "skills & tools", "skill set",
               "skillset", "abilities", "strengths", "kenntnisse", "professional skills",
               "skills & expertise", "skills and expertise", "skills & abilities",
               "technical proficiencies", "software", "computer skills", "it skills",
               "soft skills", "hard skills", "programming languages", "key competencies"),
    "projects": ("projects", "personal projects", "selected projects", "side projects",
                 "key projects", "open source", "open source projects", "portfolio",
                 "academic projects", "projekte", "project experience"),
    "certificates": ("certifications", "certificates", "licenses", "licenses and certifications",
                     "licenses & certifications", "certifications and licenses",
                     "certifications & licenses", "certification", "licences",
                     "courses and certifications", "courses & certifications", "training",
                     "courses", "professional development", "accreditations",
                     "zertifikate", "credentials"),
    "languages": ("languages", "language skills", "language", "spoken languages", "sprachen"),
    "awards": ("awards", "honors", "honours", "awards and honors", "awards & honors",
               "honors and awards", "honors & awards", "honours and awards", "achievements",
               "awards and achievements", "awards & achievements", "recognition", "prizes",
               "scholarships", "awards & recognition", "distinctions", "auszeichnungen",
               "selected honors", "selected awards", "honors & distinctions"),
    "volunteer": ("volunteer", "volunteering", "volunteer experience", "volunteer work",
                  "community involvement", "community service", "volunteering experience",
                  "extracurricular activities", "activities", "leadership and activities",
                  "leadership & activities", "community", "ehrenamt", "civic activities"),
    "publications": ("publications", "selected publications", "papers", "research papers",
                     "publications and talks", "talks", "presentations", "articles",
                     "conference papers", "peer-reviewed publications", "veröffentlichungen",
                     "publications & talks", "patents", "selected papers"),
    "interests": ("interests", "hobbies", "hobbies and interests", "hobbies & interests",
                  "personal interests", "interests and hobbies", "interests & hobbies",
                  "other interests", "interessen", "hobbys"),
    "references": ("references", "referees", "professional references", "referenzen"),
    "contact": ("contact", "contact information", "contact details", "contact info",
                "personal details", "personal information", "details", "info", "links",
                "kontakt", "social", "online"),
}
HEADING_KEYS = {wording: key for key, wordings in HEADINGS.items() for wording in wordings}
# Letter-spaced headings ("W O R K  H I S T O R Y") lose the gap between their words.
SPACELESS_KEYS = {re.sub(r"\W", "", wording): key for wording, key in HEADING_KEYS.items()}

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12, "januar": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6,
    "juli": 7, "okt": 10, "oktober": 10, "dez": 12, "dezember": 12, "janv": 1, "févr": 2,
    "mars": 3, "avr": 4, "juin": 6, "juil": 7, "août": 8, "déc": 12, "spring": 3, "summer": 6,
    "fall": 9, "autumn": 9, "winter": 12,
}
_MONTH_NAMES = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_MONTH = rf"(?:{_MONTH_NAMES})\.?"
_YEAR = r"(?:19|20)\d{2}"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_ONE_DATE = (rf"(?:(?:(?<!\w){_DAY}\.? +)?{_MONTH}\s*(?:{_DAY}(?:st|nd|rd|th)?\s*)?,?\s*'?{_YEAR}"
             rf"|[0-3]?\d\s*[/.]\s*(?:0?[1-9]|1[0-2])\s*[/.]\s*{_YEAR}"
             rf"|(?:0?[1-9]|1[0-2])\s*[/.]\s*{_YEAR}"
             rf"|{_YEAR}\s*[-/.]\s*(?:0[1-9]|1[0-2])(?:\s*[-/.]\s*\d{{2}})?(?!\d)|{_YEAR})")
_NOW = r"(?:present|current|currently|now|today|ongoing|date|heute|aujourd'hui|actuel)"
_DASH = r"\s*(?:[-‐‑‒–—−~]|\bto\b|\buntil\b|\btill\b|\bbis\b|\bthrough\b|\bthru\b)\s*"
DATE_RANGE = re.compile(
    rf"(?<![\w/])(?P<start>{_ONE_DATE})(?:{_DASH}(?P<end>{_ONE_DATE}|{_NOW}))?(?![\w/])"
    rf"|(?P<since>\bsince\b|\bseit\b|\bfrom\b)\s+(?P<since_date>{_ONE_DATE})"
    rf"|(?P<expected>\b(?:expected|anticipated|exp\.)\s+)(?P<expected_date>{_ONE_DATE})",
    re.IGNORECASE)

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)[^\s,;|<>()]+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|io|dev|org|net"
                 r"|me|co|app|page|site|tech|ai|de|uk|fr|nl|xyz|info|eu|design|studio|work|"
                 r"blog|online|pro|cc|us|ca|ch|at|se|es|it|pl|in|au|codes|link|digital)"
                 r"(?![\w-])(?:/[^\s,;|<>()]*)?", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w/])(?:\(?\+|00|\()?\d[\d ().\-/]{6,}\d(?![\w/])")
PROFILE_HOSTS = {"linkedin.com": "LinkedIn", "github.com": "GitHub", "gitlab.com": "GitLab",
                 "twitter.com": "Twitter", "x.com": "X", "stackoverflow.com": "Stack Overflow",
                 "behance.net": "Behance", "dribbble.com": "Dribbble", "medium.com": "Medium",
                 "orcid.org": "ORCID", "scholar.google.com": "Google Scholar",
                 "bitbucket.org": "Bitbucket", "instagram.com": "Instagram",
                 "xing.com": "XING", "mastodon.social": "Mastodon", "kaggle.com": "Kaggle"}
US_STATES = set("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT "
                "NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC "
                "ON QC BC AB NSW VIC QLD".split())
COUNTRIES = {
    "germany": "DE", "deutschland": "DE", "usa": "US", "united states": "US", "us": "US",
    "u.s.": "US", "uk": "GB", "united kingdom": "GB", "england": "GB", "scotland": "GB",
    "france": "FR", "spain": "ES", "italy": "IT", "netherlands": "NL", "the netherlands": "NL",
    "canada": "CA", "australia": "AU", "india": "IN", "ireland": "IE", "austria": "AT",
    "switzerland": "CH", "sweden": "SE", "norway": "NO", "denmark": "DK", "finland": "FI",
    "poland": "PL", "portugal": "PT", "belgium": "BE", "brazil": "BR", "mexico": "MX",
    "japan": "JP", "china": "CN", "singapore": "SG", "new zealand": "NZ", "israel": "IL",
    "greece": "GR", "czech republic": "CZ", "czechia": "CZ", "romania": "RO", "turkey": "TR",
    "south africa": "ZA", "nigeria": "NG", "kenya": "KE", "egypt": "EG", "argentina": "AR",
    "ukraine": "UA", "hungary": "HU", "estonia": "EE", "luxembourg": "LU",
    "united arab emirates": "AE", "uae": "AE", "pakistan": "PK", "philippines": "PH",
    "vietnam": "VN", "korea": "KR", "south korea": "KR", "republic of korea": "KR",
    "s.korea": "KR", "s. korea": "KR", "colombia": "CO", "chile": "CL",
}
# Places often named alone ("Acme<TAB>Berlin"): without a region, only these count as one.
CITIES = {c.lower() for c in (
    "London", "Berlin", "Paris", "Munich", "München", "Hamburg", "Frankfurt", "Cologne",
    "Köln", "Stuttgart", "Vienna", "Wien", "Zurich", "Zürich", "Geneva", "Amsterdam",
    "Rotterdam", "Brussels", "Madrid", "Barcelona", "Lisbon", "Rome", "Milan", "Dublin",
    "Edinburgh", "Manchester", "Copenhagen", "Stockholm", "Oslo", "Helsinki", "Warsaw",
    "Prague", "Budapest", "Athens", "Istanbul", "Tel Aviv", "Dubai", "Mumbai", "Bangalore",
    "Bengaluru", "Delhi", "New Delhi", "Hyderabad", "Chennai", "Pune", "Singapore",
    "Hong Kong", "Tokyo", "Seoul", "Shanghai", "Beijing", "Sydney", "Melbourne", "Auckland",
    "Toronto", "Vancouver", "Montreal", "New York", "NYC", "San Francisco", "Seattle",
    "Boston", "Chicago", "Austin", "Los Angeles", "Denver", "Atlanta", "Miami", "Portland",
    "Washington", "Dallas", "Houston", "Philadelphia", "San Diego", "San Jose", "Mexico City",
    "São Paulo", "Buenos Aires", "Cape Town", "Johannesburg", "Lagos", "Nairobi", "Cairo",
    "Leipzig", "Dresden", "Düsseldorf", "Bristol", "Cambridge", "Oxford", "Leeds",
    "Glasgow", "Lyon", "Tallinn", "Riga", "Vilnius", "Kyiv", "Bucharest", "Sofia")}
REMOTE = re.compile(r"^(?:remote|hybrid|on-?site|worldwide|anywhere)(?:\s*\(.*\))?$", re.I)
BULLETS = "•◦▪▫‣⁃∙●○■□➢➤►▶▸▹❖✓✔☐◆◇–—-*·⦁⚬➔→»"
BULLET = re.compile(rf"^\s*[{re.escape(BULLETS)}](?:\s+|(?=[A-Z0-9]))|^\s*[\uf000-\uf8ff]\s*")
# Page furniture: "Page 1 of 2", "- 2 -", "John Doe – 1/3", "Last updated in Dec 2025", and
# durations a layout sets under the dates ("2 years 7 months").
FOOTER = re.compile(r"\bpage\s+\d+\s*(?:of|/)\s*\d+\b|^\s*[-–]?\s*\d{1,2}\s*[-–]?\s*$|"
                    r"^[^\d]{0,40}?[\s–-]\d{1,2}\s*(?:/|of)\s*\d{1,2}\s*$|^\s*\d{1,2}\s*/\s*\d{1,2}\s*$|"
                    r"(?:curriculum vitae|résumé|resume)\b.{0,40}\t\d{1,2}\s*$|"
                    r"^\s*(?:last\s+)?updated(?:\s+(?:in|on))?\s+\S.{0,20}$|"
                    r"^\s*\d+\s+(?:years?|yrs?|months?|mos?)(?:,?\s+\d+\s+(?:months?|mos?))?\s*$",
                    re.IGNORECASE)
LABELLED = re.compile(r"^\s*([^:–—|]{1,40}?)\s*[:：]\s*(.+)$")

def _word_list(words: str, extra: str = "") -> re.Pattern:
    """Return a pattern matching any of the space-separated `words` (and `extra`) as words."""
    alternatives = "|".join(word.replace("_", " ") for word in words.split())
    return re.compile(rf"\b(?:{alternatives})\b{extra}", re.IGNORECASE)


TITLE_WORDS = _word_list(r"""
engineer developer manager analyst designer intern internship lead director consultant
specialist scientist assistant coordinator officer head architect nurse teacher
accountant administrator associate executive representative technician vp president
founder co-founder owner researcher editor writer programmer tutor instructor professor
lecturer fellow advisor adviser strategist producer supervisor clerk cashier chef driver
agent attorney lawyer paralegal pharmacist therapist physician doctor surgeon cto ceo
cfo coo partner principal staff senior junior sr\.? jr\.? member volunteer coach mentor
chair secretary treasurer marketer recruiter planner buyer operator mechanic electrician
auditor owner trainee apprentice student postdoc ta ra contractor freelancer freelance
technologist illustrator photographer copywriter reporter journalist product sales
support coordinator organizer organiser maintainer contributor team_lead tech_lead
representative receptionist barista server entwickler ingenieur leiter berater
""")
COMPANY_WORDS = _word_list(r"""
inc llc ltd limited gmbh ag corp corporation co company plc group labs? technologies
technology systems solutions software studios? agency partners bank hospital clinic
university college school institute foundation association ministry department council
services consulting holdings ventures media s\.a\. sa bv b\.v\. se kg oy ab pty sarl nv
llp pvt network capital health industries enterprises international global digital
center centre club society
""", r"|&|\.(?:com|io)\b")
SCHOOL_WORDS = re.compile(
    r"\b(?:university|universität|universidad|université|universita|college|school|"
    r"institute|institut|academy|akademie|polytechnic|hochschule|gymnasium|"
    r"conservatory|seminary|lycée|ecole|école|tu|eth|mit|ucla|kth|epfl)\b",
    re.IGNORECASE)
DEGREE = re.compile(
    r"\b(?:bachelor(?:'s)?(?: of [a-z]+(?: [a-z]+)?)?|master(?:'s)?(?: of [a-z]+(?: [a-z]+)?)?|"
    r"doctor(?:ate)?(?: of [a-z]+)?|ph\.?\s?d\.?|mba|m\.?b\.?a\.?|b\.?\s?sc\.?|m\.?\s?sc\.?|"
    r"b\.?\s?a\.?|m\.?\s?a\.?|b\.?\s?s\.?|m\.?\s?s\.?|b\.?\s?eng\.?|m\.?\s?eng\.?|beng|meng|"
    r"b\.?tech|m\.?tech|llb|llm|ll\.?[bm]\.?|j\.?d\.?|m\.?d\.?|associate(?:'s)?(?: of [a-z]+)?|"
    r"associate degree|diploma|diplom|abitur|a-levels?|high school diploma|ged|"
    r"certificate|hnd|btec|bfa|mfa|mphil|dphil|msc|bsc|ma|ba|bs|ms|bcom|mcom|bba|bsn|msn|"
    r"dnp|rn|b\.?ed|m\.?ed|pgce|pgdip|m\.?arch|b\.?arch|mpa|mph|mres|lpn|adn|aas|aa|as)\b",
    re.IGNORECASE)
GRADE = re.compile(r"\b(?:gpa|grade|cgpa|score|note|mark|final grade|classification)\s*[:=]?\s*"
                   r"([\w.,/+ ]{1,30}?)\s*$|\b(first[- ]class honou?rs|summa cum laude|"
                   r"magna cum laude|cum laude|with distinction|2:1|2:2)\b", re.IGNORECASE)
SCORE = re.compile(r"\d(?:[.,]\d{1,2})?(?:\s*/\s*\d(?:[.,]\d{1,2})?)?|\d{2,3}\s*%|[A-F][+-]?")
FLUENCY = re.compile(
    r"\b(?:native|mother tongue|bilingual|fluent|proficient|advanced|intermediate|"
    r"basic|beginner|elementary|conversational|professional(?: working)?(?: proficiency)?|"
    r"full professional proficiency|limited working proficiency|business(?: fluent)?|"
    r"working knowledge|[abc][12])\b.*", re.IGNORECASE)


@dataclass
class Line:
    """A TextLine with what the parser worked out about it."""

    text: str
    source: TextLine
    bullet: bool = False
    implied: bool = False  # a bullet told by its indent alone
    side: bool = False  # the first line of a section, beside its heading
    full: bool = False  # as wide as the section's widest line: its text may wrap on
    note: str = ""  # dates or a place from the margin beside the line
    cont: bool = False  # the wrapped rest of the line before


def _clean(text: str) -> str:
    # Some typesetters draw dashes and hyphens with the soft-hyphen code: between spaces it
    # is a dash ("Mar. 2010 ­ Aug. 2017"), between letters a hyphen ("Back­end").
    text = re.sub(r"\s\u00ad\s", " – ", text)
    text = unicodedata.normalize("NFKC", text.replace("\u00ad", "-"))
    text = text.replace("\u200b", "").replace("\ufeff", "")
    return re.sub(r"[ \u00a0\u2002-\u200a]+", " ", text).strip()


def _despaced(text: str) -> str:
    """Return "EXPERIENCE" for "E X P E R I E N C E" (letter-spaced headings)."""
    words = re.split(r"\s{2,}|\t", text.strip())
    if all(re.fullmatch(r"(?:\S )+\S", w) for w in words if w):
        return " ".join(w.replace(" ", "") for w in words)
    if re.fullmatch(r"(?:\S ){3,}\S", text.strip()):
        return text.replace(" ", "")
    return text


# Wordings that are headings only when they look like one (bold, capitals or larger).
WEAK_HEADINGS = {"about", "work", "career", "details", "info", "links", "social", "online",
                 "tools", "software", "training", "courses", "community", "activities",
                 "positions", "jobs", "studies", "language", "certification", "overview",
                 "introduction", "strengths", "abilities", "expertise", "technologies",
                 "portfolio", "talks", "articles", "papers", "profile", "credentials",
                 "employment", "recognition", "prizes", "service", "contact", "research"}


def _plain(text: str) -> str:
    return re.sub(r"[^\w ]", "", text).strip().lower()


def heading_key(text: str) -> str | None:
    """Return the section key a heading wording names ("Work History" → "work"), or None."""
    plain = _despaced(_clean(text)).replace(SEPARATOR, " ")
    plain = re.sub(r"^[\W\d_]+|[\s:：.·•|—–-]+$", "", plain.lower()).strip()
    plain = re.sub(r"\s+", " ", plain.replace("&amp;", "&"))
    if plain in HEADING_KEYS:
        return HEADING_KEYS[plain]
    plain = plain.replace(" and ", " & ")
    if plain in HEADING_KEYS:
        return HEADING_KEYS[plain]
    return SPACELESS_KEYS.get(re.sub(r"\W", "", plain))
    return HEADING_KEYS.get(plain.replace(" & ", " and "))


def _looks_like_heading(line: TextLine, body_size: float) -> bool:
    """Return whether a line the wordings do not know still looks like a section heading."""
    text = _clean(line.text)
    if line.heading:
        return True
    if not text or len(text) > 40 or len(text.split()) > 5 or DATE_RANGE.search(text):
        return False
    if EMAIL.search(text) or URL.search(text) or re.search(r"[,.;]$|\d", text):
        return False
    caps = text.upper() == text and sum(c.isalpha() for c in text) >= 4
    larger = body_size and line.size >= body_size + 1.5
    return (caps and (line.bold or larger or line.gap_before > 4)) or \
        (bool(larger) and line.bold and text.endswith(":"))


def parse_date(text: str) -> str:
    """Return one date written as on a resume ("Sep 2021", "03/2020", "2020-03") as YYYY-MM
    or YYYY, or "" for "Present" and words this parser does not know."""
    text = text.strip().strip(".,").lower()
    if not (year := re.search(_YEAR, text)):
        return ""
    month = day = None
    if name := re.match(r"(?:([0-3]?\d)\.?\s+)?([a-zäéû]+)\.?(?:\s*([0-3]?\d)(?:st|nd|rd|th)?\b)?",
                        text):
        month = MONTHS.get(name.group(2))
        day = name.group(1) or name.group(3)
    elif numbers := re.fullmatch(rf"([0-3]?\d)\s*[/.]\s*(\d{{1,2}})\s*[/.]\s*({_YEAR})", text):
        day, month = numbers.group(1), int(numbers.group(2))
    elif numbers := re.fullmatch(rf"(\d{{1,2}})\s*[/.]\s*({_YEAR})", text):
        month = int(numbers.group(1))
    elif numbers := re.fullmatch(rf"({_YEAR})\s*[-/.]\s*(\d{{2}})(?:\s*[-/.]\s*\d{{2}})?", text):
        month = int(numbers.group(2))
    if month and 1 <= month <= 12:
        if day and 1 <= int(day) <= 31:
            return f"{year.group(0)}-{month:02d}-{int(day):02d}"
        return f"{year.group(0)}-{month:02d}"
    return year.group(0)


@dataclass
class Dates:
    """A date range found in a line and where it was."""

    start: str
    end: str
    span: tuple[int, int]
    ranged: bool  # a range ("2019 – 2021", "since 2019"), not a lone date


_nothing = object()


def find_dates(text: str) -> Dates | None:
    """Return the first date range (or lone date) in `text`."""
    best = None
    for match in DATE_RANGE.finditer(text):
        if match.group("since"):
            found = Dates(parse_date(match.group("since_date")), "", match.span(), True)
        elif match.group("expected"):
            found = Dates("", parse_date(match.group("expected_date")), match.span(), False)
        else:
            end = match.group("end")
            found = Dates(parse_date(match.group("start")),
                          "" if end is None or re.fullmatch(_NOW, end.strip(), re.I)
                          else parse_date(end), match.span(), end is not None)
        if found.ranged:
            return found
        # A lone year inside words ("Top 100", "ISO 2001") is weaker than one on its own.
        best = best or found
    return best


def _without(text: str, span: tuple[int, int]) -> str:
    rest = text[:span[0]] + SEPARATOR + text[span[1]:]
    rest = re.sub(r"[(\[]\s*(?=\t)|(?<=\t)\s*[)\]]", "", rest)
    return rest


def split_parts(text: str) -> list[str]:
    """Return the pieces of a header line: split at tabs, " | ", " — ", " · " and " at "."""
    pieces = re.split(r"\t|\s[|•·●◦▪]\s|\s+[—–]\s+|\s-\s|\s{3,}|(?<=\S)\s+@\s+(?=\S)|;\s", text)
    result = []
    for piece in pieces:
        piece = piece.strip(" ,;|·•-–—[]")
        if piece.startswith("(") and ")" not in piece:
            piece = piece[1:]
        if piece.endswith(")") and "(" not in piece:
            piece = piece[:-1]
        if not piece:
            continue
        at = re.split(r"\s+at\s+", piece, maxsplit=1)
        result.extend(p.strip() for p in at if p.strip())
    return result


def is_location(text: str) -> bool:
    """Return whether `text` reads like a place: "Berlin, Germany", "Austin, TX", "Remote"."""
    text = text.strip()
    if REMOTE.match(text) or text.lower() in COUNTRIES or text.lower() in CITIES:
        return True
    match = re.fullmatch(r"([A-ZÀ-Ý][\w.'’ -]{1,40}),\s*([A-Za-zÀ-ÿ. ]{2,30})(?:\s*\(.*\))?",
                         text)
    if not match:
        return False
    city, region = match.group(1).strip(), match.group(2).strip()
    if region in US_STATES or region.lower() in COUNTRIES or city.lower() in CITIES:
        return True
    # Two capitals read as a country code ("Stockholm, SE") after a short place name.
    return bool(re.fullmatch(r"[A-Z]{2}", region)) and len(city.split()) <= 3 and \
        not (COMPANY_WORDS.search(city) or TITLE_WORDS.search(city) or DEGREE.search(city)
             or SCHOOL_WORDS.search(city))


def address_parts(text: str) -> dict | None:
    """Return the parts of a postal address or place ("Hauptstraße 1, 10115 Berlin, DE",
    "Austin, TX 78701", "Berlin, Germany"), or None when `text` is not one."""
    pieces = [p.strip() for p in text.split(",") if p.strip()]
    if not pieces or len(pieces) > 5 or len(text) > 120:
        return None
    found: dict = {}
    if pieces[-1].lower() in COUNTRIES or re.fullmatch(r"[A-Z]{2}", pieces[-1]) and \
            len(pieces) > 1 and (pieces[-1] not in US_STATES or len(pieces) > 2):
        last = pieces.pop()
        found["countryCode"] = COUNTRIES.get(last.lower(), last)
    for index, piece in enumerate(pieces):
        if match := re.fullmatch(r"(\d{4,5}|[A-Z]{1,2}\d[\dA-Z]? ?\d[A-Z]{2})\s+(\D+)", piece):
            found["postalCode"], found["city"] = match.groups()
            street = pieces[:index]
            if street:
                found["address"] = ", ".join(street)
            if index + 1 < len(pieces):
                found["region"] = pieces[index + 1]
            return found
        if match := re.fullmatch(r"([A-Z]{2})\s+(\d{5}(?:-\d{4})?)", piece):
            found["region"], found["postalCode"] = match.groups()
            found["city"] = pieces[index - 1] if index else ""
            if index > 1:
                found["address"] = ", ".join(pieces[:index - 1])
            return found
    if pieces and any(c.isdigit() for c in pieces[0]) and len(pieces) > 1:
        found["address"] = pieces.pop(0)
    if not pieces or any(c.isdigit() for c in "".join(pieces)):
        return found or None
    if len(pieces[0].split()) > 4:
        return None
    found["city"] = pieces[0]
    if len(pieces) > 1:
        region = pieces[1]
        if region.lower() in COUNTRIES and "countryCode" not in found:
            found["countryCode"] = COUNTRIES[region.lower()]
        else:
            found["region"] = region
    return found if (found.keys() - {"city"} or len(pieces) == 1) else None


def _profile(url: str) -> dict | None:
    full = url if url.lower().startswith("http") else "https://" + url
    match = re.match(r"https?://(?:www\.|[a-z]{2}\.)?([^/]+)(/.*)?", full, re.I)
    if not match:
        return None
    host = match.group(1).lower()
    network = PROFILE_HOSTS.get(host)
    if not network:
        return None
    path = [p for p in (match.group(2) or "").split("/") if p]
    if path and path[0] in ("in", "pub", "u", "users", "company") and len(path) > 1:
        path = path[1:]
    username = path[0].lstrip("@") if path else ""
    return {"network": network, "username": username, "url": full.rstrip("/")}


class Reader:
    """The state of one parse: the document built so far and its warnings."""

    def __init__(self, lines: list[TextLine], source: str):
        self.source = source
        # No line of a resume is this long; cutting them keeps every pattern below quick.
        self.lines = [replace(line, text=_clean_keep_tabs(line.text[:MAX_LINE]))
                      for line in lines[:MAX_LINES]]
        self.lines = _dates_rejoined([line for line in self.lines
                                      if line.text.strip(SEPARATOR + " ")])
        sizes = sorted(line.size for line in self.lines if line.size)
        self.body_size = sizes[len(sizes) // 2] if sizes else 0.0
        self.document: dict = {"basics": {"location": {}, "profiles": []}}
        self.warnings: list[ImportWarning] = []

    def warn(self, section: str, message: str) -> None:
        """Note something guessed or left out, shown beside `section` on the review page."""
        self.warnings.append(ImportWarning(section, message))

    # The whole parse -----------------------------------------------------------------

    def _heading_look(self) -> bool | None:
        """Return whether most lines with a heading's wording are in capitals, when at least
        three are: a "Languages" in another look is then a label, not a heading."""
        looks = [line.text.isupper() for line in self.lines
                 if len(line.text) <= 60 and heading_key(line.text)]
        if not looks:
            return None
        look, count = max(((look, looks.count(look)) for look in set(looks)),
                          key=lambda found: found[1])
        return look if count >= 3 else None

    def _emphasised(self, line: TextLine) -> bool:
        return line.bold or line.text.isupper() or line.size > self.body_size + 0.5

    def read(self) -> dict:
        """Return the document the lines make: basics from the top, then each section."""
        sections: list[tuple[str | None, str, list[Line]]] = [(None, "", [])]
        look = self._heading_look()
        for line in self.lines:
            text = line.text
            if len(text) < 60 and FOOTER.search(text):
                continue  # "Page 1 of 2" and its like, repeated on every page
            key = heading_key(text) if len(text) <= 60 else None
            if key and look and not text.isupper() and \
                    not line.heading and len(sections) > 1:
                key = None
            if key and not line.heading and not self._emphasised(line) and (
                    text[:1].islower() or _plain(text) in WEAK_HEADINGS):
                key = None  # "about" wrapped from the line above, "Work" in a sentence
            if key is None and SEPARATOR in text:
                # A heading set in a column beside its content ("Skills<TAB>Python, Go").
                first, rest = text.split(SEPARATOR, 1)
                # "Languages:<TAB>Go, SQL" in a skills section is a label, not a heading.
                side = heading_key(first) if not first.rstrip().endswith(":") else None
                if side and (line.bold or first.isupper() or line.size > self.body_size):
                    sections.append((side, _clean(first), []))
                    sections[-1][2].append(replace(self._line(replace(line, text=rest)),
                                                   side=True))
                    continue
            if key is None and len(sections) > 1 and _looks_like_heading(line, self.body_size):
                key = "unknown"
            if key is None:
                # "Skills: Python, SQL" on one line: a heading with its content after it.
                match = LABELLED.match(text)
                inline = heading_key(match.group(1)) if match and sections[-1][0] in (
                    None, "summary", "contact") else None
                if inline and inline not in ("summary", "contact") or inline == "summary" \
                        and match and len(match.group(2)) > 30:
                    sections.append((inline, match.group(1), []))
                    text = match.group(2)
                    line = replace(line, text=text)
                sections[-1][2].append(self._line(line))
                continue
            sections.append((key, _clean(text), []))
        header = sections[0][2]
        self.header(header)
        for key, title, lines in sections[1:]:
            if not lines:
                continue
            _mark_implied_bullets(lines)
            _unmark_bulleted_titles(lines)
            for before, line in zip(lines, lines[1:], strict=False):
                line.cont = _continues(before, line)
            if key == "unknown":
                # An unknown heading: its text still belongs to the resume, so keep it where
                # a user will see it and say so.
                self.warn("file", f"The section “{title.strip(':')}” is not one this site "
                                  "knows; its text was added to the summary.")
                self.summary_text(lines, add=True, title=title)
                continue
            getattr(self, f"section_{key}")(lines)
        return self.document

    def _line(self, line: TextLine) -> Line:
        text = re.sub(r"^\[\d{1,3}\]\s*", "", line.text)  # a reference number: "[1] Title"
        bullet = line.bullet
        if match := re.match(r"\d{1,2}[.)]\s+(?=\D)", text):
            bullet, text = True, text[match.end():]
        if match := BULLET.match(text):
            rest = text[match.end():]
            # "- 2019" or "– Present" are not bullets; a dash before a word is.
            if rest.strip() and not (match.group(0).strip() in "-–—" and
                                     re.match(r"\s*\d", rest) and not text.startswith("- ")):
                bullet, text = True, rest
        note = ""
        if SEPARATOR in text:
            # Dates or a place set in the margin beside a bullet or a sentence (the line
            # under an entry's title, in some layouts) belong to the entry, not the text.
            main, tail = text.rsplit(SEPARATOR, 1)
            if (bullet or len(main) > 90) and len(tail) < 40 and (
                    find_dates(tail) or is_location(tail) or FOOTER.search(tail)):
                text, note = main, tail.strip()
        return Line(text.strip(SEPARATOR + " "), line, bullet, note=note)

    # Basics ----------------------------------------------------------------------------

    def contact(self, text: str) -> str:
        """Take the contact details out of `text` into basics; return what is left."""
        basics = self.document["basics"]
        for match in EMAIL.finditer(text):
            basics.setdefault("email", match.group(0).rstrip("."))
        text = EMAIL.sub(SEPARATOR, text)
        for match in URL.finditer(text):
            url = match.group(0).rstrip(".")
            if "." not in url.split("//")[-1] or re.fullmatch(r"[\d.]+", url):
                continue
            profile = _profile(url)
            if profile:
                if not any(p["network"] == profile["network"] for p in basics["profiles"]):
                    basics["profiles"].append(profile)
            elif not basics.get("url"):
                basics["url"] = url if url.lower().startswith("http") else "https://" + url
            text = text.replace(match.group(0), SEPARATOR)
        for match in PHONE.finditer(text):
            digits = re.sub(r"\D", "", match.group(0))
            if 7 <= len(digits) <= 15 and not re.fullmatch(rf"{_YEAR}\s*[-–]\s*{_YEAR}",
                                                            match.group(0).strip()):
                basics.setdefault("phone", match.group(0).strip())
                text = text.replace(match.group(0), SEPARATOR)
        # A network named before a user name ("GitHub: @jane", "LINKEDIN /in/jane").
        for match in re.finditer(r"\b(github|gitlab|linkedin|twitter|x|medium|dribbble|"
                                 r"behance|kaggle)(?:-square)?\s*:?\s+@?/?(?:in/)?"
                                 r"([A-Za-z0-9][\w.-]{1,38})(?=\s|$|\|)", text, re.I):
            host = {"linkedin": "linkedin.com/in", "x": "x.com"}.get(
                match.group(1).lower(), f"{match.group(1).lower()}.com")
            profile = _profile(f"https://{host}/{match.group(2)}")
            if profile and not any(p["network"] == profile["network"]
                                   for p in basics["profiles"]):
                basics["profiles"].append(profile)
                text = text.replace(match.group(0), SEPARATOR)
        # Icon names some typesetters leave in the text ("HOUSE-CHIMNEY", "GITHUB-SQUARE").
        text = re.sub(r"\b[A-Z]{2,}(?:-[A-Z]{2,})+\b(?=\s)", " ", text)
        # Labels a layout puts before a detail ("Email:", "Phone:"), now without their value.
        text = re.sub(r"\b(?:e-?mail|phone|tel|mobile|cell|web(?:site)?|linkedin|github|"
                      r"address|location|portfolio)\s*[:：]?\s*(?=\t|$)", SEPARATOR, text,
                      flags=re.I)
        return text

    def header(self, lines: list[Line]) -> None:
        """Fill in basics from the lines above the first heading: name, headline, contact."""
        basics = self.document["basics"]
        if not lines:
            self.warn("basics", "No name was found at the top of the file; enter it below.")
            return
        first_page = [line for line in lines if line.source.page == lines[0].source.page][:8]
        name_line = max(first_page, key=lambda line: (line.source.size, line.source.bold,
                                                      -first_page.index(line)))
        if self.contact(name_line.text).strip(SEPARATOR + " ") != name_line.text.strip():
            name_line = first_page[0]
        leftovers = []
        lines = _unwrapped_links(lines)
        name_line = next(line for line in lines if line.source is name_line.source)
        for line in lines:
            rest = self.contact(line.text)
            parts = split_parts(rest)
            if line is name_line and parts:
                name = parts.pop(0)
                if len(name.split()) <= 6:
                    basics["name"] = name.title() if name.isupper() and len(name) > 3 else name
                else:
                    parts.insert(0, name)
            for part in parts:
                if not basics.get("location", {}).get("city") and not REMOTE.match(part) \
                        and (is_location(part) or "," in part and address_parts(part) and (
                            re.search(r"\d{4}", part) or
                            part.rsplit(",", 1)[1].strip().lower() in COUNTRIES)):
                    self.location(part)
                else:
                    leftovers.append((line, part))
        # The headline: the line under the name when it holds no contact details, else a
        # piece of its own near the name, a title if one reads like one.
        after = lines.index(name_line) + 1
        if after < len(lines) and (under := lines[after]).text == self.contact(under.text) \
                and not is_location(under.text) and not find_dates(under.text) and \
                len(under.text) <= 100 and not under.text.endswith("."):
            basics["label"] = under.text.replace(SEPARATOR, " · ")
            leftovers = [(line, part) for line, part in leftovers if line is not under]
        near = [] if basics.get("label") else [
            (line, part) for line, part in leftovers if len(part) <= 80 and
            not part.endswith(".") and (line is name_line or lines.index(line) <=
                                        lines.index(name_line) + 3)]
        if near:
            label = max(near, key=lambda found: (found[0].text.strip() == found[1],
                                                 bool(TITLE_WORDS.search(found[1]))))
            basics["label"] = label[1]
            leftovers.remove(label)
        for line, part in leftovers:
            if len(part) > 60 or part.endswith("."):
                basics["summary"] = (basics.get("summary", "") + " " + part).strip()
            elif not basics["location"].get("city") and re.fullmatch(r"[A-ZÀ-Ý][\w .'-]+",
                                                                    part) \
                    and len(part.split()) <= 3 and line is not name_line:
                self.location(part)
                self.warn("basics", f"“{part}” was taken as your city; check it.")
            else:
                self.warn("basics", f"“{part}” near your name was not understood and was "
                                    "left out.")
        if not basics.get("name"):
            self.warn("basics", "No name was found at the top of the file; enter it below.")

    def location(self, text: str) -> None:
        """Set the city (and what else an address line holds) of basics."""
        location = self.document["basics"]["location"]
        location.update(address_parts(text) or {"city": text.strip()})

    def summary_text(self, lines: list[Line], add: bool = False, title: str = "") -> None:
        """Set (or add to) basics.summary from a section's lines."""
        basics = self.document["basics"]
        text = _joined([line.text.replace(SEPARATOR, " ") for line in lines])
        if title:
            text = f"{title.strip(':')}: {text}"
        basics["summary"] = (basics.get("summary", "") + "\n\n" + text).strip() if add else text

    def section_summary(self, lines: list[Line]) -> None:
        """Read a Summary/Profile/About section into basics.summary."""
        self.summary_text(lines, add=bool(self.document["basics"].get("summary")))

    def section_contact(self, lines: list[Line]) -> None:
        """Read a Contact section into basics."""
        for line in lines:
            for part in split_parts(self.contact(line.text)):
                if not self.document["basics"]["location"].get("city") and (
                        is_location(part) or re.fullmatch(r"[A-ZÀ-Ý][\w .'-]+", part)):
                    self.location(part)
                else:
                    self.warn("basics", f"“{part}” in the contact details was left out.")

    # Entries ---------------------------------------------------------------------------

    def entries(self, lines: list[Line]) -> list[list[Line]]:
        """Split a section's lines into entries: a header run (title, place, dates) starts
        each, followed by its bullets and text."""
        dated_section = any(find_dates(line.text) or find_dates(line.note) for line in lines)
        groups: list[list[Line]] = []
        body = True
        for index, line in enumerate(lines):
            if _is_body(line, lines[index - 1] if index else None):
                if not groups:
                    groups.append([])
                groups[-1].append(line)
                body = True
                continue
            if body or not groups:
                run = []
                for later in lines[index:index + 4]:
                    if later is not line and _is_body(later, run[-1]):
                        break
                    run.append(later)
                # After an entry's text, a new entry shows by its dates or its emphasis; a
                # plain line ("Python, Redis") still belongs to the entry before.
                noted = lines[index:index + len(run) + 1]
                if not groups or not dated_section or line.source.bold or \
                        any(find_dates(later.text) for later in run) or \
                        any(later.note and find_dates(later.note) for later in noted):
                    groups.append([line])
                    body = False
                    continue
            groups[-1].append(line)
        result = []
        for group in groups:
            result.extend(self._split_by_dates(group))
        return result

    def _split_by_dates(self, group: list[Line]) -> list[list[Line]]:
        """Split a run of header lines holding two date ranges: two entries without bullets
        (a list of schools or certificates)."""
        head = []
        for index, line in enumerate(group):
            if _is_body(line, group[index - 1] if index else None):
                break
            head.append(line)
        dated = [i for i, line in enumerate(head) if (d := find_dates(line.text)) and
                 (d.ranged or len(line.text) < 60 or d.span[1] == len(line.text.rstrip()))]
        if len(dated) < 2:
            return [group]
        offset = dated[0]
        # A lone date right under a range ("2019 – 2021" then "GPA 3.9 (2021)") is not a
        # second entry: an entry has at least its lines before the date and the date.
        kept = [0]
        for index in dated[1:]:
            ranged = find_dates(head[index].text).ranged
            alike = ranged == find_dates(head[dated[0]].text).ranged
            if index - offset - kept[-1] >= (offset + 1 if alike else max(2, offset + 1)):
                kept.append(index - offset)
        if len(kept) < 2:
            return [group]
        bounds = kept + [len(group)]
        return [group[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if group[a:b]]

    def head_and_body(self, group: list[Line], split=None) -> tuple[list[str], Dates | None,
                                                                   list[Line]]:
        """Return the pieces of an entry's header lines, its dates, and the rest."""
        split = split or split_parts
        parts, dates, body = [], None, []
        in_head = True
        for index, line in enumerate(group):
            if in_head and index and _is_body(line, group[index - 1]):
                in_head = False
            if not in_head:
                body.append(line)
                found = find_dates(line.note) if line.note else None
                if found and (dates is None or not dates.ranged and found.ranged):
                    dates = found
                elif line.note and is_location(line.note):
                    parts.append(line.note)
                continue
            text = line.text
            found = find_dates(text)
            if found and (dates is None or (not dates.ranged and found.ranged)):
                dates = found
                text = _without(text, found.span)
            parts.extend(split(text))
        return parts, dates, body

    def highlights_and_text(self, body: list[Line]) -> tuple[list[str], str]:
        """Return the bullets of an entry's body (wrapped lines joined) and its plain text."""
        items: list[list[str]] = []
        text: list[str] = []
        for index, line in enumerate(body):
            value = line.text.replace(SEPARATOR, " ")
            if index and _continues(body[index - 1], line):
                (items[-1] if items and body[index - 1].bullet or not text else text) \
                    .append(value)
            elif line.bullet:
                items.append([value])
            else:
                text.append(value)
        return [_joined(item) for item in items], _joined(text)

    def _located(self, parts: list[str], towns: bool = False) -> tuple[list[str], str]:
        location = ""
        rest = []
        for part in parts:
            if not location and is_location(part):
                location = part
            else:
                rest.append(part)
        if not location:
            # "Acme Corp, Berlin, Germany" in one piece.
            for index, part in enumerate(rest):
                pieces = [p.strip() for p in part.split(",")]
                for cut in range(1, len(pieces)):
                    if is_location(", ".join(pieces[cut:])) or \
                            (cut == len(pieces) - 1 and is_location(pieces[cut])):
                        location = ", ".join(pieces[cut:])
                        rest[index] = ", ".join(pieces[:cut])
                        return rest, location
        if towns and not location and len(rest) >= 2:
            # "Title" over "Colegio Levante, Valencia": one proper word after the last comma
            # of the employer's line is its town.
            for index, part in enumerate(rest[1:], start=1):
                name, comma, town = part.rpartition(",")
                if comma and _place_like(town.strip()) and " " not in town.strip() and \
                        len(name.split()) >= 2:
                    rest[index] = name.strip()
                    return rest, town.strip()
        if towns and not location and len(rest) >= 2 and _place_like(rest[-1]) and \
                (len(rest) >= 3 or "," in rest[0] or " at " in rest[0]):
            # "Head of Year 10, Colegio Levante<TAB>Valencia": a last short proper name
            # after the title and employer is the place.
            location = rest.pop()
        return rest, location

    def section_work(self, lines: list[Line], key: str = "work") -> None:
        """Read jobs (or volunteering, with `key`) into entries with their highlights."""
        entries = []
        for group in self.entries(lines):
            parts, dates, body = self.head_and_body(group)
            parts, location = self._located(parts, towns=True)
            url = ""
            for part in list(parts):
                if URL.fullmatch(part):
                    url = part if part.startswith("http") else "https://" + part
                    parts.remove(part)
            body, found_url = _take_url(body)
            url = url or found_url
            highlights, text = self.highlights_and_text(body)
            if not parts:
                if entries and not dates:  # text that runs on from the entry before
                    entries[-1]["highlights"] += highlights
                    entries[-1]["summary"] = _joined([entries[-1]["summary"], text])
                    continue
                parts = [""]
            position, name, extra = _position_and_company(parts, [line for line in group
                                                                  if not line.bullet])
            if extra:
                text = _joined([" ".join(extra), text]) if text else ""
                if not text:
                    self.warn(key, f"“{' · '.join(extra)}” in “{position or name}” was not "
                                   "understood and was left out.")
            entry = {"position": position, "name": name, "location": location, "url": url,
                     "startDate": dates.start if dates else "",
                     "endDate": dates.end if dates else "", "summary": text,
                     "highlights": highlights}
            if not dates:
                self.warn(key, f"No dates were found for “{position or name}”.")
            entries.append(entry)
        if key == "volunteer":
            for entry in entries:
                entry["organization"] = entry.pop("name")
                entry.pop("location")
                if entry["organization"] == "" and entry["position"]:
                    entry["organization"], entry["position"] = entry["position"], ""
        self.document.setdefault(key, []).extend(entries)

    def section_volunteer(self, lines: list[Line]) -> None:
        """Read volunteering roles."""
        self.section_work(lines, "volunteer")

    def section_education(self, lines: list[Line]) -> None:
        """Read schools: institution, degree and field, dates, grade, courses."""
        entries = []
        for group in self.entries(lines):
            parts, dates, body = self.head_and_body(group)
            parts, _ = self._located(parts)
            entry = {"institution": "", "studyType": "", "area": "", "score": "",
                     "startDate": dates.start if dates else "",
                     "endDate": dates.end if dates else "", "courses": []}
            if dates and not dates.ranged and dates.start and not dates.end:
                entry["startDate"], entry["endDate"] = "", dates.start
            rest = []
            for part in _school_pieces(parts):
                if SCORE.fullmatch(part) and not entry["score"]:
                    entry["score"] = part
                    continue
                grade = GRADE.search(part)
                if grade and not entry["score"] and (grade.group(1) or grade.group(2)):
                    entry["score"] = (grade.group(1) or grade.group(2)).strip()
                    if grade.group(2) and len(part) < 40:
                        entry["score"], part = part, ""  # "Graduated with distinction"
                    part = part[:grade.start()].strip(" ,;(")
                    if not part:
                        continue
                courses = re.match(r"(?:relevant |key |selected )?(?:courses|coursework|"
                                   r"modules)\s*[:：]\s*(.+)", part, re.I)
                if courses:
                    entry["courses"] += [c.strip() for c in re.split(r"[,;]", courses.group(1))
                                         if c.strip()]
                    continue
                if len(rest) >= 2 and _is_list(part):
                    entry["courses"] += _items(part)
                    continue
                rest.append(part)
            school = next((p for p in rest if SCHOOL_WORDS.search(p)), None)
            degree = next((p for p in rest if p is not school and DEGREE.search(p)), None)
            if school is None:
                school = next((p for p in rest if p is not degree), None)
            if degree is None:
                degree = next((p for p in rest if p is not school), None)
            entry["institution"] = school or ""
            if degree:
                entry["studyType"], entry["area"] = _degree_and_area(degree)
            for part in rest:
                if part not in (school, degree):
                    if not entry["area"] and entry["studyType"]:
                        entry["area"] = part
                    else:
                        self.warn("education", f"“{part}” in “{school}” was not understood "
                                               "and was left out.")
            highlights, text = self.highlights_and_text(body)
            for item in highlights + ([text] if text else []):
                courses = re.match(r"(?:relevant |key |selected )?(?:courses|coursework|"
                                   r"modules)\s*[:：]\s*(.+)", item, re.I)
                grade = GRADE.search(item)
                if courses:
                    entry["courses"] += [c.strip() for c in re.split(r"[,;]", courses.group(1))
                                         if c.strip()]
                elif grade and not entry["score"] and len(item) < 40:
                    entry["score"] = item if grade.group(2) else (grade.group(1) or "").strip()
                elif SCORE.fullmatch(item) and not entry["score"]:
                    entry["score"] = item
                elif _is_list(item):
                    entry["courses"] += _items(item)
                else:
                    entry["courses"].append(item)
            if not entry["institution"] and entries and not dates:
                entries[-1]["courses"] += entry["courses"]
                continue
            entries.append(entry)
        self.document.setdefault("education", []).extend(entries)

    def section_projects(self, lines: list[Line]) -> None:
        """Read projects: name, roles, link, description, highlights, keywords."""
        entries = []
        for group in self.entries(lines):
            parts, dates, body = self.head_and_body(group)
            entry = {"name": "", "description": "", "url": "", "keywords": [],
                     "highlights": [], "roles": [],
                     "startDate": dates.start if dates else "",
                     "endDate": dates.end if dates else ""}
            rest = []
            for part in parts:
                if URL.fullmatch(part) and not entry["url"]:
                    entry["url"] = part if part.startswith("http") else "https://" + part
                elif keywords := _keywords_line(part):
                    entry["keywords"] += keywords
                elif rest and TITLE_WORDS.search(part) and len(part.split()) <= 4 and \
                        not entry["roles"]:
                    entry["roles"] = [r.strip() for r in re.split(r"[,/&]", part) if r.strip()]
                elif rest and _is_list(part) and not entry["keywords"]:
                    entry["keywords"] = _items(part)
                elif not rest and "," in part and len(part.rsplit(",", 1)[1].split()) <= 3:
                    name, role = part.rsplit(",", 1)
                    rest.append(name.strip())
                    entry["roles"] = [role.strip()]
                else:
                    rest.append(part)
            kept = []
            for line in body:
                if not line.bullet and URL.fullmatch(line.text) and not entry["url"]:
                    entry["url"] = line.text if line.text.startswith("http") \
                        else "https://" + line.text
                elif not line.bullet and (keywords := _keywords_line(line.text) or (
                        _is_list(line.text) and not entry["keywords"] and _items(line.text))):
                    entry["keywords"] += keywords
                else:
                    kept.append(line)
            highlights, text = self.highlights_and_text(kept)
            for item in highlights:
                if keywords := _keywords_line(item):
                    entry["keywords"] += keywords
                else:
                    entry["highlights"].append(item)
            entry["name"] = rest[0] if rest else ""
            extra = rest[1:]
            entry["description"] = _joined([" ".join(extra), text]) if extra else text
            if not entry["name"]:
                if entries:
                    entries[-1]["highlights"] += entry["highlights"]
                    entries[-1]["description"] = _joined([entries[-1]["description"], text])
                    continue
                self.warn("projects", "A project without a name was left out.")
                continue
            entries.append(entry)
        self.document.setdefault("projects", []).extend(entries)

    def section_skills(self, lines: list[Line]) -> None:
        """Read skills: categories with keywords, skills with levels, or plain lists."""
        skills = self.document.setdefault("skills", [])
        if named := _names_over_items(lines):
            skills.extend({**_named_level(name), "keywords": items} for name, items in named)
            return
        for text in _logical_lines(lines):
            match = LABELLED.match(text)
            if match and len(match.group(1).split()) <= 6:
                skills.append({**_named_level(match.group(1)), "keywords": _items(match.group(2))})
                continue
            name, tab, rest = text.partition(SEPARATOR)
            if tab and len(name.split()) <= 4 and _is_list(rest):
                # "DevOps<TAB>AWS, Docker, Kubernetes": a category set beside its list.
                skills.append({"name": name.strip(), "keywords": _items(rest)})
                continue
            parts = split_parts(text)
            if len(parts) == 2 and len(parts[1].split()) <= 3 and "," not in text:
                # "Python — Expert": a skill and its level.
                skills.append({"name": parts[0], "level": parts[1]})
                continue
            for item in _items(text):
                skills.append({"name": item})

    def section_interests(self, lines: list[Line]) -> None:
        """Read interests, with their keywords when given."""
        interests = self.document.setdefault("interests", [])
        if named := _names_over_items(lines):
            interests.extend({"name": name, "keywords": items} for name, items in named)
            return
        for text in _logical_lines(lines):
            match = LABELLED.match(text)
            parts = split_parts(text)
            if match:
                interests.append({"name": match.group(1).strip(),
                                  "keywords": _items(match.group(2))})
            elif len(parts) == 2:
                interests.append({"name": parts[0], "keywords": _items(parts[1])})
            else:
                interests.extend({"name": item} for item in _items(text))

    def section_languages(self, lines: list[Line]) -> None:
        """Read languages and their fluency."""
        languages = self.document.setdefault("languages", [])
        for text in _logical_lines(lines):
            items = _items(text) if not LABELLED.match(text) else [text]
            for item in items:
                if match := re.fullmatch(r"([^()]+?)\s*\((.+)\)", item):
                    languages.append({"language": match.group(1), "fluency": match.group(2)})
                    continue
                match = re.fullmatch(r"(.+?)\s*(?:[:：(\t|—–-]|\s-\s)\s*(.+?)\)?", item)
                if match:
                    languages.append({"language": match.group(1).strip(" :-"),
                                      "fluency": match.group(2).strip(" :-()")})
                elif fluency := FLUENCY.search(item):
                    languages.append({"language": item[:fluency.start()].strip(" ,-"),
                                      "fluency": fluency.group(0).strip()})
                else:
                    languages.append({"language": item})

    def _dated_items(self, lines: list[Line], key: str, name_key: str, by_key: str,
                     date_key: str, text_key: str | None) -> None:
        entries = []
        for group in self.entries(lines):
            parts, dates, body = self.head_and_body(_rejoined(group), _split_named)
            body, url = _take_url(body)
            highlights, text = self.highlights_and_text(body)
            for part in list(parts):
                if URL.fullmatch(part):
                    url = part if part.startswith("http") else "https://" + part
                    parts.remove(part)
            if len(parts) == 1 and "," in parts[0]:
                parts = [p.strip() for p in parts[0].rsplit(",", 1)]
            if not parts:
                continue
            entry = {name_key: parts[0], by_key: " ".join(parts[1:2]),
                     date_key: (dates.end or dates.start) if dates else ""}
            if url:
                entry["url"] = url
            if len(parts) > 2 or (highlights and not text_key):
                more = parts[2:] + highlights
                if text_key:
                    text = _joined([" ".join(more), text])
                else:
                    self.warn(key, f"“{' · '.join(more)}” in “{parts[0]}” was left out.")
            elif highlights:
                text = _joined(highlights + [text])
            if text_key:
                entry[text_key] = text
            elif text:
                self.warn(key, f"“{text[:60]}” in “{parts[0]}” was left out.")
            entries.append(entry)
        self.document.setdefault(key, []).extend(entries)

    def section_certificates(self, lines: list[Line]) -> None:
        """Read certificates: name, issuer, date, link."""
        self._dated_items(lines, "certificates", "name", "issuer", "date", None)

    def section_awards(self, lines: list[Line]) -> None:
        """Read awards: title, awarder, date, summary."""
        self._dated_items(lines, "awards", "title", "awarder", "date", "summary")

    def section_publications(self, lines: list[Line]) -> None:
        """Read publications: title, publisher, date, link, summary."""
        self._dated_items(lines, "publications", "name", "publisher", "releaseDate", "summary")

    def section_references(self, lines: list[Line]) -> None:
        """Read references; "available on request" alone is left out."""
        texts = [line.text for line in lines]
        if len(texts) == 1 and re.search(r"request|available", texts[0], re.I):
            return
        references = self.document.setdefault("references", [])
        for group in self.entries(lines):
            parts, _, body = self.head_and_body(group)
            highlights, text = self.highlights_and_text(body)
            if not parts:
                continue
            references.append({"name": parts[0],
                               "reference": _joined(parts[1:] + highlights + [text])})


def _clean_keep_tabs(text: str) -> str:
    return SEPARATOR.join(_clean(piece) for piece in text.split(SEPARATOR) if _clean(piece))


def _continues(before: Line, line: Line) -> bool:
    """Return whether `line` is the wrapped rest of `before` (a bullet or a sentence)."""
    text, previous = line.text, before.text
    if not text or line.source.bold and not before.source.bold or find_dates(text):
        return False
    if line.bullet and not (line.implied and before.implied):
        return False
    if EMAIL.search(text) or URL.match(text):
        return False
    if previous.endswith(("-", ",", "/")) or text[0].islower() and \
            not previous.endswith((".", ":", "!", "?")) and \
            (before.bullet or before.full or len(previous) >= 40):
        return True
    if text[0].isdigit() and (before.bullet or before.cont) and \
            re.search(r"\b(?:and|or|of|the|to|with|for|in|by|from|than|at)$", previous, re.I):
        return True  # "… from 900 ms to" + "180 ms while traffic doubled"
    if line.implied:
        # Without a glyph, a capital may start the next bullet as well as a wrapped line:
        # only a line that cannot end there ("… and", "… of the") runs on.
        return bool(re.search(r"\b(?:and|or|of|the|to|with|for|in|a|an|by|on|at|from|as)$",
                              previous, re.I))
    # The wrapped lines of a bullet whose glyph hangs out to the left.
    return (before.bullet or before.cont) and line.source.indent > before.source.indent - 6 \
        and (before.cont or line.source.indent > before.source.indent + 2) and \
        abs(line.source.size - before.source.size) < 0.5


def _is_body(line: Line, before: Line | None) -> bool:
    """Return whether a line is part of an entry's text rather than its header."""
    if line.bullet or before is not None and (before.bullet or before.cont or
                                              len(before.text) > 60) and _continues(before, line):
        return True
    text = line.text
    if find_dates(text):
        return False
    words = len(text.split())
    return len(text) > 90 or text.endswith((".", "!", "?")) and words >= 3 or \
        words >= 8 and not line.source.bold and SEPARATOR not in text


def _mark_implied_bullets(lines: list[Line]) -> None:
    """Mark as bullets the lines of the deepest indent of a section without bullet glyphs:
    list markers drawn by the page (not text) leave only their indent behind."""
    if any(line.bullet for line in lines):
        return
    # Lines led by a date ("2019 – 2021<TAB>Engineer") start in a date column.
    indents = sorted({round(line.source.indent) for line in lines
                      if not line.side and not _date_first(line.text)})
    if len(indents) < 2 or indents[-1] - indents[-2] < 5:
        return
    deepest = indents[-1]
    widest = max(len(line.text) for line in lines)
    for line in lines:
        line.full = len(line.text) >= max(60, 0.85 * widest)
        if round(line.source.indent) == deepest and not line.side:
            line.bullet = line.implied = True


def _dates_rejoined(lines: list[TextLine]) -> list[TextLine]:
    """Join a date range wrapped in a narrow date column ("February 2018 – March<TAB>Title"
    over "2021<TAB>Place") back into the first line's date."""
    result = list(lines)
    for index in range(len(result) - 1):
        first, second = result[index].text, result[index + 1].text
        head, _, rest = first.partition(SEPARATOR)
        tail, tab, more = second.partition(SEPARATOR)
        if re.search(rf"(?:[-–—]|\bto|{_MONTH})\s*$", head, re.I) and \
                re.fullmatch(rf"(?:{_ONE_DATE}|{_NOW}|{_YEAR})", tail.strip(), re.I) and \
                (find_dates(f"{head} {tail}") or _nothing) != find_dates(head):
            result[index] = replace(result[index], text=f"{head} {tail.strip()}" +
                                    (SEPARATOR + rest if rest else ""))
            result[index + 1] = replace(result[index + 1], text=more if tab else "")
    return [line for line in result if line.text.strip(SEPARATOR + " ")]


def _unmark_bulleted_titles(lines: list[Line]) -> None:
    """Some layouts bullet each entry's title line ("• Google<TAB>Mountain View, CA") and
    nest its highlights under it: a short bulleted line right above an unbulleted line with
    dates is a title, not a highlight."""
    for line, after in zip(lines, lines[1:], strict=False):
        if line.bullet and not line.implied and not after.bullet and len(line.text) < 70 \
                and find_dates(after.text) and not find_dates(line.text) and \
                after.source.indent > line.source.indent + 2:
            line.bullet = False


def _date_first(text: str) -> bool:
    found = find_dates(text)
    return bool(found) and not re.sub(r"[\W_]+", "", text[:found.span[0]])


COMPOUND_HEADS = {"well", "self", "non", "co", "cross", "multi", "high", "low", "long", "short",
                  "full", "part", "half", "real", "end", "open", "data", "user", "client",
                  "server", "front", "back", "best", "state", "world", "first", "top", "large",
                  "small", "in", "on", "off", "hands", "fast", "time", "cost", "team", "year",
                  "day", "mid", "post", "pre", "e", "x", "sub", "semi", "anti", "inter", "web",
                  "cloud", "test", "event", "award", "data-driven", "api"}


def _compound(before: str, after: str) -> bool:
    """Return whether a line ending in "well-" and one starting "tested" join as a compound
    ("well-tested"), not a word split by hyphenation."""
    head = re.search(r"(\w+)-$", before)
    return bool(head) and head.group(1).lower() in COMPOUND_HEADS or \
        after.split(" ", 1)[0].rstrip(".,;").lower() in ("based", "driven", "facing", "time",
                                                          "oriented", "scale", "end", "level",
                                                          "term", "quality", "stack")


def _joined(pieces: list[str]) -> str:
    """Join wrapped lines back into one text, mending words hyphenated at line ends."""
    result = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if result.endswith("-") and len(result) > 1 and result[-2].isalpha() and \
                piece[:1].islower() and not _compound(result, piece):
            result = result[:-1] + piece
        elif result.endswith(("/", "‐")) or result.endswith("-") and result[-2:-1].isalpha():
            result += piece
        else:
            result = f"{result} {piece}" if result else piece
    return result


def _logical_lines(lines: list[Line]) -> list[str]:
    """Return a list section's lines, wrapped lines joined ("Tools: A, B," + "C, D")."""
    result: list[str] = []
    for line in lines:
        text = line.text
        if result and not line.bullet and (result[-1].endswith((",", ";", "/", "&", "-")) or
                                           text[:1].islower()) and not LABELLED.match(text):
            result[-1] = _joined([result[-1], text])
        else:
            result.append(text)
    return result


def _items(text: str) -> list[str]:
    """Return the items of a list written in a line ("A, B · C | D")."""
    depth, items, current = 0, [], ""
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth <= 0 and char in ",;|•·\t◦▪":
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [item.strip(" .") for item in items if item.strip(" .")]


def _place_like(text: str) -> bool:
    """Return whether `text` could be a place name: one to three capitalised words."""
    return bool(re.fullmatch(r"[A-ZÀ-Ý][\w'’.-]+(?: [A-ZÀ-Ý][\w'’.-]+){0,2}", text)) and \
        not (TITLE_WORDS.search(text) or COMPANY_WORDS.search(text) or
             SCHOOL_WORDS.search(text) or DEGREE.search(text))


def _unwrapped_links(lines: list[Line]) -> list[Line]:
    """Join a web address broken over two lines ("github.com/" + "mkowalski")."""
    result: list[Line] = []
    for line in lines:
        if result and re.search(r"\S/$", result[-1].text) and not line.text.startswith(" "):
            result[-1] = replace(result[-1], text=result[-1].text + line.text)
        else:
            result.append(line)
    return result


def _names_over_items(lines: list[Line]) -> list[tuple[str, list[str]]]:
    """Return [(name, items)] for a list set as a bold name over a line of plain items
    ("Python" over "Flask, SQLAlchemy"), or [] when the lines are not set that way."""
    if len(lines) < 2 or not lines[0].source.bold or any(LABELLED.match(line.text)
                                                          for line in lines):
        return []
    result: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.source.bold:
            result.append((line.text, []))
        elif result:
            result[-1][1].extend(_items(line.text))
    return result if all(items for _, items in result) else []


def _rejoined(group: list[Line]) -> list[Line]:
    """Return an entry's lines with a name wrapped over two header lines joined again
    ("Certified Kubernetes" + "Administrator, CNCF")."""
    result = group[:1]
    for line in group[1:]:
        before = result[-1]
        wrapped = not line.bullet and not before.bullet and \
            SEPARATOR not in before.text and not find_dates(before.text) and \
            not URL.fullmatch(line.text) and not _is_body(line, before) and \
            (before.text.endswith(("–", "-", ",", "&", "/")) or line.text[:1].islower() or
             before.source.bold and line.source.bold and before.source.size == line.source.size)
        if wrapped and len(result) == 1:
            result[-1] = replace(before, text=f"{before.text} {line.text}")
        else:
            result.append(line)
    return result


def _split_named(text: str) -> list[str]:
    """Split "AWS Solutions Architect – Associate, Amazon Web Services" into its name and
    who gave it: at a tab or bar first, else at the last comma, else as other header lines."""
    pieces = [p.strip(" ,;|·") for p in re.split(r"\t|\s[|•·]\s", text) if p.strip(" ,;|·")]
    if len(pieces) == 1 and ", " in pieces[0] and not re.search(r"\s[—–]\s(?!.*,)", pieces[0]):
        return [p.strip() for p in pieces[0].rsplit(", ", 1)]
    # A dash parts a name from its giver only when a giver follows ("ACLS — American Heart
    # Association"), not a grade of the name ("Solutions Architect – Associate").
    return [part for piece in pieces for part in
            (split_parts(piece) if re.search(r"\s[—–-]\s+\S+\s+\S", piece) else [piece])]


def _take_url(body: list[Line]) -> tuple[list[Line], str]:
    """Return an entry's body without the line that is only its web address, and that."""
    for index, line in enumerate(body):
        if not line.bullet and URL.fullmatch(line.text):
            url = line.text if line.text.startswith("http") else "https://" + line.text
            return body[:index] + body[index + 1:], url
    return body, ""


def _named_level(text: str) -> dict:
    """Return {"name", "level"} for "Python (Expert)", "Python — Expert" or "Python"."""
    match = re.fullmatch(r"(.+?)\s*\((.{1,40})\)", text.strip())
    if match:
        return {"name": match.group(1), "level": match.group(2)}
    return {"name": text.strip()}


def _is_list(text: str) -> bool:
    """Return whether `text` is a list of short items ("Python, Redis"), not a sentence."""
    items = _items(text)
    return len(items) >= 2 and not text.rstrip().endswith(".") and \
        all(len(item.split()) <= 4 for item in items)


def _school_pieces(parts: list[str]) -> list[str]:
    """Split "MSc in Computer Science, TU Berlin" into the degree and the school."""
    result = []
    for part in parts:
        pieces = [p.strip() for p in part.split(",")]
        school = [p for p in pieces if SCHOOL_WORDS.search(p)]
        degree = [p for p in pieces if DEGREE.search(p) and p not in school]
        if len(pieces) > 1 and degree and (school or len(pieces) == 2) or \
                len(pieces) == 2 and len(school) == 1 and not is_location(part):
            result.extend(pieces)
        else:
            result.append(part)
    return result


def _keywords_line(text: str) -> list[str]:
    match = re.match(r"(?:tech(?:nologies)?|tech stack|stack|tools|built with|keywords|skills|"
                     r"languages)\s*[:：]\s*(.+)", text, re.I)
    return _items(match.group(1)) if match else []


def _degree_and_area(text: str) -> tuple[str, str]:
    """Split "BSc in Computer Science" or "Master of Science, Physics" into degree and area."""
    match = re.match(r"(.+?)\s*(?:,|\bin\b|:|\()\s*(.+?)\)?$", text)
    if match and DEGREE.search(match.group(1)):
        return match.group(1).strip(), match.group(2).strip()
    degree = DEGREE.match(text)
    if degree and degree.end() < len(text) and text[degree.end()] in " ." and \
            not re.match(r"\s*of\b", text[degree.end():]):
        return text[:degree.end()].strip(), text[degree.end():].strip(" .")
    return text, ""


def _position_and_company(parts: list[str], head: list[Line]) -> tuple[str, str, list[str]]:
    """Tell the job title from the employer among an entry's header pieces."""
    if len(parts) == 1:
        piece = parts[0]
        # "Engineer, Acme Corp" in one piece. A title holds commas more often than an
        # employer ("Staff Nurse, Cardiac ICU, Tufts Medical Center"), so cut at the last one;
        # "Acme, Inc." stays whole.
        pieces = [p.strip() for p in re.split(r",(?!\s*(?:inc|llc|ltd|gmbh|corp|plc)\b\.?\s*$)",
                                               piece, flags=re.I)]
        if len(pieces) > 1:
            last, before = pieces[-1], ", ".join(pieces[:-1])
            first, after = pieces[0], ", ".join(pieces[1:])
            if _title_score(last) == 0 and (_title_score(before) or _company_score(last)):
                return before, last, []
            if _title_score(first) == 0 and _title_score(after):
                return after, first, []
        return piece, "", []
    first, second, *extra = parts
    title_first = _title_score(first) - _company_score(first)
    title_second = _title_score(second) - _company_score(second)
    if title_second > title_first:
        return second, first, extra
    if title_second == title_first and head:
        # No word tells: a bold first line is the employer in many layouts when the second
        # line is not bold; otherwise the common "Title, Company" order.
        first_line = head[0]
        if len(head) > 1 and first_line.source.bold and not head[1].source.bold \
                and first in first_line.text and second not in first_line.text:
            return second, first, extra
    return first, second, extra


def _title_score(text: str) -> int:
    # A title ends in its noun ("Software Engineer"); a company may hold one ("Engineering
    # Partners"), so the last word counts most.
    last = re.search(r"(\w[\w.-]*)\W*$", text)
    return len(TITLE_WORDS.findall(text)) + 2 * bool(last and TITLE_WORDS.fullmatch(last.group(1)))


def _company_score(text: str) -> int:
    last = re.search(r"(\w[\w.-]*)\W*$", text)
    return len(COMPANY_WORDS.findall(text)) + bool(URL.search(text)) + \
        2 * bool(last and COMPANY_WORDS.fullmatch(last.group(1)))


def read_lines(lines: list[TextLine], source: str) -> ImportResult:
    """Return the document the visual lines of a resume make; raise ImportRejected when they
    hold no resume at all."""
    if not any(line.text.strip() for line in lines):
        raise ImportRejected("This file has no text that could be read.")
    reader = Reader(lines, source)
    document = reader.read()
    found = [key for key in HEADINGS if key not in ("summary", "contact") and
             document.get(key)]
    if not found:
        reader.warn("file", "No sections such as Experience or Education were recognised; "
                            "check what was understood and add the rest in the editor.")
    document, warnings = settle(document)
    return ImportResult(document, source, reader.warnings + warnings)
