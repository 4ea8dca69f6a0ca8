"""Benchmark: rolling historical percentile of a 200-series × 5,000-day panel in one call.

Workloads (SPEC §2 "Rolling historical percentile", method ``inc``):

* an integer window of 750 observations (about 3 years of trading days);
* the calendar window ``"3Y"`` (EDATE month arithmetic).

The nearest peer is pandas ``rolling(750).rank(pct=True)`` on the same frame: it is the average
rank / count (fofxl's ``rank`` method), not PERCENTRANK.INC, and it has no calendar-span form
in months, but it is the same amount of work. fofxl's ``rank`` method is timed alongside.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from harness import median_time, report

from fofxl.percentiles import rolling_percentile

TARGET_INT = 0.25  # seconds, "inc" with a 750-observation window
TARGET_SPAN = 1.0  # seconds, "inc" with a 3-year calendar window
TARGET_RANK = 0.5  # seconds, "rank" with a 750-observation window (informational only)


def make_data(n_days: int = 5_000, n_series: int = 200, seed: int = 7) -> pd.DataFrame:
    """Synthetic indicator panel on business days: random walks (no blanks)."""
    rng = np.random.default_rng(seed)
    index = pd.bdate_range("2004-01-01", periods=n_days, name="date")
    data = rng.standard_normal((n_days, n_series)).cumsum(axis=0)
    return pd.DataFrame(data, index=index, columns=[f"s{j}" for j in range(n_series)])


def run() -> bool:
    frame = make_data()
    integer = median_time(lambda: rolling_percentile(frame, 750, "inc"), repeat=5)
    span = median_time(lambda: rolling_percentile(frame, "3Y", "inc"), repeat=5)
    rank = median_time(lambda: rolling_percentile(frame, 750, "rank"), repeat=3)
    peer = median_time(lambda: frame.rolling(750).rank(pct=True), repeat=3)
    # same numbers as the peer for the rank method (spot check on two columns)
    ours = rolling_percentile(frame.iloc[:, :2], 750, "rank")
    assert np.allclose(ours, frame.iloc[:, :2].rolling(750).rank(pct=True), equal_nan=True)
    ok = report(
        "rolling_percentile inc, 200 × 5,000 days, window 750",
        integer,
        TARGET_INT,
        {"pandas rolling(750).rank(pct)": peer},
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
