"""Excess NAV of a fund against a benchmark (SPEC §2): relative wealth or compounded excess returns.

Both series are measured on their common dates only: a date the benchmark lacks is blank in
the output, and the next return of each series spans the gap.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._options import choose
from ._running import down_columns
from ._types import SeriesOrFrame
from .clean import as_frame, as_series
from .errors import InputError
from .resample import _previous_valid_row

__all__ = ["EXCESS_METHODS", "excess_nav"]

#: ``ratio`` (relative wealth, default) and ``diff`` (compounded return differences).
EXCESS_METHODS = ("ratio", "diff")
_ALIASES = {"relative": "ratio", "difference": "diff", "arithmetic": "diff"}


def _excess(x: np.ndarray, bench: np.ndarray, method: str) -> np.ndarray:
    """Excess NAV per column of ``x`` (rows = dates) against ``bench`` on the same rows: one
    benchmark column for all, or one per column of ``x``."""
    bench = bench if bench.ndim == 2 else bench[:, None]
    common = ~np.isnan(x) & ~np.isnan(bench)
    nav = np.where(common, x, np.nan)
    ref = np.where(common, bench, np.nan)
    out = np.full(x.shape, np.nan)
    if not common.any():
        return out
    cols = np.arange(x.shape[1])
    if method == "ratio":
        first = np.argmax(common, axis=0)
        with np.errstate(invalid="ignore"):
            return (nav / nav[first, cols]) / (ref / ref[first, cols])
    # diff: returns between consecutive common dates, compounded from 1 at the first one
    before = _previous_valid_row(common)
    has_prev = common & (before >= 0)
    prev = np.maximum(before, 0)
    with np.errstate(invalid="ignore"):
        step = nav / nav[prev, cols] - ref / ref[prev, cols]  # r - r_bench
    growth = np.where(has_prev, 1.0 + step, 1.0)
    return np.where(common, down_columns(np.multiply, growth), np.nan)


def excess_nav(
    navs: SeriesOrFrame, bench: pd.Series | pd.DataFrame, method: Any = "ratio"
) -> SeriesOrFrame:
    """Excess NAV of a fund over a benchmark, aligned with the fund, 1 on the first common date.

    Parameters
    ----------
    navs : Series or DataFrame
        Date-indexed NAVs (> 0) of the fund; a DataFrame gives one excess NAV per column.
    bench : Series or DataFrame
        Date-indexed benchmark NAVs or index levels (> 0); a DataFrame with one column per
        column of ``navs`` gives each fund its own benchmark (matched by position).
    method : {"ratio", "diff"}, optional
        ``ratio`` (default): relative wealth; ``diff``: compounded differences of returns.

    Returns
    -------
    Series or DataFrame
        Same kind as ``navs`` on its cleaned dates; NaN where the benchmark (or the fund)
        has no value that date.

    Notes
    -----
    SPEC §2, on the dates both have, with nav_0 and bench_0 at the first common date:
    ``ratio`` = (nav_t / nav_0) / (bench_t / bench_0); ``diff`` = Π (1 + r_s − rb_s) over
    the common dates s ≤ t after the first, r and rb being returns between consecutive
    common dates.

    Examples
    --------
    >>> dates = pd.date_range("2024-01-05", periods=3, freq="W-FRI")
    >>> fund = pd.Series([1.0, 1.1, 1.21], index=dates)
    >>> index = pd.Series([100.0, 105.0, 105.0], index=dates)
    >>> excess_nav(fund, index).round(4).tolist()
    [1.0, 1.0476, 1.1524]
    >>> excess_nav(fund, index, method="diff").round(4).tolist()
    [1.0, 1.05, 1.155]
    """
    chosen = choose(method, EXCESS_METHODS, "method", aliases=_ALIASES)
    if isinstance(bench, pd.DataFrame) and bench.shape[1] != 1:
        return _excess_each(navs, bench, chosen)
    reference = as_series(bench, "bench", kind="nav")
    if isinstance(navs, pd.Series):
        fund = as_series(navs, "navs", kind="nav")
        aligned = reference.reindex(fund.index).to_numpy()
        values = _excess(fund.to_numpy()[:, None], aligned, chosen)
        return pd.Series(values[:, 0], index=fund.index, name=fund.name)
    frame = as_frame(navs, "navs", kind="nav")
    aligned = reference.reindex(frame.index).to_numpy()
    values = _excess(frame.to_numpy(), aligned, chosen)
    return pd.DataFrame(values, index=frame.index, columns=frame.columns)


def _excess_each(navs: Any, bench: pd.DataFrame, method: str) -> pd.DataFrame:
    """Excess NAV of each column of ``navs`` over the same-position column of ``bench``."""
    frame = as_frame(navs, "navs", kind="nav")
    refs = as_frame(bench, "bench", kind="nav")
    if refs.shape[1] != frame.shape[1]:
        raise InputError(
            f"bench has {refs.shape[1]} columns for {frame.shape[1]} funds: give one benchmark "
            "column, or one per fund in the same order."
        )
    aligned = refs.reindex(frame.index).to_numpy()
    values = _excess(frame.to_numpy(), aligned, method)
    return pd.DataFrame(values, index=frame.index, columns=frame.columns)
