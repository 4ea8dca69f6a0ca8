"""What leaves an Excel function: results as cells, for both runtimes.

* aligned outputs: one output row per input row (see :mod:`fofxl_addin.ranges`);
* tables: a header row, then one row per record; dates as ``datetime`` (each runtime writes
  a date), numbers as ``float``;
* undefined values (a window not yet full, a missing observation, a drawdown not recovered)
  are :data:`BLANK`: ``None`` in classic xlwings, which writes it as an empty cell value (it
  cannot write a real ``#N/A``); ``""`` under Office.js, which is what xlwings would turn
  ``None`` into there (a NaN would show as ``#NUM!``). So in both runtimes "undefined" is a
  blank-looking empty text cell, never 0. ``ISNUMBER`` is FALSE on it; note that a line chart
  plots text as 0, so chart such a column through ``=IF(x="", NA(), x)`` when gaps matter.

Under Office.js (xlwings Lite, xlwings Server) the cells made here are already what Excel is
sent (dates as date-formatted numbers, see :func:`date_cells`), and the rows of a table or an
aligned output leave as :class:`Cells`, which :mod:`fofxl_addin.officejs` hands to Excel as they
are, instead of xlwings converting each of a million cells again.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

import numpy as np
import pandas as pd

from .runtime import officejs

__all__ = [
    "BLANK",
    "DATE_FORMAT",
    "Cells",
    "date_cells",
    "out_array",
    "out_cell",
    "out_column",
    "out_rows",
    "rows",
    "table",
]

#: True when the results are made for Office.js (decided once, as the registration of the
#: functions is).
OFFICEJS = officejs()
#: The cell of an undefined value: None in classic xlwings, the empty text under Office.js.
BLANK: Any = "" if OFFICEJS else None
#: How dates are shown: Office.js gets each date as a number in this format.
DATE_FORMAT = "yyyy-mm-dd"
_EPOCH = pd.Timestamp("1899-12-30")  # Excel's day 0 (1900 date system)
_DAY_NS = 86_400 * 10**9


class Cells(list):
    """Rows of cells made by this module, as the runtime wants them (a plain list otherwise)."""


def date_cells(dates: pd.DatetimeIndex) -> list[Any]:
    """Dates as cells: ``datetime`` in classic xlwings (which writes a date); under Office.js
    the date-formatted number xlwings would make of it (a ``FormattedNumber``: days since
    1899-12-30 on the wall clock); :data:`BLANK` for NaT."""
    missing = np.asarray(dates.isna())
    if not OFFICEJS:
        cells = dates.to_pydatetime().astype(object)
        cells[missing] = BLANK
        return list(cells.tolist())
    wall = dates.tz_localize(None) if dates.tz is not None else dates
    serials = (wall.as_unit("ns").asi8 - _EPOCH.value) / _DAY_NS
    return [
        BLANK if blank else _formatted(serial)
        for serial, blank in zip(serials.tolist(), missing.tolist(), strict=True)
    ]


def _formatted(serial: float) -> dict[str, Any]:
    """A date serial as the date-formatted number Office.js writes as a date."""
    return {"type": "FormattedNumber", "basicValue": serial, "numberFormat": DATE_FORMAT}


def _date_cell(value: pd.Timestamp | np.datetime64 | _dt.date) -> Any:
    """One date as a cell (see :func:`date_cells`)."""
    stamp = pd.Timestamp(value)
    if stamp is pd.NaT:
        return BLANK
    if not OFFICEJS:
        return stamp.to_pydatetime()
    wall = stamp.tz_localize(None) if stamp.tzinfo is not None else stamp
    return _formatted((wall.value - _EPOCH.value) / _DAY_NS)


def out_cell(value: Any) -> Any:
    """One value as a cell: :data:`BLANK` for undefined, float, int, bool, str or a date (see
    :func:`date_cells`)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return BLANK
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else BLANK
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, pd.Timestamp | np.datetime64):
        return _date_cell(value)
    if isinstance(value, _dt.date):  # a datetime too: classic xlwings writes it as it is
        return _date_cell(value) if OFFICEJS else value
    if isinstance(value, str):
        return value
    return str(value)


def out_array(values: np.ndarray) -> np.ndarray:
    """A 2-D result array as cells (object array): floats as float, undefined as
    :data:`BLANK`."""
    if values.dtype.kind == "f":  # undefined (an overflow, inf, too) as BLANK; a float made
        cells = np.empty(values.shape, dtype=object)  # only for each defined cell
        cells.fill(BLANK)  # (np.full casts a text BLANK, Office.js's "", cell by cell)
        np.copyto(cells, values, where=np.isfinite(values))
        return cells
    kinds = set(map(type, values.ravel().tolist())) if values.dtype == object else set()
    if kinds and kinds <= _TEXT_CELLS:
        # labels (text, blank as None or NaN): as out_cell gives them, without a call per cell
        cells = values.copy()
        if float in kinds:
            cells[pd.isna(values) | (values == np.inf) | (values == -np.inf)] = BLANK
        elif type(None) in kinds and BLANK is not None:
            cells[pd.isna(values)] = BLANK
        return cells
    out = np.empty(values.shape, dtype=object)
    flat = values.ravel()
    out.ravel()[:] = [out_cell(v) for v in flat]
    return out


def out_rows(values: np.ndarray, blank: np.ndarray) -> list[list[Any]]:
    """A 2-D result as rows of cells (as :func:`out_array` gives them), and :data:`BLANK` where
    ``blank`` is True.

    Numbers with few undefined cells leave straight from numpy's ``tolist`` (floats made
    once), the undefined ones then set to :data:`BLANK` one by one.
    """
    if values.dtype.kind == "f":
        undefined = ~np.isfinite(values) | blank
        if np.count_nonzero(undefined) <= values.size // 8:
            rows: list[list[Any]] = values.tolist()
            at_rows, at_columns = np.nonzero(undefined)
            for i, j in zip(at_rows.tolist(), at_columns.tolist(), strict=True):
                rows[i][j] = BLANK
            return rows
    cells = out_array(values)
    cells[blank] = BLANK
    return cells.tolist()


#: Cell types of a label result that leave as they are (a NaN or an infinite float, and under
#: Office.js None, as :data:`BLANK`).
_TEXT_CELLS = frozenset({str, float, type(None)})


def out_column(values: pd.Series | pd.Index | np.ndarray) -> list[Any]:
    """A column of results as cells (dates as :func:`date_cells`, undefined as :data:`BLANK`)."""
    if isinstance(values, pd.Series | pd.Index) and pd.api.types.is_integer_dtype(values.dtype):
        return [BLANK if v is pd.NA else int(v) for v in values]  # whole numbers stay whole
    array = np.asarray(values)
    if array.dtype.kind == "f":
        return out_array(array.reshape(-1, 1)).ravel().tolist()
    if array.dtype.kind == "M":  # dates, NaT as BLANK, all at once
        return date_cells(pd.DatetimeIndex(array))
    return [out_cell(v) for v in array.tolist()]


def rows(result: pd.Series | pd.DataFrame) -> list[list[Any]]:
    """A result's values as rows of cells, in its own row order (no header, no index)."""
    frame = result.to_frame() if isinstance(result, pd.Series) else result
    return out_array(frame.to_numpy()).tolist()


def table(frame: pd.DataFrame, index: str | None = None) -> Cells:
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
    return Cells([header, *body])
