"""The shared workbook helper of the report layouts (``templates/layouts/``).

:class:`Book` is an XlsxWriter workbook with the formats every report uses and the ways a
layout writes cells: dynamic-array spills (``A1#`` stored as Excel stores it), spilled tables
with their formats, plain formulas. The sheets every report has (Settings, data sheets, Log,
``xlwings.conf``), the line chart they share, and the placement of named blocks
(:func:`place`) live here too, so a layout module only says what goes where.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, xl_rowcol_to_cell

from fofxl.io.files import write_atomic
from fofxl_report.formulas import quote_sheet, rewrite_spills
from fofxl_report.recalc import evaluate_workbook

__all__ = [
    "PANEL_TEXT",
    "LIVE_PREFIX",
    "SYNTHETIC",
    "Book",
    "Layout",
    "col_range",
    "column_of",
    "conf_sheet",
    "data_sheet",
    "line_chart",
    "live_chart_name",
    "log_sheet",
    "place",
    "settings_sheet",
    "spill_sizes",
]

CREATED = dt.datetime(2024, 7, 1)
BUTTON_NAME = "fofxl_refresh"
BUTTON_CELL = "Settings!E2"
SYNTHETIC = "合成演示数据 SYNTHETIC demo data — not real market or fund data"
#: what a panel data sheet holds (``fields_<sheet>`` = nav or level)
PANEL_TEXT = {
    "nav": "a date column and one NAV column per fund (or fund/date/NAV rows)",
    "level": "a date column and one column of levels per index",
}


@dataclass(frozen=True)
class Layout:
    """One report: the file it is built into and the function that writes it.

    ``build(data, path, sizes)`` writes the workbook from the demo ``data`` tables;
    ``sizes`` maps an anchor (``"Calc!A1"``) to its spilled row count on that data (empty on
    the first pass), so chart series can point at the spilled sizes.
    """

    file: str
    build: Callable[[dict[str, pd.DataFrame], Path, Mapping[str, int]], Path]


def place(sizes: Mapping[str, int], first: int = 0, gap: int = 1) -> dict[str, int]:
    """Where each named block starts when blocks follow one another in order.

    ``sizes`` is ``{block: width}`` (or height), in order; the result is ``{block: start}``,
    the first at ``first``, each next one ``gap`` empty columns (rows) after the previous one.

    >>> place({"a": 3, "b": 2, "c": 1}, first=1)
    {'a': 1, 'b': 5, 'c': 8}
    """
    out = {}
    at = first
    for name, size in sizes.items():
        out[name] = at
        at += size + gap
    return out


def column_of(cell: str) -> int:
    """The 0-based column of an A1 cell (``"AE1"`` → 30)."""
    return xl_cell_to_rowcol(cell)[1]


def spill_refs(formula: str) -> str:
    """``Calc!A1#`` → ``_xlfn.ANCHORARRAY(Calc!A1)``: the spill operator as stored in the file."""
    return rewrite_spills(formula)


@dataclass
class Book:
    """An XlsxWriter workbook with the formats and helpers both templates share."""

    path: Path
    sizes: dict[str, int] = field(default_factory=dict)  # anchor "Sheet!A1" -> spilled rows
    marks: int = 0  # demo_mark<k> names given so far
    anchors: list[tuple[str, int, int]] = field(default_factory=list)  # spills (0-based)

    def __post_init__(self) -> None:
        self.wb = xlsxwriter.Workbook(str(self.path), {"strings_to_numbers": False})
        self.wb.set_properties(
            {"title": self.path.stem, "author": "fofxl", "created": CREATED, "comments": SYNTHETIC}
        )
        self.wb.set_calc_mode("auto")
        f = self.wb.add_format
        base = {"font_name": "Noto Sans CJK SC", "font_size": 10}
        self.base = base
        self.title = f({**base, "bold": True, "font_size": 16, "font_color": "#1F3864"})
        self.subtitle = f({**base, "italic": True, "font_color": "#595959"})
        self.h2 = f(
            {
                **base,
                "bold": True,
                "font_size": 12,
                "font_color": "#1F3864",
                "bottom": 1,
                "bottom_color": "#1F3864",
            }
        )
        self.note = f({**base, "font_size": 8, "font_color": "#7F7F7F", "italic": True})
        self.text = f(base)
        self.key = f({**base, "bold": True})
        self.pct = f({**base, "num_format": "0.00%"})
        self.pct_in = f({**base, "num_format": "0.00%", "bg_color": "#FFF2CC"})
        self.num_in = f({**base, "bg_color": "#FFF2CC"})
        self.date_in = f(
            {**base, "num_format": "yyyy-mm-dd", "bg_color": "#FFF2CC", "align": "left"}
        )
        self.ratio = f({**base, "num_format": "0.00"})
        self.count = f({**base, "num_format": "0"})
        self.date = f({**base, "num_format": "yyyy-mm-dd", "align": "left"})
        self.nav = f({**base, "num_format": "0.0000"})
        self.pp = f({**base, "num_format": "+0.00%;-0.00%;0.00%"})
        band = {**base, "bold": True, "bg_color": "#DDEBF7", "bottom": 1}
        self.head = f({**band, "align": "center"})
        #: a header over a column of text, left-aligned: a message in its cell (a failed
        #: table's anchor) runs to the right, not off the page's left edge
        self.head_text = f(band)
        #: a header over a column of numbers (right-aligned like them)
        self.head_num = f({**band, "align": "right"})

    def sheet(self, name: str, tab: str | None = None) -> Any:
        ws = self.wb.add_worksheet(name)
        if tab:
            ws.set_tab_color(tab)
        ws.set_default_row(15)
        return ws

    def spill(self, ws: Any, cell: str, formula: str, fmt: Any = None) -> None:
        """A dynamic-array formula; ``A1#`` is stored as Excel stores it (ANCHORARRAY)."""
        ws.write_dynamic_array_formula(cell, spill_refs(formula), fmt)
        self.anchors.append((ws.get_name(), *xl_cell_to_rowcol(cell)))

    def block(
        self,
        ws: Any,
        row: int,
        col: int,
        formula: str,
        rows: Sequence[Sequence[Any]],
        first_col_fmt: Any = None,
    ) -> None:
        """A spilled table anchored at (row, col) (0-based): formats for its expected cells.

        ``rows[i][j]`` is the format of row i (0 = header) and column j; the anchor cell holds
        the formula, with the header format.
        """
        for i, fmts in enumerate(rows):
            for j, fmt in enumerate(fmts):
                if (i, j) != (0, 0):
                    ws.write_blank(row + i, col + j, None, fmt)
        self.spill(ws, xl_rowcol_to_cell(row, col), formula, rows[0][0])

    def demo_note(
        self, ws: Any, cell: str, fmt: Any, text: str = SYNTHETIC, span: str | None = None
    ) -> None:
        """A synthetic-data label, named ``demo_mark<k>`` (over ``span`` when given, e.g. a
        whole log row): the renderer and the refresh blank it once every data sheet holds the
        analyst's data."""
        ws.write(cell, text, fmt)
        self.marks += 1
        first, _, last = (span or cell).partition(":")
        ref = "".join(
            xl_rowcol_to_cell(*xl_cell_to_rowcol(c), True, True) + ":" for c in (first, last) if c
        ).rstrip(":")
        self.wb.define_name(f"demo_mark{self.marks}", f"={quote_sheet(ws.get_name())}!{ref}")

    def report_header(self, ws: Any, title: str, subtitle: str, demo_cell: str = "E3") -> None:
        """A report page: A4 landscape without gridlines, title and subtitle in B1:B2, the
        report date in C3 and the synthetic-data label at ``demo_cell``."""
        ws.hide_gridlines(2)
        ws.set_landscape()
        ws.set_paper(9)
        ws.write("B1", title, self.title)
        ws.write("B2", subtitle, self.subtitle)
        ws.write("B3", "报告日期 Report date", self.key)
        self.formula(ws, "C3", "=set_report_date", self.date)
        self.demo_note(ws, demo_cell, self.note)

    def formula(self, ws: Any, cell: str, formula: str, fmt: Any = None) -> None:
        """A plain single-value formula (no spill)."""
        ws.write_formula(cell, spill_refs(formula), fmt)

    def rows(self, sheet: str, cell: str, default: int) -> int:
        return self.sizes.get(f"{sheet}!{cell}", default)

    def close(self) -> None:
        self.wb.close()
        _name_button(self.path)
        _live_charts(self.path, self.anchors)


LIVE_PREFIX = "chart_"
_RANGE = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$")


def live_chart_name(sheet: str, col: int, row: int, anchor_col: int) -> tuple[str, str]:
    """The sheet-scoped name a chart series reads instead of ``Sheet!$C$row:$C$n``, and its
    formula: column ``col`` (0-based) of the block spilled from row ``row - 1`` at
    ``anchor_col``, from ``row`` down to the spill's last row however long the spill is now
    (``Calc!$C$2:INDEX(Calc!$C:$C,ROWS(Calc!$A$1#))``)."""
    qs = quote_sheet(sheet)
    c, a = xl_col_to_name(col), xl_col_to_name(anchor_col)
    offset = f"{row - 2}+" if row > 2 else ""
    return (
        f"{LIVE_PREFIX}{c}{row}",
        f"{qs}!${c}${row}:INDEX({qs}!${c}:${c},{offset}ROWS(_xlfn.ANCHORARRAY("
        f"{qs}!${a}${row - 1})))",
    )


def _live_charts(path: Path, anchors: Sequence[tuple[str, int, int]]) -> None:
    """Chart series over spilled blocks read names that follow the spill (live in Excel).

    XlsxWriter writes each series as a plain range sized to the bundled data; a range that
    starts right under a spill's anchor row (``Calc!$C$2:$C$300`` under a block spilled from
    row 1) is replaced by a name scoped to its sheet (:func:`live_chart_name`), so Excel
    stretches or shrinks the series with the spill after a refresh. The renderer resolves
    these names back to plain ranges of the spilled size.
    """
    by_sheet: dict[str, list[tuple[int, int]]] = {}
    for sheet, row, col in anchors:
        by_sheet.setdefault(sheet, []).append((row, col))
    names: dict[tuple[str, str], str] = {}

    def live(match: re.Match[bytes]) -> bytes:
        text = match.group(1).decode()
        m = _RANGE.match(text)
        if m is None or m.group(3) != m.group(5):
            return match.group(0)
        sheet = (m.group(1) or "").replace("''", "'") or m.group(2)
        col, row = column_of(f"{m.group(3)}1"), int(m.group(4))
        owners = [c for r, c in by_sheet.get(sheet, []) if r == row - 2 and c <= col]
        if not owners:
            return match.group(0)
        name, formula = live_chart_name(sheet, col, row, max(owners))
        names[(sheet, name)] = formula
        return f"<c:f>{quote_sheet(sheet)}!{name}</c:f>".encode()

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            items = src.infolist()
            data = {item.filename: src.read(item.filename) for item in items}
            for item in items:
                if item.filename.startswith("xl/charts/chart"):
                    data[item.filename] = re.sub(rb"<c:f>([^<]+)</c:f>", live, data[item.filename])
            book = data["xl/workbook.xml"].decode()
            sheets = re.findall(r'<sheet name="([^"]+)"', book)
            entries = "".join(
                f'<definedName name="{name}" localSheetId="{sheets.index(sheet)}">'
                f"{html.escape(formula, quote=False)}</definedName>"
                for (sheet, name), formula in sorted(names.items())
            )
            data["xl/workbook.xml"] = book.replace(
                "</definedNames>", entries + "</definedNames>"
            ).encode()
            for item in items:
                dst.writestr(item, data[item.filename])

    write_atomic(path, write)


def _name_button(path: Path) -> None:
    """Give the refresh button's shape its name (XlsxWriter numbers text boxes "TextBox N")."""

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename.startswith("xl/drawings/drawing") and b"txBox" in data:
                    data = re.sub(rb'name="TextBox \d+"', f'name="{BUTTON_NAME}"'.encode(), data)
                dst.writestr(item, data)

    write_atomic(path, write)


def settings_sheet(
    bk: Book, items: Sequence[tuple[str, Any, Any, str]], sources: Mapping[str, str]
) -> tuple[Any, int]:
    """Settings sheet: key | value | meaning; each value a defined name ``set_<key>``.

    ``sources`` maps each data sheet to the fields it holds (``"close, high, low, turnover"``,
    or ``"nav"``/``"level"`` for one column per fund/index; see
    :mod:`fofxl_report.fields`): for each, the Settings rows ``src_<sheet>`` (the file the
    refresh reads), ``fields_<sheet>`` (the declaration) and ``map_<sheet>`` (field=header
    mappings), each a defined name. Returns the sheet and its first free row (0-based), below
    ``last_refresh``.
    """
    ws = bk.sheet("Settings", "#FFC000")
    ws.set_column("A:A", 22)
    ws.set_column("B:B", 34)
    ws.set_column("C:C", 70)
    ws.write("A1", "设置 Settings", bk.title)
    ws.write(
        "A2",
        "Yellow cells are inputs; every formula of the report reads them by name.",
        bk.subtitle,
    )
    # The refresh button (xlwings Lite: a shape named BUTTON linked to the cell it covers, see
    # addin/lite/main.py; classic add-in: ribbon "Run main" runs the companion module's main()).
    ws.set_column("E:E", 24)
    ws.insert_textbox(
        BUTTON_CELL.split("!")[1],
        "⟳ 刷新数据 Refresh data",
        {
            "url": f"internal:{BUTTON_CELL}",
            "width": 170,
            "height": 36,
            "fill": {"color": "#1F3864"},
            "line": {"none": True},
            "font": {"color": "white", "bold": True, "size": 11, "name": "Noto Sans CJK SC"},
            "align": {"vertical": "middle", "horizontal": "center"},
            "tip": "Refresh: reload and clean the data sheets, log, recalculate, stamp the time",
        },
    )
    row = 3
    for key, value, fmt, meaning in items:
        ws.write(row, 0, key, bk.key)
        if isinstance(value, dt.datetime):
            ws.write_datetime(row, 1, value, fmt)
        elif value is None:
            ws.write_blank(row, 1, None, fmt)
        else:
            ws.write(row, 1, value, fmt)
        ws.write(row, 2, meaning, bk.text)
        bk.wb.define_name(f"set_{key}", f"=Settings!$B${row + 1}")
        row += 1
    row += 1
    ws.write(row, 0, "数据来源 Data sources", bk.h2)
    ws.write(
        row,
        2,
        "File (CSV/XLSX) the refresh reads into each data sheet; blank = keep the pasted-in sheet.",
        bk.note,
    )
    row += 1
    for sheet, fields in sources.items():
        key = sheet.lower()
        kind = PANEL_TEXT.get(fields, f"a date column and {fields}, by header name")
        for name, value, fmt, meaning in (
            (f"src_{key}", None, bk.num_in, f"source of sheet {sheet}"),
            (
                f"fields_{key}",
                fields,
                bk.text,
                f"sheet {sheet} holds {kind}; any column order, other columns ignored",
            ),
            (
                f"map_{key}",
                None,
                bk.num_in,
                "field=header when a field has another name, e.g. turnover=成交额"
                if fields not in PANEL_TEXT
                else "(not used: series are named by their header)",
            ),
        ):
            ws.write(row, 0, name, bk.key)
            if value is None:
                ws.write_blank(row, 1, None, fmt)
            else:
                ws.write(row, 1, value, fmt)
            ws.write(row, 2, meaning, bk.text)
            bk.wb.define_name(name, f"=Settings!$B${row + 1}")
            row += 1
    row += 1
    ws.write(row, 0, "last_refresh", bk.key)
    ws.write(row, 1, "(not refreshed yet: bundled demo data)", bk.text)
    ws.write(row, 2, "stamped by the refresh button / fofxl render", bk.text)
    bk.wb.define_name("last_refresh", f"=Settings!$B${row + 1}")
    return ws, row + 1


def data_sheet(
    bk: Book, name: str, frame: pd.DataFrame, prefix: str, names: dict[str, Sequence[str] | str]
) -> None:
    """A data sheet (date + columns) and defined names covering header + data rows."""
    ws = bk.sheet(name, "#A9D08E")
    ws.set_column(0, 0, 11, bk.date)
    ws.set_column(1, len(frame.columns), 10, bk.nav)
    ws.freeze_panes(1, 1)
    ws.write_row(0, 0, ["date", *map(str, frame.columns)], bk.head)
    for i, (stamp, values) in enumerate(zip(frame.index, frame.to_numpy(), strict=True), 1):
        ws.write_datetime(i, 0, stamp.to_pydatetime(), bk.date)
        for j, v in enumerate(values, 1):
            if v == v:  # NaN stays blank: a missing observation
                ws.write_number(i, j, float(v))
    last = len(frame) + 1
    bk.wb.define_name(f"{prefix}_dates", f"={name}!$A$1:$A${last}")
    for key, cols in names.items():
        if isinstance(cols, str):
            j = list(frame.columns).index(cols) + 1
            c = xl_col_to_name(j)
            bk.wb.define_name(f"{prefix}_{key}", f"={name}!${c}$1:${c}${last}")
        else:
            c1, c2 = xl_col_to_name(1), xl_col_to_name(len(frame.columns))
            bk.wb.define_name(f"{prefix}_{key}", f"={name}!${c1}$1:${c2}${last}")


def log_sheet(bk: Book) -> None:
    ws = bk.sheet("Log", "#BFBFBF")
    ws.set_column("A:A", 20)
    ws.set_column("B:B", 16)
    ws.set_column("C:C", 100)
    ws.write_row(0, 0, ["time", "sheet", "message"], bk.head)
    ws.write_row(1, 0, ["(build)", ""])
    bk.demo_note(
        ws, "C2", None, "Template built with the bundled SYNTHETIC demo data.", span="A2:C2"
    )


def conf_sheet(bk: Book) -> None:
    ws = bk.sheet("xlwings.conf")
    ws.write("A1", "UDF Modules")
    ws.write("B1", "fofxl_addin.udfs")
    ws.write("A2", "Interpreter")
    ws.write("B2", "")
    ws.hide()


def line_chart(
    bk: Book,
    title: str,
    x_title: str | None,
    y_fmt: str,
    series: list[dict],
    y_title: str | None = None,
) -> Any:
    chart = bk.wb.add_chart({"type": "line"})
    for s in series:
        chart.add_series({"line": {"width": 1.25}, **s})
    chart.set_title({"name": title, "name_font": {"size": 11, "name": "Noto Sans CJK SC"}})
    chart.set_x_axis(
        {
            "date_axis": True,
            "num_format": "yyyy-mm",
            "name": x_title,
            "label_position": "low",
            "major_unit": 6,
            "major_unit_type": "months",
            "num_font": {"size": 8},
            "major_gridlines": {"visible": False},
        }
    )
    chart.set_y_axis(
        {
            "num_format": y_fmt,
            "name": y_title,
            "num_font": {"size": 8},
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    chart.set_legend({"position": "bottom"})
    chart.show_blanks_as("gap")
    chart.set_size({"width": 900, "height": 330})
    return chart


def col_range(sheet: str, col: int, first: int, n: int) -> str:
    """``=Sheet!$C$2:$C$n`` (0-based col; first = first data row, 1-based)."""
    c = xl_col_to_name(col)
    return f"={sheet}!${c}${first}:${c}${first + max(n, 1) - 1}"


def spill_sizes(path: Path) -> dict[str, int]:
    """Render a first build pass headless and read each anchor's spilled row count."""
    wb = openpyxl.load_workbook(path)
    ev = evaluate_workbook(wb)
    return {
        f"{s}!{xl_rowcol_to_cell(r - 1, c - 1)}": len(f.result.rows)
        for (s, r, c), f in ev.formulas.items()
        if f.result is not None
    }
