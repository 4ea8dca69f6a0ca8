"""Frequencies, periods per year and calendar windows: the one home of date arithmetic.

* :func:`periods_per_year` infers P from the median spacing of dates (SPEC §2) or checks an
  override.
* :func:`parse_freq` turns ``"W"``, ``"M"``, ``"Q"``, ``"Y"`` (and ``"native"``) into pandas
  period aliases: weeks end on Friday, a week being the days after the previous Friday up to
  this Friday.
* :func:`period_end` maps each date to the end of the period that contains it.
* :func:`parse_window` reads a rolling window: an integer count of observations, or a calendar
  span ``"3Y"``, ``"36M"``, ``"156W"``, ``"1095D"``; :func:`span_start` subtracts a span from
  dates with month arithmetic like Excel's EDATE (31 March − 1 month = 28/29 February).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .errors import OptionError

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

_FREQ_ALIASES = {
    "native": None,
    "n": None,
    "none": None,
    "": None,
    "d": None,
    "daily": None,
    "w": "W-FRI",
    "w-fri": "W-FRI",
    "week": "W-FRI",
    "weekly": "W-FRI",
    "m": "M",
    "me": "M",
    "month": "M",
    "monthly": "M",
    "q": "Q",
    "qe": "Q",
    "quarter": "Q",
    "quarterly": "Q",
    "y": "Y",
    "a": "Y",
    "ye": "Y",
    "year": "Y",
    "yearly": "Y",
    "annual": "Y",
}
_OFFSET_ALIAS = {"W-FRI": "W-FRI", "M": "ME", "Q": "QE-DEC", "Y": "YE-DEC"}


@dataclass(frozen=True)
class Span:
    """A calendar span: ``count`` units of ``unit`` (``"D"`` days or ``"M"`` months)."""

    count: int
    unit: str  # "D" or "M"
    text: str

    def offset(self) -> pd.DateOffset:
        """The span as a pandas offset (months follow EDATE's month-end clipping)."""
        if self.unit == "M":
            return pd.DateOffset(months=self.count)
        return pd.DateOffset(days=self.count)


#: Largest P accepted (one-minute bars around the clock are ~527,040 a year).
_MAX_P = 1_000_000.0
#: Largest window: counts beyond any data (a worksheet holds 1,048,576 rows) and spans of
#: more than 200 years (the dates fofxl handles span 1677–2262) are typing mistakes.
_MAX_COUNT = 100_000_000
_MAX_SPAN = {"Y": 200, "M": 2400, "W": 10_435, "D": 73_050}
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
    if override is not None and not (isinstance(override, float) and math.isnan(override)):
        try:
            if isinstance(override, bool | np.bool_):
                raise TypeError
            value = float(override)
        except (TypeError, ValueError):
            raise OptionError(
                f"periods_per_year={override!r} is not a number; give P such as 252, 52 or 12."
            ) from None
        if not math.isfinite(value) or value <= 0:
            raise OptionError(
                f"periods_per_year={_shown(override)} must be > 0; give P such as 252, 52 or 12."
            )
        if value > _MAX_P:
            raise OptionError(
                f"periods_per_year={value:g} is more periods than a year holds; give P such as "
                "252, 52 or 12."
            )
        return value
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
    if override is not None and not (isinstance(override, float) and math.isnan(override)):
        return np.full(n_cols, periods_per_year(dates, override))
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


def parse_freq(freq: Any, name: str = "freq", allow_native: bool = True) -> str | None:
    """Canonical frequency: None (native), ``"W-FRI"``, ``"M"``, ``"Q"`` or ``"Y"``."""
    key = "" if freq is None else str(freq).strip().lower()
    if key in _FREQ_ALIASES and (allow_native or _FREQ_ALIASES[key] is not None):
        return _FREQ_ALIASES[key]
    allowed = "native, W, M, Q, Y" if allow_native else "W, M, Q, Y"
    raise OptionError(f"{name}={freq!r} is not a frequency; use one of: {allowed}.")


def period_end(dates: pd.DatetimeIndex, freq: str) -> pd.DatetimeIndex:
    """The end date of the period containing each date (Friday for weeks, month end, ...)."""
    if len(dates) == 0:
        return pd.DatetimeIndex([], dtype="datetime64[ns]")
    normalized = dates.normalize()
    if freq == "W-FRI":
        # days after the previous Friday up to this Friday: Mon=0 ... Fri=4, Sat=5, Sun=6
        shift = (4 - normalized.day_of_week) % 7
        return normalized + pd.to_timedelta(shift, unit="D")
    periods = normalized.to_period(freq)
    return periods.to_timestamp(how="end").normalize()


def period_grid(start: pd.Timestamp, end: pd.Timestamp, freq: str) -> pd.DatetimeIndex:
    """Period-end dates covering [start, end]: from the end of start's period to end's."""
    first = period_end(pd.DatetimeIndex([start]), freq)[0]
    last = period_end(pd.DatetimeIndex([end]), freq)[0]
    return pd.date_range(first, last, freq=_OFFSET_ALIAS[freq])


_SPAN_RE = re.compile(r"^\s*(\d+)\s*([YMWD])\s*$", re.IGNORECASE)


def parse_span(value: Any, name: str = "window") -> Span:
    """Read a calendar span such as ``"3Y"``, ``"36M"``, ``"156W"`` or ``"1095D"``."""
    match = _SPAN_RE.match(str(value)) if isinstance(value, str) else None
    if not match or int(match.group(1)) <= 0:
        raise OptionError(
            f"{name}={_shown(value)} is not a calendar span; write a positive count and a unit, "
            "like 3Y, 36M, 156W or 1095D."
        )
    count, unit = int(match.group(1)), match.group(2).upper()
    if count > _MAX_SPAN[unit]:
        raise OptionError(
            f"{name}={_shown(value)} is longer than 200 years; give a span such as 3Y or 36M."
        )
    text = f"{count}{unit}"
    if unit == "Y":
        return Span(count * 12, "M", text)
    if unit == "W":
        return Span(count * 7, "D", text)
    return Span(count, unit, text)


def parse_window(value: Any, name: str = "window") -> int | Span:
    """Read a rolling window: a whole number of observations (≥ 1) or a calendar span."""
    if isinstance(value, bool | np.bool_):
        raise OptionError(
            f"{name}={value!r} is not a window; give a count like 750 or a span like 3Y."
        )
    if isinstance(value, int | np.integer | float | np.floating):
        number = float(value)
        if not math.isfinite(number) or number != int(number) or number < 1:
            raise OptionError(
                f"{name}={_shown(value)} is not a window; give a whole number of observations "
                "≥ 1 (e.g. 750) or a span like 3Y."
            )
        if number > _MAX_COUNT:
            raise OptionError(
                f"{name}={_shown(value)} is more observations than any data holds; give a count "
                "such as 750 or a span like 3Y."
            )
        return int(number)
    if isinstance(value, str) and _NUMBER_RE.match(value):
        return parse_window(float(value), name)
    return parse_span(value, name)


_NUMBER_RE = re.compile(r"^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$")


def _shown(value: Any) -> str:
    """An option value as a message shows it (short: ``1e+300``, ``'3Y'``)."""
    if isinstance(value, float | np.floating):
        return f"{float(value):g}"
    if isinstance(value, int | np.integer) and abs(int(value)) >= 10**15:
        return f"{float(value):g}"
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def span_start(dates: pd.DatetimeIndex, span: Span) -> pd.DatetimeIndex:
    """``dates − span`` with EDATE month arithmetic (month-end days clip to the shorter month)."""
    # a start before the first date pandas represents (1677-09-22) is clipped to it: no data
    # can be older, so windows and "full window" tests are unchanged
    floor = _FIRST_DAY + span.offset()
    early = np.asarray(dates < floor)
    if early.any():
        result = span_start(dates.where(~early, floor), span)
        return result.where(~early, _FIRST_DAY)
    if span.unit == "D":
        return dates - pd.Timedelta(days=span.count)
    years, months = divmod(span.count, 12)
    year = dates.year.to_numpy() - years
    month = dates.month.to_numpy() - months
    wrap = month < 1
    year = np.where(wrap, year - 1, year)
    month = np.where(wrap, month + 12, month)
    first = pd.to_datetime({"year": year, "month": month, "day": np.ones_like(year)})
    last_day = first.dt.days_in_month.to_numpy()
    day = np.minimum(dates.day.to_numpy(), last_day)
    result = pd.DatetimeIndex(first + pd.to_timedelta(day - 1, unit="D"))
    time_of_day = dates - dates.normalize()
    return result + time_of_day
