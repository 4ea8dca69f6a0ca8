"""The Excel functions of fofxl: one ``fof_<name>`` per row of SPEC §3 (Excel shows FOF_<NAME>).

Each function is thin: :mod:`fofxl_addin.cells` turns the cells into pylib inputs, one pylib
function computes, and :mod:`fofxl_addin.cells` turns the result back into cells. The
:func:`excel_function` decorator adds what every function shares: errors as one clear message
(:func:`fofxl_addin.cells.excel_errors`), help text generated from the pylib numpydoc
(:mod:`fofxl_addin.helptext`), and the xlwings registration (``func``/``arg``/``ret``), which
resolves to classic xlwings on Windows, to xlwings Lite/Server under Office.js, and to plain
no-ops elsewhere, so every ``fof_*`` is also an ordinary Python function.

Classic xlwings: list ``fofxl_addin.udfs`` under "UDF Modules" and click Import Functions.
xlwings Lite: ``addin/lite/main.py`` imports these functions.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from xlwings import arg, func, ret

import fofxl
from fofxl import (
    buckets,
    composite,
    drawdowns,
    excess,
    indicators,
    percentiles,
    performance,
    regime_table,
    regimes,
    snapshot,
)
from fofxl import resample as resampling
from fofxl import returns as returns_

from . import cells, helptext

__all__ = [
    "CATEGORY",
    "FUNCTIONS",
    "ExcelFunction",
    "fof_amplitude",
    "fof_align",
    "fof_bucket",
    "fof_bucketstats",
    "fof_ddtable",
    "fof_drawdown",
    "fof_excess",
    "fof_index",
    "fof_maxdd",
    "fof_pctrank",
    "fof_pctsnapshot",
    "fof_perf",
    "fof_regime",
    "fof_regimestats",
    "fof_resample",
    "fof_returns",
    "fof_rolldd",
    "fof_stat",
    "fof_version",
    "fof_vol",
]

#: The Excel function category (classic Function Wizard) of every fofxl function.
CATEGORY = "fofxl"
#: Dates as dates in Office.js (a FormattedNumber); classic xlwings writes datetimes as dates.
DATE_FORMAT = "yyyy-mm-dd"
_RANGE = {"ndim": 2, "err_to_str": True}
_OPTION = {"err_to_str": True}

#: FOF_DDTABLE's columns (SPEC §3): peak, trough, recovery, depth and the three lengths (a
#: blank recovery means not recovered yet).
EPISODES = tuple(c for c in drawdowns.EPISODE_COLUMNS if c != "recovered")

#: What each kind of output looks like, for the function reference.
SHAPES = {
    "aligned": (
        "One row per input row, beside the data (blank rows stay blank; a header row when the "
        "input has one)."
    ),
    "table": "A table with a header row.",
    "scalar": "One value (one per series, in a row, for several columns).",
}


@dataclass(frozen=True)
class ExcelFunction:
    """One Excel function: its Python function and where its help comes from."""

    name: str
    function: Callable[..., Any]
    sources: tuple[Callable[..., Any], ...]
    shape: str
    example: str
    description: str
    arguments: dict[str, str]


#: Every Excel function of the module, by Excel name, in SPEC §3 order.
FUNCTIONS: dict[str, ExcelFunction] = {}

#: Descriptions of Excel functions that wrap no pylib function.
_DESCRIPTIONS = {
    "FOF_VERSION": "The version of fofxl computing these functions.",
}

#: Excel argument name → the pylib parameter documenting it, where the names differ.
_ALIASES = {"bench_navs": "bench"}


def _argument_help(excel_name: str, parameter: inspect.Parameter, docs: list[helptext.Doc]) -> str:
    name = parameter.name
    text = helptext.SHARED_ARGUMENTS.get(name)
    for doc in docs:
        if text is None:
            text = doc.params.get(_ALIASES.get(name, name)) or doc.params.get(name)
    if not text:
        raise RuntimeError(f"{excel_name}: no help for argument {name!r}; document it in pylib.")
    default = parameter.default
    if default is inspect.Parameter.empty or default is None:
        return helptext.fit(text)
    suffix = f" Default: {'TRUE' if default is True else 'FALSE' if default is False else default}."
    return helptext.fit(text, helptext.MAX_CHARS - len(suffix)) + suffix


def excel_function(
    *sources: Callable[..., Any], ranges: tuple[str, ...] = (), shape: str, example: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Make ``fof_<name>`` an Excel function: clear errors, generated help, xlwings decorators.

    ``sources`` are the pylib functions whose numpydoc gives the help, in the order they are
    applied (their summaries make the description; each argument is described by the first
    that has it); ``ranges`` the arguments that are cell ranges (read as lists of rows).
    """

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        excel_name = function.__name__.upper()
        docs = [helptext.parse(source) for source in sources]
        summaries = " ".join(doc.summary for doc in docs)  # a pipeline: each step's summary
        description = helptext.fit(_DESCRIPTIONS.get(excel_name) or summaries)
        parameters = inspect.signature(function).parameters.values()
        arguments = {p.name: _argument_help(excel_name, p, docs) for p in parameters}
        wrapped = cells.excel_errors(excel_name)(function)
        wrapped.__doc__ = description  # read by xlwings as the function's description
        for name, text in arguments.items():
            wrapped = arg(name, doc=text, **(_RANGE if name in ranges else _OPTION))(wrapped)
        wrapped = ret(date_format=DATE_FORMAT)(wrapped)
        wrapped = func(category=CATEGORY)(wrapped)
        info = getattr(wrapped, "__xlfunc__", None)
        if info is not None and "sub" in info:  # classic xlwings: name the VBA function
            info["name"] = excel_name  # FOF_<NAME>, which Excel shows; see __getattr__
        FUNCTIONS[excel_name] = ExcelFunction(
            excel_name, wrapped, sources, shape, example, description, arguments
        )
        return wrapped

    return decorate


# --------------------------------------------------------------------------------------------
# Returns and resampling


@excel_function(
    returns_.periodic_returns,
    ranges=("dates", "navs"),
    shape="table",
    example='=FOF_RETURNS(Data!A1:A500, Data!B1:D500, "W")',
)
def fof_returns(dates: Any, navs: Any, freq: Any = "native") -> Any:
    data = cells.read_dated(dates, navs, values_name="navs", kind="nav", default_name="return")
    result = returns_.periodic_returns(data.frame, cells.text_option(freq, "freq", "native"))
    return cells.table(result, index=data.date_name)


@excel_function(
    resampling.resample,
    ranges=("dates", "values"),
    shape="table",
    example='=FOF_RESAMPLE(Data!A1:A2000, Data!E1:E2000, "W", "mean")',
)
def fof_resample(dates: Any, values: Any, freq: Any = "W", how: Any = "last") -> Any:
    data = cells.read_dated(dates, values, default_name="value")
    result = resampling.resample(
        data.frame, cells.text_option(freq, "freq", "W"), cells.text_option(how, "how", "last")
    )
    return cells.table(result, index=data.date_name)


@excel_function(
    resampling.align,
    ranges=("target_dates", "dates", "values"),
    shape="aligned",
    example="=FOF_ALIGN(A2:A300, Data!A2:A2000, Data!E2:E2000)",
)
def fof_align(target_dates: Any, dates: Any, values: Any, how: Any = "asof") -> Any:
    target = cells.read_dates(target_dates, "target_dates")
    data = cells.read_dated(dates, values)
    result = resampling.align(target.dates, data.frame, cells.text_option(how, "how", "asof"))
    return target.layout.emit(cells.rows(result), data.names)


# --------------------------------------------------------------------------------------------
# Percentiles, regimes, indicators, buckets


@excel_function(
    percentiles.rolling_percentile,
    ranges=("dates", "values"),
    shape="aligned",
    example='=FOF_PCTRANK(Data!A1:A3000, Data!E1:E3000, "3Y")',
)
def fof_pctrank(
    dates: Any, values: Any, window: Any = "3Y", method: Any = "inc", min_periods: Any = None
) -> Any:
    data = cells.read_dated(dates, values)
    result = percentiles.rolling_percentile(
        data.frame,
        window=cells.window_option(window, "window", "3Y"),
        method=cells.text_option(method, "method", "inc"),
        min_periods=cells.number_option(min_periods, "min_periods", None),
    )
    return data.aligned(result)


@excel_function(
    percentiles.rolling_percentile,
    regimes.regime_labels,
    ranges=("dates", "values", "labels"),
    shape="aligned",
    example='=FOF_REGIME(Data!A1:A3000, Data!E1:E3000, "3Y", 0.2, 0.8)',
)
def fof_regime(
    dates: Any,
    values: Any,
    window: Any = "3Y",
    low: Any = 0.2,
    high: Any = 0.8,
    labels: Any = "low,balance,high",
    method: Any = "inc",
) -> Any:
    data = cells.read_dated(dates, values)
    pct = percentiles.rolling_percentile(
        data.frame,
        window=cells.window_option(window, "window", "3Y"),
        method=cells.text_option(method, "method", "inc"),
    )
    result = regimes.regime_labels(
        pct,
        low=cells.number_option(low, "low", 0.2, zero_is_blank=False),
        high=cells.number_option(high, "high", 0.8, zero_is_blank=False),
        labels=cells.list_option(labels, "labels") or "low,balance,high",
    )
    return data.aligned(result)


@excel_function(
    regimes.bucket_labels,
    ranges=("values", "breaks", "labels"),
    shape="aligned",
    example='=FOF_BUCKET(B2:B500, "-0.02,0.02", "down,flat,up")',
)
def fof_bucket(values: Any, breaks: Any, labels: Any = None) -> Any:
    data = cells.read_undated({"values": values})
    result = regimes.bucket_labels(
        data.numbers("values"),
        cells.numbers_option(breaks, "breaks"),
        cells.list_option(labels, "labels"),
    )
    return data.layout.emit(cells.rows(pd.DataFrame(result)), data.names["values"] or [])


@excel_function(
    indicators.realized_volatility,
    ranges=("dates", "closes"),
    shape="aligned",
    example="=FOF_VOL(Data!A1:A3000, Data!B1:B3000, 20)",
)
def fof_vol(dates: Any, closes: Any, window: Any = 20, periods_per_year: Any = 252) -> Any:
    data = cells.read_dated(dates, closes, values_name="closes", kind="price")
    result = indicators.realized_volatility(
        data.series,
        window=cells.window_option(window, "window", 20),
        periods_per_year=cells.number_option(periods_per_year, "periods_per_year", 252),
    )
    return data.aligned(result)


@excel_function(
    indicators.amplitude,
    ranges=("highs", "lows", "closes"),
    shape="aligned",
    example="=FOF_AMPLITUDE(Data!C1:C3000, Data!D1:D3000, Data!B1:B3000)",
)
def fof_amplitude(highs: Any, lows: Any, closes: Any) -> Any:
    data = cells.read_undated({"highs": highs, "lows": lows, "closes": closes})
    try:  # the rows stand in for dates: "previous close" is the close of the row above
        result = indicators.amplitude(
            data.series("highs", "price"),
            data.series("lows", "price"),
            data.series("closes", "price"),
        )
    except fofxl.FofError as exc:
        raise data.rows_in(exc) from None
    return data.layout.emit(cells.rows(result.reindex(data.positions)), ["amplitude"])


@excel_function(
    buckets.bucket_stats,
    ranges=("values", "labels", "order"),
    shape="table",
    example="=FOF_BUCKETSTATS(Weekly!B2:J300, Weekly!K2:K300)",
)
def fof_bucketstats(values: Any, labels: Any, order: Any = None, total: Any = False) -> Any:
    data = cells.read_undated({"values": values, "labels": labels})
    result = buckets.bucket_stats(
        data.numbers("values"),
        data.texts("labels"),
        order=cells.list_option(order, "order"),
        total=cells.bool_option(total, "total", False),
    )
    names = data.names["labels"]
    return cells.table(result, index=names[0] if names else "label")


@excel_function(
    regime_table.regime_stats,
    ranges=("ret_dates", "returns", "ind_dates", "indicator"),
    shape="table",
    example="=FOF_REGIMESTATS(Weekly!A1:A300, Weekly!B1:J300, Market!A1:A3000, Market!E1:E3000)",
)
def fof_regimestats(
    ret_dates: Any,
    returns: Any,
    ind_dates: Any,
    indicator: Any,
    window: Any = "3Y",
    low: Any = 0.2,
    high: Any = 0.8,
    agg: Any = "mean",
    lag: Any = 0,
) -> Any:
    rets = cells.read_dated(
        ret_dates, returns, dates_name="ret_dates", values_name="returns", kind="return"
    )
    ind = cells.read_dated(ind_dates, indicator, dates_name="ind_dates", values_name="indicator")
    result = regime_table.regime_stats(
        rets.frame,
        ind.series,
        window=cells.window_option(window, "window", "3Y"),
        low=cells.number_option(low, "low", 0.2, zero_is_blank=False),
        high=cells.number_option(high, "high", 0.8, zero_is_blank=False),
        agg=cells.text_option(agg, "agg", "mean"),
        lag=cells.number_option(lag, "lag", 0, zero_is_blank=False),
    )
    return cells.table(result, index="regime")


@excel_function(
    snapshot.percentile_snapshot,
    ranges=("dates", "values"),
    shape="table",
    example='=FOF_PCTSNAPSHOT(Market!A1:A3000, Market!C1:E3000, "3Y", "Q")',
)
def fof_pctsnapshot(dates: Any, values: Any, window: Any = "3Y", period: Any = "Q") -> Any:
    data = cells.read_dated(dates, values)
    result = snapshot.percentile_snapshot(
        data.frame,
        window=cells.window_option(window, "window", "3Y"),
        period=cells.text_option(period, "period", "Q"),
    )
    return cells.table(result, index="period")


# --------------------------------------------------------------------------------------------
# Drawdowns


@excel_function(
    drawdowns.drawdown,
    ranges=("dates", "navs"),
    shape="aligned",
    example="=FOF_DRAWDOWN(Data!A1:A500, Data!B1:D500)",
)
def fof_drawdown(dates: Any, navs: Any) -> Any:
    data = cells.read_dated(dates, navs, values_name="navs", kind="nav")
    return data.aligned(drawdowns.drawdown(data.frame))


@excel_function(
    drawdowns.max_drawdown,
    ranges=("dates", "navs"),
    shape="scalar",
    example='=FOF_MAXDD(Data!A1:A500, Data!B1:B500, "2023-11-01", "2024-02-07")',
)
def fof_maxdd(dates: Any, navs: Any, start: Any = None, end: Any = None) -> Any:
    data = cells.read_dated(dates, navs, values_name="navs", kind="nav")
    result = drawdowns.max_drawdown(
        data.frame, cells.date_option(start, "start"), cells.date_option(end, "end")
    )
    return data.per_column(result.tolist())


@excel_function(
    drawdowns.drawdown_episodes,
    ranges=("dates", "navs"),
    shape="table",
    example="=FOF_DDTABLE(Data!A1:A500, Data!B1:B500, 5)",
)
def fof_ddtable(dates: Any, navs: Any, top: Any = 5) -> Any:
    data = cells.read_dated(dates, navs, values_name="navs", kind="nav")
    top_ = cells.number_option(top, "top", 5)
    if data.frame.shape[1] == 1:
        return cells.table(drawdowns.drawdown_episodes(data.series, top_)[list(EPISODES)])
    episodes = drawdowns.drawdown_episodes_panel(data.frame, top_)
    return cells.table(episodes[["series", *EPISODES]])


@excel_function(
    drawdowns.rolling_max_drawdown,
    ranges=("dates", "navs"),
    shape="aligned",
    example="=FOF_ROLLDD(Data!A1:A500, Data!B1:B500, 4)",
)
def fof_rolldd(dates: Any, navs: Any, window: Any) -> Any:
    data = cells.read_dated(dates, navs, values_name="navs", kind="nav")
    window_ = cells.window_option(window, "window", None)
    return data.aligned(drawdowns.rolling_max_drawdown(data.frame, window_))


@excel_function(
    excess.excess_nav,
    ranges=("dates", "navs", "bench_dates", "bench_navs"),
    shape="aligned",
    example="=FOF_EXCESS(Funds!A1:A800, Funds!B1:F800, Bench!A1:A800, Bench!B1:B800)",
)
def fof_excess(
    dates: Any, navs: Any, bench_dates: Any, bench_navs: Any, method: Any = "ratio"
) -> Any:
    data = cells.read_dated(dates, navs, values_name="navs", kind="nav")
    bench = cells.read_dated(
        bench_dates, bench_navs, dates_name="bench_dates", values_name="bench_navs", kind="nav"
    )
    result = excess.excess_nav(
        data.frame, bench.series, cells.text_option(method, "method", "ratio")
    )
    return data.aligned(result)


# --------------------------------------------------------------------------------------------
# Performance and strategy indices


@excel_function(
    performance.performance_table,
    ranges=("dates", "navs", "metrics"),
    shape="table",
    example="=FOF_PERF(Index!A1:A400, Index!B1:D400)",
)
def fof_perf(
    dates: Any,
    navs: Any,
    by: Any = "year",
    rf: Any = 0,
    periods_per_year: Any = None,
    metrics: Any = None,
) -> Any:
    data = cells.read_dated(dates, navs, values_name="navs", kind="nav")
    result = performance.performance_table(
        data.frame,
        by=cells.text_option(by, "by", "year"),
        rf=cells.number_option(rf, "rf", 0, zero_is_blank=False),
        periods_per_year=cells.number_option(periods_per_year, "periods_per_year", None),
        metrics=cells.list_option(metrics, "metrics"),
    )
    return cells.table(result)


@excel_function(
    performance.stat,
    ranges=("dates", "navs"),
    shape="scalar",
    example='=FOF_STAT(Index!A1:A400, Index!B1:B400, "sharpe", "2023-01-01", "2023-12-31")',
)
def fof_stat(
    dates: Any,
    navs: Any,
    metric: Any,
    start: Any = None,
    end: Any = None,
    rf: Any = 0,
    periods_per_year: Any = None,
) -> Any:
    data = cells.read_dated(dates, navs, values_name="navs", kind="nav")
    options = {
        "metric": cells.text_option(metric, "metric", None),
        "start": cells.date_option(start, "start"),
        "end": cells.date_option(end, "end"),
        "rf": cells.number_option(rf, "rf", 0, zero_is_blank=False),
        "periods_per_year": cells.number_option(periods_per_year, "periods_per_year", None),
    }
    return data.per_column([performance.stat(data.frame[c], **options) for c in data.frame])


@excel_function(
    composite.composite_index,
    ranges=("dates", "navs"),
    shape="table",
    example="=FOF_INDEX(Pool!A1:A2000, Pool!B1:K2000)",
)
def fof_index(
    dates: Any,
    navs: Any,
    freq: Any = "W",
    min_age: Any = "6M",
    max_gap: Any = "14D",
    rebalance: Any = "M",
    base: Any = 1,
) -> Any:
    data = cells.read_dated(dates, navs, values_name="navs", kind="nav")
    result = composite.composite_index(
        data.frame,
        freq=cells.text_option(freq, "freq", "W"),
        min_age=cells.text_option(min_age, "min_age", "6M"),
        max_gap=cells.text_option(max_gap, "max_gap", "14D"),
        rebalance=cells.text_option(rebalance, "rebalance", "M"),
        base=cells.number_option(base, "base", 1.0),
    )
    return cells.table(result, index=data.date_name)


@excel_function(shape="scalar", example="=FOF_VERSION()")
def fof_version() -> str:
    return fofxl.__version__


def _reorder() -> None:
    """FUNCTIONS in SPEC §3 order (the order of the function reference)."""
    order = [
        "RETURNS", "RESAMPLE", "ALIGN", "PCTRANK", "REGIME", "BUCKET", "VOL", "AMPLITUDE",
        "BUCKETSTATS", "REGIMESTATS", "DRAWDOWN", "MAXDD", "DDTABLE", "ROLLDD", "EXCESS", "PERF",
        "STAT", "INDEX", "PCTSNAPSHOT", "VERSION",
    ]  # fmt: skip
    ordered = {f"FOF_{n}": FUNCTIONS[f"FOF_{n}"] for n in order if f"FOF_{n}" in FUNCTIONS}
    FUNCTIONS.clear()
    FUNCTIONS.update(ordered)


_reorder()


def __getattr__(name: str) -> Any:
    """``FOF_<NAME>`` → ``fof_<name>``: classic xlwings calls a UDF by its VBA (Excel) name."""
    if name in FUNCTIONS:
        return FUNCTIONS[name].function
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
