"""Simple returns from NAVs, on the NAVs' own dates or per calendar period.

A blank NAV is a missing observation (SPEC §2): it is skipped and the next return spans the
gap; it never produces a zero return.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from . import _options
from ._running import forward_filled
from ._types import SeriesOrFrame
from .clean import as_frame
from .resample import resample

__all__ = ["periodic_returns", "simple_returns"]


def _returns_kernel(data: np.ndarray) -> np.ndarray:
    """Per column r_t = v_t / v_prev − 1, v_prev the last non-NaN value before row t."""
    out = np.full(data.shape, np.nan)
    if len(data) > 1:
        with np.errstate(divide="ignore", invalid="ignore"):
            np.divide(data[1:], forward_filled(data[:-1]), out=out[1:])
        out[1:] -= 1.0
    return out


def _restore(template: Any, frame: pd.DataFrame) -> Any:
    if isinstance(template, pd.Series):
        series = frame.iloc[:, 0]
        series.name = template.name
        return series
    return frame


def simple_returns(navs: SeriesOrFrame) -> SeriesOrFrame:
    """Simple returns r_t = nav_t / nav_{t-1} − 1 of each NAV series, on the NAVs' own dates.

    Parameters
    ----------
    navs : Series or DataFrame
        Date-indexed NAVs (> 0); a DataFrame is a panel with one column per fund, blank cells
        being missing observations of that fund.

    Returns
    -------
    Series or DataFrame
        Same kind as ``navs``, on the cleaned NAV dates (blank rows of a series dropped): each
        column's first NAV has no return (NaN), and a column's blank rows stay NaN.

    Raises
    ------
    InputError
        A NAV ≤ 0, unreadable values or duplicate dates.

    Notes
    -----
    r_t = nav_t / nav_{t-1} − 1, where nav_{t-1} is the column's previous non-blank NAV: a
    blank NAV is a missing observation and the next return spans the gap (never a zero return).

    Examples
    --------
    >>> import pandas as pd
    >>> navs = pd.Series([1.0, 1.1, 0.99], index=pd.date_range("2024-01-01", periods=3))
    >>> [round(r, 4) for r in simple_returns(navs).tolist()[1:]]
    [0.1, -0.1]
    """
    frame = as_frame(navs, "navs", kind="nav")
    out = pd.DataFrame(
        _returns_kernel(frame.to_numpy(dtype=np.float64)), index=frame.index, columns=frame.columns
    )
    return _restore(navs, out)


def periodic_returns(navs: SeriesOrFrame, freq: str = "native") -> SeriesOrFrame:
    """Returns per calendar period (week ending Friday, month, quarter, year) from period-end NAVs.

    Parameters
    ----------
    navs : Series or DataFrame
        Date-indexed NAVs (> 0); a DataFrame is a panel with one column per fund.
    freq : str, default "native"
        ``"native"`` (the NAVs' own dates, as :func:`simple_returns`), ``"W"`` (weeks ending
        Friday), ``"M"``, ``"Q"`` or ``"Y"``.

    Returns
    -------
    Series or DataFrame
        Same kind as ``navs``, indexed by the period-end dates (Friday, month end, ...; with
        ``"native"`` the NAV dates) of the periods that have a return in some column; NaN where
        a column has none. With ``"native"``: :func:`simple_returns` without its rows of no
        return (the first NAV date, the base).

    Raises
    ------
    OptionError
        Unknown ``freq``.
    InputError
        A NAV ≤ 0, unreadable values or duplicate dates.

    Notes
    -----
    The NAV of period p is the last NAV on or before its end (the last one dated in the
    period); r_p = nav_p / nav_q − 1, q the previous period that has a NAV. A period with no
    NAV has no return, and the next return spans it. The first period's NAV is the base, so the
    first row is the first period with a return (a series starting mid-week uses that week's
    last NAV as its base).

    Examples
    --------
    >>> import pandas as pd
    >>> navs = pd.Series([1.0, 1.02, 1.05], index=pd.to_datetime(["2024-01-03", "2024-01-05",
    ...                                                           "2024-01-12"]))
    >>> r = periodic_returns(navs, "W")
    >>> r.index.strftime("%Y-%m-%d").tolist(), round(float(r.iloc[0]), 6)
    (['2024-01-12'], 0.029412)
    """
    code = _options.frequency(freq, "freq")
    frame = as_frame(navs, "navs", kind="nav")
    ends = frame if code is None else resample(frame, freq, "last")
    data = _returns_kernel(ends.to_numpy(dtype=np.float64))
    keep = ~np.isnan(data).all(axis=1)
    out = pd.DataFrame(data[keep], index=ends.index[keep], columns=frame.columns)
    return _restore(navs, out)
