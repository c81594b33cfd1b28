"""Organisations, the people who work for them, and the roles those people hold."""

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models

from .states import AuthorityType, IdentifierScheme, OrganisationKind, Role, SupplierScale


class Organisation(models.Model):
    """A legal body on the platform: a contracting authority, a participant or a supplier.

    Identified as Find a Tender identifies parties: a scheme (`GB-PPON`, `GB-COH`, ...) and an
    identifier within it; `party_id` joins them (e.g. `GB-PPON-MPSX-1234-POLC`). Every
    organisation also carries its PPON when it has one.
    """

    name = models.CharField(max_length=300, unique=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    identifier_scheme = models.CharField(max_length=20, choices=IdentifierScheme.choices)
    identifier = models.CharField(max_length=60)
    ppon = models.CharField("PPON", max_length=40, blank=True, help_text="e.g. PMZV-3532-XWTN")
    authority_type = models.CharField(
        max_length=40,
        choices=AuthorityType.choices,
        blank=True,
        help_text="For contracting authorities and participants (UK_CA_TYPE).",
    )
    scale = models.CharField(max_length=10, choices=SupplierScale.choices, blank=True)
    vcse = models.BooleanField("VCSE", default=False)
    street_address = models.CharField(max_length=300, blank=True)
    locality = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    region = models.CharField(max_length=10, blank=True, help_text="ITL code, e.g. UKI32")
    country = models.CharField(max_length=2, default="GB")
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    trading_names = models.JSONField(
        default=list,
        blank=True,
        help_text='Names it trades under besides its legal name, e.g. ["Lanthorn"]',
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["identifier_scheme", "identifier"], name="organisation_identifier_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def party_id(self) -> str:
        return f"{self.identifier_scheme}-{self.identifier}"

    @property
    def is_supplier(self) -> bool:
        return self.kind == OrganisationKind.SUPPLIER


class User(AbstractUser):
    """A person who signs in. Belongs to organisations through `Membership` rows, one per role."""

    job_title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """One role that one person holds in one organisation. Several rows = several roles."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField()

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class ApiToken(models.Model):
    """A bearer token for an API client, acting as `user`. Only the SHA-256 of it is stored."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise it.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()


class AuthoritySettings(models.Model):
    """A contracting authority's switches for Procura's house rules: checks that are Procura's
    policy, not the law, each on by default (no record: all on). Changed by the authority's
    buyers through `accounts.services.update_authority_settings`."""

    authority = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="house_rules"
    )
    require_shortlist_limit = models.BooleanField(
        default=True,
        help_text="A competitive flexible procedure states a maximum shortlist and its criteria "
        "(the law requires them only where numbers are limited, reg 19(2)(d))",
    )
    require_framework_maximum = models.BooleanField(
        default=True,
        help_text="A framework states its maximum number of suppliers (reg 20(2) allows none)",
    )
    require_weights_total_100 = models.BooleanField(
        default=True,
        help_text="Award criteria weights add up to 100% (s.23(3)(b) also allows ranking or "
        "another description)",
    )
    require_single_price_criterion = models.BooleanField(
        default=True, help_text="At most one price criterion"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"House rules of {self.authority}"
