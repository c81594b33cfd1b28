"""The agreements gate is part of the procurement's set-up: where the documents are kept behind
the agreements, a supplier taking part sees which one is not issued yet (page and API); where
they are not, a supplier taking part is admitted at once and sees the documents."""

import pytest

from procura.participation import services
from procura.participation.models import Participant
from procura.participation.states import AgreementKind, ParticipantStatus
from procura.participation.tests import factories as f
from procura.procurements.tests.pages import signed_in
from procura.testing.client import Api

pytestmark = pytest.mark.django_db

API = "/api/v1/procurements/"


def test_without_the_gate_a_supplier_is_admitted_at_once_and_sees_the_documents():
    # Given a procurement that does not keep its documents behind agreements, none issued
    procurement = f.ProcurementFactory(documents_behind_agreements=False)
    organisation, bid_manager = f.supplier("Albion Technology Ltd")
    api = Api(bid_manager, prefix=API)

    # When Albion expresses interest
    participant = services.express_interest(
        actor=bid_manager, procurement=procurement, supplier=organisation
    )

    # Then it is admitted at once, with nothing to accept, and the documents are open to it
    assert participant.status == ParticipantStatus.ADMITTED
    mine = api.get(f"{procurement.pk}/participation").json()
    assert (mine["status"], mine["gate_current"], mine["agreements_not_issued"]) == (
        "admitted",
        True,
        [],
    )
    assert api.get(f"{procurement.pk}/documents").status_code == 200


@pytest.mark.parametrize(
    "issued, not_issued",
    [
        ((), ["nda", "ethical_walls"]),
        ((AgreementKind.NDA,), ["ethical_walls"]),
        ((AgreementKind.NDA, AgreementKind.ETHICAL_WALLS), []),
    ],
)
def test_a_supplier_sees_which_agreement_is_not_issued_yet(issued, not_issued):
    # Given a gated procurement whose buyer has issued only some agreements
    procurement = f.ProcurementFactory()
    buyer = f.buyer_of(procurement.authority)
    for kind in issued:
        services.issue_agreement(
            actor=buyer, procurement=procurement, kind=kind, title=kind.label, text="Terms."
        )
    organisation, bid_manager = f.supplier("Albion Technology Ltd")
    participant = f.interested_participant(procurement, organisation, bid_manager)

    # When it looks at its participation (API) and its agreements page
    mine = Api(bid_manager, prefix=API).get(f"{procurement.pk}/participation").json()
    page = signed_in(bid_manager).get(f"/procurements/{procurement.pk}/participate/agreements/")

    # Then both say which agreement is not issued yet
    assert mine["agreements_not_issued"] == not_issued
    assert mine["gate_current"] is False
    for kind in AgreementKind:
        said = f"The buyer has not issued the {kind.label.lower()} yet." in page.content.decode()
        assert said == (kind.value in not_issued)
    assert Participant.objects.get(pk=participant.pk).status == ParticipantStatus.INTERESTED
