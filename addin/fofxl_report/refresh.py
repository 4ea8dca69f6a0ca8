"""The refresh button: reload data sheets, clean them, log, recalculate, stamp the time.

:func:`refresh` works on a :class:`~fofxl_report.books.BookAdapter`, so the same code runs

* in desktop Excel through the classic add-in ("Run main" → ``templates/<workbook>.py``
  ``main()`` → :func:`refresh_caller`, or ``RunPython``) and in xlwings Lite (a ``@script``):
  :class:`fofxl_addin.book.XlwingsBook` wraps an ``xlwings.Book`` (also ``xw.Book(json=...)``
  as Office.js drives it);
* headless: :class:`~fofxl_report.books.OpenpyxlBook` wraps an openpyxl workbook
  (recalculation = the renderer's evaluator, so a template refreshed headless comes back fully
  computed).

For each data sheet named on the settings sheet (``src_<sheet>`` = a CSV/XLSX file, blank =
the pasted-in sheet), the data is read and cleaned with :mod:`fofxl.io`; what was dropped
or fixed goes to the ``Log`` sheet. A sheet whose new data is unusable keeps its previous data,
and the log says why. The defined names over each data sheet (``mkt_dates`` …) are resized to
the new data, the book is recalculated and ``last_refresh`` is stamped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from openpyxl.utils.cell import get_column_letter

from fofxl import io as importers
from fofxl.errors import FofError

from .books import BookAdapter, cell_target, frame_rows, resize_names, stamp_refresh
from .fields import SheetSpec, bind, mapping_note, report_lines, sheet_specs
from .settings import clear_demo_marks

__all__ = [
    "CallerBook",
    "RefreshResult",
    "refresh",
    "refresh_caller",
]


class CallerBook(BookAdapter, Protocol):
    """The book that called Python from Excel: a :class:`BookAdapter` with a status bar."""

    def show_status(self, text: str) -> None: ...


@dataclass
class RefreshResult:
    log: list[list[Any]] = field(default_factory=list)  # [time, sheet, message]
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    stamp: dt.datetime | None = None

    def __str__(self) -> str:
        return "\n".join(f"{sheet}: {msg}" for _, sheet, msg in self.log)


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
        target = cell_target(ref)
        if sheet is None or target is None:
            continue
        cell_sheet, r1, c1, _, _ = target
        value = book.get_value(cell_sheet or "Settings", f"{get_column_letter(c1)}{r1}")
        out[sheet] = str(value).strip() if value not in (None, "") else None
    return out


def _load(
    book: BookAdapter, source: str | None, pasted: list[list[Any]], spec: SheetSpec | None
) -> tuple[Any, list[str]]:
    """Clean data for a data sheet, fitted to it by field name (``spec``): from its source
    file, or from its pasted values (the sheet's cells, ``pasted``)."""
    if source:
        path = Path(source)
        base = book.base_dir()
        if not path.is_absolute() and base is not None:
            path = base / path
        result = importers.import_file(path)
        origin = path.name
    else:  # the sheet's own cells, read with exactly the importers' checks
        result = importers.import_rows(
            pasted[0] if pasted else [], pasted[1:], source="pasted-in sheet", name="pasted"
        )
        origin = "the pasted-in sheet"
    frame = result.data if spec is None else bind(result, spec, origin)
    lines = report_lines(result)
    if spec is not None and spec.mapping and spec.panel is None:
        lines.insert(0, f"fields mapped: {mapping_note(spec)}")
    return frame, lines


def refresh(
    book: BookAdapter, now: dt.datetime | None = None, recalculate: bool = True
) -> RefreshResult:
    """Reload, clean, log, recalculate and stamp; never destroys the previous data.

    Parameters
    ----------
    book
        A :class:`~fofxl_report.books.BookAdapter` (``OpenpyxlBook``, ``XlwingsBook``).
    now
        The time stamped (default: the current local time, to the second).
    recalculate
        Recalculate after loading (Excel: ``app.calculate()``; headless: the renderer).
    """
    stamp = (now or dt.datetime.now()).replace(microsecond=0)
    result = RefreshResult(stamp=stamp)

    def log(sheet: str, message: str) -> None:
        result.log.append([stamp, sheet, message])

    try:
        specs = sheet_specs(book)
    except FofError as exc:
        log("Settings", f"nothing reloaded: {' '.join(str(exc).split())}")
        specs = None
    sources = _sources(book) if specs is not None else {}
    for sheet, source in sources.items():
        old = book.read_sheet(sheet)
        old_last = (len(old), max((len(r) for r in old), default=0))
        try:  # the sheet is read once
            frame, lines = _load(book, source, old, (specs or {}).get(sheet.lower()))
        except Exception as exc:  # importer messages are user-facing already
            result.kept.append(sheet)
            log(sheet, f"kept the previous data: {' '.join(str(exc).split())}")
            continue
        if frame.empty:
            result.kept.append(sheet)
            log(sheet, "kept the previous data: the new data has no usable rows")
            continue
        header, data = frame_rows(frame)
        rows = [header, *data]
        book.write_sheet(sheet, rows)
        new_last = (len(rows), len(rows[0]))
        resized = resize_names(book, sheet, old_last, new_last)
        result.updated.append(sheet)
        origin = source or "pasted-in sheet"
        log(
            sheet,
            f"loaded {len(rows) - 1} rows × {len(rows[0]) - 1} series from {origin}"
            + (f"; names resized: {', '.join(sorted(resized))}" if resized else ""),
        )
        for line in lines:
            log(sheet, line)
    from_files = {s.lower() for s in result.updated if sources.get(s)}
    if specs and all(key in from_files for key in specs):
        clear_demo_marks(book)  # every data sheet holds the analyst's files now
    if recalculate:
        book.calculate()
    stamp_refresh(book, stamp, result.log)
    return result


def refresh_caller() -> RefreshResult:
    """Classic add-in entry: refresh the workbook that called Python ("Run main", RunPython).

    The templates' companion modules (``t0_environment.py``, ``quant_monitor.py``, named like
    their workbooks as the xlwings ribbon's "Run main" requires) call this from ``main()``.
    The outcome is shown on Excel's status bar; the details are on the Log sheet. The calling
    book comes from the Excel layer (:func:`fofxl_addin.book.caller_book`).
    """
    from fofxl_addin.book import caller_book  # the Excel layer: only when Excel calls

    book: CallerBook = caller_book()
    result = refresh(book)
    book.show_status(f"fofxl refresh: {'; '.join(result.updated) or 'no data sheet changed'}")
    return result
