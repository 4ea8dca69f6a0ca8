"""Drawdowns of NAV series: the drawdown path, max drawdown, episodes and rolling worst drawdown.

Every function takes NAVs (a date-indexed Series, or a DataFrame with one column per series)
and works on each series' own non-missing values: a blank NAV is a missing observation, and
the next observation is measured against the same running maximum.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from . import _options
from ._options import Span
from ._parallel import by_halves
from ._running import WIDE, down_columns, last_valid_row
from ._types import SeriesOrFrame
from .clean import as_frame, as_series, is_blank, panel_arrays, series_arrays, to_date
from .errors import OptionError

__all__ = [
    "EPISODE_COLUMNS",
    "drawdown",
    "drawdown_episodes",
    "drawdown_episodes_panel",
    "max_drawdown",
    "rolling_max_drawdown",
    "rolling_window",
]

#: Columns of :func:`drawdown_episodes` (and, after ``series`` and ``rank``, of the panel form).
EPISODE_COLUMNS = (
    "peak",
    "trough",
    "recovery",
    "depth",
    "peak_to_trough",
    "trough_to_recovery",
    "peak_to_recovery",
    "recovered",
)

# ---------------------------------------------------------------------------------------------
# input handling shared with performance.py
# ---------------------------------------------------------------------------------------------


def _nav_arrays(navs: Any, name: str = "navs") -> tuple[np.ndarray, pd.DatetimeIndex, Any, bool]:
    """The NAVs cleaned (:func:`~fofxl.clean.as_series` / :func:`~fofxl.clean.panel_arrays`),
    as arrays without a frame or a copy: values (read-only: kernels make their own output),
    dates, column labels, and whether the caller gave a Series."""
    if isinstance(navs, pd.Series):
        values, index, label = series_arrays(navs, name, kind="nav")
        return values[:, None], index, [label if label is not None else name], True
    x, index, columns = panel_arrays(navs, name, kind="nav")
    return x, index, columns, False


def _window_rows(index: pd.DatetimeIndex, start: Any = None, end: Any = None) -> tuple[int, int]:
    """Rows ``[a, b)`` of ``index`` dated within ``[start, end]`` (blank = open-ended)."""
    lo = None if is_blank(start) else to_date(start, "start")
    hi = None if is_blank(end) else to_date(end, "end")
    if lo is not None and hi is not None and lo > hi:
        raise OptionError(
            f"start={lo:%Y-%m-%d} is after end={hi:%Y-%m-%d}; give start on or before end."
        )
    a = 0 if lo is None else int(index.searchsorted(lo, side="left"))
    b = len(index) if hi is None else int(index.searchsorted(_day_end(hi), side="left"))
    return a, max(a, b)


def _day_end(day: pd.Timestamp) -> pd.Timestamp:
    """The first instant after ``day``: its whole day when it is a date (a NAV stamped
    2024-06-28 15:00 is on the end date 2024-06-28), else just after that time."""
    if day == day.normalize():
        return day + pd.Timedelta(days=1)
    return day + pd.Timedelta(1, "ns")


def _prior_values(x: np.ndarray, a: int) -> np.ndarray:
    """The last NAV before row ``a`` in each column (NaN: none)."""
    if a == 0:
        return np.full(x.shape[1], np.nan)
    rows = last_valid_row(~np.isnan(x[:a]))[-1]
    return np.where(rows >= 0, x[np.maximum(rows, 0), np.arange(x.shape[1])], np.nan)


def _span_max_drawdown(block: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Min drawdown of the path ``base`` then ``block`` (rows), per column; NaN if all blank.

    ``base`` (NaN where a column has none) starts the running max, so it acts as the first
    NAV of the path without being stacked onto the block.
    """
    if block.shape[0] == 0:
        return np.full(block.shape[1], np.nan)
    worst = np.empty(block.shape[1])
    with_base = not np.isnan(base).all()

    def work(a: int, b: int) -> None:
        nav = block[:, a:b]
        peak = down_columns(np.fmax, nav, out=np.empty_like(nav))
        if with_base:
            np.fmax(peak, base[a:b], out=peak)
        np.divide(nav, peak, out=peak)
        worst[a:b] = np.fmin.reduce(peak, axis=0) - 1.0

    _by_column_parts(block, work)
    return worst


# ---------------------------------------------------------------------------------------------
# kernels on float64 arrays (rows = dates, columns = series, NaN = missing observation)
# ---------------------------------------------------------------------------------------------


def _by_column_parts(x: np.ndarray, work: Callable[[int, int], None]) -> None:
    """``work(a, b)`` over the columns ``[a, b)`` of the panel ``x``: all at once for a wide
    C-ordered panel (panels read from Excel cells, whose running max walks the rows), else the
    column halves of a big panel in two threads, each half doing all its steps (down contiguous
    columns for the column-major arrays pandas frames hold)."""
    if x.shape[1] >= WIDE and x.flags.c_contiguous:
        work(0, x.shape[1])
    else:
        by_halves(work, x.shape[1], x.size)


def _running_max(x: np.ndarray) -> np.ndarray:
    """Running maximum down each column, skipping NaN (NaN until a column's first value), as a
    new array."""
    out = np.empty_like(x)

    def work(a: int, b: int) -> None:
        down_columns(np.fmax, x[:, a:b], out=out[:, a:b])

    _by_column_parts(x, work)
    return out


def _drawdown(x: np.ndarray) -> np.ndarray:
    out = np.empty_like(x)

    def work(a: int, b: int) -> None:
        nav, part = x[:, a:b], out[:, a:b]
        down_columns(np.fmax, nav, out=part)
        np.divide(nav, part, out=part)
        part -= 1.0

    _by_column_parts(x, work)
    return out


def _no_episodes() -> dict[str, np.ndarray]:
    empty = np.empty(0, dtype=np.int64)
    return {
        "col": empty,
        "rank": empty,
        "peak_row": empty,
        "trough_row": empty,
        "recovery_row": empty,
        "depth": np.empty(0),
        "peak_to_trough": empty,
        "trough_to_recovery": np.empty(0),
        "recovered": np.empty(0, dtype=bool),
    }


def _episodes(x: np.ndarray, top: int | None) -> dict[str, np.ndarray]:
    """Drawdown episodes of every column, top ``top`` per column, worst first.

    Works on one stream of all columns laid end to end (column after column), so nothing
    loops per column: an underwater run is a stretch of NAVs below their running max. A
    column's first observation is at its running max and a blank is never under water, so a
    run never crosses into the next column. When a column has a blank between observations,
    the stream keeps observations only, so runs continue over the blank and lengths count
    observations.
    """
    n_rows = x.shape[0]
    valid = ~np.isnan(x)
    nav = x.T.ravel()  # a view for the column-major panels as_frame builds
    peak = _running_max(x).T.ravel()
    where: np.ndarray | None = None
    if n_rows:
        count = np.count_nonzero(valid, axis=0)
        first = np.argmax(valid, axis=0)
        last = n_rows - 1 - np.argmax(valid[::-1], axis=0)
        if np.any((count > 0) & (count < last - first + 1)):
            where = np.flatnonzero(valid.T.ravel())
            nav, peak = nav[where], peak[where]
    under = nav < peak
    edges = np.diff(under.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1) - 1
    if starts.size == 0:
        return _no_episodes()

    def flat(i: np.ndarray) -> np.ndarray:  # position in the full rows × columns stream
        return i if where is None else where[i]

    # depth: the run's lowest NAV over its peak (the NAV just before the run)
    bounds = np.column_stack([starts, ends + 1]).ravel()
    lowest = np.fmin.reduceat(nav, bounds[:-1] if bounds[-1] == nav.size else bounds)[::2]
    depth = lowest / nav[starts - 1] - 1.0
    run_col = flat(starts) // n_rows
    # rank within each column: worst first, ties by date (runs come in date order, and both
    # sorts are stable; small column numbers sort by radix)
    by_depth = np.argsort(depth, kind="stable")
    col_key = run_col[by_depth]
    if x.shape[1] < 2**16:
        col_key = col_key.astype(np.uint16)
    order = by_depth[np.argsort(col_key, kind="stable")]
    sorted_col = run_col[order]
    group_start = np.flatnonzero(np.diff(sorted_col, prepend=-1) != 0)
    sizes = np.diff(np.append(group_start, sorted_col.size))
    rank = np.arange(sorted_col.size) - np.repeat(group_start, sizes)
    chosen = rank < top if top is not None else np.ones(rank.size, dtype=bool)
    kept, rank = order[chosen], rank[chosen]
    first_at, last_at = starts[kept], ends[kept]
    # trough: first position of the lowest NAV, searched in the kept runs only; positions
    # of all kept runs laid end to end (steps of 1 inside a run, a jump between runs)
    lengths = last_at - first_at + 1
    run_end = np.cumsum(lengths)
    step = np.ones(int(run_end[-1]), dtype=np.int64)
    step[0] = first_at[0]
    step[run_end[:-1]] = first_at[1:] - last_at[:-1]
    positions = np.cumsum(step)
    hits = np.flatnonzero(nav[positions] == np.repeat(lowest[kept], lengths))
    hit_run = np.searchsorted(run_end, hits, side="right")
    trough = positions[hits[np.flatnonzero(np.diff(hit_run, prepend=-1) != 0)]]
    # recovery: the observation right after the run, if it belongs to the same column
    after = np.minimum(last_at + 1, nav.size - 1)
    recovered = (
        (last_at + 1 < nav.size) & (flat(after) // n_rows == run_col[kept]) & ~np.isnan(nav[after])
    )
    peak_at = first_at - 1
    return {
        "col": run_col[kept],
        "rank": rank + 1,
        "peak_row": flat(peak_at) % n_rows,
        "trough_row": flat(trough) % n_rows,
        "recovery_row": np.where(recovered, flat(after) % n_rows, -1),
        "depth": depth[kept],
        "peak_to_trough": trough - peak_at,
        "trough_to_recovery": np.where(recovered, last_at + 1 - trough, np.nan),
        "recovered": recovered,
    }


def _episode_frame(found: dict[str, np.ndarray], index: pd.DatetimeIndex) -> dict[str, Any]:
    dates = index.to_numpy()
    recovered = found["recovered"]
    recovery = np.where(
        recovered, dates[np.maximum(found["recovery_row"], 0)], np.datetime64("NaT", "ns")
    )
    to_trough = found["peak_to_trough"].astype(np.int64)
    # lengths are whole numbers of periods; blank (NA) while not recovered
    to_recovery = pd.array(found["trough_to_recovery"], dtype="Int64")
    return {
        "peak": pd.DatetimeIndex(dates[found["peak_row"]]),
        "trough": pd.DatetimeIndex(dates[found["trough_row"]]),
        "recovery": pd.DatetimeIndex(recovery),
        "depth": found["depth"].astype(np.float64),
        "peak_to_trough": to_trough,
        "trough_to_recovery": to_recovery,
        "peak_to_recovery": pd.array(to_trough, dtype="Int64") + to_recovery,
        "recovered": recovered.astype(bool),
    }


def _rolling_max_drawdown(x: np.ndarray, window: int) -> np.ndarray:
    """Worst drawdown over the last ``window`` returns of each column's own observations.

    Each column's observations are packed to the top (missing ones sink to the bottom as
    NaN). A stretch of NAVs is summarised by its max M, its min m and its worst ratio D to
    the running max; two stretches A then B combine as (max(M_A, M_B), min(m_A, m_B),
    min(D_A, D_B, m_B / M_A)). Cut into blocks of one window's length L = window + 1, every
    window is the tail of one block and the head of the next (van Herk / Gil-Werman):
    summaries running from each block's start and from each block's end give every window in
    about ten passes over the panel, whatever the window length (walking each window would
    take three passes per row of the window). A window that reaches into the NaN tail stays
    NaN. Results go back to the observations' rows.
    """
    n_rows, n_cols = x.shape
    out = np.full(x.shape, np.nan)
    if n_rows <= window or n_cols == 0:
        return out
    packed, unpack = _packed(x)
    size = window + 1  # NAVs in a window
    n_blocks = -(-n_rows // size)
    # row j of every block side by side: each step below is one numpy pass over a whole row
    # (numpy's accumulate along a short axis costs far more than this loop over the rows)
    blocks = np.empty((size, n_blocks, n_cols))
    by_block = blocks.transpose(1, 0, 2)  # a view: block b, row j
    full, rest = divmod(n_rows, size)
    by_block[:full] = packed[: full * size].reshape(full, size, n_cols)
    if rest:
        by_block[full, :rest] = packed[full * size :]
        by_block[full, rest:] = np.nan
    head_max, head_min, head_dd = (np.empty_like(blocks) for _ in range(3))
    tail_max, tail_min, tail_dd = (np.empty_like(blocks) for _ in range(3))
    with np.errstate(invalid="ignore"):
        # from each block's start down to row j: max, min, worst ratio to the running max
        head_max[0] = head_min[0] = blocks[0]
        np.divide(blocks[0], blocks[0], out=head_dd[0])
        for j in range(1, size):
            np.maximum(head_max[j - 1], blocks[j], out=head_max[j])
            np.minimum(head_min[j - 1], blocks[j], out=head_min[j])
            np.divide(blocks[j], head_max[j], out=head_dd[j])
            np.minimum(head_dd[j - 1], head_dd[j], out=head_dd[j])
        # from row j to its block's end: max, min, worst ratio of a later row to the running
        # max from row j on
        tail_max[-1] = tail_min[-1] = blocks[-1]
        tail_dd[-1] = 1.0
        for j in range(size - 2, -1, -1):
            np.maximum(tail_max[j + 1], blocks[j], out=tail_max[j])
            np.minimum(tail_min[j + 1], blocks[j], out=tail_min[j])
            np.divide(tail_min[j + 1], blocks[j], out=tail_dd[j])
            np.minimum(tail_dd[j + 1], tail_dd[j], out=tail_dd[j])
        # the window from row j of block b (j ≥ 1) ends at row j − 1 of block b + 1; the one
        # from a block's first row is the whole block (written over the spent tail minima)
        worst = tail_min
        cross = head_min[:-1, 1:]
        np.divide(cross, tail_max[1:, :-1], out=cross)
        np.minimum(tail_dd[1:, :-1], head_dd[:-1, 1:], out=worst[:-1, 1:])
        np.minimum(worst[:-1, 1:], cross, out=worst[:-1, 1:])
        worst[:-1, 0] = np.nan  # before the first full window
        worst[-1] = head_dd[-1]
    np.subtract(worst.transpose(1, 0, 2).reshape(n_blocks * size, n_cols)[:n_rows], 1.0, out=out)
    return unpack(out)


def _packed(x: np.ndarray) -> tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]:
    """Each column's observations moved to the top (in order; missing ones sink to the bottom
    as NaN), and the function that puts a result on the packed rows back on the observations'
    rows. Columns blank only before their first and after their last observation (funds that
    start late or stop early) need no move: their rows are their observations."""
    present = ~np.isnan(x)
    rows, cols = np.nonzero(present[1:] & ~present[:-1])  # observations after a blank
    if not (rows + 1 > present.argmax(axis=0)[cols]).any():  # each column's first only
        return x, lambda result: result  # a window reaching a blank row is NaN already
    seen = np.cumsum(present, axis=0)
    # flat positions: each observation's own cell, and its packed cell (its rank in its column)
    n_cols = x.shape[1]
    dest = ((seen - 1) * n_cols + np.arange(n_cols))[present]
    own = np.flatnonzero(present)
    packed = np.full(x.shape, np.nan)
    packed.ravel()[dest] = x.ravel()[own]

    def unpack(result: np.ndarray) -> np.ndarray:
        out = np.full(x.shape, np.nan)
        out.ravel()[own] = result.ravel()[dest]
        return out

    return packed, unpack


# ---------------------------------------------------------------------------------------------
# public functions
# ---------------------------------------------------------------------------------------------


def _restore(
    values: np.ndarray, index: pd.DatetimeIndex, columns: Any, is_series: bool
) -> pd.Series | pd.DataFrame:
    # values is a fresh array made here: wrap it without another copy
    if is_series:
        return pd.Series(values[:, 0], index=index, name=columns[0], copy=False)
    return pd.DataFrame(values, index=index, columns=columns, copy=False)


def drawdown(navs: SeriesOrFrame) -> SeriesOrFrame:
    """Drawdown of each NAV below its running maximum, aligned with the NAVs (0 at a new high).

    Parameters
    ----------
    navs : Series or DataFrame
        Date-indexed NAVs (> 0); a DataFrame holds one series per column, blank cells being
        missing observations of that series.

    Returns
    -------
    Series or DataFrame
        Same kind as ``navs`` on the cleaned dates; NaN where a NAV is missing.

    Notes
    -----
    SPEC §2: dd_t = nav_t / max_{s≤t} nav_s − 1 (≤ 0), each series over its own observations.

    Examples
    --------
    >>> navs = pd.Series([1.0, 1.2, 0.9, 1.3], index=pd.date_range("2024-01-05", periods=4,
    ...                  freq="W-FRI"))
    >>> drawdown(navs).round(4).tolist()
    [0.0, 0.0, -0.25, 0.0]
    """
    x, index, columns, is_series = _nav_arrays(navs)
    return _restore(_drawdown(x), index, columns, is_series)


def max_drawdown(
    navs: pd.Series | pd.DataFrame, start: Any = None, end: Any = None
) -> float | pd.Series:
    """Max drawdown (the most negative drawdown, a fraction ≤ 0) over the whole history or a window.

    Parameters
    ----------
    navs : Series or DataFrame
        Date-indexed NAVs (> 0), one series per column for a DataFrame.
    start : date, optional
        First date of the window; its base is the last NAV before start (or the first NAV).
    end : date, optional
        Last date of the window (inclusive).

    Returns
    -------
    float or Series
        A float for a Series, else one value per column. 0.0 when the NAV never fell; NaN
        when the span holds no return (fewer than two NAVs).

    Notes
    -----
    SPEC §2: max drawdown = min_t dd_t with dd_t = nav_t / max_{s≤t} nav_s − 1. SPEC §3: a
    [start, end] window takes the NAVs dated within it, measured from the base (the last NAV
    before start, or the first NAV when there is none), like a calendar-year row.

    Examples
    --------
    >>> navs = pd.Series([1.0, 1.2, 0.9, 1.3], index=pd.date_range("2024-01-05", periods=4,
    ...                  freq="W-FRI"))
    >>> round(max_drawdown(navs), 4)
    -0.25
    """
    x, index, columns, is_series = _nav_arrays(navs)
    a, b = _window_rows(index, start, end)
    prior = _prior_values(x, a)
    block = x[a:b]
    worst = _span_max_drawdown(block, prior)
    # a drawdown needs one return: two NAVs, or one after the base. A column that fell
    # (worst < 0) has them; the others are counted (few columns, not the whole panel).
    check = np.flatnonzero(~(worst < 0))
    counts = np.count_nonzero(~np.isnan(block[:, check]), axis=0)
    n_returns = counts - (np.isnan(prior[check]) & (counts > 0))
    worst[check[n_returns < 1]] = np.nan
    if is_series:
        return float(worst[0])
    return pd.Series(worst, index=columns, name="max_drawdown")


def _parse_top(top: Any) -> int | None:
    return _options.count(top, "top", example=5) if top is not None else None


def drawdown_episodes(navs: pd.Series | pd.DataFrame, top: Any = 5) -> pd.DataFrame:
    """Drawdown episodes of one NAV series, worst first: peak, trough, recovery, depth, lengths.

    Parameters
    ----------
    navs : Series or DataFrame
        Date-indexed NAVs (> 0) of one series; a DataFrame gives the episodes of every column
        in one long table, as :func:`drawdown_episodes_panel`.
    top : int, optional
        How many episodes to keep (≥ 1, default 5) per series; None keeps every episode.

    Returns
    -------
    DataFrame
        Columns ``EPISODE_COLUMNS``, one row per episode sorted by depth (worst first, ties
        by date), index ``rank`` from 1. ``recovery`` is NaT and the lengths to recovery NaN
        while the series has not recovered. For a DataFrame: the columns of
        :func:`drawdown_episodes_panel`.

    Notes
    -----
    SPEC §2: an episode runs while nav_t < max_{s≤t} nav_s. Peak = last date at the running
    max before going under water; trough = date of the lowest NAV (first one on a tie);
    recovery = first date with nav ≥ the peak NAV; depth = nav_trough / nav_peak − 1;
    peak_to_trough, trough_to_recovery, peak_to_recovery count observations (rows).

    Examples
    --------
    >>> navs = pd.Series([1.0, 1.2, 0.9, 1.3], index=pd.date_range("2024-01-05", periods=4,
    ...                  freq="W-FRI"))
    >>> drawdown_episodes(navs).loc[1, ["depth", "peak_to_recovery"]].tolist()
    [-0.25, 2.0]
    """
    if isinstance(navs, pd.DataFrame):
        return drawdown_episodes_panel(navs, top)
    limit = _parse_top(top)
    series = as_series(navs, "navs", kind="nav")
    found = _episodes(series.to_numpy()[:, None], limit)
    table = pd.DataFrame(_episode_frame(found, series.index))
    table.index = pd.RangeIndex(1, len(table) + 1, name="rank")
    return table


def drawdown_episodes_panel(navs: pd.DataFrame, top: Any = 5) -> pd.DataFrame:
    """Drawdown episodes of many NAV series at once: the top episodes of each, in one long table.

    Parameters
    ----------
    navs : DataFrame
        Date-indexed NAVs (> 0), one column per series; blank cells are missing observations.
    top : int, optional
        Episodes kept per series (≥ 1, default 5); None keeps every episode.

    Returns
    -------
    DataFrame
        Columns ``series`` (the column name), ``rank`` (1 = worst of that series), then
        ``EPISODE_COLUMNS``; series in column order, each worst first.

    Notes
    -----
    The same definitions as :func:`drawdown_episodes`, computed for all columns in one pass.

    Examples
    --------
    >>> navs = pd.DataFrame({"a": [1.0, 0.8, 1.1], "b": [1.0, 1.1, 1.0]},
    ...                     index=pd.date_range("2024-01-05", periods=3, freq="W-FRI"))
    >>> drawdown_episodes_panel(navs)[["series", "depth"]].round(4).values.tolist()
    [['a', -0.2], ['b', -0.0909]]
    """
    limit = _parse_top(top)
    frame = as_frame(navs, "navs", kind="nav")
    found = _episodes(frame.to_numpy(), limit)
    columns = {"series": frame.columns.to_numpy()[found["col"]], "rank": found["rank"]}
    columns.update(_episode_frame(found, frame.index))
    return pd.DataFrame(columns)


def rolling_window(value: Any, name: str = "window") -> int:
    """The window of :func:`rolling_max_drawdown`: a whole number of returns (no span).

    Raises
    ------
    OptionError
        Not a window (:func:`fofxl._options.window`) or a calendar span.
    """
    parsed = _options.window(value, name)
    if isinstance(parsed, Span):
        raise OptionError(
            f"{name}={value!r} is a calendar span; the rolling max drawdown counts returns: "
            "give a whole number such as 4 or 52."
        )
    return parsed


def rolling_max_drawdown(navs: SeriesOrFrame, window: Any) -> SeriesOrFrame:
    """Worst drawdown within the trailing window of N returns (N + 1 NAVs), aligned with the NAVs.

    Parameters
    ----------
    navs : Series or DataFrame
        Date-indexed NAVs (> 0), one series per column for a DataFrame.
    window : int
        N, the number of returns in the window (≥ 1), e.g. 4 for a 4-day drawdown on daily
        NAVs.

    Returns
    -------
    Series or DataFrame
        Same kind as ``navs``; NaN until N returns exist, and where a NAV is missing.

    Notes
    -----
    SPEC §2: at each observation t, the max drawdown of the path nav_{t−N}, ..., nav_t
    (each series' own observations), measured from the running max inside the window.

    Examples
    --------
    >>> navs = pd.Series([1.0, 1.2, 0.9, 1.3], index=pd.date_range("2024-01-05", periods=4,
    ...                  freq="W-FRI"))
    >>> rolling_max_drawdown(navs, 2).round(4).tolist()
    [nan, nan, -0.25, -0.25]
    """
    parsed = rolling_window(window)
    x, index, columns, is_series = _nav_arrays(navs)
    return _restore(_rolling_max_drawdown(x, parsed), index, columns, is_series)
