"""The refresh button: reload data sheets, clean them, log, recalculate, stamp the time.

:func:`refresh` works on a small book adapter, so the same code runs

* in desktop Excel through the classic add-in ("Run main" → ``templates/<workbook>.py``
  ``main()``, or ``RunPython``) and in xlwings Lite (a ``@script``): :class:`XlwingsBook`
  wraps an ``xlwings.Book`` (also ``xw.Book(json=...)`` as Office.js drives it);
* headless: :class:`OpenpyxlBook` wraps an openpyxl workbook (recalculation = the renderer's
  evaluator, so a template refreshed headless comes back fully computed).

For each data sheet named on the settings sheet (``src_<sheet>`` = a CSV/XLSX file, blank =
the pasted-in sheet), the data is read and cleaned with :mod:`fofxl.importers`; what was dropped
or fixed goes to the ``Log`` sheet. A sheet whose new data is unusable keeps its previous data,
and the log says why. The defined names over each data sheet (``mkt_dates`` …) are resized to
the new data, the book is recalculated and ``last_refresh`` is stamped.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

__all__ = [
    "BookAdapter",
    "OpenpyxlBook",
    "RefreshResult",
    "XlwingsBook",
    "refresh",
    "resize_names",
]

LOG_SHEET = "Log"
STAMP_NAME = "last_refresh"


class BookAdapter(Protocol):
    """What :func:`refresh` needs from a workbook, whatever runs it."""

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


@dataclass
class RefreshResult:
    log: list[list[Any]] = field(default_factory=list)  # [time, sheet, message]
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    stamp: dt.datetime | None = None

    def __str__(self) -> str:
        return "\n".join(f"{sheet}: {msg}" for _, sheet, msg in self.log)


# ---------------------------------------------------------------- adapters
def _parse(ref: str) -> tuple[str | None, int, int, int, int] | None:
    """``(sheet, first row, first column, last row, last column)`` of a cell reference such as
    ``=Settings!$B$2`` or ``Data!$A$1:$C$9``; None for anything else (a constant, a formula)."""
    from .formulas import FormulaError, Ref, parse_ref  # openpyxl: only when refreshing

    try:
        target = parse_ref(ref.strip().removeprefix("="))
    except FormulaError:
        return None
    if not isinstance(target, Ref):
        return None
    return target.sheet, target.min_row, target.min_col, target.max_row, target.max_col


def _letters(col: int) -> str:
    from openpyxl.utils.cell import get_column_letter

    return get_column_letter(col)


class OpenpyxlBook:
    """Headless adapter over an openpyxl workbook (loaded with formulas)."""

    def __init__(self, wb: Any, path: str | os.PathLike[str] | None = None) -> None:
        self.wb = wb
        self.path = Path(path) if path else None

    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def names(self) -> dict[str, str]:
        return {name: dn.attr_text for name, dn in self.wb.defined_names.items()}

    def set_name(self, name: str, ref: str) -> None:
        self.wb.defined_names[name].attr_text = ref

    def _cell(self, sheet: str, cell: str) -> Any:
        return self.wb[sheet][cell]

    def get_value(self, sheet: str, cell: str) -> Any:
        return self._cell(sheet, cell).value

    def set_value(self, sheet: str, cell: str, value: Any) -> None:
        self._cell(sheet, cell).value = value

    def read_sheet(self, sheet: str) -> list[list[Any]]:
        ws = self.wb[sheet]
        return [list(r) for r in ws.iter_rows(min_row=1, max_row=ws.max_row,
                                              max_col=ws.max_column, values_only=True)]

    def write_sheet(self, sheet: str, rows: list[list[Any]]) -> None:
        from .render import write_frame

        write_frame(self.wb, sheet, rows[0], rows[1:])

    def append_rows(self, sheet: str, rows: list[list[Any]]) -> None:
        ws = self.wb[sheet]
        for row in rows:
            ws.append(row)

    def calculate(self) -> None:
        from .render import evaluate_workbook

        evaluate_workbook(self.wb)

    def base_dir(self) -> Path | None:
        return self.path.parent if self.path else None


class XlwingsBook:
    """Adapter over an ``xlwings.Book``: desktop Excel, xlwings Lite or ``xw.Book(json=...)``."""

    def __init__(self, book: Any) -> None:
        self.book = book

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def names(self) -> dict[str, str]:
        out = {}
        for name in self.book.names:
            try:
                out[name.name] = name.refers_to
            except Exception:  # names the runtime cannot express as a reference
                continue
        return out

    def set_name(self, name: str, ref: str) -> None:
        self.book.names[name].refers_to = "=" + ref.lstrip("=")

    def get_value(self, sheet: str, cell: str) -> Any:
        return self.book.sheets[sheet][cell].value

    def set_value(self, sheet: str, cell: str, value: Any) -> None:
        self.book.sheets[sheet][cell].value = value

    def read_sheet(self, sheet: str) -> list[list[Any]]:
        values = self.book.sheets[sheet].used_range.options(ndim=2).value
        return [list(r) for r in values] if values else []

    def write_sheet(self, sheet: str, rows: list[list[Any]]) -> None:
        ws = self.book.sheets[sheet]
        ws.used_range.clear_contents()
        ws["A1"].value = rows

    def append_rows(self, sheet: str, rows: list[list[Any]]) -> None:
        ws = self.book.sheets[sheet]
        used = ws.used_range
        last = used.row + used.rows.count - 1 if used.value is not None else 0
        ws.range((last + 1, 1)).value = rows

    def calculate(self) -> None:
        try:
            self.book.app.calculate()
        except Exception:  # Office.js/remote books recalculate by themselves
            pass

    def base_dir(self) -> Path | None:
        try:
            full = Path(self.book.fullname)
        except Exception:
            return None
        return full.parent if full.parent != Path() else None


# ---------------------------------------------------------------- refresh
def _sources(book: BookAdapter) -> dict[str, str | None]:
    """``{data sheet: source file or None}`` from the ``src_<sheet>`` names."""
    names = book.names()
    sheets = {s.lower(): s for s in book.sheet_names()}
    out: dict[str, str | None] = {}
    for name, ref in names.items():
        if not name.lower().startswith("src_"):
            continue
        sheet = sheets.get(name[4:].lower())
        target = _parse(ref)
        if sheet is None or target is None:
            continue
        cell_sheet, r1, c1, _, _ = target
        value = book.get_value(cell_sheet or "Settings", f"{_letters(c1)}{r1}")
        out[sheet] = str(value).strip() if value not in (None, "") else None
    return out


def _frame_rows(frame: Any) -> tuple[list[Any], list[list[Any]]]:
    """A pandas frame indexed by date → header + rows (dates as datetimes, NaN as blank)."""
    import pandas as pd

    header = [frame.index.name or "date", *[str(c) for c in frame.columns]]
    rows = []
    values = frame.to_numpy(dtype=object)
    for date, vals in zip(frame.index, values, strict=True):
        stamp = pd.Timestamp(date).to_pydatetime() if not isinstance(date, str) else date
        rows.append([stamp, *[None if v is None or v != v else float(v) for v in vals]])
    return header, rows


def _rows_to_csv(rows: list[list[Any]], folder: str) -> Path:
    """Pasted-in cells as a CSV file, so they go through exactly the importers' checks."""
    import csv

    path = Path(folder) / "pasted.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        for row in rows:
            writer.writerow(["" if v is None else (v.isoformat() if hasattr(v, "isoformat")
                                                   else v) for v in row])
    return path


def _load(book: BookAdapter, source: str | None,
          pasted: list[list[Any]]) -> tuple[Any, list[str]]:
    """Clean data for a data sheet: from its source file, or from its pasted values (the
    sheet's cells, ``pasted``)."""
    import tempfile

    from fofxl import importers

    if source:
        path = Path(source)
        base = book.base_dir()
        if not path.is_absolute() and base is not None:
            path = base / path
        result = importers.import_file(path)
    else:
        with tempfile.TemporaryDirectory(prefix="fofxl-refresh-") as folder:
            result = importers.import_file(_rows_to_csv(pasted, folder))
    report = result.report
    lines = [f"{kind}: {issue}" for kind, items in (("dropped", report.dropped),
                                                   ("duplicate", report.duplicates),
                                                   ("not positive", report.non_positive))
             for issue in items]
    lines += [f"warning: {w}" for w in report.warnings]
    lines += [f"stale: {name} (last value {last:%Y-%m-%d})" for name, last in report.stale.items()]
    return result.data, lines


def resize_names(book: BookAdapter, sheet: str, old_last: tuple[int, int],
                 new_last: tuple[int, int]) -> list[str]:
    """Defined names over ``sheet``'s data block (from row 1 to its last row) follow new data.

    ``old_last``/``new_last`` are (last row, last column); a name ending on the old last
    column of a multi-column block (a panel of series) follows the new last column too.
    """
    from .formulas import quote_sheet  # openpyxl: only when refreshing

    changed = []
    for name, ref in book.names().items():
        target = _parse(ref)
        if target is None or (target[0] or "").lower() != sheet.lower():
            continue
        _, r1, c1, r2, c2 = target
        if r1 != 1 or r2 != old_last[0]:
            continue
        new_c2 = new_last[1] if c2 == old_last[1] and c1 < c2 else c2
        if new_c2 > new_last[1]:
            continue
        new_ref = f"{quote_sheet(sheet)}!${_letters(c1)}$1:${_letters(new_c2)}${new_last[0]}"
        if new_ref != ref.lstrip("="):
            book.set_name(name, new_ref)
            changed.append(name)
    return changed


def refresh(book: BookAdapter, now: dt.datetime | None = None,
            recalculate: bool = True) -> RefreshResult:
    """Reload, clean, log, recalculate and stamp; never destroys the previous data.

    Parameters
    ----------
    book
        A :class:`BookAdapter` (:class:`OpenpyxlBook`, :class:`XlwingsBook`).
    now
        The time stamped (default: the current local time, to the second).
    recalculate
        Recalculate after loading (Excel: ``app.calculate()``; headless: the renderer).
    """
    stamp = (now or dt.datetime.now()).replace(microsecond=0)
    result = RefreshResult(stamp=stamp)

    def log(sheet: str, message: str) -> None:
        result.log.append([stamp, sheet, message])

    for sheet, source in _sources(book).items():
        old = book.read_sheet(sheet)
        old_last = (len(old), max((len(r) for r in old), default=0))
        try:
            frame, lines = _load(book, source, old)  # the sheet is read once
        except Exception as exc:  # importer messages are user-facing already
            result.kept.append(sheet)
            log(sheet, f"kept the previous data: {' '.join(str(exc).split())}")
            continue
        if frame.empty:
            result.kept.append(sheet)
            log(sheet, "kept the previous data: the new data has no usable rows")
            continue
        header, data = _frame_rows(frame)
        rows = [header, *data]
        book.write_sheet(sheet, rows)
        new_last = (len(rows), len(rows[0]))
        resized = resize_names(book, sheet, old_last, new_last)
        result.updated.append(sheet)
        origin = source or "pasted-in sheet"
        log(sheet, f"loaded {len(rows) - 1} rows × {len(rows[0]) - 1} series from {origin}"
            + (f"; names resized: {', '.join(sorted(resized))}" if resized else ""))
        for line in lines:
            log(sheet, line)
    if recalculate:
        book.calculate()
    names = book.names()
    if STAMP_NAME in names:
        target = _parse(names[STAMP_NAME])
        if target is not None:
            book.set_value(target[0] or "Settings", f"{_letters(target[2])}{target[1]}",
                           stamp)
    if LOG_SHEET in book.sheet_names() and result.log:
        book.append_rows(LOG_SHEET, result.log)
    return result



def refresh_caller() -> RefreshResult:
    """Classic add-in entry: refresh the workbook that called Python ("Run main", RunPython).

    The templates' companion modules (``t0_environment.py``, ``quant_monitor.py``, named like
    their workbooks as the xlwings ribbon's "Run main" requires) call this from ``main()``.
    The outcome is shown on Excel's status bar; the details are on the Log sheet.
    """
    import xlwings as xw  # imported here: the headless renderer never needs xlwings

    book = xw.Book.caller()
    result = refresh(XlwingsBook(book))
    book.app.status_bar = f"fofxl refresh: {'; '.join(result.updated) or 'no data sheet changed'}"
    return result
