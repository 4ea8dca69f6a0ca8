"""Render a workbook that uses fofxl formulas into a finished workbook of values (no Excel).

``render(template, out, data=..., pdf=...)`` loads the template with openpyxl, optionally
injects data files into its data sheets, evaluates every formula with
:class:`fofxl_report.evaluate.Evaluator` (the same UDFs Excel calls, in dependency order), writes
the results as plain values spilled from their anchor cells, and saves atomically.

Why openpyxl end to end (and not XML surgery on the template's zip): openpyxl ≥ 3.1 reads a
workbook's charts back into chart objects (``ws._charts``) and writes them again, together
with styles, number formats, column widths, merged cells, defined names and print settings.
So the template stays the single source of layout and the renderer only has to re-point each
chart series at the spilled size of the block it reads (a series that starts inside a spill
is stretched or shrunk to the spill's last row) and drop the stale point caches. With Pillow
it keeps pictures too. What openpyxl does not keep are drawing *shapes* (text boxes, the
refresh button of a template), form controls and embedded objects, said in one warning
(:mod:`fofxl_report.drawings`), and the dynamic-array metadata, which does not belong in a
finished report of values. Rewriting
``sheetN.xml`` by hand instead would mean re-implementing shared strings, styles for new cells
and the cell ordering rules, for no gain.

A formula whose function the renderer does not evaluate is kept as a formula and reported with
its cell, the values of the fofxl calls inside it written in (for LibreOffice, and so the PDF,
to compute it); a formula that fails (bad data, ``#SPILL!``) shows its message in the cell and is
reported; :class:`RenderReport` carries both.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook

from fofxl import io as importers
from fofxl.errors import FofError, InputError
from fofxl.io.files import check_xlsx, file_and_sheet, same_file, write_atomic

from .books import OpenpyxlBook, frame_rows, resize_names, stamp_refresh, write_frame
from .drawings import Drawings, drawings, not_kept
from .errors import RenderError
from .evaluate import KEPT_AS_FORMULAS, Evaluator, Issue
from .fields import (
    bind,
    import_warnings,
    mapping_note,
    renamed_note,
    report_lines,
    sheet_specs,
)
from .formulas import Call, Parsed, formula_cells
from .pdf import convert_pdf
from .recalc import evaluate_workbook
from .settings import (
    apply_settings,
    check_settings,
    clear_demo_marks,
    dates_outside_data,
    parse_settings,
)

__all__ = [
    "RenderError",
    "RenderReport",
    "data_spec",
    "inject_data",
    "plural",
    "publish_pdfs",
    "render",
    "render_workbook",
]


#: The part of a workbook's archive that holds its macros.
_VBA_PART = "xl/vbaProject.bin"


@dataclass
class RenderReport:
    out: Path
    formulas: int = 0
    issues: list[Issue] = field(default_factory=list)
    charts: int = 0
    pdf: Path | None = None
    printable: Path | None = None
    seconds: float = 0.0
    #: what the analyst should know although nothing failed (date settings outside the data,
    #: drawings the rendered workbook lacks)
    warnings: list[str] = field(default_factory=list)
    #: files of an earlier run that this one wrote over (the workbook, the PDF)
    replaced: list[Path] = field(default_factory=list)
    #: first spilled block per top-level function name: (values, number formats), row by row
    blocks: dict[str, tuple[list[list[Any]], list[list[str]]]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.kind == "error"]

    @property
    def unsupported(self) -> list[Issue]:
        """The formulas kept as written (a function the renderer does not evaluate, or a FOF_
        name fofxl does not have)."""
        return [i for i in self.issues if i.kind in KEPT_AS_FORMULAS]

    @property
    def unknown(self) -> list[Issue]:
        """The formulas calling a FOF_ name fofxl does not have (a typo): the render fails."""
        return [i for i in self.issues if i.kind == "unknown"]


# ---------------------------------------------------------------- data injection
def data_spec(text: str) -> tuple[str, Path, str | None]:
    """``--data [SHEET=]FILE[#WORKSHEET]`` → (template sheet, file, worksheet or None).

    SHEET defaults to the file's stem; ``#WORKSHEET`` picks a worksheet of an .xlsx file
    (default: its first); ``#`` because ``:`` is part of Windows paths. A text that names an
    existing file is taken whole, ``=`` and ``#`` included.
    """
    sheet, sep, path_text = text.partition("=")
    if not sep or Path(text).exists():
        sheet, path_text = "", text
    path, worksheet = file_and_sheet(path_text)
    return sheet or path.stem, path, worksheet


def _data_sheet(wb: Workbook, specs: Mapping[str, Any], target: str, text: str) -> str:
    """The sheet ``--data TEXT`` goes into: one of the template's declared data sheets
    (``fields_<sheet>`` on Settings), or, in a workbook that declares none, any sheet without
    formulas; never a report, Settings or working sheet (its contents would be replaced)."""
    if specs:
        allowed = [name for name in wb.sheetnames if name.lower() in specs]
    else:
        allowed = [ws.title for ws in wb.worksheets if next(formula_cells(ws), None) is None]
    listed = f"the data sheets are {', '.join(allowed) or 'none'}"
    lowered = {name.lower(): name for name in wb.sheetnames}
    sheet = lowered.get(target.lower())
    if sheet is None:
        raise RenderError(
            f"--data {text}: the workbook has no sheet named {target!r}; use SHEET=FILE: {listed}"
        )
    if sheet not in allowed:
        plain = specs and next(formula_cells(wb[sheet]), None) is None
        renamed = renamed_note(OpenpyxlBook(wb), sheet) if plain else ""
        if renamed:  # the analyst renamed a data sheet; the fields_ name still has the old name
            raise RenderError(f"--data {text}: {sheet} is not a data sheet: {renamed}; {listed}")
        what = "holds formulas" if not specs else "is not a data sheet"
        raise RenderError(
            f"--data {text}: {sheet} {what}, and --data replaces a sheet's contents; {listed}"
        )
    return sheet


def inject_data(
    wb: Workbook,
    files: Sequence[str | os.PathLike[str]],
    maps: Sequence[str] = (),
    now: dt.datetime | None = None,
    progress: Callable[[str], None] | None = None,
    warnings: list[str] | None = None,
) -> list[str]:
    """Write data files into the workbook's data sheets; returns one line per file
    (``progress`` is told "reading FILE …" before each file is read; ``warnings`` gets the
    imports' warnings for the console, :func:`fofxl_report.fields.import_warnings`).

    ``SHEET=path`` names the sheet; a bare path goes to the sheet named like the file's stem
    (``market.csv`` → sheet ``Market``); ``path#worksheet`` reads that worksheet of an .xlsx
    file (:func:`data_spec`). Files are read and cleaned with
    :mod:`fofxl.io` (CSV or XLSX, wide or long, English or Chinese headers) and fitted
    to the sheet by field name (:func:`fofxl_report.fields.bind`; ``maps`` are
    ``--map [SHEET:]field=header``). Each sheet's import report goes to the Log sheet and
    ``last_refresh`` is stamped; when every declared data sheet got a file, the synthetic-data
    marks go (:func:`fofxl_report.settings.clear_demo_marks`).

    Raises
    ------
    RenderError
        A missing file or sheet, a sheet that is not a data sheet (:func:`_data_sheet`), a
        sheet given two files (join them first: ``fofxl import A B --out pool.csv``), an
        unreadable file, or data that does not fit its sheet (one line: sheet, field, what the
        file has); nothing is written then.
    """
    lines: list[str] = []
    book = OpenpyxlBook(wb)
    try:
        specs = sheet_specs(book, maps)
    except FofError as exc:
        raise RenderError(str(exc)) from None
    if not files:
        if maps:
            raise RenderError("--map needs --data: it says how a data file's columns are read")
        return lines
    stamp = (now or dt.datetime.now()).replace(microsecond=0)
    loaded: dict[str, tuple[str, Path]] = {}  # sheet (lower case) → the --data that filled it
    log: list[list[Any]] = []
    for spec_text in files:
        text = os.fspath(spec_text)
        sheet_name, path, worksheet = data_spec(text)
        if not path.exists():
            raise RenderError(f"--data {text}: the file {path} does not exist")
        if worksheet is not None and path.suffix.lower() not in (".xlsx", ".xlsm"):
            raise RenderError(
                f"--data {text}: #{worksheet} picks a worksheet of a workbook (.xlsx, .xlsm), "
                f"and {path.name} is not one; drop #{worksheet}"
            )
        sheet = _data_sheet(wb, specs, sheet_name, text)
        if sheet.lower() in loaded:  # the second would replace the first (QA13 M2)
            first, first_path = loaded[sheet.lower()]
            raise RenderError(
                f"--data {text}: sheet {sheet} already has --data {first}, and each file "
                "replaces the sheet's contents; give one file per sheet (join them first: "
                f"fofxl import {first_path} {path} --out {sheet}.csv)"
            )
        if progress is not None:
            progress(f"reading {path.name} …")
        try:
            result = importers.import_file(path, worksheet)
            spec = specs.get(sheet.lower())
            frame = result.data if spec is None else bind(result, spec, path.name)
        except Exception as exc:  # importer and binding messages are user-facing already
            raise RenderError(f"--data {text}: {' '.join(str(exc).split())}") from None
        header, rows = frame_rows(frame)
        ws = wb[sheet]
        old_last = (ws.max_row, ws.max_column)
        n = write_frame(wb, sheet, header, rows)
        resized = resize_names(book, sheet, old_last, (n + 1, len(header)))
        loaded[sheet.lower()] = (text, path)
        mapped = mapping_note(spec) if spec is not None and spec.panel is None else ""
        log.append(
            [
                stamp,
                sheet,
                f"loaded {n} rows × {len(header) - 1} series from {path.name}"
                + (f" ({mapped})" if mapped else ""),
            ]
        )
        log += [[stamp, sheet, line] for line in report_lines(result)]
        if warnings is not None:
            warnings += import_warnings(result, path.name)
        lines.append(
            f"{path.name} → sheet {sheet}: {n} rows × {len(header) - 1} columns"
            + (f" (names resized: {', '.join(sorted(resized))})" if resized else "")
        )
    demo_left = sorted(spec.sheet for key, spec in specs.items() if key not in loaded)
    if demo_left:
        log.append(
            [
                stamp,
                "",
                "still the template's data (bundled SYNTHETIC demo data?): " + ", ".join(demo_left),
            ]
        )
    else:
        clear_demo_marks(book)
        wb.properties.description = None
    stamp_refresh(book, stamp, log)
    return lines


# ---------------------------------------------------------------- rendering
def render_workbook(
    wb: Workbook,
    functions: Mapping[str, Callable[..., Any]] | None = None,
    progress: Callable[[int, int], None] | None = None,
    parsed: Parsed | None = None,
) -> tuple[Evaluator, int]:
    ev = evaluate_workbook(wb, functions, progress, parsed)
    return ev, sum(len(getattr(ws, "_charts", [])) for ws in wb.worksheets)


def _blocks(wb: Workbook, ev: Evaluator) -> dict[str, tuple[list[list[Any]], list[list[str]]]]:
    out: dict[str, tuple[list[list[Any]], list[list[str]]]] = {}
    order = {name: i for i, name in enumerate(wb.sheetnames)}
    for key in sorted(ev.formulas, key=lambda k: (order[k[0]], k[1], k[2])):
        f = ev.formulas[key]
        if f.result is None or not isinstance(f.node, Call) or f.node.name in out:
            continue
        ws = wb[key[0]]
        formats = [
            [ws.cell(row=key[1] + i, column=key[2] + j).number_format for j in range(len(r))]
            for i, r in enumerate(f.result.rows)
        ]
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
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
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
    maps: Sequence[str] = (),
    settings: Sequence[str] = (),
) -> RenderReport:
    """Render ``template`` (with ``data`` files injected) into ``out``; optionally a PDF beside it.

    ``maps`` (``[SHEET:]field=header``) say which column of a data file a field is read from;
    ``settings`` (``name=value``) set the template's named Settings cells (``set_<name>``).

    ``keep_printable`` leaves the copy the PDF is made from in ``report.printable`` (for
    :func:`publish_pdfs`, which converts several reports in one LibreOffice run).

    Raises
    ------
    RenderError
        Unreadable, encrypted or damaged template or a zip bomb (checked by
        :func:`fofxl.io.files.check_xlsx` before openpyxl opens it), ``out`` naming the template
        or a data file (however spelled), a bad data file, an output that cannot be written
        (the previous ``out`` is then left whole), an ``.xlsm`` ``out`` for a template without
        macros (a template's macros are kept only in an ``.xlsm`` ``out``), missing, failing or
        hanging LibreOffice for ``pdf=True`` (stopped after ``timeout`` seconds).
    """
    start = time.perf_counter()
    src, dst = Path(template), Path(out)
    say = progress or (lambda _msg: None)
    if not src.exists():
        raise RenderError(f"the template {src} does not exist")
    if src.is_dir():
        raise RenderError(f"the template {src} is a folder, not a file; give an .xlsx workbook")
    if same_file(src, dst):
        raise RenderError(f"-o {dst} is the template itself; choose another output file")
    for spec in data:  # --data [SHEET=]FILE: never written over either
        text = os.fspath(spec)
        if same_file(data_spec(text)[1], dst):
            raise RenderError(f"-o {dst} is the data file {text}; choose another output file")
    if dst.suffix.lower() not in (".xlsx", ".xlsm"):
        raise RenderError(f"-o {dst}: the output must be an .xlsx file")
    if dst.is_dir():
        raise RenderError(f"-o {dst} is a folder; give a file name ending in .xlsx")
    try:
        parts = check_xlsx(src)  # encrypted, old .xls, damaged, not a workbook, zip bomb
    except InputError as exc:
        raise RenderError(f"the template {exc}") from None
    macros = _VBA_PART in parts  # kept only in an .xlsm output
    drawn = _drawings(src)
    if dst.suffix.lower() == ".xlsm" and not macros:
        raise RenderError(
            f"-o {dst}: the template has no macros, so the output is a plain workbook; name it "
            f"{dst.with_suffix('.xlsx').name} (an .xlsm name on it makes Excel refuse the file)"
        )
    try:
        values = parse_settings(settings)
    except FofError as exc:
        raise RenderError(str(exc)) from None
    try:
        wb = openpyxl.load_workbook(src, keep_vba=macros and dst.suffix.lower() == ".xlsm")
    except Exception:
        raise RenderError(
            f"cannot open the template {src.name} as a workbook (damaged); open it in Excel "
            "and save it again as .xlsx"
        ) from None
    say(f"loaded {src.name}")
    parsed = Parsed()  # each formula parsed once: for the --set check and the evaluation
    try:
        for line in apply_settings(OpenpyxlBook(wb), values):
            say(line)
        check_settings(wb, values, functions, parsed)
    except FofError as exc:
        raise RenderError(str(exc)) from None
    imported: list[str] = []  # the imports' warnings, for the console
    for line in inject_data(wb, data, maps, progress=say, warnings=imported):
        say(line)
    outside = dates_outside_data(wb)
    ev, charts = render_workbook(wb, functions, _Ticker(say), parsed)
    n_ok = sum(1 for f in ev.formulas.values() if f.state == "done")
    say(f"evaluated {n_ok}/{len(ev.formulas)} formulas, {plural(charts, 'chart')} re-pointed")
    existed = dst.exists()
    say(f"writing {dst.name} …")
    _save_atomic(wb, dst)
    lost = not_kept(drawn, _drawings(dst))
    report = RenderReport(
        out=dst,
        formulas=len(ev.formulas),
        issues=list(ev.issues),
        charts=charts,
        warnings=[*imported, *(w for w in (outside, lost) if w)],
        blocks=_blocks(wb, ev),
        replaced=[dst] if existed else [],
    )
    say(_wrote(dst, report))
    try:
        if pdf or keep_printable:
            report.printable = _printable_copy(wb, dst)
        if pdf:
            say("making the PDF with LibreOffice …")
            publish_pdfs([report], timeout=timeout)
            assert report.pdf is not None
            say(_wrote(report.pdf, report))
    except KeyboardInterrupt:
        raise KeyboardInterrupt(f"wrote {dst}" + (", not its PDF" if pdf else "")) from None
    report.seconds = time.perf_counter() - start
    return report


def _drawings(path: Path) -> Drawings:
    """:func:`fofxl_report.drawings.drawings` of ``path``; a drawing part it cannot read is
    none (openpyxl, which reads the workbook, then says what it makes of it)."""
    try:
        return drawings(path)
    except Exception:  # a damaged drawing must not stop a render that openpyxl can do
        return {}


def plural(n: int, noun: str) -> str:
    """``1 chart``, ``2 charts``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


class _Ticker:
    """Evaluation progress as lines: "evaluating N formulas …" first, then where it is every
    :attr:`every` seconds (a large pool takes 10 s and more)."""

    every = 5.0

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say, self.last = say, time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if done == 0:
            self.say(f"evaluating {plural(total, 'formula')} …")
        elif done < total and now - self.last >= self.every:
            self.say(f"  … {done}/{total}")
        else:
            return
        self.last = now


def _wrote(path: Path, report: RenderReport) -> str:
    return f"wrote {path}" + (" (replaced the existing file)" if path in report.replaced else "")


def publish_pdfs(reports: Sequence[RenderReport], timeout: float = 120.0) -> None:
    """PDFs of rendered reports (from their printable copies) in one LibreOffice run."""
    jobs = [r for r in reports if r.printable is not None]
    copies = [r.printable for r in jobs]
    labels = {p.resolve(): r.out.name for p, r in zip(copies, jobs, strict=True)}  # type: ignore[union-attr]
    try:
        pdfs = convert_pdf(*copies, timeout=timeout, labels=labels)  # type: ignore[arg-type]
        for report, pdf in zip(jobs, pdfs, strict=True):
            report.pdf = report.out.with_suffix(".pdf")
            if report.pdf.exists():
                report.replaced.append(report.pdf)
            os.replace(pdf, report.pdf)
    finally:
        for report in jobs:
            assert report.printable is not None
            report.printable.unlink(missing_ok=True)
            report.printable.with_suffix(".pdf").unlink(missing_ok=True)  # a failed run's
            report.printable = None
