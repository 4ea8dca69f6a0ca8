"""Helpers to read rendered reports (imported by the tests of this folder)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd


def sheet_frame(ws: Any) -> pd.DataFrame:
    """A data sheet (date + columns, header row 1) as the frame the analytics take."""
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in rows[0][1:] if h is not None]
    body = [r for r in rows[1:] if r and r[0] is not None]
    index = pd.DatetimeIndex([r[0] for r in body], name="date")
    values = [[np.nan if v is None else float(v) for v in r[1 : 1 + len(header)]] for r in body]
    return pd.DataFrame(values, index=index, columns=header, dtype=float)


def block(ws: Any, anchor: str, width: int | None = None) -> list[list[Any]]:
    """The spilled block at ``anchor`` in a rendered sheet: rows until the first blank one."""
    cell = ws[anchor]
    r0, c0 = cell.row, cell.column
    if width is None:
        width = 0
        while ws.cell(row=r0, column=c0 + width).value is not None:
            width += 1
    out = []
    r = r0
    while True:
        row = [ws.cell(row=r, column=c0 + j).value for j in range(width)]
        if all(v is None for v in row):
            return out
        out.append(row)
        r += 1


def close(a: Any, b: Any, rel: float = 1e-10) -> bool:
    """Numbers equal to ``rel``; blank == NaN; dates/strings equal."""

    def blank(x: Any) -> bool:
        return x is None or (isinstance(x, float) and math.isnan(x))

    if blank(a) or blank(b):
        return blank(a) and blank(b)
    if isinstance(a, (dt.datetime, pd.Timestamp)) or isinstance(b, (dt.datetime, pd.Timestamp)):
        return pd.Timestamp(a) == pd.Timestamp(b)
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=1e-14)
