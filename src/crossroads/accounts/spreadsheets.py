"""How the CSV files a person downloads are written for their spreadsheet program.

Spreadsheet programs split a CSV file and read its numbers by the conventions of the
computer's region: where the decimal mark is a comma (French, German, Romanian…) they
split on semicolons, elsewhere on commas. A person may also keep another convention than
their interface language's (an English interface on a German computer), so each user
chooses once, in their preferences, and every CSV download follows that choice.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import models
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _


class Spreadsheets(models.TextChoices):
    """A user's choice of CSV conventions (stored on the user)."""

    LANGUAGE = "language", _("As my language writes numbers")
    COMMA = "comma", _("Commas between columns, a decimal point (1234.5)")
    SEMICOLON = "semicolon", _("Semicolons between columns, a decimal comma (1234,5)")
    TAB = "tab", _("Tabs between columns, a decimal point (1234.5)")


#: The column separators a CSV file may use, by the name forms and the API give them.
CSV_SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t"}


@dataclass(frozen=True)
class Convention:
    """The column separator and decimal mark of a CSV file."""

    separator: str
    decimal: str

    @property
    def separator_name(self) -> str:
        """The separator's name as the export form offers it: comma, semicolon or tab."""
        return next(name for name, sign in CSV_SEPARATORS.items() if sign == self.separator)

    def number(self, value: float | int | None, places: int = 4) -> str:
        """``value`` as a spreadsheet of this convention reads a number: no thousands
        separator, ``places`` decimals for a float, nothing for a missing value."""
        if value is None:
            return ""
        if isinstance(value, int):
            return str(value)
        return f"{value:.{places}f}".replace(".", self.decimal)

    def writer(self, out: _Writable) -> Any:
        """A :func:`csv.writer` on ``out`` with this convention's separator."""
        return csv.writer(out, delimiter=self.separator, lineterminator="\r\n")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


_FIXED: dict[str, Convention] = {
    Spreadsheets.COMMA: Convention(",", "."),
    Spreadsheets.SEMICOLON: Convention(";", ","),
    Spreadsheets.TAB: Convention("\t", "."),
}


def language_convention(language: str | None = None) -> Convention:
    """The convention of spreadsheets set up for ``language`` (default: the active one):
    semicolons and a decimal comma where the language writes a decimal comma."""
    language = language or translation.get_language() or "en"
    decimal = formats.get_format("DECIMAL_SEPARATOR", lang=language, use_l10n=True)
    return Convention(";", ",") if decimal == "," else Convention(",", ".")


def convention_of(user: object, language: str | None = None) -> Convention:
    """The convention ``user`` chose (anyone not signed in: their language's).

    ``language`` is the language to follow when the choice is "as my language"; by
    default the active one, which is the user's interface language on their pages.
    """
    return _FIXED.get(getattr(user, "spreadsheets", "")) or language_convention(language)
