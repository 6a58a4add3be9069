"""Three-year cohorts on the country page, its CSV and the report's country annex: labelled,
equal to their pooled tables, following the accepted submissions."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from crossroads.exchange import public
from crossroads.exchange.models import Status, Submission
from crossroads.exchange.services import submissions as services
from crossroads.exchange.tests.test_pooling import pooled_network
from crossroads.monitoring.figurebook import Monitor
from crossroads.monitoring.indicators import INDICATORS
from crossroads.monitoring.pooled import pooled_figures
from crossroads.reports.builder import render_html
from crossroads.reports.services import accepted_figures, report_input
from crossroads.testing import Personas, agree

LABEL = "2023–2025 (three-year cohort)"


def test_a_small_country_gets_its_three_year_figures_labelled_as_such(
    personas: Personas, client: Client
) -> None:
    agree(personas.analyst, personas.org_a)
    agree(personas.analyst, personas.org_b)
    agreed = personas
    # Germany: 6, 7 and 8 persons, each year too few for a figure; 21 over the three.
    pooled_network(agreed, (6, 7, 8))
    cohorts = public.pooled_cohorts()
    assert list(cohorts) == [2023]
    computed = Monitor({2023: cohorts[2023].release})
    stored = pooled_figures()
    assert stored.window(2024) == (2023, 2025)
    assert stored.cohort("DEU", 2025) == 21
    for spec in INDICATORS:
        assert stored.figure(spec.code, "DEU", 2025) == computed.figure(spec.code, "DEU", 2023)

    client.force_login(agreed.analyst)
    response = client.get(reverse("monitoring:country", args=["DEU"]), {"year": 2025})
    assert response.status_code == 200
    rows = response.context["rows"]
    offered = [row for row in rows if row["pooled"] is not None]
    assert offered, "a year without enough data offers the three-year figure"
    assert all(not row["figure"].shown for row in offered)
    assert any(row["pooled"].shown for row in offered)
    assert response.context["pooled_label"] == LABEL
    assert LABEL in response.content.decode()

    # The CSV says which rows are of the three-year cohort.
    response = client.get(reverse("monitoring:country_csv", args=["DEU"]), {"year": 2025})
    lines = response.content.decode().splitlines()
    pooled_rows = [line for line in lines if LABEL in line]
    assert len(pooled_rows) == len(offered)
    assert len(lines) == 1 + len(INDICATORS) + len(offered)

    # So does the country annex of the draft report, for every country and indicator
    # whose year has not enough data (the Netherlands' small subgroups too).
    netherlands = client.get(reverse("monitoring:country", args=["NLD"]), {"year": 2025})
    offered_nl = [row for row in netherlands.context["rows"] if row["pooled"] is not None]
    html = render_html(report_input(2025, accepted_figures(), {}, "en", pooled_figures()))
    assert html.count(LABEL) == len(offered) + len(offered_nl)

    # Where the Netherlands has a figure for the year, no three-year figure is offered.
    response = client.get(reverse("monitoring:country", args=["NLD"]), {"year": 2025})
    assert all(row["pooled"] is None for row in response.context["rows"] if row["figure"].shown)

    # Who may read the page is unchanged: members' staff may, an outsider is sent to sign in.
    member = agreed.client_for(agreed.caseworker_a)
    response = member.get(reverse("monitoring:country", args=["DEU"]), {"year": 2025})
    assert response.status_code == 200 and LABEL in response.content.decode()
    outsider = agreed.client_for(None)
    response = outsider.get(reverse("monitoring:country", args=["DEU"]), {"year": 2025})
    assert response.status_code == 302 and LABEL not in response.content.decode()

    # Returning a year's submission takes it out of the three-year figures: the window is
    # pooled again from the submissions accepted now (6 + 8 persons).
    returned = Submission.objects.get(organisation=agreed.org_b, year=2024, status=Status.ACCEPTED)
    services.return_submission(agreed.analyst, returned, "Please check")
    assert pooled_figures().cohort("DEU", 2025) == 6 + 8
