"""The reporting point's counts for the annual exchange: reports whose reporter agreed to be
counted, by month and coded answers (:class:`~crossroads.reporting.models.ReportCount`)."""

from __future__ import annotations

from dataclasses import dataclass

from crossroads.accounts.models import Organisation
from crossroads.reporting.models import ReportCount


@dataclass(frozen=True)
class CountedReports:
    """How many counted reports of one month share the same coded answers."""

    month: int
    country: str
    kinds: tuple[str, ...]
    sharing: str
    case_record: bool
    reports: int


def counted_reports(organisation: Organisation, year: int) -> list[CountedReports]:
    """The counted reports ``organisation`` received in ``year``."""
    return [
        CountedReports(
            row.month.month,
            row.country,
            tuple(code for code in row.kinds.split(",") if code),
            row.sharing,
            row.case_record,
            row.reports,
        )
        for row in ReportCount.objects.filter(
            organisation=organisation, month__year=year, reports__gt=0
        ).order_by("id")
    ]
