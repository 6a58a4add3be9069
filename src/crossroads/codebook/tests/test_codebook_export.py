"""The codebook document: command-line export and the public page."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from crossroads.codebook.loader import CURRENT_VERSION as V
from crossroads.codebook.loader import load_standard


def test_codebook_export_writes_html_and_markdown_per_language_and_csv(tmp_path: Path) -> None:
    call_command("codebook", "export", "--output", str(tmp_path))
    names = sorted(p.name for p in tmp_path.iterdir())
    # One document per language the standard is translated into (its catalogues included).
    expected = [
        f"crossroads-standard-{V}-{language}.{kind}"
        for language in sorted(load_standard().languages)
        for kind in ("html", "md")
    ]
    assert names == [*expected, f"crossroads-standard-{V}.csv"]
    assert {"en", "fr", "ru"} <= set(load_standard().languages)
    french = (tmp_path / f"crossroads-standard-{V}-fr.md").read_text(encoding="utf-8")
    assert "## Respect des droits" in french
    assert "`compensation.payment`" in french
    russian = (tmp_path / f"crossroads-standard-{V}-ru.html").read_text(encoding="utf-8")
    assert "Принудительный брак" in russian


def test_the_csv_codebook_lists_every_field_and_value_with_mappings(tmp_path: Path) -> None:
    call_command("codebook", "export", "--output", str(tmp_path), "--format", "md")
    with (tmp_path / f"crossroads-standard-{V}.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    standard = load_standard()
    fields = {r["field"] for r in rows if r["kind"] == "field" and not r["event"]}
    assert fields == {f.code for f in standard.fields}
    female = next(r for r in rows if r["vocabulary"] == "gender" and r["code"] == "female")
    assert (female["htcds"], female["ctdc"], female["eurostat"]) == ("Feminine", "Woman", "F")
    assert female["label_ru"] == "Женский"


def test_an_unknown_language_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="unknown language\\(s\\) xx"):
        call_command("codebook", "export", "--output", str(tmp_path), "--language", "xx")


def test_the_codebook_check_command_reports_each_version(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("codebook", "check")
    out = capsys.readouterr().out
    assert "standard 1.0:" in out and "standard 1.1:" in out


@pytest.mark.django_db
def test_the_codebook_page_is_public_and_offers_downloads() -> None:
    response = Client().get("/codebook/")
    assert response.status_code == 200
    assert b"Forms of exploitation" in response.content
    download = Client().get("/codebook/download/fr.md")
    assert download.status_code == 200
    assert "Formes d'exploitation" in download.content.decode()
