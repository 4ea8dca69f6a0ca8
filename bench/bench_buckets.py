"""Benchmark: bucket statistics (Table 3 layout) of 1,000,000 returns over 3 regime labels.

The labels are what :func:`fofxl.regimes.regime_labels` gives: an object array of text. The
peer is pandas ``groupby(labels).describe()`` (count, mean, std, min, quartiles, max; it lacks
the >0 share and stability columns fofxl adds).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from harness import median_time, report

from fofxl.buckets import bucket_stats

TARGET = 0.1  # seconds


def make_data(n: int = 1_000_000, seed: int = 11) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic weekly returns and their regime labels (about 20/60/20 low/balance/high)."""
    rng = np.random.default_rng(seed)
    values = rng.normal(0.001, 0.01, n)
    names = np.array(["low", "balance", "high"], dtype=object)
    labels = names[np.searchsorted([0.2, 0.8], rng.random(n), side="right")]
    return values, labels


def run() -> bool:
    values, labels = make_data()
    seconds = median_time(lambda: bucket_stats(values, labels))
    series = pd.Series(values)
    peer = median_time(lambda: series.groupby(labels).describe())
    ours = bucket_stats(values, labels)
    theirs = series.groupby(labels).describe()
    columns = list(theirs.columns)
    assert np.allclose(ours.loc[theirs.index, columns].to_numpy(), theirs.to_numpy())
    return report(
        "bucket_stats 1,000,000 returns × 3 labels",
        seconds,
        TARGET,
        {"pandas groupby.describe": peer},
    )


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
