"""The renderer's formula engine on small workbooks with stand-in functions.

Checks parsing (spill refs, prefixes, names, literals, precedence), dependency order across
sheets, spilling and #SPILL!, unsupported functions reported by cell, chart re-pointing, and
the file rules (never the template, atomic write).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import openpyxl
import pytest
import xlsxwriter

from fofxl_report.errors import RenderError
from fofxl_report.evaluate import Evaluator
from fofxl_report.formulas import Binary, Call, FormulaError, Literal, Name, Ref, Unary, parse
from fofxl_report.render import render


def _column(values):
    """A range as Excel hands it to a UDF without xlwings metadata: rows, or a scalar."""
    if not isinstance(values, list):
        return [values]
    return [r[0] if isinstance(r, list) else r for r in values]


def fof_double(values):
    """Each number × 2, as a column (what an aligned UDF returns)."""
    return [[None if v is None else 2 * v] for v in _column(values)]


def fof_table(dates, values):
    """date + value rows, blanks dropped (what a table UDF returns)."""
    rows = [["date", "value"]]
    for d, v in zip(_column(dates), _column(values), strict=True):
        if d is not None and v is not None:
            rows.append([d, v])
    return rows


def fof_sum2(rows):
    """Sum of a 2-D block (declared ndim=2, like xlwings' @xw.arg(ndim=2))."""
    return sum(v for r in rows for v in r if isinstance(v, (int, float)))


fof_sum2.__xlfunc__ = {"args": [{"name": "rows", "options": {"ndim": 2}}]}


def fof_opt(x, scale=10):
    """x × scale; the default comes from the signature when omitted."""
    return x * scale


fof_opt.__xlfunc__ = {
    "args": [{"name": "x", "options": {}}, {"name": "scale", "options": {}, "optional": 10}]
}


def fof_fail(x):
    raise ValueError("x=-1 is not allowed; use a positive number")


FUNCS = {
    "FOF_DOUBLE": fof_double,
    "FOF_TABLE": fof_table,
    "FOF_SUM2": fof_sum2,
    "FOF_OPT": fof_opt,
    "FOF_FAIL": fof_fail,
}


# ---------------------------------------------------------------- parser
def test_parse_spill_and_prefixes():
    node = parse("=_xlfn._xludf.FOF_DOUBLE(Data!B2#)")
    assert node == Call("FOF_DOUBLE", (Call("ANCHORARRAY", (Ref("Data", 2, 2, 2, 2),)),))
    assert parse("=_xlfn.ANCHORARRAY('My Sheet'!$C$3)") == Call(
        "ANCHORARRAY", (Ref("My Sheet", 3, 3, 3, 3),)
    )
    # a "#" inside a string literal is not a spill operator
    assert parse('=FOF_X("A1#")') == Call("FOF_X", (Literal("A1#"),))


def test_parse_precedence_names_and_missing_args():
    # 1 + 2*3 = 7 ; -2% ; names vs refs
    assert parse("=1+2*3") == Binary("+", Literal(1.0), Binary("*", Literal(2.0), Literal(3.0)))
    assert parse("=-2%") == Unary("-", Unary("%", Literal(2.0)))
    assert parse("=rf_rate") == Name("rf_rate")
    node = parse("=FOF_OPT(A1,)")
    assert isinstance(node, Call) and len(node.args) == 2
    assert parse("=A:A") == Ref(None, 1, 1, 1_048_576, 1)
    with pytest.raises(FormulaError):
        parse("=FOF_X(")


# ---------------------------------------------------------------- evaluation
def _book():
    wb = openpyxl.Workbook()
    data = wb.active
    data.title = "Data"
    data.append(["date", "nav"])
    for i in range(4):
        data.append([dt.datetime(2024, 1, 1 + i), 1.0 + i / 10 if i != 2 else None])
    wb.create_sheet("Report")
    return wb


def test_dependency_order_spill_and_names():
    wb = _book()
    rep = wb["Report"]
    # defined first, depends on a later cell and on another sheet's spill
    rep["A1"] = "=FOF_DOUBLE(B1#)"
    rep["B1"] = "=FOF_DOUBLE(Data!B2:B5)"
    rep["D1"] = "=FOF_TABLE(Data!A2:A5, navs)"
    rep["G1"] = "=FOF_SUM2(_xlfn.ANCHORARRAY(B1))"
    rep["G2"] = "=FOF_OPT(2)"
    rep["G3"] = "=FOF_OPT(2, 3)"
    rep["G4"] = "=INDEX(D1#, 3, 2) * 100"
    rep["G5"] = "=SUM(Data!B2:B5) + 1"
    from openpyxl.workbook.defined_name import DefinedName

    wb.defined_names["navs"] = DefinedName("navs", attr_text="Data!$B$2:$B$5")
    ev = Evaluator(wb, FUNCS)
    issues = ev.run()
    assert issues == []
    res = ev.results()
    # B1 = 2 × navs: 2.0, 2.2, blank, 2.6 ; A1 = 2 × B1
    assert [r[0] for r in res[("Report", 1, 2)].rows] == pytest.approx(
        [2.0, 2.2, None, 2.6], nan_ok=True
    ) or True
    assert res[("Report", 1, 2)].rows == [[2.0], [2.2], [None], [2.6]]
    assert res[("Report", 1, 1)].rows == [[4.0], [4.4], [None], [5.2]]
    assert res[("Report", 1, 4)].rows[0] == ["date", "value"]
    assert len(res[("Report", 1, 4)].rows) == 4  # blank row dropped
    assert res[("Report", 1, 7)].rows == [[pytest.approx(2.0 + 2.2 + 2.6)]]
    assert res[("Report", 2, 7)].rows == [[20]]
    assert res[("Report", 3, 7)].rows == [[6]]
    assert res[("Report", 4, 7)].rows == [[pytest.approx(110.0)]]  # row 3 of D1# = (Jan 2, 1.1)
    assert res[("Report", 5, 7)].rows == [[pytest.approx(1.0 + 1.1 + 1.3 + 1)]]
    # spilled values are visible to range reads
    assert ev.spilled[("Report", 4, 2)] == 2.6


def test_spill_collision_cycle_unsupported_and_udf_error():
    wb = _book()
    rep = wb["Report"]
    rep["A1"] = "=FOF_DOUBLE(Data!B2:B5)"
    rep["A3"] = "in the way"
    rep["C1"] = "=C2+1"
    rep["C2"] = "=C1+1"
    rep["E1"] = "=VLOOKUP(1, Data!A1:B5, 2, FALSE)"
    rep["F1"] = "=FOF_FAIL(1)"
    rep["G1"] = "=FOF_DOUBLE(F1#)"
    ev = Evaluator(wb, FUNCS)
    issues = {i.cell: i for i in ev.run()}
    assert "#SPILL!" in issues["Report!A1"].message and "Report!A3" in issues["Report!A1"].message
    assert "circular" in issues["Report!C1"].message or "circular" in issues["Report!C2"].message
    assert issues["Report!E1"].kind == "unsupported" and "VLOOKUP" in issues["Report!E1"].message
    assert "x=-1 is not allowed" in issues["Report!F1"].message
    assert "Report!F1" in issues["Report!G1"].message


def test_sort_and_unique_as_excel_orders_and_keeps_rows():
    # the union of two date columns (Table 1's grid): Excel's SORT(UNIQUE(VSTACK(a, b)))
    wb = openpyxl.Workbook()
    data = wb.active
    data.title = "Data"
    days = [dt.datetime(2024, 1, d) for d in (5, 12, 19)]
    for k, (a, b) in enumerate(
        zip(days, [days[2], dt.datetime(2023, 12, 29), days[0]], strict=True)
    ):
        data.append([a, b, ["b", "A", "a"][k], [3, True, "x"][k]])
    rep = wb.create_sheet("Report")
    rep["A1"] = "=_xlfn._xlws.SORT(_xlfn.UNIQUE(_xlfn.VSTACK(Data!A1:A3, Data!B1:B3)))"
    rep["B1"] = "=_xlfn._xlws.SORT(_xlfn.UNIQUE(_xlfn.VSTACK(Data!A1:A3, Data!B1:B3)), 1, -1)"
    rep["C1"] = "=_xlfn.UNIQUE(Data!C1:C3)"  # text compared with case ignored: 'A' = 'a'
    rep["D1"] = "=_xlfn._xlws.SORT(Data!D1:D3)"  # numbers, then text, then TRUE/FALSE
    rep["E1"] = "=_xlfn.UNIQUE(Data!C1:C3, TRUE)"
    ev = Evaluator(wb, FUNCS)
    issues = {i.cell: i for i in ev.run()}
    res = ev.results()
    union = [dt.datetime(2023, 12, 29), *days]
    assert res[("Report", 1, 1)].rows == [[d] for d in union]
    assert res[("Report", 1, 2)].rows == [[d] for d in reversed(union)]
    assert res[("Report", 1, 3)].rows == [["b"], ["A"]]
    assert res[("Report", 1, 4)].rows == [[3], ["x"], [True]]
    assert "UNIQUE" in issues["Report!E1"].message and list(issues) == ["Report!E1"]


# ---------------------------------------------------------------- files and charts
def _template(path):
    wb = xlsxwriter.Workbook(path)
    data = wb.add_worksheet("Data")
    rep = wb.add_worksheet("Report")
    data.write_row(0, 0, ["date", "nav"])
    datefmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for i in range(6):
        data.write_datetime(i + 1, 0, dt.datetime(2024, 1, 1 + i), datefmt)
        data.write_number(i + 1, 1, 1 + i / 100)
    pct = wb.add_format({"num_format": "0.00%"})
    rep.set_column("B:B", 12, pct)
    rep.write_dynamic_array_formula("A1", "=FOF_TABLE(Data!A2:A20, Data!B2:B20)")
    rep.write_dynamic_array_formula("D1", "=FOF_VERSION()")
    chart = wb.add_chart({"type": "line"})
    chart.add_series(
        {"categories": "=Report!$A$2:$A$3", "values": "=Report!$B$2:$B$3", "name": "=Report!$B$1"}
    )
    rep.insert_chart("F2", chart)
    for kind in ("column", "scatter"):
        other = wb.add_chart({"type": kind})
        other.add_series({"categories": "=Report!$A$2:$A$3", "values": "=Report!$B$2:$B$3"})
        rep.insert_chart("F20" if kind == "column" else "F40", other)
    wb.define_name("navs", "=Data!$B$2:$B$20")
    wb.close()


def test_render_file_values_styles_charts_and_rules(tmp_path):
    src = tmp_path / "t.xlsx"
    _template(src)
    funcs = dict(FUNCS, FOF_VERSION=lambda: "9.9")
    with pytest.raises(RenderError, match="template itself"):
        render(src, src, functions=funcs)
    out = tmp_path / "out" / "r.xlsx"
    report = render(src, out, functions=funcs)
    assert report.issues == []
    assert report.charts == 3
    assert [p.name for p in out.parent.iterdir()] == ["r.xlsx"]  # no temp file left
    wb = openpyxl.load_workbook(out)
    rep = wb["Report"]
    assert rep["A1"].value == "date" and rep["D1"].value == "9.9"
    assert rep["A7"].value == dt.datetime(2024, 1, 6) and rep["B7"].value == pytest.approx(1.05)
    assert rep["A7"].number_format == "yyyy-mm-dd"
    assert rep["B7"].number_format == "0.00%"  # from the template's column format
    chart = rep._charts[0]
    assert chart.series[0].val.numRef.f == "Report!$B$2:$B$7"
    assert chart.series[0].cat.numRef.f == "Report!$A$2:$A$7"
    # lines are drawn straight by LibreOffice too (its default smooths them); bars have no flag
    smooth = {c.tagname: [s.smooth for s in c.series] for c in rep._charts}
    assert smooth == {"lineChart": [False], "barChart": [None], "scatterChart": [False]}
    with zipfile.ZipFile(out) as book:
        charts = [book.read(n).decode() for n in book.namelist() if n.startswith("xl/charts/")]
    flags = [len(re.findall(r'<(?:\w+:)?smooth val="(?:0|false)"\s*/>', c)) for c in charts]
    assert sorted(flags) == [0, 1, 1]  # (lxml writes <smooth val="0"/>, ElementTree a space)
    assert "navs" in wb.defined_names
    # the template is untouched
    again = openpyxl.load_workbook(src)
    assert again["Report"]["A1"].value.text == "=FOF_TABLE(Data!A2:A20, Data!B2:B20)"


@pytest.mark.parametrize(
    ("sheet", "written"),
    [
        ("Market", "Market"),
        ("2024", "'2024'"),
        ("My sheet", "'My sheet'"),
        ("O'Brien", "'O''Brien'"),
    ],
)
def test_sheet_names_are_quoted_once_the_way_excel_reads_them(sheet, written):
    from fofxl_report.evaluate import cell_name
    from fofxl_report.formulas import parse_ref, quote_sheet

    # Excel needs quotes around a name that starts with a digit or holds spaces or quotes
    assert quote_sheet(sheet) == written
    assert cell_name((sheet, 2, 3)) == f"{written}!C2"
    assert parse_ref(f"{written}!$A$1:$B$3").sheet == sheet


def test_refresh_resizes_names_on_a_sheet_named_like_a_year():
    from fofxl_report.books import OpenpyxlBook, resize_names

    wb = openpyxl.Workbook()
    wb.active.title = "2024"
    wb.defined_names["d_dates"] = openpyxl.workbook.defined_name.DefinedName(
        "d_dates", attr_text="'2024'!$A$1:$A$3"
    )
    book = OpenpyxlBook(wb)
    assert resize_names(book, "2024", (3, 1), (5, 1)) == ["d_dates"]
    assert book.names()["d_dates"].lstrip("=") == "'2024'!$A$1:$A$5"


def test_a_panels_header_row_name_follows_its_new_columns():
    # QA17 FP-04: idx_names (Indices!$B$1:$E$1) stayed 4 columns while idx_closes grew to G,
    # so a benchmark in the 5th column was "not in the list"
    from fofxl_report.books import OpenpyxlBook, resize_names

    wb = openpyxl.Workbook()
    wb.active.title = "Indices"
    for name, ref in (("idx_names", "$B$1:$E$1"), ("idx_closes", "$B$1:$E$30"),
                      ("idx_first", "$B$1:$B$1")):  # fmt: skip
        wb.defined_names[name] = openpyxl.workbook.defined_name.DefinedName(
            name, attr_text=f"Indices!{ref}"
        )
    book = OpenpyxlBook(wb)
    assert sorted(resize_names(book, "Indices", (30, 5), (40, 7))) == ["idx_closes", "idx_names"]
    names = {k: v.lstrip("=") for k, v in book.names().items()}
    assert names["idx_names"] == "Indices!$B$1:$G$1"  # the header row alone, wider
    assert names["idx_closes"] == "Indices!$B$1:$G$40"
    assert names["idx_first"] == "Indices!$B$1:$B$1"  # one cell: not a panel's names
