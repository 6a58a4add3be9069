"""What the catalogue asks that a computed indicator leaves out is said beside the indicator."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from crossroads.exchange import public
from crossroads.monitoring import readmodel
from crossroads.monitoring.indicators import BY_CODE, INDICATORS, LIMITS
from crossroads.monitoring.synthetic import SyntheticExchange, synthetic_releases
from crossroads.testing import Personas

OPENINGS = {"en": "Not computed: ", "fr": "Non calculé : ", "ru": "Не вычисляется: "}


def test_every_limit_belongs_to_a_computed_indicator_and_is_written_in_each_language() -> None:
    assert set(LIMITS) <= set(BY_CODE)
    for code, text in LIMITS.items():
        for language, opening in OPENINGS.items():
            assert text.get(language).startswith(opening), (code, language)
    assert {spec.code for spec in INDICATORS if spec.limits is not None} == set(LIMITS)


def test_the_parts_left_out_are_named_for_the_referral_refusal_and_form_indicators() -> None:
    assert "reasons" in LIMITS["R2.2"].get("en")
    assert "reasons for refusal" in LIMITS["R6.4"].get("en")
    assert "not criminalised" in LIMITS["R9.2b"].get("en")


@pytest.fixture
def figures(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    exchange = SyntheticExchange(synthetic_releases(["NLD", "GRC"], [2025], seed=2))
    monkeypatch.setattr(public, "states", exchange.states)
    monkeypatch.setattr(public, "releases", exchange.releases)
    readmodel.rebuild()


def test_the_dashboards_say_beside_the_indicator_what_it_leaves_out(
    personas: Personas, figures: None
) -> None:
    client = personas.client_for(personas.analyst)
    wanted = escape(LIMITS["R2.2"].get("en"))
    overview = client.get(reverse("monitoring:overview"), {"year": 2025})
    assert wanted in overview.content.decode()
    country = client.get(reverse("monitoring:country", args=["NLD"]), {"year": 2025})
    assert wanted in country.content.decode()
    french = client.get(
        reverse("monitoring:country", args=["NLD"]),
        {"year": 2025},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert escape(LIMITS["R2.2"].get("fr")) in french.content.decode()


def test_the_public_methodology_says_what_each_indicator_leaves_out(personas: Personas) -> None:
    page = personas.client_for(None).get(reverse("public:methodology"))
    assert escape(LIMITS["R6.4"].get("en")) in page.content.decode()
