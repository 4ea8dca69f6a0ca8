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
            value = float(override)
        except (TypeError, ValueError):
            raise OptionError(
                f"periods_per_year={override!r} is not a number; give P such as 252, 52 or 12."
            ) from None
        if not math.isfinite(value) or value <= 0:
            raise OptionError(
                f"periods_per_year={override!r} must be > 0; give P such as 252, 52 or 12."
            )
        return value
    if len(dates) < 2:
        return 252.0 if len(dates) == 0 else 1.0
    gaps = np.diff(dates.to_numpy()) / np.timedelta64(1, "D")
    spacing = float(np.median(gaps))
    if spacing <= 1.5:
        return 252.0
    if spacing <= 8:
        return 52.0
    if spacing <= 35:
        return 12.0
    if spacing <= 100:
        return 4.0
    return 1.0


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
            f"{name}={value!r} is not a calendar span; write a positive count and a unit, "
            "like 3Y, 36M, 156W or 1095D."
        )
    count, unit = int(match.group(1)), match.group(2).upper()
    text = f"{count}{unit}"
    if unit == "Y":
        return Span(count * 12, "M", text)
    if unit == "W":
        return Span(count * 7, "D", text)
    return Span(count, unit, text)


def parse_window(value: Any, name: str = "window") -> int | Span:
    """Read a rolling window: a whole number of observations (≥ 1) or a calendar span."""
    if isinstance(value, bool):
        raise OptionError(
            f"{name}={value!r} is not a window; give a count like 750 or a span like 3Y."
        )
    if isinstance(value, int | np.integer | float | np.floating):
        number = float(value)
        if not math.isfinite(number) or number != int(number) or number < 1:
            raise OptionError(
                f"{name}={value!r} must be a whole number of observations ≥ 1 or a span like 3Y."
            )
        return int(number)
    if isinstance(value, str) and value.strip().isdigit():
        return parse_window(int(value.strip()), name)
    return parse_span(value, name)


def span_start(dates: pd.DatetimeIndex, span: Span) -> pd.DatetimeIndex:
    """``dates − span`` with EDATE month arithmetic (month-end days clip to the shorter month)."""
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
