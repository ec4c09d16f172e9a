"""The scheduled job: poll every configured source; one failing source does not starve the other."""
from __future__ import annotations

import pytest

from procurement.models import Document
from procurement.sources.jobs import poll_sources
from tests.intake_sources.conftest import drop, make_pdf

pytestmark = pytest.mark.django_db


def test_it_polls_the_inbox_and_the_bucket(inbox, s3):
    drop(inbox, "from-scanner.pdf", make_pdf("scanner"))
    s3.put_object(Bucket=s3.bucket, Key="incoming/from-vendor.pdf", Body=make_pdf("vendor"))

    assert poll_sources() == {"inbox": 1, "s3": 1}
    assert set(Document.objects.values_list("source", flat=True)) == {"inbox", "s3"}


def test_it_skips_sources_that_are_not_configured(settings):
    settings.INBOX_DIR = ""
    settings.S3_BUCKET = ""

    assert poll_sources() == {}


def test_it_still_polls_the_bucket_when_the_inbox_is_missing(s3, settings, tmp_path):
    settings.INBOX_DIR = str(tmp_path / "unmounted-share")
    s3.put_object(Bucket=s3.bucket, Key="incoming/a.pdf", Body=make_pdf("a"))

    with pytest.raises(RuntimeError, match="polling failed for: inbox"):
        poll_sources()

    assert Document.objects.filter(source="s3").count() == 1
