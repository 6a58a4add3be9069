"""The XLSX import template, generated from the standard.

Sheet "Records": row 1 holds each column's code (what the importer reads),
row 2 its label in the chosen language (recognised and skipped on import),
each header with a comment giving the definition. Coded columns get a
drop-down list that refers to a range of the hidden "Lists" sheet (a list
typed into the validation itself is limited to 255 characters, too short
for countries); multi-valued columns accept any text, since a drop-down
allows one value only, and say so in their comment. Sheet "Fields" explains
every column: definition, type, allowed values, whether it is required, and
when it applies.
"""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from crossroads.cases.importing.columns import Column, Kind, layout
from crossroads.codebook.conditions import describe
from crossroads.codebook.definitions import FieldType, Requirement, Standard
from crossroads.codebook.display import options
from crossroads.codebook.loader import load_standard

TEMPLATE_ROWS = 5000  # drop-down lists cover this many rows
HEADER_FILL = PatternFill("solid", fgColor="1F4E5F")
LABEL_FILL = PatternFill("solid", fgColor="E6F0F3")


def _type_text(column: Column) -> str:
    if column.kind is Kind.CLIENT_CODE:
        return _("text: 1 to 64 letters, digits or . _ / -")
    if column.kind is Kind.IDENTITY:
        return _("date") if column.key == "identity_dob" else _("text (never stored)")
    assert column.field is not None
    kind = column.field.type
    return {
        FieldType.INTEGER: _("whole number"),
        FieldType.DATE: _("date (YYYY-MM-DD or DD.MM.YYYY)"),
        FieldType.CHOICE: _("one value from the list"),
        FieldType.COUNTRY: _("one country"),
        FieldType.MULTICHOICE: _("several values from the list, separated by ;"),
        FieldType.COUNTRIES: _("several countries, separated by ;"),
    }[kind]


def _required_text(column: Column) -> str:
    if column.kind is Kind.CLIENT_CODE:
        return _("required")
    if column.field is None or column.field.required is None:
        return _("optional")
    if column.field.required is Requirement.SAVE:
        return _("required")
    return _("needed for completeness")


def _condition_text(column: Column, standard: Standard, language: str) -> str:
    conditions = []
    if column.event is not None and column.event.applies_when is not None:
        conditions.append(describe(column.event.applies_when, standard, language))
    if column.field is not None and column.field.applies_when is not None:
        conditions.append(describe(column.field.applies_when, standard, language))
    return "; ".join(conditions)


STANDARD_KEYWORD = "crossroads-standard="


def build_template(language: str, standard: Standard | None = None) -> bytes:
    """The template workbook, labels and explanations in ``language``, as XLSX bytes."""
    standard = standard or load_standard()
    with translation.override(language):
        return _build(standard, language)


def _build(standard: Standard, language: str) -> bytes:
    workbook = Workbook()
    # The version the columns follow, in the file's properties (File > Info), so a
    # template always says which standard it was made for.
    workbook.properties.keywords = f"{STANDARD_KEYWORD}{standard.version}"
    workbook.properties.title = f"Crossroads {standard.version}"
    records = workbook.active
    records.title = _("Records")[:31]
    fields = workbook.create_sheet(_("Fields")[:31])
    lists_title = _("Lists")[:31]
    lists = workbook.create_sheet(lists_title)
    lists.sheet_state = "hidden"
    columns = layout(standard)
    list_column = 0
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        code_cell = records.cell(row=1, column=index, value=column.key)
        code_cell.font = Font(bold=True, color="FFFFFF")
        code_cell.fill = HEADER_FILL
        label_cell = records.cell(row=2, column=index, value=column.label(language))
        label_cell.font = Font(italic=True)
        label_cell.fill = LABEL_FILL
        label_cell.alignment = Alignment(wrap_text=True, vertical="top")
        note = f"{column.label(language)}\n\n{column.definition(language)}\n\n{_type_text(column)}"
        code_cell.comment = Comment(note[:1500], "Crossroads", width=320, height=200)
        records.column_dimensions[letter].width = max(14, min(36, len(column.label(language)) + 2))
        if column.field is not None and column.field.type.is_coded:
            pairs = options(standard, column.field, language)
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=column.key)
            for row, (_code, label) in enumerate(pairs, 2):
                lists.cell(row=row, column=list_column, value=label)
            if not column.field.type.is_multiple:
                cells = f"${list_letter}$2:${list_letter}${len(pairs) + 1}"
                source = f"{quote_sheetname(lists_title)}!{cells}"
                validation = DataValidation(type="list", formula1=source, allow_blank=True)
                validation.error = _("Choose a value from the list.")
                validation.errorTitle = column.label(language)[:32]
                validation.showErrorMessage = True
                records.add_data_validation(validation)
                validation.add(f"{letter}3:{letter}{TEMPLATE_ROWS}")
    records.freeze_panes = "B3"
    records.row_dimensions[2].height = 45
    _fields_sheet(fields, standard, columns, language)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fields_sheet(
    sheet: object, standard: Standard, columns: tuple[Column, ...], language: str
) -> None:
    headers = [
        _("Column"),
        _("Label"),
        _("Definition"),
        _("Type"),
        _("Required"),
        _("Applies when"),
        _("Allowed values (code = label)"),
    ]
    sheet.append(headers)  # type: ignore[attr-defined]
    for cell in sheet[1]:  # type: ignore[index]
        cell.font = Font(bold=True)
    for column in columns:
        allowed = ""
        if column.field is not None and column.field.type.is_coded:
            pairs = options(standard, column.field, language)
            if column.field.type in {FieldType.COUNTRY, FieldType.COUNTRIES}:
                allowed = _("ISO 3166 country codes (e.g. ROU), or country names in any language")
            else:
                allowed = "\n".join(f"{code} = {label}" for code, label in pairs)
        sheet.append([  # type: ignore[attr-defined]
            column.key, column.label(language), column.definition(language), _type_text(column),
            _required_text(column), _condition_text(column, standard, language), allowed,
        ])  # fmt: skip
    for letter, width in zip("ABCDEFG", (30, 34, 60, 26, 18, 34, 48), strict=True):
        sheet.column_dimensions[letter].width = width  # type: ignore[attr-defined]
    for row in sheet.iter_rows(min_row=2):  # type: ignore[attr-defined]
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"  # type: ignore[attr-defined]
