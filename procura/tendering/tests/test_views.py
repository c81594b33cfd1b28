"""The tendering pages: Your tender (submit, replace, withdraw, receipts), the buyer's Tenders
page and opening panel, opened tenders, the questions inbox, and the Django admin."""

import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from procura.audit.models import AuditEvent
from procura.procurements.models import Clarification
from procura.tendering import services
from procura.tendering.models import Tender, TenderQuestion
from procura.tendering.tests.factories import (
    AFTER,
    BEFORE,
    DEADLINE,
    answers_for,
    submit,
    supplier_with_bid_manager,
    tender_stage,
)
from procura.testing.client import Api

pytestmark = pytest.mark.django_db

PRICE = "4815162.42"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(stage, tail=""):
    return f"/procurements/{stage.procurement.pk}/{tail}"


def _tender_form(stage, **overrides):
    data = {"price": PRICE, "line_item_description_1": "Rugged laptops", "line_item_amount_1": "9"}
    for criterion_id, text in answers_for(stage).items():
        data[f"answer_{criterion_id}"] = text
    data.update(overrides)
    return data


def _text(response) -> str:
    return response.content.decode()


# --- Your tender --------------------------------------------------------------------------------


def test_your_tender_page_shows_the_deadline_and_the_form():
    stage = tender_stage()

    with time_machine.travel(BEFORE, tick=False):
        response = _client(stage.albion_bid).get(_page(stage, "tender/"))

    assert response.status_code == 200
    text = _text(response)
    assert "Your tender" in text
    assert "midday on Tuesday 3 March 2026" in text
    assert "Continuity of supply" in text and "Social value" in text
    assert 'enctype="multipart/form-data"' in text
    assert "Submit your tender" in text


def test_submitting_through_the_page_shows_the_receipt():
    stage = tender_stage()
    data = _tender_form(stage)
    data["files"] = SimpleUploadedFile("plan.pdf", b"our plan" * 1000)

    client = _client(stage.albion_bid)
    with time_machine.travel(BEFORE, tick=False):
        posted = client.post(_page(stage, "tender/"), data)
        tender = Tender.objects.get()
        # post/redirect/get: reloading the receipt can never send the tender again
        assert (posted.status_code, posted.url) == (
            302,
            _page(stage, f"tender/receipts/{tender.reference}/"),
        )
        response = client.get(posted.url)
        reloaded = client.get(posted.url)

    assert response.status_code == 200
    text = _text(response)
    assert "Tender received" in text
    assert tender.reference in text
    assert tender.content_sha256 in text
    assert "plan.pdf" in text
    assert "Salt" in text  # shown once, right after submission
    assert PRICE not in text  # the receipt proves what was sent; it does not repeat it
    assert reloaded.status_code == 200
    assert Tender.objects.count() == 1
    assert "Salt" not in _text(reloaded)  # the salt is never stored in the clear


def test_a_missing_answer_is_shown_in_the_error_summary_and_nothing_is_stored():
    stage = tender_stage()
    social = stage.quality[1]
    events = AuditEvent.objects.count()

    with time_machine.travel(BEFORE, tick=False):
        response = _client(stage.albion_bid).post(
            _page(stage, "tender/"), _tender_form(stage, **{f"answer_{social.pk}": ""})
        )

    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text
    assert f'<a href="#answer-{social.pk}">Enter your answer to ‘Social value’.</a>' in text
    assert "govuk-form-group--error" in text
    assert f'value="{PRICE}"' in text  # what was typed is kept
    assert Tender.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_late_tender_through_the_page_is_refused_with_the_deadline():
    stage = tender_stage()
    events = AuditEvent.objects.count()

    with time_machine.travel(DEADLINE, tick=False):
        response = _client(stage.albion_bid).post(_page(stage, "tender/"), _tender_form(stage))

    assert response.status_code == 400
    assert (
        "The tender deadline was midday on Tuesday 3 March 2026; tenders can no longer be "
        "submitted, replaced or withdrawn." in _text(response)
    )
    assert Tender.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_withdrawing_through_the_page():
    stage = tender_stage()
    receipt = submit(stage)

    with time_machine.travel(BEFORE, tick=False):
        response = _client(stage.albion_bid).post(_page(stage, "tender/withdraw/"), follow=True)

    assert response.status_code == 200
    assert f"Your tender {receipt.reference} was withdrawn." in _text(response)
    assert Tender.objects.get().status == "withdrawn"


def test_the_tender_page_links_to_a_confirmation_that_names_the_tender_and_changes_nothing():
    stage = tender_stage()
    receipt = submit(stage)
    client = _client(stage.albion_bid)
    events = AuditEvent.objects.count()

    with time_machine.travel(BEFORE, tick=False):
        page = client.get(_page(stage, "tender/"))
        confirmation = client.get(_page(stage, "tender/withdraw/"))

    assert f'href="{_page(stage, "tender/withdraw/")}" role="button"' in page.content.decode()
    assert confirmation.status_code == 200
    text = _text(confirmation)
    assert "Withdraw your tender" in text
    assert f"{receipt.reference}, received" in text
    assert "The tender will be withdrawn at once. It is kept, sealed, and never opened" in text
    assert (
        "You can send a new tender until the tender deadline, midday on Tuesday 3 March 2026."
        in (text)
    )
    assert Tender.objects.get().status == "submitted"
    assert AuditEvent.objects.count() == events


def test_the_confirmation_without_a_live_tender_goes_back_to_the_tender_page():
    stage = tender_stage()

    with time_machine.travel(BEFORE, tick=False):
        response = _client(stage.albion_bid).get(_page(stage, "tender/withdraw/"))

    assert response.status_code == 302
    assert response.url == _page(stage, "tender/")


def test_the_confirmation_tells_a_supplier_left_off_the_shortlist_why_it_cannot_withdraw():
    stage = tender_stage()
    submit(stage)

    with time_machine.travel(BEFORE, tick=False):
        response = _client(stage.castlegate_bid).get(_page(stage, "tender/withdraw/"))

    assert (response.status_code, response.templates[0].name) == (403, "core/refused.html")
    assert "Castlegate Computing Ltd is not shortlisted: it no longer takes part" in _text(response)


def test_the_confirmation_is_not_found_for_a_supplier_with_no_part():
    stage = tender_stage()
    submit(stage)
    _, stranger = supplier_with_bid_manager("Dunmore Data Ltd", "Dan", "Dunmore")

    with time_machine.travel(BEFORE, tick=False):
        response = _client(stranger).get(_page(stage, "tender/withdraw/"))

    assert response.status_code == 404


def test_your_receipts_are_listed_with_their_hashes():
    stage = tender_stage()
    first = submit(stage)
    second = submit(stage, price="1.00")

    with time_machine.travel(AFTER, tick=False):
        response = _client(stage.albion_bid).get(_page(stage, "tender/"))

    text = _text(response)
    assert first.content_sha256 in text and second.content_sha256 in text
    assert "Replaced by a later version" in text
    assert "Tenders can no longer be submitted, replaced or withdrawn." in text
    assert "Submit your tender" not in text


def _your_tender_pages(stage, user):
    with time_machine.travel(BEFORE, tick=False):
        client = _client(user)
        return [
            client.get(_page(stage, "tender/")),
            client.post(_page(stage, "tender/"), _tender_form(stage)),
            client.post(_page(stage, "tender/withdraw/")),
            client.post(_page(stage, "tender/questions/"), {"question": "?"}),
        ]


@pytest.mark.parametrize("who", ["stranger_bid", "buyer", "evaluator", "admin"])
def test_your_tender_is_not_found_for_anyone_but_an_invited_supplier(who):
    stage = tender_stage()
    stage.stranger_bid = supplier_with_bid_manager("Dunmore Data Ltd", "Dan", "Dunmore")[1]

    responses = _your_tender_pages(stage, getattr(stage, who))

    assert [r.status_code for r in responses] == [404] * 4
    assert Tender.objects.count() == 0


def test_your_tender_pages_tell_a_supplier_left_off_the_shortlist_why():
    stage = tender_stage()
    events = AuditEvent.objects.count()

    responses = _your_tender_pages(stage, stage.castlegate_bid)

    assert [(r.status_code, r.templates[0].name) for r in responses] == [
        (403, "core/refused.html")
    ] * 4
    assert "Castlegate Computing Ltd is not shortlisted" in _text(responses[0])
    assert Tender.objects.count() == 0
    assert AuditEvent.objects.count() == events


# --- The buyer's Tenders page and the opening panel ---------------------------------------------


@pytest.mark.parametrize("who", ["buyer", "evaluator", "admin"])
def test_before_the_opening_the_tenders_page_shows_counts_and_receipts_only(who):
    stage = tender_stage()
    receipt = submit(stage, price=PRICE)

    with time_machine.travel(AFTER, tick=False):
        response = _client(getattr(stage, who)).get(_page(stage, "tenders/"))

    assert response.status_code == 200
    text = _text(response)
    assert '<dd class="govuk-summary-list__value" id="tender-count">1</dd>' in text
    assert receipt.reference in text and receipt.content_sha256 in text
    for secret in [PRICE, "4,815,162", "Albion", "We hold stock"]:
        assert secret not in text


def test_the_panel_opens_the_tenders_from_the_page_and_the_prices_appear():
    stage = tender_stage()
    receipt = submit(stage, price=PRICE, files=[services.UploadedDocument("plan.pdf", b"plan")])
    tender = Tender.objects.get()
    buyer, approver = _client(stage.buyer), _client(stage.approver)

    with time_machine.travel(AFTER, tick=False):
        first = buyer.post(_page(stage, "tenders/confirm-opening/"), follow=True)
        before_opening = buyer.get(_page(stage, f"tenders/{tender.pk}/"))
        second = approver.post(_page(stage, "tenders/confirm-opening/"), follow=True)
        walled = _client(stage.evaluator).get(_page(stage, f"tenders/{tender.pk}/"))
        detail = _client(stage.approver).get(_page(stage, f"tenders/{tender.pk}/"))
        download = _client(stage.approver).get(_page(stage, f"tenders/{tender.pk}/files/1/"))

    assert "You confirmed the opening (1 of 2 officers)." in _text(first)
    assert "Bea Buyer confirmed" in _text(first)
    assert before_opening.status_code == 404
    text = _text(second)
    assert "The tenders were opened: 1 received." in text
    assert "Albion Technology Ltd" in text and "£4,815,162.42" in text
    assert receipt.reference in text
    assert walled.status_code == 404
    assert detail.status_code == 200
    assert "We hold stock at two UK depots. (Continuity of supply)" in _text(detail)
    assert download.content == b"plan"


def test_a_refused_confirmation_is_shown_in_the_error_summary():
    stage = tender_stage()

    with time_machine.travel(BEFORE, tick=False):
        response = _client(stage.buyer).post(_page(stage, "tenders/confirm-opening/"))

    assert response.status_code == 400
    assert "There is a problem" in _text(response)
    assert "Tenders stay sealed until the tender deadline" in _text(response)


@pytest.mark.parametrize("who", ["albion_bid", "castlegate_bid"])
def test_suppliers_do_not_find_the_tenders_page(who):
    stage = tender_stage()
    submit(stage)

    response = _client(getattr(stage, who)).get(_page(stage, "tenders/"))

    assert response.status_code == 404


# --- Questions ----------------------------------------------------------------------------------


def test_a_question_from_the_page_reaches_the_inbox_and_its_answer_every_supplier():
    # Given: Alice at Albion asks
    stage = tender_stage()
    with time_machine.travel(BEFORE, tick=False):
        asked = _client(stage.albion_bid).post(
            _page(stage, "tender/questions/"),
            {"question": "Can Albion Technology Ltd deliver to Hendon?"},
            follow=True,
        )
    assert "Your question was sent to the buyer." in _text(asked)
    question = TenderQuestion.objects.get()

    # Then: the buyer's inbox says who asked; an evaluator does not find it
    inbox = _client(stage.buyer).get(_page(stage, "tender-questions/"))
    assert "Alice Albright, Albion Technology Ltd" in _text(inbox)
    assert _client(stage.evaluator).get(_page(stage, "tender-questions/")).status_code == 404

    # When: the buyer publishes it naming the supplier, then anonymised
    answer_page = _page(stage, f"tender-questions/{question.pk}/")
    with time_machine.travel(BEFORE, tick=False):
        naming = _client(stage.buyer).post(
            answer_page,
            {"published_question": question.question, "answer": "Yes."},
        )
        published = _client(stage.buyer).post(
            answer_page,
            {
                "published_question": "Can a supplier deliver to Hendon?",
                "answer": "Yes.",
                "confirm_anonymised": "true",
            },
        )

    # Then
    assert naming.status_code == 400
    assert '<a href="#published-question">' in _text(naming)
    assert published.status_code == 302
    assert Clarification.objects.get().question == "Can a supplier deliver to Hendon?"
    with time_machine.travel(BEFORE, tick=False):
        brightwell_page = _text(_client(stage.brightwell_bid).get(_page(stage, "tender/")))
    assert "Can a supplier deliver to Hendon?" in brightwell_page
    for forbidden in ["Albion", "Alice", "Albright"]:
        assert forbidden not in brightwell_page


@pytest.mark.parametrize(
    ("form", "code", "field_id"),
    [
        ({"published_question": "Lighthouse Forensic asks: Hendon?", "answer": "Yes.",
          "confirm_anonymised": True}, "question_names_trading_name", "published-question"),
        ({"published_question": "Hendon?", "answer": "Yes, as Albion asked.",
          "confirm_anonymised": True}, "question_names_short_name", "answer"),
        ({"published_question": "Hendon?", "answer": "Yes."}, "anonymisation_not_confirmed",
         "confirm-anonymised"),
    ],
)  # fmt: skip
def test_the_answer_page_and_the_api_refuse_the_same_wording_alike(form, code, field_id):
    # Given Albion, trading as Lighthouse Forensic, has asked a question
    stage = tender_stage()
    stage.albion.trading_names = ["Lighthouse Forensic"]
    stage.albion.save()
    with time_machine.travel(BEFORE, tick=False):
        question = services.ask_question(
            actor=stage.albion_bid,
            procurement=stage.procurement,
            supplier=stage.albion,
            question="Can we deliver to Hendon?",
        )
    url = f"/api/v1/procurements/{stage.procurement.pk}/tender-questions/{question.pk}/answer"
    page_form = {**form, "confirm_anonymised": "true"} if form.get("confirm_anonymised") else form

    # When the buyer publishes the same wording on the page and through the API
    with time_machine.travel(BEFORE, tick=False):
        page = _client(stage.buyer).post(
            _page(stage, f"tender-questions/{question.pk}/"), page_form
        )
        api = Api(stage.buyer).post(url, form)

    # Then both refuse it, the API with the code, the page linking to the field; nothing is
    # published
    assert (api.status_code, api.json()["code"]) == (400, code)
    assert page.status_code == 400
    assert f'<a href="#{field_id}">' in _text(page)
    assert Clarification.objects.count() == 0
    assert TenderQuestion.objects.get().status == "open"


# --- The Django admin ---------------------------------------------------------------------------


def test_the_django_admin_shows_no_tender_content():
    stage = tender_stage()
    receipt = submit(stage, price=PRICE)
    tender = Tender.objects.get()
    admin = _client(stage.admin)

    listing = admin.get("/admin/tendering/tender/")
    change = admin.get(f"/admin/tendering/tender/{tender.pk}/change/")

    assert listing.status_code == change.status_code == 200
    assert receipt.reference in _text(listing)
    for text in (_text(listing), _text(change)):
        assert PRICE not in text
        assert "We hold stock" not in text
        assert not re.search(r"content_ciphertext|wrapped_key|encrypted_private_key", text)
    assert admin.get("/admin/tendering/unsealedtender/").status_code == 404
    assert admin.get("/admin/tendering/sealingkey/").status_code == 404
    assert admin.get("/admin/tendering/tenderfile/").status_code == 404
