"""Screening tables (SPEC §9): the screen (a row per fund) and trailing windows (区间业绩).

:func:`screen` gives the §8 metrics of every fund of a panel over one span, one row per fund
and one column per metric: the layout analysts sort and filter. :func:`trailing` gives the
metrics of each fund over trailing windows (1M, 3M, YTD, 1Y, since inception, ...) ending at
an as-of date. Both compute every fund at once in the one performance engine
(:mod:`fofxl.performance`); a large universe is processed in blocks of funds.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from . import _options
from ._options import Span
from .clean import as_frame, is_blank, to_date
from .drawdowns import _day_end, _window_rows
from .errors import OptionError
from .performance import (
    _P_ROW,
    _bench_levels,
    _check_bench,
    _Panel,
    _span_metrics,
    metric_list,
)
from .periods import _ns_stamps, periods_per_year_columns, span_start

__all__ = ["SCREEN_METRICS", "TRAILING_WINDOWS", "screen", "trailing"]

#: The default columns of :func:`screen`.
SCREEN_METRICS = ("ann_return", "ann_vol", "max_dd", "sharpe", "calmar", "sortino")
#: The default windows of :func:`trailing`.
TRAILING_WINDOWS = ("1M", "3M", "6M", "YTD", "1Y", "3Y", "SI")
#: Funds per block: bounds the temporaries of a universe run (cost stays linear in funds).
_FUNDS_PER_BLOCK = 4096


def _blocks(n_series: int) -> list[slice]:
    return [
        slice(lo, min(n_series, lo + _FUNDS_PER_BLOCK))
        for lo in range(0, max(n_series, 1), _FUNDS_PER_BLOCK)
    ]


def _spans(
    x: np.ndarray,
    stamps: np.ndarray,
    windows: list[tuple[int, int]],
    periods: np.ndarray,
    rf: float,
    names: list[str],
    bench: np.ndarray | None,
) -> list[dict[str, np.ndarray]]:
    """Metrics of every series (columns of ``x``) over each row window: one dict per window.

    A span with fewer than 2 returns has only n, total_return, best and worst: the kernels
    of :mod:`fofxl.performance` apply that rule (:func:`fofxl.catalogue.blank_short_spans`).
    """
    wanted = set(names) | {"n"}
    out: list[dict[str, list[np.ndarray]]] = [{name: [] for name in wanted} for _ in windows]
    for block in _blocks(x.shape[1]):
        panel = _Panel(x[:, block], stamps)
        for k, (a, b) in enumerate(windows):
            found = _span_metrics(panel, a, b, periods[block], rf, wanted, bench)
            for name in wanted:
                out[k][name].append(found[name])
    result = []
    for parts in out:
        result.append({name: np.concatenate(parts[name]) for name in wanted})
    return result


def screen(
    navs: pd.Series | pd.DataFrame,
    metrics: Any = None,
    start: Any = None,
    end: Any = None,
    bench: pd.Series | None = None,
    rf: Any = 0.0,
    periods_per_year: Any = None,
) -> pd.DataFrame:
    """The screen: §8 metrics of every fund over one span, one row per fund.

    Parameters
    ----------
    navs : Series or DataFrame
        Date-indexed NAVs (> 0), one fund per column; funds may start and stop on different
        dates, blanks are missing observations.
    metrics : str or list of str, optional
        Columns, in the order given (text like "sharpe,max_dd,var_95" works); default
        ann_return, ann_vol, max_dd, sharpe, calmar, sortino.
    start, end : date, optional
        The span: returns dated within [start, end]; the base is each fund's last NAV before
        start (its first NAV when there is none).
    bench : Series, optional
        Benchmark levels (> 0), taken as of each fund date; needed by benchmark-relative
        metrics (beta, tracking_error, ...).
    rf : float, optional
        Annual risk-free rate as a fraction, also the minimum acceptable return.
    periods_per_year : float, optional
        P for every fund; inferred from each fund's own dates when omitted.

    Returns
    -------
    DataFrame
        Column ``series`` then one column per metric; one row per fund. Undefined values are
        NaN; a fund with fewer than 2 returns in the span has only n, total_return, best and
        worst.

    Notes
    -----
    Definitions as in SPEC §2 and §8 (see :func:`fofxl.performance.stat`).

    Examples
    --------
    >>> navs = pd.DataFrame({"a": [1.0, 1.1, 0.99, 1.089], "b": [1.0, 1.0, 1.05, 1.05]},
    ...                     index=pd.date_range("2024-01-31", periods=4, freq="ME"))
    >>> screen(navs, "total_return,max_dd").round(4).values.tolist()
    [['a', 0.089, -0.1], ['b', 0.05, 0.0]]
    """
    names = metric_list(metrics, default=SCREEN_METRICS)
    _check_bench(names, bench)
    rate = _options.rate(rf)
    frame = as_frame(navs, "navs", kind="nav")
    a, b = _window_rows(frame.index, start, end)
    x = frame.to_numpy()
    stamps = _ns_stamps(frame.index)
    periods = periods_per_year_columns(frame.index, ~np.isnan(x), periods_per_year)
    levels = _bench_levels(bench, stamps)
    found = _spans(x, stamps, [(a, b)], periods, rate, names, levels)[0]
    table: dict[str, Any] = {"series": frame.columns.to_numpy(dtype=object)}
    table.update({name: found[name] for name in names})
    return pd.DataFrame(table)


_SPECIAL = {"ytd": "YTD", "si": "SI", "inception": "SI"}
_WINDOW_RE = re.compile(r"^\s*\d+\s*[YMWD]\s*$", re.IGNORECASE)


def _parse_windows(windows: Any) -> list[tuple[str, str | Span]]:
    """(header as written, "YTD" | "SI" | span) per window."""
    items = _options.items(windows) if _options.given(windows) else list(TRAILING_WINDOWS)
    out: list[tuple[str, str | Span]] = []
    for item in items:
        if is_blank(item):
            continue
        text = str(item).strip()
        special = _SPECIAL.get(text.lower())
        if special is not None:
            out.append((text, special))
        elif _WINDOW_RE.match(text):
            out.append((text, _options.span(text.upper(), "windows", "1M, 3M, 1Y or 18M")))
        else:
            raise OptionError(
                f"windows={_options.shown(text)} is not a window; use spans like 1M, 3M, 1Y, "
                "18M, or YTD, SI."
            )
    if not out:
        raise OptionError(
            f"windows={_options.shown(windows)} names no window; try 1M,3M,6M,YTD,1Y,3Y,SI."
        )
    return out


def trailing(
    navs: pd.Series | pd.DataFrame,
    windows: Any = None,
    metrics: Any = "total_return",
    as_of: Any = None,
    rf: Any = 0.0,
    periods_per_year: Any = None,
) -> pd.DataFrame:
    """Trailing-window performance (区间业绩): each fund's metrics over windows ending as of d.

    Parameters
    ----------
    navs : Series or DataFrame
        Date-indexed NAVs (> 0), one fund per column.
    windows : str or list of str, optional
        Windows as written: spans ``1W``, ``1M``, ``3M``, ``6M``, ``1Y``, ``2Y``, ``3Y``,
        ``5Y`` or any like ``18M``; ``YTD`` (from the last day of the previous year); ``SI``
        (since inception). Default 1M,3M,6M,YTD,1Y,3Y,SI.
    metrics : str or list of str, optional
        §8 metrics (no benchmark-relative ones); default total_return.
    as_of : date, optional
        d; default the last date on which any fund has a NAV.
    rf : float, optional
        Annual risk-free rate as a fraction.
    periods_per_year : float, optional
        P for every fund; inferred from each fund's own dates when omitted.

    Returns
    -------
    DataFrame
        Columns ``series``, ``metric``, then one column per window headed as written; one
        row per fund and metric, then a ``periods_per_year`` row per fund.

    Notes
    -----
    SPEC §9: a window's start is d − span (EDATE month arithmetic: 31 March − 1M = 28/29
    February); its base is each fund's last NAV on or before the start, its end the last
    NAV on or before d. A fund whose first NAV is after the start, or with no NAV after the
    start up to d, has no value (never a shorter window); YTD of a fund that started this
    year is empty.

    Examples
    --------
    >>> navs = pd.Series([1.0, 1.1, 1.21], name="f",
    ...                  index=pd.to_datetime(["2023-12-31", "2024-02-29", "2024-03-31"]))
    >>> trailing(navs, "1M,YTD,SI").round(4).values.tolist()
    [['f', 'total_return', 0.1, 0.21, 0.21], ['f', 'periods_per_year', 4.0, 4.0, 4.0]]
    """
    spans = _parse_windows(windows)
    names = metric_list(metrics, default=("total_return",))
    _check_bench(names, None)
    rate = _options.rate(rf)
    frame = as_frame(navs, "navs", kind="nav")
    x = frame.to_numpy()
    index = frame.index
    stamps = _ns_stamps(index)
    periods = periods_per_year_columns(index, ~np.isnan(x), periods_per_year)
    if not _options.given(as_of):
        day = index[-1] if len(index) else pd.Timestamp("1970-01-01")
    else:
        day = to_date(as_of, "as_of")
    b = int(index.searchsorted(_day_end(day), side="left"))  # (a date: its whole day)
    rows: list[tuple[int, int]] = []
    need_base: list[bool] = []
    for _, span in spans:
        if span == "SI":
            rows.append((0, b))
            need_base.append(False)
            continue
        if span == "YTD":
            start = pd.Timestamp(day.year - 1, 12, 31)
        else:
            assert isinstance(span, Span)
            start = span_start(pd.DatetimeIndex([day.normalize()]), span)[0]
        # returns dated after the start's day (a NAV stamped 15:00 on it is its base)
        a = int(index.searchsorted(_day_end(start), side="left"))
        rows.append((a, max(a, b)))
        need_base.append(True)
    found = _spans(x, stamps, rows, periods, rate, names, None)
    valid = ~np.isnan(x)
    first = np.where(valid.any(axis=0), valid.argmax(axis=0) if len(index) else 0, len(index))
    n_series = x.shape[1]
    row_names = [*names, _P_ROW]
    table: dict[Any, Any] = {
        "series": np.repeat(frame.columns.to_numpy(dtype=object), len(row_names)),
        "metric": np.tile(np.array(row_names, dtype=object), n_series),
    }
    for (header, _), (a, _b), base_needed, figures in zip(
        spans, rows, need_base, found, strict=True
    ):
        # a window needs a NAV on or before its start (row a − 1) and a return after it
        ok = figures["n"] >= 1
        if base_needed:
            ok &= first < a
        cells = [np.where(ok, figures[name], np.nan) for name in names]
        cells.append(np.where(ok, periods, np.nan))
        table[header] = np.stack(cells, axis=1).reshape(-1)
    return pd.DataFrame(table)
