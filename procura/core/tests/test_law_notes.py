"""The law notes (docs/law.md) have an entry for every section the code cites.

A rule's docstring or a refusal's `section` cites the Procurement Act 2023 ("s.51(2)", "ss.57-59"),
the Procurement Regulations 2024 ("reg 31", "regs 18-22") or a schedule ("Sch 3 para 1",
"Schedule 7"). Whoever reads the citation must find the section in docs/law.md, under a heading
that names it ("### s.51 Standstill"). Subsections are not checked: the entry is per section.
"""

import calendar
import re
from datetime import date
from pathlib import Path

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
