"""A caseworker's day in the browser: sign in, create a record, correct it, switch language."""

from __future__ import annotations

from typing import Any

import pytest

from crossroads.cases.models import Case
from crossroads.testing import Personas
from tests.browser.conftest import click_and_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_keyboard_ticks_checkboxes_and_moves_between_them(signed_in_caseworker: Any) -> None:
    page = signed_in_caseworker
    page.goto(f"{page.base_url}/cases/new/")
    page.focus("input[name=f-exploitation_forms][value=sexual]")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    checked = page.eval_on_selector_all(
        "input[name=f-exploitation_forms]:checked", "boxes => boxes.map(b => b.value)"
    )
    assert checked == ["sexual", "labour"]


def test_a_caseworker_signs_in_and_creates_a_record(signed_in_caseworker: Any) -> None:
    page = signed_in_caseworker
    # The form's script must have run before the boxes are ticked: it shows the fields
    # that apply.
    click_and_load(page, "text=New record")
    page.fill("#client_code", "NL-B-1")
    page.fill("#identity_given", "Ana")
    page.fill("#identity_family", "Popescu")
    page.fill("#identity_dob", "07.03.1994")
    page.fill("#f-year_of_registration", "2024")
    page.select_option("#f-gender", "female")
    page.select_option("#f-age_band", "24_26")
    page.select_option("#f-consent_data_use", "aggregate_only")
    page.check("input[name=f-exploitation_forms][value=labour]")
    # The sector field appears only once a form of labour exploitation is chosen.
    assert page.is_visible("[data-field=labour_sectors]")
    page.check("input[name=f-labour_sectors][value=A]")
    # Citizenship: type into the picker and choose with the keyboard.
    page.fill("#f-citizenship-search", "Roman")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.is_visible(".chip:has-text('Romania')")
    # Non-nationals get the reflection period; nationals do not.
    assert page.is_visible("[data-event-kind=reflection_period]")
    click_and_load(page, "text=Save record")
    page.wait_for_selector("text=Record NL-B-1 saved.")
    case = Case.objects.get(client_code="NL-B-1")
    assert case.data["citizenship"] == ["ROU"]
    assert case.data["labour_sectors"] == ["A"]
    assert case.has_linkage_tokens
    assert "Popescu" not in page.content()


def test_a_validation_error_is_shown_and_then_fixed(
    signed_in_caseworker: Any, personas: Personas
) -> None:
    from crossroads.testing import make_case

    case = make_case(personas.caseworker_a, "NL-B-2")
    page = signed_in_caseworker
    page.goto(f"{page.base_url}/cases/{case.pk}/edit/")
    page.fill("#f-age_at_identification", "40")
    click_and_load(page, "text=Save record")
    summary = page.wait_for_selector("[data-error-summary]")
    assert "does not fall in the age band" in summary.inner_text()
    assert page.is_visible("[data-field=age_at_identification] .error")
    page.fill("#f-age_at_identification", "25")
    page.click("text=Save record")
    page.wait_for_selector("text=Record NL-B-2 saved.")
    case.refresh_from_db()
    assert case.data["age_at_identification"] == 25


def test_repeatable_events_are_added_in_the_browser(
    signed_in_caseworker: Any, personas: Personas
) -> None:
    from crossroads.testing import make_case

    case = make_case(personas.caseworker_a, "NL-B-3")
    page = signed_in_caseworker
    page.goto(f"{page.base_url}/cases/{case.pk}/edit/")
    kind = page.locator("[data-event-kind=compensation]")
    kind.locator("select[name='e-compensation-0-route']").select_option("state_fund")
    kind.locator("select[name='e-compensation-0-outcome']").select_option("refused")
    kind.locator("[data-add-event]").click()
    kind.locator("select[name='e-compensation-1-route']").select_option("labour_court")
    kind.locator("select[name='e-compensation-1-outcome']").select_option("pending")
    page.click("text=Save record")
    page.wait_for_selector("text=Record NL-B-3 saved.")
    case.refresh_from_db()
    assert [e["route"] for e in case.events["compensation"]] == ["state_fund", "labour_court"]


def test_switching_language_changes_the_interface_and_the_standard(
    signed_in_caseworker: Any,
) -> None:
    page = signed_in_caseworker
    # The choice sends its form at once: the page in the new language must have loaded.
    with page.expect_navigation(wait_until="load"):
        page.select_option("#language-select", "ru")
    page.wait_for_selector("html[lang=ru]")
    # Interface strings...
    assert page.is_visible("nav >> text=Записи")
    assert page.is_visible("button:has-text('Выйти')")
    page.goto(f"{page.base_url}/cases/new/")
    assert page.is_visible("h1:has-text('Новая запись')")
    assert page.is_visible("button:has-text('Сохранить запись')")
    # ...and the standard's labels.
    assert page.is_visible("text=Формы эксплуатации")
    with page.expect_navigation(wait_until="load"):
        page.select_option("#language-select", "fr")
    page.wait_for_selector("html[lang=fr]")
    assert page.is_visible("h1:has-text('Nouvelle fiche')")
    assert page.is_visible("text=Formes d'exploitation")
    # The choice is remembered for the next sign-in.
    click_and_load(page, "button:has-text('Se déconnecter')")
    page.wait_for_selector("h1:has-text('Se connecter')")
