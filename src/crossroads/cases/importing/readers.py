"""Reading uploaded spreadsheets into rows of cells.

CSV: UTF-8 with or without a byte-order mark, ``;``, ``,`` or tab as the
delimiter (sniffed from the start of the file). XLSX: the first worksheet,
read with python-calamine.

Rows are numbered as the officer sees them in their spreadsheet program: the
header is row 1.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

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


def _open_xlsx(path: Path) -> Sheet:
    check_archive(path, settings.CROSSROADS_IMPORT_MAX_UNPACKED_MEGABYTES * 1024 * 1024)
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
