"""Web and two workers as on three machines: each with its own empty MEDIA_ROOT, documents in one
S3 bucket (moto on loopback). Every demo invoice settles where the manifest says, nothing lands on
any local disk, and the PDF is served to a clerk through the app (and to nobody else)."""
from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from django.urls import reverse

from agents.orchestrator.models import Workflow
from agents.orchestrator.states import SETTLED
from procurement.models import Document
from tests.intake_sources.conftest import s3_endpoint  # noqa: F401 - the moto server fixture
from tests.pipeline.conftest import assert_settled_per_purchase_order, ingest

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shared_bucket(s3_endpoint, settings, tmp_path):  # noqa: F811
    """The bucket, configured for this (web) process; returns the workers' environment."""
    import boto3

    from config.settings import DOCUMENT_STORAGES

    bucket = f"documents-{uuid.uuid4().hex[:12]}"
    env = {
        "DOCUMENT_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_S3_REGION_NAME": "us-east-1",
    }
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=bucket)
    for name in ("AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID",
                 "AWS_SECRET_ACCESS_KEY", "AWS_S3_REGION_NAME"):
        setattr(settings, name, env[name])
    settings.STORAGES = {**settings.STORAGES, "documents": DOCUMENT_STORAGES["s3"]}
    settings.MEDIA_ROOT = tmp_path / "web-media"
    client.bucket = bucket
    return env, client


def _files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_it_settles_every_invoice_with_documents_only_in_the_bucket(
    demo_pdfs, workers, shared_bucket, tmp_path, client, clerk, outsider
):
    pdf_dir, manifest = demo_pdfs
    env, s3 = shared_bucket
    media = [tmp_path / "worker-1-media", tmp_path / "worker-2-media"]
    workers.worker(env={**env, "MEDIA_ROOT": str(media[0])})
    workers.worker(env={**env, "MEDIA_ROOT": str(media[1])})
    workers.scheduler(env={**env, "MEDIA_ROOT": str(tmp_path / "scheduler-media")})

    code, _ = ingest(*sorted(pdf_dir.glob("*.pdf")), wait=0)
    assert code == 3
    deadline = time.monotonic() + 180
    while Workflow.objects.exclude(state__in=SETTLED).exists():
        assert time.monotonic() < deadline, workers.logs()
        time.sleep(0.25)

    # per purchase order: which of two invoices that together over-bill an order is held
    # depends on which a worker validates first
    assert_settled_per_purchase_order(manifest, workers.logs())

    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=s3.bucket).get("Contents", [])}
    assert keys == set(Document.objects.values_list("storage_path", flat=True))
    for folder in [*media, tmp_path / "scheduler-media", tmp_path / "web-media"]:
        assert _files_under(folder) == [], folder

    document = Document.objects.order_by("pk").first()
    url = reverse("documents:file", args=[document.pk])
    client.force_login(outsider)
    assert client.get(url).status_code in (403, 404)
    client.force_login(clerk)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    original = (pdf_dir / document.original_filename).read_bytes()
    assert b"".join(response.streaming_content) == original
