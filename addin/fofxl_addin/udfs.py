"""The Excel functions of fofxl: one ``fof_<name>`` per row of SPEC §3 (Excel shows FOF_<NAME>).

:data:`FUNCTIONS` is the one registry of the FOF_* functions: ``__all__``, the xlwings Lite
``main.py``, the headless evaluator, the function reference and the tests all read it. A
function is registered by defining it here under :func:`excel_function`, which adds what every
function shares:

* its range arguments (``ranges``) are read by :mod:`fofxl_addin.ranges`; every other argument
  is an option, unwrapped from its cell by :mod:`fofxl_addin.options` (a blank option is the
  default of the signature below) and read and checked by pylib;
* errors leave as one clear message (:func:`fofxl_addin.runtime.excel_errors`);
* its help is its docstring, written for Excel users (:mod:`fofxl_addin.helptext`);
* the xlwings registration (``func``/``arg``/``ret``), which resolves to classic xlwings on
  Windows, to xlwings Lite/Server under Office.js, and to plain no-ops elsewhere, so every
  ``fof_*`` is also an ordinary Python function.

Each function is thin: ranges in, one pylib function, :mod:`fofxl_addin.output` out.

Classic xlwings: list ``fofxl_addin.udfs`` under "UDF Modules" and click Import Functions.
xlwings Lite: ``addin/lite/main.py`` imports these functions.
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

import fofxl
from fofxl import (
    _options,
    adjnav,
    buckets,
    composite,
    correlation,
    drawdowns,
    excess,
    indicators,
    monthly,
    peer_rank,
    percentiles,
    performance,
    portfolio,
    regime_inference,
    regime_table,
    regimes,
    screening,
    snapshot,
)
from fofxl import resample as resampling
from fofxl import returns as returns_
from fofxl.errors import InputError, OptionError

from . import helptext, options, output, ranges, runtime
from ._xlwings import arg, func, ret

#: The Excel function category (classic Function Wizard) of every fofxl function.
CATEGORY = "fofxl"
#: Dates as dates in Office.js (a FormattedNumber); classic xlwings writes datetimes as dates.
DATE_FORMAT = output.DATE_FORMAT
#: How xlwings hands over a list argument (rows of cells) and an option (one cell).
_LIST = {"ndim": 2, "err_to_str": True}
_OPTION = {"err_to_str": True}
#: A data range: rows of cells; under Office.js raw, read by fofxl itself (see
#: :mod:`fofxl_addin.officejs`), and the result likewise.
_DATA: dict[str, Any] = _LIST
_RESULT: dict[str, Any] = {"date_format": DATE_FORMAT}
if runtime.officejs():
    from . import officejs as _officejs

    _DATA = {"convert": _officejs.RangeIn}
    _RESULT = {"convert": _officejs.ResultOut, "date_format": DATE_FORMAT}

#: FOF_DDTABLE's columns (SPEC §3): peak, trough, recovery, depth and the three lengths (a
#: blank recovery means not recovered yet).
EPISODES = tuple(c for c in drawdowns.EPISODE_COLUMNS if c != "recovered")


@dataclass(frozen=True)
class ExcelFunction:
    """One Excel function: its registered Python function and its Excel help."""

    name: str
    function: Callable[..., Any]
    shape: str
    example: str
    help: helptext.Help
    arguments: dict[str, str]

    @property
    def description(self) -> str:
        """The Function Wizard's description of the function."""
        return self.help.summary


#: How an option value is read: ``reader(value, name)`` gives the value the function uses or
#: raises :class:`~fofxl.errors.OptionError` naming ``name``.
Reader = Callable[[Any, str], object]
_READERS = "_fofxl_option_readers"

#: Every Excel function, by Excel name, in the order of SPEC §3 (the order of definition).
FUNCTIONS: dict[str, ExcelFunction] = {}


def _help(function: Callable[..., Any], fill: Mapping[str, str]) -> helptext.Help:
    """The function's Excel help, ``{name}`` placeholders filled, every text checked."""
    excel_name = function.__name__.upper()
    found = helptext.parse(function, fill)
    parameters = inspect.signature(function).parameters
    unknown = set(found.arguments) - set(parameters)
    if unknown:
        raise RuntimeError(f"{excel_name}: help for arguments it does not have: {unknown}.")
    for parameter in parameters.values():
        text = found.arguments.get(parameter.name) or helptext.SHARED_ARGUMENTS.get(parameter.name)
        if not text:
            raise RuntimeError(
                f"{excel_name}: no help for argument {parameter.name!r}; add a paragraph "
                f"'{parameter.name}: ...' to its docstring."
            )
        found.arguments[parameter.name] = text + helptext.blank_text(parameter)
    for key, text in [("description", found.summary), *found.arguments.items()]:
        if not 0 < len(text) <= helptext.MAX_CHARS:
            raise RuntimeError(
                f"{excel_name}: the help of {key} has {len(text)} characters; Excel shows at "
                f"most {helptext.MAX_CHARS}."
            )
    found.arguments = {p: found.arguments[p] for p in parameters}
    return found


def excel_function(
    *,
    ranges: tuple[str, ...] = (),
    shape: str,
    example: str,
    fill: Mapping[str, str] = {},
    readers: Mapping[str, Reader] = {},
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``fof_<name>`` as the Excel function FOF_<NAME> (see the module docstring).

    ``ranges`` are the arguments that are data ranges; ``shape`` is ``aligned``, ``table`` or
    ``scalar``; ``example`` a formula for the reference; ``fill`` texts for ``{name}``
    placeholders of the help; ``readers`` the pylib readers of the options this function's
    pylib function reads by a rule of its own (FOF_CORR's ``min_periods`` ≥ 2), the readers
    it calls itself. :func:`option_readers` gives each option of the function its reader:
    those, else the common one (:data:`fofxl._options.BY_NAME`), so that a value can be
    checked before the function runs (``fofxl render --set``).
    """

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        excel_name = function.__name__.upper()
        parameters = inspect.signature(function).parameters
        unknown = set(readers) - set(parameters)
        if unknown:
            raise RuntimeError(f"{excel_name}: readers for arguments it does not have: {unknown}.")
        own = {
            name: readers.get(name) or _options.BY_NAME[name]
            for name in parameters
            if name not in ranges and (name in readers or name in _options.BY_NAME)
        }

        found = _help(function, fill)
        wrapped = runtime.excel_errors(excel_name)(options.read_options(function, ranges))
        wrapped.__doc__ = found.summary  # read by xlwings as the function's description
        for name, text in found.arguments.items():
            kind = _DATA if name in ranges else _LIST if name in options.LISTS else _OPTION
            wrapped = arg(name, doc=text, **kind)(wrapped)
        wrapped = ret(**_RESULT)(wrapped)
        wrapped = func(category=CATEGORY)(wrapped)
        info = getattr(wrapped, "__xlfunc__", None)
        if info is not None and "sub" in info:  # classic xlwings: name the VBA function
            info["name"] = excel_name  # FOF_<NAME>, which Excel shows; see __getattr__
        setattr(wrapped, _READERS, own)
        FUNCTIONS[excel_name] = ExcelFunction(
            excel_name, wrapped, shape, example, found, found.arguments
        )
        return wrapped

    return decorate


def option_readers(function: Callable[..., Any]) -> Mapping[str, Reader]:
    """``{option: reader}`` of a function registered by :func:`excel_function`: the reader of
    each option its pylib function reads (empty for any other callable)."""
    readers: Mapping[str, Reader] = getattr(function, _READERS, {})
    return readers


def _blank_range(value: Any) -> bool:
    """An optional range left out: omitted, or every cell empty (an Excel error is not)."""
    cells = [cell for row in ranges.grid(value) for cell in row]
    return all(
        cell is None
        or (isinstance(cell, str) and not cell.strip())
        or (isinstance(cell, float) and math.isnan(cell))
        for cell in cells
    )


def _bench(bench_dates: Any, bench_navs: Any) -> pd.Series | None:
    """The benchmark of the performance functions, or None when both ranges are left out."""

    if _blank_range(bench_dates) and _blank_range(bench_navs):
        return None
    if _blank_range(bench_dates) or _blank_range(bench_navs):
        raise OptionError(
            "bench_dates and bench_navs go together; give both (the benchmark's dates and "
            "levels) or leave both out."
        )
    bench = ranges.read_dated(
        bench_dates, bench_navs, dates_name="bench_dates", values_name="bench_navs", kind="nav"
    )
    return bench.series


# --------------------------------------------------------------------------------------------
# Returns and resampling


@excel_function(
    ranges=("dates", "navs"),
    shape="table",
    example='=FOF_RETURNS(Data!A1:A500, Data!B1:D500, "W")',
)
def fof_returns(dates: Any, navs: Any, freq: Any = "native") -> Any:
    """Returns of each NAV series per calendar period (week ending Friday, month, quarter, year).

    Spills: a table: the period-end dates in the first column, then one column of returns per
    NAV column (blank where that fund has no return in the period).

    navs: The NAVs (each > 0): one column per fund, blank cells being missing observations.

    freq: native (one return per NAV date after the first), W (weeks ending Friday), M, Q or
    Y.

    Definition: the NAV of a period is the last NAV dated in it (native: each NAV date is a
    period); the return of period p is
    nav_p / nav_q − 1, q being the previous period that has a NAV. A period with no NAV has no
    return and the next return spans it. The first period's NAV is the base, so the first row
    is the first period with a return.
    """
    data = ranges.read_dated(dates, navs, values_name="navs", kind="nav", default_name="return")
    result = returns_.periodic_returns(data.frame, freq)
    return output.table(result, index=data.date_name)


@excel_function(
    ranges=("dates", "values"),
    shape="table",
    example='=FOF_RESAMPLE(Data!A1:A2000, Data!E1:E2000, "W", "mean")',
)
def fof_resample(dates: Any, values: Any, freq: Any = "W", how: Any = "last") -> Any:
    """One value per calendar period (week, month, quarter, year) of each column of values.

    Spills: a table: the period-end dates (Friday, month end, ...) of the periods holding data,
    then one column per value column (blank where that column has no value in the period).

    values: The values, one column per series; blank cells are skipped.

    freq: W (weeks ending Friday), M, Q, Y, or native / D (one period per calendar day).

    how: How a period's values become one: last, mean, sum, first, min, max or count (the
    number of non-blank values).

    Definition: a week is the days after the previous Friday up to this Friday, so a Thursday
    value in a week whose Friday is a holiday lands in that Friday's week. Blank values are
    skipped, never counted as zero.
    """
    data = ranges.read_dated(dates, values, default_name="value")
    result = resampling.resample(data.frame, freq, how)
    return output.table(result, index=data.date_name)


@excel_function(
    ranges=("target_dates", "dates", "values"),
    shape="aligned",
    example="=FOF_ALIGN(A2:A300, Data!A2:A2000, Data!E2:E2000)",
)
def fof_align(target_dates: Any, dates: Any, values: Any, how: Any = "asof") -> Any:
    """Place values on target dates: the last non-blank value on or before each target date.

    Spills: one row per target date, in the given order (a blank target date gives a blank
    row); blank where no value qualifies.

    values: The values to place, one column per series.

    how: asof (the last non-blank value dated on or before the target date) or exact (only a
    value dated on the target date itself).

    Definition: asof: the value of the latest date s ≤ t whose value is not blank, per column.
    Dates are compared as given (a date with a time of day is later than the same date at
    midnight).
    """
    target = ranges.read_dates(target_dates, "target_dates")
    data = ranges.read_dated(dates, values)
    result = resampling.align(target.dates, data.frame, how)
    return target.layout.emit(output.rows(result), data.names)


# --------------------------------------------------------------------------------------------
# Percentiles, regimes, indicators, buckets

_PERCENTILE_DEFINITION = """\
With n values in the window of x (x included) and b of them strictly below x (ties are not
below):

* inc: b / (n − 1), like PERCENTRANK.INC without rounding (blank for a window of one value);
* exc: (b + 1) / (n + 1), like PERCENTRANK.EXC;
* rank: (b + (e + 1) / 2) / n, e being the values equal to x (x included).

A count window needs n ≥ window; a span such as 3Y needs the series' first date on or before
the date minus the span (month arithmetic like EDATE)."""


@excel_function(
    ranges=("dates", "values"),
    shape="aligned",
    fill={"percentile": _PERCENTILE_DEFINITION},
    example='=FOF_PCTRANK(Data!A1:A3000, Data!E1:E3000, "3Y")',
)
def fof_pctrank(
    dates: Any, values: Any, window: Any = "3Y", method: Any = "inc", min_periods: Any = None
) -> Any:
    """Historical percentile (0 to 1) of each value within its trailing window of the same column.

    Spills: one row per input row, beside the data; blank until a window is full and on blank
    rows. Fractions: format the cells as percentages.

    values: The values (e.g. an indicator), one column per series, each over its own non-blank
    rows.

    window: A count of observations (the current one included) such as 750, or a span such as
    3Y, 36M, 156W or 1095D.

    method: inc (like PERCENTRANK.INC, not rounded), exc (like PERCENTRANK.EXC) or rank
    (average rank divided by the count).

    min_periods: Give a percentile as soon as the window holds this many values. Blank: wait for
    a full window.

    Definition: {percentile}
    """
    data = ranges.read_dated(dates, values)
    result = percentiles.rolling_percentile(
        data.frame, window=window, method=method, min_periods=min_periods
    )
    return data.aligned(result)


@excel_function(
    ranges=("dates", "values"),
    shape="aligned",
    fill={"percentile": _PERCENTILE_DEFINITION},
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
    """Regime of each value: high, balance or low by its percentile within the trailing window.

    Spills: one row per input row, beside the data: a regime name per value; blank until a
    window is full and on blank rows.

    values: The values (e.g. an indicator), one column per series, each over its own non-blank
    rows.

    window: A count of observations (the current one included) such as 750, or a span such as
    3Y, 36M, 156W or 1095D.

    low: Below this percentile (a fraction, 0.2 for 20%) the regime is low; the threshold itself
    is balance.

    high: Above this percentile (a fraction) the regime is high; the threshold itself is balance.

    labels: The three names from low to high: text like "calm,normal,stressed" or a range of
    three cells.

    method: How the percentile is computed: inc (like PERCENTRANK.INC), exc (like
    PERCENTRANK.EXC) or rank.

    Definition: the percentile p of each value as in FOF_PCTRANK; then p > high gives the third
    label, p < low the first, and low ≤ p ≤ high the second. {percentile}
    """
    data = ranges.read_dated(dates, values)
    pct = percentiles.rolling_percentile(data.frame, window=window, method=method)
    return data.aligned(regimes.regime_labels(pct, low=low, high=high, labels=labels))


@excel_function(
    ranges=("values",),
    shape="aligned",
    example='=FOF_BUCKET(B2:B500, "-0.02,0.02", "down,flat,up")',
)
def fof_bucket(values: Any, breaks: Any, labels: Any = None) -> Any:
    """Label each value by the bucket of breaks it falls in: below b1, [b1, b2), ..., b_k and above.

    Spills: one row per input row, beside the data: the bucket's label; blank for a blank value
    (and, with one label fewer than the breaks, for a value outside the first and last break).

    values: The numbers to label; blank cells stay blank.

    breaks: The breaks from smallest to largest: a range of cells or text such as -0.02,0.02.
    k breaks make k + 1 buckets; a value equal to a break goes to the bucket above it.

    labels: The bucket names from low to high (text like "down,flat,up" or a range): k + 1
    names, or k − 1 to use the outer breaks as edges. Blank: each bucket named by its edges,
    like [0, 0.01).

    Definition: a value v is in bucket i when b_i ≤ v < b_(i+1), the first bucket being below
    b_1 and the last at or above b_k. With k − 1 labels the buckets are [b_1, b_2), ...,
    [b_(k−1), b_k], the last one closed, and values outside [b_1, b_k] stay blank.
    """
    data = ranges.read_undated({"values": values})
    result = regimes.bucket_labels(data.numbers("values"), breaks, labels)
    return data.layout.emit(output.rows(pd.DataFrame(result)), data.names["values"] or [])


@excel_function(
    ranges=("dates", "closes"),
    shape="aligned",
    example="=FOF_VOL(Data!A1:A3000, Data!B1:B3000, 20)",
    readers={"window": indicators.volatility_window},
)
def fof_vol(dates: Any, closes: Any, window: Any = 20, periods_per_year: Any = 252) -> Any:
    """Annualised volatility of daily closes over a rolling window of log returns.

    Spills: one row per input row, beside the data; blank on the first rows, until the window
    holds its returns. Fractions: format the cells as percentages.

    closes: The closing prices (each > 0) of one series, e.g. an index; blank rows are skipped.

    window: How many daily log returns each volatility uses (a whole number, 2 or more).

    periods_per_year: Trading days per year used to annualise (A-share daily data often uses
    242 to 250).

    Definition: lr_t = ln(c_t / c_(t−1)); volatility = √P × the sample standard deviation
    (STDEV.S) of the last N log returns, N being the window and P periods_per_year.
    """
    data = ranges.read_dated(dates, closes, values_name="closes", kind="price")
    result = indicators.realized_volatility(
        data.series, window=window, periods_per_year=periods_per_year
    )
    return data.aligned(result)


@excel_function(
    ranges=("highs", "lows", "closes", "dates"),
    shape="aligned",
    example="=FOF_AMPLITUDE(Data!C1:C3000, Data!D1:D3000, Data!B1:B3000, Data!A1:A3000)",
)
def fof_amplitude(highs: Any, lows: Any, closes: Any, dates: Any = None) -> Any:
    """Daily amplitude: (high − low) / the previous day's close.

    Spills: one row per input row, beside the data; blank on the first day and where the high,
    the low or every earlier close is blank.

    highs: The daily highs (each > 0), one per row.

    lows: The daily lows (each > 0, never above the high of the same row).

    closes: The daily closes (each > 0); a blank close is skipped, never a zero.

    dates: The dates of the rows: date cells, Excel serial numbers or text like 2023-06-30, in
    any order, one per row. If the first cell is text such as 'date', the first row of every
    range is a header. Blank: rows run oldest first (the row above is the day before).

    Definition: amplitude = (high − low) / close, the close being the last non-blank close of
    an earlier day (the previous trading day's close).
    """
    if not _blank_range(dates):  # each day over the close of the day before, in any order
        read = ranges.read_dated_ranges(
            dates, {"highs": highs, "lows": lows, "closes": closes}, kind="price"
        )
        result = indicators.amplitude(*(data.series for data in read.values()))
        return replace(read["highs"], names=["amplitude"]).aligned(result)
    data = ranges.read_undated({"highs": highs, "lows": lows, "closes": closes})
    try:  # the rows stand in for dates: the previous close is the row above's
        result = indicators.amplitude(
            data.series("highs", "price"),
            data.series("lows", "price"),
            data.series("closes", "price"),
        )
    except fofxl.FofError as exc:
        raise data.rows_in(exc) from None
    return data.layout.emit(output.rows(result.reindex(data.positions)), ["amplitude"])


@excel_function(
    ranges=("values", "labels"),
    shape="table",
    example="=FOF_BUCKETSTATS(Weekly!B2:J300, Weekly!K2:K300)",
)
def fof_bucketstats(values: Any, labels: Any, order: Any = None, total: Any = False) -> Any:
    """Statistics of values per label: count, mean, std, min, quartiles, max, >0 share, stability.

    Spills: a table: one row per label, then columns count, mean, std, min, 25%, 50%, 75%, max,
    >0 share and stability.

    values: The values (e.g. weekly returns): one column, or several columns (one per product)
    all pooled; blank cells are skipped.

    labels: The label of each value (e.g. its regime): the same size as values, or one column
    labelling each row. Blank labels are skipped.

    order: The rows to show, in order: text like "low,balance,high" or a range. Blank: low,
    balance, high (when used), then other labels as they first appear.

    total: TRUE adds a row "total" over the values of all rows shown.

    Definition: per label with n values: mean = sum / n; std = sample standard deviation
    (STDEV.S, blank for n < 2); quartiles like PERCENTILE.INC; >0 share = the share of values
    above 0; stability = mean / std (blank when std is 0 or blank). A listed label without
    values has count 0 and blank statistics.
    """
    data = ranges.read_undated({"values": values, "labels": labels})
    result = buckets.bucket_stats(
        data.numbers("values"), data.labels("labels"), order=order, total=total
    )
    names = data.names["labels"]
    return output.table(result, index=names[0] if names else "label")


@excel_function(
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
    """Statistics of the returns per market regime (Tables 3–5), all products pooled.

    Spills: a table: one row per regime (low, balance, high, then total), with columns count,
    mean, std, min, 25%, 50%, 75%, max, >0 share and stability.

    returns: The periodic returns (e.g. weekly), one column per product; each product-period is
    one observation.

    indicator: The daily indicator whose percentile sets the regime; its whole history is used.

    window: The percentile window over the indicator's periods: a count of periods or a span
    such as 3Y.

    low: Below this percentile (a fraction, 0.2 for 20%) the regime is low.

    high: Above this percentile (a fraction) the regime is high.

    agg: The indicator's value for a period: mean (of its days) or last.

    lag: Use the regime of this many periods earlier (0: the same period).

    Definition: the indicator is reduced to the returns' periods (agg), its percentile taken
    over the window as in FOF_PCTRANK (inc) and named as in FOF_REGIME; each return takes its
    period's regime (lag periods earlier); returns without a regime are left out. Statistics
    per regime as in FOF_BUCKETSTATS.
    """
    rets = ranges.read_dated(
        ret_dates, returns, dates_name="ret_dates", values_name="returns", kind="return"
    )
    ind = ranges.read_dated(ind_dates, indicator, dates_name="ind_dates", values_name="indicator")
    result = regime_table.regime_stats(
        rets.frame, ind.series, window=window, low=low, high=high, agg=agg, lag=lag
    )
    return output.table(result, index="regime")


@excel_function(
    ranges=("ret_dates", "returns", "ind_dates", "indicator"),
    shape="table",
    example="=FOF_REGIMETEST(Weekly!A1:A300, Weekly!B1:J300, Market!A1:A3000, Market!E1:E3000)",
)
def fof_regimetest(
    ret_dates: Any,
    returns: Any,
    ind_dates: Any,
    indicator: Any,
    window: Any = "3Y",
    low: Any = 0.2,
    high: Any = 0.8,
    agg: Any = "mean",
    lag: Any = 0,
    a: Any = "high",
    b: Any = "low",
    unit: Any = "period",
) -> Any:
    """Is the return difference between market regimes more than noise? Welch t, Mann–Whitney U
    and Kruskal–Wallis tests of the returns by regime.

    Spills: a table with columns test, a, b, unit, n_a, n_b, mean_a, mean_b, statistic, df,
    p_value and rows welch_t, mann_whitney (a against b) and kruskal (all regimes, a = all).

    returns: The periodic returns (e.g. weekly), one column per product.

    indicator: The daily indicator whose percentile sets the regime; its whole history is used.

    window: The percentile window over the indicator's periods: a count of periods or a span
    such as 3Y.

    low: Below this percentile (a fraction, 0.2 for 20%) the regime is low.

    high: Above this percentile (a fraction) the regime is high.

    agg: The indicator's value for a period: mean (of its days) or last.

    lag: Use the regime of this many periods earlier (0: the same period).

    a: The first regime of the two-sample tests: low, balance or high.

    b: The second regime of the two-sample tests: low, balance or high.

    unit: period: one observation per week (or month), the average of all products' returns
    in it; pooled: each product-week is one observation, as in FOF_REGIMESTATS.

    Definition: regimes exactly as in FOF_REGIMESTATS. welch_t: Welch's t test (unequal
    variances, like T.TEST type 3): statistic t = (mean_a − mean_b) / √(s_a²/n_a + s_b²/n_b),
    df by Welch–Satterthwaite, two-sided p. mann_whitney: statistic U of a, two-sided p from
    the normal approximation with tie and continuity correction. kruskal: statistic H with tie
    correction, df = 2, p from the chi-squared distribution (CHISQ.DIST.RT); n_a and mean_a
    over every observation with a regime.

    * The period unit is the default: products' returns in the same week move together, so
      pooled product-weeks count the same week several times and overstate the evidence.
    * A regime with fewer than 2 observations leaves its tests blank.
    """
    rets = ranges.read_dated(
        ret_dates, returns, dates_name="ret_dates", values_name="returns", kind="return"
    )
    ind = ranges.read_dated(ind_dates, indicator, dates_name="ind_dates", values_name="indicator")
    result = regime_inference.regime_test(
        rets.frame,
        ind.series,
        window=window,
        low=low,
        high=high,
        agg=agg,
        lag=lag,
        a=a,
        b=b,
        unit=unit,
    )
    return output.table(result)


@excel_function(
    ranges=("ret_dates", "returns", "ind_dates", "indicator"),
    shape="table",
    example="=FOF_REGIMEPRODUCTS(Weekly!A1:A300, Weekly!B1:J300, Market!A1:A3000, Market!E1:E3000)",
)
def fof_regimeproducts(
    ret_dates: Any,
    returns: Any,
    ind_dates: Any,
    indicator: Any,
    window: Any = "3Y",
    low: Any = 0.2,
    high: Any = 0.8,
    agg: Any = "mean",
    lag: Any = 0,
    sort: Any = False,
) -> Any:
    """Which products carry the regime effect? Per product: returns per regime, the high − low
    spread, its Welch t test and the product's rank by spread.

    Spills: a table with one row per product and columns product, n_low, n_balance, n_high,
    mean_low, mean_balance, mean_high, spread, t, p_value and rank.

    returns: The periodic returns (e.g. weekly), one column per product.

    indicator: The daily indicator whose percentile sets the regime; its whole history is used.

    window: The percentile window over the indicator's periods: a count of periods or a span
    such as 3Y.

    low: Below this percentile (a fraction, 0.2 for 20%) the regime is low.

    high: Above this percentile (a fraction) the regime is high.

    agg: The indicator's value for a period: mean (of its days) or last.

    lag: Use the regime of this many periods earlier (0: the same period).

    sort: TRUE: rows by rank, the product most helped by the high regime first; FALSE: rows in
    the order of the returns' columns.

    Definition: regimes exactly as in FOF_REGIMESTATS; each of a product's returns is one
    observation. spread = mean_high − mean_low; t and p_value: Welch's t test of the high
    against the low returns (unequal variances, like T.TEST type 3, two-sided), blank when
    either regime has fewer than 2 returns. rank: 1 = the largest spread; equal spreads share
    the best rank, like RANK.EQ; a product without a spread has no rank.
    """
    rets = ranges.read_dated(
        ret_dates, returns, dates_name="ret_dates", values_name="returns", kind="return"
    )
    ind = ranges.read_dated(ind_dates, indicator, dates_name="ind_dates", values_name="indicator")
    result = regime_inference.regime_products(
        rets.frame, ind.series, window=window, low=low, high=high, agg=agg, lag=lag, sort=sort
    )
    return output.table(result)


# --------------------------------------------------------------------------------------------
# Drawdowns


@excel_function(
    ranges=("dates", "navs"),
    shape="aligned",
    example="=FOF_DRAWDOWN(Data!A1:A500, Data!B1:D500)",
)
def fof_drawdown(dates: Any, navs: Any) -> Any:
    """Drawdown of each NAV below its running maximum (0 at a new high), beside the NAVs.

    Spills: one row per input row, beside the data: a fraction ≤ 0; blank where the NAV is
    blank.

    navs: The NAVs (each > 0): one column per fund, blank cells being missing observations.

    Definition: drawdown = nav / (the highest NAV so far) − 1, each column over its own NAVs.
    """
    data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
    return data.aligned(drawdowns.drawdown(data.frame))


@excel_function(
    ranges=("dates", "navs"),
    shape="scalar",
    example='=FOF_MAXDD(Data!A1:A500, Data!B1:B500, "2023-11-01", "2024-02-07")',
)
def fof_maxdd(dates: Any, navs: Any, start: Any = None, end: Any = None) -> Any:
    """Max drawdown (the deepest fall from a running high, a fraction ≤ 0) of each NAV column.

    Spills: one value for one column; for several columns one value per column in a row (under
    their names when the data has a header row). 0 when the NAV never fell; blank without two
    NAVs.

    navs: The NAVs (each > 0): one column per fund, blank cells being missing observations.

    start: The first date of the window (a date cell or text like 2023-11-01); measured from the
    last NAV before it. Blank: from the first NAV.

    end: The last date of the window (included). Blank: up to the last NAV.

    Definition: the lowest drawdown nav / (highest NAV so far) − 1 over the NAVs dated in
    [start, end], measured from the base: the last NAV before start (or the first NAV).
    """
    data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
    result = drawdowns.max_drawdown(data.frame, start, end)
    return data.per_column(list(np.atleast_1d(result)))


@excel_function(
    ranges=("dates", "navs"),
    shape="table",
    example="=FOF_DDTABLE(Data!A1:A500, Data!B1:B500, 5)",
)
def fof_ddtable(dates: Any, navs: Any, top: Any = 5) -> Any:
    """Worst drawdown episodes, worst first: peak, trough, recovery dates, depth and lengths.

    Spills: a table: one row per episode (with a first column naming the fund when navs has
    several columns, or one column under a header naming it); recovery is blank while the NAV
    has not recovered.

    navs: The NAVs (each > 0) of one fund, or one column per fund.

    top: How many of the worst episodes to show per fund (a whole number, 1 or more).

    Definition: an episode runs while the NAV is below its running high. Peak: the last date at
    the high; trough: the lowest NAV (the first on a tie); recovery: the first date back at the
    peak NAV; depth = trough NAV / peak NAV − 1; the lengths count rows.
    """
    data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
    if data.frame.shape[1] == 1 and not data.layout.header:
        return output.table(drawdowns.drawdown_episodes(data.series, top)[list(EPISODES)])
    episodes = drawdowns.drawdown_episodes_panel(data.frame, top)
    return output.table(episodes[["series", *EPISODES]])


@excel_function(
    ranges=("dates", "navs"),
    shape="aligned",
    example="=FOF_ROLLDD(Data!A1:A500, Data!B1:B500, 4)",
    readers={"window": drawdowns.rolling_window},
)
def fof_rolldd(dates: Any, navs: Any, window: Any) -> Any:
    """Worst drawdown within the trailing window of N returns (N + 1 NAVs), beside the NAVs.

    Spills: one row per input row, beside the data: a fraction ≤ 0; blank until N returns exist
    and where the NAV is blank.

    navs: The NAVs (each > 0): one column per fund, blank cells being missing observations.

    window: N, the number of returns in the window (a whole number, 1 or more), e.g. 4 for a
    4-day drawdown on daily NAVs.

    Definition: at each row, the max drawdown of that column's last N + 1 NAVs, measured from
    the running high inside the window.
    """
    data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
    return data.aligned(drawdowns.rolling_max_drawdown(data.frame, window))


@excel_function(
    ranges=("dates", "navs", "bench_dates", "bench_navs"),
    shape="aligned",
    example="=FOF_EXCESS(Funds!A1:A800, Funds!B1:F800, Bench!A1:A800, Bench!B1:B800)",
)
def fof_excess(
    dates: Any, navs: Any, bench_dates: Any, bench_navs: Any, method: Any = "ratio"
) -> Any:
    """Excess NAV of each fund over a benchmark, 1 on their first common date.

    Spills: one row per input row of navs, beside the data; blank where the fund or the
    benchmark has no value on that date.

    navs: The fund NAVs (each > 0), one column per fund.

    bench_navs: The benchmark NAVs or index levels (each > 0): one column for every fund, or one
    column per fund in the order of navs (each fund against its own benchmark).

    method: ratio (relative wealth) or diff (compounded differences of returns).

    Definition: on the dates both have, from the first common date: ratio = (nav / first nav) /
    (bench / first bench); diff = the product of (1 + r − rb) over the later common dates, r
    and rb being the fund's and the benchmark's returns between consecutive common dates.
    """
    data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
    bench = ranges.read_dated(
        bench_dates, bench_navs, dates_name="bench_dates", values_name="bench_navs", kind="nav"
    )
    width = bench.frame.shape[1]
    if width not in (1, data.frame.shape[1]):
        raise InputError(
            f"bench_navs has {width} columns for {data.frame.shape[1]} fund(s) in navs: select "
            "one benchmark column, or one per fund in the order of navs."
        )
    reference = bench.series if width == 1 else bench.frame
    return data.aligned(excess.excess_nav(data.frame, reference, method))


# --------------------------------------------------------------------------------------------
# Performance and strategy indices


@excel_function(
    ranges=("dates", "navs", "bench_dates", "bench_navs"),
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
    bench_dates: Any = None,
    bench_navs: Any = None,
) -> Any:
    """Table 1: annualised return, max drawdown, Sharpe and Calmar per calendar year and in full.

    Spills: a table: columns series, metric, one per calendar year with a return, then full;
    one row per fund and metric, then a periods_per_year row per fund.

    navs: The NAVs (each > 0), one column per fund; funds may start and end on different dates.

    by: year (one column per calendar year, then full) or full (the full history only).

    rf: The annual risk-free rate as a fraction (0.02 for 2%), used by the Sharpe ratio.

    periods_per_year: P, return periods per year (252, 52, 12, ...). Blank: inferred per fund
    from its dates (252 daily, 52 weekly, 12 monthly, 4 quarterly, else 1).

    metrics: The rows per fund, as text like "ann_return,ann_vol" or a range: any of the metric
    names of FOF_STAT. Blank: ann_return, max_dd, sharpe, calmar.

    bench_dates: The dates of the benchmark NAVs, one per row. A text first cell makes the first
    row of bench_dates and bench_navs a header. Blank: no benchmark.

    bench_navs: The benchmark's levels (each > 0), one column, for the metrics measured against
    a benchmark (beta, tracking_error, ...). Blank: no benchmark.

    Definition: each metric as in FOF_STAT. A calendar-year cell uses the returns dated in that
    year, from the last NAV before the year (or the fund's first NAV); a partial year is
    annualised with its own number of returns. A year with fewer than 2 returns shows only n,
    total_return, best and worst (the other rows are blank).
    """
    data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
    result = performance.performance_table(
        data.frame,
        by=by,
        rf=rf,
        periods_per_year=periods_per_year,
        metrics=metrics,
        bench=_bench(bench_dates, bench_navs),
    )
    return output.table(result)


@excel_function(
    ranges=("dates", "navs", "bench_dates", "bench_navs"),
    shape="scalar",
    fill={
        "metrics": ", ".join(performance.METRICS),
        "catalogue": ", ".join(m for m in performance.CATALOGUE_METRICS),
        "relative": ", ".join(performance.BENCH_METRICS),
    },
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
    bench_dates: Any = None,
    bench_navs: Any = None,
) -> Any:
    """One performance figure of each NAV column over its history or a [start, end] window.

    Spills: one value for one column; for several columns one value per column in a row.
    Blank when undefined (no return in the window; with one return, all but n, total_return,
    best and worst).

    navs: The NAVs (each > 0) of one fund, or one column per fund.

    metric: A metric name, e.g. sharpe, sortino, max_dd, var_95, beta (the full list is under
    Definition). Metrics measured against a benchmark need bench_dates and bench_navs.

    start: The first date of the window; measured from the last NAV before it. Blank: from the
    first NAV.

    end: The last date of the window (included). Blank: up to the last NAV.

    rf: The annual risk-free rate as a fraction (0.02 for 2%), used by the Sharpe ratios.

    periods_per_year: P, return periods per year (252, 52, 12, ...). Blank: inferred from the
    fund's dates (252 daily, 52 weekly, 12 monthly, 4 quarterly, else 1).

    bench_dates: The dates of the benchmark NAVs, one per row. A text first cell makes the first
    row of bench_dates and bench_navs a header. Blank: no benchmark.

    bench_navs: The benchmark's levels (each > 0), one column, for the metrics measured against
    a benchmark (beta, tracking_error, ...). Blank: no benchmark.

    Definition: over the n returns r in the window, from the base NAV nav_0 to the last NAV
    nav_n:

    * ann_return = (nav_n / nav_0)^(P / n) − 1; ann_return_days uses 365 / calendar days;
    * ann_vol = STDEV.S(r) × √P; max_dd = the lowest nav / (highest NAV so far) − 1;
    * sharpe = (ann_return − rf) / ann_vol; sharpe_arithmetic = (AVERAGE(r) − rf / P) × P /
      ann_vol; calmar = ann_return / |max_dd|;
    * total_return = nav_n / nav_0 − 1; pos_share = the share of returns above 0; n = the
      number of returns.

    The metric names: {metrics}; the catalogue: {catalogue} (var_ and cvar_ take any level,
    like var_99 or cvar_97.5); against the benchmark: {relative}.

    * m = rf / P, the minimum acceptable return per period; downside_vol = √(Σ MIN(r − m, 0)² /
      n) × √P; sortino = (AVERAGE(r) − m) × P / downside_vol;
    * skew and kurt as Excel SKEW and KURT; var_95 = PERCENTILE.INC(r, 0.05) (a loss is
      negative); cvar_95 = the average of the k = INT((n − 1) × 0.05) + 1 smallest returns;
    * best, worst = MAX(r), MIN(r); ulcer = √(Σ drawdown² / n); omega = Σ MAX(r − m, 0) /
      Σ MAX(m − r, 0);
    * max_dd_days = calendar days from the peak to the trough of the deepest drawdown;
      recovery_days = from that trough to the first NAV back at the peak (blank if not yet);
      longest_dd_days = the longest time under water, up to the last date if not recovered.

    The benchmark's level is taken as of each fund date (its last level on or before it);
    b = its returns over the same intervals: bench_return = its ann_return; excess_return =
    ann_return − bench_return; tracking_error = STDEV.S(r − b) × √P; information_ratio =
    excess_return / tracking_error; beta = COVARIANCE.S(r, b) / VAR.S(b); alpha = ann_return −
    rf − beta × (bench_return − rf); up_capture = AVERAGE(r where b > 0) / AVERAGE(b where
    b > 0), down_capture likewise with b < 0; win_rate = the share of periods with r > b;
    correlation = CORREL(r, b); excess_max_dd = the max drawdown of (nav / bench).

    Fewer than 2 returns leave only n, total_return, best and worst.
    """
    data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
    bench = _bench(bench_dates, bench_navs)
    figures = performance.stat(data.frame, metric, start, end, rf, periods_per_year, bench)
    return data.per_column(list(np.atleast_1d(figures)))


@excel_function(
    ranges=("dates", "navs"),
    shape="table",
    example="=FOF_INDEX(Pool!A1:A2000, Pool!B1:K2000)",
    readers={"freq": composite.grid_freq, "rebalance": composite.rebalance_freq},
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
    """Equal-weight composite index of a pool of funds whose NAVs come on irregular dates.

    Spills: a table: the grid dates, the index level and the number of funds whose return
    entered each period (0 on the first date and in flat periods).

    navs: The pool's NAVs (each > 0), one column per fund; blank cells are missing observations.

    freq: The index's dates: W (Fridays) or M (month ends).

    min_age: The age a fund needs at screening (first NAV at least this long before): a span
    such as 6M, 26W or 180D; 0D switches the age screen off.

    max_gap: The longest gap between two NAVs that still gives a return (and the oldest last
    NAV at screening): a span such as 14D, 2W or 1M.

    rebalance: How often the pool is re-screened: W, M, Q or Y, not more often than freq.

    base: The index level on the first date (a number above 0, e.g. 1 or 100).

    Definition: a fund's return in a period is its newest NAV in the period over its newest NAV
    before it, minus 1, when the two are at most max_gap apart. The pool is screened at the end
    of the previous rebalance period (no look-ahead): first NAV at least min_age old and last
    NAV at most max_gap old. Each period's index return is the average return of the screened
    funds that have one (0 when none has); index = previous index × (1 + that average),
    starting at base.
    """
    data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
    result = composite.composite_index(
        data.frame, freq=freq, min_age=min_age, max_gap=max_gap, rebalance=rebalance, base=base
    )
    return output.table(result, index=data.date_name)


@excel_function(
    ranges=("dates", "values"),
    shape="table",
    example='=FOF_PCTSNAPSHOT(Market!A1:A3000, Market!C1:E3000, "3Y", "Q")',
)
def fof_pctsnapshot(dates: Any, values: Any, window: Any = "3Y", period: Any = "Q") -> Any:
    """Average rolling percentile of each indicator per period (quarter by default), and its change.

    Spills: a table: the period-end dates, then for each indicator its period's average
    percentile and a "change" column (blank when the previous period has none).

    values: The indicators (turnover, volatility, ...), one column each, each over its own
    non-blank dates.

    window: The percentile window: a count of observations such as 750, or a span such as 3Y.

    period: The rows: W (weeks ending Friday), M, Q or Y.

    Definition: the percentile of each value as in FOF_PCTRANK (inc); a period's value is the
    average percentile over its dates; change = this period's average − the previous period's,
    in fraction units.
    """
    data = ranges.read_dated(dates, values)
    result = snapshot.percentile_snapshot(data.frame, window=window, period=period)
    return output.table(result, index="period")


# --------------------------------------------------------------------------------------------
# Manager screening (SPEC §9, §13)


@excel_function(
    ranges=("dates", "navs", "bench_dates", "bench_navs"),
    shape="table",
    example='=FOF_SCREEN(Pool!A1:A600, Pool!B1:AK600, "ann_return,sharpe,max_dd,var_95")',
)
def fof_screen(
    dates: Any,
    navs: Any,
    metrics: Any = "ann_return,ann_vol,max_dd,sharpe,calmar,sortino",
    start: Any = None,
    end: Any = None,
    bench_dates: Any = None,
    bench_navs: Any = None,
    rf: Any = 0,
    periods_per_year: Any = None,
) -> Any:
    """The screen: performance metrics of every fund of a pool, one row per fund.

    Spills: a table: a series column with the fund names, then one column per metric in the
    order asked; one row per fund, ready to sort and filter.

    navs: The NAVs (each > 0), one column per fund; funds may start and stop on different
    dates, blank cells being missing observations.

    metrics: The columns, as text like "sharpe,max_dd,var_95" or a range: any metric name of
    FOF_STAT.

    start: The first date of the span; each fund is measured from its last NAV before it.
    Blank: from each fund's first NAV.

    end: The last date of the span (included). Blank: up to each fund's last NAV.

    bench_dates: The dates of the benchmark NAVs, one per row. A text first cell makes the first
    row of bench_dates and bench_navs a header. Blank: no benchmark.

    bench_navs: The benchmark's levels (each > 0), one column, for the metrics measured against
    a benchmark (beta, tracking_error, ...). Blank: no benchmark.

    rf: The annual risk-free rate as a fraction (0.02 for 2%), also the minimum acceptable
    return of sortino, downside_vol and omega.

    periods_per_year: P, return periods per year (252, 52, 12, ...). Blank: inferred per fund
    from its own dates (252 daily, 52 weekly, 12 monthly, 4 quarterly, else 1).

    Definition: each metric as in FOF_STAT over the span. A fund with fewer than 2 returns in
    the span shows only n, total_return, best and worst.
    """
    data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
    result = screening.screen(
        data.frame,
        metrics=metrics,
        start=start,
        end=end,
        bench=_bench(bench_dates, bench_navs),
        rf=rf,
        periods_per_year=periods_per_year,
    )
    return output.table(result)


@excel_function(
    ranges=("dates", "navs"),
    shape="table",
    example='=FOF_TRAILING(Pool!A1:A600, Pool!B1:AK600, "1M,3M,YTD,1Y,SI")',
)
def fof_trailing(
    dates: Any,
    navs: Any,
    windows: Any = "1M,3M,6M,YTD,1Y,3Y,SI",
    metrics: Any = "total_return",
    as_of: Any = None,
    rf: Any = 0,
    periods_per_year: Any = None,
) -> Any:
    """Trailing-window performance (区间业绩): each fund over windows ending on one date.

    Spills: a table: columns series, metric, then one per window as written; one row per fund
    and metric, then a periods_per_year row per fund.

    navs: The NAVs (each > 0), one column per fund; blank cells are missing observations.

    windows: Text like "1M,3M,YTD,1Y,SI" or a range: spans 1W, 1M, 3M, 6M, 1Y, 2Y, 3Y, 5Y or any
    like 18M; YTD (from the end of last year); SI (since the fund's first NAV).

    metrics: The rows per fund, as text like "total_return,max_dd" or a range: any metric name
    of FOF_STAT except those measured against a benchmark.

    as_of: The end date d of every window. Blank: the last date on which any fund has a NAV.

    rf: The annual risk-free rate as a fraction (0.02 for 2%).

    periods_per_year: P, return periods per year (252, 52, 12, ...). Blank: inferred per fund
    from its own dates.

    Definition: a window starts at d minus its span (EDATE month arithmetic: 31 March − 1M =
    29 February); it runs from each fund's last NAV on or before the start to its last NAV on
    or before d. A fund whose first NAV is after the start has no value for that window (never
    a shorter window), nor does a fund with no NAV between the start and d; YTD is blank for a
    fund that started this year.
    """
    data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
    result = screening.trailing(
        data.frame,
        windows=windows,
        metrics=metrics,
        as_of=as_of,
        rf=rf,
        periods_per_year=periods_per_year,
    )
    return output.table(result)


@excel_function(
    ranges=("dates", "navs"),
    shape="table",
    example="=FOF_MONTHLY(Pool!A1:A600, Pool!B1:B600)",
)
def fof_monthly(dates: Any, navs: Any) -> Any:
    """The monthly return grid (月度收益表): a row per calendar year, January to December.

    Spills: a table: columns year, Jan to Dec and total; one row per calendar year. With
    several NAV columns, one block of years per fund under a leading series column.

    navs: The NAVs (each > 0) of one fund, or one column per fund; blank cells are missing
    observations.

    Definition: a month's NAV is the last NAV dated in it; its return is that NAV over the
    previous month-end NAV, minus 1 (a month with no NAV is blank and the next return spans
    it). The first month runs from the fund's first NAV. total compounds the year's months:
    the calendar-year return of FOF_PERF.
    """
    data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
    frame = data.frame
    navs_in = frame.iloc[:, 0] if frame.shape[1] == 1 else frame
    return output.table(monthly.monthly_table(navs_in))


@excel_function(
    ranges=("values", "groups"),
    shape="aligned",
    example='=FOF_PEERRANK(Screen!E2:E40, Screen!B2:B40, "desc")',
)
def fof_peerrank(values: Any, groups: Any = None, order: Any = "desc") -> Any:
    """Peer rank (同类排名): each fund's rank within its group (strategy), 1 being the best.

    Spills: three columns beside the values, one row per input row: rank, count (the group's
    funds with a value) and top (rank / count); under a header row rank, count, top when the
    values had one.

    values: The metric of each fund, one column (e.g. a column of FOF_SCREEN); blank cells get
    no rank.

    groups: The group (strategy) of each fund, one column as tall as values. Blank: all funds
    form one group. A fund with a blank group gets no rank and does not count.

    order: desc (the largest value ranks 1: returns, Sharpe) or asc (the smallest ranks 1:
    volatility, drawdown days).

    Definition: rank = 1 + the number of values in the group that are better; ties share the
    best rank, like RANK.EQ; count = the group's non-blank values; top = rank / count.
    """
    if _blank_range(groups):
        groups = None
    given = {"values": values} if groups is None else {"values": values, "groups": groups}
    data = ranges.read_undated(given)
    column = data.numbers("values")
    if column.shape[1] != 1:
        raise OptionError(
            f"values has {column.shape[1]} columns; select one column of values to rank."
        )
    labels = None if groups is None else data.texts("groups")[:, 0].tolist()
    result = peer_rank.peer_rank(column[:, 0], labels, order)
    return data.layout.emit(output.rows(result), ["rank", "count", "top"])


@excel_function(
    ranges=("dates", "navs"),
    shape="table",
    example="=FOF_CORR(Pool!A1:A600, Pool!B1:AK600)",
    readers={
        "freq": correlation.correlation_freq,
        "min_periods": correlation.correlation_min_periods,
    },
)
def fof_corr(
    dates: Any, navs: Any, freq: Any = "W", method: Any = "pearson", min_periods: Any = 12
) -> Any:
    """Correlation matrix of a fund pool, each pair on the periods in which both have a NAV.

    Spills: a square table: the fund names along the top row and down the first column, 1 on
    the diagonal, blank where a pair has fewer than min_periods common returns.

    navs: The NAVs (each > 0), one column per fund; funds may report weekly or monthly, blank
    cells being missing observations.

    freq: W (weeks ending Friday) or M (month ends): the periods the returns are taken over.

    method: pearson (CORREL of the returns) or spearman (CORREL of their ranks).

    min_periods: The fewest common returns a pair needs for a value (a whole number, 2 or more).

    Definition: a period's NAV is the last NAV dated in it. For each pair, the periods in which
    both funds have a NAV; each fund's returns between consecutive such periods, so both returns
    cover the same interval (a monthly fund against a weekly one gives monthly pairs).
    """
    data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
    result = correlation.correlation_matrix(data.frame, freq, method, min_periods)
    return output.table(result, index="series")


# --------------------------------------------------------------------------------------------
# FoF portfolio (SPEC §11, §13)

_WEIGHTS_HELP = (
    "The target weights (fractions ≥ 0, summing to 1 or less; the rest is cash): fund names "
    "over their weights, or a table headed date and fund names with one row per "
    "reallocation date. Names match the navs' header."
)


@excel_function(
    ranges=("dates", "navs", "weights"),
    shape="table",
    example="=FOF_PORTFOLIO(Funds!A1:A600, Funds!B1:I600, Settings!B4:I5)",
    fill={"weights": _WEIGHTS_HELP},
    readers={"freq": portfolio.grid_freq, "rebalance": portfolio.rebalance_freq},
)
def fof_portfolio(
    dates: Any, navs: Any, weights: Any, rebalance: Any = "M", freq: Any = "W", base: Any = 1
) -> Any:
    """NAV of a fund of funds from its funds' NAVs and target weights, with cash and rebalancing.

    Spills: a table: date, nav and return, from the first date on which every fund with a
    weight has a NAV (the first row's return is blank).

    navs: The funds' NAVs (each > 0), one column per fund; funds may report on different days,
    blank cells being missing observations.

    weights: {weights}

    rebalance: When the weights go back to the targets: M (each month end), Q, Y, or none (only
    on the dated rows of the weights table).

    freq: The portfolio's dates: W (Fridays) or M (month ends).

    base: The NAV on the first date (a number above 0, e.g. 1 or 100).

    Definition: each fund is valued at its last NAV on or before each date (a fund that has not
    reported yet this period keeps its last NAV). Each period the portfolio return is
    SUMPRODUCT(weights at the start, fund returns); between rebalances a fund's weight moves
    with its return: weight × (1 + fund return) / (1 + portfolio return); cash earns 0. At the
    last date of each rebalance period, and on the first date on or after each date of the
    weights table, the weights are set back to the targets. nav = previous nav × (1 +
    return), starting at base.
    """
    data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
    targets = ranges.read_weights(weights, data)
    result = portfolio.portfolio_nav(data.frame, targets, rebalance=rebalance, freq=freq, base=base)
    return output.table(result, index="date")


@excel_function(
    ranges=("dates", "navs", "weights"),
    shape="table",
    example="=FOF_CONTRIB(Funds!A1:A600, Funds!B1:I600, Settings!B4:I5, , , DATE(2024,1,1))",
    fill={"weights": _WEIGHTS_HELP},
    readers={"freq": portfolio.grid_freq, "rebalance": portfolio.rebalance_freq},
)
def fof_contrib(
    dates: Any,
    navs: Any,
    weights: Any,
    rebalance: Any = "M",
    freq: Any = "W",
    start: Any = None,
    end: Any = None,
) -> Any:
    """What each fund contributed to the portfolio's return over a span (FOF_PORTFOLIO's rules).

    Spills: a table: fund, avg_weight, fund_return, contribution and share, one row per fund
    and a last row total.

    navs: The funds' NAVs (each > 0), one column per fund; funds may report on different days,
    blank cells being missing observations.

    weights: {weights}

    rebalance: When the weights go back to the targets: M (each month end), Q, Y, or none (only
    on the dated rows of the weights table).

    freq: The portfolio's dates: W (Fridays) or M (month ends).

    start: The first date of the span (periods ending on or after it). Blank: from the start.

    end: The last date of the span (periods ending on or before it). Blank: to the last date.

    Definition: per fund, contribution = the sum over the span's periods of its weight at the
    start of the period × its return in the period; share = contribution / the total;
    fund_return = the fund's compounded return over the span (blank if it had no NAV at the
    span's start); avg_weight = the average of its start-of-period weights. The total row:
    contribution = the sum of the portfolio's period returns (= the sum of the funds'
    contributions; cash adds 0), share 1, avg_weight the average invested weight, fund_return
    the portfolio's own compounded return.
    """
    data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
    targets = ranges.read_weights(weights, data)
    result = portfolio.portfolio_contributions(
        data.frame, targets, rebalance=rebalance, freq=freq, start=start, end=end
    )
    return output.table(result, index="fund")


# --------------------------------------------------------------------------------------------
# Chinese NAV conventions (SPEC §12, §13)


@excel_function(
    ranges=("dates", "unit_navs", "acc_navs"),
    shape="aligned",
    example="=FOF_ADJNAV(Data!A1:A500, Data!B1:B500, Data!C1:C500)",
)
def fof_adjnav(dates: Any, unit_navs: Any, acc_navs: Any) -> Any:
    """Adjusted NAV (复权净值, dividends reinvested) built from unit NAVs and cumulative NAVs.

    Spills: one row per input row, beside the data: the adjusted NAV, starting at the first
    unit NAV; blank where the unit or the cumulative NAV is blank.

    unit_navs: The unit NAVs (单位净值, each > 0) of one fund, one per row.

    acc_navs: The cumulative NAVs (累计净值, each > 0) on the same rows: the unit NAV plus
    the dividends paid so far.

    Definition: with A the cumulative and U the unit NAV, each period's return is
    (A − the previous A) / the previous U: the dividend paid in the period is reinvested at the
    new unit NAV, also when it was paid while the fund reported no NAV. The adjusted NAV
    compounds these returns from the first unit NAV; a row with only one of the two NAVs is
    skipped. Returns are only right on an adjusted NAV: the unit NAV alone shows each dividend
    as a loss, the cumulative NAV alone understates every return after the first dividend.
    A − U (the dividends paid so far) never falls; where it does (a share conversion, another
    share class, a wrong cell) the result is an error naming the row.
    """
    unit = ranges.read_dated(dates, unit_navs, values_name="unit_navs", kind="nav")
    acc = ranges.read_dated(dates, acc_navs, values_name="acc_navs", kind="nav")
    try:
        result = adjnav.adjusted_nav(unit.series, acc.series)
    except fofxl.InputError as exc:
        raise _dated_rows(exc, acc) from None
    return unit.aligned(result)


def _dated_rows(error: fofxl.FofError, data: ranges.Dated) -> fofxl.FofError:
    """``error`` with "on 2024-01-05" made "row 7 (2024-01-05)": the input row of that date."""
    first = 2 if data.layout.header else 1
    rows = {d: i + first for i, d in enumerate(data.dates) if d is not pd.NaT}

    def row(match: re.Match[str]) -> str:
        found = rows.get(pd.Timestamp(match.group(1)))
        return f"row {found} ({match.group(1)})" if found else match.group(0)

    return type(error)(re.sub(r"\bon (\d{4}-\d{2}-\d{2})", row, str(error)))


@excel_function(shape="scalar", example="=FOF_VERSION()")
def fof_version() -> str:
    """The version of fofxl computing these functions.

    Spills: one cell: the version text.
    """
    return fofxl.__version__


__all__ = ["CATEGORY", "FUNCTIONS", "ExcelFunction", *(name.lower() for name in FUNCTIONS)]


def __getattr__(name: str) -> Any:
    """``FOF_<NAME>`` → ``fof_<name>``: classic xlwings calls a UDF by its VBA (Excel) name."""
    if name in FUNCTIONS:
        return FUNCTIONS[name].function
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
