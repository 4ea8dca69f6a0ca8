"""Workbooks as refresh and render see them: one adapter protocol, the openpyxl adapter, and
the data-block helpers both use (write a frame into a sheet, follow it with the defined names).

:class:`BookAdapter` is what :func:`fofxl_report.refresh.refresh` needs from a workbook,
whatever runs it. :class:`OpenpyxlBook` is the headless one (recalculation = the renderer's
evaluator, so a template refreshed headless comes back fully computed); the xlwings one
(desktop Excel, xlwings Lite, Office.js) is :class:`fofxl_addin.book.XlwingsBook`, which has the
same methods without importing this layer.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
from openpyxl.utils.cell import get_column_letter
from openpyxl.workbook.workbook import Workbook

from .formulas import FormulaError, Ref, parse_ref, quote_sheet
from .recalc import DATE_FORMAT, evaluate_workbook

__all__ = [
    "BookAdapter",
    "OpenpyxlBook",
    "cell_target",
    "frame_rows",
    "resize_names",
    "stamp_refresh",
    "write_frame",
]

LOG_SHEET = "Log"
STAMP_NAME = "last_refresh"


class BookAdapter(Protocol):
    """What :func:`fofxl_report.refresh.refresh` needs from a workbook, whatever runs it."""

    def sheet_names(self) -> list[str]: ...
    def names(self) -> dict[str, str]: ...  # defined name -> "Sheet!$A$1:$B$9"
    def set_name(self, name: str, ref: str) -> None: ...
    def get_value(self, sheet: str, cell: str) -> Any: ...
    def set_value(self, sheet: str, cell: str, value: Any) -> None: ...
    def read_sheet(self, sheet: str) -> list[list[Any]]: ...
    def write_sheet(self, sheet: str, rows: list[list[Any]]) -> None: ...
    def append_rows(self, sheet: str, rows: list[list[Any]]) -> None: ...
    def calculate(self) -> None: ...
    def base_dir(self) -> Path | None: ...


def cell_target(ref: str) -> tuple[str | None, int, int, int, int] | None:
    """``(sheet, first row, first column, last row, last column)`` of a cell reference such as
    ``=Settings!$B$2`` or ``Data!$A$1:$C$9``; None for anything else (a constant, a formula)."""
    try:
        target = parse_ref(ref.strip().removeprefix("="))
    except FormulaError:
        return None
    if not isinstance(target, Ref):
        return None
    return target.sheet, target.min_row, target.min_col, target.max_row, target.max_col


def write_frame(
    wb: Workbook,
    sheet: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    clear: bool = True,
) -> int:
    """Replace the values of ``sheet`` with a header row and data rows from A1; keeps styles."""
    ws = wb[sheet]
    rows = list(rows)
    if clear:  # old values go; cells below the new data go entirely (max_row follows the data)
        last = len(rows) + 1
        for key, cell in list(ws._cells.items()):
            if key[0] > last:
                del ws._cells[key]
            else:
                cell.value = None
    width = len(header)
    for j, name in enumerate(header, 1):
        ws.cell(row=1, column=j, value=name)
    n = 0
    for i, row in enumerate(rows, 2):
        for j in range(width):
            value = row[j] if j < len(row) else None
            cell = ws.cell(row=i, column=j + 1)
            general = cell.number_format == "General"
            cell.value = value
            if isinstance(value, dt.datetime) and general:
                cell.number_format = DATE_FORMAT
        n += 1
    return n


def frame_rows(frame: pd.DataFrame) -> tuple[list[Any], list[list[Any]]]:
    """A pandas frame indexed by date → header + rows (dates as datetimes, NaN as blank)."""
    header = [frame.index.name or "date", *[str(c) for c in frame.columns]]
    rows = []
    values = frame.to_numpy(dtype=object)
    for date, vals in zip(frame.index, values, strict=True):
        stamp = pd.Timestamp(date).to_pydatetime() if not isinstance(date, str) else date
        rows.append([stamp, *[None if v is None or v != v else float(v) for v in vals]])
    return header, rows


def resize_names(
    book: BookAdapter, sheet: str, old_last: tuple[int, int], new_last: tuple[int, int]
) -> list[str]:
    """Defined names over ``sheet``'s data block (from row 1 to its last row) follow new data.

    ``old_last``/``new_last`` are (last row, last column); a name ending on the old last
    column of a multi-column block (a panel of series) follows the new last column too, and
    so does a name over the block's header row alone (the panel's series names).
    """
    changed = []
    for name, ref in book.names().items():
        target = cell_target(ref)
        if target is None or (target[0] or "").lower() != sheet.lower():
            continue
        _, r1, c1, r2, c2 = target
        header = r1 == r2 == 1 and c1 < c2 == old_last[1]
        if r1 != 1 or (r2 != old_last[0] and not header):
            continue
        new_c2 = new_last[1] if c2 == old_last[1] and c1 < c2 else c2
        if new_c2 > new_last[1]:
            continue
        first, last = get_column_letter(c1), get_column_letter(new_c2)
        new_ref = f"{quote_sheet(sheet)}!${first}$1:${last}${1 if header else new_last[0]}"
        if new_ref != ref.lstrip("="):
            book.set_name(name, new_ref)
            changed.append(name)
    return changed


def stamp_refresh(book: BookAdapter, stamp: dt.datetime, log: list[list[Any]]) -> None:
    """Stamp ``stamp`` into the cell named ``last_refresh`` and append ``log`` rows (time,
    sheet, message) to the Log sheet, where the workbook has them."""
    names = book.names()
    if STAMP_NAME in names:
        target = cell_target(names[STAMP_NAME])
        if target is not None:
            book.set_value(
                target[0] or "Settings", f"{get_column_letter(target[2])}{target[1]}", stamp
            )
    if LOG_SHEET in book.sheet_names() and log:
        book.append_rows(LOG_SHEET, log)


class OpenpyxlBook:
    """Headless adapter over an openpyxl workbook (loaded with formulas)."""

    def __init__(self, wb: Workbook, path: str | os.PathLike[str] | None = None) -> None:
        self.wb = wb
        self.path = Path(path) if path else None

    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def names(self) -> dict[str, str]:
        return {name: dn.attr_text for name, dn in self.wb.defined_names.items()}

    def set_name(self, name: str, ref: str) -> None:
        self.wb.defined_names[name].attr_text = ref

    def get_value(self, sheet: str, cell: str) -> Any:
        return self.wb[sheet][cell].value

    def set_value(self, sheet: str, cell: str, value: Any) -> None:
        self.wb[sheet][cell].value = value

    def read_sheet(self, sheet: str) -> list[list[Any]]:
        ws = self.wb[sheet]
        return [
            list(r)
            for r in ws.iter_rows(
                min_row=1, max_row=ws.max_row, max_col=ws.max_column, values_only=True
            )
        ]

    def write_sheet(self, sheet: str, rows: list[list[Any]]) -> None:
        write_frame(self.wb, sheet, rows[0], rows[1:])

    def append_rows(self, sheet: str, rows: list[list[Any]]) -> None:
        ws = self.wb[sheet]
        for row in rows:
            ws.append(row)

    def calculate(self) -> None:
        evaluate_workbook(self.wb)

    def base_dir(self) -> Path | None:
        return self.path.parent if self.path else None
