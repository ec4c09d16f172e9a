"""A workflow approved for payment is not always straight-through: a clerk who accepted its
findings approved it too. The documents list says what both have in common."""
from __future__ import annotations


def test_the_documents_list_calls_an_approved_workflow_approved_for_payment(client, make_case,
                                                                           clerk):
    case = make_case(workflow_state="approved", kinds=())
    client.force_login(clerk)

    page = client.get("/documents/").content.decode()

    row = page.split(case.document.original_filename)[1].split("</tr>")[0]
    assert "Approved for payment" in row
    assert "straight-through" not in page
