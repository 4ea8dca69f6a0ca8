"""Performance statistics of NAV series (SPEC §2) and the per-year performance table (Table 1).

:func:`stat` gives one figure of one series over its whole history or a [start, end] window;
:func:`performance_table` gives, for several series side by side, each metric per calendar year
and over the full history. Both measure a span from its base NAV: the last NAV before the
span, or the series' first NAV when it starts inside the span. Periods per year P are inferred
once per series from its whole history unless given.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from . import _options
from ._options import choose
from .catalogue import (
    BENCH_METRICS,
    CATALOGUE_METRICS,
    blank_short_spans,
    canonical_level_name,
    is_bench_metric,
    is_catalogue_metric,
    span_catalogue,
)
from .clean import as_frame, as_series, is_blank
from .drawdowns import _window_rows
from .errors import OptionError
from .periods import _DAY_NS, _ns_stamps, periods_per_year_columns

__all__ = [
    "ALL_METRICS",
    "DEFAULT_METRICS",
    "METRICS",
    "SHARPE_METHODS",
    "metric_list",
    "metric_name",
    "performance_table",
    "stat",
]

#: The Table 1 figures (SPEC §2): every one is defined without a benchmark.
METRICS = (
    "ann_return",
    "ann_return_days",
    "ann_vol",
    "max_dd",
    "sharpe",
    "sharpe_arithmetic",
    "calmar",
    "total_return",
    "pos_share",
    "n",
)
#: Every metric :func:`stat` and :func:`performance_table` know (SPEC §8): the Table 1
#: figures, the catalogue (``var_95``/``cvar_95`` stand for any level, like ``var_99``) and the
#: metrics relative to a benchmark.
ALL_METRICS = METRICS + CATALOGUE_METRICS + BENCH_METRICS
#: The metrics of Table 1 (the default rows of :func:`performance_table`).
DEFAULT_METRICS = ("ann_return", "max_dd", "sharpe", "calmar")
#: Sharpe ratio methods: ``geometric`` (default) and ``arithmetic``.
SHARPE_METHODS = ("geometric", "arithmetic")

_METRIC_ALIASES = {
    "max_drawdown": "max_dd",
    "maxdd": "max_dd",
    "volatility": "ann_vol",
    "vol": "ann_vol",
    "sharpe_geometric": "sharpe",
    "count": "n",
}
_NEEDS_VOL = frozenset({"ann_vol", "sharpe", "sharpe_arithmetic"})
_NEEDS_DD = frozenset({"max_dd", "calmar"})
_P_ROW = "periods_per_year"


# ---------------------------------------------------------------------------------------------
# kernels on float64 arrays (rows = dates, columns = series, NaN = missing observation)
# ---------------------------------------------------------------------------------------------


class _Panel:
    """Whole-history arrays of a panel, laid out series × dates (each series' dates contiguous).

    ``r0`` holds each observation's return on the previous NAV of its series (so a return
    spans a blank) and 0 where there is none; ``has`` marks the returns.
    """

    def __init__(self, x: np.ndarray, stamps: np.ndarray) -> None:
        nav = np.ascontiguousarray(x.T)  # a no-op for the column-major panels as_frame builds
        n_cols, n_rows = nav.shape
        self.nav = nav
        self.stamps = stamps
        self.cols = np.arange(n_cols)
        self.stream: np.ndarray | None = None
        valid = ~np.isnan(nav)
        count = np.count_nonzero(valid, axis=1)
        self.valid, self.count = valid, count
        if n_rows == 0:
            self.first = self.last = np.zeros(n_cols, dtype=np.int64)
            self.r0, self.has = nav, valid
            return
        self.first = np.argmax(valid, axis=1)
        self.last = n_rows - 1 - np.argmax(valid[:, ::-1], axis=1)
        returns = np.empty_like(nav)
        if np.any((count > 0) & (count < self.last - self.first + 1)):
            # a blank inside a series: returns run over the observations laid end to end
            # (series after series), each on the NAV before it; a series' first has none
            self.positions = np.flatnonzero(valid.ravel())
            self.stream = nav.ravel()[self.positions]
            steps = self.stream[1:] / self.stream[:-1] - 1.0
            steps[(np.cumsum(count) - count)[count > 0][1:] - 1] = np.nan
            returns.fill(np.nan)
            flat = returns.reshape(-1)
            flat[self.positions[1:]] = steps
        else:
            returns[:, 0] = np.nan
            np.divide(nav[:, 1:], nav[:, :-1], out=returns[:, 1:])
            returns -= 1.0
        has = valid.copy()  # every observation but a series' first has a return
        has[self.cols[count > 0], self.first[count > 0]] = False
        np.copyto(returns, 0.0, where=~has)
        self.has = has
        self.r0 = returns

    def at_or_before(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each series' last NAV on or before each date row, and its row (NaN and -1: none).

        Arrays (series, len(rows)).
        """
        cols = self.cols[:, None]
        if self.stream is None:  # no blank inside a series
            found = np.where(rows >= self.first[:, None], np.minimum(rows, self.last[:, None]), -1)
            values = np.where(found >= 0, self.nav[cols, np.maximum(found, 0)], np.nan)
            return values, found
        start = cols * self.nav.shape[1]
        at = np.searchsorted(self.positions, start + rows, side="right") - 1
        hit = self.positions[np.maximum(at, 0)]
        ok = (at >= 0) & (hit >= start)
        return np.where(ok, self.stream[at], np.nan), np.where(ok, hit - start, -1)


def _segment_figures(
    panel: _Panel,
    starts: np.ndarray,
    stops: np.ndarray,
    periods: np.ndarray,
    rf: float,
    wanted: set[str],
    full: bool,
    calendar: bool = False,
) -> dict[str, np.ndarray]:
    """The wanted metrics of every series over consecutive date segments: (series, segment).

    Segment k holds the returns dated in rows [starts[k], stops[k]); its base is the last NAV
    before the segment, or the series' first NAV when it starts inside. With ``full``, one
    more segment is appended: the whole history, from the segments' sums and running maxima.
    With ``calendar`` the segments are calendar years, and a complete one shows its own return
    as ann_return (:func:`_complete_years`). Everything runs over all series at once; only the
    running max loops, once per segment.
    """
    nav, cols = panel.nav, panel.cols
    lo, hi = int(starts[0]), int(stops[-1])
    offsets, sizes = starts - lo, stops - starts
    navs, has, r0 = nav[:, lo:hi], panel.has[:, lo:hi], panel.r0[:, lo:hi]
    prior, prior_row = panel.at_or_before(starts - 1)
    end, end_row = panel.at_or_before(stops - 1)
    if panel.stream is None:  # no blank inside a series: count the returns from the dates
        inside = np.minimum(panel.last[:, None], stops - 1) - np.maximum(
            panel.first[:, None], starts
        )
        starts_here = (panel.first[:, None] >= starts) & (panel.first[:, None] < stops)
        n = np.where(panel.count[:, None] > 0, np.maximum(inside + 1, 0) - starts_here, 0)
    else:
        n = np.add.reduceat(has.view(np.int8), offsets, axis=1, dtype=np.int32)
    parts = {
        "n": n,
        "total": np.add.reduceat(r0, offsets, axis=1),
        "base": np.where(np.isnan(prior), nav[cols, panel.first][:, None], prior),
        "end": end,
    }
    count = np.maximum(parts["n"], 1)
    # one scratch array reused in place: fresh 2-D temporaries cost more than the arithmetic
    scratch = np.empty_like(navs)
    if wanted & _NEEDS_VOL:
        parts["m2"] = _squared_deviations(r0, has, parts["n"], parts["total"], offsets, scratch)
    if "pos_share" in wanted:
        positive = np.greater(r0, 0.0).view(np.int8)
        parts["pos"] = np.add.reduceat(positive, offsets, axis=1, dtype=np.int32)
    if wanted & _NEEDS_DD:
        # nav / running max within the segment; the base (NAV before the segment) and, for the
        # whole history, the max of all earlier NAVs H join as min(nav / R, min(nav) / H),
        # which equals min(nav / max(R, H)) exactly (division is monotone)
        lowest = np.fmin.reduceat(navs, offsets, axis=1)
        within, highest = _segment_drawdowns(navs, offsets, sizes, lowest, scratch)
        with np.errstate(invalid="ignore"):
            ratio = np.fmin(within, lowest / prior)
        parts["worst"] = ratio - 1.0
    if calendar:
        parts["complete"] = _complete_years(panel, prior_row, end_row, stops)
    if "ann_return_days" in wanted:
        parts["base_row"] = np.where(prior_row >= 0, prior_row, panel.first[:, None])
        parts["end_row"] = np.maximum(end_row, 0)
    if full:
        # the whole history: counts and sums add up, squared deviations combine by Chan et
        # al.'s update, and the drawdown is measured against the max of everything before
        whole = {
            "n": parts["n"].sum(axis=1),
            "total": parts["total"].sum(axis=1),
            "base": nav[cols, panel.first],
            "end": nav[cols, panel.last],
            "base_row": panel.first,
            "end_row": panel.last,
        }
        if calendar:
            whole["complete"] = np.zeros(len(cols), dtype=bool)  # the full span: annualized
        if "m2" in parts:
            mean_all = whole["total"] / np.maximum(whole["n"], 1)
            spread = parts["n"] * (parts["total"] / count - mean_all[:, None]) ** 2
            whole["m2"] = parts["m2"].sum(axis=1) + spread.sum(axis=1)
        if "pos" in parts:
            whole["pos"] = parts["pos"].sum(axis=1)
        if "worst" in parts:
            earlier = np.fmax.accumulate(highest, axis=1)[:, :-1]
            with np.errstate(invalid="ignore"):
                against = np.fmin(ratio[:, 1:], lowest[:, 1:] / earlier)
            later = np.fmin.reduce(against, axis=1, initial=np.inf)  # inf: no later segment
            whole["worst"] = np.fmin(ratio[:, 0], later) - 1.0
        parts = {key: np.column_stack([parts[key], whole[key]]) for key in parts}
    return _figures(parts, panel.stamps, periods, rf)


def _segment_drawdowns(
    navs: np.ndarray,
    offsets: np.ndarray,
    sizes: np.ndarray,
    lowest: np.ndarray,
    scratch: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Per series and segment: min of nav / running max since the segment start, and max NAV.

    One running max over the whole panel does it when segment k's NAVs are scaled by
    2^(E·k): once every scaled NAV of a segment exceeds the running max before it (checked
    with the segment minima ``lowest``), the running max restarts at each segment, and as
    scaling by a power of two is exact, the ratios are exactly the unscaled ones. When the
    check fails (NAVs spanning more than 2^E) the running max is taken segment by segment.
    """
    ends = offsets + sizes - 1
    count = len(sizes)
    spread = min(64, 900 // count)
    powers = np.arange(count) * spread
    with np.errstate(over="ignore"):  # an overflow is detected below (``safe``)
        np.multiply(navs, np.ldexp(1.0, np.repeat(powers, sizes)), out=scratch)
    np.fmax.accumulate(scratch, axis=1, out=scratch)
    running = scratch[:, ends]  # scaled running max at each segment's end
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        before = running[:, :-1]
        first = np.ldexp(lowest[:, 1:], powers[1:])
        restarts = bool(np.all((first > before) | np.isnan(first) | np.isnan(before)))
        highest = np.ldexp(running, -powers)
        # no overflow, and the scaled ratios stay in the normal float range
        span = np.log2(np.fmin.reduce(lowest, axis=None) / np.fmax.reduce(highest, axis=None))
    safe = not np.isinf(running[:, -1]).any() and bool(span > powers[-1] - 1000)
    if restarts and safe:
        with np.errstate(invalid="ignore"):
            np.divide(navs, scratch, out=scratch)  # nav / running max, / 2^(E·k)
        return np.ldexp(np.fmin.reduceat(scratch, offsets, axis=1), powers), highest
    for a, b in zip(offsets, offsets + sizes, strict=True):  # once per segment
        np.fmax.accumulate(navs[:, a:b], axis=1, out=scratch[:, a:b])
    highest = scratch[:, ends]
    with np.errstate(invalid="ignore"):
        np.divide(navs, scratch, out=scratch)
    return np.fmin.reduceat(scratch, offsets, axis=1), highest


def _squared_deviations(
    r0: np.ndarray,
    has: np.ndarray,
    n: np.ndarray,
    total: np.ndarray,
    offsets: np.ndarray,
    scratch: np.ndarray,
) -> np.ndarray:
    """Sum of squared deviations of the returns from their segment mean, (series, segment).

    One pass: sum(r^2) - (sum r)^2 / n (``r0`` is 0 where there is no return). Where that
    difference would lose more than 4 of the 16 digits to cancellation (returns nearly
    constant), those series are redone with the exact two-pass form.
    """
    count = np.maximum(n, 1)
    np.multiply(r0, r0, out=scratch)
    squares = np.add.reduceat(scratch, offsets, axis=1)
    m2 = np.maximum(squares - total * total / count, 0.0)
    fragile = np.flatnonzero(((n >= 2) & ~(squares <= 1e4 * m2)).any(axis=1))
    if fragile.size:
        sizes = np.diff(np.append(offsets, r0.shape[1]))
        means = np.repeat(total[fragile] / count[fragile], sizes, axis=1)
        dev = (r0[fragile] - means) * has[fragile]
        m2[fragile] = np.add.reduceat(dev * dev, offsets, axis=1)
    return m2


#: Per-period std of returns below which they are equal up to rounding (16 ulps of 1).
_NOISE = 16 * np.finfo(np.float64).eps


def _figures(
    parts: dict[str, np.ndarray], stamps: np.ndarray, periods: np.ndarray, rf: float
) -> dict[str, np.ndarray]:
    """The metrics (SPEC §2) from each span's count, sums, drawdown, base and end NAVs.

    A span with fewer than 2 returns has only n and total_return (SPEC §8).
    """
    n = parts["n"]
    nan = np.full(n.shape, np.nan)
    some = n >= 1
    count = np.maximum(n, 1)
    p = periods[:, None]
    out: dict[str, np.ndarray] = {"n": n.astype(np.float64)}
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        growth = np.where(some, parts["end"] / parts["base"], np.nan)
        ann = growth ** (p / count) - 1.0
        if "complete" in parts:  # a complete calendar year: its own return (SPEC §2)
            ann = np.where(parts["complete"], growth - 1.0, ann)
        out["ann_return"] = ann
        out["total_return"] = growth - 1.0
        if "m2" in parts:
            mean = np.where(some, parts["total"] / count, np.nan)
            std = np.sqrt(parts["m2"] / (n - 1))
            # returns equal up to rounding (nav_t / nav_{t-1} - 1 carries ~1 ulp of 1 + r) have
            # no volatility: a std at that noise level is 0, never a Sharpe of 1e21
            noise = _NOISE * (1.0 + np.abs(mean))
            vol = np.where(n >= 2, np.where(std > noise, std, 0.0) * np.sqrt(p), np.nan)
            usable = vol > 0
            out["ann_vol"] = vol
            out["sharpe"] = np.where(usable, (ann - rf) / vol, np.nan)
            out["sharpe_arithmetic"] = np.where(usable, (mean - rf / p) * p / vol, np.nan)
        if "worst" in parts:
            worst = np.where(some, parts["worst"], np.nan)
            out["max_dd"] = worst
            # a drawdown at rounding level (a NAV repeated as 1.9531249999999984) is no
            # drawdown: Calmar on it would be noise divided by noise
            out["calmar"] = np.where(worst < -_NOISE, ann / np.abs(worst), np.nan)
        if "pos" in parts:
            out["pos_share"] = np.where(some, parts["pos"] / count, np.nan)
        if "base_row" in parts:
            days = (stamps[parts["end_row"]] - stamps[parts["base_row"]]) / _DAY_NS
            exponent = 365.0 / np.where(days > 0, days, np.nan)
            out["ann_return_days"] = np.where(some & (days > 0), growth**exponent - 1.0, nan)
    return blank_short_spans(out, n)  # fewer than 2 returns: only n and total_return (SPEC §8)


def _complete_years(
    panel: _Panel, prior_row: np.ndarray, end_row: np.ndarray, stops: np.ndarray
) -> np.ndarray:
    """Which (series, year) segments are complete calendar years (SPEC §2).

    Complete: the series has a NAV before the year, and either a NAV after it or a last NAV in
    the year on or after 25 December. Anything else (the series starts or stops inside the
    year, or the data ends inside it) is a partial year.
    """
    after = panel.last[:, None] >= stops[None, :]
    last = pd.DatetimeIndex(panel.stamps[np.maximum(end_row, 0)].ravel())
    late = np.asarray((last.month == 12) & (last.day >= 25)).reshape(end_row.shape)
    return (prior_row >= 0) & (end_row >= 0) & (after | late)


def _year_segments(index: pd.DatetimeIndex) -> tuple[list[int], np.ndarray, np.ndarray]:
    """Calendar years present in a sorted index, with each year's first and end rows."""
    years = index.year.to_numpy()
    cuts = np.flatnonzero(np.diff(years)) + 1
    starts = np.concatenate([[0], cuts]).astype(np.int64)
    stops = np.concatenate([cuts, [len(years)]]).astype(np.int64)
    return [int(years[s]) for s in starts], starts, stops


# ---------------------------------------------------------------------------------------------
# option parsing
# ---------------------------------------------------------------------------------------------


def metric_list(value: Any, name: str = "metrics", default: Any = DEFAULT_METRICS) -> list[str]:
    """Canonical metric names from comma text or cells (repeats dropped); blank: ``default``."""
    if (
        not _options.given(value)
        if not isinstance(value, list | tuple | np.ndarray)
        else not len(value)
    ):
        return list(default)
    found: list[str] = []
    for item in _options.items(value):
        if is_blank(item) or str(item).strip().lower() == _P_ROW:
            continue
        metric = metric_name(str(item).strip(), name)
        if metric not in found:
            found.append(metric)
    if not found:
        raise OptionError(
            f"{name}={_options.shown(value)} names no metric; give some like sharpe,max_dd."
        )
    return found


def _metric_names(names: list[str], method: str) -> list[str]:
    """Row names: ``sharpe`` becomes ``sharpe_arithmetic`` with the arithmetic method."""
    rows: list[str] = []
    for name in names:
        row = "sharpe_arithmetic" if name == "sharpe" and method == "arithmetic" else name
        if row not in rows:
            rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# the §8 catalogue over the same spans (kernels in fofxl.catalogue)
# ---------------------------------------------------------------------------------------------


def metric_name(text: Any, name: str = "metric") -> str:
    """The canonical name of a §8 metric (``VaR_99`` → ``var_99``); OptionError if unknown."""
    level = canonical_level_name(str(text)) if isinstance(text, str) else None
    if level is not None:
        return level
    try:
        return choose(text, ALL_METRICS, name, aliases=_METRIC_ALIASES)
    except OptionError:
        raise OptionError(
            f"{name}={str(text).strip()!r} is not known; use a metric such as ann_return, "
            "ann_vol, max_dd, sharpe, calmar, sortino, downside_vol, var_95, cvar_95, "
            "max_dd_days, beta or tracking_error (the function's help lists them all)."
        ) from None


def _check_bench(names: list[str], bench: Any) -> None:
    """A benchmark-relative metric needs the benchmark."""
    relative = [name for name in names if is_bench_metric(name)]
    if relative and bench is None:
        raise OptionError(
            f"{relative[0]} is measured against a benchmark; give bench_dates and bench_navs "
            "(the benchmark's dates and levels)."
        )


def _bench_levels(bench: Any, stamps: np.ndarray) -> np.ndarray | None:
    """The benchmark's level as of each stamp (its last level on or before; NaN: none yet)."""
    if bench is None:
        return None
    series = as_series(bench, "bench_navs", kind="nav")
    own = _ns_stamps(series.index)
    at = np.searchsorted(own, stamps, side="right") - 1
    values = series.to_numpy()
    return np.where(at >= 0, values[np.maximum(at, 0)] if len(values) else np.nan, np.nan)


def _catalogue_segments(
    panel: _Panel,
    starts: np.ndarray,
    stops: np.ndarray,
    periods: np.ndarray,
    rf: float,
    names: set[str],
    bench: np.ndarray | None,
    full: bool,
    calendar: bool = False,
) -> dict[str, np.ndarray]:
    """Catalogue metrics of every series per segment [starts[k], stops[k]): (series, segment).

    The base of a segment is each series' last NAV before it (the first NAV in it when there
    is none), as for the Table 1 figures; with ``full`` the whole history is appended. With
    ``calendar`` the segments are calendar years and a complete one uses its own return as
    ann_return in the benchmark-relative metrics (SPEC §2).
    """
    prior, prior_row = panel.at_or_before(starts - 1)
    complete = None
    if calendar:
        complete = _complete_years(panel, prior_row, panel.at_or_before(stops - 1)[1], stops)
    spans = list(zip(starts.tolist(), stops.tolist(), strict=True))
    if full:
        spans.append((0, panel.nav.shape[1]))
    columns: dict[str, list[np.ndarray]] = {name: [] for name in names}
    for k, (a, b) in enumerate(spans):  # once per segment (calendar year), every series at once
        whole = k == len(starts)
        rows = np.full(len(panel.cols), -1) if whole else prior_row[:, k]
        base = np.full(len(panel.cols), np.nan) if whole else prior[:, k]
        base_stamp = panel.stamps[np.maximum(rows, 0)] if len(panel.stamps) else rows
        bench_base = None
        if bench is not None:
            bench_base = np.where(rows >= 0, bench[np.maximum(rows, 0)], np.nan)
        found = span_catalogue(
            panel.nav[:, a:b],
            base,
            base_stamp,
            panel.stamps[a:b],
            periods,
            rf,
            names,
            None if bench is None else bench[a:b],
            bench_base,
            None if complete is None or whole else complete[:, k],
            (panel.r0[:, a:b], panel.has[:, a:b]),
        )
        for name in names:
            columns[name].append(found[name])
    return {name: np.column_stack(columns[name]) for name in names}


def _span_metrics(
    panel: _Panel,
    a: int,
    b: int,
    periods: np.ndarray,
    rf: float,
    names: set[str],
    bench: np.ndarray | None,
) -> dict[str, np.ndarray]:
    """Every metric in ``names`` of each series over rows [a, b): one value per series.

    The base is each series' last NAV before row a (its first NAV when there is none), as
    for a ``[start, end]`` span of :func:`stat`. ``bench`` holds the benchmark's level as of
    each row of the panel (needed by benchmark-relative metrics).
    """
    n_series = panel.nav.shape[0]
    if a >= b:
        return {
            name: np.zeros(n_series) if name == "n" else np.full(n_series, np.nan) for name in names
        }
    starts, stops = np.array([a]), np.array([b])
    core = {name for name in names if not is_catalogue_metric(name)}
    found: dict[str, np.ndarray] = {}
    if core:
        found.update(_segment_figures(panel, starts, stops, periods, rf, core, False))
    if names - core:
        found.update(
            _catalogue_segments(panel, starts, stops, periods, rf, names - core, bench, False)
        )
    return {name: found[name][:, 0] for name in names}


def _table_catalogue(
    panel: _Panel,
    starts: np.ndarray,
    stops: np.ndarray,
    periods: np.ndarray,
    rf: float,
    rows: list[str],
    bench: Any,
) -> dict[str, np.ndarray]:
    """The catalogue rows of the per-year table (each year, then the full history)."""
    names = {row for row in rows if is_catalogue_metric(row)}
    if not names:
        return {}
    levels = _bench_levels(bench, panel.stamps)
    return _catalogue_segments(
        panel, starts, stops, periods, rf, names, levels, True, calendar=True
    )


# ---------------------------------------------------------------------------------------------
# public functions
# ---------------------------------------------------------------------------------------------


def stat(
    navs: pd.Series | pd.DataFrame,
    metric: str,
    start: Any = None,
    end: Any = None,
    rf: Any = 0.0,
    periods_per_year: Any = None,
    bench: pd.Series | None = None,
) -> float | pd.Series:
    """One performance figure of a NAV series over its history or a [start, end] window.

    Parameters
    ----------
    navs : Series or DataFrame
        Date-indexed NAVs (> 0) of one series; blanks are missing observations. A DataFrame
        holds one series per column, each over its own observations (and its own P).
    metric : str
        The metric: ann_return, ann_return_days, ann_vol, max_dd, sharpe, sharpe_arithmetic,
        calmar, total_return, pos_share, n, downside_vol, sortino, skew, kurt, var_95, cvar_95
        (any level, like var_99), best, worst, ulcer, omega, max_dd_days, recovery_days,
        longest_dd_days; with a benchmark: bench_return, excess_return, tracking_error,
        information_ratio, beta, alpha, up_capture, down_capture, win_rate, correlation,
        excess_max_dd.
    start : date, optional
        First date of the window; the base is the last NAV before it (or the first NAV).
    end : date, optional
        Last date of the window (inclusive).
    rf : float, optional
        Annual risk-free rate as a fraction (0.02 = 2%), used by the Sharpe ratios.
    periods_per_year : float, optional
        P; inferred from the series' whole history when omitted (252, 52, 12, 4 or 1).
    bench : Series, optional
        Date-indexed benchmark levels (> 0), taken as of each of the fund's dates; needed by
        the benchmark-relative metrics.

    Returns
    -------
    float or Series
        The figure, full precision; NaN when undefined (no return in the window, no drawdown
        for Calmar; with fewer than two returns every metric but n, total_return, best and
        worst, SPEC §8). For a DataFrame: one figure per column, a Series indexed by the
        column names and named after the metric.

    Notes
    -----
    SPEC §2, over the n returns dated in the window with base NAV nav_0 and last NAV nav_n:
    ann_return = (nav_n / nav_0)^(P/n) − 1; ann_return_days = (nav_n / nav_0)^(365/days) − 1
    (calendar days from the base date); ann_vol = std(r, ddof=1)·√P; sharpe (geometric) =
    (ann_return − rf) / ann_vol; sharpe_arithmetic = (mean(r) − rf/P)·P / ann_vol;
    max_dd = min(nav_t / running max − 1) from the base; calmar = ann_return / |max_dd|;
    total_return = nav_n / nav_0 − 1; pos_share = share of returns > 0; n = number of returns.

    Examples
    --------
    >>> navs = pd.Series([1.0, 1.1, 0.99, 1.21],
    ...                  index=pd.to_datetime(["2023-12-31", "2024-01-31", "2024-02-29",
    ...                                        "2024-03-31"]))
    >>> round(stat(navs, "total_return"), 4), round(stat(navs, "max_dd"), 4)
    (0.21, -0.1)
    """
    name = metric_name(metric, "metric")
    _check_bench([name], bench)
    rate = _options.rate(rf)
    is_frame = isinstance(navs, pd.DataFrame)
    if is_frame:
        frame = as_frame(navs, "navs", kind="nav")
    else:
        frame = as_series(navs, "navs", kind="nav").to_frame()
    a, b = _window_rows(frame.index, start, end)
    if a == b:  # no date in the window
        empty = np.full(frame.shape[1], 0.0 if name == "n" else math.nan)
        return pd.Series(empty, index=frame.columns, name=name) if is_frame else float(empty[0])
    panel = _Panel(frame.to_numpy(), _ns_stamps(frame.index))
    periods = periods_per_year_columns(frame.index, panel.valid.T, periods_per_year)
    if is_catalogue_metric(name):
        levels = _bench_levels(bench, panel.stamps)
        found = _catalogue_segments(
            panel, np.array([a]), np.array([b]), periods, rate, {name}, levels, False
        )
    else:
        found = _segment_figures(panel, np.array([a]), np.array([b]), periods, rate, {name}, False)
    if is_frame:
        return pd.Series(found[name][:, 0], index=frame.columns, name=name)
    return float(found[name][0, 0])


def performance_table(
    navs: pd.Series | pd.DataFrame,
    by: str = "year",
    rf: Any = 0.0,
    periods_per_year: Any = None,
    metrics: Any = None,
    sharpe: str = "geometric",
    bench: pd.Series | None = None,
) -> pd.DataFrame:
    """Table 1: annualized return, max drawdown, Sharpe, Calmar per calendar year and full span.

    Parameters
    ----------
    navs : Series or DataFrame
        Date-indexed NAVs (> 0), one series per column; series may start and end on
        different dates, blanks are missing observations.
    by : {"year", "full"}, optional
        ``year`` (default): one column per calendar year, then ``full``; ``full``: only the
        full span.
    rf : float, optional
        Annual risk-free rate as a fraction (0.02 = 2%), used by the Sharpe ratio.
    periods_per_year : float, optional
        P for every series; inferred per series from its whole history when omitted.
    metrics : str or list of str, optional
        Rows per series, from ``METRICS`` (text like "ann_return,ann_vol" works); default
        ann_return, max_dd, sharpe, calmar.
    sharpe : {"geometric", "arithmetic"}, optional
        Sharpe method; the row is named ``sharpe`` or ``sharpe_arithmetic`` accordingly.
    bench : Series, optional
        Date-indexed benchmark levels (> 0), for the benchmark-relative metrics.

    Returns
    -------
    DataFrame
        Columns ``series``, ``metric``, each calendar year (int) with at least one return,
        ``full``; one row per series and metric, then a ``periods_per_year`` row showing P
        (where the series has a return). Undefined cells are NaN.

    Notes
    -----
    Definitions as in :func:`stat`. A calendar-year cell uses the returns dated in that
    year; its base is the last NAV before the year, or the series' first NAV when it starts
    inside the year. A complete year (a NAV before it, and a NAV after it or a last NAV on or
    after 25 December) shows its own return as ann_return, and Sharpe and Calmar use it; a
    partial year is annualized with its own n: (1 + R)^(P/n) − 1 (SPEC §2). A cell over fewer
    than 2 returns shows only n, total_return, best and worst (SPEC §8).

    Examples
    --------
    >>> navs = pd.Series([1.0, 1.1, 0.99, 1.21],
    ...                  index=pd.to_datetime(["2023-12-31", "2024-01-31", "2024-02-29",
    ...                                        "2024-03-31"]), name="fund")
    >>> table = performance_table(navs, metrics="total_return,max_dd")
    >>> table.round(4).values.tolist()
    [['fund', 'total_return', 0.21, 0.21], ['fund', 'max_dd', -0.1, -0.1], \
['fund', 'periods_per_year', 12.0, 12.0]]
    """
    span_kind = choose(by, ("year", "full"), "by", aliases={"y": "year", "none": "full"})
    method = choose(sharpe, SHARPE_METHODS, "sharpe")
    names = metric_list(metrics)
    rows = _metric_names(names, method)
    _check_bench(rows, bench)
    rate = _options.rate(rf)
    frame = as_frame(navs, "navs", kind="nav")
    x = frame.to_numpy()
    n_rows = x.shape[0]
    panel = _Panel(x, _ns_stamps(frame.index))
    periods = periods_per_year_columns(frame.index, panel.valid.T, periods_per_year)
    years: list[int] = []
    found: dict[str, np.ndarray] = {}
    if n_rows:
        years, starts, stops = _year_segments(frame.index)
        found = _segment_figures(
            panel, starts, stops, periods, rate, set(rows), True, calendar=True
        )
        found.update(_table_catalogue(panel, starts, stops, periods, rate, rows, bench))
    if span_kind == "full":
        years = []
    metric_names = [*rows, _P_ROW]
    table: dict[Any, Any] = {
        "series": np.repeat(frame.columns.to_numpy(dtype=object), len(metric_names)),
        "metric": np.tile(np.array(metric_names, dtype=object), x.shape[1]),
    }
    n_cols = x.shape[1]
    if not found:  # no date at all
        found = {row: np.full((n_cols, 1), np.nan) for row in (*rows, "n")}
        found["n"][:] = 0.0
    cells = np.stack(
        [found[row] for row in rows] + [np.where(found["n"] > 0, periods[:, None], np.nan)], axis=1
    )  # (series, rows, segments)
    cells = cells.reshape(n_cols * len(metric_names), -1)
    keep = [k for k in range(len(years)) if (found["n"][:, k] > 0).any()]
    for k in keep:
        table[years[k]] = cells[:, k]
    table["full"] = cells[:, -1]
    return pd.DataFrame(table)
