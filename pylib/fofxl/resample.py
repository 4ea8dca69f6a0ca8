"""Resampling to calendar periods and aligning values on other dates.

* :func:`resample` reduces a series (or each column of a panel) to one value per calendar
  period: weeks ending Friday, month, quarter or year ends.
* :func:`align` places values on a given list of target dates, as of each date (last value on
  or before it) or on the same date only.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from . import _options
from ._options import choose
from ._running import last_valid_row
from ._types import SeriesOrFrame
from .clean import as_frame, to_dates
from .periods import period_end

__all__ = ["ALIGN_METHODS", "RESAMPLE_METHODS", "align", "resample"]

#: Reductions accepted by :func:`resample` (``how``).
RESAMPLE_METHODS = ("last", "mean", "sum", "first", "min", "max", "count")
#: Placements accepted by :func:`align` (``how``).
ALIGN_METHODS = ("asof", "exact")


def _previous_valid_row(valid: np.ndarray) -> np.ndarray:
    """Per column, the row of the last valid value strictly before each row (-1 if none)."""
    last = last_valid_row(valid)
    previous = np.full(last.shape, -1, dtype=last.dtype)
    previous[1:] = last[:-1]
    return previous


def _first_valid_row(valid: np.ndarray) -> np.ndarray:
    """Per column, the row of the first valid value at or after each row (n if none)."""
    n = valid.shape[0]
    rows = np.arange(n).reshape(-1, 1)
    marked = np.where(valid, rows, n)[::-1]
    return np.minimum.accumulate(marked, axis=0)[::-1]


def _take_rows(data: np.ndarray, rows: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """``data[rows[i, j], j]`` where ``ok``, NaN elsewhere."""
    safe = np.clip(rows, 0, max(data.shape[0] - 1, 0))
    out = np.take_along_axis(data, safe, axis=0) if data.size else np.empty(rows.shape)
    return np.where(ok, out, np.nan)


def _asof(source: np.ndarray, data: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Per column, the last non-NaN value of ``data`` dated on or before each wanted date.

    ``source`` holds the sorted dates of ``data``'s rows, ``wanted`` the target dates (both
    datetime64[ns]; NaT targets give NaN rows).
    """
    if not len(source):
        return np.full((len(wanted), data.shape[1]), np.nan)
    rows = np.searchsorted(source, wanted, side="right") - 1
    ok = (rows >= 0) & ~np.isnat(wanted)
    picked = last_valid_row(~np.isnan(data))[np.clip(rows, 0, len(source) - 1)]
    picked = np.where(ok.reshape(-1, 1), picked, -1)
    return _take_rows(data, picked, picked >= 0)


def _resample_kernel(data: np.ndarray, starts: np.ndarray, how: str) -> np.ndarray:
    """Reduce the row groups beginning at ``starts`` of a float64 panel; NaN is skipped.

    A group where a column has no value gives NaN for that column (for every ``how``).
    """
    n = data.shape[0]
    if starts.size == 0:
        return np.empty((0, data.shape[1]))
    ends = np.append(starts[1:], n) - 1  # last row of each group
    valid = ~np.isnan(data)
    count = np.add.reduceat(valid, starts, axis=0).astype(np.float64)
    empty = count == 0
    if how == "count":
        out = count
    elif how in ("sum", "mean"):
        total = np.add.reduceat(np.where(valid, data, 0.0), starts, axis=0)
        out = total if how == "sum" else total / np.where(empty, 1.0, count)
    elif how == "min":
        out = np.fmin.reduceat(data, starts, axis=0)
    elif how == "max":
        out = np.fmax.reduceat(data, starts, axis=0)
    elif how == "last":
        rows = last_valid_row(valid)[ends]
        out = _take_rows(data, rows, rows >= starts.reshape(-1, 1))
    else:  # first
        rows = _first_valid_row(valid)[starts]
        out = _take_rows(data, rows, rows <= ends.reshape(-1, 1))
    return np.where(empty, np.nan, out)


def _restore(template: Any, data: np.ndarray, index: pd.Index, columns: pd.Index) -> Any:
    """Give the result the input's kind: a Series for a Series, else a DataFrame."""
    if isinstance(template, pd.Series):
        return pd.Series(data[:, 0], index=index, name=template.name)
    return pd.DataFrame(data, index=index, columns=columns)


def resample(values: SeriesOrFrame, freq: str = "W", how: str = "last") -> SeriesOrFrame:
    """Reduce a series or panel to one value per calendar period (week, month, quarter, year).

    Parameters
    ----------
    values : Series or DataFrame
        Date-indexed values; a DataFrame is a panel with one column per series (blank cells
        are missing observations of that column).
    freq : str, default "W"
        ``"W"`` (weeks ending Friday), ``"M"``, ``"Q"``, ``"Y"``, or ``"native"``/``"D"`` (one
        period per calendar day).
    how : str, default "last"
        One of last, mean, sum, first, min, max, count: the reduction of the values in each
        period.

    Returns
    -------
    Series or DataFrame
        Same kind as ``values``, indexed by the period-end dates (Friday, month end, ...) of the
        periods holding data. In a panel each column is reduced on its own: a period where a
        column has no value is NaN in that column.

    Raises
    ------
    OptionError
        Unknown ``freq`` or ``how``.
    InputError
        Unreadable values or duplicate dates.

    Notes
    -----
    A week is the days after the previous Friday up to this Friday, so a Thursday value in a
    week whose Friday is a holiday lands in that Friday's week. Blank values are skipped, never
    counted as zero; ``count`` is the number of non-blank values in the period.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([1.0, 2.0, 3.0], index=pd.to_datetime(["2024-01-03", "2024-01-05",
    ...                                                      "2024-01-08"]))
    >>> resample(s, "W", "mean").tolist()
    [1.5, 3.0]
    """
    how = choose(how, RESAMPLE_METHODS, "how")
    code = _options.frequency(freq, "freq")
    frame = as_frame(values, "values")
    dates = frame.index
    keys = dates.normalize() if code is None else period_end(dates, code)
    key_values = keys.to_numpy()
    change = np.flatnonzero(key_values[1:] != key_values[:-1]) + 1
    starts = np.concatenate(([0], change)) if len(keys) else np.empty(0, dtype=np.intp)
    data = _resample_kernel(frame.to_numpy(dtype=np.float64), starts, how)
    index = pd.DatetimeIndex(keys[starts], name=frame.index.name or "date")
    return _restore(values, data, index, frame.columns)


def align(target_dates: Any, values: SeriesOrFrame, how: str = "asof") -> SeriesOrFrame:
    """Place values on target dates: the last non-blank value on or before each date (asof).

    Parameters
    ----------
    target_dates : DatetimeIndex or sequence of dates
        The dates to place values on, kept in the given order; they may be unsorted, repeat,
        or be blank (NaT), which gives a blank row.
    values : Series or DataFrame
        Date-indexed values (a panel: one column per series).
    how : str, default "asof"
        ``"asof"``: last non-blank value dated on or before the target date; ``"exact"``: the
        value on the same date only.

    Returns
    -------
    Series or DataFrame
        Same kind as ``values``, one row per target date in the given order; NaN where no value
        qualifies.

    Raises
    ------
    OptionError
        Unknown ``how``.
    InputError
        Unreadable dates or values, duplicate dates in ``values``.

    Notes
    -----
    asof: out_t = v_s with s = max{s ≤ t : v_s not blank}, per column. Dates are compared as
    given (a date with a time of day is later than the same date at midnight).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([1.0, 2.0], index=pd.to_datetime(["2024-01-02", "2024-01-05"]))
    >>> align(pd.to_datetime(["2024-01-04", "2024-01-01", "2024-01-05"]), s).tolist()
    [1.0, nan, 2.0]
    """
    how = choose(how, ALIGN_METHODS, "how")
    targets = to_dates(target_dates, "target_dates")
    targets = targets.as_unit("ns") if targets.unit != "ns" else targets
    frame = as_frame(values, "values")
    data = frame.to_numpy(dtype=np.float64)
    source = frame.index.to_numpy()
    wanted = targets.to_numpy()
    missing = np.isnat(wanted)
    if how == "asof":
        out = _asof(source, data, wanted)
    else:
        rows = np.searchsorted(source, wanted, side="left")
        safe = np.clip(rows, 0, max(len(source) - 1, 0))
        ok = ~missing & (rows < len(source))
        if len(source):
            ok &= source[safe] == wanted
            out = np.where(ok.reshape(-1, 1), data[safe], np.nan)
        else:
            out = np.full((len(wanted), data.shape[1]), np.nan)
    index = pd.DatetimeIndex(targets, name=frame.index.name or "date")
    return _restore(values, out, index, frame.columns)
