"""Export of an organisation's own records to CSV and XLSX.

Columns follow the import layout (:mod:`crossroads.cases.importing.columns`),
without the identity columns (never stored, so never exported), so an
exported file imports again unchanged. Values are codes, or labels in a
chosen language; several values in one cell are separated by ``"; "``.

Cells that a spreadsheet would execute as a formula (text starting with
``= + - @``, a tab or a carriage return) are neutralised: in CSV with a
leading apostrophe, which spreadsheets show as text and which the importer
removes again; in XLSX by storing the cell explicitly as text.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from crossroads.accounts.models import User
from crossroads.accounts.spreadsheets import CSV_SEPARATORS
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.cases.importing.columns import Column, Kind, data_columns
from crossroads.cases.models import CaseQuerySet
from crossroads.cells import safe_cell
from crossroads.codebook.definitions import FieldType, Standard
from crossroads.codebook.display import value_label
from crossroads.codebook.loader import load_standard

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CHUNK = 2000
MULTI_JOINER = "; "


@dataclass
class ExportFile:
    """A finished export: its file name, content type, and either text chunks or a file path."""

    name: str
    content_type: str
    count: int
    chunks: Iterator[bytes] | None = None
    path: Path | None = None


def neutralise(text: str) -> str:
    """Text that a spreadsheet will not run as a formula, in any of its parts."""
    return str(safe_cell(text))


def cell_value(
    standard: Standard, column: Column, document: Mapping[str, Any], language: str | None
) -> Any:
    """The value of ``column`` in a stored record: a number, a date, codes or labels."""
    if column.kind is Kind.EVENT_FIELD:
        assert column.event is not None and column.field is not None
        events = document.get("events", {}).get(column.event.code) or [{}]
        value = events[0].get(column.field.code)
    else:
        assert column.field is not None
        value = document.get(column.field.code)
    if value is None or value == [] or value == "":
        return None
    field_def = column.field
    if field_def.type is FieldType.DATE:
        return date.fromisoformat(value)
    if not field_def.type.is_coded:
        return value
    codes = value if isinstance(value, list) else [value]
    if language is not None:
        codes = [value_label(standard, field_def, code, language) for code in codes]
    return MULTI_JOINER.join(codes)


def records_in_rows(
    queryset: CaseQuerySet, language: str | None, standard: Standard
) -> Iterator[list[Any]]:
    """The header row, then one row per record, in client-code order."""
    columns = data_columns(standard)
    yield [column.header(language) for column in columns]
    records = queryset.order_by("client_code").values_list("client_code", "data")
    for client_code, document in records.iterator(chunk_size=CHUNK):
        row: list[Any] = [client_code]
        row += [cell_value(standard, column, document, language) for column in columns[1:]]
        yield row


def export_records(
    user: User,
    queryset: CaseQuerySet,
    *,
    fmt: str,
    language: str | None,
    filters: Mapping[str, str],
    separator: str = ",",
) -> ExportFile:
    """Write the records of ``queryset`` (already limited to the user's organisation) to a file.

    Audits the export, with its count, format, value language and filters,
    before any byte leaves. ``queryset`` must come from
    ``Case.objects.visible_to(user)``. ``separator`` separates a CSV file's
    columns (see :data:`CSV_SEPARATORS`); importing reads any of them.
    """
    if separator not in CSV_SEPARATORS.values():
        raise ValueError(f"unknown CSV separator {separator!r}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    assert user.organisation is not None
    standard = load_standard()
    count = queryset.count()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"crossroads-{user.organisation.code}-{stamp}.{fmt}"
    with transaction.atomic():
        record(
            user,
            Action.EXPORT,
            object_type="case",
            summary=f"Exported {count} records as {fmt.upper()}",
            detail={
                "count": count,
                "format": fmt,
                "values": "labels" if language else "codes",
                "language": language or "",
                "filters": dict(filters),
                "standard": standard.version,
            },
        )
    rows = records_in_rows(queryset, language, standard)
    if fmt == "csv":
        return ExportFile(name, FORMATS[fmt], count, chunks=_csv_chunks(rows, separator))
    return ExportFile(
        name, FORMATS[fmt], count, path=_xlsx_file(rows, user.organisation.code, standard.version)
    )


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(str(value)) if isinstance(value, str) else str(value)


def _csv_chunks(rows: Iterator[list[Any]], separator: str = ",") -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    buffer.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    for number, row in enumerate(rows):
        writer.writerow([_csv_text(value) for value in row])
        if number % 500 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _xlsx_file(rows: Iterator[list[Any]], sheet_title: str, version: str) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    # Write-only mode streams rows to disk instead of holding every cell object.
    from crossroads.cases.importing.template import STANDARD_KEYWORD

    workbook = Workbook(write_only=True)
    workbook.properties.keywords = f"{STANDARD_KEYWORD}{version}"
    sheet = workbook.create_sheet("Records")
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)
    for number, row in enumerate(rows):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # Stored as text, never as a formula, whatever it starts with.
                cell.data_type = "s"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            if number == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    with tempfile.NamedTemporaryFile(
        suffix=".xlsx", prefix=f"{sheet_title}-", delete=False
    ) as handle:
        workbook.save(handle)
    return Path(handle.name)
