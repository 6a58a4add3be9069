"""Tables added in catalogue 1.3: the reports a member's safe reporting point received.

They count reports, not persons: a report holds no identity, and two reports may be about
the same person. Only reports whose reporter agreed to be counted enter them (a report
whose reporter said no is in no table, not even a total), from the monthly counts the
reporting point keeps as reports arrive (:class:`crossroads.reporting.models.ReportCount`),
so that retention, which deletes closed reports, does not empty them.
"""

from __future__ import annotations

from typing import cast

from django.utils.dates import MONTHS
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from crossroads.codebook.loader import CURRENT_VERSION, load_standard
from crossroads.exchange.catalogue._types import (
    Category,
    DimensionSpec,
    Module,
    PopulationSpec,
    TableSpec,
)
from crossroads.reporting.choices import AUTHORITIES, KIND_CODES

SAFE_REPORTS = "safe_reports"


def _forms() -> tuple[Category, ...]:
    vocabulary = load_standard(CURRENT_VERSION).vocabularies["exploitation_form"]
    labels = {value.code: value.label for value in vocabulary.values}
    return tuple(Category(code, labels[code]) for code in KIND_CODES)


REPORTING_POPULATIONS: tuple[PopulationSpec, ...] = (
    PopulationSpec(
        SAFE_REPORTS,
        _("Reports to the safe reporting point"),
        _(
            "Reports received in the year through the member's safe reporting point whose "
            "reporter agreed to be counted in anonymous statistics. Reports, not persons."
        ),
    ),
)

REPORTING_DIMENSIONS: tuple[DimensionSpec, ...] = (
    DimensionSpec(
        "report_form",
        _("What the report is about"),
        additive=False,
        categories=_forms(),
        derivation=(
            "The kinds of exploitation the reporter chose (multi-response), as codes of "
            "`exploitation_form`; `other` and `unknown` as the reporter answered."
        ),
    ),
    DimensionSpec(
        "report_month",
        _("Month received"),
        additive=True,
        # Django's month names are lazy translations (typed as text).
        categories=tuple(
            Category(f"{number:02d}", cast(Promise, MONTHS[number])) for number in range(1, 13)
        ),
        derivation="The month the report arrived (the day is never kept).",
    ),
    DimensionSpec(
        "report_sharing",
        _("Sharing with the authorities"),
        additive=True,
        categories=tuple(Category(code, label) for code, label in AUTHORITIES),
        derivation=(
            "The reporter's answer to whether the report may be shared with the police or "
            "the labour inspection (default: no)."
        ),
    ),
    DimensionSpec(
        "report_case_record",
        _("Case file agreed"),
        additive=True,
        categories=(Category("yes", _("yes")), Category("no", _("no"))),
        derivation="Whether the reporter agreed to a case file being opened.",
    ),
)

REPORTING_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "safe_reports_forms",
        _("Safe reports by kind of exploitation"),
        _("Counted reports by the kinds of exploitation they are about (multi-response)."),
        Module.RIGHTS,
        SAFE_REPORTS,
        ("report_form",),
        notes=_(
            "Multi-response: a report about several kinds counts once under each; the total "
            "is the number of reports."
        ),
    ),
    TableSpec(
        "safe_reports_months",
        _("Safe reports by month"),
        _("Counted reports by the month they arrived."),
        Module.RIGHTS,
        SAFE_REPORTS,
        ("report_month",),
    ),
    TableSpec(
        "safe_reports_choices",
        _("Safe reports by the reporter's choices"),
        _(
            "Counted reports by whether they may be shared with the police or the labour "
            "inspection, and whether a case file may be opened."
        ),
        Module.RIGHTS,
        SAFE_REPORTS,
        ("report_sharing", "report_case_record"),
        indicators=("R8.5",),
    ),
)
