"""What leaves an Excel function: results as cells, for both runtimes.

* aligned outputs: one output row per input row (see :mod:`fofxl_addin.ranges`);
* tables: a header row, then one row per record; dates as ``datetime`` (each runtime writes
  a date), numbers as ``float``;
* undefined values (a window not yet full, a missing observation, a drawdown not recovered)
  are ``None``. Classic xlwings writes ``None`` as an empty cell value (it cannot write a
  real ``#N/A``); Office.js writes ``None`` as an empty string too, whereas a NaN would show
  as ``#NUM!`` there. So in both runtimes "undefined" is a blank-looking empty text cell,
  never 0. ``ISNUMBER`` is FALSE on it; note that a line chart plots text as 0, so chart
  such a column through ``=IF(x="", NA(), x)`` when gaps matter.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["out_array", "out_cell", "out_column", "out_rows", "rows", "table"]


def out_cell(value: Any) -> Any:
    """One value as a cell: None for undefined, float, int, bool, str or datetime."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).to_pydatetime()
    if isinstance(value, _dt.date | str):
        return value
    return str(value)


def out_array(values: np.ndarray) -> np.ndarray:
    """A 2-D result array as cells (object array): floats as float, undefined as None."""
    if values.dtype.kind == "f":  # undefined (an overflow, inf, too) as None; a float made
        cells = np.full(values.shape, None, dtype=object)  # only for each defined cell
        np.copyto(cells, values, where=np.isfinite(values))
        return cells
    kinds = set(map(type, values.ravel().tolist())) if values.dtype == object else set()
    if kinds and kinds <= _TEXT_CELLS:
        # labels (text, blank as None or NaN): as out_cell gives them, without a call per cell
        cells = values.copy()
        if float in kinds:
            cells[pd.isna(values) | (values == np.inf) | (values == -np.inf)] = None
        return cells
    out = np.empty(values.shape, dtype=object)
    flat = values.ravel()
    out.ravel()[:] = [out_cell(v) for v in flat]
    return out


def out_rows(values: np.ndarray, blank: np.ndarray) -> list[list[Any]]:
    """A 2-D result as rows of cells (as :func:`out_array` gives them), and None where
    ``blank`` is True.

    Numbers with few undefined cells leave straight from numpy's ``tolist`` (floats made
    once), the undefined ones then set to None one by one.
    """
    if values.dtype.kind == "f":
        undefined = ~np.isfinite(values) | blank
        if np.count_nonzero(undefined) <= values.size // 8:
            rows: list[list[Any]] = values.tolist()
            at_rows, at_columns = np.nonzero(undefined)
            for i, j in zip(at_rows.tolist(), at_columns.tolist(), strict=True):
                rows[i][j] = None
            return rows
    cells = out_array(values)
    cells[blank] = None
    return cells.tolist()


#: Cell types of a label result that leave as they are (a NaN or an infinite float as None).
_TEXT_CELLS = frozenset({str, float, type(None)})


def out_column(values: pd.Series | pd.Index | np.ndarray) -> list[Any]:
    """A column of results as cells (dates as datetime, undefined as None)."""
    if isinstance(values, pd.Series | pd.Index) and pd.api.types.is_integer_dtype(values.dtype):
        return [None if v is pd.NA else int(v) for v in values]  # whole numbers stay whole
    array = np.asarray(values)
    if array.dtype.kind == "f":
        return out_array(array.reshape(-1, 1)).ravel().tolist()
    if array.dtype.kind == "M":  # dates as datetime, NaT as None, all at once
        dates = pd.DatetimeIndex(array)
        cells = dates.to_pydatetime().astype(object)
        cells[np.asarray(dates.isna())] = None
        return list(cells.tolist())
    return [out_cell(v) for v in array.tolist()]


def rows(result: pd.Series | pd.DataFrame) -> list[list[Any]]:
    """A result's values as rows of cells, in its own row order (no header, no index)."""
    frame = result.to_frame() if isinstance(result, pd.Series) else result
    return out_array(frame.to_numpy()).tolist()


def table(frame: pd.DataFrame, index: str | None = None) -> list[list[Any]]:
    """A table with a header row: the index first (under ``index``) when given, then the
    columns; column names become header text."""
    header = [str(c) if not isinstance(c, int | np.integer) else int(c) for c in frame.columns]
    if frame.shape[1] and all(dtype.kind == "f" for dtype in frame.dtypes):
        # a block of numbers (a fund panel's returns): all columns leave at once
        values = frame.to_numpy(dtype=np.float64)
        body = out_rows(values, np.zeros(values.shape, dtype=bool))
    else:
        columns = [out_column(frame.iloc[:, j]) for j in range(frame.shape[1])]
        body = (
            [list(row) for row in zip(*columns, strict=True)]
            if columns
            else [[] for _ in range(len(frame))]
        )
    if index is not None:
        header = [index, *header]
        for first, row in zip(out_column(frame.index), body, strict=True):
            row.insert(0, first)  # rows made here: the index cell goes in front in place
    return [header, *body]
