"""Agreements: recorded by the secretariat in versions, shown to both sides."""

from __future__ import annotations

from django.urls import reverse

from crossroads.exchange.models import Agreement
from crossroads.exchange.services.agreements import current_agreement
from crossroads.testing import Personas

FORM = {
    "modules": ["rights"],
    "contributes_tokens": "on",
    "threshold": "12",
    "rounding_base": "5",
    "originals_to_secretariat": "on",
    "effective_from": "2024-01-01",
    "member_signatory": "Director",
    "member_signed_on": "2023-12-01",
    "secretariat_signatory": "Coordinator",
    "secretariat_signed_on": "2023-12-05",
}


def test_the_analyst_records_a_new_version_that_the_member_then_sees(
    agreed: Personas,
) -> None:
    url = reverse("exchange:new_agreement", args=["org-a"])
    response = agreed.client_for(agreed.analyst).post(url, FORM)
    assert response.status_code == 302
    agreement = current_agreement(agreed.org_a)
    assert agreement is not None
    assert (agreement.version, agreement.threshold, agreement.rounding_base) == (2, 12, 5)
    assert agreement.modules == ["profile", "rights"]  # the profile is always shared
    page = agreed.client_for(agreed.caseworker_a).get(reverse("exchange:agreement"))
    assert "12 persons" in page.content.decode()


def test_a_threshold_below_the_networks_is_refused_with_the_reason(agreed: Personas) -> None:
    url = reverse("exchange:new_agreement", args=["org-a"])
    response = agreed.client_for(agreed.analyst).post(url, {**FORM, "threshold": "5"})
    assert response.status_code == 200
    assert "greater than or equal to 10" in response.content.decode()
    assert Agreement.objects.filter(organisation=agreed.org_a).count() == 1


def test_an_agreement_version_is_never_changed(agreed: Personas) -> None:
    import pytest
    from django.core.exceptions import ValidationError

    agreement = Agreement.objects.get(organisation=agreed.org_a)
    agreement.threshold = 50
    with pytest.raises(ValidationError):
        agreement.save()


def test_the_secretariat_has_no_agreement_page_of_its_own(agreed: Personas) -> None:
    url = reverse("exchange:organisation_agreement", args=["secretariat"])
    assert agreed.client_for(agreed.analyst).get(url).status_code == 404
