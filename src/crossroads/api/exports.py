"""Exports of the caller's organisation's records: the export page's files, through the API.

The same formats, values, filters, permissions and audit entry as the
export page (:func:`crossroads.cases.exporting.export_records`): CSV or XLSX
in the import layout, values as codes or labels in a language, for data
officers and organisation administrators.
"""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.params import P, QueryEx

from crossroads.accounts.models import TokenScope
from crossroads.accounts.spreadsheets import CSV_SEPARATORS, convention_of
from crossroads.api.auth import signed_in
from crossroads.api.imports import data_officer
from crossroads.api.problems import invalid_field
from crossroads.api.schemas import ERRORS
from crossroads.cases.data_views import FILTER_KEYS, file_response
from crossroads.cases.exporting import FORMATS, export_records
from crossroads.cases.filters import apply_filters
from crossroads.cases.models import Case
from crossroads.codebook.loader import load_standard

router = Router(tags=["exports"], auth=signed_in)
#: Query parameters that choose the file rather than filter the records.
FILE_PARAMETERS = ("format", "values", "language", "separator")
FILES = {
    "200": {
        "description": "The file, as an attachment (`Content-Disposition` names it).",
        "content": {
            FORMATS["csv"].split(";")[0]: {"schema": {"type": "string"}},
            FORMATS["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.get(
    "/exports/records",
    response=ERRORS,
    url_name="export",
    summary="Export records",
    description=(
        "The organisation's records as a CSV or XLSX file in the import layout (an exported "
        "file imports again unchanged), with the record list's filters (`q`, `year`, "
        "`completeness`, `f.<field>=<code>`). Values as codes, or labels in `language`. "
        "Data officers and organisation administrators; each export is audited."
    ),
    openapi_extra={"responses": FILES},
)
def export(
    request: HttpRequest,
    format: Literal["csv", "xlsx"] = "csv",
    values: Literal["codes", "labels"] = "codes",
    language: QueryEx[str, P(max_length=8, description="For labels; the account's.")] = "",
    separator: Literal["comma", "semicolon", "tab"] | None = None,
    q: QueryEx[str, P(max_length=64)] = "",
    year: QueryEx[int | None, P(ge=1900, le=2100)] = None,
    completeness: Literal["complete", "incomplete"] | None = None,
) -> StreamingHttpResponse | FileResponse:
    user = data_officer(request, TokenScope.READ_RECORDS)
    offered = [code for code, _name in settings.LANGUAGES]
    language = language or user.language
    if values == "labels" and language not in offered:
        allowed = _("one of: %(values)s") % {"values": ", ".join(offered)}
        raise invalid_field("language", language, allowed)
    params = request.GET.copy()
    for name in FILE_PARAMETERS:
        params.pop(name, None)
    filters = {
        key: str(value)
        for key, value in params.items()
        if value and (key in FILTER_KEYS or key.startswith("f."))
    }
    queryset = Case.objects.visible_to(user)
    if filters:
        queryset = apply_filters(queryset, params, load_standard(), user.language).queryset
    exported = export_records(
        user,
        queryset,
        fmt=format,
        language=language if values == "labels" else None,
        filters=filters,
        separator=CSV_SEPARATORS[separator or convention_of(user, user.language).separator_name],
    )
    return file_response(exported)
