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
or fixed goes to the ``Log`` sheet. A sheet whose new data is unusable or bad keeps its previous
data, and the log says why in one line (which source, what is wrong, what to fix) followed by
the rows concerned. Bad new data (:func:`_refusal`) is:

* what SPEC §2 calls an error, which the import would drop or pick silently: a NAV or price
  ≤ 0, a date that repeats with different values;
* a series (of a NAV or index sheet) left with fewer than 2 values: no return to compute;
* from a source file, far less than the sheet holds: fewer than half its dates or half its
  series (a truncated or wrong export). Not while the template's synthetic demo data is still
  marked (the analyst's first data is often shorter), nor into a sheet without data rows: to
  load less data on purpose, delete the sheet's rows below its header (Excel shrinks the names
  over them) and refresh again.

Cells the import cannot read (text where a number belongs, an unreadable date) are dropped
as a blank is, and logged; the rest of the file is loaded. The defined names over each data
sheet (``mkt_dates`` …) are resized to the new data, the book is recalculated and
``last_refresh`` is stamped.
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
from .settings import clear_demo_marks, demo_marked

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
) -> tuple[Any, list[str], importers.ImportResult, str]:
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
    return frame, lines, result, origin


#: how many of the rows concerned the one line of a refusal quotes (all go to the log after it)
_QUOTED = 2


def _rows(issues: list[importers.Issue]) -> str:
    """``row 3 (QE500-1): '0'; row 4 (QE500-1): '-1'`` (the first :data:`_QUOTED`, then "…")."""
    shown = [
        f"row {i.row}" + (f" ({i.series})" if i.series else "") + f": {i.value!r}"
        for i in issues[:_QUOTED]
    ]
    return "; ".join(shown) + ("; …" if len(issues) > _QUOTED else "")


def _conflicts(result: importers.ImportResult) -> list[importers.Issue]:
    """The repeated dates whose rows differ (the import kept one of them; which is right, the
    file does not say). A repeat of the same values is harmless and not counted."""
    return [i for i in result.report.duplicates if i.conflicts]


def _size(rows: list[list[Any]]) -> tuple[int, int]:
    """(dates, series) a data sheet holds: rows below the header with a first cell, header
    cells after the date column."""
    if not rows:
        return 0, 0
    dates = sum(1 for r in rows[1:] if r and r[0] not in (None, ""))
    return dates, sum(1 for v in rows[0][1:] if v not in (None, ""))


def _refusal(
    frame: Any,
    result: importers.ImportResult,
    origin: str,
    old: list[list[Any]],
    spec: SheetSpec | None,
    from_file: bool,
    demo: bool,
) -> tuple[str, list[importers.Issue]] | None:
    """Why the new data must not replace the sheet (one line: source, what, the fix) and the
    rows concerned; None when it may. The rule is the module's (see its docstring)."""
    report = result.report
    if report.non_positive:  # (a row of 单位净值 and 累计净值 both ≤ 0 is listed once)
        bad = list({(i.row, i.series): i for i in report.non_positive}.values())
        n = len(bad)
        return (
            f"{origin} has {n} {'value' if n == 1 else 'values'} ≤ 0 where a NAV or price "
            f"belongs ({_rows(bad)}), an error, not a value: correct or delete "
            f"{'it' if n == 1 else 'them'} in the file and refresh again",
            bad,
        )
    conflicts = _conflicts(result)
    if conflicts:
        n = len(conflicts)
        first = conflicts[0]
        where = f"row {first.row}" + (f" ({first.series})" if first.series else "")
        return (
            f"{origin} has {n} {'date' if n == 1 else 'dates'} given twice with different "
            f"values ({where}: {first.reason.partition('; kept')[0]}"
            + ("; …" if n > 1 else "")
            + "), and the file does not say which is right: delete the wrong row"
            + ("" if n == 1 else "s")
            + " and refresh again",
            conflicts,
        )
    if spec is None or spec.panel is not None:
        counts = frame.count()
        few = [str(name) for name, k in counts.items() if k < 2]
        if few:
            k = int(counts[few[0]])
            return (
                f"{origin}: {few[0]}"
                + (f" (and {len(few) - 1} more)" if len(few) > 1 else "")
                + f" has {'no value' if k == 0 else '1 value'} left after the import, and a "
                "series needs at least 2: give it its values in the file, or delete its column",
                [],
            )
    old_dates, old_series = _size(old)
    dates, series = len(frame), frame.shape[1]
    shrinks = 2 * dates < old_dates or 2 * series < old_series
    if from_file and not demo and old_dates and shrinks:
        return (
            f"{origin} has {dates} {'date' if dates == 1 else 'dates'} × {series} series, less "
            f"than half of the {old_dates} × {old_series} the sheet holds: if it is the file "
            "meant, delete the sheet's rows below its header and refresh again; else name the "
            "full file on Settings",
            [],
        )
    return None


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
    demo = demo_marked(book)
    for sheet, source in sources.items():
        old = book.read_sheet(sheet)
        old_last = (len(old), max((len(r) for r in old), default=0))
        spec = (specs or {}).get(sheet.lower())
        try:  # the sheet is read once
            frame, lines, imported, origin = _load(book, source, old, spec)
        except Exception as exc:  # importer messages are user-facing already
            result.kept.append(sheet)
            log(sheet, f"kept the previous data: {' '.join(str(exc).split())}")
            continue
        if frame.empty:
            result.kept.append(sheet)
            log(sheet, "kept the previous data: the new data has no usable rows")
            continue
        refused = _refusal(frame, imported, origin, old, spec, bool(source), demo)
        if refused is not None:
            why, issues = refused
            result.kept.append(sheet)
            log(sheet, f"kept the previous data: {why}")
            for issue in issues:  # what the import would have done with them is not done
                text = str(issue).partition("; kept")[0].removesuffix(": value dropped")
                log(sheet, f"to fix: {text}")
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
    kept = f"; kept the previous data of {', '.join(result.kept)}: see the Log sheet"
    book.show_status(
        f"fofxl refresh: {'; '.join(result.updated) or 'no data sheet changed'}"
        + (kept if result.kept else "")
    )
    return result
