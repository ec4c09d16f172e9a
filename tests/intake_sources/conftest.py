"""Fixtures for the intake sources: invoice PDFs made on the fly, an inbox folder, a real
S3-compatible server (moto, on loopback) and, for the browser tests, the harness of tests/browser.

`make_pdf(text)` gives the same bytes for the same text, so a test can send a file twice.
"""
from __future__ import annotations

import io
import os
import time
import uuid
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

# The Playwright harness (headless Debian Chromium, a page per test with a screenshot in
# test-artifacts/, login_as) is reused as is; importing the fixtures makes them available here.
from tests.browser.conftest import _playwright, browser, login_as, page  # noqa: F401


def make_pdf(text: str = "Invoice 1") -> bytes:
    buf = io.BytesIO()
    # invariant: no timestamp or random id inside, so equal text gives equal bytes (and sha256)
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1)
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, A4[1] - 72, text)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


@pytest.fixture
def inbox(tmp_path, settings) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    settings.INBOX_DIR = str(folder)
    settings.INBOX_SETTLE_SECONDS = 2.0
    return folder


def drop(folder: Path, name: str, content: bytes, *, age: float = 60.0) -> Path:
    """Put a file in the inbox as if it had been written `age` seconds ago."""
    path = folder / name
    path.write_bytes(content)
    when = time.time() - age
    os.utime(path, (when, when))
    return path


@pytest.fixture(scope="session")
def s3_endpoint() -> str:
    """A moto S3 server on a free loopback port, for the whole run."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, settings, monkeypatch):
    """A fresh bucket on the moto server, configured as the product's S3 source; returns a
    boto3 client for the test to write objects with.
    """
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    bucket = f"invoices-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint)
    client.create_bucket(Bucket=bucket)
    settings.S3_ENDPOINT_URL = s3_endpoint
    settings.S3_BUCKET = bucket
    settings.S3_PREFIX = "incoming/"
    client.bucket = bucket
    return client
