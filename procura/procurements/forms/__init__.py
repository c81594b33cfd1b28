"""The shape of what buyers type into the procurement pages. Input shape only: the law is checked
by the services (rules.py) when the tender notice is published.

Dates and times are typed as GOV.UK asks for them (day, month and year boxes and a time) and are
read as UK time (Europe/London).

One module per part of the pages: `drafts` (the draft form), `criteria`, `lots`, `stage` (the
other forms on the procurement page), `modification` (s.31), `public` (the register's search);
`common` holds what they share.
"""

from .common import (
    DateTimesMixin,
)
from .criteria import (
    BLANK_CRITERIA_ROWS,
    BaseCriteriaFormSet,
    CriteriaFormSet,
    CriterionForm,
    criteria_formset,
)
from .drafts import (
    CONTRACT,
    CPV_PATTERN,
    FRAMEWORK,
    TENDERING_FACT_CHOICES,
    ProcurementForm,
)
from .lots import (
    BLANK_LOT_ROWS,
    BaseLotsFormSet,
    LotForm,
    LotLimitsForm,
    LotsForm,
    LotsFormSet,
)
from .modification import (
    CONTRACT_FIELDS,
    FRAMEWORK_FIELDS,
    SUBSTANTIAL_CHOICES,
    ModificationForm,
)
from .public import (
    OpportunitySearchForm,
)
from .stage import (
    ClarificationForm,
    ConflictsAssessmentForm,
    ExtendDeadlinesForm,
    TerminateForm,
)

__all__ = [
    "DateTimesMixin",
    "FRAMEWORK",
    "CONTRACT",
    "TENDERING_FACT_CHOICES",
    "CPV_PATTERN",
    "ProcurementForm",
    "CriterionForm",
    "BaseCriteriaFormSet",
    "CriteriaFormSet",
    "BLANK_CRITERIA_ROWS",
    "criteria_formset",
    "LotForm",
    "BaseLotsFormSet",
    "LotsFormSet",
    "BLANK_LOT_ROWS",
    "LotLimitsForm",
    "LotsForm",
    "ConflictsAssessmentForm",
    "ClarificationForm",
    "ExtendDeadlinesForm",
    "TerminateForm",
    "FRAMEWORK_FIELDS",
    "CONTRACT_FIELDS",
    "SUBSTANTIAL_CHOICES",
    "ModificationForm",
    "OpportunitySearchForm",
]
