import pytest

from agents.intake.extraction import extract_invoice
from tests.extraction.pdfs import make_pdf


def _with_po_label(label: str) -> bytes:
    return make_pdf([
        [(60, "Kestrel Facility Services Ltd")],
        [(60, "Invoice number: KFS-1")],
        [(60, "Invoice date: 2026-03-02")],
        [(60, f"{label} PO-2026-0017")],
        [(60, "Total: 100.00 GBP")],
    ])


@pytest.mark.parametrize(
    "label", ["PO:", "PO No.", "PO Reference:", "PO Ref.", "Purchase Order:", "Purchase Order No.",
              "Order Reference:", "Bestellnummer:", "Bon de commande :"]
)
def test_it_reads_the_po_reference_behind_common_labels(label):
    assert extract_invoice(_with_po_label(label)).po_number == "PO-2026-0017"
