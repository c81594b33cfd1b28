"""The participation stage's domain error codes.

The API turns any DomainError into JSON with procura.core.errors.http_status (400 unless listed
there); pages turn it into the GOV.UK error summary with `procura.core.govuk.error_items`. Codes
are stable: API clients and tests rely on them.
"""

# The agreements gate
ALREADY_INTERESTED = "already_interested"
ALREADY_ACCEPTED = "already_accepted"
AGREEMENT_SUPERSEDED = "agreement_superseded"
AGREEMENT_UNCHANGED = "agreement_unchanged"
NOT_OPEN_FOR_INTEREST = "not_open_for_interest"
PROCUREMENT_CLOSED = "procurement_closed"
NOT_A_SUPPLIER = "not_a_supplier"

# Conditions of participation
NOT_COMPETITIVE_FLEXIBLE = "not_competitive_flexible"
QUESTIONNAIRE_LOCKED = "questionnaire_locked"
PARTICIPATION_DEADLINE_PASSED = "participation_deadline_passed"  # rules.check_participation_open
ALREADY_SUBMITTED = "already_submitted"
ANSWERS_MISSING = "answers_missing"

# Assessment, exclusion, shortlist, invitation
NOT_ASSESSABLE_NOW = "not_assessable_now"
NOT_SUBMITTED = "not_submitted"
NOT_DECIDABLE = "not_decidable"
ALREADY_EXCLUDED = "already_excluded"
PARTICIPATION_NOT_CLOSED = "participation_not_closed"
ALREADY_SHORTLISTED = "already_shortlisted"
EXCLUSION_NOT_DECIDED = "exclusion_not_decided"
SHORTLIST_INCOMPLETE = "shortlist_incomplete"
NOT_ELIGIBLE = "not_eligible"
REASON_REQUIRED = "reason_required"
SHORTLIST_TOO_LONG = "shortlist_too_long"  # rules.check_shortlist_length
SHORTLIST_NOT_DECIDED = "shortlist_not_decided"

# A supplier withdrawing (rules.check_withdrawal)
ALREADY_WITHDRAWN = "already_withdrawn"
NOT_WITHDRAWABLE = "not_withdrawable"  # excluded or not shortlisted: no longer taking part
WITHDRAWAL_TOO_LATE = "withdrawal_too_late"  # the award is decided, or the procurement is over

# Insiders get reasons: a supplier taking part is told why a stage is closed to it (403)
AGREEMENTS_NOT_ACCEPTED = "agreements_not_accepted"  # the current NDA / ethical walls version
NO_LONGER_TAKING_PART = "no_longer_taking_part"  # excluded, not shortlisted or withdrawn

FORBIDDEN = "forbidden_action"
INVALID_INPUT = "invalid_input"
