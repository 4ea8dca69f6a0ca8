"""A whole Excel column (1,048,576 rows) through FOF_DRAWDOWN completes (not timed here).

Times and peak memory of FOF_DRAWDOWN, FOF_PCTRANK and FOF_REGIME on such a column are
measured by ``bench/bench_scale.py``; this test only proves that the largest range Excel can
pass gives a whole column back, without error.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from fofxl_addin import udfs

ROWS = 1_048_576  # Excel's last row: a header row and 1,048,575 data rows


def test_a_whole_column_through_fof_drawdown() -> None:
    n = ROWS - 1
    rng = np.random.default_rng(6)
    navs = np.cumprod(1.0 + rng.normal(0.00002, 0.002, n))
    blank = rng.random(n) < 0.01
    # a million distinct dates are hourly stamps: fofxl's dates span 1677-2262 only
    start, hour = dt.datetime(1900, 1, 1), dt.timedelta(hours=1)
    dates = [["date"], *([start + i * hour] for i in range(n))]
    values = [["nav"], *([None if b else float(v)] for v, b in zip(navs, blank, strict=True))]
    out = udfs.fof_drawdown(dates, values)
    assert len(out) == ROWS and out[0] == ["nav"]
    kept = navs[~blank]
    expected_last = kept[-1] / kept.max() - 1.0
    last = next(row[0] for row in reversed(out) if row[0] is not None)
    assert abs(last - expected_last) < 1e-12
    assert all(row[0] is None for row, b in zip(out[1:], blank, strict=True) if b)
    assert max(row[0] for row in out[1:] if row[0] is not None) == 0.0
