"""Tiny benchmark harness: median wall time of a callable, and a uniform report line."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

__all__ = ["median_time", "report"]


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
