"""Confidence intervals for proportions.

:func:`wilson_interval` is the interval shown next to every rate the network
publishes. It is used instead of the textbook (Wald) interval because it
stays inside [0, 1] and keeps close to its nominal coverage for the small
denominators and extreme rates that country-level rights indicators have
(Brown, Cai and DasGupta 2001, "Interval estimation for a binomial
proportion", Statistical Science 16(2)).
"""

from crossroads.stats.intervals._wilson import Proportion, ProportionError, wilson_interval

__all__ = ["Proportion", "ProportionError", "wilson_interval"]
