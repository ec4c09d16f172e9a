"""Tax ids as Norway, the UK and Switzerland print them: the prefix and the suffix are kept, the
separators dropped; one that passes its country's check beats one that does not."""

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("Org.nr. NO 974 760 673 MVA", "NO974760673MVA"),
        ("VAT Reg No: GB 980 7806 84", "GB980780684"),
        ("MWST-Nr.: CHE-116.281.710 MWST", "CHE116281710MWST"),
        ("UID: CHE-116.281.710 TVA", "CHE116281710TVA"),
    ],
)
def test_it_reads_tax_ids_with_country_prefixes_and_suffixes(printed: str, read: str) -> None:
    inv = extract_invoice(
        make_pdf(
            [
                [(50, "Fjordline Supplies AS")],
                [(50, printed)],
                [(50, "Invoice No. FS-2025-19"), (400, "Date: 02.03.2025")],
                [(300, "Total"), (470, "1 250,00")],
            ]
        )
    )
    assert inv.vendor_tax_id == read


def test_a_tax_id_that_passes_its_check_beats_one_that_does_not() -> None:
    inv = extract_invoice(
        make_pdf(
            [
                [(50, "Fjordline Supplies AS")],
                [(50, "VAT no. NO 974 760 674 MVA")],  # a misprint: the check digit fails
                [(50, "Org.nr. NO 974 760 673 MVA")],
                [(50, "Invoice No. FS-2025-19"), (400, "Date: 02.03.2025")],
                [(300, "Total"), (470, "1 250,00")],
            ]
        )
    )
    assert inv.vendor_tax_id == "NO974760673MVA"
