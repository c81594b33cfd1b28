"""Bank holidays appointed by proclamation that the project maintains itself.

The Banking and Financial Dealings Act 1971 lets the Crown appoint extra bank holidays by
proclamation: substitute days under s.1(2) and special one-off days under s.1(3). A working day
under the Procurement Act 2023 s.123(1) excludes a bank holiday "in any part of the United
Kingdom", so a one-off day proclaimed for Scotland or Northern Ireland alone also stops the clock
for an authority in England.

The ``holidays`` package (pinned at 0.109) already knows about many of these days, but its
calendars are policy-based and can change between releases. Every one-off day that a period under
the Act could cross is therefore listed here as well, with the source that appointed it, so that a
deadline never depends on what a package release happens to contain. Duplicating a day that the
package also has is harmless: the working-day calendar is a union.

To add a day: append a ``Proclamation`` with the date, the region code, the name to show users
and the citation (the proclamation, or the announcement until the Gazette notice is published).
Then add a test in ``tests/test_rules.py`` that the day is not a working day.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

#: Region codes, as used by ``holidays.GB(subdiv=...)``, with the names shown to users.
REGION_NAMES: dict[str, str] = {
    "ENG": "England",
    "WLS": "Wales",
    "SCT": "Scotland",
    "NIR": "Northern Ireland",
}


class Proclamation(NamedTuple):
    """One bank holiday appointed by proclamation under BFDA 1971 s.1(2) or s.1(3)."""

    day: date
    region: str  # a key of REGION_NAMES
    name: str  # as shown to users, without the region
    citation: str


PROCLAIMED_BANK_HOLIDAYS: tuple[Proclamation, ...] = (
    Proclamation(
        day=date(2026, 6, 15),
        region="SCT",
        name="FIFA World Cup bank holiday",
        citation=(
            "Special day appointed for Scotland under the Banking and Financial Dealings Act 1971"
            " s.1(3), announced 4-5 February 2026 (reported by wired-gov.net, independent.co.uk"
            " and shropshirestar.com); also in holidays 0.109"
        ),
    ),
)
