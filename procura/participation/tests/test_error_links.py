"""The GOV.UK error pattern on the supplier's questionnaire and agreements pages: each message in
the error summary links to its field's id, and each field names its message (and its hint) in
aria-describedby, so a screen reader reads the error with the field."""

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from procura.audit.models import AuditEvent
from procura.participation import rules
from procura.participation.models import ParticipationResponse
from procura.participation.tests import factories as f

pytestmark = pytest.mark.django_db


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Elements(HTMLParser):
    """Every element's attributes by id, its text, and the error summary's links."""

    def __init__(self):
        super().__init__()
        self.by_id: dict[str, dict] = {}
        self.text: dict[str, str] = {}
        self.summary_links: list[tuple[str, str]] = []
        self._stack: list[tuple[str, str | None, bool]] = []  # (tag, id, is the summary)
        self._link: str | None = None

    def _in_summary(self) -> bool:
        return any(is_summary for _, _, is_summary in self._stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.by_id[attrs["id"]] = {"tag": tag, **attrs}
            self.text[attrs["id"]] = ""
        if tag == "a" and self._in_summary():
            self._link = attrs.get("href")
        if tag not in VOID:
            summary = "govuk-error-summary" in (attrs.get("class") or "").split()
            self._stack.append((tag, attrs.get("id"), summary))

    def handle_endtag(self, tag):
        if tag == "a":
            self._link = None
        while self._stack:
            open_tag, _, _ = self._stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._link is not None:
            self.summary_links.append((self._link, data.strip()))
        for _, element_id, _ in self._stack:
            if element_id:
                self.text[element_id] += data


def elements(response) -> _Elements:
    parser = _Elements()
    parser.feed(response.content.decode())
    return parser


def described_by(page: _Elements, field_id: str) -> list[str]:
    return (page.by_id[field_id].get("aria-describedby") or "").split()


def error_text(page: _Elements, field_id: str) -> str:
    return " ".join(page.text[f"{field_id}-error"].split()).removeprefix("Error: ")


@pytest.fixture
def admitted():
    procurement = f.ProcurementFactory()
    buyer = f.buyer_of(procurement.authority)
    f.issue_agreements(procurement, buyer)
    questions = f.standard_questions(procurement)
    organisation, bid_manager = f.supplier("Albion Technology Ltd")
    f.admitted_participant(procurement, organisation, bid_manager)
    client = Client()
    client.force_login(bid_manager)
    return procurement, questions, client


def test_questionnaire_errors_are_linked_to_their_fields(admitted):
    # Given
    procurement, (pass_fail, scored, file_question), client = admitted
    before = AuditEvent.objects.count()

    # When the supplier saves a turnover that is not money and an empty certificate
    response = client.post(
        f"/procurements/{procurement.pk}/participate/questionnaire/",
        {
            f"answer-{pass_fail.pk}": "Yes, certificate CE+ 1234.",
            "annual_turnover": "about a million",
            f"file-{file_question.pk}": SimpleUploadedFile("iso.pdf", b""),
            "action": "save",
        },
    )

    # Then the summary links each message to its field's id
    page = elements(response)
    assert response.status_code == 400
    anchor = f"question-{file_question.pk}"
    assert page.summary_links == [
        ("#annual_turnover", "Enter the annual turnover in pounds, like 1250000"),
        (f"#{anchor}", "The selected file is empty"),
    ]
    # and each field is described by its hint and its error message, which says the same
    assert described_by(page, "annual_turnover") == [
        "annual_turnover-hint",
        "annual_turnover-error",
    ]
    assert (
        error_text(page, "annual_turnover") == "Enter the annual turnover in pounds, like 1250000"
    )
    assert page.by_id[anchor]["tag"] == "input"
    assert described_by(page, anchor) == [f"{anchor}-hint", f"{anchor}-error"]
    assert error_text(page, anchor) == "The selected file is empty"
    # and a field without an error is described by its hint only
    assert described_by(page, f"question-{pass_fail.pk}") == [f"question-{pass_fail.pk}-hint"]
    # and nothing was saved
    assert ParticipationResponse.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_a_refusal_from_the_service_is_linked_to_its_field_too(admitted, monkeypatch):
    # Given a file larger than the limit (the service's own check, rules.check_file)
    procurement, (_, _, file_question), client = admitted
    monkeypatch.setattr(rules.stage, "MAX_FILE_BYTES", 10)  # where check_file reads it
    big = SimpleUploadedFile("iso.pdf", b"x" * 11)

    # When
    response = client.post(
        f"/procurements/{procurement.pk}/participate/questionnaire/",
        {f"file-{file_question.pk}": big, "action": "save"},
    )

    # Then
    page = elements(response)
    anchor = f"question-{file_question.pk}"
    assert response.status_code == 400
    assert page.summary_links == [
        (f"#{anchor}", "The selected file iso.pdf must be smaller than 50MB.")
    ]
    assert described_by(page, anchor) == [f"{anchor}-hint", f"{anchor}-error"]
    assert error_text(page, anchor) == "The selected file iso.pdf must be smaller than 50MB."
    assert ParticipationResponse.objects.count() == 0


def test_the_unticked_agreement_is_linked_to_its_checkbox():
    # Given a supplier that has expressed interest and not accepted the agreements
    procurement = f.ProcurementFactory()
    buyer = f.buyer_of(procurement.authority)
    agreements = f.issue_agreements(procurement, buyer)
    organisation, bid_manager = f.supplier("Brightwell Systems Ltd")
    participant = f.interested_participant(procurement, organisation, bid_manager)
    client = Client()
    client.force_login(bid_manager)
    nda = agreements["nda"]
    before = AuditEvent.objects.count()

    # When the supplier accepts without ticking the box
    response = client.post(
        f"/procurements/{procurement.pk}/participate/agreements/{nda.pk}/accept/"
    )

    # Then
    page = elements(response)
    assert response.status_code == 400
    assert page.summary_links == [
        ("#confirm-nda", "Confirm that your organisation accepts the non-disclosure agreement")
    ]
    assert page.by_id["confirm-nda"]["type"] == "checkbox"
    assert described_by(page, "confirm-nda") == ["confirm-nda-error"]
    assert error_text(page, "confirm-nda") == (
        "Confirm that your organisation accepts the non-disclosure agreement"
    )
    # the other agreement's checkbox has no error to point to
    assert described_by(page, "confirm-ethical_walls") == []
    assert participant.acceptances.count() == 0
    assert AuditEvent.objects.count() == before
