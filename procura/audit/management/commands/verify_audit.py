from django.core.management.base import BaseCommand, CommandError

from procura.audit.models import AuditChainHead, AuditEvent
from procura.audit.selectors import find_chain_break


class Command(BaseCommand):
    help = (
        "Walk the audit hash chain; exit non-zero naming the first altered, deleted or "
        "reordered event. --anchor SEQUENCE:HASH also checks a hash recorded outside Procura "
        "(e.g. printed by an earlier run), so that rewriting the whole chain is caught too."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQUENCE:HASH",
            help="An event hash recorded elsewhere; may be given several times.",
        )

    def handle(self, *args, anchor, **options):
        chain_break = find_chain_break()
        if chain_break is not None:
            raise CommandError(f"Audit trail broken at {chain_break}")
        for item in anchor:
            sequence, _, expected = item.partition(":")
            if not sequence.isdigit() or len(expected) != 64:
                raise CommandError(f"An anchor is SEQUENCE:HASH (64 hex digits), not {item!r}")
            stored = (
                AuditEvent.objects.filter(sequence=int(sequence)).values_list("hash", flat=True)
            ).first()
            if stored != expected:
                raise CommandError(
                    f"Audit trail broken at event #{sequence}: its hash does not match the "
                    "anchor recorded outside Procura (the chain was rewritten)"
                )
        head = AuditChainHead.objects.get(pk=1)
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit trail intact: {head.last_sequence} events, head "
                f"{head.last_sequence}:{head.last_hash}"
            )
        )
