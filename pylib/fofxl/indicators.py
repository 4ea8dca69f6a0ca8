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
from ._running import forward_filled
from ._types import SeriesOrFrame
from .clean import as_frame, as_series, panel_arrays, series_arrays
from .errors import InputError, OptionError
from .periods import periods_per_year as _periods_per_year
from .periods import periods_per_year_columns

__all__ = ["amplitude", "realized_volatility", "volatility_window"]


def _volatility_kernel(closes: np.ndarray, window: int, scale: np.ndarray) -> np.ndarray:
    """sqrt(P) × sample std of the last ``window`` log returns of each column, aligned on
    ``closes`` (rows = dates; a column's blank closes are NaN and spanned: its returns run
    between its own observations).

    All columns and windows at once, in blocks of columns to bound memory: each window's mean
    from running sums, its squared deviations summed exactly (the two-pass variance; an error
    δ in the mean only adds window × δ², far below the last digit).
    """
    rows, width = closes.shape
    out = np.full(closes.shape, np.nan)
    if rows <= window:
        return out
    valid = ~np.isnan(closes)
    if valid.all():
        packed, order = closes, None
    else:  # each column's observations first, in date order; its blanks after them
        order = np.argsort(~valid, axis=0, kind="stable")
        packed = np.take_along_axis(closes, order, axis=0)
    log_returns = np.ascontiguousarray(np.diff(np.log(packed), axis=0).T)  # (columns, rows − 1)
    sums = np.cumsum(log_returns, axis=1)
    means = sums[:, window - 1 :].copy()
    means[:, 1:] -= sums[:, :-window]
    means /= window
    squares = np.empty(means.shape)
    step = max(1, _BLOCK // (means.shape[1] * window))
    for start in range(0, width, step):
        part = slice(start, start + step)
        deviations = sliding_window_view(log_returns[part], window, axis=1) - means[part, :, None]
        np.einsum("ijk,ijk->ij", deviations, deviations, out=squares[part])
    out[window:] = (np.sqrt(squares / (window - 1)) * scale[:, None]).T
    if order is not None:  # back to each column's own rows
        filled, out = out, np.full(closes.shape, np.nan)
        np.put_along_axis(out, order, filled, axis=0)
    return out


#: Window values (columns × windows × window) :func:`_volatility_kernel` holds at once.
_BLOCK = 1 << 21


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
        values = frame.to_numpy()
        # each column over its own observations: its own P, its returns between them
        scale = np.sqrt(periods_per_year_columns(frame.index, ~np.isnan(values), periods_per_year))
        out = _volatility_kernel(values, size, scale.astype(np.float64))
        return pd.DataFrame(out, index=frame.index, columns=frame.columns)
    series = as_series(closes, "closes", kind="price")
    scale = np.array([np.sqrt(_periods_per_year(series.index, periods_per_year))])
    values = _volatility_kernel(series.to_numpy(dtype=np.float64).reshape(-1, 1), size, scale)[:, 0]
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
    panel = isinstance(highs, pd.DataFrame)
    names = ("highs", "lows", "closes")
    read = [
        panel_arrays(x, name, kind="price") if panel else series_arrays(x, name, kind="price")
        for x, name in zip((highs, lows, closes), names, strict=True)
    ]
    columns = list(read[0][2]) if panel else [read[0][2]]
    for (_, _, found), name in zip(read, names, strict=True):
        if panel and list(found) != columns:
            raise InputError(
                f"{name} has the columns {list(found)} but highs has {columns}; give the "
                "three prices of the same instruments, in the same column order."
            )
    shared = all(index.equals(read[0][1]) for _, index, _ in read)
    if shared:  # the usual: one set of dates, each with a price (blank rows are dropped)
        dates = read[0][1]
        h, lo, c = (np.asarray(values).reshape(len(dates), -1) for values, _, _ in read)
    else:
        dates = read[0][1].union(read[1][1]).union(read[2][1])
        h, lo, c = (
            pd.DataFrame(np.asarray(values).reshape(len(index), -1), index=index)
            .reindex(dates)
            .to_numpy()
            for values, index, _ in read
        )
    bad = h < lo
    if bad.any():
        j = int(np.flatnonzero(bad.any(axis=0))[0])  # the first instrument, its first date
        i = int(np.flatnonzero(bad[:, j])[0])
        raise InputError(
            f"highs: on {dates[i]:%Y-%m-%d} the high {h[i, j]:g} is below the low {lo[i, j]:g}"
            + (f" ({columns[j]})" if panel else "")
            + "; check that the highs and lows ranges are not swapped."
        )
    values = np.full(h.shape, np.nan)  # row 0 has no earlier close
    if len(dates) > 1:  # the last close before each date: the closes filled down, a row later
        previous = forward_filled(c[:-1]) if np.isnan(c[:-1]).any() else c[:-1]
        with np.errstate(invalid="ignore"):
            np.divide(h[1:] - lo[1:], previous, out=values[1:])
    index = pd.DatetimeIndex(dates, name="date")
    if not panel:
        return pd.Series(values[:, 0], index=index, name="amplitude")
    if not shared:  # the dates some instrument has a price on (each spans its own dates)
        held = ~(np.isnan(h) & np.isnan(lo) & np.isnan(c)).all(axis=1)
        values, index = values[held], index[held]
    return pd.DataFrame(values, index=index, columns=read[0][2])
