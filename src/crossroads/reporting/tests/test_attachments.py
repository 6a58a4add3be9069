"""Files sent with a report: metadata removed, limits with clear messages, sealed at rest,
readable by the receiving organisation only."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader, PdfWriter

from crossroads.reporting import attachments
from crossroads.reporting.models import Report, ReportAttachment
from crossroads.reporting.services import keys
from crossroads.reporting.tests.helpers import (
    ORG_PASSPHRASE,
    database_image,
    form_data,
    open_point,
    unlock,
)
from crossroads.testing import Personas

GPS_IFD = 0x8825
MAKE = 0x010F
ORIENTATION = 0x0112


def _photo(orientation: int = 1) -> bytes:
    """A 40x20 JPEG with the camera's make, an orientation and a GPS position, as phones
    write them."""
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker-X1"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 4.0, 12.5), 3: "E", 4: (4.0, 18.0, 1.25)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"taken-by-Jan")
    return out.getvalue()


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Jan Jansen", "/Producer": "OfficeSuite 7"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_photo_loses_its_gps_position_camera_and_comment_but_keeps_its_pixels() -> None:
    original = _photo()
    assert b"PhoneMaker-X1" in original
    cleaned = attachments.clean("IMG_2041.jpg", original)
    assert cleaned.content_type == "image/jpeg" and cleaned.name == "IMG_2041.jpg"
    for marker in (b"PhoneMaker-X1", b"taken-by-Jan", b"Exif"):
        assert marker not in cleaned.data
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert image.size == (40, 20)
        assert not image.getexif()
        red, green, blue = image.getpixel((20, 10))  # type: ignore[misc]
        assert abs(red - 200) < 10 and green < 50 and blue < 50


def test_a_photo_taken_sideways_is_turned_upright_before_its_orientation_is_dropped() -> None:
    cleaned = attachments.clean("sideways.jpg", _photo(orientation=6))
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert image.size == (20, 40)


def test_a_pdf_loses_its_author_and_producer() -> None:
    original = _pdf()
    assert b"Jan Jansen" in original
    cleaned = attachments.clean("contract.pdf", original)
    assert cleaned.content_type == "application/pdf"
    assert b"Jan Jansen" not in cleaned.data and b"OfficeSuite" not in cleaned.data
    assert len(PdfReader(io.BytesIO(cleaned.data)).pages) == 1


def test_other_files_too_many_and_too_large_are_refused_with_the_files_name() -> None:
    with pytest.raises(attachments.AttachmentRefused, match=r"notes\.docx cannot be sent"):
        attachments.clean("notes.docx", b"PK\x03\x04 not a photo")
    with pytest.raises(attachments.AttachmentRefused, match="at most 3 files"):
        attachments.clean_all([("a.jpg", _photo())] * 4)
    with pytest.raises(attachments.AttachmentRefused, match=r"big\.jpg is too large"):
        attachments.clean("big.jpg", b"\xff" * (attachments.MAX_BYTES + 1))
    with pytest.raises(attachments.AttachmentRefused, match="could not be read as a PDF"):
        attachments.clean("broken.pdf", b"%PDF-1.7 broken")


@pytest.fixture
def point(personas: Personas) -> Personas:
    open_point(personas.org_admin_a, personas.org_a, ["NLD"])
    return personas


def _post(client: Client, *files: SimpleUploadedFile) -> object:
    data = form_data()
    data["documents"] = list(files)
    return client.post(reverse("report:network"), data)


def test_a_report_with_a_photo_keeps_it_sealed_and_the_caseworker_downloads_it_clean(
    point: Personas,
) -> None:
    response = _post(Client(), SimpleUploadedFile("IMG_2041.jpg", _photo(), "image/jpeg"))
    assert response.status_code == 200  # type: ignore[attr-defined]
    report = Report.objects.get()
    attachment = ReportAttachment.objects.get(report=report)
    database = database_image()
    assert b"Organisation A" in database  # the image holds what is stored in clear
    assert b"IMG_2041" not in database and b"IMG_2041".hex().encode() not in database
    assert b"\xff\xd8\xff" not in bytes(attachment.sealed)
    staff = point.client_for(point.caseworker_a)
    unlock(staff)
    page = staff.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    url = reverse("reporting:file", args=[report.pk, attachment.pk])
    assert url in page and "IMG_2041.jpg" in page
    download = staff.get(url)
    assert download["Content-Type"] == "image/jpeg"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"PhoneMaker-X1" not in download.content
    for persona in (point.caseworker_b, point.analyst):
        assert point.client_for(persona).get(url).status_code == 404


def test_a_refused_file_keeps_nothing_of_the_report_and_says_why(point: Personas) -> None:
    response = _post(Client(), SimpleUploadedFile("notes.docx", b"PK\x03\x04", "application/zip"))
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "notes.docx cannot be sent" in response.content.decode()  # type: ignore[attr-defined]
    assert not Report.objects.exists() and not ReportAttachment.objects.exists()


def test_a_request_larger_than_the_limit_is_refused_before_it_is_read(point: Personas) -> None:
    big = SimpleUploadedFile(
        "huge.jpg", b"\xff" * (attachments.MAX_TOTAL + 2 * 1024 * 1024), "image/jpeg"
    )
    response = _post(Client(), big)
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert "The report is too large" in response.content.decode()  # type: ignore[attr-defined]
    assert not Report.objects.exists()


def test_changing_the_key_keeps_the_files_readable(point: Personas) -> None:
    _post(Client(), SimpleUploadedFile("IMG_2041.jpg", _photo(), "image/jpeg"))
    keys.rotate_key(point.org_admin_a, point.org_a, ORG_PASSPHRASE, "a whole new passphrase")
    report = Report.objects.get()
    attachment = ReportAttachment.objects.get()
    staff = point.client_for(point.caseworker_a)
    staff.post(reverse("reporting:unlock"), {"passphrase": "a whole new passphrase"})
    download = staff.get(reverse("reporting:file", args=[report.pk, attachment.pk]))
    assert download.status_code == 200
    with Image.open(io.BytesIO(download.content)) as image:
        assert image.size == (40, 20)
