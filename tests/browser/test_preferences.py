"""A person's preferences in the browser: found from their name, saved, and followed."""

from __future__ import annotations

from typing import Any

from crossroads.accounts.models import User
from crossroads.testing import Personas
from tests.browser.conftest import click_and_load, sign_in


def test_a_person_finds_their_preferences_from_their_name_and_saves_them(
    page: Any, personas: Personas
) -> None:
    sign_in(page, personas.data_officer_a.username)
    click_and_load(page, "a.whoami")
    click_and_load(page, "a:has-text('Change preferences')")
    page.wait_for_selector("h1:has-text('Preferences')")
    assert page.is_checked("input[name=spreadsheets][value=language]")
    page.select_option("select[name=language]", "ro")
    page.check("input[name=spreadsheets][value=semicolon]")
    click_and_load(page, "main button[type=submit]")
    page.wait_for_selector("h1:has-text('Preferințe')")
    assert page.locator("html").get_attribute("lang") == "ro"
    assert "R1.1;0,4531" in page.inner_text("pre.csv-example")
    officer = User.objects.get(pk=personas.data_officer_a.pk)
    assert (officer.language, officer.spreadsheets) == ("ro", "semicolon")
