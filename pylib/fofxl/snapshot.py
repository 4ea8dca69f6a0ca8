"""Percentile snapshot: each period's average percentile of each indicator and its change.

This is the tracking table of the T0 report (SPEC §1, step 5): "amplitude 25.29% this quarter
vs 10.41% last quarter, +14.88 pp". Each indicator's rolling percentile is taken on its own
dates over its whole history, then averaged per calendar period.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from . import _options
from .percentiles import rolling_percentile
from .periods import period_end, period_grid

__all__ = ["percentile_snapshot"]


def percentile_snapshot(
    values: pd.Series | pd.DataFrame,
    window: Any = "3Y",
    period: str = "Q",
    method: str = "inc",
) -> pd.DataFrame:
    """Average rolling percentile of each indicator per period (quarter by default), and its change.

    Parameters
    ----------
    values : Series or DataFrame
        Date-indexed indicator values (turnover, volatility, amplitude, ...), one column per
        indicator, each taken over its own non-blank dates.
    window : int or str, default "3Y"
        Percentile window: a count of observations or a calendar span (see
        :func:`~fofxl.percentiles.rolling_percentile`).
    period : {"W", "M", "Q", "Y"}, default "Q"
        Calendar period of the snapshot rows (weeks end on Friday).
    method : {"inc", "exc", "rank"}, default "inc"
        Percentile convention (see :func:`~fofxl.percentiles.rolling_percentile`).

    Returns
    -------
    DataFrame
        Index: the end dates of the periods in which some indicator has a percentile. For each
        indicator c two columns: ``c`` (the period's mean percentile, a fraction) and
        ``"c change"`` (this period's mean − the previous period's, in fraction units; NaN
        when the previous period has none).

    Raises
    ------
    OptionError
        Unknown period or method, bad window.
    InputError
        Unreadable values or duplicate dates.

    Notes
    -----
    mean_p = average of pct_t over the dates t of period p that have a percentile;
    change_p = mean_p − mean_{p−1}, p − 1 being the previous calendar period.

    Examples
    --------
    >>> import pandas as pd
    >>> dates = pd.to_datetime(["2024-03-01", "2024-03-29", "2024-05-02", "2024-06-03"])
    >>> s = pd.Series([1.0, 2.0, 1.5, 3.0], index=dates, name="amp")
    >>> snap = percentile_snapshot(s, window=2)
    >>> snap.round(4).to_dict("list")
    {'amp': [1.0, 0.5], 'amp change': [nan, -0.5]}
    """
    freq = _options.frequency(period, "period", allow_native=False)
    assert freq is not None
    pct = rolling_percentile(values, window=window, method=method)
    if isinstance(pct, pd.Series):
        pct = pct.to_frame(name=values.name if values.name is not None else "values")
    dates = pd.DatetimeIndex(pct.index)
    columns: list[Any] = []
    for column in pct.columns:
        columns.extend([column, f"{column} change"])
    has_value = pct.notna().any(axis=1).to_numpy()
    if not has_value.any():
        empty = pd.DataFrame(columns=columns, dtype=float, index=pd.DatetimeIndex([], name="date"))
        return empty
    ends = period_end(dates, freq)
    means = pct.groupby(ends).mean()
    grid = period_grid(dates[has_value].min(), dates[has_value].max(), freq)
    means = means.reindex(grid)
    changes = means - means.shift(1)
    out = pd.DataFrame(index=grid)
    for j in range(pct.shape[1]):
        out[columns[2 * j]] = means.iloc[:, j].to_numpy()
        out[columns[2 * j + 1]] = changes.iloc[:, j].to_numpy()
    out = out[means.notna().any(axis=1).to_numpy()]
    out.index.name = "date"
    return out
