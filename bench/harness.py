"""Tiny benchmark harness: wall times of a callable (median, min–max), a uniform report of
fofxl against the numpy floor and the peers measured in the same run, the optional peer
libraries (pandas always; empyrical, ffn, quantstats, bottleneck when installed: the
``bench`` extra) and the synthetic weekly NAV panel the benchmarks share."""

from __future__ import annotations

import asyncio
import gc
import importlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "Timing",
    "median_time",
    "officejs_caller",
    "optional",
    "report",
    "weekly_panel",
    "with_blanks",
    "without_gc",
]


def optional(name: str) -> ModuleType | None:
    """The peer library ``name`` (empyrical, ffn, quantstats, bottleneck), or None when not
    installed (or not importable with this numpy/pandas)."""
    try:
        return importlib.import_module(name)
    except Exception:
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


class Timing(float):
    """Wall-clock seconds of repeated runs: the median (the float value), ``low``–``high``."""

    low: float
    high: float
    runs: int

    def __new__(cls, times: list[float]) -> Timing:
        obj = super().__new__(cls, statistics.median(times))
        obj.low, obj.high, obj.runs = min(times), max(times), len(times)
        return obj

    def scaled(self, factor: float) -> Timing:
        """The same runs times ``factor`` (a peer timed on a subset, scaled to the whole)."""
        out = Timing([float(self) * factor])
        out.low, out.high, out.runs = self.low * factor, self.high * factor, self.runs
        return out

    def text(self) -> str:
        return (
            f"{self * 1e3:9.2f} ms  [{self.low * 1e3:.2f}–{self.high * 1e3:.2f}, {self.runs} runs]"
        )


def without_gc(call: Callable[[], Any]) -> Callable[[], Any]:
    """``call`` with the cyclic garbage collector paused, as every FOF_* call runs (a fair
    comparison for peers and floors that build a million small lists)."""

    def paused() -> Any:
        gc.disable()
        try:
            return call()
        finally:
            gc.enable()

    return paused


def median_time(fn: Callable[[], object], repeat: int = 7, warmup: int = 1) -> Timing:
    """Wall-clock seconds of ``fn()`` over ``repeat`` runs after ``warmup`` runs (a
    :class:`Timing`: the median, with min and max)."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return Timing(times)


def _as_timing(seconds: float) -> Timing:
    return seconds if isinstance(seconds, Timing) else Timing([float(seconds)])


def report(
    name: str,
    seconds: float,
    target: float | None,
    peers: dict[str, float | None] | None = None,
    floor: float | None = None,
    bar: float = 2.0,
) -> bool:
    """Print a workload's block: fofxl's median and min–max against its absolute target (None:
    the workload's issue sets none, only the floor and peer bars), the
    numpy floor measured in the same run (ratio fofxl / floor, at most ``bar``, 2× unless the
    workload's issue sets another) and each peer (ratio peer / fofxl, bar > 1). True when the
    target and both bars hold."""
    ours = _as_timing(seconds)
    met = target is None or ours <= target
    goal = "no absolute target" if target is None else f"target {target * 1e3:.0f} ms"
    lines = [f"{name}", f"  {'fofxl':<44}{ours.text()}  {goal}"]
    floor_ok = True
    if floor is not None:
        low = _as_timing(floor)
        ratio = ours / low
        floor_ok = ratio <= bar
        lines.append(f"  {'numpy floor':<44}{low.text()}  fofxl / floor = {ratio:.2f}x")
    fastest = True
    for peer, peer_seconds in (peers or {}).items():
        if peer_seconds is None:
            lines.append(f"  {peer:<44}      n/a (not installed, or no such function)")
            continue
        theirs = _as_timing(peer_seconds)
        ratio = theirs / ours
        fastest &= ratio > 1.0
        speed = f"fofxl {ratio:.2f}x faster" if ratio > 1 else f"fofxl {1 / ratio:.2f}x SLOWER"
        lines.append(f"  {peer:<44}{theirs.text()}  {speed}")
    verdict = [] if target is None else [f"target {'MET' if met else 'MISSED'}"]
    if floor is not None:
        verdict.append(f"≤ {bar:g}x floor {'yes' if floor_ok else 'NO'}")
    if peers:
        verdict.append(f"faster than every peer {'yes' if fastest else 'NO'}")
    if verdict:
        lines.append("  -> " + ", ".join(verdict))
    print("\n".join(lines), flush=True)
    return met and floor_ok and fastest


def officejs_caller() -> Callable[..., Any] | None:
    """``call(name, *args)``: a FOF_* function through xlwings' own Office.js call path
    (``xlwings.server.custom_functions_call``, what xlwings Server runs for each formula), on a
    copy of the add-in imported as under Office.js; None when that path is unavailable.

    Arguments are passed as Office.js sends them (rows of cells, dates as serial numbers,
    blanks as None); the result is what Excel is sent.
    """
    ours = ("xlwings", "fofxl_addin")
    saved = {k: m for k, m in sys.modules.items() if k.split(".")[0] in ours}
    environ = {k: os.environ.get(k) for k in ("XLWINGS_ON_SERVER", "XLWINGS_LICENSE_KEY")}
    os.environ["XLWINGS_ON_SERVER"] = "true"
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    for name in saved:
        del sys.modules[name]
    try:
        import xlwings
        import xlwings.server as server

        import fofxl_addin.udfs as module
    except Exception as exc:  # xlwings' server part missing or unlicensed
        print(f"  note: xlwings' Office.js call path unavailable: {type(exc).__name__}: {exc}")
        return None
    finally:
        for name in [k for k in sys.modules if k.split(".")[0] in ours]:
            del sys.modules[name]
        sys.modules.update(saved)
        for key, value in environ.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    def call(name: str, *args: Any) -> Any:
        data = {
            "func_name": name,
            "args": list(args),
            "caller_address": "[Book1]Sheet1!A1",
            "content_language": "en-US",
            "version": xlwings.__version__,
            "client": "Office.js",
            "runtime": "1.4",
            "culture_info_name": "en-US",
            "date_format": "M/d/yyyy",
        }
        return asyncio.run(server.custom_functions_call(data, module))

    return call
