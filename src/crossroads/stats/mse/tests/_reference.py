"""Published example tables of the reference R packages, typed in from their sources.

Patterns are strings of 0/1 in list order. Where a package prints a table as
GLM fitted cells (``$fit$y``, cells 2 .. 2**k in R's order), cell ``c``
is the pattern whose bits are ``c - 1`` with bit ``j`` for list ``j + 1``.
"""

from __future__ import annotations

from crossroads.stats.mse import OverlapTable


def _from_cells(lists: list[str], cells: dict[int, int]) -> OverlapTable:
    k = len(lists)
    patterns = {}
    for pattern, count in cells.items():
        patterns["".join("1" if (pattern >> j) & 1 else "0" for j in range(k))] = count
    return OverlapTable.from_patterns(patterns, lists)


#: ``data(Korea)`` in MultipleSystemsEstimation (printed in its user guide).
KOREA = OverlapTable.from_patterns(
    {"001": 41, "010": 5, "100": 5, "110": 54, "101": 6, "011": 0, "111": 12}, ["b", "c", "d"]
)

#: ``data(Artificial_3)`` in SparseMSE: CSV21 Table 2.
ARTIFICIAL_3 = OverlapTable.from_patterns({"100": 40, "010": 30, "001": 20, "110": 6}, "ABC")

#: ``data(NewOrl)``: eight anonymised lists, 186 people; from ``NewOrl_fit$MSEfit$fit$y``
#: in MultipleSystemsEstimation's vignette "Reproducing Chan, Silverman and Vincent (2021)".
NEWORL = _from_cells(
    [f"L{j}" for j in range(1, 9)],
    {1: 25, 2: 5, 4: 70, 5: 1, 8: 33, 9: 2, 12: 2, 16: 6, 17: 1, 20: 1, 24: 2, 25: 1, 32: 6,
     34: 1, 64: 6, 68: 1, 69: 1, 128: 21, 144: 1},
)  # fmt: skip

#: ``data(NewOrl_5)``: the New Orleans lists with the four smallest merged (same vignette).
NEWORL_5 = _from_cells(
    [f"L{j}" for j in range(1, 6)],
    {1: 25, 2: 24, 3: 1, 4: 70, 5: 1, 6: 2, 7: 1, 8: 33, 9: 2, 10: 2, 11: 1, 12: 2, 16: 21,
     18: 1},
)  # fmt: skip

#: ``data(Western)``: five lists from a US Western site (same vignette).
WESTERN = _from_cells(
    [f"L{j}" for j in range(1, 6)],
    {1: 52, 2: 90, 4: 114, 5: 4, 6: 6, 8: 45, 9: 2, 10: 1, 14: 1, 16: 21, 17: 5, 21: 1, 24: 3},
)  # fmt: skip

#: ``UKdat``: the six lists of the UK 2013 strategic assessment (Home Office 2014), 2,744
#: people in 25 observed patterns; from ``R/UKdat.R`` in Silverman's modslavmse package
#: (SparseMSE documents its ``UKdat`` as the same 25-row table).
UK = OverlapTable.from_patterns(
    {
        "100000": 54, "010000": 463, "001000": 907, "000100": 695, "000010": 316,
        "000001": 57, "110000": 15, "101000": 19, "100100": 3, "011000": 56,
        "010100": 19, "010010": 1, "010001": 3, "001100": 69, "001010": 10,
        "001001": 31, "000110": 8, "000101": 6, "000011": 1, "111000": 1,
        "110100": 1, "011100": 4, "011001": 3, "001101": 1, "111100": 1,
    },
    ["LA", "NG", "PF", "GO", "GP", "NCA"],
)  # fmt: skip

#: Seber (1982, p. 107), Rcapture's two-list example ``closedp.t(X, dfreq=TRUE)``.
SEBER = OverlapTable.from_patterns({"11": 167, "10": 781, "01": 254}, ["first", "second"])

#: ``data(HIV)`` in Rcapture: four sources of HIV cases (Baillargeon & Rivest 2007, Table 1).
HIV = OverlapTable.from_patterns(
    {"1110": 3, "1101": 1, "1100": 33, "1010": 20, "1001": 6, "1000": 403, "0111": 3,
     "0110": 35, "0101": 10, "0100": 545, "0011": 11, "0010": 621, "0001": 205},
    ["c1", "c2", "c3", "c4"],
)  # fmt: skip

#: ``data(hare)`` in Rcapture: 68 snowshoe hares caught on six occasions (Otis et al. 1978),
#: tabulated by capture history.
HARE = OverlapTable.from_patterns(
    {"000001": 4, "000010": 4, "000011": 2, "000100": 3, "000101": 4, "000110": 1,
     "000111": 1, "001000": 5, "001001": 2, "001011": 1, "001101": 1, "010000": 6,
     "010001": 1, "010010": 3, "010011": 1, "010100": 3, "010101": 3, "010111": 1,
     "011001": 2, "011011": 1, "011101": 2, "011111": 1, "100000": 3, "100001": 1,
     "100010": 2, "100100": 2, "100111": 1, "101000": 1, "101010": 1, "101100": 1,
     "110001": 1, "110010": 1, "111111": 2},
    [f"t{j}" for j in range(1, 7)],
)  # fmt: skip

#: ``data(kosovo_aggregate)`` in LCMCR: killings in Kosovo, March-June 1999, on four lists
#: (Ball et al. 2002); 4,400 people.
KOSOVO = OverlapTable.from_patterns(
    {"1000": 1131, "0100": 845, "1100": 177, "0010": 936, "1010": 228, "0110": 217,
     "1110": 181, "0001": 306, "1001": 106, "0101": 31, "1101": 18, "0011": 123, "1011": 42,
     "0111": 32, "1111": 27},
    ["EXH", "ABA", "OSCE", "HRW"],
)  # fmt: skip
