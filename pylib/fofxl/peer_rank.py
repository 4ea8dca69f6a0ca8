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
    frame = pd.DataFrame({"value": x, "group": pd.array(labels, dtype=object)})
    usable = frame["value"].notna() & frame["group"].notna()
    part = frame[usable]
    by = part.groupby("group", sort=False)["value"]
    rank = by.rank(method="min", ascending=how == "asc")
    count = by.transform("count")
    out = pd.DataFrame(
        {"rank": np.nan, "count": np.nan, "top": np.nan}, index=frame.index, dtype=np.float64
    )
    out.loc[usable, "rank"] = rank.to_numpy(dtype=np.float64)
    out.loc[usable, "count"] = count.to_numpy(dtype=np.float64)
    out["top"] = out["rank"] / out["count"]
    return out.reset_index(drop=True)
