"""Poisson log-linear fits: closed forms, Rcapture's example and an independent optimiser."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pytest
from scipy.optimize import minimize

from crossroads.stats.mse import (
    ModelNotEstimableError,
    OverlapTable,
    chapman,
    fit_loglinear,
    lincoln_petersen,
)
from crossroads.stats.mse._terms import full_design, parse_terms
from crossroads.stats.mse.tests._reference import KOREA, NEWORL, SEBER, UK, WESTERN


def test_two_list_main_effects_mle_is_lincoln_petersen() -> None:
    # The model has 3 parameters for 3 cells, so it reproduces them:
    # exp(beta_0) = n10 * n01 / n11 and N = n11 + n10 + n01 + n10 n01 / n11 = n1 n2 / m.
    fit = fit_loglinear(SEBER)
    n1, n2, m = 167 + 781, 167 + 254, 167
    assert fit.population_size == pytest.approx(n1 * n2 / m, rel=1e-10)
    assert lincoln_petersen(n1, n2, m).population_size == pytest.approx(n1 * n2 / m, rel=1e-12)
    assert fit.deviance == pytest.approx(0.0, abs=1e-8)
    assert fit.df_resid == 0


def test_seber_example_matches_rcapture_model_mt() -> None:
    # Rcapture 1.4-4 tests/Examples/Rcapture-Ex.Rout.save:
    #   X <- matrix(c(1,1,167,1,0,781,0,1,254), byrow=TRUE, ncol=3); closedp.t(X, dfreq=TRUE)
    #   Mt  abundance 2389.9  stderr 130.4  deviance 0.000  df 0  AIC 28.831
    fit = fit_loglinear(SEBER)
    assert round(fit.population_size, 1) == 2389.9
    assert round(fit.rcapture_stderr, 1) == 130.4
    assert round(fit.aic, 3) == 28.831


def test_chapman_estimator_by_hand() -> None:
    # (n1 + 1)(n2 + 1) / (m + 1) - 1 with n1 = 60, n2 = 40, m = 12: 61 * 41 / 13 - 1
    result = chapman(60, 40, 12)
    assert result.population_size == pytest.approx(61 * 41 / 13 - 1, rel=1e-12)
    variance = 61 * 41 * 48 * 28 / (13**2 * 14)
    assert result.standard_error == pytest.approx(math.sqrt(variance), rel=1e-12)
    assert result.conf_int[0] >= 60 + 40 - 12


def test_chapman_is_finite_without_overlap_where_lincoln_petersen_is_not() -> None:
    assert chapman(10, 8, 0).population_size == pytest.approx(11 * 9 - 1)
    with pytest.raises(ValueError, match="infinite"):
        lincoln_petersen(10, 8, 0)
    with pytest.raises(ValueError, match="cannot exceed"):
        chapman(5, 3, 4)


def test_three_lists_under_independence_solve_darrochs_equation() -> None:
    # Under main effects the complete 2x2x2 table is a product: mu_x = d prod theta_j^x_j with
    # d = exp(beta_0). Fitted margins equal observed ones: n_j = N theta_j / (1 + theta_j), so
    # p_j = n_j / N and the dark figure is d = N prod_j (1 - n_j / N) = N - n. Multiplying
    # 1 - n/N = prod (1 - n_j/N) by N^3 gives (s1 - n) N^2 - s2 N + s3 = 0 with s1 = sum n_j,
    # s2 = sum_{i<j} n_i n_j, s3 = n1 n2 n3; N is the larger root.
    table = OverlapTable.from_patterns(
        {"100": 120, "010": 90, "001": 70, "110": 30, "101": 20, "011": 15, "111": 6}
    )
    sizes = list(table.list_sizes().values())
    n = table.n_observed
    s1, s3 = sum(sizes), sizes[0] * sizes[1] * sizes[2]
    s2 = sizes[0] * sizes[1] + sizes[0] * sizes[2] + sizes[1] * sizes[2]
    expected = (s2 + math.sqrt(s2**2 - 4 * (s1 - n) * s3)) / (2 * (s1 - n))
    assert fit_loglinear(table).population_size == pytest.approx(expected, rel=1e-10)


def _oracle(table: OverlapTable, terms: list[str]) -> tuple[float, float]:
    """Slow but obviously correct: minimise sum(mu - y log mu) with SciPy's trust region."""
    model = parse_terms(table, terms)
    x = full_design(model, table.k)
    y = table.counts.astype(np.float64)

    def objective(beta: npt.NDArray[np.float64]) -> float:
        eta = x @ beta
        return float(np.sum(np.exp(eta) - y * eta))

    def gradient(beta: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray(x.T @ (np.exp(x @ beta) - y))

    def hessian(beta: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray(x.T @ (np.exp(x @ beta)[:, None] * x))

    start = np.zeros(x.shape[1])
    start[0] = math.log(y.mean())
    result = minimize(objective, start, jac=gradient, hess=hessian, method="trust-exact",
                      options={"gtol": 1e-11})  # fmt: skip
    mu = np.exp(x @ result.x)
    positive = y > 0
    deviance = 2 * float(np.sum(y[positive] * np.log(y[positive] / mu[positive])) - np.sum(y - mu))
    return y.sum() + math.exp(result.x[0]), deviance


@pytest.mark.parametrize(
    ("table", "terms"),
    [
        (UK, []),
        (UK, ["LA:NG", "PF:NCA", "NG:GP"]),
        (UK, ["LA:NG", "LA:PF", "NG:GO", "NG:GP", "PF:GP", "PF:NCA", "GO:GP"]),
        (WESTERN, ["L1:L5", "L4:L5"]),
        (KOREA, ["b:c", "c:d"]),
    ],
)
def test_fits_agree_with_an_independent_optimiser(table: OverlapTable, terms: list[str]) -> None:
    fit = fit_loglinear(table, terms)
    population, deviance = _oracle(table, terms)
    assert fit.population_size == pytest.approx(population, rel=1e-7)
    assert fit.deviance == pytest.approx(deviance, rel=1e-6, abs=1e-8)


def test_a_never_overlapping_pair_is_at_minus_infinity_and_its_cells_are_dropped() -> None:
    # LA and GP never appear together in the UK data (N* = 0). SparseMSE drops the cells that
    # contain both, leaves the term out of the GLM and adds 2 to the AIC.
    with_pair = fit_loglinear(UK, ["LA:NG", "LA:GP"])
    without = fit_loglinear(UK, ["LA:NG"])
    assert with_pair.coefficients["LA:GP"] == -math.inf
    assert with_pair.infinite_terms == ("LA:GP",)
    contains_both = [c - 1 for c in range(1, 64) if c & 0b010001 == 0b010001]
    assert np.all(with_pair.fitted[contains_both] == 0)
    glm_parameters = with_pair.n_parameters - 1
    assert with_pair.aic == pytest.approx(-2 * with_pair.loglik + 2 * glm_parameters + 2)
    # exp(-lambda*): lambda* is the fitted total of the LA&GP cells in the model without the pair.
    lam = without.fitted[contains_both].sum()
    assert with_pair.probability_empty["LA:GP"] == pytest.approx(math.exp(-lam), rel=1e-9)


def test_the_wald_interval_is_on_the_log_dark_figure() -> None:
    fit = fit_loglinear(KOREA, ["b:c"])
    low, high = fit.wald_conf_int(0.95)
    log_dark = math.log(fit.dark_figure)
    half = 1.959963984540054 * fit.log_dark_figure_se
    assert low == pytest.approx(123 + math.exp(log_dark - half), rel=1e-12)
    assert high == pytest.approx(123 + math.exp(log_dark + half), rel=1e-12)


def test_fitting_a_model_without_an_mle_raises_with_the_checkident_code() -> None:
    with pytest.raises(ModelNotEstimableError, match="code 1") as caught:
        fit_loglinear(KOREA, ["b:c", "b:d"])
    assert not caught.value.check.mle_exists
    unchecked = fit_loglinear(KOREA, ["b:c", "b:d"], check=False)
    assert unchecked.population_size > 0


def test_terms_can_be_given_as_pairs_strings_or_indices_and_are_closed_hierarchically() -> None:
    assert fit_loglinear(KOREA, [("b", "c")]).model == fit_loglinear(KOREA, [(0, 1)]).model
    three_way = fit_loglinear(WESTERN, ["L1:L2:L4"], check=False)
    assert set(three_way.terms) == {"L1:L2", "L1:L4", "L2:L4", "L1:L2:L4"}
    with pytest.raises(ValueError, match="all lists"):
        fit_loglinear(KOREA, ["b:c:d"])


def test_eight_lists_fit_quickly_and_converge() -> None:
    fit = fit_loglinear(NEWORL, ["L4:L5"])
    assert fit.converged
    assert fit.iterations < 15
