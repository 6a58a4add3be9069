"""The data exchange's long work, run by task workers: the network and country tables."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.accounts.models import User
from crossroads.exchange.models import NetworkRelease
from crossroads.exchange.services.aggregation import (
    accepted,
    accepted_keys,
    key_of,
    store_release,
    sum_and_protect,
)
from crossroads.exchange.services.pooling import (
    WINDOW,
    NotPoolable,
    pool,
    ready,
    remove_pooled,
    store_pooled,
    window_of,
)
from crossroads.tasks.models import TaskRun
from crossroads.tasks.progress import Progress
from crossroads.tasks.queueing import start
from crossroads.tasks.registry import background

RELEASE_TASK = "exchange.release"
POOLED_TASK = "exchange.pooled"


@background(RELEASE_TASK, title=gettext_lazy("Network tables of %(year)s"))
def compute_release_task(
    progress: Progress, year: int, by_country: bool, user_id: int | None = None
) -> None:
    """Sum and protect the accepted submissions of ``year`` (by country too when asked).

    The tables are stored, audited and the run finished in one transaction. If
    the accepted submissions changed while the tables were computed, nothing
    is stored: the run queued by that change computes the newer set.
    """
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    chosen = accepted(year)
    progress.step(_("Summing and protecting the tables"), of=2)
    result = sum_and_protect(chosen, by_country=by_country, progress=progress.step)
    progress.step(_("Storing the tables"), of=2)
    with transaction.atomic():
        if accepted_keys().get(year) != key_of(chosen):
            progress.finish(
                _("The accepted submissions of %(year)s changed meanwhile; a newer run "
                  "computes them.") % {"year": year}
            )  # fmt: skip
            return
        release = store_release(user, year, chosen, result, by_country=by_country)
        first, _last = window_of(year)
        if by_country and ready(first):
            pool_window(user, first)
        progress.finish(
            _("Network tables of %(year)s computed in %(s).0f s.")
            % {"year": year, "s": release.seconds}
        )


def release_key(year: int, by_country: bool) -> str:
    """Identifies the work of computing ``year``'s tables from the submissions accepted now."""
    return release_work(year, by_country) + accepted_keys().get(year, "")[:16]


def release_work(year: int, by_country: bool) -> str:
    """What the keys of every run computing ``year``'s tables (with countries or not) start
    with, whatever submissions they were queued for."""
    scope = "countries" if by_country else "network"
    return f"{RELEASE_TASK}:{year}:{scope}:"


def recompute(user: User | None, year: int, *, by_country: bool | None = None) -> TaskRun:
    """Queue the computation of ``year``'s tables (once per set of accepted submissions).

    ``by_country`` None keeps what the year's tables hold now (every
    country's when none were computed yet), so that accepting one more
    submission never takes the country dashboards away.
    """
    if by_country is None:
        stored = NetworkRelease.objects.filter(year=year).values_list("by_country", flat=True)
        by_country = next(iter(stored), True)
    return start(
        compute_release_task,
        user=user,
        key=release_key(year, by_country),
        # A run still waiting for an older set of submissions would compute what this
        # one computes (a run reads the accepted submissions when it starts): withdraw it.
        supersedes=release_work(year, by_country),
        year=year,
        by_country=by_country,
        user_id=user.pk if user is not None else None,
    )


@background(POOLED_TASK, title=gettext_lazy("Three-year country tables from %(first_year)s"))
def compute_pooled_task(progress: Progress, first_year: int, user_id: int | None = None) -> None:
    """Pool, protect and audit the three-year window starting at ``first_year``, and store it
    (see :mod:`crossroads.exchange.services.pooling`)."""
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    progress.step(_("Summing, protecting and auditing the three-year tables"), of=1)
    last_year = first_year + WINDOW - 1
    # Summing, protecting and auditing only read, and take minutes: outside any transaction,
    # so that the worker never holds the database's write lock meanwhile (SQLite has one
    # for everybody: sign-ins and saves would fail). Storing is one short transaction.
    try:
        result = pool(first_year, progress.step)
    except NotPoolable as reason:
        with transaction.atomic():
            remove_pooled(user, first_year, reason)
            progress.finish(
                _("The years %(first)s–%(last)s cannot be pooled now.")
                % {"first": first_year, "last": last_year}
            )
        return
    with transaction.atomic():
        pooled = store_pooled(user, result)
        progress.finish(
            _("Three-year tables of %(first)s–%(last)s computed for %(countries)s countries.")
            % {"first": first_year, "last": last_year, "countries": len(pooled.countries)}
        )


def pool_window(user: User | None, first_year: int) -> TaskRun:
    """Queue the pooling of the window starting at ``first_year`` (once per set of
    accepted submissions of its years)."""
    keys = accepted_keys()
    years = "|".join(keys.get(y, "")[:8] for y in range(first_year, first_year + WINDOW))
    return start(
        compute_pooled_task,
        user=user,
        key=f"{POOLED_TASK}:{first_year}:{years}",
        first_year=first_year,
        user_id=user.pk if user is not None else None,
    )
