"""Released tables as XLSX and CSV, with the same markers as on screen.

XLSX: an "About" sheet (what, who, which version, checksum, the rule and
the legend), then one sheet per table laid out like the page. CSV: one
line per cell, margins included, machine-readable (value, status, flag).
Text that a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from crossroads.accounts.spreadsheets import Convention
from crossroads.cells import safe_cell
from crossroads.exchange.presenters import STRUCTURAL_SYMBOL, Grid, category_label, dimension_title
from crossroads.exchange.released import ReleasedTable
from crossroads.stats.disclosure import CONFIDENTIAL_FLAG, SUPPRESSED_SYMBOL

BOLD = Font(bold=True)
MUTED = Font(italic=True, color="6B7685")
HEAD_FILL = PatternFill("solid", fgColor="E6F0F3")


def safe(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula (in any of its parts)."""
    return str(safe_cell(text))


def legend() -> list[tuple[str, str]]:
    """The markers used in every table."""
    return [
        (SUPPRESSED_SYMBOL, _("suppressed (confidential): small, or would reveal a small count")),
        ("0", _("true zero")),
        (STRUCTURAL_SYMBOL, _("not applicable (the combination cannot occur)")),
    ]


def workbook(about: Sequence[tuple[str, str]], grids: Iterable[Grid]) -> bytes:
    """An XLSX file: the About sheet, then one sheet per table."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("About")[:31]
    for label, value in about:
        sheet.append([safe(str(label)), safe(str(value))])
        sheet.cell(sheet.max_row, 1).font = BOLD
    sheet.append([])
    sheet.append([_("Legend")])
    sheet.cell(sheet.max_row, 1).font = BOLD
    for symbol, meaning in legend():
        sheet.append([symbol, meaning])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90
    for table in grids:
        _grid_sheet(book, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _grid_sheet(book: Workbook, table: Grid) -> None:
    sheet = book.create_sheet(table.code[:31])
    sheet.append([safe(table.title)])
    sheet.cell(1, 1).font = Font(bold=True, size=13)
    sheet.append([safe(table.description)])
    if table.multi_response:
        sheet.append([_("Multi-response: a person can count in several categories.")])
    for block in table.blocks:
        sheet.append([])
        if block.heading:
            sheet.append([safe(block.heading)])
            sheet.cell(sheet.max_row, 1).font = BOLD
        sheet.append([safe(table.row_title), *[safe(c.label) for c in block.columns]])
        for column in range(1, len(block.columns) + 2):
            cell = sheet.cell(sheet.max_row, column)
            cell.font, cell.fill = BOLD, HEAD_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row, shown in zip(block.rows, block.cells, strict=True):
            sheet.append([safe(row.label), *[_value(s.text, s.value) for s in shown]])
            line = sheet.max_row
            if row.level:
                sheet.cell(line, 1).font = BOLD
            for offset, item in enumerate(shown, start=2):
                if item.value is None or item.text == STRUCTURAL_SYMBOL:
                    sheet.cell(line, offset).font = MUTED
                sheet.cell(line, offset).alignment = Alignment(horizontal="right")
    sheet.column_dimensions["A"].width = 40
    for column in range(2, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14


def _value(text: str, value: int | None) -> int | str:
    return value if value is not None and text not in {STRUCTURAL_SYMBOL} else text


def cells_csv(
    rows: Iterable[tuple[str, ReleasedTable]], language: str, convention: Convention
) -> str:
    """One line per cell: scope, table, cell categories, value as shown, status, flag;
    columns separated by ``convention``'s separator."""
    out = io.StringIO()
    writer = convention.writer(out)
    writer.writerow(["scope", "table", "cell", "value", "status", "flag", "cell_labels"])

    for scope, table in rows:
        names = [d.name for d in table.dimensions]
        for cell in table.cells():
            codes = "; ".join(f"{n}={c}" for n, c in zip(names, cell.categories, strict=True))
            labels = "; ".join(
                f"{dimension_title(n, language)}: {category_label(n, c, language)}"
                for n, c in zip(names, cell.categories, strict=True)
            )
            shown = SUPPRESSED_SYMBOL if cell.suppressed else str(cell.value)
            status = "suppressed" if cell.suppressed else cell.status
            flag = CONFIDENTIAL_FLAG if cell.suppressed else ""
            writer.writerow([safe(scope), table.name, codes, shown, status, flag, safe(labels)])
    return "\ufeff" + out.getvalue()
