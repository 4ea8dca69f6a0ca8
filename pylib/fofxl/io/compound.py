"""A file of periodic returns read as NAVs: each series compounded from 1.0 on the period before
its first return, so that the NAVs' own returns are the file's returns."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import adjnav
from ..errors import InputError
from .layouts import _Records
from .report import QualityReport

__all__: list[str] = []

#: A series whose median return is this large (50% a period) holds percents, not fractions.
_PERCENT_MEDIAN = 0.5
#: ... unless every value is positive and moves this little from the one before (a median):
#: then they are NAVs (returns in percent jump around, by a sign or a factor, period to period).
_NAV_STEP = 0.1


def _compound(records: _Records, report: QualityReport, calendar: np.ndarray) -> _Records:
    """NAV records from return records (sorted by series, then date): 1.0 on the period before
    a series' first return, then the NAV times (1 + return) on each date of a return.

    ``calendar`` holds the file's dates (sorted, unique), one per period: the period before a
    series' first return is the previous date, or, for a series starting on the first date,
    one period of the dates before it (:func:`_period_before`).

    Raises
    ------
    InputError
        A return the import dropped (an unreadable date or number, a repeated date), a series
        with a blank between two of its returns (the NAVs after it would be wrong), NAVs (a
        median of 50% or more, all positive, moving little), returns in percents (a median of
        50% or more), a return of -100% or less (no NAV after it), or
        dates from which no period can be told (a single date).
    """
    lost = [*report.dropped, *report.duplicates]
    if lost:
        first = min(lost, key=lambda issue: issue.row)
        raise InputError(
            f"{report.source}: {first}; compounding needs every return of a series, so "
            "nothing was imported: correct that row and import again."
        )
    first_base = _period_before(calendar, report.source)
    starts = np.flatnonzero(np.diff(records.codes, prepend=-1))
    codes, dates, values, rows = [], [], [], []
    for lo, hi in zip(starts, [*starts[1:], len(records.codes)], strict=True):
        name = records.series[records.codes[lo]]
        r, on, at = records.values[lo:hi], records.dates[lo:hi], records.rows[lo:hi]
        _check_returns(r, at, name, report.source)
        place = np.searchsorted(calendar, on)
        skipped = np.flatnonzero(np.diff(place) != 1)
        if len(skipped):
            k = skipped[0]
            raise InputError(
                f"{report.source} column {name}: no return dated "
                f"{pd.Timestamp(calendar[place[k] + 1]):%Y-%m-%d} between its returns on rows "
                f"{int(at[k])} and {int(at[k + 1])}; compounding needs every period's return: "
                "fill it (0 if the NAV did not move), delete the date's row if no series has "
                "a return on it, or give NAVs."
            )
        base = calendar[place[0] - 1] if place[0] > 0 else first_base
        codes.append(np.full(len(r) + 1, records.codes[lo]))
        dates.append(np.concatenate([[base], on]))
        values.append(adjnav._compound(1.0, r))
        rows.append(np.concatenate([[at[0]], at]))
    report.notes.append(
        "returns compounded into NAVs: each series is 1.0 on the file's date before its first "
        f"return ({pd.Timestamp(first_base):%Y-%m-%d} for a series starting on the first date), "
        "then NAV × (1 + return) on each date"
    )
    return _Records(
        records.series,
        np.concatenate(codes),
        np.concatenate(dates).astype(records.dates.dtype),
        np.concatenate(values),
        np.concatenate(rows),
    )


def _check_returns(r: np.ndarray, rows: np.ndarray, name: str, source: str) -> None:
    """Returns that compound into NAVs: not NAVs, fractions not percents, and none at -100% or
    less."""
    typical = float(np.median(np.abs(r)))
    step = float(np.median(np.abs(np.diff(r)) / r[:-1])) if len(r) > 1 and r.min() > 0 else 1.0
    if typical >= _PERCENT_MEDIAN and step < _NAV_STEP:
        raise InputError(
            f"{source} column {name}: these look like NAVs, not returns: drop --returns (its "
            f"{len(r)} values are all positive, from {r.min():g} to {r.max():g}, each typically "
            f"{step:.1%} from the one before)."
        )
    if typical >= _PERCENT_MEDIAN:
        raise InputError(
            f"{source} column {name}: its median return is {typical:g} ({typical:.0%} a "
            f"period): percents, not fractions; divide them by 100 (1.19 for 1.19% is 0.0119), "
            "or format the cells as %."
        )
    wiped = np.flatnonzero(r <= -1.0)
    if len(wiped):
        k = wiped[0]
        raise InputError(
            f"{source} column {name}: row {int(rows[k])} is a return of {r[k]:g} "
            f"({r[k]:.0%}), which leaves no NAV; returns are fractions (0.0119 or 1.19%)."
        )


def _period_before(dates: np.ndarray, source: str) -> np.datetime64:
    """One period of the sorted ``dates`` before the first: month ends by their step in months
    (a month, a quarter, a year), trading days by a business day, anything else (weeks,
    calendar days, irregular dates) by the shortest step between two dates."""
    index = pd.DatetimeIndex(dates)
    if len(index) < 2:
        raise InputError(
            f"{source}: returns on one date only; compounding starts on the period before "
            "the first return, which one date cannot tell: give two dates or more."
        )
    step = (index[1:] - index[:-1]).min()
    if index.is_month_end.all():
        months = index.year * 12 + index.month
        before = index[0] - pd.offsets.MonthEnd(int(np.diff(months).min()))
    elif step == pd.Timedelta(days=1) and (index.day_of_week < 5).all():
        before = index[0] - pd.offsets.BDay(1)  # trading days, with or without holidays
    else:
        before = index[0] - step
    return before.to_datetime64()
