"""Three-year cohorts in a publication: frozen in its snapshot with the releases they were
audited against, shown labelled on the public country page and in the published report,
left out of a differentially private publication and wherever a year of the window is
public at another release."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from crossroads.exchange.models import PooledRelease, Status, Submission
from crossroads.exchange.released import NETWORK
from crossroads.exchange.services import submissions as submitting
from crossroads.exchange.tests.test_pooling import pooled_network
from crossroads.monitoring.models import FigureSet
from crossroads.monitoring.pooled import pooled_figures, publication_pooled_edition
from crossroads.reports import services
from crossroads.reports.models import Method
from crossroads.reports.tests.test_pooled_cohorts import LABEL
from crossroads.testing import Personas, agree


def _network(personas: Personas) -> Personas:
    agree(personas.analyst, personas.org_a)
    agree(personas.analyst, personas.org_b)
    # Germany: 6, 7 and 8 persons, each year too few for a figure; 21 over the three.
    pooled_network(personas, (6, 7, 8))
    return personas


def _offered(client: Client, country: str) -> tuple[list[dict[str, Any]], str]:
    response = client.get(reverse("public:country", args=[2025, country]))
    assert response.status_code == 200
    rows = [row for row in response.context["rows"] if row["pooled"] is not None]
    return rows, response.content.decode()


def _return_germany(agreed: Personas, year: int) -> None:
    returned = Submission.objects.get(organisation=agreed.org_b, year=year, status=Status.ACCEPTED)
    submitting.return_submission(agreed.analyst, returned, "Please check")


def test_a_publication_freezes_the_three_year_figures_and_shows_them_labelled(
    personas: Personas, client: Client
) -> None:
    agreed = _network(personas)
    publication = services.publish_year(agreed.analyst, 2025)

    # The snapshot holds the window's pooled tables with the releases they were audited
    # against, which are the releases the publication shows.
    frozen = publication.snapshot["pooled"]
    assert list(frozen) == ["2023"]
    audited = frozen["2023"]["provenance"]["audit"]["years"]
    assert sorted(audited) == ["2023", "2024", "2025"]
    for year, version in audited.items():
        shown = publication.snapshot["releases"][year]["provenance"]
        assert {"release": shown["release"], "computed_at": shown["computed_at"]} == version
    assert publication.snapshot["pooled"]["2023"]["provenance"]["pooled"] == {
        "first_year": 2023, "last_year": 2025
    }  # fmt: skip

    # Only the countries' released cells: never the network's, never a suppressed count.
    scopes = frozen["2023"]["scopes"]
    assert NETWORK not in scopes and "DEU" in scopes
    cells = [c for tables in scopes.values() for t in tables.values() for c in t["cells"]]
    assert all(c["value"] is None for c in cells if str(c["status"]).startswith("suppressed"))
    # Exactly the cells the audited pooled release holds, each with its status and value.
    stored = PooledRelease.objects.get(first_year=2023)
    assert sorted(scopes) == sorted(stored.countries)
    published = {
        (scope, name, tuple(c["categories"])): (c["status"], c["value"])
        for scope, tables in scopes.items()
        for name, t in tables.items()
        for c in t["cells"]
    }
    audited_cells = {
        (c["categories"][0], name, tuple(c["categories"][1:])): (str(c["status"]), c["value"])
        for name, table in stored.tables.items()
        for c in table["cells"]
    }
    assert published == {
        key: (status, None if status.startswith("suppressed") else value)
        for key, (status, value) in audited_cells.items()
    }
    # The public country page offers the three-year figure where the year has not enough
    # data, labelled as on the signed-in page; a figure of the year is never replaced.
    germany, page = _offered(client, "DEU")
    assert germany and LABEL in page
    assert all(not row["figure"].shown for row in germany)
    assert any(row["pooled"].shown for row in germany)
    netherlands, _page = _offered(client, "NLD")
    response = client.get(reverse("public:country", args=[2025, "NLD"]))
    assert all(row["pooled"] is None for row in response.context["rows"] if row["figure"].shown)
    # They are the figures the signed-in pages show for the window.
    pooled = pooled_figures()
    for row in germany:
        assert row["pooled"] == pooled.figure(row["spec"].code, "DEU", 2025)

    # So does the published report's country annex.
    html = client.get(reverse("public:report", args=[2025, "html"])).content.decode()
    assert html.count(LABEL) == len(germany) + len(netherlands)

    # Returning a year's submission re-pools the window for the signed-in pages (6 + 8
    # persons) but changes nothing the publication shows.
    _return_germany(agreed, 2024)
    assert pooled_figures().cohort("DEU", 2025) == 6 + 8
    publication.refresh_from_db()
    assert publication.snapshot["pooled"] == frozen
    again, _page = _offered(client, "DEU")
    assert [row["pooled"] for row in again] == [row["pooled"] for row in germany]
    frozen_figures = services.published_pooled(publication)
    assert frozen_figures is not None and frozen_figures.cohort("DEU", 2025) == 21
    # Even when its figures have to be computed again from the snapshot alone.
    FigureSet.objects.filter(edition=publication_pooled_edition(publication.pk)).delete()
    frozen_figures = services.published_pooled(publication)
    assert frozen_figures is not None and frozen_figures.cohort("DEU", 2025) == 21


def test_a_differentially_private_publication_has_no_three_year_figures(
    personas: Personas, client: Client
) -> None:
    agreed = _network(personas)
    assert pooled_figures().window(2025) == (2023, 2025)
    publication = services.publish_year(agreed.analyst, 2025, method=Method.PRIVACY, epsilon=1.0)
    assert publication.snapshot["pooled"] == {}
    assert services.published_pooled(publication) is None
    germany, page = _offered(client, "DEU")
    assert germany == [] and LABEL not in page
    assert LABEL not in publication.report_html


def test_a_window_is_left_out_while_an_older_publication_shows_a_year_at_another_release(
    personas: Personas, client: Client
) -> None:
    agreed = _network(personas)
    services.publish_year(agreed.analyst, 2024)
    # 2024 is recomputed after it was published: the window is pooled again, audited
    # against the new 2024 tables, which the public never saw next to the old ones.
    _return_germany(agreed, 2024)
    assert pooled_figures().window(2025) == (2023, 2025)
    publication = services.publish_year(agreed.analyst, 2025)
    assert publication.snapshot["pooled"] == {}
    germany, page = _offered(client, "DEU")
    assert germany == [] and LABEL not in page
    assert LABEL not in publication.report_html
    # Publishing 2024 again at its current release makes the window publishable.
    services.publish_year(agreed.analyst, 2024, confirm_incomplete=True)
    publication = services.publish_year(agreed.analyst, 2025)
    assert list(publication.snapshot["pooled"]) == ["2023"]
    germany, page = _offered(client, "DEU")
    assert germany and LABEL in page
