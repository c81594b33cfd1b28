"""The scheduled job: close every participation and tender deadline that has passed.

Run it every few minutes (cron, a systemd timer, a platform scheduler). It is idempotent: a
deadline already closed is left alone, so running it twice, or twice at once, changes nothing
more; each change is made and audited by the same service a person would use.
"""

from django.core.management.base import BaseCommand

from procura.procurements import services


class Command(BaseCommand):
    help = "Close the participation and tender deadlines that have passed (idempotent)."

    def handle(self, *args, **options):
        changed = services.close_due_deadlines()
        noun = "procurement" if changed == 1 else "procurements"
        self.stdout.write(f"Closed the passed deadlines of {changed} {noun}.")
