"""The narrative in the browser: filled, blocked by a name, corrected, previewed, submitted."""

from __future__ import annotations

from typing import Any

import pytest

from crossroads.exchange.models import Status, Submission
from crossroads.exchange.tests.conftest import add_records
from crossroads.testing import Personas, agree
from tests.browser.conftest import click_and_load, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_data_officer_writes_the_narrative_is_stopped_by_a_name_and_submits_it(
    page: Any, personas: Personas
) -> None:
    agree(personas.analyst, personas.org_a)
    add_records(personas.data_officer_a, 12)
    sign_in(page, personas.data_officer_a.username)
    page.goto(f"{page.base_url}/exchange/")
    page.click("text=Narrative 2024")
    page.select_option("#id_situation-0-right", "R2")
    page.select_option("#id_situation-0-kind", "practice")
    page.fill(
        "#id_situation-0-description",
        "Border police now call Olga Ivanova at the shelter when they stop a minor.",
    )
    page.fill("#id_situation-0-sources", "Instruction of the border police, 3 May")
    page.check("#id_practices-0-rights_0")
    click_and_load(page, "text=Save the narrative")
    # A practice left with only a right ticked is a filled entry missing its answers.
    page.wait_for_selector("text=Required in a filled entry.")
    page.uncheck("#id_practices-0-rights_0")
    click_and_load(page, "text=Save the narrative")
    page.wait_for_selector("text=1 passage blocks submission")
    page.click("#narrative-problems a")
    assert page.evaluate("document.activeElement.id") in {"", "id_situation-0-description"}
    assert "looks like a person's name" in page.content()
    page.fill(
        "#id_situation-0-description",
        "Border police now call the shelter's duty caseworker when they stop a minor.",
    )
    click_and_load(page, "text=Save the narrative")
    page.wait_for_selector("text=Narrative saved.")
    assert page.locator("#narrative-problems").count() == 0
    assert page.locator("fieldset.entry--new").count() == 5  # a blank entry in every section

    page.goto(f"{page.base_url}/exchange/")
    page.select_option("#id_year", "2024")
    click_and_load(page, "text=Build the draft")
    page.wait_for_selector("text=Preview: the narrative as it stands now")
    assert "the shelter's duty caseworker" in page.content()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=Submit to the secretariat")
    page.wait_for_selector("text=It can no longer change.")
    submission = Submission.objects.get()
    assert submission.status == Status.SUBMITTED
    assert "duty caseworker" in submission.narrative["sections"]["situation"][0]["description"]
