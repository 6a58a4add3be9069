"""The network's MEL in the browser: an activity recorded, the report read and downloaded."""

from __future__ import annotations

from typing import Any

import pytest

from crossroads.mel.models import Activity, FocusArea, Indicator, Objective
from crossroads.testing import Personas
from tests.browser.conftest import click_and_load, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_data_officer_records_a_training_and_the_report_counts_it(
    page: Any, personas: Personas
) -> None:
    objective = Objective.objects.create(code="1", title="Members exchange comparable data")
    area = FocusArea.objects.create(objective=objective, code="1.2", title="Enough data")
    Indicator.objects.create(area=area, measure="trainings", target=1)
    sign_in(page, personas.data_officer_a.username)
    page.click("nav >> text=Plan and learning")
    page.wait_for_selector("h1:has-text('Monitoring, evaluation and learning')")
    page.click("text=Record an activity")
    page.select_option("#id_kind", "training")
    page.fill("#id_title", "Training of labour inspectors on indicators of exploitation")
    page.fill("#id_started_on", "2025-03-18")
    page.select_option("#id_area", str(area.pk))
    page.check("input[name=countries][value=NLD]")
    page.fill("#id_participants", "26")
    page.fill("#id_outputs", "Ms Jansen of the inspectorate opened the day.")
    click_and_load(page, "main button[type=submit]:has-text('Save')")
    page.wait_for_selector("text=looks like personal data")
    page.fill("#id_outputs", "Inspectors of two regions trained; a referral checklist agreed.")
    click_and_load(page, "main button[type=submit]:has-text('Save')")
    page.wait_for_selector("text=Activity recorded.")
    assert Activity.objects.get().countries == ["NLD"]
    assert page.url.endswith("/mel/activities/?year=2025")
    assert "Training of labour inspectors" in page.locator("table.data").inner_text()
    page.goto(f"{page.base_url}/mel/?year=2025")
    row = page.locator("tr", has_text="Trainings held")
    assert "Target met" in row.inner_text()
    with page.expect_download() as download:
        page.click("text=Download as PDF")
    assert download.value.suggested_filename == "mel-report-2025.pdf"
