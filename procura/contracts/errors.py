"""The contracts app's domain error codes (stable strings). All are 400s for the API."""

STANDSTILL_NOT_ENDED = "standstill_not_ended"  # s.51: too early to enter into the contract
DATE_SIGNED_IN_FUTURE = "date_signed_in_future"
END_BEFORE_START = "end_before_start"
AWARD_NOTICE_NOT_PUBLISHED = "award_notice_not_published"  # no UK6, so no standstill yet
ALREADY_ENTERED_INTO = "already_entered_into"
FRAMEWORK_TERM_TOO_LONG = "framework_term_too_long"  # s.47, from timescales.rules
