"""MAX_UPLOAD_MB is a hard limit on every source: a larger file is refused before its bytes are
read in full, and nothing of it is stored (the sender still has it); the other files go on."""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client, RequestFactory
from django.test.client import encode_multipart
from django.urls import reverse

from procurement.models import Document, S3SeenObject
from procurement.sources import s3 as s3_source
from procurement.sources.inbox import inbox_poll
from procurement.sources.s3 import S3Poller, skipped_reason
from procurement.storage import relative_path_for
from procurement.uploads import MB, limit_upload_size
from tests.intake_sources.conftest import drop, make_pdf

pytestmark = pytest.mark.django_db

UPLOAD = reverse("documents:upload")
TOO_LARGE = "the file is larger than the 1 MB upload limit"
HUGE = b"%PDF-1.7\n" + b"0" * (2 * MB)  # a PDF as far as the first bytes go, and 2 MB


@pytest.fixture(autouse=True)
def one_mb(settings):
    settings.MAX_UPLOAD_MB = 1


def pdf(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


# --- the browser upload -------------------------------------------------------------------------


def test_an_upload_over_the_limit_is_refused_per_file_and_nothing_of_it_is_stored(
    client, clerk, settings
):
    client.force_login(clerk)

    response = client.post(
        UPLOAD,
        {
            "files": [
                pdf("acme-1.pdf", make_pdf("ACME 1")),
                pdf("huge.pdf", HUGE),
                pdf("notes.pdf", b"meeting notes"),
                pdf("empty.pdf", b""),
                pdf("globex-2.pdf", make_pdf("Globex 2")),
            ]
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    # one answer per file, in the order they were sent
    names = ["acme-1.pdf", "huge.pdf", "notes.pdf", "empty.pdf", "globex-2.pdf"]
    assert [html.index(f'<span class="upload-name">{name}</span>') for name in names] == sorted(
        html.index(f'<span class="upload-name">{name}</span>') for name in names
    )
    assert f"Rejected because {TOO_LARGE}. It was not stored; you still have the original." in html
    # the oversized file: no document, no bytes on disk
    assert not Document.objects.filter(original_filename="huge.pdf").exists()
    digest = hashlib.sha256(HUGE).hexdigest()
    assert not (Path(settings.MEDIA_ROOT) / relative_path_for(digest)).exists()
    assert all(path.stat().st_size < MB for path in stored_files(settings))
    # every other file as before: accepted, or kept as a rejected document with its reason
    by_name = {d.original_filename: d for d in Document.objects.all()}
    assert sorted(by_name) == ["acme-1.pdf", "empty.pdf", "globex-2.pdf", "notes.pdf"]
    assert by_name["acme-1.pdf"].status == by_name["globex-2.pdf"].status == "received"
    assert (by_name["notes.pdf"].status, by_name["notes.pdf"].error_reason) == (
        "rejected", "The file is neither a PDF nor an image (PNG, JPEG, TIFF)."
    )
    assert by_name["empty.pdf"].status == "rejected"
    assert by_name["notes.pdf"].read_bytes() == b"meeting notes"


def test_a_single_oversized_file_from_the_script_gets_its_row_not_a_missing_file_error(
    client, clerk
):
    client.force_login(clerk)

    response = client.post(
        UPLOAD, {"files": [pdf("huge.pdf", HUGE)]}, headers={"X-Requested-With": "XMLHttpRequest"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-outcome="rejected"' in html and f"Rejected because {TOO_LARGE}" in html
    assert "Choose at least one file" not in html
    assert Document.objects.count() == 0


def test_the_upload_is_still_csrf_protected_and_limited_when_the_token_is_checked(clerk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)

    refused = client.post(UPLOAD, {"files": [pdf("acme.pdf", make_pdf("ACME"))]})
    assert refused.status_code == 403
    assert Document.objects.count() == 0

    token = client.get(UPLOAD).cookies["csrftoken"].value
    response = client.post(
        UPLOAD,
        {
            "csrfmiddlewaretoken": token,
            "files": [pdf("huge.pdf", HUGE), pdf("a.pdf", make_pdf("A"))],
        },
    )
    assert response.status_code == 200
    assert f"Rejected because {TOO_LARGE}" in response.content.decode()
    assert list(Document.objects.values_list("original_filename", flat=True)) == ["a.pdf"]


class Recorder(FileUploadHandler):
    """Stands for the memory/temporary-file handlers: notes how many bytes each file reached."""

    received: dict[str, int]

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = getattr(self, "received", {})
        self.received[file_name] = 0

    def receive_data_chunk(self, raw_data, start):
        self.received[self.file_name] += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


def test_the_handler_stops_passing_a_file_on_once_it_is_over_the_limit():
    body = encode_multipart(
        "BoUnDaRy",
        {"files": [pdf("huge.pdf", HUGE), pdf("small.pdf", b"%PDF-1.7 small")]},
    )
    request = RequestFactory().generic(
        "POST", UPLOAD, body, content_type="multipart/form-data; boundary=BoUnDaRy"
    )
    limit = limit_upload_size(request)
    recorder = Recorder(request)
    request.upload_handlers.insert(1, recorder)

    files = request.FILES.getlist("files")

    assert [upload.name for upload in files] == ["small.pdf"]
    [refused] = limit.too_large
    assert (refused.filename, refused.field_name) == ("huge.pdf", "files")
    assert MB < refused.seen_bytes <= MB + FileUploadHandler.chunk_size
    # what the handlers after it saw of the huge file: never more than the limit
    assert recorder.received["huge.pdf"] <= MB
    assert recorder.received["small.pdf"] == len(b"%PDF-1.7 small")


def test_the_limit_cannot_be_put_in_after_the_body_was_read():
    request = RequestFactory().post(UPLOAD, {"files": [pdf("a.pdf", b"%PDF-1.7")]})
    request.FILES  # noqa: B018 - parses the body

    with pytest.raises(RuntimeError, match="before the upload size limit"):
        limit_upload_size(request)


# --- the S3 bucket ------------------------------------------------------------------------------


def put(s3, key: str, content: bytes) -> str:
    return s3.put_object(Bucket=s3.bucket, Key=key, Body=content)["ETag"].strip('"')


def test_an_oversized_s3_object_is_skipped_unfetched_and_remembered(s3, caplog):
    etag = put(s3, "incoming/huge.pdf", HUGE)
    put(s3, "incoming/acme.pdf", make_pdf("ACME 1001"))
    poller = S3Poller()
    fetched = []
    get_object = poller.client.get_object

    def counting_get_object(**kwargs):
        fetched.append(kwargs["Key"])
        return get_object(**kwargs)

    poller.client.get_object = counting_get_object
    s3_source._skipped.clear()

    with caplog.at_level(logging.WARNING, logger="procurement.sources.s3"):
        first = poller.poll()
        again = poller.poll()

    assert [item.key for item in first] == ["incoming/acme.pdf"] and again == []
    assert fetched == ["incoming/acme.pdf"]  # the huge object was never fetched, on either poll
    assert not Document.objects.filter(original_filename="huge.pdf").exists()
    assert not S3SeenObject.objects.filter(key="incoming/huge.pdf").exists()
    assert skipped_reason(bucket=s3.bucket, key="incoming/huge.pdf", etag=etag) == (
        "The file is larger than the 1 MB upload limit."
    )
    warnings = [
        r.getMessage() for r in caplog.records
        if r.name == "procurement.sources.s3" and "incoming/huge.pdf" in r.getMessage()
    ]
    assert len(warnings) == 1 and "skipped, not fetched" in warnings[0]


def test_an_s3_body_longer_than_the_limit_is_not_read_past_it(s3):
    """The listing said small, the object said otherwise: read at most limit + 1 bytes."""
    put(s3, "incoming/grew.pdf", HUGE)
    poller = S3Poller()
    paginator = poller.client.get_paginator("list_objects_v2")

    class SmallListing:
        def paginate(self, **kwargs):
            for page in paginator.paginate(**kwargs):
                yield {**page, "Contents": [{**o, "Size": 10} for o in page.get("Contents", [])]}

    poller.client.get_paginator = lambda name: SmallListing()
    s3_source._skipped.clear()

    assert poller.poll() == []

    assert Document.objects.count() == 0
    assert skipped_reason(bucket=s3.bucket, key="incoming/grew.pdf", etag=poller.client.head_object(
        Bucket=s3.bucket, Key="incoming/grew.pdf")["ETag"].strip('"'))


# --- the inbox folder ---------------------------------------------------------------------------


def test_an_oversized_inbox_file_moves_to_rejected_unread_with_a_note(inbox, monkeypatch):
    drop(inbox, "huge.pdf", HUGE)
    drop(inbox, "acme.pdf", make_pdf("ACME 1001"))
    read = []
    real_open = Path.open

    def spying_open(self, *args, **kwargs):
        read.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spying_open)

    items = inbox_poll()

    assert [item.path.name for item in items] == ["acme.pdf"]
    assert "huge.pdf" not in read
    assert not Document.objects.filter(original_filename="huge.pdf").exists()
    assert not (inbox / "huge.pdf").exists()
    assert (inbox / "rejected" / "huge.pdf").read_bytes() == HUGE  # kept, never deleted
    note = (inbox / "rejected" / "huge.pdf.reason.txt").read_text()
    assert note == "The file is larger than the 1 MB upload limit.\n"

    drop(inbox, "huge.pdf", HUGE + b"again")  # the same name again: nothing is overwritten
    assert inbox_poll() == []
    assert (inbox / "rejected" / "huge.pdf").read_bytes() == HUGE
    assert (inbox / "rejected" / "huge.too-large.pdf").read_bytes() == HUGE + b"again"
    assert (inbox / "rejected" / "huge.too-large.pdf.reason.txt").exists()
