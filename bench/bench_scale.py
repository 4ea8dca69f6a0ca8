"""Scale: a whole Excel column (1,048,576 rows) through FOF_DRAWDOWN, FOF_PCTRANK and FOF_REGIME.

Issue 6: the largest range Excel can pass completes without error and within memory. The
column is a header row and 1,048,575 data rows as classic xlwings passes them (datetimes,
floats, ``None`` for the 1% blank cells), and as Office.js passes them (serial numbers).
fofxl handles dates from 1677 to 2262 (nanosecond timestamps), which hold at most ~213,000
distinct days, so a million distinct dates are hourly stamps (1900-01-01 00:00 on, ~120
years): a full window is then either 750 observations (the 3 years of trading days analysts
use) or the span "3Y" (~26,000 hourly observations per window, the heaviest case).

For each call: wall time of one call (the cells are built once, outside the timing) and the
peak memory the call allocates on top of its inputs (``tracemalloc``, a separate run, since
tracing slows the call down), plus the process's peak RSS at the end (``getrusage``).
Targets: each call < 30 s and < 2 GiB allocated; the time targets are generous on purpose
(2-core CI machines), the point is that a whole column works.
"""

from __future__ import annotations

import datetime as dt
import gc
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import report

from fofxl_addin import udfs

ROWS = 1_048_576  # Excel's last row: a header and 1,048,575 data rows
TIME_TARGET = 30.0
MEMORY_TARGET = 2 * 2**30
_EPOCH = dt.datetime(1899, 12, 30)


def column(rows: int = ROWS, serials: bool = False, seed: int = 0) -> tuple[list, list, list]:
    """(dates, navs, values) cells of a whole column: a header row, then hourly rows with 1%
    blank values; dates as datetimes (classic xlwings) or serial numbers (Office.js)."""
    rng = np.random.default_rng(seed)
    n = rows - 1
    start = dt.datetime(1900, 1, 1)
    hour = dt.timedelta(hours=1)
    navs = np.cumprod(1.0 + rng.normal(0.00002, 0.002, n))
    values = np.abs(np.cumsum(rng.normal(size=n))) + 1.0
    blank = rng.random(n) < 0.01
    if serials:
        day_of = [(start + i * hour - _EPOCH) / dt.timedelta(days=1) for i in range(n)]
    else:
        day_of = [start + i * hour for i in range(n)]
    dates: list[list[Any]] = [["date"], *([d] for d in day_of)]
    nav_cells: list[list[Any]] = [["nav"]]
    value_cells: list[list[Any]] = [["turnover"]]
    for i in range(n):
        nav_cells.append([None if blank[i] else float(navs[i])])
        value_cells.append([None if blank[i] else float(values[i])])
    return dates, nav_cells, value_cells


def measure(call: Callable[[], Any]) -> tuple[float, int, Any]:
    """(seconds of one call, peak bytes it allocated, its result)."""
    gc.collect()
    start = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - start
    del result
    gc.collect()
    tracemalloc.start()
    result = call()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak, result


def workloads(dates: list, navs: list, values: list) -> dict[str, Callable[[], Any]]:
    return {
        "FOF_DRAWDOWN": lambda: udfs.fof_drawdown(dates, navs),
        "FOF_PCTRANK window 750": lambda: udfs.fof_pctrank(dates, values, 750),
        "FOF_PCTRANK window 3Y": lambda: udfs.fof_pctrank(dates, values, "3Y"),
        "FOF_REGIME window 750": lambda: udfs.fof_regime(dates, values, 750),
        "FOF_REGIME window 3Y": lambda: udfs.fof_regime(dates, values, "3Y"),
    }


def check(name: str, result: list, rows: int = ROWS) -> None:
    """The answer is a whole column: a header and one cell per row, blanks where undefined."""
    assert len(result) == rows, (name, len(result))
    assert isinstance(result[0][0], str)
    assert any(row[0] is not None for row in result[-1000:]), name


def run() -> bool:
    ok = True
    for label, serials in (("classic cells", False), ("Office.js cells", True)):
        dates, navs, values = column(serials=serials)
        jobs = workloads(dates, navs, values)
        if serials:  # the conversion differs only in the dates: one workload is enough
            jobs = {k: v for k, v in jobs.items() if k == "FOF_DRAWDOWN"}
        for name, call in jobs.items():
            seconds, peak, result = measure(call)
            check(name, result)
            del result
            ok &= report(f"{name} {ROWS:,} rows, {label}", seconds, TIME_TARGET)
            within = peak <= MEMORY_TARGET
            ok &= within
            print(
                f"{'':<58} peak {peak / 2**20:9.0f} MiB  target {MEMORY_TARGET / 2**20:7.0f} MiB"
                f"  {'MET' if within else 'MISSED'}",
                flush=True,
            )
        del dates, navs, values
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mib = rss / 2**20 if sys.platform == "darwin" else rss / 2**10
    print(f"process peak RSS (inputs, outputs and the calls): {rss_mib:,.0f} MiB", flush=True)
    return ok


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
