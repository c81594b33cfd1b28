"""Load the demo organisations and people (procura/demo/people.py), then the demo story
(procura/demo/story.py): the reference scenarios' procurements, played through the real services
at dates relative to today. Safe to run again: nothing is duplicated, and a scenario already
loaded is skipped. Prints every demo sign-in."""

from contextlib import nullcontext

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from procura.core import clock
from procura.demo import people, story


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
                begins = story.world_begins(clock.today())
                with clock.travel(begins), hash_demo_password_once():
                    created = people.seed()
                played = story.play()
        self.stdout.write(f"Demo data ready ({created} new records).")
        if played:
            self.stdout.write(
                "Demo procurements loaded: " + "; ".join(s.title for s in played) + "."
            )
        self.stdout.write("Demo procurements (dates relative to today):")
        for line in story.summary():
            self.stdout.write(f"  {line}")
        sign_ins = people.sign_ins()
        self.stdout.write(
            f"The {len(sign_ins)} demo sign-ins, all with the password: {people.DEMO_PASSWORD}"
        )
        for username, role_names, organisation in sign_ins:
            self.stdout.write(f"  {username:<22} {role_names} — {organisation}")
