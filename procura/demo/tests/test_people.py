"""The demo organisations: every one has a street address, a town and a postcode, and they reach
the parties of the published notices (Find a Tender's address object)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from procura.accounts.models import Membership, Organisation, User
from procura.demo import people as demo
from procura.demo import story
from procura.notices import ocds

# The shape of a UK postcode: outward code (area, district), space, inward code.
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$")


def _every_demo_organisation() -> list[str]:
    return (
        [demo.PLATFORM["name"]]
        + [a["name"] for a in demo.AUTHORITIES]
        + [name for name, *_ in demo.PARTICIPANTS]
        + [name for name, *_ in demo.SUPPLIERS]
    )


def test_every_demo_participant_and_supplier_has_an_address_in_a_uk_postcode_shape():
    named = [name for name, *_ in demo.PARTICIPANTS] + [name for name, *_ in demo.SUPPLIERS]

    assert sorted(demo.ADDRESSES) == sorted(named)
    for name in named:
        address = demo.address_of(name)
        assert address["street_address"], name
        assert POSTCODE.match(address["postcode"]), (name, address["postcode"])


@pytest.mark.django_db
def test_the_seeded_organisations_have_a_street_address_town_and_postcode():
    # When
    demo.seed()

    # Then
    seeded = Organisation.objects.filter(name__in=_every_demo_organisation())
    assert seeded.count() == len(_every_demo_organisation())
    for organisation in seeded:
        assert organisation.street_address, organisation.name
        assert organisation.locality, organisation.name
        assert POSTCODE.match(organisation.postcode), (organisation.name, organisation.postcode)
    albion = seeded.get(name="Albion Technology Solutions Ltd")
    assert (albion.street_address, albion.locality, albion.postcode) == (
        "Unit 4, Kennet Wharf, Bridge Street",
        "Reading",
        "RG1 2LU",
    )


@pytest.mark.django_db
def test_a_demo_suppliers_address_is_in_its_ocds_party():
    demo.seed()
    albion = Organisation.objects.get(name="Albion Technology Solutions Ltd")

    entry = ocds.party(albion, ["tenderer"])

    assert entry["address"] == {
        "countryName": "United Kingdom",
        "country": albion.country,
        "streetAddress": "Unit 4, Kennet Wharf, Bridge Street",
        "locality": "Reading",
        "postalCode": "RG1 2LU",
        "region": "UKJ11",
    }


@pytest.mark.django_db
def test_seed_demo_prints_every_demo_sign_in_with_its_organisation_and_roles(monkeypatch):
    # Given the people alone (the story is tested on its own)
    monkeypatch.setattr(story, "SCENARIOS", [])

    # When
    out = StringIO()
    call_command("seed_demo", stdout=out)

    # Then every person the seed made is printed, each once, with every role they hold
    lines = out.getvalue().splitlines()
    start = lines.index("The 28 demo sign-ins, all with the password: procura-demo")
    printed = lines[start + 1 :]
    made = [
        (m.user.username, m.get_role_display(), m.organisation.name)
        for m in Membership.objects.select_related("user", "organisation").order_by("pk")
    ]
    assert len(printed) == User.objects.count() == 28
    roles: dict[tuple[str, str], list[str]] = {}
    for username, role, organisation in made:
        roles.setdefault((username, organisation), []).append(role)
    assert sorted(printed) == sorted(
        f"  {username:<22} {', '.join(labels)} — {organisation}"
        for (username, organisation), labels in roles.items()
    )
    assert "  keystone.bid           Supplier bid manager — Keystone Public Sector IT Ltd" in (
        printed
    )
    assert (
        "  staffs.buyer           Buyer (procurement officer), Approver — Police and Crime "
        "Commissioner for Staffordshire"
    ) in printed
