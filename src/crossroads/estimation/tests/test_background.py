"""A web request does not wait for the bootstrap: a thread runs it and reports progress."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from crossroads.estimation import services
from crossroads.estimation.models import Estimate
from crossroads.estimation.sources import available_sources
from crossroads.estimation.tests.helpers import member_records, token_file
from crossroads.testing import Personas


@pytest.mark.django_db(transaction=True)
def test_the_estimate_finishes_in_the_background_and_the_page_follows_it(
    personas: Personas, settings: object
) -> None:
    settings.CROSSROADS_ESTIMATES_IN_BACKGROUND = True  # type: ignore[attr-defined]
    member_records(personas.data_officer_a, range(50))
    services.upload_tokens(
        personas.analyst,
        content=token_file("police-2024", range(30, 90)),
        holder="Police",
        country="NLD",
        year=2024,
    )
    client = personas.client_for(personas.analyst)
    sources = [source.key for source in available_sources("NLD", 2024)]
    response = client.post(
        reverse("estimation:new") + "?country=NLD&year=2024",
        {"sources": sources, "method": "stepwise", "pthresh": "0.02", "n_boot": "300",
         "seed": "1", "confidence": "0.95"},
    )  # fmt: skip
    assert response.status_code == 302
    estimate = Estimate.objects.get()
    status_url = reverse("estimation:status", args=[estimate.pk])
    deadline = time.monotonic() + 60
    state = client.get(status_url).json()
    while not state["finished"] and time.monotonic() < deadline:
        time.sleep(0.1)
        state = client.get(status_url).json()
    assert state["status"] == "done"
    assert state["done"] == state["total"] > 300
    estimate.refresh_from_db()
    assert estimate.population_size == pytest.approx(150.0)
    assert estimate.heartbeat_at is not None and estimate.finished_at is not None
