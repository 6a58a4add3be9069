"""A person's preferences: their language, and how the CSV files they download are written."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from crossroads.accounts.models import User
from crossroads.accounts.spreadsheets import Convention, convention_of, language_convention
from crossroads.cases.tests.spreadsheets import csv_bytes, row, upload
from crossroads.testing import Personas, make_case


def save(client: Client, **form: str) -> Any:
    return client.post(reverse("accounts:preferences"), form)


def export(client: Client, **form: str) -> str:
    response = client.post(reverse("cases:export"), form)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]


def test_spreadsheets_follow_the_decimal_mark_of_each_language() -> None:
    assert language_convention("en") == Convention(",", ".")
    for language in ("fr", "de", "ro", "ru", "uk", "nl", "es", "it", "pt", "pl", "cs", "tr"):
        assert language_convention(language) == Convention(";", ","), language


def test_a_number_is_written_with_the_conventions_decimal_mark_and_no_grouping() -> None:
    assert Convention(";", ",").number(1234.5, 1) == "1234,5"
    assert Convention(",", ".").number(0.45312) == "0.4531"
    assert Convention(";", ",").number(1234) == "1234"
    assert Convention("\t", ".").number(None) == ""


def test_a_person_saves_their_language_and_csv_conventions_and_every_csv_follows_them(
    personas: Personas,
) -> None:
    officer = personas.data_officer_a
    make_case(personas.caseworker_a, "PREF-1")
    client = personas.client_for(officer)
    page = client.get(reverse("accounts:preferences"))
    assert page.status_code == 200
    assert re.search(r'value="language"[^>]* checked', page.text)

    # A French interface on a computer whose spreadsheets expect commas and decimal points.
    response = save(client, language="fr", spreadsheets="comma")
    assert response.status_code == 302
    officer = User.objects.get(pk=officer.pk)
    assert (officer.language, officer.spreadsheets) == ("fr", "comma")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    page = client.get(reverse("accounts:preferences"))
    assert "Préférences" in page.text and "R1.1,0.4531" in page.text

    # The export form offers commas first, and the file is comma-separated.
    assert 'value="comma" checked' in client.get(reverse("cases:export")).text
    body = export(client, format="csv", values="labels", language="fr", separator="")
    assert body.splitlines()[0].startswith("Code client,")

    # So is the import's problem report.
    job = upload(client, csv_bytes([row("P-1", gender="unknown-value")]))
    report = client.get(reverse("cases:import_report", args=[job.pk])).text.lstrip("\ufeff")
    assert next(csv.reader(io.StringIO(report)))[:2] == ["Ligne", "Colonne"]

    # Back to the language's conventions: French spreadsheets split on semicolons.
    save(client, language="fr", spreadsheets="language")
    assert convention_of(User.objects.get(pk=officer.pk)) == Convention(";", ",")
    assert 'value="semicolon" checked' in client.get(reverse("cases:export")).text


def test_tabs_are_offered_and_kept_as_the_export_forms_choice(personas: Personas) -> None:
    client = personas.client_for(personas.data_officer_a)
    save(client, language="en", spreadsheets="tab")
    assert 'value="tab" checked' in client.get(reverse("cases:export")).text
    make_case(personas.caseworker_a, "TAB-1")
    body = export(client, format="csv", values="codes")
    assert body.splitlines()[0].startswith("client_code\t")


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"language": "xx", "spreadsheets": "comma"}, "language"),
        ({"language": "en", "spreadsheets": "pipes"}, "spreadsheets"),
    ],
)
def test_an_unknown_choice_is_refused_with_what_is_wrong_and_nothing_is_saved(
    personas: Personas, form: dict[str, str], field: str
) -> None:
    client = personas.client_for(personas.caseworker_a)
    response = save(client, **form)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    user = User.objects.get(pk=personas.caseworker_a.pk)
    assert (user.language, user.spreadsheets) == ("en", "language")


def test_only_a_signed_in_person_has_preferences(personas: Personas) -> None:
    response = personas.client_for(None).get(reverse("accounts:preferences"))
    assert response.status_code == 302 and "sign-in" in response["Location"]
