"""Benchmark: bucket statistics (Table 3 layout) of 1,000,000 returns over 3 regime labels.

The labels are what :func:`fofxl.regimes.regime_labels` gives: an object array of text. The
peer is pandas ``groupby(labels).describe()`` (count, mean, std, min, quartiles, max; it lacks
the >0 share and stability columns fofxl adds). The numpy floor groups the labels with
``np.unique`` (as fixed-width text), sorts each group once and reads count, mean, std,
quartiles, min, max and the >0 share from it.
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


def floor(values: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """numpy floor: the statistics per label from one grouping and one sort per group."""
    names, codes = np.unique(labels.astype(str), return_inverse=True)
    ordered = values[np.argsort(codes, kind="stable")]
    out = np.empty((names.size, 9))
    for k, segment in enumerate(np.split(ordered, np.cumsum(np.bincount(codes))[:-1])):
        segment.sort()
        n = segment.size
        quartiles = np.interp([0.25, 0.5, 0.75], np.linspace(0, 1, n), segment)
        out[k] = [
            n,
            segment.mean(),
            segment.std(ddof=1),
            segment[0],
            *quartiles,
            segment[-1],
            (n - np.searchsorted(segment, 0.0, side="right")) / n,
        ]
    return out


def run() -> bool:
    values, labels = make_data()
    seconds = median_time(lambda: bucket_stats(values, labels))
    low = median_time(lambda: floor(values, labels))
    series = pd.Series(values)
    peer = median_time(lambda: series.groupby(labels).describe())
    ours = bucket_stats(values, labels)
    theirs = series.groupby(labels).describe()
    columns = list(theirs.columns)
    assert np.allclose(ours.loc[theirs.index, columns].to_numpy(), theirs.to_numpy())
    assert np.allclose(floor(values, labels)[:, :8], theirs.sort_index().to_numpy())
    return report(
        "bucket_stats 1,000,000 returns × 3 labels",
        seconds,
        TARGET,
        {"pandas groupby.describe": peer},
        floor=low,
    )


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
