"""Golden tests in the XlsxWriter spirit: reopen the built templates and the rendered reports and
compare formulas, number formats, defined names and chart series references with expected ones.

Volatile parts are normalised: document timestamps, and the last row of data-sized ranges (they
follow the bundled data's length; the rendered files are checked against the spills instead).
"""

from __future__ import annotations

import importlib.util
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from fofxl_report.formulas import parse_ref

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _build_module():
    spec = importlib.util.spec_from_file_location("fofxl_template_build", TEMPLATES / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _formula(value: Any) -> str | None:
    if isinstance(value, ArrayFormula):
        return value.text
    if isinstance(value, str) and value.startswith("="):
        return value
    return None


def _charts(wb: Any) -> list[tuple[str, list[str]]]:
    out = []
    for ws in wb.worksheets:
        for chart in ws._charts:
            refs = []
            for ch in [chart, *getattr(chart, "_charts", [])]:
                for s in ch.series:
                    for attr in ("val", "cat"):
                        ds = getattr(s, attr)
                        if ds is not None:
                            ref = ds.numRef or ds.strRef
                            refs.append(ref.f)
            out.append((ws.title, refs))
    return out


_END_ROW = re.compile(r"(:\$?[A-Z]{1,3}\$)\d+$")


def structure(path: Path, normalise: bool = True) -> dict[str, Any]:
    """Formulas, names, number formats of formula cells, chart references of a workbook."""
    wb = openpyxl.load_workbook(path)
    norm = (lambda t: _END_ROW.sub(r"\1N", t)) if normalise else (lambda t: t)
    formulas, formats = {}, {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                text = _formula(cell.value)
                if text is not None:
                    formulas[f"{ws.title}!{cell.coordinate}"] = text
                if (
                    cell.has_style
                    and cell.number_format != "General"
                    and ws.title in ("Report", "Monitor")
                ):
                    formats[f"{ws.title}!{cell.coordinate}"] = cell.number_format
    names = {name: norm(dn.attr_text) for name, dn in wb.defined_names.items()}
    charts = [(sheet, [norm(r) for r in refs]) for sheet, refs in _charts(wb)]
    return {
        "formulas": formulas,
        "names": names,
        "formats": formats,
        "charts": charts,
        "sheets": wb.sheetnames,
    }


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("build")
    paths = _build_module().build_all(out, log=lambda _m: None)
    return {p.name: p for p in paths}


@pytest.mark.parametrize(
    "name",
    ["t0_environment.xlsx", "quant_monitor.xlsx", "screening.xlsx", "fof_portfolio.xlsx"],
)
def test_committed_templates_match_a_fresh_build(fresh, name):
    committed, built = structure(TEMPLATES / name), structure(fresh[name])
    for part in ("sheets", "formulas", "names", "formats", "charts"):
        assert committed[part] == built[part], f"{name}: {part} differ; run templates/build.py"


def test_t0_template_golden_cells():
    s = structure(TEMPLATES / "t0_environment.xlsx", normalise=False)
    f = s["formulas"]
    assert s["sheets"] == [
        "Report",
        "Figures",
        "Regimes",
        "Settings",
        "Market",
        "T0",
        "Neutral",
        "Calc",
        "Log",
        "xlwings.conf",
    ]
    # Table 1 on the union of the two indices' dates (each index's own years), each placed
    # on it exactly
    grid = (
        '_xlfn.VSTACK("date", _xlfn._xlws.SORT(_xlfn.UNIQUE(_xlfn.VSTACK(_xlfn.DROP(INDEX('
        "_xlfn.ANCHORARRAY(Calc!A1), 0, 1), 1), _xlfn.DROP(INDEX(_xlfn.ANCHORARRAY(Calc!E1), 0, "
        "1), 1)))))"
    )
    table1 = f["Report!B7"]
    assert table1.startswith(f"=FOF_PERF({grid}, _xlfn.HSTACK(_xlfn.VSTACK(set_t0_name, ")
    assert table1.count(f"FOF_ALIGN({grid}, INDEX(_xlfn.ANCHORARRAY(Calc!A1), 0, 1),") == 1
    assert table1.count(f"FOF_ALIGN({grid}, INDEX(_xlfn.ANCHORARRAY(Calc!E1), 0, 1),") == 1
    assert table1.count('"exact"') == 2
    assert table1.endswith('"year", set_rf, set_P, "ann_return,max_dd,sharpe,calmar")')
    assert f["Report!B23"] == (
        "=FOF_REGIMESTATS(INDEX(_xlfn.ANCHORARRAY(Calc!AM1), 0, 1), _xlfn.DROP("
        "_xlfn.ANCHORARRAY(Calc!AM1), 0, 1), mkt_dates, mkt_turnover, set_window, set_low, "
        "set_high)"
    )
    assert f["Calc!A1"] == (
        "=FOF_INDEX(t0_dates, t0_navs, set_freq, set_t0_min_age, set_max_gap, set_rebalance)"
    )
    assert f["Calc!AM1"] == "=FOF_RETURNS(t0_dates, t0_navs, set_freq)"
    # percent formats live in the template: Table 1 ann_return / max_dd rows, Table 3 mean
    assert s["formats"]["Report!D8"] == "0.00%"
    assert s["formats"]["Report!D9"] == "0.00%"
    assert s["formats"]["Report!D10"] == "0.00"
    assert s["formats"]["Report!E24"] == "0.00%"
    assert s["formats"]["Report!L24"] == "0.00"
    names = s["names"]
    assert names["set_window"] == "Settings!$B$5"
    assert names["set_low"] == "Settings!$B$6"
    assert names["last_refresh"].startswith("Settings!$B$")
    wb = openpyxl.load_workbook(TEMPLATES / "t0_environment.xlsx")
    last = wb["Market"].max_row
    assert names["mkt_dates"] == f"Market!$A$1:$A${last}"
    assert names["mkt_turnover"] == f"Market!$E$1:$E${last}"
    assert names["t0_navs"] == f"T0!$B$1:$J${wb['T0'].max_row}"
    assert wb["xlwings.conf"]["A1"].value == "UDF Modules"
    assert wb["xlwings.conf"]["B1"].value == "fofxl_addin.udfs"
    charts = dict.fromkeys(range(5))
    refs = [r for sheet, r in s["charts"] if sheet == "Figures"]
    assert len(refs) == len(charts)
    # live in Excel: each series reads a name that follows its block's spill
    assert refs[0][:2] == ["Calc!chart_I2", "Calc!chart_A2"]
    calc = wb["Calc"].defined_names
    assert calc["chart_I2"].attr_text == (
        "Calc!$I$2:INDEX(Calc!$I:$I,ROWS(_xlfn.ANCHORARRAY(Calc!$I$1)))"
    )
    assert calc["chart_A2"].attr_text == (
        "Calc!$A$2:INDEX(Calc!$A:$A,ROWS(_xlfn.ANCHORARRAY(Calc!$A$1)))"
    )


def test_fofxl_formulas_are_dynamic_arrays_in_the_file():
    """Excel 365 spills a formula only with the cell-metadata flag (cm=1): no @FOF_… shown."""
    for name in ("t0_environment.xlsx", "quant_monitor.xlsx"):
        with zipfile.ZipFile(TEMPLATES / name) as z:
            assert "xl/metadata.xml" in z.namelist()
            sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
            fof_cells = 0
            for part in sheets:
                xml = z.read(part).decode()
                for cell in re.findall(r"<c [^>]*>(?:(?!</c>).)*FOF_(?:(?!</c>).)*</c>", xml):
                    fof_cells += 1
                    assert 'cm="1"' in cell and 't="array"' in cell, cell[:200]
                    assert "#" not in re.sub(r'"[^"]*"', "", cell.split("<f")[1]), cell[:200]
            assert fof_cells >= 10


def test_quant_template_golden_cells():
    s = structure(TEMPLATES / "quant_monitor.xlsx", normalise=False)
    f = s["formulas"]
    assert f["Calc!BN1"] == (
        "=FOF_EXCESS(prod_dates, prod_navs, idx_dates, _xlfn.CHOOSECOLS(idx_closes, "
        "_xlfn.XMATCH(_xlfn.ANCHORARRAY(Calc!A1), idx_names)), set_excess_method)"
    )
    assert f["Calc!A1"] == (
        "=_xlfn.XLOOKUP(prod_names, bench_products, bench_names, "
        'IF(set_default_benchmark="", INDEX(idx_names, 1, 1), '
        "set_default_benchmark))"
    )
    assert f["Monitor!E7"] == (
        "=_xlfn.TRANSPOSE(_xlfn.TAKE(FOF_MAXDD(prod_dates, "
        "_xlfn.ANCHORARRAY(Calc!BN1), , set_report_date), -1))"
    )
    assert s["formats"]["Monitor!D7"] == "0.00%"
    assert s["formats"]["Monitor!G7"] == "yyyy-mm-dd"
    assert s["formats"]["Monitor!D30"] == "0.00%"  # rows beyond the demo's, for live Excel
    assert s["names"]["bench_products"] == "Settings!$A$24:$A$83"
    assert s["names"]["prod_names"] == "INDEX(prod_navs, 1, 0)"
    assert s["names"]["set_dd_days"] == "Settings!$B$6"


# ---------------------------------------------------------------- rendered reports
_BAD_TEXT = ("#VALUE!", "#SPILL!", "#NAME?", "#REF!", "#N/A", "Traceback", "FOF_")


def _assert_finished(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                assert _formula(v) is None, f"{ws.title}!{cell.coordinate} kept {v}"
                if isinstance(v, str) and ws.title not in ("Log", "xlwings.conf"):
                    assert not any(b in v for b in _BAD_TEXT), f"{ws.title}!{cell.coordinate}: {v}"


def _spill_end(ev: Any, ref: str) -> int:
    """Last row of the spill that the reference starts in (from the evaluator)."""
    node = parse_ref(ref)
    owner = ev.spill_owner[(node.sheet, node.min_row, node.min_col)]
    return owner[1] + len(ev.formulas[owner].result.rows) - 1


def test_rendered_t0_report_is_finished_and_charts_follow_spills(rendered):
    r = rendered["t0"]
    assert r["report"].issues == []
    _assert_finished(r["path"])
    wb = r["wb"]
    template = structure(TEMPLATES / "t0_environment.xlsx", normalise=False)
    out = structure(r["path"], normalise=False)
    assert out["names"] == template["names"]
    for cell, fmt in template["formats"].items():
        assert out["formats"].get(cell, fmt) == fmt, cell
    assert wb["Report"]["D8"].number_format == "0.00%"
    for sheet, refs in _charts(wb):
        assert sheet in ("Figures", "Regimes")
        if sheet == "Regimes":
            continue  # its per-product chart: tests/templates/test_regimes_page.py
        for ref in refs:
            node = parse_ref(ref)
            assert node.max_row == _spill_end(r["ev"], ref), ref
            assert node.max_row > node.min_row + 100


def test_rendered_chart_series_names_stay_single_cells(rendered):
    for key in ("t0", "quant"):
        for ws in rendered[key]["wb"].worksheets:
            for chart in ws._charts:
                for series in chart.series:
                    if series.tx is not None and series.tx.strRef is not None:
                        node = parse_ref(series.tx.strRef.f)
                        assert (node.min_row, node.min_col) == (node.max_row, node.max_col)


def _name_value(wb: Any, defined: str) -> Any:
    sheet, cell = next(iter(wb.defined_names[defined].destinations))
    return wb[sheet][cell.replace("$", "")].value


def test_rendered_index_charts_name_the_pools(rendered):
    # the index NAV and drawdown legends read the pool names set on Settings (not another
    # setting that happens to sit in a fixed row)
    wb = rendered["t0"]["wb"]
    pools = {_name_value(wb, "set_t0_name"), _name_value(wb, "set_mn_name")}
    legends = []
    for chart in wb["Figures"]._charts:
        names = []
        for series in chart.series:
            if series.tx is not None and series.tx.strRef is not None:
                node = parse_ref(series.tx.strRef.f)
                names.append(wb[node.sheet].cell(node.min_row, node.min_col).value)
        legends.append(names)
    index_legends = [names for names in legends if set(names) & pools]
    assert len(index_legends) == 2  # the NAV chart and the drawdown chart
    assert all(set(names) == pools for names in index_legends)


def test_rendered_quant_monitor_is_finished(rendered):
    r = rendered["quant"]
    assert r["report"].issues == []
    _assert_finished(r["path"])
    for _sheet, refs in _charts(r["wb"]):
        for ref in refs:
            node = parse_ref(ref)
            assert node.max_row == _spill_end(r["ev"], ref), ref
