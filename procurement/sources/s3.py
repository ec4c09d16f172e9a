"""An S3-compatible bucket (AWS S3, MinIO, Ceph, ...) that vendors or a mail gateway write to.

The poll lists the bucket (under S3_PREFIX), skips every (key, ETag) it has ingested before, and
ingests the rest through `document_ingest()`. What it has seen lives in the database
(`S3SeenObject`), written in the transaction that stores the document, so a restart, a second
poller or a lost Redis never ingests an object twice. A key overwritten with new bytes has a new
ETag and is offered again; if only the ETag changed (a copy, a multipart re-upload), the sha256
of its bytes makes it a duplicate of the document already stored.

An object larger than MAX_UPLOAD_MB is never fetched: its Size in the listing decides, on every
poll, so no restart or second poller fetches it either. It is logged (a warning) once per object
version and process; nothing is stored for it, since the original stays in the bucket.
(`S3SeenObject` cannot hold it: its `document` is required, and there is no document.)

The bucket is never written to: objects stay where they are, and so do the originals.
Credentials come from boto3's usual places (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY,
AWS_DEFAULT_REGION, a profile, an instance role).
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from botocore.exceptions import ClientError
from django.conf import settings
from django.db import IntegrityError, transaction

from procurement.ingestion import (
    IngestResult,
    document_ingest,
    max_upload_bytes,
    too_large_reason,
)
from procurement.models import Document, S3SeenObject

log = logging.getLogger(__name__)

# (bucket, key, etag) -> reason, for the oversized object versions this process has skipped: what
# makes the warning appear once. Not what keeps them from being fetched: that is the listed Size.
_skipped: dict[tuple[str, str, str], str] = {}
_skipped_lock = threading.Lock()


@dataclass(frozen=True)
class S3Item:
    key: str
    etag: str
    result: IngestResult


class S3Poller:
    """Polls one bucket; create one per poll or keep it, it holds no state of its own."""

    def __init__(
        self, *, bucket: str | None = None, prefix: str | None = None, client=None
    ) -> None:
        self.bucket = bucket or settings.S3_BUCKET
        if not self.bucket:
            raise ValueError("no bucket: set S3_BUCKET")
        self.prefix = settings.S3_PREFIX if prefix is None else prefix
        self.client = client or _client()

    def poll(self) -> list[S3Item]:
        """Ingest every object version not seen before; returns what happened to each."""
        items = []
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
            limit = max_upload_bytes()
            listed = []
            for obj in page.get("Contents", []):
                if obj["Key"].endswith("/"):
                    continue  # "folder" placeholder objects
                key, etag = obj["Key"], _etag(obj["ETag"])
                if obj.get("Size", 0) > limit:
                    self._skip_too_large(key, etag, obj["Size"])
                    continue
                listed.append((key, etag))
            # One query per page of up to 1000 keys, not one per object.
            seen = set(
                S3SeenObject.objects.filter(
                    bucket=self.bucket, key__in=[key for key, _ in listed]
                ).values_list("key", "etag")
            )
            for key, etag in listed:
                if (key, etag) not in seen:
                    item = self._ingest(key, etag)
                    if item is not None:
                        items.append(item)
        return items

    def _ingest(self, key: str, listed_etag: str) -> S3Item | None:
        try:
            response = self.client.get_object(
                Bucket=self.bucket, Key=key, IfMatch=f'"{listed_etag}"'
            )
        except self.client.exceptions.NoSuchKey:
            return None  # deleted since the listing
        except ClientError as exc:
            if _status(exc) == 412:
                return None  # overwritten since the listing: the next poll sees the new ETag
            raise
        etag = _etag(response.get("ETag", listed_etag))
        limit = max_upload_bytes()
        with response["Body"] as body:
            # The listing's Size was within the limit and If-Match pins that version; still, read
            # at most one byte more than the limit, whatever the server says or sends.
            declared = response.get("ContentLength", 0)
            content = b"" if declared > limit else body.read(limit + 1)
        if declared > limit or len(content) > limit:
            self._skip_too_large(key, etag, max(declared, len(content)))
            return None
        with transaction.atomic():
            result = document_ingest(
                content=content,
                filename=key.rsplit("/", 1)[-1] or key,
                source=Document.Source.S3,
                source_ref=f"s3://{self.bucket}/{key}",
            )
            try:
                with transaction.atomic():
                    S3SeenObject.objects.create(
                        bucket=self.bucket, key=key, etag=etag, document=result.document
                    )
            except IntegrityError:
                # Another poller took this very version at the same time; its document is ours.
                return None
        log.info("s3: %s (%s) %s", key, etag, result.outcome)
        return S3Item(key=key, etag=etag, result=result)


    def _skip_too_large(self, key: str, etag: str, size: int) -> None:
        """Remember an oversized object version as skipped, with its reason; warn the first time."""
        seen = (self.bucket, key, etag)
        with _skipped_lock:
            first = seen not in _skipped
            _skipped[seen] = too_large_reason()
        if first:
            log.warning(
                "s3: s3://%s/%s (%s, %d bytes) skipped, not fetched: %s",
                self.bucket, key, etag, size, _skipped[seen],
            )


def skipped_reason(*, bucket: str, key: str, etag: str) -> str:
    """Why this object version was skipped by this process, or "" if it was not."""
    with _skipped_lock:
        return _skipped.get((bucket, key, etag), "")


def s3_poll(*, bucket: str | None = None, prefix: str | None = None) -> list[S3Item]:
    return S3Poller(bucket=bucket, prefix=prefix).poll()


def _client():
    import boto3

    return boto3.client("s3", endpoint_url=settings.S3_ENDPOINT_URL or None)


def _etag(raw: str) -> str:
    return raw.strip().strip('"')


def _status(exc) -> int | None:
    return exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
