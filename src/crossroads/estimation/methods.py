"""What a run of an estimate calls: the fit of the chosen method and the comparison of methods.

The catalogue of methods (names, labels, settings) is :mod:`.catalogue`;
the comparison and its plain-language reading are :mod:`.comparison`. This
module is the runner's one entry point to both.
"""

from __future__ import annotations

from typing import Any

from crossroads.estimation import comparison
from crossroads.estimation.catalogue import (
    INTERVAL_LABELS,
    METHOD_GROUPS,
    METHODS,
    fit,
    method_name,
    mse_settings,
)
from crossroads.stats.mse import MSESettings, OverlapTable, PopulationEstimator

__all__ = [
    "INTERVAL_LABELS",
    "METHODS",
    "METHOD_GROUPS",
    "compare",
    "fit",
    "method_name",
    "mse_settings",
]


def compare(
    table: OverlapTable, settings: MSESettings, main: PopulationEstimator
) -> list[dict[str, Any]]:
    """Every method's answer next to the main estimate (see :func:`.comparison.compare`)."""
    return comparison.compare(table, settings, main)
