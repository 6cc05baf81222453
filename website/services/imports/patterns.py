"""The patterns a resume's text is read by: heading wordings, dates, contact details,
places, job titles and employers, schools and degrees; and the small readers built on
them. Plain text in, plain values out: the layout parser decides where things go."""
import re
import unicodedata
from dataclasses import dataclass

# A reader joins text boxes that share a baseline with a tab, so "Title<TAB>2019 – 2021"
# keeps the gap a right-aligned date had on the page.
SEPARATOR = "\t"

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
MONTH = rf"(?:{_MONTH_NAMES})\.?"
YEAR = r"(?:19|20)\d{2}"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
ONE_DATE = (rf"(?:(?:(?<!\w){_DAY}\.? +)?{MONTH}\s*(?:{_DAY}(?:st|nd|rd|th)?\s*)?,?\s*'?{YEAR}"
             rf"|[0-3]?\d\s*[/.]\s*(?:0?[1-9]|1[0-2])\s*[/.]\s*{YEAR}"
             rf"|(?:0?[1-9]|1[0-2])\s*[/.]\s*{YEAR}"
             rf"|{YEAR}\s*[-/.]\s*(?:0[1-9]|1[0-2])(?:\s*[-/.]\s*\d{{2}})?(?!\d)|{YEAR})")
NOW = r"(?:present|current|currently|now|today|ongoing|date|heute|aujourd'hui|actuel)"
_DASH = r"\s*(?:[-‐‑‒–—−~]|\bto\b|\buntil\b|\btill\b|\bbis\b|\bthrough\b|\bthru\b)\s*"
DATE_RANGE = re.compile(
    rf"(?<![\w/])(?P<start>{ONE_DATE})(?:{_DASH}(?P<end>{ONE_DATE}|{NOW}))?(?![\w/])"
    rf"|(?P<since>\bsince\b|\bseit\b|\bfrom\b)\s+(?P<since_date>{ONE_DATE})"
    rf"|(?P<expected>\b(?:expected|anticipated|exp\.)\s+)(?P<expected_date>{ONE_DATE})",
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
author co-author creator speaker
""")
COMPANY_WORDS = _word_list(r"""
inc llc ltd limited gmbh ag corp corporation co company plc group labs? technologies
technology systems solutions software studios? agency partners bank hospital clinic
university college school institute foundation association ministry department council
services consulting holdings ventures media s\.a\. sa bv b\.v\. se kg oy ab pty sarl nv
llp pvt network capital health industries enterprises international global digital
center centre club society
""", r"|&|\.(?:com|io)\b")
# What kind of project an entry is, as people name it (JSON Resume's examples: "application",
# "volunteering", "presentation"): alone on the line under a project's title, it is its type,
# not whom it was for.
PROJECT_KINDS = _word_list(r"""
application app mobile_app web_app website library framework tool plugin extension package
api service game volunteering volunteer_work presentation talk keynote workshop conference
research thesis dissertation paper publication course hackathon open_source open-source
side_project personal_project school_project community book podcast video film exhibition
""")
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


def clean(text: str) -> str:
    # Some typesetters draw dashes and hyphens with the soft-hyphen code: between spaces it
    # is a dash ("Mar. 2010 ­ Aug. 2017"), between letters a hyphen ("Back­end").
    """Return `text` with soft hyphens read, compatibility forms folded and spaces collapsed."""
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


def plain_words(text: str) -> str:
    """Return `text` lower-cased with only its letters, digits and spaces."""
    return re.sub(r"[^\w ]", "", text).strip().lower()


def heading_key(text: str) -> str | None:
    """Return the section key a heading wording names ("Work History" → "work"), or None."""
    plain = _despaced(clean(text)).replace(SEPARATOR, " ")
    plain = re.sub(r"^[\W\d_]+|[\s:：.·•|—–-]+$", "", plain.lower()).strip()
    plain = re.sub(r"\s+", " ", plain.replace("&amp;", "&"))
    if plain in HEADING_KEYS:
        return HEADING_KEYS[plain]
    plain = plain.replace(" and ", " & ")
    if plain in HEADING_KEYS:
        return HEADING_KEYS[plain]
    return SPACELESS_KEYS.get(re.sub(r"\W", "", plain))
    return HEADING_KEYS.get(plain.replace(" & ", " and "))


def parse_date(text: str) -> str:
    """Return one date written as on a resume ("Sep 2021", "03/2020", "2020-03") as YYYY-MM
    or YYYY, or "" for "Present" and words this parser does not know."""
    text = text.strip().strip(".,").lower()
    if not (year := re.search(YEAR, text)):
        return ""
    month = day = None
    if name := re.match(r"(?:([0-3]?\d)\.?\s+)?([a-zäéû]+)\.?(?:\s*([0-3]?\d)(?:st|nd|rd|th)?\b)?",
                        text):
        month = MONTHS.get(name.group(2))
        day = name.group(1) or name.group(3)
    elif numbers := re.fullmatch(rf"([0-3]?\d)\s*[/.]\s*(\d{{1,2}})\s*[/.]\s*({YEAR})", text):
        day, month = numbers.group(1), int(numbers.group(2))
    elif numbers := re.fullmatch(rf"(\d{{1,2}})\s*[/.]\s*({YEAR})", text):
        month = int(numbers.group(1))
    elif numbers := re.fullmatch(rf"({YEAR})\s*[-/.]\s*(\d{{2}})(?:\s*[-/.]\s*\d{{2}})?", text):
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
                          "" if end is None or re.fullmatch(NOW, end.strip(), re.I)
                          else parse_date(end), match.span(), end is not None)
        if found.ranged:
            return found
        # A lone year inside words ("Top 100", "ISO 2001") is weaker than one on its own.
        best = best or found
    return best


def without_span(text: str, span: tuple[int, int]) -> str:
    """Return `text` with `span` (a date found in it) replaced by a separator."""
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


def profile_of(url: str) -> dict | None:
    """Return {network, username, url} for a link to a known network, else None."""
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


COMPOUND_HEADS = {"well", "self", "non", "co", "cross", "multi", "high", "low", "long", "short",
                  "full", "part", "half", "real", "end", "open", "data", "user", "client",
                  "server", "front", "back", "best", "state", "world", "first", "top", "large",
                  "small", "in", "on", "off", "hands", "fast", "time", "cost", "team", "year",
                  "day", "mid", "post", "pre", "e", "x", "sub", "semi", "anti", "inter", "web",
                  "cloud", "test", "event", "award", "data-driven", "api"}


def is_compound(before: str, after: str) -> bool:
    """Return whether a line ending in "well-" and one starting "tested" join as a compound
    ("well-tested"), not a word split by hyphenation."""
    head = re.search(r"(\w+)-$", before)
    return bool(head) and head.group(1).lower() in COMPOUND_HEADS or \
        after.split(" ", 1)[0].rstrip(".,;").lower() in ("based", "driven", "facing", "time",
                                                         "oriented", "scale", "end", "level",
                                                         "term", "quality", "stack")


def joined_lines(pieces: list[str]) -> str:
    """Join wrapped lines back into one text, mending words hyphenated at line ends."""
    result = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if result.endswith("-") and len(result) > 1 and result[-2].isalpha() and \
                piece[:1].islower() and not is_compound(result, piece):
            result = result[:-1] + piece
        elif result.endswith(("/", "‐")) or result.endswith("-") and result[-2:-1].isalpha():
            result += piece
        else:
            result = f"{result} {piece}" if result else piece
    return result


def list_items(text: str) -> list[str]:
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


def place_like(text: str) -> bool:
    """Return whether `text` could be a place name: one to three capitalised words."""
    return bool(re.fullmatch(r"[A-ZÀ-Ý][\w'’.-]+(?: [A-ZÀ-Ý][\w'’.-]+){0,2}", text)) and \
        not (TITLE_WORDS.search(text) or COMPANY_WORDS.search(text) or
             SCHOOL_WORDS.search(text) or DEGREE.search(text))


def split_named(text: str) -> list[str]:
    """Split "AWS Solutions Architect – Associate, Amazon Web Services" into its name and
    who gave it: at a tab or bar first, else at the last comma, else as other header lines."""
    pieces = [p.strip(" ,;|·") for p in re.split(r"\t|\s[|•·]\s", text) if p.strip(" ,;|·")]
    if len(pieces) == 1 and ", " in pieces[0] and not re.search(r"\s[—–]\s(?!.*,)", pieces[0]):
        return [p.strip() for p in pieces[0].rsplit(", ", 1)]
    # A dash parts a name from its giver only when a giver follows ("ACLS — American Heart
    # Association"), not a grade of the name ("Solutions Architect – Associate").
    return [part for piece in pieces for part in
            (split_parts(piece) if re.search(r"\s[—–-]\s+\S+\s+\S", piece) else [piece])]


def named_level(text: str) -> dict:
    """Return {"name", "level"} for "Python (Expert)", "Python — Expert" or "Python"."""
    match = re.fullmatch(r"(.+?)\s*\((.{1,40})\)", text.strip())
    if match:
        return {"name": match.group(1), "level": match.group(2)}
    return {"name": text.strip()}


def is_list(text: str) -> bool:
    """Return whether `text` is a list of short items ("Python, Redis"), not a sentence."""
    items = list_items(text)
    return len(items) >= 2 and not text.rstrip().endswith(".") and \
        all(len(item.split()) <= 4 for item in items)


def school_pieces(parts: list[str]) -> list[str]:
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


def keywords_of(text: str) -> list[str]:
    """Return the items of a "Tech: a, b" line, or [] for any other line."""
    match = re.match(r"(?:tech(?:nologies)?|tech stack|stack|tools|built with|keywords|skills|"
                     r"languages)\s*[:：]\s*(.+)", text, re.I)
    return list_items(match.group(1)) if match else []


def degree_and_area(text: str) -> tuple[str, str]:
    """Split "BSc in Computer Science" or "Master of Science, Physics" into degree and area."""
    match = re.match(r"(.+?)\s*(?:,|\bin\b|:|\()\s*(.+?)\)?$", text)
    if match and DEGREE.search(match.group(1)):
        return match.group(1).strip(), match.group(2).strip()
    degree = DEGREE.match(text)
    if degree and degree.end() < len(text) and text[degree.end()] in " ." and \
            not re.match(r"\s*of\b", text[degree.end():]):
        return text[:degree.end()].strip(), text[degree.end():].strip(" .")
    return text, ""


def title_score(text: str) -> int:
    """Return how much `text` reads like a job title."""
    # A title ends in its noun ("Software Engineer"); a company may hold one ("Engineering
    # Partners"), so the last word counts most.
    last = re.search(r"(\w[\w.-]*)\W*$", text)
    return len(TITLE_WORDS.findall(text)) + 2 * bool(last and TITLE_WORDS.fullmatch(last.group(1)))


def company_score(text: str) -> int:
    """Return how much `text` reads like an employer's name."""
    last = re.search(r"(\w[\w.-]*)\W*$", text)
    return len(COMPANY_WORDS.findall(text)) + bool(URL.search(text)) + \
        2 * bool(last and COMPANY_WORDS.fullmatch(last.group(1)))


def project_kind(text: str) -> str:
    """Return a project's type as JSON Resume writes it ("volunteering"): our designs show it
    with a capital ("Volunteering"), which a word in capitals ("API client") keeps."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def date_first(text: str) -> bool:
    """Return whether `text` starts with a date ("2019 – 2021<TAB>Engineer")."""
    found = find_dates(text)
    return bool(found) and not re.sub(r"[\W_]+", "", text[:found.span[0]])


def undated(text: str) -> str:
    """Return `text` without its dates (a separator in their place)."""
    found = find_dates(text)
    return without_span(text, found.span) if found else text


def about_like(text: str) -> bool:
    """Return whether a piece of the italic line under an entry's title can say what the
    employer does: not a place, a date, an address or a sentence of the entry's text."""
    return len(text) <= 150 and not (
        is_location(text) or date_first(text) or URL.fullmatch(text) or EMAIL.search(text)
        or (found := find_dates(text)) and found.ranged or
        text.endswith(".") and len(text.split()) >= 5)


def position_and_company(parts: list[str], head: list) -> tuple[str, str, list[str]]:
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
            if title_score(last) == 0 and (title_score(before) or company_score(last)):
                return before, last, []
            if title_score(first) == 0 and title_score(after):
                return after, first, []
        return piece, "", []
    first, second, *extra = parts
    title_first = title_score(first) - company_score(first)
    title_second = title_score(second) - company_score(second)
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


def dated_place(texts: list[str]) -> str:
    """Return the town set after an entry's dates on a line of their own ("Sep 2013 – Jul 2016
    · Valencia") when another header line names the title and employer apart, else ""."""
    for text in texts:
        pieces = split_parts(undated(text)) if date_first(text) else []
        if len(pieces) == 1 and place_like(pieces[0]) and any(
                len(split_parts(undated(other))) >= 2 for other in texts if other is not text):
            return pieces[0]
    return ""
