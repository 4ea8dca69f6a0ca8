"""Regime tables: each strategy return grouped by the market regime of its period (Tables 3–5).

:func:`return_regimes` gives each return the regime of the period containing its date: the
daily indicator is resampled over its whole history to the returns' frequency, turned into a
rolling historical percentile on that periodic series, then into low / balance / high.
:func:`regime_stats` pools the returns of all products per regime in the
:func:`~fofxl.buckets.bucket_stats` layout.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from . import _options
from ._options import choose
from ._types import SeriesOrFrame
from .buckets import _table
from .clean import as_frame, as_series
from .percentiles import rolling_percentile
from .periods import period_end, periods_per_year
from .regimes import DEFAULT_LABELS, parse_labels, regime_labels
from .resample import resample

__all__ = ["AGGREGATIONS", "RowRegimes", "regime_stats", "return_regimes", "row_regimes"]

#: How the indicator's values in a period become its periodic value (``agg``).
AGGREGATIONS = ("mean", "last")

#: Return frequency from the inferred periods per year (SPEC §2): weeks end on Friday.
_FREQ_OF_P = {252.0: None, 52.0: "W-FRI", 12.0: "M", 4.0: "Q", 1.0: "Y"}


def _lag(value: Any) -> int:
    return _options.count(value, "lag", minimum=0, example=1) if _options.given(value) else 0


def _return_freq(dates: pd.DatetimeIndex, freq: Any) -> str | None:
    """The returns' frequency: given, or from their periods per year (52 → weeks, ...)."""
    if freq is not None and not (isinstance(freq, str) and not freq.strip()):
        return _options.frequency(freq, "freq")
    return _FREQ_OF_P[periods_per_year(dates)]


class RowRegimes(NamedTuple):
    """The regime of each row of a return frame (the one home of SPEC §2 period alignment).

    ``codes``: 0, 1, 2 (index into ``names``; −1: no regime) per row; ``names``: the three
    regime names from low to high; ``periods``: the end date (datetime64[ns]) of the calendar
    period of the returns' frequency that contains each row's date (the day itself for daily
    returns). Rows of one period share one code.
    """

    codes: np.ndarray
    names: tuple[str, ...]
    periods: np.ndarray


def row_regimes(
    returns: pd.DataFrame,
    indicator: Any,
    window: Any = "3Y",
    low: Any = 0.2,
    high: Any = 0.8,
    agg: Any = "mean",
    lag: Any = 0,
    method: Any = "inc",
    labels: Any = DEFAULT_LABELS,
    freq: Any = None,
) -> RowRegimes:
    """Regime code of each row of a clean return frame, the regime names and each row's period.

    Parameters are those of :func:`return_regimes`; ``returns`` is already a clean frame
    (:func:`~fofxl.clean.as_frame`). Used by the regime tables and the regime tests alike.
    """
    how = choose(agg, AGGREGATIONS, "agg")
    k = _lag(lag)
    names = parse_labels(labels, 3)
    series = as_series(indicator, "indicator")
    code = _return_freq(returns.index, freq)
    periodic = resample(series, "native" if code is None else code, how)
    pct = rolling_percentile(periodic, window=window, method=method)
    regimes = regime_labels(pct, low=low, high=high, labels=names)
    lookup = {name: i for i, name in enumerate(names)}
    period_codes = np.array([lookup.get(r, -1) for r in regimes.to_numpy()], dtype=np.int8)
    keys = returns.index.normalize() if code is None else period_end(returns.index, code)
    keys_ns = keys.to_numpy()
    periods = periodic.index.to_numpy()
    if len(periods) == 0:
        return RowRegimes(np.full(len(keys_ns), -1, dtype=np.int8), names, keys_ns)
    position = np.searchsorted(periods, keys_ns, side="left")
    if k == 0:  # the period containing the return's date
        ok = (position < len(periods)) & (
            periods[np.minimum(position, len(periods) - 1)] == keys_ns
        )
    else:  # the k-th indicator period before the return's period
        position = position - min(k, len(periods) + 1)  # a longer lag reaches no period
        ok = position >= 0
    rows = np.where(ok, period_codes[np.clip(position, 0, len(periods) - 1)], -1)
    return RowRegimes(rows.astype(np.int8), names, keys_ns)


def return_regimes(
    returns: SeriesOrFrame,
    indicator: pd.Series,
    window: Any = "3Y",
    low: Any = 0.2,
    high: Any = 0.8,
    agg: str = "mean",
    lag: Any = 0,
    method: str = "inc",
    labels: Any = DEFAULT_LABELS,
    freq: Any = None,
) -> SeriesOrFrame:
    """Regime (low, balance, high) of each return: the indicator's regime in the return's period.

    Parameters
    ----------
    returns : Series or DataFrame
        Date-indexed periodic returns; a DataFrame holds one product per column.
    indicator : Series
        Date-indexed daily indicator (turnover, volatility, amplitude); its whole history is
        used, also before the first return.
    window : int or str, default "3Y"
        Percentile window over the periodic indicator: a count of periods or a span like 3Y.
    low : float, default 0.2
        Percentile below which the regime is low.
    high : float, default 0.8
        Percentile above which the regime is high.
    agg : str, default "mean"
        The indicator's value for a period: ``"mean"`` of its values in the period, or
        ``"last"`` value.
    lag : int, default 0
        Use the regime of k periods earlier (1: the previous period's regime).
    method : str, default "inc"
        Percentile method: inc, exc or rank (see rolling_percentile).
    labels : str or sequence, default ("low", "balance", "high")
        The three regime names, from low to high.
    freq : str, optional
        The returns' frequency (W, M, Q, Y or native); empty: inferred from their dates.

    Returns
    -------
    Series or DataFrame
        Same kind as ``returns`` on its cleaned dates, object dtype: each non-blank return's
        regime, None where the return is blank or its period has no regime.

    Raises
    ------
    OptionError
        Bad window, thresholds, agg, lag, method, labels or freq.
    InputError
        Unreadable values or duplicate dates.

    Notes
    -----
    SPEC §2 "Period alignment". The returns' frequency is inferred from their dates (P = 52:
    weeks ending Friday, 12: months, 4: quarters, 1: years, 252: days). The indicator is
    resampled over its whole history to that frequency (mean or last value per period), its
    rolling percentile and regime are taken on that periodic series, and a return dated d
    takes the regime of the period containing d (lag k: of the k-th indicator period before
    it). Indicator history before the first return therefore counts toward the window.

    Examples
    --------
    >>> import pandas as pd
    >>> ind = pd.Series(range(1, 11), index=pd.date_range("2024-01-01", periods=10, freq="W-FRI"),
    ...                 dtype=float)
    >>> rets = pd.Series([0.01, 0.02], index=ind.index[-2:])
    >>> return_regimes(rets, ind, window=4).tolist()
    ['high', 'high']
    """
    frame = as_frame(returns, "returns", kind="return")
    rows, names, _ = row_regimes(
        frame, indicator, window, low, high, agg, lag, method, labels, freq
    )
    table = np.asarray(names + (None,), dtype=object)
    values = table[rows]  # −1 picks None
    blank = np.isnan(frame.to_numpy())
    out = np.empty(blank.shape, dtype=object)
    out[:] = values.reshape(-1, 1)
    out[blank] = None
    if isinstance(returns, pd.Series):
        return pd.Series(out[:, 0], index=frame.index, name=returns.name, dtype=object)
    return pd.DataFrame(out, index=frame.index, columns=frame.columns, dtype=object)


def regime_stats(
    returns: pd.Series | pd.DataFrame,
    indicator: pd.Series,
    window: Any = "3Y",
    low: Any = 0.2,
    high: Any = 0.8,
    agg: str = "mean",
    lag: Any = 0,
    method: str = "inc",
    labels: Any = DEFAULT_LABELS,
    total: bool = False,
    freq: Any = None,
) -> pd.DataFrame:
    """Statistics of the returns per market regime (Tables 3–5): all products pooled.

    Parameters
    ----------
    returns : Series or DataFrame
        Date-indexed periodic returns; a DataFrame holds one product per column, and each
        product-period is one observation.
    indicator : Series
        Date-indexed daily indicator; its whole history is used.
    window : int or str, default "3Y"
        Percentile window over the periodic indicator: a count of periods or a span like 3Y.
    low : float, default 0.2
        Percentile below which the regime is low.
    high : float, default 0.8
        Percentile above which the regime is high.
    agg : str, default "mean"
        The indicator's value for a period: ``"mean"`` or ``"last"``.
    lag : int, default 0
        Use the regime of k periods earlier.
    method : str, default "inc"
        Percentile method: inc, exc or rank.
    labels : str or sequence, default ("low", "balance", "high")
        The three regime names, from low to high; they are the rows, in this order.
    total : bool, default False
        Add a row "total" over all returns that have a regime.
    freq : str, optional
        The returns' frequency (W, M, Q, Y or native); empty: inferred from their dates.

    Returns
    -------
    DataFrame
        The :func:`~fofxl.buckets.bucket_stats` layout: one row per regime (plus "total"),
        columns count, mean, std, min, 25%, 50%, 75%, max, >0 share, stability.

    Raises
    ------
    OptionError
        Bad window, thresholds, agg, lag, method, labels or freq.
    InputError
        Unreadable values or duplicate dates.

    Notes
    -----
    Each return takes its period's regime as in :func:`return_regimes`; returns without a
    regime (before the first full percentile window) are left out. Statistics per regime as
    in bucket_stats: std with ddof = 1, quartiles like PERCENTILE.INC, stability = mean/std.

    Examples
    --------
    >>> import pandas as pd
    >>> ind = pd.Series(range(1, 11), index=pd.date_range("2024-01-01", periods=10, freq="W-FRI"),
    ...                 dtype=float)
    >>> rets = pd.Series([0.01, 0.02], index=ind.index[-2:])
    >>> regime_stats(rets, ind, window=4)["count"].tolist()
    [0.0, 0.0, 2.0]
    """
    frame = as_frame(returns, "returns", kind="return")
    rows, names, _ = row_regimes(
        frame, indicator, window, low, high, agg, lag, method, labels, freq
    )
    values = frame.to_numpy(dtype=np.float64)
    codes = np.broadcast_to(rows.reshape(-1, 1), values.shape)
    return _table(values.ravel(), codes.ravel(), names, bool(total))
