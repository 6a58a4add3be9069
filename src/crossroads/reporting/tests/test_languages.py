"""The public reporting pages offer more languages than the rest of the product, each only
with a complete catalogue; right-to-left languages are set right to left."""

from __future__ import annotations

import gettext
import html
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from crossroads.reporting.languages import REPORTING_LANGUAGES, public_languages
from crossroads.testing import Personas

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


# Languages the public pages speak although the rest of the product does not.
EXTRA = [code for code, _name in public_languages() if code not in dict(settings.LANGUAGES)]


def _catalogue_texts() -> set[str]:
    """Every text of the reporting app (the msgids of its most complete catalogue)."""
    catalogue = LOCALE / "ro" / "LC_MESSAGES" / "django.mo"
    with catalogue.open("rb") as mo:
        msgids = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    return {key if isinstance(key, str) else key[0] for key in msgids if key}


def _public_pages(client: Client, language: str) -> str:
    """The form, the form refused with its messages, and the return page, in ``language``."""
    pages = [
        client.get(reverse("report:network") + f"?lang={language}"),
        client.post(reverse("report:network"), {"lang": language}),
        client.get(reverse("report:return") + f"?lang={language}"),
        client.post(reverse("report:return"), {"lang": language, "receipt": "1"}),
    ]
    return html.unescape("".join(page.content.decode() for page in pages))


@pytest.mark.django_db
@pytest.mark.parametrize("language", EXTRA)
def test_a_language_only_the_public_pages_offer_leaves_none_of_their_texts_in_english(
    language: str,
) -> None:
    client = Client()
    english = _public_pages(client, "en")
    shown = {text for text in _catalogue_texts() if "%" not in text and text in english}
    assert len(shown) > 60
    translated = _public_pages(client, language)
    assert sorted(text for text in shown if len(text) > 3 and text in translated) == []


def test_arabic_and_vietnamese_are_offered_on_the_public_pages_but_not_in_the_interface() -> None:
    assert {"ar", "vi"} <= set(EXTRA)
    assert not {"ar", "vi"} & {code for code, _name in settings.LANGUAGES}


@pytest.mark.django_db
def test_the_arabic_form_is_set_right_to_left_and_the_staff_pages_stay_in_their_language(
    personas: Personas,
) -> None:
    page = Client().get(reverse("report:network") + "?lang=ar").content.decode()
    assert 'lang="ar" dir="rtl"' in page and "أبلِغ عن الاستغلال بأمان" in page
    vietnamese = Client().get(reverse("report:network") + "?lang=vi").content.decode()
    assert 'lang="vi" dir="ltr"' in vietnamese and "Báo cáo bóc lột một cách an toàn" in vietnamese
    staff = Client(HTTP_ACCEPT_LANGUAGE="ar")
    staff.force_login(personas.caseworker_a)
    inbox = staff.get(reverse("reporting:inbox") + "?lang=ar")
    assert inbox.status_code == 200
    assert '<html lang="en">' in inbox.content.decode()
