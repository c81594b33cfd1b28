"""Domain error codes of the tendering stage (stable strings: API clients and tests rely on
them), and their mapping to the GOV.UK error summary. HTTP statuses come from
procura.core.errors.HTTP_STATUS: every code here is a 400 except `not_found` (404),
`forbidden_action` (403) and `invalid_input` (422)."""

# Submitting, replacing and withdrawing
TENDER_DEADLINE_PASSED = "tender_deadline_passed"  # at or after the deadline: nothing is stored
TENDERING_NOT_OPEN = "tendering_not_open"  # the procurement is not taking tenders
INVALID_PRICE = "invalid_price"
INVALID_LINE_ITEM = "invalid_line_item"
ANSWER_MISSING = "answer_missing"  # a quality award criterion was not answered
UNKNOWN_CRITERION = "unknown_criterion"  # an answer to something that is not a quality criterion
ANSWER_TOO_LONG = "answer_too_long"
TOO_MANY_FILES = "too_many_files"
FILE_TOO_LARGE = "file_too_large"
EMPTY_FILE = "empty_file"
NO_TENDER_TO_WITHDRAW = "no_tender_to_withdraw"
LOT_REQUIRED = "lot_required"  # the procurement is divided into lots: say which one
UNKNOWN_LOT = "unknown_lot"  # not a lot of this procurement
NOT_DIVIDED_INTO_LOTS = "not_divided_into_lots"  # a lot named for a procurement without lots
TOO_MANY_LOTS = "too_many_lots"  # more lots than a supplier may tender for (s.20(7))

# Insiders get reasons (403): a supplier taking part, but not invited to tender (yet)
NOT_INVITED_TO_TENDER = "not_invited_to_tender"

# Opening
TENDER_DEADLINE_NOT_PASSED = "tender_deadline_not_passed"  # the panel confirmed too early
TENDERS_NOT_CLOSED = "tenders_not_closed"  # e.g. terminated, or never open for tenders
ALREADY_CONFIRMED = "already_confirmed"  # the same officer twice
TENDERS_ALREADY_OPENED = "tenders_already_opened"  # a second opening
TENDERS_SEALED = "tenders_sealed"  # content asked for before the opening
SEALING_KEY_UNAVAILABLE = "sealing_key_unavailable"  # the KEK cannot unwrap the private key
INVALID_PANEL_SIZE = "invalid_panel_size"

# Tender-stage clarification questions
QUESTION_ALREADY_ANSWERED = "question_already_answered"
QUESTION_NAMES_SUPPLIER = "question_names_supplier"  # publishing it would reveal who asked
# The same, by what matched: a trading name, the short form or a distinctive word of a name, or
# an e-mail or web domain of a supplier taking part.
QUESTION_NAMES_TRADING_NAME = "question_names_trading_name"
QUESTION_NAMES_SHORT_NAME = "question_names_short_name"
QUESTION_NAMES_EMAIL_DOMAIN = "question_names_email_domain"
ANONYMISATION_NOT_CONFIRMED = "anonymisation_not_confirmed"  # the buyer has not confirmed
