"""Warnings about an estimate, in plain words, translated, with small counts masked.

The statistics core reports each warning with a stable code; this module
says what it means for the analyst and what to do, using numbers it reads
from the stored result (so counts below ten can be masked). Codes it does
not know fall back to the core's own message. Linkage warnings are added
here, since only the web app sees how the lists were linked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from crossroads.estimation.models import Estimate
from crossroads.estimation.presenters import Count, list_names, number, on_several_lists
from crossroads.stats.linkage import LEVEL_NAMES

#: More than this share of links made on the loosest level is flagged.
LOOSE_LINK_SHARE = 0.25
LOOSEST = LEVEL_NAMES[-1]


def _people_on_all(estimate: Estimate, term: str) -> Count:
    lists = estimate.list_names
    wanted = [lists.index(part) for part in term.split(":") if part in lists]
    total = sum(
        count
        for pattern, count in estimate.overlap_counts().items()
        if all(pattern[j] == "1" for j in wanted)
    )
    return Count(total)


def _few_cases(estimate: Estimate, result: dict[str, Any]) -> list[str]:
    names = list_names(estimate)
    messages = []
    for term in result.get("model", {}).get("terms", []):
        if ":" not in term:
            continue
        shared = _people_on_all(estimate, term)
        if shared.masked:
            pair = " × ".join(names.get(part, part) for part in term.split(":"))
            messages.append(
                _(
                    "The model lets %(pair)s influence each other, but fewer than ten people "
                    "are on both lists. One wrong or missed link there can move the estimate "
                    "a lot: check the linkage of these lists before publishing."
                )
                % {"pair": pair}
            )
    return messages


def _interval(result: dict[str, Any]) -> tuple[float | None, float | None]:
    interval = result.get("conf_int", {})
    return interval.get("lower"), interval.get("upper")


def _message(code: str, estimate: Estimate, result: dict[str, Any]) -> list[str] | None:
    diagnostics = result.get("diagnostics", {})
    names = list_names(estimate)
    lower, upper = _interval(result)
    size = result.get("population_size") or 0.0
    observed = result.get("n_observed") or estimate.observed
    texts: dict[str, Callable[[], list[str]]] = {
        "interaction_on_few_cases": lambda: _few_cases(estimate, result),
        "mle_at_boundary": lambda: [
            _(
                "Some lists never share anyone (%(pairs)s). The method handles this, but the "
                "estimate then leans on the assumption that those lists are unrelated."
            )
            % {
                "pairs": ", ".join(
                    " × ".join(names.get(part, part) for part in term.split(":"))
                    for term in diagnostics.get("infinite_terms", [])
                )
                or "—"
            }
        ],
        "not_converged": lambda: [
            _("The model fit did not settle on a solution; do not use this estimate.")
        ],
        "few_overlaps": lambda: [
            _(
                "Only %(count)s people are on more than one list, and the estimate rests on "
                "them; it is very uncertain."
            )
            % {"count": on_several_lists(estimate)}
        ],
        "large_dark_figure": lambda: [
            _(
                "The estimate says %(ratio)s times more people were missed than seen: a long "
                "extrapolation from what the lists share."
            )
            % {"ratio": number((size - observed) / max(observed, 1), 1)}
        ],
        "poor_fit": lambda: [
            _(
                "The model fits the overlaps poorly (deviance %(deviance)s on %(df)s degrees "
                "of freedom): an important dependence between lists may be missing, or people "
                "differ a lot in how visible they are."
            )
            % {
                "deviance": number(diagnostics.get("deviance") or 0.0, 1),
                "df": diagnostics.get("df_resid"),
            }
        ],
        "unbounded_interval": lambda: [
            _("The interval has no upper limit: the data cannot rule out a very large number.")
        ],
        "wide_interval": lambda: [
            _(
                "The interval (%(lower)s to %(upper)s) is wider than the estimate itself; "
                "report the interval, not the single number."
            )
            % {"lower": number(lower or 0), "upper": number(upper or 0)}
        ],
        "threshold_sensitive": lambda: [
            _(
                "The estimate changes a lot with the threshold for adding interactions; it "
                "depends on which dependences between lists are allowed. Compare the methods "
                "below."
            )
        ],
        "unstable_selection": lambda: [
            _(
                "Resampled data rarely select the same model; the interval allows for this, "
                "but the single number is fragile."
            )
        ],
    }
    text = texts.get(code)
    return text() if text is not None else None


def estimate_warnings(estimate: Estimate) -> list[str]:
    """The core's warnings about the fitted estimate, explained."""
    result = estimate.result or {}
    messages: list[str] = []
    for warning in result.get("diagnostics", {}).get("warnings", []):
        explained = _message(warning.get("code", ""), estimate, result)
        messages.extend(explained if explained is not None else [warning.get("message", "")])
    return messages


def linkage_warnings(estimate: Estimate) -> list[str]:
    """Warnings about how the lists were linked."""
    report = estimate.linkage
    messages: list[str] = []
    levels = report.get("levels", [])
    links = sum(level.get("links", 0) for level in levels)
    ambiguous = sum(level.get("ambiguous", 0) for level in levels)
    refused = sum(level.get("refused", 0) for level in levels)
    loosest = sum(level.get("links", 0) for level in levels if level.get("level") == LOOSEST)
    if links and loosest / links > LOOSE_LINK_SHARE:
        messages.append(
            _(
                "Many links were made only on the loosest level (names and year of birth). "
                "If the lists record dates of birth badly, some of these may be wrong links, "
                "which make the estimate too low."
            )
        )
    if ambiguous or refused:
        messages.append(
            _(
                "%(skipped)s tokens were skipped because two records of one list shared them, "
                "and %(refused)s links were refused because they would have joined two records "
                "of one list. Each may be a missed link, which makes the estimate too high."
            )
            % {"skipped": Count(ambiguous), "refused": Count(refused)}
        )
    if any(report.get("duplicates", {}).values()):
        messages.append(
            _(
                "Some lists hold records that look like the same person twice. Each list should "
                "count a person once: ask the list holders to check (crossroads tokenize "
                "--report-duplicates shows them the rows)."
            )
        )
    return messages
