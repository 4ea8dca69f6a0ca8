"""Correlation matrix of a fund pool on each pair's common periods (SPEC §9).

For each pair of series: the periods (weeks ending Friday, or month ends) in which both have a
NAV, and each series' returns between consecutive such periods, so both returns of a pair
always cover the same interval: a monthly reporter against a weekly one gives monthly pairs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from . import _options
from .clean import as_frame
from .resample import resample

__all__ = ["CORRELATION_METHODS", "correlation_matrix"]

#: ``pearson`` (default) or ``spearman`` (Pearson of average ranks).
CORRELATION_METHODS = ("pearson", "spearman")


def _pair_returns(levels: np.ndarray, i: int, cols: np.ndarray) -> tuple[np.ndarray, ...]:
    """Returns of series i and of each series in ``cols`` over their common periods.

    Arrays (periods, len(cols)); NaN where a period is not the end of a common return.
    """
    both = ~np.isnan(levels[:, [i]]) & ~np.isnan(levels[:, cols])
    periods = np.arange(levels.shape[0])[:, None]
    last = np.maximum.accumulate(np.where(both, periods, -1), axis=0)
    prev = np.full_like(last, -1)
    prev[1:] = last[:-1]
    ok = both & (prev >= 0)
    at = np.maximum(prev, 0)
    mine = levels[:, i][:, None]
    theirs = levels[:, cols]
    with np.errstate(invalid="ignore"):
        a = np.where(ok, mine / mine[at, 0] - 1.0, np.nan)
        b = np.where(ok, theirs / np.take_along_axis(theirs, at, axis=0) - 1.0, np.nan)
    return a, b, ok


def _ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks down each column over its non-NaN values (NaN stays NaN)."""
    return pd.DataFrame(values).rank(axis=0, method="average").to_numpy()


def _pearson(a: np.ndarray, b: np.ndarray, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pearson correlation down each column over ``ok`` rows, and the count of rows."""
    n = np.count_nonzero(ok, axis=0)
    count = np.maximum(n, 1)
    a0, b0 = np.where(ok, a, 0.0), np.where(ok, b, 0.0)
    da = np.where(ok, a0 - a0.sum(axis=0) / count, 0.0)
    db = np.where(ok, b0 - b0.sum(axis=0) / count, 0.0)
    saa, sbb = (da * da).sum(axis=0), (db * db).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (da * db).sum(axis=0) / np.sqrt(saa * sbb)
    return np.clip(r, -1.0, 1.0), n


def correlation_matrix(
    navs: pd.DataFrame, freq: Any = "W", method: Any = "pearson", min_periods: Any = 12
) -> pd.DataFrame:
    """Correlations of the periodic returns of every pair of series, on each pair's common periods.

    Parameters
    ----------
    navs : DataFrame
        Date-indexed NAVs (> 0), one column per series; blanks are missing observations.
    freq : {"W", "M"}, optional
        Periods: weeks ending Friday (default) or calendar months (also Q, Y).
    method : {"pearson", "spearman"}, optional
        Pearson (default) or Spearman (Pearson of average ranks within the pair's returns).
    min_periods : int, optional
        Fewest common returns for a value (default 12); fewer give NaN.

    Returns
    -------
    DataFrame
        Square, series names as index and columns, 1 on the diagonal; NaN where a pair has
        fewer than ``min_periods`` common returns or a constant return series.

    Notes
    -----
    A period's NAV is the last NAV dated in it (SPEC §2). For a pair, the common periods are
    those where both have a NAV; the returns run between consecutive common periods.

    Examples
    --------
    >>> navs = pd.DataFrame({"a": [1.0, 1.1, 1.0, 1.2], "b": [1.0, 1.2, 1.0, 1.4]},
    ...                     index=pd.date_range("2024-01-05", periods=4, freq="W-FRI"))
    >>> correlation_matrix(navs, min_periods=2).round(4).values.tolist()
    [[1.0, 0.9999], [0.9999, 1.0]]
    """
    code = _options.frequency(freq, "freq", allow_native=False)
    how = _options.choose(method, CORRELATION_METHODS, "method")
    least = _options.count(min_periods, "min_periods", minimum=2, example=12)
    frame = as_frame(navs, "navs", kind="nav")
    names = frame.columns
    n_series = frame.shape[1]
    levels = resample(frame, code, "last").to_numpy() if len(frame) else np.empty((0, n_series))
    out = np.full((n_series, n_series), np.nan)
    for i in range(n_series - 1):  # row by row: each row is every later series at once
        cols = np.arange(i + 1, n_series)
        a, b, ok = _pair_returns(levels, i, cols)
        if how == "spearman":
            a, b = _ranks(np.where(ok, a, np.nan)), _ranks(np.where(ok, b, np.nan))
        r, n = _pearson(a, b, ok)
        r = np.where(n >= least, r, np.nan)
        out[i, cols] = r
        out[cols, i] = r
    np.fill_diagonal(out, 1.0)
    return pd.DataFrame(out, index=names, columns=names)
