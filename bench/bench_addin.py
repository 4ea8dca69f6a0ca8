"""Add-in benchmarks: import cost of the UDF module, and a 100,000-row FOF_PCTRANK.

Targets (issue 3): importing ``fofxl_addin.udfs`` adds < 1 s over importing pandas (measured
in fresh subprocesses); a 100,000-row range converts and computes FOF_PCTRANK in < 1 s, cells
in and cells out, as classic xlwings (datetimes) and Office.js (serial numbers) pass them.
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import median_time, report

from fofxl_addin import udfs

ROWS = 100_000
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
        seconds = median_time(lambda d=dates, v=values: udfs.fof_pctrank(d, v, "3Y"), repeat=5)
        series = pd.Series(
            [row[0] for row in values[1:]], index=pd.date_range("1901-01-01", periods=ROWS)
        ).dropna()
        peer = median_time(lambda s=series: s.rolling(750).rank(pct=True), repeat=3)
        ok &= report(
            f"FOF_PCTRANK {ROWS:,} rows, 3Y window, {label}",
            seconds,
            1.0,
            {"pandas rolling(750).rank, no cells": peer},
        )
    return ok


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
