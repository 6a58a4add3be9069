"""Uploads are bounded: file size for every upload, unpacked size for .xlsx workbooks."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from crossroads.cases.importing import jobs
from crossroads.cases.importing.readers import Dimensions, first_sheet_member, sheet_dimensions
from crossroads.cases.models import Case, ImportJob
from crossroads.cases.tests.spreadsheets import csv_bytes, row, upload, xlsx_bytes
from crossroads.estimation import forms as estimation_forms
from crossroads.estimation.models import TokenUpload
from crossroads.exchange import forms as exchange_forms
from crossroads.exchange.models import Submission
from crossroads.testing import Personas

MB = 1024 * 1024


def with_padding(workbook: bytes, padding: int) -> bytes:
    """The workbook with an extra member of ``padding`` zero bytes (it packs to a few KB)."""
    buffer = io.BytesIO(workbook)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(padding))
    return buffer.getvalue()


def understated(workbook: bytes, member: str, declared: int) -> bytes:
    """The workbook with ``member``'s unpacked size declared as ``declared`` bytes (a lie)."""
    data = bytearray(workbook)
    name = member.encode()
    # The central directory entry: signature, then the uncompressed size at offset 24.
    start = data.find(b"PK\x01\x02")
    while start != -1:
        name_length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46 : start + 46 + name_length] == name:
            struct.pack_into("<I", data, start + 24, declared)
            return bytes(data)
        start = data.find(b"PK\x01\x02", start + 4)
    raise AssertionError(member)


def test_an_import_larger_than_the_limit_is_refused_with_the_limit_named(
    personas: Personas, settings: Any, tmp_path: Path
) -> None:
    settings.CROSSROADS_IMPORT_MAX_MEGABYTES = 1
    client = personas.client_for(personas.data_officer_a)
    big = csv_bytes([row(f"BIG-{i}", case_status="active" + " " * 20) for i in range(10_000)])
    assert len(big) > MB
    response = client.post(reverse("cases:import"), {"file": SimpleUploadedFile("big.csv", big)})
    assert response.status_code == 422
    assert "larger than 1 MB" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not list(jobs.upload_dir().iterdir())  # nothing of it was kept


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused_before_it_is_read(
    personas: Personas, settings: Any
) -> None:
    settings.CROSSROADS_IMPORT_MAX_UNPACKED_MEGABYTES = 5
    bomb = with_padding(xlsx_bytes([row("BOMB-1")]), 6 * MB)
    assert len(bomb) < MB // 10
    job = upload(personas.client_for(personas.data_officer_a), bomb, "records.xlsx")
    assert job.status == ImportJob.Status.FAILED
    assert "unpacks to more than 5 MB" in job.message and "CSV" in job.message
    assert not Case.objects.exists()


def test_a_workbook_that_understates_its_unpacked_size_is_refused(
    personas: Personas, settings: Any
) -> None:
    settings.CROSSROADS_IMPORT_MAX_UNPACKED_MEGABYTES = 5
    bomb = understated(
        with_padding(xlsx_bytes([row("BOMB-1")]), 6 * MB), "xl/media/padding.bin", 10
    )
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert sum(m.file_size for m in archive.infolist()) < MB  # the declared sizes look fine
    job = upload(personas.client_for(personas.data_officer_a), bomb, "records.xlsx")
    assert job.status == ImportJob.Status.FAILED
    assert "not a readable .xlsx workbook" in job.message
    assert not Case.objects.exists()


def test_a_workbook_within_the_limit_is_imported(personas: Personas, settings: Any) -> None:
    settings.CROSSROADS_IMPORT_MAX_UNPACKED_MEGABYTES = 5
    workbook = with_padding(xlsx_bytes([row("FINE-1")]), 1 * MB)
    job = upload(personas.client_for(personas.data_officer_a), workbook, "records.xlsx")
    assert job.status == ImportJob.Status.DONE
    assert Case.objects.filter(client_code="FINE-1").exists()


def test_a_signed_file_larger_than_the_limit_is_refused_with_the_limit_named(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exchange_forms, "MAX_FILE_BYTES", MB)
    client = personas.client_for(personas.analyst)
    upload_file = SimpleUploadedFile("big.signed.json", b"{" + b" " * (MB + 10) + b"}")
    response = client.post(reverse("exchange:import"), {"file": upload_file})
    assert "a submission file is at most 1 MB" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_token_file_larger_than_the_limit_is_refused(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(estimation_forms, "MAX_UPLOAD_BYTES", MB)
    data = {
        "holder": "National police",
        "country": "NLD",
        "year": "2024",
        "label": "",
        "file": SimpleUploadedFile("tokens.csv", b"x" * (MB + 10)),
    }
    response = personas.client_for(personas.analyst).post(reverse("estimation:uploads"), data)
    assert "larger than 1 MB" in response.content.decode()
    assert not TokenUpload.objects.exists()


def rewritten_sheet(workbook: bytes, change: Callable[[str], str]) -> bytes:
    """The workbook with its first sheet's XML passed through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            target.writestr(member, data)
    return buffer.getvalue()


def test_a_tiny_workbook_with_a_cell_at_the_end_of_the_sheet_is_refused_unread(
    personas: Personas,
) -> None:
    """A 1.6 KB file whose cells span to XFD1048576 once made the reader ask for hundreds
    of gigabytes and abort the whole process."""
    workbook = Workbook()
    workbook.active.append(["client_code"])
    workbook.active["XFD1048576"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert len(buffer.getvalue()) < 8000
    job = upload(personas.client_for(personas.data_officer_a), buffer.getvalue(), "big.xlsx")
    assert job.status == ImportJob.Status.FAILED
    assert "spans 16,384 columns; an import has at most 1,000" in job.message
    assert not Case.objects.exists()


def test_a_workbook_that_declares_a_huge_sheet_is_refused(personas: Personas) -> None:
    workbook = rewritten_sheet(
        xlsx_bytes([row("DIM-1")]),
        lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:KZ900000"', xml),
    )
    job = upload(personas.client_for(personas.data_officer_a), workbook, "records.xlsx")
    assert job.status == ImportJob.Status.FAILED
    assert "spans 900,000 rows and 312 columns" in job.message


def test_a_workbook_that_hides_a_far_cell_behind_a_small_declared_size_is_refused(
    personas: Personas,
) -> None:
    far = '<row r="700000"><c r="ZZ700000" t="inlineStr"><is><t>x</t></is></c></row>'
    workbook = rewritten_sheet(
        xlsx_bytes([row("DIM-1")]), lambda xml: xml.replace("</sheetData>", far + "</sheetData>")
    )
    job = upload(personas.client_for(personas.data_officer_a), workbook, "records.xlsx")
    assert job.status == ImportJob.Status.FAILED
    assert "spans 700,000 rows and 702 columns" in job.message


def test_cells_without_references_are_counted_where_a_reader_puts_them(
    personas: Personas, settings: Any
) -> None:
    settings.CROSSROADS_IMPORT_MAX_COLUMNS = 50
    wide = "<row>" + "<c/>" * 60 + "</row>"
    workbook = rewritten_sheet(
        xlsx_bytes([row("DIM-1")]), lambda xml: xml.replace("</sheetData>", wide + "</sheetData>")
    )
    job = upload(personas.client_for(personas.data_officer_a), workbook, "records.xlsx")
    assert job.status == ImportJob.Status.FAILED
    assert "spans 60 columns; an import has at most 50" in job.message


def test_the_dimensions_of_an_ordinary_workbook_are_read_exactly(tmp_path: Path) -> None:
    path = tmp_path / "records.xlsx"
    path.write_bytes(xlsx_bytes([row(f"R-{i}") for i in range(30)]))
    with zipfile.ZipFile(path) as archive:
        declared, real = sheet_dimensions(archive, first_sheet_member(archive))
    assert real == Dimensions(31, len(row("R-0")))
    assert declared == real
