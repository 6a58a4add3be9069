"""The spreadsheet sync example of docs/api.md, run against a live server."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from crossroads.api.tests.helpers import token_for
from crossroads.cases.models import Case
from crossroads.testing import Personas

SCRIPT = Path(__file__).resolve().parents[4] / "examples" / "sync_spreadsheet.py"
HEADER = (
    "client_code;year_of_registration;first_contact_date;trafficking_status;status_decided_by;"
    "gender;age_band;citizenship;exploitation_forms;referred_by;case_status;consent_data_use"
)
ROW = (
    "S-1;2024;2024-03-05;presumed;ngo;female;24_26;NLD;sexual|labour;hotline;{status};"
    "aggregate_only"
)


def _script() -> Any:
    spec = importlib.util.spec_from_file_location("sync_spreadsheet", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(transaction=True)
def test_the_sync_creates_then_changes_nothing_then_replaces_and_reports_refusals(
    live_server: Any,
    personas: Personas,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sync = _script()
    monkeypatch.setenv("CROSSROADS_TOKEN", token_for(personas.data_officer_a))
    sheet = tmp_path / "records.csv"
    bad = "S-2;2024;2024-03-05;presumed;ngo;robot;24_26;NLD;sexual;hotline;active;aggregate_only"
    sheet.write_text(f"{HEADER}\n{ROW.format(status='active')}\n{bad}\n", encoding="utf-8")
    assert sync.main([str(sheet), "--url", live_server.url]) == 1
    out = capsys.readouterr().out
    assert "1 created" in out and "1 refused" in out and "robot" in out
    assert sorted(Case.objects.get().data["exploitation_forms"]) == ["labour", "sexual"]
    sheet.write_text(f"{HEADER}\n{ROW.format(status='active')}\n", encoding="utf-8")
    assert sync.main([str(sheet), "--url", live_server.url]) == 0
    assert "1 unchanged" in capsys.readouterr().out
    assert Case.objects.get().version == 1
    sheet.write_text(f"{HEADER}\n{ROW.format(status='closed')}\n", encoding="utf-8")
    assert sync.main([str(sheet), "--url", live_server.url]) == 0
    assert "1 changed" in capsys.readouterr().out
    case = Case.objects.get()
    assert case.version == 2 and case.data["case_status"] == "closed"
