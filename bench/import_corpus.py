"""The corpus that measures import accuracy: resume files, each beside the JSON Resume document it
was made from (its truth).

Run `.venv/bin/python bench/import_corpus.py [DIR]` to write it into DIR (default: a new
temporary folder); `bench/import_accuracy.py` builds it itself. Four groups of files:

- "ours-pdf": every sample in every design of ours, as the PDF download, with the JSON Resume
  attachment taken out (pypdf), so only the text layer is left to read;
- "ours-docx": every sample in every design of ours, as the Word download;
- "other-pdf": layouts written here to look like what other tools make (HTML and CSS drawn with
  WeasyPrint: a sidebar in two columns, dates right-aligned on the title line, capital headings
  over rules, other heading words, "•", "–", "▪" and "◦" bullets, four date styles, title and
  company swapped, a contact line split by "|", dates in a column of their own), and the Word
  layouts below turned into PDF by LibreOffice;
- "other-docx": Word layouts written with python-docx (a table for the layout, Heading styles,
  list bullets, dates on a right tab stop).

Samples: a software engineer (tests/export_samples.nine_years), a nurse, a sales manager, a
product designer and a teacher. The teacher and the "html-left-dates" layout were added after
the layout parser had been tuned on the rest, to show how it does on what it has not seen.

The truth of an "other" file holds only what its layout shows (dates cut to the year where it
shows years); the truth of one of ours is the resume as saved. `manifest.json` lists every file
with its group, truth file and what made it.
"""
import html
import io
import json
import logging
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __name__ == "__main__":  # the project root replaces bench/ on the path: see bench/harness.py
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import docx as python_docx  # noqa: E402
from docx.enum.text import WD_TAB_ALIGNMENT  # noqa: E402
from docx.shared import Pt  # noqa: E402
from pypdf import PdfReader, PdfWriter  # noqa: E402
from weasyprint import HTML  # noqa: E402

from tests.export_samples import nine_years  # noqa: E402
from website.services import (
    designs,
    resume_document,
    resumes,
)
from website.services.export import files  # noqa: E402

GROUPS = {"ours-pdf": "our designs (PDF without attachment)", "ours-docx": "our DOCX",
          "other-pdf": "other layouts (PDF)", "other-docx": "other layouts (DOCX)"}
DESIGNS = [slug for slug, *_ in designs.BUILT_IN]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FULL_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def _job(position, company, place, start, end, summary, highlights):
    return {"position": position, "name": company, "location": place, "startDate": start,
            "endDate": end, "summary": summary, "highlights": highlights}


def _basics(name, label, email, phone, url, summary, location, *profiles) -> dict:
    return {"name": name, "label": label, "email": email, "phone": phone, "url": url,
            "summary": summary, "location": location,
            "profiles": [{"network": network, "username": username, "url": address}
                         for network, username, address in profiles]}


def nurse() -> dict:
    """A registered nurse: wards, licences, a volunteer role, no projects."""
    return resume_document.normalize({
        "basics": _basics(
            "Grace O'Connell", "Registered Nurse, Intensive Care", "grace.oconnell@example.org",
            "+1 (617) 555-0142", "",
            "Critical-care nurse with eight years at the bedside of adult ICU patients. Calm in "
            "a crisis, careful with detail, and the one new graduates ask for on night shift.",
            {"city": "Boston", "region": "MA"},
            ("LinkedIn", "graceoconnellrn", "https://www.linkedin.com/in/graceoconnellrn")),
        "work": [
            _job("Charge Nurse, Medical ICU", "Massachusetts General Hospital", "Boston, MA",
                 "2021-09", "", "Lead a team of 12 nurses on a 24-bed medical intensive care "
                 "unit.", ["Coordinated care for up to 24 critically ill patients per shift",
                           "Cut central-line infections to zero for 18 months running",
                           "Precepted 14 new graduate nurses through their first year"]),
            _job("Staff Nurse, Cardiac ICU", "Tufts Medical Center", "Boston, MA", "2018-06",
                 "2021-08", "Cared for patients after open-heart surgery.",
                 ["Managed ventilated patients and titrated vasoactive drips",
                  "Trained the unit on a new early-warning scoring system"]),
            _job("Registered Nurse, Telemetry", "Lowell General Hospital", "Lowell, MA",
                 "2016-07", "2018-05", "",
                 ["Monitored cardiac rhythms for a 30-bed step-down unit",
                  "Won the unit's patient-experience award in 2017"])],
        "education": [{"institution": "Boston College", "studyType": "BSN", "area": "Nursing",
                       "startDate": "2012-09", "endDate": "2016-05"}],
        "skills": [{"name": "Clinical", "keywords": ["Ventilator management", "CRRT",
                                                     "Hemodynamic monitoring", "Sepsis care"]},
                   {"name": "Systems", "keywords": ["Epic", "Pyxis", "Cerner"]}],
        "certificates": [{"name": "Critical Care Registered Nurse (CCRN)",
                          "issuer": "AACN", "date": "2019-03"},
                         {"name": "Advanced Cardiovascular Life Support (ACLS)",
                          "issuer": "American Heart Association", "date": "2022-01"}],
        "languages": [{"language": "English", "fluency": "Native"},
                      {"language": "Spanish", "fluency": "Conversational"}],
        "volunteer": [{"organization": "Boston Health Care for the Homeless",
                       "position": "Volunteer Nurse", "startDate": "2019-01",
                       "summary": "Monthly street clinics for people without a home.",
                       "highlights": ["Ran wound-care stations at 40 clinics"]}],
    })


def sales_manager() -> dict:
    """A regional sales manager: targets met, awards, languages."""
    return resume_document.normalize({
        "basics": _basics(
            "Daniel Okafor", "Regional Sales Manager", "daniel.okafor@example.com",
            "+44 20 7946 0958", "https://danielokafor.example.com",
            "Sales leader who has built and run field teams selling software to retailers "
            "across the UK and Ireland, growing revenue every year since 2015.",
            {"city": "London", "countryCode": "GB"},
            ("LinkedIn", "danielokafor", "https://www.linkedin.com/in/danielokafor")),
        "work": [
            _job("Regional Sales Manager", "Brightline Retail Systems", "London", "2020-02", "",
                 "Run the South of England region: 9 account executives, £14M quota.",
                 ["Grew regional revenue from £8.1M to £14.6M in three years",
                  "Won 11 enterprise accounts, including two top-ten UK grocers",
                  "Cut average sales cycle from 140 to 95 days with a new demo process",
                  "Hired and coached 6 account executives, 4 promoted since"]),
            _job("Senior Account Executive", "Brightline Retail Systems", "London", "2017-04",
                 "2020-01", "", ["Closed £3.2M of new business in 2019, 142% of target",
                                 "President's Club in 2018 and 2019"]),
            _job("Account Executive", "Harbour Office Supplies", "Bristol", "2014-09",
                 "2017-03", "Sold office equipment contracts to small businesses.",
                 ["Ranked first of 25 executives for new logos in 2016"])],
        "education": [{"institution": "University of Leeds", "studyType": "BA",
                       "area": "Business Management", "startDate": "2011-09",
                       "endDate": "2014-06"}],
        "skills": [{"name": "Sales", "keywords": ["Enterprise sales", "Forecasting",
                                                  "Negotiation", "MEDDIC"]},
                   {"name": "Tools", "keywords": ["Salesforce", "HubSpot", "Gong"]}],
        "awards": [{"title": "President's Club", "awarder": "Brightline Retail Systems",
                    "date": "2019", "summary": "Top 5% of the sales organisation."}],
        "languages": [{"language": "English", "fluency": "Native"},
                      {"language": "French", "fluency": "Professional working"}],
    })


def designer() -> dict:
    """A product designer: projects with links, skills, a publication-free portfolio."""
    return resume_document.normalize({
        "basics": _basics(
            "Sofia Lindqvist", "Senior Product Designer", "sofia@lindqvist.design",
            "+46 70 123 45 67", "https://lindqvist.design",
            "Product designer who turns messy workflows into simple tools. Ten years across "
            "fintech and healthcare, from research to shipped UI.",
            {"city": "Stockholm", "countryCode": "SE"},
            ("Dribbble", "sofialind", "https://dribbble.com/sofialind"),
            ("LinkedIn", "sofialindqvist", "https://www.linkedin.com/in/sofialindqvist")),
        "work": [
            _job("Senior Product Designer", "Klarna", "Stockholm", "2021-05", "",
                 "Design lead for the merchant dashboard.",
                 ["Redesigned onboarding; activation rose from 41% to 63%",
                  "Built the dashboard's component library with two engineers",
                  "Ran 60 user interviews a year with merchants in six countries"]),
            _job("Product Designer", "Kry", "Stockholm", "2017-08", "2021-04",
                 "Designed the video-consultation app for patients and doctors.",
                 ["Shipped the booking flow used by 2 million patients",
                  "Set up the first usability lab at the company"]),
            _job("UX Designer", "Acne Digital", "Stockholm", "2014-01", "2017-07", "",
                 ["Designed e-commerce sites for fashion and furniture brands"])],
        "education": [{"institution": "Konstfack", "studyType": "MFA",
                       "area": "Interaction Design", "startDate": "2012-08",
                       "endDate": "2014-06"},
                      {"institution": "Lund University", "studyType": "BSc",
                       "area": "Cognitive Science", "startDate": "2009-08",
                       "endDate": "2012-06"}],
        "projects": [{"name": "Open Icons", "description": "A free set of 400 interface icons.",
                      "url": "https://openicons.example.com",
                      "highlights": ["Downloaded 90,000 times"]},
                     {"name": "Design Systems Meetup Stockholm",
                      "description": "Quarterly talks for 300 designers and engineers."}],
        "skills": [{"name": "Design", "keywords": ["Interaction design", "Prototyping",
                                                   "Design systems", "User research"]},
                   {"name": "Tools", "keywords": ["Figma", "Framer", "HTML/CSS"]}],
        "languages": [{"language": "Swedish", "fluency": "Native"},
                      {"language": "English", "fluency": "Fluent"}],
        "awards": [{"title": "Swedish Design Award", "awarder": "Svensk Form", "date": "2022",
                    "summary": "For the Kry booking flow."}],
    })


def teacher() -> dict:
    """A secondary-school mathematics teacher: posts at two schools, a qualification with a
    grade, training courses as certificates, a volunteer role."""
    return resume_document.normalize({
        "basics": _basics(
            "Tomás Herrera", "Mathematics Teacher and Head of Year", "t.herrera@example.net",
            "+34 612 345 678", "",
            "Secondary mathematics teacher for eleven years. I get reluctant students to enjoy "
            "algebra and I run the timetable nobody else wants to touch.",
            {"city": "Valencia", "countryCode": "ES"},
            ("LinkedIn", "tomasherrera", "https://www.linkedin.com/in/tomasherrera")),
        "work": [
            _job("Head of Year 10", "Colegio Internacional Levante", "Valencia", "2019-09", "",
                 "Pastoral lead for 180 students and 8 tutors, alongside a full timetable.",
                 ["Raised the year's pass rate in mathematics from 71% to 88%",
                  "Introduced weekly tutor meetings and a shared attendance tracker"]),
            _job("Mathematics Teacher", "Colegio Internacional Levante", "Valencia", "2016-09",
                 "2019-08", "", ["Taught IGCSE and IB Mathematics to classes of 25",
                                 "Started the school's maths olympiad club"]),
            _job("Mathematics Teacher", "Instituto Lluís Vives", "Valencia", "2013-09",
                 "2016-07", "Taught the Spanish curriculum to students aged 12 to 18.", [])],
        "education": [{"institution": "Universitat de València", "studyType": "MEd",
                       "area": "Secondary Education", "startDate": "2012-09",
                       "endDate": "2013-06", "score": "Sobresaliente"},
                      {"institution": "Universitat de València", "studyType": "BSc",
                       "area": "Mathematics", "startDate": "2008-09", "endDate": "2012-06"}],
        "skills": [{"name": "Teaching", "keywords": ["Differentiation", "Assessment design",
                                                     "Classroom management"]},
                   {"name": "Software", "keywords": ["GeoGebra", "Google Classroom",
                                                     "Excel"]}],
        "certificates": [{"name": "IB Mathematics Category 2 Workshop",
                          "issuer": "International Baccalaureate", "date": "2018-04"}],
        "languages": [{"language": "Spanish", "fluency": "Native"},
                      {"language": "Catalan", "fluency": "Native"},
                      {"language": "English", "fluency": "C2"}],
        "volunteer": [{"organization": "Cruz Roja", "position": "Homework Club Tutor",
                       "startDate": "2015-01", "endDate": "2019-06",
                       "highlights": ["Tutored 30 children a week in mathematics"]}],
    })


SAMPLES: dict[str, Callable[[], dict]] = {"engineer": nine_years, "nurse": nurse,
                                          "sales": sales_manager, "designer": designer,
                                          "teacher": teacher}


def without_attachment(pdf: bytes) -> bytes:
    """Return `pdf` with its pages only: the embedded JSON Resume file (and the rest of the
    document catalogue) left behind."""
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---- "other" layouts: what they show, and the truth that follows from it ----------------------

# The sections and fields every other layout shows; basics.location shows its city only.
SHOWN = {
    "basics": ("name", "label", "email", "phone", "url", "summary"),
    "work": ("position", "name", "location", "startDate", "endDate", "summary", "highlights"),
    "education": ("institution", "studyType", "area", "startDate", "endDate"),
    "skills": ("name", "keywords"),
    "projects": ("name", "description", "url", "highlights"),
    "certificates": ("name", "issuer", "date"),
    "languages": ("language", "fluency"),
    "awards": ("title", "awarder", "date"),
    "volunteer": ("organization", "position", "startDate", "endDate", "summary", "highlights"),
}
DATE_KEYS = ("startDate", "endDate", "date")


def shown_truth(document: dict, years_only: bool) -> dict:
    """The part of `document` an other layout shows, dates cut to the year if it shows years."""
    def cut(key, value):
        return value[:4] if years_only and key in DATE_KEYS and value else value

    basics = document["basics"]
    truth = resume_document.empty_document()
    truth["basics"].update({key: basics[key] for key in SHOWN["basics"]})
    truth["basics"]["location"]["city"] = basics["location"].get("city", "")
    truth["basics"]["profiles"] = [dict(profile) for profile in basics["profiles"]]
    for section, keys in SHOWN.items():
        if section != "basics":
            truth[section] = [{key: cut(key, entry.get(key, "")) for key in keys}
                              for entry in document[section]]
    return resume_document.normalize(truth)


def date_text(value: str, style: str) -> str:
    """`value` (YYYY[-MM[-DD]]) as a layout prints it: "mon" Sep 2021, "full" September 2021,
    "num" 09/2021, "year"."""
    if style == "year" or len(value) == 4:
        return value[:4]
    year, month = value[:4], int(value[5:7])
    return {"mon": f"{MONTHS[month - 1]} {year}", "full": f"{FULL_MONTHS[month - 1]} {year}"}.get(
        style, f"{month:02d}/{year}")


def date_range(entry: dict, style: str, present: str, dash: str) -> str:
    """The dates of `entry` as one range, "present" for an open end."""
    start, end = entry.get("startDate", ""), entry.get("endDate", "")
    if not start:
        return ""
    return f"{date_text(start, style)}{dash}{date_text(end, style) if end else present}"


def profile_text(profile: dict) -> str:
    """A profile as its address without the scheme, as resumes print them."""
    return profile["url"].removeprefix("https://").removeprefix("www.")


def contact_items(basics: dict) -> list[str]:
    """The contact details of `basics` in the order layouts print them."""
    items = [basics["email"], basics["phone"], basics["location"]["city"],
             basics["url"].removeprefix("https://")]
    return [item for item in items if item] + [profile_text(p) for p in basics["profiles"]]


@dataclass(frozen=True)
class Look:
    """How one HTML layout prints a resume."""

    slug: str
    css: str
    headings: dict[str, str]  # section key -> heading text
    date_style: str  # mon, full, num or year
    present: str
    dash: str
    bullet: str  # the glyph before each highlight
    company_first: bool = False  # "Company" line above the "Position" line
    dates_right: bool = False  # dates on the title line, pushed to the right
    sidebar: tuple[str, ...] = ()  # sections printed in a side column
    caps: bool = False  # headings in capitals
    dates_left: bool = False  # dates in a column of their own left of the entry
    role_at: bool = False  # "Position at Company" on one line


BASE_CSS = """
@page { size: A4; margin: 16mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; line-height: 1.3; }
h1 { font-size: 22pt; margin: 0; } .label { font-size: 12pt; margin: 2pt 0 4pt; }
h2 { font-size: 12pt; margin: 12pt 0 4pt; }
p { margin: 2pt 0; } .entry { margin: 0 0 8pt; } .title { font-weight: bold; }
.sub { font-style: italic; } .dates { color: #444; } .line { margin: 1pt 0 1pt 10pt; }
.row { display: flex; justify-content: space-between; }
"""

LOOKS = (
    Look("html-sidebar", BASE_CSS + """
.side { float: left; width: 30%; background: #eef2f0; padding: 0 8pt 8pt; }
.main { margin-left: 36%; } .side h2 { font-size: 11pt; }
""", {"summary": "About me", "work": "Experience", "education": "Education",
      "skills": "Skills", "projects": "Projects", "certificates": "Certifications",
      "languages": "Languages", "awards": "Awards", "volunteer": "Volunteering"},
         "mon", "Present", " – ", "•", sidebar=("skills", "languages", "certificates")),
    Look("html-right-dates", BASE_CSS + """
h2 { text-transform: uppercase; border-bottom: 1pt solid #333; letter-spacing: 1pt; }
.contact { font-size: 9pt; }
""", {"summary": "Professional Summary", "work": "Professional Experience",
      "education": "Education", "skills": "Technical Skills", "projects": "Projects",
      "certificates": "Licenses & Certifications", "languages": "Languages",
      "awards": "Honors & Awards", "volunteer": "Volunteer Experience"},
         "num", "now", " - ", "–", dates_right=True),
    Look("html-caps-rules", BASE_CSS.replace("DejaVu Sans", "DejaVu Serif") + """
h2 { border-bottom: 0.8pt solid #000; font-size: 11pt; } h1 { text-align: center; }
.label, .contact { text-align: center; }
""", {"summary": "PROFILE", "work": "EMPLOYMENT", "education": "EDUCATION",
      "skills": "SKILLS", "projects": "PROJECTS", "certificates": "CERTIFICATIONS",
      "languages": "LANGUAGES", "awards": "AWARDS", "volunteer": "VOLUNTEER WORK"},
         "year", "Present", " – ", "▪", company_first=True, dates_right=True, caps=True),
    Look("html-work-history", BASE_CSS + """
h2 { color: #1d5fa8; font-size: 13pt; }
""", {"summary": "Summary", "work": "Work History", "education": "Education",
      "skills": "Skills", "projects": "Selected Projects", "certificates": "Certificates",
      "languages": "Languages", "awards": "Awards", "volunteer": "Volunteer"},
         "mon", "Present", " – ", "•"),
    # Written after the parser was tuned on the four above: a check that it generalizes.
    Look("html-left-dates", BASE_CSS.replace("DejaVu Sans", "DejaVu Sans Condensed") + """
table.dl { border-collapse: collapse; width: 100%; } td { vertical-align: top; padding: 0; }
td.when { width: 110pt; color: #555; } .entry > p, .line { margin-left: 110pt; }
h2 { font-variant: small-caps; font-size: 13pt; border-top: 2pt solid #8a1c1c; }
""", {"summary": "Personal Statement", "work": "Career History", "education": "Qualifications",
      "skills": "Core Competencies", "projects": "Projects",
      "certificates": "Professional Development", "languages": "Languages",
      "awards": "Achievements", "volunteer": "Voluntary Work"},
         "full", "Current", " – ", "◦", dates_left=True, role_at=True),
)


def _esc(text: str) -> str:
    return html.escape(text)


def _lines(look: Look, lines: list[str]) -> str:
    return "".join(f'<p class="line">{look.bullet} {_esc(line)}</p>' for line in lines)


def _dated(look: Look, title: str, dates: str, subtitle: str) -> str:
    """A title line and a subtitle line, the dates on the title line or under the subtitle."""
    if look.dates_left:
        return (f'<table class="dl"><tr><td class="when">{_esc(dates)}</td><td>'
                f'<p class="title">{_esc(title)}</p>'
                + (f'<p class="sub">{_esc(subtitle)}</p>' if subtitle else "")
                + "</td></tr></table>")
    if look.dates_right:
        return (f'<div class="row"><span class="title">{_esc(title)}</span>'
                f'<span class="dates">{_esc(dates)}</span></div>'
                + (f'<p class="sub">{_esc(subtitle)}</p>' if subtitle else ""))
    return (f'<p class="title">{_esc(title)}</p>'
            + (f'<p class="sub">{_esc(subtitle)}</p>' if subtitle else "")
            + (f'<p class="dates">{_esc(dates)}</p>' if dates else ""))


def _entry_html(look: Look, section: str, entry: dict) -> str:
    dates = date_range(entry, look.date_style, look.present, look.dash)
    if section in ("work", "volunteer"):
        role, org = (entry["position"], entry["name"] if section == "work" else
                     entry["organization"])
        place = f", {entry['location']}" if entry.get("location") else ""
        title, sub = ((org + place, role) if look.company_first else (role, org + place))
        if look.role_at:
            title, sub = f"{role} at {org}", entry.get("location", "")
        return (_dated(look, title, dates, sub)
                + (f"<p>{_esc(entry['summary'])}</p>" if entry.get("summary") else "")
                + _lines(look, entry.get("highlights", [])))
    if section == "education":
        degree = ", ".join(part for part in (entry["studyType"], entry["area"]) if part)
        return _dated(look, entry["institution"], dates, degree)
    if section == "skills":
        return f'<p><b>{_esc(entry["name"])}:</b> {_esc(", ".join(entry["keywords"]))}</p>'
    if section == "languages":
        return f'<p>{_esc(entry["language"])} ({_esc(entry["fluency"])})</p>'
    if section in ("certificates", "awards"):
        name = entry["name"] if section == "certificates" else entry["title"]
        by = entry["issuer"] if section == "certificates" else entry["awarder"]
        when = date_text(entry["date"], look.date_style) if entry.get("date") else ""
        return _dated(look, name, when, by)
    # projects
    return (f'<p class="title">{_esc(entry["name"])}</p>'
            + (f'<p>{_esc(entry["url"].removeprefix("https://"))}</p>' if entry["url"] else "")
            + (f'<p>{_esc(entry["description"])}</p>' if entry["description"] else "")
            + _lines(look, entry.get("highlights", [])))


def layout_html(look: Look, document: dict) -> str:
    """The HTML page of `document` in `look`."""
    basics = document["basics"]
    blocks: dict[str, str] = {}
    if basics["summary"]:
        blocks["summary"] = f"<p>{_esc(basics['summary'])}</p>"
    for section in SHOWN:
        if section != "basics" and document[section]:
            blocks[section] = "".join(f'<div class="entry">{_entry_html(look, section, e)}</div>'
                                      for e in document[section])
    blocks = {key: f"<h2>{_esc(look.headings[key])}</h2>{body}" for key, body in blocks.items()}
    head = (f"<h1>{_esc(basics['name'])}</h1><p class=\"label\">{_esc(basics['label'])}</p>"
            f'<p class="contact">{_esc(" | ".join(contact_items(basics)))}</p>')
    if look.sidebar:
        side = "".join(blocks.pop(key) for key in look.sidebar if key in blocks)
        body = (f'{head}<div class="page"><div class="side">{side}</div>'
                f'<div class="main">{"".join(blocks.values())}</div></div>')
    else:
        body = head + "".join(blocks.values())
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><style>{look.css}'
            f"</style></head><body>{body}</body></html>")


# ---- Word layouts ------------------------------------------------------------------------------

# The section headings of the table layout (True) and the tabbed one (False).
WORD_HEADINGS = {
    True: {"summary": "Profile", "work": "Work Experience", "education": "Education",
           "skills": "Skills", "projects": "Projects", "certificates": "Certifications",
           "languages": "Languages", "awards": "Awards", "volunteer": "Volunteer"},
    False: {"summary": "Summary", "work": "Employment History", "education": "Education",
            "skills": "Key Skills", "projects": "Projects", "certificates": "Licenses",
            "languages": "Languages", "awards": "Honors", "volunteer": "Volunteer Experience"},
}


def _word_dated(doc, table_layout: bool, title: str, dates: str, subtitle: str) -> None:
    """A title with its dates (in a two-cell table, or after a right tab stop) and a subtitle."""
    if table_layout:
        cells = doc.add_table(rows=1, cols=2).rows[0].cells
        cells[0].paragraphs[0].add_run(title).bold = True
        cells[1].paragraphs[0].add_run(dates)
        cells[1].paragraphs[0].alignment = 2  # right
    else:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(480), WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run(title).bold = True
        paragraph.add_run(f"\t{dates}")
    if subtitle:
        doc.add_paragraph().add_run(subtitle).italic = True


def word_layout(document: dict, table_layout: bool) -> bytes:
    """`document` as a Word file: a table layout (header and title lines in tables, "Sep 2021 –
    Present") or a tabbed one (dates on a right tab stop, "09/2021 - Present")."""
    style = "mon" if table_layout else "num"
    doc = python_docx.Document()
    basics = document["basics"]
    contact = " | ".join(contact_items(basics))
    if table_layout:
        cells = doc.add_table(rows=1, cols=2).rows[0].cells
        cells[0].paragraphs[0].add_run(basics["name"]).bold = True
        cells[0].paragraphs[0].runs[0].font.size = Pt(20)
        cells[0].add_paragraph(basics["label"])
        for item in contact_items(basics):
            cells[1].add_paragraph(item)
    else:
        doc.add_heading(basics["name"], level=0)
        doc.add_paragraph(basics["label"])
        doc.add_paragraph(contact)
    if basics["summary"]:
        doc.add_heading(WORD_HEADINGS[table_layout]["summary"], level=1)
        doc.add_paragraph(basics["summary"])
    for section in SHOWN:
        if section == "basics" or not document[section]:
            continue
        doc.add_heading(WORD_HEADINGS[table_layout][section], level=1 if table_layout else 2)
        for entry in document[section]:
            dates = date_range(entry, style, "Present", " – " if table_layout else " - ")
            if section in ("work", "volunteer"):
                org = entry["name"] if section == "work" else entry["organization"]
                place = f", {entry['location']}" if entry.get("location") else ""
                _word_dated(doc, table_layout, entry["position"], dates, org + place)
                if entry.get("summary"):
                    doc.add_paragraph(entry["summary"])
                for line in entry.get("highlights", []):
                    doc.add_paragraph(line, style="List Bullet")
            elif section == "education":
                degree = ", ".join(p for p in (entry["studyType"], entry["area"]) if p)
                _word_dated(doc, table_layout, entry["institution"], dates, degree)
            elif section == "skills":
                paragraph = doc.add_paragraph()
                paragraph.add_run(f"{entry['name']}: ").bold = True
                paragraph.add_run(", ".join(entry["keywords"]))
            elif section == "languages":
                doc.add_paragraph(f"{entry['language']} ({entry['fluency']})")
            elif section in ("certificates", "awards"):
                name = entry["name"] if section == "certificates" else entry["title"]
                by = entry["issuer"] if section == "certificates" else entry["awarder"]
                _word_dated(doc, table_layout, name,
                            date_text(entry["date"], style) if entry["date"] else "", by)
            else:
                doc.add_paragraph().add_run(entry["name"]).bold = True
                if entry["url"]:
                    doc.add_paragraph(entry["url"].removeprefix("https://"))
                if entry["description"]:
                    doc.add_paragraph(entry["description"])
                for line in entry.get("highlights", []):
                    doc.add_paragraph(line, style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


WORD_LOOKS = {"word-table": True, "word-tabbed": False}


# ---- writing the corpus ------------------------------------------------------------------------

def _write(directory: Path, name: str, data: bytes, truth: dict, group: str, made_by: str,
           manifest: list[dict]) -> None:
    (directory / name).write_bytes(data)
    truth_name = f"{name}.truth.json"
    (directory / truth_name).write_text(json.dumps(truth, ensure_ascii=False, indent=1),
                                        encoding="utf-8")
    manifest.append({"file": name, "truth": truth_name, "group": group, "made_by": made_by})


def write_ours(directory: Path, owner, samples: dict[str, dict], designs: list[str],
               manifest: list[dict]) -> None:
    """Every sample in every design as our PDF (attachment removed) and our Word file; needs an
    app context, a request context and `owner`, a saved user."""
    for sample, document in samples.items():
        for design in designs:
            resume = resumes.create(owner, f"{sample} ({design})", design, document)
            truth = resume_document.normalize(resume.content)
            _write(directory, f"ours-{design}-{sample}.pdf",
                   without_attachment(files.pdf(resume)), truth, "ours-pdf", design, manifest)
            _write(directory, f"ours-{design}-{sample}.docx", files.word(resume), truth,
                   "ours-docx", design, manifest)


def write_others(directory: Path, samples: dict[str, dict], manifest: list[dict]) -> str:
    """The other layouts of every sample; returns a note when LibreOffice is missing."""
    for sample, document in samples.items():
        for look in LOOKS:
            pdf = HTML(string=layout_html(look, document)).write_pdf()
            _write(directory, f"{look.slug}-{sample}.pdf", pdf,
                   shown_truth(document, look.date_style == "year"), "other-pdf", look.slug,
                   manifest)
        for slug, table_layout in WORD_LOOKS.items():
            _write(directory, f"{slug}-{sample}.docx", word_layout(document, table_layout),
                   shown_truth(document, False), "other-docx", slug, manifest)
    return convert_with_libreoffice(directory, manifest)


def convert_with_libreoffice(directory: Path, manifest: list[dict]) -> str:
    """Add a LibreOffice PDF of every other Word file; return a note if that could not be done."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return ("LibreOffice (soffice) is not installed: the PDFs of the Word layouts are left "
                "out (install it with `make browser-tools`).")
    words = [item for item in manifest if item["group"] == "other-docx"]
    with tempfile.TemporaryDirectory(prefix="corpus-soffice-") as out, \
            tempfile.TemporaryDirectory(prefix="corpus-profile-") as profile:
        # Its own profile folder, so a LibreOffice the user has open does not swallow the call.
        command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                   "--convert-to", "pdf", "--outdir", out,
                   *(str(directory / item["file"]) for item in words)]
        try:
            subprocess.run(command, capture_output=True, check=True, timeout=300)  # noqa: S603
        except (subprocess.SubprocessError, OSError) as error:
            return f"LibreOffice could not convert the Word layouts: {error}"
        for item in words:
            converted = Path(out) / Path(item["file"]).with_suffix(".pdf").name
            if not converted.exists():
                return f"LibreOffice made no PDF of {item['file']}"
            truth = json.loads((directory / item["truth"]).read_text(encoding="utf-8"))
            _write(directory, f"{converted.stem}-libreoffice.pdf", converted.read_bytes(), truth,
                   "other-pdf", f"{item['made_by']} via LibreOffice", manifest)
    return ""


def build(directory: Path, owner, samples: list[str] | None = None,
          designs: list[str] | None = None, others: bool = True) -> list[dict]:
    """Write the corpus into `directory` (with manifest.json) and return the manifest; `owner`
    is a saved user and the call needs an app and a request context."""
    directory.mkdir(parents=True, exist_ok=True)
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # a progress line per step
    chosen = {name: SAMPLES[name]() for name in samples or SAMPLES}
    manifest: list[dict] = []
    write_ours(directory, owner, chosen, designs or DESIGNS, manifest)
    note = write_others(directory, chosen, manifest) if others else ""
    (directory / "manifest.json").write_text(json.dumps({"files": manifest, "note": note},
                                                        indent=1), encoding="utf-8")
    return manifest


def main() -> int:
    """Write the corpus into the folder named on the command line, or a new temporary one."""
    from bench.harness import TempDirs
    from tests.helpers import make_test_app, temporary_database
    from website.extensions import db
    from website.services import accounts

    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(
        tempfile.mkdtemp(prefix="import-corpus-"))
    with temporary_database("sqlite", TempDirs()) as url:
        app = make_test_app(url)
        with app.test_request_context(), app.app_context():
            db.create_all()
            designs.seed()
            owner = accounts.create_user("Corpus Owner", "corpus@example.com", "not used 12345")
            manifest = build(directory, owner)
    note = json.loads((directory / "manifest.json").read_text())["note"]
    print(f"{len(manifest)} files in {directory}" + (f"\n{note}" if note else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
