"""Frequencies, periods per year and calendar windows: the one home of date arithmetic.

* :func:`periods_per_year` infers P from the median spacing of dates (SPEC §2) or checks an
  override.
* :func:`period_end` maps each date to the end of the period that contains it (weeks end on
  Friday, a week being the days after the previous Friday up to this Friday).
* :func:`span_start` subtracts a calendar span (``"3Y"``, ``"36M"``, ``"156W"``, ``"1095D"``)
  from dates with month arithmetic like Excel's EDATE (31 March − 1 month = 28/29 February).

Frequencies, windows and spans are read by :mod:`fofxl._options` (the one option reader);
``parse_freq``, ``parse_span``, ``parse_window`` and ``Span`` are re-exported here.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from . import _options
from ._options import Span
from ._options import frequency as parse_freq
from ._options import span as parse_span
from ._options import window as parse_window

__all__ = [
    "Span",
    "parse_freq",
    "parse_span",
    "parse_window",
    "period_end",
    "periods_per_year",
    "periods_per_year_columns",
    "span_start",
]

_OFFSET_ALIAS = {"W-FRI": "W-FRI", "M": "ME", "Q": "QE-DEC", "Y": "YE-DEC"}


_FIRST_DAY = pd.Timestamp.min.ceil("D")

# median spacing in days -> P (SPEC §2), checked in order; beyond the last limit P = 1
_SPACING_P = ((1.5, 252.0), (8.0, 52.0), (35.0, 12.0), (100.0, 4.0))
_SPARSE_P = 1.0
_DAY_NS = 86_400_000_000_000


def periods_per_year(dates: pd.DatetimeIndex, override: Any = None) -> float:
    """Periods per year P: the override when given, else inferred from the median spacing.

    Parameters
    ----------
    dates : DatetimeIndex
        Sorted observation dates.
    override : number, optional
        P chosen by the analyst (A-share daily data often uses 242, 244 or 250).

    Returns
    -------
    float
        P. Inferred: median spacing ≤ 1.5 days → 252, ≤ 8 → 52, ≤ 35 → 12, ≤ 100 → 4,
        else 1.
    """
    given = _options.periods_per_year(override)
    if given is not None:
        return given
    if len(dates) < 2:
        return 252.0 if len(dates) == 0 else 1.0
    gaps = np.diff(dates.to_numpy()) / np.timedelta64(1, "D")
    spacing = float(np.median(gaps))
    for limit, periods in _SPACING_P:
        if spacing <= limit:
            return periods
    return _SPARSE_P


def _ns_stamps(dates: Any) -> np.ndarray:
    """Dates as int64 nanoseconds (pandas 3 may hand back microsecond indexes)."""
    return pd.DatetimeIndex(dates).as_unit("ns").asi8


def periods_per_year_columns(
    dates: pd.DatetimeIndex, observed: np.ndarray, override: Any = None
) -> np.ndarray:
    """P of each column of a panel, inferred from that column's own dates (or the override).

    The panel form of :func:`periods_per_year`: the same rule and the same result for each
    column, without a loop over columns (thousands of funds).

    Parameters
    ----------
    dates : DatetimeIndex
        Sorted dates of the panel's rows.
    observed : ndarray of bool, shape (rows, columns)
        True where the column has an observation on that row.
    override : number, optional
        P chosen by the analyst, used for every column.

    Returns
    -------
    ndarray of float
        P per column.
    """
    n_rows, n_cols = observed.shape
    given = _options.periods_per_year(override)
    if given is not None:
        return np.full(n_cols, given)
    stamps = _ns_stamps(dates)
    count = np.count_nonzero(observed, axis=0)
    result = np.where(count == 0, 252.0, _SPARSE_P)
    if n_rows < 2:
        return result
    first = np.argmax(observed, axis=0)
    last = n_rows - 1 - np.argmax(observed[::-1], axis=0)
    # columns observed on every row from their first to their last date: their gaps are the
    # row spacings in [first, last], so prefix counts give how many are <= each limit
    simple = (count > 1) & (count == last - first + 1)
    spacing = np.diff(stamps) / _DAY_NS  # as periods_per_year computes it
    n_gaps = count - 1
    decided = ~simple
    exact = np.zeros(n_cols, dtype=bool)
    for limit, periods in _SPACING_P:
        prefix = np.concatenate([[0], np.cumsum(spacing <= limit)])
        below = prefix[last] - prefix[first]
        # the median gap is <= limit when more than half the gaps are (odd count: the middle
        # one; even count: both middle ones); exactly half with an even count depends on the
        # two middle values, left to the exact computation below
        exact |= ~decided & (n_gaps % 2 == 0) & (below == n_gaps // 2)
        take = ~decided & ~exact & (below >= n_gaps // 2 + 1)
        result[take] = periods
        decided |= take
    general = np.flatnonzero((count > 1) & (~simple | exact))
    if general.size:
        result[general] = _periods_from_gaps(stamps, observed[:, general])
    return result


def _periods_from_gaps(stamps: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """P per column (each with >= 2 observations) from the median of its own gaps.

    The observations of all columns are laid end to end (column after column); the gaps
    between neighbours are each column's gaps, plus one across each pair of columns that is
    left out (set to the largest integer).
    """
    n_rows, n_cols = observed.shape
    count = np.count_nonzero(observed, axis=0)
    positions = np.flatnonzero(observed.T.ravel())
    spans = np.diff(np.tile(stamps, n_cols)[positions])  # nanoseconds
    starts = np.cumsum(count) - count  # each column's first observation (and first gap)
    spans[starts[1:] - 1] = np.iinfo(np.int64).max  # the step from one column into the next
    n_gaps = count - 1
    half = n_gaps // 2
    result = np.full(n_cols, _SPARSE_P)
    decided = np.zeros(n_cols, dtype=bool)
    for limit, periods in _SPACING_P:
        # gap / day <= limit exactly when the gap in nanoseconds is <= limit * day (an integer)
        small = spans <= int(limit * _DAY_NS)
        below = np.add.reduceat(small.view(np.int8), starts, dtype=np.int64)
        fits = below >= half + 1
        # even count with exactly half the gaps <= limit: the median is the mean of the largest
        # of them and the smallest gap above, computed (in days) as np.median does
        edge = np.flatnonzero((n_gaps % 2 == 0) & (below == half) & ~decided)
        if edge.size:
            gaps = np.where(spans < np.iinfo(np.int64).max, spans / _DAY_NS, np.nan)
            low = np.fmax.reduceat(np.where(small, gaps, np.nan), starts)
            high = np.fmin.reduceat(np.where(gaps > limit, gaps, np.nan), starts)
            fits[edge] = (low[edge] + high[edge]) / 2 <= limit
        take = fits & ~decided
        result[take] = periods
        decided |= take
    return result


def period_end(dates: pd.DatetimeIndex, freq: str) -> pd.DatetimeIndex:
    """The end date of the period containing each date (Friday for weeks, month end, ...)."""
    if len(dates) == 0:
        return pd.DatetimeIndex([], dtype="datetime64[ns]")
    if freq == "W-FRI" and dates.tz is None and not dates.hasnans:
        # days after the previous Friday up to this Friday, in whole days since 1970-01-01 (a
        # Thursday): weekday Mon=0 ... Sun=6 is (day + 3) % 7
        days = _ns_stamps(dates) // _DAY_NS
        fridays = (days + (4 - (days + 3) % 7) % 7) * _DAY_NS
        return pd.DatetimeIndex(fridays.view("M8[ns]"), name=dates.name)
    normalized = dates.normalize()
    if freq == "W-FRI":
        shift = (4 - normalized.day_of_week) % 7
        return normalized + pd.to_timedelta(shift, unit="D")
    periods = normalized.to_period(freq)
    return periods.to_timestamp(how="end").normalize()


def period_grid(start: pd.Timestamp, end: pd.Timestamp, freq: str) -> pd.DatetimeIndex:
    """Period-end dates covering [start, end]: from the end of start's period to end's."""
    first, last = period_end(pd.DatetimeIndex([start, end]), freq)
    if freq == "W-FRI":  # a fixed 7-day step: no per-date offset arithmetic (10x faster)
        return pd.date_range(first, last, freq="7D")
    return pd.date_range(first, last, freq=_OFFSET_ALIAS[freq])


def span_start(dates: pd.DatetimeIndex, span: Span) -> pd.DatetimeIndex:
    """``dates − span`` with EDATE month arithmetic (month-end days clip to the shorter month)."""
    return pd.DatetimeIndex(span_start_ns(_ns_stamps(dates), span).view("M8[ns]"))


def span_start_ns(stamps: np.ndarray, span: Span) -> np.ndarray:
    """:func:`span_start` on int64 nanosecond stamps (NaT as ``iNaT``), as int64 stamps.

    Months shift as EDATE shifts them: the same day of the month, clipped to the target
    month's length, the same time of day. A start before the first date pandas represents
    (1677-09-22) is clipped to it: no data can be older, so windows and "full window" tests
    are unchanged. Integer arithmetic on a table of month starts (pandas' DateOffset and
    numpy's month units take several times longer on a column of dates).
    """
    stamps = np.asarray(stamps, dtype=np.int64)
    missing = stamps == _NAT
    days = np.where(missing, 0, stamps) // _DAY_NS
    time_of_day = np.where(missing, 0, stamps) - days * _DAY_NS
    if span.unit == "D":
        start_days = days - span.count
    else:
        month = np.searchsorted(_MONTH_STARTS, days, side="right") - 1
        target = month - span.count
        early = target < 0  # before 1677-09
        target = np.maximum(target, 0)
        first = _MONTH_STARTS[target]
        length = _MONTH_STARTS[target + 1] - first
        start_days = first + np.minimum(days - _MONTH_STARTS[month], length - 1)
        start_days[early] = _FIRST_DAY_NUMBER - 1  # clipped below
    out = start_days * _DAY_NS + time_of_day
    out[start_days < _FIRST_DAY_NUMBER] = _FIRST_DAY_NUMBER * _DAY_NS
    out[missing] = _NAT
    return out


_NAT = pd.NaT.value  # NaT as int64 nanoseconds
_FIRST_DAY_NUMBER = _FIRST_DAY.value // _DAY_NS
#: Day numbers (days since 1970-01-01) of the first day of each month pandas can hold, and one
#: past the last, for month arithmetic by table lookup.
_MONTH_STARTS = np.arange("1677-09", "2262-06", dtype="M8[M]").astype("M8[D]").astype(np.int64)
