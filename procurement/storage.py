"""Where original documents live on disk: content-addressed, written once, never deleted."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def relative_path_for(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256}.pdf"


def store_bytes(content: bytes, sha256: str) -> str:
    """Write the file atomically (temp file + rename) so a crash never leaves half a document."""
    relative = relative_path_for(sha256)
    target = Path(settings.MEDIA_ROOT) / relative
    if target.exists() and target.stat().st_size == len(content):
        return relative
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
    return relative
