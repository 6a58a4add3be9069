"""Upgrading an organisation's records from standard 1.0 to 1.1: checked, audited, resumable."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from crossroads.audit.models import AuditEntry
from crossroads.cases.importing.template import build_template
from crossroads.cases.models import Case
from crossroads.cases.upgrading import pending_upgrade, upgrade_records
from crossroads.testing import Personas, make_case


def _on_1_0(user_cases: list[Case]) -> None:
    Case.objects.filter(pk__in=[c.pk for c in user_cases]).update(standard_version="1.0")


def test_a_new_record_is_stored_under_the_current_version(personas: Personas) -> None:
    assert make_case(personas.caseworker_a).standard_version == "1.1"


def test_the_data_officer_upgrades_every_1_0_record_of_the_organisation_only(
    personas: Personas,
) -> None:
    ours = [make_case(personas.caseworker_a, f"A-{n}") for n in range(5)]
    theirs = make_case(personas.caseworker_b, "B-1")
    _on_1_0([*ours, theirs])
    assert pending_upgrade(personas.data_officer_a) == {"1.0": 5}
    outcome = upgrade_records(personas.data_officer_a, batch=2)
    assert outcome.upgraded == 5
    assert not outcome.refused
    assert set(
        Case.objects.filter(pk__in=[c.pk for c in ours]).values_list("standard_version", flat=True)
    ) == {"1.1"}
    theirs.refresh_from_db()
    assert theirs.standard_version == "1.0"
    entries = AuditEntry.objects.filter(summary__startswith="upgraded")
    assert [e.detail["from"] for e in entries.order_by("pk")] == [
        {"1.0": 2},
        {"1.0": 2},
        {"1.0": 1},
    ]
    assert pending_upgrade(personas.data_officer_a) == {}


def test_running_again_after_an_interruption_upgrades_only_what_is_left(
    personas: Personas,
) -> None:
    cases = [make_case(personas.caseworker_a, f"A-{n}") for n in range(4)]
    _on_1_0(cases)
    Case.objects.filter(pk__in=[c.pk for c in cases[:2]]).update(standard_version="1.1")
    before = {c.pk: c.version for c in Case.objects.filter(pk__in=[c.pk for c in cases])}
    outcome = upgrade_records(personas.data_officer_a)
    assert outcome.upgraded == 2
    after = {c.pk: c.version for c in Case.objects.filter(pk__in=[c.pk for c in cases])}
    assert [after[c.pk] - before[c.pk] for c in cases] == [0, 0, 1, 1]
    assert upgrade_records(personas.data_officer_a).upgraded == 0


def test_a_record_the_new_version_refuses_stays_on_its_version_with_the_reason(
    personas: Personas,
) -> None:
    good, bad = make_case(personas.caseworker_a, "GOOD"), make_case(personas.caseworker_a, "BAD")
    _on_1_0([good, bad])
    Case.objects.filter(pk=bad.pk).update(data={**bad.data, "gender": "no-such-code"})
    outcome = upgrade_records(personas.data_officer_a)
    assert outcome.upgraded == 1
    assert [code for code, _why in outcome.refused] == ["BAD"]
    assert "no-such-code" in outcome.refused[0][1]
    bad.refresh_from_db()
    assert bad.standard_version == "1.0"


def test_a_caseworker_may_not_upgrade_the_records(personas: Personas) -> None:
    with pytest.raises(PermissionError):
        upgrade_records(personas.caseworker_a)


def test_the_command_counts_then_upgrades(personas: Personas) -> None:
    _on_1_0([make_case(personas.caseworker_a, f"A-{n}") for n in range(3)])
    out = io.StringIO()
    call_command("upgrade_records", user="officer-a", check=True, stdout=out)
    assert "3 records on standard 1.0" in out.getvalue()
    assert Case.objects.filter(standard_version="1.0").count() == 3
    out = io.StringIO()
    call_command("upgrade_records", user="officer-a", stdout=out)
    assert "3 records upgraded to standard 1.1" in out.getvalue()
    with pytest.raises(CommandError, match="Only the organisation's data officers"):
        call_command("upgrade_records", user="caseworker-a", stdout=io.StringIO())


def test_the_import_template_states_its_version_of_the_standard() -> None:
    workbook = load_workbook(io.BytesIO(build_template("en")))
    assert workbook.properties.keywords == "crossroads-standard=1.1"
    columns = [cell.value for cell in next(workbook.worksheets[0].iter_rows(max_row=1))]
    assert "vulnerability_factors" in columns
