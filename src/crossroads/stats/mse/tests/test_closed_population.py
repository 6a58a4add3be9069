"""Rcapture's closed-population models (M0, Mt, Mh, Mth, Mb, Mbh) against Rcapture and by hand.

Reference values from Rcapture 1.4-4 under R 4.2.2:

    library(Rcapture); data(HIV); data(hare); options(digits = 10)
    closedp.t(HIV, dfreq = TRUE)$results
    closedp.t(hare)$results
    for (m in c("Mh", "Mth")) for (h in c("Chao", "Poisson", "Darroch", "Gamma"))
        print(closedpCI.t(HIV, dfreq = TRUE, m = m, h = h)$CI)   # and for hare
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import brentq

from crossroads.stats.mse import (
    ClosedModel,
    ClosedPopulationMSE,
    MSESettings,
    SettingsError,
    closed_population_models,
    estimate,
    fit_loglinear,
)
from crossroads.stats.mse._closed_design import fit_closed, log_unseen
from crossroads.stats.mse.tests._reference import HARE, HIV, KOREA, SEBER

# closedp.t(HIV, dfreq = TRUE)$results: abundance, stderr, deviance, df, AIC, BIC.
HIV_RCAPTURE = {
    "m0": (11576.700146, 946.06811932, 297.81916754, 13, 368.85502603, 379.9500294),
    "mt": (11124.578469, 904.75197760, 13.02613695, 10, 90.06199544, 117.7995039),
    "mh_chao": (12145.147838, 1076.2483508, 295.36336397, 12, 368.39922246, 385.0417275),
    "mh_poisson": (15070.966227, 2972.1455725, 295.93923448, 12, 368.97509297, 385.617598),
    "mh_darroch": (20984.630214, 8266.4884615, 295.62004480, 12, 368.65590329, 385.2984083),
    "mh_gamma": (29202.312857, 17511.613063, 295.53674801, 12, 368.57260650, 385.2151116),
    "mth_chao": (11700.988296, 1030.9155518, 10.15749471, 9, 89.19335320, 122.4783633),
    "mth_poisson": (14849.762901, 2915.1120351, 10.77858584, 9, 89.81444434, 123.0994544),
    "mth_darroch": (21327.460467, 8428.4330237, 10.42607554, 9, 89.46193403, 122.7469441),
    "mth_gamma": (30623.153370, 18463.145690, 10.33699843, 9, 89.37285692, 122.657867),
    "mb": (4045.903333, 386.92584571, 266.72018840, 12, 339.75604690, 356.3985519),
    "mbh": (2465.128421, 88.18227883, 164.97054060, 11, 240.00639910, 262.1964058),
}

# closedpCI.t(..., m, h)$CI: multinomial estimate, lower and upper limit; None = "> 3 N".
HIV_PROFILE = {
    "mh_chao": (12136.32596, 10263.20045, 14530.12355),
    "mh_poisson": (15028.64581, 9896.909509, 21614.99159),
    "mh_darroch": (20821.86574, 9217.02752, 43197.10019),
    "mh_gamma": (28834.48253, 8435.643887, None),
    "mth_chao": (11692.2059, 9898.065883, 13985.14906),
    "mth_poisson": (14807.73666, 9769.757445, 21265.65648),
    "mth_darroch": (21163.93527, 9342.604185, 44006.37082),
    "mth_gamma": (30252.62931, 8772.169715, None),
}
HARE_PROFILE = {
    "mh_chao": (78.37954117, 70.57214855, 95.72818601),
    "mh_poisson": (80.51639623, 72.04231097, 94.62080982),
    "mh_darroch": (88.1369009, 73.50686928, 120.9940166),
    "mh_gamma": (95.70423115, 73.47827908, 168.54795),
    "mth_chao": (78.13120573, 70.41038928, 95.1581695),
    "mth_poisson": (80.07832159, 71.82166234, 93.84672473),
    "mth_darroch": (88.19373567, 73.52564361, 121.1517404),
    "mth_gamma": (96.5800708, 73.68687584, 171.8555508),
}
# closedp.t(hare)$results, abundance and df (Chao's Mh drops one negative eta: df 58, not 57).
HARE_ABUNDANCE = {
    "mh_chao": (79.83712121, 58),
    "mth_chao": (79.57145739, 52),
    "mb": (81.14606052, 60),
    "mbh": (74.18292592, 59),
}


@pytest.mark.parametrize("key", sorted(HIV_RCAPTURE))
def test_each_rcapture_model_matches_closedp_on_the_hiv_table(key: str) -> None:
    abundance, stderr, deviance, df, aic, bic = HIV_RCAPTURE[key]
    fit = fit_closed(HIV.counts.astype(float), HIV.lists, ClosedModel.from_key(key))
    # R's glm stops at a relative deviance change of 1e-8, so its coefficients carry
    # about eight digits; the estimates agree to R's printed precision.
    assert fit.population_size == pytest.approx(abundance, rel=1e-8)
    assert fit.deviance == pytest.approx(deviance, rel=1e-7)
    assert fit.df_resid == df
    assert fit.aic == pytest.approx(aic, rel=1e-8)
    assert fit.bic == pytest.approx(bic, rel=1e-8)
    if key == "mbh":
        # Rcapture's Mbh standard error leaves out a factor (1 + e^(b1+b2)/D) in the derivative
        # with respect to the recapture coefficient; the exact delta method gives 85.49.
        assert fit.stderr == pytest.approx(85.4912, rel=1e-5)
    else:
        assert fit.stderr == pytest.approx(stderr, rel=1e-5)


@pytest.mark.parametrize("key", sorted(HIV_PROFILE))
def test_profile_intervals_match_closedpci_on_the_hiv_table(key: str) -> None:
    centre, lower, upper = HIV_PROFILE[key]
    result = ClosedPopulationMSE(key).fit(HIV)
    profile = result.profile_conf_int_
    assert profile is not None
    # Rcapture uses Stirling's formula above N = 100; the exact log-gamma differs by under
    # 1/(12 n0) in the log-likelihood here (n0 ~ 10,000), so the limits agree to 1e-6. The
    # maximiser of a flat profile (Darroch, Gamma) is set by R's glm tolerance (1e-8 in
    # the deviance) only to about 1e-5.
    assert profile.estimate == pytest.approx(centre, rel=1e-5)
    assert profile.lower == pytest.approx(lower, rel=1e-6)
    if upper is None:
        assert not profile.upper_found
        assert math.isinf(result.conf_int_[1])
    else:
        assert profile.upper == pytest.approx(upper, rel=1e-6)


@pytest.mark.parametrize("key", sorted(HARE_PROFILE))
def test_profile_intervals_match_closedpci_on_the_hare_table(key: str) -> None:
    centre, lower, upper = HARE_PROFILE[key]
    profile = ClosedPopulationMSE(key).fit(HARE).profile_conf_int_
    assert profile is not None
    assert profile.estimate == pytest.approx(centre, rel=1e-6)
    assert profile.lower == pytest.approx(lower, rel=1e-6)
    # Upper limits above N = 100 use Stirling's formula in Rcapture: the log-likelihood then
    # differs by about 1/(12 * 50) and, where the profile is flat, the limit by up to 1e-4.
    assert profile.upper == pytest.approx(upper, rel=1e-6 if upper < 100 else 2e-4)


@pytest.mark.parametrize("key", sorted(HARE_ABUNDANCE))
def test_chao_drops_negative_etas_and_the_behavioural_models_match_on_the_hare(key: str) -> None:
    abundance, df = HARE_ABUNDANCE[key]
    fit = fit_closed(HARE.counts.astype(float), HARE.lists, ClosedModel.from_key(key))
    assert fit.population_size == pytest.approx(abundance, rel=1e-7)
    assert fit.df_resid == df
    if key == "mh_chao":
        assert fit.removed == ("eta5",)


def test_mt_is_the_independence_log_linear_model() -> None:
    fit = fit_closed(KOREA.counts.astype(float), KOREA.lists, ClosedModel("Mt"))
    assert fit.population_size == pytest.approx(fit_loglinear(KOREA).population_size, rel=1e-10)


def test_m0_solves_its_likelihood_equations_by_hand() -> None:
    # Poisson M0: mu_c = e^b0 r^f_c. The likelihood equations are sum mu = n and
    # sum f mu = T (captures), i.e. e^b0 ((1 + r)^k - 1) = n and e^b0 k r (1 + r)^(k-1) = T,
    # so r solves k r (1 + r)^(k-1) / ((1 + r)^k - 1) = T / n and the dark figure is
    # n / ((1 + r)^k - 1).
    table, k = HIV, 4
    n = table.n_observed
    captures = sum(table.list_sizes().values())
    r = brentq(lambda r: k * r * (1 + r) ** (k - 1) / ((1 + r) ** k - 1) - captures / n, 1e-9, 10)
    expected = n + n / ((1 + r) ** k - 1)
    fit = fit_closed(table.counts.astype(float), table.lists, ClosedModel("M0"))
    assert fit.population_size == pytest.approx(expected, rel=1e-9)


def test_the_unseen_cell_of_mb_continues_the_geometric_first_captures() -> None:
    # Under Mb with p (first capture) and c (recapture), m0 = N (1 - p)^k and N is the sum of
    # the fitted means over every pattern; so n + m0 must equal Rcapture's closed form
    # exp(b0) (1 + e^b2)^k / (1 + e^b2 - e^b1).
    fit = fit_closed(HIV.counts.astype(float), HIV.lists, ClosedModel("Mb"))
    b0, b1, b2 = fit.beta
    closed_form = math.exp(b0) * (1 + math.exp(b2)) ** 4 / (1 + math.exp(b2) - math.exp(b1))
    assert fit.population_size == pytest.approx(closed_form, rel=1e-10)
    assert math.exp(log_unseen(fit.beta, fit.design, 4)) == pytest.approx(fit.dark_figure)


def test_the_closedp_table_lists_twelve_models_and_three_for_two_lists() -> None:
    rows = closed_population_models(HIV)
    assert [row.label for row in rows] == [
        "M0", "Mt", "Mh Chao (LB)", "Mh Poisson2", "Mh Darroch", "Mh Gamma3.5",
        "Mth Chao (LB)", "Mth Poisson2", "Mth Darroch", "Mth Gamma3.5", "Mb", "Mbh",
    ]  # fmt: skip
    assert [row.key for row in closed_population_models(SEBER)] == ["m0", "mt", "mb"]


def test_heterogeneity_forms_need_three_lists_and_valid_keys() -> None:
    with pytest.raises(ValueError, match="three lists"):
        ClosedPopulationMSE("mh_chao").fit(SEBER)
    with pytest.raises(SettingsError, match="unknown"):
        MSESettings(method="closed_population", closed_model="mx_weird")
    with pytest.raises(ValueError, match="heterogeneity form"):
        ClosedModel("Mh")


def test_the_closed_estimator_runs_from_stored_settings_and_reports_like_the_others() -> None:
    settings = MSESettings(method="closed_population", closed_model="mth_chao", n_boot=0)
    result = estimate(HIV, MSESettings.from_json(settings.to_json()))
    data = result.to_dict()
    assert data["population_size"] == pytest.approx(11700.988296, rel=1e-8)
    assert data["conf_int"]["method"] == "profile"
    assert data["model"]["label"] == "Mth Chao (LB)"
    assert data["settings"]["closed_model"] == "mth_chao"
    assert np.isfinite(data["conf_int"]["upper"])
