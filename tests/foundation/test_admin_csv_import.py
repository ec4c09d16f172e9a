"""The admin's "Import from CSV" pages: upload, the per-row report, the template download."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procurement.imports import COLUMNS
from procurement.models import GoodsReceipt, PurchaseOrder, Vendor
from tests.foundation.csv_files import csv_bytes

MODELS = {"vendors": "vendor", "purchase_orders": "purchaseorder", "receipts": "goodsreceipt"}


def upload(client, model: str, content: bytes):
    url = reverse(f"admin:procurement_{model}_import_csv")
    return client.post(url, {"file": SimpleUploadedFile("upload.csv", content, "text/csv")})


@pytest.mark.parametrize("model", MODELS.values())
def test_it_shows_the_import_and_template_buttons_to_an_ap_admin(client, ap_admin, model):
    client.force_login(ap_admin)

    page = client.get(reverse(f"admin:procurement_{model}_changelist")).content.decode()

    assert f'href="{reverse(f"admin:procurement_{model}_import_csv")}">Import from CSV' in page
    assert reverse(f"admin:procurement_{model}_csv_template") in page


def test_it_imports_a_good_file_and_says_what_it_did(client, ap_admin):
    client.force_login(ap_admin)

    response = upload(client, "vendor", csv_bytes("legal_name,currency", "Acme,EUR", "Beta,USD"))

    assert response.status_code == 302
    assert response.url == reverse("admin:procurement_vendor_changelist")
    page = client.get(response.url).content.decode()
    assert "Imported 2 rows of vendors. vendors: 2 created, 0 updated, 0 unchanged." in page
    assert set(Vendor.objects.values_list("currency", flat=True)) == {"EUR", "USD"}


def test_it_shows_the_per_row_report_and_saves_nothing_for_a_bad_file(client, ap_admin, acme):
    client.force_login(ap_admin)
    content = csv_bytes(
        "po_number,vendor,issued_on,line_no,description,quantity,unit_price",
        "PO-1,Acme Industrial Supplies GmbH,2025-03-14,1,Bolt,10,0.12",
        "PO-1,Acme Industrial Supplies GmbH,2025-03-14,2,Nut,10,\"12,5O\"",
    )

    response = upload(client, "purchaseorder", content)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported: 1 problem in the file." in page
    assert ('<tr><td class="row">3</td><td>unit_price</td><td>&quot;12,5O&quot; is not a '
            "number</td></tr>") in page
    assert not PurchaseOrder.objects.exists()


def test_it_asks_for_a_file_when_none_is_uploaded(client, ap_admin):
    client.force_login(ap_admin)

    response = client.post(reverse("admin:procurement_goodsreceipt_import_csv"), {})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not GoodsReceipt.objects.exists()


@pytest.mark.parametrize(("kind", "model"), MODELS.items())
def test_it_offers_a_template_csv_download(client, ap_admin, kind, model):
    client.force_login(ap_admin)

    response = client.get(reverse(f"admin:procurement_{model}_csv_template"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{kind}-template.csv"'
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header == ",".join(column.name for column in COLUMNS[kind])


def test_it_hides_the_import_from_staff_who_may_only_view(client, clerk):
    clerk.is_staff = True  # a clerk given admin access still only holds view permissions
    clerk.save()
    client.force_login(clerk)

    changelist = client.get(reverse("admin:procurement_vendor_changelist"))
    import_page = client.get(reverse("admin:procurement_vendor_import_csv"))
    template = client.get(reverse("admin:procurement_vendor_csv_template"))
    posted = upload(client, "vendor", csv_bytes("legal_name", "Acme"))

    assert changelist.status_code == 200
    assert "Import from CSV" not in changelist.content.decode()
    assert (import_page.status_code, template.status_code, posted.status_code) == (403, 403, 403)
    assert not Vendor.objects.exists()
