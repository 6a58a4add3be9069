"""Country profiles: analysts edit with sources and history; members read; outsiders never."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from crossroads.audit.models import AuditEntry
from crossroads.monitoring import services
from crossroads.monitoring.models import Answer, CountryProfile
from crossroads.testing import Personas


@pytest.fixture
def profile(personas: Personas) -> CountryProfile:
    return services.create_profile(personas.analyst, "GRC")


def answer(client: object, **overrides: object) -> object:
    data = {
        "value": "90",
        "source": "Law 4198/2013, Art. 12",
        "source_date": "2024-05-02",
        "source_url": "",
        "note": "",
        "version": "",
    }
    data.update({k: str(v) for k, v in overrides.items()})
    return client.post(reverse("monitoring:answer_edit", args=["GRC", "rrp_days"]), data)  # type: ignore[attr-defined]


def test_an_analyst_answers_an_item_with_its_source_and_date(
    personas: Personas, profile: CountryProfile
) -> None:
    response = answer(personas.client_for(personas.analyst))
    assert response.status_code == 302  # type: ignore[attr-defined]
    saved = Answer.objects.get(profile=profile, item="rrp_days")
    assert (saved.value, saved.source, saved.source_date, saved.version) == (
        90,
        "Law 4198/2013, Art. 12",
        date(2024, 5, 2),
        1,
    )
    entry = AuditEntry.objects.filter(object_type="country_profile", object_id="GRC").first()
    assert entry is not None and entry.detail["item"] == "rrp_days"


def test_every_change_is_kept_in_the_history(personas: Personas, profile: CountryProfile) -> None:
    client = personas.client_for(personas.analyst)
    answer(client)
    answer(client, value=60, version=1, source="Law 4198/2013 as amended in 2025")
    saved = Answer.objects.get(profile=profile, item="rrp_days")
    assert saved.version == 2 and saved.value == 60
    assert [r.value for r in saved.revisions.all()] == [60, 90]
    page = personas.client_for(personas.caseworker_b).get(
        reverse("monitoring:answer_history", args=["GRC", "rrp_days"])
    )
    assert page.status_code == 200
    assert b"as amended in 2025" in page.content and b"Law 4198/2013, Art. 12" in page.content


def test_a_stale_edit_is_refused_and_changes_nothing(
    personas: Personas, profile: CountryProfile
) -> None:
    client = personas.client_for(personas.analyst)
    answer(client)
    answer(client, value=45, version=1)
    response = answer(client, value=15, version=1)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert b"Someone changed this answer" in response.content  # type: ignore[attr-defined]
    assert Answer.objects.get(profile=profile, item="rrp_days").value == 45


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"value": "400"}, b"less than or equal to 365"),
        ({"source": ""}, b"This field is required"),
        ({"source_date": "2999-01-01"}, b"The date of the source is in the future"),
    ],
)
def test_a_wrong_answer_says_what_is_wrong_and_saves_nothing(
    personas: Personas, profile: CountryProfile, overrides: dict[str, object], message: bytes
) -> None:
    response = answer(personas.client_for(personas.analyst), **overrides)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert message in response.content  # type: ignore[attr-defined]
    assert not Answer.objects.filter(profile=profile).exists()


def test_a_choice_outside_the_options_is_refused_by_the_service(
    personas: Personas, profile: CountryProfile
) -> None:
    given = services.AnswerInput(value="maybe", source="x", source_date=date(2024, 1, 1))
    with pytest.raises(services.ProfileError, match="Choose one of: yes, no"):
        services.save_answer(personas.analyst, profile, "rrp_in_law", given, based_on=None)


@pytest.mark.parametrize("persona", ["caseworker_a", "data_officer_a", "caseworker_b"])
def test_members_read_profiles_but_cannot_change_them(
    personas: Personas, profile: CountryProfile, persona: str
) -> None:
    client = personas.client_for(getattr(personas, persona))
    assert client.get(reverse("monitoring:profile", args=["GRC"])).status_code == 200
    assert client.get(reverse("monitoring:profiles")).status_code == 200
    assert answer(client).status_code == 403  # type: ignore[attr-defined]
    assert client.post(reverse("monitoring:profile_create"), {"country": "FRA"}).status_code == 403
    assert not Answer.objects.exists()


def test_outsiders_are_sent_to_sign_in_on_every_monitoring_url(
    profile: CountryProfile, personas: Personas
) -> None:
    client = personas.client_for(None)
    for url in [
        reverse("monitoring:overview"),
        reverse("monitoring:profiles"),
        reverse("monitoring:profile", args=["GRC"]),
        reverse("monitoring:answer_edit", args=["GRC", "rrp_days"]),
        reverse("monitoring:answer_history", args=["GRC", "rrp_days"]),
        reverse("monitoring:country", args=["GRC"]),
        reverse("monitoring:chart_csv", args=["gap-network"]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/" in response["Location"], url


def test_a_missing_profile_or_item_is_404(personas: Personas, profile: CountryProfile) -> None:
    client = personas.client_for(personas.analyst)
    assert client.get(reverse("monitoring:profile", args=["XYZ"])).status_code == 404
    assert client.get(reverse("monitoring:answer_edit", args=["GRC", "nope"])).status_code == 404


def test_an_unknown_country_code_cannot_start_a_profile(personas: Personas) -> None:
    client = personas.client_for(personas.analyst)
    response = client.post(reverse("monitoring:profile_create"), {"country": "ZZZ"}, follow=True)
    assert b"is not an ISO 3166-1 alpha-3 country code" in response.content
    assert not CountryProfile.objects.exists()


def test_the_overview_says_when_nothing_is_accepted_yet(personas: Personas) -> None:
    response = personas.client_for(personas.analyst).get(reverse("monitoring:overview"))
    assert response.status_code == 200
    assert b"No accepted submissions yet" in response.content
