"""``crossroads estimate FILE``: a hidden-population estimate from an overlap table.

The file is the CSV that ``crossroads overlap`` writes (and SparseMSE and
Rcapture read): one 0/1 column per list, then ``count``. The default is
SparseMSE's method - stepwise model choice with a 1,000-replicate BCa
bootstrap that repeats the choice - with a progress bar. ``--json`` prints
the full result (the point estimate under ``population_size``).
"""

from __future__ import annotations

import json
import math
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from crossroads.estimation.methods import METHODS, fit, method_name, mse_settings
from crossroads.stats.mse import (
    SPARSEMSE_ALPHA,
    MSEEstimator,
    MSESettings,
    OverlapTable,
    OverlapTableError,
    SettingsError,
)

METHOD_NAMES = {
    "stepwise": "stepwise model choice, as SparseMSE",
    "aic": "best hierarchical model by AIC",
    "bic": "best hierarchical model by BIC",
    "averaged": "average over hierarchical models",
}
INTERVALS = {
    "bca": "BCa bootstrap, model choice repeated",
    "profile": "profile likelihood, for the chosen model",
    "wald": "Wald, for the chosen model",
    "buckland": "model-averaged (Buckland)",
}


def _levels(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise CommandError(f"--alpha must be numbers separated by commas, got {text!r}") from None


class Command(BaseCommand):
    help = (
        "Estimate the total population, seen and unseen, from an overlap table "
        "(CSV: one 0/1 column per list, then count)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="Overlap table CSV.")
        parser.add_argument(
            "--method",
            choices=list(METHODS),
            default="stepwise",
            help="stepwise (SparseMSE, default), aic or bic (best model), averaged.",
        )
        parser.add_argument(
            "--criterion",
            choices=["aic", "bic"],
            default="bic",
            help="Weights of --method averaged (default bic).",
        )
        parser.add_argument(
            "--threshold",
            type=float,
            default=0.02,
            help="Stepwise p-value threshold for adding an interaction (default 0.02).",
        )
        parser.add_argument(
            "--replicates",
            type=int,
            default=1000,
            help="Bootstrap replicates of the stepwise method (default 1000; 0: none).",
        )
        parser.add_argument("--seed", type=int, default=1234, help="Random seed (default 1234).")
        parser.add_argument(
            "--confidence", type=float, default=0.95, help="Interval level (default 0.95)."
        )
        parser.add_argument(
            "--alpha",
            default=",".join(f"{a:g}" for a in SPARSEMSE_ALPHA),
            help="Levels of the reported BCa limits, comma-separated (SparseMSE's by default).",
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            table = OverlapTable.from_csv(options["file"])
        except FileNotFoundError:
            raise CommandError(f"no such file: {options['file']}") from None
        except (OverlapTableError, UnicodeDecodeError) as error:
            raise CommandError(f"{options['file']}: {error}") from None
        try:
            settings = mse_settings(
                options["method"],
                pthresh=options["threshold"],
                n_boot=options["replicates"],
                seed=options["seed"],
                confidence=options["confidence"],
                criterion=options["criterion"],
            )
            settings = MSESettings.from_dict(
                {**settings.to_dict(), "alpha": list(_levels(options["alpha"]))}
            )
        except SettingsError as error:
            raise CommandError(str(error)) from None
        bar = tqdm(
            total=settings.n_boot,
            unit=" replicates",
            disable=options["quiet"] or settings.n_boot == 0,
            file=self.stderr,
            mininterval=0.3,
        )

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            result = fit(table, settings, progress)
        except (ValueError, ArithmeticError) as error:
            raise CommandError(f"the estimate cannot be computed: {error}") from None
        finally:
            bar.close()
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), indent=2, sort_keys=True))
            return
        self._report(options["file"], table, settings, result)

    def _report(
        self, path: Path, table: OverlapTable, settings: MSESettings, result: MSEEstimator
    ) -> None:
        data = result.to_dict()
        write = self.stdout.write
        lower, upper = result.conf_int_
        upper_text = f"{upper:,.0f}" if math.isfinite(upper) else "no upper limit"
        write(f"Hidden-population estimate from {path}")
        write(f"  lists ({table.k}): {', '.join(table.lists)}")
        write(f"  method: {METHOD_NAMES[method_name(settings)]}{_method_details(settings)}")
        write("")
        write(f"  estimated total        {result.population_size_:>10,.0f}")
        write(
            f"  {settings.confidence:.0%} interval {lower:>16,.0f} to {upper_text} "
            f"({INTERVALS.get(result.interval_method_, result.interval_method_)})"
        )
        write(f"  seen on a list         {result.n_observed_:>10,}")
        write(f"  never seen (estimated) {result.dark_figure_:>10,.0f}")
        write("")
        write(f"  model: {result.model_.label}")
        interactions = [term for term in result.selected_terms_ if ":" in term]
        write(
            "  interactions: "
            + (", ".join(term.replace(":", " x ") for term in interactions) or "none")
        )
        diagnostics = data["diagnostics"]
        gof = diagnostics.get("gof_pvalue")
        write(
            f"  fit: deviance {diagnostics['deviance']:.2f} on {diagnostics['df_resid']} df"
            + (f" (p = {gof:.3g})" if gof is not None else "")
        )
        for name, interval in data["intervals"].items():
            if interval and name != result.interval_method_:
                write(
                    f"  {name} interval: {interval['lower']:,.0f} to "
                    + (f"{interval['upper']:,.0f}" if interval["upper"] is not None else "no limit")
                )
        if result.bca_quantiles_:
            write(
                "  BCa limits: "
                + ", ".join(f"{a:g}: {v:,.0f}" for a, v in result.bca_quantiles_.items())
            )
        if diagnostics["sensitivity"]:
            write(
                "  estimate by stepwise threshold: "
                + ", ".join(
                    f"{row['pthresh']:g}: "
                    + (f"{row['population_size']:,.0f}" if row["population_size"] else "-")
                    for row in diagnostics["sensitivity"]
                )
            )
        warnings = diagnostics["warnings"]
        write("")
        if warnings:
            write("Warnings:")
            for warning in warnings:
                write(f"  - {warning['message']}")
        else:
            write("No warning.")


def _method_details(settings: MSESettings) -> str:
    if settings.method == "stepwise":
        boot = (
            f", BCa bootstrap of {settings.n_boot} replicates, seed {settings.seed}"
            if settings.n_boot
            else ", no bootstrap"
        )
        return f" (threshold {settings.pthresh:g}{boot})"
    if settings.method == "model_average":
        return f" ({settings.criterion.upper()} weights)"
    return ""
