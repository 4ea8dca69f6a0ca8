"""An outsider's harness for issue 15: fofxl against the numpy floor and every peer, one run.

Written from SPEC.md, the README and the public docstrings only (not from the other bench
files), the way an independent reviewer would re-measure issue 15's "Done when":

1. rolling percentile, "3Y" calendar window, one series x 5,000 business days;
2. drawdown series + max drawdown, 2,000 funds x 520 weeks;
3. per-year table with 5 metrics, 2,000 funds x 10 years weekly;
4. bucket statistics of 1,000,000 returns;
5. through the Excel functions (called as Python functions with the cells xlwings passes, and
   through xlwings' Office.js call path): FOF_DRAWDOWN + FOF_MAXDD on 520 x 2,000 cells,
   FOF_BUCKETSTATS on 1,000,000 cells, FOF_PCTRANK / FOF_DRAWDOWN / FOF_REGIME on a
   1,048,576-row column.

Each workload comes in the variants an outsider tries (DataFrame / Series / ndarray input,
panels with staggered starts and holes, cells from ``df.values.tolist()`` or
``df.astype(object)``, ints among floats, ...). For each variant every candidate is checked
against the numpy floor (same numbers) and then timed *interleaved* in one loop (candidate
order rotated every run), so ratios compare like with like on a busy machine.

The bar (issue 15): fofxl <= 2x the numpy floor and faster than every peer. For the cell
workloads the floor includes reading the cells and writing the result cells in numpy; the
"compute" column is the pylib call on already-converted data (conversion = total - compute).

Run: ``python bench/bench_outsider.py [--runs 7] [--only SUBSTRING] [--no-officejs]``.
Not a test module (pytest does not collect ``bench_*.py``); nothing runs on import.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import math
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
for sub in ("pylib", "addin"):  # runnable from a checkout without an install
    if str(ROOT / sub) not in sys.path:
        sys.path.insert(0, str(ROOT / sub))

warnings.filterwarnings("ignore")

RNG_SEED = 15
NAN = math.nan
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def optional(name: str) -> Any:
    """A peer library, or None when it is not installed."""
    try:
        return __import__(name)
    except Exception:
        return None


# --------------------------------------------------------------------------------------------
# timing


class Candidate:
    """One way of doing a workload: a name, a role (fofxl/floor/peer/compute), a call."""

    def __init__(
        self, name: str, role: str, call: Callable[[], Any], note: str = "", once: bool = False
    ) -> None:
        self.name, self.role, self.call, self.note, self.once = name, role, call, note, once
        self.times: list[float] = []
        self.agrees: bool | None = None
        self.error: str = ""


def interleaved(cands: list[Candidate], runs: int) -> None:
    """Time every candidate ``runs`` times, one after the other, rotating the order."""
    live = [c for c in cands if not c.error and not c.once]
    for r in range(runs):
        k = r % len(live)
        for c in live[k:] + live[:k]:
            gc.collect()
            t0 = time.perf_counter()
            c.call()
            c.times.append(time.perf_counter() - t0)


def med(c: Candidate) -> float:
    return statistics.median(c.times) if c.times else NAN


ROWS: list[dict[str, Any]] = []


def run_variant(
    workload: str,
    variant: str,
    cands: list[Candidate],
    check: Callable[[Candidate, Any], bool],
    runs: int,
    half_compute: bool = False,
) -> None:
    """Check every candidate's numbers, time them interleaved, print and keep the row."""
    for c in cands:
        try:
            t0 = time.perf_counter()
            result = c.call()
            if c.once:  # too slow to repeat: the checked call is its one timing
                c.times.append(time.perf_counter() - t0)
                c.note = (c.note + "; " if c.note else "") + "timed once"
            c.agrees = bool(check(c, result))
        except Exception as exc:
            c.error = f"{type(exc).__name__}: {str(exc)[:160]}"
    interleaved(cands, runs)
    print(f"\n== {workload} | {variant}")
    for c in cands:
        if c.error:
            print(f"   {c.role:8s} {c.name:42s} ERROR {c.error}")
            continue
        t = np.array(c.times) * 1e3
        flag = "" if c.agrees else "   <-- numbers DISAGREE"
        print(
            f"   {c.role:8s} {c.name:42s} {np.median(t):9.2f} ms  [{t.min():8.2f} – {t.max():8.2f}]"
            f"{'  ' + c.note if c.note else ''}{flag}"
        )
    ours = [c for c in cands if c.role == "fofxl" and not c.error]
    floor = [c for c in cands if c.role == "floor" and not c.error]
    peers = [c for c in cands if c.role == "peer" and not c.error and c.agrees]
    compute = [c for c in cands if c.role == "compute" and not c.error]
    for o in ours:
        f = min(floor, key=med) if floor else None
        p = min(peers, key=med) if peers else None
        r_floor = med(o) / med(f) if f else NAN
        r_peer = med(o) / med(p) if p else NAN
        r_comp = med(o) / med(compute[0]) if compute else NAN
        fails = []
        if not o.agrees:
            fails.append("numbers differ from the floor")
        if f and r_floor > 2.0:
            fails.append(f"{r_floor:.2f}x floor")
        if p and r_peer >= 1.0:
            fails.append(f"slower than {p.name} ({r_peer:.2f}x)")
        if half_compute and compute and r_comp > 2.0:
            fails.append(f"conversion > compute ({r_comp:.2f}x compute)")
        verdict = "PASS" if not fails else "FAIL: " + "; ".join(fails)
        print(
            f"   -> {o.name}: {r_floor:.2f}x floor"
            + (f", {r_peer:.2f}x best peer ({p.name})" if p else ", no agreeing peer")
            + (f", {r_comp:.2f}x its compute" if compute else "")
            + f"  {verdict}"
        )
        ROWS.append(
            {
                "workload": workload,
                "variant": variant,
                "call": o.name,
                "fofxl_ms": med(o) * 1e3,
                "floor_ms": med(f) * 1e3 if f else NAN,
                "x_floor": r_floor,
                "peer": p.name if p else "-",
                "peer_ms": med(p) * 1e3 if p else NAN,
                "x_peer": r_peer,
                "x_compute": r_comp,
                "verdict": verdict,
            }
        )
    sys.stdout.flush()


def close(a: Any, b: Any, rtol: float = 1e-9, atol: float = 1e-12) -> bool:
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return False
    return bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def close_where(a: Any, b: Any, where: np.ndarray) -> bool:
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a[where], b[where], rtol=1e-9, atol=1e-12))


def cells_to_float(cells: list[list[Any]]) -> np.ndarray:
    """Result cells (None = blank) as a float array, for checks only."""
    return np.array([[NAN if v is None or v == "" else v for v in row] for row in cells], float)


# --------------------------------------------------------------------------------------------
# data


def weekly_dates(n: int) -> pd.DatetimeIndex:
    return pd.date_range("2015-01-02", periods=n, freq="W-FRI")


def nav_panel(n_rows: int, n_funds: int, ragged: bool, seed: int = RNG_SEED) -> pd.DataFrame:
    """Weekly NAVs; ``ragged``: staggered fund starts (up to 5 years late) and 2% holes."""
    rng = np.random.default_rng(seed)
    r = rng.normal(0.0015, 0.02, (n_rows, n_funds))
    x = np.cumprod(1.0 + r, axis=0)
    if ragged:
        start = rng.integers(0, min(260, n_rows - 10), n_funds)
        x[np.arange(n_rows)[:, None] < start[None, :]] = NAN
        holes = rng.random((n_rows, n_funds)) < 0.02
        holes[-1] = False
        x[holes] = NAN
    cols = [f"F{j:04d}" for j in range(n_funds)]
    return pd.DataFrame(x, index=weekly_dates(n_rows), columns=cols)


# --------------------------------------------------------------------------------------------
# numpy floors (the minimal numpy that gives the same numbers)


def edate_back(days: np.ndarray, months: int) -> np.ndarray:
    """``days`` (datetime64[D]) minus ``months`` months, clipped to month end like EDATE."""
    m = days.astype("M8[M]")
    day = (days - m.astype("M8[D]")).astype(np.int64)
    tm = m - months
    first = tm.astype("M8[D]")
    length = ((tm + 1).astype("M8[D]") - first).astype(np.int64)
    return first + np.minimum(day, length - 1)


def floor_pct(stamps: np.ndarray, x: np.ndarray, months: int = 36) -> np.ndarray:
    """PERCENTRANK.INC of x_t within the observations dated after t - span, full-window rule.

    The rows with a full window hold between ``lo`` and ``hi`` values: one fixed sliding window
    of the last ``lo`` values is compared at once, the few older positions with a mask.
    """
    keep = ~np.isnan(x)
    out = np.full(x.shape, NAN)
    d, v = stamps[keep], x[keep]
    days = d.astype("M8[D]")
    tod = d - days  # any time of day kept: the window opens after (t - span)
    lo_stamp = edate_back(days, months).astype(d.dtype) + tod
    s = np.searchsorted(d, lo_stamp, side="right")
    r0 = int(np.searchsorted(lo_stamp, d[0]))  # first row whose window is full
    rows = np.arange(r0, v.size)
    pct = np.full(v.size, NAN)
    if rows.size:
        n = rows - s[rows] + 1
        lo, hi = int(n.min()), int(n.max())
        win = np.lib.stride_tricks.sliding_window_view(v, lo)[r0 - lo + 1 :]
        # in blocks of rows: a window of 26,280 hourly stamps would need 25 GiB at once
        step = max(1, 2**25 // max(hi, 1))
        below = np.concatenate(
            [
                np.count_nonzero(win[k : k + step] < v[r0 + k : r0 + k + step, None], axis=1)
                for k in range(0, rows.size, step)
            ]
        )
        if hi > lo:
            pad = np.concatenate([np.full(hi - lo, NAN), v])
            older = np.lib.stride_tricks.sliding_window_view(pad, hi - lo)[
                r0 - lo + 1 : v.size - lo + 1
            ]
            inside = np.arange(hi - lo)[None, :] >= (hi - n)[:, None]
            for k in range(0, rows.size, step):
                block = slice(k, k + step)
                below[block] += np.count_nonzero(
                    (older[block] < v[r0 + k : r0 + k + step, None]) & inside[block], axis=1
                )
        with np.errstate(invalid="ignore", divide="ignore"):
            pct[rows] = below / (n - 1)
    out[keep] = pct
    return out


def floor_dd(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    dd = x / np.fmax.accumulate(x, axis=0) - 1.0
    return dd, np.fmin.reduce(dd, axis=0)


# --------------------------------------------------------------------------------------------
# workload 1: rolling percentile


class Windows:
    """pandas' custom window indexer: [start, end) per row."""

    def __new__(cls, start: np.ndarray, end: np.ndarray) -> Any:
        from pandas.api.indexers import BaseIndexer

        class _W(BaseIndexer):
            def get_window_bounds(
                self, num_values=0, min_periods=None, center=None, closed=None, step=None
            ):
                return self.start, self.end

        return _W(start=start, end=end)


def pandas_pct(s: pd.Series) -> pd.Series:
    """pandas: rolling rank (method=min) over the EDATE window, then (rank - 1) / (n - 1)."""
    s = s.dropna()
    d = s.index
    lo = d - pd.DateOffset(years=3)
    start = d.searchsorted(lo, side="right").astype(np.int64)
    end = np.arange(1, len(s) + 1, dtype=np.int64)
    rank = s.rolling(Windows(start, end), min_periods=1).rank(method="min")
    pct = (rank - 1.0) / (end - start - 1.0)
    pct[d[0] > lo] = NAN
    return pct


def w1_percentile(runs: int) -> None:
    from fofxl import percentiles

    n = 5000
    rng = np.random.default_rng(RNG_SEED)
    dates = pd.bdate_range("2005-01-03", periods=n)
    base = rng.standard_normal(n).cumsum()
    s = pd.Series(base, index=dates, name="ind")
    holes = s.copy()
    holes[rng.random(n) < 0.03] = NAN
    ints = pd.Series(np.round(base * 100).astype(np.int64), index=dates, name="ind")
    variants = {
        "Series float64": s,
        "Series with 3% NaN holes": holes,
        "Series int64": ints,
        "DataFrame 1 column": s.to_frame(),
    }
    for label, data in variants.items():
        ser = data.iloc[:, 0] if isinstance(data, pd.DataFrame) else data
        stamps = ser.index.to_numpy()
        xv = ser.to_numpy(np.float64)
        ref = floor_pct(stamps, xv)
        keep = ~np.isnan(xv)

        def check(c: Candidate, out: Any, ref=ref, keep=keep) -> bool:
            a = out.to_numpy(np.float64).ravel() if hasattr(out, "to_numpy") else np.asarray(out)
            if a.size == keep.sum() and a.size != ref.size:
                return close(a, ref[keep])
            return close(a, ref)

        cands = [
            Candidate(
                f"rolling_percentile({label.split()[0]}, '3Y')",
                "fofxl",
                lambda d=data: percentiles.rolling_percentile(d, "3Y"),
            ),
            Candidate(
                "numpy floor (EDATE + sliding window)",
                "floor",
                lambda st=stamps, x=xv: floor_pct(st, x),
            ),
            Candidate(
                "pandas rolling(BaseIndexer).rank",
                "peer",
                lambda s_=ser: pandas_pct(s_.astype(float)),
            ),
        ]
        run_variant("W1 rolling percentile 3Y x 5,000 days", label, cands, check, runs)


# --------------------------------------------------------------------------------------------
# workload 2: drawdown + max drawdown


def w2_drawdown(runs: int) -> None:
    from fofxl import drawdowns

    ep, ffn, qs, bn = (
        optional("empyrical"),
        optional("ffn"),
        optional("quantstats"),
        optional("bottleneck"),
    )
    for ragged in (False, True):
        df = nav_panel(520, 2000, ragged)
        x = df.to_numpy()
        ref_dd, ref_mdd = floor_dd(x)
        obs = ~np.isnan(x)
        rets = df.pct_change(fill_method=None)
        label = "staggered starts + 2% holes" if ragged else "full panel"

        def check(c: Candidate, out: Any, ref_dd=ref_dd, ref_mdd=ref_mdd, obs=obs) -> bool:
            dd, mdd = out
            if dd is None:
                return close(np.asarray(mdd, float), ref_mdd)
            dd = np.asarray(dd, float)
            if c.note.startswith("values at holes"):
                return close_where(dd, ref_dd, obs) and close(np.asarray(mdd, float), ref_mdd)
            return close(dd, ref_dd) and close(np.asarray(mdd, float), ref_mdd)

        cands = [
            Candidate(
                "drawdown(df); max_drawdown(df)",
                "fofxl",
                lambda d=df: (drawdowns.drawdown(d), drawdowns.max_drawdown(d)),
            ),
            Candidate(
                "dd = drawdown(df); dd.min()",
                "fofxl",
                lambda d=df: (lambda dd: (dd, dd.min()))(drawdowns.drawdown(d)),
            ),
            Candidate("numpy floor fmax.accumulate", "floor", lambda x=x: floor_dd(x)),
            Candidate(
                "pandas df/df.cummax()-1; .min()",
                "peer",
                lambda d=df: (lambda dd: (dd, dd.min()))(d / d.cummax() - 1),
            ),
        ]
        if bn is not None:
            cands.append(
                Candidate(
                    "bottleneck move_max(window=n)",
                    "peer",
                    lambda x=x: (lambda dd: (dd, bn.nanmin(dd, axis=0)))(
                        x / bn.move_max(x, window=x.shape[0], min_count=1, axis=0) - 1
                    ),
                )
            )
        if ffn is not None:
            cands.append(
                Candidate(
                    "ffn to_drawdown_series; calc_max_drawdown",
                    "peer",
                    lambda d=df: (ffn.to_drawdown_series(d), ffn.calc_max_drawdown(d)),
                    note="values at holes ffilled (checked at NAVs only)",
                )
            )
        if qs is not None:
            cands.append(
                Candidate(
                    "quantstats to_drawdown_series(rets); max_drawdown",
                    "peer",
                    lambda r=rets, d=df: (qs.stats.to_drawdown_series(r), qs.stats.max_drawdown(d)),
                    note="values at holes (returns input, checked at NAVs only)",
                )
            )
        if ep is not None:
            cands.append(
                Candidate(
                    "empyrical max_drawdown(rets) [mdd only]",
                    "peer",
                    lambda r=rets: (None, ep.max_drawdown(r)),
                )
            )
        run_variant("W2 drawdown + max drawdown 2,000 x 520w", label, cands, check, runs)
        if ragged:
            # what an outsider also tries: the NAVs as a plain ndarray / int NAVs
            nd = Candidate("drawdown(ndarray)", "fofxl", lambda x=x: drawdowns.drawdown(x))
            try:
                nd.call()
                print("   note: drawdown(ndarray) accepted")
            except Exception as exc:
                print(f"   note: drawdown(ndarray) -> {type(exc).__name__}: {str(exc)[:150]}")


# --------------------------------------------------------------------------------------------
# workload 3: per-year table


METRICS5 = ("ann_return", "ann_vol", "max_dd", "sharpe", "calmar")


def floor_years(x: np.ndarray, stamps: np.ndarray, p: float = 52.0) -> np.ndarray:
    """(funds, 5 metrics, years + full) for a full panel (no blanks), rf = 0."""
    years = stamps.astype("M8[Y]").astype(np.int64) + 1970
    uniq, first = np.unique(years, return_index=True)
    bounds = list(first) + [len(years)]
    n_rows = x.shape[0]
    last_day = stamps[-1].astype("M8[D]")
    out = np.empty((x.shape[1], 5, len(uniq) + 1))
    r = x[1:] / x[:-1] - 1.0
    segs = [(bounds[i], bounds[i + 1], i) for i in range(len(uniq))] + [(0, n_rows, len(uniq))]
    for a, b, col in segs:
        base = a - 1 if a > 0 else 0
        rr = r[max(a, 1) - 1 : b - 1]
        n = rr.shape[0]
        total = x[b - 1] / x[base] - 1.0
        if col == len(uniq):
            complete = False
        else:
            y = uniq[col]
            complete = a > 0 and (b < n_rows or last_day >= np.datetime64(f"{y}-12-25"))
        ann = total if complete else (1.0 + total) ** (p / n) - 1.0
        vol = rr.std(axis=0, ddof=1) * math.sqrt(p)
        path = x[base:b]
        mdd = (path / np.maximum.accumulate(path, axis=0) - 1.0).min(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            calmar = np.where(mdd < 0, ann / np.abs(mdd), NAN)
        out[:, :, col] = np.stack([ann, vol, mdd, ann / vol, calmar], axis=1)
    return out


def pandas_years(df: pd.DataFrame, p: float = 52.0) -> np.ndarray:
    """The same table in idiomatic vectorised pandas (groupby year)."""
    rets = df.pct_change(fill_method=None)
    year = df.index.year
    g = rets.groupby(year)
    n = g.count()
    total = (1.0 + rets).groupby(year).prod() - 1.0
    last = df.index[-1]
    complete = pd.Series(
        [(y != year[0]) and (y != last.year or last >= pd.Timestamp(y, 12, 25)) for y in n.index],
        index=n.index,
    )
    ann = total.where(complete, (1.0 + total) ** (p / n) - 1.0, axis=0)
    vol = g.std() * math.sqrt(p)
    wealth = (1.0 + rets.fillna(0.0)).groupby(year).cumprod()
    peak = wealth.groupby(year).cummax().clip(lower=1.0)
    mdd = (wealth / peak - 1.0).groupby(year).min()
    full_n = rets.count()
    full_ann = (df.iloc[-1] / df.iloc[0]) ** (p / full_n) - 1.0
    full_vol = rets.std() * math.sqrt(p)
    full_mdd = (df / df.cummax() - 1.0).min()
    ann.loc["full"], vol.loc["full"], mdd.loc["full"] = full_ann, full_vol, full_mdd
    calmar = (ann / mdd.abs()).where(mdd < 0)
    sharpe = ann / vol
    return np.stack([t.to_numpy().T for t in (ann, vol, mdd, sharpe, calmar)], axis=1)


def empyrical_years(ep: Any, rets: pd.DataFrame) -> list[Any]:
    out = []
    for _, r in rets.groupby(rets.index.year):
        ann, mdd = ep.annual_return(r, period="weekly"), ep.max_drawdown(r)
        # ep.calmar_ratio does not take a DataFrame (``if max_dd < 0``): its formula instead
        out.append(
            [
                ann,
                ep.annual_volatility(r, period="weekly"),
                mdd,
                ep.sharpe_ratio(r, period="weekly"),
                ann / np.abs(mdd),
            ]
        )
    return out


def quantstats_years(qs: Any, rets: pd.DataFrame) -> list[Any]:
    out = []
    for _, r in rets.groupby(rets.index.year):
        out.append(
            [
                qs.stats.comp(r),
                qs.stats.volatility(r, periods=52),
                qs.stats.max_drawdown(r),
                qs.stats.sharpe(r, periods=52),
                qs.stats.calmar(r),
            ]
        )
    return out


def fofxl_years_array(table: pd.DataFrame) -> np.ndarray:
    t = table[table["metric"].isin(METRICS5)]
    cols = [c for c in t.columns if c not in ("series", "metric")]
    v = t[cols].to_numpy(np.float64)
    order = {m: i for i, m in enumerate(METRICS5)}
    funds = {name: j for j, name in enumerate(dict.fromkeys(t["series"]))}
    out = np.empty((len(funds), 5, len(cols)))
    for s, m, row in zip(t["series"], t["metric"], v, strict=True):
        out[funds[s], order[m]] = row
    return out


def w3_years(runs: int) -> None:
    from fofxl import performance

    ep, qs = optional("empyrical"), optional("quantstats")
    df = nav_panel(522, 2000, False)  # 2015-01-02 .. 2024-12-27 plus 2 weeks of 2025
    df = df.loc[:"2024-12-31"]
    x, stamps = df.to_numpy(), df.index.to_numpy()
    ref = floor_years(x, stamps)
    rets = df.pct_change(fill_method=None)
    metrics = ",".join(METRICS5)

    def check(c: Candidate, out: Any) -> bool:
        if c.role == "fofxl":
            return close(fofxl_years_array(out), ref, rtol=1e-8)
        if c.name.startswith("pandas"):
            return close(out, ref, rtol=1e-8)
        if c.name.startswith("empyrical"):  # ann_vol and max_dd are defined alike
            vol = np.array([o[1] for o in out]).T
            mdd = np.array([o[2] for o in out]).T
            return close(vol, ref[:, 1, :-1], rtol=1e-8) and close(mdd, ref[:, 2, :-1], rtol=1e-8)
        if c.name.startswith("quantstats"):
            vol = np.array([np.asarray(o[1]) for o in out]).T
            return close(vol, ref[:, 1, :-1], rtol=1e-8)
        return True

    cands = [
        Candidate(
            f'performance_table(df, metrics="{metrics}")',
            "fofxl",
            lambda: performance.performance_table(df, metrics=metrics),
        ),
        Candidate("numpy floor (loop over 11 spans)", "floor", lambda: floor_years(x, stamps)),
        Candidate("pandas groupby(year) same rules", "peer", lambda: pandas_years(df)),
    ]
    if ep is not None:
        cands.append(
            Candidate(
                "empyrical 5 fns per year (rets)",
                "peer",
                lambda: empyrical_years(ep, rets),
                note="checked ann_vol, max_dd",
            )
        )
    if qs is not None:
        cands.append(
            Candidate(
                "quantstats 5 fns per year (rets)",
                "peer",
                lambda: quantstats_years(qs, rets),
                note="checked ann_vol",
                once=True,
            )
        )
    run_variant(
        "W3 per-year table 5 metrics 2,000 x 10y weekly",
        "full panel, P inferred",
        cands,
        check,
        runs,
    )


# --------------------------------------------------------------------------------------------
# workload 4: bucket statistics


def floor_buckets(v: np.ndarray, codes: np.ndarray, k: int) -> np.ndarray:
    out = np.full((k, 10), NAN)
    ok = ~np.isnan(v)
    for j in range(k):
        g = v[(codes == j) & ok]
        n = g.size
        if n == 0:
            out[j, 0] = 0
            continue
        mean = g.mean()
        std = g.std(ddof=1) if n > 1 else NAN
        q = np.percentile(g, [0, 25, 50, 75, 100])
        out[j] = [
            n,
            mean,
            std,
            q[0],
            q[1],
            q[2],
            q[3],
            q[4],
            np.count_nonzero(g > 0) / n,
            mean / std if std > 0 else NAN,
        ]
    return out


def floor_buckets_labels(values: Any, labels: Any, rows: list[str]) -> np.ndarray:
    v = np.asarray(values, dtype=np.float64).ravel()
    lab = np.asarray(labels, dtype=object).ravel()
    codes = np.full(lab.shape, -1, dtype=np.int8)
    for j, name in enumerate(rows):
        codes[lab == name] = j
    return floor_buckets(v, codes, len(rows))


def pandas_buckets(v: Any, labels: Any, rows: list[str]) -> pd.DataFrame:
    s = pd.Series(v)
    cat = (
        pd.Categorical(labels, categories=rows)
        if not isinstance(labels, pd.Categorical)
        else labels
    )
    g = s.groupby(cat, observed=False)
    t = g.describe()
    t[">0"] = (s > 0).groupby(cat, observed=False).sum() / t["count"]
    t["stab"] = t["mean"] / t["std"]
    return t


def w4_buckets(runs: int) -> None:
    from fofxl import buckets

    n = 1_000_000
    rng = np.random.default_rng(RNG_SEED)
    v = rng.normal(0.001, 0.02, n)
    rows = ["low", "balance", "high"]
    codes = rng.integers(0, 3, n).astype(np.int8)
    names = np.array(rows, dtype=object)[codes]
    v_nan = v.copy()
    v_nan[rng.random(n) < 0.05] = NAN
    lab_none = names.copy()
    lab_none[rng.random(n) < 0.02] = None
    codes_none = np.where(lab_none == None, -1, codes).astype(np.int8)  # noqa: E711
    cat = pd.Categorical.from_codes(codes, categories=rows)
    variants = {
        "ndarray values, object ndarray labels": (v, names, codes),
        "list values, list of str labels": (v.tolist(), names.tolist(), codes),
        "Series values, Categorical labels": (pd.Series(v), cat, codes),
        "ndarray with 5% NaN, 2% None labels": (v_nan, lab_none, codes_none),
    }
    for label, (vals, labs, cds) in variants.items():
        varr = np.asarray(vals, dtype=np.float64)
        ref = floor_buckets(varr, cds, 3)

        def check(c: Candidate, out: Any, ref=ref) -> bool:
            if isinstance(out, pd.DataFrame) and "count" in out.columns and out.shape[1] >= 10:
                a = out.to_numpy(np.float64)[:3, :10]
                if c.role == "peer":  # describe's column order: count mean std min 25 50 75 max
                    a = out[
                        ["count", "mean", "std", "min", "25%", "50%", "75%", "max", ">0", "stab"]
                    ]
                    a = a.to_numpy(np.float64)
                return close(a, ref, rtol=1e-8)
            return close(out, ref, rtol=1e-8)

        cands = [
            Candidate(
                "bucket_stats(values, labels)",
                "fofxl",
                lambda a=vals, b=labs: buckets.bucket_stats(a, b),
            ),
            Candidate(
                "numpy floor from the labels (== per label)",
                "floor",
                lambda a=vals, b=labs: floor_buckets_labels(a, b, rows),
            ),
            Candidate(
                "pandas groupby(Categorical).describe",
                "peer",
                lambda a=vals, b=labs: pandas_buckets(a, b, rows),
            ),
        ]
        if isinstance(labs, pd.Categorical):  # the codes are in the input: the floor uses them
            cands.insert(
                1,
                Candidate(
                    "numpy floor from Categorical codes",
                    "floor",
                    lambda a=vals, b=labs: floor_buckets(
                        np.asarray(a, dtype=np.float64), b.codes, 3
                    ),
                ),
            )
        run_variant("W4 bucket stats 1,000,000 returns", label, cands, check, runs)


# --------------------------------------------------------------------------------------------
# workload 5: through the Excel functions


def date_cells(index: pd.DatetimeIndex, header: bool = True) -> list[list[Any]]:
    rows = [[d] for d in index.to_pydatetime().tolist()]
    return ([["date"]] + rows) if header else rows


def nav_cells(df: pd.DataFrame, how: str) -> list[list[Any]]:
    """The NAV cells as xlwings hands them over (header row first)."""
    if how == "values.tolist":  # NaN floats where blank: what df.values.tolist() gives
        body = df.values.tolist()
    elif how == "object None":  # blanks as None, the classic xlwings way
        body = df.astype(object).where(df.notna(), None).values.tolist()
    elif how == "ints mixed":  # whole NAVs (e.g. 1.0 typed as 1) as Python ints
        obj = df.astype(object).where(df.notna(), None)
        body = obj.values.tolist()
        for i, row in enumerate(body):
            if i % 3 == 0:
                body[i] = [int(round(v * 1000)) if v is not None else None for v in row]
    else:
        raise ValueError(how)
    return [list(df.columns)] + body


def floor_dd_cells(
    dates: list[list[Any]], navs: list[list[Any]]
) -> tuple[list[list[Any]], list[list[Any]]]:
    """numpy: read the cells, drawdown + max drawdown, write result cells (None for blank)."""
    head = navs[0]
    np.array([r[0] for r in dates[1:]], dtype="M8[us]")  # the dates read too
    x = np.array(navs[1:], dtype=np.float64)
    dd, mdd = floor_dd(x)
    out = dd.astype(object)
    out[np.isnan(dd)] = None
    m = mdd.astype(object)
    m[np.isnan(mdd)] = None
    return [head] + out.tolist(), [head, m.tolist()]


def serial(d: dt.datetime) -> float:
    return (d - EXCEL_EPOCH).total_seconds() / 86400.0


def officejs_call(server: Any, module: Any, name: str, *args: Any) -> Any:
    import xlwings

    data = {
        "func_name": name,
        "args": list(args),
        "caller_address": "[Book1]Sheet1!Z1",
        "content_language": "en-US",
        "version": xlwings.__version__,
        "client": "Office.js",
        "runtime": "1.4",
        "culture_info_name": "en-US",
        "date_format": "M/d/yyyy",
    }
    return asyncio.run(server.custom_functions_call(data, module))


def officejs_modules() -> tuple[Any, Any] | None:
    """xlwings.server and a copy of fofxl_addin.udfs imported as under Office.js."""
    os.environ["XLWINGS_ON_SERVER"] = "true"
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    saved = {k: m for k, m in sys.modules.items() if k.split(".")[0] in ("xlwings", "fofxl_addin")}
    for k in saved:
        del sys.modules[k]
    try:
        import xlwings.server

        import fofxl_addin.udfs

        return xlwings.server, fofxl_addin.udfs
    except Exception as exc:
        print(f"   note: Office.js path unavailable: {type(exc).__name__}: {exc}")
        return None
    finally:
        office = {
            k: m for k, m in sys.modules.items() if k.split(".")[0] in ("xlwings", "fofxl_addin")
        }
        for k in office:
            del sys.modules[k]
        sys.modules.update(saved)
        os.environ.pop("XLWINGS_ON_SERVER", None)
        officejs_modules.cache = office  # type: ignore[attr-defined]


def w5_dd_cells(runs: int, office: tuple[Any, Any] | None) -> None:
    from fofxl import drawdowns
    from fofxl_addin import udfs

    for ragged, how in (
        (False, "object None"),
        (True, "object None"),
        (True, "values.tolist"),
        (True, "ints mixed"),
    ):
        df = nav_panel(520, 2000, ragged)
        dates = date_cells(df.index)
        navs = nav_cells(df, how)
        ref_dd, ref_m = floor_dd_cells(dates, navs)
        ref_a = cells_to_float(ref_dd[1:])
        ref_m = cells_to_float([ref_m[1]])

        def check(c: Candidate, out: Any, ref_a=ref_a, ref_m=ref_m) -> bool:
            dd, m = out
            if c.role == "compute":
                return close(np.asarray(dd, float), ref_a) and close(np.asarray(m, float), ref_m[0])
            return close(cells_to_float(dd[1:]), ref_a) and close(cells_to_float([m[1]]), ref_m)

        frame = df.copy()
        cands = [
            Candidate(
                "fof_drawdown(d, n); fof_maxdd(d, n)",
                "fofxl",
                lambda d=dates, n=navs: (udfs.fof_drawdown(d, n), udfs.fof_maxdd(d, n)),
            ),
            Candidate(
                "numpy floor: np.array(cells) -> dd -> cells",
                "floor",
                lambda d=dates, n=navs: floor_dd_cells(d, n),
            ),
            Candidate(
                "pylib drawdown + max_drawdown on a DataFrame",
                "compute",
                lambda f=frame: (drawdowns.drawdown(f), drawdowns.max_drawdown(f)),
            ),
            Candidate(
                "pandas DataFrame(cells) -> cummax -> cells",
                "peer",
                lambda d=dates, n=navs: pandas_dd_cells(d, n),
            ),
        ]
        if office is not None and how == "object None":
            server, module = office
            o_dates = [[serial(r[0])] for r in dates[1:]]
            o_dates = [["date"]] + o_dates
            o_navs = navs
            cands.insert(
                1,
                Candidate(
                    "Office.js FOF_DRAWDOWN + FOF_MAXDD (serials, null)",
                    "fofxl",
                    lambda d=o_dates, n=o_navs: (
                        officejs_call(server, module, "fof_drawdown", d, n),  # noqa: B023
                        officejs_call(server, module, "fof_maxdd", d, n),  # noqa: B023
                    ),
                ),
            )
        label = ("ragged" if ragged else "full") + f", cells {how}"
        run_variant("W5a FOF_DRAWDOWN+FOF_MAXDD 520x2,000 cells", label, cands, check, runs)


def pandas_dd_cells(dates: list[list[Any]], navs: list[list[Any]]) -> tuple[Any, Any]:
    idx = pd.to_datetime([r[0] for r in dates[1:]])
    df = pd.DataFrame(navs[1:], index=idx, columns=navs[0], dtype=float)
    dd = df / df.cummax() - 1
    out = dd.astype(object).where(dd.notna(), None).values.tolist()
    m = dd.min()
    return [navs[0]] + out, [navs[0], [None if math.isnan(v) else v for v in m.tolist()]]


def w5_bucket_cells(runs: int, office: tuple[Any, Any] | None) -> None:
    from fofxl import buckets
    from fofxl_addin import udfs

    n = 1_000_000
    rng = np.random.default_rng(RNG_SEED)
    v = rng.normal(0.001, 0.02, n)
    rows = ["low", "balance", "high"]
    codes = rng.integers(0, 3, n)
    names = np.array(rows, dtype=object)[codes]
    vals = [[float(a)] for a in v]
    labs = [[s] for s in names.tolist()]
    vals[5] = [None]
    labs[7] = [None]
    ref = floor_bucket_cells(vals, labs, rows)
    ref_a = np.array([r[1:] for r in ref[1:]], dtype=float)

    def check(c: Candidate, out: Any) -> bool:
        if c.role == "compute" or c.name.startswith("pandas"):
            t = out if c.role == "compute" else out
            a = (
                t.to_numpy(np.float64)[:3, :10]
                if c.role == "compute"
                else np.array([[NAN if x is None else x for x in r[1:]] for r in t[1:]], float)
            )
            return close(a, ref_a, rtol=1e-8)
        return close(cells_to_float([r[1:] for r in out[1:]]), ref_a, rtol=1e-8)

    varr = np.array([r[0] for r in vals], dtype=float)
    larr = np.array([r[0] for r in labs], dtype=object)
    cands = [
        Candidate(
            "fof_bucketstats(values, labels)", "fofxl", lambda: udfs.fof_bucketstats(vals, labs)
        ),
        Candidate(
            "numpy floor: np.array(cells) -> stats -> cells",
            "floor",
            lambda: floor_bucket_cells(vals, labs, rows),
        ),
        Candidate(
            "pylib bucket_stats on arrays", "compute", lambda: buckets.bucket_stats(varr, larr)
        ),
        Candidate(
            "pandas groupby.describe from cells",
            "peer",
            lambda: pandas_bucket_cells(vals, labs, rows),
        ),
    ]
    if office is not None:
        server, module = office
        cands.insert(
            1,
            Candidate(
                "Office.js FOF_BUCKETSTATS",
                "fofxl",
                lambda: officejs_call(server, module, "fof_bucketstats", vals, labs),
            ),
        )
    run_variant(
        "W5b FOF_BUCKETSTATS 1,000,000 cells",
        "one column + labels",
        cands,
        check,
        runs,
        half_compute=True,
    )


def floor_bucket_cells(
    vals: list[list[Any]], labs: list[list[Any]], rows: list[str]
) -> list[list[Any]]:
    v = np.array(vals, dtype=np.float64).ravel()
    table = floor_buckets_labels(v, np.array(labs, dtype=object), rows)
    out = table.astype(object)
    out[np.isnan(table)] = None
    body = out.tolist()
    return [["label"]] + [[name] + row for name, row in zip(rows, body, strict=True)]


def pandas_bucket_cells(
    vals: list[list[Any]], labs: list[list[Any]], rows: list[str]
) -> list[list[Any]]:
    v = pd.DataFrame(vals, dtype=float)[0]
    lab = pd.DataFrame(labs)[0]
    t = pandas_buckets(v, lab, rows)
    t = t[["count", "mean", "std", "min", "25%", "50%", "75%", "max", ">0", "stab"]]
    return [["label"]] + [
        [k] + [None if pd.isna(x) else x for x in r]
        for k, r in zip(t.index, t.values.tolist(), strict=True)
    ]


def w5_column(runs: int, office: tuple[Any, Any] | None) -> None:
    from fofxl import drawdowns, percentiles, regimes
    from fofxl_addin import udfs

    n = 1_048_576
    rng = np.random.default_rng(RNG_SEED)
    # 1,048,576 daily dates end past 2262 (fofxl's date range), so hourly stamps from 1900
    index = pd.date_range("1900-01-01", periods=n, freq="h")
    x = np.cumprod(1.0 + rng.normal(0.0, 0.001, n))
    dates = [[d] for d in index.to_pydatetime().tolist()]
    values = [[float(a)] for a in x]
    ser = pd.Series(x, index=index, name="v")
    stamps = index.to_numpy()

    def col(out: Any) -> np.ndarray:
        return cells_to_float(out).ravel()

    # FOF_DRAWDOWN
    ref_dd = floor_dd(x[:, None])[0].ravel()

    def floor_col_dd() -> list[list[Any]]:
        np.array([r[0] for r in dates], dtype="M8[us]")
        v = np.array(values, dtype=np.float64)
        dd = floor_dd(v)[0]
        out = dd.astype(object)
        out[np.isnan(dd)] = None
        return out.tolist()

    def check_dd(c: Candidate, out: Any) -> bool:
        if c.role == "compute":
            return close(out.to_numpy(), ref_dd)
        return close(col(out), ref_dd)

    cands = [
        Candidate("fof_drawdown(dates, column)", "fofxl", lambda: udfs.fof_drawdown(dates, values)),
        Candidate("numpy floor: cells -> dd -> cells", "floor", floor_col_dd),
        Candidate("pylib drawdown(Series)", "compute", lambda: drawdowns.drawdown(ser)),
        Candidate(
            "pandas Series(cells) cummax -> cells", "peer", lambda: pandas_col_dd(dates, values)
        ),
    ]
    if office is not None:
        server, module = office
        o_dates = [[serial(r[0])] for r in dates]
        cands.insert(
            1,
            Candidate(
                "Office.js FOF_DRAWDOWN",
                "fofxl",
                lambda: officejs_call(server, module, "fof_drawdown", o_dates, values),
            ),
        )
    run_variant(
        "W5c FOF_DRAWDOWN 1,048,576-row column",
        "hourly stamps",
        cands,
        check_dd,
        runs,
        half_compute=True,
    )

    # FOF_PCTRANK / FOF_REGIME: the bar is conversion <= computation (pylib on a Series)
    for window, months in (("3Y", 36), (750, None)):
        ref = floor_pct(stamps, x) if months else None
        pl = percentiles.rolling_percentile(ser, window)
        if ref is not None and not close(pl.to_numpy(), ref):
            print("   note: pylib rolling_percentile disagrees with the numpy floor on 1M rows")
        ref = pl.to_numpy()
        labels_ref = regimes.regime_labels(pl, low=0.2, high=0.8)

        def check_p(c: Candidate, out: Any, ref=ref, labels_ref=labels_ref) -> bool:
            if c.role == "compute":
                return True
            if c.name.startswith("fof_regime") or "REGIME" in c.name:
                got = [r[0] if r[0] != "" else None for r in out]
                want = [
                    None if (isinstance(v, float) and math.isnan(v)) or v is None else v
                    for v in labels_ref.tolist()
                ]
                return got == want
            return close(col(out), ref)

        cands = [
            Candidate(
                f"fof_pctrank(dates, column, {window!r})",
                "fofxl",
                lambda w=window: udfs.fof_pctrank(dates, values, w),
            ),
            Candidate(
                f"fof_regime(dates, column, {window!r})",
                "fofxl",
                lambda w=window: udfs.fof_regime(dates, values, w),
            ),
            Candidate(
                f"pylib rolling_percentile(Series, {window!r})",
                "compute",
                lambda w=window: percentiles.rolling_percentile(ser, w),
            ),
        ]
        if office is not None:
            server, module = office
            o_dates = [[serial(r[0])] for r in dates]
            cands.insert(
                2,
                Candidate(
                    f"Office.js FOF_PCTRANK {window!r}",
                    "fofxl",
                    lambda w=window, od=o_dates, sv=server, mo=module: officejs_call(
                        sv,
                        mo,
                        "fof_pctrank",
                        od,
                        values,
                        [[w]],
                    ),
                ),
            )
        run_variant(
            "W5d FOF_PCTRANK/FOF_REGIME 1,048,576-row column",
            f"window {window!r}",
            cands,
            check_p,
            max(3, runs // 2),
            half_compute=True,
        )


def pandas_col_dd(dates: list[list[Any]], values: list[list[Any]]) -> list[list[Any]]:
    s = pd.Series([r[0] for r in values], index=pd.to_datetime([r[0] for r in dates]), dtype=float)
    dd = s / s.cummax() - 1
    return dd.astype(object).where(dd.notna(), None).to_frame().values.tolist()


# --------------------------------------------------------------------------------------------


WORKLOADS = {
    "W1": lambda runs, office: w1_percentile(runs),
    "W2": lambda runs, office: w2_drawdown(runs),
    "W3": lambda runs, office: w3_years(runs),
    "W4": lambda runs, office: w4_buckets(runs),
    "W5a": w5_dd_cells,
    "W5b": w5_bucket_cells,
    "W5c": w5_column,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per candidate (>= 7)")
    parser.add_argument("--only", default="", help="comma-separated workloads, e.g. W2,W5a")
    parser.add_argument("--no-officejs", action="store_true", help="skip xlwings' Office.js path")
    args = parser.parse_args(argv)
    chosen = [w for w in WORKLOADS if not args.only or w in args.only.split(",")]
    office = None if args.no_officejs else officejs_modules()
    print(
        f"fofxl outsider harness: runs={args.runs}, numpy {np.__version__}, "
        f"pandas {pd.__version__}, Office.js path {'on' if office else 'off'}"
    )
    for w in chosen:
        WORKLOADS[w](args.runs, office)
    print("\n== summary (median ms; ratios within the same interleaved run)")
    print(
        f"{'workload':44s} {'variant':38s} {'fofxl':>9s} {'floor':>9s} {'xfloor':>7s} "
        f"{'best peer':>9s} {'xpeer':>6s} {'xcomp':>6s}  verdict / call"
    )
    for r in ROWS:
        print(
            f"{r['workload'][:44]:44s} {r['variant'][:38]:38s} {r['fofxl_ms']:9.1f} "
            f"{r['floor_ms']:9.1f} {r['x_floor']:7.2f} {r['peer_ms']:9.1f} {r['x_peer']:6.2f} "
            f"{r['x_compute']:6.2f}  "
            f"{r['verdict']}  [{r['call']}; peer {r['peer']}]"
        )
    failed = [r for r in ROWS if r["verdict"] != "PASS"]
    print(f"\n{len(ROWS) - len(failed)} of {len(ROWS)} fofxl calls meet the bar.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
