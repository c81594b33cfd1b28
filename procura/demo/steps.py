"""The demo story's building blocks: moments counted back from today, the cast, and the steps
every scenario takes (a draft with its gate, passing the gate, a request to participate, an
assessment, a shortlist, a score). Each step calls the real services, so that what the demo
shows is what the service does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from procura.accounts.models import Organisation, User
from procura.core import clock
from procura.evaluation import selectors as evaluation_selectors
from procura.evaluation import services as evaluation
from procura.evaluation.services import ScoreInput
from procura.notices.services import confirm_published as publish_on_fts
from procura.participation import selectors as participation_selectors
from procura.participation import services as participation
from procura.participation.states import (
    AgreementKind,
    AssessmentResult,
    ParticipantStatus,
    QuestionKind,
)
from procura.procurements import services as procurements
from procura.procurements.models import Procurement
from procura.procurements.states import CriterionKind
from procura.timescales.rules import is_working_day

from . import people

# A scenario: it yields the moment of its next step; the code after the `yield` is that step.
Story = Iterator[datetime]
D = Decimal
MPS, STAFFS = people.MPS, people.STAFFS

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
        return self.people[people.supplier_username(supplier)]


def text_file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def short_name(supplier: str) -> str:
    return supplier.split()[0]


SUPPLIER_TOWN = {name: locality for name, _number, locality, _region, _scale in people.SUPPLIERS}

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


def on_find_a_tender(notice, actor: User) -> None:
    """The buyer records that Find a Tender published the notice now, under Procura's own
    identifier (PR 2024 reg 5; docs/adr/0012). With PROCURA_PUBLISH_AT_ONCE on, as in the demo
    and development settings, it was recorded so when prepared, and nothing more is done."""
    if not notice.publication.is_published:
        publish_on_fts(
            actor=actor, notice=notice, fts_notice_id=notice.notice_id, published_on=clock.now()
        )
