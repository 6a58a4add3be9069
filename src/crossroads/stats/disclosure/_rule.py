"""The suppression rule: what is sensitive, what protects it, how values are rounded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from crossroads.stats.disclosure._model import IntArray


class RuleError(ValueError):
    """A suppression rule parameter is out of its valid range."""


def _check_int(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise RuleError(f"{name} must be a whole number of at least {minimum}, got {value!r}")
    return value


@dataclass(frozen=True)
class SuppressionRule:
    """A validated, serialisable threshold rule with secondary suppression and rounding.

    ``threshold`` (persons, default 10): a count ``c`` with
    ``0 < c < threshold`` is sensitive, whether it is an inner cell, a margin
    or a grand total, and is suppressed (primary suppression).

    ``release_zeros`` (default True): a true zero is published as 0, and is
    never suppressed nor used as a complementary cell; consequently an
    outsider knows that every suppressed cell is at least 1, and the audit
    assumes so. With False every zero is treated as sensitive: suppressed and
    protected like a small count, which removes group disclosure from zeros
    ("nobody in this group has ...") at a high cost in suppressed cells.

    ``protection`` (persons, default ``ceil(threshold / 2)``): the required
    protection interval. For every primary-suppressed cell of value ``v``
    the largest value consistent with everything released (the *upper
    bound* of the audit) must reach ``max(threshold, v + protection)``: the
    published figures must stay consistent with the cell not being small at
    all, and leave at least ``protection`` persons of doubt above the true
    value. No lower protection is required: the lower bound of a small cell
    is close to 1 whatever is published, and what must stay hidden is that
    the count is small and its exact value. Secondary (complementary) cells
    only need an upper bound above their lower bound (not derivable).

    ``rounding_base`` (optional, e.g. 5): every released count is rounded
    to the nearest multiple of the base, halves rounded up, after
    suppression has been decided on the exact counts; a released count is
    never rounded below the threshold (it goes to the smallest multiple of
    the base not below the threshold instead; this only happens when the
    threshold is not itself a multiple of the base). Zeros stay 0 and
    suppressed cells stay suppressed. Each cell, margin and total is rounded
    from its own exact value, so rounded tables are generally not additive.
    Rounding adds uncertainty for released cells; the suppression pattern
    is audited as if exact values were published, so its guarantees do not
    depend on rounding.
    """

    threshold: int = 10
    release_zeros: bool = True
    rounding_base: int | None = None
    protection: int | None = None

    def __post_init__(self) -> None:
        _check_int("threshold", self.threshold, 1)
        if not isinstance(self.release_zeros, bool):
            raise RuleError(f"release_zeros must be True or False, got {self.release_zeros!r}")
        if self.rounding_base is not None:
            _check_int("rounding_base", self.rounding_base, 2)
        if self.protection is not None:
            _check_int("protection", self.protection, 1)

    @property
    def protection_level(self) -> int:
        """The protection in persons: ``protection`` or, by default, ``ceil(threshold / 2)``."""
        if self.protection is not None:
            return self.protection
        return max(1, -(-self.threshold // 2))

    @property
    def suppressed_lower_bound(self) -> int:
        """What an outsider knows of any suppressed cell: at least 1 when zeros are shown."""
        return 1 if self.release_zeros else 0

    def is_sensitive(self, counts: IntArray) -> npt.NDArray[np.bool_]:
        """True where a count must be suppressed by the threshold rule (primary suppression)."""
        small: npt.NDArray[np.bool_] = (counts > 0) & (counts < self.threshold)
        if not self.release_zeros:
            small |= counts == 0
        return small

    def required_upper(self, value: int) -> int:
        """The upper bound the audit must reach for a primary cell of this value."""
        return max(self.threshold, value + self.protection_level)

    def round(self, counts: IntArray) -> IntArray:
        """Released values: exact, or rounded as described above when a base is set."""
        if self.rounding_base is None:
            return counts.copy()
        base = self.rounding_base
        nearest = (counts * 2 + base) // (2 * base) * base
        floor = -(-self.threshold // base) * base
        return np.where(counts == 0, 0, np.maximum(nearest, floor)).astype(np.int64)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["protection_level"] = self.protection_level
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SuppressionRule:
        known = {"threshold", "release_zeros", "rounding_base", "protection"}
        unknown = set(data) - known - {"protection_level"}
        if unknown:
            raise RuleError(f"unknown suppression rule fields {sorted(unknown)}")
        return cls(**{key: data[key] for key in known if key in data})
