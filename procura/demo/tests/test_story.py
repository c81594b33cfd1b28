"""The demo story (procura/demo/story.py) loaded by `seed_demo`: each scenario at its stage,
whatever day the demo is run; nothing duplicated when run again; an intact, forwards-running
audit trail; and every demo person's screens populated."""

from collections import Counter
from datetime import date, datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, make_password
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procura.accounts.models import Membership, Organisation, User
from procura.audit.models import AuditChainHead, AuditEvent
from procura.audit.selectors import find_chain_break
from procura.core import clock
from procura.demo import met_framework, people, staffordshire
from procura.demo import steps as story_steps
from procura.demo import story as demo_story
from procura.demo.management.commands.seed_demo import hash_demo_password_once
from procura.evaluation import selectors as evaluation_selectors
from procura.evaluation.models import AssessmentSummary, EvaluatorAssignment, Score
from procura.notices.models import Notice
from procura.participation.models import Participant
from procura.procurements.models import Clarification, Procurement
from procura.procurements.states import Status
from procura.tendering import selectors as tendering_selectors
from procura.tendering.models import Tender
from procura.timescales.rules import working_days_between

LONDON = clock.LONDON
MET, STAFFS, FORENSICS = demo_story.SCENARIOS


# Uploaded files go to a fresh temporary directory (the kit's media_root fixture).
pytestmark = pytest.mark.usefixtures("media_root")


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def statuses(procurement: Procurement) -> dict[str, str]:
    return {
        p.supplier.name: p.status
        for p in Participant.objects.filter(procurement=procurement).select_related("supplier")
    }


def everything() -> dict:
    """What the seed writes, to show that a second run writes nothing."""
    head = AuditChainHead.objects.get(pk=1)
    return {
        "audit": (head.last_sequence, head.last_hash, AuditEvent.objects.count()),
        "organisations": Organisation.objects.count(),
        "people": User.objects.count(),
        "memberships": Membership.objects.count(),
        "procurements": list(Procurement.objects.order_by("pk").values_list("pk", "status")),
        "participants": Participant.objects.count(),
        "tenders": Tender.objects.count(),
        "scores": Score.objects.count(),
        "summaries": AssessmentSummary.objects.count(),
        "notices": list(Notice.objects.order_by("pk").values_list("notice_id", "sha256")),
        "clarifications": Clarification.objects.count(),
    }


# --- The stages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_met_framework_is_part_way_through_evaluation():
    # When
    output = seed()

    # Then: 10 suppliers took part; 1 excluded (with its representations), 2 not shortlisted,
    # 7 invited; their 7 sealed tenders were opened by two officers
    met = demo_story.find(MET)
    assert met.status == Status.EVALUATION
    assert Counter(statuses(met).values()) == {"invited": 7, "not_shortlisted": 2, "excluded": 1}
    assert [n for n, s in statuses(met).items() if s != "invited"] == [
        "Harbourline Services Ltd",
        "Ironbridge Data Ltd",
        "Juniper Vale Technology Ltd",
    ]
    juniper = Participant.objects.get(procurement=met, supplier__name=met_framework.MET_EXCLUDED)
    decision = juniper.exclusion_decisions.get()
    assert (decision.outcome, decision.representations_invited_on < decision.decided_on) == (
        "excludable_excluded",
        True,
    )
    assert decision.representations.startswith("The supplier says the failures arose")
    opened = tendering_selectors.opened_tenders(met)
    assert [(t.supplier.name, str(t.price), t.verified) for t in opened] == [
        (name, price, True) for name, (price, *_) in met_framework.MET_TENDERS.items()
    ]
    assert [f.name for f in opened[0].files] == ["Albion method statement.txt"]
    assert [n.notice_type for n in Notice.objects.filter(procurement=met)] == ["UK4"]
    assert Clarification.objects.filter(procurement=met).count() == 2

    # ... Grace Mensah has submitted her scores; Rob Kaur has scored 3 of the 7, not submitted
    panel = {
        a.evaluator.username: (a.status, len({s.tender_id for s in a.scores.all()}))
        for a in EvaluatorAssignment.objects.filter(procurement=met).select_related("evaluator")
    }
    assert panel == {"mps.evaluator1": ("submitted", 7), "mps.evaluator2": ("cleared", 3)}
    assert evaluation_selectors.panel_has_submitted(met) is False

    # ... and seed_demo says so
    assert (
        f"{met.reference} {met_framework.MET_TITLE} (Metropolitan Police Service): In evaluation"
        in (output)
    )
    assert "mps.evaluator2 (Rob Kaur) has scored 3 of 7 tenders, not yet submitted" in output


@pytest.mark.django_db
def test_the_staffordshire_contract_is_in_standstill_until_after_today(
    django_capture_on_commit_callbacks,
):
    # When
    with django_capture_on_commit_callbacks(execute=True):
        output = seed()

    # Then
    staffs = demo_story.find(STAFFS)
    assert staffs.status == Status.STANDSTILL
    assert staffs.contract_term_months == 120
    assert sorted(o.name for o in staffs.participants.all()) == sorted(
        name for name, *_ in people.PARTICIPANTS
    )
    assert Counter(statuses(staffs).values()) == {"invited": 4, "not_shortlisted": 1}
    assert [n.notice_type for n in Notice.objects.filter(procurement=staffs)] == ["UK4", "UK6"]

    # ... the award was proposed by one officer and approved by another
    decision = evaluation_selectors.approved_decision(staffs)
    assert (decision.proposed_by.username, decision.decided_by.username) == (
        "staffs.buyer2",
        "staffs.buyer",
    )
    assert [p.supplier.name for p in evaluation_selectors.preferred_suppliers(staffs)] == [
        "Keystone Public Sector IT Ltd"
    ]

    # ... every assessed tenderer was sent its summary, all at the same time, and e-mailed
    summaries = AssessmentSummary.objects.filter(decision=decision)
    tenderers = {t.supplier.name for t in evaluation_selectors.tenders_for_evaluation(staffs)}
    assert {s.supplier.name for s in summaries} == tenderers == set(staffordshire.STAFFS_TENDERS)
    assert {s.sent_at for s in summaries} == {decision.assessment_summaries_sent_at}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"{name.split()[0].lower()}.bid@procura.example" for name in staffordshire.STAFFS_TENDERS
    )

    # ... the UK6 was published two working days before today, so today is in the standstill
    today = clock.today()
    published = clock.local(decision.award_notice.publication.fts_published_at).date()
    assert working_days_between(published, date.fromordinal(today.toordinal() - 1)) == 2
    assert decision.standstill_first_day == published
    assert decision.standstill_last_day > today
    assert "Standstill ends" in output and "In standstill" in output


@pytest.mark.django_db
def test_the_small_met_procurement_is_open_for_requests_to_participate():
    # When
    output = seed()

    # Then: three suppliers have started; albion.bid and brightwell.bid can try the gate
    forensics = demo_story.find(FORENSICS)
    assert forensics.status == Status.PARTICIPATION_OPEN
    assert forensics.participation_deadline > clock.now()
    assert statuses(forensics) == {
        "Fernhill Networks Ltd": "interested",
        "Harbourline Services Ltd": "admitted",
        "Lanthorn Partners LLP": "admitted",
    }
    assert "sign in as albion.bid or brightwell.bid" in output


@pytest.mark.django_db
def test_the_audit_trail_is_intact_and_reads_forwards_in_time():
    # When
    started = clock.now()
    seed()

    # Then
    assert find_chain_break() is None
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue().startswith("Audit trail intact")
    moments = list(AuditEvent.objects.order_by("sequence").values_list("occurred_at", flat=True))
    assert moments == sorted(moments)
    assert moments[-1] < started
    first_procurement_event = AuditEvent.objects.filter(
        object_type="procurements.procurement"
    ).earliest("sequence")
    assert first_procurement_event.occurred_at > moments[0]


# --- Running it again ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_seeding_again_changes_nothing_and_does_little():
    # Given
    with CaptureQueriesContext(connection) as first_run:
        seed()
    before = everything()

    # When
    with CaptureQueriesContext(connection) as second_run:
        output = seed()

    # Then
    assert everything() == before
    assert "Demo data ready (0 new records)." in output
    assert "Demo procurements loaded" not in output
    assert len(second_run) * 10 < len(first_run)


@pytest.mark.django_db
def test_a_scenario_already_loaded_is_skipped_and_the_others_are_played(monkeypatch):
    # Given: an earlier version of the demo loaded only the Met framework
    monkeypatch.setattr(demo_story, "SCENARIOS", [MET])
    seed()
    met_events = AuditEvent.objects.count()
    monkeypatch.undo()

    # When
    played = demo_story.play()

    # Then
    assert played == [STAFFS, FORENSICS]
    assert Procurement.objects.filter(title=MET.title).count() == 1
    assert demo_story.find(STAFFS).status == Status.STANDSTILL
    assert AuditEvent.objects.count() > met_events
    assert find_chain_break() is None


# --- Whenever the demo is run -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "now",
    [
        datetime(2027, 3, 30, 8, 0, tzinfo=LONDON),  # the Tuesday after Easter Monday
        datetime(2026, 12, 29, 7, 30, tzinfo=LONDON),  # after Christmas and a substitute day
        datetime(2027, 6, 6, 23, 30, tzinfo=LONDON),  # late on a Sunday in summer time
    ],
    ids=["after-easter", "after-christmas", "sunday-night"],
)
def test_the_stages_hold_whatever_day_the_demo_is_run(now):
    # When
    with time_machine.travel(now, tick=False):
        seed()
        today = clock.today()

    # Then
    assert [demo_story.find(s).status for s in demo_story.SCENARIOS] == [
        Status.EVALUATION,
        Status.STANDSTILL,
        Status.PARTICIPATION_OPEN,
    ]
    decision = evaluation_selectors.approved_decision(demo_story.find(STAFFS))
    assert decision.standstill_first_day < today <= decision.standstill_last_day
    assert demo_story.find(FORENSICS).participation_deadline > now
    moments = list(AuditEvent.objects.order_by("sequence").values_list("occurred_at", flat=True))
    assert moments == sorted(moments) and moments[-1] < now


def test_the_seed_hashes_the_public_demo_password_once_at_full_strength(settings):
    # Given Django's default hasher (the tests use MD5 to go fast)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]

    # When two demo people are given the demo password during the seed
    with hash_demo_password_once():
        first, second = make_password("procura-demo"), make_password("procura-demo")

    # Then it was hashed once, at the configured strength, and verifies as usual afterwards
    assert first == second
    assert first.startswith(f"pbkdf2_sha256${PBKDF2PasswordHasher.iterations}$")
    assert check_password("procura-demo", first) is True
    assert check_password("procura-demo!", first) is False


# --- The replay -------------------------------------------------------------------------------


def test_replay_runs_every_story_step_at_its_moment_in_time_order():
    # Given two stories whose steps interleave
    seen = []
    day = date(2026, 3, 2)

    def story(name, hours):
        for hour in hours:
            yield story_steps.at(day, hour)
            seen.append((name, clock.local(clock.now()).hour))

    # When
    steps = demo_story.replay(
        [story("a", (9, 12)), story("b", (10, 11))],
        begins=story_steps.at(day, 8),
        now=story_steps.at(day, 18),
    )

    # Then
    assert steps == 4
    assert seen == [("a", 9), ("b", 10), ("b", 11), ("a", 12)]


@pytest.mark.parametrize(
    "hours, message",
    [
        ((10, 9), "the step at 9am on Monday 2 March 2026 must be after 10am"),
        ((7,), "the step at 7am on Monday 2 March 2026 must be after 8am"),
        ((9, 18), "the step at 6pm on Monday 2 March 2026 must be after 9am"),
    ],
    ids=["backwards", "before-the-world-began", "in-the-future"],
)
def test_replay_refuses_a_step_out_of_order_before_running_it(hours, message):
    # Given
    ran = []
    day = date(2026, 3, 2)

    def story():
        for hour in hours:
            yield story_steps.at(day, hour)
            ran.append(hour)

    # When
    with pytest.raises(demo_story.StoryOutOfOrder) as refused:
        demo_story.replay([story()], begins=story_steps.at(day, 8), now=story_steps.at(day, 18))

    # Then
    assert message in str(refused.value)
    assert ran == list(hours[:-1])


@pytest.mark.parametrize(
    "today, count, expected",
    [
        (date(2026, 12, 29), 2, date(2026, 12, 23)),  # 24 Dec, then 23 Dec (25-28 Dec off)
        (date(2027, 3, 30), 1, date(2027, 3, 25)),  # Easter Monday and Good Friday are off
        (date(2027, 1, 4), 1, date(2026, 12, 31)),  # the weekend and New Year's Day
        (date(2026, 3, 4), 2, date(2026, 3, 2)),
    ],
)
def test_working_days_ago_skips_weekends_and_every_uk_bank_holiday(today, count, expected):
    assert story_steps.working_days_ago(today, count) == expected


def test_spread_puts_moments_in_order_over_distinct_days():
    monday = date(2026, 3, 2)
    moments = story_steps.spread([monday, monday, date(2026, 3, 3)], 3)
    assert [clock.local(m).strftime("%a %H:%M") for m in moments] == [
        "Mon 09:13",
        "Mon 12:43",
        "Tue 09:13",
    ]


# --- What each demo person sees ---------------------------------------------------------------


@pytest.mark.django_db
def test_each_demo_person_sees_their_screens_populated():
    # Given
    seed()
    met, staffs, forensics = (demo_story.find(s) for s in demo_story.SCENARIOS)
    albion_tender = tendering_selectors.opened_tenders(met)[0]
    keystone_summary = AssessmentSummary.objects.get(supplier__name__startswith="Keystone")
    screens = [
        ("mps.buyer", reverse("procurements:detail", args=[met.pk]), "In evaluation"),
        (
            "mps.buyer",
            reverse("participation:buyer-responses", args=[met.pk]),
            "Juniper Vale Technology Ltd",
        ),
        ("mps.buyer", reverse("tendering:tenders", args=[met.pk]), "Greystone Infrastructure"),
        (
            "mps.buyer",
            reverse("tendering:opened-tender", args=[met.pk, albion_tender.tender_id]),
            "Albion method statement.txt",
        ),
        ("mps.buyer", reverse("evaluation:overview", args=[met.pk]), "7 tenders opened."),
        ("mps.evaluator1", reverse("evaluation:panel-scores", args=[met.pk]), "Good (4)"),
        ("mps.evaluator2", reverse("evaluation:scoring", args=[met.pk]), "0 of 4 criteria"),
        ("juniper.bid", reverse("participation:outcome", args=[met.pk]), "excluded"),
        ("albion.bid", reverse("tendering:your-tender", args=[met.pk]), met.reference),
        ("staffs.buyer", reverse("evaluation:overview", args=[staffs.pk]), "Standstill ends"),
        ("staffs.buyer", reverse("evaluation:results", args=[staffs.pk]), "90.23"),
        ("keystone.bid", reverse("evaluation:supplier-summaries"), staffs.title),
        (
            "keystone.bid",
            reverse("evaluation:supplier-summary", args=[staffs.pk, keystone_summary.pk]),
            "Your tender ranked 1st of 4 assessed tenders and is successful",
        ),
        (
            "castlegate.bid",
            reverse("participation:outcome", args=[staffs.pk]),
            "not among the 4 highest",
        ),
        ("mps.buyer2", reverse("participation:buyer-responses", args=[forensics.pk]), "Fernhill"),
        ("albion.bid", reverse("participation:task-list", args=[forensics.pk]), "Express interest"),
    ]

    # When / Then
    for username, url, expected in screens:
        client = Client()
        client.force_login(User.objects.get(username=username))
        response = client.get(url)
        assert (username, url, response.status_code) == (username, url, 200)
        assert expected in response.content.decode(), (username, url, expected)
    public = Client().get(reverse("opportunities:list")).content.decode()
    assert all(s.title in public for s in demo_story.SCENARIOS)
