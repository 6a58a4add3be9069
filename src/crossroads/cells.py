"""Text that spreadsheet programs show as text and never run as a formula.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and,
in some programs, a tab or a carriage return) as a formula, which can fetch
a URL or start a program ("CSV injection"). Every CSV and XLSX file that
Crossroads writes passes its text through :func:`safe_cell`.

A cell can also hold several values separated by ``;`` (multi-value cells of
exports, lists of labels), and a spreadsheet opening a CSV with ``;`` as its
separator (the default in the Netherlands, Germany and France) splits the cell
there: each part is neutralised, not only the start of the cell.

This module imports nothing from Django, so the statistics core and the
command-line tools use it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: What makes a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A part after a separator (with any spaces) that starts like a formula.
_PART = re.compile(r"([;,\t\r\n]\s*)(?=[=+\-@])")


def safe_cell(value: Any) -> Any:
    """``value`` unchanged unless it is text a spreadsheet could run: then the text with an
    apostrophe before the start of each part that starts like a formula (spreadsheets
    show an apostrophe-led cell as text; Crossroads' importer removes it again)."""
    if not isinstance(value, str):
        return value
    text = _PART.sub(r"\1'", value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_row(values: Iterable[Any]) -> list[Any]:
    """Every cell of a row through :func:`safe_cell`."""
    return [safe_cell(value) for value in values]
