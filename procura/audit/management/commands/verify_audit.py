from django.core.management.base import BaseCommand, CommandError

from procura.audit.models import AuditChainHead
from procura.audit.selectors import find_chain_break


class Command(BaseCommand):
    help = (
        "Walk the audit hash chain; exit non-zero naming the first altered, deleted or "
        "reordered event."
    )

    def handle(self, *args, **options):
        chain_break = find_chain_break()
        if chain_break is not None:
            raise CommandError(f"Audit trail broken at {chain_break}")
        head = AuditChainHead.objects.get(pk=1)
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit trail intact: {head.last_sequence} events, head {head.last_hash}"
            )
        )
