"""Every method on one table, and a plain-language reading of where they agree and why they differ.

:func:`compare` runs the alternatives quickly (no bootstrap; a short
latent-class run) next to the main estimate, which keeps its own interval.
:func:`findings` reads the rows as typed findings (a code and its numbers),
and :func:`reading` says them in the reader's language: the page and
``crossroads estimate --compare`` show the same sentences.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.core.charts._svg import count
from crossroads.estimation.catalogue import (
    LOGLINEAR,
    MAX_SEARCH_LISTS,
    fit,
    method_name,
    mse_settings,
)
from crossroads.stats.mse import RHAT_LIMIT, MSESettings, OverlapTable, PopulationEstimator

#: The alternatives every estimate is compared with, in the table's order.
COMPARED = (
    "stepwise",
    "aic",
    "bic",
    "averaged",
    "independence",
    "latent_class",
    "mth_chao",
    "mth_darroch",
)
HETEROGENEITY = ("latent_class", "mth_chao", "mth_darroch")
#: A short latent-class run for the comparison (about 7,000 sweeps of two chains); the
#: main estimate, when it is the latent-class model, keeps its own full settings.
QUICK_LATENT: dict[str, Any] = {"burn_in": 2000, "samples": 500, "thinning": 10, "chains": 2}
ALTERNATIVE_LABELS: dict[str, Any] = {
    "stepwise": gettext_lazy("Stepwise (SparseMSE)"),
    "aic": gettext_lazy("Best model, AIC"),
    "bic": gettext_lazy("Best model, BIC"),
    "averaged": gettext_lazy("Model averaging, BIC weights"),
    "averaged_aic": gettext_lazy("Model averaging, AIC weights"),
    "independence": gettext_lazy("Independence (main effects only)"),
    "latent_class": gettext_lazy("Latent classes (LCMCR)"),
    "mth_chao": gettext_lazy("Mth Chao: people differ, lower bound"),
    "mth_darroch": gettext_lazy("Mth Darroch: people differ"),
}
# The same, short enough for the chart's row labels in every language.
CHART_LABELS: dict[str, Any] = {
    "stepwise": gettext_lazy("Stepwise"),
    "aic": "AIC",
    "bic": "BIC",
    "averaged": gettext_lazy("Averaged (BIC)"),
    "averaged_aic": gettext_lazy("Averaged (AIC)"),
    "independence": gettext_lazy("Independence"),
    "latent_class": gettext_lazy("Latent classes"),
    "mth_chao": "Mth Chao",
    "mth_darroch": "Mth Darroch",
}
#: Estimates within this ratio of each other are said to agree.
AGREE = 1.15


def _row(key: str, estimator: PopulationEstimator | None, error: str = "") -> dict[str, Any]:
    if estimator is None:
        return {"key": key, "error": error}
    lower, upper = estimator.conf_int_
    data = estimator.to_dict()
    row = {
        "key": key,
        "population_size": estimator.population_size_,
        "lower": lower,
        "upper": upper if math.isfinite(upper) else None,
        "interval": estimator.interval_method_,
        "model": data.get("model", {}).get("label", ""),
        "error": "",
    }
    if "latent_class" in data:
        row["rhat"] = data["latent_class"].get("rhat")
        row["ess"] = data["latent_class"].get("ess")
    return row


def _alternative(key: str, settings: MSESettings) -> MSESettings:
    if key == "independence":
        return MSESettings(
            method="stepwise",
            pthresh=0.0,
            n_boot=0,
            confidence=settings.confidence,
            sensitivity_thresholds=(),
        )
    base = mse_settings(
        key,
        pthresh=settings.pthresh,
        n_boot=0,
        seed=settings.seed,
        confidence=settings.confidence,
        latent=QUICK_LATENT,
    )
    return MSESettings.from_dict({**base.to_dict(), "sensitivity_thresholds": []})


def compare(
    table: OverlapTable, settings: MSESettings, main: PopulationEstimator
) -> list[dict[str, Any]]:
    """The main estimate and the alternatives' answers, JSON-ready, in a fixed order.

    A method that cannot run on this table gets a row with its reason.
    """
    chosen = method_name(settings)
    if chosen == "averaged" and settings.criterion == "aic":
        chosen = "averaged_aic"
    rows = []
    for key in COMPARED:
        if key == chosen:
            rows.append({**_row(key, main), "main": True})
            continue
        if key in ("aic", "bic", "averaged") and table.k > MAX_SEARCH_LISTS:
            reason = _("not available for more than six lists (too many models to search)")
            rows.append({**_row(key, None, reason), "main": False})
            continue
        try:
            rows.append({**_row(key, fit(table, _alternative(key, settings))), "main": False})
        except (ValueError, ArithmeticError) as error:
            rows.append({**_row(key, None, str(error)), "main": False})
    if not any(row["main"] for row in rows):
        rows.insert(0, {**_row(chosen, main), "main": True})
    return rows


@dataclass(frozen=True)
class Finding:
    """One statement about the comparison: a stable code and the numbers it rests on."""

    code: str
    values: dict[str, float] = field(default_factory=dict)


def _value(rows: list[dict[str, Any]], key: str) -> float | None:
    for row in rows:
        if row.get("key") == key and not row.get("error"):
            value = row.get("population_size")
            return float(value) if value is not None and math.isfinite(value) else None
    return None


def findings(rows: list[dict[str, Any]]) -> list[Finding]:
    """Where the methods agree and why they differ, as typed findings (see :func:`reading`)."""
    usable = [r for r in rows if not r.get("error") and r.get("population_size") is not None]
    if len(usable) < 2:
        return []
    values = [float(r["population_size"]) for r in usable]
    low, high = min(values), max(values)
    out = [Finding("range", {"low": low, "high": high, "methods": len(usable)})]
    out.append(Finding("agree" if high <= AGREE * low else "disagree", {"ratio": high / low}))
    loglinear = [v for v in (_value(rows, k) for k in LOGLINEAR) if v is not None]
    if len(loglinear) >= 2:
        spread = {"low": min(loglinear), "high": max(loglinear)}
        agree = max(loglinear) <= AGREE * min(loglinear)
        out.append(Finding("loglinear_agree" if agree else "loglinear_differ", spread))
    hetero = [v for v in (_value(rows, k) for k in HETEROGENEITY) if v is not None]
    if loglinear and hetero:
        pair = {
            "heterogeneity": statistics.median(hetero),
            "loglinear": statistics.median(loglinear),
        }
        ratio = pair["heterogeneity"] / pair["loglinear"]
        code = "heterogeneity_same"
        if ratio > AGREE:
            code = "heterogeneity_higher"
        elif ratio < 1 / AGREE:
            code = "heterogeneity_lower"
        out.append(Finding(code, pair))
    independence, stepwise = _value(rows, "independence"), _value(rows, "stepwise")
    if independence is not None and stepwise is not None:
        if independence < stepwise / AGREE:
            out.append(Finding("positive_dependence", {"value": independence}))
        elif independence > stepwise * AGREE:
            out.append(Finding("negative_dependence", {"value": independence}))
    for row in usable:
        rhat = row.get("rhat")
        if row.get("key") == "latent_class" and rhat is not None and rhat > RHAT_LIMIT:
            out.append(Finding("latent_unconverged", {"rhat": float(rhat)}))
    bounded = [r for r in usable if r.get("lower") is not None]
    if len(bounded) >= 2:
        top = max(float(r["lower"]) for r in bounded)
        uppers = [float(r["upper"]) for r in bounded if r.get("upper") is not None]
        bottom = min(uppers) if uppers else math.inf
        if top <= bottom:
            out.append(Finding("intervals_overlap", {"low": top, "high": bottom}))
        else:
            out.append(Finding("intervals_apart"))
    return out


#: What each finding says; %(...)s are filled from the finding's values.
TEXTS: dict[str, Any] = {
    "range": gettext_lazy("The %(methods)s methods that ran give between %(low)s and %(high)s."),
    "agree": gettext_lazy("They agree within 15%: the figure does not hinge on the method."),
    "disagree": gettext_lazy(
        "They differ by a factor of %(ratio)s: the figure depends on assumptions the "
        "data cannot check, so report the range and say which assumption each "
        "figure makes."
    ),
    "loglinear_agree": gettext_lazy(
        "The log-linear methods agree (%(low)s to %(high)s): which dependences "
        "between lists are modelled matters little."
    ),
    "loglinear_differ": gettext_lazy(
        "The log-linear methods differ (%(low)s to %(high)s): the data do not "
        "settle which lists depend on each other. Prefer an interval that repeats "
        "the model choice (the stepwise bootstrap) or the model average."
    ),
    "heterogeneity_higher": gettext_lazy(
        "Models that let people differ in how easy they are to find give more "
        "(about %(heterogeneity)s against %(loglinear)s). That is the mark of "
        "heterogeneous catchability, which makes log-linear models underestimate: "
        "if some victims are harder to reach for every organisation, the higher "
        "figures are the more credible."
    ),
    "heterogeneity_lower": gettext_lazy(
        "Models that let people differ in how easy they are to find give less "
        "(about %(heterogeneity)s against %(loglinear)s). In simulations this "
        "happens when lists depend on each other directly (referrals), which those "
        "models ignore, or when lists are few or sparse: prefer the log-linear "
        "figure."
    ),
    "heterogeneity_same": gettext_lazy(
        "Letting people differ in how easy they are to find changes little (about "
        "%(heterogeneity)s against %(loglinear)s): no sign of strong heterogeneity."
    ),
    "positive_dependence": gettext_lazy(
        "Treating the lists as independent gives only %(value)s: the lists share "
        "more people than chance would, as referrals between services do, and the "
        "other methods allow for that."
    ),
    "negative_dependence": gettext_lazy(
        "Treating the lists as independent gives %(value)s, more than the other "
        "methods: the lists share fewer people than chance would (services that "
        "avoid each other's clients), and the other methods allow for that."
    ),
    "latent_unconverged": gettext_lazy(
        "The short latent-class run of this comparison had not converged (R-hat "
        "%(rhat)s); choose it as the method to run it with its full settings."
    ),
    "intervals_overlap": gettext_lazy("All the intervals share the range %(low)s to %(high)s."),
    "intervals_apart": gettext_lazy(
        "Some intervals do not overlap: the methods disagree by more than their own uncertainty."
    ),
}
#: Values shown as they are (ratios, R-hat, a number of methods), not as counts of people.
PLAIN = {"ratio": "{:.2f}", "rhat": "{:.2f}", "methods": "{:.0f}"}


def _n(value: float) -> str:
    return count(value) if math.isfinite(value) else "∞"


def reading(items: list[Finding], number: Any = _n) -> list[str]:
    """The findings as sentences in the current language; ``number`` formats counts."""
    texts: list[str] = []
    for item in items:
        template = str(TEXTS[item.code])
        if "%(" not in template:
            texts.append(template)
            continue
        values = {
            name: PLAIN[name].format(value) if name in PLAIN else number(value)
            for name, value in item.values.items()
        }
        texts.append(template % values)
    return texts
