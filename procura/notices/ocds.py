"""Procura's notices as OCDS releases, in the shape Find a Tender publishes them.

See docs/ocds.md. Camel case lives only here, at the transparency boundary.
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
    lots = list(procurement.lots.all())
    if lots:
        _divide_into_lots(procurement, tender, lots, template=lot)
    else:
        tender["lots"] = [lot]
        if procurement.no_lots_reasons:
            tender["lotDetails"] = {"noLotsDivisionRationale": procurement.no_lots_reasons}
    release["tender"] = tender
    for organisation in procurement.participants.all():
        release["parties"].append(party(organisation, ["interestedParty"]))
    return release


# How lots are awarded when a supplier would win more than the maximum (s.23(4)): stated in the
# tender notice, applied by evaluation.rules.apply_lots_awarded_limit.
LOTS_AWARDED_RULE = (
    "The lots are awarded in the order listed. A supplier already awarded {maximum} lot{s} "
    "cannot be awarded another: in each later lot it would win, the next-ranked tender takes "
    "its place."
)


def _divide_into_lots(procurement, tender: dict, lots: list, *, template: dict) -> None:
    """Publish one OCDS lot per Lot (s.18): each with its own title, description, value and
    CPV codes, and the procurement's award criteria, term, renewal and second stage (Find a
    Tender puts those on each lot). `lotDetails` carries the limits per supplier
    (ss.20(7), 23(4))."""
    tender["lots"] = []
    tender["items"] = []
    for lot in lots:
        entry = json.loads(json.dumps(template))  # a deep copy: each lot is its own object
        entry["id"] = lot.number
        entry["title"] = lot.title
        if lot.description:
            entry["description"] = lot.description
        entry["value"] = money(lot.estimated_value_excl_vat, lot.estimated_value_incl_vat)
        entry.pop("minValue", None)  # the participants' value range is the whole contract's
        if procurement.is_framework:
            entry["techniques"] = {
                "hasFrameworkAgreement": True,
                "frameworkAgreement": {"maximumParticipants": lot.number_to_award},
            }
        tender["lots"].append(entry)
        codes = lot.cpv_codes or procurement.cpv_codes
        if codes:
            tender["items"].append(
                {
                    "id": str(len(tender["items"]) + 1),
                    "relatedLot": lot.number,
                    "additionalClassifications": [{"scheme": "CPV", "id": c} for c in codes],
                }
            )
    if not tender["items"]:
        del tender["items"]
    details = {}
    if procurement.max_lots_bid_per_supplier:
        details["maximumLotsBidPerSupplier"] = procurement.max_lots_bid_per_supplier
    if procurement.max_lots_awarded_per_supplier:
        maximum = procurement.max_lots_awarded_per_supplier
        details["maximumLotsAwardedPerSupplier"] = maximum
        details["awardCriteriaDetails"] = LOTS_AWARDED_RULE.format(
            maximum=maximum, s="" if maximum == 1 else "s"
        )
    if details:
        tender["lotDetails"] = details


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


def _award_entry(
    *,
    number: int,
    title: str,
    value: dict,
    suppliers,
    lot_number: str,
    decided_at,
    summaries_sent_at,
    standstill,
    earliest_entry,
    term,
    document: dict,
) -> dict:
    """One award of a contract award notice (UK6), pending until the standstill ends: its
    suppliers, the lot it is for, the standstill, when the summaries were sent and the earliest
    signature date. `standstill` is None when there is none (a light touch contract without a
    voluntary one, s.51(3)(f)): the award then has no `standstillPeriod`."""
    entry = {
        "id": str(number),
        "title": title,
        "status": "pending",
        "date": ocds_datetime(decided_at),
        "value": value,
        "aboveThreshold": True,
        "suppliers": [{"id": s.party_id, "name": s.name} for s in suppliers],
        "relatedLots": [lot_number],
        "assessmentSummariesDateSent": ocds_datetime(summaries_sent_at),
        "milestones": [
            {
                "id": "1",
                "type": "futureSignatureDate",
                "dueDate": _london_day_start(earliest_entry),
                "status": "scheduled",
            }
        ],
        "documents": [dict(document)],
    }
    if standstill is not None:
        entry["standstillPeriod"] = {
            "startDate": _london_day_start(standstill.first_day),
            "endDate": _london_day_end(standstill.last_day),
        }
    if term:
        entry["contractPeriod"] = {"durationInMonths": term}
    return entry


def _award_lots(
    procurement,
    release: dict,
    lots: list[dict],
    *,
    decided_at,
    summaries_sent_at,
    standstill,
    earliest_entry,
    term,
    document: dict,
) -> None:
    """UK6 for a procurement divided into lots: each lot's status, one award per lot with its
    winners, and the bid statistics per lot."""
    release["tender"]["lots"] = [
        {
            "id": lot["number"],
            "title": lot["title"],
            "status": "complete" if lot["suppliers"] else "unsuccessful",
        }
        for lot in lots
    ]
    statistics = []
    for lot in lots:
        for measure, value in (
            ("bids", lot["bids_received"]),
            ("finalStageBids", lot["bids_received"]),
            ("smeFinalStageBids", lot["sme_bids_received"]),
        ):
            statistics.append(
                {
                    "id": str(len(statistics) + 1),
                    "measure": measure,
                    "value": value,
                    "relatedLot": lot["number"],
                }
            )
    release["bids"] = {"statistics": statistics}
    release["awards"] = []
    for lot in lots:
        if not lot["suppliers"]:
            continue
        release["awards"].append(
            _award_entry(
                number=len(release["awards"]) + 1,
                title=f"{procurement.title}: lot {lot['number']}, {lot['title']}",
                value=money(lot.get("value_excl_vat"), lot.get("value_incl_vat")),
                suppliers=lot["suppliers"],
                lot_number=lot["number"],
                decided_at=decided_at,
                summaries_sent_at=summaries_sent_at,
                standstill=standstill,
                earliest_entry=earliest_entry,
                term=term,
                document=document,
            )
        )


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
    lots: list[dict] | None = None,
) -> dict:
    """UK6 (s.50; reg 27): the authority intends to enter into the contract with these suppliers.

    `awards` has one entry per successful supplier: `{"supplier": Organisation,
    "value_excl_vat": Decimal | None, "value_incl_vat": Decimal | None}`. `tenderers` are the
    suppliers of every assessed tender (reg 27(2)(o)). `standstill` is the
    `timescales.rules.StandstillPeriod` the notice starts (s.51; reg 27(2)(s)); its
    `earliest_entry` is the estimated date of entry into the contract (reg 27(2)(t), Find a
    Tender's `futureSignatureDate` milestone). `standstill` is None for a light touch contract
    whose notice provides for no voluntary standstill (s.51(3)(f), (4)): its awards state no
    `standstillPeriod`, and the contract may be entered into the day the notice is published.
    `summaries_sent_at` is when the assessment summaries were sent, all at once (s.50(3);
    reg 27(2)(l), reg 31(4)).

    For a procurement divided into lots (s.18), `lots` has one entry per lot: `{"number",
    "title", "suppliers": [Organisation], "value_excl_vat", "value_incl_vat"?, "bids_received",
    "sme_bids_received"}`; the notice then has one award per lot that has winners (with all of
    that lot's suppliers and `relatedLots`), a lot with no winner is `unsuccessful`, and the bid
    statistics are per lot. `awards`, `bids_received` and `sme_bids_received` are then unused.
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
    earliest_entry = standstill.earliest_entry if standstill else clock.local(published).date()
    if lots is not None:
        _award_lots(
            procurement,
            release,
            lots,
            decided_at=decided_at,
            summaries_sent_at=summaries_sent_at,
            standstill=standstill,
            earliest_entry=earliest_entry,
            term=term,
            document=document,
        )
        # A supplier that tendered for several lots is one party.
        for organisation in {o.pk: o for o in tenderers}.values():
            won = any(organisation.pk == s.pk for lot in lots for s in lot["suppliers"])
            release["parties"].append(
                party(organisation, ["supplier", "tenderer"] if won else ["tenderer"])
            )
        return release
    winners = {award["supplier"].pk for award in awards}
    release["awards"] = []
    for number, award in enumerate(awards, start=1):
        release["awards"].append(
            _award_entry(
                number=number,
                title=procurement.title,
                value=money(award.get("value_excl_vat"), award.get("value_incl_vat")),
                suppliers=[award["supplier"]],
                lot_number="1",
                decided_at=decided_at,
                summaries_sent_at=summaries_sent_at,
                standstill=standstill,
                earliest_entry=earliest_entry,
                term=term,
                document=document,
            )
        )
    for organisation in tenderers:
        roles = ["supplier", "tenderer"] if organisation.pk in winners else ["tenderer"]
        release["parties"].append(party(organisation, roles))
    return release


# ---------------------------------------------------------------------------------------------
# Revised tender notice (UK4 with tender.amendments), added with procurement modifications
# ---------------------------------------------------------------------------------------------


def _change_value(kind: str, value) -> dict | None:
    """One side of an unstructured change: a text, CPV classifications or a date; None when
    there is nothing (the schema allows no empty text)."""
    if value in (None, "", [], ()):
        return None
    if kind == "classifications":
        return {"classifications": [{"scheme": "CPV", "id": code} for code in value]}
    if kind == "date":
        return {"date": ocds_datetime(value)}
    return {"text": str(value)}


def unstructured_change(change: dict) -> dict:
    """`{label, kind, old, new, lot?}` (kind: text | classifications | date) as an OCDS
    UnstructuredChange: where (the label of the data element), its old and new values, and the
    lot it belongs to (`relatedLot`) if it is a lot's. A side with no value (a lot added has no
    old value, one removed no new value) is left out."""
    entry = {"where": {"label": change["label"]}}
    if change.get("lot"):
        entry["relatedLot"] = str(change["lot"])
    for key, value in (("oldValue", change.get("old")), ("newValue", change.get("new"))):
        side = _change_value(change.get("kind", "text"), value)
        if side is not None:
            entry[key] = side
    return entry


def revised_tender_notice(
    procurement,
    *,
    notice_id: str,
    published,
    previous: dict | None,
    rationale: str,
    description: str,
    changes: list[dict],
) -> dict:
    """The tender notice (UK4) revised and republished after a modification (s.31(5)): the
    procurement as it now is, tagged `tenderAmendment`, with every amendment so far in
    `tender.amendments`, the newest last.

    `previous` is the release of the tender notice this one replaces (None if there is none);
    each amendment names it (`amendsReleaseID`) and this release (`releaseID`), takes the
    notice id as its id (as Find a Tender numbers amendments), says why (`rationale`),
    summarises the change (`description`) and lists each changed element with its old and new
    value (`unstructuredChanges`; `changes` as for `unstructured_change`), and the lots it
    changed (`relatedLots`, the lots of this release that a change names). A release replaces
    rather than merges, so the earlier amendments are carried forward.
    """
    release = tender_notice(procurement, notice_id=notice_id, published=published)
    release["tag"] = ["tenderAmendment"]
    amendment = {
        "id": notice_id,
        "date": ocds_datetime(published),
        "rationale": rationale,
        "description": description,
        **({"amendsReleaseID": previous["id"]} if previous else {}),
        "releaseID": notice_id,
    }
    if changes:
        amendment["unstructuredChanges"] = [unstructured_change(change) for change in changes]
    tender = release["tender"]
    lots = {lot["id"] for lot in tender.get("lots", [])}
    related = [str(c["lot"]) for c in changes if c.get("lot") and str(c["lot"]) in lots]
    if related:
        amendment["relatedLots"] = list(dict.fromkeys(related))
    earlier = (previous or {}).get("tender", {}).get("amendments", [])
    tender["amendments"] = [*earlier, amendment]
    for document in tender.get("documents", []):
        if document.get("id") == notice_id:
            document["description"] = f"{NoticeType.UK4.label} (revised) on Procura"
    return release
