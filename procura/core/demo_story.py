"""The demo story: the reference scenarios (docs/scenarios.md), played through the services.

`seed_demo` calls `play()` after it has made the demo organisations and people. Each scenario is
a generator: it yields the moment of its next step, and the code after the `yield` is that step,
run inside `clock.travel(moment)` so that every deadline, notice, receipt and audit event carries
its story time. `play()` runs the steps of every scenario in time order, interleaved, and seed_demo
makes the people first, at `world_begins`, so that on a fresh database the whole audit trail reads
forwards in time like a real one.

Dates are relative to the real today, so the stages stay true whenever the demo is loaded: the Met
framework has just had its tenders opened and is part-way through evaluation; the Staffordshire
contract was awarded two working days ago and is in its standstill period; a small Met
procurement is open for requests to participate, so that a supplier can try the gate.

Why here and not in an app: the story crosses every app (procurements, participation, tendering,
evaluation, notices), so it belongs to none of them. Only the `seed_demo` command and the tests
import it, never another module of `core`, so the layering (every app imports `core`) holds.

Figures not known publicly (prices, scores, turnovers, names of suppliers) are made up; every
supplier is fictional (accounts/demo.py).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from procura.accounts import demo
from procura.accounts.models import Organisation, User
from procura.core import clock
from procura.core.formatting import format_date
from procura.evaluation import selectors as evaluation_selectors
from procura.evaluation import services as evaluation
from procura.evaluation.services import ScoreInput
from procura.evaluation.states import AssignmentStatus
from procura.participation import selectors as participation_selectors
from procura.participation import services as participation
from procura.participation.states import (
    AgreementKind,
    AssessmentResult,
    ExclusionGround,
    ExclusionOutcome,
    ParticipantStatus,
    QuestionKind,
)
from procura.procurements import services as procurements
from procura.procurements.models import Procurement
from procura.procurements.states import CriterionKind, Procedure, Status
from procura.tendering import selectors as tendering_selectors
from procura.tendering import services as tendering
from procura.tendering.services import UploadedDocument
from procura.timescales.rules import first_working_day_on_or_after, is_working_day

Story = Iterator[datetime]
D = Decimal
MPS, STAFFS = demo.MPS, demo.STAFFS

# ---------------------------------------------------------------------------------------------
# Time: working days before today, and moments in London
# ---------------------------------------------------------------------------------------------


def working_day_before(day: date, days: int = 0) -> date:
    """The working day (s.123(1)) on or before `days` calendar days before `day`."""
    day -= timedelta(days=days)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def working_days_ago(today: date, count: int) -> date:
    """The `count`-th working day before `today` (1 = the last working day before today)."""
    day = today
    while count:
        day -= timedelta(days=1)
        count -= is_working_day(day)
    return day


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in London on `day` (aware)."""
    return datetime.combine(day, time(hour, minute), tzinfo=clock.LONDON)


def spread(days: list[date], count: int) -> list[datetime]:
    """`count` moments in office hours over `days` (the same day may be given twice: two
    days after a Thursday and three days after it are both the Monday), in time order."""
    days = sorted(set(days))
    per_day = -(-count // len(days))
    gap = 7 * 60 // per_day
    return [
        at(days[i // per_day], 9) + timedelta(minutes=13 + (i % per_day) * gap)
        for i in range(count)
    ]


def world_begins(today: date) -> datetime:
    """When the demo's organisations and people come into being: before every story step."""
    return at(working_day_before(today, 200), 8, 30)


# ---------------------------------------------------------------------------------------------
# The cast
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cast:
    """The demo's people (by username) and organisations (by name), made by seed_demo."""

    people: dict[str, User]
    organisations: dict[str, Organisation]

    @classmethod
    def load(cls) -> Cast:
        return cls(
            people={u.username: u for u in User.objects.all()},
            organisations={o.name: o for o in Organisation.objects.all()},
        )

    def __call__(self, username: str) -> User:
        return self.people[username]

    def org(self, name: str) -> Organisation:
        return self.organisations[name]

    def bid(self, supplier: str) -> User:
        """The bid manager of a demo supplier ("albion.bid" for Albion Technology ...)."""
        return self.people[demo.supplier_username(supplier)]


def text_file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def short_name(supplier: str) -> str:
    return supplier.split()[0]


SUPPLIER_TOWN = {name: locality for name, _number, locality, _region, _scale in demo.SUPPLIERS}

# ---------------------------------------------------------------------------------------------
# Shared steps
# ---------------------------------------------------------------------------------------------

NDA = """Non-disclosure agreement: {title} ({authority})

1. Confidential information means every document and any information {authority} makes \
available for this procurement, including the specification, data about its technology estate, \
the pricing schedule and information about its systems, premises and operations.
2. The supplier shall use confidential information only to prepare its request to participate \
and its tender; share it only with employees and advisers who need it for that purpose and are \
bound by equivalent obligations; and not disclose it to anyone else without written consent.
3. The supplier shall keep confidential information secure, as the Government Security \
Classifications require for OFFICIAL-SENSITIVE material, and report any loss or unauthorised \
disclosure at once.
4. When the procurement ends, or on request, the supplier shall return or securely destroy all \
confidential information and confirm in writing that it has done so.
5. These obligations last for five years after the procurement ends. This agreement is governed \
by the law of England and Wales."""

ETHICAL_WALLS = """Ethical walls agreement: {title} ({authority})

1. The supplier confirms that no member of its bid team has, in the last 24 months, advised \
{authority} on this procurement or had information about it that is not available to every \
supplier.
2. Anyone in the supplier's group, its agents or subcontractors who has worked for or advised \
{authority} on its technology in the last 24 months is kept out of the bid team behind an ethical \
wall: separate teams, no access to bid documents or systems, and a written record of who is \
behind the wall and since when.
3. The supplier shall tell {authority} at once of any actual or potential conflict of interest, \
so that it can keep its conflicts assessment under review (Procurement Act 2023 s.83).
4. {authority} may exclude a supplier that breaks this agreement where the conflict puts it at an \
unfair advantage that cannot otherwise be avoided (Procurement Act 2023 s.81)."""


def draft_with_gate(
    *, buyer: User, authority: Organisation, questions, documents, criteria, **fields
) -> Procurement:
    """A draft with its award criteria, questionnaire, agreements and documents."""
    procurement = procurements.create_procurement(actor=buyer, authority=authority, **fields)
    procurements.set_award_criteria(actor=buyer, procurement=procurement, criteria=criteria)
    participation.set_questionnaire(actor=buyer, procurement=procurement, questions=questions)
    names = {"title": procurement.title, "authority": authority.name}
    for kind, title, text in (
        (AgreementKind.NDA, "Non-disclosure agreement", NDA),
        (AgreementKind.ETHICAL_WALLS, "Ethical walls agreement", ETHICAL_WALLS),
    ):
        participation.issue_agreement(
            actor=buyer, procurement=procurement, kind=kind, title=title, text=text.format(**names)
        )
    for title, file_name, body in documents:
        participation.upload_document(
            actor=buyer,
            procurement=procurement,
            title=title,
            uploaded_file=text_file(file_name, body),
        )
    return procurement


def pass_gate(procurement: Procurement, supplier: Organisation, bid: User):
    """Express interest, then accept the current NDA and ethical walls agreement."""
    participant = participation.express_interest(
        actor=bid, procurement=procurement, supplier=supplier
    )
    for agreement in participation_selectors.current_agreements(procurement).values():
        participation.accept_agreement(actor=bid, participant=participant, agreement=agreement)
    return participant


def answer_questionnaire(participant, bid: User, answers: dict[int, str], turnover: str) -> None:
    """Save a complete request to participate: words, a certificate file and the accounts."""
    supplier = participant.supplier.name
    questions = participation_selectors.questions_of(participant.procurement)
    participation.save_response(
        actor=bid,
        participant=participant,
        answers={q.pk: answers[q.position] for q in questions if q.kind != QuestionKind.FILE},
        files={
            q.pk: text_file(
                f"{short_name(supplier)} ISO 27001 certificate.txt",
                f"Certificate of registration: {supplier}\nStandard: ISO/IEC 27001:2022\n"
                "Scope: supply, configuration, support and secure disposal of IT equipment and "
                "services.\nValid until: three years from issue; annual surveillance audits.\n",
            )
            for q in questions
            if q.kind == QuestionKind.FILE
        },
        annual_turnover=D(turnover),
        financial_information=(
            f"Audited accounts for the last two financial years; turnover £{D(turnover):,.0f} in "
            "the latest year, with no going-concern qualification."
        ),
        financial_evidence=text_file(
            f"{short_name(supplier)} accounts summary.txt",
            f"{supplier}: summary of audited accounts (two years), balance sheet and cash flow.\n",
        ),
    )


def assess(participant, buyer: User, scores: tuple[int, int]) -> None:
    """Pass every pass/fail and file question and the financial information; score the rest."""
    marks, scored = [], iter(scores)
    for question in participation_selectors.questions_of(participant.procurement):
        if question.kind == QuestionKind.SCORED:
            marks.append({"question_id": question.pk, "score": next(scored)})
        else:
            marks.append({"question_id": question.pk, "result": AssessmentResult.PASS})
    participation.assess_response(
        actor=buyer,
        participant=participant,
        marks=marks,
        financial_result=AssessmentResult.PASS,
        financial_comment="Turnover and accounts meet the financial standing requirement of the "
        "procurement documents.",
    )


def shortlist(procurement: Procurement, buyer: User, totals: dict[str, int], places: int) -> None:
    """Shortlist the `places` highest totals among suppliers that submitted and are not
    excluded; every supplier is told its score and the cut-off."""
    ranked = sorted(
        (
            (totals[p.supplier.name], p)
            for p in participation_selectors.participants_for_buyer(procurement)
            if p.status == ParticipantStatus.SUBMITTED
        ),
        key=lambda pair: (-pair[0], pair[1].supplier.name),
    )
    cut_off = ranked[places - 1][0]
    maximum = sum(
        q.max_score
        for q in participation_selectors.questions_of(procurement)
        if q.kind == QuestionKind.SCORED
    )
    participation.decide_shortlist(
        actor=buyer,
        procurement=procurement,
        shortlisted={
            p.pk: f"Your score of {score} out of {maximum} on the scored questions was among the "
            f"{places} highest, and you passed every pass/fail question and the financial "
            "assessment."
            for score, p in ranked[:places]
        },
        not_shortlisted={
            p.pk: f"Your score of {score} out of {maximum} on the scored questions was not among "
            f"the {places} highest (the lowest shortlisted score was {cut_off}). You passed "
            "every pass/fail question and the financial assessment."
            for score, p in ranked[places:]
        },
    )


def quality(title: str, weight: int, description: str = "") -> dict:
    """A quality award criterion, scored 0 to 5 by the panel."""
    return {
        "kind": CriterionKind.QUALITY,
        "title": title,
        "description": description,
        "weight": D(weight),
        "max_score": 5,
    }


def price_criterion(weight: int, description: str) -> dict:
    """The price criterion, scored by the published formula (lowest price ÷ tender price)."""
    return {
        "kind": CriterionKind.PRICE,
        "title": "Price",
        "description": description,
        "weight": D(weight),
    }


def question(kind: str, text: str, *, max_score: int | None = None, guidance: str = "") -> dict:
    """A question of the conditions-of-participation questionnaire (s.22)."""
    return {"kind": kind, "text": text, "max_score": max_score, "guidance": guidance}


# Descriptors of the 0-5 scoring scale published with the award criteria.
SCALE = {
    0: "Unacceptable",
    1: "Poor",
    2: "Limited",
    3: "Satisfactory",
    4: "Good",
    5: "Excellent",
}


def justification(reasons: dict[int, str], score: int) -> str:
    return f"{SCALE[score]} ({score}): {reasons[score]}"


def score_tender(procurement, evaluator: User, tender, marks, reasons) -> None:
    criteria = evaluation_selectors.quality_criteria(procurement)
    evaluation.record_scores(
        actor=evaluator,
        procurement=procurement,
        tender_id=tender.tender_id,
        scores=[
            ScoreInput(c.pk, score, justification(reasons[c.position], score))
            for c, score in zip(criteria, marks, strict=True)
        ],
    )


def tenders_by_supplier(procurement: Procurement) -> dict[str, object]:
    return {t.supplier.name: t for t in evaluation_selectors.tenders_for_evaluation(procurement)}


# ---------------------------------------------------------------------------------------------
# 1. The Metropolitan Police Service's value-added reseller framework (scenario 1)
# ---------------------------------------------------------------------------------------------

MET_TITLE = "Value-added reseller framework for technology hardware, software and support"

MET_SUPPLIERS = [name for name, *_ in demo.SUPPLIERS[:10]]
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


def met_var_framework(cast: Cast, today: date) -> Story:
    buyer, buyer2, approver = cast("mps.buyer"), cast("mps.buyer2"), cast("mps.approver")
    evaluator1, evaluator2 = cast("mps.evaluator1"), cast("mps.evaluator2")
    mps = cast.org(MPS)

    # The days, counted back from today so that the evaluation is under way now.
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

    yield at(drafted_day, 10, 15)
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
        participation_deadline=participation_deadline,
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

    yield at(conflicts_day, 14, 30)
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

    yield at(published_day, 9, 30)
    procurements.publish_tender_notice(actor=buyer, procurement=procurement)

    # Ten resellers express interest and accept both agreements over three days.
    participants = {}
    for name, moment in zip(MET_SUPPLIERS, spread(interest_days, 10), strict=True):
        yield moment
        participants[name] = pass_gate(procurement, cast.org(name), cast.bid(name))

    yield at(clarification_day, 15, 0)
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
    for name, moment in zip(MET_SUPPLIERS, spread(submitted_days, 10), strict=True):
        yield moment
        participant = participants[name]
        turnover = MET_RESPONSES[name][1]
        answer_questionnaire(participant, cast.bid(name), met_cop_answers(name), turnover)
        participation.submit_response(actor=cast.bid(name), participant=participant)

    yield at(participation_day, 17)  # the scheduled job, at the deadline
    procurements.close_participation(procurement=procurement)

    yield at(assessed_day, 10)
    for name in MET_SUPPLIERS:
        assess(participants[name], buyer, MET_RESPONSES[name][0])

    yield at(decided_day, 11)
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
                representations_invited_on=representations_invited,
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

    yield at(shortlist_day, 14)
    shortlist(procurement, buyer, {n: sum(MET_RESPONSES[n][0]) for n in MET_SUPPLIERS}, 7)

    yield at(invited_day, 10)
    participation.invite_to_tender(
        actor=buyer, procurement=procurement, tender_deadline=tender_deadline
    )

    yield at(question_day, 16, 40)
    asked = tendering.ask_question(
        actor=cast.bid("Castlegate Digital Ltd"),
        procurement=procurement,
        supplier=cast.org("Castlegate Digital Ltd"),
        question="Should the prices of Apple devices include AppleCare for Enterprise, or should "
        "it be priced separately in the pricing schedule?",
    )

    yield at(answer_day, 11, 20)
    tendering.answer_question(
        actor=buyer,
        question=asked,
        answer="Price AppleCare for Enterprise as a separate line in tab 3 of the pricing "
        "schedule; do not include it in the device prices. The evaluated price uses the basket "
        "quantities in tab 1 only.",
    )

    # Seven tenders, sealed, in the last week before the deadline.
    for index, name in enumerate(MET_TENDERS):
        price, devices, weeks, apprentices = MET_TENDERS[name]
        yield at(working_day_before(deadline_day, 7 - index), 9 + index, 20 + index)
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

    yield at(deadline_day, 12)  # the scheduled job, at the deadline
    procurements.close_tendering(procurement=procurement)

    yield at(deadline_day, 14)
    tendering.confirm_opening(actor=buyer, procurement=procurement)
    yield at(deadline_day, 14, 25)
    tendering.confirm_opening(actor=approver, procurement=procurement)

    yield at(deadline_day, 15, 30)
    for evaluator in (evaluator1, evaluator2):
        evaluation.assign_evaluator(actor=buyer, procurement=procurement, evaluator=evaluator)

    yield at(declared_day, 9, 10)
    evaluation.declare_conflicts(actor=evaluator1, procurement=procurement, has_conflict=False)
    yield at(declared_day, 9, 45)
    evaluation.declare_conflicts(actor=evaluator2, procurement=procurement, has_conflict=False)

    tenders = tenders_by_supplier(procurement)
    names = list(MET_EVALUATOR1)
    for index, name in enumerate(names):
        day = e1_first_day if index < 4 else e1_submit_day
        yield at(day, 10 + index % 4, 15)
        score_tender(procurement, evaluator1, tenders[name], MET_EVALUATOR1[name], MET_REASONS)
    yield at(e1_submit_day, 16, 30)
    evaluation.submit_scores(actor=evaluator1, procurement=procurement)

    for index, name in enumerate(MET_EVALUATOR2):
        yield at(e2_day, 11 + index, 5)
        score_tender(procurement, evaluator2, tenders[name], MET_EVALUATOR2[name], MET_REASONS)


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


def staffordshire_partner(cast: Cast, today: date) -> Story:
    lead, head = cast("staffs.buyer2"), cast("staffs.buyer")
    evaluator1, evaluator2 = cast("staffs.evaluator"), cast("staffs.evaluator2")
    authority = cast.org(STAFFS)

    # Counted back from the award notice, published two working days before today so that
    # today falls inside the standstill period.
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

    yield at(drafted_day, 11)
    procurement = draft_with_gate(
        buyer=lead,
        authority=authority,
        participants=[cast.org(name) for name, *_ in demo.PARTICIPANTS],
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
        participation_deadline=at(participation_day, 12),
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

    yield at(conflicts_day, 15)
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

    yield at(published_day, 9, 30)
    procurements.publish_tender_notice(actor=lead, procurement=procurement)

    participants = {}
    for name, moment in zip(STAFFS_SUPPLIERS, spread(interest_days, 5), strict=True):
        yield moment
        participants[name] = pass_gate(procurement, cast.org(name), cast.bid(name))

    yield at(clarification_day, 14)
    procurements.publish_clarification(
        actor=lead,
        procurement=procurement,
        question="Will the participants' IT services transfer to the partner when the contract "
        "starts?",
        answer="No. The commissioner's services transfer at the start. Each participant may join "
        "later, when it chooses, by a participation agreement under the contract; none is "
        "committed to join. The value range in the tender notice reflects this.",
    )

    for name, moment in zip(STAFFS_SUPPLIERS, spread(submitted_days, 5), strict=True):
        yield moment
        participant = participants[name]
        turnover = STAFFS_RESPONSES[name][1]
        answer_questionnaire(participant, cast.bid(name), staffs_cop_answers(name), turnover)
        participation.submit_response(actor=cast.bid(name), participant=participant)

    yield at(participation_day, 12)
    procurements.close_participation(procurement=procurement)

    yield at(assessed_day, 10)
    for name in STAFFS_SUPPLIERS:
        assess(participants[name], lead, STAFFS_RESPONSES[name][0])

    yield at(decided_day, 10)
    for name in STAFFS_SUPPLIERS:
        participation.record_exclusion_decision(
            actor=lead, participant=participants[name], outcome=ExclusionOutcome.NOT_EXCLUDED
        )

    yield at(shortlist_day, 15)
    shortlist(procurement, lead, {n: sum(STAFFS_RESPONSES[n][0]) for n in STAFFS_SUPPLIERS}, 4)

    yield at(invited_day, 10)
    participation.invite_to_tender(
        actor=lead, procurement=procurement, tender_deadline=at(deadline_day, 12)
    )

    yield at(question_day, 13, 10)
    asked = tendering.ask_question(
        actor=cast.bid("Lanthorn Partners LLP"),
        procurement=procurement,
        supplier=cast.org("Lanthorn Partners LLP"),
        question="Is TUPE expected to apply to any staff of the current service providers?",
    )
    yield at(answer_day, 10, 30)
    tendering.answer_question(
        actor=lead,
        question=asked,
        answer="Yes: TUPE may apply to up to 38 staff of the current providers. Anonymised "
        "employee information is now in the data room for every invited supplier.",
    )

    for index, name in enumerate(STAFFS_TENDERS):
        price = STAFFS_TENDERS[name]
        yield at(working_day_before(deadline_day, 4 - index), 10 + index, 45)
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

    yield at(deadline_day, 12)
    procurements.close_tendering(procurement=procurement)
    yield at(deadline_day, 13, 30)
    tendering.confirm_opening(actor=lead, procurement=procurement)
    yield at(deadline_day, 13, 50)
    tendering.confirm_opening(actor=head, procurement=procurement)
    yield at(deadline_day, 15)
    for evaluator in (evaluator1, evaluator2):
        evaluation.assign_evaluator(actor=lead, procurement=procurement, evaluator=evaluator)

    yield at(declared_day, 9, 30)
    for evaluator in (evaluator1, evaluator2):
        evaluation.declare_conflicts(actor=evaluator, procurement=procurement, has_conflict=False)

    tenders = tenders_by_supplier(procurement)
    for day, evaluator, marks in (
        (e1_day, evaluator1, STAFFS_EVALUATOR1),
        (e2_day, evaluator2, STAFFS_EVALUATOR2),
    ):
        for index, name in enumerate(marks):
            yield at(day, 10 + index, 0)
            score_tender(procurement, evaluator, tenders[name], marks[name], STAFFS_REASONS)
        yield at(day, 16, 15)
        evaluation.submit_scores(actor=evaluator, procurement=procurement)

    yield at(moderated_day, 10)
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

    yield at(proposed_day, 16)
    evaluation.propose_award(actor=lead, procurement=procurement)
    yield at(approved_day, 11, 30)
    evaluation.approve_award(actor=head, procurement=procurement)
    yield at(summaries_day, 15)
    evaluation.send_assessment_summaries(actor=lead, procurement=procurement)
    yield at(notice_day, 10)
    evaluation.publish_award_notice(actor=lead, procurement=procurement)


# ---------------------------------------------------------------------------------------------
# 3. A small Met procurement, open for requests to participate
# ---------------------------------------------------------------------------------------------

FORENSICS_TITLE = "Digital forensics software licences and support"


def met_forensics(cast: Cast, today: date) -> Story:
    buyer = cast("mps.buyer2")
    interest_day = working_day_before(today, 1)
    published_day = working_day_before(interest_day, 2)
    drafted_day = working_day_before(published_day, 5)
    deadline_day = working_day_before(published_day + timedelta(days=33))

    yield at(drafted_day, 14)
    procurement = draft_with_gate(
        buyer=buyer,
        authority=cast.org(MPS),
        title=FORENSICS_TITLE,
        description=(
            "Licences, updates, training and support for the software the MPS Digital Forensics "
            "Service uses to extract and analyse data from mobile phones, computers and "
            "vehicles, for four years, including migration from the current tools without loss "
            "of case data, and validation to ISO/IEC 17025 as the Forensic Science Regulator's "
            "Code of Practice requires."
        ),
        cpv_codes=["48000000", "72260000", "80533100"],
        procedure=Procedure.COMPETITIVE_FLEXIBLE,
        estimated_value_excl_vat=D("4200000.00"),
        estimated_value_incl_vat=D("5040000.00"),
        is_framework=False,
        contract_term_months=48,
        max_shortlist=5,
        shortlisting_criteria=(
            "The five highest total scores on questions 2 and 3 (each out of 10) among "
            "suppliers that pass question 1 and the financial assessment."
        ),
        participation_deadline=at(deadline_day, 12),
        no_lots_reasons=(
            "Considered and not divided (s.18): the licences, migration, training and "
            "accreditation are for one suite of tools, and ISO/IEC 17025 validation covers the "
            "suite as a whole."
        ),
        tendering_facts={"electronic_submission": True, "all_documents_at_notice": True},
        criteria=[
            quality("Functionality", 40, "Extraction and analysis across the devices listed."),
            quality("Migration, training and accreditation", 15),
            quality("Support and updates", 10),
            quality("Social value", 10),
            price_criterion(
                25, "The total price over four years: lowest price ÷ tender price × 25."
            ),
        ],
        questions=[
            question(
                QuestionKind.PASS_FAIL,
                "Confirm that your software can be validated to ISO/IEC 17025 as the "
                "Forensic Science Regulator's Code of Practice requires.",
            ),
            question(
                QuestionKind.SCORED,
                "Describe two deployments of your software in a UK law enforcement "
                "digital forensics unit in the last three years.",
                max_score=10,
            ),
            question(
                QuestionKind.SCORED,
                "Describe how you would migrate case data from the current tools without "
                "breaking the chain of evidence.",
                max_score=10,
            ),
            question(QuestionKind.FILE, "Upload your ISO/IEC 27001 certificate."),
        ],
        documents=[
            (
                "Specification",
                "MPS digital forensics specification.txt",
                "Specification: digital forensics software\n\n1. Devices and data sources.\n2. "
                "Extraction and analysis functions.\n3. Migration of case data.\n4. Training "
                "and validation.\n5. Support and updates.\n",
            ),
        ],
    )
    procurements.record_conflicts_assessment(
        actor=buyer,
        procurement=procurement,
        summary=(
            "Prepared before publication (Procurement Act 2023 s.83). No member of the team has "
            "an interest in a forensics software supplier; the current tools' supplier had no "
            "part in writing the specification."
        ),
    )

    yield at(published_day, 10)
    procurements.publish_tender_notice(actor=buyer, procurement=procurement)

    yield at(interest_day, 9, 40)
    participation.express_interest(
        actor=cast.bid("Fernhill Networks Ltd"),
        procurement=procurement,
        supplier=cast.org("Fernhill Networks Ltd"),
    )
    yield at(interest_day, 11, 5)
    pass_gate(procurement, cast.org("Lanthorn Partners LLP"), cast.bid("Lanthorn Partners LLP"))
    yield at(interest_day, 14, 20)
    harbourline = pass_gate(
        procurement, cast.org("Harbourline Services Ltd"), cast.bid("Harbourline Services Ltd")
    )
    yield at(interest_day, 16, 45)
    first_question = participation_selectors.questions_of(procurement)[0]
    participation.save_response(
        actor=cast.bid("Harbourline Services Ltd"),
        participant=harbourline,
        answers={
            first_question.pk: "Yes. Our software is validated to ISO/IEC 17025 at two UK "
            "forces; the validation packs are in appendix 1."
        },
    )


# ---------------------------------------------------------------------------------------------
# Playing the stories
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    title: str
    authority: str
    story: Callable[[Cast, date], Story]
    describe: Callable[[Procurement], list[str]]


class StoryOutOfOrder(RuntimeError):
    """A story step is before the previous one, before the world began, or in the future."""


def replay(stories: list[Story], *, begins: datetime, now: datetime) -> int:
    """Run the steps of every story in time order, each inside `clock.travel(its moment)`.
    Returns the number of steps. A story's moments must move forwards, after `begins` and
    before `now`: anything else is a mistake in the story, refused before that step runs."""
    queue: list[tuple[datetime, int, Story]] = []

    def schedule(index: int, story: Story, previous: datetime) -> None:
        moment = next(story, None)
        if moment is None:
            return
        if not previous <= moment < now:
            raise StoryOutOfOrder(
                f"Story {index + 1}: the step at {clock.format_datetime(moment)} must be after "
                f"{clock.format_datetime(previous)} and before now."
            )
        heapq.heappush(queue, (moment, index, story))

    for index, story in enumerate(stories):
        schedule(index, story, begins)
    steps = 0
    while queue:
        moment, index, story = heapq.heappop(queue)
        with clock.travel(moment):
            schedule(index, story, moment)
        steps += 1
    return steps


def find(scenario: Scenario) -> Procurement | None:
    return Procurement.objects.filter(
        authority__name=scenario.authority, title=scenario.title
    ).first()


def play(*, now: datetime | None = None) -> list[Scenario]:
    """Play every scenario that is not in the database yet (found by title and authority);
    return those played. Call inside a transaction, after seed_demo made the cast."""
    now = now or clock.now()
    today = clock.local(now).date()
    pending = [s for s in SCENARIOS if find(s) is None]
    if pending:
        cast = Cast.load()
        replay(
            [s.story(cast, today) for s in pending],
            begins=world_begins(today),
            now=now,
        )
    return pending


# ---------------------------------------------------------------------------------------------
# What each scenario shows, for seed_demo's output
# ---------------------------------------------------------------------------------------------


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


def describe_forensics(procurement: Procurement) -> list[str]:
    if procurement.participation_deadline is None:
        return []
    return [
        "Requests to participate close at "
        f"{clock.format_datetime(procurement.participation_deadline)}: sign in as albion.bid "
        "or brightwell.bid to express interest and pass the NDA / ethical walls gate."
    ]


SCENARIOS = [
    Scenario(MET_TITLE, MPS, met_var_framework, describe_met),
    Scenario(STAFFS_TITLE, STAFFS, staffordshire_partner, describe_staffordshire),
    Scenario(FORENSICS_TITLE, MPS, met_forensics, describe_forensics),
]


def summary() -> list[str]:
    """Each scenario's procurement, its stage and what it shows, for people to read."""
    lines = []
    for scenario in SCENARIOS:
        procurement = find(scenario)
        if procurement is None:
            continue
        lines.append(
            f"{procurement.reference} {procurement.title} ({procurement.authority}): "
            f"{procurement.get_status_display()}"
        )
        lines.extend(f"    {line}" for line in scenario.describe(procurement))
    return lines
