"""The recognition gap on the country profile: identified against the published estimate,
beside the dated changes of the checklist, with its assumptions in words."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from crossroads.core.templatetags.crossroads import percentage
from crossroads.estimation.models import Estimate
from crossroads.exchange import public
from crossroads.exchange.released import TOTAL as T
from crossroads.exchange.released import Release, ReleasedTable
from crossroads.monitoring import readmodel, services
from crossroads.monitoring.models import CountryProfile
from crossroads.monitoring.synthetic import SyntheticExchange, synthetic_releases
from crossroads.stats.mse import MSESettings
from crossroads.testing import Personas


@pytest.fixture
def releases(db: None, monkeypatch: pytest.MonkeyPatch) -> dict[int, Release]:
    """Two cohort years of the Netherlands; its identified count suppressed in 2025."""
    data = synthetic_releases(["NLD", "GRC"], [2024, 2025], seed=5, size=(80, 140))
    release = data[2025]
    tables = dict(release.scopes["NLD"])
    ident = tables["rights_identification"]
    cells = {c.categories: c.value for c in ident.cells()}
    cells[("positive", T)] = None
    tables["rights_identification"] = ReleasedTable.from_cells(
        ident.name, ident.dimension_names, cells
    )
    data[2025] = Release(
        2025, {**release.scopes, "NLD": tables}, release.contributors, release.rule
    )
    exchange = SyntheticExchange(data)
    monkeypatch.setattr(public, "states", exchange.states)
    monkeypatch.setattr(public, "releases", exchange.releases)
    readmodel.rebuild()
    return data


def publish(personas: Personas, year: int, size: float, lower: float, upper: float) -> Estimate:
    """A published estimate of the Netherlands that saw 60 persons on its lists."""
    return Estimate.objects.create(
        country="NLD",
        year=year,
        sources=[],
        specification=MSESettings().to_dict(),
        overlap={"lists": ["a", "b"], "patterns": {"10": 30, "01": 20, "11": 10}},
        fingerprint="0" * 16,
        software_version="1",
        status=Estimate.Status.DONE,
        population_size=size,
        lower=lower,
        upper=upper,
        created_by=personas.analyst,
        finished_at=timezone.now(),
        published_at=timezone.now(),
        published_by=personas.analyst,
    )


@pytest.fixture
def profile(personas: Personas) -> CountryProfile:
    """The Netherlands' reflection period: 90 days in 2023, 30 days from a 2024 change."""
    profile = services.create_profile(personas.analyst, "NLD")
    for version, (days, when) in enumerate([("90", date(2023, 3, 1)), ("30", date(2024, 6, 1))]):
        services.save_answer(
            personas.analyst,
            profile,
            "rrp_days",
            services.AnswerInput(
                value=days, source="Aliens Act, B8/3", source_date=when, source_url="", note=""
            ),
            based_on=version or None,
        )
    return profile


def test_the_profile_sets_the_identified_against_the_estimate_beside_the_legal_changes(
    personas: Personas, releases: dict[int, Release], profile: CountryProfile
) -> None:
    identified = releases[2024].scopes["NLD"]["rights_identification"].get(("positive", T))
    assert identified is not None and identified > 0
    # An estimate four times the identified count: a quarter of the victims recognised.
    publish(personas, 2024, 4 * identified, 3 * identified, 6 * identified)
    page = personas.client_for(personas.caseworker_b).get(
        reverse("monitoring:profile", args=["NLD"])
    )
    assert page.status_code == 200
    row = page.context["gaps"][0]
    assert row.year == 2024 and row.identified == identified
    assert row.gap.share == pytest.approx(0.25)
    # Only the estimate is uncertain here: the share runs from 1/6 to 1/3.
    assert row.gap.low == pytest.approx(1 / 6, abs=0.01)
    assert row.gap.high == pytest.approx(1 / 3, abs=0.01)
    text = page.content.decode()
    assert percentage(25.0) in text
    assert "Recognition gap and legal changes" in text
    assert [c.value for c in row.changes] == ["30 days"]
    assert "Aliens Act, B8/3" in text
    assert "What this figure assumes" in text
    assert "lower bound of what the authorities recognised" in text
    # 2023 has a legal change but no estimate: it says why there is no figure.
    earlier = page.context["gaps"][1]
    assert earlier.year == 2023 and earlier.gap is None
    assert "no hidden-victim estimate of this year is published" in text


def test_a_suppressed_identified_count_gives_no_gap(
    personas: Personas, releases: dict[int, Release], profile: CountryProfile
) -> None:
    publish(personas, 2025, 400, 300, 600)
    page = personas.client_for(personas.analyst).get(reverse("monitoring:profile", args=["NLD"]))
    row = page.context["gaps"][0]
    assert row.year == 2025 and row.gap is None and row.identified is None
    assert "the identified count is suppressed to protect small groups" in page.content.decode()
    assert row.share_percent is None


def test_an_estimate_not_published_is_not_used(
    personas: Personas, releases: dict[int, Release], profile: CountryProfile
) -> None:
    estimate = publish(personas, 2024, 400, 300, 600)
    Estimate.objects.filter(pk=estimate.pk).update(published_at=None)
    page = personas.client_for(personas.analyst).get(reverse("monitoring:profile", args=["NLD"]))
    assert all(row.estimate is None for row in page.context["gaps"])
