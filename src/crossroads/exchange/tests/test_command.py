"""``crossroads exchange``: build, export, import, aggregate and list from the command line."""

from __future__ import annotations

import base64
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from crossroads.core import signing
from crossroads.exchange.models import NetworkRelease, Status, Submission
from crossroads.exchange.services import files
from crossroads.exchange.tests.conftest import add_records
from crossroads.testing import Personas


def run(*args: str) -> str:
    out = StringIO()
    call_command("exchange", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_build_and_submit_a_year(agreed: Personas) -> None:
    add_records(agreed.data_officer_a, 11)
    output = run("build", "--user", agreed.data_officer_a.username, "--year", "2024", "--submit")
    assert "persons counted" in output
    assert "org-a 2024 v1: Submitted" in output
    assert Submission.objects.get().status == Status.SUBMITTED


def test_a_caseworker_cannot_build(agreed: Personas) -> None:
    with pytest.raises(CommandError, match="Only data officers"):
        run("build", "--user", agreed.caseworker_a.username, "--year", "2024")


def test_export_then_import_a_signed_file(agreed: Personas, tmp_path: Path) -> None:
    add_records(agreed.data_officer_a, 11)
    run("build", "--user", agreed.data_officer_a.username, "--year", "2024", "--submit")
    target = tmp_path / "a.json"
    run("export", "--user", agreed.data_officer_a.username, "--year", "2024", "-o", str(target))
    Submission.objects.all().delete()
    _key_id, public = signing.instance_public_key()
    files.register_key(agreed.analyst, agreed.org_a, public)
    output = run("import", "--user", agreed.analyst.username, str(target))
    assert "imported org-a 2024 v1" in output
    assert Submission.objects.get().source == Submission.Source.IMPORTED


def test_import_reports_each_rejected_file_and_fails(agreed: Personas, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="2 of 2 file"):
        run("import", "--user", agreed.analyst.username, str(bad), str(tmp_path / "missing.json"))


def test_aggregate_computes_the_network_tables(agreed: Personas) -> None:
    add_records(agreed.data_officer_a, 11)
    run("build", "--user", agreed.data_officer_a.username, "--year", "2024", "--submit")
    from crossroads.exchange.services.submissions import accept

    accept(agreed.analyst, Submission.objects.get())
    output = run("aggregate", "--user", agreed.analyst.username, "--network-only")
    assert "2024: 1 submissions, network" in output
    assert NetworkRelease.objects.get().year == 2024
    with pytest.raises(CommandError, match="not an analyst"):
        run("aggregate", "--user", agreed.data_officer_a.username)


def test_list_shows_the_latest_version_per_year(agreed: Personas) -> None:
    add_records(agreed.data_officer_a, 11)
    run("build", "--user", agreed.data_officer_a.username, "--year", "2024")
    output = run("list", "--year", "2024")
    assert "org-a" in output and "draft" in output


def test_an_unknown_user_is_named(agreed: Personas) -> None:
    with pytest.raises(CommandError, match="no active user 'nobody'"):
        run("build", "--user", "nobody", "--year", "2024")


def test_public_keys_are_base64_of_32_bytes() -> None:
    _key_id, public = signing.instance_public_key()
    assert len(base64.b64decode(public)) == 32
