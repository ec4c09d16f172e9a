"""Hostile and broken PDFs, built in memory by hand so every test says exactly what it feeds in.

Each builder returns bytes and stays small on disk (the bomb is about 1 KB per inflated MB).
"""
from __future__ import annotations

import io
import zlib

_CHUNK = 16 * 1024 * 1024


def build_pdf(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF whose object n (1-based) is objects[n - 1], with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, root, trailer_extra, xref)
    )
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _page(contents: int, resources: bytes = b"<< >>", parent: int = 2) -> bytes:
    return (
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %d 0 R >>"
        % (parent, resources, contents)
    )


def _font_resources() -> bytes:
    return b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"


def hello_pdf(text: str = "Invoice INV-1 total 100.00") -> bytes:
    """A minimal valid one-page PDF with a text layer."""
    content = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1")
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _page(4, _font_resources()),
            stream(content),
        ]
    )


def zeros_deflated(size_mb: int) -> bytes:
    """A zlib stream that inflates to `size_mb` MiB of zeros, built without ever holding them.

    After a full flush deflate keeps no history, so the compressed form of every further 16 MiB
    chunk is the same bytes: compress two chunks, then repeat the second one.
    """
    assert size_mb % 16 == 0 and size_mb >= 32
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(_CHUNK)
    first = raw.compress(zeros) + raw.flush(zlib.Z_FULL_FLUSH)
    repeat = raw.compress(zeros) + raw.flush(zlib.Z_FULL_FLUSH)
    tail = raw.flush(zlib.Z_FINISH)
    total = size_mb * 1024 * 1024
    adler = ((total % 65521) << 16) | 1  # adler32 of zeros: a stays 1, b adds 1 per byte
    body = first + repeat * (size_mb // 16 - 1) + tail
    return b"\x78\xda" + body + adler.to_bytes(4, "big")


def decompression_bomb(size_mb: int = 1024) -> bytes:
    """One page whose FlateDecode content stream inflates to `size_mb` MiB."""
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _page(4, _font_resources()),
            stream(zeros_deflated(size_mb), b"/Filter /FlateDecode "),
        ]
    )


def recursive_page_tree() -> bytes:
    """A /Pages node that lists itself among its own /Kids."""
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            _page(4, _font_resources()),
            stream(b"BT /F1 12 Tf 72 720 Td (loop) Tj ET"),
        ]
    )


def circular_xobjects() -> bytes:
    """The page draws form A, A draws B, B draws A, and A also draws itself."""
    form = (
        b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
        b"/Resources << /XObject << /A 5 0 R /B 6 0 R >> >> "
    )
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _page(4, b"<< /XObject << /A 5 0 R >> >>"),
            stream(b"/A Do"),
            stream(b"/B Do /A Do", form),
            stream(b"/A Do", form),
        ]
    )


def many_pages(count: int = 20_000) -> bytes:
    """`count` pages that are all the same page object: a big document in a few hundred KB."""
    kids = b" ".join(b"3 0 R" for _ in range(count))
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            _page(4, _font_resources()),
            stream(b"BT /F1 12 Tf 72 720 Td (again) Tj ET"),
        ]
    )


def lying_page_count(count: int = 10_000_000) -> bytes:
    """One page, but the page tree claims `count`."""
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
            _page(4, _font_resources()),
            stream(b"BT /F1 12 Tf 72 720 Td (one) Tj ET"),
        ]
    )


def reportlab_pdf(*, encrypt: str | None = None, text: str = "Invoice INV-7 total 42.00") -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, encrypt=encrypt)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def invoice_pdf() -> bytes:
    """A plain, well-formed one-page invoice that the extractor can read."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    rows = [
        "Acme Office Supplies Ltd",
        "12 Market Street, Leeds LS1 4AB",
        "VAT No: GB123456789",
        "",
        "INVOICE",
        "Invoice Number: INV-2025-0042",
        "Invoice Date: 2025-03-14",
        "PO Number: PO-7781",
        "",
        "Description                Qty    Unit price    Amount",
        "A4 paper, 500 sheets        10         4.50      45.00",
        "Stapler                      2        12.50      25.00",
        "",
        "Subtotal: 70.00",
        "VAT 20%: 14.00",
        "Total: GBP 84.00",
    ]
    for i, row in enumerate(rows):
        pdf.drawString(72, 760 - 16 * i, row)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    return reportlab_pdf(encrypt="secret")


def truncated_pdf() -> bytes:
    whole = reportlab_pdf()
    return whole[: len(whole) // 2]


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
# A picture, but not one intake reads (PNG, JPEG and TIFF are read by OCR).
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00,\x00\x00\x00\x00"
    b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
TEXT = b"Dear AP team,\nplease find our invoice attached.\n"
