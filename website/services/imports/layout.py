"""Turn the visual lines of a PDF or Word resume into a document: headings start sections,
date ranges and emphasis start entries, bullets become highlights, and contact details are
found by their patterns. Whatever is guessed or cannot be placed gets a warning."""
import re
from dataclasses import dataclass, replace

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from website.services.imports import ImportRejected, ImportResult, ImportWarning, TextLine
from website.services.imports.patterns import (
    BULLET,
    COUNTRIES,
    DATE_RANGE,
    DEGREE,
    EMAIL,
    FLUENCY,
    FOOTER,
    GRADE,
    HEADINGS,
    LABELLED,
    MONTH,
    NOW,
    ONE_DATE,
    PHONE,
    PROJECT_KINDS,
    REMOTE,
    SCHOOL_WORDS,
    SCORE,
    SEPARATOR,
    TITLE_WORDS,
    URL,
    WEAK_HEADINGS,
    YEAR,
    Dates,
    about_like,
    address_parts,
    clean,
    date_first,
    dated_place,
    degree_and_area,
    find_dates,
    heading_key,
    is_list,
    is_location,
    joined_lines,
    keywords_of,
    list_items,
    named_level,
    place_like,
    plain_words,
    position_and_company,
    profile_of,
    project_kind,
    school_pieces,
    split_named,
    split_parts,
    title_score,
    undated,
    without_span,
)
from website.services.imports.settle import settle

MAX_LINE = 600  # characters of one visual line
MAX_LINES = 3000  # visual lines: ten dense pages hold about 600
NO_NAME = _l("No name was found at the top of the file; enter it below.")


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


def _looks_like_heading(line: TextLine, body_size: float) -> bool:
    """Return whether a line the wordings do not know still looks like a section heading."""
    text = clean(line.text)
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
                    text[:1].islower() or plain_words(text) in WEAK_HEADINGS):
                key = None  # "about" wrapped from the line above, "Work" in a sentence
            if key is None and SEPARATOR in text:
                # A heading set in a column beside its content ("Skills<TAB>Python, Go").
                first, rest = text.split(SEPARATOR, 1)
                # "Languages:<TAB>Go, SQL" in a skills section is a label, not a heading.
                side = heading_key(first) if not first.rstrip().endswith(":") else None
                if side and (line.bold or first.isupper() or line.size > self.body_size):
                    sections.append((side, clean(first), []))
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
            sections.append((key, clean(text), []))
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
                self.warn("file", _("The section “%(title)s” is not one this site knows; its "
                                    "text was added to the summary.", title=title.strip(":")))
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
            profile = profile_of(url)
            if profile:
                if not any(p["network"] == profile["network"] for p in basics["profiles"]):
                    basics["profiles"].append(profile)
            elif not basics.get("url"):
                basics["url"] = url if url.lower().startswith("http") else "https://" + url
            text = text.replace(match.group(0), SEPARATOR)
        for match in PHONE.finditer(text):
            digits = re.sub(r"\D", "", match.group(0))
            if 7 <= len(digits) <= 15 and not re.fullmatch(rf"{YEAR}\s*[-–]\s*{YEAR}",
                                                           match.group(0).strip()):
                basics.setdefault("phone", match.group(0).strip())
                text = text.replace(match.group(0), SEPARATOR)
        # A network named before a user name ("GitHub: @jane", "LINKEDIN /in/jane").
        for match in re.finditer(r"\b(github|gitlab|linkedin|twitter|x|medium|dribbble|"
                                 r"behance|kaggle)(?:-square)?\s*:?\s+@?/?(?:in/)?"
                                 r"([A-Za-z0-9][\w.-]{1,38})(?=\s|$|\|)", text, re.I):
            host = {"linkedin": "linkedin.com/in", "x": "x.com"}.get(
                match.group(1).lower(), f"{match.group(1).lower()}.com")
            profile = profile_of(f"https://{host}/{match.group(2)}")
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
            self.warn("basics", str(NO_NAME))
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
                self.warn("basics", _("“%(text)s” was taken as your city; check it.", text=part))
            else:
                self.warn("basics", _("“%(text)s” near your name was not understood and was "
                                      "left out.", text=part))
        if not basics.get("name"):
            self.warn("basics", str(NO_NAME))

    def location(self, text: str) -> None:
        """Set the city (and what else an address line holds) of basics."""
        location = self.document["basics"]["location"]
        location.update(address_parts(text) or {"city": text.strip()})

    def summary_text(self, lines: list[Line], add: bool = False, title: str = "") -> None:
        """Set (or add to) basics.summary from a section's lines."""
        basics = self.document["basics"]
        text = joined_lines([line.text.replace(SEPARATOR, " ") for line in lines])
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
                    self.warn("basics", _("“%(text)s” in the contact details was left out.",
                                          text=part))

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
                text = without_span(text, found.span)
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
        return [joined_lines(item) for item in items], joined_lines(text)

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
                if comma and place_like(town.strip()) and " " not in town.strip() and \
                        len(name.split()) >= 2:
                    rest[index] = name.strip()
                    return rest, town.strip()
        if towns and not location and len(rest) >= 2 and place_like(rest[-1]) and \
                (len(rest) >= 3 or "," in rest[0] or " at " in rest[0]):
            # "Head of Year 10, Colegio Levante<TAB>Valencia": a last short proper name
            # after the title and employer is the place.
            location = rest.pop()
        return rest, location

    def about(self, group: list[Line], key: str) -> tuple[list[str], list[Line]]:
        """Return the pieces of our designs' italic line under an entry's title (what the
        employer does; whom a project was for and its kind: "Greenpeace · Volunteering") and
        the entry's lines without it (a place or link after it stays). An italic run there
        may hold the employer or roles first: the run's last line counts, unless only a link.
        Other layouts put the employer, its town or dates there, so a job's line counts only
        when the lines above name the position and employer apart (not by a comma alone)."""
        start = next((i for i, line in enumerate(group[1:4], start=1) if _slanted(line)), None)
        if start is None or not any(not above.source.italic and split_parts(undated(
                above.text)) for above in group[:start]):
            return [], group
        index = start
        while index + 1 < min(len(group), start + 3) and _slanted(group[index + 1]):
            index += 1
        line = group[index]
        about, _, tail = line.text.partition(SEPARATOR)  # a tab where the italics end
        pieces = [piece.strip() for piece in about.rstrip(" ·|•–—").split(" · ") if piece.strip()]
        while len(pieces) > 1 and (URL.fullmatch(pieces[-1]) or is_location(pieces[-1])):
            tail = pieces.pop() + (SEPARATOR + tail if tail else "")
        about, after = " · ".join(pieces), index + 1
        if tail.endswith("/") and after < len(group) and re.fullmatch(r"\S+", group[after].text):
            tail, after = tail + group[after].text, after + 1  # a link wrapped at a slash
        if not pieces or not all(about_like(piece) for piece in pieces) or \
                self._located([about])[1]:
            return [], group  # "Tufts Medical Center, Boston, MA": the employer and its town
        if key == "work":
            parts = [part for above in group[:index] for part in split_parts(undated(above.text))]
            parts, place = self._located(parts, towns=True)
            if len([part for part in parts if not URL.fullmatch(part)]) < 2 or \
                    len(pieces) == 1 and not place and place_like(pieces[0]):
                return [], group  # the title and employer in one, or a town ("Valencia")
        elif len(pieces) > 2 or keywords_of(about) or len(list_items(about)) > 2 or \
                len(pieces) == 1 and title_score(about) >= 2:
            return [], group  # a project's tools, or its role
        return pieces, group[:index] + ([replace(line, text=tail)] if tail else []) + \
            group[after:]

    def section_work(self, lines: list[Line], key: str = "work") -> None:
        """Read jobs (or volunteering, with `key`) into entries with their highlights."""
        entries = []
        for group in self.entries(lines):
            about, group = self.about(group, key) if key == "work" else ([], group)
            parts, dates, body = self.head_and_body(group)
            town = dated_place([line.text for line in group[:len(group) - len(body)]])
            parts, location = self._located([p for p in parts if p != town], towns=not town)
            location = town or location
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
                    entries[-1]["summary"] = joined_lines([entries[-1]["summary"], text])
                    continue
                parts = [""]
            position, name, extra = position_and_company(parts, [line for line in group
                                                                  if not line.bullet])
            if extra:
                text = joined_lines([" ".join(extra), text]) if text else ""
                if not text:
                    self.warn(key, _("“%(text)s” in “%(entry)s” was not understood and was left "
                                     "out.", text=" · ".join(extra), entry=position or name))
            entry = {"position": position, "name": name, "location": location, "url": url,
                     "startDate": dates.start if dates else "",
                     "endDate": dates.end if dates else "", "summary": text,
                     "highlights": highlights, "description": " · ".join(about)}
            if not dates:
                self.warn(key, _("No dates were found for “%(entry)s”.", entry=position or name))
            entries.append(entry)
        if key == "volunteer":
            for entry in entries:
                entry["organization"] = entry.pop("name")
                entry.pop("location")
                entry.pop("description")
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
            parts = self._located(parts)[0]
            entry = {"institution": "", "studyType": "", "area": "", "score": "",
                     "startDate": dates.start if dates else "",
                     "endDate": dates.end if dates else "", "courses": []}
            if dates and not dates.ranged and dates.start and not dates.end:
                entry["startDate"], entry["endDate"] = "", dates.start
            rest = []
            for part in school_pieces(parts):
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
                if len(rest) >= 2 and is_list(part):
                    entry["courses"] += list_items(part)
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
                entry["studyType"], entry["area"] = degree_and_area(degree)
            for part in rest:
                if part not in (school, degree):
                    if not entry["area"] and entry["studyType"]:
                        entry["area"] = part
                    else:
                        self.warn("education", _("“%(text)s” in “%(entry)s” was not understood "
                                                 "and was left out.", text=part, entry=school))
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
                elif is_list(item):
                    entry["courses"] += list_items(item)
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
            about, group = self.about(group, "projects")
            if len(about) == 1:
                about = ["", about[0]] if PROJECT_KINDS.fullmatch(about[0]) else about + [""]
            parts, dates, body = self.head_and_body(group)
            entry = {"name": "", "description": "", "url": "", "keywords": [],
                     "highlights": [], "roles": [], "entity": about[0] if about else "",
                     "type": project_kind(about[1]) if about else "",
                     "startDate": dates.start if dates else "",
                     "endDate": dates.end if dates else ""}
            # The roles may follow the name on its line, set apart by a tab or the emphasis
            # ("pg-outbox" bold, "Author" plain).
            beside = next((found for line in group if (found := split_parts(undated(
                line.text)))), [])[1:2]
            rest = []
            for part in parts:
                if URL.fullmatch(part) and not entry["url"]:
                    entry["url"] = part if part.startswith("http") else "https://" + part
                elif keywords := keywords_of(part):
                    entry["keywords"] += keywords
                elif rest and TITLE_WORDS.search(part) and len(part.split()) <= 4 and \
                        not entry["roles"]:
                    entry["roles"] = [r.strip() for r in re.split(r"[,/&]", part) if r.strip()]
                elif rest and is_list(part) and not entry["keywords"]:
                    entry["keywords"] = list_items(part)
                elif len(rest) == 1 and [part] == beside and len(part.split()) <= 3 and \
                        not entry["roles"] and not URL.search(part):
                    entry["roles"] = [part]
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
                elif not line.bullet and (keywords := keywords_of(line.text) or (
                        is_list(line.text) and not entry["keywords"] and list_items(line.text))):
                    entry["keywords"] += keywords
                else:
                    kept.append(line)
            highlights, text = self.highlights_and_text(kept)
            for item in highlights:
                if keywords := keywords_of(item):
                    entry["keywords"] += keywords
                else:
                    entry["highlights"].append(item)
            entry["name"] = rest[0] if rest else ""
            extra = rest[1:]
            entry["description"] = joined_lines([" ".join(extra), text]) if extra else text
            if not entry["name"]:
                if entries:
                    entries[-1]["highlights"] += entry["highlights"]
                    entries[-1]["description"] = joined_lines([entries[-1]["description"], text])
                    continue
                self.warn("projects", _("A project without a name was left out."))
                continue
            entries.append(entry)
        self.document.setdefault("projects", []).extend(entries)

    def section_skills(self, lines: list[Line]) -> None:
        """Read skills: categories with keywords, skills with levels, or plain lists."""
        skills = self.document.setdefault("skills", [])
        if named := _names_over_items(lines):
            skills.extend({**named_level(name), "keywords": items} for name, items in named)
            return
        for text in _logical_lines(lines):
            match = LABELLED.match(text)
            if match and len(match.group(1).split()) <= 6:
                skills.append({**named_level(match.group(1)),
                               "keywords": list_items(match.group(2))})
                continue
            name, tab, rest = text.partition(SEPARATOR)
            if tab and len(name.split()) <= 4 and is_list(rest):
                # "DevOps<TAB>AWS, Docker, Kubernetes": a category set beside its list.
                skills.append({"name": name.strip(), "keywords": list_items(rest)})
                continue
            parts = split_parts(text)
            if len(parts) == 2 and len(parts[1].split()) <= 3 and "," not in text:
                # "Python — Expert": a skill and its level.
                skills.append({"name": parts[0], "level": parts[1]})
                continue
            for item in list_items(text):
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
                                  "keywords": list_items(match.group(2))})
            elif len(parts) == 2:
                interests.append({"name": parts[0], "keywords": list_items(parts[1])})
            else:
                interests.extend({"name": item} for item in list_items(text))

    def section_languages(self, lines: list[Line]) -> None:
        """Read languages and their fluency."""
        languages = self.document.setdefault("languages", [])
        for text in _logical_lines(lines):
            items = list_items(text) if not LABELLED.match(text) else [text]
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
            parts, dates, body = self.head_and_body(_rejoined(group), split_named)
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
                    text = joined_lines([" ".join(more), text])
                else:
                    self.warn(key, _("“%(text)s” in “%(entry)s” was left out.",
                                     text=" · ".join(more), entry=parts[0]))
            elif highlights:
                text = joined_lines(highlights + [text])
            if text_key:
                entry[text_key] = text
            elif text:
                self.warn(key, _("“%(text)s” in “%(entry)s” was left out.", text=text[:60],
                                 entry=parts[0]))
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
                               "reference": joined_lines(parts[1:] + highlights + [text])})


def _clean_keep_tabs(text: str) -> str:
    return SEPARATOR.join(clean(piece) for piece in text.split(SEPARATOR) if clean(piece))


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


def _slanted(line: Line) -> bool:
    """Return whether a line is set in italics, as the line under an entry's title may be."""
    return line.source.italic and not line.source.bold and not line.bullet


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
                      if not line.side and not date_first(line.text)})
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
        if re.search(rf"(?:[-–—]|\bto|{MONTH})\s*$", head, re.I) and \
                re.fullmatch(rf"(?:{ONE_DATE}|{NOW}|{YEAR})", tail.strip(), re.I) and \
                find_dates(f"{head} {tail}") != find_dates(head):
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


def _logical_lines(lines: list[Line]) -> list[str]:
    """Return a list section's lines, wrapped lines joined ("Tools: A, B," + "C, D")."""
    result: list[str] = []
    for line in lines:
        text = line.text
        if result and not line.bullet and (result[-1].endswith((",", ";", "/", "&", "-")) or
                                           text[:1].islower()) and not LABELLED.match(text):
            result[-1] = joined_lines([result[-1], text])
        else:
            result.append(text)
    return result


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
            result[-1][1].extend(list_items(line.text))
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


def _take_url(body: list[Line]) -> tuple[list[Line], str]:
    """Return an entry's body without the line that is only its web address, and that."""
    for index, line in enumerate(body):
        if not line.bullet and URL.fullmatch(line.text):
            url = line.text if line.text.startswith("http") else "https://" + line.text
            return body[:index] + body[index + 1:], url
    return body, ""


def read_lines(lines: list[TextLine], source: str) -> ImportResult:
    """Return the document the visual lines of a resume make; raise ImportRejected when they
    hold no resume at all."""
    if not any(line.text.strip() for line in lines):
        raise ImportRejected(_("This file has no text that could be read."))
    reader = Reader(lines, source)
    document = reader.read()
    found = [key for key in HEADINGS if key not in ("summary", "contact") and
             document.get(key)]
    if not found:
        reader.warn("file", _("No sections such as Experience or Education were recognised; "
                              "check what was understood and add the rest in the editor."))
    document, warnings = settle(document)
    return ImportResult(document, source, reader.warnings + warnings)
