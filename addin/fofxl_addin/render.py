"""Render a workbook that uses fofxl formulas into a finished workbook of values (no Excel).

``render(template, out, data=..., pdf=...)`` loads the template with openpyxl, optionally
injects data files into its data sheets, evaluates every formula with
:class:`fofxl_addin.evaluate.Evaluator` (the same UDFs Excel calls, in dependency order), writes
the results as plain values spilled from their anchor cells, and saves atomically.

Why openpyxl end to end (and not XML surgery on the template's zip): openpyxl ≥ 3.1 reads a
workbook's charts back into chart objects (``ws._charts``) and writes them again, together
with styles, number formats, column widths, merged cells, defined names and print settings.
So the template stays the single source of layout and the renderer only has to re-point each
chart series at the spilled size of the block it reads (a series that starts inside a spill
is stretched or shrunk to the spill's last row) and drop the stale point caches. What openpyxl
does not keep are drawing *shapes* (e.g. the refresh button of a template) and the
dynamic-array metadata, neither of which belongs in a finished report of values. Rewriting
``sheetN.xml`` by hand instead would mean re-implementing shared strings, styles for new cells
and the cell ordering rules, for no gain.

A formula whose function the renderer does not evaluate is kept as a formula and reported with
its cell; a formula that fails (bad data, ``#SPILL!``) shows its message in the cell and is
reported; :class:`RenderReport` carries both.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.cell import get_column_letter
from openpyxl.workbook.workbook import Workbook

from fofxl.errors import InputError
from fofxl.files import check_xlsx, same_file, write_atomic

from .evaluate import Evaluator, Issue
from .formulas import Call, FormulaError, Ref, parse_ref, quote_sheet

__all__ = [
    "RenderError",
    "RenderReport",
    "convert_pdf",
    "publish_pdfs",
    "evaluate_workbook",
    "inject_data",
    "render",
    "render_workbook",
]

DATE_FORMAT = "yyyy-mm-dd"


class RenderError(Exception):
    """A render that cannot go on: the message is one clear line for the user."""


@dataclass
class RenderReport:
    out: Path
    formulas: int = 0
    issues: list[Issue] = field(default_factory=list)
    charts: int = 0
    pdf: Path | None = None
    printable: Path | None = None
    seconds: float = 0.0
    #: first spilled block per top-level function name: (values, number formats), row by row
    blocks: dict[str, tuple[list[list[Any]], list[list[str]]]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.kind == "error"]

    @property
    def unsupported(self) -> list[Issue]:
        return [i for i in self.issues if i.kind == "unsupported"]


# ---------------------------------------------------------------- data injection
def _sheet_for(wb: Workbook, target: str) -> str | None:
    lowered = {name.lower(): name for name in wb.sheetnames}
    return lowered.get(target.lower())


def write_frame(wb: Workbook, sheet: str, header: Sequence[Any], rows: Iterable[Sequence[Any]],
                clear: bool = True) -> int:
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


def inject_data(wb: Workbook, files: Sequence[str | os.PathLike[str]]) -> list[str]:
    """Write data files into the workbook's data sheets; returns one line per file.

    ``SHEET=path`` names the sheet; a bare path goes to the sheet named like the file's stem
    (``market.csv`` → sheet ``Market``). Files are read and cleaned with
    :mod:`fofxl.importers` (CSV or XLSX, wide or long, English or Chinese headers).
    """
    lines: list[str] = []
    if not files:
        return lines
    from fofxl import importers

    from .refresh import OpenpyxlBook, _frame_rows, resize_names

    for spec in files:
        text = os.fspath(spec)
        sheet_name, sep, path_text = text.partition("=")
        if not sep or Path(text).exists():
            sheet_name, path_text = Path(text).stem, text
        path = Path(path_text)
        if not path.exists():
            raise RenderError(f"--data {text}: the file {path} does not exist")
        sheet = _sheet_for(wb, sheet_name)
        if sheet is None:
            raise RenderError(
                f"--data {text}: the workbook has no sheet named {sheet_name!r}; "
                f"use SHEET=FILE with one of {', '.join(wb.sheetnames)}"
            )
        try:
            frame = importers.import_file(path).data
        except Exception as exc:  # importer messages are user-facing already
            raise RenderError(f"--data {text}: {exc}") from None
        header, rows = _frame_rows(frame)
        ws = wb[sheet]
        old_last = (ws.max_row, ws.max_column)
        n = write_frame(wb, sheet, header, rows)
        resized = resize_names(OpenpyxlBook(wb), sheet, old_last, (n + 1, len(header)))
        lines.append(f"{path.name} → sheet {sheet}: {n} rows × {len(header) - 1} columns"
                     + (f" (names resized: {', '.join(sorted(resized))})" if resized else ""))
    return lines


# ---------------------------------------------------------------- evaluation and writing
def _column_style(ws: Any, col: int) -> Any:
    dim = ws.column_dimensions.get(get_column_letter(col))
    if dim is not None and dim.has_style:
        return dim._style
    return None


def _write_results(wb: Workbook, ev: Evaluator) -> None:
    for key, f in ev.formulas.items():
        sheet, row, col = key
        ws = wb[sheet]
        if f.state == "failed":
            assert f.issue is not None
            if f.issue.kind == "unsupported":
                continue  # kept as a formula
            ws.cell(row=row, column=col).value = f.issue.message
    for (sheet, row, col), value in ev.spilled.items():
        ws = wb[sheet]
        cell = ws.cell(row=row, column=col)
        if not cell.has_style:
            style = _column_style(ws, col)
            if style is not None:
                cell._style = copy(style)
        general = cell.number_format == "General"
        cell.value = value  # openpyxl gives a datetime "yyyy-mm-dd h:mm:ss" when General
        if isinstance(value, dt.datetime) and general:
            cell.number_format = DATE_FORMAT


def _spill_extent(ev: Evaluator, sheet: str, row: int, col: int) -> int | None:
    """Last row of the spilled block covering (row, col), or None."""
    owner = ev.spill_owner.get((sheet, row, col))
    if owner is None:
        return None
    f = ev.formulas[owner]
    assert f.result is not None
    return owner[1] + len(f.result.rows) - 1


def _resize_ref(text: str, ev: Evaluator, default_sheet: str) -> str:
    try:
        ref = parse_ref(text)
    except FormulaError:
        return text
    if not isinstance(ref, Ref):
        return text
    sheet = ref.sheet or default_sheet
    last = _spill_extent(ev, sheet, ref.min_row, ref.min_col)
    if last is None or last < ref.min_row:
        return text
    c1, c2 = get_column_letter(ref.min_col), get_column_letter(ref.max_col)
    return f"{quote_sheet(sheet)}!${c1}${ref.min_row}:${c2}${last}"


def _chart_refs(chart: Any) -> Iterable[tuple[Any, bool]]:
    """Every numRef/strRef of a chart's series, and whether it is a data range (resizable).

    Series names (``tx``) are single cells: they keep their reference."""
    charts = [chart, *getattr(chart, "_charts", [])]
    seen = set()
    for ch in charts:
        for series in getattr(ch, "series", []) or []:
            if id(series) in seen:
                continue
            seen.add(id(series))
            for attr in ("val", "cat", "xVal", "yVal", "bubbleSize"):
                ds = getattr(series, attr, None)
                if ds is None:
                    continue
                for ref_attr in ("numRef", "strRef", "multiLvlStrRef"):
                    ref = getattr(ds, ref_attr, None)
                    if ref is not None:
                        yield ref, True
            tx = getattr(series, "tx", None)
            if tx is not None and getattr(tx, "strRef", None) is not None:
                yield tx.strRef, False


def _fix_charts(wb: Workbook, ev: Evaluator) -> int:
    count = 0
    for ws in wb.worksheets:
        for chart in getattr(ws, "_charts", []):
            count += 1
            for ref, data in _chart_refs(chart):
                if ref.f and data:
                    ref.f = _resize_ref(ref.f, ev, ws.title)
                for cache in ("numCache", "strCache", "multiLvlStrCache"):
                    if getattr(ref, cache, None) is not None:
                        setattr(ref, cache, None)
            for axis in (getattr(chart, "x_axis", None), getattr(chart, "y_axis", None)):
                if axis is not None and getattr(axis, "delete", None) is None:
                    axis.delete = False
    return count


def evaluate_workbook(
    wb: Workbook,
    functions: Mapping[str, Callable[..., Any]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Evaluator:
    """Evaluate all formulas of ``wb`` in place: values spilled, charts re-pointed."""
    ev = Evaluator(wb, functions)
    ev.run(progress)
    _write_results(wb, ev)
    _fix_charts(wb, ev)
    return ev


def render_workbook(
    wb: Workbook,
    functions: Mapping[str, Callable[..., Any]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Evaluator, int]:
    ev = evaluate_workbook(wb, functions, progress)
    return ev, sum(len(getattr(ws, "_charts", [])) for ws in wb.worksheets)


def _blocks(wb: Workbook, ev: Evaluator) -> dict[str, tuple[list[list[Any]], list[list[str]]]]:
    out: dict[str, tuple[list[list[Any]], list[list[str]]]] = {}
    order = {name: i for i, name in enumerate(wb.sheetnames)}
    for key in sorted(ev.formulas, key=lambda k: (order[k[0]], k[1], k[2])):
        f = ev.formulas[key]
        if f.result is None or not isinstance(f.node, Call) or f.node.name in out:
            continue
        ws = wb[key[0]]
        formats = [[ws.cell(row=key[1] + i, column=key[2] + j).number_format
                    for j in range(len(r))] for i, r in enumerate(f.result.rows)]
        out[f.node.name] = ([list(r) for r in f.result.rows], formats)
    return out


def _save_atomic(wb: Workbook, out: Path) -> None:
    """Save through a temporary file and a rename: a failure leaves the previous ``out``."""
    try:
        write_atomic(out, wb.save)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise RenderError(f"cannot write {out}: {reason}; choose another output file") from None


def _printable_copy(wb: Workbook, dst: Path) -> Path:
    """A copy of ``wb`` for the PDF in which only the sheets with a print area are visible.

    Report workbooks keep their data and working sheets visible for the analyst; printing
    them would add thousands of pages. When no sheet defines a print area, all print.
    """
    printable = [ws for ws in wb.worksheets if ws.print_area and ws.sheet_state == "visible"]
    states = {ws.title: ws.sheet_state for ws in wb.worksheets}
    active = wb.active
    if printable:
        wb.active = wb.worksheets.index(printable[0])
        for ws in wb.worksheets:
            if ws not in printable:
                ws.sheet_state = "hidden"
            ws.sheet_view.tabSelected = ws is printable[0]
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.stem}-print-", suffix=".xlsx", dir=dst.parent)
    os.close(fd)
    try:
        wb.save(tmp)
    finally:
        for ws in wb.worksheets:
            ws.sheet_state = states[ws.title]
        wb.active = active
    return Path(tmp)


def render(
    template: str | os.PathLike[str],
    out: str | os.PathLike[str],
    data: Sequence[str | os.PathLike[str]] = (),
    pdf: bool = False,
    functions: Mapping[str, Callable[..., Any]] | None = None,
    progress: Callable[[str], None] | None = None,
    timeout: float = 120.0,
    keep_printable: bool = False,
) -> RenderReport:
    """Render ``template`` (with ``data`` files injected) into ``out``; optionally a PDF beside it.

    ``keep_printable`` leaves the copy the PDF is made from in ``report.printable`` (for
    :func:`publish_pdfs`, which converts several reports in one LibreOffice run).

    Raises
    ------
    RenderError
        Unreadable, encrypted or damaged template or a zip bomb (checked by
        :func:`fofxl.files.check_xlsx` before openpyxl opens it), ``out`` naming the template
        or a data file (however spelled), a bad data file, an output that cannot be written
        (the previous ``out`` is then left whole), missing, failing or hanging LibreOffice
        for ``pdf=True`` (stopped after ``timeout`` seconds).
    """
    start = time.perf_counter()
    src, dst = Path(template), Path(out)
    say = progress or (lambda _msg: None)
    if not src.exists():
        raise RenderError(f"the template {src} does not exist")
    if same_file(src, dst):
        raise RenderError(f"-o {dst} is the template itself; choose another output file")
    for spec in data:  # --data [SHEET=]FILE: never written over either
        text = os.fspath(spec)
        path = Path(text if Path(text).exists() else text.partition("=")[2] or text)
        if same_file(path, dst):
            raise RenderError(f"-o {dst} is the data file {text}; choose another output file")
    if dst.suffix.lower() not in (".xlsx", ".xlsm"):
        raise RenderError(f"-o {dst}: the output must be an .xlsx file")
    if dst.is_dir():
        raise RenderError(f"-o {dst} is a folder; give a file name ending in .xlsx")
    try:
        check_xlsx(src)  # encrypted, old .xls, damaged, not a workbook, zip bomb
    except InputError as exc:
        raise RenderError(f"the template {exc}") from None
    try:
        wb = openpyxl.load_workbook(src, keep_vba=src.suffix.lower() == ".xlsm")
    except Exception:
        raise RenderError(
            f"cannot open the template {src.name} as a workbook (damaged); open it in Excel "
            "and save it again as .xlsx"
        ) from None
    say(f"loaded {src.name}")
    for line in inject_data(wb, data):
        say(line)
    ev, charts = render_workbook(wb, functions)
    n_ok = sum(1 for f in ev.formulas.values() if f.state == "done")
    say(f"evaluated {n_ok}/{len(ev.formulas)} formulas, {charts} charts re-pointed")
    _save_atomic(wb, dst)
    report = RenderReport(out=dst, formulas=len(ev.formulas), issues=list(ev.issues),
                          charts=charts, blocks=_blocks(wb, ev))
    say(f"wrote {dst}")
    if pdf or keep_printable:
        report.printable = _printable_copy(wb, dst)
    if pdf:
        publish_pdfs([report], timeout=timeout)
        say(f"wrote {report.pdf}")
    report.seconds = time.perf_counter() - start
    return report


def publish_pdfs(reports: Sequence[RenderReport], timeout: float = 120.0) -> None:
    """PDFs of rendered reports (from their printable copies) in one LibreOffice run."""
    jobs = [r for r in reports if r.printable is not None]
    copies = [r.printable for r in jobs]
    labels = {p.resolve(): r.out.name for p, r in zip(copies, jobs, strict=True)}  # type: ignore[union-attr]
    try:
        pdfs = convert_pdf(*copies, timeout=timeout, labels=labels)  # type: ignore[arg-type]
        for report, pdf in zip(jobs, pdfs, strict=True):
            report.pdf = report.out.with_suffix(".pdf")
            os.replace(pdf, report.pdf)
    finally:
        for report in jobs:
            assert report.printable is not None
            report.printable.unlink(missing_ok=True)
            report.printable.with_suffix(".pdf").unlink(missing_ok=True)  # a failed run's
            report.printable = None


def soffice_path() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _profile_dir() -> Path:
    """A LibreOffice user profile of our own (kept between runs: a fresh one costs seconds)."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"fofxl-libreoffice-{uid}"


def convert_pdf(
    *files: str | os.PathLike[str],
    timeout: float = 120.0,
    labels: Mapping[Path, str] | None = None,
) -> list[Path]:
    """Convert workbooks to PDFs beside them with LibreOffice headless, in one run.

    A run longer than ``timeout`` seconds is stopped (LibreOffice and every process it
    started); a failure or a missing PDF is a :class:`RenderError` naming the file (as
    ``labels`` name it: the report a printable copy stands for).
    """
    exe = soffice_path()
    if exe is None:
        raise RenderError(
            "--pdf needs LibreOffice (soffice), which is not installed: install it "
            "(e.g. apt-get install libreoffice-calc) or drop --pdf"
        )
    srcs = [Path(f).resolve() for f in files]
    pdfs = []
    for folder in dict.fromkeys(src.parent for src in srcs):
        batch = [src for src in srcs if src.parent == folder]
        cmd = [exe, f"-env:UserInstallation={_profile_dir().as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(folder), *map(str, batch)]
        before = {src: _mtime(src.with_suffix(".pdf")) for src in batch}
        names = ", ".join((labels or {}).get(src, src.name) for src in batch)
        try:
            code, out, err = _run_bounded(cmd, timeout)
        except subprocess.TimeoutExpired:
            raise RenderError(
                f"LibreOffice did not finish the PDF of {names} within {timeout:g} s and was "
                "stopped; close other LibreOffice windows and try again, or drop --pdf"
            ) from None
        except OSError as exc:
            raise RenderError(
                f"LibreOffice ({exe}) could not be started: {exc.strerror or exc}; reinstall it "
                "or drop --pdf"
            ) from None
        for src in batch:
            pdf = src.with_suffix(".pdf")
            made = pdf.exists() and _mtime(pdf) != before[src]
            if code != 0 or not made:
                detail = (err or out).strip().splitlines()
                raise RenderError(
                    f"LibreOffice failed to make the PDF of {(labels or {}).get(src, src.name)}"
                    + (f" (exit code {code})" if code else "")
                    + (f": {detail[-1]}" if detail else "")
                    + "; try again, or drop --pdf"
                )
            pdfs.append(pdf)
    return pdfs


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _run_bounded(cmd: list[str], timeout: float) -> tuple[int, str, str]:
    """Run ``cmd`` with a time limit; on timeout stop it and every process it started.

    ``soffice`` is a launcher that starts ``soffice.bin``: killing the launcher alone would
    leave a hung office process holding the profile (and the pipes). The command runs in a
    process group of its own, and the whole group is killed.
    """
    posix = os.name == "posix"
    flags = 0 if posix else getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            errors="replace", start_new_session=posix, creationflags=flags)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        try:
            proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:  # something outside the group holds the pipes
            proc.kill()
        raise
    return proc.returncode, out, err


def _kill_group(proc: subprocess.Popen[str]) -> None:
    if os.name == "posix":
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            proc.kill()
    else:  # pragma: no cover - Windows
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)],
                       capture_output=True, check=False)
        proc.kill()

