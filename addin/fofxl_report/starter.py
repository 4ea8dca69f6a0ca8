"""A starter workbook for classic xlwings: configured for fofxl, with data and live formulas.

``fofxl starter-workbook OUT.xlsm`` writes it. The workbook carries the VBA project of xlwings'
own quickstart workbook (a reference to the xlwings add-in, which Import Functions and the
imported FOF_* wrappers use), an ``xlwings.conf`` sheet with ``UDF Modules = fofxl_addin.udfs``,
and an ``Examples`` sheet: synthetic weekly data (seeded, labelled synthetic) and dynamic-array
formulas over it. After Import Functions (xlwings ribbon) and a recalculation the formulas
spill their results.

This module never imports xlwings (the command must run where xlwings cannot, e.g. without a
licence under Office.js settings or on a server): it only reads the quickstart file from the
installed xlwings package.
"""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from fofxl.errors import OptionError
from fofxl.io import files

__all__ = ["EXAMPLES", "UDF_MODULES", "write_starter_workbook"]

#: The value of "UDF Modules" in the xlwings.conf sheet.
UDF_MODULES = "fofxl_addin.udfs"

_FIRST = 3  # header row of the data (Excel row number)
_WEEKS = 160
_LAST = _FIRST + _WEEKS

#: Example formulas: (cell, Excel function, formula, what it shows), each with room to spill.
EXAMPLES = (
    ("G3", "FOF_DRAWDOWN", f"=FOF_DRAWDOWN(A{_FIRST}:A{_LAST},B{_FIRST}:D{_LAST})",
     "Drawdown of each fund, beside the data"),
    ("K3", "FOF_PCTRANK", f'=FOF_PCTRANK(A{_FIRST}:A{_LAST},E{_FIRST}:E{_LAST},"1Y")',
     "1-year percentile of the indicator"),
    ("M3", "FOF_REGIME", f'=FOF_REGIME(A{_FIRST}:A{_LAST},E{_FIRST}:E{_LAST},"1Y")',
     "Regime of the indicator"),
    ("O3", "FOF_PERF", f"=FOF_PERF(A{_FIRST}:A{_LAST},B{_FIRST}:D{_LAST})",
     "Table 1: performance per calendar year"),
    ("W3", "FOF_DDTABLE", f"=FOF_DDTABLE(A{_FIRST}:A{_LAST},B{_FIRST}:B{_LAST},5)",
     "Worst drawdown episodes of fund A"),
    ("AF3", "FOF_RETURNS", f'=FOF_RETURNS(A{_FIRST}:A{_LAST},B{_FIRST}:D{_LAST},"M")',
     "Monthly returns"),
    ("AK3", "FOF_MAXDD", f"=FOF_MAXDD(A{_FIRST}:A{_LAST},B{_FIRST}:D{_LAST})",
     "Max drawdown per fund"),
    ("AK7", "FOF_VERSION", "=FOF_VERSION()", "fofxl version"),
)  # fmt: skip

#: Columns where dates spill: the data, FOF_DDTABLE's peak/trough/recovery, FOF_RETURNS' dates.
_DATE_COLUMNS = ("A", "W", "X", "Y", "AF")


def _quickstart_vba() -> bytes:
    """The VBA project of xlwings' quickstart workbook (found without importing xlwings)."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise OptionError(
            "xlwings is not installed; install it (pip install xlwings) to write the starter "
            "workbook."
        )
    source = Path(spec.origin).parent / "quickstart.xlsm"
    with zipfile.ZipFile(source) as archive:
        return archive.read("xl/vbaProject.bin")


def _synthetic_data() -> pd.DataFrame:
    """Seeded synthetic weekly NAVs of three funds and a market indicator (not real data)."""
    rng = np.random.default_rng(20240207)
    dates = pd.date_range("2021-01-08", periods=_WEEKS, freq="W-FRI")
    drift = np.array([0.0015, 0.0010, 0.0005])
    vol = np.array([0.012, 0.020, 0.008])
    steps = rng.standard_normal((_WEEKS, 3)) * vol + drift
    navs = np.round(np.cumprod(1 + steps, axis=0), 4)
    navs[[40, 97], 1] = np.nan  # two missing weeks of fund B: blank cells, never zero returns
    indicator = np.round(1.0 + 0.4 * np.sin(np.arange(_WEEKS) / 9) + rng.normal(0, 0.1, _WEEKS), 3)
    frame = pd.DataFrame(navs, index=dates, columns=["fund A", "fund B", "fund C"])
    frame["turnover"] = indicator
    return frame


def write_starter_workbook(
    path: str | Path, functions: set[str] | None = None, replace: bool = False
) -> Path:
    """Write the starter workbook to ``path`` (an ``.xlsm``) and return the path.

    ``functions`` limits the example formulas to these Excel function names (default: every
    function of :mod:`fofxl_addin.udfs` that exists, read from the module's source without
    importing xlwings). An existing ``path`` (perhaps the analyst's own macro workbook) is
    replaced only with ``replace``; a missing folder is made; the file is written atomically
    (:func:`fofxl.io.files.write_atomic`).

    Raises
    ------
    OptionError
        Not an ``.xlsm`` name, an existing file without ``replace``, or a folder that cannot be
        written (one line each).
    """
    out = Path(path)
    if out.suffix.lower() != ".xlsm":
        raise OptionError(
            f"{out.name}: the starter workbook carries the xlwings VBA module, so it must be a "
            ".xlsm file; name it e.g. fofxl-starter.xlsm."
        )
    if out.is_dir():
        raise OptionError(f"{out} is a folder; give a file name ending in .xlsm.")
    if out.exists() and not replace:
        raise OptionError(
            f"{out} exists and is left as it is; give a new file name, or add --force to "
            "replace it with a fresh starter workbook."
        )
    available = functions if functions is not None else _defined_functions()
    try:
        return files.write_atomic(out, lambda tmp: _write(tmp, available))
    except OSError as exc:
        raise OptionError(
            f"cannot write {out}: {exc.strerror or exc}; choose a folder you can write to."
        ) from None


def _write(out: Path, available: set[str]) -> None:
    import xlsxwriter

    data = _synthetic_data()
    book = xlsxwriter.Workbook(str(out))
    try:
        book.add_vba_project(io.BytesIO(_quickstart_vba()), is_stream=True)
        book.set_vba_name("ThisWorkbook")
        bold = book.add_format({"bold": True})
        note = book.add_format({"italic": True, "font_color": "#7F7F7F"})
        date = book.add_format({"num_format": "yyyy-mm-dd"})
        number = book.add_format({"num_format": "0.0000"})

        sheet = book.add_worksheet("Examples")
        sheet.set_vba_name("Sheet1")
        sheet.write(
            "A1",
            "fofxl starter workbook. SYNTHETIC data (seeded random numbers, not real funds). "
            "Import Functions from the xlwings ribbon, then recalculate (Ctrl+Alt+F9).",
            note,
        )
        sheet.write_row(_FIRST - 1, 0, ["date", *data.columns], bold)
        for i, (day, row) in enumerate(data.iterrows(), start=_FIRST):
            sheet.write_datetime(i, 0, day.to_pydatetime(), date)
            for j, value in enumerate(row.tolist(), start=1):
                if not np.isnan(value):
                    sheet.write_number(i, j, value, number)
        for column in _DATE_COLUMNS:
            sheet.set_column(f"{column}:{column}", 11, date)
        for cell, name, formula, label in EXAMPLES:
            if name not in available:
                continue
            row, col = xlsxwriter.utility.xl_cell_to_rowcol(cell)
            sheet.write(row - 1, col, label, bold)
            sheet.write_dynamic_array_formula(cell, formula)

        conf = book.add_worksheet("xlwings.conf")
        conf.set_vba_name("Sheet2")
        conf.write_row(0, 0, ["UDF Modules", UDF_MODULES])
        conf.set_column("A:B", 24)
    finally:
        try:
            book.close()
        except xlsxwriter.exceptions.FileCreateError as exc:  # the OSError it wraps
            raise exc.__context__ or OSError(str(exc)) from None


def _defined_functions() -> set[str]:
    """Excel names of the ``fof_*`` functions defined in udfs.py (read, not imported)."""
    spec = importlib.util.find_spec(UDF_MODULES)  # imports the fofxl_addin package only
    assert spec is not None and spec.origin is not None
    source = Path(spec.origin).read_text(encoding="utf-8")
    return {
        line.split("(")[0].removeprefix("def ").upper()
        for line in source.splitlines()
        if line.startswith("def fof_")
    }
