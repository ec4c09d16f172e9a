"""`manage.py extract_invoice`: JSON per file, clear errors, exit 2, and no database rows touched.

These tests deliberately do not request the `db` fixture: pytest-django fails any test that
touches the database without it, which proves the command reads files only.
"""
import io
import json

import pytest
from django.core.management import call_command
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def _invoice_pdf(path):
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = 800
    for text in [
        "Northwind Office Supplies GmbH",
        "VAT ID: DE123456789",
        "INVOICE",
        "Invoice number: INV-2026-0042",
        "Invoice date: 2026-03-15",
        "Due date: 2026-04-14",
        "PO number: PO-2026-0007",
        "Subtotal: 650.00 EUR",
        "VAT 19%: 123.50 EUR",
        "Total: 773.50 EUR",
        "IBAN: DE89 3704 0044 0532 0130 00",
    ]:
        pdf.drawString(60, y, text)
        y -= 22
    pdf.save()
    return path


def _run(*paths):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("extract_invoice", *map(str, paths), stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_it_prints_the_fields_of_one_invoice_as_one_json_object(tmp_path):
    code, [result], err = _run(_invoice_pdf(tmp_path / "inv.pdf"))

    assert code == 0 and err == ""
    assert "path" not in result
    assert result["invoice_number"] == "INV-2026-0042"
    assert result["invoice_date"] == "2026-03-15"
    assert result["po_number"] == "PO-2026-0007"
    assert (result["subtotal"], result["tax"], result["total"]) == ("650.00", "123.50", "773.50")
    assert result["currency"] == "EUR"
    assert result["iban"] == "DE89370400440532013000"
    assert 0 < result["confidence"]["total"] <= 1


def test_it_reports_bad_files_and_goes_on_with_the_others(tmp_path):
    good = _invoice_pdf(tmp_path / "good.pdf")
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("this is a shopping list, not an invoice")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")

    code, results, err = _run(not_pdf, good, empty, tmp_path / "missing.pdf")

    assert code == 2
    assert [r["path"] for r in results] == [str(not_pdf), str(good), str(empty),
                                           str(tmp_path / "missing.pdf")]
    assert results[0]["error"] == "The file is neither a PDF nor an image (PNG, JPEG, TIFF)"
    assert results[1]["invoice_number"] == "INV-2026-0042"
    assert "empty" in results[2]["error"].lower()
    assert results[3]["error"] == "The file does not exist"
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 3


@pytest.mark.parametrize("content", [b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", b"%PDF-"])
def test_it_explains_a_damaged_pdf_without_a_traceback(tmp_path, content):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(content)

    code, _, err = _run(broken)

    assert code == 2
    assert "Traceback" not in err and "damaged" in err.lower()
