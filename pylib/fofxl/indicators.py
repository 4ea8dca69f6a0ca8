"""Market indicators computed from index prices: realized volatility and intraday amplitude.

Both are aligned with their input (one value per price date, NaN until defined), so they can
feed :func:`fofxl.percentiles.rolling_percentile` and the regime tables directly.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from . import _options
from ._types import SeriesOrFrame
from .clean import as_frame, as_series
from .errors import InputError, OptionError
from .periods import periods_per_year as _periods_per_year
from .resample import _previous_valid_row

__all__ = ["amplitude", "realized_volatility", "volatility_window"]


def _volatility_kernel(closes: np.ndarray, window: int, scale: float) -> np.ndarray:
    """sqrt(P) × sample std of the last ``window`` log returns, aligned on ``closes``."""
    out = np.full(closes.shape, np.nan)
    if closes.size <= window:
        return out
    log_returns = np.diff(np.log(closes))
    windows = sliding_window_view(log_returns, window)
    out[window:] = windows.std(axis=1, ddof=1) * scale
    return out


def volatility_window(value: Any, name: str = "window") -> int:
    """The window of :func:`realized_volatility`: a whole number of returns ≥ 2 (no span).

    Raises
    ------
    OptionError
        Not a window (:func:`fofxl._options.window`), a calendar span, or fewer than 2.
    """
    size = _options.window(value, name)
    if not isinstance(size, int) or size < 2:
        raise OptionError(
            f"{name}={value!r} must be a whole number of returns ≥ 2 for a volatility; try 20."
        )
    return size


def realized_volatility(
    closes: SeriesOrFrame, window: Any = 20, periods_per_year: Any = 252
) -> SeriesOrFrame:
    """Realized volatility: sample std of the last N daily log returns × √P (N=20, P=252).

    Parameters
    ----------
    closes : Series or DataFrame
        Date-indexed closing prices (> 0), e.g. of the CSI 800 index; blank rows are dropped.
        A DataFrame holds one series per column, each over its own non-blank rows.
    window : int, default 20
        N, the number of log returns in the window (≥ 2).
    periods_per_year : float, default 252
        P, the annualization factor; ``None`` infers it from the dates (SPEC §2).

    Returns
    -------
    Series or DataFrame
        Same kind as ``closes``, on the cleaned dates; NaN until N log returns exist (a
        column's first N observations) and where the close is blank.

    Raises
    ------
    OptionError
        ``window`` not a whole number ≥ 2, or ``periods_per_year`` not > 0.
    InputError
        A close ≤ 0, unreadable values or duplicate dates.

    Notes
    -----
    lr_t = ln(c_t / c_{t-1}); vol_t = sqrt(P) × std(lr_{t-N+1}, ..., lr_t) with ddof = 1.

    Examples
    --------
    >>> import pandas as pd
    >>> closes = pd.Series([100.0, 101.0, 99.0, 100.0], index=pd.date_range("2024-01-01",
    ...                                                                   periods=4))
    >>> realized_volatility(closes, window=3).round(4).tolist()
    [nan, nan, nan, 0.275]
    """
    size = volatility_window(window)
    if isinstance(closes, pd.DataFrame):
        frame = as_frame(closes, "closes", kind="price")
        out = np.full(frame.shape, np.nan)
        for j in range(frame.shape[1]):  # each column over its own observations
            rows = np.flatnonzero(~np.isnan(frame.iloc[:, j].to_numpy()))
            own = frame.index[rows]
            scale = float(np.sqrt(_periods_per_year(own, periods_per_year)))
            out[rows, j] = _volatility_kernel(frame.iloc[rows, j].to_numpy(), size, scale)
        return pd.DataFrame(out, index=frame.index, columns=frame.columns)
    series = as_series(closes, "closes", kind="price")
    scale = float(np.sqrt(_periods_per_year(series.index, periods_per_year)))
    values = _volatility_kernel(series.to_numpy(dtype=np.float64), size, scale)
    return pd.Series(values, index=series.index, name="volatility")


def amplitude(highs: SeriesOrFrame, lows: SeriesOrFrame, closes: SeriesOrFrame) -> SeriesOrFrame:
    """Intraday amplitude: (high − low) / previous close, on the union of the three dates.

    Parameters
    ----------
    highs : Series or DataFrame
        Date-indexed daily highs (> 0); a DataFrame holds one instrument per column.
    lows : Series or DataFrame
        Date-indexed daily lows (> 0), never above the high of the same date; the same kind
        (and, for DataFrames, the same columns) as ``highs``.
    closes : Series or DataFrame
        Date-indexed daily closes (> 0), the same kind and columns as ``highs``.

    Returns
    -------
    Series or DataFrame
        Same kind as the inputs, on the sorted union of the dates: NaN on the first row, and
        where the date's high or low is blank or no earlier close exists (per column).

    Raises
    ------
    InputError
        A price ≤ 0, a high below the low of the same date (naming the date), unreadable values
        or duplicate dates.

    Notes
    -----
    amp_t = (high_t − low_t) / close_s, close_s the last non-blank close dated before t (the
    previous trading day's close; a blank close is spanned, never a zero).

    Examples
    --------
    >>> import pandas as pd
    >>> dates = pd.date_range("2024-01-01", periods=3)
    >>> h = pd.Series([10.5, 10.8, 10.6], index=dates)
    >>> lo = pd.Series([9.5, 10.0, 10.1], index=dates)
    >>> c = pd.Series([10.0, 10.4, 10.2], index=dates)
    >>> amplitude(h, lo, c).round(4).tolist()
    [nan, 0.08, 0.0481]
    """
    if isinstance(highs, pd.DataFrame):
        return _amplitude_panel(highs, lows, closes)
    high = as_series(highs, "highs", kind="price")
    low = as_series(lows, "lows", kind="price")
    close = as_series(closes, "closes", kind="price")
    dates = high.index.union(low.index).union(close.index)
    h = high.reindex(dates).to_numpy(dtype=np.float64)
    lo = low.reindex(dates).to_numpy(dtype=np.float64)
    c = close.reindex(dates).to_numpy(dtype=np.float64)
    bad = np.flatnonzero(h < lo)
    if bad.size:
        i = int(bad[0])
        raise InputError(
            f"highs: on {dates[i]:%Y-%m-%d} the high {h[i]:g} is below the low {lo[i]:g}; "
            "check that the highs and lows ranges are not swapped."
        )
    prev_row = _previous_valid_row(~np.isnan(c).reshape(-1, 1))[:, 0]
    prev = np.where(prev_row >= 0, c[np.clip(prev_row, 0, None)], np.nan) if c.size else c
    values = (h - lo) / prev
    return pd.Series(values, index=pd.DatetimeIndex(dates, name="date"), name="amplitude")


def _amplitude_panel(highs: Any, lows: Any, closes: Any) -> pd.DataFrame:
    """:func:`amplitude` of each column of three DataFrames with the same columns."""
    frames = {
        "highs": as_frame(highs, "highs", kind="price"),
        "lows": as_frame(lows, "lows", kind="price"),
        "closes": as_frame(closes, "closes", kind="price"),
    }
    columns = list(frames["highs"].columns)
    for name, frame in frames.items():
        if list(frame.columns) != columns:
            raise InputError(
                f"{name} has the columns {list(frame.columns)} but highs has {columns}; give "
                "the three prices of the same instruments, in the same column order."
            )
    parts = {
        column: amplitude(*(frame[column].dropna() for frame in frames.values()))
        for column in columns
    }
    return pd.concat(parts, axis=1, sort=True).reindex(columns=columns)
