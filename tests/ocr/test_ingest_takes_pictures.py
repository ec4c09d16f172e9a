"""`manage.py ingest FOLDER` takes the scans and photos in a folder as well as its PDFs."""
from __future__ import annotations

from agents.management.commands.ingest import invoice_files


def test_it_takes_pdfs_and_pictures_from_a_folder(tmp_path):
    for name in ("a.pdf", "b.PNG", "c.jpeg", "d.jpg", "e.tif", "f.TIFF", "notes.txt", "g.gif"):
        (tmp_path / name).write_bytes(b"x")

    found = [path.name for path in invoice_files([str(tmp_path)])]

    assert found == ["a.pdf", "b.PNG", "c.jpeg", "d.jpg", "e.tif", "f.TIFF"]
