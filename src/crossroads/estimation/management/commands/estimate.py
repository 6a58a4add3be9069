"""``crossroads estimate FILE``: a hidden-population estimate from an overlap table.

The file is the CSV that ``crossroads overlap`` writes (and SparseMSE and
Rcapture read): one 0/1 column per list, then ``count``; or two columns,
``pattern,count``, with patterns such as ``0110`` (``--lists`` names the
lists). The default is SparseMSE's method - stepwise model choice with a
1,000-replicate BCa bootstrap that repeats the choice - with a progress bar.
Every method of the library is offered (``--method``), with bootstrap
intervals for the AIC, BIC and averaged searches too; ``--compare`` runs
them all on the table and says where they agree and why they differ.
``--json`` prints the full result (the point estimate under ``population_size``).
"""

from __future__ import annotations

import json
import math
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from tqdm import tqdm

from crossroads.estimation.catalogue import METHODS, fit, method_name, mse_settings
from crossroads.estimation.comparison import ALTERNATIVE_LABELS, compare, findings, reading
from crossroads.stats.mse import (
    SPARSEMSE_ALPHA,
    MSESettings,
    OverlapTable,
    OverlapTableError,
    PopulationEstimator,
    SettingsError,
)

INTERVALS = {
    "bca": "BCa bootstrap, model choice repeated",
    "profile": "profile likelihood, for the chosen model",
    "wald": "Wald, for the chosen model",
    "buckland": "model-averaged (Buckland)",
    "credible": "Bayesian credible interval",
}


def _levels(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise CommandError(f"--alpha must be numbers separated by commas, got {text!r}") from None


def _number(value: float | None) -> str:
    return "-" if value is None or not math.isfinite(value) else f"{value:,.0f}"


class Command(BaseCommand):
    help = (
        "Estimate the total population, seen and unseen, from an overlap table "
        "(CSV: one 0/1 column per list, then count; or pattern,count)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="Overlap table CSV.")
        parser.add_argument(
            "--method",
            choices=list(METHODS),
            default="stepwise",
            metavar="METHOD",
            help="stepwise (SparseMSE, default); aic, bic (best model), averaged; latent_class "
            "(LCMCR); Rcapture's m0, mt, mh_chao, mh_poisson, mh_darroch, mh_gamma, mth_chao, "
            "mth_poisson, mth_darroch, mth_gamma, mb, mbh.",
        )
        parser.add_argument(
            "--criterion",
            choices=["aic", "bic"],
            default="bic",
            help="Weights of --method averaged (default bic).",
        )
        parser.add_argument(
            "--max-order",
            type=int,
            choices=[1, 2, 3],
            default=2,
            help="Largest interactions that aic, bic and averaged search: 2 (pairs, up to six "
            "lists) or 3 (triples too, up to five lists). Default 2.",
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
            help="Bootstrap replicates of stepwise, aic, bic and averaged, each repeating the "
            "model choice (default 1000; 0: none).",
        )
        parser.add_argument(
            "--top-models",
            type=int,
            default=None,
            help="aic, bic, averaged: re-select in each replicate among the N best models of "
            "the data (0: among all; default all up to 113 models, else 20).",
        )
        parser.add_argument(
            "--lists",
            default=None,
            help="Names of the lists, comma-separated, for a pattern,count table.",
        )
        parser.add_argument("--burn-in", type=int, default=10000, help="latent_class: burn-in.")
        parser.add_argument("--samples", type=int, default=1000, help="latent_class: draws kept.")
        parser.add_argument("--thinning", type=int, default=100, help="latent_class: thinning.")
        parser.add_argument("--chains", type=int, default=4, help="latent_class: chains.")
        parser.add_argument("--seed", type=int, default=1234, help="Random seed (default 1234).")
        parser.add_argument(
            "--confidence", type=float, default=0.95, help="Interval level (default 0.95)."
        )
        parser.add_argument(
            "--alpha",
            default=",".join(f"{a:g}" for a in SPARSEMSE_ALPHA),
            help="Levels of the reported BCa limits, comma-separated (SparseMSE's by default).",
        )
        parser.add_argument(
            "--compare",
            action="store_true",
            help="Also run every other method and say where they agree and why they differ.",
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        table = self._table(options)
        settings = self._settings(options, table)
        bar = tqdm(
            total=0,
            unit=" steps",
            disable=options["quiet"],
            file=self.stderr,
            mininterval=0.3,
        )

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            result = fit(table, settings, progress)
            rows = compare(table, settings, result) if options["compare"] else None
        except (ValueError, ArithmeticError) as error:
            raise CommandError(f"the estimate cannot be computed: {error}") from None
        finally:
            bar.close()
        if options["json"]:
            data = result.to_dict()
            if rows is not None:
                data["comparison"] = {"methods": rows, "findings": _plain(rows)}
            self.stdout.write(json.dumps(data, indent=2, sort_keys=True))
            return
        self._report(options["file"], table, settings, result)
        if rows is not None:
            self._comparison(rows)

    def _table(self, options: dict[str, Any]) -> OverlapTable:
        names = [n.strip() for n in options["lists"].split(",")] if options["lists"] else None
        try:
            return OverlapTable.from_csv(options["file"], lists=names)
        except FileNotFoundError:
            raise CommandError(f"no such file: {options['file']}") from None
        except (OverlapTableError, UnicodeDecodeError) as error:
            raise CommandError(f"{options['file']}: {error}") from None

    def _settings(self, options: dict[str, Any], table: OverlapTable) -> MSESettings:
        try:
            settings = mse_settings(
                options["method"],
                pthresh=options["threshold"],
                n_boot=options["replicates"],
                seed=options["seed"],
                confidence=options["confidence"],
                criterion=options["criterion"],
                max_order=options["max_order"],
                n_top=options["top_models"],
                n_lists=table.k,
                latent={
                    "burn_in": options["burn_in"],
                    "samples": options["samples"],
                    "thinning": options["thinning"],
                    "chains": options["chains"],
                },
            )
            return MSESettings.from_dict(
                {**settings.to_dict(), "alpha": list(_levels(options["alpha"]))}
            )
        except SettingsError as error:
            raise CommandError(str(error)) from None

    def _report(
        self, path: Path, table: OverlapTable, settings: MSESettings, result: PopulationEstimator
    ) -> None:
        data = result.to_dict()
        write = self.stdout.write
        lower, upper = result.conf_int_
        upper_text = f"{upper:,.0f}" if math.isfinite(upper) else "no upper limit"
        write(f"Hidden-population estimate from {path}")
        write(f"  lists ({table.k}): {', '.join(table.lists)}")
        write(f"  method: {METHODS[method_name(settings)]}{_method_details(settings)}")
        write("")
        write(f"  estimated total        {result.population_size_:>10,.0f}")
        write(
            f"  {settings.confidence:.0%} interval {lower:>16,.0f} to {upper_text} "
            f"({INTERVALS.get(result.interval_method_, result.interval_method_)})"
        )
        write(f"  seen on a list         {result.n_observed_:>10,}")
        write(f"  never seen (estimated) {result.dark_figure_:>10,.0f}")
        write("")
        model = data["model"]
        write(f"  model: {model['label']}")
        interactions = [term for term in model.get("terms", []) if ":" in term]
        if settings.method in ("stepwise", "information_criterion", "model_average"):
            write(
                "  interactions: "
                + (", ".join(term.replace(":", " x ") for term in interactions) or "none")
            )
        diagnostics = data["diagnostics"]
        gof = diagnostics.get("gof_pvalue")
        if diagnostics.get("deviance") is not None:
            write(
                f"  fit: deviance {diagnostics['deviance']:.2f} on {diagnostics['df_resid']} df"
                + (f" (p = {gof:.3g})" if gof is not None else "")
            )
        latent = data.get("latent_class")
        if latent:
            write(
                f"  posterior: median {_number(latent['posterior_median'])}, mean "
                f"{_number(latent['posterior_mean'])}; {latent['chains']} chains, "
                f"effective draws {latent['ess']:,.0f}, R-hat {latent['rhat']:.3f}"
            )
            for number, chain in enumerate(latent["chain_summaries"], start=1):
                trace = " ".join(_number(v) for v in chain["segment_medians"])
                write(f"  chain {number} medians over its draws: {trace}")
        for name, interval in data["intervals"].items():
            if interval and name != result.interval_method_:
                write(
                    f"  {name} interval: {interval['lower']:,.0f} to "
                    + (f"{interval['upper']:,.0f}" if interval["upper"] is not None else "no limit")
                )
        if data.get("bca_quantiles"):
            write(
                "  BCa limits: "
                + ", ".join(f"{float(a):g}: {v:,.0f}" for a, v in data["bca_quantiles"].items())
            )
        if diagnostics.get("sensitivity"):
            write(
                "  estimate by stepwise threshold: "
                + ", ".join(
                    f"{row['pthresh']:g}: {_number(row['population_size'])}"
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

    def _comparison(self, rows: list[dict[str, Any]]) -> None:
        write = self.stdout.write
        write("")
        write("Every method on this table:")
        with translation.override("en"):
            for row in rows:
                label = str(ALTERNATIVE_LABELS.get(row["key"], METHODS.get(row["key"], row["key"])))
                mark = " (this estimate)" if row.get("main") else ""
                if row.get("error"):
                    write(f"  {label + mark:<46} not available: {row['error']}")
                    continue
                interval = f"{_number(row['lower'])} to {_number(row.get('upper'))}"
                write(
                    f"  {label + mark:<46} {_number(row['population_size']):>10}  "
                    f"({interval}, {INTERVALS.get(row['interval'], row['interval'])})"
                )
            write("")
            write("Reading:")
            for text in reading(findings(rows)):
                write(f"  - {text}")


def _plain(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"code": item.code, **item.values} for item in findings(rows)]


def _method_details(settings: MSESettings) -> str:
    parts: list[str] = []
    if settings.method == "stepwise":
        parts.append(f"threshold {settings.pthresh:g}")
    if settings.method == "model_average":
        parts.append(f"{settings.criterion.upper()} weights")
    if settings.method in ("information_criterion", "model_average"):
        parts.append(f"interactions up to order {settings.max_order}")
    if settings.method in ("stepwise", "information_criterion", "model_average"):
        if settings.n_boot:
            among = ""
            if settings.method != "stepwise":
                among = f" among the {settings.n_top} best" if settings.n_top else " among all"
            parts.append(
                f"BCa bootstrap of {settings.n_boot} replicates repeating the model choice"
                f"{among}, seed {settings.seed}"
            )
        else:
            parts.append("no bootstrap")
    if settings.method == "latent_class":
        parts.append(
            f"K = {settings.latent_classes}, {settings.chains} chains: {settings.burn_in:,} "
            f"burn-in, {settings.samples:,} draws thinned by {settings.thinning}, "
            f"seed {settings.seed}"
        )
    return f" ({'; '.join(parts)})" if parts else ""
