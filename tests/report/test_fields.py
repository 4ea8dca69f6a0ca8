"""Data sheets bound by field name, --map, --set, demo marks, the Log, finished output."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from fofxl import indicators, regime_table, returns, snapshot
from fofxl_report.books import OpenpyxlBook
from fofxl_report.cli import main
from fofxl_report.fields import FieldError, parse_map, sheet_specs
from fofxl_report.refresh import refresh

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
T0 = TEMPLATES / "t0_environment.xlsx"
QUANT = TEMPLATES / "quant_monitor.xlsx"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "templates"))
from _report_helpers import block, close, sheet_frame  # noqa: E402

SYNTHETIC_WORD = "SYNTHETIC"


@pytest.fixture(scope="module")
def t0_data():
    wb = openpyxl.load_workbook(T0)
    return {name: sheet_frame(wb[name]) for name in ("Market", "T0", "Neutral")}


def _vendor_market(market: pd.DataFrame, path: Path, turnover: bool = True) -> None:
    """Market data as a vendor exports it: other column order, Chinese names with units, an
    open column first (where a positional reader would look for close) and an amount column."""
    rng = np.random.default_rng(7)
    out = pd.DataFrame(
        {
            "开盘价": market["close"] * rng.uniform(0.97, 1.03, len(market)),
            "成交额(亿元)": market["turnover"] * rng.uniform(0.5, 1.5, len(market)) * 1e4,
            "最低价": market["low"],
            "收盘价(元)": market["close"],
            "最高价": market["high"],
        },
        index=market.index,
    )
    if turnover:
        out.insert(1, "换手率(%)", market["turnover"] * 100)
    out.to_csv(path, index_label="交易日期")


def _render(tmp_path, *args: str) -> tuple[int, Path]:
    out = tmp_path / "out.xlsx"
    return main(["render", str(T0), *args, "-o", str(out)]), out


def _expected_table3(t0: pd.DataFrame, activity: pd.Series) -> pd.DataFrame:
    weekly = returns.periodic_returns(t0, "W")
    return regime_table.regime_stats(weekly, activity, window="3Y", low=0.2, high=0.8)


def _assert_table(got, expected):
    header = got[0]
    assert [row[0] for row in got[1:]] == list(expected.index)
    for row in got[1:]:
        for name, value in zip(header[1:], row[1:], strict=True):
            assert close(value, expected.loc[row[0], name]), (row[0], name)


def test_market_bound_by_header_name_in_any_column_order(tmp_path, t0_data):
    market = t0_data["Market"]
    _vendor_market(market, tmp_path / "csi800.csv")
    rc, out = _render(tmp_path, "--data", f"Market={tmp_path / 'csi800.csv'}")
    assert rc == 0
    wb = openpyxl.load_workbook(out)
    # the sheet holds the declared fields in the template's order, whatever the file's order
    assert [c.value for c in wb["Market"][1]] == ["date", "close", "high", "low", "turnover"]
    expected = _expected_table3(t0_data["T0"], market["turnover"] * 100)
    _assert_table(block(wb["Report"], "B23"), expected)
    # a positional reader would have used the open price: a different table
    wrong = _expected_table3(t0_data["T0"], market["close"] * 1.01)
    assert not np.allclose(wrong["mean"], expected["mean"])
    values = pd.DataFrame(
        {
            "turnover": market["turnover"] * 100,
            "volatility": indicators.realized_volatility(market["close"], 20),
            "amplitude": indicators.amplitude(market["high"], market["low"], market["close"]),
        }
    )
    snap = snapshot.percentile_snapshot(values, window="3Y", period="Q").dropna(how="all")
    got = block(wb["Calc"], "AE1", 7)  # the snapshot as computed (the report shows pp)
    assert len(got) - 1 == len(snap)
    for row in got[1:]:
        exp = snap.loc[pd.Timestamp(row[0])]
        assert all(close(v, exp[n]) for n, v in zip(got[0][1:], row[1:], strict=True))


def test_map_reads_a_field_from_another_column(tmp_path, t0_data):
    market = t0_data["Market"]
    _vendor_market(market, tmp_path / "m.csv", turnover=False)
    rc, out = _render(
        tmp_path, "--data", f"Market={tmp_path / 'm.csv'}", "--map", "turnover=成交额"
    )
    assert rc == 0
    raw = pd.read_csv(tmp_path / "m.csv", index_col=0, parse_dates=True)
    expected = _expected_table3(t0_data["T0"], raw["成交额(亿元)"])
    wb = openpyxl.load_workbook(out)
    _assert_table(block(wb["Report"], "B23"), expected)
    log = [r[2] for r in wb["Log"].iter_rows(min_row=2, values_only=True) if r[1] == "Market"]
    assert any("turnover ← 成交额" in m for m in log)


def test_missing_field_is_one_line_and_no_output(tmp_path, t0_data, capsys):
    _vendor_market(t0_data["Market"], tmp_path / "m.csv", turnover=False)
    rc, out = _render(tmp_path, "--data", f"Market={tmp_path / 'm.csv'}")
    err = capsys.readouterr().err.strip()
    assert rc == 2 and not out.exists()
    assert len(err.splitlines()) == 1
    assert "sheet Market needs the field turnover" in err
    has = err.partition("m.csv has ")[2]
    assert all(f in has for f in ("amount", "open", "close", "high", "low"))
    assert "--map turnover=成交额" in err


def test_navs_for_market_and_market_for_navs_are_refused(tmp_path, t0_data, capsys):
    t0_data["T0"].to_csv(tmp_path / "funds.csv", index_label="日期")
    _vendor_market(t0_data["Market"], tmp_path / "m.csv")
    rc, out = _render(tmp_path, "--data", f"Market={tmp_path / 'funds.csv'}")
    err = capsys.readouterr().err
    assert rc == 2 and not out.exists() and len(err.strip().splitlines()) == 1
    assert "sheet Market needs market data" in err and "T0-1" in err
    rc, out = _render(tmp_path, "--data", f"T0={tmp_path / 'm.csv'}")
    err = capsys.readouterr().err
    assert rc == 2 and not out.exists() and len(err.strip().splitlines()) == 1
    assert "sheet T0 needs fund NAVs" in err and "holds market data" in err


def test_map_errors_name_the_fields(tmp_path, t0_data, capsys):
    _vendor_market(t0_data["Market"], tmp_path / "m.csv")
    rc, _ = _render(tmp_path, "--data", f"Market={tmp_path / 'm.csv'}", "--map", "volume=成交量")
    assert rc == 2 and "no data sheet has the field volume" in capsys.readouterr().err
    with pytest.raises(FieldError, match="field=header"):
        parse_map("turnover")
    assert parse_map("turnover = 成交额; close=收盘") == {"turnover": "成交额", "close": "收盘"}


def test_templates_declare_their_data_sheets():
    specs = sheet_specs(OpenpyxlBook(openpyxl.load_workbook(T0)))
    assert specs["market"].fields == ("close", "high", "low", "turnover")
    assert specs["t0"].panel == "nav" and specs["neutral"].panel == "nav"
    quant = sheet_specs(OpenpyxlBook(openpyxl.load_workbook(QUANT)))
    assert quant["products"].panel == "nav" and quant["indices"].panel == "level"


def test_set_changes_named_settings_and_rejects_unknown_names(tmp_path, capsys):
    rc, out = _render(
        tmp_path, "--set", "report_date=2020-12-31", "--set", "window=2Y", "--set", "low=0.25"
    )
    assert rc == 0
    wb = openpyxl.load_workbook(out)
    settings = {r[0]: r[1] for r in wb["Settings"].iter_rows(values_only=True) if r[0]}
    assert settings["report_date"] == pd.Timestamp("2020-12-31").to_pydatetime()
    assert settings["window"] == "2Y" and settings["low"] == 0.25
    assert wb["Report"]["C3"].value == settings["report_date"]
    rc, out2 = _render(tmp_path, "--set", "windw=3Y")
    err = capsys.readouterr().err
    assert rc == 2 and "--set windw: no such setting" in err and "report_date" in err
    assert "window" in err
    rc, _ = _render(tmp_path, "--set", "report_date=not a date")
    assert rc == 2 and "--set report_date" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ("window=abc", "--set window='abc' is not a calendar span"),
        ("low=0.9", "--set low=0.9 is above high=0.8"),
        ("high=0.1", "--set low=0.2 is above high=0.1"),
        ("low=20", "--set low=20 is outside [0, 1]"),
        ("freq=X", "--set freq='X' is not a grid of the composite index"),  # FOF_INDEX's
        ("max_gap=2 weeks", "--set max_gap='2 weeks' is not a calendar span"),
        ("min_age=abc", "--set min_age='abc' is not a calendar span"),
        ("rebalance=native", "--set rebalance='native' is not a rebalance frequency"),
        ("vol_window=2.5", "--set vol_window=2.5 is not a window"),
        ("P=-3", "--set P=-3 must be > 0"),
        ("rf=2", "--set rf=2 is read as 200% a year"),
    ],
)
def test_a_bad_setting_is_one_line_before_anything_is_evaluated(tmp_path, capsys, setting, said):
    rc, out = _render(tmp_path, "--set", setting)
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and err[0].startswith("fofxl render: error: " + said), err
    assert not out.exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("template", "setting", "said"),
    [  # a rule of the function reading the setting, stricter than the option's common one
        ("t0_environment", "freq=native", "--set freq='native' is not a grid of the composite"),
        ("t0_environment", "freq=Q", "--set freq='Q' is not a grid of the composite index"),
        ("t0_environment", "vol_window=1", "--set vol_window=1 must be a whole number of returns"),
        ("screening", "min_periods=1", "--set min_periods=1 is not a whole number ≥ 2"),
        ("screening", "corr_freq=native", "--set corr_freq='native' is not a frequency"),
        ("fof_portfolio", "freq=Q", "--set freq='Q' is not a grid of the portfolio"),
    ],
)
def test_a_setting_is_checked_by_the_rule_of_the_function_that_reads_it(
    tmp_path, capsys, template, setting, said
):
    out = tmp_path / "out.xlsx"
    rc = main(["render", str(TEMPLATES / f"{template}.xlsx"), "--set", setting, "-o", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and err[0].startswith("fofxl render: error: " + said), err
    assert not list(tmp_path.iterdir())


def test_a_setting_its_function_takes_passes_the_check_whatever_the_common_rule(tmp_path, capsys):
    # FOF_PORTFOLIO rebalances only at dated rows with rebalance=none (not a frequency)
    out = tmp_path / "out.xlsx"
    template = str(TEMPLATES / "fof_portfolio.xlsx")
    assert main(["render", template, "--set", "rebalance=none", "-o", str(out)]) == 0, (
        capsys.readouterr().err
    )


def test_settings_a_function_takes_pass_the_check(tmp_path, capsys):
    rc, _ = _render(
        tmp_path,
        *("--set", "window=156W", "--set", "min_age=0M", "--set", "max_gap=2W"),
        *("--set", "high=0.7", "--set", "P=", "--set", "t0_name=任何 text"),
    )
    assert rc == 0, capsys.readouterr().err


def test_a_setting_is_checked_in_its_own_cell_whatever_other_names_the_book_has(tmp_path, capsys):
    # a defined name ending like a setting (zzz_low) is not the setting low
    from openpyxl.workbook.defined_name import DefinedName

    book = openpyxl.load_workbook(T0)
    book.defined_names["zzz_low"] = DefinedName("zzz_low", attr_text="Settings!$A$1")
    template = tmp_path / "t0.xlsx"
    book.save(template)
    out = tmp_path / "out.xlsx"
    rc = main(["render", str(template), "--set", "low=0.1", "-o", str(out)])
    assert rc == 0, capsys.readouterr().err


def _texts(wb) -> list[str]:
    return [
        str(c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]


def test_demo_marks_only_with_the_demo_data(tmp_path, t0_data):
    _vendor_market(t0_data["Market"], tmp_path / "m.csv")
    t0_data["T0"].to_csv(tmp_path / "t0.csv", index_label="date")
    t0_data["Neutral"].to_csv(tmp_path / "mn.csv", index_label="date")
    # part of the data still the template's: the marks stay
    rc, out = _render(tmp_path, "--data", f"Market={tmp_path / 'm.csv'}")
    wb = openpyxl.load_workbook(out)
    assert rc == 0 and any(SYNTHETIC_WORD in t for t in _texts(wb))
    assert SYNTHETIC_WORD in (wb.properties.description or "")
    rc, out = _render(
        tmp_path,
        "--data",
        f"Market={tmp_path / 'm.csv'}",
        "--data",
        f"T0={tmp_path / 't0.csv'}",
        "--data",
        f"Neutral={tmp_path / 'mn.csv'}",
    )
    wb = openpyxl.load_workbook(out)
    assert rc == 0
    assert not [t for t in _texts(wb) if SYNTHETIC_WORD in t or "not refreshed" in t]
    assert not wb.properties.description
    # the Log holds each sheet's import report and the time; last_refresh is stamped
    log = list(wb["Log"].iter_rows(min_row=2, values_only=True))
    stamp = next(r[0] for r in log if r[1] == "Market")
    by_sheet = {s: [r[2] for r in log if r[1] == s] for s in ("Market", "T0", "Neutral")}
    assert by_sheet["Market"][0].startswith(f"loaded {len(t0_data['Market'])} rows × 4 series")
    assert any(m.startswith(f"read {len(t0_data['T0'])} rows") for m in by_sheet["T0"])
    settings = {r[0]: r[1] for r in wb["Settings"].iter_rows(values_only=True) if r[0]}
    assert settings["last_refresh"] == stamp


def test_refresh_binds_by_name_and_clears_marks_when_every_sheet_has_a_file(tmp_path, t0_data):
    _vendor_market(t0_data["Market"], tmp_path / "m.csv", turnover=False)
    t0_data["T0"].to_csv(tmp_path / "t0.csv", index_label="date")
    t0_data["Neutral"].to_csv(tmp_path / "mn.csv", index_label="date")
    wb = openpyxl.load_workbook(T0)

    def set_named(name, value):
        sheet, _, ref = wb.defined_names[name].attr_text.partition("!")
        wb[sheet.strip("'")][ref.replace("$", "")].value = value

    set_named("src_market", str(tmp_path / "m.csv"))
    set_named("src_t0", str(tmp_path / "t0.csv"))
    set_named("src_neutral", str(tmp_path / "mn.csv"))
    before = [list(r) for r in wb["Market"].iter_rows(values_only=True)]
    result = refresh(OpenpyxlBook(wb), recalculate=False)
    assert result.kept == ["Market"] and wb["Market"].max_row == len(before)
    assert any("needs the field turnover" in str(r[2]) for r in result.log)
    assert any(SYNTHETIC_WORD in t for t in _texts(wb))  # Market still demo data
    set_named("map_market", "turnover=成交额")
    result = refresh(OpenpyxlBook(wb), recalculate=False)
    assert sorted(result.updated) == ["Market", "Neutral", "T0"]
    raw = pd.read_csv(tmp_path / "m.csv", index_col=0, parse_dates=True)
    got = sheet_frame(wb["Market"])
    assert list(got.columns) == ["close", "high", "low", "turnover"]
    assert np.allclose(got["turnover"], raw["成交额(亿元)"]) and np.allclose(
        got["close"], raw["收盘价(元)"]
    )
    assert not [t for t in _texts(wb) if SYNTHETIC_WORD in t]


def test_print_areas_cover_spills_and_extra_cells_take_the_block_format(tmp_path, t0_data):
    # a longer market history: more quarters in the snapshot than the template formatted
    market = t0_data["Market"]
    early = market.copy()
    early.index = early.index - pd.DateOffset(years=10)
    early = early[~early.index.duplicated() & (early.index < market.index[0])]
    long_market = pd.concat([early, market])
    long_market.to_csv(tmp_path / "long.csv", index_label="date")
    rc, out = _render(tmp_path, "--data", f"Market={tmp_path / 'long.csv'}")
    assert rc == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["Report"]
    anchor = next(c for c in ws["B"] if c.value == "period")
    got = block(ws, f"B{anchor.row}")
    last = anchor.row + len(got) - 1
    assert last > 92  # beyond the template's print area
    area = str(ws.print_area).rpartition("!")[2].replace("$", "")
    assert int(area.partition(":")[2].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) >= last
    for row in ws.iter_rows(min_row=anchor.row + 1, max_row=last, min_col=3, max_col=8):
        for c in row:
            if isinstance(c.value, float):  # percentiles in %, their changes in pp
                fmt = c.number_format
                assert "%" in fmt or '" pp"' in fmt, (c.coordinate, fmt)


def test_the_options_checked_by_name_are_arguments_of_the_excel_functions():
    import inspect

    from fofxl._options import BY_NAME
    from fofxl_addin.udfs import FUNCTIONS

    arguments = {
        name for f in FUNCTIONS.values() for name in inspect.signature(f.function).parameters
    }
    assert set(BY_NAME) <= arguments, set(BY_NAME) - arguments
