"""When validation could not tie an invoice to a vendor (its fields were keyed in, say) but the
printed name is exactly one on file, the clerk's "Who is the vendor?" menu has that vendor
picked: the default must not be adding a second vendor of the same name."""
from __future__ import annotations

from procurement.models import Vendor


def test_the_vendor_named_exactly_is_picked_in_the_menu(client, make_case, clerk):
    on_file = Vendor.objects.create(legal_name="Nordwind Bürobedarf GmbH")
    Vendor.objects.create(legal_name="Acme Industrial Supplies Ltd")
    case = make_case(vendor=None, vendor_name="NORDWIND Bürobedarf GmbH",
                     kinds=("unknown_vendor",))
    client.force_login(clerk)

    page = client.get(f"/cases/{case.pk}/").content.decode()

    menu = page.split('id="vendor_id"')[1].split("</select>")[0]
    assert f'<option value="{on_file.pk}" selected>Nordwind Bürobedarf GmbH</option>' in menu
    assert menu.count(" selected") == 1
