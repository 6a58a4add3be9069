"""Differential privacy for the counts the network publishes.

An analyst may publish a year's figures with differentially private counts
instead of suppressed ones. :func:`privatize` adds discrete Laplace noise
(OpenDP's ``make_laplace`` on integers) to the cells of a table that are
not sums of others, and post-processes the result so that no count is
negative and every total is the sum of its parts; each cell carries the
95% error margin of its noise. :func:`split_budget` divides a release's
budget ``ε`` over its tables (sequential composition). The methods are
documented in ``docs/privacy.md``.

Example::

    sex = Dimension("sex", ("F", "M"))
    private = privatize(Table("sex", "assisted", [sex], [30, 12]), epsilon=0.5)
    private.table.count("_T")      # 40, say: F + M, never negative
    private.margin("F")            # 6: |noise| <= 6 with probability >= 0.95
"""

from crossroads.stats.privacy._mechanism import (
    LEVEL,
    MECHANISM,
    DiscreteLaplace,
    PrivacyError,
    split_budget,
)
from crossroads.stats.privacy._tables import (
    Noise,
    PrivateTable,
    consistent,
    free_cells,
    margins,
    privatize,
    sensitivity,
)

__all__ = [
    "LEVEL",
    "MECHANISM",
    "DiscreteLaplace",
    "Noise",
    "PrivacyError",
    "PrivateTable",
    "consistent",
    "free_cells",
    "margins",
    "privatize",
    "sensitivity",
    "split_budget",
]
