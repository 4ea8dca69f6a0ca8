"""Add-in benchmarks: import cost of the UDF module, a 100,000-row FOF_PCTRANK, and where the
time of a whole column goes.

Targets (issue 3): importing ``fofxl_addin.udfs`` adds < 1 s over importing pandas (measured
in fresh subprocesses); a 100,000-row range converts and computes FOF_PCTRANK in < 1 s, cells
in and cells out, as classic xlwings (datetimes) and Office.js (serial numbers) pass them.

Issue 15: a 1,048,576-row column through FOF_DRAWDOWN / FOF_MAXDD / FOF_PCTRANK / FOF_REGIME /
FOF_BUCKETSTATS. Each call is timed whole, its pylib call alone on the already-read inputs
(converting = whole − computing), and its cells floor: the same computation between the
plainest conversion numpy and pandas offer (one list pass per column, ``np.array`` of the
numbers, ``pd.DatetimeIndex`` of the datetimes or serial arithmetic, ``tolist`` out) with no
checks at all. Target: the whole call ≤ 2x its cells floor, and faster than each peer.

Peers do the same work from the same cells, as their users write it, cells in and out (NaN as
None, the header row on top), timed with the garbage collector paused like ours: pandas
(``pd.to_datetime``, a float Series, ``dropna``; ``s / s.cummax() - 1`` reindexed onto the input
rows; its ``.min()``; rolling rank over the 3Y windows with a window indexer, average rank;
``rolling(750).rank`` turned into PERCENTRANK.INC and labelled with ``np.select``;
``groupby(Categorical).describe()`` plus the >0 share and mean / std), and ffn, empyrical and
quantstats where they have the function, each 7 runs. Before timing,
each peer's result is checked against ours (same drawdowns, max drawdown, labels, table; the
3Y rank through inc = (rank − 1) / (count − 1)), so no peer does less work. A line per runtime
gives the physical minimum: moving the column's cells in (a list pass and ``np.array``; the
dates as ``pd.DatetimeIndex`` or ``np.array`` of serials) and a column of numbers out
(``tolist``), with no checks and nothing computed.

Input forms: FOF_DRAWDOWN on 60,000 rows whose dates are text (2024-01-05, 2024/1/5) or
yyyymmdd numbers, or whose NAVs are text, against pandas reading that form at once; and
FOF_MAXDD on whole-column references (A:A, B:U) holding 5,000 rows of 20 funds.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_percentiles import SpanWindows, pandas_span, span_rows
from bench_scale import column
from harness import Timing, median_time, officejs_caller, optional, report, without_gc

from fofxl import buckets, drawdowns, percentiles, regimes
from fofxl_addin import ranges, udfs

ROWS = 100_000
ROWS_COLUMN = 1_048_576  # a whole Excel column, header included
empyrical, ffn, quantstats = optional("empyrical"), optional("ffn"), optional("quantstats")
_IMPORT = (
    "import time; t0 = time.perf_counter(); import pandas; t1 = time.perf_counter(); "
    "import fofxl_addin.udfs; t2 = time.perf_counter(); print(t1 - t0, t2 - t1)"
)


def import_seconds(repeat: int = 7) -> tuple[Timing, Timing]:
    """Timings (pandas import, fofxl_addin.udfs import on top of it) in fresh interpreters."""
    pandas, ours = [], []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", _IMPORT], check=True, capture_output=True, text=True
        ).stdout.split()
        pandas.append(float(out[0]))
        ours.append(float(out[1]))
    return Timing(pandas), Timing(ours)


def cells(rows: int = ROWS, serials: bool = False) -> tuple[list[list], list[list]]:
    """A header row and ``rows`` daily rows (1901 on), 1% blanks, as Excel passes them."""
    rng = np.random.default_rng(0)
    values = np.cumsum(rng.normal(size=rows)) + 1000.0
    blank = rng.random(rows) < 0.01
    start = dt.datetime(1901, 1, 1)
    dates: list[list] = [["date"]]
    column: list[list] = [["turnover"]]
    for i in range(rows):
        day = start + dt.timedelta(days=i)
        dates.append([(day - dt.datetime(1899, 12, 30)).days * 1.0 if serials else day])
        column.append([None if blank[i] else float(values[i])])
    return dates, column


_EXCEL_EPOCH = np.datetime64("1899-12-30", "ns")
_DAY = np.timedelta64(86_400_000_000_000, "ns")


def _plain_in(dates: list, values: list, serials: bool) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """The cells floor's input side: the header row skipped, one list pass per column, dates
    as pandas converts datetimes (or serial arithmetic), numbers as numpy converts floats."""
    days = [row[0] for row in dates[1:]]
    index = (
        pd.DatetimeIndex(_EXCEL_EPOCH + np.array(days, dtype=float) * _DAY)
        if serials
        else pd.DatetimeIndex(days)
    )
    return index, np.array([row[0] for row in values[1:]], dtype=float)


def _plain_out(result: pd.Series, index: pd.DatetimeIndex) -> list:
    """The cells floor's output side: the result on the input rows, as a list of rows."""
    return result.reindex(index).to_numpy().reshape(-1, 1).tolist()


_MONTHS_3Y = 36  # the 3Y window in months (EDATE-style, as bench_percentiles' peer)


def _pandas_read(dates: list, cells: list, serials: bool) -> tuple[pd.Series, pd.DatetimeIndex]:
    """A pandas user's reading of a dated column: the header row skipped, one list pass per
    column, ``pd.to_datetime`` of the datetimes (or of the serial numbers from Excel's epoch,
    rounded to Excel's millisecond), the numbers as a float Series on those dates. The
    non-blank values, and every row's date."""
    day = [row[0] for row in dates[1:]]
    when = (
        pd.to_datetime(np.array(day, dtype=float), unit="D", origin="1899-12-30").round("ms")
        if serials
        else pd.to_datetime(day)
    )
    series = pd.Series([row[0] for row in cells[1:]], index=when, dtype=float)
    return series.dropna(), when


def _pandas_rows(header: Any, result: pd.Series, when: pd.DatetimeIndex) -> list:
    """A pandas user's list of rows: the result on every input row, NaN as None, the header
    row on top."""
    out = result.reindex(when)
    out = out.astype(object).where(out.notna(), None)
    return [[header], *out.to_numpy().reshape(-1, 1).tolist()]


def _pandas_regimes(pct: pd.Series, low: float = 0.2, high: float = 0.8) -> pd.Series:
    """Labels low / balance / high of percentiles with ``np.select`` (blank stays None)."""
    x = pct.to_numpy()
    names = np.select([x < low, x > high, x >= low], ["low", "high", "balance"], None)
    return pd.Series(names, index=pct.index)


def _pandas_bucketstats(values: list, labels: list) -> list:
    """A pandas user's FOF_BUCKETSTATS: ``groupby(Categorical).describe()`` plus the >0 share
    and mean / std, as a list of rows under a header row."""
    x = pd.Series([row[0] for row in values[1:]], dtype=float)
    by = pd.Categorical([row[0] for row in labels[1:]])
    table = x.groupby(by, observed=True).describe()
    table[">0 share"] = (x > 0).groupby(by, observed=True).sum() / table["count"]
    table["stability"] = table["mean"] / table["std"]
    rows = table.to_numpy().tolist()
    return [
        [labels[0][0], *table.columns],
        *([k, *r] for k, r in zip(table.index, rows, strict=True)),
    ]


def _column_of(rows: list) -> np.ndarray:
    """A spilled column (header row first, None for blank) as floats."""
    return np.array([row[0] for row in rows[1:]], dtype=float)


def _same_column(ours: list, theirs: list) -> None:
    assert np.allclose(_column_of(ours), _column_of(theirs), rtol=1e-9, atol=1e-12, equal_nan=True)


def _same_number(ours: Any, theirs: Any) -> None:
    assert np.isclose(float(ours), float(theirs), rtol=1e-9, atol=1e-12), (ours, theirs)


def _same_labels(ours: list, theirs: list) -> None:
    assert ours == theirs, "the peer's regime labels differ from FOF_REGIME's"


def _same_table(ours: list, theirs: list) -> None:
    """Row by row by label; a label ours lists without values (count 0) is not the peer's."""
    mine = {row[0]: row[1:] for row in ours[1:] if row[1]}
    other = {row[0]: row[1:] for row in theirs[1:]}
    assert ours[0][1:] == theirs[0][1:] and mine.keys() == other.keys()
    for name, row in mine.items():
        assert np.allclose(np.array(row, float), np.array(other[name], float), rtol=1e-9)


def _span_bounds(index: pd.DatetimeIndex) -> np.ndarray:
    """First row of each 3Y window, made monotonic (pandas' rolling re-ranks every window from
    scratch when its bounds ever step back, as EDATE's do after a 29 February)."""
    return np.maximum.accumulate(span_rows(index, _MONTHS_3Y))


def _pandas_span_rank(series: pd.Series) -> pd.Series:
    """pandas' rolling rank (average rank / count) over the 3Y windows (a window indexer)."""
    end = np.arange(1, len(series) + 1, dtype=np.int64)
    windows = SpanWindows(start=_span_bounds(series.index).astype(np.int64), end=end)
    return series.rolling(windows, min_periods=1).rank(pct=True)


def _same_span_rank(dates: list, values: list, serials: bool) -> Callable[[list, list], None]:
    """PERCENTRANK.INC against pandas' average rank / count over the same 3Y windows: for
    distinct values inc = (rank − 1) / (count − 1); ours is blank until a window is full (and
    the few windows the peer's monotonic bounds shorten after a 29 February are skipped)."""

    def same(ours: list, theirs: list) -> None:
        series, when = _pandas_read(dates, values, serials)
        lo = span_rows(series.index, _MONTHS_3Y)
        count = np.arange(1, len(series) + 1) - lo
        count = np.where(lo == _span_bounds(series.index), count, np.nan)
        on_rows = pd.Series(count, index=series.index, dtype=float).reindex(when).to_numpy()
        inc, pct = _column_of(ours), _column_of(theirs)
        full = ~np.isnan(inc) & ~np.isnan(on_rows)
        assert full.sum() > len(inc) // 2
        expected = (pct * on_rows - 1.0) / (on_rows - 1.0)
        assert np.allclose(inc[full], expected[full], rtol=0, atol=1e-9)

    return same


class _Call(NamedTuple):
    """A whole-column call, its pylib computation alone, its cells floor, its peers (each with
    its number of timed runs) and the check that a peer's result is ours."""

    whole: Callable[[], Any]
    compute: Callable[[], Any]
    floor: Callable[[], Any]
    peers: dict[str, tuple[Callable[[], Any], int]]
    same: Callable[[Any, Any], None]
    arguments: tuple[Any, ...]  # the call's cells, for xlwings' Office.js call path


def _calls(serials: bool) -> dict[str, _Call]:
    """Each whole-column call with its computation alone on the already-read inputs, its cells
    floor (plain numpy/pandas conversion in and out around the same computation) and its peers
    (the same work from the same cells, as a pandas / empyrical / ffn / quantstats user writes
    it, cells in and out)."""
    dates, navs, values = column(serials=serials)
    nav_data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
    value_data = ranges.read_dated(dates, values)
    labels = [["regime"], *([("low", "mid", "high")[i % 3]] for i in range(len(values) - 1))]
    undated = ranges.read_undated({"values": values, "labels": labels})
    numbers, texts = undated.numbers("values")[:, 0], undated.texts("labels")[:, 0]

    def floor_dated(compute: Callable[[pd.Series], Any], cells: list) -> Any:
        index, x = _plain_in(dates, cells, serials)
        series = pd.Series(x, index=index).dropna()
        return _plain_out(compute(series), index)

    def floor_buckets() -> Any:
        x = np.array([row[0] for row in values[1:]], dtype=float)
        names = [row[0] for row in labels[1:]]
        return buckets.bucket_stats(x, np.array(names, dtype=object)).to_numpy().tolist()

    def dated_peer(compute: Callable[[pd.Series], pd.Series], cells: list) -> Callable[[], Any]:
        def peer() -> list:
            series, when = _pandas_read(dates, cells, serials)
            return _pandas_rows(cells[0][0], compute(series), when)

        return peer

    def nav_peer(compute: Callable[[pd.Series], Any]) -> Callable[[], Any]:
        return lambda: compute(_pandas_read(dates, navs, serials)[0])

    def returns(s: pd.Series) -> pd.Series:
        return s.pct_change().fillna(0.0)

    drawdown_peers = {
        "pandas: s / s.cummax() - 1": (dated_peer(lambda s: s / s.cummax() - 1, navs), 7)
    }
    maxdd_peers = {
        "pandas: (s / s.cummax() - 1).min()": (nav_peer(lambda s: (s / s.cummax() - 1).min()), 7)
    }
    if ffn:
        drawdown_peers["ffn.to_drawdown_series"] = (dated_peer(ffn.to_drawdown_series, navs), 7)
        maxdd_peers["ffn.calc_max_drawdown"] = (nav_peer(ffn.calc_max_drawdown), 7)
    if empyrical:
        maxdd_peers["empyrical.max_drawdown (of the returns)"] = (
            nav_peer(lambda s: empyrical.max_drawdown(returns(s).to_numpy())),
            7,
        )
    if quantstats:
        drawdown_peers["quantstats to_drawdown_series (of the returns)"] = (
            dated_peer(lambda s: quantstats.stats.to_drawdown_series(returns(s)), navs),
            7,
        )
        maxdd_peers["quantstats max_drawdown (of the returns)"] = (
            nav_peer(lambda s: quantstats.stats.max_drawdown(returns(s))),
            7,
        )

    def pandas_regime(s: pd.Series) -> pd.Series:
        # PERCENTRANK.INC from pandas' rank of a full 750-row window: (rank − 1) / 749
        rank = s.rolling(750).rank(pct=True) * 750
        return _pandas_regimes((rank - 1) / 749)

    return {
        "FOF_DRAWDOWN": _Call(
            lambda: udfs.fof_drawdown(dates, navs),
            lambda: drawdowns.drawdown(nav_data.frame),
            lambda: floor_dated(drawdowns.drawdown, navs),
            drawdown_peers,
            _same_column,
            (dates, navs),
        ),
        "FOF_MAXDD": _Call(
            lambda: udfs.fof_maxdd(dates, navs),
            lambda: drawdowns.max_drawdown(nav_data.frame),
            lambda: drawdowns.max_drawdown(
                pd.Series(*reversed(_plain_in(dates, navs, serials))).dropna()
            ),
            maxdd_peers,
            _same_number,
            (dates, navs),
        ),
        "FOF_PCTRANK 3Y": _Call(
            lambda: udfs.fof_pctrank(dates, values, "3Y"),
            lambda: percentiles.rolling_percentile(value_data.frame, "3Y"),
            lambda: floor_dated(lambda s: percentiles.rolling_percentile(s, "3Y"), values),
            {
                "pandas rolling rank, 3Y window indexer (average rank)": (
                    dated_peer(_pandas_span_rank, values),
                    7,
                )
            },
            _same_span_rank(dates, values, serials),
            (dates, values, "3Y"),
        ),
        "FOF_REGIME 750": _Call(
            lambda: udfs.fof_regime(dates, values, 750),
            lambda: regimes.regime_labels(percentiles.rolling_percentile(value_data.frame, 750)),
            lambda: floor_dated(
                lambda s: regimes.regime_labels(percentiles.rolling_percentile(s, 750)), values
            ),
            {"pandas rolling(750).rank + np.select": (dated_peer(pandas_regime, values), 7)},
            _same_labels,
            (dates, values, 750),
        ),
        "FOF_BUCKETSTATS": _Call(
            lambda: udfs.fof_bucketstats(values, labels),
            lambda: buckets.bucket_stats(numbers, texts),
            floor_buckets,
            {
                "pandas groupby(Categorical).describe": (
                    lambda: _pandas_bucketstats(values, labels),
                    7,
                )
            },
            _same_table,
            (values, labels),
        ),
    }


def moving_cells(serials: bool) -> str:
    """The physical minimum of converting: a 1,048,576-row column's cells moved in (one list
    pass, ``np.array`` of the numbers; the dates as ``pd.DatetimeIndex`` of the datetimes or
    ``np.array`` of the serial numbers) and a column of numbers moved out (``tolist``)."""
    dates, _, values = column(serials=serials)
    numbers = np.array([c for (c,) in values[1:]], dtype=float)

    def dates_in() -> Any:
        day = [c for (c,) in dates[1:]]
        return np.array(day, dtype=float) if serials else pd.DatetimeIndex(day)

    cost = {
        "numbers in": median_time(
            without_gc(lambda: np.array([c for (c,) in values[1:]], dtype=float)), repeat=7
        ),
        "dates in": median_time(without_gc(dates_in), repeat=7),
        "numbers out": median_time(without_gc(lambda: numbers.reshape(-1, 1).tolist()), repeat=7),
    }
    return ", ".join(f"{name} {seconds * 1e3:.0f} ms" for name, seconds in cost.items())


def conversion_share() -> bool:
    """Whole column: each call against its cells floor and its peers, and its share of
    converting cells; for Office.js cells also through xlwings' own Office.js call path (its
    conversion of arguments and results included)."""
    ok = True
    officejs = officejs_caller()
    for label, serials in (("classic cells", False), ("Office.js cells", True)):
        print(
            f"moving a {ROWS_COLUMN:,}-row column, {label} (list pass + np.array / "
            f"{'np.array of serials' if serials else 'DatetimeIndex'} in, tolist out; no "
            f"checks, nothing computed): {moving_cells(serials)}",
            flush=True,
        )
        for name, call in _calls(serials).items():
            ours = call.whole()  # also the warm-up run of the timing below
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for peer, (run_peer, _) in call.peers.items():
                    try:  # the peer does the same work: the same numbers as ours
                        call.same(ours, run_peer())
                    except AssertionError as error:
                        raise AssertionError(f"{name}, {label}: {peer} differs") from error
            del ours
            total = median_time(call.whole, repeat=7, warmup=0)
            inner = median_time(call.compute, repeat=7)
            floor = median_time(without_gc(call.floor), repeat=7)  # as the add-in's calls run
            converting = max(total - inner, 0.0)
            within = total <= 2.0 * floor
            ok &= within
            print(
                f"{name} {ROWS_COLUMN:,} rows, {label}: whole {total * 1e3:.0f} ms "
                f"[{total.low * 1e3:.0f}–{total.high * 1e3:.0f}, {total.runs} runs]; cells floor "
                f"{floor * 1e3:.0f} ms [{floor.low * 1e3:.0f}–{floor.high * 1e3:.0f}] = "
                f"{total / floor:.2f}x ({'MET' if within else 'MISSED'}: ≤ 2x); computing "
                f"{inner * 1e3:.0f} ms, converting {converting * 1e3:.0f} ms = "
                f"{converting / inner:.1f}x computing",
                flush=True,
            )
            if serials and officejs is not None:
                function = name.split()[0].lower()
                via = median_time(lambda f=function, a=call.arguments: officejs(f, *a), repeat=7)
                within = via <= 2.0 * floor
                ok &= within
                print(
                    f"  through xlwings' Office.js call path (custom_functions_call): "
                    f"{via * 1e3:.0f} ms [{via.low * 1e3:.0f}–{via.high * 1e3:.0f}] = "
                    f"{via / floor:.2f}x cells floor ({'MET' if within else 'MISSED'}: ≤ 2x)",
                    flush=True,
                )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for peer, (run_peer, repeat) in call.peers.items():
                    theirs = median_time(without_gc(run_peer), repeat=repeat, warmup=0)
                    faster = theirs > total
                    ok &= faster
                    print(
                        f"  peer {peer}, cells in and out: {theirs * 1e3:.0f} ms "
                        f"[{theirs.low * 1e3:.0f}–{theirs.high * 1e3:.0f}, {theirs.runs} runs]: "
                        + (
                            f"fofxl {theirs / total:.2f}x faster"
                            if faster
                            else f"fofxl {total / theirs:.2f}x SLOWER"
                        ),
                        flush=True,
                    )
    return ok


#: The forms dates and NAVs take in analysts' files besides Excel's own date cells and numbers:
#: dates typed as text or exported as yyyymmdd numbers (Wind), NAVs stored as text (a web
#: page or a CSV pasted in). Each with the pandas call that reads that form at once.
_INPUT_FORMS: dict[str, tuple[Callable[[pd.Timestamp], Any], Callable[[list], Any]]] = {
    "dates as text 2024-01-05": (
        lambda day: f"{day:%Y-%m-%d}",
        lambda texts: pd.to_datetime(texts, format="%Y-%m-%d"),
    ),
    "dates as text 2024/1/5": (
        lambda day: f"{day.year}/{day.month}/{day.day}",
        lambda texts: pd.to_datetime(texts, format="%Y/%m/%d"),
    ),
    "dates as numbers 20240105": (
        lambda day: day.year * 10_000 + day.month * 100 + day.day,
        lambda numbers: pd.to_datetime(pd.Series(numbers).astype(str), format="%Y%m%d"),
    ),
}


#: Rows of the input-form workloads: daily from 1920, within the yyyymmdd numbers' years.
ROWS_FORMS = 60_000


def input_forms() -> bool:
    """FOF_DRAWDOWN on 60,000 rows of NAVs whose dates, or NAVs, are in those forms, against
    pandas reading the same cells at once (``to_datetime`` with the format, ``to_numeric``),
    then ``s / s.cummax() - 1`` back on the rows, NaN as None."""
    ok = True
    days = pd.date_range("1920-01-01", periods=ROWS_FORMS, freq="D")
    rng = np.random.default_rng(1)
    navs = np.cumprod(1.0 + rng.normal(0.0, 0.001, ROWS_FORMS))
    number_cells = [["nav"], *([float(x)] for x in navs)]
    text_cells = [["nav"], *([f"{x:.6f}"] for x in navs)]
    datetime_cells = [["date"], *([d] for d in days.to_pydatetime().tolist())]
    forms = {
        name: ([["date"], *([cell(d)] for d in days)], number_cells, read)
        for name, (cell, read) in _INPUT_FORMS.items()
    }
    forms["NAVs as text 1.052300"] = (datetime_cells, text_cells, pd.to_datetime)
    for name, (dates, values, read_dates) in forms.items():

        def pandas_cells(d: list = dates, v: list = values, rd: Any = read_dates) -> list:
            when = pd.DatetimeIndex(rd([row[0] for row in d[1:]]))
            nav = pd.Series(pd.to_numeric([row[0] for row in v[1:]]), index=when, dtype=float)
            return _pandas_rows("nav", nav / nav.cummax() - 1, when)

        ours = udfs.fof_drawdown(dates, values)
        _same_column(ours, pandas_cells())
        ok &= report(
            f"FOF_DRAWDOWN {ROWS_FORMS:,} rows, {name}",
            median_time(lambda d=dates, v=values: udfs.fof_drawdown(d, v), repeat=7),
            None,  # no target of its own: faster than pandas reading the same form
            {"pandas, that form read at once": median_time(without_gc(pandas_cells), repeat=7)},
        )
    return ok


#: A whole-column reference (A:A, B:U): the data, then blank rows to the bottom of the sheet.
SHEET_ROWS = 1_048_576


def whole_columns() -> bool:
    """FOF_MAXDD on whole columns (A:A and B:U) holding 5,000 rows of 20 funds: 1,048,576
    rows as Excel passes them, blank below the data (None from classic xlwings, "" from
    Office.js), against pandas reading the same cells (a frame of every row, the blanks as
    NaN, the blank rows dropped) and taking each column's max drawdown."""
    ok = True
    rows, width = 5_000, 20
    rng = np.random.default_rng(3)
    navs = np.cumprod(1.0 + rng.normal(0.0, 0.01, (rows, width)), axis=0).tolist()
    names = [f"fund {j + 1}" for j in range(width)]
    days = pd.date_range("2005-01-03", periods=rows, freq="B").to_pydatetime().tolist()
    for blank, label in ((None, "classic, blank None"), ("", 'Office.js-style, blank ""')):
        tail = SHEET_ROWS - 1 - rows
        dates = [["date"], *([d] for d in days), *([blank] for _ in range(tail))]
        values = [names, *navs, *([blank] * width for _ in range(tail))]

        def pandas_cells(d: list = dates, v: list = values) -> list:
            frame = pd.DataFrame(v[1:], columns=v[0]).replace("", np.nan).astype(float)
            frame.index = pd.to_datetime([row[0] for row in d[1:]])
            frame = frame.dropna(how="all")
            worst = (frame / frame.cummax() - 1).min()
            return [list(worst.index), worst.tolist()]

        ours = udfs.fof_maxdd(dates, values)
        assert np.allclose(ours[1], pandas_cells()[1], rtol=1e-12, atol=1e-14)
        ok &= report(
            f"FOF_MAXDD on A:A and B:U ({SHEET_ROWS:,} rows) holding {rows:,} rows x "
            f"{width} funds, {label}",
            median_time(lambda d=dates, v=values: udfs.fof_maxdd(d, v), repeat=7),
            None,  # no target of its own: faster than pandas reading the same cells
            {"pandas, the same cells": median_time(without_gc(pandas_cells), repeat=7)},
        )
    return ok


def run() -> bool:
    ok = True
    pandas_s, ours_s = import_seconds()
    ok &= report(
        "import fofxl_addin.udfs on top of pandas (subprocess)",
        ours_s,
        1.0,
        {"import pandas itself": pandas_s},
    )
    for label, serials in (("classic cells (datetimes)", False), ("Office.js cells", True)):
        dates, values = cells(serials=serials)
        seconds = median_time(lambda d=dates, v=values: udfs.fof_pctrank(d, v, "3Y"), repeat=7)

        def pandas_cells(d: list = dates, v: list = values, s: bool = serials) -> list:
            # the same work in pandas: the cells converted plainly, rolling rank over the 3Y
            # calendar windows, the result back on the input rows as a list of rows
            index, x = _plain_in(d, v, s)
            series = pd.Series(x, index=index).dropna()
            return _plain_out(pandas_span(series), index)

        series = pd.Series(
            [row[0] for row in values[1:]], index=pd.date_range("1901-01-01", periods=ROWS)
        ).dropna()
        no_cells = median_time(lambda s=series: s.rolling(750).rank(pct=True), repeat=7)
        ok &= report(
            f"FOF_PCTRANK {ROWS:,} rows, 3Y window, {label}",
            seconds,
            1.0,
            {
                "pandas rolling rank, 3Y windows, cells in and out": median_time(
                    without_gc(pandas_cells), repeat=7
                )
            },
        )
        print(
            f"  info: pandas rolling(750).rank alone (no cells, a 750-row window) "
            f"{no_cells * 1e3:.1f} ms",
            flush=True,
        )
    ok &= input_forms()
    ok &= whole_columns()
    ok &= conversion_share()
    return ok


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
