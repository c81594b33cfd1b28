"""The organisations and people of the demo (docs/scenarios.md), and the seed that makes them.

The two contracting authorities and the participants are real public bodies; their PPONs here are
made up in the real format (Find a Tender allocates the real ones). The supplier organisations are
FICTIONAL, with made-up Companies House numbers, so that demo procurements can exclude, shortlist
and reject them without saying anything about a real company.
"""

from procura.accounts import services
from procura.accounts.models import Membership, Organisation, User
from procura.accounts.states import (
    AuthorityType,
    IdentifierScheme,
    OrganisationKind,
    Role,
    SupplierScale,
)

DEMO_PASSWORD = "procura-demo"  # noqa: S105 - printed by `make demo`; never used in production

SUB_CENTRAL = AuthorityType.SUB_CENTRAL

AUTHORITIES = [
    {
        "name": "Metropolitan Police Service",
        "kind": OrganisationKind.CONTRACTING_AUTHORITY,
        "identifier_scheme": IdentifierScheme.PPON,
        "identifier": "PMPS-4721-LNDN",
        "ppon": "PMPS-4721-LNDN",
        "authority_type": SUB_CENTRAL,
        "street_address": "New Scotland Yard, Victoria Embankment",
        "locality": "London",
        "postcode": "SW1A 2JL",
        "region": "UKI32",
        "email": "commercial@met.police.example",
    },
    {
        "name": "Police and Crime Commissioner for Staffordshire",
        "kind": OrganisationKind.CONTRACTING_AUTHORITY,
        "identifier_scheme": IdentifierScheme.PPON,
        "identifier": "PSTF-8830-PCCS",
        "ppon": "PSTF-8830-PCCS",
        "authority_type": SUB_CENTRAL,
        "street_address": "Block 9, Weston Road",
        "locality": "Stafford",
        "postcode": "ST18 0YY",
        "region": "UKG24",
        "email": "procurement@staffordshire-pfcc.example",
    },
]

PARTICIPANTS = [
    ("Staffordshire Commissioner Fire and Rescue Authority", "PSFR-2210-FIRE", "Stafford", "UKG24"),
    ("Stoke-on-Trent City Council", "PSOT-5531-CITY", "Stoke-on-Trent", "UKG23"),
    ("Staffordshire County Council", "PSCC-7702-CNTY", "Stafford", "UKG24"),
    ("Staffordshire Moorlands District Council", "PSMD-3390-DIST", "Leek", "UKG24"),
]

# (name, Companies House number, locality, ITL region, scale)
SUPPLIERS = [
    ("Albion Technology Solutions Ltd", "09123401", "Reading", "UKJ11", SupplierScale.LARGE),
    ("Brightwell IT Supply Ltd", "08234502", "Manchester", "UKD33", SupplierScale.LARGE),
    ("Castlegate Digital Ltd", "07345603", "Nottingham", "UKF14", SupplierScale.SME),
    ("Dunmore Systems plc", "06456704", "Glasgow", "UKM82", SupplierScale.LARGE),
    ("Eastbrook Computing Ltd", "05567805", "Norwich", "UKH15", SupplierScale.SME),
    ("Fernhill Networks Ltd", "04678906", "Bristol", "UKK11", SupplierScale.SME),
    ("Greystone Infrastructure Ltd", "03789007", "Leeds", "UKE42", SupplierScale.LARGE),
    ("Harbourline Services Ltd", "02890108", "Southampton", "UKJ32", SupplierScale.SME),
    ("Ironbridge Data Ltd", "01901209", "Telford", "UKG21", SupplierScale.SME),
    ("Juniper Vale Technology Ltd", "10012310", "Cardiff", "UKL22", SupplierScale.SME),
    ("Keystone Public Sector IT Ltd", "11123411", "Birmingham", "UKG31", SupplierScale.LARGE),
    ("Lanthorn Partners LLP", "OC123412", "London", "UKI31", SupplierScale.LARGE),
]

PLATFORM = {
    "name": "Procura platform operator",
    "kind": OrganisationKind.PLATFORM_OPERATOR,
    "identifier_scheme": IdentifierScheme.COMPANIES_HOUSE,
    "identifier": "00000001",
    "street_address": "2 Ledger Yard",
    "locality": "London",
    "postcode": "EC1V 4QR",
}

# Each participant's and supplier's (street address, postcode); its town is its locality above.
# The participants are real public bodies at their published addresses; the suppliers'
# addresses are as FICTIONAL as the suppliers themselves.
ADDRESSES = {
    "Staffordshire Commissioner Fire and Rescue Authority": ("Block 9, Weston Road", "ST18 0YY"),
    "Stoke-on-Trent City Council": ("Civic Centre, Glebe Street", "ST4 1HH"),
    "Staffordshire County Council": ("1 Staffordshire Place, Tipping Street", "ST16 2DH"),
    "Staffordshire Moorlands District Council": ("Moorlands House, Stockwell Street", "ST13 6HQ"),
    "Albion Technology Solutions Ltd": ("Unit 4, Kennet Wharf, Bridge Street", "RG1 2LU"),
    "Brightwell IT Supply Ltd": ("3rd Floor, 18 Peverell Square", "M2 4DN"),
    "Castlegate Digital Ltd": ("7 Lace Market Yard", "NG1 1PF"),
    "Dunmore Systems plc": ("Dunmore House, 120 Argyle Row", "G2 8BG"),
    "Eastbrook Computing Ltd": ("Suite 2, 41 Wensum Quay", "NR1 1QA"),
    "Fernhill Networks Ltd": ("12 Harbourside Walk", "BS1 5TY"),
    "Greystone Infrastructure Ltd": ("Greystone Court, 55 Aire Place", "LS1 4PR"),
    "Harbourline Services Ltd": ("Ocean Gate, 9 Quayside Road", "SO14 3FJ"),
    "Ironbridge Data Ltd": ("Unit 9, Severn Park, Hortonwood", "TF1 7YE"),
    "Juniper Vale Technology Ltd": ("2 Bute Crescent", "CF10 5AN"),
    "Keystone Public Sector IT Ltd": ("Keystone House, 88 Colmore Terrace", "B3 2AB"),
    "Lanthorn Partners LLP": ("4th Floor, 30 Finsbury Lanes", "EC2A 1AH"),
}


# The names some demo suppliers trade under: a clarification may not name them either.
TRADING_NAMES = {
    "Albion Technology Solutions Ltd": ["Albion Tech"],
    "Dunmore Systems plc": ["Dunmore IT"],
    "Lanthorn Partners LLP": ["Lanthorn Forensic Services"],
}


def address_of(name: str) -> dict:
    """The street address and postcode of a demo participant or supplier, as Organisation
    fields."""
    street_address, postcode = ADDRESSES[name]
    return {"street_address": street_address, "postcode": postcode}


MPS = "Metropolitan Police Service"
STAFFS = "Police and Crime Commissioner for Staffordshire"

# (username, first name, last name, job title, organisation, roles)
PEOPLE = [
    ("mps.buyer", "Priya", "Shah", "Senior Category Manager, Technology", MPS, [Role.BUYER]),
    ("mps.buyer2", "Tom", "Reid", "Procurement Officer", MPS, [Role.BUYER]),
    ("mps.approver", "David", "Okafor", "Head of Commercial Services", MPS, [Role.APPROVER]),
    ("mps.evaluator1", "Grace", "Mensah", "Technology Asset Manager", MPS, [Role.EVALUATOR]),
    ("mps.evaluator2", "Rob", "Kaur", "End User Services Lead", MPS, [Role.EVALUATOR]),
    ("mps.evaluator3", "Lucy", "Byrne", "Finance Business Partner", MPS, [Role.EVALUATOR]),
    ("mps.contracts", "Sam", "Adeyemi", "Contract Manager", MPS, [Role.CONTRACT_MANAGER]),
    (
        "mps.requisitioner",
        "Helen",
        "Ward",
        "Specialist Operations, Business Manager",
        MPS,
        [Role.REQUISITIONER],
    ),
    ("mps.auditor", "Ian", "Price", "Internal Audit", MPS, [Role.AUDITOR]),
    ("staffs.buyer", "Anna", "Clarke", "Head of Procurement", STAFFS, [Role.BUYER, Role.APPROVER]),
    # The procurement lead: the two-officer opening and the proposer/approver split need a second
    # buyer-side officer besides the Head of Procurement.
    ("staffs.buyer2", "James", "Whitfield", "Senior Procurement Officer", STAFFS, [Role.BUYER]),
    ("staffs.evaluator", "Mark", "Hughes", "Chief Digital Officer", STAFFS, [Role.EVALUATOR]),
    # A second evaluator, so that moderation reconciles two independent sets of scores.
    (
        "staffs.evaluator2",
        "Sarah",
        "Bennett",
        "Head of ICT Service Delivery",
        STAFFS,
        [Role.EVALUATOR],
    ),
    (
        "staffs.contracts",
        "Ruth",
        "Evans",
        "Strategic Partnership Manager",
        STAFFS,
        [Role.CONTRACT_MANAGER, Role.AUDITOR],
    ),
    (
        "stoke.requisitioner",
        "Paul",
        "Green",
        "ICT Client Manager",
        "Stoke-on-Trent City Council",
        [Role.REQUISITIONER],
    ),
    (
        "admin",
        "Procura",
        "Administrator",
        "Platform administrator",
        PLATFORM["name"],
        [Role.PLATFORM_ADMIN],
    ),
]


def supplier_username(name: str) -> str:
    return name.split()[0].lower() + ".bid"


def organisations() -> list[dict]:
    """Every demo organisation, as the fields `create_organisation` takes."""
    everyone = [PLATFORM, *AUTHORITIES]
    everyone += [
        {
            "name": name,
            "kind": OrganisationKind.PARTICIPANT,
            "identifier_scheme": IdentifierScheme.PPON,
            "identifier": ppon,
            "ppon": ppon,
            "authority_type": AuthorityType.SUB_CENTRAL,
            "locality": locality,
            "region": region,
            **address_of(name),
        }
        for name, ppon, locality, region in PARTICIPANTS
    ]
    everyone += [
        {
            "name": name,
            "kind": OrganisationKind.SUPPLIER,
            "identifier_scheme": IdentifierScheme.COMPANIES_HOUSE,
            "identifier": number,
            "locality": locality,
            "region": region,
            "scale": scale,
            "email": f"bids@{name.split()[0].lower()}.example",
            "trading_names": TRADING_NAMES.get(name, []),
            **address_of(name),
        }
        for name, number, locality, region, scale in SUPPLIERS
    ]
    return everyone


def everyone() -> list[tuple[str, str, str, str, str, list[Role]]]:
    """Every demo person: the named people, then one bid manager for each supplier."""
    return [
        *PEOPLE,
        *(
            (
                supplier_username(name),
                "Bid",
                "Manager",
                "Bid Manager",
                name,
                [Role.SUPPLIER_BID_MANAGER],
            )
            for name, *_ in SUPPLIERS
        ),
    ]


def sign_ins() -> list[tuple[str, str, str]]:
    """(username, roles, organisation) of every person the demo makes, for `make demo` to
    print: each of them signs in with DEMO_PASSWORD."""
    return [
        (username, ", ".join(str(Role(r).label) for r in roles), organisation)
        for username, _first, _last, _title, organisation, roles in everyone()
    ]


def _organisation(fields: dict) -> tuple[Organisation, bool]:
    existing = Organisation.objects.filter(name=fields["name"]).first()
    if existing:
        return existing, False
    return services.create_organisation(actor=None, **fields), True


def seed() -> int:
    """Make every demo organisation, person and role that does not exist yet, through the
    accounts services; return how many records were made (0 when all exist)."""
    created = 0
    made = {}
    for fields in organisations():
        made[fields["name"]], new = _organisation(fields)
        created += new
    for username, first, last, title, org_name, roles in everyone():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.create_user(
                actor=None,
                username=username,
                email=f"{username}@procura.example",
                first_name=first,
                last_name=last,
                job_title=title,
                password=DEMO_PASSWORD,
            )
            created += 1
        organisation = made[org_name]
        for role in roles:
            if not Membership.objects.filter(
                user=user, organisation=organisation, role=role
            ).exists():
                services.grant_role(actor=None, user=user, organisation=organisation, role=role)
                created += 1
    return created
