"""Demo step: outside lists for the Dutch hidden population, and one stored estimate.

``crossroads.cases.demo_population`` draws a hidden population of known
size (the Netherlands, 2024) and which lists saw each person; the two Dutch
members' 2024 records are the people they saw. This step adds the police
and labour-inspectorate lists as uploaded token files, made from the same
invented people as those services would have written them down (typos,
names swapped, other transliterations, day and month exchanged, unknown
day), tokenised with the deployment's linkage key, and computes one
estimate with the default method, so a newcomer can compare it with the
known size. The estimate is marked for publication with every method that
gave an answer, the police agreeing to be named and the inspectorate not,
so the public pages and the annual report show how a published estimate
reads.
"""

from __future__ import annotations

import io
import random

from crossroads.accounts.models import User
from crossroads.cases import demo_population
from crossroads.cases.services import linkage_key
from crossroads.core.demo import DemoContext
from crossroads.estimation import services
from crossroads.estimation.methods import mse_settings
from crossroads.estimation.sources import available_sources
from crossroads.stats.linkage import (
    Identity,
    RecordingErrors,
    SyntheticIdentity,
    token_cascade,
    with_recording_errors,
    write_token_file,
)

OUTSIDE_LISTS = {
    "police": ("police-2024", "Politie, Landelijke Eenheid (invented)"),
    "labour-inspectorate": ("inspectorate-2024", "Arbeidsinspectie (invented)"),
}


def token_file(seed: int, list_code: str, label: str) -> bytes:
    """The token file the holder of ``list_code`` would send, recording errors included."""
    rng = random.Random(f"{seed}-{list_code}-recording")
    key = linkage_key()
    rows = []
    for member in demo_population.captured_by(seed, list_code):
        person = SyntheticIdentity(
            member.identity.given, member.identity.family, member.identity.dob, member.identity.sex
        )
        seen = with_recording_errors(rng, person, RecordingErrors())
        tokens = token_cascade(
            Identity.from_fields(seen.given, seen.family, seen.dob, seen.sex), key
        )
        rows.append(tokens.as_list())
    buffer = io.StringIO()
    write_token_file(buffer, label, key.fingerprint, rows)
    return buffer.getvalue().encode("utf-8")


def build(context: DemoContext) -> str:
    """Upload the outside lists and store one estimate (full-scale demo only)."""
    if context.scale != 1.0:
        # Below full scale the members' records are not the hidden population's.
        return "hidden-victim estimate skipped (reduced-scale demo)"
    analyst = User.objects.get(username="analyst")
    country, year = demo_population.COUNTRY, demo_population.YEAR
    for list_code, (label, holder) in OUTSIDE_LISTS.items():
        services.upload_tokens(
            analyst,
            content=token_file(context.seed, list_code, label),
            holder=holder,
            country=country,
            year=year,
            label=label,
        )
    sources = [s for s in available_sources(country, year) if s.allowed and s.people]
    estimate = services.request_estimate(
        analyst,
        country=country,
        year=year,
        sources=sources,
        settings=mse_settings("stepwise"),
        note=(
            f"Demo: the invented hidden population behind these {len(sources)} lists has "
            f"{demo_population.TRUE_SIZE:,} people. How close does the estimate come?"
        ),
        here=True,
    )
    estimate.refresh_from_db()
    size = estimate.population_size
    if not size:
        return f"hidden-victim estimate for {country} {year} failed: {estimate.error}"
    services.publish_estimate(
        analyst,
        estimate,
        methods=[row["key"] for row in estimate.comparison if not row.get("error")],
        named_holders=[OUTSIDE_LISTS["police"][0]],
    )
    return (
        f"hidden-victim estimate for {country} {year} from {len(sources)} lists: "
        f"{size:,.0f} (true size {demo_population.TRUE_SIZE:,}), published"
    )
