"""Build the report templates: ``t0_environment.xlsx`` and ``quant_monitor.xlsx``.

Run ``python3 templates/build.py`` (deterministic: same demo data, same files, fixed document
timestamps). The templates are written with XlsxWriter so that every fofxl formula is a real
dynamic-array formula (``write_dynamic_array_formula``: Excel 365 spills it instead of showing
``@FOF_…``; XlsxWriter adds the ``_xlfn.``/``_xlws.`` prefixes of Excel's own new functions such
as HSTACK and DROP, while the UDF names stay plain ``FOF_…``). Layout, number formats (percent
formats live here, never in code), defined names and charts are all defined in this file; the
renderer (``fofxl render``) only fills values in.

Each template carries:

* ``Settings`` — window, thresholds, rf, P, report date, names, data sources, refresh stamp,
  each a defined name (``set_window``…) used by the formulas;
* data sheets (pasted or refreshed from files), addressed through defined names sized to the
  data (refresh and ``--data`` resize them);
* ``Calc`` — intermediate spills (indices, returns, percentiles) the charts read;
* the report sheet(s), with Chinese titles as in the source reports and English subtitles;
* ``Log`` — what the last refresh dropped or fixed;
* ``xlwings.conf`` — ``UDF Modules = fofxl_addin.udfs`` for the classic add-in.

Chart series point at the spills' sizes on the bundled data (found by rendering the first
build pass headless); the renderer re-points them to whatever size the data gives.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

HERE = Path(__file__).resolve().parent
T0_FILE = HERE / "t0_environment.xlsx"
QUANT_FILE = HERE / "quant_monitor.xlsx"
CREATED = dt.datetime(2024, 7, 1)
BUTTON_NAME = "fofxl_refresh"
BUTTON_CELL = "Settings!E2"
SYNTHETIC = "合成演示数据 SYNTHETIC demo data — not real market or fund data"

__all__ = ["build_all", "build_quant_monitor", "build_t0_environment"]


# ---------------------------------------------------------------- shared helpers
def spill_refs(formula: str) -> str:
    """``Calc!A1#`` → ``_xlfn.ANCHORARRAY(Calc!A1)``: the spill operator as stored in the file."""
    from fofxl_report.formulas import rewrite_spills

    return rewrite_spills(formula)


@dataclass
class Book:
    """An XlsxWriter workbook with the formats and helpers both templates share."""

    path: Path
    sizes: dict[str, int] = field(default_factory=dict)  # anchor "Sheet!A1" -> spilled rows

    def __post_init__(self) -> None:
        self.wb = xlsxwriter.Workbook(str(self.path), {"strings_to_numbers": False})
        self.wb.set_properties({"title": self.path.stem, "author": "fofxl", "created": CREATED,
                                "comments": SYNTHETIC})
        self.wb.set_calc_mode("auto")
        f = self.wb.add_format
        base = {"font_name": "Noto Sans CJK SC", "font_size": 10}
        self.base = base
        self.title = f({**base, "bold": True, "font_size": 16, "font_color": "#1F3864"})
        self.subtitle = f({**base, "italic": True, "font_color": "#595959"})
        self.h2 = f({**base, "bold": True, "font_size": 12, "font_color": "#1F3864",
                     "bottom": 1, "bottom_color": "#1F3864"})
        self.note = f({**base, "font_size": 8, "font_color": "#7F7F7F", "italic": True})
        self.text = f(base)
        self.key = f({**base, "bold": True})
        self.pct = f({**base, "num_format": "0.00%"})
        self.pct_in = f({**base, "num_format": "0.00%", "bg_color": "#FFF2CC"})
        self.num_in = f({**base, "bg_color": "#FFF2CC"})
        self.date_in = f({**base, "num_format": "yyyy-mm-dd", "bg_color": "#FFF2CC",
                          "align": "left"})
        self.ratio = f({**base, "num_format": "0.00"})
        self.count = f({**base, "num_format": "0"})
        self.date = f({**base, "num_format": "yyyy-mm-dd", "align": "left"})
        self.nav = f({**base, "num_format": "0.0000"})
        self.pp = f({**base, "num_format": '+0.00%;-0.00%;0.00%'})
        self.head = f({**base, "bold": True, "bg_color": "#DDEBF7", "bottom": 1,
                       "align": "center"})

    def sheet(self, name: str, tab: str | None = None) -> Any:
        ws = self.wb.add_worksheet(name)
        if tab:
            ws.set_tab_color(tab)
        ws.set_default_row(15)
        return ws

    def spill(self, ws: Any, cell: str, formula: str, fmt: Any = None) -> None:
        """A dynamic-array formula; ``A1#`` is stored as Excel stores it (ANCHORARRAY)."""
        ws.write_dynamic_array_formula(cell, spill_refs(formula), fmt)

    def block(self, ws: Any, row: int, col: int, formula: str, rows: Sequence[Sequence[Any]],
              first_col_fmt: Any = None) -> None:
        """A spilled table anchored at (row, col) (0-based): formats for its expected cells.

        ``rows[i][j]`` is the format of row i (0 = header) and column j; the anchor cell holds
        the formula, with the header format.
        """
        for i, fmts in enumerate(rows):
            for j, fmt in enumerate(fmts):
                if (i, j) != (0, 0):
                    ws.write_blank(row + i, col + j, None, fmt)
        self.spill(ws, xl_rowcol_to_cell(row, col), formula, rows[0][0])

    def formula(self, ws: Any, cell: str, formula: str, fmt: Any = None) -> None:
        """A plain single-value formula (no spill)."""
        ws.write_formula(cell, spill_refs(formula), fmt)

    def rows(self, sheet: str, cell: str, default: int) -> int:
        return self.sizes.get(f"{sheet}!{cell}", default)

    def close(self) -> None:
        self.wb.close()
        _name_button(self.path)


def _name_button(path: Path) -> None:
    """Give the refresh button's shape its name (XlsxWriter numbers text boxes "TextBox N")."""
    import re
    import zipfile

    from fofxl.files import write_atomic

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename.startswith("xl/drawings/drawing") and b"txBox" in data:
                    data = re.sub(rb'name="TextBox \d+"', f'name="{BUTTON_NAME}"'.encode(), data)
                dst.writestr(item, data)

    write_atomic(path, write)


def _settings(bk: Book, items: Sequence[tuple[str, Any, Any, str]], sources: Sequence[str]) -> Any:
    """Settings sheet: key | value | meaning; each value a defined name ``set_<key>``."""
    ws = bk.sheet("Settings", "#FFC000")
    ws.set_column("A:A", 22)
    ws.set_column("B:B", 34)
    ws.set_column("C:C", 70)
    ws.write("A1", "设置 Settings", bk.title)
    ws.write("A2", "Yellow cells are inputs; every formula of the report reads them by name.",
             bk.subtitle)
    # The refresh button (xlwings Lite: a shape named BUTTON linked to the cell it covers, see
    # addin/lite/main.py; classic add-in: ribbon "Run main" runs the companion module's main()).
    ws.set_column("E:E", 24)
    ws.insert_textbox(BUTTON_CELL.split("!")[1], "⟳ 刷新数据 Refresh data", {
        "url": f"internal:{BUTTON_CELL}", "width": 170, "height": 36,
        "fill": {"color": "#1F3864"}, "line": {"none": True},
        "font": {"color": "white", "bold": True, "size": 11, "name": "Noto Sans CJK SC"},
        "align": {"vertical": "middle", "horizontal": "center"},
        "tip": "Refresh: reload and clean the data sheets, log, recalculate, stamp the time"})
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
    ws.write(row, 2, "File (CSV/XLSX) the refresh reads into each data sheet; blank = keep the "
             "pasted-in sheet.", bk.note)
    row += 1
    for sheet in sources:
        ws.write(row, 0, f"src_{sheet.lower()}", bk.key)
        ws.write_blank(row, 1, None, bk.num_in)
        ws.write(row, 2, f"source of sheet {sheet}", bk.text)
        bk.wb.define_name(f"src_{sheet.lower()}", f"=Settings!$B${row + 1}")
        row += 1
    row += 1
    ws.write(row, 0, "last_refresh", bk.key)
    ws.write(row, 1, "(not refreshed yet: bundled demo data)", bk.text)
    ws.write(row, 2, "stamped by the refresh button / fofxl render", bk.text)
    bk.wb.define_name("last_refresh", f"=Settings!$B${row + 1}")
    return ws


def _data_sheet(bk: Book, name: str, frame: pd.DataFrame, prefix: str,
                names: dict[str, Sequence[str] | str]) -> None:
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


def _log_sheet(bk: Book) -> None:
    ws = bk.sheet("Log", "#BFBFBF")
    ws.set_column("A:A", 20)
    ws.set_column("B:B", 16)
    ws.set_column("C:C", 100)
    ws.write_row(0, 0, ["time", "sheet", "message"], bk.head)
    ws.write_row(1, 0, ["(build)", "", "Template built with the bundled SYNTHETIC demo data."])


def _conf_sheet(bk: Book) -> None:
    ws = bk.sheet("xlwings.conf")
    ws.write("A1", "UDF Modules")
    ws.write("B1", "fofxl_addin.udfs")
    ws.write("A2", "Interpreter")
    ws.write("B2", "")
    ws.hide()


def _line_chart(bk: Book, title: str, x_title: str | None, y_fmt: str, series: list[dict],
                y_title: str | None = None) -> Any:
    chart = bk.wb.add_chart({"type": "line"})
    for s in series:
        chart.add_series({"line": {"width": 1.25}, **s})
    chart.set_title({"name": title, "name_font": {"size": 11, "name": "Noto Sans CJK SC"}})
    chart.set_x_axis({"date_axis": True, "num_format": "yyyy-mm", "name": x_title,
                      "label_position": "low", "major_unit": 6, "major_unit_type": "months",
                      "num_font": {"size": 8}, "major_gridlines": {"visible": False}})
    chart.set_y_axis({"num_format": y_fmt, "name": y_title, "num_font": {"size": 8},
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"position": "bottom"})
    chart.show_blanks_as("gap")
    chart.set_size({"width": 900, "height": 330})
    return chart


def _col_range(sheet: str, col: int, first: int, n: int) -> str:
    """``=Sheet!$C$2:$C$n`` (0-based col; first = first data row, 1-based)."""
    c = xl_col_to_name(col)
    return f"={sheet}!${c}${first}:${c}${first + max(n, 1) - 1}"


# ---------------------------------------------------------------- T0 environment report
T0_METRICS = "ann_return,max_dd,sharpe,calmar"


def build_t0_environment(data: dict[str, pd.DataFrame], path: Path = T0_FILE,
                         sizes: dict[str, int] | None = None) -> Path:
    bk = Book(path, dict(sizes or {}))
    report = bk.sheet("Report", "#1F3864")
    figures = bk.sheet("Figures", "#1F3864")
    _settings(bk, [
        ("report_date", dt.datetime(2024, 6, 28), bk.date_in, "报告日期 report date"),
        ("window", "3Y", bk.num_in, "历史分位窗口 percentile window: 3Y, 36M, 156W or a count"),
        ("low", 0.2, bk.pct_in, "低区间 below this percentile is 'low'"),
        ("high", 0.8, bk.pct_in, "高区间 above this percentile is 'high'"),
        ("rf", 0.0, bk.pct_in, "无风险利率 annual risk-free rate for Sharpe"),
        ("P", 52, bk.num_in, "periods per year of the weekly indices (blank = inferred)"),
        ("vol_window", 20, bk.num_in, "波动率窗口 trading days of realized volatility"),
        ("freq", "W", bk.num_in, "index frequency: W (Friday weeks) or M"),
        ("t0_min_age", "0M", bk.num_in,
         "T0 sample pool: products count from their first NAV (a fixed pool, no age screen)"),
        ("min_age", "6M", bk.num_in, "成立满6个月 market-neutral funds join after this age"),
        ("max_gap", "14D", bk.num_in, "净值更新频率 longest gap between NAVs to count"),
        ("rebalance", "M", bk.num_in, "每月筛选 eligibility re-screened every period"),
        ("t0_name", "T0策略", bk.num_in, "pool 1 name (T0 products)"),
        ("mn_name", "市场中性策略", bk.num_in, "pool 2 name (market-neutral products)"),
    ], ["Market", "T0", "Neutral"])
    _data_sheet(bk, "Market", data["market"], "mkt",
                {"close": "close", "high": "high", "low": "low", "turnover": "turnover"})
    _data_sheet(bk, "T0", data["t0_pool"], "t0", {"navs": list(data["t0_pool"].columns)})
    _data_sheet(bk, "Neutral", data["neutral_pool"], "mn",
                {"navs": list(data["neutral_pool"].columns)})

    # ---- Calc: indices, weekly returns, weekly indicator percentiles
    calc = bk.sheet("Calc", "#BFBFBF")
    calc.set_column("A:A", 11, bk.date)
    calc.set_column("B:B", 10, bk.nav)
    calc.set_column("C:C", 6, bk.count)
    calc.set_column("E:E", 11, bk.date)
    calc.set_column("F:F", 10, bk.nav)
    calc.set_column("G:G", 6, bk.count)
    calc.set_column("I:J", 10, bk.nav)
    calc.set_column("L:M", 10, bk.pct)
    calc.set_column("O:O", 11, bk.date)
    calc.set_column("P:P", 10, bk.pct)
    calc.set_column("R:R", 11, bk.date)
    calc.set_column("S:S", 10, bk.pct)
    calc.set_column("U:U", 11, bk.date)
    calc.set_column("V:V", 10, bk.pct)
    calc.set_column("X:X", 11, bk.date)
    calc.set_column("Y:Y", 10, bk.pct)
    calc.set_column("AA:AC", 10, bk.pct)
    t0_args = "set_freq, set_t0_min_age, set_max_gap, set_rebalance"
    mn_args = "set_freq, set_min_age, set_max_gap, set_rebalance"
    bk.spill(calc, "A1", f"=FOF_INDEX(t0_dates, t0_navs, {t0_args})")
    bk.spill(calc, "E1", f"=FOF_INDEX(mn_dates, mn_navs, {mn_args})")
    # the two indices on the T0 grid (I: T0, J: market-neutral)
    # (headers = the pool names from Settings, so tables and legends carry them)
    bk.spill(calc, "I1", "=_xlfn.VSTACK(set_t0_name, _xlfn.DROP(INDEX(A1#, 0, 2), 1))")
    bk.spill(calc, "J1", "=_xlfn.VSTACK(set_mn_name, _xlfn.DROP(FOF_ALIGN(INDEX(A1#, 0, 1),"
             " INDEX(E1#, 0, 1), INDEX(E1#, 0, 2)), 1))")
    # drawdowns of both (L, M)
    bk.spill(calc, "L1", "=FOF_DRAWDOWN(INDEX(A1#, 0, 1), I1#)")
    bk.spill(calc, "M1", "=FOF_DRAWDOWN(INDEX(A1#, 0, 1), J1#)")
    # T0 index weekly returns (O:P)
    bk.spill(calc, "O1", '=FOF_RETURNS(INDEX(A1#, 0, 1), I1#, "W")')
    # weekly mean indicators (R:S turnover, U:V volatility, X:Y amplitude) and their percentiles
    bk.spill(calc, "R1", '=FOF_RESAMPLE(mkt_dates, mkt_turnover, "W", "mean")')
    bk.spill(calc, "U1", '=FOF_RESAMPLE(mkt_dates, FOF_VOL(mkt_dates, mkt_close, set_vol_window),'
             ' "W", "mean")')
    bk.spill(calc, "X1", '=FOF_RESAMPLE(mkt_dates, FOF_AMPLITUDE(mkt_high, mkt_low, mkt_close),'
             ' "W", "mean")')
    # percentiles of each weekly indicator on the return dates (AA:AC)
    for col, src in (("AA", "R1#"), ("AB", "U1#"), ("AC", "X1#")):
        bk.spill(calc, f"{col}1",
                 f"=FOF_ALIGN(INDEX(O1#, 0, 1), INDEX({src}, 0, 1), FOF_PCTRANK(INDEX({src}, 0, 1),"
                 f" INDEX({src}, 0, 2), set_window))")

    # ---- Report sheet
    report.set_column("A:A", 2)
    report.set_column("B:B", 16)
    report.set_column("C:C", 14)
    report.set_column("D:M", 12.5)
    report.set_landscape()
    report.set_paper(9)
    report.fit_to_pages(1, 0)
    report.hide_gridlines(2)
    report.write("B1", "T0策略适合什么样的市场环境?", bk.title)
    report.write("B2", "What market environment suits T0 (intraday) strategies? — FoF report "
                 "rebuilt with fofxl", bk.subtitle)
    report.write("B3", "报告日期 Report date", bk.key)
    bk.formula(report, "C3", "=set_report_date", bk.date)
    report.write("D3", SYNTHETIC, bk.note)

    row = 5  # 1-based row numbers below
    report.write(f"B{row}", "表1:T0策略和市场中性策略业绩表现情况", bk.h2)
    report.write(f"B{row + 1}", "Table 1 — per-year performance of the two strategy indices "
                 "(annualized return, max drawdown, Sharpe, Calmar; last column = full span)",
                 bk.note)
    t1 = row + 2
    metric_formats = [bk.pct, bk.pct, bk.ratio, bk.ratio, bk.count]
    t1_rows = [[bk.head] * 11]
    for _series in range(2):
        for fmt in metric_formats:
            t1_rows.append([bk.key, bk.text] + [fmt] * 9)
    bk.block(report, t1 - 1, 1,
             '=FOF_PERF(INDEX(Calc!A1#, 0, 1), _xlfn.HSTACK(Calc!I1#, Calc!J1#), "year", set_rf,'
             f' set_P, "{T0_METRICS}")', t1_rows)
    report.write(f"B{t1 + 12}", "年化收益率 ann_return · 最大回撤 max_dd · 夏普比率 sharpe · "
                 "卡玛比率 calmar (Sharpe geometric, rf from Settings) · 2023年截至6月25日 in the "
                 "source; here the last year runs to the data's end.", bk.note)

    regime_tables = [
        ("表3:T0策略在不同市场换手率情况下统计情况",
         "Table 3 — pooled weekly returns of the T0 products by CSI 800 turnover regime "
         "(3-year percentile; low < 20% < balance < 80% < high)", "mkt_turnover"),
        ("表4:T0策略在不同市场波动率情况下表现情况",
         "Table 4 — by 20-day realized volatility regime",
         "FOF_VOL(mkt_dates, mkt_close, set_vol_window)"),
        ("表5:T0策略与日内振幅情况",
         "Table 5 — by intraday amplitude regime ((high − low) / previous close)",
         "FOF_AMPLITUDE(mkt_high, mkt_low, mkt_close)"),
    ]
    row = t1 + 14
    # pooled weekly returns of every T0 product (Calc!AE: date + one column per product)
    calc.set_column("AE:AE", 11, bk.date)
    calc.set_column("AF:AO", 10, bk.pct)
    bk.spill(calc, "AE1", '=FOF_RETURNS(t0_dates, t0_navs, "W")')
    stat_formats = [bk.text, bk.count] + [bk.pct] * 7 + [bk.pct, bk.ratio]
    for title, subtitle, indicator in regime_tables:
        report.write(f"B{row}", title, bk.h2)
        report.write(f"B{row + 1}", subtitle, bk.note)
        anchor = row + 2
        bk.block(report, anchor - 1, 1,
                 "=FOF_REGIMESTATS(INDEX(Calc!AE1#, 0, 1), _xlfn.DROP(Calc!AE1#, 0, 1), mkt_dates,"
                 f" {indicator}, set_window, set_low, set_high)",
                 [[bk.head] * len(stat_formats)] + [stat_formats] * 3)
        row = anchor + 6
    report.set_h_pagebreaks([row - 1])
    report.write(f"B{row}", "跟踪指标:各季度指标历史分位数均值及变化", bk.h2)
    report.write(f"B{row + 1}", "Tracking snapshot — quarterly average of each indicator's "
                 "3-year percentile and its change on the previous quarter (pp)", bk.note)
    snap = row + 2
    snap_formats = [bk.date, bk.pct, bk.pp, bk.pct, bk.pp, bk.pct, bk.pp]
    bk.block(report, snap - 1, 1,
             '=FOF_PCTSNAPSHOT(mkt_dates, _xlfn.HSTACK(mkt_turnover, _xlfn.VSTACK("volatility",'
             " _xlfn.DROP(FOF_VOL(mkt_dates, mkt_close, set_vol_window), 1)), _xlfn.VSTACK("
             '"amplitude", _xlfn.DROP(FOF_AMPLITUDE(mkt_high, mkt_low, mkt_close), 1))),'
             ' set_window, "Q")',
             [[bk.head] * 7] + [snap_formats] * 44)
    report.print_area(f"A1:M{snap + 45}")
    report.repeat_rows(0, 2)

    # ---- Figures
    figures.hide_gridlines(2)
    figures.set_landscape()
    figures.set_paper(9)
    figures.fit_to_pages(1, 0)
    figures.write("B1", "图表 Figures", bk.title)
    figures.write("B2", "Strategy indices and T0 returns against each indicator's 3-year "
                  "percentile. " + SYNTHETIC, bk.subtitle)
    n_idx = bk.rows("Calc", "A1", 300) - 1
    n_ret = bk.rows("Calc", "O1", 300) - 1
    cats = _col_range("Calc", 0, 2, n_idx)
    nav = _line_chart(bk, "策略指数净值 Strategy index NAV", None, "0.00", [
        {"name": "=Calc!$I$1", "categories": cats, "values": _col_range("Calc", 8, 2, n_idx),
         "line": {"color": "#C00000", "width": 1.5}},
        {"name": "=Calc!$J$1", "categories": cats, "values": _col_range("Calc", 9, 2, n_idx),
         "line": {"color": "#1F3864", "width": 1.5}},
    ])
    figures.insert_chart("B4", nav)
    dd = _line_chart(bk, "策略指数回撤 Strategy index drawdown", None, "0%", [
        {"name": "=Calc!$I$1", "categories": cats, "values": _col_range("Calc", 11, 2, n_idx),
         "line": {"color": "#C00000"}},
        {"name": "=Calc!$J$1", "categories": cats, "values": _col_range("Calc", 12, 2, n_idx),
         "line": {"color": "#1F3864"}},
    ])
    figures.insert_chart("B22", dd)
    fig_specs = [
        ("图2:T0策略收益与市场换手率情况", "Figure 2 — T0 weekly return vs turnover pct", 26),
        ("图3:T0策略收益与市场波动率情况", "Figure 3 — vs volatility percentile", 27),
        ("图4:T0策略收益与日内振幅情况", "Figure 4 — vs amplitude percentile", 28),
    ]
    ret_cats = _col_range("Calc", 14, 2, n_ret)
    for k, (title, sub, pct_col) in enumerate(fig_specs):
        bars = bk.wb.add_chart({"type": "column"})
        bars.add_series({"name": "T0策略周收益 weekly return", "categories": ret_cats,
                         "values": _col_range("Calc", 15, 2, n_ret),
                         "fill": {"color": "#C00000"}, "gap": 50})
        line = bk.wb.add_chart({"type": "line"})
        line.add_series({"name": "指标分位数 percentile (right)", "categories": ret_cats,
                         "values": _col_range("Calc", pct_col, 2, n_ret), "y2_axis": True,
                         "line": {"color": "#1F3864", "width": 1.0}})
        bars.combine(line)
        bars.set_title({"name": f"{title}\n{sub}",
                        "name_font": {"size": 11, "name": "Noto Sans CJK SC"}})
        bars.set_x_axis({"date_axis": True, "num_format": "yyyy-mm", "num_font": {"size": 8},
                         "label_position": "low", "major_unit": 6, "major_unit_type": "months"})
        bars.set_y_axis({"num_format": "0.0%", "num_font": {"size": 8},
                         "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        line.set_y2_axis({"num_format": "0%", "min": 0, "max": 1, "num_font": {"size": 8}})
        bars.set_legend({"position": "bottom"})
        bars.set_size({"width": 900, "height": 330})
        figures.insert_chart(f"B{40 + 18 * k}", bars)
    figures.set_h_pagebreaks([39, 75])
    figures.print_area("A1:P94")
    _log_sheet(bk)
    _conf_sheet(bk)
    report.activate()
    bk.close()
    return path


# ---------------------------------------------------------------- quant product monitor
def build_quant_monitor(data: dict[str, pd.DataFrame], benchmarks: dict[str, str],
                        path: Path = QUANT_FILE, sizes: dict[str, int] | None = None) -> Path:
    bk = Book(path, dict(sizes or {}))
    products = data["quant_pool"].loc["2019-01-01":]
    products = products.dropna(how="all")
    indices = data["benchmarks"].loc[products.index[0]:]
    names = list(products.columns)
    monitor = bk.sheet("Monitor", "#1F3864")
    charts = bk.sheet("Charts", "#1F3864")
    settings = _settings(bk, [
        ("report_date", dt.datetime(2024, 6, 28), bk.date_in, "报告日期 report date"),
        ("ytd_start", dt.datetime(2024, 1, 1), bk.date_in, "今年以来 YTD window start"),
        ("dd_days", 4, bk.num_in, "short window (trading days) for the worst excess drawdown"),
        ("window_start", dt.datetime(2023, 11, 20), bk.date_in,
         "index window start (2023-11 peak of small caps)"),
        ("window_end", dt.datetime(2024, 2, 7), bk.date_in, "index window end (2024-02 trough)"),
        ("long_start", dt.datetime(2021, 2, 10), bk.date_in,
         "long window start (CSI 300 peak, 2021 Spring Festival)"),
        ("excess_method", "ratio", bk.num_in, "excess NAV: ratio or diff"),
        ("top", 3, bk.num_in, "drawdown episodes listed per product"),
    ], ["Products", "Indices"])
    row = 17
    settings.write(row, 0, "产品 product", bk.head)
    settings.write(row, 1, "基准 benchmark (a column of Indices)", bk.head)
    for i, name in enumerate(names):
        settings.write(row + 1 + i, 0, name, bk.key)
        settings.write(row + 1 + i, 1, benchmarks[name], bk.num_in)
        settings.data_validation(row + 1 + i, 1, row + 1 + i, 1, {
            "validate": "list", "source": list(indices.columns)})
    bk.wb.define_name("bench_of", f"=Settings!$B${row + 2}:$B${row + 1 + len(names)}")
    _data_sheet(bk, "Products", products, "prod", {"navs": names})
    _data_sheet(bk, "Indices", indices, "idx", {"closes": list(indices.columns)})
    bk.wb.define_name("idx_names", f"=Indices!$B$1:${xl_col_to_name(len(indices.columns))}$1")

    calc = bk.sheet("Calc", "#BFBFBF")
    n = len(names)
    calc.set_column(0, 0, 11, bk.date)
    calc.set_column(1, n, 10, bk.nav)
    calc.set_column(n + 2, 2 * n + 1, 10, bk.pct)
    calc.set_column(2 * n + 3, 3 * n + 2, 10, bk.pct)
    calc.set_column(3 * n + 4, 3 * n + 8, 10, bk.pct)
    bk.spill(calc, "A1", "=prod_dates")
    for k in range(n):
        col = xl_col_to_name(1 + k)
        bench = f"INDEX(idx_closes, 0, MATCH(INDEX(bench_of, {k + 1}), idx_names, 0))"
        bk.spill(calc, f"{col}1", f"=FOF_EXCESS(prod_dates, INDEX(prod_navs, 0, {k + 1}),"
                 f" idx_dates, {bench}, set_excess_method)")
    excess_block = ", ".join(f"{xl_col_to_name(1 + k)}1#" for k in range(n))
    dd_col = xl_col_to_name(n + 2)
    bk.spill(calc, f"{dd_col}1", f"=FOF_DRAWDOWN(prod_dates, _xlfn.HSTACK({excess_block}))")
    roll_col = xl_col_to_name(2 * n + 3)
    bk.spill(calc, f"{roll_col}1", f"=FOF_ROLLDD(prod_dates, _xlfn.HSTACK({excess_block}),"
             " set_dd_days)")
    idx_dd_col = xl_col_to_name(3 * n + 4)
    bk.spill(calc, f"{idx_dd_col}1", "=FOF_DRAWDOWN(idx_dates, idx_closes)")
    # weekly views for the charts (Friday weeks: last excess NAV, worst drawdown of the week)
    wk = 3 * n + 9
    wk_dd = wk + n + 2
    wk_idx = wk_dd + n + 2
    for col, width, fmt in ((wk, n, bk.nav), (wk_dd, n, bk.pct), (wk_idx, 4, bk.pct)):
        calc.set_column(col, col, 11, bk.date)
        calc.set_column(col + 1, col + width, 10, fmt)
    bk.spill(calc, xl_rowcol_to_cell(0, wk),
             f'=FOF_RESAMPLE(prod_dates, _xlfn.HSTACK({excess_block}), "W", "last")')
    bk.spill(calc, xl_rowcol_to_cell(0, wk_dd),
             f'=FOF_RESAMPLE(prod_dates, {dd_col}1#, "W", "min")')
    bk.spill(calc, xl_rowcol_to_cell(0, wk_idx),
             f'=FOF_RESAMPLE(idx_dates, {idx_dd_col}1#, "W", "min")')

    # ---- Monitor sheet
    monitor.set_column("A:A", 2)
    monitor.set_column("B:B", 14)
    monitor.set_column("C:J", 13)
    monitor.set_landscape()
    monitor.set_paper(9)
    monitor.fit_to_pages(1, 0)
    monitor.hide_gridlines(2)
    monitor.write("B1", "量化指增产品超额回撤监控", bk.title)
    monitor.write("B2", "Quant index-enhanced products against their benchmarks — excess NAV, "
                  "excess drawdowns and index window drawdowns (the early-2024 small-cap crisis)",
                  bk.subtitle)
    monitor.write("B3", "报告日期 Report date", bk.key)
    bk.formula(monitor, "C3", "=set_report_date", bk.date)
    monitor.write("D3", SYNTHETIC, bk.note)
    monitor.write("B5", "产品超额表现 Product excess summary", bk.h2)
    heads = ["产品 product", "基准 benchmark", "今年超额 YTD excess", "超额最大回撤 max excess DD",
             "最差N日超额回撤 worst N-day excess DD", "日期 date", "最新超额净值 excess NAV"]
    monitor.write_row(5, 1, heads, bk.wb.add_format({**bk.base, "bold": True, "bg_color":
                                                     "#DDEBF7", "bottom": 1, "text_wrap": True}))
    monitor.set_row(5, 42)
    for k, name in enumerate(names):
        r = 7 + k  # 1-based
        ex = f"Calc!{xl_col_to_name(1 + k)}1#"
        roll = f"INDEX(Calc!{roll_col}1#, 0, {k + 1})"
        monitor.write(f"B{r}", name, bk.key)
        bk.formula(monitor, f"C{r}", f"=INDEX(bench_of, {k + 1})", bk.text)
        bk.spill(monitor, f"D{r}", f'=_xlfn.TAKE(FOF_STAT(prod_dates, {ex}, "total_return",'
                 " set_ytd_start, set_report_date), -1)", bk.pct)
        bk.spill(monitor, f"E{r}", f"=_xlfn.TAKE(FOF_MAXDD(prod_dates, {ex}), -1)", bk.pct)
        bk.formula(monitor, f"F{r}", f"=MIN({roll})", bk.pct)
        bk.formula(monitor, f"G{r}", f"=INDEX(prod_dates, MATCH(MIN({roll}), {roll}, 0))",
                              bk.date)
        bk.formula(monitor, f"H{r}", f"=INDEX({ex}, ROWS({ex}))", bk.nav)
    row = 7 + n + 1
    monitor.write(f"B{row}", "指数区间回撤 Index drawdowns over the windows", bk.h2)
    monitor.write_row(row, 1, ["指数 index", "区间最大回撤 window max DD", "区间收益 window return",
                               "长区间收益 long-window return", "长区间最大回撤 long max DD"],
                      bk.wb.add_format({**bk.base, "bold": True, "bg_color": "#DDEBF7",
                                        "bottom": 1, "text_wrap": True}))
    monitor.set_row(row, 30)
    for k, name in enumerate(indices.columns):
        r = row + 2 + k
        col = f"INDEX(idx_closes, 0, {k + 1})"
        monitor.write(f"B{r}", name, bk.key)
        bk.spill(monitor, f"C{r}", f"=_xlfn.TAKE(FOF_MAXDD(idx_dates, {col}, set_window_start,"
                 " set_window_end), -1)", bk.pct)
        bk.spill(monitor, f"D{r}", f'=_xlfn.TAKE(FOF_STAT(idx_dates, {col}, "total_return",'
                 " set_window_start, set_window_end), -1)", bk.pct)
        bk.spill(monitor, f"E{r}", f'=_xlfn.TAKE(FOF_STAT(idx_dates, {col}, "total_return",'
                 " set_long_start, set_window_end), -1)", bk.pct)
        bk.spill(monitor, f"F{r}", f"=_xlfn.TAKE(FOF_MAXDD(idx_dates, {col}, set_long_start,"
                 " set_window_end), -1)", bk.pct)
    row = row + 2 + len(indices.columns) + 1
    monitor.write(f"B{row}", "超额回撤区间 Excess drawdown episodes (worst first)", bk.h2)
    ep_formats = [bk.date, bk.date, bk.date, bk.pct, bk.count, bk.count, bk.count]
    top = 3
    for k, name in enumerate(names):
        r = row + 1 + k * (top + 3)
        monitor.write(f"B{r}", name, bk.key)
        ex = f"Calc!{xl_col_to_name(1 + k)}1#"
        bk.block(monitor, r, 2, f"=FOF_DDTABLE(prod_dates, {ex}, set_top)",
                 [[bk.head] * len(ep_formats)] + [ep_formats] * top)
    monitor.print_area(f"A1:J{row + n * (top + 3) + 2}")

    # ---- charts
    charts.hide_gridlines(2)
    charts.set_landscape()
    charts.set_paper(9)
    charts.fit_to_pages(1, 0)
    charts.write("B1", "图表 Charts", bk.title)
    charts.write("B2", SYNTHETIC, bk.subtitle)
    m = bk.rows("Calc", xl_rowcol_to_cell(0, wk), 300) - 1
    cats = _col_range("Calc", wk, 2, m)
    palette = ["#C00000", "#ED7D31", "#FFC000", "#1F3864", "#2E75B6", "#70AD47"]
    ex_series = [{"name": f"=Calc!${xl_col_to_name(wk + 1 + k)}$1", "categories": cats,
                  "values": _col_range("Calc", wk + 1 + k, 2, m), "line": {"color": palette[k]}}
                 for k in range(n)]
    charts.insert_chart("B4", _line_chart(bk, "超额净值 Excess NAV (weekly)", None, "0.00",
                                          ex_series))
    md = bk.rows("Calc", xl_rowcol_to_cell(0, wk_dd), 300) - 1
    dd_cats = _col_range("Calc", wk_dd, 2, md)
    dd_series = [{"name": f"=Calc!${xl_col_to_name(wk_dd + 1 + k)}$1", "categories": dd_cats,
                  "values": _col_range("Calc", wk_dd + 1 + k, 2, md),
                  "line": {"color": palette[k]}} for k in range(n)]
    charts.insert_chart("B22", _line_chart(bk, "超额回撤 Excess drawdown (weekly worst)", None,
                                           "0%", dd_series))
    mi = bk.rows("Calc", xl_rowcol_to_cell(0, wk_idx), 300) - 1
    idx_cats = _col_range("Calc", wk_idx, 2, mi)
    idx_series = [{"name": f"=Calc!${xl_col_to_name(wk_idx + 1 + k)}$1", "categories": idx_cats,
                   "values": _col_range("Calc", wk_idx + 1 + k, 2, mi),
                   "line": {"color": palette[k + 2]}} for k in range(len(indices.columns))]
    charts.insert_chart("B40", _line_chart(bk, "指数回撤 Index drawdown (CSI 300/500/1000/2000)",
                                           None, "0%", idx_series))
    charts.set_h_pagebreaks([39])
    charts.print_area("A1:P58")
    _log_sheet(bk)
    _conf_sheet(bk)
    monitor.activate()
    bk.close()
    return path


# ---------------------------------------------------------------- two-pass build
def _spill_sizes(path: Path) -> dict[str, int]:
    """Render the first pass headless and read each anchor's spilled row count."""
    import openpyxl

    from fofxl_report.recalc import evaluate_workbook

    wb = openpyxl.load_workbook(path)
    ev = evaluate_workbook(wb)
    return {f"{s}!{xl_rowcol_to_cell(r - 1, c - 1)}": len(f.result.rows)
            for (s, r, c), f in ev.formulas.items() if f.result is not None}


def build_all(out_dir: Path = HERE, log: Callable[[str], None] = print) -> list[Path]:
    from fofxl.demo_data import QUANT_BENCHMARKS, generate

    data = generate()
    paths = []
    for builder, name, extra in (
        (build_t0_environment, "t0_environment.xlsx", ()),
        (build_quant_monitor, "quant_monitor.xlsx", (QUANT_BENCHMARKS,)),
    ):
        path = out_dir / name
        builder(data, *extra, path=path)
        sizes = _spill_sizes(path)
        builder(data, *extra, path=path, sizes=sizes)
        log(f"wrote {path}")
        paths.append(path)
    return paths


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent / "addin"))
    sys.path.insert(0, str(HERE.parent / "pylib"))
    build_all()
