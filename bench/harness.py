"""Tiny benchmark harness: median wall time of a callable, a uniform report line, the
optional peer libraries and the synthetic weekly NAV panel the benchmarks share."""

from __future__ import annotations

import importlib
import statistics
import time
from collections.abc import Callable
from types import ModuleType

import numpy as np
import pandas as pd

__all__ = ["median_time", "optional", "report", "weekly_panel", "with_blanks"]


def optional(name: str) -> ModuleType | None:
    """The peer library ``name`` (empyrical, ffn, quantstats), or None when not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def weekly_panel(n_funds: int, weeks: int, seed: int) -> pd.DataFrame:
    """Weekly NAVs (Fridays from 2015): staggered starts, 10% of funds stop early."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2015-01-02", periods=weeks, freq="W-FRI")
    navs = np.exp(np.cumsum(rng.normal(0.0012, 0.02, (weeks, n_funds)), axis=0))
    rows = np.arange(weeks)[:, None]
    start = rng.integers(0, weeks // 2, n_funds)[None, :]
    stop = np.where(rng.random(n_funds) < 0.1, rng.integers(weeks // 2, weeks, n_funds), weeks)
    navs[(rows < start) | (rows >= stop[None, :])] = np.nan
    return pd.DataFrame(navs, index=dates, columns=[f"fund {j:04d}" for j in range(n_funds)])


def with_blanks(navs: pd.DataFrame, share: float = 0.01, seed: int = 3) -> pd.DataFrame:
    """``navs`` with a ``share`` of its cells blanked at random (blank NAVs inside series)."""
    return navs.mask(np.random.default_rng(seed).random(navs.shape) < share)


def median_time(fn: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    """Median wall-clock seconds of ``fn()`` over ``repeat`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name: str, seconds: float, target: float, peers: dict[str, float] | None = None) -> bool:
    """Print one line: workload, time, target, met?, and each peer's time as a ratio."""
    met = seconds <= target
    line = f"{name:<58} {seconds * 1e3:9.1f} ms  target {target * 1e3:7.0f} ms  "
    line += "MET " if met else "MISSED"
    for peer, peer_seconds in (peers or {}).items():
        if peer_seconds is None:
            line += f" | {peer}: n/a"
        else:
            ratio = peer_seconds / seconds
            speed = f"{ratio:.1f}x slower" if ratio >= 1 else f"{1 / ratio:.1f}x faster"
            line += f" | {peer}: {peer_seconds * 1e3:.1f} ms ({speed})"
    print(line, flush=True)
    return met
