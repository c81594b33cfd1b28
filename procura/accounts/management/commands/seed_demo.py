"""Load the demo organisations and people, then the demo story (procura/core/demo_story.py):
the reference scenarios' procurements, played through the real services at dates relative to
today. Safe to run again: nothing is duplicated, and a scenario already loaded is skipped."""

from contextlib import nullcontext

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from procura.accounts import demo, services
from procura.accounts.models import Membership, Organisation, User
from procura.accounts.states import AuthorityType, IdentifierScheme, OrganisationKind, Role
from procura.core import clock, demo_story


class DemoPasswordHasher(PBKDF2PasswordHasher):
    """Django's PBKDF2 at its configured strength, with one salt for the whole seed, so that the
    demo password is hashed once rather than once per person (~0.4 s each, most of the seed's
    time). Every demo person has the same, published password: a salt each protects nothing.
    The hashes are ordinary pbkdf2_sha256 ones that the configured hasher verifies."""

    _salt: str | None = None
    _encoded: dict[tuple, str] = {}

    def salt(self) -> str:
        if DemoPasswordHasher._salt is None:
            DemoPasswordHasher._salt = super().salt()
        return DemoPasswordHasher._salt

    def encode(self, password, salt, iterations=None) -> str:
        key = (password, salt, iterations)
        if key not in self._encoded:
            self._encoded[key] = super().encode(password, salt, iterations)
        return self._encoded[key]


def hash_demo_password_once():
    if get_hasher().algorithm != DemoPasswordHasher.algorithm:
        return nullcontext()  # another hasher is configured (the tests' MD5): leave it alone
    path = f"{DemoPasswordHasher.__module__}.{DemoPasswordHasher.__qualname__}"
    return override_settings(PASSWORD_HASHERS=[path, *settings.PASSWORD_HASHERS])


class Command(BaseCommand):
    help = (
        "Create the demo organisations, one sign-in per role, and the demo procurements "
        "(idempotent)."
    )

    def handle(self, *args, **options):
        # The story's e-mails (assessment summaries to bid managers) belong to its past and
        # go to made-up addresses: they are kept in memory, never sent or printed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            with transaction.atomic():
                # The organisations and people exist before the first step of the story, so
                # that the audit trail reads forwards in time.
                begins = demo_story.world_begins(clock.today())
                with clock.travel(begins), hash_demo_password_once():
                    created = self._seed()
                played = demo_story.play()
        self.stdout.write(f"Demo data ready ({created} new records).")
        if played:
            self.stdout.write(
                "Demo procurements loaded: " + "; ".join(s.title for s in played) + "."
            )
        self.stdout.write("Demo procurements (dates relative to today):")
        for line in demo_story.summary():
            self.stdout.write(f"  {line}")
        self.stdout.write(f"Every demo sign-in uses the password: {demo.DEMO_PASSWORD}")
        for username, role_names, organisation in self.sign_ins():
            self.stdout.write(f"  {username:<22} {role_names} — {organisation}")

    def _organisation(self, fields: dict) -> tuple[Organisation, bool]:
        existing = Organisation.objects.filter(name=fields["name"]).first()
        if existing:
            return existing, False
        return services.create_organisation(actor=None, **fields), True

    def _seed(self) -> int:
        created = 0
        organisations = {}
        everyone = [demo.PLATFORM, *demo.AUTHORITIES]
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
                **demo.address_of(name),
            }
            for name, ppon, locality, region in demo.PARTICIPANTS
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
                **demo.address_of(name),
            }
            for name, number, locality, region, scale in demo.SUPPLIERS
        ]
        for fields in everyone:
            organisations[fields["name"]], new = self._organisation(fields)
            created += new

        people = list(demo.PEOPLE)
        people += [
            (
                demo.supplier_username(name),
                "Bid",
                "Manager",
                "Bid Manager",
                name,
                [Role.SUPPLIER_BID_MANAGER],
            )
            for name, *_ in demo.SUPPLIERS
        ]
        for username, first, last, title, org_name, roles in people:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = services.create_user(
                    actor=None,
                    username=username,
                    email=f"{username}@procura.example",
                    first_name=first,
                    last_name=last,
                    job_title=title,
                    password=demo.DEMO_PASSWORD,
                )
                created += 1
            organisation = organisations[org_name]
            for role in roles:
                if not Membership.objects.filter(
                    user=user, organisation=organisation, role=role
                ).exists():
                    services.grant_role(actor=None, user=user, organisation=organisation, role=role)
                    created += 1
        return created

    def sign_ins(self):
        shown = [p for p in demo.PEOPLE] + [
            (
                demo.supplier_username(demo.SUPPLIERS[0][0]),
                "",
                "",
                "",
                demo.SUPPLIERS[0][0],
                [Role.SUPPLIER_BID_MANAGER],
            ),
            (
                demo.supplier_username(demo.SUPPLIERS[1][0]),
                "",
                "",
                "",
                demo.SUPPLIERS[1][0],
                [Role.SUPPLIER_BID_MANAGER],
            ),
        ]
        for username, _first, _last, _title, org_name, roles in shown:
            yield username, ", ".join(Role(r).label for r in roles), org_name
