"""A small Met procurement, open for requests to participate: digital forensics software.

Published a few working days ago; three suppliers have made a start, so that a demo supplier
(albion.bid, brightwell.bid) can try the gate (express interest, accept the NDA and the ethical
walls agreement) and a request to participate for themselves.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from procura.core import clock
from procura.participation import selectors as participation_selectors
from procura.participation import services as participation
from procura.participation.states import QuestionKind
from procura.procurements import services as procurements
from procura.procurements.models import Procurement
from procura.procurements.states import Procedure

from .steps import (
    MPS,
    Cast,
    D,
    Story,
    at,
    draft_with_gate,
    on_find_a_tender,
    pass_gate,
    price_criterion,
    quality,
    question,
    working_day_before,
)

FORENSICS_TITLE = "Digital forensics software licences and support"


def forensics_days(today: date) -> SimpleNamespace:
    """The days of the story, counted back from today so that suppliers started expressing
    interest yesterday and requests to participate close about a month from now."""
    interest_day = working_day_before(today, 1)
    published_day = working_day_before(interest_day, 2)
    drafted_day = working_day_before(published_day, 5)
    deadline_day = working_day_before(published_day + timedelta(days=33))
    return SimpleNamespace(**locals())


def prepare(cast: Cast, days: SimpleNamespace) -> Generator[datetime, None, Procurement]:
    """The draft with its gate, and the conflicts assessment before publication (s.83)."""
    buyer = cast("mps.buyer2")

    yield at(days.drafted_day, 14)
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
        participation_deadline=at(days.deadline_day, 12),
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
    return procurement


def open_for_requests(cast: Cast, days: SimpleNamespace, procurement: Procurement) -> Story:
    """Publication, and three suppliers making a start: one interested, two through the gate,
    one of those part-way through its request to participate."""
    buyer = cast("mps.buyer2")

    yield at(days.published_day, 10)
    on_find_a_tender(
        procurements.publish_tender_notice(actor=buyer, procurement=procurement), buyer
    )

    yield at(days.interest_day, 9, 40)
    participation.express_interest(
        actor=cast.bid("Fernhill Networks Ltd"),
        procurement=procurement,
        supplier=cast.org("Fernhill Networks Ltd"),
    )
    yield at(days.interest_day, 11, 5)
    pass_gate(procurement, cast.org("Lanthorn Partners LLP"), cast.bid("Lanthorn Partners LLP"))
    yield at(days.interest_day, 14, 20)
    harbourline = pass_gate(
        procurement, cast.org("Harbourline Services Ltd"), cast.bid("Harbourline Services Ltd")
    )
    yield at(days.interest_day, 16, 45)
    first_question = participation_selectors.questions_of(procurement)[0]
    participation.save_response(
        actor=cast.bid("Harbourline Services Ltd"),
        participant=harbourline,
        answers={
            first_question.pk: "Yes. Our software is validated to ISO/IEC 17025 at two UK "
            "forces; the validation packs are in appendix 1."
        },
    )


def met_forensics(cast: Cast, today: date) -> Story:
    """The small Met procurement, up to requests to participate open today."""
    days = forensics_days(today)
    procurement = yield from prepare(cast, days)
    yield from open_for_requests(cast, days, procurement)


def describe_forensics(procurement: Procurement) -> list[str]:
    if procurement.participation_deadline is None:
        return []
    return [
        "Requests to participate close at "
        f"{clock.format_datetime(procurement.participation_deadline)}: sign in as albion.bid "
        "or brightwell.bid to express interest and pass the NDA / ethical walls gate."
    ]
