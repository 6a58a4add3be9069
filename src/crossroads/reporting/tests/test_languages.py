"""The public reporting pages offer more languages than the rest of the product, each only
with a complete catalogue; right-to-left languages are set right to left."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from crossroads.reporting.languages import REPORTING_LANGUAGES, public_languages

LOCALE = Path(__file__).resolve().parents[1] / "locale"


def _untranslated(po: Path) -> list[str]:
    """The msgids of ``po`` with an empty translation or marked fuzzy."""
    missing: list[str] = []
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]
    for entry in entries:
        if "#, fuzzy" in entry:
            missing.append(entry)
            continue
        lines = [line for line in entry.splitlines() if not line.startswith("#")]
        strs = [i for i, line in enumerate(lines) if line.startswith("msgstr")]
        for i in strs:
            value = lines[i].split(" ", 1)[1]
            continued = [ln for ln in lines[i + 1 :] if ln.startswith('"')]
            if value == '""' and not any(ln != '""' for ln in continued[:1]):
                missing.append(entry)
    return missing


@pytest.mark.parametrize("po", sorted(LOCALE.glob("*/LC_MESSAGES/django.po")), ids=str)
def test_every_catalogue_of_the_reporting_point_is_complete(po: Path) -> None:
    assert _untranslated(po) == []


def test_the_form_offers_the_products_languages_and_its_own_catalogues() -> None:
    codes = [code for code, _name in public_languages()]
    assert [code for code, _name in settings.LANGUAGES] == codes[: len(settings.LANGUAGES)]
    present = {path.parent.parent.name for path in LOCALE.glob("*/LC_MESSAGES/django.mo")}
    extra = {code for code, _name in REPORTING_LANGUAGES}
    assert set(codes) == {code for code, _n in settings.LANGUAGES} | (present & extra)
    assert {"ro", "uk"} <= set(codes)


@pytest.mark.django_db
def test_the_form_speaks_the_language_asked_for_without_a_cookie() -> None:
    client = Client()
    page = client.get(reverse("report:network") + "?lang=uk")
    text = page.content.decode()
    assert 'lang="uk"' in text and "Безпечно повідомте про експлуатацію" in text
    assert set(page.cookies) <= {"csrftoken"}
    assert (
        "Raportați exploatarea în siguranță"
        in client.get(reverse("report:network") + "?lang=ro").content.decode()
    )
