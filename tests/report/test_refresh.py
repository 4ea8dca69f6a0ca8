"""refresh(book): headless through openpyxl (template and rendered report) and through xlwings'
remote ``xw.Book(json=...)``, the way Office.js drives it."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from fofxl import indicators, regime_table, returns
from fofxl_addin.book import XlwingsBook
from fofxl_report.books import OpenpyxlBook
from fofxl_report.refresh import refresh
from fofxl_report.render import render

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "templates"))
from _report_helpers import block, close, sheet_frame  # noqa: E402

NOW = dt.datetime(2024, 7, 1, 9, 30)


def _cell_of(wb, name):
    sheet, _, ref = wb.defined_names[name].attr_text.partition("!")
    return wb[sheet.strip("'")][ref.replace("$", "")]


def _market_csv(wb, path: Path, drop_last: int = 60) -> pd.DataFrame:
    """The workbook's market data minus its last rows, as a CSV with two bad rows."""
    market = sheet_frame(wb["Market"]).iloc[:-drop_last]
    lines = ["日期,收盘价,最高价,最低价,换手率"]
    for date, row in market.iterrows():
        values = ",".join(repr(float(row[c])) for c in ("close", "high", "low", "turnover"))
        lines.append(f"{date:%Y-%m-%d},{values}")
    lines.insert(5, "not a date,1,1,1,0.01")  # dropped and logged
    date, _, rest = lines[9].partition(",")  # text where a price belongs: logged (a row of its
    lines[9] = f"{date},n/a,{rest.partition(',')[2]}"  # own would repeat the date: an error)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return market


def test_refresh_headless_template_reloads_cleans_logs_recalculates_and_stamps(tmp_path):
    wb = openpyxl.load_workbook(TEMPLATES / "t0_environment.xlsx")
    t0_before = [list(r) for r in wb["T0"].iter_rows(values_only=True)]
    market = _market_csv(wb, tmp_path / "market.csv")
    _cell_of(wb, "src_market").value = str(tmp_path / "market.csv")
    (tmp_path / "broken.csv").write_text("this is not a table\n", encoding="utf-8")
    _cell_of(wb, "src_t0").value = str(tmp_path / "broken.csv")

    result = refresh(OpenpyxlBook(wb), now=NOW)

    assert "Market" in result.updated and "T0" in result.kept
    # bad data leaves the previous data in place, and the log says why
    assert [list(r) for r in wb["T0"].iter_rows(values_only=True)] == t0_before
    log = [r for r in wb["Log"].iter_rows(values_only=True)][1:]
    messages = [f"{r[1]}: {r[2]}" for r in log if r[0] == NOW]
    assert any(m.startswith("T0: kept the previous data") for m in messages)
    assert any(m.startswith("Market: loaded") and "mkt_dates" in m for m in messages)
    assert sum(m.startswith("Market: dropped") for m in messages) >= 2
    # names follow the new data; the stamp is set
    assert wb.defined_names["mkt_dates"].attr_text == f"Market!$A$1:$A${len(market) + 1}"
    assert _cell_of(wb, "last_refresh").value == NOW
    # recalculated headless: Table 3 is regime_stats on the refreshed market data
    t0 = sheet_frame(wb["T0"])
    got = block(wb["Report"], "B23")
    fresh = sheet_frame(wb["Market"])
    expected = regime_table.regime_stats(returns.periodic_returns(t0, "W"), fresh["turnover"])
    assert fresh.index[-1] == market.index[-1]
    for row in got[1:]:
        for name, value in zip(got[0][1:], row[1:], strict=True):
            assert close(value, expected.loc[row[0], name])
    assert indicators is not None


def test_refresh_headless_on_a_rendered_report(tmp_path):
    out = tmp_path / "report.xlsx"
    render(TEMPLATES / "t0_environment.xlsx", out)
    wb = openpyxl.load_workbook(out)
    market = _market_csv(wb, tmp_path / "m.csv", drop_last=10)
    _cell_of(wb, "src_market").value = "m.csv"  # relative to the workbook's folder
    result = refresh(OpenpyxlBook(wb, out), now=NOW)
    assert result.updated[0] == "Market"
    assert wb["Market"].max_row == len(market) + 1
    assert _cell_of(wb, "last_refresh").value == NOW


def _json_book(wb) -> dict:
    """An openpyxl workbook as the JSON xlwings' Office.js client sends."""
    import xlwings as xw

    def cell(v):
        if v is None:
            return ""
        if isinstance(v, dt.datetime):
            return v.strftime("%Y-%m-%d")
        return v if isinstance(v, (int, float, str, bool)) else str(v)

    sheets = []
    for ws in wb.worksheets:
        values = [[cell(v) for v in r] for r in ws.iter_rows(values_only=True)] or [[""]]
        sheets.append(
            {"name": ws.title, "values": values, "pictures": [], "tables": [], "shapes": []}
        )
    index = {ws.title: i for i, ws in enumerate(wb.worksheets)}
    names = []
    for name, dn in wb.defined_names.items():
        sheet, _, ref = dn.attr_text.partition("!")
        names.append(
            {
                "name": name,
                "sheet_index": index[sheet.strip("'")],
                "address": ref.replace("$", ""),
                "book_scope": True,
                "scope_sheet_name": None,
                "scope_sheet_index": None,
                "refers_to": "=" + dn.attr_text,
            }
        )
    return {
        "version": xw.__version__,
        "client": "Office.js",
        "book": {"name": "t0_environment.xlsx", "active_sheet_index": 0, "selection": "A1"},
        "sheets": sheets,
        "names": names,
    }


def test_refresh_through_xlwings_remote_book(tmp_path, monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")  # test only: the remote engine
    import xlwings as xw

    if "remote" not in [e.name for e in xw.engines]:  # xlwings was imported without the key
        from xlwings.pro import _xlremote

        xw.engines.add(xw.main.Engine(impl=_xlremote.engine))

    wb = openpyxl.load_workbook(TEMPLATES / "t0_environment.xlsx")
    market = _market_csv(wb, tmp_path / "market.csv")
    _cell_of(wb, "src_market").value = str(tmp_path / "market.csv")
    book = xw.Book(json=_json_book(wb))

    result = refresh(XlwingsBook(book), now=NOW)

    assert sorted(result.updated) == ["Market", "Neutral", "T0"]  # pasted-in sheets re-cleaned
    actions = book.json()["actions"]
    positions = {ws.title: i for i, ws in enumerate(wb.worksheets)}
    writes = [
        a
        for a in actions
        if a["func"] == "setValues"
        and a["sheet_position"] == positions["Market"]
        and a["row_count"] > 100
    ]
    assert len(writes) == 1 and writes[0]["row_count"] == len(market) + 1
    assert writes[0]["values"][0][:2] == ["date", "close"]
    renames = {a["args"][0]: a["args"][3] for a in actions if a["func"] == "setNameRefersTo"}
    assert renames["mkt_dates"] == f"=Market!$A$1:$A${len(market) + 1}"
    log_writes = [
        a for a in actions if a["func"] == "setValues" and a["sheet_position"] == positions["Log"]
    ]
    assert log_writes and any("Market" in str(v) for v in log_writes[0]["values"])
    stamp = [
        a
        for a in actions
        if a["func"] == "setValues" and a["sheet_position"] == positions["Settings"]
    ]
    assert stamp and stamp[-1]["row_count"] == 1


def test_remote_refresh_binds_fields_by_name_and_clears_the_demo_marks(tmp_path, monkeypatch):
    """Office.js path: a vendor market file without 换手率, map_market = turnover=成交额 on the
    Settings sheet, files for every data sheet: the Market write is in the sheet's field order
    with the amount as turnover, and the synthetic-data labels are blanked."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    import xlwings as xw

    if "remote" not in [e.name for e in xw.engines]:
        from xlwings.pro import _xlremote

        xw.engines.add(xw.main.Engine(impl=_xlremote.engine))

    wb = openpyxl.load_workbook(TEMPLATES / "t0_environment.xlsx")
    market = sheet_frame(wb["Market"])
    vendor = pd.DataFrame(
        {
            "成交额": market["turnover"] * 1e4,
            "最低价": market["low"],
            "收盘价": market["close"],
            "开盘价": market["close"] * 1.01,
            "最高价": market["high"],
        },
        index=market.index,
    )
    vendor.to_csv(tmp_path / "m.csv", index_label="交易日期")
    sheet_frame(wb["T0"]).to_csv(tmp_path / "t0.csv", index_label="date")
    sheet_frame(wb["Neutral"]).to_csv(tmp_path / "mn.csv", index_label="date")
    for name, value in (
        ("src_market", tmp_path / "m.csv"),
        ("src_t0", tmp_path / "t0.csv"),
        ("src_neutral", tmp_path / "mn.csv"),
        ("map_market", "turnover=成交额"),
    ):
        _cell_of(wb, name).value = str(value)
    marks = {
        name: dn.attr_text for name, dn in wb.defined_names.items() if name.startswith("demo_mark")
    }
    book = xw.Book(json=_json_book(wb))

    result = refresh(XlwingsBook(book), now=NOW)

    assert sorted(result.updated) == ["Market", "Neutral", "T0"]
    actions = book.json()["actions"]
    positions = {ws.title: i for i, ws in enumerate(wb.worksheets)}
    write = next(
        a
        for a in actions
        if a["func"] == "setValues"
        and a["sheet_position"] == positions["Market"]
        and a["row_count"] > 100
    )
    assert write["values"][0] == ["date", "close", "high", "low", "turnover"]
    rows = write["values"][1:]
    assert [r[4] for r in rows[:3]] == pytest.approx(list(market["turnover"].iloc[:3] * 1e4))
    assert [r[1] for r in rows[:3]] == pytest.approx(list(market["close"].iloc[:3]))
    blanked = {
        (a["sheet_position"], a["start_row"], a["start_column"])
        for a in actions
        if a["func"] == "setValues" and a["values"] in ([[None]], [[""]])
    }
    for text in marks.values():
        sheet, _, ref = text.partition("!")
        cell = wb[sheet.strip("'")][ref.replace("$", "").partition(":")[0]]
        assert (positions[sheet.strip("'")], cell.row - 1, cell.column - 1) in blanked, text


# ---------------------------------------------------------------- QA13 R1: bad new data
def _ttjj_csv(path: Path, navs: list[tuple[str, float]]) -> Path:
    """A 天天基金 single-fund export: GBK, newest first, 单位净值 = 累计净值 (no dividend)."""
    lines = ["净值日期,单位净值,累计净值,日增长率,申购状态,赎回状态,分红送配"]
    lines += [f"{d},{v:.4f},{v:.4f},,开放申购,开放赎回," for d, v in reversed(navs)]
    path.write_bytes(("\n".join(lines) + "\n").encode("gbk"))
    return path


def _products_refresh(wb, source: Path):
    """Refresh the quant monitor with ``source`` as src_products: (result, Products before,
    Products after, source bytes unchanged, the Products log lines of this refresh)."""
    before = [list(r) for r in wb["Products"].iter_rows(values_only=True)]
    names = {k: v.attr_text for k, v in wb.defined_names.items()}
    data = source.read_bytes()
    _cell_of(wb, "src_products").value = str(source)
    result = refresh(OpenpyxlBook(wb), now=NOW)
    after = [list(r) for r in wb["Products"].iter_rows(values_only=True)]
    same_names = names == {k: v.attr_text for k, v in wb.defined_names.items()}
    log = [
        r[2] for r in wb["Log"].iter_rows(values_only=True) if r[0] == NOW and r[1] == "Products"
    ]
    return result, before == after and same_names, source.read_bytes() == data, log


def test_refresh_keeps_the_previous_data_when_the_source_has_a_nav_of_0_or_less(tmp_path):
    wb = openpyxl.load_workbook(TEMPLATES / "quant_monitor.xlsx")
    src = _ttjj_csv(
        tmp_path / "甲基金.csv",
        [("2024-01-05", 1.0), ("2024-01-12", 0.0), ("2024-01-19", -1.0), ("2024-01-26", 1.03)],
    )
    result, kept, untouched, log = _products_refresh(wb, src)
    assert result.kept == ["Products"] and "Products" not in result.updated
    assert kept and untouched
    assert log == [
        "kept the previous data: 甲基金.csv has 2 values ≤ 0 where a NAV or price belongs "
        "(row 3 (甲基金): '-1'; row 4 (甲基金): '0'), an error, not a value: correct or delete "
        "them in the file and refresh again",
        "to fix: row 3 (甲基金): '-1' must be > 0",
        "to fix: row 4 (甲基金): '0' must be > 0",
    ]


def test_refresh_keeps_the_previous_data_when_a_date_repeats_with_other_navs(tmp_path):
    wb = openpyxl.load_workbook(TEMPLATES / "quant_monitor.xlsx")
    src = tmp_path / "pool.csv"
    src.write_text(
        "date,QE500-1,QE500-2\n2024-01-05,1,1\n2024-01-12,1.01,1.02\n2024-01-12,1.01,1.03\n"
        "2024-01-19,1.03,1.01\n",
        encoding="utf-8",
    )
    result, kept, untouched, log = _products_refresh(wb, src)
    assert result.kept == ["Products"] and kept and untouched
    assert log[0] == (
        "kept the previous data: pool.csv has 1 date given twice with different values "
        "(row 3 (QE500-2): date 2024-01-12 repeats on row 4 with a different value 1.03), and "
        "the file does not say which is right: delete the wrong row and refresh again"
    )
    # the same values twice (an export appended to an overlapping one) is harmless
    src.write_text(
        "date,QE500-1\n2024-01-05,1\n2024-01-12,1.01\n2024-01-12,1.01\n2024-01-19,1.03\n",
        encoding="utf-8",
    )
    result, kept, _, _ = _products_refresh(wb, src)
    assert result.updated == ["Indices", "Products"] and not kept


def test_refresh_keeps_the_previous_data_when_a_series_is_left_with_one_nav(tmp_path):
    wb = openpyxl.load_workbook(TEMPLATES / "quant_monitor.xlsx")
    src = tmp_path / "pool.csv"
    src.write_text("date,QE500-1,QE500-2\n2024-01-05,1,\n2024-01-12,1.01,1.02\n", encoding="utf-8")
    result, kept, untouched, log = _products_refresh(wb, src)
    assert result.kept == ["Products"] and kept and untouched
    assert log == [
        "kept the previous data: pool.csv: QE500-2 has 1 value left after the import, and a "
        "series needs at least 2: give it its values in the file, or delete its column"
    ]


def test_refresh_keeps_the_previous_data_when_the_new_data_is_far_less(tmp_path):
    """Once the analyst's data replaced the demo data (its marks blanked), a file holding less
    than half the dates or series of the sheet is kept out; with the sheet's rows deleted (as
    Excel does it: the names over them shrink to the header), it loads."""
    wb = openpyxl.load_workbook(TEMPLATES / "quant_monitor.xlsx")
    for name, dn in wb.defined_names.items():
        if name.startswith("demo_mark"):
            for sheet, ref in dn.destinations:
                for row in wb[sheet][ref.replace("$", "")] if ":" in ref else [[wb[sheet][ref]]]:
                    for cell in row:
                        cell.value = None
    dates = pd.bdate_range("2024-01-02", periods=30)
    src = _ttjj_csv(
        tmp_path / "QE500-1.csv", [(f"{d:%Y-%m-%d}", 1 + i / 100) for i, d in enumerate(dates)]
    )
    result, kept, untouched, log = _products_refresh(wb, src)
    assert result.kept == ["Products"] and kept and untouched
    assert log == [
        "kept the previous data: QE500-1.csv has 30 dates × 1 series, less than half of the "
        "1330 × 6 the sheet holds: if it is the file meant, delete the sheet's rows below its "
        "header and refresh again; else name the full file on Settings"
    ]
    ws = wb["Products"]
    ws.delete_rows(2, ws.max_row)
    for dn in wb.defined_names.values():
        if dn.attr_text.startswith("Products!"):
            dn.attr_text = dn.attr_text.replace("$1331", "$1")  # as Excel shrinks them
    result = refresh(OpenpyxlBook(wb), now=NOW)
    assert "Products" in result.updated
    assert ws.max_row == 31 and wb.defined_names["prod_dates"].attr_text == "Products!$A$1:$A$31"
