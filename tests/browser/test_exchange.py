"""The annual exchange in the browser: a data officer previews and submits, an analyst returns."""

from __future__ import annotations

from typing import Any

import pytest

from crossroads.exchange.models import Status, Submission
from crossroads.exchange.tests.conftest import add_records
from crossroads.testing import Personas, agree
from tests.browser.conftest import click_and_load, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_data_officer_previews_submits_and_an_analyst_returns_with_a_comment(
    page: Any, personas: Personas
) -> None:
    agree(personas.analyst, personas.org_a)
    add_records(personas.data_officer_a, 12)
    add_records(personas.data_officer_a, 3, "RO", citizenship=["ROU"])  # a small group
    sign_in(page, personas.data_officer_a.username)
    page.goto(f"{page.base_url}/exchange/")
    page.select_option("#id_year", "2024")
    click_and_load(page, "text=Build the draft")
    page.wait_for_selector("text=Preview: this is exactly what will leave your organisation.")
    # Suppressed cells are marked, never blank, and the legend explains the markers.
    assert page.locator("td.cell-suppressed").count() > 0
    assert page.locator(".legend").first.is_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=Submit to the secretariat")
    page.wait_for_selector("text=It can no longer change.")
    submission = Submission.objects.get()
    assert submission.status == Status.SUBMITTED

    page.context.clear_cookies()
    sign_in(page, personas.analyst.username)
    page.goto(f"{page.base_url}/exchange/inbox/")
    page.click("text=Version 1")
    page.fill("#id_comment", "Please complete who referred each person.")
    click_and_load(page, "text=Return to the member")
    page.wait_for_selector("text=Returned to the member with your comments.")
    submission.refresh_from_db()
    assert submission.status == Status.RETURNED
    assert "Please complete who referred each person." in page.content()
