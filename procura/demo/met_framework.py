"""Scenario 1: the Metropolitan Police Service's value-added reseller framework.

A competitive flexible procedure for a two-supplier framework: ten resellers pass the gate, one
is excluded after its representations, seven are shortlisted and tender, and the panel is part-way
through evaluation today (one evaluator has submitted, the other has scored three tenders).
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from procura.evaluation import selectors as evaluation_selectors
from procura.evaluation import services as evaluation
from procura.evaluation.states import AssignmentStatus
from procura.participation import selectors as participation_selectors
from procura.participation import services as participation
from procura.participation.states import ExclusionGround, ExclusionOutcome, QuestionKind
from procura.procurements import services as procurements
from procura.procurements.models import Procurement
from procura.procurements.states import Procedure, Status
from procura.tendering import selectors as tendering_selectors
from procura.tendering import services as tendering
from procura.tendering.services import UploadedDocument
from procura.timescales.rules import first_working_day_on_or_after

from . import people
from .steps import (
    MPS,
    SUPPLIER_TOWN,
    Cast,
    D,
    Story,
    answer_questionnaire,
    assess,
    at,
    draft_with_gate,
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
)

# ---------------------------------------------------------------------------------------------
# 1. The Metropolitan Police Service's value-added reseller framework (scenario 1)
# ---------------------------------------------------------------------------------------------

MET_TITLE = "Value-added reseller framework for technology hardware, software and support"

MET_SUPPLIERS = [name for name, *_ in people.SUPPLIERS[:10]]
MET_EXCLUDED = "Juniper Vale Technology Ltd"
# Scores out of 10 on questions 2 and 3 of the questionnaire, and the annual turnover (£).
MET_RESPONSES = {
    "Albion Technology Solutions Ltd": ((8, 8), "412000000"),
    "Brightwell IT Supply Ltd": ((7, 8), "655000000"),
    "Castlegate Digital Ltd": ((8, 7), "96000000"),
    "Dunmore Systems plc": ((7, 7), "890000000"),
    "Eastbrook Computing Ltd": ((7, 6), "88000000"),
    "Fernhill Networks Ltd": ((6, 7), "74000000"),
    "Greystone Infrastructure Ltd": ((6, 6), "530000000"),
    "Harbourline Services Ltd": ((5, 5), "61000000"),
    "Ironbridge Data Ltd": ((4, 5), "58000000"),
    "Juniper Vale Technology Ltd": ((6, 6), "83000000"),
}
# The seven tenders: total evaluated price over 48 months (£ excluding VAT), the four lines of
# the pricing schedule as shares of it, and the build-centre capacity, weeks of buffer stock and
# apprenticeships each offers (for the answers).
MET_TENDERS = {
    "Albion Technology Solutions Ltd": ("204350000.00", 900, 6, 24),
    "Brightwell IT Supply Ltd": ("196800000.00", 1200, 4, 30),
    "Castlegate Digital Ltd": ("221400000.00", 650, 8, 18),
    "Dunmore Systems plc": ("212750000.00", 1500, 5, 40),
    "Eastbrook Computing Ltd": ("189900000.00", 700, 3, 12),
    "Fernhill Networks Ltd": ("228600000.00", 500, 10, 20),
    "Greystone Infrastructure Ltd": ("207300000.00", 1100, 4, 16),
}
MET_PRICE_LINES = [
    ("End-user devices: laptops, desktops, tablets, smartphones and monitors", D("0.55")),
    ("Software licences and subscriptions", D("0.25")),
    ("Data-centre, network and audio-visual equipment", D("0.12")),
    ("Support services, configuration, disposal and minor works", D("0.08")),
]
# Grace Mensah's scores (submitted) and Rob Kaur's (three tenders so far), on the four quality
# criteria in order.
MET_EVALUATOR1 = {
    "Albion Technology Solutions Ltd": (4, 4, 4, 3),
    "Brightwell IT Supply Ltd": (4, 3, 3, 4),
    "Castlegate Digital Ltd": (4, 5, 4, 3),
    "Dunmore Systems plc": (5, 4, 4, 4),
    "Eastbrook Computing Ltd": (3, 3, 3, 3),
    "Fernhill Networks Ltd": (3, 5, 4, 4),
    "Greystone Infrastructure Ltd": (4, 3, 3, 2),
}
MET_EVALUATOR2 = {
    "Albion Technology Solutions Ltd": (4, 4, 3, 3),
    "Brightwell IT Supply Ltd": (4, 4, 3, 3),
    "Castlegate Digital Ltd": (5, 4, 4, 3),
}
MET_REASONS = {  # by criterion position, then score
    0: {
        5: "full coverage of the Annex A manufacturers with partner certificates, a build centre "
        "well above our peak demand, and an ordering portal that meets every requirement in "
        "section 4 of the specification.",
        4: "full Annex A coverage and a credible build and imaging service; the portal lacks the "
        "second approval step of section 4.3, a minor gap.",
        3: "covers Annex A, but configuration capacity is only just above our average demand and "
        "the evidence for peaks is thin.",
        2: "gaps in the manufacturer coverage and little evidence of configuration capacity.",
    },
    1: {
        5: "buffer stock, two national distributors and a surge plan tested with another force, "
        "with named escalation contacts: strong assurance of continuity.",
        4: "a clear stock and distributor model and a credible surge plan; contingency for a "
        "manufacturer shortage is described but not evidenced.",
        3: "adequate stock arrangements, but the surge plan relies on a single distributor.",
        2: "limited buffer stock and no tested plan for a surge in demand.",
    },
    2: {
        5: "a named account team, every KPI in the specification reported monthly, and next-day "
        "advance replacement across London.",
        4: "a named account manager and monthly reporting against the KPIs; returns take two "
        "days rather than one.",
        3: "meets the KPIs and reporting requirements without going beyond them.",
        2: "reporting covers only some of the KPIs and the returns process is unclear.",
    },
    3: {
        5: "measurable commitments on apprenticeships for Londoners and 100% refurbishment or "
        "recycling of returned devices, with annual independent reporting.",
        4: "specific, measurable commitments on apprenticeships and e-waste, reported annually.",
        3: "reasonable commitments, but some are not measurable.",
        2: "general statements of intent with few measurable commitments.",
    },
}


def met_answers(supplier: str, devices: int, weeks: int, apprentices: int) -> list[str]:
    town = SUPPLIER_TOWN[supplier]
    return [
        f"{supplier} is an authorised partner of every manufacturer in Annex A. We configure and "
        f"image devices to the MPS gold build at our {town} build centre ({devices:,} devices a "
        "day) and give the MPS a punch-out catalogue with contract prices, two-step approval and "
        "order tracking (method statement, section 2).",
        f"We will hold {weeks} weeks of buffer stock of the MPS standard devices, buy through two "
        "national distributors, and keep a tested surge plan for 5,000 extra devices within 10 "
        "working days (section 3).",
        f"A named account manager and service desk in {town}; monthly management information "
        "against the 12 KPIs of the specification; advance replacement of faulty devices "
        "(section 4).",
        f"{apprentices} apprenticeships for London residents over the term, and refurbishment or "
        "recycling of every returned device through an accredited partner, reported each year "
        "(section 5).",
    ]


def met_days(today: date) -> SimpleNamespace:
    """The days of the Met story (e.g. `days.deadline_day`), counted back from today so that
    the evaluation is under way now."""
    e2_day = working_day_before(today, 1)
    e1_submit_day = working_day_before(e2_day, 2)
    e1_first_day = working_day_before(e1_submit_day, 2)
    declared_day = working_day_before(e1_first_day, 1)
    deadline_day = working_day_before(declared_day, 1)
    question_day = working_day_before(deadline_day, 21)
    answer_day = working_day_before(deadline_day, 18)
    invited_day = working_day_before(deadline_day, 35)
    shortlist_day = working_day_before(invited_day, 2)
    decided_day = working_day_before(shortlist_day, 1)
    representations_invited = working_day_before(decided_day, 7)
    assessed_day = working_day_before(representations_invited, 1)
    participation_day = working_day_before(assessed_day, 1)
    submitted_days = [working_day_before(participation_day, n) for n in (6, 3, 2, 1)]
    clarification_day = working_day_before(participation_day, 16)
    published_day = working_day_before(participation_day, 32)
    interest_days = [
        first_working_day_on_or_after(published_day + timedelta(days=n)) for n in (2, 3, 4)
    ]
    conflicts_day = working_day_before(published_day, 2)
    drafted_day = working_day_before(conflicts_day, 5)
    participation_deadline = at(participation_day, 17)
    tender_deadline = at(deadline_day, 12)
    return SimpleNamespace(**locals())


def prepare(cast: Cast, days: SimpleNamespace) -> Generator[datetime, None, Procurement]:
    """The draft with its criteria, questionnaire, agreements and documents; the conflicts
    assessment before publication (s.83)."""
    buyer = cast("mps.buyer")
    mps = cast.org(MPS)

    yield at(days.drafted_day, 10, 15)
    procurement = draft_with_gate(
        buyer=buyer,
        authority=mps,
        title=MET_TITLE,
        description=(
            "The full range of technology hardware and software the Metropolitan Police Service "
            "commonly uses (end-user devices, peripherals, data-centre and network equipment, "
            "and software licences) with associated support services and, where required, "
            "minor works needed to keep the force operationally ready. A framework agreement "
            "with two value-added resellers: volumes are not known in advance and are confirmed "
            "through individual call-offs by the MPS and its specialist policing units. "
            "Suppliers must scale supply with demand and keep continuity of supply."
        ),
        cpv_codes=["30200000", "48000000", "32420000", "50300000"],
        procedure=Procedure.COMPETITIVE_FLEXIBLE,
        estimated_value_excl_vat=D("210000000.00"),
        estimated_value_incl_vat=D("252000000.00"),
        is_framework=True,
        max_framework_suppliers=2,
        framework_term_months=24,
        extension_options_months=[12, 12],
        call_off_process=(
            "Orders up to £500,000 are awarded directly to the framework supplier whose "
            "catalogue price for the order is lower; larger orders by a further competition "
            "between both suppliers on price and delivery lead time (Procurement Act 2023 s.46). "
            "Only the Metropolitan Police Service may award call-offs."
        ),
        max_shortlist=7,
        shortlisting_criteria=(
            "The seven highest total scores on questions 2 and 3 of the questionnaire (each out "
            "of 10) among suppliers that pass every pass/fail question and the financial "
            "assessment and are not excluded."
        ),
        participation_deadline=days.participation_deadline,
        no_lots_reasons=(
            "Considered and not divided (s.18): each call-off mixes devices, software and "
            "support, and the force needs one reseller accountable for configuring, imaging and "
            "supporting what it supplies. Resellers already aggregate every manufacturer, and "
            "the two-supplier framework keeps competition at call-off."
        ),
        tendering_facts={"electronic_submission": True, "all_documents_at_notice": True},
        criteria=[
            quality(
                "Technical capability and product range",
                30,
                "Coverage of the Annex A manufacturers, configuration and imaging, "
                "and the ordering portal (specification section 4).",
            ),
            quality(
                "Continuity and scalability of supply",
                20,
                "Buffer stock, distributor arrangements and capacity to surge "
                "when demand rises or supply is disrupted.",
            ),
            quality(
                "Service management and support",
                10,
                "Account management, warranty and returns, management "
                "information against the KPIs.",
            ),
            quality(
                "Social value",
                10,
                "Measurable commitments on skills and apprenticeships in London "
                "and on reducing e-waste.",
            ),
            price_criterion(
                30,
                "The total price of the evaluation basket over 48 months: lowest "
                "price ÷ tender price × 30.",
            ),
        ],
        questions=[
            question(
                QuestionKind.PASS_FAIL,
                "Confirm that you are an authorised reseller of every manufacturer in "
                "Annex A of the specification, or will be before the framework starts.",
                guidance="Name any manufacturer for which you are not yet authorised.",
            ),
            question(
                QuestionKind.SCORED,
                "Describe your experience of supplying technology hardware and software "
                "to an organisation of at least 30,000 users in the last three years, with two "
                "examples.",
                max_score=10,
            ),
            question(
                QuestionKind.SCORED,
                "Describe how you will scale supply with demand and keep continuity of "
                "supply when manufacturers or logistics are disrupted.",
                max_score=10,
            ),
            question(
                QuestionKind.FILE,
                "Upload your current ISO/IEC 27001 certificate covering the services in scope.",
            ),
            question(
                QuestionKind.PASS_FAIL,
                "Confirm that everyone with access to MPS premises or data will hold Non "
                "Police Personnel Vetting level 2 (NPPV2) before they start.",
            ),
        ],
        documents=[
            (
                "Specification",
                "MPS VAR framework specification.txt",
                "Specification: value-added reseller framework\n\n1. Background: the MPS has "
                "about 46,000 staff and 70,000 end-user devices.\n2. Scope: hardware, software, "
                "support services and minor works (Annex A lists the manufacturers).\n3. "
                "Continuity of supply and surge.\n4. Ordering, configuration and imaging.\n5. "
                "Service levels and the 12 KPIs.\n6. Security and vetting (NPPV2).\n",
            ),
            (
                "Draft framework agreement and call-off terms",
                "MPS VAR draft framework agreement.txt",
                "Framework agreement (draft): term 24 months with two optional extensions of 12 "
                "months; call-off procedure (schedule 2); call-off terms (schedule 3); KPIs and "
                "service credits (schedule 4).\n",
            ),
        ],
    )

    yield at(days.conflicts_day, 14, 30)
    procurements.record_conflicts_assessment(
        actor=buyer,
        procurement=procurement,
        summary=(
            "Prepared before publication (Procurement Act 2023 s.83). The procurement team (Priya "
            "Shah, Tom Reid) and the approver (David Okafor) declared no interest in any "
            "technology reseller. Grace Mensah worked for a hardware manufacturer until 2021: no "
            "current interest; recorded and kept under review. Market engagement was an open "
            "supplier day at which every attendee received the same information; no supplier "
            "helped write the specification. Each evaluator declares any conflict before seeing "
            "the tenders, and anyone conflicted is walled off."
        ),
    )
    return procurement


def gather_requests(
    cast: Cast, days: SimpleNamespace, procurement: Procurement
) -> Generator[datetime, None, dict]:
    """Publication, ten resellers through the gate, a clarification, ten requests to participate
    and the deadline."""
    buyer, buyer2 = cast("mps.buyer"), cast("mps.buyer2")

    yield at(days.published_day, 9, 30)
    on_find_a_tender(
        procurements.publish_tender_notice(actor=buyer, procurement=procurement), buyer
    )

    # Ten resellers express interest and accept both agreements over three days.
    participants = {}
    for name, moment in zip(MET_SUPPLIERS, spread(days.interest_days, 10), strict=True):
        yield moment
        participants[name] = pass_gate(procurement, cast.org(name), cast.bid(name))

    yield at(days.clarification_day, 15, 0)
    procurements.publish_clarification(
        actor=buyer2,
        procurement=procurement,
        question="Can a supplier rely on its distributor's ISO/IEC 27001 certificate for "
        "question 4?",
        answer="No. The certificate must cover the supplier's own services in scope: ordering, "
        "configuration, logistics and support. A distributor's certificate may be added, but "
        "does not replace it.",
    )

    # Each saves its request to participate, then submits it in the last days.
    for name, moment in zip(MET_SUPPLIERS, spread(days.submitted_days, 10), strict=True):
        yield moment
        participant = participants[name]
        turnover = MET_RESPONSES[name][1]
        answer_questionnaire(participant, cast.bid(name), met_cop_answers(name), turnover)
        participation.submit_response(actor=cast.bid(name), participant=participant)

    yield at(days.participation_day, 17)  # the scheduled job, at the deadline
    procurements.close_participation(procurement=procurement)
    return participants


def select(
    cast: Cast, days: SimpleNamespace, procurement: Procurement, participants: dict
) -> Story:
    """Assessment, one exclusion after representations (s.57, Schedule 7), and the shortlist."""
    buyer = cast("mps.buyer")

    yield at(days.assessed_day, 10)
    for name in MET_SUPPLIERS:
        assess(participants[name], buyer, MET_RESPONSES[name][0])

    yield at(days.decided_day, 11)
    for name in MET_SUPPLIERS:
        if name == MET_EXCLUDED:
            participation.record_exclusion_decision(
                actor=buyer,
                participant=participants[name],
                outcome=ExclusionOutcome.EXCLUDABLE_EXCLUDED,
                ground_type=ExclusionGround.DISCRETIONARY,
                ground=(
                    "Schedule 7 paragraph 12 (breach of contract and poor performance): a "
                    "contract performance notice (UK9) published by another police force records "
                    "that its device supply contract with the supplier was terminated for "
                    "persistent failure to meet delivery times."
                ),
                representations_invited_on=days.representations_invited,
                representations=(
                    "The supplier says the failures arose from one distributor's insolvency, that "
                    "it has since added a second distributor, and that its on-time delivery for "
                    "other customers has been above 95% for the last 12 months. It sent delivery "
                    "reports for two customers."
                ),
                evidence="The UK9 notice; the other force's termination letter; the supplier's "
                "delivery reports for two customers.",
                reasons=(
                    "The contract was terminated for repeated failures on the same kind of "
                    "supply as this framework. The new distributor arrangement is recent and the "
                    "delivery reports cover far smaller volumes than the MPS needs, so the "
                    "circumstances are likely to recur. The MPS has decided to exclude the "
                    "supplier (Procurement Act 2023 s.57(2), Schedule 7 paragraph 12)."
                ),
            )
        else:
            participation.record_exclusion_decision(
                actor=buyer,
                participant=participants[name],
                outcome=ExclusionOutcome.NOT_EXCLUDED,
            )

    yield at(days.shortlist_day, 14)
    shortlist(procurement, buyer, {n: sum(MET_RESPONSES[n][0]) for n in MET_SUPPLIERS}, 7)


def tender(cast: Cast, days: SimpleNamespace, procurement: Procurement) -> Story:
    """The invitation, a supplier's question, seven sealed tenders, the deadline and the
    two-officer opening."""
    buyer, approver = cast("mps.buyer"), cast("mps.approver")

    yield at(days.invited_day, 10)
    participation.invite_to_tender(
        actor=buyer, procurement=procurement, tender_deadline=days.tender_deadline
    )

    yield at(days.question_day, 16, 40)
    asked = tendering.ask_question(
        actor=cast.bid("Castlegate Digital Ltd"),
        procurement=procurement,
        supplier=cast.org("Castlegate Digital Ltd"),
        question="Should the prices of Apple devices include AppleCare for Enterprise, or should "
        "it be priced separately in the pricing schedule?",
    )

    yield at(days.answer_day, 11, 20)
    tendering.answer_question(
        actor=buyer,
        question=asked,
        answer="Price AppleCare for Enterprise as a separate line in tab 3 of the pricing "
        "schedule; do not include it in the device prices. The evaluated price uses the basket "
        "quantities in tab 1 only.",
        confirm_anonymised=True,
    )

    # Seven tenders, sealed, in the last week before the deadline.
    for index, name in enumerate(MET_TENDERS):
        price, devices, weeks, apprentices = MET_TENDERS[name]
        yield at(working_day_before(days.deadline_day, 7 - index), 9 + index, 20 + index)
        criteria = evaluation_selectors.quality_criteria(procurement)
        answers = met_answers(name, devices, weeks, apprentices)
        tendering.submit_tender(
            actor=cast.bid(name),
            procurement=procurement,
            supplier=cast.org(name),
            price=price,
            answers={c.pk: text for c, text in zip(criteria, answers, strict=True)},
            line_items=[
                {"description": line, "amount": f"{D(price) * share:.2f}"}
                for line, share in MET_PRICE_LINES
            ],
            files=[
                UploadedDocument(
                    f"{short_name(name)} method statement.txt",
                    (
                        f"{name}: method statement for {MET_TITLE}\n\n"
                        + "\n\n".join(f"{n}. {a}" for n, a in enumerate(answers, start=2))
                    ).encode(),
                )
            ],
        )

    yield at(days.deadline_day, 12)  # the scheduled job, at the deadline
    procurements.close_tendering(procurement=procurement)

    yield at(days.deadline_day, 14)
    tendering.confirm_opening(actor=buyer, procurement=procurement)
    yield at(days.deadline_day, 14, 25)
    tendering.confirm_opening(actor=approver, procurement=procurement)


def evaluate(cast: Cast, days: SimpleNamespace, procurement: Procurement) -> Story:
    """The panel: one evaluator has submitted every score, the other has scored three tenders."""
    buyer = cast("mps.buyer")
    evaluator1, evaluator2 = cast("mps.evaluator1"), cast("mps.evaluator2")

    yield at(days.deadline_day, 15, 30)
    for evaluator in (evaluator1, evaluator2):
        evaluation.assign_evaluator(actor=buyer, procurement=procurement, evaluator=evaluator)

    yield at(days.declared_day, 9, 10)
    evaluation.declare_conflicts(actor=evaluator1, procurement=procurement, has_conflict=False)
    yield at(days.declared_day, 9, 45)
    evaluation.declare_conflicts(actor=evaluator2, procurement=procurement, has_conflict=False)

    tenders = tenders_by_supplier(procurement)
    names = list(MET_EVALUATOR1)
    for index, name in enumerate(names):
        day = days.e1_first_day if index < 4 else days.e1_submit_day
        yield at(day, 10 + index % 4, 15)
        score_tender(procurement, evaluator1, tenders[name], MET_EVALUATOR1[name], MET_REASONS)
    yield at(days.e1_submit_day, 16, 30)
    evaluation.submit_scores(actor=evaluator1, procurement=procurement)

    for index, name in enumerate(MET_EVALUATOR2):
        yield at(days.e2_day, 11 + index, 5)
        score_tender(procurement, evaluator2, tenders[name], MET_EVALUATOR2[name], MET_REASONS)


def met_var_framework(cast: Cast, today: date) -> Story:
    """Scenario 1, stage by stage, up to the evaluation under way today."""
    days = met_days(today)
    procurement = yield from prepare(cast, days)
    participants = yield from gather_requests(cast, days, procurement)
    yield from select(cast, days, procurement, participants)
    yield from tender(cast, days, procurement)
    yield from evaluate(cast, days, procurement)


def met_cop_answers(supplier: str) -> dict[int, str]:
    """The supplier's answers to the Met's questionnaire, by question position."""
    town = SUPPLIER_TOWN[supplier]
    return {
        1: f"Yes. {supplier} is an authorised reseller of every manufacturer in Annex A; the "
        "partner certificates are listed in appendix 1.",
        2: f"From our {town} operation we have supplied two organisations of this size in the "
        "last three years: a central government department (38,000 users; 21,000 laptops "
        "refreshed in 14 months) and an NHS trust group (31,000 users; a Windows 11 refresh and "
        "a new service desk). References are in appendix 2.",
        3: "Buffer stock of the standard devices, two national distributors, weekly demand "
        "forecasts agreed with the customer, and a surge plan we exercise twice a year. During "
        "the 2021 chip shortage we kept 97% of orders on time by switching models with the "
        "customer's approval.",
        5: "Yes. Our London delivery and support staff already hold NPPV2; new starters are "
        "vetted before they are given access.",
    }


def _status_counts(procurement: Procurement) -> dict[str, int]:
    counts: dict[str, int] = {}
    for participant in participation_selectors.participants_for_buyer(procurement):
        counts[participant.status] = counts.get(participant.status, 0) + 1
    return counts


def describe_met(procurement: Procurement) -> list[str]:
    counts = _status_counts(procurement)
    lines = [
        f"{sum(counts.values())} suppliers took part: {counts.get('excluded', 0)} excluded, "
        f"{counts.get('not_shortlisted', 0)} not shortlisted, {counts.get('invited', 0)} invited "
        "to tender."
    ]
    if procurement.status == Status.EVALUATION:
        opened = len(tendering_selectors.opened_tenders(procurement))
        lines.append(f"{opened} tenders opened; evaluation under way:")
        tenders = len(evaluation_selectors.tenders_for_evaluation(procurement))
        for assignment in evaluation_selectors.assignments(procurement):
            scored = len({s.tender_id for s in assignment.scores.all()})
            state = (
                "has submitted their scores"
                if assignment.status == AssignmentStatus.SUBMITTED
                else f"has scored {scored} of {tenders} tenders, not yet submitted"
            )
            lines.append(f"  {assignment.evaluator.username} ({assignment.evaluator}) {state}")
        lines.append(
            "Try: mps.evaluator2 finishes scoring; mps.buyer moderates and proposes the award; "
            "mps.approver approves it; juniper.bid reads why it was excluded."
        )
    return lines
