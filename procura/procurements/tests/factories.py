"""Procurements for tests, made straight in the database (not audited), ready to publish.

`MetFrameworkFactory()` is the Metropolitan Police Service's VAR framework from the reference
scenarios (docs/scenarios.md): £252m including VAT, a competitive flexible procedure, up to
7 shortlisted, 2 framework suppliers, 24 months + 12 + 12, award criteria adding up to 100% and a
conflicts assessment, with deadlines that meet s.54 whenever "now" is. Traits give the
Staffordshire strategic partnership (`staffordshire=True`) and an open procedure
(`open_procedure=True`). When a test is about the audit trail, publish with the services.
"""

import hashlib
from datetime import datetime, time, timedelta
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from procura.accounts.states import OrganisationKind, Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.core import clock
from procura.notices import ocds
from procura.participation.models import Agreement
from procura.participation.states import REQUIRED_AGREEMENTS
from procura.procurements.models import (
    AwardCriterion,
    Clarification,
    ConflictsAssessment,
    Lot,
    Procurement,
)
from procura.procurements.states import CriterionKind, Procedure

MET_CRITERIA = [
    (CriterionKind.QUALITY, "Technical and service delivery", Decimal("50")),
    (CriterionKind.QUALITY, "Continuity and scalability of supply", Decimal("10")),
    (CriterionKind.QUALITY, "Social value", Decimal("10")),
    (CriterionKind.PRICE, "Price", Decimal("30")),
]
STAFFORDSHIRE_PARTICIPANTS = [
    "Staffordshire Commissioner Fire and Rescue Authority",
    "Stoke-on-Trent City Council",
    "Staffordshire County Council",
    "Staffordshire Moorlands District Council",
]


NO_LOTS_REASONS = (
    "One reseller across hardware, software and support keeps the force's technology "
    "interoperable and supported end to end; lots would split that accountability."
)


def at_noon_in(days: int) -> datetime:
    """Midday UK time, `days` days after today (UK date)."""
    return datetime.combine(clock.today() + timedelta(days=days), time(12), tzinfo=clock.LONDON)


class MetAuthorityFactory(OrganisationFactory):
    class Meta:
        django_get_or_create = ("name",)

    name = "Metropolitan Police Service"
    identifier = "PMPS-4721-LNDN"
    ppon = "PMPS-4721-LNDN"
    street_address = "New Scotland Yard, Victoria Embankment"
    locality = "London"
    postcode = "SW1A 2JL"
    region = "UKI32"
    email = "commercial@met.police.example"


class StaffordshireAuthorityFactory(OrganisationFactory):
    class Meta:
        django_get_or_create = ("name",)

    name = "Police and Crime Commissioner for Staffordshire"
    identifier = "PSTF-8830-PCCS"
    ppon = "PSTF-8830-PCCS"
    street_address = "Block 9, Weston Road"
    locality = "Stafford"
    postcode = "ST18 0YY"
    region = "UKG24"


class ParticipantOrganisationFactory(OrganisationFactory):
    class Meta:
        django_get_or_create = ("name",)

    kind = OrganisationKind.PARTICIPANT


def participant_organisations():
    """The four Staffordshire partner bodies named in the tender (made once per test)."""
    return [ParticipantOrganisationFactory(name=name) for name in STAFFORDSHIRE_PARTICIPANTS]


class MetFrameworkFactory(DjangoModelFactory):
    """A ready-to-publish draft: the Met's £252m two-supplier VAR framework."""

    class Meta:
        model = Procurement
        skip_postgeneration_save = True

    class Params:
        staffordshire = factory.Trait(
            authority=factory.SubFactory(StaffordshireAuthorityFactory),
            title="Strategic IT partner",
            description=(
                "A strategic IT partner to improve the capacity and capability of existing IT "
                "services and deliver a new target IT environment, for up to 10 years."
            ),
            cpv_codes=["72000000", "72500000"],
            estimated_value_excl_vat=Decimal("375000000.00"),
            estimated_value_incl_vat=Decimal("450000000.00"),
            is_framework=False,
            max_framework_suppliers=None,
            framework_term_months=None,
            extension_options_months=[],
            call_off_process="",
            contract_term_months=120,
            value_range_min_incl_vat=Decimal("150000000.00"),
            value_range_max_incl_vat=Decimal("450000000.00"),
            max_shortlist=5,
            shortlisting_criteria="The five highest-scoring suppliers against the conditions of "
            "participation (technical capability 60%, relevant experience 40%).",
        )
        open_procedure = factory.Trait(
            title="Mobile device management software",
            description="Licences and support for mobile device management for 46,000 devices.",
            cpv_codes=["48000000"],
            procedure=Procedure.OPEN,
            estimated_value_excl_vat=Decimal("2000000.00"),
            estimated_value_incl_vat=Decimal("2400000.00"),
            is_framework=False,
            max_framework_suppliers=None,
            framework_term_months=None,
            extension_options_months=[],
            call_off_process="",
            contract_term_months=36,
            max_shortlist=None,
            shortlisting_criteria="",
            participation_deadline=None,
            tender_deadline=factory.LazyFunction(lambda: at_noon_in(40)),
        )

    authority = factory.SubFactory(MetAuthorityFactory)
    reference = factory.Sequence(lambda n: f"TST-{n:05d}")
    ocid = factory.LazyAttribute(lambda p: f"{ocds.OCID_PREFIX}{p.reference.lower()}")
    title = "Value-added reseller framework"
    description = (
        "The full range of technology hardware and software the force commonly uses, with "
        "associated support services and, where required, minor works, through call-offs."
    )
    cpv_codes = factory.LazyFunction(lambda: ["30200000", "48000000", "72000000"])
    procedure = Procedure.COMPETITIVE_FLEXIBLE
    estimated_value_excl_vat = Decimal("210000000.00")
    estimated_value_incl_vat = Decimal("252000000.00")
    is_framework = True
    max_framework_suppliers = 2
    framework_term_months = 24
    extension_options_months = factory.LazyFunction(lambda: [12, 12])
    call_off_process = "Direct award by a ranked cascade, or a mini-competition between the two."
    max_shortlist = 7
    shortlisting_criteria = (
        "The seven highest-scoring suppliers against the questionnaire and financial information."
    )
    participation_deadline = factory.LazyFunction(lambda: at_noon_in(30))
    tender_deadline = factory.LazyFunction(lambda: at_noon_in(75))
    # Only a competitive flexible procedure pre-selects suppliers (s.54(5)); anyone may tender
    # in an open procedure (s.20(2)(a)).
    tendering_facts = factory.LazyAttribute(
        lambda p: {
            "electronic_submission": True,
            "all_documents_at_notice": True,
            **(
                {"preselected_suppliers_only": True}
                if p.procedure == Procedure.COMPETITIVE_FLEXIBLE
                else {}
            ),
        }
    )
    no_lots_reasons = NO_LOTS_REASONS
    created_by = factory.LazyAttribute(lambda p: member(p.authority, Role.BUYER))
    created_at = factory.LazyFunction(clock.now)

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if extracted is not None:
            self.participants.set(extracted)
        elif not self.is_framework and self.value_range_max_incl_vat is not None:
            self.participants.set(participant_organisations())

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        rows = MET_CRITERIA if extracted is None else extracted
        AwardCriterion.objects.bulk_create(
            AwardCriterion(procurement=self, kind=kind, title=title, weight=weight, position=i)
            for i, (kind, title, weight) in enumerate(rows)
        )

    @factory.post_generation
    def conflicts_assessment(self, create, extracted, **kwargs):
        if extracted is False:
            return
        now = clock.now()
        ConflictsAssessment.objects.create(
            procurement=self,
            summary=extracted
            if isinstance(extracted, str)
            else "No conflicts identified. Every panel member declared their interests.",
            prepared_by=self.created_by,
            prepared_at=now,
            last_revised_at=now,
        )

    @factory.post_generation
    def agreements(self, create, extracted, **kwargs):
        """The NDA and ethical walls agreements, issued (straight in the database): a draft
        that keeps its documents behind them is ready to publish only once both are issued.
        `agreements=False`: none issued."""
        if extracted is False:
            return
        for kind in REQUIRED_AGREEMENTS:
            text = f"The supplier agrees to the {kind.label.lower()}."
            Agreement.objects.create(
                procurement=self,
                kind=kind,
                version=1,
                title=kind.label,
                text=text,
                sha256=hashlib.sha256(text.encode()).hexdigest(),
                created_at=clock.now(),
                created_by=self.created_by,
            )


def buyer_of(procurement: Procurement):
    """Another buyer of the procurement's authority."""
    return member(procurement.authority, Role.BUYER)


def clarification(procurement: Procurement, **fields) -> Clarification:
    fields.setdefault("question", "Is refurbished hardware acceptable?")
    fields.setdefault("answer", "No: every device must be new.")
    fields.setdefault("published_at", clock.now())
    fields.setdefault("published_by", procurement.created_by)
    return Clarification.objects.create(procurement=procurement, **fields)


# Two lots of the Met's framework: hardware and software, each with up to 2 suppliers.
MET_LOTS = [
    ("1", "Hardware", "End-user devices, peripherals, data-centre and network equipment.",
     Decimal("140000000.00"), Decimal("168000000.00")),
    ("2", "Software", "Software licences, subscriptions and their support.",
     Decimal("70000000.00"), Decimal("84000000.00")),
]  # fmt: skip


def with_lots(procurement: Procurement, lots=MET_LOTS, **limits) -> list[Lot]:
    """Divide a draft into lots straight in the database (not audited): (number, title,
    description, value excluding VAT, value including VAT) each; `limits` sets
    max_lots_bid_per_supplier / max_lots_awarded_per_supplier. The s.18 reasons for not
    dividing are cleared."""
    Lot.objects.bulk_create(
        Lot(
            procurement=procurement,
            number=number,
            title=title,
            description=description,
            estimated_value_excl_vat=excl,
            estimated_value_incl_vat=incl,
            position=position,
        )
        for position, (number, title, description, excl, incl) in enumerate(lots)
    )
    procurement.no_lots_reasons = ""
    for name, value in limits.items():
        setattr(procurement, name, value)
    procurement.save()
    return list(procurement.lots.all())
