"""Importers: round trips for every layout, header language, date format and file type; the
quality report on hand-made files; one clear error per malformed file; the input untouched."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from io_files import write_csv

from fofxl.errors import InputError, OptionError
from fofxl.io import ImportResult, Issue, QualityReport, import_file
from fofxl.io.demo_data import DEMO_NAMES, demo_path

DATES = pd.DatetimeIndex(["2023-06-02", "2023-06-09", "2023-06-16", "2023-06-21", "2023-06-30"])
NAVS = pd.DataFrame(
    {"Fund A": [1.0, 1.01, 1.015, 1.02, 1.0312], "基金B": [2.5, np.nan, 2.51, 2.49, 2.5]},
    index=DATES,
)


def _fmt_date(d: pd.Timestamp, style: str) -> object:
    if style == "iso":
        return f"{d:%Y-%m-%d}"
    if style == "slash":
        return f"{d.year}/{d.month}/{d.day}"  # 2023/6/30: no zero padding
    if style == "compact":
        return f"{d:%Y%m%d}"
    if style == "serial":
        return (d - pd.Timestamp("1899-12-30")).days
    if style == "datetime":
        return d.to_pydatetime()
    raise AssertionError(style)


def _write(path: Path, rows: list[list[object]], sheet: str = "Sheet1") -> Path:
    """Write rows as CSV (text cells) or XLSX (typed cells) depending on the suffix."""
    if path.suffix == ".csv":
        text = "\n".join(",".join("" if c is None else str(c) for c in row) for row in rows)
        path.write_text(text + "\n", encoding="utf-8")
    else:
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = sheet
        for row in rows:
            ws.append(row)
        book.save(path)
    return path


def _cell(value: float) -> object:
    return None if np.isnan(value) else value


def _wide_rows(date_header: str, style: str) -> list[list[object]]:
    rows: list[list[object]] = [[date_header, *NAVS.columns]]
    for d, values in NAVS.iterrows():
        rows.append([_fmt_date(d, style), *(_cell(v) for v in values)])
    return rows


def _long_rows(headers: list[str], style: str) -> list[list[object]]:
    rows: list[list[object]] = [headers]
    for fund in NAVS.columns:
        for d, v in NAVS[fund].items():
            if not np.isnan(v):
                rows.append([fund, _fmt_date(d, style), v])
    return rows


def _expected() -> pd.DataFrame:
    out = NAVS.copy()
    out.index = out.index.as_unit("ns")
    out.index.name = "date"
    return out


# --------------------------------------------------------------------------------------------
# Round trips: every layout x header language x date format x file type
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("date_header", ["date", "日期", "Date", "净值日期"])
@pytest.mark.parametrize("style", ["iso", "slash", "compact", "serial"])
def test_wide_round_trip(tmp_path: Path, suffix: str, date_header: str, style: str) -> None:
    path = _write(tmp_path / f"wide{suffix}", _wide_rows(date_header, style))
    result = import_file(path)
    pd.testing.assert_frame_equal(result.data, _expected())
    assert result.report.layout == "wide"
    assert result.report.ok
    assert result.report.rows_read == 5
    assert result.report.observations == 9  # 5 + 4 (Fund B blank on 2023-06-09)


def test_wide_round_trip_xlsx_date_cells(tmp_path: Path) -> None:
    path = _write(tmp_path / "wide.xlsx", _wide_rows("日期", "datetime"))
    pd.testing.assert_frame_equal(import_file(path).data, _expected())


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(
    "headers",
    [["fund", "date", "nav"], ["基金名称", "日期", "净值"], ["Fund Name", "NAV Date", "NAV"]],
)
@pytest.mark.parametrize("style", ["iso", "slash", "compact", "serial"])
def test_long_round_trip(tmp_path: Path, suffix: str, headers: list[str], style: str) -> None:
    path = _write(tmp_path / f"long{suffix}", _long_rows(headers, style))
    result = import_file(path)
    pd.testing.assert_frame_equal(result.data, _expected())
    assert result.report.layout == "long"
    assert result.report.nav_types == {"Fund A": "unstated", "基金B": "unstated"}
    assert result.report.ok


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(
    ("headers", "language"),
    [
        (["基金名称", "日期", "单位净值", "累计净值", "复权净值"], "zh"),
        (["fund", "date", "unit nav", "cumulative nav", "adjusted nav"], "en"),
    ],
)
def test_long_nav_choice(tmp_path: Path, suffix: str, headers: list[str], language: str) -> None:
    # A has all three NAV types (adjusted wins), B has unit + cumulative (the adjusted NAV is
    # built from them, SPEC §12), C has only the unit NAV (used, with a warning). A dividend of
    # 0.1 after the 2nd date shows why: the unit NAV drops, the adjusted and cumulative do not.
    rows = [
        headers,
        ["A", "2023-06-02", 1.00, 1.00, 1.00],
        ["A", "2023-06-09", 1.10, 1.10, 1.10],
        ["A", "2023-06-16", 1.01, 1.11, 1.111],  # unit 1.11 - 0.1 dividend; adjusted 1.01*1.1
        ["B", "2023-06-02", 1.00, 1.20, None],
        ["B", "2023-06-09", 1.02, 1.22, None],
        ["C", "2023-06-02", 0.90, None, None],
        ["C", "2023-06-09", 0.91, None, None],
    ]
    result = import_file(_write(tmp_path / f"long{suffix}", rows))
    data = result.data
    assert list(data.columns) == ["A", "B", "C"]
    assert data["A"].dropna().tolist() == [1.00, 1.10, 1.111]
    # B: from its first unit NAV 1.00, r = (1.22 − 1.20) / 1.00 = 2%
    assert data["B"].dropna().tolist() == pytest.approx([1.00, 1.02], rel=1e-12)
    assert data["C"].dropna().tolist() == [0.90, 0.91]
    assert result.report.nav_types == {"A": "adjusted", "B": "built", "C": "unit"}
    [warning] = result.report.warnings
    assert "only the unit NAV" in warning and "C" in warning and "dividend" in warning
    assert "累计净值 is as good" not in warning and "or 累计净值 if" not in warning
    assert any("B: adjusted NAV built from 单位净值 and 累计净值" in n for n in result.report.notes)


def test_long_with_nav_type_column(tmp_path: Path) -> None:
    rows = [
        ["基金名称", "日期", "净值类型", "净值"],
        ["A", "2023-06-02", "单位净值", 1.00],
        ["A", "2023-06-02", "复权净值", 1.50],
        ["A", "2023-06-09", "单位净值", 1.01],
        ["A", "2023-06-09", "复权净值", 1.52],
        ["B", "2023-06-02", "累计净值", 2.00],
        ["B", "2023-06-09", "累计净值", 2.02],
    ]
    result = import_file(_write(tmp_path / "typed.csv", rows))
    assert result.data["A"].tolist() == [1.50, 1.52]
    assert result.data["B"].tolist() == [2.00, 2.02]
    assert result.report.nav_types == {"A": "adjusted", "B": "cumulative"}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_single_fund_export(tmp_path: Path, suffix: str) -> None:
    rows = [
        ["净值日期", "单位净值", "累计净值"],
        ["2023-06-30", 1.0, 1.3],
        ["2023-06-21", 1.1, 1.4],  # unsorted, as product exports often are (newest first)
    ]
    result = import_file(_write(tmp_path / f"Fund X{suffix}", rows))
    assert result.report.layout == "single"
    assert list(result.data.columns) == ["Fund X"]
    # built from unit and cumulative (SPEC §12), sorted by date: 1.1, then
    # 1.1 × (1 + (1.3 − 1.4) / 1.1) = 1.0
    assert result.data["Fund X"].tolist() == pytest.approx([1.1, 1.0], rel=1e-12)
    assert result.report.nav_types == {"Fund X": "built"}
    assert result.report.warnings == []


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(
    "headers",
    [
        ["日期", "收盘价", "最高价", "最低价", "换手率(%)"],
        ["Date", "Close", "High", "Low", "Turnover Rate"],
    ],
)
def test_market_round_trip(tmp_path: Path, suffix: str, headers: list[str]) -> None:
    rows = [
        headers,
        ["2023-06-29", 4000.0, 4010.5, 3990.0, 1.2],
        ["2023-06-30", 4020.0, 4030.0, 3995.5, 1.35],
    ]
    result = import_file(_write(tmp_path / f"mkt{suffix}", rows))
    assert result.report.layout == "market"
    assert list(result.data.columns) == ["close", "high", "low", "turnover"]
    # 换手率(%): in percent by its header, so 1.35 (%) is the fraction 0.0135; a bare Turnover
    # Rate of 1.2 and 1.35 is read in percent too, warned (its size cannot tell: 135% a day?)
    turnover = 1.35 / 100
    assert result.data.loc["2023-06-30"].tolist() == [4020.0, 4030.0, 3995.5, turnover]
    assert result.report.nav_types == {}
    warned = [] if "%" in headers[-1] else ["column Turnover Rate"]
    assert [w.split(":")[0] for w in result.report.warnings] == warned


def test_market_close_outside_high_low_warns(tmp_path: Path) -> None:
    rows = [["date", "close", "high", "low"], ["2023-06-30", 5.0, 4.0, 3.0]]
    result = import_file(_write(tmp_path / "m.csv", rows))
    assert "close outside [low, high]" in result.report.warnings[0]


def test_percent_text_and_thousands(tmp_path: Path) -> None:
    path = tmp_path / "pct.csv"
    path.write_text('date,turnover,close\n2023-06-30,1.5%,"4,020.5"\n', encoding="utf-8")
    data = import_file(path).data
    assert data["turnover"].iloc[0] == pytest.approx(0.015)
    assert data["close"].iloc[0] == 4020.5


def test_gbk_csv_with_chinese_headers(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("日期,复权净值\n2023/6/30,1.0312\n2023/6/21,1.02\n".encode("gb18030"))
    result = import_file(path)
    assert result.data["gbk"].tolist() == [1.02, 1.0312]
    assert result.report.nav_types == {"gbk": "adjusted"}


def test_full_width_date_text_is_read_as_the_same_digits_are_in_navs(tmp_path: Path) -> None:
    # as a Chinese input method types them: full-width digits and separators, an ideographic
    # space after; the NAV cells in the same width are read (GBK, as such exports come)
    wide = str.maketrans("0123456789/-.", "０１２３４５６７８９／－．")
    rows = [["日期", "复权净值"]] + [
        [f"{d.year}/{d.month}/{d.day}".translate(wide) + "\u3000", f"{v:.4f}".translate(wide)]
        for d, v in NAVS["Fund A"].items()
    ]
    rows[3][0] = "２０２３年６月１６日"
    result = import_file(write_csv(tmp_path / "全角.csv", rows, encoding="gbk"))
    assert result.report.dropped == []
    assert result.data.index.tolist() == DATES.tolist()
    assert result.data["全角"].tolist() == NAVS["Fund A"].tolist()


def test_utf8_bom_semicolon_and_tab(tmp_path: Path) -> None:
    semi = tmp_path / "semi.csv"
    semi.write_bytes("\ufeffdate;A;B\n2023-06-29;1;2\n2023-06-30;1.1;2.2\n".encode())
    tab = tmp_path / "tab.csv"
    tab.write_text("date\tA\tB\n2023-06-29\t1\t2\n2023-06-30\t1.1\t2.2\n", encoding="utf-8")
    for path in (semi, tab):
        data = import_file(path).data
        assert data.columns.tolist() == ["A", "B"]
        assert data["B"].tolist() == [2.0, 2.2]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_excel_unicode_text_is_read(tmp_path: Path, encoding: str) -> None:
    # Excel's Save As > Unicode Text: UTF-16 (little-endian on Windows) after its byte-order
    # mark, tab-separated, CRLF line ends
    lines = ["日期\t复权净值\t基金B"] + [
        f"{d:%Y-%m-%d}\t{a}\t{'' if np.isnan(b) else b}" for d, (a, b) in NAVS.iterrows()
    ]
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding]
    path = tmp_path / "unicode.txt"
    path.write_bytes(bom + "\r\n".join(lines).encode(encoding) + "\r\n".encode(encoding))
    result = import_file(path)
    assert result.data["unicode"].tolist() == NAVS["Fund A"].tolist()
    assert result.data.index.tolist() == DATES.tolist()


def test_utf16_without_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nobom.txt"
    path.write_bytes("日期\t复权净值\r\n2023-06-30\t1.0\r\n".encode("utf-16-le"))
    with pytest.raises(InputError) as exc:
        import_file(path)
    _assert_clear(exc, "nobom.txt", "binary content")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_tab_separated_under_a_title_with_a_comma(tmp_path: Path, encoding: str) -> None:
    # an index export: a title line with a comma, tabs between columns, closes written with
    # thousands separators (3,913.48)
    days = pd.bdate_range("2023-01-03", periods=25)
    rng = np.random.default_rng(11)
    a = np.round(3900 + np.cumsum(rng.normal(0, 25, 25)), 2)
    b = np.round(5800 + np.cumsum(rng.normal(0, 40, 25)), 2)
    lines = ["沪深300, 中证500 日线 (前复权)", "日期\t沪深300\t中证500"]
    lines += [f"{d:%Y-%m-%d}\t{x:,.2f}\t{y:,.2f}" for d, x, y in zip(days, a, b, strict=True)]
    path = tmp_path / "closes.txt.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding))
    result = import_file(path)
    assert result.report.header_row == 2
    assert result.data["沪深300"].tolist() == a.tolist()
    assert result.data["中证500"].tolist() == b.tolist()
    assert list(result.data.index) == list(days)
    # no header to be found: the message says what the lines were split at
    path.write_bytes("名称\t收盘\n沪深300\t3,913.48\n".encode(encoding))
    with pytest.raises(InputError) as exc:
        import_file(path)
    _assert_clear(exc, "no date column", "its lines were split at tabs")


def test_title_rows_above_the_header_are_skipped(tmp_path: Path) -> None:
    rows = [
        ["私募基金净值 (来源: 某数据库)"],
        [],
        ["日期", "A"],
        ["2023-06-30", 1.0],
    ]
    result = import_file(_write(tmp_path / "titled.xlsx", rows))
    assert result.report.header_row == 3
    assert result.data["A"].tolist() == [1.0]


def test_untitled_date_column_is_found(tmp_path: Path) -> None:
    # Wind-style export: the date column has no header
    rows = [[None, "A", "B"], ["2023-06-29", 1, 2], ["2023-06-30", 1.1, 2.2]]
    result = import_file(_write(tmp_path / "wind.csv", rows))
    assert result.data.columns.tolist() == ["A", "B"]
    assert len(result.data) == 2


def test_notes_column_is_skipped_with_a_warning(tmp_path: Path) -> None:
    rows = [["date", "A", "备注"], ["2023-06-29", 1, "成立"], ["2023-06-30", 1.1, "ok"]]
    result = import_file(_write(tmp_path / "notes.csv", rows))
    assert result.data.columns.tolist() == ["A"]
    assert "备注 holds no numbers" in result.report.warnings[0]


# --------------------------------------------------------------------------------------------
# The quality report, hand-worked
def _messy(tmp_path: Path, suffix: str = ".csv") -> Path:
    rows = [
        ["date", "A", "B", "C"],  # row 1
        ["2023-01-06", 1.00, 2.00, 1.0],  # row 2
        ["2023-01-13", 1.01, "n/a", 1.0],  # row 3: text in B
        ["2023-13-45", 1.02, 2.02, 1.0],  # row 4: unreadable date -> row dropped
        ["2023-01-20", 1.03, -2.00, None],  # row 5: B <= 0
        ["2023-01-20", 1.03, 2.03, None],  # row 6: repeats row 5's date; A same, B differs
        [None, 1.05, 2.05, None],  # row 7: values but no date
        ["2023-02-24", 1.04, 2.04, None],  # row 8: a 35-day gap for A and B
        ["2023-03-03", 1.06, 2.06, None],  # row 9: C has nothing since row 3 -> stale
        ["2023-03-10", 1.07, 2.07, None],  # row 10
        ["2023-01-06", 1.00, 2.00, 1.0],  # row 11: an exact repeat of row 2
    ]
    return _write(tmp_path / f"messy{suffix}", rows)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_quality_report_hand_worked(tmp_path: Path, suffix: str) -> None:
    result = import_file(_messy(tmp_path, suffix))
    rep = result.report
    assert rep.rows_read == 10
    assert [(i.row, i.series, i.reason.split(":")[0]) for i in rep.dropped] == [
        (3, "B", "not a number"),
        (4, None, "unreadable date"),
        (7, None, "blank date"),
    ]
    # the cell as written: the CSV's text -2.0, the workbook's number -2 as Excel shows it
    cell = "-2.0" if suffix == ".csv" else "-2"
    assert [(i.row, i.series, i.value) for i in rep.non_positive] == [(5, "B", cell)]
    # duplicates: the earlier row is dropped, the later kept (rows 2 vs 11; row 5 vs 6 for A)
    dup = [(i.row, i.series) for i in rep.duplicates]
    assert dup == [(2, "A"), (2, "B"), (2, "C"), (5, "A")]
    assert "same value" in rep.duplicates[0].reason and "kept row 11" in rep.duplicates[0].reason
    data = result.data
    assert data.index.strftime("%Y-%m-%d").tolist() == [
        "2023-01-06", "2023-01-13", "2023-01-20", "2023-02-24", "2023-03-03", "2023-03-10"
    ]  # fmt: skip
    assert data["A"].tolist() == [1.00, 1.01, 1.03, 1.04, 1.06, 1.07]
    assert data["B"].iloc[:3].isna().tolist() == [False, True, False]  # n/a dropped
    assert data.loc["2023-01-20", "B"] == 2.03  # row 6 (row 5 was <= 0 anyway)
    # last date 2023-03-10; 4 weeks back = 2023-02-10; C's last value 2023-01-13 -> stale
    assert rep.stale == {"C": pd.Timestamp("2023-01-13")}
    # A: 2023-01-20 -> 2023-02-24 = 35 days; C: 2023-01-06 -> 2023-01-13 = 7 days
    assert rep.gaps["A"] == (pd.Timestamp("2023-01-20"), pd.Timestamp("2023-02-24"))
    assert rep.gaps["C"] == (pd.Timestamp("2023-01-06"), pd.Timestamp("2023-01-13"))
    assert rep.observations == 6 + 5 + 2
    assert not rep.ok
    text = rep.to_text()
    for needle in ("row 4: '2023-13-45' unreadable date", "row 3 (B): 'n/a' not a number",
                   f"row 5 (B): '{cell}' must be > 0", "C: last value 2023-01-13",
                   "A: 35 days (2023-01-20 to 2023-02-24)"):  # fmt: skip
        assert needle in text


def test_excel_errors_and_na(tmp_path: Path) -> None:
    rows = [["date", "A"], ["2023-06-28", 1.0], ["2023-06-29", "#N/A"], ["2023-06-30", "#DIV/0!"]]
    result = import_file(_write(tmp_path / "err.xlsx", rows))
    assert result.data["A"].tolist() == [1.0]  # #N/A is a blank (SPEC §3), not a problem
    assert [str(i) for i in result.report.dropped] == [
        "row 4 (A): '#DIV/0!' an Excel error: value dropped"
    ]


def _hand_written_book(path: Path, sheet_xml: str) -> Path:
    """A workbook as other programs write it: a chart sheet first, the data on the second
    sheet, its relationship target absolute, cells with single-quoted attributes."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    kinds = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/chartsheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.chartsheet+xml"/>'
            '<Override PartName="/xl/worksheets/data.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{kinds}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Chart" sheetId="1" r:id="rId1"/>'
            '<sheet name="净值" sheetId="2" r:id="rId2"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{kinds}/chartsheet" Target="chartsheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{kinds}/worksheet" Target="/xl/worksheets/data.xml"/>'
            "</Relationships>"
        ),
        "xl/chartsheets/sheet1.xml": f'<chartsheet xmlns="{main}"><sheetView/></chartsheet>',
        "xl/worksheets/data.xml": f'<worksheet xmlns="{main}"><sheetData>{sheet_xml}'
        "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_error_cells_are_read_wherever_the_sheet_is(tmp_path: Path) -> None:
    # the fast reader (calamine) reads an error as blank: each error comes back from the
    # sheet's XML at its own cell (a column past Z, a formula's error, quotes of either kind)
    def text(ref: str, value: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'

    def number(ref: str, value: float) -> str:
        return f'<c r="{ref}"><v>{value}</v></c>'

    rows = [f'<row r="1">{text("A1", "日期")}{text("AA1", "FundA")}</row>']
    for i, day in enumerate(["2024-01-05", "2024-01-12", "2024-01-19", "2024-01-26"], start=2):
        cells = text(f"A{i}", day) + number(f"AA{i}", 1 + i / 100)
        if i == 3:
            cells = text(f"A{i}", day) + "<c r='AA3' t='e'><f>1/0</f><v>#DIV/0!</v></c>"
        if i == 4:
            cells = text(f"A{i}", day) + '<c r="AA4" s="0" t="e"><v>#N/A</v></c>'
        rows.append(f'<row r="{i}">{cells}</row>')
    path = _hand_written_book(tmp_path / "book.xlsx", "".join(rows))
    result = import_file(path)
    assert result.report.source == "book.xlsx [sheet 净值]"  # the chart sheet is no data
    assert result.data["FundA"].tolist() == [1.02, 1.05]  # #N/A a blank, #DIV/0! an error
    assert [str(i) for i in result.report.dropped] == [
        "row 3 (FundA): '#DIV/0!' an Excel error: value dropped"
    ]


def test_conflicting_duplicate_keeps_the_last_row(tmp_path: Path) -> None:
    rows = [["date", "A"], ["2023-06-30", 1.0], ["2023-06-30", 1.2]]
    rep = import_file(_write(tmp_path / "dup.csv", rows)).report
    [issue] = rep.duplicates
    assert issue.row == 2 and "different value 1.2" in issue.reason and "kept row 3" in issue.reason


def test_long_layout_drops_blank_fund_names(tmp_path: Path) -> None:
    rows = [["fund", "date", "nav"], ["A", "2023-06-30", 1.0], [None, "2023-06-30", 1.1]]
    rep = import_file(_write(tmp_path / "nofund.csv", rows)).report
    assert [(i.row, i.reason.split(":")[0]) for i in rep.dropped] == [
        (3, "blank or unreadable fund name")
    ]


def test_long_bad_cell_in_an_unused_nav_column_is_not_reported(tmp_path: Path) -> None:
    # A uses its adjusted NAV, so the text in its unit NAV (row 3) drops nothing and is not
    # reported; B has only the unit NAV, so its text cell (row 5) is a dropped value.
    rows = [
        ["基金名称", "日期", "单位净值", "复权净值"],
        ["A", "2023-06-02", 1.00, 1.20],
        ["A", "2023-06-09", "n/a?", 1.22],
        ["B", "2023-06-02", 0.90, None],
        ["B", "2023-06-09", "bad", None],
    ]
    result = import_file(_write(tmp_path / "unused.csv", rows))
    assert result.data["A"].tolist() == [1.20, 1.22]
    assert result.report.nav_types == {"A": "adjusted", "B": "unit"}
    assert [(i.row, i.series, i.value) for i in result.report.dropped] == [(5, "B", "bad")]
    # with unit and cumulative NAVs both are used (the adjusted NAV is built): a text unit NAV
    # makes that date a missing observation, reported (SPEC §12)
    rows[0][3] = "累计净值"
    built = import_file(_write(tmp_path / "built.csv", rows))
    assert built.report.nav_types == {"A": "built", "B": "unit"}
    assert built.data["A"].dropna().tolist() == [1.00]
    assert [(i.row, i.series, i.value) for i in built.report.dropped] == [
        (3, "A", "n/a?"),
        (5, "B", "bad"),
    ]
    # The same with a NAV-type column: A's unit rows are not used (its adjusted ones are).
    typed = [
        ["基金名称", "日期", "净值类型", "净值"],
        ["A", "2023-06-02", "单位净值", "x"],
        ["A", "2023-06-02", "复权净值", 1.50],
        ["A", "2023-06-09", "复权净值", "y"],
        ["A", "2023-06-16", "复权净值", 1.52],
    ]
    rep = import_file(_write(tmp_path / "typed.csv", typed)).report
    assert [(i.row, i.series, i.value) for i in rep.dropped] == [(4, "A", "y")]


def test_stale_weeks_option(tmp_path: Path) -> None:
    path = _messy(tmp_path)
    assert import_file(path, stale_weeks=10).report.stale == {}
    with pytest.raises(OptionError, match="stale_weeks=0"):
        import_file(path, stale_weeks=0)


def test_strict_mode_stops_at_the_first_bad_cell(tmp_path: Path) -> None:
    path = _messy(tmp_path)
    with pytest.raises(InputError, match=r"messy\.csv column date: row 4 is '2023-13-45'"):
        import_file(path, strict=True)
    ok = _write(tmp_path / "text.csv", [["date", "A"], ["2023-06-29", 1], ["2023-06-30", "abc"]])
    with pytest.raises(InputError, match=r"text\.csv column A: row 3 is the text 'abc'"):
        import_file(ok, strict=True)
    neg = _write(tmp_path / "neg.csv", [["date", "A"], ["2023-06-29", 1], ["2023-06-30", 0]])
    with pytest.raises(InputError, match=r"neg\.csv column A: row 3 is 0; a NAV or price"):
        import_file(neg, strict=True)
    dup = _write(tmp_path / "dup.csv", [["date", "A"], ["2023-06-30", 1], ["2023-06-30", 1]])
    with pytest.raises(InputError, match="2023-06-30 appears on rows 2 and 3"):
        import_file(dup, strict=True)


# --------------------------------------------------------------------------------------------
# Malformed files: one clear InputError each (one line, names the file, no Python internals)
def _assert_clear(exc: pytest.ExceptionInfo[InputError], *needles: str) -> None:
    message = str(exc.value)
    assert "\n" not in message
    assert "Traceback" not in message and "Exception" not in message and "Zip" not in message
    for needle in needles:
        assert needle in message, message


def test_missing_date_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "nodate.csv", [["fund", "nav"], ["A", 1.0]])
    with pytest.raises(InputError) as exc:
        import_file(path)
    _assert_clear(exc, "nodate.csv", "no date column", "row 1", "日期 or date")


def test_unparseable_dates(tmp_path: Path) -> None:
    rows = [["date", "A"], ["30.06.2023", 1.0], ["29.06.2023", 1.1], ["2023-06-28", 1.2]]
    with pytest.raises(InputError) as exc:
        import_file(_write(tmp_path / "dmy.csv", rows))
    _assert_clear(exc, "dmy.csv column date: row 2 is '30.06.2023', not a date", "2 of 3 dates")


def test_text_in_navs(tmp_path: Path) -> None:
    rows = [["日期", "复权净值"], ["2023-06-29", "一点零"], ["2023-06-30", "N/A"]]
    with pytest.raises(InputError) as exc:
        import_file(_write(tmp_path / "text.csv", rows))
    _assert_clear(exc, "text.csv: no usable data", "复权净值 holds no numbers (row 2: '一点零')")


def test_text_in_navs_xlsx_sheet(tmp_path: Path) -> None:
    rows = [["date", "A"], ["2023-06-29", "abc"], ["2023-06-30", 0]]
    with pytest.raises(InputError) as exc:
        import_file(_write(tmp_path / "t.xlsx", rows, sheet="NAVs"))
    _assert_clear(
        exc, "t.xlsx [sheet NAVs]: no usable data", "2 problems", "first: row 2 (A): 'abc'"
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_empty_sheet(tmp_path: Path, suffix: str) -> None:
    path = _write(tmp_path / f"empty{suffix}", [])
    with pytest.raises(InputError) as exc:
        import_file(path)
    _assert_clear(exc, f"empty{suffix}", "is empty")


def test_header_only(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        import_file(_write(tmp_path / "head.csv", [["date", "A"]]))
    _assert_clear(exc, "head.csv", "no usable data below the header (row 1)")


def test_empty_named_sheet_among_others(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    data = book.create_sheet("数据")
    data.append(["日期", "A"])
    data.append([dt.datetime(2023, 6, 30), 1.0])
    path = tmp_path / "two.xlsx"
    book.save(path)
    with pytest.raises(InputError) as exc:
        import_file(path)
    _assert_clear(exc, "two.xlsx [sheet 说明] is empty")
    assert import_file(path, sheet="数据").data["A"].tolist() == [1.0]
    with pytest.raises(InputError) as exc:
        import_file(path, sheet="Data")
    _assert_clear(exc, "no sheet 'Data'", "说明, 数据")


def test_no_date_column_on_the_first_sheet_names_the_sheets(tmp_path: Path) -> None:
    # a Wind workbook: a notes sheet (说明) first, the data on the next one
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "说明"
    notes.append(["本文件由Wind导出"])
    notes.append(["数据截至2023-06-30"])
    data = book.create_sheet("单位净值")
    data.append(["日期", "A", "B"])
    data.append([dt.datetime(2023, 6, 29), 1.0, 2.0])
    data.append([dt.datetime(2023, 6, 30), 1.1, 2.2])
    path = tmp_path / "wind.xlsx"
    book.save(path)
    with pytest.raises(InputError) as exc:
        import_file(path)
    _assert_clear(
        exc,
        "wind.xlsx [sheet 说明]: no date column; the header (row 1: '本文件由Wind导出')",
        "the workbook's sheets are 说明, 单位净值: pick the one with the data with --sheet NAME "
        "(sheet=NAME in Python).",
    )
    result = import_file(path, sheet="单位净值")
    assert result.data["B"].tolist() == [2.0, 2.2]
    assert result.report.source == "wind.xlsx [sheet 单位净值]"


def _nav_sheet(sheet: Any, day: dt.datetime, navs: list[float]) -> None:
    """A single fund's sheet: 净值日期 | 单位净值 | 累计净值, one row a day from ``day``."""
    sheet.append(["净值日期", "单位净值", "累计净值"])
    for k, nav in enumerate(navs):
        sheet.append([day + dt.timedelta(days=k), nav, nav])


def test_a_hidden_first_sheet_is_skipped_for_the_first_visible_one(tmp_path: Path) -> None:
    # pool15 X34: last year's data on a hidden first sheet, the current NAVs on the visible,
    # active sheet: read without --sheet, the hidden sheet was imported, silently
    book = openpyxl.Workbook()
    old = book.active
    old.title = "旧数据"
    _nav_sheet(old, dt.datetime(2022, 1, 4), [1.5, 1.6])
    old.sheet_state = "hidden"
    _nav_sheet(book.create_sheet("净值"), dt.datetime(2024, 1, 2), [1.0, 1.01])
    book.active = 1
    path = tmp_path / "hidden.xlsx"
    book.save(path)
    result = import_file(path)
    assert result.report.source == "hidden.xlsx [sheet 净值]"
    assert result.data.index.tolist() == [pd.Timestamp("2024-01-02"), pd.Timestamp("2024-01-03")]
    assert result.data["hidden"].tolist() == [1.0, 1.01]
    assert (
        "hidden sheet 旧数据 skipped: the first visible sheet, 净值, was read (--sheet 旧数据 "
        "reads it; sheet=NAME in Python)" in result.report.notes
    )
    asked = import_file(path, sheet="旧数据")  # named, a hidden sheet is read
    assert asked.report.source == "hidden.xlsx [sheet 旧数据]"
    assert asked.data["hidden"].tolist() == [1.5, 1.6]
    assert not any("skipped" in note for note in asked.report.notes)


def test_other_sheets_of_funds_are_named_in_a_warning(tmp_path: Path) -> None:
    # pool15 X16: a workbook of one fund a sheet (000001, 000002, same layout): only the first
    # sheet was imported, and nothing mentioned the other
    book = openpyxl.Workbook()
    book.active.title = "000001"
    _nav_sheet(book.active, dt.datetime(2024, 1, 2), [1.0, 1.01])
    _nav_sheet(book.create_sheet("000002"), dt.datetime(2024, 1, 2), [2.0, 2.02])
    notes = book.create_sheet("说明")  # a notes sheet: not named
    notes.append(["日期", "备注"])
    notes.append([dt.datetime(2024, 1, 2), "数据来源: 基金公司官网"])
    path = tmp_path / "funds.xlsx"
    book.save(path)
    result = import_file(path)
    assert result.data["funds"].tolist() == [1.0, 1.01]  # the first sheet's, as before
    assert result.report.warnings == [
        "sheet 000002 of the workbook holds data like sheet 000001 (one fund a sheet?) but was "
        "not read: import it with --sheet 000002 (sheet='000002' in Python), or every sheet in "
        "one import: funds.xlsx#000001 funds.xlsx#000002"
    ]
    asked = import_file(path, sheet="000002")  # as the warning says; a sheet chosen: no warning
    assert asked.data["funds"].tolist() == [2.0, 2.02]
    assert asked.report.warnings == []


def test_a_cover_notes_or_chart_sheet_beside_the_data_is_no_warning(tmp_path: Path) -> None:
    # pool15 X16's control: a visible first sheet of NAVs, then sheets that are no fund's
    book = openpyxl.Workbook()
    _nav_sheet(book.active, dt.datetime(2024, 1, 2), [1.0, 1.01])
    cover = book.create_sheet("封面")
    cover.append(["某某FOF 净值报告"])
    cover.append(["报告日期", dt.datetime(2024, 1, 3)])
    notes = book.create_sheet("备注")
    notes.append(["日期", "事项"])
    notes.append([dt.datetime(2024, 1, 2), "分红"])
    chart = book.create_chartsheet("图")
    line = openpyxl.chart.LineChart()
    line.add_data(openpyxl.chart.Reference(book.active, min_col=2, min_row=1, max_row=3))
    chart.add_chart(line)
    path = tmp_path / "report.xlsx"
    book.save(path)
    result = import_file(path)
    assert result.data["report"].tolist() == [1.0, 1.01]
    assert result.report.warnings == []


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a spreadsheet"),
        ("notes.txt", b"Quarterly notes: performance was fine.\n", "no date column"),
        ("fake.xlsx", b"this is not a workbook", "not a valid Excel workbook"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "encrypted"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "97-2003 (.xls)"),
    ],
)
def test_not_a_spreadsheet(tmp_path: Path, name: str, content: bytes, needle: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        import_file(path)
    _assert_clear(exc, name, needle)


def test_corrupt_xlsx(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.xlsx", _wide_rows("date", "iso")).read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good[: len(good) // 2])
    other_zip = tmp_path / "zipped.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    other_zip.write_bytes(buf.getvalue())
    for path in (truncated, other_zip):
        with pytest.raises(InputError) as exc:
            import_file(path)
        _assert_clear(exc, path.name, "cannot be read as an .xlsx workbook")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        import_file(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="is a folder"):
        import_file(tmp_path)


def test_sheet_option_on_csv(tmp_path: Path) -> None:
    path = _write(tmp_path / "w.csv", _wide_rows("date", "iso"))
    with pytest.raises(OptionError, match="sheet='x' applies to .xlsx workbooks only"):
        import_file(path, sheet="x")


# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_input_file_is_never_modified(tmp_path: Path, suffix: str) -> None:
    path = _messy(tmp_path, suffix)
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    import_file(path)
    with pytest.raises(InputError):
        import_file(path, strict=True)
    after = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    assert before == after
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # nothing written beside


@pytest.mark.parametrize("name", DEMO_NAMES)
def test_bundled_demo_files_import_cleanly(name: str) -> None:
    result = import_file(demo_path(name))
    assert isinstance(result, ImportResult) and isinstance(result.report, QualityReport)
    rep = result.report
    assert rep.header_row == 2  # the '# SYNTHETIC ...' comment line is skipped
    assert not (rep.dropped or rep.duplicates or rep.non_positive or rep.warnings)
    assert result.data.index.is_monotonic_increasing and result.data.index.is_unique
    assert (result.data.dtypes == np.float64).all()


def test_issue_text() -> None:
    assert str(Issue(4, "B", "n/a", "not a number")) == "row 4 (B): 'n/a' not a number"
    assert str(Issue(7, None, "", "blank date")) == "row 7: blank date"


def test_preview_shows_both_ends(tmp_path: Path) -> None:
    result = import_file(demo_path("t0_pool"))
    lines = result.preview(3).splitlines()
    assert "..." in lines and lines[-1].startswith("2024-06-28")
    assert lines[lines.index("...") - 1].startswith("2018-01-19")


# --------------------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(st.none(), st.floats(0.01, 100, allow_nan=False).map(lambda v: round(v, 4))),
            min_size=3,
            max_size=3,
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(["iso", "slash", "compact"]),
)
def test_wide_csv_round_trip_property(rows: list[list[float | None]], style: str) -> None:
    dates = pd.bdate_range("2020-01-01", periods=len(rows))
    frame = pd.DataFrame(rows, index=dates, columns=["x", "y", "z"], dtype=float)
    text = "date,x,y,z\n" + "".join(
        ",".join([str(_fmt_date(d, style)), *("" if v is None else repr(v) for v in row)]) + "\n"
        for d, row in zip(dates, rows, strict=True)
    )
    expected = frame.dropna(how="all").loc[:, frame.notna().any()]
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.csv"
        path.write_text(text, encoding="utf-8")
        if expected.empty:
            with pytest.raises(InputError, match="no usable data"):
                import_file(path)
            return
        data = import_file(path).data
    expected.index = expected.index.as_unit("ns")
    expected.index.name = "date"
    pd.testing.assert_frame_equal(data, expected, check_freq=False)


# --------------------------------------------------------------------------------------------
# A file of returns is not a file of NAVs: a column with many different negative values is
# a signed measure, never read as NAVs with its negative values dropped
def _month_ends(n: int) -> list[str]:
    return [f"{d:%Y-%m-%d}" for d in pd.date_range("2020-01-31", periods=n, freq="ME")]


def _returns(n: int, seed: int) -> np.ndarray:
    return np.round(np.random.default_rng(seed).normal(0.005, 0.02, n), 4)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_file_of_returns_is_refused_naming_the_first_column(tmp_path: Path, suffix: str) -> None:
    n = 36
    a, b, c = _returns(n, 1), _returns(n, 2), np.abs(_returns(n, 3))  # C: no negative month
    rows = [["date", "A", "B", "C"]]
    rows += [[d, x, y, z] for d, x, y, z in zip(_month_ends(n), a, b, c, strict=True)]
    path = _write(tmp_path / f"returns{suffix}", rows)
    with pytest.raises(InputError) as exc:
        import_file(path)
    first = int(np.argmax(a < 0))
    _assert_clear(
        exc,
        "2 of 3 columns look like returns or another signed measure, not NAVs",
        f"column A holds {np.count_nonzero(a < 0)} negative values of {n}, the first on row "
        f"{first + 2}: {a[first]:g}",
        "nothing was imported",
    )


def test_a_signed_column_among_navs_is_left_out_and_reported(tmp_path: Path) -> None:
    n = 40
    navs = np.round(np.cumprod(1.0 + _returns(n, 4)), 4)
    excess = _returns(n, 5)
    rows = [["日期", "甲", "对冲组合", "乙"]]
    rows += [
        [d, x, e, round(2 * x, 4)] for d, x, e in zip(_month_ends(n), navs, excess, strict=True)
    ]
    result = import_file(_write(tmp_path / "mixed.csv", rows))
    assert list(result.data.columns) == ["甲", "乙"]
    np.testing.assert_array_equal(result.data["甲"].to_numpy(), navs)
    np.testing.assert_array_equal(result.data["乙"].to_numpy(), np.round(2 * navs, 4))
    first = int(np.argmax(excess < 0))
    assert result.report.warnings == [
        f"column 对冲组合 holds {np.count_nonzero(excess < 0)} negative values of {n}, the first "
        f"on row {first + 2}: {excess[first]:g}: it looks like returns or another signed measure, "
        "not NAVs, and was not imported; give the NAVs (复权净值, 累计净值 or 单位净值), or "
        "read a file of returns with fofxl import --returns, which compounds them into NAVs."
    ]
    assert result.report.non_positive == []  # its values are not listed one by one
    with pytest.raises(InputError, match=r"mixed\.csv: 1 of 3 columns look like returns"):
        import_file(tmp_path / "mixed.csv", strict=True)
    half = _write(tmp_path / "half.csv", [row[:3] for row in rows])  # signed: half the columns
    with pytest.raises(InputError, match=r"half\.csv: 1 of 2 columns look like returns"):
        import_file(half)


@pytest.mark.parametrize(
    ("negatives", "signed"),
    [
        ([-1.0] * 10, False),  # a placeholder for a missing NAV: one value, however often
        ([-0.01, -0.02, -0.03] * 3, False),  # 9 of 100: under a tenth
        ([-0.01, -0.02, -0.03] * 3 + [-0.04], True),  # 10 of 100: a tenth
        ([-0.01, -0.02] * 6, False),  # two different values only
    ],
)
def test_a_column_is_signed_from_a_tenth_negative_in_three_values(
    tmp_path: Path, negatives: list[float], signed: bool
) -> None:
    n = 100
    values = [round(1.0 + 0.001 * k, 4) for k in range(n - len(negatives))] + negatives
    dates = [f"{d:%Y-%m-%d}" for d in pd.date_range("2020-01-03", periods=n, freq="W-FRI")]
    rows = [["date", "A", "B", "C"]] + [
        [d, v, 1.0, 2.0] for d, v in zip(dates, values, strict=True)
    ]
    result = import_file(_write(tmp_path / "a.csv", rows))
    assert list(result.data.columns) == (["B", "C"] if signed else ["A", "B", "C"])
    if signed:
        assert len(result.report.warnings) == 1
        assert result.report.warnings[0].startswith(
            f"column A holds {len(negatives)} negative values of {n}, the first on row "
            f"{n - len(negatives) + 2}: -0.01: it looks like returns"
        )
        assert result.report.non_positive == []
    else:
        assert result.data["A"].count() == n - len(negatives)
        assert [i.row for i in result.report.non_positive] == list(
            range(n - len(negatives) + 2, n + 2)
        )
        assert not result.report.warnings


def test_a_signed_close_in_market_data_is_no_price(tmp_path: Path) -> None:
    n = 30
    change = _returns(n, 6)  # a 涨跌幅 column headed 收盘价 by mistake
    rows = [["日期", "收盘价", "最高价", "最低价"]]
    rows += [[d, x, 1.0, 1.0] for d, x in zip(_month_ends(n), change, strict=True)]
    result = import_file(_write(tmp_path / "market.csv", rows))
    assert "close" not in result.data.columns
    assert result.report.warnings[0].endswith(
        "not prices, and was not imported; give the prices themselves."
    )
    rows = [["日期", "收盘价", "最高价", "最低价"]]
    rows += [[d, x, -x, 1.0] for d, x in zip(_month_ends(n), change, strict=True)]
    with pytest.raises(InputError, match=r"2 of 3 columns look like returns .*, not prices"):
        import_file(_write(tmp_path / "market.csv", rows))


# --------------------------------------------------------------------------------------------
# returns=True: a file of periodic returns compounded into NAVs
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_returns_compound_into_navs_whose_returns_are_the_files(
    tmp_path: Path, suffix: str
) -> None:
    n = 24
    dates = _month_ends(n)  # 2020-01-31 ... 2021-12-31
    a, b, c = _returns(n, 7), _returns(n, 8), np.abs(_returns(n, 9))  # C: no negative month
    b[:5] = np.nan  # B starts on its sixth month
    rows = [["date", "A", "B", "C"]]
    rows += [
        [d, x, _cell(y), f"{100 * z:.2f}%"]  # C typed as percents
        for d, x, y, z in zip(dates, a, b, c, strict=True)
    ]
    result = import_file(_write(tmp_path / f"r{suffix}", rows), returns=True)
    data = result.data
    assert data.index[0] == pd.Timestamp("2019-12-31")  # the month end before the first return
    expected_a = pd.Series(
        np.cumprod(np.r_[1.0, 1.0 + a]), index=pd.to_datetime(["2019-12-31", *dates])
    )
    pd.testing.assert_series_equal(data["A"], expected_a, check_names=False, check_freq=False,
                                   check_index_type=False, rtol=1e-15)  # fmt: skip
    b_navs = data["B"].dropna()
    assert b_navs.index[0] == pd.Timestamp(dates[4])  # the file's date before B's first return
    np.testing.assert_allclose(b_navs.to_numpy(), np.cumprod(np.r_[1.0, 1.0 + b[5:]]), rtol=1e-15)
    back = data.pct_change(fill_method=None).iloc[1:]
    np.testing.assert_allclose(back["A"].to_numpy(), a, rtol=0, atol=1e-15)
    np.testing.assert_allclose(back["C"].to_numpy(), np.round(c, 4), rtol=0, atol=1e-15)
    assert "returns compounded into NAVs" in result.report.notes[-1]
    assert "2019-12-31" in result.report.notes[-1]
    assert not result.report.warnings and not result.report.non_positive


@pytest.mark.parametrize(
    ("dates", "base"),
    [
        (["2024-01-05", "2024-01-12", "2024-01-19"], "2023-12-29"),  # weeks ending Friday
        (["2024-01-02", "2024-01-03", "2024-01-05", "2024-01-08"], "2024-01-01"),  # business
        (["2024-01-08", "2024-01-09", "2024-01-11"], "2024-01-05"),  # trading days, a holiday
        (["2024-01-31", "2024-02-29"], "2023-12-31"),  # two month ends
        (["2024-03-31", "2024-06-30", "2024-09-30"], "2023-12-31"),  # quarter ends
        (["2022-12-31", "2023-12-31"], "2021-12-31"),  # year ends
        (["2024-01-06", "2024-01-07", "2024-01-08"], "2024-01-05"),  # calendar days
        (["2024-01-10", "2024-01-13", "2024-01-20"], "2024-01-07"),  # irregular: shortest step
    ],
)
def test_returns_start_one_period_of_the_files_dates_before_the_first(
    tmp_path: Path, dates: list[str], base: str
) -> None:
    rows = [["date", "A"]] + [[d, 0.01] for d in dates]
    data = import_file(_write(tmp_path / "r.csv", rows), returns=True).data
    assert list(data.index) == list(pd.to_datetime([base, *dates]))
    np.testing.assert_allclose(data["A"].to_numpy(), 1.01 ** np.arange(len(dates) + 1))


@pytest.mark.parametrize(
    ("suffix", "a", "b", "unit_row"),
    [
        (".csv", "幻方中性1号周收益率(%)", "九坤中性周收益率(%)", False),  # 私募排排网, Choice
        (".xlsx", "幻方中性1号周收益率（%）", "九坤中性周收益率（%）", False),
        (".csv", "幻方中性1号", "九坤中性", True),  # a Wind-style 单位 row: 单位 | % | %
    ],
)
def test_returns_in_percent_by_the_header_or_a_unit_row(
    tmp_path: Path, suffix: str, a: str, b: str, unit_row: bool
) -> None:
    # weekly returns of market-neutral funds in percent (0.12 = 0.12%): their median is far
    # below 50%, so only the header or the unit row can tell
    rng = np.random.default_rng(7)
    n = 52
    pa, pb = rng.normal(0.12, 0.35, n).round(2), rng.normal(0.08, 0.30, n).round(2)
    fridays = [f"{d:%Y-%m-%d}" for d in pd.date_range("2023-01-06", periods=n, freq="W-FRI")]
    rows: list[list[object]] = [["日期", a, b, "C(%)"]]
    if unit_row:
        rows.append(["单位", "%", "%", "%"])
    rows += [[d, x, y, f"{x:.2f}%"] for d, x, y in zip(fridays, pa, pb, strict=True)]
    result = import_file(_write(tmp_path / f"weekly{suffix}", rows), returns=True)
    data = result.data
    # by hand: NAV 1.0 the Friday before, then × (1 + percent / 100) each week
    for name, percent in ((a, pa), (b, pb), ("C(%)", pa)):  # C: percent text, not divided twice
        expected = np.cumprod(np.r_[1.0, 1.0 + percent / 100.0])
        np.testing.assert_allclose(data[name].to_numpy(), expected, rtol=1e-14)
    back = data[a].pct_change().iloc[1:].to_numpy()
    np.testing.assert_allclose(back[:3], [0.0012, 0.0022, 0.0002], rtol=0, atol=1e-15)
    assert data.index[0] == pd.Timestamp("2022-12-30")
    notes = result.report.notes
    assert f"column {a}: returns in percent (its header or unit row says %): divided by 100" in (
        notes
    )
    assert not result.report.warnings  # no "moves 0.24x: a typo?" left


def test_returns_that_cannot_compound_name_the_row(tmp_path: Path) -> None:
    dates = _month_ends(6)
    gap = [[d, r] for d, r in zip(dates, [0.01, 0.02, None, 0.01, -0.01, 0.0], strict=True)]
    cases = [
        (gap, r"r\.csv column A: no return dated 2020-03-31 between its returns on rows 3 and 5"),
        (
            [[d, "x" if k == 2 else 0.01] for k, d in enumerate(dates)],
            r"r\.csv: row 4 \(A\): 'x' not a number: value dropped; compounding needs every",
        ),
        ([[d, 0.01] for d in [*dates[:3], dates[2], *dates[3:]]], "date 2020-03-31 repeats"),
        ([[d, 0.01] for d in [*dates[:3], "2020-13-45", *dates[3:]]], "row 5: '2020-13-45'"),
        ([[d, -1.0 if k == 3 else 0.01] for k, d in enumerate(dates)], r"row 5 is a return of -1 "),
        (
            [[d, r] for d, r in zip(dates, [1.2, -0.8, 2.1, 0.5, -1.5, 0.9], strict=True)],
            "percents",
        ),
        ([[dates[0], 0.01]], "returns on one date only"),
    ]
    for body, message in cases:
        path = _write(tmp_path / "r.csv", [["date", "A"], *body])
        with pytest.raises(InputError, match=message):
            import_file(path, returns=True)
    long = _write(tmp_path / "l.csv", [["fund", "date", "nav"], ["A", "2024-01-31", 0.01]])
    with pytest.raises(OptionError, match=r"l\.csv: returns are read from the wide layout"):
        import_file(long, returns=True)


@pytest.mark.parametrize("returns", [False, True])
def test_columns_named_for_returns_are_never_navs(tmp_path: Path, returns: bool) -> None:
    # a cumulative return of a good fund never goes negative: only its header tells
    n = 12
    navs = np.round(np.cumprod(1.0 + np.abs(_returns(n, 10))), 4)
    weekly = _returns(n, 11)
    rows = [["日期", "累计收益率", "周收益率", "甲"]]
    rows += [
        [d, round(x - 1.0, 4), w, x if not returns else w]
        for d, x, w in zip(_month_ends(n), navs, weekly, strict=True)
    ]
    result = import_file(_write(tmp_path / "f.csv", rows), returns=returns)
    measure = (
        "column 累计收益率 holds a measure made of returns (cumulative, excess or annualised), "
        "neither NAVs nor periodic returns: it was not read"
    )
    if returns:  # the weekly returns are a series of the file of returns, the measure is not
        assert list(result.data.columns) == ["周收益率", "甲"]
        np.testing.assert_allclose(result.data["周收益率"].to_numpy()[1:], np.cumprod(1 + weekly))
        assert result.report.warnings == [measure]
    else:
        assert list(result.data.columns) == ["甲"]
        np.testing.assert_array_equal(result.data["甲"].to_numpy(), navs)
        assert result.report.warnings == [
            measure,
            "column 周收益率 holds returns, not NAVs: it was not read (read a file of returns "
            "with fofxl import --returns)",
        ]
    alone = _write(tmp_path / "a.csv", [row[:2] for row in rows])
    with pytest.raises(InputError, match=r"a\.csv: no usable data: column 累计收益率 holds a "):
        import_file(alone, returns=returns)


def test_a_jump_by_three_times_is_reported_and_kept(tmp_path: Path) -> None:
    dates = [f"{d:%Y-%m-%d}" for d in pd.date_range("2024-01-05", periods=6, freq="W-FRI")]
    typo = [1.01, 1.02, 10.3, 1.04, 1.05, 1.06]  # 1.03 typed with the point misplaced
    real = [1.0, 0.4, 0.5, 1.25, 1.2, 1.1]  # -60%, then +150%: a fund's moves, however wild
    rows = [["date", "A", "B"]] + [[d, a, b] for d, a, b in zip(dates, typo, real, strict=True)]
    result = import_file(_write(tmp_path / "j.xlsx", rows))
    np.testing.assert_array_equal(result.data["A"].to_numpy(), typo)  # kept as given
    assert result.report.warnings == [
        "A moves from 1.02 to 10.3 on 2024-01-19 (10.1x); 2 such moves in all: a typo (a "
        "misplaced decimal point) or a change of unit? The values are kept as the file gives them"
    ]
    # market data: prices are checked, turnover (which can triple in a day) is not
    market = [["日期", "收盘价", "换手率"]] + [
        [d, c, t] for d, c, t in zip(dates, [3000, 3010, 30.2, 3020, 3030, 3040],
                                     [1.0, 4.0, 1.0, 5.0, 1.0, 1.0], strict=True)
    ]  # fmt: skip
    warnings = import_file(_write(tmp_path / "m.csv", market)).report.warnings
    assert [w for w in warnings if "moves from" in w] == [
        "close moves from 3010 to 30.2 on 2024-01-19 (0.01x); 2 such moves in all: a typo (a "
        "misplaced decimal point) or a change of unit? The values are kept as the file gives them"
    ]


def test_formulas_without_a_saved_result_are_reported(tmp_path: Path) -> None:
    import xlsxwriter

    days = pd.date_range("2024-01-05", periods=5, freq="W-FRI").to_pydatetime()
    # a program that does not calculate (openpyxl) writes formulas without their results
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["date", "A", "B"])
    for i, day in enumerate(days):
        ws.append([day, 1 + i / 100, f"=C{i + 1}*1.01" if i else 1.0])
    book.save(tmp_path / "plain.xlsx")
    result = import_file(tmp_path / "plain.xlsx")
    assert result.data["B"].count() == 1  # read as blank, and said so
    assert result.report.warnings[0] == (
        "4 cells hold formulas without a saved result (first: cell C3, '=C2*1.01'): the workbook "
        "was written by a program that does not calculate, so they read as blank; open it in "
        "Excel or LibreOffice and save it to read their values"
    )
    book = openpyxl.Workbook()
    book.active.append(["date", "A"])
    for i, day in enumerate(days):
        book.active.append([day, f"=1.01^{i}"])
    book.save(tmp_path / "all.xlsx")
    with pytest.raises(InputError, match=r"all\.xlsx \[sheet Sheet\]: no usable data: 5 cells "):
        import_file(tmp_path / "all.xlsx")
    # an empty text saved as a formula's result (as Excel and LibreOffice save it) is a result
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as src:
        parts = {n: src.read(n) for n in src.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b'<c r="C3">', b'<c r="C3" t="str">')
    with zipfile.ZipFile(tmp_path / "text.xlsx", "w") as dst:
        for n, data in parts.items():
            dst.writestr(n, data)
    assert (
        import_file(tmp_path / "text.xlsx")
        .report.warnings[0]
        .startswith("3 cells hold formulas without a saved result (first: cell C4, '=C3*1.01')")
    )
    # saved results are read as the values they are
    book = xlsxwriter.Workbook(tmp_path / "saved.xlsx")
    ws = book.add_worksheet("NAV")
    ws.write_row(0, 0, ["date", "A"])
    fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    for i, day in enumerate(days):
        ws.write_datetime(i + 1, 0, day, fmt)
        ws.write_formula(i + 1, 1, f"=1.01^{i}", None, 1.01**i)
    book.close()
    result = import_file(tmp_path / "saved.xlsx")
    np.testing.assert_allclose(result.data["A"].to_numpy(), 1.01 ** np.arange(5))
    assert not result.report.warnings


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_dates_across_a_header_row_ask_for_a_transpose(tmp_path: Path, suffix: str) -> None:
    days = list(pd.date_range("2024-01-05", periods=4, freq="W-FRI").to_pydatetime())
    head = [f"{d:%Y-%m-%d}" for d in days] if suffix == ".csv" else days
    rows = [["净值矩阵"], ["基金名称", *head], ["甲", 1.0, 1.01, 1.02, 1.03], ["乙", 1, 2, 3, 4]]
    with pytest.raises(InputError) as exc:
        import_file(_write(tmp_path / f"m{suffix}", rows))
    _assert_clear(exc, "the dates run across row 2 (2024-01-05 … 2024-01-26), one row per series",
                  "transpose the sheet")  # fmt: skip
    # numbers across a header are no dates: the usual message
    rows = [["基金名称", "1", "2", "3"], ["甲", 1.0, 1.01, 1.02]]
    with pytest.raises(InputError, match="no date column"):
        import_file(_write(tmp_path / f"n{suffix}", rows))


def test_long_funds_interleaved_by_date_name_their_own_file_rows(tmp_path: Path) -> None:
    # rows by date, funds mixed (a database export): each fund built on its own rows, and
    # every message counts rows of the file
    days = [f"{d:%Y-%m-%d}" for d in pd.date_range("2024-01-05", periods=5, freq="W-FRI")]
    unit = {"甲": [1.00, 1.01, 1.02, 1.03, 1.04], "乙": [1.10, 1.11, 0.0, 1.02, 1.03]}
    cumulative = {"甲": [1.00, 1.01, 1.02, 1.03, 1.04], "乙": [1.10, 1.11, 1.12, 1.13, 1.14]}
    rows = [["基金名称", "日期", "单位净值", "累计净值"]]
    for t, day in enumerate(days):
        for fund in ("甲", "乙"):
            rows.append([fund, day, unit[fund][t], cumulative[fund][t]])
    result = import_file(_write(tmp_path / "long.csv", rows))
    # 乙's unit NAV 0 sits on the file's row 7 (header, then two rows a date)
    assert [(i.row, i.series, i.value) for i in result.report.non_positive] == [(7, "乙", "0")]
    # 乙 paid 0.10 a unit at its fourth date (A − U from 0.00 to 0.11): r = (A_t − A_t−1) / U_t−1
    navs = result.data["乙"].dropna().to_numpy()
    assert navs[-2] / navs[-3] - 1 == pytest.approx((1.13 - 1.11) / 1.11, rel=1e-12)
    assert result.data["甲"].tolist() == unit["甲"]


# --------------------------------------------------------------------------------------------
# Dates with a time of day: a NAV is once a day at most


def _timed(d: pd.Timestamp, style: str) -> object:
    """The date ``d`` at 15:00, as text, as a datetime cell or as an Excel serial."""
    at = d + pd.Timedelta(hours=15)
    if style == "text":
        return f"{at:%Y-%m-%d %H:%M:%S}"
    if style == "datetime":
        return at.to_pydatetime()
    return (d - pd.Timestamp("1899-12-30")).days + 0.625  # 15:00 is 15/24 of a day


@pytest.mark.parametrize(
    ("suffix", "style"),
    [(".csv", "text"), (".csv", "serial"), (".xlsx", "datetime"), (".xlsx", "serial")],
)
def test_nav_dates_with_a_time_of_day_are_days(tmp_path: Path, suffix: str, style: str) -> None:
    rows: list[list[object]] = [["日期", *NAVS.columns]]
    rows += [[_timed(d, style), *(_cell(v) for v in values)] for d, values in NAVS.iterrows()]
    result = import_file(_write(tmp_path / f"timed{suffix}", rows))
    pd.testing.assert_frame_equal(result.data, _expected())
    assert any("time of day" in note and "read as days" in note for note in result.report.notes)


def test_the_same_day_at_two_times_is_a_repeated_date(tmp_path: Path) -> None:
    # 2023-06-16 published at 15:00, then again at 20:30 with another NAV: the same repeated
    # date, dropped and reported, as the same file with plain dates gives it
    days = [f"{d:%Y-%m-%d}" for d in DATES]
    navs = NAVS["Fund A"].tolist()
    plain = [["日期", "复权净值"], *([d, v] for d, v in zip(days, navs, strict=True))]
    plain.insert(4, [days[2], 1.045])
    timed = [[f"{row[0]} {'20:30:00' if i == 4 else '15:00:00'}", row[1]]
             for i, row in enumerate(plain) if i]  # fmt: skip
    base = import_file(write_csv(tmp_path / "f.csv", plain))
    (tmp_path / "timed").mkdir()
    got = import_file(write_csv(tmp_path / "timed" / "f.csv", [plain[0], *timed]))
    assert [str(i) for i in got.report.duplicates] == [str(i) for i in base.report.duplicates]
    [issue] = got.report.duplicates
    assert issue.row == 4 and "date 2023-06-16 repeats on row 5" in issue.reason
    pd.testing.assert_frame_equal(got.data, base.data)
    assert got.data.loc["2023-06-16", "f"] == 1.045  # the later row, as for plain dates


def _bars(rows: list[tuple[str, float]]) -> list[list[object]]:
    return [["时间", "收盘价", "最高价", "最低价"]] + [[t, c, c + 1, c - 1] for t, c in rows]


def test_intraday_market_bars_keep_their_times(tmp_path: Path) -> None:
    bars = [("2024-01-05 10:30:00", 3300.0), ("2024-01-05 15:00:00", 3310.0),
            ("2024-01-08 10:30:00", 3290.0), ("2024-01-08 15:00:00", 3305.0)]  # fmt: skip
    result = import_file(write_csv(tmp_path / "bars.csv", _bars(bars)))
    assert result.data.index.tolist() == [pd.Timestamp(t) for t, _ in bars]
    assert result.data["close"].tolist() == [c for _, c in bars]
    assert result.report.duplicates == []


def test_daily_bars_with_one_day_given_twice_are_days_and_the_day_a_repeat(
    tmp_path: Path,
) -> None:
    # a day's extra 10:30 row among daily 15:00 bars is a repeated date, not intraday data:
    # the other days stay days, the day is reported and written once (its later row kept)
    days = pd.bdate_range("2023-03-20", periods=6)
    bars = [(f"{d:%Y-%m-%d} 15:00:00", 3300.0 + k) for k, d in enumerate(days)]
    bars.insert(3, (f"{days[2]:%Y-%m-%d} 10:30:00", 3333.0))
    result = import_file(write_csv(tmp_path / "bars.csv", _bars(bars)))
    assert result.data.index.tolist() == days.tolist()
    assert result.data.loc[days[2], "close"] == 3333.0  # the later row of the file
    issues = result.report.duplicates  # one for each field of the bar
    assert [issue.series for issue in issues] == ["close", "high", "low"]
    assert all(f"date {days[2]:%Y-%m-%d} repeats on row 5" in i.reason for i in issues)
    assert not any("intraday" in note for note in result.report.notes)


def test_daily_market_bars_stamped_at_the_close_are_days(tmp_path: Path) -> None:
    bars = [("2024-01-05 15:00:00", 3300.0), ("2024-01-08 15:00:00", 3310.0)]
    result = import_file(write_csv(tmp_path / "daily.csv", _bars(bars)))
    assert result.data.index.tolist() == list(pd.to_datetime(["2024-01-05", "2024-01-08"]))
    assert result.data["close"].tolist() == [3300.0, 3310.0]


# --------------------------------------------------------------------------------------------
# One scale per column: percent by the header, the unit row or the cells' own % signs


def _turnover_rows(header: str) -> tuple[list[list[object]], list[float]]:
    """An index's bars whose 换手率 is plain percent numbers (0.8551 = 0.8551%), the last rows
    pasted from a web page as text (1.4215%), and the turnovers as fractions."""
    percents = [0.8551, 0.8296, 1.0212, 1.4642, 1.4215, 1.0975]
    rows: list[list[object]] = [["日期", "收盘价", "最高价", "最低价", header]]
    days = pd.bdate_range("2023-07-25", periods=len(percents))
    for k, (d, p) in enumerate(zip(days, percents, strict=True)):
        rows.append([f"{d:%Y-%m-%d}", 3800.0 + k, 3810.0 + k, 3790.0 + k,
                     f"{p}%" if k >= 4 else p])  # fmt: skip
    return rows, [p / 100 for p in percents]


def _bare_turnover(values: list[float]) -> list[list[object]]:
    """An index's (or ETF's) closes with a 换手率 that nothing marks as percent."""
    rows: list[list[object]] = [["日期", "收盘价", "换手率"]]
    days = pd.bdate_range("2023-07-25", periods=len(values))
    for k, (d, v) in enumerate(zip(days, values, strict=True)):
        rows.append([f"{d:%Y-%m-%d}", 3800.0 + k, v])
    return rows


#: 沪深300-like percent numbers (0.31%-0.84% a day), a 创业板-like hot spell (0.52%-2.49%),
#: and a T+0 ETF's fractions above 1 (124%-345% a day): none says its scale.
_HS300 = [0.6457, 0.3111, 0.8392, 0.5821, 0.7362]
_HOT = [0.5183, 0.9459, 1.4642, 2.4926, 1.2212]
_T0_ETF = [2.412, 1.2355, 3.4531, 2.4833, 1.8508]


@pytest.mark.parametrize("values", [_HS300, _HOT, _T0_ETF])
def test_bare_turnover_of_undecidable_scale_is_read_in_percent_and_warned(
    tmp_path: Path, values: list[float]
) -> None:
    # QA4 A3/A4: 0.65 is 0.65% (an index in percent numbers) or 65% (fractions), 2.4 is 2.4%
    # or 240% (a T+0 ETF): the size cannot tell; read as percent (most vendors' unit), warned
    result = import_file(write_csv(tmp_path / "bars.csv", _bare_turnover(values)))
    np.testing.assert_allclose(result.data["turnover"].to_numpy(), np.array(values) / 100)
    median = float(np.median(values))
    [warning] = [w for w in result.report.warnings if w.startswith("column 换手率")]
    assert f"median {median:g}" in warning and "read as percent numbers" in warning
    assert "换手率(%)" in warning


def test_bare_turnover_of_a_stock_suspended_most_days_is_sized_by_its_trading_days(
    tmp_path: Path,
) -> None:
    # QA9 A2 (K07): a stock suspended on 7 of 12 days, 换手率 0 there and percent numbers
    # (0.6%-2.5%) on the days it traded: the median with the zeros was 0, read as fractions
    # (100x too large) without a word; the days it traded decide (percent, warned as unmarked)
    values = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.6457, 1.4642, 2.4926, 0.9459, 1.2212]
    result = import_file(write_csv(tmp_path / "bars.csv", _bare_turnover(values), "gbk"))
    np.testing.assert_allclose(result.data["turnover"].to_numpy(), np.array(values) / 100)
    [warning] = [w for w in result.report.warnings if w.startswith("column 换手率")]
    assert f"median {np.median([v for v in values if v]):g}" in warning


def test_bare_turnover_clearly_fractions_or_percent_is_not_warned(tmp_path: Path) -> None:
    fractions = [0.0144, 0.0169, 0.0121, 0.0197, 0.0053]  # 0.5%-2% a day: fractions, silently
    kept = import_file(write_csv(tmp_path / "fractions.csv", _bare_turnover(fractions)))
    np.testing.assert_allclose(kept.data["turnover"].to_numpy(), fractions, rtol=1e-15)
    assert kept.report.warnings == []
    assert not any(n.startswith("column 换手率") for n in kept.report.notes)
    hot = [12.5, 31.0, 18.2, 25.4, 14.9]  # 12%-31% a day (as fractions: over 1000% a day)
    result = import_file(write_csv(tmp_path / "stock.csv", _bare_turnover(hot)))
    np.testing.assert_allclose(result.data["turnover"].to_numpy(), np.array(hot) / 100)
    assert result.report.warnings == []
    assert any(n.startswith("column 换手率: turnover of 18.2 a day") for n in result.report.notes)


def _vendor_bars(turnover: list[float], scale: float) -> list[list[object]]:
    """An akshare / 东方财富 index file (日期 开盘 收盘 最高 最低 成交量 成交额 振幅 涨跌幅 涨跌额
    换手率) whose 振幅 and 涨跌幅 are written at ``scale`` (100: percent numbers, 1: fractions),
    computed here from its own prices, and its 换手率 is ``turnover`` as given."""
    closes = [3798.10, 3812.97, 3826.45, 3741.13, 3796.72, 3858.35, 3811.82, 3890.04]
    header = ["日期", "开盘", "收盘", "最高", "最低", "成交量", "成交额", "振幅", "涨跌幅",
              "涨跌额", "换手率"]  # fmt: skip
    rows: list[list[object]] = [header]
    days = pd.bdate_range("2015-01-05", periods=len(turnover))
    for k, (d, t) in enumerate(zip(days, turnover, strict=True)):
        close, prev = closes[k], closes[k - 1] if k else 3731.00
        high, low = close * 1.012, close * 0.985
        digits = 2 if scale == 100 else 4
        rows.append([
            f"{d:%Y-%m-%d}", prev, close, round(high, 2), round(low, 2), 186048316,
            70663010899.96, round(scale * (round(high, 2) - round(low, 2)) / prev, digits),
            round(scale * (close / prev - 1), digits), round(close - prev, 2), t,
        ])  # fmt: skip
    return rows


def test_bare_turnover_beside_percent_rates_is_percent_numbers_noted(tmp_path: Path) -> None:
    # QA5 N1: akshare's 涨跌幅 0.39 is 100 x the close's return: the vendor writes percent
    # numbers, so its bare 换手率 0.65 is 0.65%, noted, not warned
    turnover = [0.65, 0.76, 0.42, 0.85, 0.31, 0.55, 0.61, 0.47]
    result = import_file(write_csv(tmp_path / "hs300.csv", _vendor_bars(turnover, 100)))
    np.testing.assert_allclose(result.data["turnover"].to_numpy(), np.array(turnover) / 100)
    assert result.report.warnings == []
    [note] = [n for n in result.report.notes if n.startswith("column 换手率")]
    assert "percent numbers" in note and "涨跌幅" in note and "divided by 100" in note


def test_bare_turnover_beside_fraction_rates_is_fractions_noted(tmp_path: Path) -> None:
    # 涨跌幅 0.0039 for a 0.39% day: the file writes fractions, and its 换手率 0.0065 is a
    # plausible fraction (0.65% a day): kept as given, noted, no warning
    turnover = [0.0065, 0.0076, 0.0042, 0.0085, 0.0031, 0.0055, 0.0061, 0.0047]
    result = import_file(write_csv(tmp_path / "idx.csv", _vendor_bars(turnover, 1)))
    np.testing.assert_allclose(result.data["turnover"].to_numpy(), turnover, rtol=1e-15)
    assert result.report.warnings == []
    [note] = [n for n in result.report.notes if n.startswith("column 换手率")]
    assert "fractions" in note and "涨跌幅" in note


def test_bare_turnover_too_large_for_the_fractions_its_rates_are_is_warned(
    tmp_path: Path,
) -> None:
    # QA6 A2: 涨跌幅 in fractions beside a 换手率 of 0.65 (median): as a fraction 65% a day,
    # which only a T+0 ETF trades, as percent numbers 0.65%, what vendors mostly write (an
    # analyst's own 涨跌幅 beside a vendor's 换手率): the rates cannot decide it, the size reads
    # it as percent numbers, warned naming both readings (it was fractions, noted, silently)
    turnover = [0.65, 0.76, 0.42, 0.85, 0.31, 0.55, 0.61, 0.47]
    result = import_file(write_csv(tmp_path / "etf.csv", _vendor_bars(turnover, 1)))
    np.testing.assert_allclose(result.data["turnover"].to_numpy(), np.array(turnover) / 100)
    [warning] = [w for w in result.report.warnings if w.startswith("column 换手率")]
    median = float(np.median(turnover))
    assert f"{median:g}% as percent numbers, {median:.0%} as a fraction" in warning
    assert "own rates are fractions" in warning and "涨跌幅" in warning


def test_bare_turnover_beside_rates_of_no_scale_falls_back_to_its_size(tmp_path: Path) -> None:
    # a 涨跌幅 that is neither (another index's, or constant) says nothing: the size decides
    rows = _vendor_bars(_HS300 + [0.5, 0.6, 0.7], 100)
    for row in rows[1:]:
        row[7], row[8] = 2.5, 1.0
    result = import_file(write_csv(tmp_path / "bars.csv", rows))
    np.testing.assert_allclose(
        result.data["turnover"].to_numpy(), np.array(_HS300 + [0.5, 0.6, 0.7]) / 100
    )
    [warning] = [w for w in result.report.warnings if w.startswith("column 换手率")]
    assert "read as percent numbers" in warning


@pytest.mark.parametrize(
    "fractions",
    [
        [0.062, 0.056, 0.0469, 0.0571, 0.0655, 0.0512, 0.0734],  # 创业板 2015 H1: median 0.057
        [0.041, 0.045, 0.038, 0.052, 0.047, 0.036, 0.049],  # the same index later: 0.045
    ],
)
def test_bare_turnover_fractions_of_a_hot_index_are_fractions_warned(
    tmp_path: Path, fractions: list[float]
) -> None:
    # QA5 B1: fractions of 4.5%-5.7% a day (创业板 2015): both periods of the index are read
    # alike, as given. But 0.045 is as plausible in percent numbers (工商银行's 0.03-0.06% a
    # day, 上证50's 0.05-0.14%), so the reading is warned, naming both (it was silent)
    result = import_file(write_csv(tmp_path / "cyb.csv", _bare_turnover(fractions)))
    np.testing.assert_allclose(result.data["turnover"].to_numpy(), fractions, rtol=1e-15)
    [warning] = result.report.warnings
    median = float(np.median(fractions))
    assert f"median {median:g} a day: {median:g}% as percent numbers" in warning
    assert "read as fractions: if they are percent numbers, head the column 换手率(%)" in warning


def test_bare_turnover_of_a_hottest_week_is_fractions_warned(tmp_path: Path) -> None:
    # median 0.085: a hot index's 8.5% or a large-cap index's 0.085%: read as fractions
    # (below 0.1, the least of a large-cap index's percent numbers), warned
    fractions = [0.081, 0.092, 0.085, 0.079, 0.097]
    result = import_file(write_csv(tmp_path / "cyb.csv", _bare_turnover(fractions)))
    np.testing.assert_allclose(result.data["turnover"].to_numpy(), fractions, rtol=1e-15)
    [warning] = [w for w in result.report.warnings if w.startswith("column 换手率")]
    assert "median 0.085" in warning and "read as fractions" in warning


def test_turnover_in_percent_by_its_header_is_one_scale(tmp_path: Path) -> None:
    rows, fractions = _turnover_rows("换手率(%)")
    result = import_file(write_csv(tmp_path / "bars.csv", rows))
    np.testing.assert_allclose(result.data["turnover"].to_numpy(), fractions, rtol=1e-15)
    assert (
        "column 换手率(%): numbers in percent (its header or unit row says %): divided by 100"
        in result.report.notes
    )


def test_turnover_of_numbers_and_percent_text_is_read_in_percent_and_noted(tmp_path: Path) -> None:
    rows, fractions = _turnover_rows("换手率")
    result = import_file(write_csv(tmp_path / "bars.csv", rows))
    np.testing.assert_allclose(result.data["turnover"].to_numpy(), fractions, rtol=1e-15)
    [note] = [n for n in result.report.notes if n.startswith("column 换手率")]
    assert "row 6: '1.4215%'" in note and "row 2: 0.8551" in note and "read as percent" in note
    assert result.report.warnings == []


def test_returns_of_numbers_and_percent_text_are_read_in_percent(tmp_path: Path) -> None:
    dates = ["2024-01-05", "2024-01-12", "2024-01-19", "2024-01-26"]
    rows = [["date", "A"], [dates[0], 0.5], [dates[1], "-0.25%"], [dates[2], 1.0],
            [dates[3], "0.75%"]]  # fmt: skip
    result = import_file(write_csv(tmp_path / "r.csv", rows), returns=True)
    expected = np.cumprod([1.0, 1.005, 0.9975, 1.01, 1.0075])
    np.testing.assert_allclose(result.data["A"].to_numpy(), expected, rtol=1e-15)
    notes = result.report.notes
    assert any(n.startswith("column A: plain numbers beside percent text") for n in notes)


# --------------------------------------------------------------------------------------------
# Monthly NAVs dated by month label


@pytest.mark.parametrize(
    "style", ["{y}-{m:02d}", "{y}年{m}月", "{y}/{m}", "２０２１－０{m}", "{y}.{m:02d}"]
)
def test_month_labels_are_read_as_month_ends(tmp_path: Path, style: str) -> None:
    navs = [1.0, 1.0001, 0.9406, 0.9971, 1.0213, 1.05]
    ends = pd.date_range("2021-01-31", periods=len(navs), freq="ME")  # Jan 31, Feb 28, ...
    rows: list[list[object]] = [["日期", "复权净值"]]
    rows += [[style.format(y=d.year, m=d.month), v] for d, v in zip(ends, navs, strict=True)]
    result = import_file(write_csv(tmp_path / "monthly.csv", rows))
    assert result.data.index.tolist() == ends.tolist()
    assert result.data["monthly"].tolist() == navs
    assert any(
        note.startswith("column 日期: the dates are months") and "month-end dates" in note
        for note in result.report.notes
    )


@pytest.mark.parametrize(
    "style", ["{y}Q{q}", "{y} Q{q}", "{y}-Q{q}", "{y}年{q}季度", "{y}年第{q}季度", "{y}年{cn}季度"]
)
def test_quarter_labels_are_read_as_quarter_ends(tmp_path: Path, style: str) -> None:
    # QA3 D2: a quarterly NAV dated 2019Q1 / 2019年1季度 was refused as "not a date"
    navs = [1.0, 1.04, 0.97, 1.02, 1.08, 1.1]
    ends = [pd.Timestamp(d) for d in ("2019-03-31", "2019-06-30", "2019-09-30", "2019-12-31",
                                      "2020-03-31", "2020-06-30")]  # fmt: skip
    rows: list[list[object]] = [["日期", "复权净值"]]
    rows += [[style.format(y=d.year, q=d.quarter, cn="一二三四"[d.quarter - 1]), v]
             for d, v in zip(ends, navs, strict=True)]  # fmt: skip
    result = import_file(write_csv(tmp_path / "quarterly.csv", rows))
    assert result.data.index.tolist() == ends
    assert result.data["quarterly"].tolist() == navs
    assert any(
        note.startswith("column 日期: the dates are quarters") and "quarter-end dates" in note
        for note in result.report.notes
    )


@pytest.mark.parametrize(
    ("header", "labels", "ends"),
    [
        ("月份", ["2019-01", "2019-02", "2019-03"], ["2019-01-31", "2019-02-28", "2019-03-31"]),
        ("年月", ["201911", "201912", "202001"], ["2019-11-30", "2019-12-31", "2020-01-31"]),
        ("统计月份", ["2019年1月", "2019年2月"], ["2019-01-31", "2019-02-28"]),
        ("季度", ["2015Q1", "2015Q2", "2015Q3"], ["2015-03-31", "2015-06-30", "2015-09-30"]),
        ("报告期", ["2015-03-31", "2015-06-30"], ["2015-03-31", "2015-06-30"]),
    ],
)
def test_a_date_column_headed_by_its_period_is_found(
    tmp_path: Path, header: str, labels: list[str], ends: list[str]
) -> None:
    # QA5 B3: 月份 | 单位净值 of month labels, 季度 of quarter labels: "no date column"
    navs = [1.0 + k / 100 for k in range(len(labels))]
    rows = [[header, "复权净值"]] + [[lab, v] for lab, v in zip(labels, navs, strict=True)]
    result = import_file(write_csv(tmp_path / "periods.csv", rows))
    assert result.data.index.tolist() == [pd.Timestamp(d) for d in ends]
    assert result.data["periods"].tolist() == navs


def test_a_day_date_column_is_preferred_to_a_month_column(tmp_path: Path) -> None:
    # 月份 first as a helper column beside the days: the days are the dates
    days = pd.DatetimeIndex(["2019-01-25", "2019-01-31", "2019-02-01"])
    rows: list[list[object]] = [["月份", "日期", "复权净值"]]
    rows += [[f"{d:%Y-%m}", f"{d:%Y-%m-%d}", 1.0 + k / 100] for k, d in enumerate(days)]
    result = import_file(write_csv(tmp_path / "days.csv", rows))
    assert result.data.index.tolist() == days.tolist()
    assert result.data["days"].tolist() == [1.0, 1.01, 1.02]


def test_month_labels_among_dates_are_refused_with_a_hint(tmp_path: Path) -> None:
    rows = [["日期", "复权净值"], ["2021-01", 1.0], ["2021-02", 1.01], ["2021-03-31", 1.02]]
    with pytest.raises(InputError) as exc:
        import_file(write_csv(tmp_path / "mixed.csv", rows))
    _assert_clear(exc, "row 2 is '2021-01', not a date", "month labels: give month-end dates "
                  "such as 2021-01-31")  # fmt: skip


def test_a_typo_among_month_labels_is_named(tmp_path: Path) -> None:
    # QA3 C1: one 2021-13 among 2021-1 ... refused blaming row 2 ('2021-1', a good label)
    labels = [f"2021-{m}" for m in range(1, 13)] + ["2021-13", "2022-2"]
    rows = [["日期", "复权净值"]] + [[lab, 1.0 + k / 100] for k, lab in enumerate(labels)]
    with pytest.raises(InputError) as exc:
        import_file(write_csv(tmp_path / "typo.csv", rows))
    _assert_clear(exc, "row 14 is '2021-13', not a month", "the other 13 dates are month labels")


def _month_numbers(ends: pd.DatetimeIndex, pad: bool) -> list[float]:
    """Month labels typed as numbers, as Excel keeps them: 2021.01 (``pad``) or 2021.1 for
    January; October 2021.10 is the number 2021.1 either way."""
    return [float(f"{d.year}.{d.month:02d}" if pad else f"{d.year}.{d.month}") for d in ends]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("pad", [True, False])
def test_month_labels_typed_as_numbers_are_read_as_month_ends(
    tmp_path: Path, suffix: str, pad: bool
) -> None:
    # QA4 A10: 2021.01 ... 2021.1 (October) ... typed as numbers in an xlsx were Excel
    # serials of 1905: 30 months became 3 dates, silently (a CSV holds the text 2021.1)
    ends = pd.date_range("2020-11-30", periods=26, freq="ME")  # Nov 2020 ... Dec 2022
    navs = [round(1.0 + k / 100, 4) for k in range(len(ends))]
    rows: list[list[object]] = [["日期", "复权净值"]]
    rows += [[x, v] for x, v in zip(_month_numbers(ends, pad), navs, strict=True)]
    result = import_file(_write(tmp_path / f"monthly{suffix}", rows))
    assert result.data.index.tolist() == ends.tolist()
    assert result.data["monthly"].tolist() == navs
    # October 2021 and 2022 (unpadded, January 2021.1 and 2022.1 too, read as January)
    [note] = [n for n in result.report.notes if n.startswith("column 日期: the dates are months")]
    assert "2 labels such as '2021.1' (row 13) read as October" in note, note
    assert result.report.warnings == []


@pytest.mark.parametrize(
    ("dates", "needles"),
    [
        ([2021.01, 2021.02, 2021.02, 2021.03], ["row 4 ('2021.02') breaks the order"]),
        ([2021.01, 2021.02, 2021.13, 2021.04], ["row 4 is '2021.13', not a month"]),
        ([2019, 2020, 2021, 2022], ["row 2 is the number 2019", "a day of 1905"]),
        ([2021.1, 2021.1, 2021.1], ["row 4 ('2021.1') breaks the order"]),
    ],
)
def test_year_numbers_that_are_not_months_in_order_are_refused(
    tmp_path: Path, dates: list[float], needles: list[str]
) -> None:
    # as Excel serials they are days of 1905: never read silently
    rows = [["日期", "复权净值"]] + [[d, 1.0 + k / 100] for k, d in enumerate(dates)]
    with pytest.raises(InputError) as exc:
        import_file(_write(tmp_path / "years.xlsx", rows))
    _assert_clear(exc, "column 日期", *needles)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_yyyymm_numbers_are_read_as_month_ends(tmp_path: Path, suffix: str) -> None:
    # QA5 B2: 199804, 199805, ... (Wind/Choice month exports, SQL dumps: numbers in an xlsx,
    # text in a CSV) were refused as "the serial 199804, a date after 2192"
    ends = pd.date_range("1998-04-30", periods=30, freq="ME")  # Apr 1998 ... Sep 2000
    navs = [round(1.0 + k / 100, 4) for k in range(len(ends))]
    rows: list[list[object]] = [["日期", "复权净值"]]
    rows += [[d.year * 100 + d.month, v] for d, v in zip(ends, navs, strict=True)]
    result = import_file(_write(tmp_path / f"monthly{suffix}", rows))
    assert result.data.index.tolist() == ends.tolist()
    assert result.data["monthly"].tolist() == navs
    [note] = [n for n in result.report.notes if n.startswith("column 日期: the dates are months")]
    assert "(row 2: '199804'): read as month-end dates (1998-04-30, ...)" in note, note
    assert result.report.warnings == []


@pytest.mark.parametrize(
    ("dates", "needles"),
    [
        ([201901, 201902, 201913, 201904], ["row 4 is '201913', not a month"]),
        ([201901, 201902, 20190331, 201904], ["row 2 is '201901', not a date", "month labels"]),
    ],
)
def test_a_yyyymm_typo_or_day_among_yyyymm_numbers_is_refused(
    tmp_path: Path, dates: list[int], needles: list[str]
) -> None:
    rows = [["日期", "复权净值"]] + [[d, 1.0 + k / 100] for k, d in enumerate(dates)]
    with pytest.raises(InputError) as exc:
        import_file(_write(tmp_path / "months.xlsx", rows))
    _assert_clear(exc, "column 日期", *needles)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_yyyymmdd_numbers_and_serials_stay_days(tmp_path: Path, suffix: str) -> None:
    # beside the YYYYMM month labels: 8-digit days and 5-digit Excel serials are days
    days = pd.DatetimeIndex(["2019-01-04", "2019-01-11", "2019-01-18"])
    for cells in ([20190104, 20190111, 20190118], [43469, 43476, 43483]):
        rows = [["日期", "复权净值"]] + [[c, 1.0 + k / 100] for k, c in enumerate(cells)]
        result = import_file(_write(tmp_path / f"days{suffix}", rows))
        assert result.data.index.tolist() == days.tolist(), cells
        assert not any("the dates are months" in n for n in result.report.notes)


def _book_of_dates(path: Path, cells: list[object], mac: bool, fmt: str | None = None) -> Path:
    """A workbook (of the 1904 date system when ``mac``) whose 日期 column holds ``cells``
    (number format ``fmt``, else General) beside a 复权净值 of 1.00, 1.01, ..."""
    book = openpyxl.Workbook()
    if mac:
        book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    sheet = book.active
    sheet.append(["日期", "复权净值"])
    for k, cell in enumerate(cells):
        sheet.append([cell, 1.0 + k / 100])
        if fmt is not None:
            sheet.cell(k + 2, 1).number_format = fmt
    book.save(path)
    return path


def test_serials_of_a_1904_workbook_count_from_1904(tmp_path: Path) -> None:
    # pool15 X41: a Mac Excel workbook (1904 date system) with its dates as serials in General
    # format: read as 1900 serials, 1,462 days (4 years and a day) early, silently
    days = pd.DatetimeIndex(["2024-01-02", "2024-01-03", "2024-01-05"])
    serials = [float((d - pd.Timestamp("1904-01-01")).days) for d in days]
    assert serials[0] == 43831  # (the 1900 system's serial of 2020-01-01)
    result = import_file(_book_of_dates(tmp_path / "mac.xlsx", list(serials), mac=True))
    assert result.data.index.tolist() == days.tolist()
    assert result.data["mac"].tolist() == [1.0, 1.01, 1.02]
    assert (
        "column 日期: the workbook uses the 1904 date system (Mac Excel), so its 3 dates given "
        "as serial numbers count days from 1904-01-01 (row 2: 43831 is 2024-01-02)"
        in result.report.notes
    )


@pytest.mark.parametrize(
    ("cells", "fmt"),
    [
        ([dt.datetime(2024, 1, 2), dt.datetime(2024, 1, 3)], "yyyy-mm-dd"),  # calamine's
        ([20240102, 20240103], None),  # yyyymmdd numbers: no serials
    ],
)
def test_dates_of_a_1904_workbook_that_are_no_serials_stay(
    tmp_path: Path, cells: list[object], fmt: str | None
) -> None:
    # pool15 X41's controls: date cells (calamine converts them in the 1904 system) and
    # yyyymmdd numbers are read as they are
    result = import_file(_book_of_dates(tmp_path / "mac.xlsx", cells, mac=True, fmt=fmt))
    assert result.data.index.tolist() == [pd.Timestamp("2024-01-02"), pd.Timestamp("2024-01-03")]
    assert not any("1904" in note for note in result.report.notes)


def test_serials_of_a_1900_workbook_stay_1900_serials(tmp_path: Path) -> None:
    # pool15 X41's control: the same General serials in a (Windows Excel) 1900 workbook
    result = import_file(_book_of_dates(tmp_path / "win.xlsx", [43831.0, 43832.0], mac=False))
    assert result.data.index.tolist() == [pd.Timestamp("2020-01-01"), pd.Timestamp("2020-01-02")]
    assert not any("1904" in note for note in result.report.notes)


@pytest.mark.parametrize("dates", [[1, 2, 3, 4], [3.5, 3.25, 3.75]])
def test_serial_dates_all_before_1907_are_refused(tmp_path: Path, dates: list[float]) -> None:
    # row numbers as dates, or 1905 numbers whose only difference is a time of day
    rows = [["日期", "复权净值"]] + [[d, 1.0 + k / 100] for k, d in enumerate(dates)]
    with pytest.raises(InputError) as exc:
        import_file(_write(tmp_path / "serials.xlsx", rows))
    _assert_clear(exc, "column 日期: every date is before 1907 (row 2:", "give dates")


def test_a_typo_as_the_first_month_label_is_named(tmp_path: Path) -> None:
    # the month-label hint was lost when the first date was the typo
    labels = ["2021-13"] + [f"2022-{m:02d}" for m in range(2, 13)]
    rows = [["日期", "复权净值"]] + [[lab, 1.0 + k / 100] for k, lab in enumerate(labels)]
    with pytest.raises(InputError) as exc:
        import_file(write_csv(tmp_path / "typo.csv", rows))
    _assert_clear(exc, "row 2 is '2021-13', not a month", "the other 11 dates are month labels")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_month_labels_with_a_footer_are_read(tmp_path: Path, suffix: str) -> None:
    # a footer under day dates was skipped, under month labels the file was refused
    navs = [1.0, 1.02, 0.99, 1.03]
    rows: list[list[object]] = [["日期", "复权净值"]]
    rows += [[f"2021-{m:02d}", v] for m, v in zip(range(1, 5), navs, strict=True)]
    rows += [[None, None], ["数据来源：Wind", None]]
    result = import_file(_write(tmp_path / f"monthly{suffix}", rows))
    ends = ["2021-01-31", "2021-02-28", "2021-03-31", "2021-04-30"]
    assert result.data.index.tolist() == [pd.Timestamp(d) for d in ends]
    assert result.data["monthly"].tolist() == navs
    assert "row 7 is not data ('数据来源：Wind'): skipped" in result.report.notes


def test_month_and_quarter_labels_in_one_column_are_refused(tmp_path: Path) -> None:
    labels = ["2021-01", "2021-02", "2021-03", "2021Q2", "2021Q3"]
    rows = [["日期", "复权净值"]] + [[lab, 1.0 + k / 100] for k, lab in enumerate(labels)]
    with pytest.raises(InputError) as exc:
        import_file(write_csv(tmp_path / "mixed.csv", rows))
    _assert_clear(exc, "month labels (row 2: '2021-01') and quarter labels (row 5: '2021Q2')")


def _weekly_with_labels(labels: dict[int, str]) -> tuple[list[list[object]], pd.DatetimeIndex]:
    """Weekly NAVs 1.00, 1.01, ... on Fridays from 2022-01-07, body rows ``labels`` dated by
    those texts instead; and the Fridays."""
    fridays = pd.date_range("2022-01-07", periods=12, freq="W-FRI")
    rows: list[list[object]] = [["日期", "复权净值"]]
    rows += [[labels.get(k, f"{d:%Y-%m-%d}"), 1.0 + k / 100] for k, d in enumerate(fridays)]
    return rows, fridays


def test_month_labels_among_day_dates_are_dropped_with_a_warning(tmp_path: Path) -> None:
    # QA3 C2: 2022-04 among weekly dates was dropped as "unreadable date", no warning
    rows, fridays = _weekly_with_labels({3: "2022-01", 7: "2022-02"})  # Jan 28, Feb 25
    result = import_file(write_csv(tmp_path / "weekly.csv", rows))
    kept = [k for k in range(12) if k not in (3, 7)]
    assert result.data.index.tolist() == fridays[kept].tolist()
    assert result.data["weekly"].tolist() == [1.0 + k / 100 for k in kept]
    [warning] = result.report.warnings
    assert "2 dates are month or quarter labels among day dates" in warning
    assert "row 5 '2022-01', row 9 '2022-02'" in warning and "give each its day" in warning
    assert [(i.row, i.reason) for i in result.report.dropped] == [
        (5, "a month, not a day: row dropped"), (9, "a month, not a day: row dropped")
    ]  # fmt: skip
    with pytest.raises(InputError) as exc:
        import_file(write_csv(tmp_path / "weekly.csv", rows), strict=True)
    _assert_clear(exc, "row 5 '2022-01', row 9 '2022-02'", "give each its day")


def _mixed_turnover(plain: list[float], text: str, at: int) -> list[list[object]]:
    """An index's bars whose 换手率 (a header that says nothing) holds the plain numbers
    ``plain``, with the cell of body row ``at`` replaced by the percent text ``text``."""
    rows: list[list[object]] = [["日期", "收盘价", "换手率"]]
    for k, (d, p) in enumerate(zip(pd.bdate_range("2023-01-02", periods=len(plain)), plain,
                                   strict=True)):  # fmt: skip
        rows.append([f"{d:%Y-%m-%d}", 3800.0 + k, text if k == at else p])
    return rows


@pytest.mark.parametrize(
    ("header", "per"), [("成交额", 1.0), ("成交额(亿元)", 1e8), ("成交额(万元)", 1e4)]
)
def test_amounts_with_chinese_units_are_read(tmp_path: Path, header: str, per: float) -> None:
    # QA3 C3: 成交额 written 2505.55亿 / 4567万 was skipped as "holds no numbers"
    cells = ["2505.55亿", "4567万", "3314.49亿元", "30790433万元", "12.5"]
    yuan = [2505.55e8, 4567e4, 3314.49e8, 30790433e4]
    rows: list[list[object]] = [["日期", "收盘价", header]]
    days = pd.bdate_range("2023-01-02", periods=len(cells))
    rows += [[f"{days[k]:%Y-%m-%d}", 3800.0 + k, c] for k, c in enumerate(cells)]
    result = import_file(write_csv(tmp_path / "bars.csv", rows))
    expected = [y / per for y in yuan] + [12.5]  # in the header's unit, the plain cell as written
    np.testing.assert_allclose(result.data["amount"].to_numpy(), expected, rtol=1e-15)
    [note] = [n for n in result.report.notes if n.startswith(f"column {header}")]
    assert "'2505.55亿'" in note and "亿 as 1e8 and 万 as 1e4" in note


def test_amounts_in_wan_yi_and_other_combined_units_are_read(tmp_path: Path) -> None:
    # QA5 A4: 1.2212万亿 (两市成交额 2015) was dropped, listed but not warned
    cells = ["9067.16亿", "1.2212万亿", "7503.40万", "2.1844万亿元", "1.5千亿", "3.2千万"]
    yuan = [9067.16e8, 1.2212e12, 7503.40e4, 2.1844e12, 1.5e11, 3.2e7]
    rows: list[list[object]] = [["日期", "收盘价", "成交额"]]
    days = pd.bdate_range("2015-04-01", periods=len(cells))
    rows += [[f"{days[k]:%Y-%m-%d}", 4000.0 + k, c] for k, c in enumerate(cells)]
    result = import_file(write_csv(tmp_path / "bars.csv", rows))
    np.testing.assert_allclose(result.data["amount"].to_numpy(), yuan, rtol=1e-15)
    assert result.report.warnings == [] and result.report.dropped == []
    [note] = [n for n in result.report.notes if n.startswith("column 成交额")]
    assert "万亿 as 1e12" in note and "in 元" in note


def test_amounts_in_the_unit_of_their_header_say_it(tmp_path: Path) -> None:
    # QA5 D2: 成交额(万元) of plain numbers stays in 万 (1.22e8 for 1.22e12 元): the report says so
    rows = [["日期", "收盘价", "成交额(万元)"], ["2015-04-01", 4021.5, 122124672.59],
            ["2015-04-02", 3973.67, 111817344.78]]  # fmt: skip
    result = import_file(write_csv(tmp_path / "bars.csv", rows))
    assert result.data["amount"].tolist() == [122124672.59, 111817344.78]
    assert "column 成交额(万元): in 万 as its header says (not converted)" in (result.report.notes)


def test_amounts_with_a_unit_not_read_are_warned(tmp_path: Path) -> None:
    # a unit fofxl does not read (兆, 亿美元) must not blank the cells silently
    cells = ["9067.16亿", "1.2兆", "1.1兆", "12.3亿美元", "7503.40万"]
    rows: list[list[object]] = [["日期", "收盘价", "成交额"]]
    days = pd.bdate_range("2015-04-01", periods=len(cells))
    rows += [[f"{days[k]:%Y-%m-%d}", 4000.0 + k, c] for k, c in enumerate(cells)]
    result = import_file(write_csv(tmp_path / "bars.csv", rows))
    amount = result.data["amount"]
    assert amount.dropna().tolist() == [9067.16e8, 7503.40e4]
    [warning] = [w for w in result.report.warnings if w.startswith("column 成交额")]
    assert "3 cells" in warning and "row 3: '1.2兆'" in warning


def _eastmoney_bars(field: str, cells: list[object]) -> list[list[object]]:
    """A 东方财富-like stock export, newest row first: 日期, 收盘, 成交额 and ``field``
    holding ``cells`` (oldest first)."""
    days = pd.bdate_range("2024-03-01", periods=len(cells))
    rows: list[list[object]] = [["日期", "收盘", "成交额", field]]
    for k in reversed(range(len(cells))):
        rows.append([f"{days[k]:%Y-%m-%d}", round(5.10 + 0.01 * k, 2), 1.5e9 + k, cells[k]])
    return rows


def test_volumes_in_lots_are_read_in_shares(tmp_path: Path) -> None:
    # F1 (1): 374.06万手 was read as 3.7406e6, the 手 (100 shares) dropped; a 手 is 100
    # shares, so 万手 is 1e6 shares and 亿手 1e10; beside them a plain number is lots too
    cells = ["374.06万手", "1.02亿手", "9876手", "298.1万", "5321"]
    shares = [374.06e4 * 100, 1.02e8 * 100, 9876 * 100, 298.1e4 * 100, 5321 * 100]
    path = write_csv(tmp_path / "600000.csv", _eastmoney_bars("成交量", cells), "gbk")
    result = import_file(path)
    np.testing.assert_allclose(result.data["volume"].to_numpy(), shares, rtol=1e-15)
    assert result.report.warnings == []
    [note] = [n for n in result.report.notes if n.startswith("column 成交量")]
    assert "万手 as 1e6" in note and "in shares (a 手 as 100, a plain number too)" in note


@pytest.mark.parametrize(
    ("header", "unit"), [("成交量(手)", "手"), ("成交量(万手)", "万手"), ("总手", "手")]
)
def test_volumes_headed_in_lots_say_so(tmp_path: Path, header: str, unit: str) -> None:
    # F1 (1): 成交量(手) was read without a word of its unit, 成交量(万手) as "in 万" (the 手
    # dropped); like 成交额(万元), a header's unit is kept, and now said whole
    rows = _eastmoney_bars(header, [3740600, 2981000, 4120500])
    result = import_file(write_csv(tmp_path / "600000.csv", rows, "gbk"))
    assert result.data["volume"].tolist() == [3740600, 2981000, 4120500]
    assert (
        f"column {header}: in {unit} (a 手 is 100 shares) as its header says (not converted)"
        in result.report.notes
    )


def test_volume_cells_in_wan_under_a_header_in_lots_are_lots(tmp_path: Path) -> None:
    # 374.06万 under 成交量(手) is 374.06万手: 3,740,600 手, in the header's unit
    rows = _eastmoney_bars("成交量(手)", ["374.06万", 2981000, "1.2万手"])
    result = import_file(write_csv(tmp_path / "600000.csv", rows, "gbk"))
    np.testing.assert_allclose(result.data["volume"].to_numpy(), [3740600, 2981000, 12000])


def test_negative_amounts_volumes_and_turnover_are_dropped_and_listed(tmp_path: Path) -> None:
    # F1 (2): a negative 成交额 / 成交量 / 换手率 was kept while the report said
    # "non-positive values: none"; they are impossible (0 is a day without trading, kept)
    days = pd.bdate_range("2024-03-01", periods=8)
    amount = [2.5e10, 2.6e10, -1.5e9, 2.4e10, 0.0, 2.2e10, 2.3e10, 2.1e10]
    volume = [4.1e8, 4.2e8, 4.0e8, -3.0e6, 0.0, 3.9e8, 3.8e8, 3.7e8]
    turnover = [0.0081, 0.0079, 0.0080, 0.0077, 0.0, -0.0050, 0.0075, 0.0072]
    close = [3000.0, 3010.0, 3005.0, 2990.0, 2990.0, -3000.0, 3020.0, 3015.0]
    rows: list[list[object]] = [["日期", "收盘价", "成交额", "成交量", "换手率"]]
    for k in reversed(range(8)):  # newest first, as vendors write
        rows.append([f"{days[k]:%Y-%m-%d}", close[k], amount[k], volume[k], turnover[k]])
    result = import_file(write_csv(tmp_path / "000300.csv", rows, "gbk"))
    data = result.data
    for field, cells in (("amount", amount), ("volume", volume), ("turnover", turnover)):
        expected = pd.Series(cells, index=days).where(lambda v: v >= 0)
        np.testing.assert_array_equal(data[field].reindex(days).to_numpy(), expected.to_numpy())
    assert np.isnan(data["close"].loc["2024-03-08"])
    listed = {(i.series, i.row): i.reason for i in result.report.non_positive}
    # file rows: header on row 1, newest (day 7) on row 2, so day k is on row 9 - k
    assert listed == {
        ("amount", 7): "on 2024-03-05 must be >= 0: value dropped",
        ("volume", 6): "on 2024-03-06 must be >= 0: value dropped",
        ("turnover", 4): "on 2024-03-08 must be >= 0: value dropped",
        ("close", 4): "must be > 0: value dropped",
    }
    assert "non-positive values: 4" in result.report.to_text()


def test_a_negative_amount_is_an_error_when_strict(tmp_path: Path) -> None:
    rows = _eastmoney_bars("成交量", [4.1e8, 4.0e8, 3.9e8])
    rows[2][2] = -1.5e9
    with pytest.raises(InputError) as exc:
        import_file(write_csv(tmp_path / "600000.csv", rows, "gbk"), strict=True)
    # the cell as the CSV writes it (str(-1.5e9))
    _assert_clear(exc, "column amount: row 3 is -1500000000.0", "an amount must be >= 0")


_BANK_TURNOVER = [0.041, 0.052, 0.036, 0.047, 0.058, 0.044, 0.039, 0.049, 0.055, 0.043]


def _bank_bars(columns: list[str], turnover_scale: float = 1.0) -> list[list[object]]:
    """A large bank's daily bars (工商银行-like: 换手率 0.03-0.06% a day as percent numbers ×
    ``turnover_scale``), oldest first, with the named extra ``columns`` each computed here:
    涨跌幅 in fractions (an analyst's own formula), 涨幅 in percent numbers (同花顺 iFinD),
    振幅 in percent text ('1.23%'), 成交额 in 元 = turnover × 流通市值, 流通市值(亿元), and
    自由流通市值(亿元), 40% of it."""
    closes = [5.10, 5.14, 5.08, 5.12, 5.20, 5.15, 5.11, 5.18, 5.22, 5.17]
    turnover = _BANK_TURNOVER
    float_shares = 2.6961e11
    days = pd.bdate_range("2024-04-01", periods=len(closes))
    rows: list[list[object]] = [["日期", "收盘价", "最高价", "最低价", "换手率", *columns]]
    for k, close in enumerate(closes):
        prev = closes[k - 1] if k else 5.05
        high, low = round(close * 1.011, 2), round(close * 0.987, 2)
        value = close * float_shares
        extra = {
            "涨跌幅": round(close / prev - 1, 6),
            "涨幅": round(100 * (close / prev - 1), 2),
            "振幅": f"{100 * (high - low) / prev:.2f}%",
            "成交额": round(turnover[k] / 100 * value),
            "流通市值(亿元)": round(value / 1e8, 2),
            "自由流通市值(亿元)": round(0.4 * value / 1e8, 2),  # (a free float of 40%)
        }
        rows.append([f"{days[k]:%Y-%m-%d}", close, high, low, turnover[k] * turnover_scale,
                     *(extra[c] for c in columns)])  # fmt: skip
    return rows


def test_bare_percent_turnover_of_a_bank_beside_fraction_rates_is_warned(
    tmp_path: Path,
) -> None:
    # F1 (3): 工商银行's 换手率 0.036-0.058 (percent numbers) beside an analyst's own 涨跌幅 in
    # fractions was read as fractions (4.7% a day, 100× too large), noted only: 0.047 is a
    # plausible turnover either way, so the reading is warned, naming both and the fix
    rows = _bank_bars(["涨跌幅"])
    result = import_file(write_csv(tmp_path / "601398.csv", rows[:1] + rows[:0:-1], "gbk"))
    median = float(np.median(_BANK_TURNOVER))
    [warning] = [w for w in result.report.warnings if w.startswith("column 换手率")]
    assert f"median {median:g} a day: {median:g}% as percent numbers, " in warning
    assert "read as fractions" in warning and "head the column 换手率(%)" in warning
    assert "涨跌幅" in warning


@pytest.mark.parametrize("float_value", ["流通市值(亿元)", "自由流通市值(亿元)"])
@pytest.mark.parametrize("scale", [1.0, 0.01])
def test_bare_turnover_is_read_at_the_scale_of_amount_over_float_value(
    tmp_path: Path, scale: float, float_value: str
) -> None:
    # F1 (3): 成交额 / 流通市值 is the turnover itself: it tells percent numbers (scale 1,
    # 0.047 for 0.047%) from fractions (scale 0.01, 0.00047) exactly, noted, no warning; a
    # 自由流通市值 too (QA9 K16: it was not read, and the warning asked for a 流通市值)
    rows = _bank_bars(["成交额", float_value], scale)
    result = import_file(write_csv(tmp_path / "601398.csv", rows[:1] + rows[:0:-1], "gbk"))
    expected = np.array(_BANK_TURNOVER) / 100
    np.testing.assert_allclose(result.data["turnover"].to_numpy(), expected, rtol=1e-12)
    assert result.report.warnings == []
    [note] = [n for n in result.report.notes if n.startswith("column 换手率")]
    assert "成交额 / 流通市值" in note
    assert ("percent numbers" in note) == (scale == 1.0)


@pytest.mark.parametrize("rate", ["涨幅", "振幅"])
def test_ifind_change_and_amplitude_in_percent_text_tell_the_turnover_scale(
    tmp_path: Path, rate: str
) -> None:
    # F1: 同花顺 iFinD's 涨幅 (percent numbers) and a 振幅 of percent text ('1.23%') were not
    # read as the vendor's percent scale, so its 换手率 0.047 was taken for 4.7% a day. Read
    # as percent numbers by them; warned (QA8 A4), for 0.047 would be an analyst's own 4.7%
    rows = _bank_bars([rate])
    result = import_file(write_csv(tmp_path / "601398.csv", rows[:1] + rows[:0:-1], "gbk"))
    expected = np.array(_BANK_TURNOVER) / 100
    np.testing.assert_allclose(result.data["turnover"].to_numpy(), expected, rtol=1e-12)
    [warning] = result.report.warnings
    assert warning.startswith("column 换手率: the file's own rates are percent numbers")
    assert f"{rate} is 100 × " in warning and "read as percent numbers" in warning


def test_a_nav_with_a_chinese_unit_is_not_read(tmp_path: Path) -> None:
    # units are read only for a market file's amounts and volumes, never a NAV
    rows = [["日期", "复权净值"], ["2023-01-02", "1.05万"], ["2023-01-03", 1.06],
            ["2023-01-04", 1.07]]  # fmt: skip
    result = import_file(write_csv(tmp_path / "nav.csv", rows))
    assert result.data["nav"].dropna().tolist() == [1.06, 1.07]
    assert [i.value for i in result.report.dropped] == ["1.05万"]


def test_turnover_fractions_with_one_percent_cell_stay_fractions(tmp_path: Path) -> None:
    # QA3 A1: one stray 0.5% among fractions 0.005-0.02 must not put the column in percent
    plain = [0.005 + 0.015 * ((7 * k) % 20) / 19 for k in range(40)]
    result = import_file(write_csv(tmp_path / "bars.csv", _mixed_turnover(plain, "0.5%", 10)))
    expected = [0.005 if k == 10 else p for k, p in enumerate(plain)]
    np.testing.assert_allclose(result.data["turnover"].to_numpy(), expected, rtol=1e-15)
    [note] = [n for n in result.report.notes if n.startswith("column 换手率")]
    assert "row 12: '0.5%'" in note and "read as fractions" in note
    assert result.report.warnings == []


def test_turnover_of_undecidable_scale_is_warned(tmp_path: Path) -> None:
    # 0.1% (0.001) is neither among fractions 0.01-0.02 nor among 0.0001-0.0002 (percent)
    plain = [0.01 + 0.01 * (k % 5) / 4 for k in range(20)]
    result = import_file(write_csv(tmp_path / "bars.csv", _mixed_turnover(plain, "0.1%", 3)))
    [warning] = result.report.warnings
    assert warning.startswith("column 换手率 mixes plain numbers and percent text")
    assert "row 5: '0.1%'" in warning and "row 2: 0.01" in warning


def _analyst_sheet(turnover: list[float], change: str) -> list[list[object]]:
    """An analyst's sheet, newest first: 收盘价, a 涨跌幅 copied from Wind in percent numbers
    (under the header ``change``: 涨跌幅 or 涨跌幅(%)), computed here from the closes, and
    the analyst's own 换手率 = 成交量 / 流通股本 (``turnover``, fractions)."""
    closes = 10.0 * np.cumprod(1 + 0.012 * np.sin(np.arange(len(turnover) + 1) * 1.7))
    days = pd.bdate_range("2024-03-01", periods=len(turnover))
    rows: list[list[object]] = [["日期", "收盘价", change, "换手率"]]
    for k, day in enumerate(days):
        close, prev = round(closes[k + 1], 2), round(closes[k], 2)
        rows.append([f"{day:%Y-%m-%d}", close, round(100 * (close / prev - 1), 2), turnover[k]])
    return rows[:1] + rows[:0:-1]


#: An analyst's 成交量 / 流通股本 of a mid-cap stock: 0.9%-1.9% a day (median 0.0145), and of
#: a busier one: 1.2%-2.8% a day (median 0.0215).
_OWN_TURNOVER = [0.0121, 0.0145, 0.0093, 0.0188, 0.0137, 0.0162, 0.0145, 0.0111, 0.0176, 0.0153]
_OWN_BUSY = [0.0212, 0.0185, 0.0241, 0.0123, 0.0279, 0.0218, 0.0196, 0.0233, 0.0164, 0.0257]


@pytest.mark.parametrize("change", ["涨跌幅", "涨跌幅(%)"])
def test_bare_turnover_too_small_for_the_percent_its_rates_are_is_fractions_warned(
    tmp_path: Path, change: str
) -> None:
    # QA8 A4 (M04): fractions 0.009-0.019 beside a 涨跌幅 in percent numbers were divided by
    # 100 (0.0145% a day, 100x too low), noted only: as percent numbers a turnover under 0.02%
    # a day is below a real stock's, so the size decides, warned naming the rates it overrules
    rows = _analyst_sheet(_OWN_TURNOVER, change)
    result = import_file(write_csv(tmp_path / "own.csv", rows, "gbk"))
    np.testing.assert_allclose(result.data["turnover"].to_numpy(), _OWN_TURNOVER, rtol=1e-15)
    [warning] = result.report.warnings
    assert warning.startswith("column 换手率: the file's own rates are percent numbers")
    assert f"{change} is 100 × the close's returns" in warning
    assert "median 0.0145 a day: 0.0145% as percent numbers, 1.45% as a fraction" in warning
    assert "read as fractions: if they are percent numbers, head the column 换手率(%)" in warning


@pytest.mark.parametrize("change", ["涨跌幅", "涨跌幅(%)"])
def test_bare_turnover_of_either_scale_beside_percent_rates_is_warned(
    tmp_path: Path, change: str
) -> None:
    # QA8 A4 (M28): fractions 0.012-0.028 (median 0.0215) beside a 涨跌幅(%) were read as
    # percent numbers, noted only: 0.0215 is 2.15% a day or 0.0215% (a large bank's), so the
    # rates' reading is kept but warned, naming both and how to state fractions
    rows = _analyst_sheet(_OWN_BUSY, change)
    result = import_file(write_csv(tmp_path / "own.csv", rows, "gbk"))
    expected = np.array(_OWN_BUSY) / 100
    np.testing.assert_allclose(result.data["turnover"].to_numpy(), expected, rtol=1e-15)
    [warning] = result.report.warnings
    assert "median 0.0215 a day: 0.0215% as percent numbers, 2.15% as a fraction" in warning
    assert "read as percent numbers (divided by 100)" in warning
    assert "if they are fractions, write them × 100 under the header 换手率(%)" in warning


def test_bare_turnover_warning_prints_the_fraction_to_its_digits(tmp_path: Path) -> None:
    # QA8: a median of 0.0496 was printed "5% as a fraction": 4.96% a day is what it is
    values = [0.0481, 0.0496, 0.0512, 0.0467, 0.0503]
    result = import_file(write_csv(tmp_path / "bars.csv", _bare_turnover(values)))
    [warning] = result.report.warnings
    assert "median 0.0496 a day: 0.0496% as percent numbers, 4.96% as a fraction" in warning


def test_a_file_of_small_positive_returns_is_refused_as_returns(tmp_path: Path) -> None:
    # QA15 X69: a bond fund's monthly returns (0.10% to 0.80%, all positive: no negative value
    # to tell) imported as NAVs: +190% "returns" from 0.0026 to 0.0075, warned as a typo
    n = 24
    rng = np.random.default_rng(6)
    rows = [["日期", "纯债A", "纯债B"]]
    a, b = np.round(rng.uniform(0.001, 0.008, (2, n)), 4)
    rows += [[d, x, y] for d, x, y in zip(_month_ends(n), a, b, strict=True)]
    with pytest.raises(InputError) as exc:
        import_file(_write(tmp_path / "bond.csv", rows))
    _assert_clear(
        exc,
        "2 of 2 columns look like returns, not NAVs",
        f"column 纯债A holds {n} values from {a.min():g} to {a.max():g} alone, far below any "
        "fund's NAV",
        "fofxl import --returns",
    )
    # one such column beside NAVs is left out and warned of; a NAV as low as 0.3 (a fund that
    # lost 70%) is a NAV
    navs = np.round(0.3 * np.cumprod(1.0 + _returns(n, 7)), 4)
    mixed = [["日期", "甲", "纯债A", "乙"]] + [
        [d, x, y, round(2 * x, 4)] for d, x, y in zip(_month_ends(n), navs, a, strict=True)
    ]
    result = import_file(_write(tmp_path / "mixed.csv", mixed))
    assert list(result.data.columns) == ["甲", "乙"]
    np.testing.assert_array_equal(result.data["甲"].to_numpy(), navs)
    [warning] = result.report.warnings
    assert warning.startswith(f"column 纯债A holds {n} values from {a.min():g} to {a.max():g}")
    assert "it looks like returns, not NAVs, and was not imported" in warning
