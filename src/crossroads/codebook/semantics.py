"""Meanings the rest of Crossroads reads from the standard's value flags.

Code asks these helpers ("which consent values allow counting?", "which age
bands are children?") instead of hard-coding value codes, so the answers
follow the standard when it changes.
"""

from __future__ import annotations

from crossroads.codebook.loader import CURRENT_VERSION, load_standard


def consent_codes(flag: str, version: str = CURRENT_VERSION) -> frozenset[str]:
    """Consent values whose ``flag`` is set (e.g. ``counts_in_statistics``)."""
    return load_standard(version).vocabularies["consent"].codes_with_flag(flag)


def child_age_bands(version: str = CURRENT_VERSION) -> frozenset[str]:
    """Age bands under 18."""
    return load_standard(version).vocabularies["age_band"].codes_with_flag("child")


def pending_codes(vocabulary: str, version: str = CURRENT_VERSION) -> frozenset[str]:
    """Values of ``vocabulary`` that mean 'not decided yet'."""
    return load_standard(version).vocabularies[vocabulary].codes_with_flag("pending")
