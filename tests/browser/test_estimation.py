"""An analyst's estimate in the browser: choose the lists, follow the progress, read the result."""

from __future__ import annotations

from typing import Any

import pytest

from crossroads.estimation import services
from crossroads.estimation.models import Estimate
from crossroads.estimation.tests.helpers import member_records, token_file
from crossroads.testing import Personas, agree

from .conftest import click_and_load, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_links_two_lists_and_sees_the_estimate(page: Any, personas: Personas) -> None:
    agree(personas.analyst, personas.org_a)
    member_records(personas.data_officer_a, range(50))
    services.upload_tokens(
        personas.analyst,
        content=token_file("police-2024", range(30, 90)),
        holder="National police",
        country="NLD",
        year=2024,
    )
    sign_in(page, personas.analyst.username)
    click_and_load(page, "nav >> text=Hidden victims")
    click_and_load(page, "main >> text=New estimate")
    page.select_option("#id_country", "NLD")
    page.select_option("#id_year", "2024")
    # The page opens on the first country and year that can be estimated; choosing them
    # again shows the same lists.
    click_and_load(page, "form:has(#id_country) button[type=submit]")
    # Both lists start ticked.
    assert page.is_checked("input[name=sources] >> nth=0")
    assert page.is_checked("input[name=sources] >> nth=1")
    page.fill("#id_n_boot", "3000")
    # The page follows the background run and shows the result when it is done (here the
    # run is done within the request, which takes a while on a busy machine).
    click_and_load(page, "text=Link the lists and estimate", timeout=120000)
    page.wait_for_selector("text=Estimated total", timeout=120000)
    assert Estimate.objects.get().status == Estimate.Status.DONE
    assert page.is_visible("figure.chart svg.chart__svg")
    assert page.inner_text(".stat--main .stat__value") == "150"
    # Counts of ten or more are shown as they are.
    table = page.inner_text("table.overlap-table")
    assert "20" in table and "<10" not in table
