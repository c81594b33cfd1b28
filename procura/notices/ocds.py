"""Procura's notices as OCDS releases, in the shape Find a Tender publishes them.

See ../shared/ocds/FTS-SHAPE.md. Camel case lives only here, at the transparency boundary.
The schema in `schema/release-schema.json` (OCDS 1.1.5 + Find a Tender's 10 extensions) is what
the tests validate every release against.
"""

import json
from datetime import datetime, time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from procura.core import clock

from .states import DOCUMENT_TYPE, RELEASE_TAG, NoticeType

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
OCID_PREFIX = "ocds-prcura-"
LEGAL_BASIS = {
    "id": "2023/54",
    "scheme": "UKPGA",
    "uri": "https://www.legislation.gov.uk/ukpga/2023/54/contents",
}


@lru_cache(maxsize=1)
def release_schema() -> dict:
    return json.loads((SCHEMA_DIR / "release-schema.json").read_text())


def ocds_datetime(moment) -> str:
    """ISO 8601 with the UK offset, as Find a Tender writes dates (e.g. +01:00 in summer)."""
    return clock.local(moment).isoformat(timespec="seconds")


def money(amount: Decimal | None, gross: Decimal | None = None) -> dict:
    value = {"currency": "GBP"}
    if amount is not None:
        value["amount"] = float(amount)
    if gross is not None:
        value["amountGross"] = float(gross)
    return value


def party(organisation, roles: list[str]) -> dict:
    entry = {
        "id": organisation.party_id,
        "name": organisation.name,
        "identifier": {
            "scheme": organisation.identifier_scheme,
            "id": organisation.identifier,
            "legalName": organisation.name,
        },
        "address": {"countryName": "United Kingdom", "country": organisation.country},
        "roles": roles,
    }
    for key, value in (
        ("streetAddress", organisation.street_address),
        ("locality", organisation.locality),
        ("postalCode", organisation.postcode),
        ("region", organisation.region),
    ):
        if value:
            entry["address"][key] = value
    if organisation.ppon and organisation.identifier_scheme != "GB-PPON":
        entry["additionalIdentifiers"] = [{"scheme": "GB-PPON", "id": organisation.ppon}]
    details = {}
    if organisation.authority_type:
        details["classifications"] = [{"scheme": "UK_CA_TYPE", "id": organisation.authority_type}]
    if organisation.scale:
        details["scale"] = organisation.scale
    if details:
        entry["details"] = details
    if organisation.email:
        entry["contactPoint"] = {"email": organisation.email}
    return entry


def notice_document(notice_type: str, notice_id: str, published) -> dict:
    return {
        "id": notice_id,
        "documentType": DOCUMENT_TYPE[notice_type],
        "noticeType": notice_type,
        "description": f"{NoticeType(notice_type).label} on Procura",
        "format": "text/html",
        "datePublished": ocds_datetime(published),
    }


def _base(procurement, *, notice_type: str, notice_id: str, published) -> dict:
    return {
        "id": notice_id,
        "ocid": procurement.ocid,
        "date": ocds_datetime(published),
        "tag": list(RELEASE_TAG[notice_type]),
        "initiationType": "tender",
        "language": "en",
        "parties": [party(procurement.authority, ["buyer"])],
        "buyer": {"id": procurement.authority.party_id, "name": procurement.authority.name},
    }


def tender_notice(procurement, *, notice_id: str, published) -> dict:
    """UK4 (s.21; regs 18-20): what is bought, how, by when, and on what criteria."""
    release = _base(
        procurement, notice_type=NoticeType.UK4, notice_id=notice_id, published=published
    )
    cfp = procurement.is_competitive_flexible
    value = money(procurement.estimated_value_excl_vat, procurement.estimated_value_incl_vat)
    # Find a Tender puts the criteria, the term and the second stage on a lot; a procurement
    # without lots is published with one lot, "1".
    lot = {
        "id": "1",
        "status": "active",
        "value": dict(value),
        "awardCriteria": {
            "criteria": [
                {
                    "type": criterion.kind,
                    "name": criterion.title,
                    **({"description": criterion.description} if criterion.description else {}),
                    "numbers": [{"number": float(criterion.weight), "weight": "percentageExact"}],
                }
                for criterion in procurement.criteria.all()
            ]
        },
    }
    tender = {
        "id": procurement.reference,
        "legalBasis": dict(LEGAL_BASIS),
        "title": procurement.title,
        "description": procurement.description,
        "status": "active",
        "aboveThreshold": True,
        "value": value,
        "procurementMethod": "selective" if cfp else "open",
        "procurementMethodDetails": procurement.get_procedure_display(),
        "submissionMethod": ["electronicSubmission"],
        "submissionTerms": {"electronicSubmissionPolicy": "required", "languages": ["en"]},
        "documents": [notice_document(NoticeType.UK4, notice_id, published)],
    }
    if procurement.cpv_codes:
        tender["items"] = [
            {
                "id": "1",
                "relatedLot": "1",
                "additionalClassifications": [
                    {"scheme": "CPV", "id": code} for code in procurement.cpv_codes
                ],
            }
        ]
    if cfp and procurement.participation_deadline:
        tender["expressionOfInterestDeadline"] = ocds_datetime(procurement.participation_deadline)
        tender["procedure"] = {
            "features": "Competitive flexible procedure: a participation stage assessed against "
            "the conditions of participation, then up to "
            f"{procurement.max_shortlist} shortlisted suppliers are invited to tender."
        }
        lot["secondStage"] = {"maximumCandidates": procurement.max_shortlist}
        lot["selectionCriteria"] = {
            "criteria": [{"description": procurement.shortlisting_criteria, "forReduction": True}]
        }
    if procurement.tender_deadline:
        tender["tenderPeriod"] = {"endDate": ocds_datetime(procurement.tender_deadline)}
    if procurement.is_framework:
        tender["techniques"] = {
            "hasFrameworkAgreement": True,
            "frameworkAgreement": {
                "maximumParticipants": procurement.max_framework_suppliers,
                "type": "closed",
                "isOpenFrameworkScheme": False,
                **(
                    {"periodRationale": procurement.longer_term_reasons}
                    if procurement.longer_term_reasons
                    else {}
                ),
                **(
                    {"description": procurement.call_off_process}
                    if procurement.call_off_process
                    else {}
                ),
            },
        }
        lot["contractPeriod"] = {"durationInMonths": procurement.framework_term_months}
        if procurement.extension_options_months:
            lot["hasRenewal"] = True
            lot["renewal"] = {
                "description": "Optional extensions of "
                + ", ".join(f"{m} months" for m in procurement.extension_options_months),
                "maximumRenewals": len(procurement.extension_options_months),
            }
    else:
        lot["contractPeriod"] = {"durationInMonths": procurement.contract_term_months}
        if procurement.value_range_min_incl_vat is not None:
            lot["minValue"] = money(None, procurement.value_range_min_incl_vat)
    tender["lots"] = [lot]
    release["tender"] = tender
    for organisation in procurement.participants.all():
        release["parties"].append(party(organisation, ["interestedParty"]))
    return release


def termination_notice(procurement, *, notice_id: str, published, decided_on) -> dict:
    """UK12 (s.55; reg 37): the authority decided not to award after the tender notice."""
    release = _base(
        procurement, notice_type=NoticeType.UK12, notice_id=notice_id, published=published
    )
    release["tender"] = {
        "id": procurement.reference,
        "legalBasis": dict(LEGAL_BASIS),
        "title": procurement.title,
        "status": "withdrawn",
        "statusDetails": "The contracting authority has decided not to award a contract.",
        "finalStatusDate": ocds_datetime(
            datetime.combine(decided_on, time(0), tzinfo=clock.LONDON)
        ),
        "documents": [notice_document(NoticeType.UK12, notice_id, published)],
    }
    return release


# ---------------------------------------------------------------------------------------------
# Contract award notice (UK6), added with the evaluation app
# ---------------------------------------------------------------------------------------------


def _london_day_start(day) -> str:
    from datetime import datetime, time

    return ocds_datetime(datetime.combine(day, time(0, 0), tzinfo=clock.LONDON))


def _london_day_end(day) -> str:
    from datetime import datetime, time

    return ocds_datetime(datetime.combine(day, time(23, 59, 59), tzinfo=clock.LONDON))


def award_notice(
    procurement,
    *,
    notice_id: str,
    published,
    awards: list[dict],
    tenderers: list,
    decided_at,
    summaries_sent_at,
    standstill,
    bids_received: int,
    sme_bids_received: int,
) -> dict:
    """UK6 (s.50; reg 27): the authority intends to enter into the contract with these suppliers.

    `awards` has one entry per successful supplier: `{"supplier": Organisation,
    "value_excl_vat": Decimal | None, "value_incl_vat": Decimal | None}`. `tenderers` are the
    suppliers of every assessed tender (reg 27(2)(o)). `standstill` is the
    `timescales.rules.StandstillPeriod` the notice starts (s.51; reg 27(2)(s)); its
    `earliest_entry` is the estimated date of entry into the contract (reg 27(2)(t), Find a
    Tender's `futureSignatureDate` milestone). `summaries_sent_at` is when the assessment
    summaries were sent, all at once (s.50(3); reg 27(2)(l), reg 31(4)).
    """
    release = _base(
        procurement, notice_type=NoticeType.UK6, notice_id=notice_id, published=published
    )
    cfp = procurement.is_competitive_flexible
    tender = {
        "id": procurement.reference,
        "legalBasis": dict(LEGAL_BASIS),
        "title": procurement.title,
        "description": procurement.description,
        "status": "complete",
        "procurementMethod": "selective" if cfp else "open",
        "procurementMethodDetails": procurement.get_procedure_display(),
        "lots": [{"id": "1", "status": "complete"}],
    }
    if procurement.is_framework:
        tender["techniques"] = {
            "hasFrameworkAgreement": True,
            "frameworkAgreement": {
                "maximumParticipants": procurement.max_framework_suppliers,
                "type": "closed",
                "isOpenFrameworkScheme": False,
            },
        }
    release["tender"] = tender
    release["bids"] = {
        "statistics": [
            {"id": "1", "measure": "bids", "value": bids_received, "relatedLot": "1"},
            {"id": "2", "measure": "finalStageBids", "value": bids_received, "relatedLot": "1"},
            {
                "id": "3",
                "measure": "smeFinalStageBids",
                "value": sme_bids_received,
                "relatedLot": "1",
            },
        ]
    }
    term = (
        procurement.framework_term_months
        if procurement.is_framework
        else procurement.contract_term_months
    )
    document = notice_document(NoticeType.UK6, notice_id, published)
    winners = {award["supplier"].pk for award in awards}
    release["awards"] = []
    for number, award in enumerate(awards, start=1):
        supplier = award["supplier"]
        entry = {
            "id": str(number),
            "title": procurement.title,
            "status": "pending",
            "date": ocds_datetime(decided_at),
            "value": money(award.get("value_excl_vat"), award.get("value_incl_vat")),
            "aboveThreshold": True,
            "suppliers": [{"id": supplier.party_id, "name": supplier.name}],
            "relatedLots": ["1"],
            "standstillPeriod": {
                "startDate": _london_day_start(standstill.first_day),
                "endDate": _london_day_end(standstill.last_day),
            },
            "assessmentSummariesDateSent": ocds_datetime(summaries_sent_at),
            "milestones": [
                {
                    "id": "1",
                    "type": "futureSignatureDate",
                    "dueDate": _london_day_start(standstill.earliest_entry),
                    "status": "scheduled",
                }
            ],
            "documents": [dict(document)],
        }
        if term:
            entry["contractPeriod"] = {"durationInMonths": term}
        release["awards"].append(entry)
    for organisation in tenderers:
        roles = ["supplier", "tenderer"] if organisation.pk in winners else ["tenderer"]
        release["parties"].append(party(organisation, roles))
    return release
