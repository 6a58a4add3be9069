"""What the estimate page shows, prepared from a stored :class:`Estimate`.

Disclosure control on screen: every count of people between 1 and 9 is
shown as "<10" - overlap cells, list sizes, overlaps of pairs, and the
numbers inside warnings. The exact counts stay in the database so the
figure can be reproduced.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from crossroads.core.charts import IntervalChart, IntervalRow
from crossroads.estimation.catalogue import INTERVAL_LABELS, METHODS, method_name
from crossroads.estimation.comparison import ALTERNATIVE_LABELS, CHART_LABELS, findings, reading
from crossroads.estimation.models import UNEXPECTED, Estimate
from crossroads.stats.mse import MIN_ESS, RHAT_LIMIT, MSESettings

#: Counts from 1 to SMALL_CELL - 1 are masked on screen.
SMALL_CELL = 10


def number(value: float, decimals: int = 0) -> str:
    """A number written the reader's way (``2,205`` in English, ``2 205`` in French)."""
    return formats.number_format(round(value, decimals), decimals, force_grouping=True)


@dataclass(frozen=True)
class Count:
    """A count of people as shown: the value, or masked when small."""

    value: int

    @property
    def masked(self) -> bool:
        return 0 < self.value < SMALL_CELL

    def __str__(self) -> str:
        return f"<{SMALL_CELL}" if self.masked else number(self.value)


@dataclass(frozen=True)
class PatternRow:
    """One row of the overlap table: on which lists, how many people."""

    on: tuple[bool, ...]
    lists: int
    count: Count


def list_names(estimate: Estimate) -> dict[str, str]:
    """Column label -> human name of the list (organisation or list holder)."""
    return {source["label"]: source["name"] for source in estimate.sources}


def overlap_rows(estimate: Estimate) -> list[PatternRow]:
    """Observed patterns, people on fewer lists first."""
    rows = [
        PatternRow(tuple(ch == "1" for ch in pattern), pattern.count("1"), Count(count))
        for pattern, count in estimate.overlap_counts().items()
    ]
    return sorted(rows, key=lambda row: (row.lists, [not on for on in row.on]))


def list_sizes(estimate: Estimate) -> list[tuple[str, str, Count]]:
    """(label, name, people on the list) in column order."""
    names = list_names(estimate)
    sizes = [0] * len(estimate.list_names)
    for pattern, count in estimate.overlap_counts().items():
        for j, ch in enumerate(pattern):
            if ch == "1":
                sizes[j] += count
    return [
        (label, names.get(label, label), Count(size))
        for label, size in zip(estimate.list_names, sizes, strict=True)
    ]


def on_several_lists(estimate: Estimate) -> Count:
    """People seen on more than one list: what the estimate rests on."""
    return Count(
        sum(count for pattern, count in estimate.overlap_counts().items() if pattern.count("1") > 1)
    )


def linkage_levels(estimate: Estimate) -> list[dict[str, Any]]:
    """The linkage report per level, with what the level tolerates; small counts masked.

    Links are masked like people: with two lists, the links made are the
    people on both.
    """
    explained = {
        "exact": _("all names and the date of birth agree"),
        "any_order": _("names in another order"),
        "family_date": _("a difference in the given names"),
        "given_date": _("a difference in the family names"),
        "prefixes": _("typing errors after the first two letters of the names"),
        "day_month": _("day and month of birth exchanged"),
        "birth_year": _("a wrong or unknown day and month of birth"),
    }
    return [
        {
            "level": level["level"],
            "tolerates": explained.get(level["level"], level["level"]),
            "links": Count(level["links"]),
            "ambiguous": Count(level["ambiguous"]),
            "refused": Count(level["refused"]),
        }
        for level in estimate.linkage.get("levels", [])
    ]


def duplicates(estimate: Estimate) -> list[tuple[str, Count]]:
    """Lists with records that look like another record of the same list."""
    found: dict[str, int] = estimate.linkage.get("duplicates", {})
    names = list_names(estimate)
    return [(names.get(label, label), Count(n)) for label, n in found.items() if n]


def method_label(estimate: Estimate) -> str:
    spec = MSESettings.from_dict(estimate.specification)
    name = method_name(spec)
    label = str(METHODS[name])
    if name == "averaged":
        label += " (" + spec.criterion.upper() + ")"
    return label


def settings_summary(estimate: Estimate) -> list[tuple[str, str]]:
    """The specification, as label/value pairs."""
    spec = MSESettings.from_dict(estimate.specification)
    rows = [(_("Method"), method_label(estimate))]
    if spec.method == "stepwise":
        rows += [
            (_("Selection threshold"), formats.number_format(spec.pthresh)),
            (_("Bootstrap replicates"), number(spec.n_boot)),
            (_("Random seed"), str(spec.seed)),
        ]
    elif spec.method in ("information_criterion", "model_average"):
        rows.append((_("Largest interactions searched"), str(spec.max_order)))
        rows.append((_("Bootstrap replicates"), number(spec.n_boot)))
        if spec.n_boot:
            rows.append(
                (
                    _("Models re-selected in each replicate"),
                    _("the %(count)s best") % {"count": spec.n_top} if spec.n_top else _("all"),
                )
            )
            rows.append((_("Random seed"), str(spec.seed)))
    elif spec.method == "latent_class":
        rows += [
            (_("Largest number of classes"), str(spec.latent_classes)),
            (_("Burn-in sweeps"), number(spec.burn_in)),
            (
                _("Draws kept"),
                _("%(samples)s per chain, one every %(thinning)s sweeps, %(chains)s chains")
                % {
                    "samples": number(spec.samples),
                    "thinning": spec.thinning,
                    "chains": spec.chains,
                },
            ),
            (_("Random seed"), str(spec.seed)),
        ]
    rows.append((_("Confidence level"), number(spec.confidence * 100) + " %"))
    return rows


def _terms(result: dict[str, Any], names: dict[str, str]) -> list[str]:
    terms = result.get("model", {}).get("terms", [])
    return [" × ".join(names.get(part, part) for part in term.split(":")) for term in terms]


def model_summary(estimate: Estimate) -> dict[str, Any]:
    """The selected model in words: which lists influence each other."""
    result = estimate.result or {}
    names = list_names(estimate)
    interactions = [term for term in _terms(result, names) if "×" in term]
    return {
        "label": result.get("model", {}).get("label", ""),
        "interactions": interactions,
        "deviance": result.get("diagnostics", {}).get("deviance"),
        "df": result.get("diagnostics", {}).get("df_resid"),
        "gof_pvalue": result.get("diagnostics", {}).get("gof_pvalue"),
    }


def publishable_methods(estimate: Estimate) -> list[tuple[str, str]]:
    """(key, label) of the comparison rows that have a result to publish."""
    return [(row["key"], row["label"]) for row in comparison(estimate) if not row.get("error")]


def default_published(estimate: Estimate) -> list[str]:
    """The methods ticked at first: the estimate's own and the log-linear alternatives."""
    keys = {key for key, _label in publishable_methods(estimate)}
    wanted = ("stepwise", "bic", "averaged", "latent_class")
    main = [row["key"] for row in estimate.comparison if row.get("main")]
    return [key for key in (*main, *wanted) if key in keys]


def closed_summary(estimate: Estimate) -> dict[str, Any] | None:
    """A closed-population model's fit, for the page (None for other methods)."""
    result = estimate.result or {}
    if result.get("method") != "closed_population":
        return None
    model = result.get("model", {})
    return {
        "label": model.get("label", ""),
        "key": model.get("key", ""),
        "removed": model.get("removed", []),
        "stderr": model.get("rcapture_stderr"),
        "aic": model.get("aic"),
        "behavioural": model.get("key") in ("mb", "mbh"),
    }


def comparison_reading(estimate: Estimate) -> list[str]:
    """Where the methods agree and why they differ, in the reader's language."""
    return reading(findings(estimate.comparison), number)


def latent_class_summary(estimate: Estimate) -> dict[str, Any] | None:
    """The latent-class posterior and its convergence, for the page (None for other methods).

    ``trace`` gives each chain's medians over ten consecutive segments of its
    draws, as points of a small line chart (0-100 horizontally and vertically).
    """
    result = estimate.result or {}
    data = result.get("latent_class")
    if not data:
        return None
    chains = data.get("chain_summaries", [])
    values = [v for chain in chains for v in chain.get("segment_medians", [])]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    span = (high - low) or 1.0
    traces = []
    for chain in chains:
        segments = chain.get("segment_medians", [])
        step = 100 / max(len(segments) - 1, 1)
        points = " ".join(
            f"{i * step:.1f},{100 - 100 * (value - low) / span:.1f}"
            for i, value in enumerate(segments)
        )
        traces.append({**chain, "points": points})
    rhat = data.get("rhat")
    ess = data.get("ess")
    return {
        "median": data.get("posterior_median"),
        "mean": data.get("posterior_mean"),
        "ess": ess,
        "rhat": rhat,
        "converged": rhat is not None and rhat <= RHAT_LIMIT and (ess or 0) >= MIN_ESS,
        "chains": traces,
        "trace_low": low,
        "trace_high": high,
        "classes": data.get("occupied_classes"),
        "draws": (data.get("draws_per_chain") or 0) * len(chains),
    }


def interval_label(estimate: Estimate) -> str:
    method = (estimate.result or {}).get("conf_int", {}).get("method", "")
    return str(INTERVAL_LABELS.get(method, method))


def comparison(estimate: Estimate) -> list[dict[str, Any]]:
    """The comparison rows with their labels, for the table and the chart."""
    rows = []
    for row in estimate.comparison:
        rows.append(
            {
                **row,
                "label": str(ALTERNATIVE_LABELS.get(row["key"]) or METHODS.get(row["key"], "")),
                "short_label": str(CHART_LABELS.get(row["key"], row["key"])),
                "interval_label": str(INTERVAL_LABELS.get(row.get("interval", ""), "")),
            }
        )
    return rows


def comparison_chart(estimate: Estimate) -> IntervalChart | None:
    """The chart of :func:`comparison`, or None when no method produced an estimate.

    The dashed reference line marks the people seen on at least one list: no
    estimate can be below it.
    """
    rows = comparison(estimate)
    usable = [
        row for row in rows if row.get("population_size") is not None and not row.get("error")
    ]
    if not usable:
        return None
    observed = estimate.observed
    return IntervalChart(
        key="methods",
        title=_("Estimates and intervals under each method"),
        description=_(
            "One row per method: the dot is the estimated total, the line its interval. "
            "The dashed line marks the people seen on at least one list."
        ),
        rows=tuple(
            IntervalRow(
                label=row["short_label"],
                value=None if row.get("error") else row.get("population_size"),
                low=row.get("lower"),
                high=row.get("upper"),
                open_ended=row.get("upper") is None and row.get("lower") is not None,
                note=row.get("error", ""),
                highlight=bool(row.get("main")),
            )
            for row in rows
        ),
        reference=float(observed) if observed is not None else None,
        reference_label=_("seen: %(count)s")
        % {"count": formats.number_format(observed or 0, force_grouping=True)},
        unit_title=_("Method"),
        missing_label=_("not available"),
    )


def failure(estimate: Estimate) -> str:
    """Why a failed estimate could not be computed, in the reader's language."""
    if estimate.error == UNEXPECTED:
        return _("An unexpected error stopped the estimate; it has been logged.")
    if "cannot be estimated" not in estimate.error:
        return estimate.error
    patterns = estimate.overlap_counts()
    if all(pattern.count("1") == 1 for pattern in patterns):
        return _(
            "No two lists share anyone, so their overlaps say nothing about who was missed. "
            "Check that the lists were tokenised with the same key and cover the same people."
        )
    sizes = [size.value for _label, _name, size in list_sizes(estimate)]
    if estimate.observed in sizes:
        return _(
            "One list holds everyone seen, so the other lists cannot show whom it missed. "
            "Leave that list out or add lists that see other people."
        )
    return _(
        "The lists overlap too little for any model to bound the number never seen. "
        "Add lists, or combine small ones."
    )


def dark_figure(estimate: Estimate) -> float | None:
    """Estimated people on no list."""
    if estimate.population_size is None or not math.isfinite(estimate.population_size):
        return None
    return estimate.population_size - estimate.observed
