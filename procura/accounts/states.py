"""Kinds of organisation and the roles people hold in them. Imports nothing from the ORM."""

from django.db import models


class OrganisationKind(models.TextChoices):
    # A body that runs procurements and awards contracts (a police force, a PCC).
    CONTRACTING_AUTHORITY = "contracting_authority", "Contracting authority"
    # A public body allowed to use another authority's contracts (named in the tender).
    PARTICIPANT = "participant", "Participant organisation"
    # A company or other body that bids for and delivers contracts.
    SUPPLIER = "supplier", "Supplier"
    # The operator of this Procura service.
    PLATFORM_OPERATOR = "platform_operator", "Platform operator"


class Role(models.TextChoices):
    BUYER = "buyer", "Buyer (procurement officer)"
    APPROVER = "approver", "Approver"
    EVALUATOR = "evaluator", "Evaluator"
    CONTRACT_MANAGER = "contract_manager", "Contract manager"
    REQUISITIONER = "requisitioner", "Requisitioner"
    AUDITOR = "auditor", "Auditor"
    SUPPLIER_BID_MANAGER = "supplier_bid_manager", "Supplier bid manager"
    PLATFORM_ADMIN = "platform_admin", "Platform administrator"


class AuthorityType(models.TextChoices):
    """Find a Tender's UK_CA_TYPE classification (OCDS parties[].details.classifications)."""

    CENTRAL = "publicAuthorityCentralGovernment", "Central government authority"
    SUB_CENTRAL = "publicAuthoritySubCentralGovernment", "Sub-central government authority"
    PUBLIC_UNDERTAKING = "publicUndertaking", "Public undertaking"
    PRIVATE_UTILITY = "privateUtility", "Private utility"
    OTHER = "other", "Other"


class SupplierScale(models.TextChoices):
    SME = "sme", "Small or medium-sized enterprise"
    LARGE = "large", "Large"


class IdentifierScheme(models.TextChoices):
    """Organisation identifier registers as Find a Tender uses them (org-id.guide codes)."""

    PPON = "GB-PPON", "Public Procurement Organisation Number"
    COMPANIES_HOUSE = "GB-COH", "Companies House"
    CHARITY_COMMISSION = "GB-CHC", "Charity Commission"
