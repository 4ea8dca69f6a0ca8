"""Bucket statistics: describe values grouped by a label (regime, size bucket, ...).

:func:`bucket_stats` gives the Table 3 layout of the T0 study: one row per label (low, balance,
high by default), columns count, mean, std, min, quartiles, max, share > 0 and stability.
Values may be a panel of products: each product-period is one pooled observation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _options
from .clean import EXCEL_ERRORS, is_blank, to_numbers
from .errors import InputError, OptionError
from .regimes import DEFAULT_LABELS

__all__ = ["STAT_COLUMNS", "TOTAL_ROW", "bucket_stats"]

#: Columns of :func:`bucket_stats`, in order.
STAT_COLUMNS = ("count", "mean", "std", "min", "25%", "50%", "75%", "max", ">0 share", "stability")
#: Relative rounding level of a std: below it the values are equal but for rounding.
_NOISE = 16 * np.finfo(np.float64).eps
#: Label of the optional total row.
TOTAL_ROW = "total"

_QUANTILES = (0.25, 0.5, 0.75)


# ---------------------------------------------------------------- kernel


def _bucket_kernel(values: np.ndarray, codes: np.ndarray, groups: int) -> np.ndarray:
    """Statistics of float64 ``values`` grouped by ``codes`` in [0, groups): (groups, 10).

    ``values`` hold no NaN and every code is valid. One stable counting sort by code, one
    in-place sort of each label's slice; order statistics by index arithmetic.
    """
    out = np.full((groups, len(STAT_COLUMNS)), np.nan)
    counts = np.bincount(codes, minlength=groups)
    out[:, 0] = counts
    if values.size == 0:
        return out
    ordered = values[np.argsort(codes, kind="stable")]
    ends = np.cumsum(counts)
    starts = ends - counts
    full = np.flatnonzero(counts)
    mean, squares, positive = (np.empty(full.size) for _ in range(3))
    for k, g in enumerate(full):  # a handful of labels: one sort and two passes per label
        segment = ordered[starts[g] : ends[g]]
        segment.sort()
        mean[k] = segment.sum() / segment.size
        deviation = segment - mean[k]  # two-pass variance: no cancellation
        squares[k] = np.einsum("i,i", deviation, deviation)  # no BLAS threads for a dot
        positive[k] = segment.size - np.searchsorted(segment, 0.0, side="right")
    n, s, e = counts[full], starts[full], ends[full]
    with np.errstate(divide="ignore", invalid="ignore"):
        std = np.where(n > 1, np.sqrt(squares / np.maximum(n - 1, 1)), np.nan)
        # std 0 up to rounding (within 16 ulps of the mean): values equal, no stability
        stability = np.where(std > _NOISE * np.abs(mean), mean / std, np.nan)
    columns = [mean, std, ordered[s]]
    for q in _QUANTILES:
        # linear interpolation between order statistics (numpy "linear" = PERCENTILE.INC)
        position = q * (n - 1)
        below = np.floor(position).astype(np.intp)
        above = np.minimum(below + 1, n - 1)
        t = position - below
        a, b = ordered[s + below], ordered[s + above]
        diff = b - a
        columns.append(np.where(t >= 0.5, b - diff * (1 - t), a + diff * t))
    columns += [ordered[e - 1], positive / n, stability]
    out[full, 1:] = np.column_stack(columns)
    return out


# ---------------------------------------------------------------- inputs


#: dtype kinds of labels factorised as they are (each one's label is its Python number).
_NUMERIC_KINDS = frozenset("biuf")


def _as_array(x: Any, name: str) -> np.ndarray | pd.Categorical:
    """Values or labels as a 1-D or 2-D array (a categorical column stays categorical)."""
    if isinstance(x, pd.DataFrame):
        numeric = all(dtype.kind in _NUMERIC_KINDS for dtype in x.dtypes)
        return x.to_numpy(dtype=object if name == "labels" and not numeric else None)
    if isinstance(x, pd.Series | pd.Index):
        if isinstance(x.dtype, pd.CategoricalDtype):
            return pd.Categorical(x)
        return x.to_numpy()
    if isinstance(x, pd.Categorical):
        return x
    if isinstance(x, np.ndarray) and x.dtype.kind in _NUMERIC_KINDS and x.ndim <= 2:
        return x  # numbers as labels (bucket numbers, regime codes) are factorised as they are
    # (np.ndim of a list would convert all of it, a million labels to a fixed-width text array)
    if isinstance(x, str) or (not isinstance(x, list | tuple) and np.ndim(x) == 0):
        raise InputError(f"{name} must be a column or table of cells, not a single value.")
    array = np.asarray(x, dtype=object) if name == "labels" else np.asarray(x)
    if array.ndim > 2:
        raise InputError(f"{name} has {array.ndim} dimensions; give a column or a table.")
    return array


def _numbers(array: np.ndarray) -> np.ndarray:
    if array.dtype.kind in "fiu":
        return np.asarray(array, dtype=np.float64)
    return to_numbers(array.ravel(), "values").reshape(array.shape)


def _canonical(label: Any) -> Any:
    """A label as a row name: blank → None, text stripped; an Excel error is refused."""
    if is_blank(label):
        return None
    if isinstance(label, str):
        text = label.strip()
        if text.upper() in EXCEL_ERRORS:
            raise InputError(
                f"labels hold the Excel error {text}; fix the formula that makes the labels."
            )
        return text
    if isinstance(label, np.generic):
        return label.item()
    return label


def _factorize(labels: np.ndarray | pd.Categorical) -> tuple[np.ndarray, list[Any], list[Any]]:
    """Raw integer codes (−1 for NA), the row name of each code, and the names in order of
    first appearance. Names are canonical (text stripped); a blank name is None."""
    if isinstance(labels, pd.Categorical):
        codes = np.asarray(labels.codes, dtype=np.intp)
        raw = list(labels.categories)
        appearance = pd.unique(codes[codes >= 0]).tolist()
    else:
        codes, uniques = pd.factorize(labels.ravel(), use_na_sentinel=True)
        codes = codes.reshape(labels.shape)
        raw = list(uniques)
        appearance = list(range(len(raw)))  # factorize numbers labels as they appear
    canon = [_canonical(label) for label in raw]
    names = list(dict.fromkeys(canon[k] for k in appearance if canon[k] is not None))
    return codes, canon, names


def _pair(values: Any, labels: Any) -> tuple[np.ndarray, np.ndarray, list[Any], list[Any]]:
    """Values as a 2-D float64 array, raw label codes of the same or one-column shape, the row
    name of each code and the names in order of first appearance."""
    if isinstance(values, pd.Series | pd.DataFrame) and isinstance(
        labels, pd.Series | pd.DataFrame
    ):
        labels = _align_labels(values, labels)
    vals = _as_array(values, "values")
    labs = _as_array(labels, "labels")
    vals = _numbers(np.asarray(vals))
    if vals.ndim == 1:
        vals = vals.reshape(-1, 1)
    codes, canon, names = _factorize(labs)
    if codes.ndim == 1:
        codes = codes.reshape(-1, 1)
    if codes.shape[0] != vals.shape[0] or codes.shape[1] not in (1, vals.shape[1]):
        raise InputError(
            f"values have {vals.shape[0]} rows × {vals.shape[1]} columns but labels have "
            f"{codes.shape[0]} rows × {codes.shape[1]} columns; give ranges of the same size, "
            "or one label column for all value columns."
        )
    return vals, codes, canon, names


def _align_labels(values: pd.Series | pd.DataFrame, labels: pd.Series | pd.DataFrame) -> Any:
    """pandas inputs are paired by their index (and columns), not by position."""
    same_rows = values.index.equals(labels.index)
    if isinstance(labels, pd.DataFrame) and isinstance(values, pd.DataFrame):
        if same_rows and values.columns.equals(labels.columns):
            return labels
        if labels.shape[1] == 1 and values.shape[1] != 1:
            labels = labels.iloc[:, 0]
        else:
            if not values.columns.equals(labels.columns):
                if not set(values.columns) <= set(labels.columns):
                    if labels.shape[1] != values.shape[1]:
                        raise InputError(
                            f"labels have the columns {list(labels.columns)[:5]} but values "
                            f"{list(values.columns)[:5]}; give one label column per value "
                            "column (same names or same order), or one label column for all."
                        )
                    labels = labels.set_axis(values.columns, axis=1)  # paired by position
                labels = labels.reindex(columns=values.columns)
            if same_rows:
                return labels
            _check_unique(values, labels)
            return labels.reindex(index=values.index)
    elif isinstance(labels, pd.DataFrame):
        if labels.shape[1] != 1:
            return labels  # shape error reported by the caller
        labels = labels.iloc[:, 0]
    if values.index.equals(labels.index):
        return labels
    _check_unique(values, labels)
    return labels.reindex(values.index)


def _check_unique(values: Any, labels: Any) -> None:
    for name, obj in (("values", values), ("labels", labels)):
        if obj.index.has_duplicates:
            raise InputError(
                f"{name} and the other argument are on different dates and {name} repeats the "
                f"date {obj.index[obj.index.duplicated()][0]}; give one row per date."
            )


def _parse_order(order: Any) -> list[Any]:
    items: Sequence[Any]
    items = order.split(",") if isinstance(order, str) else list(np.asarray(order, object).ravel())
    rows = [name for name in (_canonical(item) for item in items) if name is not None]
    if not rows:
        raise OptionError(
            f"order={order!r} names no label; give labels like low,balance,high or leave it empty."
        )
    seen: set[Any] = set()
    for name in rows:
        if name in seen:
            raise OptionError(f"order names the label {name!r} twice; list each label once.")
        seen.add(name)
    return rows


# ---------------------------------------------------------------- public


def bucket_stats(values: Any, labels: Any, order: Any = None, total: bool = False) -> pd.DataFrame:
    """Statistics of values per label: count, mean, std, min, quartiles, max, >0 share, stability.

    Parameters
    ----------
    values : Series, DataFrame or array
        The values (e.g. weekly returns): a column, or a panel with one column per product;
        each non-blank cell is one pooled observation. Blank values are skipped.
    labels : Series, DataFrame or array
        The label of each value (e.g. its regime): the same shape as ``values``, or one column
        giving the label of each row of a panel. Blank labels are skipped. pandas inputs are
        paired by date (and column), other inputs by position.
    order : str or sequence, optional
        The rows to show, in order (text such as "low,balance,high" or a list). Labels not
        listed are left out; listed labels without values get count 0 and blank statistics.
    total : bool, default False
        Add a row "total" over the values of all rows shown.

    Returns
    -------
    DataFrame
        Index: the labels (rows); columns :data:`STAT_COLUMNS`. Without ``order``, the rows are
        low, balance, high (always all three when the labels use any of them), then other
        labels in order of first appearance.

    Raises
    ------
    InputError
        Values that are not numbers, labels holding an Excel error, shapes that do not match.
    OptionError
        ``order`` empty or naming a label twice.

    Notes
    -----
    Per label with n values r_1..r_n: mean = Σr/n; std = sqrt(Σ(r − mean)² / (n − 1));
    quartiles by linear interpolation between order statistics at position q(n − 1), like
    PERCENTILE.INC and numpy's "linear"; >0 share = #(r > 0)/n; stability = mean/std (blank
    when std is 0 or undefined). std is blank for n < 2; all statistics are blank for n = 0.

    Examples
    --------
    >>> t = bucket_stats([0.01, -0.02, 0.03, 0.05], ["low", "high", "low", None])
    >>> t["count"].tolist(), float(t.loc["low", "mean"])
    ([2.0, 0.0, 1.0], 0.02)
    """
    vals, codes, canon, names = _pair(values, labels)
    if order is None:
        defaults_used = not names or any(name in DEFAULT_LABELS for name in names)
        head = list(DEFAULT_LABELS) if defaults_used else []
        rows = head + [name for name in names if name not in head]
    else:
        rows = _parse_order(order)
    # one lookup from raw label code to output row (−1: blank or not shown; the last slot
    # serves the −1 of a blank label); small integer rows make the counting sort fastest
    where = {name: k for k, name in enumerate(rows)}
    small = np.int8 if len(rows) < 128 else np.intp
    to_row = np.array([where.get(name, -1) for name in canon] + [-1], dtype=small)
    row_codes = to_row[codes]
    if row_codes.shape != vals.shape:
        row_codes = np.broadcast_to(row_codes, vals.shape)
    return _table(vals.ravel(), row_codes.ravel(), rows, _options.flag(total, "total", False))


def _table(values: np.ndarray, codes: np.ndarray, rows: Sequence[Any], total: bool) -> pd.DataFrame:
    """The bucket table of flat float64 values with row codes (−1 or NaN value: skipped)."""
    keep = (codes >= 0) & ~np.isnan(values)
    if not keep.all():
        values, codes = values[keep], codes[keep]
    table = _bucket_kernel(values, codes, len(rows))
    index = list(rows)
    if total:
        whole = _bucket_kernel(values, np.zeros(values.size, dtype=np.int8), 1)
        table = np.vstack([table, whole])
        index.append(TOTAL_ROW)
    result = pd.DataFrame(table, index=pd.Index(index, dtype=object, name="label"))
    result.columns = pd.Index(STAT_COLUMNS)
    result["count"] = result["count"].astype(np.int64)  # a count is a whole number
    return result
