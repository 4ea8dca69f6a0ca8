"""Regime and bucket labels: turn percentiles or values into named groups (SPEC §2, FOF_BUCKET).

* :func:`regime_labels` names each percentile ``low`` (below the low threshold), ``high``
  (above the high threshold) or ``balance`` (in between, thresholds included).
* :func:`bucket_labels` names each value by the bucket of fixed breaks it falls in: k breaks
  make k + 1 buckets, or k − 1 between the outer breaks as edges.
* :func:`parse_labels` reads label names given as ``"a,b,c"`` text or as a range of cells.

Labels are plain text (object dtype); a blank input gives ``None``, never a made-up label.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _options
from ._types import SeriesOrFrame
from .clean import is_blank, to_number, to_numbers
from .errors import InputError, OptionError

__all__ = ["DEFAULT_LABELS", "bucket_labels", "parse_labels", "regime_labels"]

#: Names of the three regimes, from low percentiles to high ones.
DEFAULT_LABELS = _options.DEFAULT_LABELS


def parse_labels(labels: Any, n: int, name: str = "labels") -> tuple[str, ...]:
    """Read n label names from comma-separated text (``"low,balance,high"``) or a range of cells.

    Parameters
    ----------
    labels : str or sequence
        ``"a,b,c"`` text (a full-width comma or a semicolon also separates), or a sequence /
        range of cells holding one name each. Empty: the default regime names when n = 3.
    n : int
        How many names are needed.
    name : str, default "labels"
        The argument name used in error messages.

    Returns
    -------
    tuple of str
        The n names, stripped, in the given order.

    Raises
    ------
    OptionError
        Not exactly n names, an empty name, or a name given twice.

    Examples
    --------
    >>> parse_labels("calm, normal, stressed", 3)
    ('calm', 'normal', 'stressed')
    """
    return _options.labels(labels, n, name)


def _numbers(values: Any, name: str) -> np.ndarray:
    """Float array of a Series / DataFrame / array of cells (NaN for blanks), shape kept."""
    if isinstance(values, pd.DataFrame):
        columns = [
            _numbers(values.iloc[:, j], f"{name} ({values.columns[j]})")
            for j in range(values.shape[1])
        ]
        return np.column_stack(columns) if columns else np.empty(values.shape)
    array = values.to_numpy() if isinstance(values, pd.Series) else np.asarray(values, dtype=object)
    if array.dtype.kind in "fiu":
        return array.astype(np.float64)
    shape = array.shape
    return to_numbers(array.ravel(), name).reshape(shape)


def _like(values: Any, labels: np.ndarray) -> Any:
    """Object labels in the shape and index of ``values``."""
    if isinstance(values, pd.DataFrame):
        return pd.DataFrame(labels, index=values.index, columns=values.columns, dtype=object)
    if isinstance(values, pd.Series):
        return pd.Series(labels, index=values.index, name=values.name, dtype=object)
    return labels


def regime_labels(
    pct: SeriesOrFrame,
    low: float = 0.2,
    high: float = 0.8,
    labels: Any = DEFAULT_LABELS,
) -> SeriesOrFrame:
    """Regime of each percentile: high above the high threshold, low below the low, else balance.

    Parameters
    ----------
    pct : Series or DataFrame
        Percentiles as fractions 0–1 (as :func:`~fofxl.percentiles.rolling_percentile` gives);
        blanks stay blank.
    low : float, default 0.2
        Below this fraction the regime is low (the threshold itself is balance).
    high : float, default 0.8
        Above this fraction the regime is high (the threshold itself is balance).
    labels : str or sequence, default ("low", "balance", "high")
        The three names, from low to high: ``"low,balance,high"`` text or a range of 3 cells.

    Returns
    -------
    Series or DataFrame
        Same kind, shape and index as ``pct``, object dtype: a name per value, None where
        ``pct`` is blank.

    Raises
    ------
    OptionError
        A threshold outside [0, 1] (e.g. 20 for 0.2), low above high, or bad labels.
    InputError
        ``pct`` holds text that is not a number.

    Notes
    -----
    pct > high → high; pct < low → low; low ≤ pct ≤ high → balance; empty pct → empty.

    Examples
    --------
    >>> import pandas as pd
    >>> regime_labels(pd.Series([0.1, 0.2, 0.5, 0.8, 0.9, None])).tolist()
    ['low', 'balance', 'balance', 'balance', 'high', None]
    """
    lo, hi = _options.thresholds(low, high)
    names = parse_labels(labels, 3)
    values = _numbers(pct, "pct")
    out = np.full(values.shape, None, dtype=object)
    with np.errstate(invalid="ignore"):
        out[values < lo] = names[0]
        out[(values >= lo) & (values <= hi)] = names[1]
        out[values > hi] = names[2]
    return _like(pct, out)


def _format_break(value: float) -> str:
    return f"{value:.10g}"


def _breaks(breaks: Any) -> np.ndarray:
    try:
        items = [item for item in _options.items(breaks) if not is_blank(item)]
        edges = np.array([to_number(item, "breaks", None) for item in items], dtype=np.float64)
    except InputError as error:
        raise OptionError(str(error)) from None
    if edges.size < 1:
        raise OptionError(
            "breaks has no number; give one or more, from smallest to largest, like 0,0.01,0.02."
        )
    steps = np.flatnonzero(np.diff(edges) <= 0)
    if steps.size:
        i = int(steps[0])
        raise OptionError(
            f"breaks are not increasing at number {i + 2}: {_format_break(edges[i])} then "
            f"{_format_break(edges[i + 1])}; list them from smallest to largest, each once."
        )
    return edges


def _default_bucket_names(edges: np.ndarray) -> tuple[str, ...]:
    """``(-inf, b1)``, ``[b1, b2)``, …, ``[bk, +inf)``: the k + 1 intervals of k breaks."""
    text = [_format_break(b) for b in edges]
    inner = [f"[{a}, {b})" for a, b in zip(text[:-1], text[1:], strict=True)]
    return (f"(-inf, {text[0]})", *inner, f"[{text[-1]}, +inf)")


def bucket_labels(
    values: Any, breaks: Sequence[float] | str, labels: Any = None
) -> pd.Series | pd.DataFrame | np.ndarray:
    """Label each value by the bucket of fixed ``breaks`` it falls in.

    Parameters
    ----------
    values : Series, DataFrame or array
        Numbers to label; blanks stay blank.
    breaks : sequence of numbers or str
        Strictly increasing breaks b_1 < … < b_k, k ≥ 1 (a range of cells, a list, or text
        ``"0,0.01,0.02"``). They make k + 1 buckets (−∞, b_1), [b_1, b_2), …, [b_k, +∞).
    labels : str or sequence, optional
        Names of the k + 1 buckets, from low to high (text ``"a,b,c"`` or a range). Empty:
        the intervals, ``"(-inf, b_1)"``, ``"[b_1, b_2)"``, …, ``"[b_k, +inf)"``. With exactly
        k − 1 names (k ≥ 2) the outer breaks are edges instead: buckets [b_1, b_2), …,
        [b_k−1, b_k], the last one closed, and values outside [b_1, b_k] stay blank.

    Returns
    -------
    Series, DataFrame or array
        Same kind, shape and index as ``values``, object dtype: the bucket's name, None for a
        blank value (or, with k − 1 names, one outside [b_1, b_k]).

    Raises
    ------
    OptionError
        No break, breaks not strictly increasing or not numbers, or a number of labels other
        than k + 1 or k − 1.
    InputError
        ``values`` holds text that is not a number.

    Notes
    -----
    Like ``numpy.digitize(v, breaks)``: a value equal to a break goes to the bucket above it
    (unlike Excel's FREQUENCY, and unlike FOF_REGIME, whose thresholds are balance). With
    k − 1 names the last bucket is closed like ``numpy.histogram``'s: v = b_k is in it.

    Examples
    --------
    >>> bucket_labels([-0.01, 0.005, 0.01, 0.02], [0, 0.01]).tolist()
    ['(-inf, 0)', '[0, 0.01)', '[0.01, +inf)', '[0.01, +inf)']
    >>> bucket_labels([-0.01, 0.005, 0.01, 0.02], [0, 0.01, 0.02], "low,high").tolist()
    [None, 'low', 'high', 'high']
    """
    edges = _breaks(breaks)
    k = edges.size
    edged = False
    if labels is None or (isinstance(labels, str) and not labels.strip()):
        names: tuple[str, ...] = _default_bucket_names(edges)
    else:
        given = len(_options.items(labels))
        if given == k - 1 and k >= 2:
            edged = True
        elif given != k + 1:
            edge_form = f", or {k - 1} to use the outer breaks as edges" if k >= 2 else ""
            raise OptionError(
                f"labels has {given} name{'s' if given != 1 else ''} but {k} break"
                f"{'s' if k != 1 else ''} make {k + 1} buckets; give {k + 1} names (one per "
                f"bucket, from low to high){edge_form}, or leave labels empty."
            )
        names = parse_labels(labels, given, "labels")
    numbers = _numbers(values, "values")
    out = np.full(numbers.shape, None, dtype=object)
    known = ~np.isnan(numbers)
    position = np.searchsorted(edges, numbers[known], side="right")  # numpy.digitize
    if edged:
        at_top = numbers[known] == edges[-1]
        position = np.where(at_top, k - 1, position) - 1  # the last bucket is closed
        inside = (position >= 0) & (position < k - 1)
        where = np.flatnonzero(known)[inside]
        out.flat[where] = np.asarray(names, dtype=object)[position[inside]]
    else:
        out[known] = np.asarray(names, dtype=object)[position]
    return _like(values, out)
