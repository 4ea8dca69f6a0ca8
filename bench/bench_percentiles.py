"""Benchmark: rolling historical percentile of a 200-series × 5,000-day panel in one call.

Workloads (SPEC §2 "Rolling historical percentile", method ``inc``):

* an integer window of 750 observations (about 3 years of trading days);
* the calendar window ``"3Y"`` (EDATE month arithmetic).

The nearest peer is pandas ``rolling(750).rank(pct=True)`` on the same frame: it is the average
rank / count (fofxl's ``rank`` method), not PERCENTRANK.INC, and it has no calendar-span form
in months, but it is the same amount of work. fofxl's ``rank`` method is timed alongside.

The single-series workload (issue 15): one series × 5,000 business days, window "3Y" (inc),
against pandas' rolling rank over the same calendar windows (a custom window indexer) and a
numpy floor (every window compared with its value at once, through a sliding-window view).

The long single series (issue 15, what FOF_PCTRANK computes on a 100,000-row range): 100,000
daily rows from 1901 with 1% blanks (a random walk, as ``bench_addin.cells`` builds them),
window "3Y" (~1,096 rows), against the same peer and floor.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from harness import median_time, optional, report
from numpy.lib.stride_tricks import sliding_window_view
from pandas.api.indexers import BaseIndexer

from fofxl.percentiles import rolling_percentile

bottleneck = optional("bottleneck")

TARGET_INT = 0.25  # seconds, "inc" with a 750-observation window
TARGET_SPAN = 1.0  # seconds, "inc" with a 3-year calendar window
TARGET_RANK = 0.5  # seconds, "rank" with a 750-observation window (informational only)
TARGET_LONG = 0.04  # seconds, "inc" on one 100,000-row series with a 3-year calendar window


def make_data(n_days: int = 5_000, n_series: int = 200, seed: int = 7) -> pd.DataFrame:
    """Synthetic indicator panel on business days: random walks (no blanks)."""
    rng = np.random.default_rng(seed)
    index = pd.bdate_range("2004-01-01", periods=n_days, name="date")
    data = rng.standard_normal((n_days, n_series)).cumsum(axis=0)
    return pd.DataFrame(data, index=index, columns=[f"s{j}" for j in range(n_series)])


def make_long(rows: int = 100_000, seed: int = 0) -> pd.Series:
    """One long daily series (1901 on): a random walk with 1% blanks, the blanks dropped (as
    every fofxl function and the add-in's cells floor drop them)."""
    rng = np.random.default_rng(seed)
    values = np.cumsum(rng.normal(size=rows)) + 1000.0
    values[rng.random(rows) < 0.01] = np.nan
    index = pd.date_range("1901-01-01", periods=rows, freq="D", name="date")
    return pd.Series(values, index=index).dropna()


class SpanWindows(BaseIndexer):
    """pandas window indexer over precomputed window bounds (start, end)."""

    def get_window_bounds(
        self, num_values=0, min_periods=None, center=None, closed=None, step=None
    ):
        return self.start, self.end


def span_rows(dates: pd.DatetimeIndex, months: int) -> np.ndarray:
    """First row of each date's window (dated after date − months, EDATE-style)."""
    stamps = dates.as_unit("ns").asi8
    starts = (dates - pd.DateOffset(months=months)).as_unit("ns").asi8
    return np.searchsorted(stamps, starts, side="right")


def pandas_span(series: pd.Series) -> pd.Series:
    """pandas rolling rank over the 3-year calendar windows (its own method: average rank)."""
    lo = span_rows(series.index, 36).astype(np.int64)
    end = np.arange(1, len(series) + 1, dtype=np.int64)
    return series.rolling(SpanWindows(start=lo, end=end), min_periods=1).rank(pct=True)


def floor_span(series: pd.Series) -> np.ndarray:
    """numpy floor: PERCENTRANK.INC over 3-year windows, all windows compared at once."""
    x = series.to_numpy()
    first = series.index[0] + pd.DateOffset(months=36)
    lo = span_rows(series.index, 36)
    n = x.size
    size = np.arange(n) - lo + 1
    width = int(size.max())
    windows = sliding_window_view(np.concatenate([np.full(width - 1, np.nan), x]), width)
    inside = np.arange(width)[None, :] >= (width - size)[:, None]
    below = np.count_nonzero((windows < x[:, None]) & inside, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = below / (size - 1.0)
    pct[series.index < first] = np.nan
    return pct


def run() -> bool:
    one = make_data(n_series=1).iloc[:, 0]
    ours_one = rolling_percentile(one, "3Y", "inc")
    assert np.allclose(ours_one.to_numpy(), floor_span(one), equal_nan=True, rtol=0, atol=1e-12)
    ok = report(
        'rolling_percentile inc, 1 series × 5,000 days, window "3Y"',
        median_time(lambda: rolling_percentile(one, "3Y", "inc"), repeat=15),
        0.02,
        {"pandas rolling rank, 3Y window indexer": median_time(lambda: pandas_span(one), 15)},
        floor=median_time(lambda: floor_span(one), repeat=15),
    )
    long = make_long()
    ours_long = rolling_percentile(long, "3Y", "inc")
    assert np.allclose(ours_long.to_numpy(), floor_span(long), equal_nan=True, rtol=0, atol=1e-12)
    ok &= report(
        'rolling_percentile inc, 1 series × 100,000 daily rows, window "3Y"',
        median_time(lambda: rolling_percentile(long, "3Y", "inc"), repeat=9),
        TARGET_LONG,
        {"pandas rolling rank, 3Y window indexer": median_time(lambda: pandas_span(long), 9)},
        floor=median_time(lambda: floor_span(long), repeat=7),
    )
    frame = make_data()
    integer = median_time(lambda: rolling_percentile(frame, 750, "inc"))
    span = median_time(lambda: rolling_percentile(frame, "3Y", "inc"))
    rank = median_time(lambda: rolling_percentile(frame, 750, "rank"))
    peer = median_time(lambda: frame.rolling(750).rank(pct=True))
    # same numbers as the peer for the rank method (spot check on two columns)
    ours = rolling_percentile(frame.iloc[:, :2], 750, "rank")
    assert np.allclose(ours, frame.iloc[:, :2].rolling(750).rank(pct=True), equal_nan=True)
    values = frame.to_numpy()
    ok &= report(
        "rolling_percentile inc, 200 × 5,000 days, window 750",
        integer,
        TARGET_INT,
        {
            "pandas rolling(750).rank(pct)": peer,
            "bottleneck move_rank(750)": (
                median_time(lambda: bottleneck.move_rank(values, 750, axis=0))
                if bottleneck
                else None
            ),
        },
    )
    ok &= report(
        'rolling_percentile inc, 200 × 5,000 days, window "3Y"',
        span,
        TARGET_SPAN,
        {"pandas rolling(750).rank(pct)": peer},
    )
    report(
        "rolling_percentile rank, 200 × 5,000 days, window 750",
        rank,
        TARGET_RANK,
        {"pandas rolling(750).rank(pct)": peer},
    )
    return ok


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
