"""Checking every row of an uploaded file against the standard.

Each row goes through the single validation layer
(:func:`crossroads.codebook.validation.validate_record`), exactly as a form
save does. The result is a :class:`Check`: the valid rows ready to save and a
report of every problem by spreadsheet row, column, value and what is
allowed. Identity columns are turned into linkage tokens here and dropped;
their values never reach the report.

Where the time goes (100,000 rows on two cores): validating a row takes about
0.2 ms and hashing an identity into the token cascade about 0.07 ms, so both
run once per row and nothing else is repeated per cell: column recognition
happens once per file. Rows are checked in chunks, in parallel processes for
large files (:mod:`crossroads.cases.importing.parallel`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from crossroads.cases.bulk import Planned
from crossroads.cases.importing.columns import Column, Kind, recognise
from crossroads.cases.services import NoToken, check_client_code, tokens_for
from crossroads.cells import FORMULA_STARTS
from crossroads.codebook.coerce import is_blank
from crossroads.codebook.loader import load_standard
from crossroads.codebook.validation import (
    EVENTS_KEY,
    CleanRecord,
    Problem,
    RecordInvalid,
    validate_record,
)
from crossroads.stats.linkage import Identity, IdentityError

MAX_LISTED_PROBLEMS = 2000
VALUE_CHARS = 80


@dataclass
class RowProblem:
    """One problem of one row, as the report shows it."""

    row: int
    column: str
    value: str | None
    message: str

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class Check:
    """What checking a file found."""

    header: list[str]
    recognised: list[str] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    planned: list[Planned] = field(default_factory=list)
    rows: int = 0
    invalid_rows: int = 0

    @property
    def problem_count(self) -> int:
        return len(self.problems) + len(self.file_problems)

    def report(self) -> dict[str, Any]:
        """The report as stored with the job (JSON), problems grouped and counted."""
        groups: Counter[tuple[str, str]] = Counter()
        first_rows: dict[tuple[str, str], list[int]] = {}
        for problem in self.problems:
            key = (problem.column, problem.message)
            groups[key] += 1
            first_rows.setdefault(key, [])
            if len(first_rows[key]) < 8:
                first_rows[key].append(problem.row)
        return {
            "rows": self.rows,
            "valid_rows": len(self.planned),
            "invalid_rows": self.invalid_rows,
            "problem_count": self.problem_count,
            "file_problems": self.file_problems,
            "recognised": self.recognised,
            "groups": [
                {
                    "column": column,
                    "message": message,
                    "count": count,
                    "rows": first_rows[(column, message)],
                }
                for (column, message), count in groups.most_common()
            ],
            "problems": [p.as_json() for p in self.problems[:MAX_LISTED_PROBLEMS]],
            "row_problem_count": len(self.problems),
            "listed": min(len(self.problems), MAX_LISTED_PROBLEMS),
        }


def neutralised(value: Any) -> Any:
    """A cell as typed: the apostrophe an export puts before formula characters is removed."""
    if isinstance(value, str):
        text = value.strip()
        if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
            return text[1:]
        return text
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    return value


def _shown(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


@dataclass(frozen=True)
class FileContext:
    """What checking a row needs to know: the file's header and who will own the records."""

    header: tuple[str, ...]
    country: str
    language: str
    version: str


@dataclass
class RowResult:
    """The outcome of one non-blank row: its client code, the record to save, or problems."""

    row: int
    code: str | None
    planned: Planned | None
    problems: list[RowProblem]


class RowChecker:
    """Checks rows of one file: column mapping (once), then validation and tokens per row.

    It holds no state between rows, so chunks of rows can be checked in
    parallel (:mod:`crossroads.cases.importing.parallel`); what needs the
    whole file (a client code repeated in two rows) is decided by the caller.
    """

    def __init__(self, context: FileContext) -> None:
        self.context = context
        self.standard = load_standard(context.version)
        self.columns: list[tuple[int, Column]] = []
        self.file_problems: list[str] = []
        self._headers: dict[str, str] = {}
        self._map_columns()

    # -------------------------------------------------------------- columns
    def _map_columns(self) -> None:
        seen: dict[str, str] = {}
        for index, header in enumerate(self.context.header):
            if not header:
                continue
            column = recognise(self.standard, header)
            if column is None:
                self.file_problems.append(
                    _(
                        "Column “%(header)s” is not a field of the standard. Free-text columns "
                        "are not imported (a record holds no free text about a person): "
                        "remove the column, or rename it to a field's code or label."
                    )
                    % {"header": _shown(header)}
                )
                continue
            if column.key in seen:
                self.file_problems.append(
                    _("Columns “%(first)s” and “%(second)s” both mean %(field)s; keep one.")
                    % {"first": seen[column.key], "second": header, "field": column.key}
                )
                continue
            seen[column.key] = header
            self.columns.append((index, column))
            self._headers[column.key] = header
        if "client_code" not in seen:
            self.file_problems.append(
                _("The file has no client code column (“client_code”); every row needs one.")
            )

    @property
    def recognised(self) -> list[str]:
        """Keys of the columns recognised, in file order."""
        return [column.key for _index, column in self.columns]

    def header_of(self, path: str) -> str:
        """The header, as written in the file, of a validation problem's path."""
        if "[" in path:  # an event field: compensation[1].route
            kind, rest = path.split("[", 1)
            path = f"{kind}.{rest.split('.', 1)[1]}" if "." in rest else kind
        if path in self._headers:
            return self._headers[path]
        if self.standard.has_field(path):
            return self.standard.field(path).label.get(self.context.language)
        try:
            return self.standard.event(path).label.get(self.context.language)
        except KeyError:
            return path

    def is_label_row(self, cells: list[Any]) -> bool:
        """Whether a row repeats the columns' labels (the template's second row)."""
        filled = [
            (index, column)
            for index, column in self.columns
            if index < len(cells) and not is_blank(cells[index])
        ]
        return bool(filled) and all(
            recognise(self.standard, str(cells[index])) == column for index, column in filled
        )

    # -------------------------------------------------------------- rows
    def check_chunk(self, rows: list[tuple[int, list[Any]]]) -> list[RowResult]:
        """Check several rows; blank rows are left out."""
        return [result for number, cells in rows if (result := self.check_row(number, cells))]

    def check_row(self, number: int, cells: list[Any]) -> RowResult | None:
        """Check one row (``number`` as in the spreadsheet); None for a blank row."""
        values: dict[str, Any] = {}
        width = len(cells)
        for index, column in self.columns:
            if index < width:
                cell = cells[index]
                if cell is None or cell == "":
                    continue
                value = neutralised(cell)
                if not is_blank(value):
                    values[column.key] = value
        if not values:
            return None
        problems: list[RowProblem] = []
        code: str | None = None
        try:
            code = check_client_code(str(values.get("client_code", "")))
        except RecordInvalid as exc:
            problems += self._row_problems(number, exc.problems, values)
        raw = self._raw_record(values)
        clean: CleanRecord | None = None
        try:
            clean = validate_record(
                raw,
                standard=self.standard,
                country=self.context.country,
                language=self.context.language,
            )
        except RecordInvalid as exc:
            problems += self._row_problems(number, exc.problems, values)
        tokens: list[str] | None = None
        try:
            tokens = self._tokens(values, clean.data.get("gender", "") if clean else "")
        except IdentityError:
            # The identity value itself is never repeated in the report.
            problems.append(
                RowProblem(
                    number,
                    self._headers.get("identity_dob", "identity_dob"),
                    None,
                    _("could not be read; use YYYY-MM-DD, DD.MM.YYYY or a year alone"),
                )
            )
        except NoToken as exc:
            problems.append(
                RowProblem(
                    number, self._headers.get("identity_dob", "identity_dob"), None, str(exc)
                )
            )
        planned = None
        if not problems and clean is not None and code is not None:
            planned = Planned(number, code, clean, tokens)
        return RowResult(number, code, planned, problems)

    def duplicate(self, result: RowResult, first_row: int) -> RowProblem:
        """The problem of a row repeating the client code of an earlier row."""
        return RowProblem(
            result.row,
            self._headers.get("client_code", "client_code"),
            result.code,
            _("the same client code is already in row %(row)d of this file") % {"row": first_row},
        )

    def _raw_record(self, values: dict[str, Any]) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        events: dict[str, dict[str, Any]] = {}
        for _index, column in self.columns:
            if column.key not in values:
                continue
            if column.kind is Kind.FIELD:
                raw[column.key] = values[column.key]
            elif column.kind is Kind.EVENT_FIELD:
                assert column.event is not None and column.field is not None
                events.setdefault(column.event.code, {})[column.field.code] = values[column.key]
        raw[EVENTS_KEY] = {kind: [entry] for kind, entry in events.items()}
        return raw

    def _tokens(self, values: dict[str, Any], gender: str) -> list[str] | None:
        given = str(values.get("identity_given", ""))
        family = str(values.get("identity_family", ""))
        dob = values.get("identity_dob", "")
        if isinstance(dob, date):
            dob = dob.isoformat()
        if not (given or family or dob):
            return None
        sex = gender if gender in {"female", "male", "trans_nonbinary"} else ""
        return tokens_for(Identity.from_fields(given, family, str(dob), sex))

    def _row_problems(
        self, number: int, problems: list[Problem], values: dict[str, Any]
    ) -> list[RowProblem]:
        result = []
        for problem in problems:
            path = problem.path
            key = path.replace("[1]", "") if "[" in path else path
            value = values.get(key, problem.value)
            result.append(
                RowProblem(
                    number,
                    self.header_of(path),
                    None if is_blank(value) else _shown(value),
                    problem.message,
                )
            )
        return result
