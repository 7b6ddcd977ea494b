"""Bad uploads as a person meets them: an oversized file and a PDF renamed to .docx each give
a Swedish message on the page, nothing is stored, and the form stays usable."""

from __future__ import annotations

import io
import os
import re

from playwright.sync_api import expect

from .conftest import MAX_UPLOAD_MB
from .steps import DOCX_MIME, SAMPLES, create_case, login, upload


def renamed_pdf() -> bytes:
    """A real PDF document (made with reportlab, which the app uses for its reports)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Tjänsteskrivelse: nya busslinjer")
    pdf.save()
    return buffer.getvalue()


def test_bad_uploads_show_swedish_messages_and_keep_the_form(page, server, a11y):
    base = server.url
    login(page, base, "writer")
    case_id = create_case(page, base, "RS 2026/900", "Ny taxa för färdtjänst", "Regionstyrelsen",
                          "2027-01-20")
    form = page.locator("form[enctype='multipart/form-data']")

    # An oversized file (over the 2 MB limit set for the test server).
    size = MAX_UPLOAD_MB * 1024 * 1024 + 100_000
    upload(page, {"name": "stort-utkast.docx", "mimeType": DOCX_MIME,
                  "buffer": b"PK\x03\x04" + os.urandom(size)})
    # The case page again, with the message beside the upload form.
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny taxa för färdtjänst")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(f"Filen är större än {MAX_UPLOAD_MB} MB")
    expect(alert).to_contain_text("Ingenting sparades")
    a11y.check(page, "för stor fil (413)")
    expect(form.get_by_label("Utkast (.docx)")).to_be_enabled()
    expect(page.get_by_role("heading", name="Alla utkast")).to_have_count(0)  # nothing stored

    # A PDF renamed to .docx: the case page again, with the message next to the form.
    upload(page, {"name": "utkast.docx", "mimeType": DOCX_MIME, "buffer": renamed_pdf()})
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("PDF")
    expect(alert).to_contain_text("Word")
    field = page.get_by_label("Utkast (.docx)")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", "upload-error")
    expect(page.get_by_role("heading", name="Alla utkast")).to_have_count(0)
    a11y.check(page, "uppladdningsfel (fel filtyp)")

    # The same form, on the page with the message, takes a valid draft.
    upload(page, SAMPLES / "bus_routes_weak.docx")
    expect(page).to_have_url(re.compile(rf"/arenden/{case_id}/utkast/1$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Granskning av utkast 1")
