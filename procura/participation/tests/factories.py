"""Procurements, suppliers and participants for the participation tests.

`ProcurementFactory` writes straight to the database (not audited) in any status; everything
about participation is made through the services, so it is on the audit trail exactly as in
life. The tendering and evaluation apps may use `admitted_participant` and `invited_participant`
to get a supplier through the gate.
"""

from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from procura.accounts.models import Organisation, User
from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, UserFactory, member
from procura.core import clock
from procura.participation import services
from procura.participation.models import Participant, Question
from procura.participation.states import AgreementKind, QuestionKind
from procura.procurements.models import Procurement
from procura.procurements.states import Procedure, Status

NDA_TEXT = "The supplier shall keep every procurement document confidential."
WALLS_TEXT = "The supplier shall keep its bid team apart from any adviser to the authority."


class ProcurementFactory(DjangoModelFactory):
    """The Met's VAR framework by competitive flexible procedure, open for requests to
    participate until 30 days from now, with a shortlist of at most 7."""

    class Meta:
        model = Procurement

    authority = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"PRC-2027-{n + 1:04d}")
    ocid = factory.LazyAttribute(lambda p: f"ocds-test-{p.reference.lower()}")
    title = "Value-added reseller framework"
    description = "Technology hardware and software with support services."
    cpv_codes = factory.LazyFunction(lambda: ["30200000"])
    procedure = Procedure.COMPETITIVE_FLEXIBLE
    estimated_value_excl_vat = Decimal("210000000.00")
    estimated_value_incl_vat = Decimal("252000000.00")
    is_framework = True
    max_framework_suppliers = 2
    framework_term_months = 24
    extension_options_months = factory.LazyFunction(lambda: [12, 12])
    max_shortlist = 7
    shortlisting_criteria = "The seven highest total scores among suppliers that pass."
    participation_deadline = factory.LazyFunction(lambda: clock.now() + timedelta(days=30))
    tendering_facts = factory.LazyFunction(
        lambda: {"electronic_submission": True, "all_documents_at_notice": True}
    )
    status = Status.PARTICIPATION_OPEN
    created_by = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(clock.now)
    published_at = factory.LazyFunction(clock.now)

    class Params:
        draft = factory.Trait(status=Status.DRAFT, published_at=None)
        open_procedure = factory.Trait(
            procedure=Procedure.OPEN,
            status=Status.TENDERING_OPEN,
            max_shortlist=None,
            shortlisting_criteria="",
            participation_deadline=None,
            tender_deadline=factory.LazyFunction(lambda: clock.now() + timedelta(days=40)),
            tendering_opened_at=factory.LazyFunction(clock.now),
        )


class QuestionFactory(DjangoModelFactory):
    """A pass/fail question unless `kind` says otherwise (made directly, not audited)."""

    class Meta:
        model = Question

    procurement = factory.SubFactory(ProcurementFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = QuestionKind.PASS_FAIL
    text = factory.Sequence(lambda n: f"Question {n + 1}: describe your capability.")
    max_score = None


def buyer_of(authority: Organisation, **user_fields) -> User:
    return member(authority, Role.BUYER, **user_fields)


def supplier(name: str | None = None) -> tuple[Organisation, User]:
    """A supplier organisation and its bid manager."""
    fields = {"name": name} if name else {}
    organisation = OrganisationFactory(supplier=True, **fields)
    return organisation, member(organisation, Role.SUPPLIER_BID_MANAGER)


def standard_questions(procurement: Procurement) -> list[Question]:
    """Three questions: pass/fail, scored out of 10, and a file (a certificate)."""
    return [
        QuestionFactory(
            procurement=procurement,
            position=1,
            kind=QuestionKind.PASS_FAIL,
            text="Do you hold Cyber Essentials Plus?",
        ),
        QuestionFactory(
            procurement=procurement,
            position=2,
            kind=QuestionKind.SCORED,
            max_score=10,
            text="Describe how you will keep continuity of supply.",
        ),
        QuestionFactory(
            procurement=procurement,
            position=3,
            kind=QuestionKind.FILE,
            text="Upload your ISO 27001 certificate.",
        ),
    ]


def issue_agreements(procurement: Procurement, buyer: User) -> dict:
    """Version 1 of the NDA and of the ethical walls agreement."""
    return {
        AgreementKind.NDA: services.issue_agreement(
            actor=buyer,
            procurement=procurement,
            kind=AgreementKind.NDA,
            title="Non-disclosure agreement",
            text=NDA_TEXT,
        ),
        AgreementKind.ETHICAL_WALLS: services.issue_agreement(
            actor=buyer,
            procurement=procurement,
            kind=AgreementKind.ETHICAL_WALLS,
            title="Ethical walls agreement",
            text=WALLS_TEXT,
        ),
    }


def interested_participant(procurement: Procurement, organisation, user) -> Participant:
    return services.express_interest(actor=user, procurement=procurement, supplier=organisation)


def accept_current_agreements(participant: Participant, user: User) -> Participant:
    from procura.participation import selectors

    for agreement in selectors.current_agreements(participant.procurement).values():
        services.accept_agreement(actor=user, participant=participant, agreement=agreement)
    participant.refresh_from_db()
    return participant


def admitted_participant(procurement: Procurement, organisation, user) -> Participant:
    """Interest expressed and the current version of every agreement accepted (the buyer must
    have issued them: `issue_agreements`)."""
    participant = interested_participant(procurement, organisation, user)
    return accept_current_agreements(participant, user)


def a_file(
    name: str = "certificate.pdf", content: bytes = b"%PDF-1.4 certificate"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def complete_answers(participant: Participant, user: User, *, turnover="12500000.00"):
    """Save an answer to every question, the annual turnover and the accounts."""
    questions = list(Question.objects.filter(procurement=participant.procurement))
    return services.save_response(
        actor=user,
        participant=participant,
        answers={
            q.pk: f"Our answer to question {q.position}."
            for q in questions
            if q.kind != QuestionKind.FILE
        },
        files={q.pk: a_file() for q in questions if q.kind == QuestionKind.FILE},
        annual_turnover=Decimal(turnover),
        financial_information="Three years of filed accounts.",
        financial_evidence=a_file("accounts.pdf", b"%PDF-1.4 accounts"),
    )


def submitted_participant(procurement: Procurement, organisation, user) -> Participant:
    participant = admitted_participant(procurement, organisation, user)
    complete_answers(participant, user)
    services.submit_response(actor=user, participant=participant)
    participant.refresh_from_db()
    return participant


def close_participation(procurement: Procurement) -> Procurement:
    """Move past the deadline the way the scheduled job does (procurements.services)."""
    from procura.procurements import services as procurement_services

    procurement.participation_deadline = clock.now() - timedelta(seconds=1)
    procurement.save(update_fields=["participation_deadline"])
    procurement_services.close_participation(procurement=procurement)
    procurement.refresh_from_db()
    return procurement
