"""Published hidden-victim estimates, as the annual report and the public pages read them.

An analyst marks a finished estimate for publication on its page
(:func:`.services.publish_estimate`), choosing which methods' results are
shown beside it and which list holders agreed to be named. This module is
the one read of that state for other apps::

    from crossroads.estimation.publication import published_estimates
    for item in published_estimates(2024):          # or published_estimates() for every year
        item.population_size, item.interval, item.methods, item.assumptions, item.lists

Everything in a :class:`PublishedEstimate` may be published: list sizes from
1 to 9 are masked (``None``), a holder is named only with its consent, and
no overlap cell is included. Texts (labels, assumptions, the reading) are in
the language active when the function is called, so a report renders them
inside ``translation.override(language)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from crossroads.estimation.catalogue import INTERVAL_LABELS, METHODS, method_name
from crossroads.estimation.comparison import ALTERNATIVE_LABELS, findings, reading
from crossroads.estimation.models import Estimate
from crossroads.estimation.presenters import SMALL_CELL, list_sizes, number
from crossroads.stats.mse import MSESettings


@dataclass(frozen=True)
class PublishedMethod:
    """One method's answer, published beside the estimate."""

    key: str
    label: str
    population_size: float
    lower: float | None
    upper: float | None  # None: no upper limit
    interval_kind: str  # bca, profile, wald, buckland or credible
    interval_label: str
    main: bool  # the published estimate's own method


@dataclass(frozen=True)
class PublishedList:
    """One list that went into the estimate, named only with its holder's consent."""

    label: str | None  # the list's column, e.g. "police-2024"; None unless the holder is named
    kind: str  # "member" (a network member) or "upload" (an outside list holder)
    holder: str | None  # None when the holder did not agree to be named
    description: str  # the holder's name, or what kind of list it is
    people: int | None  # None when 1 to 9 (disclosure control)


@dataclass(frozen=True)
class PublishedEstimate:
    """A hidden-victim estimate marked for publication, with what must accompany it.

    ``population_size`` is the estimated total (seen and unseen) and
    ``interval`` its interval at ``confidence`` (``None`` as upper limit: no
    finite limit); ``observed`` the people seen on at least one list, so the
    "recognition gap" is ``population_size - observed`` (``dark_figure``).
    ``methods`` are the answers of the methods the analyst chose to show,
    ``reading`` says in words where they agree and why they differ,
    ``assumptions`` what the estimate assumes, ``lists`` the lists it used.
    ``provenance`` identifies the stored computation (estimate id, software
    version, settings with seed, linkage key fingerprint), from which the
    figure is reproduced exactly.
    """

    estimate_id: int
    country: str
    year: int
    population_size: float
    interval: tuple[float | None, float | None]
    confidence: float
    interval_kind: str
    interval_label: str
    method: str
    method_label: str
    observed: int
    dark_figure: float
    methods: tuple[PublishedMethod, ...]
    reading: tuple[str, ...]
    assumptions: tuple[str, ...]
    lists: tuple[PublishedList, ...]
    published_at: datetime
    provenance: dict[str, Any]


def _finite(value: Any) -> float | None:
    return float(value) if value is not None and math.isfinite(float(value)) else None


def assumptions(settings: MSESettings) -> tuple[str, ...]:
    """What an estimate made with ``settings`` assumes, in plain words."""
    common = [
        _("The lists cover the same people over the same period and area (a closed population)."),
        _(
            "Linkage is right: the same person is recognised on every list, and no two people "
            "are merged."
        ),
        _("Every list uses the same definition of a victim, and counts a person once."),
    ]
    if settings.method == "latent_class":
        specific = _(
            "People fall into a few groups that differ in how easy they are to find; within a "
            "group, being on one list says nothing about being on another."
        )
    elif settings.method == "closed_population" and settings.closed_model in ("mb", "mbh"):
        specific = _(
            "The lists were made one after another, and being on a list changes the chance of "
            "being on the later ones in the same way for everyone."
        )
    elif settings.method == "closed_population" and settings.closed_model.startswith("mh"):
        specific = _(
            "People differ in how easy they are to find, in the same way for every list; "
            "otherwise the lists are alike and independent."
        )
    elif settings.method == "closed_population" and settings.closed_model.startswith("mth"):
        specific = _(
            "People differ in how easy they are to find, in the same way for every list; "
            "otherwise the lists are independent."
        )
    else:
        specific = _(
            "Lists depend on each other only in the ways the model includes; beyond that, "
            "everyone is equally likely to be on each list. If some victims are harder to "
            "reach for every organisation, the estimate is too low."
        )
    return (*common, specific)


def _lists(estimate: Estimate) -> tuple[PublishedList, ...]:
    named = set(estimate.named_holders)
    kinds = {source["label"]: source.get("kind", "upload") for source in estimate.sources}
    out = []
    for label, name, size in list_sizes(estimate):
        kind = kinds.get(label, "upload")
        holder = name if label in named else None
        generic = _("a member organisation") if kind == "member" else _("another list holder")
        out.append(
            PublishedList(
                label=label if label in named else None,
                kind=kind,
                holder=holder,
                description=holder or generic,
                people=None if 0 < size.value < SMALL_CELL else size.value,
            )
        )
    return tuple(out)


def _methods(estimate: Estimate) -> tuple[PublishedMethod, ...]:
    chosen = set(estimate.published_methods)
    out = []
    for row in estimate.comparison:
        if row.get("error") or row.get("key") not in chosen:
            continue
        key = row["key"]
        label = ALTERNATIVE_LABELS.get(key) or METHODS.get(key, key)
        out.append(
            PublishedMethod(
                key=key,
                label=str(label),
                population_size=float(row["population_size"]),
                lower=_finite(row.get("lower")),
                upper=_finite(row.get("upper")),
                interval_kind=row.get("interval", ""),
                interval_label=str(INTERVAL_LABELS.get(row.get("interval", ""), "")),
                main=bool(row.get("main")),
            )
        )
    return tuple(out)


def published(estimate: Estimate) -> PublishedEstimate:
    """The published form of one estimate (it must be marked for publication)."""
    if estimate.published_at is None or estimate.population_size is None:
        raise ValueError(f"estimate {estimate.pk} is not published")
    settings = MSESettings.from_dict(estimate.specification)
    result = estimate.result or {}
    kind = result.get("conf_int", {}).get("method", "")
    rows = [r for r in estimate.comparison if r.get("key") in set(estimate.published_methods)]
    key = method_name(settings)
    return PublishedEstimate(
        estimate_id=estimate.pk,
        country=estimate.country,
        year=estimate.year,
        population_size=estimate.population_size,
        interval=(_finite(estimate.lower), _finite(estimate.upper)),
        confidence=settings.confidence,
        interval_kind=kind,
        interval_label=str(INTERVAL_LABELS.get(kind, kind)),
        method=key,
        method_label=str(METHODS.get(key, key)),
        observed=estimate.observed,
        dark_figure=estimate.population_size - estimate.observed,
        methods=_methods(estimate),
        reading=tuple(reading(findings(rows), number)),
        assumptions=assumptions(settings),
        lists=_lists(estimate),
        published_at=estimate.published_at,
        provenance={
            "estimate": estimate.pk,
            "repeats": estimate.repeats_id,
            "computed_at": estimate.finished_at.isoformat() if estimate.finished_at else None,
            "software_version": estimate.software_version,
            "settings": dict(estimate.specification),
            "linkage_key_fingerprint": estimate.fingerprint,
        },
    )


def published_estimates(year: int | None = None) -> list[PublishedEstimate]:
    """Every estimate marked for publication (of cohort ``year``, or all), by country and year.

    At most one per country and year (publishing another replaces it).
    """
    estimates = Estimate.objects.filter(published_at__isnull=False, status=Estimate.Status.DONE)
    if year is not None:
        estimates = estimates.filter(year=year)
    return [published(estimate) for estimate in estimates.order_by("year", "country")]
