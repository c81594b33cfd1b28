"""Evaluations for tests.

Procurements in evaluation are made straight in the database (not audited). Tenders belong to the
tendering app: the tests replace only the evaluation's data source for them
(`selectors._opened_tenders`, see the `tender_box` fixture in procura/testing/fixtures.py) with
`OpenedTender`-like objects, the boundary between the two apps. Everything the evaluation records
is made with its real services, so every step is on the audit trail, as in production.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from procura.accounts.models import Organisation
from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.audit.models import AuditEvent
from procura.core import clock
from procura.core.errors import DomainError
from procura.evaluation import services
from procura.evaluation.models import (
    AbnormallyLowReview,
    AssessmentSummary,
    AwardDecision,
    ConflictDeclaration,
    ConsensusScore,
    EvaluatorAssignment,
    PreferredSupplier,
    Score,
)
from procura.evaluation.services import ScoreInput
from procura.notices import ocds
from procura.notices.models import Notice
from procura.participation.models import ExclusionDecision, Participant
from procura.participation.states import ExclusionOutcome, ParticipantStatus
from procura.procurements.models import AwardCriterion, ConflictsAssessment, Procurement
from procura.procurements.states import CriterionKind, Procedure, Status
from procura.procurements.tests.factories import with_lots
from procura.testing.notices import on_find_a_tender

D = Decimal
_numbers = itertools.count(1)

MET_CRITERIA = [
    (CriterionKind.QUALITY, "Technical capability and range", D("30")),
    (CriterionKind.QUALITY, "Continuity and scalability of supply", D("20")),
    (CriterionKind.QUALITY, "Social value", D("10")),
    (CriterionKind.PRICE, "Price", D("40")),
]
# The Met's seven shortlisted resellers (fictional companies from the demo data): basket price
# (£, excluding VAT) and the panel's moderated scores on the three quality criteria.
MET_TENDERS = [
    ("Albion Technology Solutions Ltd", "1890000", (4, 4, 3)),
    ("Brightwell IT Supply Ltd", "1750000", (3, 4, 3)),
    ("Castlegate Digital Ltd", "2100000", (5, 4, 4)),
    ("Dunmore Systems plc", "1980000", (4, 3, 3)),
    ("Eastbrook Computing Ltd", "1820000", (4, 4, 4)),
    ("Fernhill Networks Ltd", "2250000", (5, 5, 4)),
    ("Greystone Infrastructure Ltd", "1935000", (3, 3, 2)),
]


@dataclass(frozen=True)
class FakeOpenedTender:
    """The shape of tendering.selectors.OpenedTender, for the evaluation's data source."""

    tender_id: int
    supplier: Organisation
    price: Decimal
    line_items: tuple = ()
    answers: dict = field(default_factory=dict)
    files: list = field(default_factory=list)
    lot: object = None  # the procurements.Lot it is for, when there are lots


class TenderBox:
    """Stands in for the tendering app: opened tenders per procurement, sealed otherwise."""

    def __init__(self):
        self._opened: dict[int, list] = {}

    def open(self, procurement: Procurement, tenders) -> None:
        self._opened[procurement.pk] = list(tenders)

    def opened_tenders(self, procurement: Procurement) -> list:
        if procurement.pk not in self._opened:
            raise DomainError("tenders_sealed", "The tenders are sealed.")
        return list(self._opened[procurement.pk])


def authority(name: str = "Metropolitan Police Service") -> Organisation:
    existing = Organisation.objects.filter(name=name).first()
    return existing or OrganisationFactory(
        name=name,
        street_address="New Scotland Yard, Victoria Embankment",
        locality="London",
        postcode="SW1A 2JL",
        region="UKI32",
    )


def supplier(name: str, *, scale: str = "sme") -> Organisation:
    existing = Organisation.objects.filter(name=name).first()
    return existing or OrganisationFactory(
        name=name,
        supplier=True,
        scale=scale,
        street_address="1 High Street",
        locality="Reading",
        postcode="RG1 1AA",
    )


def procurement(
    *, buyer=None, criteria=MET_CRITERIA, status: str = Status.EVALUATION, **fields
) -> Procurement:
    """The Met's £252m two-supplier VAR framework, tenders closed and opened (in evaluation)."""
    org = fields.pop("authority", None) or authority()
    buyer = buyer or member(org, Role.BUYER)
    number = next(_numbers)
    reference = f"EVL-2026-{number:04d}"
    values = {
        "authority": org,
        "reference": reference,
        "ocid": f"{ocds.OCID_PREFIX}{reference.lower()}",
        "title": "Value-added reseller framework",
        "description": "Technology hardware, software and support services, through call-offs.",
        "cpv_codes": ["30200000", "48000000"],
        "procedure": Procedure.COMPETITIVE_FLEXIBLE,
        "estimated_value_excl_vat": D("210000000.00"),
        "estimated_value_incl_vat": D("252000000.00"),
        "is_framework": True,
        "max_framework_suppliers": 2,
        "framework_term_months": 24,
        "extension_options_months": [12, 12],
        "call_off_process": "A ranked cascade, or a mini-competition between the two.",
        "max_shortlist": 7,
        "status": status,
        "created_by": buyer,
        "created_at": clock.now(),
    }
    values.update(fields)
    made = Procurement.objects.create(**values)
    AwardCriterion.objects.bulk_create(
        AwardCriterion(procurement=made, kind=kind, title=title, weight=weight, position=i)
        for i, (kind, title, weight) in enumerate(criteria)
    )
    now = clock.now()
    ConflictsAssessment.objects.create(
        procurement=made,
        summary="No conflicts identified in preparing the procurement.",
        prepared_by=buyer,
        prepared_at=now,
        last_revised_at=now,
    )
    return made


def staffordshire_contract(**fields) -> Procurement:
    """The Staffordshire 10-year strategic IT partnership: one contract, with participants."""
    org = authority("Police and Crime Commissioner for Staffordshire")
    values = {
        "authority": org,
        "title": "Strategic IT partner",
        "estimated_value_excl_vat": D("375000000.00"),
        "estimated_value_incl_vat": D("450000000.00"),
        "is_framework": False,
        "max_framework_suppliers": None,
        "framework_term_months": None,
        "extension_options_months": [],
        "call_off_process": "",
        "contract_term_months": 120,
        "value_range_min_incl_vat": D("150000000.00"),
        "value_range_max_incl_vat": D("450000000.00"),
        "max_shortlist": 5,
    }
    values.update(fields)
    made = procurement(**values)
    made.participants.set(
        [
            OrganisationFactory(name="Stoke-on-Trent City Council", participant=True),
            OrganisationFactory(name="Staffordshire County Council", participant=True),
        ]
    )
    return made


def quality_criteria(procurement: Procurement) -> list[AwardCriterion]:
    return list(procurement.criteria.filter(kind=CriterionKind.QUALITY))


def opened_tenders(procurement: Procurement, rows=MET_TENDERS) -> list[FakeOpenedTender]:
    """One opened tender per (supplier name, price, ...) row, answering every quality criterion."""
    criteria = quality_criteria(procurement)
    return [
        FakeOpenedTender(
            tender_id=1000 + index,
            supplier=supplier(row[0]),
            price=D(row[1]),
            line_items=(("Basket of 40 standard devices", D(row[1])),),
            answers={c.pk: f"{row[0]}'s answer on {c.title.lower()}." for c in criteria},
            files=[],
        )
        for index, row in enumerate(rows, start=1)
    ]


@dataclass
class Evaluation:
    """A procurement in evaluation, its people and its opened tenders."""

    procurement: Procurement
    buyer: object
    approver: object
    evaluators: list
    tenders: list

    def tender(self, name: str) -> FakeOpenedTender:
        return next(t for t in self.tenders if t.supplier.name.startswith(name))

    def refresh(self) -> Procurement:
        self.procurement.refresh_from_db()
        return self.procurement


def exclusion_considered(procurement: Procurement, suppliers, *, by) -> None:
    """Each supplier takes part (invited) and has a 'not excluded' decision on record (s.28),
    made straight in the database like the procurement: the award needs one for every tenderer
    (`evaluation.rules.check_exclusion_considered`)."""
    for organisation in suppliers:
        participant, _ = Participant.objects.get_or_create(
            procurement=procurement,
            supplier=organisation,
            defaults={
                "status": ParticipantStatus.INVITED,
                "interest_expressed_at": clock.now(),
                "interest_expressed_by": by,
            },
        )
        ExclusionDecision.objects.create(
            participant=participant,
            outcome=ExclusionOutcome.NOT_EXCLUDED,
            decided_on=clock.today(),
            recorded_at=clock.now(),
            recorded_by=by,
        )


def evaluation(
    tender_box: TenderBox,
    *,
    evaluators: int = 2,
    rows=MET_TENDERS,
    make=None,
    consider_exclusion: bool = True,
    **fields,
) -> Evaluation:
    made = (make or procurement)(**fields)
    org = made.authority
    tenders = opened_tenders(made, rows)
    tender_box.open(made, tenders)
    if consider_exclusion:
        exclusion_considered(made, [t.supplier for t in tenders], by=made.created_by)
    return Evaluation(
        procurement=made,
        buyer=made.created_by,
        approver=member(org, Role.APPROVER, first_name="Ade", last_name="Approver"),
        evaluators=[
            member(org, Role.EVALUATOR, first_name="Eva", last_name=f"Luator{i}")
            for i in range(1, evaluators + 1)
        ],
        tenders=tenders,
    )


# --- Steps through the evaluation, made with the real services ---------------------------------


def assign_panel(e: Evaluation, *, declare: bool = True) -> None:
    for person in e.evaluators:
        services.assign_evaluator(actor=e.buyer, procurement=e.procurement, evaluator=person)
        if declare:
            services.declare_conflicts(actor=person, procurement=e.procurement, has_conflict=False)


def score_tender(e: Evaluation, person, tender, scores) -> None:
    services.record_scores(
        actor=person,
        procurement=e.procurement,
        tender_id=tender.tender_id,
        scores=[
            ScoreInput(c.pk, s, f"Score {s}: {c.title} as the tender describes it.")
            for c, s in zip(quality_criteria(e.procurement), scores, strict=True)
        ],
    )


def score_all(e: Evaluation, person, *, submit: bool = True, rows=MET_TENDERS) -> None:
    for tender, row in zip(e.tenders, rows, strict=True):
        score_tender(e, person, tender, row[2])
    if submit:
        services.submit_scores(actor=person, procurement=e.procurement)


def moderate_all(e: Evaluation, *, rows=MET_TENDERS, skip=()) -> None:
    for tender, row in zip(e.tenders, rows, strict=True):
        if tender.tender_id in skip:
            continue
        services.record_consensus_scores(
            actor=e.buyer,
            procurement=e.procurement,
            tender_id=tender.tender_id,
            scores=[
                ScoreInput(c.pk, s, f"The panel agreed {s}: {c.title.lower()} is well evidenced.")
                for c, s in zip(quality_criteria(e.procurement), row[2], strict=True)
            ],
        )


def ready_to_propose(e: Evaluation, *, rows=MET_TENDERS) -> None:
    assign_panel(e)
    for person in e.evaluators:
        score_all(e, person, rows=rows)
    moderate_all(e, rows=rows)


def approved(e: Evaluation, *, rows=MET_TENDERS):
    ready_to_propose(e, rows=rows)
    services.propose_award(actor=e.buyer, procurement=e.procurement)
    return services.approve_award(actor=e.approver, procurement=e.procurement)


def summaries_sent(e: Evaluation, *, rows=MET_TENDERS):
    approved(e, rows=rows)
    return services.send_assessment_summaries(actor=e.buyer, procurement=e.procurement)


def award_notice_prepared(e: Evaluation, *, rows=MET_TENDERS):
    """The award notice prepared, not yet published on Find a Tender: no standstill yet."""
    summaries_sent(e, rows=rows)
    return services.publish_award_notice(actor=e.buyer, procurement=e.procurement)


def in_standstill(e: Evaluation, *, rows=MET_TENDERS):
    """The award notice prepared and published on Find a Tender at once: the standstill runs."""
    notice = award_notice_prepared(e, rows=rows)
    on_find_a_tender(notice, e.buyer)
    return notice


# --- Proving that a refusal changed nothing ------------------------------------------------


def record_of(procurement) -> dict:
    """Everything the evaluation services can change, to show that a refusal changed nothing."""
    procurement.refresh_from_db()
    return {
        "status": procurement.status,
        "audit_events": AuditEvent.objects.count(),
        "assignments": list(
            EvaluatorAssignment.objects.order_by("pk").values_list(
                "pk", "status", "declared_at", "submitted_at"
            )
        ),
        "declarations": ConflictDeclaration.objects.count(),
        "conflicts_assessments": list(ConflictsAssessment.objects.values_list("pk", "summary")),
        "scores": list(Score.objects.order_by("pk").values_list("pk", "score", "justification")),
        "consensus": list(ConsensusScore.objects.order_by("pk").values_list("pk", "score")),
        "reviews": list(AbnormallyLowReview.objects.order_by("pk").values_list("pk", "decision")),
        "decisions": list(
            AwardDecision.objects.order_by("pk").values_list(
                "pk", "status", "assessment_summaries_sent_at", "award_notice_id"
            )
        ),
        "preferred": PreferredSupplier.objects.count(),
        "summaries": AssessmentSummary.objects.count(),
        "notices": Notice.objects.count(),
    }


# The Met framework in lots: (supplier, lot, price, moderated quality scores)
LOT_ROWS = [
    ("Albion Technology Solutions Ltd", "1", "1000000", (5, 5, 5)),
    ("Brightwell IT Supply Ltd", "1", "900000", (3, 3, 3)),
    ("Castlegate Digital Ltd", "1", "1100000", (4, 4, 4)),
    ("Albion Technology Solutions Ltd", "2", "500000", (4, 4, 4)),
    ("Dunmore Systems plc", "2", "450000", (3, 3, 3)),
    ("Castlegate Digital Ltd", "2", "520000", (5, 4, 4)),
]


def in_lots(tender_box, *, fields=None, **limits) -> Evaluation:
    """The Met framework in two lots (hardware: 2 suppliers; software: 1), six opened tenders,
    moderated and ready for the award proposal. `fields` change the procurement."""
    lotted = procurement(**(fields or {}))
    hardware, software = with_lots(lotted, **limits)
    if lotted.is_framework:
        software.max_framework_suppliers = 1
        software.save()
    lots = {"1": hardware, "2": software}
    criteria = quality_criteria(lotted)
    tenders = [
        FakeOpenedTender(
            tender_id=2000 + index,
            supplier=supplier(name),
            price=D(price),
            answers={c.pk: f"{name} on {c.title}." for c in criteria},
            lot=lots[lot],
        )
        for index, (name, lot, price, _scores) in enumerate(LOT_ROWS, start=1)
    ]
    tender_box.open(lotted, tenders)
    exclusion_considered(lotted, {t.supplier for t in tenders}, by=lotted.created_by)
    e = Evaluation(
        procurement=lotted,
        buyer=lotted.created_by,
        approver=member(lotted.authority, Role.APPROVER, first_name="Ade"),
        evaluators=[member(lotted.authority, Role.EVALUATOR, first_name="Eva")],
        tenders=tenders,
    )
    ready_to_propose(e, rows=[(name, price, scores) for name, _l, price, scores in LOT_ROWS])
    return e
