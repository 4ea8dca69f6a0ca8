"""``fofxl render`` and ``fofxl demo`` from the command line, and the PDF through LibreOffice."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
import xlsxwriter

from fofxl_report import demo as demo_module
from fofxl_report import pdf as pdf_module
from fofxl_report import render as render_module
from fofxl_report.cli import main
from fofxl_report.demo import run_demo

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
T0 = TEMPLATES / "t0_environment.xlsx"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "templates"))
from _report_helpers import sheet_frame  # noqa: E402


def test_render_refuses_the_template_as_output(tmp_path, capsys):
    copy = tmp_path / "t.xlsx"
    shutil.copy(T0, copy)
    before = copy.read_bytes()
    assert main(["render", str(copy), "-o", str(copy)]) == 2
    err = capsys.readouterr().err
    assert "is the template itself" in err and "Traceback" not in err
    assert copy.read_bytes() == before


def test_render_missing_template_is_one_line(tmp_path, capsys):
    assert main(["render", str(tmp_path / "nope.xlsx"), "-o", str(tmp_path / "o.xlsx")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "does not exist" in err[0]


def test_render_with_data_injects_and_resizes_names(tmp_path, capsys):
    wb = openpyxl.load_workbook(T0)
    market = sheet_frame(wb["Market"]).iloc[:-250]
    csv = tmp_path / "market.csv"
    market.to_csv(csv, index_label="日期", header=["收盘价", "最高价", "最低价", "换手率"])
    out = tmp_path / "r.xlsx"
    assert main(["render", str(T0), "--data", f"Market={csv}", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "sheet Market" in text and "mkt_dates" in text
    done = openpyxl.load_workbook(out)
    assert done["Market"].max_row == len(market) + 1
    assert done.defined_names["mkt_dates"].attr_text == f"Market!$A$1:$A${len(market) + 1}"
    assert done["Report"]["B7"].value == "series"


def test_render_bad_data_sheet_name_is_clear(tmp_path, capsys):
    csv = tmp_path / "prices.csv"
    csv.write_text("date,close\n2024-01-02,1\n", encoding="utf-8")
    assert main(["render", str(T0), "--data", str(csv), "-o", str(tmp_path / "o.xlsx")]) == 2
    assert "no sheet named 'prices'" in capsys.readouterr().err


def test_render_reports_a_non_fofxl_formula_by_cell_and_keeps_it(tmp_path, capsys):
    src = tmp_path / "t.xlsx"
    wb = xlsxwriter.Workbook(src)
    ws = wb.add_worksheet("Sheet1")
    ws.write_column("A1", [1, 2, 3])
    ws.write_formula("C1", "=VLOOKUP(2, A1:A3, 1, FALSE)")
    ws.write_dynamic_array_formula("D1", "=FOF_VERSION()")
    wb.close()
    out = tmp_path / "o.xlsx"
    assert main(["render", str(src), "-o", str(out)]) == 0
    text = capsys.readouterr().err  # a warning as every other (QA13)
    assert "fofxl render: warning: Sheet1!C1: uses VLOOKUP" in text
    done = openpyxl.load_workbook(out)
    assert done["Sheet1"]["C1"].value == "=VLOOKUP(2, A1:A3, 1, FALSE)"
    assert isinstance(done["Sheet1"]["D1"].value, str)
    assert not done["Sheet1"]["D1"].value.startswith("=")


def test_render_pdf_without_libreoffice_says_so(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(pdf_module, "soffice_path", lambda: None)
    assert main(["render", str(T0), "-o", str(tmp_path / "o.xlsx"), "--pdf"]) == 2
    err = capsys.readouterr().err
    assert "needs LibreOffice (soffice)" in err


def test_demo_renders_both_reports_and_prints_tables(tmp_path, capsys):
    lines: list[str] = []
    assert run_demo(tmp_path / "demo", pdf=False, echo=lines.append) == 0
    text = "\n".join(lines)
    lines = text.splitlines()
    assert (tmp_path / "demo" / "t0_environment.xlsx").exists()
    assert (tmp_path / "demo" / "quant_monitor.xlsx").exists()
    assert "Table 1" in text and "Table 3" in text
    assert any(line.startswith("T0策略") and "ann_return" in line and "%" in line for line in lines)
    assert any(line.startswith("high") for line in lines)
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_pdf_of_a_rendered_report_through_libreoffice(tmp_path):
    report = render_module.render(T0, tmp_path / "t0.xlsx", pdf=True)
    assert report.pdf == tmp_path / "t0.pdf" and report.pdf.stat().st_size > 50_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t0.pdf", "t0.xlsx"]
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(report.pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert "T0策略" in text and "Table 3" in text and "ann_return" in text
        assert "#VALUE" not in text and "FOF_" not in text
        assert "Figure 2" in text  # the figures sheet printed, the data sheets not
        assert "MN-01" not in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_templates_themselves_open_in_libreoffice(tmp_path):
    """The templates (formulas, not values) load and convert in LibreOffice without repair."""
    copies = []
    for name in ("t0_environment.xlsx", "quant_monitor.xlsx"):
        shutil.copy(TEMPLATES / name, tmp_path / name)
        copies.append(tmp_path / name)
    pdfs = pdf_module.convert_pdf(*copies)
    assert [p.name for p in pdfs] == ["t0_environment.pdf", "quant_monitor.pdf"]
    assert all(p.stat().st_size > 10_000 for p in pdfs)


def test_render_and_demo_say_which_files_they_replaced(tmp_path, capsys):
    out = tmp_path / "report.xlsx"
    out.write_text("existing report", encoding="utf-8")
    assert main(["render", str(T0), "-o", str(out)]) == 0
    assert f"wrote {out} (replaced the existing file)" in capsys.readouterr().out
    assert main(["render", str(T0), "-o", str(tmp_path / "new.xlsx")]) == 0
    assert "replaced" not in capsys.readouterr().out
    lines: list[str] = []
    assert run_demo(tmp_path / "demo", pdf=False, echo=lines.append) == 0
    assert not any("replaced" in line for line in lines)
    lines.clear()
    assert run_demo(tmp_path / "demo", pdf=False, echo=lines.append) == 0
    replaced = [line for line in lines if "replaced" in line]
    assert len(replaced) == 1 and "4 files of an earlier run" in replaced[0], replaced
    assert "t0_environment.xlsx" in replaced[0]


def test_render_a_folder_as_template_is_one_line(tmp_path, capsys):
    folder = tmp_path / "f"
    folder.mkdir()
    assert main(["render", str(folder), "-o", str(tmp_path / "x.xlsx")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is a folder, not a file" in err[0], err
    assert not (tmp_path / "x.xlsx").exists()


def test_xlsm_output_only_from_a_macro_template(tmp_path, capsys):
    from fofxl_report.starter import write_starter_workbook

    assert main(["render", str(T0), "-o", str(tmp_path / "r.xlsm")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "has no macros" in err[0] and ".xlsx" in err[0], err
    assert not (tmp_path / "r.xlsm").exists()
    macro = write_starter_workbook(tmp_path / "starter.xlsm")
    for name, vba in (("r.xlsm", True), ("r.xlsx", False)):
        out = tmp_path / name
        assert main(["render", str(macro), "-o", str(out)]) == 0, capsys.readouterr().err
        with zipfile.ZipFile(out) as archive:
            types = archive.read("[Content_Types].xml").decode()
            assert ("xl/vbaProject.bin" in archive.namelist()) is vba
        assert ("macroEnabled" in types) is vba
        assert ("sheet.main+xml" in types) is not vba


def test_a_missing_argument_names_it_in_the_cell_without_a_traceback(tmp_path):
    src = tmp_path / "analyst.xlsx"
    wb = xlsxwriter.Workbook(src)
    ws = wb.add_worksheet("Data")
    ws.write_row("A1", ["date", "fund"])
    for i in range(10):
        ws.write_datetime(i + 1, 0, dt.datetime(2024, 1, 5) + dt.timedelta(weeks=i))
        ws.write_number(i + 1, 1, 1 + i / 100)
    report = wb.add_worksheet("Report")
    report.write_dynamic_array_formula("A1", "=FOF_MAXDD(Data!A2:A11)")
    report.write_dynamic_array_formula("A2", "=FOF_MAXDD(Data!A2:A11,Data!B2:B11,,,1)")
    wb.close()
    out = tmp_path / "out.xlsx"
    run = subprocess.run(
        [sys.executable, "-m", "fofxl_report.cli", "render", str(src), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    done = openpyxl.load_workbook(out)["Report"]
    assert done["A1"].value == (
        "#VALUE! FOF_MAXDD: navs (the 2nd argument) is missing: "
        "FOF_MAXDD(dates, navs, [start], [end])"
    )
    assert done["A2"].value.startswith("#VALUE! FOF_MAXDD: takes at most 4 arguments, not 5")
    assert done["A1"].value in run.stderr


def test_ctrl_c_in_demo_leaves_no_printable_copies(tmp_path, monkeypatch):
    real = render_module.render
    calls = []

    def render_twice(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(demo_module, "render", render_twice)
    with pytest.raises(KeyboardInterrupt, match="wrote 2 of 4 workbooks"):
        run_demo(tmp_path / "demo", pdf=True, echo=lambda _line: None)
    assert sorted(p.name for p in (tmp_path / "demo").iterdir()) == [
        "quant_monitor.xlsx",
        "t0_environment.xlsx",
    ]


def test_data_goes_only_into_a_data_sheet(tmp_path, capsys):
    csv = tmp_path / "funds.csv"
    csv.write_text("date,A\n2024-01-05,1.0\n2024-01-12,1.1\n", encoding="utf-8")
    out = tmp_path / "o.xlsx"
    for sheet in ("Report", "Settings", "nosuch"):
        assert main(["render", str(T0), "--data", f"{sheet}={csv}", "-o", str(out)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].endswith("the data sheets are Market, T0, Neutral"), err
        assert "xlwings.conf" not in err[0]
        assert not out.exists()
    # a workbook that declares no data sheet: any sheet but one holding formulas
    src = tmp_path / "own.xlsx"
    wb = xlsxwriter.Workbook(src)
    wb.add_worksheet("Data").write_row("A1", ["date", "A"])
    wb.add_worksheet("Report").write_dynamic_array_formula("A1", "=FOF_VERSION()")
    wb.close()
    assert main(["render", str(src), "--data", f"Report={csv}", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Report holds formulas" in err[0], err
    assert main(["render", str(src), "--data", f"Data={csv}", "-o", str(out)]) == 0


def test_demo_folder_problems_are_said_for_demo(tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "fofxl-demo"
    blocker.write_text("x", encoding="utf-8")
    assert run_demo(blocker, pdf=False, echo=lambda _line: None) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "exists and is not a folder" in err[0], err
    blocker.unlink()
    (blocker / "t0_environment.xlsx").mkdir(parents=True)
    assert run_demo(blocker, pdf=False, echo=lambda _line: None) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "t0_environment.xlsx is a folder" in err[0], err
    assert "-o " not in err[0]

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(demo_module.tempfile, "TemporaryFile", refuse)
    assert run_demo(tmp_path / "ro", pdf=False, echo=lambda _line: None) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "run fofxl demo in a folder you can write to" in err[0], err
    assert "output file" not in err[0]


def test_set_on_a_workbook_without_settings_says_so(tmp_path, capsys):
    src = tmp_path / "own.xlsx"
    wb = xlsxwriter.Workbook(src)
    wb.add_worksheet("Report").write_dynamic_array_formula("A1", "=FOF_VERSION()")
    wb.close()
    assert main(["render", str(src), "--set", "window=3Y", "-o", str(tmp_path / "o.xlsx")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "has no settings" in err[0] and "drop --set" in err[0], err


def test_a_mistyped_fofxl_function_is_named_with_a_suggestion(tmp_path, capsys):
    src = tmp_path / "own.xlsx"
    wb = xlsxwriter.Workbook(src)
    wb.add_worksheet("Report").write_formula("A1", "=FOF_PREF(B1:B3, C1:C3)")
    wb.close()
    # a typo fails the render (exit 1), its formula kept as written for the analyst to fix
    assert main(["render", str(src), "-o", str(tmp_path / "o.xlsx")]) == 1
    said = capsys.readouterr().err.strip().splitlines()
    assert said[0].startswith("fofxl render: warning: Report!A1: ") and (
        "FOF_PREF is not an fofxl function (did you mean FOF_PERF?)" in said[0]
    ), said
    assert said[1:] == [
        "fofxl render: error: 1 formula calling a function fofxl does not have (see the "
        "warnings above): fix the name in the template"
    ]
    kept = openpyxl.load_workbook(tmp_path / "o.xlsx")["Report"]["A1"].value
    assert kept.replace(" ", "") == "=FOF_PREF(B1:B3,C1:C3)"
    # a function the renderer does not evaluate (Excel will) is still a warning: exit 0
    wb = xlsxwriter.Workbook(src)
    wb.add_worksheet("Report").write_formula("A1", "=ROUND(1.234, 1)")
    wb.close()
    assert main(["render", str(src), "-o", str(tmp_path / "o.xlsx")]) == 0


def test_date_settings_outside_the_data_are_said_once(tmp_path, capsys):
    screening = TEMPLATES / "screening.xlsx"
    days = [dt.date(2005, 1, 7) + dt.timedelta(weeks=i) for i in range(80)]
    pool, idx = tmp_path / "pool.csv", tmp_path / "idx.csv"
    pool.write_text(
        "date,A,B\n" + "".join(f"{d},{1 + i / 100},{1 + i / 90}\n" for i, d in enumerate(days))
    )
    idx.write_text("date,csi500\n" + "".join(f"{d},{100 + i}\n" for i, d in enumerate(days)))
    data = ["--data", f"Pool={pool}", "--data", f"Indices={idx}"]
    out = str(tmp_path / "o.xlsx")
    main(["render", str(screening), *data, "-o", out])
    warnings = [x for x in capsys.readouterr().err.splitlines() if "warning" in x]
    assert len(warnings) == 1, warnings
    said = warnings[0]
    assert "report_date 2024-06-28, start 2021-07-01, end 2024-06-28 lie outside" in said
    assert "Pool 2005-01-07–2006-07-14" in said and "--set report_date=YYYY-MM-DD" in said
    dates = [
        "--set",
        "report_date=2006-06-30",
        "--set",
        "start=2005-06-01",
        "--set",
        "end=2006-06-30",
        "--set",
        "fund=A",  # (the template's fund is not in this pool)
    ]
    assert main(["render", str(screening), *data, *dates, "-o", out]) == 0
    assert "warning" not in capsys.readouterr().err


def test_a_date_outside_one_data_sheet_alone_says_which(tmp_path, capsys):
    # QA17 T0-29: the pool ends a year before the indices; the report date is the indices'
    # last: it was "outside the dates of the data, so the report has little or nothing to show"
    screening = TEMPLATES / "screening.xlsx"
    days = [dt.date(2005, 1, 7) + dt.timedelta(weeks=i) for i in range(130)]
    pool, idx = tmp_path / "pool.csv", tmp_path / "idx.csv"
    pool.write_text(
        "date,A,B\n" + "".join(f"{d},{1 + i / 100},{1 + i / 90}\n" for i, d in enumerate(days[:80]))
    )
    idx.write_text("date,csi500\n" + "".join(f"{d},{100 + i}\n" for i, d in enumerate(days)))
    data = ["--data", f"Pool={pool}", "--data", f"Indices={idx}"]
    dates = ["--set", "report_date=2007-06-29", "--set", "start=2005-06-01"]
    dates += ["--set", "end=2007-06-29", "--set", "fund=A"]
    main(["render", str(screening), *data, *dates, "-o", str(tmp_path / "o.xlsx")])
    warnings = [x for x in capsys.readouterr().err.splitlines() if "warning" in x]
    assert warnings == [
        "fofxl render: warning: report_date 2007-06-29, end 2007-06-29 lie outside the dates of "
        "Pool 2005-01-07–2006-07-14 (inside those of Indices), so what the report shows of Pool "
        "does not reach them; if that is not meant, give the data up to that date, or set the "
        "date inside: --set report_date=YYYY-MM-DD --set end=YYYY-MM-DD"
    ]


@pytest.mark.parametrize("name", demo_module.TEMPLATES)
def test_the_templates_dates_fit_their_own_data(tmp_path, name):
    assert render_module.render(TEMPLATES / name, tmp_path / name).warnings == []


def test_data_from_a_named_worksheet(tmp_path, capsys):
    book = tmp_path / "T0 产品净值.xlsx"
    wb = xlsxwriter.Workbook(book)
    wb.add_worksheet("说明").write("A1", "自有数据")
    navs = wb.add_worksheet("净值")
    navs.write_row("A1", ["date", "F1", "F2"])
    for i in range(60):
        navs.write_row(i + 1, 0, [f"2023-{1 + i // 5:02d}-{1 + 5 * (i % 5):02d}", 1 + i / 100, 1])
    wb.close()
    out = tmp_path / "o.xlsx"
    assert main(["render", str(T0), "--data", f"T0={book}#净值", "-o", str(out)]) in (0, 1)
    assert openpyxl.load_workbook(out)["T0"]["B1"].value == "F1"
    assert "T0 产品净值.xlsx → sheet T0: 60 rows × 2 columns" in capsys.readouterr().out
    out.unlink()
    csv = tmp_path / "f.csv"
    csv.write_text("date,A\n2024-01-05,1.0\n2024-01-12,1.1\n", encoding="utf-8")
    for spec, said in [
        (f"T0={book}#NAV", "there is no sheet 'NAV'; the sheets are: 说明, 净值."),
        (f"T0={csv}#NAV", "f.csv is not one; drop #NAV"),
        (f"T0={tmp_path / 'none.xlsx'}#净值", "none.xlsx does not exist"),
    ]:
        assert main(["render", str(T0), "--data", spec, "-o", str(out)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].endswith(said), err
        assert not out.exists()
    # a file whose name holds '#' is read whole; -o may not be it however spelled
    odd = tmp_path / "T0#1.csv"
    odd.write_text(csv.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["render", str(T0), "--data", f"T0={odd}", "-o", str(out)]) in (0, 1)
    assert main(["render", str(T0), "--data", f"T0={book}#净值", "-o", str(book)]) == 2
    assert "is the data file" in capsys.readouterr().err


def test_render_says_what_it_is_doing_before_the_long_steps(tmp_path, capsys):
    out = tmp_path / "s.xlsx"
    assert main(["render", str(TEMPLATES / "screening.xlsx"), "-o", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines.index("evaluating 16 formulas …")
        < lines.index("evaluated 16/16 formulas, 1 chart re-pointed")
        < lines.index("writing s.xlsx …")
        < lines.index(f"wrote {out}")
    )


def test_ticker_says_where_it_is_every_few_seconds(monkeypatch):
    said: list[str] = []
    clock = iter([0.0, 0.0, 3.0, 6.0, 7.0])
    monkeypatch.setattr(render_module, "time", SimpleNamespace(perf_counter=lambda: next(clock)))
    ticker = render_module._Ticker(said.append)
    for done in range(4):
        ticker(done, 4)
    assert said == ["evaluating 4 formulas …", "  … 2/4"]
    assert render_module.plural(1, "chart") == "1 chart"


def test_help_tells_the_templates_and_the_exit_codes(capsys):
    for argv in (["--help"], ["demo", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
    text = capsys.readouterr().out
    assert "0    done" in text and "130  interrupted (Ctrl-C)" in text
    assert "some formulas failed" in text and "a user error" in text
    assert "four bundled report templates" in text and "fund screening" in text
    assert "both" not in text


def test_each_formula_is_parsed_once_in_a_render_with_settings(tmp_path, monkeypatch):
    # the --set check, the evaluator and the defined names the formulas read share the parses
    from collections import Counter

    from fofxl_report import formulas

    seen: Counter[str] = Counter()
    parse = formulas._Parser.parse

    def counted(self):
        seen[self.formula] += 1
        return parse(self)

    monkeypatch.setattr(formulas._Parser, "parse", counted)
    out = tmp_path / "o.xlsx"
    assert main(["render", str(T0), "--set", "window=3Y", "-o", str(out)]) == 0
    assert any("set_window" in text.lower() for text in seen)  # the check read them
    assert seen and max(seen.values()) == 1, seen.most_common(3)


#: weekly NAVs whose max drawdown is 0.99 / 1.02 − 1 (the fall from week 2 to week 3)
_NAVS = [1.0, 1.02, 0.99, 1.05, 1.04, 1.08, 1.10, 1.07]
_MAX_DD = 0.99 / 1.02 - 1


def _nested_book(path: Path, formulas: dict[str, str]) -> Path:
    """A sheet of dated NAVs (A1:B9) and ``formulas`` by cell."""
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Report")
    ws.write_row(0, 0, ["date", "nav"])
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    for i, nav in enumerate(_NAVS, 1):
        ws.write_datetime(i, 0, dt.datetime(2024, 1, 5) + dt.timedelta(weeks=i - 1), day)
        ws.write_number(i, 1, nav)
    for cell, formula in formulas.items():
        ws.write_formula(cell, formula)
    wb.close()
    return path


def test_a_fofxl_call_inside_a_function_the_renderer_does_not_evaluate_gets_its_value(
    tmp_path, capsys
):
    src = _nested_book(
        tmp_path / "nested.xlsx",
        {
            "D1": '=ROUND(FOF_STAT(A1:A9, B1:B9, "max_dd"), 2)',
            "D2": '=ROUNDUP(FOF_STAT(A1:A9, B1:B9, "max_dd"), 3) * 100',
        },
    )
    out = tmp_path / "out.xlsx"
    assert main(["render", str(src), "-o", str(out)]) == 0
    said = capsys.readouterr().err
    assert "fofxl render: warning: Report!D1: uses ROUND" in said
    assert "values of its fofxl calls written in" in said
    ws = openpyxl.load_workbook(out)["Report"]
    d1, d2 = ws["D1"].value, ws["D2"].value
    assert d1.startswith("=ROUND((") and d1.endswith("), 2)") and "FOF_" not in d1, d1
    assert float(d1[len("=ROUND((") : -len("), 2)")]) == pytest.approx(_MAX_DD, abs=1e-15)
    assert d2.startswith("=ROUNDUP((") and d2.endswith("), 3) * 100"), d2


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext not installed",
)
def test_libreoffice_computes_the_function_around_a_fofxl_call(tmp_path):
    src = _nested_book(
        tmp_path / "nested.xlsx", {"D1": '=ROUND(FOF_STAT(A1:A9, B1:B9, "max_dd"), 2) * 1000'}
    )
    report = render_module.render(src, tmp_path / "out.xlsx", pdf=True)
    assert report.pdf is not None
    text = subprocess.run(
        ["pdftotext", "-layout", str(report.pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert f"{round(_MAX_DD, 2) * 1000:g}" in text.split() and "#NAME?" not in text, text


def test_a_fofxl_array_inside_a_function_the_renderer_does_not_evaluate_is_said(tmp_path, capsys):
    formula = "=SUM(ROUND(FOF_RETURNS(A1:A9, B1:B9), 3))"
    src = _nested_book(tmp_path / "nested.xlsx", {"D1": formula})
    out = tmp_path / "out.xlsx"
    assert main(["render", str(src), "-o", str(out)]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "D1" in line]
    assert len(lines) == 1 and lines[0].startswith("fofxl render: warning: Report!D1: uses ROUND")
    assert "FOF_RETURNS, which spills 8×2 values" in lines[0]
    assert "only Excel with fofxl computes this formula" in lines[0] and "#NAME?" in lines[0]
    assert openpyxl.load_workbook(out)["Report"]["D1"].value == formula


def test_a_failing_fofxl_call_inside_a_function_fails_its_formula(tmp_path, capsys):
    src = _nested_book(tmp_path / "nested.xlsx", {"D1": '=ROUND(FOF_STAT(A1:A9, B1:B9, "x"), 2)'})
    out = tmp_path / "out.xlsx"
    assert main(["render", str(src), "-o", str(out)]) == 1
    assert "Report!D1: #VALUE! FOF_STAT: metric='x' is not known" in capsys.readouterr().err
    assert openpyxl.load_workbook(out)["Report"]["D1"].value.startswith("#VALUE! FOF_STAT:")


# ---------------------------------------------------------------- QA13: what the console says
SCREENING = TEMPLATES / "screening.xlsx"


def _ttjj_csv(path: Path, navs: list[float], again: dict[int, float] | None = None) -> Path:
    """A 天天基金 single-fund export of weekly NAVs from 2019-01-04: GBK, newest first,
    单位净值 = 累计净值, a blank 日增长率; ``again`` = {k: nav}: week k listed a second time."""
    fridays = [dt.date(2019, 1, 4) + dt.timedelta(weeks=k) for k in range(len(navs))]
    rows = [(d, v) for d, v in zip(fridays, navs, strict=True)]
    for k, v in sorted((again or {}).items(), reverse=True):
        rows.insert(k + 1, (fridays[k], v))
    lines = ["净值日期,单位净值,累计净值,日增长率,申购状态,赎回状态,分红送配"]
    lines += [f"{d:%Y-%m-%d},{v:.4f},{v:.4f},,开放申购,开放赎回," for d, v in reversed(rows)]
    path.write_bytes(("\n".join(lines) + "\n").encode("gbk"))
    return path


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_render_says_the_imports_warnings_on_the_console(tmp_path, capsys):
    """E23/E24: a date listed twice with other NAVs and a NAV of −1.02 are said on the console,
    one warning line each (not only on the Log sheet); the render goes on, exit 0."""
    navs = [1 + k / 300 for k in range(287)]
    navs[100] = -1.02
    csv = _ttjj_csv(tmp_path / "股票多头01.csv", navs, again={200: navs[200] + 0.001})
    data = _sha(csv)
    out = tmp_path / "o.xlsx"
    assert main(["render", str(SCREENING), "--data", f"Pool={csv}", "-o", str(out)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "fofxl render: warning: 股票多头01.csv: row 88 (股票多头01): '1.6677' date 2022-11-04 "
        "repeats on row 89 with a different 单位净值 1.6667, 累计净值 1.6667; kept row 89, the "
        "later of the two in the file (the file does not say which is right): check it and "
        "delete the other row",
        "fofxl render: warning: 股票多头01.csv: row 189 (股票多头01): '-1.02' must be > 0: value "
        "dropped",
        "fofxl render: warning: 股票多头01.csv: column 日增长率 is blank: no value in any row, so "
        "it holds no series",
    ]
    assert _sha(csv) == data
    # many: the first five, then how many more the Log sheet has
    for k in (10, 20, 30, 40, 50, 60):
        navs[k] = -1.0
    _ttjj_csv(csv, navs)
    assert main(["render", str(SCREENING), "--data", f"Pool={csv}", "-o", str(out)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 6 and all(
        e.startswith("fofxl render: warning: 股票多头01.csv: ") for e in err
    )
    assert err[-1] == ("fofxl render: warning: 股票多头01.csv: and 3 more: see the Log sheet")


def test_data_given_twice_for_one_sheet_is_refused(tmp_path, capsys):
    """M2: the second file would replace the first; one line naming the sheet, exit 2, the
    existing output left as it was."""
    first = _ttjj_csv(tmp_path / "甲基金.csv", [1 + k / 300 for k in range(287)])
    second = _ttjj_csv(tmp_path / "乙基金.csv", [1 + k / 500 for k in range(287)])
    out = tmp_path / "o.xlsx"
    out.write_bytes(b"the analyst's earlier report")
    before = _sha(out)
    args = ["render", str(SCREENING), "--data", f"Pool={first}", "--data", f"pool={second}"]
    assert main([*args, "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"fofxl render: error: --data pool={second}: sheet Pool already has --data "
        f"Pool={first}, and each file replaces the sheet's contents; give one file per sheet "
        f"(join them first: fofxl import {first} {second} --out Pool.csv)"
    ]
    assert _sha(out) == before


def test_data_into_a_renamed_data_sheet_names_the_setting(tmp_path, capsys):
    """M1: the analyst renamed Pool to 基金池 (Excel moves the names over the sheet, not
    fields_pool); --data 基金池=… says that Settings' fields_pool still names sheet pool."""
    wb = openpyxl.load_workbook(SCREENING)
    wb["Pool"].title = "基金池"
    for dn in wb.defined_names.values():
        dn.attr_text = dn.attr_text.replace("Pool!", "'基金池'!")
    src = tmp_path / "renamed.xlsx"
    wb.save(src)
    csv = _ttjj_csv(tmp_path / "股票多头01.csv", [1 + k / 300 for k in range(287)])
    before = _sha(src)
    out = tmp_path / "o.xlsx"
    assert main(["render", str(src), "--data", f"基金池={csv}", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"fofxl render: error: --data 基金池={csv}: 基金池 is not a data sheet: Settings' "
        "fields_pool names sheet pool, which the workbook does not have (renamed?): rename "
        "fields_pool to fields_基金池 in Excel's Name Manager (src_ and map_ likewise), or the "
        "sheet back; the data sheets are Indices"
    ]
    assert _sha(src) == before and not out.exists()
    # a report sheet is not taken for the renamed one
    assert main(["render", str(src), "--data", f"Screen={csv}", "-o", str(out)]) == 2
    assert "fields_pool" not in capsys.readouterr().err
    # done as said, it loads
    wb = openpyxl.load_workbook(src)
    for name in ("fields_pool", "map_pool", "src_pool"):
        dn = wb.defined_names.pop(name)
        dn.name = name.replace("pool", "基金池")
        wb.defined_names[dn.name] = dn
    wb.save(src)
    assert main(["render", str(src), "--data", f"基金池={csv}", "-o", str(out)]) == 0
    assert "股票多头01.csv → sheet 基金池" in capsys.readouterr().out


def test_an_unknown_option_is_one_line(tmp_path, capsys):
    """E29: argparse's usage block is not printed; one line naming the command and its help."""
    out = tmp_path / "o.xlsx"
    with pytest.raises(SystemExit) as exit_:
        main(["render", str(SCREENING), "--bogus", "-o", str(out)])
    assert exit_.value.code == 2
    said = capsys.readouterr()
    assert said.out == "" and said.err.strip().splitlines() == [
        "fofxl render: error: unrecognized arguments: --bogus (see fofxl render --help)"
    ]
    with pytest.raises(SystemExit) as exit_:
        main(["render", str(SCREENING)])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "fofxl render: error: the following arguments are required: -o/--out "
        "(see fofxl render --help)"
    ]
    assert not out.exists()
    # through the installed command too
    run = subprocess.run(
        [sys.executable, "-m", "fofxl_report.cli", "import", "x.csv", "--bogus"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and run.stderr.splitlines() == [
        "fofxl import: error: unrecognized arguments: --bogus (see fofxl import --help)"
    ]
