"""The law notes (docs/law.md) have an entry for every section the code cites.

A rule's docstring or a refusal's `section` cites the Procurement Act 2023 ("s.51(2)", "ss.57-59"),
the Procurement Regulations 2024 ("reg 31", "regs 18-22") or a schedule ("Sch 3 para 1",
"Schedule 7"). Whoever reads the citation must find the section in docs/law.md, under a heading
that names it ("### s.51 Standstill"). A subsection the code cites ("s.23(4)"; "reg 31(2)(e)"
counts as reg 31(2)) must also be cited somewhere in docs/law.md: the notes say which subsections
Procura relies on, so a subsection that does not exist ("s.18(3)") is caught.
"""

import calendar
import re
from datetime import date
from pathlib import Path

import pytest

from procura.timescales.rules import uk_bank_holidays

ROOT = Path(__file__).resolve().parents[3]
LAW_NOTES = ROOT / "docs" / "law.md"

# One citation: its kind ("s", "reg" or "Sch"), a first number, subsections, and more numbers
# after a range dash ("ss.57-59") or a comma ("ss.20, 23, 47"). Not preceded by a letter, digit
# or dot, so that "answers.9" or "errors.0" is not a section.
CITATION = re.compile(
    r"(?<![A-Za-z0-9_.])"
    r"(?:(?P<s>ss?)\.\s?|(?P<reg>regs?|regulations?)\s|(?P<sch>Sch(?:edule)?)\s)"
    r"(?P<first>\d+)(?:\([0-9a-z]+\))*"
    r"(?P<more>(?:\s*[-–,]\s*\d+(?:\([0-9a-z]+\))*)*)"
)
# The same, keeping the first subsection of each number: "s.20(7)", "ss.20(7), 23(4)", and the
# ranges of subsections of one section, "s.31(2)-(3)" or "reg 39(6)–(7)".
SUBSECTION_CITATION = re.compile(
    r"(?<![A-Za-z0-9_.])"
    r"(?:(?P<s>ss?)\.\s?|(?P<reg>regs?|regulations?)\s)"
    r"(?P<first>\d+)(?P<subs>(?:\([0-9a-z]+\))*)"
    r"(?P<more>(?:\s*[-–,]\s*(?:\d+)?(?:\([0-9a-z]+\))*)*)"
)
MONTHS = {name: number for number, name in enumerate(calendar.month_abbr) if name}
HEADING = re.compile(r"^#{2,4}\s+(.+)$", re.MULTILINE)


def citations(text: str) -> set[tuple[str, int]]:
    """Every (kind, section number) cited in `text`; a range stands for every section in it."""
    found = set()
    for match in CITATION.finditer(text):
        kind = "s" if match["s"] else "reg" if match["reg"] else "Sch"
        numbers = [int(match["first"])]
        previous = numbers[0]
        for separator, number in re.findall(r"\s*([-–,])\s*(\d+)", match["more"]):
            number = int(number)
            if separator == ",":
                numbers.append(number)
            elif number > previous:
                numbers.extend(range(previous + 1, number + 1))
            previous = number
        found.update((kind, n) for n in numbers)
    return found


def subsection_citations(text: str) -> set[tuple[str, int, int]]:
    """Every (kind, section number, subsection number) cited in `text`; a range of subsections
    of one section stands for every subsection in it. Schedules' paragraphs are not counted."""
    found = set()
    for match in SUBSECTION_CITATION.finditer(text):
        kind = "s" if match["s"] else "reg"
        number = int(match["first"])
        first = re.match(r"\((\d+)\)", match["subs"])
        last = int(first[1]) if first else None
        if last is not None:
            found.add((kind, number, last))
        for separator, other, subs in re.findall(
            r"\s*([-–,])\s*(\d+)?((?:\([0-9a-z]+\))*)", match["more"]
        ):
            subsection = re.match(r"\((\d+)\)", subs)
            if other:
                number, last = int(other), int(subsection[1]) if subsection else None
                if last is not None:
                    found.add((kind, number, last))
            elif subsection and last is not None:
                end = int(subsection[1])
                if separator == ",":
                    found.add((kind, number, end))
                else:
                    found.update((kind, number, n) for n in range(last, end + 1))
                last = end
    return found


def cited_in_the_code() -> dict[tuple[str, int], str]:
    """Each section cited in procura/**/*.py, with the first file that cites it."""
    cited: dict[tuple[str, int], str] = {}
    for path in sorted((ROOT / "procura").rglob("*.py")):
        for citation in citations(path.read_text(encoding="utf-8")):
            cited.setdefault(citation, str(path.relative_to(ROOT)))
    return cited


def entries_in_the_law_notes() -> set[tuple[str, int]]:
    headings = HEADING.findall(LAW_NOTES.read_text(encoding="utf-8"))
    return {citation for heading in headings for citation in citations(heading)}


def subsections_cited_in_the_code() -> dict[tuple[str, int, int], str]:
    """Each subsection cited in procura/**/*.py and its templates (this module apart), with the
    first file citing it."""
    cited: dict[tuple[str, int, int], str] = {}
    paths = [*(ROOT / "procura").rglob("*.py"), *(ROOT / "procura").rglob("*.html")]
    for path in sorted(set(paths) - {Path(__file__).resolve()}):  # this module cites "s.18(3)"
        for citation in subsection_citations(path.read_text(encoding="utf-8")):
            cited.setdefault(citation, str(path.relative_to(ROOT)))
    return cited


def test_citations_are_read_as_sections_with_ranges_and_lists():
    text = (
        "s.51(2); ss.57-59; ss.20, 23, 47; s.31(1)-(2); regs 18-22; reg 31(4); Sch 3 para 1; "
        "Schedule 7 paragraph 12; answers.9; errors.0"
    )

    assert citations(text) == {
        ("s", 51),
        ("s", 57),
        ("s", 58),
        ("s", 59),
        ("s", 20),
        ("s", 23),
        ("s", 47),
        ("s", 31),
        *(("reg", n) for n in range(18, 23)),
        ("reg", 31),
        ("Sch", 3),
        ("Sch", 7),
    }


def test_every_section_the_code_cites_has_an_entry_in_the_law_notes():
    # Given every section cited in the code, and the entries (headings) of docs/law.md
    cited = cited_in_the_code()
    entries = entries_in_the_law_notes()

    # Then each cited section has its entry
    missing = {
        f"{kind} {number}": where
        for (kind, number), where in cited.items()
        if (kind, number) not in entries
    }
    assert missing == {}, f"cited in the code but not in docs/law.md: {missing}"


@pytest.mark.parametrize(
    ("text", "subsections"),
    [
        ("s.51(2)", {("s", 51, 2)}),
        ("s.19(3)(c)", {("s", 19, 3)}),
        ("reg 31(2)(e)", {("reg", 31, 2)}),
        ("ss.20(7), 23(4)", {("s", 20, 7), ("s", 23, 4)}),
        ("s.31(2)-(3)", {("s", 31, 2), ("s", 31, 3)}),
        ("reg 39(6)–(7)", {("reg", 39, 6), ("reg", 39, 7)}),
        ("s.20(4)(a); s.31(2)-(3)", {("s", 20, 4), ("s", 31, 2), ("s", 31, 3)}),
        ("s.18(1)-(2)", {("s", 18, 1), ("s", 18, 2)}),
        ("s.18(3)", {("s", 18, 3)}),
        ("s.51; ss.57-59; Sch 3 para 1; reg 31", set()),
    ],
)
def test_subsections_are_read_with_ranges_and_lists(text, subsections):
    assert subsection_citations(text) == subsections


def test_every_subsection_the_code_cites_is_cited_in_the_law_notes():
    # Given every subsection cited in the code and the templates, and those the law notes cite
    cited = subsections_cited_in_the_code()
    known = subsection_citations(LAW_NOTES.read_text(encoding="utf-8"))

    # Then each is known to the notes: "s.18(3)" (which does not exist) is not
    assert ("s", 18, 3) not in known
    missing = {
        f"{kind} {number}({subsection})": where
        for (kind, number, subsection), where in cited.items()
        if (kind, number, subsection) not in known
    }
    assert missing == {}, f"subsections cited in the code but not in docs/law.md: {missing}"


def test_the_bank_holiday_table_of_the_law_notes_is_the_calendar_the_code_counts_with():
    # Given the table under the heading the timescales tests name
    text = LAW_NOTES.read_text(encoding="utf-8")
    table = text.split("### Bank holiday table 2025–2031", 1)[1].split("\n#", 1)[0]
    rows = dict(re.findall(r"^\| (20\d\d) \| ([^|]+) \|$", table, re.MULTILINE))

    # Then each year's row is exactly the weekdays the code treats as bank holidays (s.123(1))
    assert sorted(rows) == [str(year) for year in range(2025, 2032)]
    for year, dates in rows.items():
        listed = {
            date(int(year), MONTHS[month], int(day))
            for day, month in (entry.split() for entry in dates.split(", "))
        }
        weekdays = {d for d in uk_bank_holidays(int(year)) if d.weekday() < 5}
        assert listed == weekdays, year
