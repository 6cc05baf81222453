"""Read the ZIP of CSV files LinkedIn's "Get a copy of your data" gives into an import result.

The export's files may sit in a folder, any of them may be missing, and their columns may be
missing or in another order; what cannot be used becomes a warning, never a refusal.
"""
import csv
import io
import itertools
import re
from dataclasses import dataclass

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from website.services import resume_document
from website.services.imports import ImportRejected, ImportResult, ImportWarning, settle, zips

MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}
MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
DATE_FORMS = (
    re.compile(r"(?P<year>\d{4})(?:-(?P<mm>\d{1,2})(?:-(?P<day>\d{1,2}))?)?"),
    re.compile(MONTH + r"\s+(?P<year>\d{4})"),  # Sep 2021
    re.compile(MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"),  # Sep 15, 2021
    re.compile(r"(?P<day>\d{1,2})\s+" + MONTH + r"\s+(?P<year>\d{4})"),  # 15 Sep 2021
    re.compile(r"(?P<mm>\d{1,2})/(?P<year>\d{4})"),  # 09/2021
    re.compile(r"(?P<mm>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})"),  # 09/15/2021, US order
)
# A line of a description that is a list item: a bullet glyph or dash, then the text.
BULLET = re.compile(r"^\s*(?:[•·▪◦●‣∙○■□➢➤►✓✔*\-–—]\s*|\d{1,2}[.)]\s+)(?=\S)")
INLINE_BULLET = re.compile(r"\s+[•▪●➢►]\s+")  # "Led the team • Cut costs • Hired four"
URL = re.compile(r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:/[^\s,\]\[]*)?", re.IGNORECASE)
NETWORKS = {"github.com": "GitHub", "gitlab.com": "GitLab", "twitter.com": "Twitter",
            "x.com": "X", "linkedin.com": "LinkedIn", "stackoverflow.com": "Stack Overflow",
            "medium.com": "Medium", "behance.net": "Behance", "dribbble.com": "Dribbble"}
NOT_LINKEDIN = _l("This ZIP archive is neither a Word (.docx) file nor a LinkedIn data export "
                  "(it has no Profile.csv, Positions.csv or the like). Upload the ZIP LinkedIn "
                  "sends under Settings › Data privacy › Get a copy of your data, as it came.")
# How warnings name the date fields and the columns a resume has no place for.
FIELD_NAMES = {"startDate": _l("start date"), "endDate": _l("end date"), "date": _l("date"),
               "releaseDate": _l("release date"), "notes": _l("notes"),
               "activities": _l("activities"), "license number": _l("license number")}


@dataclass(frozen=True)
class Table:
    """One CSV file of the export and where its columns go in a section's entries."""

    file: str  # file name, compared without case, in any folder
    section: str
    columns: dict[str, str]  # column (lower case) → entry field
    dates: tuple[str, ...] = ()  # the entry fields above that hold dates
    list_column: str = ""  # column whose list lines become highlights, the rest `text_field`
    text_field: str = "summary"
    unused: tuple[str, ...] = ()  # columns with no place in the document: a warning when set


TABLES = (
    Table("positions.csv", "work", {"company name": "name", "title": "position",
                                    "location": "location", "started on": "startDate",
                                    "finished on": "endDate"},
          ("startDate", "endDate"), list_column="description"),
    Table("education.csv", "education", {"school name": "institution", "degree name": "studyType",
                                         "field of study": "area", "start date": "startDate",
                                         "end date": "endDate", "grade": "score"},
          ("startDate", "endDate"), unused=("notes", "activities")),
    Table("skills.csv", "skills", {"name": "name"}),
    Table("certifications.csv", "certificates", {"name": "name", "url": "url",
                                                 "authority": "issuer", "started on": "date"},
          ("date",), unused=("license number",)),
    Table("languages.csv", "languages", {"name": "language", "proficiency": "fluency"}),
    Table("projects.csv", "projects", {"title": "name", "url": "url", "started on": "startDate",
                                       "finished on": "endDate"},
          ("startDate", "endDate"), list_column="description", text_field="description"),
    Table("honors.csv", "awards", {"title": "title", "issued on": "date",
                                   "description": "summary"}, ("date",)),
    Table("publications.csv", "publications", {"name": "name", "publisher": "publisher",
                                               "published on": "releaseDate", "url": "url",
                                               "description": "summary"}, ("releaseDate",)),
    Table("volunteering.csv", "volunteer", {"company name": "organization", "role": "position",
                                            "started on": "startDate",
                                            "finished on": "endDate"},
          ("startDate", "endDate"), list_column="description"),
)
PROFILE_FILES = ("profile.csv", "email addresses.csv", "phonenumbers.csv", "phone numbers.csv")
KNOWN_FILES = {table.file for table in TABLES} | set(PROFILE_FILES)
# A heavy LinkedIn user's Positions.csv is under 100 kB; no resume needs more of one file.
MAX_FILE_BYTES = 2 * zips.MB
MAX_ROWS = 500


def parse_date(text: str) -> str | None:
    """Return a date as LinkedIn writes it ("Sep 2021", "2019", "Sep 15, 2021") in the form
    YYYY, YYYY-MM or YYYY-MM-DD; "" for no date; None when it is not a date."""
    text = text.strip()
    if not text or text.lower() in ("present", "now", "current"):
        return ""
    for form in DATE_FORMS:
        if match := form.fullmatch(text):
            parts = match.groupdict()
            month = (MONTHS.get(parts["month"].lower()) if parts.get("month")
                     else int(parts["mm"]) if parts.get("mm") else None)
            if parts.get("month") and month is None:
                return None
            day = int(parts["day"]) if parts.get("day") else None
            value = parts["year"] + (f"-{month:02d}" if month else "")
            value += f"-{day:02d}" if month and day else ""
            return value if resume_document.parse_date(value) else None
    return None


def decode(raw: bytes) -> str:
    """Return the text of a CSV file in UTF-8 (with or without a byte order mark), UTF-16
    or, failing those, Windows-1252 (what Excel saves on Windows)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw[:200].count(b"\x00") > len(raw[:200]) // 4:  # UTF-16 without a byte order mark
        return raw.decode("utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be", errors="replace")
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")  # cp1252 leaves five bytes undefined; this reads every byte


def rows(raw: bytes, expected: set[str]) -> list[dict[str, str]]:
    """Return the rows of a CSV file as {column in lower case: value}, its header found as
    the first of the first few rows naming an `expected` column (some files open with notes);
    raise csv.Error when the file is not CSV."""
    text = decode(raw)
    for dialect in (csv.excel, csv.excel_tab):  # LinkedIn writes commas; some editors tabs
        found = csv.reader(io.StringIO(text, newline=""), dialect)
        for header in itertools.islice(found, 5):
            names = [" ".join(name.split()).lower() for name in header]
            if expected & set(names):
                kept = (row for row in found if any(value.strip() for value in row))
                return [{name: value.strip() for name, value in zip(names, row, strict=False)}
                        for row in itertools.islice(kept, MAX_ROWS)]
    return []


def split_description(text: str) -> tuple[str, list[str]]:
    """Return a description's plain lines (as one text) and its list lines (as highlights)."""
    plain, bullets = [], []
    for line in text.replace("\r\n", "\n").split("\n"):
        if BULLET.match(line) or len(INLINE_BULLET.split(line)) > 2:
            items = INLINE_BULLET.split(BULLET.sub("", line))
            bullets.extend(item.strip() for item in items if item.strip())
        elif line.strip():
            plain.append(line.strip())
    return "\n".join(plain), bullets


def _place(text: str) -> str:
    """Return LinkedIn's region name as a city: "Greater Seattle Area" → "Seattle"."""
    text = re.sub(r"^Greater\s+", "", text.strip())
    return re.sub(r"\s+(Metropolitan|Metro)?\s*(Area|Region)$", "", text) \
        if not text.endswith("Bay Area") else text


def _fluency(text: str) -> str:
    """Return a proficiency LinkedIn wrote as a code ("NATIVE_OR_BILINGUAL") in words."""
    if re.fullmatch(r"[A-Z_]+", text):
        return text.replace("_", " ").capitalize() + " proficiency"
    return text


def _url(text: str) -> str:
    text = text.strip().rstrip(".")
    return text if re.match(r"https?://", text, re.IGNORECASE) else f"https://{text}"


class _Reader:
    """Collects the document and warnings while reading one export."""

    def __init__(self, archive: zips.SafeZip):
        self.archive = archive
        self.files = {name.rsplit("/", 1)[-1].lower(): name for name in archive.namelist()
                      if not name.rsplit("/", 1)[-1].startswith(".")}
        self.document: dict = {"basics": {"location": {}, "profiles": []}}
        self.warnings: list[ImportWarning] = []

    def table(self, file: str, section: str, expected: set[str]) -> list[dict[str, str]]:
        """Return the rows of `file` ([] when the export has none, with a warning when it
        cannot be read)."""
        if file not in self.files:
            return []
        name = self.files[file]
        if self.archive.size(name) > MAX_FILE_BYTES:
            self.warnings.append(ImportWarning(section, _(
                "%(file)s is larger than %(size)d MB, far more than a resume holds; it was left "
                "out.", file=name, size=MAX_FILE_BYTES // zips.MB)))
            return []
        raw = self.archive.read(name, MAX_FILE_BYTES)
        try:
            found = rows(raw, expected)
        except csv.Error as error:
            self.warnings.append(ImportWarning(section, _(
                "%(file)s could not be read as a CSV file (%(problem)s); it was left out.",
                file=name, problem=str(error))))
            return []
        if not found and raw.strip():
            self.warnings.append(ImportWarning(section, _(
                "%(file)s has none of the columns expected (%(columns)s); it was left out.",
                file=name, columns=", ".join(sorted(expected)))))
        return found

    def date(self, section: str, headline: str, field: str, text: str) -> str:
        value = parse_date(text)
        if value is None:
            self.warnings.append(ImportWarning(section, _(
                "%(entry)s: left out the %(field)s “%(value)s”, which is not a date.",
                entry=headline, field=FIELD_NAMES[field], value=text[:40])))
            return ""
        return value

    def entries(self, table: Table) -> None:
        """Add the entries of one table's file to its section."""
        expected = set(table.columns) | ({table.list_column} - {""}) | set(table.unused)
        found = self.table(table.file, table.section, expected)
        if len(found) > resume_document.MAX_ENTRIES:
            # LinkedIn lists the latest first; settling would only do this after measuring
            # the whole document, which so many entries could make too large to keep.
            self.warnings.append(ImportWarning(table.section, _(
                "Kept the first %(limit)d of the %(count)d entries in %(file)s; a resume section "
                "holds at most that many.", limit=resume_document.MAX_ENTRIES, count=len(found),
                file=self.files[table.file])))
            found = found[:resume_document.MAX_ENTRIES]
        entries = []
        for row in found:
            entry = {field: row.get(column, "") for column, field in table.columns.items()
                     if field not in table.dates}
            headline = resume_document.entry_headline(
                entry, resume_document.SECTIONS_BY_KEY[table.section])
            for column, field in table.columns.items():
                if field in table.dates:
                    entry[field] = self.date(table.section, headline, field,
                                             row.get(column, ""))
            if table.list_column and row.get(table.list_column):
                entry[table.text_field], entry["highlights"] = \
                    split_description(row[table.list_column])
            if entry.get("fluency"):
                entry["fluency"] = _fluency(entry["fluency"])
            if "url" in entry and entry["url"]:
                entry["url"] = _url(entry["url"])
            left_out = [column for column in table.unused if row.get(column)]
            if left_out:
                fields = format_list([str(FIELD_NAMES[column]) for column in left_out],
                                     locale=get_locale() or "en")
                self.warnings.append(ImportWarning(table.section, _(
                    "%(entry)s: left out the %(fields)s (“%(value)s”); this section has no "
                    "place for them.", entry=headline, fields=fields,
                    value=row[left_out[0]][:40])))
            entries.append(entry)
        self.document[table.section] = entries

    def basics(self) -> None:
        """Fill in the name, headline, summary, place, websites, email and phone."""
        basics = self.document["basics"]
        expected = {"first name", "last name", "headline", "summary", "geo location"}
        profile = next(iter(self.table("profile.csv", "basics", expected)), {})
        basics["name"] = " ".join(part for part in (profile.get("first name", ""),
                                                    profile.get("last name", "")) if part)
        basics["label"] = profile.get("headline", "")
        basics["summary"] = profile.get("summary", "")
        place = [part.strip() for part in _place(profile.get("geo location", "")).split(",")]
        basics["location"] = {"address": profile.get("address", ""),
                              "postalCode": profile.get("zip code", ""), "city": place[0],
                              "region": place[1] if len(place) > 2 else ""}
        for site in URL.findall(profile.get("websites", "")):
            self.website(_url(site))
        for handle in re.findall(r"[\w.]+", profile.get("twitter handles", "")):
            basics["profiles"].append({"network": "Twitter", "username": handle,
                                       "url": f"https://twitter.com/{handle}"})
        emails = self.table("email addresses.csv", "basics", {"email address"})
        primary = [row for row in emails if row.get("primary", "").lower() == "yes"]
        basics["email"] = next((row.get("email address", "") for row in primary + emails), "")
        phones = self.table("phonenumbers.csv", "basics", {"number"}) \
            or self.table("phone numbers.csv", "basics", {"number"})
        basics["phone"] = next((row["number"] for row in phones if row.get("number")), "")

    def website(self, url: str) -> None:
        """Add a website as the basics' website, or as a profile when it is on a network."""
        basics = self.document["basics"]
        host = re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE).split("/")[0].lower()
        if host in NETWORKS:
            username = url.rstrip("/").rsplit("/", 1)[-1]
            basics["profiles"].append({"network": NETWORKS[host], "username": username,
                                       "url": url})
        elif not basics.get("url"):
            basics["url"] = url
        else:
            self.warnings.append(ImportWarning("basics", _(
                "Left out the website “%(url)s”: a resume has one website field.", url=url)))


def read(archive: zips.SafeZip) -> ImportResult:
    """Return what a LinkedIn data export holds as a resume."""
    reader = _Reader(archive)
    if not KNOWN_FILES & set(reader.files):
        nested = [name for name in reader.files if name.endswith(".zip")]
        if nested:
            raise ImportRejected(_("This ZIP archive holds another archive (“%(name)s”) rather "
                                   "than resume files. Upload the LinkedIn export ZIP itself, "
                                   "not a ZIP of it.", name=reader.files[nested[0]]))
        raise ImportRejected(str(NOT_LINKEDIN))
    reader.basics()
    for table in TABLES:
        reader.entries(table)
    document, warnings = settle.settle(reader.document)
    return ImportResult(document, "linkedin", reader.warnings + warnings)
