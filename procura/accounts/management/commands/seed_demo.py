"""Load the demo organisations and people. Safe to run again: nothing is duplicated."""

from django.core.management.base import BaseCommand
from django.db import transaction

from procura.accounts import demo, services
from procura.accounts.models import Membership, Organisation, User
from procura.accounts.states import AuthorityType, IdentifierScheme, OrganisationKind, Role


class Command(BaseCommand):
    help = "Create the demo organisations and one sign-in per role (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = self._seed()
        self.stdout.write(f"Demo data ready ({created} new records).")
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
