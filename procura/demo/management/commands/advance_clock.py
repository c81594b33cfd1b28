"""Move the service's clock forward in the demo (docs/adr/0008-demo-clock.md), as the demo
clock's page does: through the same service, so the move is audited and the deadline job runs for
the time skipped. Only with PROCURA_DEMO_CLOCK on (never in production)."""

from datetime import datetime, timedelta

from django.core.management.base import BaseCommand, CommandError

from procura.accounts.models import User
from procura.core import clock
from procura.core.errors import DomainError
from procura.demo import services


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"invalid_input: --to takes a date and time like 2027-01-15T12:00, not {value!r}."
        ) from error
    # Without a zone, a time is London's, as people read it.
    return moment if moment.tzinfo else moment.replace(tzinfo=clock.LONDON)


class Command(BaseCommand):
    help = (
        "Move the service's clock forward (demo clock on only): --days N, --hours N or "
        "--to 2027-01-15T12:00 (London time), then close the deadlines the move passed."
    )

    def add_arguments(self, parser):
        how = parser.add_mutually_exclusive_group(required=True)
        how.add_argument("--days", type=int, help="move forward this many days")
        how.add_argument("--hours", type=int, help="move forward this many hours")
        how.add_argument("--to", help="move forward to this date and time (London)")
        parser.add_argument(
            "--as",
            dest="username",
            default="admin",
            help="the platform administrator making the move (default: the demo's admin)",
        )

    def handle(self, *args, days=None, hours=None, to=None, username="admin", **options):
        actor = User.objects.filter(username=username).first()
        if actor is None:
            raise CommandError(f"not_found: there is no user {username!r}.")
        if to is not None:
            move = {"to": _moment(to)}
        else:
            move = {"by": timedelta(days=days or 0, hours=hours or 0)}
        try:
            moved = services.advance_clock(actor=actor, **move)
        except DomainError as error:
            if error.code == "not_found":
                raise CommandError(
                    f"not_found: the demo clock is off (PROCURA_DEMO_CLOCK), or {username} is "
                    "not a platform administrator."
                ) from error
            raise CommandError(f"{error.code}: {error.message}") from error
        closed = moved.deadlines_closed
        self.stdout.write(
            f"The service's time was {clock.format_datetime(moved.before)}; it is now "
            f"{clock.format_datetime(moved.after)}. Closed the passed deadlines of {closed} "
            f"{'procurement' if closed == 1 else 'procurements'}."
        )
