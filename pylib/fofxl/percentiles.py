"""Rolling historical percentile of each value within its trailing window (SPEC §2).

The percentile of x_t is taken against the values of its own series in the window that ends at
t (x_t included): the last N observations, or the observations of a calendar span such as 3
years. Three conventions are offered: Excel's PERCENTRANK.INC without its 3-digit truncation
(``inc``, the default), PERCENTRANK.EXC (``exc``) and pandas' ``rank(pct=True)`` (``rank``).

Algorithm (a whole panel at once, no loop per observation or per column): values become
per-column integer ranks (order and ties kept exactly; a blank ranks above every number, so it
is never counted); the query dates are cut into chunks of c consecutive rows; for each chunk
the union of its windows (window length + c values) is sorted together with the chunk's own
values tagged as queries, which gives, per query, the count of smaller values in the union;
the few union values outside a query's own window (before its window start, or after the query
inside the chunk) are then subtracted by c-sized vectorised comparisons. Cost ≈
(n/c)·(w + 2c)·log + n·c per series instead of n·w. Columns with blanks share one block: for an
integer window each column's observations are stacked at the top (row i = every column's
(i+1)-th observation); for a calendar span the rows stay the shared dates and blanks are
simply not counted.

Speed: the unions are sorted a cache-sized tile of chunks at a time; the exclusions run on a
(position in chunk, chunk, series) layout, so each of the 2c passes is one contiguous run; c
grows with the work (√(16·w) on long series, smaller where the passes' fixed cost weighs
most); a panel's column batches, or one long series' blocks of rows, run on two threads.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from . import _options, _parallel
from ._options import Span, choose
from ._types import SeriesOrFrame
from .clean import as_frame, as_series
from .errors import OptionError
from .periods import _ns_stamps, span_start_ns

__all__ = ["METHODS", "rolling_percentile"]

#: Percentile conventions: Excel PERCENTRANK.INC / PERCENTRANK.EXC, pandas rank(pct=True).
METHODS = ("inc", "exc", "rank")

# Work split: columns are processed in batches of about this many key cells (bounded memory),
# and large panels use two threads (numpy releases the GIL inside sort and ufunc loops).
_BATCH_CELLS = 2_000_000
_ROW_BLOCK_CELLS = 16_000_000
_THREAD_MIN_CELLS = 400_000
#: One long series splits its query rows in two threads from this many sort keys.
_ROW_THREAD_CELLS = 4_000_000


# --------------------------------------------------------------------------- options


def _parse_min_periods(value: Any, window: int | Span) -> int | None:
    """None (full-window rule) or a whole number ≥ 1 (≤ an integer window)."""
    if not _options.given(value):
        return None
    result = _options.count(value, "min_periods", example=20)
    if isinstance(window, int) and result > window:
        raise OptionError(
            f"min_periods={result} is larger than window={window}; a window never holds more "
            f"than {window} values: give min_periods ≤ {window}."
        )
    return result


# --------------------------------------------------------------------------- kernels


def _ranks(block: np.ndarray) -> np.ndarray:
    """Per column integer ranks (#values smaller in the column), as a (columns, rows) array.

    Order and ties are kept exactly: r_s < r_t ⟺ x_s < x_t within a column. A blank (NaN)
    ranks above every number, so it is never below (or at most) a query value.
    """
    xt = np.ascontiguousarray(block.T)
    m, n = xt.shape
    dtype = np.int16 if n < np.iinfo(np.int16).max else np.int32
    order = np.argsort(xt, axis=1)
    order += (np.arange(m, dtype=order.dtype) * n)[:, None]  # flat positions
    ordered = xt.reshape(-1)[order]
    new = np.empty(xt.shape, dtype=bool)
    new[:, :1] = True
    np.not_equal(ordered[:, 1:], ordered[:, :-1], out=new[:, 1:])
    first = np.where(new, np.arange(n, dtype=dtype), dtype(0))
    np.maximum.accumulate(first, axis=1, out=first)
    ranks = np.empty(m * n, dtype=dtype)
    ranks[order.reshape(-1)] = first.reshape(-1)
    return ranks.reshape(m, n)


class _Counter:
    """Sums many boolean comparison results: uint8 partial sums, flushed to int32 every 255."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.total = np.zeros(shape, dtype=np.int32)
        self._acc = np.zeros(shape, dtype=np.uint8)
        self._tmp = np.empty(shape, dtype=bool)
        self._adds = 0

    def add(
        self,
        where: tuple[slice, ...],
        compare: Callable[..., Any],
        left: np.ndarray,
        right: np.ndarray,
        mask: np.ndarray | None = None,
    ) -> None:
        tmp = self._tmp[where]
        compare(left, right, out=tmp)
        if mask is not None:
            np.logical_and(tmp, mask, out=tmp)
        acc = self._acc[where]
        np.add(acc, tmp.view(np.uint8), out=acc)
        self._adds += 1
        if self._adds == 255:
            self.flush()

    def add_offsets(
        self, compare: Callable[..., Any], queries: np.ndarray, head: np.ndarray
    ) -> None:
        """For every offset d in 1 … c−1 (first axis): ``compare(queries[i + d],
        queries[i])`` into position i and ``compare(head[i − d], queries[i])`` into position i
        (the loop of :meth:`add` for these two slices, without its per-call overhead)."""
        c = queries.shape[0]
        tmp, acc = self._tmp, self._acc
        bytes_ = tmp.view(np.uint8)
        add = np.add
        for d in range(1, c):
            if self._adds >= 254:
                self.flush()
            compare(queries[d:], queries[: c - d], out=tmp[: c - d])
            low = acc[: c - d]
            add(low, bytes_[: c - d], out=low)
            compare(head[: c - d], queries[d:], out=tmp[d:])
            high = acc[d:]
            add(high, bytes_[d:], out=high)
            self._adds += 2

    def flush(self) -> np.ndarray:
        if self._adds:
            self.total += self._acc
            self._acc[...] = 0
            self._adds = 0
        return self.total


def _window_counts(
    ranks: np.ndarray, lo: np.ndarray, t0: int, chunk: int, want_le: bool
) -> tuple[np.ndarray, np.ndarray | None]:
    """Counts of window values below (and ≤) each query value, for queries t0 … n−1.

    Parameters: ``ranks`` (m, n) integer ranks of m series sharing n dates; ``lo`` (n,) the
    first position of each window (lo[t] ≤ t; mostly non-decreasing, but it may step back:
    EDATE clips 29–31 to a shorter month's end, so on intraday stamps the window of 00:00 on
    the 31st can start a day before that of 23:00 on the 30th); ``chunk`` a power of two.
    Returns ``below[t − t0, j] = #{s ∈ [lo_t, t] : r_js < r_jt}`` and, when asked,
    ``at_most[...] = #{s ∈ [lo_t, t] : r_js ≤ r_jt}``, as (n − t0, m) int32 arrays.
    """
    m, n = ranks.shape
    c = chunk
    shift = c.bit_length() - 1
    n_chunks = -(-(n - t0) // c)
    starts = t0 + np.arange(n_chunks, dtype=np.int64) * c
    stops = np.minimum(starts + c, n)
    u0 = np.minimum.reduceat(lo[t0:], starts - t0)  # first union row (lo may step back)
    union_len = int((stops - u0).max())
    sentinel = n  # larger than every rank
    padded = np.empty((m, n + 1), dtype=ranks.dtype)
    padded[:, :n] = ranks
    padded[:, n] = sentinel

    # --- totals over each chunk's union of windows: one sort of union + tagged queries.
    # key = ((4·rank + tag) << shift) | slot; tag 1 = union value, 0 = "below" query,
    # 2 = "at most" query: a union value sorts before a query exactly when it is below it
    # (tag 0) or at most it (tag 2), and the slot says which query of the chunk it is.
    key_type = np.int32 if ((4 * (n + 2)) << shift) < np.iinfo(np.int32).max else np.int64
    n_query = 2 if want_le else 1
    width = union_len + n_query * c
    per_row = n_query * c
    wide: np.ndarray = padded.astype(key_type)
    union_keys = (wide * 4 + 1) << shift
    query_idx = t0 + np.arange(n_chunks * c, dtype=np.int64)
    query_idx[query_idx >= n] = n
    slot = np.arange(n_chunks * c, dtype=key_type) & (c - 1)
    below_keys = (((wide[:, query_idx] * 4) << shift) | slot).reshape(m, n_chunks, c)
    del wide
    filler = (sentinel * 4 + 1) << shift
    totals = np.empty((m, n_chunks, per_row), dtype=np.int32)
    # a tile of chunks at a time: its keys and their temporaries stay in the CPU's cache
    tile = max(1, _TILE_KEYS // (m * width))
    for r0 in range(0, n_chunks, tile):
        r1 = min(n_chunks, r0 + tile)
        n_rows = m * (r1 - r0)
        keys = np.empty((m, r1 - r0, width), dtype=key_type)
        for k in range(r0, r1):  # one block copy per chunk of c dates
            size = int(stops[k] - u0[k])
            keys[:, k - r0, :size] = union_keys[:, u0[k] : stops[k]]
            keys[:, k - r0, size:union_len] = filler
        blocks = keys[:, :, union_len:].reshape(m, r1 - r0, n_query, c)
        blocks[:, :, 0, :] = below_keys[:, r0:r1]
        if want_le:
            blocks[:, :, 1, :] = below_keys[:, r0:r1] + (2 << shift)
        keys.sort(axis=2)
        flat = keys.reshape(-1)
        hits: np.ndarray = np.flatnonzero(np.bitwise_and(flat, 1 << shift) == 0)
        hits = hits.reshape(n_rows, per_row)  # n_query·c per row, in row order
        # union values before a query = its position − the queries before it in the row
        smaller = hits - (np.arange(n_rows, dtype=np.int64) * width)[:, None]
        smaller -= np.arange(per_row, dtype=np.int64)
        hit_keys = flat[hits]
        dest = hit_keys & (c - 1)
        if want_le:
            dest |= ((hit_keys >> (shift + 1)) & 1) * c
        dest = dest.astype(np.int64) + (np.arange(n_rows, dtype=np.int64) * per_row)[:, None]
        part = totals[:, r0:r1].reshape(-1) if m == 1 else np.empty(n_rows * per_row, np.int32)
        part[dest.reshape(-1)] = smaller.reshape(-1)
        if m > 1:
            totals[:, r0:r1] = part.reshape(m, r1 - r0, per_row)
    del union_keys, below_keys
    totals = totals.reshape(m, n_chunks, n_query, c).transpose(2, 3, 1, 0)  # (q, c, K, m)

    compares = [np.less, np.less_equal] if want_le else [np.less]
    rows_t = padded.T  # (n + 1, m)
    results = []
    if m <= _FEW_SERIES and n_chunks * c <= _FEW_ROWS:  # short: fixed costs weigh most
        grid = query_idx.reshape(n_chunks, c)
        offsets = lo[np.minimum(grid, n - 1)] - u0[:, None]
        head_idx = u0[:, None] + np.arange(int((offsets - np.arange(c)).max(initial=0)) + c)
        head = rows_t[np.minimum(head_idx, n)]  # (K, c + up, m)
        for k, compare in enumerate(compares):  # (padding queries are cut off below)
            count = totals[k].transpose(1, 0, 2) - _excluded_at_once(
                rows_t[grid], head, offsets, compare
            )
            results.append(count.reshape(n_chunks * c, m)[: n - t0])
        return results[0], (results[1] if want_le else None)

    # --- exclusions, on a (position in chunk, chunk, series) layout: a slice of positions is
    # one contiguous block, so each pass below is a single run over memory
    grid = query_idx.reshape(n_chunks, c).T  # (c, K) query rows
    queries = np.ascontiguousarray(rows_t[grid])  # (c, K, m)
    offsets = lo[np.minimum(grid, n - 1)] - u0  # (c, K)
    jitter = offsets - np.arange(c)[:, None]  # d_i − i: how far each window start moved
    jitter[grid >= n] = 0  # padding after the last date
    up, down = max(int(jitter.max()), 0), max(int(-jitter.min()), 0)
    # only the chunks with such shifts need the masked passes (for an integer window: the
    # first chunks when min_periods lets values start before a full window)
    late = _span_of(jitter.T > 0)
    early = _span_of(jitter.T < 0)
    head_idx = np.arange(c + up, dtype=np.int64)[:, None] + u0
    head_idx[head_idx > n] = n
    head = np.ascontiguousarray(rows_t[head_idx])  # (c + up, K, m)
    for k, compare in enumerate(compares):
        excluded = _Counter((c, n_chunks, m))
        removed = _Counter((c, n_chunks, m))
        # after the query inside the chunk (positions i' > i), and before it in the union up
        # to position i (head[j] for j < i)
        excluded.add_offsets(compare, queries, head)
        for r in range(up):
            # window start later than i: also exclude head[i + r] where d_i − i > r
            mask = (jitter[:, late] > r)[:, :, None]
            excluded.add(
                (slice(None), late), compare, head[r : r + c, late], queries[:, late], mask
            )
        for r in range(down):
            # window start earlier than i: head[i − 1 − r] is inside the window after all
            mask = (jitter[r + 1 :, early] < -r)[:, :, None]
            removed.add(
                (slice(r + 1, c), early),
                compare,
                head[: c - 1 - r, early],
                queries[r + 1 :, early],
                mask,
            )
        count = totals[k] - excluded.flush() + removed.flush()
        results.append(count.transpose(1, 0, 2).reshape(n_chunks * c, m)[: n - t0])
    return results[0], (results[1] if want_le else None)


#: Sort keys of one tile of chunks in :func:`_window_counts` (cache-sized temporaries).
_TILE_KEYS = 1 << 18
#: Up to this many series and query rows, :func:`_window_counts` excludes with whole-chunk
#: comparisons (a few calls: on short series the 2c passes of the loop cost more in calls
#: than in work; on long ones the loop's in-place byte counters are faster).
_FEW_SERIES = 2
_FEW_ROWS = 3_000
#: Cells of one batch of whole-chunk comparisons (bounded memory on a whole Excel column).
_BROADCAST_CELLS = 4_000_000


def _excluded_at_once(
    queries: np.ndarray, head: np.ndarray, before: np.ndarray, compare: Callable[..., Any]
) -> np.ndarray:
    """Union values outside each query's window that ``compare`` counts, per query.

    ``queries`` (K, c, m) are the chunk's values, ``head`` (K, H, m) each chunk's union from
    its start, ``before`` (K, c) how many union values precede each query's window. Excluded:
    head[j] for j < before_i, and the chunk's own values after the query (positions i' > i).
    Same counts as the loop of :func:`_window_counts`, in a few passes over batches of chunks
    (each series' chunks are rows of their own: no broadcast over a short series axis).
    """
    n_chunks, c, m = queries.shape
    width = head.shape[1]
    rows_q = queries.transpose(2, 0, 1).reshape(m * n_chunks, c)
    rows_h = head.transpose(2, 0, 1).reshape(m * n_chunks, width)
    prefixes = np.tri(width + 1, width, -1, dtype=bool)  # row v: the first v positions
    outside = prefixes[np.clip(before, 0, width)]  # (K, c, H): head[j] before the window
    after = np.arange(c)[None, :] > np.arange(c)[:, None]  # [i, i']: i' after i
    out = np.empty((m * n_chunks, c), dtype=np.int32)
    step = max(1, _BROADCAST_CELLS // max(c * (c + width), 1))
    for r0 in range(0, m * n_chunks, step):
        r1 = min(m * n_chunks, r0 + step)
        q = rows_q[r0:r1, :, None]
        early = compare(rows_h[r0:r1, None, :], q)  # (b, c, H)
        early &= outside[np.arange(r0, r1) % n_chunks] if m > 1 else outside[r0:r1]
        late = compare(rows_q[r0:r1, None, :], q)  # (b, c, c)
        late &= after
        # einsum sums the bytes along the last axis faster than add.reduce
        np.einsum("bch->bc", early.view(np.uint8), dtype=np.int32, out=out[r0:r1])
        out[r0:r1] += np.einsum("bch->bc", late.view(np.uint8), dtype=np.int32)
    return out.reshape(m, n_chunks, c).transpose(1, 2, 0)


def _counts_by_rows(
    ranks: np.ndarray,
    lo: np.ndarray,
    t0: int,
    chunk: int,
    want_le: bool,
    longest: int,
    threads: bool = False,
) -> tuple[np.ndarray, np.ndarray | None]:
    """:func:`_window_counts` in blocks of query rows when one pass would hold more than
    ``_ROW_BLOCK_CELLS`` sort keys (a very long series with a long window: a whole Excel
    column of hourly data with a 3Y window would need ~1 GB at once), or, with ``threads``,
    when the work is large enough for two threads (an even number of blocks, half each).

    Each block takes the rows from its first window's start; its ranks are renumbered from 0
    (order and ties kept), so the counts are exactly those of one pass.
    """
    m, n = ranks.shape
    per_chunk = (longest + 3 * chunk) * m
    n_chunks = -(-(n - t0) // chunk)
    cells = n_chunks * per_chunk
    threaded = threads and cells >= _ROW_THREAD_CELLS and n_chunks >= 2
    # two blocks at once in two threads: each half as large (the same memory at its peak)
    per_block = max(1, (_ROW_BLOCK_CELLS // (2 if threaded else 1)) // max(per_chunk, 1))
    n_blocks = -(-n_chunks // per_block)
    if threaded:
        n_blocks += n_blocks % 2
    if n_blocks == 1:
        return _window_counts(ranks, lo, t0, chunk, want_le)
    rows = -(-n_chunks // n_blocks) * chunk
    firsts = list(range(t0, n, rows))
    below_all = np.empty((n - t0, m), dtype=np.int32)
    at_most_all = np.empty((n - t0, m), dtype=np.int32) if want_le else None

    def blocks(i: int, j: int) -> None:
        for a in firsts[i:j]:
            b = min(n, a + rows)
            s = int(lo[a:b].min())
            sub = _ranks(ranks[:, s:b].T.astype(np.float64))
            sub_lo = np.maximum(lo[s:b] - s, 0)
            below, at_most = _window_counts(sub, sub_lo, a - s, chunk, want_le)
            below_all[a - t0 : b - t0] = below
            if at_most_all is not None and at_most is not None:
                at_most_all[a - t0 : b - t0] = at_most

    _parallel.by_halves(blocks, len(firsts), cells if threaded else 0)
    return below_all, at_most_all


def _span_of(rows: np.ndarray) -> slice:
    """The slice of chunks (first axis) from the first to the last one with a True."""
    hit = np.flatnonzero(rows.any(axis=1))
    return slice(int(hit[0]), int(hit[-1]) + 1) if hit.size else slice(0, 0)


def _choose_chunk(longest: int, cells: int) -> int:
    """Power of two near √(k·w): balances the sort (∝ n·w/c) against the exclusions (∝ n·c).

    ``cells`` = query rows × series. The exclusions also cost 2c numpy calls whatever the
    size: on small blocks that fixed cost weighs most, so k falls from 16 towards 0 there.
    """
    k = _CHUNK_K * cells / (cells + _CHUNK_CELLS)
    target = math.sqrt(k * max(longest, 1))
    return int(min(_CHUNK_MAX, max(4, 2 ** round(math.log2(target)))))


_CHUNK_K = 16.0
_CHUNK_CELLS = 15_000
_CHUNK_MAX = 512


def _percentile_group(
    block: np.ndarray,
    lo: np.ndarray,
    size: np.ndarray,
    ok: np.ndarray,
    method: str,
) -> np.ndarray:
    """Percentiles of m series on n shared rows; NaN where not ``ok``.

    ``block`` (n, m) may hold NaN (a missing observation: never counted, as its rank is above
    every number); ``lo`` (n,) is the first row of each row's window; ``size`` (n, 1) or
    (n, m) the number of observations in the window; ``ok`` (n, m) where a value is wanted.
    """
    n, m = block.shape
    out = np.full((n, m), np.nan)
    wanted = ok.any(axis=1)
    if not wanted.any():
        return out
    t0 = int(np.argmax(wanted))
    longest = int((np.arange(n, dtype=np.int64) - lo + 1)[t0:].max())
    c = _choose_chunk(longest, (n - t0) * m)
    size_q = size[t0:].astype(np.float64)
    void = ~ok[t0:]

    def work(first: int, last: int) -> None:
        ranks = _ranks(block[:, first:last])
        below, at_most = _counts_by_rows(
            ranks, lo, t0, c, method == "rank", longest, threads=m == 1
        )
        count = size_q if size_q.shape[1] == 1 else size_q[:, first:last]
        with np.errstate(divide="ignore", invalid="ignore"):
            if method == "inc":
                pct = below / (count - 1.0)  # a window of one value: 0 / 0 -> NaN
            elif method == "exc":
                pct = (below + 1.0) / (count + 1.0)
            else:
                pct = (below + at_most + 1.0) / (2.0 * count)
        pct[void[:, first:last]] = np.nan
        out[t0:, first:last] = pct

    if m == 1:
        work(0, 1)
        return out
    # batches of columns keep the sort keys near _BATCH_CELLS cells; big panels use 2 threads
    cells_per_column = -(-(n - t0) // c) * (longest + 3 * c)
    per_batch = max(1, _BATCH_CELLS // max(cells_per_column, 1))
    cells = m * cells_per_column
    threaded = cells >= _THREAD_MIN_CELLS
    n_parts = min(m, max(2 if threaded else 1, -(-m // per_batch)))
    bounds = np.linspace(0, m, n_parts + 1).astype(int).tolist()
    parts = list(zip(bounds[:-1], bounds[1:], strict=True))

    def batches(a: int, b: int) -> None:
        for first, last in parts[a:b]:
            work(first, last)

    _parallel.by_halves(batches, len(parts), cells if threaded else 0)
    return out


def _percentile_panel(
    data: np.ndarray,
    dates: pd.DatetimeIndex,
    window: int | Span,
    method: str,
    min_periods: int | None,
) -> np.ndarray:
    """Each column over its own non-missing rows, all columns in one block.

    Integer window: each column's observations are moved to the top of the block (in date
    order), so row i is every column's (i+1)-th observation and the windows are shared.
    Calendar span: the windows are rows of the shared dates; a blank cell is simply not
    counted (the window is the column's observations dated in (t − span, t]).
    """
    n, m = data.shape
    if n == 0 or m == 0:
        return np.full((n, m), np.nan)
    present = ~np.isnan(data)
    if isinstance(window, int):
        counts = present.sum(axis=0)
        dense = bool((counts == n).all())
        rows = int(counts.max())
        if rows == 0:
            return np.full((n, m), np.nan)
        if dense:
            order, block = None, data
        else:  # own observations first (stable: in date order), blanks after them
            order = np.argsort(~present, axis=0, kind="stable")[:rows]
            block = np.take_along_axis(data, order, axis=0)
        pos = np.arange(rows, dtype=np.int64)
        lo = np.maximum(pos - window + 1, 0)
        size = (pos - lo + 1)[:, None]
        need = window if min_periods is None else min_periods
        ok = (size >= need) & (pos[:, None] < counts[None, :])
        pct = _percentile_group(block, lo, size, ok, method)
        if order is None:
            return pct
        out = np.full((n, m), np.nan)
        np.put_along_axis(out, order, pct, axis=0)
        return out
    stamps = _ns_stamps(dates)
    starts = span_start_ns(stamps, window)
    lo = np.searchsorted(stamps, starts, side="right").astype(np.int64)  # date > t − span
    seen = np.cumsum(present, axis=0, dtype=np.int64)
    before = np.where((lo > 0)[:, None], seen[np.maximum(lo - 1, 0)], 0)
    size = seen - before  # the column's observations in (t − span, t]
    if min_periods is None:  # full span: the column's first date ≤ t − span
        first = stamps[np.argmax(present, axis=0)]
        ok = present & (starts[:, None] >= first[None, :])
    else:
        ok = present & (size >= min_periods)
    return _percentile_group(data, lo, size, ok, method)


# --------------------------------------------------------------------------- public


def rolling_percentile(
    values: SeriesOrFrame,
    window: int | str = "3Y",
    method: str = "inc",
    min_periods: int | None = None,
) -> SeriesOrFrame:
    """Historical percentile (0–1) of each value within its trailing window of the same series.

    Parameters
    ----------
    values : Series or DataFrame
        Date-indexed values; a DataFrame holds one series per column, each taken over its own
        non-blank rows.
    window : int or str, default "3Y"
        A whole number of observations (the current one included), or a calendar span
        ``"3Y"``, ``"36M"``, ``"156W"``, ``"1095D"``: the observations dated after t − span
        (month arithmetic like EDATE) and up to t.
    method : {"inc", "exc", "rank"}, default "inc"
        ``inc``: Excel PERCENTRANK.INC (untruncated); ``exc``: PERCENTRANK.EXC; ``rank``:
        average rank / count, like pandas ``rank(pct=True)``.
    min_periods : int, optional
        Give a percentile as soon as the window holds this many values. Empty: wait for a full
        window (an integer window full; for a span, the series' first date ≤ t − span).

    Returns
    -------
    Series or DataFrame
        Same kind as ``values``, on the cleaned dates (sorted, rows blank in every column
        dropped; see :mod:`fofxl._types`), NaN until a window counts and where a column is
        blank. Fractions, never ×100.

    Raises
    ------
    OptionError
        Unknown method, a window that is not a positive count or span, a bad min_periods.
    InputError
        Unreadable values or duplicate dates.

    Notes
    -----
    With n_t values in the window of x_t (x_t included) and b_t of them strictly below x_t
    (ties are not below):

    * inc: pct_t = b_t / (n_t − 1) (NaN for a window of one value);
    * exc: pct_t = (b_t + 1) / (n_t + 1);
    * rank: pct_t = (b_t + (e_t + 1) / 2) / n_t, e_t the values equal to x_t (x_t included).

    Empty until a full window exists: an integer window needs n_t ≥ window; a span needs the
    series' first date ≤ t − span. With ``min_periods``, a value needs n_t ≥ min_periods.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([3.0, 1.0, 2.0, 5.0], index=pd.date_range("2024-01-01", periods=4))
    >>> rolling_percentile(s, window=3).round(4).tolist()
    [nan, nan, 0.5, 1.0]
    """
    method = choose(method, METHODS, "method")
    span = _options.window(window, "window")
    minimum = _parse_min_periods(min_periods, span)
    if isinstance(values, pd.Series):  # one column, without a DataFrame round trip
        series = as_series(values, "values")
        data = series.to_numpy(dtype=np.float64)[:, None]
        pct = _percentile_panel(data, pd.DatetimeIndex(series.index), span, method, minimum)
        return pd.Series(pct[:, 0], index=series.index, name=values.name)
    frame = as_frame(values, "values")
    data = frame.to_numpy(dtype=np.float64)
    pct = _percentile_panel(data, pd.DatetimeIndex(frame.index), span, method, minimum)
    return pd.DataFrame(pct, index=frame.index, columns=frame.columns)
