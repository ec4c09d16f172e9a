from django.core.management.base import BaseCommand

from procurement.cases import case_sync
from procurement.models import Document


class Command(BaseCommand):
    help = (
        "Recompute every document's case from its workflow, invoice and findings (idempotent). "
        "Run once after upgrading a database that holds documents from before cases existed."
    )

    def handle(self, *args, **options):
        count = 0
        for document_id in Document.objects.order_by("pk").values_list("pk", flat=True).iterator():
            case_sync(document_id=document_id)
            count += 1
        self.stdout.write(f"{count} cases in step with their documents.")
