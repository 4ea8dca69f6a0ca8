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
checks at all. Target: the whole call ≤ 2x its cells floor.
"""

from __future__ import annotations

import datetime as dt
import gc
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_percentiles import pandas_span
from bench_scale import column
from harness import median_time, report

from fofxl import buckets, drawdowns, percentiles, regimes
from fofxl_addin import ranges, udfs

ROWS = 100_000
ROWS_COLUMN = 1_048_576  # a whole Excel column, header included
_IMPORT = (
    "import time; t0 = time.perf_counter(); import pandas; t1 = time.perf_counter(); "
    "import fofxl_addin.udfs; t2 = time.perf_counter(); print(t1 - t0, t2 - t1)"
)


def import_seconds(repeat: int = 5) -> tuple[float, float]:
    """Median (pandas import, fofxl_addin.udfs import on top of it) in fresh interpreters."""
    pandas, ours = [], []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", _IMPORT], check=True, capture_output=True, text=True
        ).stdout.split()
        pandas.append(float(out[0]))
        ours.append(float(out[1]))
    return statistics.median(pandas), statistics.median(ours)


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


def _calls(
    serials: bool,
) -> dict[str, tuple[Callable[[], Any], Callable[[], Any], Callable[[], Any]]]:
    """Each whole-column call, its pylib computation alone on the already-read inputs, and
    its cells floor: plain numpy/pandas conversion in and out around the same computation."""
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

    return {
        "FOF_DRAWDOWN": (
            lambda: udfs.fof_drawdown(dates, navs),
            lambda: drawdowns.drawdown(nav_data.frame),
            lambda: floor_dated(drawdowns.drawdown, navs),
        ),
        "FOF_MAXDD": (
            lambda: udfs.fof_maxdd(dates, navs),
            lambda: drawdowns.max_drawdown(nav_data.frame),
            lambda: drawdowns.max_drawdown(
                pd.Series(*reversed(_plain_in(dates, navs, serials))).dropna()
            ),
        ),
        "FOF_PCTRANK 3Y": (
            lambda: udfs.fof_pctrank(dates, values, "3Y"),
            lambda: percentiles.rolling_percentile(value_data.frame, "3Y"),
            lambda: floor_dated(lambda s: percentiles.rolling_percentile(s, "3Y"), values),
        ),
        "FOF_REGIME 750": (
            lambda: udfs.fof_regime(dates, values, 750),
            lambda: regimes.regime_labels(percentiles.rolling_percentile(value_data.frame, 750)),
            lambda: floor_dated(
                lambda s: regimes.regime_labels(percentiles.rolling_percentile(s, 750)), values
            ),
        ),
        "FOF_BUCKETSTATS": (
            lambda: udfs.fof_bucketstats(values, labels),
            lambda: buckets.bucket_stats(numbers, texts),
            floor_buckets,
        ),
    }


def _without_gc(call: Callable[[], Any]) -> Callable[[], Any]:
    """``call`` with the cyclic garbage collector paused, as every FOF_* call runs."""

    def paused() -> Any:
        gc.disable()
        try:
            return call()
        finally:
            gc.enable()

    return paused


def conversion_share() -> bool:
    """Whole column: each call against its cells floor, and its share of converting cells."""
    ok = True
    for label, serials in (("classic cells", False), ("Office.js cells", True)):
        for name, (whole, compute, plain) in _calls(serials).items():
            total = median_time(whole, repeat=7)
            inner = median_time(compute, repeat=7)
            floor = median_time(_without_gc(plain), repeat=7)  # as the add-in's calls run
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
                    _without_gc(pandas_cells), repeat=7
                )
            },
        )
        print(
            f"  info: pandas rolling(750).rank alone (no cells, a 750-row window) "
            f"{no_cells * 1e3:.1f} ms",
            flush=True,
        )
    ok &= conversion_share()
    return ok


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
