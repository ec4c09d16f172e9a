"""Ingest the objects of S3_BUCKET not seen before, once (the scheduler does this regularly)."""
from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from procurement.sources.s3 import s3_poll


class Command(BaseCommand):
    help = (
        "Store every object of S3_BUCKET (under S3_PREFIX) not seen before "
        "and start its workflow."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bucket", default=None, help="default: S3_BUCKET")
        parser.add_argument("--prefix", default=None, help="default: S3_PREFIX")

    def handle(self, *args, bucket: str | None, prefix: str | None, **options):
        bucket = bucket or settings.S3_BUCKET
        if not bucket:
            raise CommandError("no bucket: set S3_BUCKET or pass --bucket")
        prefix = settings.S3_PREFIX if prefix is None else prefix
        items = s3_poll(bucket=bucket, prefix=prefix)
        for item in items:
            result = item.result
            detail = f" ({result.reason})" if result.reason else ""
            self.stdout.write(
                f"{item.key}: {result.outcome} as document {result.document.pk}{detail}"
            )
        self.stdout.write(f"{len(items)} new object(s) in s3://{bucket}/{prefix}")
