"""What a procurement produces once the contract is entered into: a framework agreement with its
suppliers and the authorities that may call off from it (ss.45-47), or a single contract with its
supplier and the participant organisations that may use it.

Money is in pounds sterling as Decimal; dates are London calendar dates.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from procura.accounts.models import Organisation
from procura.procurements.models import Lot, Procurement

from .states import AgreementStatus

MONEY = {"max_digits": 15, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class FrameworkAgreement(models.Model):
    """A framework agreement (s.45) entered into with the winners of a procurement.

    `ceiling_incl_vat` is the framework's estimated value including VAT, the most that may be
    called off under it (treated as a ceiling; s.45(5)(c), Sch 3 para 2). The term runs from
    `start_date` to `initial_end_date` (`initial_term_months`); each of `extension_options_months`
    may extend it, to `latest_end_date` at the most (s.47). `contract_details_notice_due` is the
    last day for the contract details notice (UK7; s.53(1), reg 33). A procurement divided into
    lots (s.18) has one framework per `lot`, with that lot's suppliers and value; one that is
    not has one, with no lot.
    """

    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, related_name="framework_agreements"
    )
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    status = models.CharField(
        max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE
    )
    ceiling_incl_vat = models.DecimalField(**MONEY)
    date_signed = models.DateField()
    start_date = models.DateField()
    initial_end_date = models.DateField()
    initial_term_months = models.PositiveSmallIntegerField(null=True, blank=True)
    extension_options_months = models.JSONField(default=list, blank=True)
    latest_end_date = models.DateField(help_text="The end if every extension option is taken")
    call_off_process = models.TextField(blank=True)
    contract_details_notice_due = models.DateField(help_text="UK7 due by (s.53(1))")
    suppliers = models.ManyToManyField(Organisation, through="FrameworkSupplier", related_name="+")
    call_off_authorities = models.ManyToManyField(
        Organisation, through="CallOffAuthority", related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["-date_signed", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(initial_end_date__gte=models.F("start_date")),
                name="framework_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(latest_end_date__gte=models.F("initial_end_date")),
                name="framework_extensions_extend",
            ),
            models.UniqueConstraint(
                fields=["procurement"],
                condition=models.Q(lot__isnull=True),
                name="framework_once_per_procurement",
            ),
            models.UniqueConstraint(
                fields=["procurement", "lot"],
                condition=models.Q(lot__isnull=False),
                name="framework_once_per_lot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class FrameworkSupplier(models.Model):
    """A supplier party to a framework, with the rank its tender achieved."""

    framework = models.ForeignKey(
        FrameworkAgreement, on_delete=models.PROTECT, related_name="framework_suppliers"
    )
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField()
    tender_id = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["framework", "rank", "supplier__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "supplier"], name="framework_supplier_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.supplier} on {self.framework.reference}"


class CallOffAuthority(models.Model):
    """A contracting authority entitled to award contracts under a framework (s.45(5)(f)): the
    buyer that set it up and each authority named in the tender notice."""

    framework = models.ForeignKey(
        FrameworkAgreement, on_delete=models.PROTECT, related_name="call_off_entitlements"
    )
    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["framework", "authority__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "authority"], name="call_off_authority_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority} may call off {self.framework.reference}"


class Contract(models.Model):
    """A public contract (not a framework) entered into with the winner of a procurement.

    `awarded_price_excl_vat` is the winning tender's price. The value may range from
    `value_range_min_incl_vat` to `value_range_max_incl_vat` depending on which participant
    organisations (`participants`, named in the tender) join and use it; `estimated_value_incl_vat`
    is the procurement's estimate over the whole term with all options (Sch 3). The contract runs
    from `start_date` to `end_date`. `contract_details_notice_due` is the last day for the UK7
    (s.53(1)). A procurement divided into lots (s.18) has one contract per `lot`, with the lot's
    winner and value; one that is not has one, with no lot.
    """

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="contracts")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    status = models.CharField(
        max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE
    )
    awarded_price_excl_vat = models.DecimalField(**MONEY)
    estimated_value_incl_vat = models.DecimalField(**MONEY)
    value_range_min_incl_vat = models.DecimalField(null=True, blank=True, **MONEY)
    value_range_max_incl_vat = models.DecimalField(null=True, blank=True, **MONEY)
    date_signed = models.DateField()
    start_date = models.DateField()
    end_date = models.DateField()
    term_months = models.PositiveSmallIntegerField(null=True, blank=True)
    contract_details_notice_due = models.DateField(help_text="UK7 due by (s.53(1))")
    participants = models.ManyToManyField(
        Organisation, through="ContractParticipant", related_name="+", blank=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["-date_signed", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="contract_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["procurement"],
                condition=models.Q(lot__isnull=True),
                name="contract_once_per_procurement",
            ),
            models.UniqueConstraint(
                fields=["procurement", "lot"],
                condition=models.Q(lot__isnull=False),
                name="contract_once_per_lot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class ContractParticipant(models.Model):
    """A participant organisation named in the tender that may join and use the contract."""

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="contract_participants"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["contract", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "organisation"], name="contract_participant_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} may use {self.contract.reference}"
