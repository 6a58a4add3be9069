"""Reading uploaded spreadsheets into rows of cells.

CSV: UTF-8 with or without a byte-order mark, ``;``, ``,`` or tab as the
delimiter (sniffed from the start of the file). XLSX: the first worksheet,
read with python-calamine.

Rows are numbered as the officer sees them in their spreadsheet program: the
header is row 1.
"""

from __future__ import annotations

import csv
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.utils.translation import gettext as _

from crossroads.core.charts._svg import count

FORMATS = ("csv", "xlsx")
SNIFF_BYTES = 64 * 1024


class FileUnreadable(ValueError):
    """The file cannot be read at all; the message says why and what to do."""


@dataclass
class Sheet:
    """The header and an iterator over (row number, cells) of the data rows."""

    header: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    total: int | None


def file_format(filename: str) -> str:
    """``csv`` or ``xlsx`` from a file name; raises FileUnreadable for anything else."""
    suffix = Path(filename).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise FileUnreadable(
            _("Upload a .csv or .xlsx file (this one ends in “%(suffix)s”).")
            % {"suffix": suffix or "…"}
        )
    return suffix


def open_sheet(path: Path, fmt: str) -> Sheet:
    """Open an uploaded file; raises FileUnreadable with an explanation."""
    return _open_csv(path) if fmt == "csv" else _open_xlsx(path)


def _header(cells: list[Any]) -> list[str]:
    return ["" if cell is None else str(cell).strip() for cell in cells]


# ------------------------------------------------------------------ CSV
def _decode_check(path: Path) -> None:
    """Read the whole file once as UTF-8 to report an encoding problem by line, up front."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise FileUnreadable(
                    _(
                        "Line %(line)d is not UTF-8 text (byte 0x%(byte)02x). Save the file "
                        "as “CSV UTF-8” in your spreadsheet program and upload it again."
                    )
                    % {"line": number, "byte": line[exc.start]}
                ) from None


def _delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(";,\t", key=first.count)


def _open_csv(path: Path) -> Sheet:
    _decode_check(path)
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(SNIFF_BYTES)
        total = sum(1 for _line in handle) + sample.count("\n")
    if not sample.strip():
        raise FileUnreadable(_("The file is empty."))
    delimiter = _delimiter(sample)
    handle = path.open("r", encoding="utf-8-sig", newline="")
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = _header(next(reader))
    except csv.Error as exc:
        handle.close()
        raise FileUnreadable(_("The file is not valid CSV: %(error)s") % {"error": exc}) from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for cells in reader:
                # A quoted cell may span lines; reader.line_num is the last line read.
                yield reader.line_num, list(cells)
        except csv.Error as exc:
            raise FileUnreadable(
                _("Line %(line)d is not valid CSV: %(error)s")
                % {"line": reader.line_num, "error": exc}
            ) from None
        finally:
            handle.close()

    return Sheet(header, rows(), max(total - 1, 0))


# ------------------------------------------------------------------ XLSX
def check_archive(path: Path, limit_bytes: int) -> None:
    """Refuse an .xlsx whose unpacked content exceeds ``limit_bytes`` (a "zip bomb").

    An .xlsx is a zip archive of XML files; a few megabytes can unpack to many
    gigabytes and exhaust the server's memory. The sizes the archive declares are
    checked first (fast, and enough for an honest file); then every member is
    unpacked as a stream and counted, because the declared sizes can lie: Python's
    reader stops at the declared size and checks the CRC, so a member that unpacks
    to more than it declares is refused too. Nothing unpacked is kept.
    """
    too_large = _(
        "The workbook unpacks to more than %(limit)d MB, more than any import needs; "
        "split it into several files or save it as CSV."
    ) % {"limit": limit_bytes // (1024 * 1024)}
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > limit_bytes:
                raise FileUnreadable(too_large)
            unpacked = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(1 << 20):
                        unpacked += len(chunk)
                        if unpacked > limit_bytes:
                            raise FileUnreadable(too_large)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise FileUnreadable(
            _("The file is not a readable .xlsx workbook (%(error)s).") % {"error": exc}
        ) from None


@dataclass(frozen=True)
class Dimensions:
    """How many rows and columns a worksheet spans (from A1 to its last cell)."""

    rows: int
    columns: int

    @property
    def cells(self) -> int:
        return self.rows * self.columns


_REF = re.compile(rb"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref="([^"]{1,40})"')
# Rows and cells, with or without a namespace prefix, for the slow, exact reading.
_TAG = re.compile(rb"<(/?)(?:\w+:)?(row|c)\b([^>]*?)(/?)>")
_R_ATTRIBUTE = re.compile(rb'\sr="([A-Z]{0,4})([0-9]{0,9})"')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_RELATION_ID = re.compile(rb'\s(?:\w+:)?id="([^"]*)"')
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTRIBUTE_ID = re.compile(rb'\sId="([^"]*)"')
_ATTRIBUTE_TARGET = re.compile(rb'\sTarget="([^"]*)"')
_SCAN_CHUNK = 16 << 20
_WINDOW = 16  # bytes read after each ` r="`: up to 4 letters, 9 digits and the quote


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _reference(ref: bytes) -> Dimensions | None:
    """``B7`` -> 7 rows, 2 columns; None when ``ref`` is not a cell reference."""
    match = _REF.match(ref)
    if match is None:
        return None
    return Dimensions(int(match.group(2)), _column_number(match.group(1)))


def first_sheet_member(archive: zipfile.ZipFile) -> str:
    """The archive member of the workbook's first worksheet (the one imports read).

    Read with regular expressions rather than an XML parser: these two small files
    come from the upload, and an XML parser would expand any entities they declare.
    """
    workbook = archive.read("xl/workbook.xml")
    sheet = _SHEET.search(workbook)
    if sheet is None:
        raise FileUnreadable(_("The workbook has no worksheet."))
    relation = _RELATION_ID.search(sheet.group(0))
    for item in _RELATIONSHIP.findall(archive.read("xl/_rels/workbook.xml.rels")):
        ident, target = _ATTRIBUTE_ID.search(item), _ATTRIBUTE_TARGET.search(item)
        if relation and ident and target and ident.group(1) == relation.group(1):
            path = target.group(1).decode("utf-8", "replace")
            if path.startswith("/"):
                return path.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", path))
    raise FileUnreadable(_("The workbook's first worksheet cannot be found in the file."))


def _chunks(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The member's bytes in large pieces, each cut before a tag."""
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            text = tail + chunk
            cut = text.rfind(b"<")
            text, tail = text[:cut], text[cut:]
            yield text
    yield tail


def _follows(array: npt.NDArray[np.uint8], pattern: bytes) -> npt.NDArray[np.bool_]:
    """Where ``pattern`` starts in ``array`` (one vectorised comparison per byte)."""
    size = len(array) - len(pattern) + 1
    found = np.ones(max(size, 0), dtype=bool)
    for offset, byte in enumerate(pattern):
        found &= array[offset : offset + size] == byte
    return found


def _tag_count(array: npt.NDArray[np.uint8], name: bytes) -> int:
    """How many ``<name`` tags open in ``array`` (followed by a space, ``>`` or ``/``)."""
    starts = np.flatnonzero(_follows(array, b"<" + name)) + len(name) + 1
    starts = starts[starts < len(array)]
    after = array[starts]
    return int(np.count_nonzero((after == 32) | (after == 62) | (after == 47)))


@dataclass(frozen=True)
class _ChunkScan:
    rows: int
    columns: int
    regular: bool  # every row and cell carries a well-formed reference


def _scan_chunk(text: bytes) -> _ChunkScan:
    """The last row and right-most column referenced in ``text``, read with NumPy: a
    100,000-row sheet is read in about a second, where a regular expression per
    reference takes ten (see check_dimensions)."""
    array = np.frombuffer(text + bytes(_WINDOW), dtype=np.uint8)
    starts = np.flatnonzero(_follows(array[: len(text)], b' r="')) + 4
    letters = np.zeros(len(starts), dtype=np.int64)
    columns = np.zeros(len(starts), dtype=np.int64)
    reading = np.ones(len(starts), dtype=bool)
    for k in range(4):
        byte = array[starts + k].astype(np.int64)
        reading &= (byte >= 65) & (byte <= 90)
        columns = np.where(reading, columns * 26 + byte - 64, columns)
        letters += reading
    digits = np.zeros(len(starts), dtype=np.int64)
    rows = np.zeros(len(starts), dtype=np.int64)
    reading = np.ones(len(starts), dtype=bool)
    for k in range(9):
        byte = array[starts + letters + k].astype(np.int64)
        reading &= (byte >= 48) & (byte <= 57)
        rows = np.where(reading, rows * 10 + byte - 48, rows)
        digits += reading
    closing = array[starts + letters + digits]
    cell_refs = int(np.count_nonzero(letters > 0))
    regular = bool(
        np.all(letters <= 3)
        and np.all((digits >= 1) & (digits <= 8))
        and np.all(closing == 34)
        and _tag_count(array, b"c") == cell_refs
        and _tag_count(array, b"row") == len(starts) - cell_refs
    )
    return _ChunkScan(int(rows.max(initial=0)), int(columns.max(initial=0)), regular)


def _exact_dimensions(archive: zipfile.ZipFile, member: str) -> Dimensions:
    """Rows and cells read tag by tag, as a reader places them: one without a reference
    takes the next position. Slow; for the rare sheets the fast reading cannot bound."""
    row = column = rows = columns = 0
    for text in _chunks(archive, member):
        for closing, name, attributes, _empty in _TAG.findall(text):
            if closing:
                continue
            found = _R_ATTRIBUTE.search(attributes)
            if name == b"row":
                row = int(found.group(2)) if found and found.group(2) else row + 1
                column = 0
            else:
                column = _column_number(found.group(1)) if found and found.group(1) else column + 1
                if found and found.group(2):
                    row = max(row, int(found.group(2)))
            rows, columns = max(rows, row), max(columns, column)
    return Dimensions(rows, columns)


def sheet_dimensions(archive: zipfile.ZipFile, member: str) -> tuple[Dimensions, Dimensions]:
    """The worksheet's declared dimensions (its ``<dimension>``) and its real ones: its
    last row and right-most cell, read as a stream without building the sheet."""
    declared = Dimensions(0, 0)
    rows = columns = 0
    for number, text in enumerate(_chunks(archive, member)):
        if number == 0:
            found = _DIMENSION.search(text)
            reference = _reference(found.group(1).split(b":")[-1]) if found else None
            declared = reference or Dimensions(0, 0)
            if b"<sheetData" not in text and b"<sheetData/>" not in text:
                return declared, _exact_dimensions(archive, member)
        scan = _scan_chunk(text)
        if not scan.regular:
            return declared, _exact_dimensions(archive, member)
        rows, columns = max(rows, scan.rows), max(columns, scan.columns)
    return declared, Dimensions(rows, columns)


def check_dimensions(path: Path, *, max_rows: int, max_columns: int, max_cells: int) -> None:
    """Refuse a workbook whose first sheet spans too many rows, columns or cells.

    A reader allocates the whole rectangle from A1 to the sheet's last cell: a
    1.6 KB file with one cell at XFD1048576 asks for 17 billion cells (hundreds
    of gigabytes) and kills the process. Both what the sheet declares and where
    its cells really are are checked, before the reader opens the file.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            member = first_sheet_member(archive)
            declared, real = sheet_dimensions(archive, member)
    except (KeyError, zipfile.BadZipFile) as exc:
        raise FileUnreadable(
            _("The file is not a readable .xlsx workbook (%(error)s).") % {"error": exc}
        ) from None
    for dimensions in (declared, real):
        if dimensions.columns > max_columns:
            raise FileUnreadable(
                _(
                    "The first worksheet spans %(columns)s columns; an import has at most "
                    "%(limit)s. Delete the empty columns at its right (or save it as CSV) "
                    "and upload it again."
                )
                % {"columns": count(dimensions.columns), "limit": count(max_columns)}
            )
        if dimensions.rows > max_rows or dimensions.cells > max_cells:
            raise FileUnreadable(
                _(
                    "The first worksheet spans %(rows)s rows and %(columns)s columns, more "
                    "than an import reads (at most %(limit)s rows, %(cells)s cells). Delete "
                    "the empty rows and columns after the data, or split the file."
                )
                % {
                    "rows": count(dimensions.rows),
                    "columns": count(dimensions.columns),
                    "limit": count(max_rows),
                    "cells": count(max_cells),
                }
            )


def _open_xlsx(path: Path) -> Sheet:
    check_archive(path, settings.CROSSROADS_IMPORT_MAX_UNPACKED_MEGABYTES * 1024 * 1024)
    check_dimensions(
        path,
        max_rows=settings.CROSSROADS_IMPORT_MAX_ROWS,
        max_columns=settings.CROSSROADS_IMPORT_MAX_COLUMNS,
        max_cells=settings.CROSSROADS_IMPORT_MAX_CELLS,
    )
    # python-calamine (Rust) reads a 100,000-row sheet in a few seconds, where
    # openpyxl's read-only mode takes about two minutes; see pyproject.toml.
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        iterator = iter(sheet.iter_rows())
        header = _header(list(next(iterator)))
    except StopIteration:
        raise FileUnreadable(_("The first worksheet is empty.")) from None
    except (CalamineError, OSError, ValueError) as exc:
        raise FileUnreadable(
            _("The file is not a readable .xlsx workbook (%(error)s).") % {"error": exc}
        ) from None
    total = max(sheet.height - 1, 0)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, cells in enumerate(iterator, 2):
            yield number, list(cells)

    return Sheet(header, rows(), total)
