"""Writing CSV test files the way spreadsheets do."""
from __future__ import annotations


def csv_bytes(*lines: str, bom: bool = False) -> bytes:
    """A CSV file as a spreadsheet writes it: the given lines, CRLF, UTF-8 (optionally a BOM)."""
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")
