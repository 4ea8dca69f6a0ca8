"""The monthly return grid (月度收益表, SPEC §9): a row per calendar year, Jan … Dec and total.

Monthly returns come from month-end NAVs (the last NAV dated in each month, SPEC §2 periodic
returns); the series' first month runs from its first NAV. The year's total compounds its
months, so it equals the calendar-year total return of the per-year table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .clean import as_frame
from .resample import _resample_kernel
from .returns import _returns_kernel

__all__ = ["MONTHS", "monthly_table"]

#: Month column headers.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def monthly_table(navs: pd.Series | pd.DataFrame) -> pd.DataFrame:
    """Monthly returns of each series as a year × month grid with the year's return.

    Parameters
    ----------
    navs : Series or DataFrame
        Date-indexed NAVs (> 0); a DataFrame is a panel with one column per series (blank
        cells are missing observations).

    Returns
    -------
    DataFrame
        Columns ``year``, ``Jan`` … ``Dec``, ``total`` (a leading ``series`` column for a
        DataFrame); one row per calendar year from each series' first NAV to its last. A month
        without a return is NaN; a year without any return has a NaN total.

    Notes
    -----
    r_m = nav_m / nav_q − 1, nav_m the last NAV dated in month m and q the previous month
    with a NAV (a month with none has no return; the next spans it). The first month's
    return runs from the series' first NAV to that month's last NAV (NaN if it is the same
    NAV). total = ∏(1 + r_m) − 1 over the year's months with a return.

    Examples
    --------
    >>> navs = pd.Series([1.0, 1.02, 1.1, 0.99], name="f", index=pd.to_datetime(
    ...     ["2023-12-15", "2023-12-29", "2024-01-31", "2024-03-29"]))
    >>> monthly_table(navs).iloc[1, :4].astype(float).round(4).tolist()
    [2024.0, 0.0784, nan, -0.1]
    """
    frame = as_frame(navs, "navs", kind="nav")
    x = frame.to_numpy()
    n_series = x.shape[1]
    index = frame.index
    columns = ["year", *MONTHS, "total"]
    if len(index) == 0:
        empty = pd.DataFrame(columns=columns)
        return (
            empty if isinstance(navs, pd.Series) else empty.assign(series=[])[["series", *columns]]
        )
    month_id = (index.year.to_numpy() * 12 + index.month.to_numpy() - 1).astype(np.int64)
    starts = np.concatenate([[0], np.flatnonzero(np.diff(month_id)) + 1])
    ends = _resample_kernel(x, starts, "last")  # (months present, series)
    count = _resample_kernel(x, starts, "count")
    first_year, last_year = int(month_id[0] // 12), int(month_id[-1] // 12)
    n_years = last_year - first_year + 1
    grid = np.full((n_years * 12, n_series), np.nan)
    slots = month_id[starts] - first_year * 12
    grid[slots] = ends
    returns = _returns_kernel(grid)
    # the first month: from the series' first NAV, when that month holds more than one NAV
    valid = ~np.isnan(x)
    has_any = valid.any(axis=0)
    first_row = np.argmax(valid, axis=0)
    cols = np.arange(n_series)
    first_nav = x[first_row, cols]
    first_slot = month_id[first_row] - first_year * 12
    present = np.searchsorted(slots, first_slot)
    more = count[np.minimum(present, len(slots) - 1), cols] >= 2
    with np.errstate(invalid="ignore"):
        opening = grid[first_slot, cols] / first_nav - 1.0
    returns[first_slot, cols] = np.where(has_any & more, opening, np.nan)
    blocks = returns.reshape(n_years, 12, n_series)
    some = ~np.isnan(blocks).all(axis=1)
    total = np.where(some, np.nanprod(1.0 + blocks, axis=1) - 1.0, np.nan)  # (years, series)
    last_row = len(index) - 1 - np.argmax(valid[::-1], axis=0)
    years = np.arange(first_year, last_year + 1)
    lo, hi = index.year.to_numpy()[first_row], index.year.to_numpy()[last_row]
    keep = has_any[None, :] & (years[:, None] >= lo[None, :]) & (years[:, None] <= hi[None, :])
    # series-major rows: (series, years, 13)
    cells = np.concatenate([blocks, total[:, None, :]], axis=1).transpose(2, 0, 1)
    mask = keep.T.reshape(-1)
    body = cells.reshape(-1, 13)[mask]
    out = pd.DataFrame(body, columns=[*MONTHS, "total"])
    out.insert(0, "year", np.tile(years, n_series)[mask])
    if isinstance(navs, pd.Series):
        return out
    out.insert(0, "series", np.repeat(frame.columns.to_numpy(dtype=object), n_years)[mask])
    return out
