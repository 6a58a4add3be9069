"""The reporting point counts the reports whose reporter agreed to be counted, and only
those; the counts outlive the reports and enter the annual exchange's tables."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from crossroads.exchange.building.tables import build
from crossroads.exchange.catalogue import TOTAL
from crossroads.reporting.counts import CountedReports, counted_reports
from crossroads.reporting.models import Report, ReportCount
from crossroads.reporting.services import triage
from crossroads.reporting.tests.helpers import SECRET_TEXT, file_report, open_point
from crossroads.testing import Personas


def test_only_reports_whose_reporter_agreed_are_counted_and_the_counts_keep_no_text(
    personas: Personas,
) -> None:
    open_point(personas.org_admin_a, personas.org_a, ["NLD"])
    file_report(kinds=["labour", "sexual"], authorities="police", case_record="no")
    file_report(kinds=["sexual", "labour"], authorities="police", case_record="no")
    file_report(kinds=["domestic_servitude"], statistics="no")
    today = timezone.localdate()
    assert counted_reports(personas.org_a, today.year) == [
        CountedReports(today.month, "NLD", ("labour", "sexual"), "police", False, 2)
    ]
    assert counted_reports(personas.org_b, today.year) == []
    assert counted_reports(personas.org_a, today.year - 1) == []
    row = ReportCount.objects.values().get()
    assert SECRET_TEXT not in str(row) and "domestic_servitude" not in str(row)


def test_the_counts_outlive_the_reports_that_retention_deletes_and_enter_the_exchange(
    personas: Personas,
) -> None:
    open_point(personas.org_admin_a, personas.org_a, ["NLD"])
    file_report(kinds=["labour"])
    file_report(kinds=["forced_begging"], authorities="both")
    for report in Report.objects.all():
        triage.set_status(personas.caseworker_a, report, "closed")
    today = timezone.localdate()
    assert triage.delete_expired(today + timedelta(days=365)) == 2
    assert not Report.objects.exists()
    built = build(personas.org_a, today.year, ["rights"])
    tables = {table.name: table for table in built.tables.tables}
    forms = tables["safe_reports_forms"]
    assert forms.count("labour") == 1 and forms.count("forced_begging") == 1
    assert forms.count(TOTAL) == 2
    choices = tables["safe_reports_choices"]
    assert choices.count("no", "yes") == 1 and choices.count("both", TOTAL) == 1
    month = f"{today.month:02d}"
    assert tables["safe_reports_months"].count(month) == 2
