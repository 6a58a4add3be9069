"""Helpers for import and export tests: files built in memory, uploaded as a data officer."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from crossroads.cases.models import ImportJob

HEADER = [
    "client_code", "year_of_registration", "trafficking_status", "status_decided_by", "gender",
    "age_band", "citizenship", "exploitation_forms", "referred_by", "case_status",
    "consent_data_use",
]  # fmt: skip


def row(code: str, **overrides: Any) -> dict[str, Any]:
    """A valid row (a Romanian woman, labour exploitation) with some values changed."""
    values: dict[str, Any] = {
        "client_code": code,
        "year_of_registration": 2024,
        "trafficking_status": "presumed",
        "status_decided_by": "ngo",
        "gender": "female",
        "age_band": "24_26",
        "citizenship": "ROU",
        "exploitation_forms": "labour; sexual",
        "referred_by": "hotline",
        "case_status": "active",
        "consent_data_use": "aggregate_only",
    }
    values.update(overrides)
    return values


def csv_bytes(
    rows: list[dict[str, Any]],
    *,
    delimiter: str = ";",
    bom: bool = True,
    header: list[str] | None = None,
) -> bytes:
    """A CSV file of ``rows`` (columns: ``header``, or every key in order of appearance)."""
    columns = header or list(dict.fromkeys(key for r in rows for key in r))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(columns)
    for r in rows:
        writer.writerow(["" if r.get(c) is None else r.get(c) for c in columns])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[dict[str, Any]], header: list[str] | None = None) -> bytes:
    """An XLSX workbook of ``rows`` on its first sheet."""
    columns = header or list(dict.fromkeys(key for r in rows for key in r))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for r in rows:
        sheet.append([r.get(c) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client: Client, data: bytes, name: str = "records.csv") -> ImportJob:
    """Upload a file through the import page; return its job (run inline in tests)."""
    response = client.post(reverse("cases:import"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def read_xlsx(data: bytes) -> list[list[Any]]:
    """Every row of the first sheet of a workbook."""
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]
