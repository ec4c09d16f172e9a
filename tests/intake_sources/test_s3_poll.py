"""The S3 poll against a real S3-compatible server (moto on loopback): each object once."""
from __future__ import annotations

import pytest
from django.core.management import call_command

from agents.orchestrator.models import Workflow
from procurement.models import Document, S3SeenObject
from procurement.sources.s3 import S3Poller, s3_poll
from tests.intake_sources.conftest import make_pdf

pytestmark = pytest.mark.django_db


def put(s3, key: str, content: bytes) -> str:
    return s3.put_object(Bucket=s3.bucket, Key=key, Body=content)["ETag"].strip('"')


def test_it_ingests_each_object_once_across_polls_and_restarts(s3):
    put(s3, "incoming/acme-1001.pdf", make_pdf("ACME 1001"))
    put(s3, "incoming/globex-77.pdf", make_pdf("Globex 77"))
    put(s3, "elsewhere/not-ours.pdf", make_pdf("outside the prefix"))

    first = s3_poll()
    again = s3_poll()
    after_restart = S3Poller().poll()  # a new poller, as after a deploy: memory is the database

    assert sorted(item.key for item in first) == [
        "incoming/acme-1001.pdf", "incoming/globex-77.pdf"
    ]
    assert {item.result.outcome for item in first} == {"accepted"}
    assert again == [] and after_restart == []
    assert Document.objects.count() == 2 and Workflow.objects.count() == 2
    document = Document.objects.get(original_filename="acme-1001.pdf")
    assert document.source == "s3"
    assert document.source_ref == f"s3://{s3.bucket}/incoming/acme-1001.pdf"
    assert document.read_bytes() == make_pdf("ACME 1001")


def test_it_treats_a_new_etag_with_the_same_bytes_as_a_duplicate(s3):
    first_etag = put(s3, "incoming/acme.pdf", make_pdf("ACME 1001"))
    s3_poll()
    # A multipart upload of the very same bytes: same content, different ETag ("...-1").
    upload = s3.create_multipart_upload(Bucket=s3.bucket, Key="incoming/acme.pdf")
    part = s3.upload_part(
        Bucket=s3.bucket, Key="incoming/acme.pdf", UploadId=upload["UploadId"], PartNumber=1,
        Body=make_pdf("ACME 1001"),
    )
    s3.complete_multipart_upload(
        Bucket=s3.bucket, Key="incoming/acme.pdf", UploadId=upload["UploadId"],
        MultipartUpload={"Parts": [{"ETag": part["ETag"], "PartNumber": 1}]},
    )

    [item] = s3_poll()

    assert item.etag != first_etag
    assert item.result.outcome == "duplicate"
    assert Document.objects.count() == 1 and Workflow.objects.count() == 1
    assert S3SeenObject.objects.filter(key="incoming/acme.pdf").count() == 2
    assert s3_poll() == []


def test_it_takes_an_overwritten_object_with_new_bytes_as_a_new_document(s3):
    put(s3, "incoming/acme.pdf", make_pdf("ACME 1001"))
    s3_poll()
    put(s3, "incoming/acme.pdf", make_pdf("ACME 1001 corrected"))

    [item] = s3_poll()

    assert item.result.outcome == "accepted"
    assert Document.objects.count() == 2 and Workflow.objects.count() == 2


def test_it_keeps_an_unreadable_object_as_a_rejected_document_once(s3):
    put(s3, "incoming/empty.pdf", b"")

    [item] = s3_poll()

    assert item.result.outcome == "rejected"
    assert Document.objects.get().error_reason == "The file is empty."
    assert s3_poll() == []


def test_poll_s3_runs_it_once(s3, capsys):
    put(s3, "incoming/initech.pdf", make_pdf("Initech 5"))

    call_command("poll_s3")
    call_command("poll_s3")

    out = capsys.readouterr().out
    assert "incoming/initech.pdf: accepted as document" in out
    assert "0 new object(s)" in out
    assert Document.objects.count() == 1
