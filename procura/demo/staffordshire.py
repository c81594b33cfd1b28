"""Scenario 3: the Police and Crime Commissioner for Staffordshire's 10-year strategic IT partner.

A competitive flexible procedure naming four participants (other public bodies that may join the
contract): five suppliers pass the gate, four are shortlisted and tender, two evaluators score,
the panel moderates, and the award notice was published two working days before today, so the
contract is in its standstill period.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import date, datetime
from types import SimpleNamespace

from procura.core.formatting import format_date
from procura.evaluation import selectors as evaluation_selectors
from procura.evaluation import services as evaluation
from procura.evaluation.services import ScoreInput
from procura.participation import services as participation
from procura.participation.states import ExclusionOutcome, QuestionKind
from procura.procurements import services as procurements
from procura.procurements.models import Procurement
from procura.procurements.states import Procedure
from procura.tendering import services as tendering
from procura.tendering.services import UploadedDocument

from . import people
from .steps import (
    STAFFS,
    SUPPLIER_TOWN,
    Cast,
    D,
    Story,
    answer_questionnaire,
    assess,
    at,
    draft_with_gate,
    justification,
    on_find_a_tender,
    pass_gate,
    price_criterion,
    quality,
    question,
    score_tender,
    short_name,
    shortlist,
    spread,
    tenders_by_supplier,
    working_day_before,
    working_days_ago,
)

# ---------------------------------------------------------------------------------------------
# 2. Staffordshire's 10-year strategic IT partner (scenario 3)
# ---------------------------------------------------------------------------------------------

STAFFS_TITLE = "Strategic IT partner"
STAFFS_SUPPLIERS = [
    "Castlegate Digital Ltd",
    "Dunmore Systems plc",
    "Greystone Infrastructure Ltd",
    "Keystone Public Sector IT Ltd",
    "Lanthorn Partners LLP",
]
STAFFS_RESPONSES = {
    "Castlegate Digital Ltd": ((5, 6), "96000000"),
    "Dunmore Systems plc": ((7, 6), "890000000"),
    "Greystone Infrastructure Ltd": ((7, 7), "530000000"),
    "Keystone Public Sector IT Ltd": ((8, 8), "720000000"),
    "Lanthorn Partners LLP": ((8, 7), "1150000000"),
}
# Total price over 10 years for the full scope with every participant (£ excluding VAT).
STAFFS_TENDERS = {
    "Dunmore Systems plc": "296700000.00",
    "Greystone Infrastructure Ltd": "331200000.00",
    "Keystone Public Sector IT Ltd": "312480000.00",
    "Lanthorn Partners LLP": "342900000.00",
}
STAFFS_PRICE_LINES = [
    ("Service transition (year 1)", D("0.06")),
    ("Managed IT services for the commissioner, years 1 to 10", D("0.44")),
    ("Target IT environment: design and delivery", D("0.20")),
    ("Services for the four participants, if all join (estimated)", D("0.30")),
]
# Mark Hughes's and Sarah Bennett's scores, and the moderated (consensus) scores.
STAFFS_EVALUATOR1 = {
    "Dunmore Systems plc": (3, 3, 4, 3),
    "Greystone Infrastructure Ltd": (4, 4, 3, 3),
    "Keystone Public Sector IT Ltd": (4, 5, 4, 4),
    "Lanthorn Partners LLP": (4, 4, 5, 4),
}
STAFFS_EVALUATOR2 = {
    "Dunmore Systems plc": (3, 2, 4, 3),
    "Greystone Infrastructure Ltd": (4, 4, 3, 2),
    "Keystone Public Sector IT Ltd": (5, 5, 4, 4),
    "Lanthorn Partners LLP": (4, 4, 4, 4),
}
STAFFS_CONSENSUS = {
    "Dunmore Systems plc": (3, 3, 4, 3),
    "Greystone Infrastructure Ltd": (4, 4, 3, 3),
    "Keystone Public Sector IT Ltd": (4, 5, 4, 4),
    "Lanthorn Partners LLP": (4, 4, 5, 4),
}
STAFFS_REASONS = {
    0: {
        5: "a detailed transition plan with a parallel-running period, named leads, and exit "
        "arrangements agreed in principle with the current providers; no break in service to "
        "the control room.",
        4: "a credible, phased transition with service levels from day one; knowledge transfer "
        "from the current providers is planned but relies on their cooperation.",
        3: "an adequate plan, but the cut-over of the control room systems is only outlined.",
        2: "a generic plan that does not address policing's 24-hour operations.",
    },
    1: {
        5: "a clear target environment (cloud, networks, end-user computing) that integrates "
        "with the national policing systems, with a costed roadmap and governance through the "
        "partnership board.",
        4: "a sound target environment and roadmap; integration with national systems is "
        "described but not yet proven at another force.",
        3: "a reasonable design, but the delivery plan and its dependencies are light on detail.",
        2: "the design leaves significant questions about resilience and integration.",
    },
    2: {
        5: "existing accreditation for policing work, NPPV3 for key staff and a clear approach "
        "to the National Policing Community Security Policy.",
        4: "strong security controls and vetting; policing-specific accreditation is in progress.",
        3: "meets the security requirements without going beyond them.",
        2: "the approach to vetting and accreditation is incomplete.",
    },
    3: {
        5: "local jobs, apprenticeships and SME spend in Staffordshire and Stoke-on-Trent, with "
        "targets for each year and independent reporting.",
        4: "measurable local commitments, reported annually.",
        3: "reasonable commitments, some of them not measurable.",
        2: "general statements with few local commitments.",
    },
}


def staffs_answers(supplier: str) -> list[str]:
    town = SUPPLIER_TOWN[supplier]
    return [
        f"{supplier} will take over the existing IT services in a 16-week transition led from "
        f"{town} and Stafford, with a parallel-running period for the control room systems and "
        "service levels from day one (transition plan, section 2).",
        "A target IT environment on a secure public cloud, with a new wide-area network, "
        "modern end-user computing and integration with PNC, PND and the Emergency Services "
        "Network, delivered over three years under the partnership board (section 3).",
        "ISO/IEC 27001 and Cyber Essentials Plus; NPPV3 for key staff; compliance with the "
        "National Policing Community Security Policy (section 4).",
        "Forty new jobs and twelve apprenticeships in Staffordshire and Stoke-on-Trent, and 25% "
        "of subcontracted spend with local SMEs, reported each year (section 5).",
    ]


def staffs_cop_answers(supplier: str) -> dict[int, str]:
    return {
        1: "Yes. Our staff on police systems hold NPPV2 and key staff NPPV3; we work to the "
        "National Policing Community Security Policy for two other forces.",
        2: f"{supplier} has been the strategic IT partner of a county council and a fire and "
        "rescue service for seven years, taking over services from three previous suppliers "
        "without a break in service. References are in appendix 2.",
        3: "Each participant joins by a participation agreement with its own service schedule, "
        "charges and invoices; shared services are apportioned by an agreed model reviewed each "
        "year.",
    }


def staffs_days(today: date) -> SimpleNamespace:
    """The days of the Staffordshire story (e.g. `days.notice_day`), counted back from the award
    notice, published two working days before today so that today falls inside the standstill
    period."""
    notice_day = working_days_ago(today, 2)
    summaries_day = working_day_before(notice_day, 1)
    approved_day = working_day_before(summaries_day, 2)
    proposed_day = working_day_before(approved_day, 2)
    moderated_day = working_day_before(proposed_day, 2)
    e2_day = working_day_before(moderated_day, 3)
    e1_day = working_day_before(e2_day, 2)
    declared_day = working_day_before(e1_day, 2)
    deadline_day = working_day_before(declared_day, 1)
    answer_day = working_day_before(deadline_day, 15)
    question_day = working_day_before(answer_day, 3)
    invited_day = working_day_before(question_day, 25)
    shortlist_day = working_day_before(invited_day, 2)
    decided_day = working_day_before(shortlist_day, 1)
    assessed_day = working_day_before(decided_day, 3)
    participation_day = working_day_before(assessed_day, 1)
    submitted_days = [working_day_before(participation_day, n) for n in (3, 1)]
    clarification_day = working_day_before(participation_day, 14)
    interest_days = [working_day_before(clarification_day, n) for n in (12, 10)]
    published_day = working_day_before(participation_day, 40)
    conflicts_day = working_day_before(published_day, 3)
    drafted_day = working_day_before(conflicts_day, 7)
    return SimpleNamespace(**locals())


def prepare(cast: Cast, days: SimpleNamespace) -> Generator[datetime, None, Procurement]:
    """The draft, naming the four participants that may join the contract, and the conflicts
    assessment before publication (s.83)."""
    lead = cast("staffs.buyer2")
    authority = cast.org(STAFFS)

    yield at(days.drafted_day, 11)
    procurement = draft_with_gate(
        buyer=lead,
        authority=authority,
        participants=[cast.org(name) for name, *_ in people.PARTICIPANTS],
        title=STAFFS_TITLE,
        description=(
            "A strategic IT partner to improve the capacity and capability of Staffordshire "
            "Police's existing IT services and to design, deliver and run a new target IT "
            "environment, for up to 10 years. The participants named in this notice may join "
            "the contract during its term; the value depends on which of them do: £150m to "
            "£450m including VAT, and more than £100m if the commissioner alone uses it."
        ),
        cpv_codes=["72000000", "72500000", "72600000", "72222300"],
        procedure=Procedure.COMPETITIVE_FLEXIBLE,
        estimated_value_excl_vat=D("375000000.00"),
        estimated_value_incl_vat=D("450000000.00"),
        is_framework=False,
        contract_term_months=120,
        value_range_min_incl_vat=D("150000000.00"),
        value_range_max_incl_vat=D("450000000.00"),
        max_shortlist=4,
        shortlisting_criteria=(
            "The four highest total scores on questions 2 and 3 of the questionnaire (each out "
            "of 10) among suppliers that pass every pass/fail question and the financial "
            "assessment and are not excluded."
        ),
        participation_deadline=at(days.participation_day, 12),
        no_lots_reasons=(
            "Considered and not divided (s.18): the partner must design, transition and run one "
            "integrated IT environment, and splitting it would leave no supplier accountable "
            "for the whole service. Subcontracting to specialist and small suppliers is "
            "encouraged through the social value criterion."
        ),
        tendering_facts={"electronic_submission": True, "all_documents_at_notice": True},
        criteria=[
            quality(
                "Service transition and continuity",
                20,
                "Taking over the existing services without disruption to "
                "policing: exit from the current providers, knowledge transfer, service levels "
                "from day one.",
            ),
            quality(
                "Target IT environment: design and delivery",
                25,
                "The proposed target environment and the plan and governance to deliver it.",
            ),
            quality(
                "Information security and policing systems",
                10,
                "Accreditation, vetting, the National Policing Community "
                "Security Policy, and integration with national policing systems.",
            ),
            quality(
                "Social value in Staffordshire",
                10,
                "Local employment, skills and SME spend in Staffordshire and "
                "Stoke-on-Trent, measured and reported each year.",
            ),
            price_criterion(
                35,
                "The total price over 10 years for the full scope with every "
                "participant: lowest price ÷ tender price × 35.",
            ),
        ],
        questions=[
            question(
                QuestionKind.PASS_FAIL,
                "Confirm that staff with access to police systems or data will hold Non "
                "Police Personnel Vetting level 2 (NPPV2) before they start, and that you can "
                "meet the National Policing Community Security Policy.",
            ),
            question(
                QuestionKind.SCORED,
                "Describe a strategic IT partnership of at least five years that you "
                "have delivered for a public body, including how services transferred from the "
                "previous supplier.",
                max_score=10,
            ),
            question(
                QuestionKind.SCORED,
                "Describe how a participant (for example a council or the fire and "
                "rescue service) would join the contract during its term, and how its costs "
                "would be kept separate.",
                max_score=10,
            ),
            question(QuestionKind.FILE, "Upload your current ISO/IEC 27001 certificate."),
        ],
        documents=[
            (
                "Statement of requirements",
                "Staffordshire strategic IT partner requirements.txt",
                "Statement of requirements: strategic IT partner\n\n1. Current IT services and "
                "their providers.\n2. Transition.\n3. Target IT environment.\n4. Security and "
                "national policing systems.\n5. Participants and how they join.\n6. Governance: "
                "the partnership board.\n",
            ),
        ],
    )

    yield at(days.conflicts_day, 15)
    procurements.record_conflicts_assessment(
        actor=lead,
        procurement=procurement,
        summary=(
            "Prepared before publication (Procurement Act 2023 s.83). The current IT providers "
            "may bid: their staff had no part in writing the requirements, and the information "
            "they hold about the services was published to every supplier in the data room. "
            "The procurement team and the evaluators declared no interests in any likely bidder."
        ),
    )
    return procurement


def gather_requests(
    cast: Cast, days: SimpleNamespace, procurement: Procurement
) -> Generator[datetime, None, dict]:
    """Publication, five suppliers through the gate, a clarification, five requests to
    participate and the deadline."""
    lead = cast("staffs.buyer2")

    yield at(days.published_day, 9, 30)
    on_find_a_tender(procurements.publish_tender_notice(actor=lead, procurement=procurement), lead)

    participants = {}
    for name, moment in zip(STAFFS_SUPPLIERS, spread(days.interest_days, 5), strict=True):
        yield moment
        participants[name] = pass_gate(procurement, cast.org(name), cast.bid(name))

    yield at(days.clarification_day, 14)
    procurements.publish_clarification(
        actor=lead,
        procurement=procurement,
        question="Will the participants' IT services transfer to the partner when the contract "
        "starts?",
        answer="No. The commissioner's services transfer at the start. Each participant may join "
        "later, when it chooses, by a participation agreement under the contract; none is "
        "committed to join. The value range in the tender notice reflects this.",
    )

    for name, moment in zip(STAFFS_SUPPLIERS, spread(days.submitted_days, 5), strict=True):
        yield moment
        participant = participants[name]
        turnover = STAFFS_RESPONSES[name][1]
        answer_questionnaire(participant, cast.bid(name), staffs_cop_answers(name), turnover)
        participation.submit_response(actor=cast.bid(name), participant=participant)

    yield at(days.participation_day, 12)
    procurements.close_participation(procurement=procurement)
    return participants


def select(
    cast: Cast, days: SimpleNamespace, procurement: Procurement, participants: dict
) -> Story:
    """Assessment, no exclusions, and a shortlist of four."""
    lead = cast("staffs.buyer2")

    yield at(days.assessed_day, 10)
    for name in STAFFS_SUPPLIERS:
        assess(participants[name], lead, STAFFS_RESPONSES[name][0])

    yield at(days.decided_day, 10)
    for name in STAFFS_SUPPLIERS:
        participation.record_exclusion_decision(
            actor=lead, participant=participants[name], outcome=ExclusionOutcome.NOT_EXCLUDED
        )

    yield at(days.shortlist_day, 15)
    shortlist(procurement, lead, {n: sum(STAFFS_RESPONSES[n][0]) for n in STAFFS_SUPPLIERS}, 4)


def tender(cast: Cast, days: SimpleNamespace, procurement: Procurement) -> Story:
    """The invitation, a question about TUPE, four sealed tenders, the deadline and the
    two-officer opening."""
    lead, head = cast("staffs.buyer2"), cast("staffs.buyer")

    yield at(days.invited_day, 10)
    participation.invite_to_tender(
        actor=lead, procurement=procurement, tender_deadline=at(days.deadline_day, 12)
    )

    yield at(days.question_day, 13, 10)
    asked = tendering.ask_question(
        actor=cast.bid("Lanthorn Partners LLP"),
        procurement=procurement,
        supplier=cast.org("Lanthorn Partners LLP"),
        question="Is TUPE expected to apply to any staff of the current service providers?",
    )
    yield at(days.answer_day, 10, 30)
    tendering.answer_question(
        actor=lead,
        question=asked,
        answer="Yes: TUPE may apply to up to 38 staff of the current providers. Anonymised "
        "employee information is now in the data room for every invited supplier.",
        confirm_anonymised=True,
    )

    for index, name in enumerate(STAFFS_TENDERS):
        price = STAFFS_TENDERS[name]
        yield at(working_day_before(days.deadline_day, 4 - index), 10 + index, 45)
        criteria = evaluation_selectors.quality_criteria(procurement)
        answers = staffs_answers(name)
        tendering.submit_tender(
            actor=cast.bid(name),
            procurement=procurement,
            supplier=cast.org(name),
            price=price,
            answers={c.pk: text for c, text in zip(criteria, answers, strict=True)},
            line_items=[
                {"description": line, "amount": f"{D(price) * share:.2f}"}
                for line, share in STAFFS_PRICE_LINES
            ],
            files=[
                UploadedDocument(
                    f"{short_name(name)} transition plan.txt",
                    f"{name}: transition plan for the Staffordshire strategic IT partnership\n\n"
                    f"{answers[0]}\n".encode(),
                )
            ],
        )

    yield at(days.deadline_day, 12)
    procurements.close_tendering(procurement=procurement)
    yield at(days.deadline_day, 13, 30)
    tendering.confirm_opening(actor=lead, procurement=procurement)
    yield at(days.deadline_day, 13, 50)
    tendering.confirm_opening(actor=head, procurement=procurement)


def evaluate(cast: Cast, days: SimpleNamespace, procurement: Procurement) -> Story:
    """Two evaluators score independently, the panel moderates, one officer proposes the award
    and another approves it."""
    lead, head = cast("staffs.buyer2"), cast("staffs.buyer")
    evaluator1, evaluator2 = cast("staffs.evaluator"), cast("staffs.evaluator2")

    yield at(days.deadline_day, 15)
    for evaluator in (evaluator1, evaluator2):
        evaluation.assign_evaluator(actor=lead, procurement=procurement, evaluator=evaluator)

    yield at(days.declared_day, 9, 30)
    for evaluator in (evaluator1, evaluator2):
        evaluation.declare_conflicts(actor=evaluator, procurement=procurement, has_conflict=False)

    tenders = tenders_by_supplier(procurement)
    for day, evaluator, marks in (
        (days.e1_day, evaluator1, STAFFS_EVALUATOR1),
        (days.e2_day, evaluator2, STAFFS_EVALUATOR2),
    ):
        for index, name in enumerate(marks):
            yield at(day, 10 + index, 0)
            score_tender(procurement, evaluator, tenders[name], marks[name], STAFFS_REASONS)
        yield at(day, 16, 15)
        evaluation.submit_scores(actor=evaluator, procurement=procurement)

    yield at(days.moderated_day, 10)
    criteria = evaluation_selectors.quality_criteria(procurement)
    for name, agreed in STAFFS_CONSENSUS.items():
        scores = []
        for c, score, first, second in zip(
            criteria, agreed, STAFFS_EVALUATOR1[name], STAFFS_EVALUATOR2[name], strict=True
        ):
            rationale = justification(STAFFS_REASONS[c.position], score)
            if first != second:
                rationale += (
                    f" The evaluators scored {first} and {second}; the panel agreed {score} "
                    "after reviewing the evidence in the tender together."
                )
            scores.append(ScoreInput(c.pk, score, rationale))
        evaluation.record_consensus_scores(
            actor=lead, procurement=procurement, tender_id=tenders[name].tender_id, scores=scores
        )

    yield at(days.proposed_day, 16)
    evaluation.propose_award(actor=lead, procurement=procurement)
    yield at(days.approved_day, 11, 30)
    evaluation.approve_award(actor=head, procurement=procurement)


def award(cast: Cast, days: SimpleNamespace, procurement: Procurement) -> Story:
    """The assessment summaries (s.50) and the contract award notice, which starts the standstill
    period (s.51)."""
    lead = cast("staffs.buyer2")

    yield at(days.summaries_day, 15)
    evaluation.send_assessment_summaries(actor=lead, procurement=procurement)
    yield at(days.notice_day, 10)
    on_find_a_tender(evaluation.publish_award_notice(actor=lead, procurement=procurement), lead)


def staffordshire_partner(cast: Cast, today: date) -> Story:
    """Scenario 3, stage by stage, up to the standstill period today."""
    days = staffs_days(today)
    procurement = yield from prepare(cast, days)
    participants = yield from gather_requests(cast, days, procurement)
    yield from select(cast, days, procurement, participants)
    yield from tender(cast, days, procurement)
    yield from evaluate(cast, days, procurement)
    yield from award(cast, days, procurement)


def describe_staffordshire(procurement: Procurement) -> list[str]:
    decision = evaluation_selectors.approved_decision(procurement)
    if decision is None:
        return []
    winners = ", ".join(
        p.supplier.name for p in evaluation_selectors.preferred_suppliers(procurement)
    )
    lines = [f"Award to {winners}; assessment summaries sent to every tenderer."]
    if decision.standstill_last_day:
        lines.append(
            f"Standstill ends {format_date(decision.standstill_last_day)}; the contract may be "
            f"entered into from {format_date(decision.earliest_entry_date)}."
        )
    lines.append(
        "Try: staffs.buyer follows the award; keystone.bid and the other tenderers read their "
        "assessment summaries; castlegate.bid reads why it was not shortlisted."
    )
    return lines
