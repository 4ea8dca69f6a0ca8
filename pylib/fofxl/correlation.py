"""Correlation matrix of a fund pool on each pair's common periods (SPEC §9).

For each pair of series: the periods (weeks ending Friday, or month ends) in which both have a
NAV, and each series' returns between consecutive such periods, so both returns of a pair
always cover the same interval: a monthly reporter against a weekly one gives monthly pairs.

Pearson is computed for the whole pool at once from per-pair sums (count, sum, sum of squares,
cross products), split by how a pair's common return at period k starts (see
:func:`_pearson_sums`); a pair whose sums would lose precision to cancellation is recomputed
on its own returns (:func:`_pair_returns`), as is every pair for Spearman (ranks are per pair).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from . import _options
from .clean import as_frame
from .periods import period_end
from .resample import _previous_valid_row, resample

__all__ = [
    "CORRELATION_METHODS",
    "correlation_freq",
    "correlation_matrix",
    "correlation_min_periods",
]

#: ``pearson`` (default) or ``spearman`` (Pearson of average ranks).
CORRELATION_METHODS = ("pearson", "spearman")

#: Pairs whose sums cancel by more than this factor (sum of squares / squared deviations,
#: about the digits lost) are recomputed from their own returns, two-pass.
_MAX_CANCELLATION = 100.0


def _pair_returns(mine: np.ndarray, theirs: np.ndarray) -> tuple[np.ndarray, ...]:
    """Returns of two aligned sets of series (columns) over each column pair's common periods.

    Arrays (periods, pairs); NaN where a period is not the end of a common return.
    """
    both = ~np.isnan(mine) & ~np.isnan(theirs)
    prev = _previous_valid_row(both)
    ok = both & (prev >= 0)
    at = np.maximum(prev, 0)
    with np.errstate(invalid="ignore"):
        a = np.where(ok, mine / np.take_along_axis(mine, at, axis=0) - 1.0, np.nan)
        b = np.where(ok, theirs / np.take_along_axis(theirs, at, axis=0) - 1.0, np.nan)
    return a, b, ok


def _ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks down each column over its non-NaN values (NaN stays NaN)."""
    return pd.DataFrame(values).rank(axis=0, method="average").to_numpy()


def _pearson(
    a: np.ndarray, b: np.ndarray, ok: np.ndarray, ranks: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Pearson correlation down each column over ``ok`` rows (two-pass), and the count of rows.

    NaN where either column is constant over its ``ok`` rows (``ranks``: average ranks, whose
    deviations are then exactly 0, so 0 / 0 already gives NaN).
    """
    n = np.count_nonzero(ok, axis=0)
    count = np.maximum(n, 1)
    a0, b0 = np.where(ok, a, 0.0), np.where(ok, b, 0.0)
    da = np.where(ok, a0 - a0.sum(axis=0) / count, 0.0)
    db = np.where(ok, b0 - b0.sum(axis=0) / count, 0.0)
    saa, sbb = (da * da).sum(axis=0), (db * db).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (da * db).sum(axis=0) / np.sqrt(saa * sbb)
    r = np.clip(r, -1.0, 1.0)
    if not ranks:
        r[_constant(a, ok) | _constant(b, ok)] = np.nan
    return r, n


def _constant(values: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Columns whose ``ok`` values are all equal (or absent)."""
    high = np.where(ok, values, -np.inf).max(axis=0, initial=-np.inf)
    low = np.where(ok, values, np.inf).min(axis=0, initial=np.inf)
    return ~(high > low)


def _pairs_correlation(
    levels: np.ndarray, first: np.ndarray, second: np.ndarray, spearman: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Correlation and count of common returns of the pairs (first[p], second[p]), from each
    pair's own returns; ``first`` sorted, the pairs of one first series at a time."""
    r = np.full(len(first), np.nan)
    n = np.zeros(len(first), dtype=np.int64)
    bounds = np.flatnonzero(np.diff(first, prepend=-1, append=-1))
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        theirs = levels[:, second[lo:hi]]
        mine = np.broadcast_to(levels[:, first[lo] : first[lo] + 1], theirs.shape)
        a, b, ok = _pair_returns(mine, theirs)
        if spearman:
            a, b = _ranks(a), _ranks(b)
        r[lo:hi], n[lo:hi] = _pearson(a, b, ok, ranks=spearman)
    return r, n


def _hole_runs(valid: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs of missing periods inside each series' span: (series, first row, last row)."""
    rows = np.arange(valid.shape[0])[:, None]
    first = np.argmax(valid, axis=0)
    last = valid.shape[0] - 1 - np.argmax(valid[::-1], axis=0)
    holes = ~valid & (rows > first) & (rows < last) & valid.any(axis=0)
    edges = np.diff(holes.view(np.int8), axis=0, prepend=0, append=0).T.copy()
    series, start = np.nonzero(edges == 1)
    _, stop = np.nonzero(edges == -1)  # same (series, row) order: one stop after each start
    return series, start, stop - 1


def _pearson_sums(levels: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per-pair sums over each pair's common returns: count N, and with a = the row series'
    returns less its shift, b = the column series': Σa (T), Σa² (U), Σab (P); Σb = T.T,
    Σb² = U.T.

    N is the number of common periods less one (a product of the NAV indicators). A pair's
    common return ending at period k starts at its previous common period k − g. Either one
    of the two series has no NAV strictly between (level 1: that series' own return, and the
    other's return over the same g periods), or both have some (level 2: their missing periods
    interleave). Level 1 with g = 1 is the dense products of one-period returns over the whole
    pool; level 1 with g ≥ 2 starts right after a run of missing periods of a series (few), a
    sparse product against every series' g-period returns at that period; level 2 is mostly
    one missing period of one series right before one of the other (:func:`_adjacent`),
    the rest found by joining the runs (:func:`_add_interleaved`). Each series' returns are
    shifted by their mean, so the sums of squares keep their digits.
    """
    n_periods, n_series = levels.shape
    levels = np.ascontiguousarray(levels)  # period rows are gathered below
    valid = ~np.isnan(levels)
    with np.errstate(invalid="ignore"):
        one = levels[1:] / levels[:-1]
    one -= 1.0
    both = valid[1:] & valid[:-1]
    one = np.where(both, one, 0.0)
    series, start, stop = _hole_runs(valid)
    # level 1, g >= 2: the period after each run, against the run's first period - 1
    end, base = stop + 1, start - 1
    own = levels[end, series] / levels[base, series] - 1.0
    counts = both.sum(axis=0) + np.bincount(series, minlength=n_series)
    totals = one.sum(axis=0) + np.bincount(series, own, minlength=n_series)
    shift = totals / np.maximum(counts, 1)
    one -= shift
    ones = both.astype(np.float64)
    one *= ones
    # the sparse and joined parts before the dense products: a BLAS thread spinning after a
    # product makes every page the single-threaded part frees cost an interrupt
    if len(series):
        sums = _after_runs(levels, valid, series, start, stop, own, shift)
        _add_interleaved(levels, valid, series, start, stop, shift, sums)
    else:
        sums = tuple(np.zeros((n_series, n_series)) for _ in range(3))
    T, U, P = sums
    has = valid.astype(np.float64)
    N = has.T @ has  # common periods
    N -= 1.0
    np.maximum(N, 0.0, out=N)
    T += one.T @ ones
    U += (one * one).T @ ones
    P += one.T @ one
    return N, T, U, P


def _after_runs(
    levels: np.ndarray,
    valid: np.ndarray,
    series: np.ndarray,
    start: np.ndarray,
    stop: np.ndarray,
    own: np.ndarray,
    shift: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Sums (T, U, P) of the level-1 common returns over g ≥ 2 periods, and of the adjacent
    level-2 ones (:func:`_adjacent`).

    Level 1: series i's own return ``own`` from the period before each of its runs of missing
    periods to the period after (g periods), against every series' return over the same
    periods: sparse products of the runs (rows: series, columns: (end, g) groups) with the
    groups' returns of every series (rows: groups). A series without a NAV at either end has
    a 0 there, so the adjacent returns' values of one series fill those places: the return
    of B's series j against the group of A (one missing period at h), and of A's series i
    against the group of B, and the products give their sums for free, less those of the
    one-period runs in the same groups that are not adjacent ones (few).
    """
    import scipy.sparse  # here, not at import: the add-in's import stays light

    n_periods, n_series = levels.shape
    end, base = stop + 1, start - 1
    key = end * (n_periods + 1) + (end - base)
    groups, slot = np.unique(key, return_inverse=True)
    k, g = groups // (n_periods + 1), groups % (n_periods + 1)
    has = valid[k]
    has &= valid[k - g]
    weight = has.astype(np.float64)
    weight[slot, series] = 0.5  # both series' own returns: counted from each side, halved
    theirs = levels[k]
    with np.errstate(invalid="ignore"):
        theirs /= levels[k - g]
    theirs -= 1.0
    theirs -= shift
    theirs = np.where(has, theirs, 0.0)
    a = own - shift[series]
    shape = (n_series, len(groups))

    def left(values: np.ndarray) -> scipy.sparse.csr_array:
        return scipy.sparse.csr_array((values, (series, slot)), shape=shape)

    by_one, by_a = left(np.ones_like(a)), left(a)
    T, U = by_a @ weight, left(a * a) @ weight
    weight *= theirs
    P = by_a @ weight
    adjacent = _adjacent(levels, valid, series, start, stop, shift)
    if adjacent is not None:
        is_a, is_b, f, g_b = adjacent
        s_a, h_a, s_b, h_b = series[is_a], start[is_a], series[is_b], start[is_b] - 1
        # B's value goes to the group (h + 1, 2) of the one-period runs at h, A's to that of
        # those at h + 1, (h + 2, 2); without such a group there is no A (B) on that h
        pad = n_periods + 1
        in_a = np.searchsorted(groups, (h_b + 1) * pad + 2)  # B's value in A's group
        in_b = np.searchsorted(groups, (h_a + 2) * pad + 2)  # and A's in B's
        found_a = groups[np.minimum(in_a, len(groups) - 1)] == (h_b + 1) * pad + 2
        found_b = groups[np.minimum(in_b, len(groups) - 1)] == (h_a + 2) * pad + 2
        weight[in_a[found_a], s_b[found_a]] = theirs[in_a[found_a], s_b[found_a]] = g_b[found_a]
        weight[in_b[found_b], s_a[found_b]] = theirs[in_b[found_b], s_a[found_b]] = f[found_b]
        # Σab of the adjacent returns: B's values against A's on the same h
        values_a = np.zeros((n_periods, n_series))
        values_a[h_a, s_a] = f
        by_b = scipy.sparse.csr_array((g_b, (s_b, h_b)), shape=(n_series, n_periods))
        P += by_b @ values_a
    T += (by_one @ weight).T
    weight *= theirs
    U += (by_one @ weight).T
    P += P.T  # (numpy copies an overlapping operand first)
    if adjacent is not None:
        _unfill(series, start, stop, is_a, is_b, f, g_b, T, U)
    return T, U, P


def _adjacent(
    levels: np.ndarray,
    valid: np.ndarray,
    series: np.ndarray,
    start: np.ndarray,
    stop: np.ndarray,
    shift: np.ndarray,
) -> tuple[np.ndarray, ...] | None:
    """The runs of adjacent level-2 returns: one missing period h of series i (A) right
    before one missing period h + 1 of series j (B), both series having NAVs at h − 1 and
    h + 2, whose common return runs from h − 1 to h + 2 (most level-2 returns are such).

    Returns which runs are A's and B's, and each one's return from h − 1 to h + 2 less its
    shift (f for A, g for B); None when there are no such pairs.
    """
    n_periods = levels.shape[0]
    single = start == stop
    # A: i has NAVs at h - 1, h + 1 and h + 2; B: j has NAVs at h - 1 (= its start - 2), h, h + 2
    is_a = single & (stop + 2 < n_periods)
    is_a[is_a] = valid[stop[is_a] + 2, series[is_a]]
    is_b = single & (start >= 2)
    is_b[is_b] = valid[start[is_b] - 2, series[is_b]]
    if not (is_a.any() and is_b.any()):
        return None
    s_a, h_a = series[is_a], start[is_a]
    s_b, h_b = series[is_b], start[is_b] - 1
    f = levels[h_a + 2, s_a] / levels[h_a - 1, s_a] - 1.0 - shift[s_a]
    g = levels[h_b + 2, s_b] / levels[h_b - 1, s_b] - 1.0 - shift[s_b]
    return is_a, is_b, f, g


def _unfill(
    series: np.ndarray,
    start: np.ndarray,
    stop: np.ndarray,
    is_a: np.ndarray,
    is_b: np.ndarray,
    f: np.ndarray,
    g: np.ndarray,
    T: np.ndarray,
    U: np.ndarray,
) -> None:
    """Take back what the filled groups added for one-period runs that share a group with
    A's (B's) but are not A's (B's) themselves: a B's return against such a run at h, an A's
    against such a run at h + 1."""
    n_series = T.shape[0]
    single = start == stop
    h_a, h_b = start[is_a], start[is_b] - 1
    pairs = (
        (single & ~is_a, start, h_b, series[is_b], g),  # not-A runs at h, against each B
        (single & ~is_b, start - 1, h_a, series[is_a], f),  # not-B runs at h + 1, each A
    )
    for others, at_h, h, owner, value in pairs:
        if not others.any():
            continue
        rows, mates = at_h[others], series[others]
        order = np.argsort(rows, kind="stable")
        rows, mates = rows[order], mates[order]
        lo = np.searchsorted(rows, h, side="left")
        width = np.searchsorted(rows, h, side="right") - lo
        if not width.any():
            continue
        which = np.repeat(np.arange(len(h)), width)
        mate = mates[_spans(lo, width)]
        at = owner[which] * n_series + mate
        np.subtract.at(T.reshape(-1), at, value[which])  # views: T, U are C-ordered
        np.subtract.at(U.reshape(-1), at, value[which] ** 2)


def _touching(
    start: np.ndarray, stop: np.ndarray, a_runs: np.ndarray, b_runs: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (A, B) of runs, A among ``a_runs`` and B among ``b_runs`` (run numbers), with
    A.start < B.start ≤ A.stop + 1."""
    order = b_runs[np.argsort(start[b_runs], kind="stable")]
    s_sorted = start[order]
    lo = np.searchsorted(s_sorted, start[a_runs] + 1, side="left")
    hi = np.searchsorted(s_sorted, stop[a_runs] + 1, side="right")
    width = hi - lo
    return np.repeat(a_runs, width), order[_spans(lo, width)]


def _spans(lo: np.ndarray, width: np.ndarray) -> np.ndarray:
    """The positions lo[i], lo[i] + 1, ..., lo[i] + width[i] − 1 of every i, one after another."""
    offsets = np.arange(width.sum()) - np.repeat(np.cumsum(width) - width, width)
    return np.repeat(lo, width) + offsets


def _add_interleaved(
    levels: np.ndarray,
    valid: np.ndarray,
    series: np.ndarray,
    start: np.ndarray,
    stop: np.ndarray,
    shift: np.ndarray,
    sums: tuple[np.ndarray, ...],
) -> None:
    """Add the level-2 common returns (both series have NAVs strictly inside) that
    :func:`_after_runs` does not to ``sums``.

    Such a return from common period p to k has a run A of one series starting at p + 1 and a
    run B of the other with A.start < B.start ≤ A.stop + 1 < B.stop + 1; exactly one such
    (A, B) per return (A is the longest run starting at p + 1, B the run covering A.stop + 1).
    The adjacent ones (A and B one period each, the pair's return ending right after B) are
    left out: here A is longer or its series has no NAV two periods after it, or B is longer.
    """
    n_periods, n_series = levels.shape
    runs = np.arange(len(start))
    long = stop > start
    after = stop + 2
    simple = ~long & (after < n_periods)
    simple[simple] = valid[after[simple], series[simple]]
    a1, b1 = _touching(start, stop, runs[~simple], runs)
    a2, b2 = _touching(start, stop, runs[simple], runs[long])
    run_a, run_b = np.concatenate([a1, a2]), np.concatenate([b1, b2])
    i, j = series[run_a], series[run_b]
    p = start[run_a] - 1
    flat_valid, flat_levels = valid.ravel(), levels.ravel()  # flat takes: faster than [r, c]
    keep = (i != j) & (stop[run_b] > stop[run_a]) & flat_valid.take(p * n_series + j)
    i, j, p, run_b = i[keep], j[keep], p[keep], run_b[keep]
    # the next common period after B: from B's end, jump to the later of the two series' next
    # NAVs until both have one (most returns end right after B)
    k = stop[run_b] + 1
    open_ = ~(flat_valid.take(k * n_series + i) & flat_valid.take(k * n_series + j))
    if open_.any():
        # step on to the first period where both have a NAV, none after either one's last
        last = n_periods - 1 - np.argmax(valid[::-1], axis=0)
        idx = np.flatnonzero(open_)
        limit = np.minimum(last[i[idx]], last[j[idx]])
        while len(idx):
            k[idx] += 1
            over = k[idx] > limit
            k[idx[over]] = n_periods
            idx, limit = idx[~over], limit[~over]
            kn = k[idx] * n_series
            still = ~(flat_valid.take(kn + i[idx]) & flat_valid.take(kn + j[idx]))
            idx, limit = idx[still], limit[still]
        found = k < n_periods
        i, j, p, k = i[found], j[found], p[found], k[found]
    kn, pn = k * n_series, p * n_series
    a = flat_levels.take(kn + i) / flat_levels.take(pn + i) - 1.0 - shift.take(i)
    b = flat_levels.take(kn + j) / flat_levels.take(pn + j) - 1.0 - shift.take(j)
    at, ta = i * n_series + j, j * n_series + i
    # each return counts for (i, j) and for (j, i), where the roles of a and b swap
    T, U, P = (np.ravel(total) for total in sums)  # views: the sums are C-ordered
    ab = a * b
    for total, value, swapped in ((T, a, b), (U, a * a, b * b), (P, ab, ab)):
        np.add.at(total, at, value)
        np.add.at(total, ta, swapped)


def correlation_freq(value: Any, name: str = "freq") -> str:
    """The return period of :func:`correlation_matrix` (its ``freq``): W, M, Q or Y, never
    native (dates of different funds rarely match)."""
    return _options.frequency(value, name, allow_native=False)


def correlation_min_periods(value: Any, name: str = "min_periods") -> int:
    """The fewest common returns a pair needs in :func:`correlation_matrix`: a whole number
    ≥ 2 (one return has no correlation)."""
    return _options.count(value, name, minimum=2, example=12)


def correlation_matrix(
    navs: pd.DataFrame, freq: Any = "W", method: Any = "pearson", min_periods: Any = 12
) -> pd.DataFrame:
    """Correlations of the periodic returns of every pair of series, on each pair's common periods.

    Parameters
    ----------
    navs : DataFrame
        Date-indexed NAVs (> 0), one column per series; blanks are missing observations.
    freq : {"W", "M"}, optional
        Periods: weeks ending Friday (default) or calendar months (also Q, Y).
    method : {"pearson", "spearman"}, optional
        Pearson (default) or Spearman (Pearson of average ranks within the pair's returns).
    min_periods : int, optional
        Fewest common returns for a value (default 12); fewer give NaN.

    Returns
    -------
    DataFrame
        Square, series names as index and columns, 1 on the diagonal; NaN where a pair has
        fewer than ``min_periods`` common returns or a constant return series.

    Notes
    -----
    A period's NAV is the last NAV dated in it (SPEC §2). For a pair, the common periods are
    those where both have a NAV; the returns run between consecutive common periods.

    Examples
    --------
    >>> navs = pd.DataFrame({"a": [1.0, 1.1, 1.0, 1.2], "b": [1.0, 1.2, 1.0, 1.4]},
    ...                     index=pd.date_range("2024-01-05", periods=4, freq="W-FRI"))
    >>> correlation_matrix(navs, min_periods=2).round(4).values.tolist()
    [[1.0, 0.9999], [0.9999, 1.0]]
    """
    code = correlation_freq(freq)
    how = _options.choose(method, CORRELATION_METHODS, "method")
    least = correlation_min_periods(min_periods)
    frame = as_frame(navs, "navs", kind="nav")
    names = frame.columns
    n_series = frame.shape[1]
    levels = _period_levels(frame, code)
    if how == "spearman":
        first, second = np.triu_indices(n_series, 1)
        r, n = _pairs_correlation(levels, first, second, spearman=True)
        out = np.zeros((n_series, n_series))
        out[first, second] = np.where(n >= least, r, np.nan)
    else:
        out = np.triu(_pearson_matrix(levels, least), 1)
    out += out.T  # the upper triangle mirrored (the lower one is 0)
    np.fill_diagonal(out, 1.0)
    return pd.DataFrame(out, index=names, columns=names)


def _period_levels(frame: pd.DataFrame, code: str) -> np.ndarray:
    """Period-end NAVs (periods, series): the frame itself when no two dates share a period."""
    if len(frame) == 0:
        return np.empty((0, frame.shape[1]))
    keys = period_end(frame.index, code).asi8
    if (keys[1:] > keys[:-1]).all():  # one date per period (empty periods change no pair)
        return frame.to_numpy(dtype=np.float64)
    return resample(frame, code, "last").to_numpy()


def _pearson_matrix(levels: np.ndarray, least: int) -> np.ndarray:
    """Pearson correlation of every pair over its common returns (upper triangle filled)."""
    n_series = levels.shape[1]
    if levels.shape[0] < 2 or n_series < 2:
        return np.full((n_series, n_series), np.nan)
    N, T, U, P = _pearson_sums(levels)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.maximum(N, 1.0)
        np.divide(T, mean, out=mean)
        spread = T * mean
        np.subtract(U, spread, out=spread)  # Σ(a − mean a)² over the pair's returns
        T *= mean.T
        np.subtract(P, T, out=P)  # Σ(a − mean a)(b − mean b)
        out = spread * spread.T
        np.sqrt(out, out=out)
        np.divide(P, out, out=out)
    np.clip(out, -1.0, 1.0, out=out)
    enough = N >= least
    out[~enough] = np.nan
    # sums that cancelled (a near-constant return over the pair's periods) or all-zero ones:
    # recompute from the pair's own returns
    lossy = (spread * _MAX_CANCELLATION <= U) | (U == 0)
    first, second = np.nonzero(np.triu(enough & (lossy | lossy.T), 1))
    if len(first):
        out[first, second], _ = _pairs_correlation(levels, first, second, spearman=False)
    return out
