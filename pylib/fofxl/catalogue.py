"""The metric catalogue of SPEC §8 beyond the Table 1 figures, as one kernel over a panel span.

:func:`span_catalogue` computes, for every series of a panel at once, the §8 metrics that are
not already figures of :mod:`fofxl.performance` (downside risk, higher moments, VaR and
expected shortfall, drawdown lengths, and the metrics relative to a benchmark) over one span:
the NAVs dated in the span, measured from each series' base NAV. :mod:`fofxl.performance` is
the one entry point that uses it (``stat``, ``performance_table`` and the screening tables).

Everything is vectorised over series; a large panel is processed in blocks of series so the
temporaries stay small (the cost is linear in the number of series).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property

import numpy as np

from .errors import OptionError
from .periods import _DAY_NS

__all__ = [
    "BENCH_METRICS",
    "CATALOGUE_METRICS",
    "is_bench_metric",
    "SHORT_SPAN_METRICS",
    "blank_short_spans",
    "is_catalogue_metric",
    "parse_level_metric",
    "span_catalogue",
]

#: §8 metrics of one series computed here (``var_95``/``cvar_95`` style names come on top).
CATALOGUE_METRICS = (
    "downside_vol",
    "sortino",
    "skew",
    "kurt",
    "var_95",
    "cvar_95",
    "best",
    "worst",
    "ulcer",
    "omega",
    "max_dd_days",
    "recovery_days",
    "longest_dd_days",
)
#: §8 metrics relative to a benchmark (they need ``bench_dates, bench_navs``).
BENCH_METRICS = (
    "bench_return",
    "excess_return",
    "tracking_error",
    "information_ratio",
    "beta",
    "alpha",
    "up_capture",
    "down_capture",
    "win_rate",
    "correlation",
    "excess_max_dd",
)
_DAY_METRICS = frozenset({"ulcer", "max_dd_days", "recovery_days", "longest_dd_days"})
#: The metrics a span with fewer than 2 returns still has (SPEC §8); every other is empty.
SHORT_SPAN_METRICS = frozenset({"n", "total_return", "best", "worst"})
_LEVEL_RE = re.compile(r"^(c?var)_(\d+(?:\.\d+)?)$")
#: Per-period std below which returns are equal up to rounding (as in performance.py).
_NOISE = 16 * np.finfo(np.float64).eps
#: Elements per block of series (a few MB per temporary).
_BLOCK = 1 << 20


def parse_level_metric(name: str) -> tuple[str, float] | None:
    """``("var" | "cvar", alpha)`` for names like ``var_95`` or ``cvar_97.5``, else None.

    alpha is the tail share, (100 − level) / 100: 0.05 for ``var_95``.
    """
    match = _LEVEL_RE.match(name)
    if match is None:
        return None
    level = float(match.group(2))
    if not 0.0 < level < 100.0:
        raise OptionError(
            f"metric={name!r} has a confidence level outside (0, 100); write it like var_95 "
            "or cvar_97.5."
        )
    return match.group(1), (100.0 - level) / 100.0


def canonical_level_name(name: str) -> str | None:
    """``var_95`` for ``VaR_95.0`` and the like; None when ``name`` is not a VaR/CVaR name."""
    text = name.strip().lower()
    parsed = parse_level_metric(text)
    if parsed is None:
        return None
    kind, alpha = parsed
    return f"{kind}_{100.0 - alpha * 100.0:g}"


def is_catalogue_metric(name: str) -> bool:
    """Whether ``name`` (canonical) is computed by :func:`span_catalogue`."""
    return (
        name in CATALOGUE_METRICS or name in BENCH_METRICS or parse_level_metric(name) is not None
    )


def is_bench_metric(name: str) -> bool:
    """Whether ``name`` (canonical) is relative to a benchmark."""
    return name in BENCH_METRICS


def blank_short_spans(found: dict[str, np.ndarray], n: np.ndarray) -> dict[str, np.ndarray]:
    """Empty (NaN) every metric but n, total_return, best and worst where n < 2 (SPEC §8).

    The one place the rule is applied: the Table 1 figures of :mod:`fofxl.performance` and
    the catalogue kernels below both pass their results through it, so ``stat``,
    ``performance_table`` (per-year cells included) and the screening tables agree.

    Parameters
    ----------
    found : dict of str to ndarray
        Metric name → values, each shaped like ``n``.
    n : ndarray
        The number of returns of each span.

    Returns
    -------
    dict of str to ndarray
        The same metrics, NaN where the span has fewer than 2 returns unless the metric is
        in :data:`SHORT_SPAN_METRICS`.
    """
    short = n < 2
    return {
        name: values if name in SHORT_SPAN_METRICS else np.where(short, np.nan, values)
        for name, values in found.items()
    }


# ---------------------------------------------------------------------------------------------
# kernels on (series, dates) float64 blocks; column 0 holds each series' base NAV
# ---------------------------------------------------------------------------------------------


class _Path:
    """A block of NAV paths with its base in column 0: observations, returns, counts.

    ``r`` holds each observation's return on the previous observation of its series (NaN
    where there is none), ``r0`` the same with 0 for none, ``has`` marks the returns, ``n``
    counts them; ``filled`` carries each NAV forward over blanks.
    """

    def __init__(self, ext: np.ndarray) -> None:
        n_series, width = ext.shape
        valid = ~np.isnan(ext)
        count = np.count_nonzero(valid, axis=1)
        first = np.argmax(valid, axis=1)
        last = width - 1 - np.argmax(valid[:, ::-1], axis=1)
        self.index: np.ndarray | None = None
        filled = ext
        if np.any((count > 0) & (count < last - first + 1)):  # a blank inside a series
            self.index = np.maximum.accumulate(np.where(valid, np.arange(width), -1), axis=1)
            filled = self.carry(ext)
        r = np.empty_like(ext)
        r[:, 0] = np.nan
        with np.errstate(invalid="ignore"):
            np.divide(ext[:, 1:], filled[:, :-1], out=r[:, 1:])
        r[:, 1:] -= 1.0
        has = ~np.isnan(r)
        self.ext, self.valid, self.filled, self.r, self.has = ext, valid, filled, r, has
        self.n = np.count_nonzero(has, axis=1)
        self.first, self.last = first, last
        rows = np.arange(n_series)
        self.end = ext[rows, last]
        self.base = ext[rows, first]

    @cached_property
    def r0(self) -> np.ndarray:
        return np.where(self.has, self.r, 0.0)

    def carry(self, values: np.ndarray) -> np.ndarray:
        """``values`` taken at each series' last observation on or before each column."""
        if self.index is None:
            return values
        out = np.take_along_axis(values, np.maximum(self.index, 0), axis=1)
        out[self.index < 0] = np.nan
        return out


class _Returns:
    """The returns of a block of series, given (as :class:`fofxl.performance._Panel` holds
    them for its whole history): the same ``r0``, ``has``, ``n`` and ``r`` as :class:`_Path`
    reads from the NAVs and their base, for the metrics that need nothing but the returns."""

    def __init__(self, r0: np.ndarray, has: np.ndarray) -> None:
        self.r0, self.has = r0, has
        self.n = np.count_nonzero(has, axis=1)

    @cached_property
    def r(self) -> np.ndarray:
        return np.where(self.has, self.r0, np.nan)


def _mean(path: _Path | _Returns) -> np.ndarray:
    """Mean of the returns of each series."""
    return path.r0.sum(axis=1) / np.maximum(path.n, 1)


def _moments(path: _Path | _Returns) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the returns and their deviations from it (0 where there is no return)."""
    mean = _mean(path)
    dev = np.where(path.has, path.r - mean[:, None], 0.0)
    return mean, dev


def _drawdown_days(
    path: _Path, stamps: np.ndarray, base_stamp: np.ndarray
) -> dict[str, np.ndarray]:
    """max_dd_days, recovery_days, longest_dd_days and the drawdown path of a block.

    Episodes are read from the observations at the running max (peaks and recoveries), in
    one flat, row-major list for the whole block.
    """
    ext, valid = path.ext, path.valid
    n_series, width = ext.shape
    running = np.fmax.accumulate(ext, axis=1)  # NaN-skipping running max
    with np.errstate(invalid="ignore"):
        dd = path.filled / running - 1.0  # carried forward over blanks
    at_max = np.flatnonzero(ext == running)  # every series' first observation is one
    rows = np.arange(n_series)
    offset = rows * width

    def when(flat: np.ndarray) -> np.ndarray:
        col, row = flat % width, flat // width
        return np.where(col == 0, base_stamp[row], stamps[np.maximum(col - 1, 0)])

    # the deepest episode: its trough is the first date at the minimum drawdown
    trough = np.argmin(np.where(valid, dd, np.inf), axis=1)
    under = dd[rows, trough] < 0
    k = np.searchsorted(at_max, offset + trough, side="right") - 1
    peak = at_max[np.maximum(k, 0)]
    after = np.minimum(k + 1, len(at_max) - 1)
    recovery = at_max[after]
    recovered = under & (k + 1 < len(at_max)) & (recovery < offset + width)
    t_trough = when(offset + trough)
    max_days = np.where(under, (t_trough - when(peak)) / _DAY_NS, 0.0)
    rec_days = np.where(recovered, (when(recovery) - t_trough) / _DAY_NS, np.nan)
    # time under water: between consecutive observations at the max of one series with an
    # observation in between (a recovered episode), and from the last one to the series'
    # last observation when that is under water (an open one)
    longest = np.zeros(n_series)
    seen = np.cumsum(valid.ravel())
    p, q = at_max[:-1], at_max[1:]
    episode = (p // width == q // width) & (seen[q] - seen[p] > 1)
    if episode.any():
        p, q = p[episode], q[episode]
        np.maximum.at(longest, p // width, (when(q) - when(p)) / _DAY_NS)
    ends = offset + path.last
    open_ = dd[rows, path.last] < 0
    if open_.any():
        k_end = np.searchsorted(at_max, ends[open_], side="right") - 1
        spans = (when(ends[open_]) - when(at_max[k_end])) / _DAY_NS
        longest[open_] = np.maximum(longest[open_], spans)
    return {
        "max_dd_days": max_days,
        "recovery_days": rec_days,
        "longest_dd_days": longest,
        "_dd": dd,
    }


def _tail(
    r: np.ndarray, n: np.ndarray, levels: dict[str, tuple[str, float]]
) -> dict[str, np.ndarray]:
    """VaR (PERCENTILE.INC) and historical expected shortfall at each requested level."""
    ordered = np.sort(r, axis=1)  # NaN last
    rows = np.arange(r.shape[0])
    cumulative = None
    out: dict[str, np.ndarray] = {}
    last = np.maximum(n - 1, 0)
    for name, (kind, alpha) in levels.items():
        # round away the binary noise of (n − 1)·alpha (0.05 is not exact) before flooring
        h = np.round((n - 1) * alpha, 9)
        below = np.floor(h).astype(np.int64)
        if kind == "var":
            lo = ordered[rows, np.minimum(below, last)]
            hi = ordered[rows, np.minimum(below + 1, last)]
            out[name] = lo + (h - below) * (hi - lo)
        else:
            if cumulative is None:
                cumulative = np.cumsum(np.nan_to_num(ordered, nan=0.0), axis=1)
            k = below + 1
            out[name] = cumulative[rows, np.minimum(k, n) - 1] / k
    return out


def _own_metrics(
    path: _Path | _Returns,
    stamps: np.ndarray,
    base_stamp: np.ndarray,
    periods: np.ndarray,
    rf: float,
    wanted: set[str],
) -> dict[str, np.ndarray]:
    has, n = path.has, path.n  # and path.r, made by _Returns only when a metric reads it
    p = periods
    mar = rf / p
    out: dict[str, np.ndarray] = {}
    mean = _mean(path)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if wanted & {"downside_vol", "sortino"}:
            # min(r − m, 0), and 0 where there is no return (fmin passes over r's NaN)
            below = np.fmin(path.r - mar[:, None], 0.0) if mar.any() else np.fmin(path.r0, 0.0)
            downside = np.sqrt(np.square(below, out=below).sum(axis=1) / n) * np.sqrt(p)
            out["downside_vol"] = downside
            out["sortino"] = np.where(downside > 0, (mean - mar) * p / downside, np.nan)
        if wanted & {"skew", "kurt"}:
            dev = _moments(path)[1]
            m2 = (dev * dev).sum(axis=1)
            s = np.sqrt(m2 / (n - 1))
            spread = np.where(s > _NOISE * (1.0 + np.abs(mean)), s, np.nan)
            z = dev / spread[:, None]
            z2 = z * z
            out["skew"] = np.where(n >= 3, n / ((n - 1) * (n - 2)) * (z2 * z).sum(axis=1), np.nan)
            out["kurt"] = np.where(
                n >= 4,
                n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * (z2 * z2).sum(axis=1)
                - 3.0 * (n - 1) ** 2 / ((n - 2) * (n - 3)),
                np.nan,
            )
        if "best" in wanted or "worst" in wanted:
            some = n >= 1
            out["best"] = np.where(some, np.fmax.reduce(path.r, axis=1), np.nan)
            out["worst"] = np.where(some, np.fmin.reduce(path.r, axis=1), np.nan)
        levels = {name: parse_level_metric(name) for name in wanted}
        levels = {k: v for k, v in levels.items() if v is not None}
        if levels:
            out.update(_tail(path.r, n, levels))  # type: ignore[arg-type]
        if "omega" in wanted:
            gain = np.where(has, np.maximum(path.r - mar[:, None], 0.0), 0.0).sum(axis=1)
            loss = np.where(has, np.maximum(mar[:, None] - path.r, 0.0), 0.0).sum(axis=1)
            out["omega"] = np.where(loss > 0, gain / loss, np.nan)
        if wanted & _DAY_METRICS:
            assert isinstance(path, _Path)  # drawdowns need the NAVs
            days = _drawdown_days(path, stamps, base_stamp)
            dd = np.where(has, days.pop("_dd"), 0.0)
            out["ulcer"] = np.sqrt((dd * dd).sum(axis=1) / n)
            out.update(days)
    return out


def _bench_metrics(
    ext: np.ndarray,
    bench_ext: np.ndarray,
    periods: np.ndarray,
    rf: float,
    wanted: set[str],
    complete: np.ndarray | None,
) -> dict[str, np.ndarray]:
    """Benchmark-relative metrics: fund dates without a benchmark level are dropped.

    Where ``complete`` (a complete calendar year of the per-year table), the fund's and the
    benchmark's ann_return are the year's own returns, as in the table's ann_return row.
    """
    pair = np.where(np.isnan(bench_ext), np.nan, ext)
    path = _Path(pair)
    r, has, n = path.r, path.has, path.n
    previous = path.carry(bench_ext)  # the benchmark at each series' previous observation
    b = np.full_like(r, np.nan)
    with np.errstate(invalid="ignore"):
        np.divide(bench_ext[:, 1:], previous[:, :-1], out=b[:, 1:])
    b[:, 1:] -= 1.0
    b[~has] = np.nan
    rows = np.arange(ext.shape[0])
    p = periods
    out: dict[str, np.ndarray] = {}
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        count = np.maximum(n, 1)
        exponent = p / count if complete is None else np.where(complete, 1.0, p / count)
        fund_ann = (path.end / path.base) ** exponent - 1.0
        bench_end = bench_ext[rows, path.last]
        bench_base = bench_ext[rows, path.first]
        bench_ann = (bench_end / bench_base) ** exponent - 1.0
        out["bench_return"] = bench_ann
        excess = fund_ann - bench_ann
        out["excess_return"] = excess
        r_mean, r_dev = _moments(path)
        b_mean = np.where(has, b, 0.0).sum(axis=1) / count
        b_dev = np.where(has, b - b_mean[:, None], 0.0)
        a_dev = r_dev - b_dev
        tracking = np.sqrt((a_dev * a_dev).sum(axis=1) / (n - 1)) * np.sqrt(p)
        noise = _NOISE * (1.0 + np.abs(r_mean - b_mean)) * np.sqrt(p)
        tracking = np.where(tracking > noise, tracking, 0.0)
        out["tracking_error"] = tracking
        out["information_ratio"] = np.where(tracking > 0, excess / tracking, np.nan)
        cov = (r_dev * b_dev).sum(axis=1)
        var_b = (b_dev * b_dev).sum(axis=1)
        var_r = (r_dev * r_dev).sum(axis=1)
        flat_b = np.sqrt(var_b / (n - 1)) <= _NOISE * (1.0 + np.abs(b_mean))
        flat_r = np.sqrt(var_r / (n - 1)) <= _NOISE * (1.0 + np.abs(r_mean))
        beta = np.where(flat_b, np.nan, cov / var_b)
        out["beta"] = beta
        out["alpha"] = fund_ann - rf - beta * (bench_ann - rf)
        out["correlation"] = np.where(flat_b | flat_r, np.nan, cov / np.sqrt(var_b * var_r))
        for name, side in (("up_capture", np.greater), ("down_capture", np.less)):
            sel = has & side(b, 0.0)
            k = np.count_nonzero(sel, axis=1)
            fund_side = np.where(sel, r, 0.0).sum(axis=1)
            bench_side = np.where(sel, b, 0.0).sum(axis=1)
            out[name] = np.where(k > 0, fund_side / bench_side, np.nan)
        # a tie is not a win, also when rounding of the NAVs leaves r and b ulps apart
        wins = has & (r - b > _NOISE * (1.0 + np.abs(r) + np.abs(b)))
        out["win_rate"] = np.count_nonzero(wins, axis=1) / count
        ratio = pair / bench_ext
        running = np.fmax.accumulate(ratio, axis=1)
        out["excess_max_dd"] = np.fmin.reduce(ratio / running, axis=1) - 1.0
    return blank_short_spans({name: out[name] for name in wanted}, n)


def _block(
    nav: np.ndarray,
    base: np.ndarray,
    base_stamp: np.ndarray,
    stamps: np.ndarray,
    periods: np.ndarray,
    rf: float,
    wanted: set[str],
    bench: np.ndarray | None,
    bench_base: np.ndarray | None,
    complete: np.ndarray | None,
    returns: tuple[np.ndarray, np.ndarray] | None,
) -> dict[str, np.ndarray]:
    n_series, n_dates = nav.shape
    own = {name for name in wanted if not is_bench_metric(name)}
    relative = wanted - own
    path: _Path | _Returns
    if returns is not None and not relative and not own & _DAY_METRICS:
        path = _Returns(*returns)  # the metrics asked need nothing but the returns
    else:
        ext = np.empty((n_series, n_dates + 1))  # the NAVs after their base
        ext[:, 0] = base
        ext[:, 1:] = nav
        path = _Path(ext)
    out = (
        blank_short_spans(_own_metrics(path, stamps, base_stamp, periods, rf, own), path.n)
        if own
        else {}
    )
    if relative:
        assert bench is not None and bench_base is not None
        bench_ext = np.empty_like(ext)
        bench_ext[:, 0] = bench_base
        bench_ext[:, 1:] = bench[None, :]
        out.update(_bench_metrics(ext, bench_ext, periods, rf, relative, complete))
    return {name: out[name] for name in wanted}


def span_catalogue(
    nav: np.ndarray,
    base: np.ndarray,
    base_stamp: np.ndarray,
    stamps: np.ndarray,
    periods: np.ndarray,
    rf: float,
    names: Iterable[str],
    bench: np.ndarray | None = None,
    bench_base: np.ndarray | None = None,
    complete: np.ndarray | None = None,
    returns: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """§8 catalogue metrics of every series of a panel over one span.

    Parameters
    ----------
    nav : ndarray, shape (series, dates)
        The NAVs dated in the span (NaN: no observation).
    base : ndarray, shape (series,)
        Each series' base NAV: its last NAV before the span (NaN when it has none: then its
        first NAV in the span is the base).
    base_stamp : ndarray of int64, shape (series,)
        The base NAV's date in nanoseconds (ignored where ``base`` is NaN).
    stamps : ndarray of int64, shape (dates,)
        The span's dates in nanoseconds.
    periods : ndarray, shape (series,)
        Periods per year P of each series.
    rf : float
        Annual rate; rf / P is the per-period minimum acceptable return.
    names : iterable of str
        Canonical metric names (:data:`CATALOGUE_METRICS`, :data:`BENCH_METRICS`, ``var_x``,
        ``cvar_x``).
    bench : ndarray, shape (dates,), optional
        The benchmark's level as of each span date (NaN: none yet); needed by bench metrics.
    bench_base : ndarray, shape (series,), optional
        The benchmark's level as of each series' base date.
    complete : ndarray of bool, shape (series,), optional
        Series for which the span is a complete calendar year (SPEC §2): their ann_return
        and the benchmark's, in bench_return, excess_return, information_ratio and alpha, are
        the span's own returns.
    returns : tuple of ndarray, optional
        ``(r0, has)``, each shaped like ``nav``: each NAV's return on the previous NAV of its
        series (the base for the first in the span; 0 where there is none) and where there is
        one. Given (as a panel computes them once for its whole history), the metrics that
        need only returns are read from them instead of from the NAVs again.

    Returns
    -------
    dict of str to ndarray
        One value per series for each name; NaN where undefined (SPEC §8).

    Notes
    -----
    Over the n returns r_t after the base, with m = rf/P: downside_vol = √(Σ min(r − m, 0)²/n)·√P;
    sortino = (mean(r) − m)·P / downside_vol; skew and kurt as Excel SKEW and KURT; var_x =
    PERCENTILE.INC(r, 1 − x/100); cvar_x = mean of the k = ⌊(n − 1)·α⌋ + 1 smallest returns;
    ulcer = √(Σ dd_t²/n); omega = Σ max(r − m, 0) / Σ max(m − r, 0). Relative to the benchmark
    b (as of each fund date): tracking_error = std(r − b)·√P, beta = cov(r, b)/var(b), ...
    """
    wanted = set(names)
    n_series, n_dates = nav.shape
    if not wanted:
        return {}
    size = max(1, _BLOCK // (n_dates + 1))
    parts: dict[str, list[np.ndarray]] = {name: [] for name in wanted}
    for lo in range(0, max(n_series, 1), size):
        hi = min(n_series, lo + size)
        found = _block(
            nav[lo:hi],
            base[lo:hi],
            base_stamp[lo:hi],
            stamps,
            periods[lo:hi],
            rf,
            wanted,
            bench,
            None if bench_base is None else bench_base[lo:hi],
            None if complete is None else complete[lo:hi],
            None if returns is None else (returns[0][lo:hi], returns[1][lo:hi]),
        )
        for name in wanted:
            parts[name].append(found[name])
    return {name: np.concatenate(parts[name]) for name in wanted}
