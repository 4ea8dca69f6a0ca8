"""Peer rank (同类排名, SPEC §9): each value's rank within its group, the group's count, top share.

1 is the best: descending by default (returns, Sharpe), ascending on request (volatility,
drawdown depth as a positive number). Ties share the best rank, like Excel's RANK.EQ.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from . import _options
from .clean import to_numbers, to_texts
from .errors import InputError

__all__ = ["RANK_ORDERS", "peer_rank"]

#: ``desc``: the largest value ranks 1; ``asc``: the smallest does.
RANK_ORDERS = ("desc", "asc")
_ORDER_ALIASES = {"descending": "desc", "ascending": "asc", "0": "desc", "1": "asc"}


def peer_rank(values: Any, groups: Any = None, order: str = "desc") -> pd.DataFrame:
    """Rank of each value within its group (1 = best), the group's count and top share.

    Parameters
    ----------
    values : sequence of numbers
        One value per fund (blank: no rank).
    groups : sequence of labels, optional
        Group of each fund (a strategy); a blank label gets no rank and does not count.
        Omitted: one group.
    order : {"desc", "asc"}, optional
        ``desc`` (default): the largest value is 1; ``asc``: the smallest is 1.

    Returns
    -------
    DataFrame
        Columns ``rank``, ``count``, ``top``, aligned with ``values``: rank = 1 + the number
        of values in the group strictly better, count = the group's non-blank values, top =
        rank / count. NaN for a blank value or group.

    Raises
    ------
    InputError
        No number at all in ``values``, or groups of another length.

    Examples
    --------
    >>> peer_rank([0.1, 0.3, None, 0.3], ["a", "a", "a", "b"]).values.tolist()
    [[2.0, 2.0, 1.0], [1.0, 2.0, 0.5], [nan, nan, nan], [1.0, 1.0, 1.0]]
    """
    how = _options.choose(order, RANK_ORDERS, "order", aliases=_ORDER_ALIASES)
    x = to_numbers(values, "values")
    if not np.isfinite(x).any():
        raise InputError("values holds no number; give the metric of each fund to rank.")
    labels: list[Any]
    if groups is None:
        labels = ["all"] * len(x)
    else:
        labels = to_texts(groups, "groups")
        if len(labels) != len(x):
            raise InputError(
                f"groups has {len(labels)} rows and values {len(x)}; give one group per value."
            )
    codes, _ = pd.factorize(np.asarray(labels, dtype=object))  # a blank group is -1
    rank, count = _ranks(x, codes, descending=how == "desc")
    return pd.DataFrame({"rank": rank, "count": count, "top": rank / count})


def _ranks(x: np.ndarray, codes: np.ndarray, descending: bool) -> tuple[np.ndarray, np.ndarray]:
    """RANK.EQ of each value within its group (1 + the number strictly better) and the
    group's count; NaN for a blank value or group (code −1). One sort by group, then value."""
    rank = np.full(len(x), np.nan)
    count = np.full(len(x), np.nan)
    usable = np.flatnonzero(~np.isnan(x) & (codes >= 0))
    if not usable.size:
        return rank, count
    key = (-x[usable] if descending else x[usable]) + 0.0  # (−0.0 ties 0.0)
    group = codes[usable]
    order = np.lexsort((key, group))
    group, key = group[order], key[order]
    step = np.arange(order.size)
    new_group = np.r_[True, group[1:] != group[:-1]]
    new_value = new_group | np.r_[True, key[1:] != key[:-1]]
    group_start = np.maximum.accumulate(np.where(new_group, step, 0))
    value_start = np.maximum.accumulate(np.where(new_value, step, 0))  # a tie's best place
    rows = usable[order]
    rank[rows] = value_start - group_start + 1
    count[rows] = np.bincount(group)[group]
    return rank, count
