"""Where original documents live: content-addressed, written once, never deleted.

In the storage named "documents" (settings.STORAGES): local disk under MEDIA_ROOT by default, an
S3-compatible bucket with DOCUMENT_STORAGE=s3, so that web, workers and the sandbox on different
machines read the same files. Everything reads and writes them through this module.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages

STORAGE_NAME = "documents"


def document_storage() -> Storage:
    return storages[STORAGE_NAME]


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def relative_path_for(sha256: str, suffix: str = ".pdf") -> str:
    return f"{sha256[:2]}/{sha256}{suffix}"


def store_bytes(content: bytes, sha256: str, *, suffix: str = ".pdf") -> str:
    """Keep the bytes under their content address; returns the name to keep on the Document."""
    relative = relative_path_for(sha256, suffix)
    storage = document_storage()
    if isinstance(storage, FileSystemStorage):
        _write_atomically(Path(storage.path(relative)), content)
        return relative
    # An object store writes an object whole or not at all; the same name is the same bytes.
    if not (storage.exists(relative) and storage.size(relative) == len(content)):
        saved = storage.save(relative, ContentFile(content))
        if saved != relative:
            raise RuntimeError(f"the document store kept {relative} as {saved}")
    return relative


def open_document(name: str) -> File:
    """The stored file, opened for reading; FileNotFoundError if it is missing."""
    storage = document_storage()
    if not storage.exists(name):
        raise FileNotFoundError(f"{name} is not in the document store")
    return storage.open(name, "rb")


def read_document(name: str) -> bytes:
    with open_document(name) as handle:
        return handle.read()


def _write_atomically(target: Path, content: bytes) -> None:
    """Temp file + rename, so a crash never leaves half a document."""
    if target.exists() and target.stat().st_size == len(content):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
