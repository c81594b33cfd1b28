"""The participation stage as a whole: when it runs, the procedures that have one, the files
and documents it shares (house rules and Procurement Act 2023 s.20)."""

from procura.core.errors import RuleViolation
from procura.procurements.states import Status

from .. import errors

ACT = "Procurement Act 2023"
REGULATIONS = "Procurement Regulations 2024"


#: The largest file a buyer or supplier may upload (a house rule, not the law).
MAX_FILE_BYTES = 50 * 1024 * 1024


#: The longest reason a supplier may give for withdrawing (a house rule).
MAX_WITHDRAWAL_REASON_CHARS = 2000


#: Statuses in which the procurement is over and its participation stage can no longer change.
FINISHED = frozenset({Status.TERMINATED, Status.CONTRACT_SIGNED})


def check_not_finished(procurement_status: str) -> None:
    """Nothing of the participation stage changes once the procurement is over: terminated
    (s.55) or its contract entered into. A house rule: the record of the stage is then final."""
    if procurement_status in FINISHED:
        raise RuleViolation(errors.PROCUREMENT_CLOSED, "The procurement has finished.")


def check_competitive_flexible(competitive_flexible: bool) -> None:
    """Only a competitive flexible procedure has a participation stage before tenders: an open
    procedure is a single stage without a restriction on who may tender (Procurement Act 2023
    s.20(2), (4))."""
    if not competitive_flexible:
        raise RuleViolation(
            errors.NOT_COMPETITIVE_FLEXIBLE,
            "Only a competitive flexible procedure has a participation stage: in an open "
            "procedure an admitted supplier goes straight to its tender.",
            section=f"{ACT} s.20",
        )


def _required_text(value: str | None, field: str, message: str) -> None:
    if not (value or "").strip():
        raise RuleViolation(errors.INVALID_INPUT, message, field=field)


def check_file(*, name: str, size: int, field: str = "file") -> None:
    """A file must have content and be at most 50 MB (a house rule that keeps uploads sane)."""
    if size <= 0:
        raise RuleViolation("file_empty", f"The selected file {name} is empty.", field=field)
    if size > MAX_FILE_BYTES:
        raise RuleViolation(
            "file_too_large", f"The selected file {name} must be smaller than 50MB.", field=field
        )


def check_document(*, procurement_status: str, title: str, has_file: bool) -> None:
    """A procurement document has a title (its versions share it) and a file, and is shared only
    while the procurement runs (a house rule; the documents themselves: s.21)."""
    check_not_finished(procurement_status)
    _required_text(title, "title", "Enter the title of the document.")
    if not has_file:
        raise RuleViolation(errors.INVALID_INPUT, "Select a file.", field="file")
