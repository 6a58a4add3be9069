"""The demonstration network: synthetic organisations, people and records.

``crossroads demo`` runs every step listed in :data:`STEPS`, in order. Each
domain app contributes a step module with a ``build(context)`` function, so
the demo grows with the product. Everything is deterministic for a seed and
nothing is about real people.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import transaction

from crossroads.tasks.models import TaskRun

# Step modules, in order; each exposes ``build(context: DemoContext) -> str`` and may
# expose ``later(context: DemoContext) -> list[TaskRun]``, which queues long work for the
# task workers once the demo is committed (the demo can be used without it), and
# ``LATER``, what that work is, said to the person who starts the demo.
STEPS: list[str] = [
    "crossroads.accounts.demo",
    "crossroads.cases.demo",
    "crossroads.exchange.demo",
    "crossroads.monitoring.demo",
    "crossroads.estimation.demo",
    "crossroads.cases.demo_imports",
    "crossroads.safety.demo",
    "crossroads.civicspace.demo",
    "crossroads.library.demo",
    "crossroads.bodies.demo",
    "crossroads.reporting.demo",
    "crossroads.mel.demo",
]
DEMO_PASSWORD = "crossroads-demo"  # noqa: S105 - a published demo password, not a secret
YEARS = (2021, 2022, 2023, 2024, 2025)


@dataclass
class DemoContext:
    """Shared state of a demo build."""

    seed: int
    years: tuple[int, ...] = YEARS
    scale: float = 1.0  # fraction of the full network's volume (tests use a small one)
    shared: dict[str, Any] = field(default_factory=dict)
    sign_ins: list[tuple[str, str, str]] = field(default_factory=list)

    def rng(self, purpose: str) -> np.random.Generator:
        """An independent random stream for one purpose, stable across code changes elsewhere."""
        digest = sum((i + 1) * ord(ch) for i, ch in enumerate(purpose))
        return np.random.default_rng([self.seed, digest])


def build_demo(
    seed: int, progress: Callable[[str], None] = print, *, scale: float = 1.0
) -> tuple[DemoContext, list[Queued]]:
    """Run every step in one transaction (the database holds the demo or nothing), then
    queue each step's later work, if it has any, for the task workers."""
    context = DemoContext(seed=seed, scale=scale)
    modules = [importlib.import_module(name) for name in STEPS]
    with transaction.atomic():
        for module in modules:
            started = time.perf_counter()
            summary = module.build(context)
            progress(f"  {summary} ({time.perf_counter() - started:.1f} s)")
    queued = [
        Queued(str(getattr(module, "LATER", module.__name__)), module.later(context))
        for module in modules
        if hasattr(module, "later")
    ]
    return context, queued


@dataclass(frozen=True)
class Queued:
    """Long work of the demo left to the task workers."""

    what: str
    runs: list[TaskRun]
