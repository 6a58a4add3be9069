"""The demo: outside lists of the Dutch hidden population, a published estimate near its size."""

from __future__ import annotations

import pytest

from crossroads.accounts import demo as accounts_demo
from crossroads.accounts.models import Organisation, User
from crossroads.cases import demo as cases_demo
from crossroads.cases import demo_population
from crossroads.core.demo import DemoContext
from crossroads.estimation import demo
from crossroads.estimation.models import Estimate, TokenUpload
from crossroads.testing import agree


@pytest.mark.django_db
def test_the_demo_estimate_lands_near_the_hidden_populations_size() -> None:
    context = DemoContext(seed=2025, years=(demo_population.YEAR,))
    accounts_demo.build(context)
    cases_demo.build(context)
    analyst = User.objects.get(username="analyst")
    for code in ("nl-overweg", "nl-kompas"):
        agree(analyst, Organisation.objects.get(code=code))
    summary = demo.build(context)
    uploads = TokenUpload.objects.order_by("label")
    assert [u.label for u in uploads] == ["inspectorate-2024", "police-2024"]
    assert [u.people for u in uploads] == [
        len(demo_population.captured_by(2025, "labour-inspectorate")),
        len(demo_population.captured_by(2025, "police")),
    ]
    estimate = Estimate.objects.get()
    assert estimate.status == Estimate.Status.DONE, estimate.error
    assert estimate.list_names == ["nl-kompas", "nl-overweg", "inspectorate-2024", "police-2024"]
    assert estimate.population_size is not None and estimate.lower is not None
    assert estimate.upper is not None
    assert estimate.lower < demo_population.TRUE_SIZE < estimate.upper
    assert abs(estimate.population_size / demo_population.TRUE_SIZE - 1) < 0.25
    assert "2,600" in estimate.note
    assert f"{estimate.population_size:,.0f}" in summary
    # Published for the public pages and the report, the police named, the inspectorate not.
    assert estimate.is_published
    assert estimate.named_holders == ["police-2024"]
    assert len(estimate.published_methods) > 1


@pytest.mark.django_db
def test_the_reduced_scale_demo_skips_the_estimate() -> None:
    assert "skipped" in demo.build(DemoContext(seed=1, scale=0.04))
    assert not Estimate.objects.exists()
