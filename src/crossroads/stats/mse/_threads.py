"""Run the many small matrix products of the estimators on one BLAS thread.

The fits here are thousands of tiny dense products and solves. OpenBLAS
splits products above a size threshold across threads; for these sizes the
hand-over costs more than it gains, and on a busy two-core machine it made
a six-list model search three to thirty times slower than one thread
(measured). So the estimators' ``fit`` methods hold BLAS at one thread for
their duration and restore the caller's setting afterwards.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import cast

from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]


def single_blas_thread() -> AbstractContextManager[object]:
    """Context manager limiting BLAS to one thread."""
    return cast(AbstractContextManager[object], threadpool_limits(limits=1, user_api="blas"))
