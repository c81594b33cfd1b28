"""The rules of the tendering stage as pure functions: plain values in, a value or a
RuleViolation out. No ORM, no clock (the caller passes `now`)."""

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from procura.core import specs
from procura.core.clock import format_datetime
from procura.core.errors import RuleViolation

from . import errors

CONTENT_FORMAT = "procura-tender/1"
PENCE = Decimal("0.01")
MAX_PRICE = Decimal("9999999999999.99")  # fits DecimalField(max_digits=15, decimal_places=2)
MAX_LINE_ITEMS = 500
MAX_ANSWER_CHARS = 50_000
MAX_FILES = 20
MAX_FILE_BYTES = 25 * 1024 * 1024
MIN_PANEL_SIZE = 2  # two-person rule: no one officer can open tenders alone
MAX_PANEL_SIZE = 10


@dataclass(frozen=True)
class LineItem:
    description: str
    amount: Decimal


@dataclass(frozen=True)
class FileFacts:
    """What a receipt says about one file: its name, SHA-256 and size in bytes."""

    name: str
    sha256: str
    size: int


# --- The tender window ------------------------------------------------------------------------


def check_tender_window(*, now: datetime, deadline: datetime | None, tendering_open: bool) -> None:
    """Tenders may be submitted, replaced or withdrawn only while the procurement is open for
    tenders and strictly before the tender deadline, the same instant for every supplier
    (Procurement Act 2023 s.54(2)). A tender arriving at or after the deadline is refused and
    nothing of it is stored, not even encrypted."""
    if deadline is not None and now >= deadline:
        raise RuleViolation(
            errors.TENDER_DEADLINE_PASSED,
            f"The tender deadline was {format_datetime(deadline)}; tenders can no longer be "
            "submitted, replaced or withdrawn.",
            section="Procurement Act 2023 s.54(2)",
        )
    if not tendering_open or deadline is None:
        raise RuleViolation(errors.TENDERING_NOT_OPEN, "This procurement is not open for tenders.")


# --- The tender's content ---------------------------------------------------------------------


def _money(value, *, code: str, field: str, what: str, allow_zero: bool) -> Decimal:
    amount = specs.parse_money(value)
    if amount is None:
        raise RuleViolation(
            code, f"Enter {what} as an amount in pounds, like 1250000.00.", field=field
        )
    if amount < 0 or (amount == 0 and not allow_zero):
        raise RuleViolation(code, f"{what.capitalize()} must be more than £0.", field=field)
    if amount != amount.quantize(PENCE):
        raise RuleViolation(code, f"{what.capitalize()} must be in pounds and pence.", field=field)
    if amount > MAX_PRICE:
        raise RuleViolation(code, f"{what.capitalize()} is too large.", field=field)
    return amount.quantize(PENCE)


def check_price(value) -> Decimal:
    """The total price, in pounds excluding VAT: more than £0, whole pence."""
    if value is None or str(value).strip() == "":
        raise RuleViolation(
            errors.INVALID_PRICE, "Enter the total price, excluding VAT.", field="price"
        )
    return _money(
        value,
        code=errors.INVALID_PRICE,
        field="price",
        what="the total price",
        allow_zero=False,
    )


def check_line_items(items: Iterable[Mapping]) -> tuple[LineItem, ...]:
    """Optional lines of the price schedule: each a description and an amount (£0 or more)."""
    items = list(items or ())
    if len(items) > MAX_LINE_ITEMS:
        raise RuleViolation(
            errors.INVALID_LINE_ITEM,
            f"A price schedule can have at most {MAX_LINE_ITEMS} lines.",
            field="line_items",
        )
    checked = []
    for number, item in enumerate(items, start=1):
        description = str(item.get("description") or "").strip()
        if not description:
            raise RuleViolation(
                errors.INVALID_LINE_ITEM,
                f"Enter a description for line {number} of the price schedule.",
                field="line_items",
            )
        amount = _money(
            item.get("amount"),
            code=errors.INVALID_LINE_ITEM,
            field="line_items",
            what=f"the amount on line {number}",
            allow_zero=True,
        )
        checked.append(LineItem(description=description, amount=amount))
    return tuple(checked)


def check_answers(quality_criteria: Mapping[int, str], answers: Mapping) -> dict[int, str]:
    """One free-text answer to each quality award criterion (s.23), and nothing else."""
    normalised: dict[int, str] = {}
    for key, text in (answers or {}).items():
        try:
            criterion_id: int | None = int(key)
        except (TypeError, ValueError):
            criterion_id = None
        if criterion_id is None or criterion_id not in quality_criteria:
            raise RuleViolation(
                errors.UNKNOWN_CRITERION,
                "Answer only the quality award criteria of this procurement.",
                field=f"answers.{key}",
            )
        normalised[criterion_id] = str(text or "").strip()
    for criterion_id, title in quality_criteria.items():
        text = normalised.get(criterion_id, "")
        if not text:
            raise RuleViolation(
                errors.ANSWER_MISSING,
                f"Enter your answer to ‘{title}’.",
                section="Procurement Act 2023 s.23",
                field=f"answers.{criterion_id}",
            )
        if len(text) > MAX_ANSWER_CHARS:
            raise RuleViolation(
                errors.ANSWER_TOO_LONG,
                f"Your answer to ‘{title}’ must be {MAX_ANSWER_CHARS:,} characters or fewer.",
                field=f"answers.{criterion_id}",
            )
    return {criterion_id: normalised[criterion_id] for criterion_id in sorted(quality_criteria)}


def clean_file_name(name: str) -> str:
    """The last part of an uploaded file's name, without control characters."""
    base = re.split(r"[\\/]", str(name or ""))[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[:200] or "document"


def check_files(files: Iterable[tuple[str, int]]) -> None:
    """At most MAX_FILES files, none empty, none over MAX_FILE_BYTES: (name, size) pairs."""
    files = list(files)
    if len(files) > MAX_FILES:
        raise RuleViolation(
            errors.TOO_MANY_FILES, f"Upload at most {MAX_FILES} files.", field="files"
        )
    for name, size in files:
        if size == 0:
            raise RuleViolation(errors.EMPTY_FILE, f"The file {name} is empty.", field="files")
        if size > MAX_FILE_BYTES:
            raise RuleViolation(
                errors.FILE_TOO_LARGE,
                f"The file {name} must be smaller than {MAX_FILE_BYTES // (1024 * 1024)} MB.",
                field="files",
            )


def canonical_content(
    *,
    procurement_reference: str,
    tender_reference: str,
    supplier_id: int,
    version: int,
    price: Decimal,
    line_items: Iterable[LineItem],
    answers: Mapping[int, str],
    files: Iterable[FileFacts],
    salt: str,
    lot: str = "",
) -> bytes:
    """The exact bytes a receipt's hash covers, and that are sealed: UTF-8 JSON with sorted
    keys and no spaces. Amounts are strings with two decimal places; answers are keyed by the
    criterion id as a string; files in upload order. The random `salt` stops anyone guessing a
    price from the hash alone (ADR 0003). A tender for a lot names the lot (its number), so the
    receipt also proves which lot it was for; a tender without lots has no "lot" key."""
    document = {
        "format": CONTENT_FORMAT,
        "procurement": procurement_reference,
        "tender": tender_reference,
        "supplier": supplier_id,
        "version": version,
        "price": f"{price.quantize(PENCE):f}",
        "line_items": [
            {"description": item.description, "amount": f"{item.amount.quantize(PENCE):f}"}
            for item in line_items
        ],
        "answers": {str(key): value for key, value in sorted(answers.items())},
        "files": [{"name": f.name, "sha256": f.sha256, "size": f.size} for f in files],
        "salt": salt,
    }
    if lot:
        document["lot"] = lot
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class ParsedContent:
    price: Decimal
    line_items: tuple[LineItem, ...]
    answers: dict[int, str]
    files: tuple[FileFacts, ...]
    lot: str = ""


def parse_content(data: bytes) -> ParsedContent:
    """Read back the canonical content sealed at submission."""
    document = json.loads(data.decode())
    return ParsedContent(
        price=Decimal(document["price"]),
        line_items=tuple(
            LineItem(description=i["description"], amount=Decimal(i["amount"]))
            for i in document["line_items"]
        ),
        answers={int(key): value for key, value in document["answers"].items()},
        files=tuple(FileFacts(f["name"], f["sha256"], int(f["size"])) for f in document["files"]),
        lot=str(document.get("lot", "")),
    )


# --- Lots (s.18) ------------------------------------------------------------------------------


def check_lot_choice(*, divided: bool, lot_given: bool, lot_of_this_procurement: bool) -> None:
    """A procurement divided into lots is tendered for lot by lot: each tender names one lot of
    that procurement (Procurement Act 2023 s.18); a procurement that is not divided takes
    tenders for the whole, naming no lot."""
    if divided and not lot_given:
        raise RuleViolation(
            errors.LOT_REQUIRED,
            "Choose the lot your tender is for.",
            section="Procurement Act 2023 s.18",
            field="lot",
        )
    if not divided and lot_given:
        raise RuleViolation(
            errors.NOT_DIVIDED_INTO_LOTS,
            "This procurement is not divided into lots: tender for the whole of it.",
            field="lot",
        )
    if divided and not lot_of_this_procurement:
        raise RuleViolation(
            errors.UNKNOWN_LOT, "That is not a lot of this procurement.", field="lot"
        )


def check_tender_to_withdraw(*, has_live_tender: bool, lot_number: str | None = None) -> None:
    """Only a live tender (submitted and neither replaced nor withdrawn) can be withdrawn, and
    only the supplier's own for the lot named; it is then kept sealed and never opened, and the
    supplier may still tender again before the deadline (Procurement Act 2023 s.54(2): the
    same window for every supplier)."""
    if not has_live_tender:
        raise RuleViolation(
            errors.NO_TENDER_TO_WITHDRAW,
            f"You have no tender for lot {lot_number} to withdraw."
            if lot_number is not None
            else "You have no tender to withdraw.",
        )


def check_lots_bid_limit(
    *, maximum: int | None, lots_with_tenders: int, already_in_this_lot: bool, lot_number: str
) -> None:
    """The tender notice may limit the number of lots in respect of which one supplier may
    submit a tender (Procurement Act 2023 s.20(7)). A supplier's live tenders count, each lot
    once; replacing the tender for a lot it already tendered for is not a new lot; a withdrawn
    tender no longer counts."""
    if maximum is None or already_in_this_lot or lots_with_tenders < maximum:
        return
    raise RuleViolation(
        errors.TOO_MANY_LOTS,
        f"A supplier may tender for at most {maximum} lot{'s' if maximum != 1 else ''} of this "
        f"procurement, and you have tenders in {lots_with_tenders}. Withdraw one of them to "
        f"tender for lot {lot_number}.",
        section="Procurement Act 2023 s.20(7)",
        field="lot",
    )


# --- Opening ----------------------------------------------------------------------------------


def check_panel_size(panel_size) -> int:
    """How many distinct officers must confirm before tenders are opened: at least two, so
    that no one person can open them alone."""
    try:
        size = int(panel_size)
    except (TypeError, ValueError):
        size = 0
    if not MIN_PANEL_SIZE <= size <= MAX_PANEL_SIZE:
        raise RuleViolation(
            errors.INVALID_PANEL_SIZE,
            f"The opening panel must have between {MIN_PANEL_SIZE} and {MAX_PANEL_SIZE} officers.",
            field="panel_size",
        )
    return size


def check_opening_confirmation(
    *,
    now: datetime,
    deadline: datetime | None,
    status: str,
    opened: bool,
    already_confirmed: bool,
) -> None:
    """An opening-panel officer may confirm once, after the tender deadline, while the tenders
    are closed and still sealed. `status` is the procurement's status value."""
    if opened:
        raise RuleViolation(errors.TENDERS_ALREADY_OPENED, "The tenders have already been opened.")
    if deadline is not None and now < deadline and status == "tendering_open":
        raise RuleViolation(
            errors.TENDER_DEADLINE_NOT_PASSED,
            f"Tenders stay sealed until the tender deadline, {format_datetime(deadline)}; "
            "the opening panel can confirm after it.",
        )
    if status != "tenders_closed":
        raise RuleViolation(
            errors.TENDERS_NOT_CLOSED, "Tenders can be opened only once tendering has closed."
        )
    if already_confirmed:
        raise RuleViolation(
            errors.ALREADY_CONFIRMED,
            "You have already confirmed the opening. Another officer on the panel must confirm.",
        )


def quorum_reached(*, confirmed_officers: int, panel_size: int) -> bool:
    return confirmed_officers >= panel_size


# --- Tender-stage clarification questions -----------------------------------------------------


def check_question_open(status: str) -> None:
    """A question is answered once, by one clarification published to every supplier at once
    (equal treatment, Procurement Act 2023 s.12(2)); answering it again would publish a second,
    different answer. `status` is the question's status value."""
    if status != "open":
        raise RuleViolation(
            errors.QUESTION_ALREADY_ANSWERED, "This question has already been answered."
        )


def check_question_text(
    text: str, *, field: str = "question", empty_message: str = "Enter your question."
) -> str:
    text = (text or "").strip()
    if not text:
        raise RuleViolation("invalid_input", empty_message, field=field)
    if len(text) > 10_000:
        raise RuleViolation(
            "invalid_input", "The question must be 10,000 characters or fewer.", field=field
        )
    return text


# Words that end a legal name (and the "UK" or "Group" of one) without telling suppliers apart.
LEGAL_SUFFIXES = frozenset(
    "ltd limited llp lp plc uk group holdings inc co company cic the and & (uk)".split()
)
# Words of a name too common to identify a supplier on their own (a house rule of Procura's:
# the list is ours, not the law's). A name's other words of 4 letters or more are distinctive.
COMMON_WORDS = frozenset(
    """technology technologies tech solutions services service systems system digital data
    computing networks network infrastructure software security secure consulting consultancy
    partners partnership public sector supply supplies international global national british
    england london police forensic forensics management support associates enterprises
    """.split()
)
# Domains shared by the public: an address there does not point to one supplier.
PUBLIC_MAIL_DOMAINS = frozenset(
    """gmail.com googlemail.com outlook.com hotmail.com hotmail.co.uk live.co.uk yahoo.com
    yahoo.co.uk icloud.com btinternet.com aol.com""".split()
)


@dataclass(frozen=True)
class SupplierNames:
    """What could identify one supplier taking part: its legal `name`, its `trading_names`, the
    e-mail or web addresses of it and its people (`addresses`) and the people who asked
    (`people`, full names)."""

    name: str
    trading_names: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    people: tuple[str, ...] = ()


def short_forms(name: str) -> list[str]:
    """The short form of a legal name (without suffixes such as Ltd, LLP, plc, UK or Group) and,
    after it, each distinctive word of it: "Lanthorn Partners LLP" gives ["Lanthorn Partners",
    "Lanthorn"]."""
    words = name.split()
    while words and words[-1].casefold().strip(".,") in LEGAL_SUFFIXES:
        words.pop()
    forms = [" ".join(words)] if words and " ".join(words) != name.strip() else []
    forms += [
        word
        for word in words
        if len(word) >= 4
        and word.casefold() not in COMMON_WORDS
        and word.casefold() not in LEGAL_SUFFIXES
        and word not in forms
    ]
    return [form for form in forms if len(form) >= 3]


def domain_of(address: str) -> str:
    """The domain of an e-mail address or web address, lower case, without "www."; "" for a
    domain the public shares."""
    address = address.strip().casefold()
    domain = address.rsplit("@", 1)[1] if "@" in address else address.split("//")[-1]
    domain = domain.split("/")[0].removeprefix("www.")
    return "" if domain in PUBLIC_MAIL_DOMAINS or "." not in domain else domain


def _mentions(text: str, term: str) -> bool:
    return (
        bool(term)
        and re.search(rf"(?<![\w.@]){re.escape(term)}(?![\w])", text, flags=re.IGNORECASE)
        is not None
    )


def identifying_mention(
    text: str, suppliers: Iterable[SupplierNames]
) -> tuple[str, str, str] | None:
    """The first thing in `text` that could identify a supplier taking part, as (code, what
    matched, the supplier's legal name), or None. Checked in this order for each supplier: its
    legal name and the people who asked, its trading names, its e-mail and web domains, then
    the short form and distinctive words of each of its names."""
    for supplier in suppliers:
        for name in (supplier.name, *supplier.people):
            if len(name.strip()) >= 3 and _mentions(text, name.strip()):
                return errors.QUESTION_NAMES_SUPPLIER, name.strip(), supplier.name
        for name in supplier.trading_names:
            if len(name.strip()) >= 3 and _mentions(text, name.strip()):
                return errors.QUESTION_NAMES_TRADING_NAME, name.strip(), supplier.name
        for address in supplier.addresses:
            domain = domain_of(address)
            if domain and domain in text.casefold():
                return errors.QUESTION_NAMES_EMAIL_DOMAIN, domain, supplier.name
        for name in (supplier.name, *supplier.trading_names):
            for form in short_forms(name):
                if _mentions(text, form):
                    return errors.QUESTION_NAMES_SHORT_NAME, form, supplier.name
    return None


WHAT_MATCHED = {
    errors.QUESTION_NAMES_SUPPLIER: "the name of {supplier} or of a person who asked",
    errors.QUESTION_NAMES_TRADING_NAME: "a trading name of {supplier}",
    errors.QUESTION_NAMES_EMAIL_DOMAIN: "an e-mail or web domain of {supplier}",
    errors.QUESTION_NAMES_SHORT_NAME: "a short form of the name of {supplier}",
}


def check_anonymous(
    text: str, *, suppliers: Iterable[SupplierNames], field: str = "published_question"
) -> None:
    """A clarification goes to every supplier and must not reveal who asked or who takes part
    (the authority treats suppliers equally, s.12(2)): refuse a published question or answer
    that names a supplier taking part by its legal name, a trading name, a short form or
    distinctive word of a name, or an e-mail or web domain, or names a person who asked. The
    message, seen by the buyer only, says what matched and whose it is."""
    found = identifying_mention(text, suppliers)
    if found is not None:
        code, matched, supplier = found
        what = "answer" if field == "answer" else "question"
        raise RuleViolation(
            code,
            f"The {what} contains ‘{matched}’, {WHAT_MATCHED[code].format(supplier=supplier)}, "
            "a supplier taking part. Edit it so that it does not reveal who asked.",
            section="Procurement Act 2023 s.12(2)",
            field=field,
        )


def check_anonymisation_confirmed(confirmed: bool) -> None:
    """The buyer confirms that the question and answer as published do not reveal who asked
    before they go to every supplier (a house rule: the names check cannot catch every way of
    identifying a supplier)."""
    if confirmed is not True:
        raise RuleViolation(
            errors.ANONYMISATION_NOT_CONFIRMED,
            "Confirm that the question and the answer do not reveal who asked (house rule).",
            field="confirm_anonymised",
        )
