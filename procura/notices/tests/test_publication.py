"""A notice is published when it is on Find a Tender (Procurement Regulations 2024 reg 5): the
buyer records it by hand, the standstill starts on that day, and only then is the notice public."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from procura.accounts.states import Role
from procura.accounts.tests.factories import OrganisationFactory, member
from procura.contracts import services as contracts
from procura.evaluation import selectors as evaluation_selectors
from procura.evaluation.models import AwardDecision
from procura.evaluation.tests import factories as f
from procura.notices import ocds, services
from procura.notices.models import NoticePublication
from procura.notices.states import NoticeType
from procura.testing.client import Api
from procura.testing.refusals import assert_api_refused, assert_refused

pytestmark = pytest.mark.django_db

THURSDAY = datetime(2026, 12, 17, 10, 0, tzinfo=UTC)  # the award notice is prepared
FRIDAY = datetime(2026, 12, 18, 9, 0, tzinfo=UTC)  # Find a Tender publishes it
FRIDAY_NOON = datetime(2026, 12, 18, 12, 0, tzinfo=UTC)  # the buyer records it


def _prepared(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    with time_machine.travel(THURSDAY, tick=False):
        notice = f.award_notice_prepared(e)
    return e, notice


def _unchanged():
    return [NoticePublication, AwardDecision]


def _confirm(e, notice, *, actor=None, fts_notice_id="045678-2026", published_on=FRIDAY):
    return services.confirm_published(
        actor=actor or e.buyer,
        notice=notice,
        fts_notice_id=fts_notice_id,
        published_on=published_on,
    )


def test_signature_is_refused_until_the_award_notice_is_published_on_find_a_tender(tender_box):
    e, notice = _prepared(tender_box)
    assert notice.publication.status == "prepared"

    with time_machine.travel(datetime(2027, 1, 8, 10, 0, tzinfo=UTC), tick=False):
        assert_refused(
            "award_notice_not_published",
            contracts.enter_into_contract,
            actor=e.buyer,
            procurement=e.procurement,
            date_signed=date(2027, 1, 8),
            start_date=date(2027, 2, 1),
            end_date=date(2029, 1, 31),
            unchanged=_unchanged(),
        )


def test_the_standstill_runs_from_the_friday_find_a_tender_published_it(tender_box):
    e, notice = _prepared(tender_box)
    with time_machine.travel(FRIDAY_NOON, tick=False):
        services.mark_sent(actor=e.buyer, notice=notice)
        publication = _confirm(e, notice)

    assert (publication.status, publication.fts_notice_id, publication.fts_published_at) == (
        "published",
        "045678-2026",
        FRIDAY,
    )
    decision = evaluation_selectors.approved_decision(e.procurement)
    # Friday 18 December 2026, not Thursday 17: 8 working days, skipping Christmas Day and
    # Monday 28 December (for Boxing Day), end on Thursday 31 December.
    assert (
        decision.standstill_first_day,
        decision.standstill_last_day,
        decision.earliest_entry_date,
    ) == (date(2026, 12, 18), date(2026, 12, 31), date(2027, 1, 1))
    with time_machine.travel(datetime(2026, 12, 31, 15, 0, tzinfo=UTC), tick=False):
        assert_refused(
            "standstill_not_ended",
            contracts.enter_into_contract,
            actor=e.buyer,
            procurement=e.procurement,
            date_signed=date(2026, 12, 31),
            start_date=date(2027, 2, 1),
            end_date=date(2029, 1, 31),
            unchanged=_unchanged(),
        )


@pytest.mark.parametrize(
    ("fts_notice_id", "published_on", "code"),
    [
        ("", FRIDAY, "fts_notice_id_missing"),
        ("45678-2026", FRIDAY, "fts_notice_id_ill_formed"),
        (
            "045678-2026",
            datetime(2026, 12, 17, 9, 59, 59, tzinfo=UTC),
            "fts_published_before_prepared",
        ),
        ("045678-2026", datetime(2026, 12, 18, 12, 0, 1, tzinfo=UTC), "fts_published_in_future"),
    ],
)
def test_a_wrong_identifier_or_date_is_refused_and_changes_nothing(
    tender_box, fts_notice_id, published_on, code
):
    e, notice = _prepared(tender_box)
    assert_refused(
        code,
        _confirm,
        e,
        notice,
        fts_notice_id=fts_notice_id,
        published_on=published_on,
        unchanged=_unchanged(),
        at=FRIDAY_NOON,
    )


def test_confirming_twice_and_sending_after_publication_are_refused(tender_box):
    e, notice = _prepared(tender_box)
    with time_machine.travel(FRIDAY_NOON, tick=False):
        _confirm(e, notice)
    for call, code in [
        (lambda: _confirm(e, notice, fts_notice_id="045679-2026"), "notice_already_published"),
        (lambda: services.mark_sent(actor=e.buyer, notice=notice), "notice_already_published"),
    ]:
        assert_refused(code, call, unchanged=_unchanged(), at=FRIDAY_NOON)


def test_sending_twice_is_refused(tender_box):
    e, notice = _prepared(tender_box)
    services.mark_sent(actor=e.buyer, notice=notice)
    assert_refused(
        "notice_already_sent",
        services.mark_sent,
        actor=e.buyer,
        notice=notice,
        unchanged=_unchanged(),
    )


def test_only_a_buyer_of_the_authority_records_the_publication(tender_box):
    e, notice = _prepared(tender_box)
    evaluator = member(e.procurement.authority, Role.EVALUATOR)
    outsider = member(OrganisationFactory(), Role.BUYER)
    assert_refused(
        "forbidden_action",
        _confirm,
        e,
        notice,
        actor=evaluator,
        unchanged=_unchanged(),
        at=FRIDAY_NOON,
    )
    assert_refused(
        "not_found", _confirm, e, notice, actor=outsider, unchanged=_unchanged(), at=FRIDAY_NOON
    )


def _tender_notice(e):
    e.procurement.published_at = timezone.now()  # as publish_tender_notice records it
    e.procurement.save(update_fields=["published_at"])
    return services.publish_notice(
        procurement=e.procurement,
        notice_type=NoticeType.UK4,
        build=lambda **kw: ocds.tender_notice(e.procurement, **kw),
        actor=e.buyer,
    )


def test_the_award_notice_is_public_only_once_published_on_find_a_tender(tender_box, settings):
    e = f.evaluation(tender_box, evaluators=1)
    settings.PROCURA_PUBLISH_AT_ONCE = True  # the tender notice, as in the demo
    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=UTC), tick=False):
        _tender_notice(e)
    settings.PROCURA_PUBLISH_AT_ONCE = False
    with time_machine.travel(THURSDAY, tick=False):
        notice = f.award_notice_prepared(e)
    reference = e.procurement.reference
    anonymous = Api(prefix="/api/v1")
    json_url = f"/opportunities/{reference}/notices/{notice.notice_id}.json"

    public = anonymous.get(f"/procurements/public/{reference}").json()
    assert [n["notice_type"] for n in public["notices"]] == ["UK4"]
    assert Client().get(json_url).status_code == 404
    assert notice.notice_id not in Client().get(f"/opportunities/{reference}/").content.decode()

    with time_machine.travel(FRIDAY_NOON, tick=False):
        _confirm(e, notice)

    public = anonymous.get(f"/procurements/public/{reference}").json()
    assert [n["notice_type"] for n in public["notices"]] == ["UK4", "UK6"]
    assert Client().get(json_url).status_code == 200
    assert "045678-2026" in Client().get(f"/opportunities/{reference}/").content.decode()


def test_a_tender_notice_not_yet_on_find_a_tender_leaves_the_procurement_private(tender_box):
    e = f.evaluation(tender_box, evaluators=1)
    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=UTC), tick=False):
        uk4 = _tender_notice(e)  # the setting off: prepared only
    reference = e.procurement.reference
    assert Api(prefix="/api/v1").get(f"/procurements/public/{reference}").status_code == 404
    assert Client().get(f"/opportunities/{reference}/").status_code == 404
    assert reference not in Client().get("/opportunities/").content.decode()

    with time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=UTC), tick=False):
        _confirm(e, uk4, fts_notice_id="040001-2026", published_on=timezone.now())

    assert Api(prefix="/api/v1").get(f"/procurements/public/{reference}").status_code == 200
    assert Client().get(f"/opportunities/{reference}/").status_code == 200
    assert reference in Client().get("/opportunities/").content.decode()


@pytest.mark.parametrize(
    ("fts_notice_id", "code", "message"),
    [
        ("", "fts_notice_id_missing", "Enter the notice identifier Find a Tender gave the notice"),
        ("45678-2026", "fts_notice_id_ill_formed", "is not a Find a Tender notice identifier"),
    ],
)
def test_the_page_and_the_api_refuse_alike(tender_box, fts_notice_id, code, message):
    e, notice = _prepared(tender_box)
    with time_machine.travel(FRIDAY_NOON, tick=False):
        body = assert_api_refused(
            400,
            code,
            Api(e.buyer, prefix="/api/v1").post,
            f"/notices/{notice.notice_id}/publication",
            {"fts_notice_id": fts_notice_id, "published_on": FRIDAY.isoformat()},
            unchanged=_unchanged(),
        )
        client = Client()
        client.force_login(e.buyer)
        page = client.post(
            f"/notices/{notice.notice_id}/publication/",
            {
                "fts_notice_id": fts_notice_id,
                "published_on-day": "18",
                "published_on-month": "12",
                "published_on-year": "2026",
                "published_on-time": "09:00",
            },
        )
    assert message in body["message"]
    assert page.status_code == 400
    assert message in page.content.decode()
    assert NoticePublication.objects.get(notice=notice).status == "prepared"


def test_the_page_records_the_publication(tender_box):
    e, notice = _prepared(tender_box)
    client = Client()
    client.force_login(e.buyer)
    with time_machine.travel(FRIDAY_NOON, tick=False):
        response = client.post(
            f"/notices/{notice.notice_id}/publication/",
            {
                "fts_notice_id": "045678-2026",
                "published_on-day": "18",
                "published_on-month": "12",
                "published_on-year": "2026",
                "published_on-time": "09:00",
            },
        )
    assert response.status_code == 302
    publication = NoticePublication.objects.get(notice=notice)
    assert (publication.status, publication.fts_notice_id, publication.fts_published_at) == (
        "published",
        "045678-2026",
        FRIDAY,
    )
