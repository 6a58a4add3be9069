"""Indicators from accepted submissions built through the data exchange's own services."""

from __future__ import annotations

from datetime import date

import pytest

from crossroads.exchange.services.agreements import Terms, record_agreement
from crossroads.exchange.services.submissions import accept, build_draft, submit
from crossroads.monitoring.exchange_source import accepted_releases
from crossroads.monitoring.figures import NETWORK
from crossroads.monitoring.monitor import Monitor
from crossroads.testing import Personas, make_case


def decision(outcome: str, decided: str | None) -> dict[str, object]:
    event: dict[str, object] = {"authority": "police", "stage": "conclusive", "outcome": outcome}
    if decided:
        event["decision_date"] = decided
    return event


@pytest.fixture
def accepted_2024(personas: Personas) -> None:
    """Organisation A's 2024 cohort: 24 formally identified, 12 negative, 12 pending."""
    outcomes = (
        [("positive", "2024-06-01")] * 24
        + [("negative", "2024-06-01")] * 12
        + [("pending", None)] * 12
    )
    for number, (outcome, decided) in enumerate(outcomes):
        make_case(
            personas.data_officer_a,
            f"A-{number:03d}",
            events={"identification_decision": [decision(outcome, decided)]},
        )
    signed = date(2024, 1, 10)
    record_agreement(
        personas.analyst,
        personas.org_a,
        Terms(
            modules=("profile", "rights"), contributes_tokens=False, threshold=10,
            rounding_base=None, originals_to_secretariat=True, effective_from=signed,
            member_signatory="A. Member", member_signed_on=signed,
            secretariat_signatory="S. Analyst", secretariat_signed_on=signed,
        ),
    )  # fmt: skip
    draft = build_draft(personas.data_officer_a, 2024)
    accept(personas.analyst, submit(personas.data_officer_a, draft))


def test_formal_identification_is_computed_from_the_accepted_aggregate(accepted_2024: None) -> None:
    releases = accepted_releases()
    assert list(releases) == [2024]
    release = releases[2024]
    assert release.countries == ["NLD"]
    assert [c.code for c in release.contributors] == ["org-a"]
    monitor = Monitor(releases)
    for scope in ("NLD", NETWORK):
        figure = monitor.figure("R2.1", scope, 2024)
        # 24 positive of 48 persons less 12 pending: 24 / 36, the pending shown apart.
        assert (figure.numerator, figure.denominator, figure.pending) == (24, 36, 12)
        assert figure.rate == pytest.approx(24 / 36)


def test_an_aggregate_is_computed_once_per_set_of_accepted_versions(
    accepted_2024: None, personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossroads.monitoring import exchange_source
    from crossroads.monitoring.models import ReleaseCache

    first = exchange_source.accepted_releases()
    assert ReleaseCache.objects.count() == 1

    def refuse(year: int) -> None:
        raise AssertionError("aggregated again although nothing changed")

    monkeypatch.setattr(exchange_source, "aggregate_release", refuse)
    again = exchange_source.accepted_releases()
    assert again[2024].to_dict() == first[2024].to_dict()
    assert exchange_source.refresh(lambda _m: None) == 0


def test_the_refresh_command_aggregates_what_is_missing(accepted_2024: None) -> None:
    import io

    from django.core.management import call_command

    from crossroads.monitoring.models import ReleaseCache

    out = io.StringIO()
    call_command("monitoring", "refresh", stdout=out)
    assert "1 year(s) aggregated" in out.getvalue()
    assert ReleaseCache.objects.filter(year=2024).count() == 1


def test_the_dashboards_read_the_accepted_data(accepted_2024: None, personas: Personas) -> None:
    response = personas.client_for(personas.analyst).get("/monitoring/")
    assert response.status_code == 200
    assert b"24 / 36" in response.content
    assert b"A-000" not in response.content
