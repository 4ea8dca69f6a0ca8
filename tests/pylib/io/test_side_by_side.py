"""Tables side by side on one sheet, each with its own date column: each read on its own dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from io_files import write_csv

from fofxl.errors import InputError
from fofxl.io import import_file

D = dt.datetime
HEADER = ["净值日期", "单位净值", "累计净值"]
# 基金甲: daily, a 0.05 dividend on 2024-01-04 (累计净值 − 单位净值 goes 0 -> 0.05)
FUND_A = [
    (D(2024, 1, 2), 1.00, 1.00),
    (D(2024, 1, 3), 1.01, 1.01),
    (D(2024, 1, 4), 0.97, 1.02),
    (D(2024, 1, 5), 0.98, 1.03),
]
# 基金乙: other dates (March), fewer rows
FUND_B = [(D(2024, 3, 1), 2.00, 2.00), (D(2024, 3, 4), 2.20, 2.20), (D(2024, 3, 5), 2.10, 2.10)]


def _returns(rows: list[tuple[dt.datetime, float, float]]) -> pd.Series:
    """SPEC §12 by hand: r_t = (A_t − A_t−1) / U_t−1, dated as written."""
    r = [(a1 - a0) / u0 for (_, u0, a0), (_, _, a1) in zip(rows, rows[1:], strict=False)]
    return pd.Series(r, index=pd.DatetimeIndex([d for d, _, _ in rows[1:]]))


def _side_rows(names_over: str) -> list[list[object]]:
    """Row 1 the funds' names (over the NAV columns, or over the whole table), row 2 the two
    headers with column D blank, then the two tables' rows side by side."""
    at = (1, 5) if names_over == "navs" else (0, 4)
    names: list[object] = [None] * 7
    names[at[0]], names[at[1]] = "基金甲", "基金乙"
    rows: list[list[object]] = [names, [*HEADER, None, *HEADER]]
    for i, a in enumerate(FUND_A):
        b = FUND_B[i] if i < len(FUND_B) else (None, None, None)
        rows.append([*a, None, *b])
    return rows


def _write(
    path: Path, rows: list[list[object]], merges: tuple[str, ...] = (), encoding: str = "utf-8"
) -> Path:
    if path.suffix == ".csv":
        text = [[f"{c:%Y-%m-%d}" if isinstance(c, dt.datetime) else c for c in r] for r in rows]
        return write_csv(path, text, encoding)
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    for cells in merges:
        book.active.merge_cells(cells)
    book.save(path)
    return path


def _check_returns(series: pd.Series, rows: list[tuple[dt.datetime, float, float]]) -> None:
    got = series.dropna()
    assert list(got.index) == [pd.Timestamp(d) for d, _, _ in rows]
    expected = _returns(rows)
    np.testing.assert_allclose(
        got.pct_change().iloc[1:].to_numpy(), expected.to_numpy(), atol=1e-12
    )


@pytest.mark.parametrize(
    ("names_over", "merges"),
    [("navs", ("B1:C1", "F1:G1")), ("tables", ("A1:C1", "E1:G1"))],
)
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_tables_side_by_side_are_each_read_on_their_own_dates(
    tmp_path: Path, suffix: str, names_over: str, merges: tuple[str, ...]
) -> None:
    # pool15 X62/X63 (A: 基金乙's NAVs were put on 基金甲's dates, the second 净值日期 "not
    # used") and X61 (C: refused saying no row above the header names a fund, names merged over
    # each whole table); repro side.xlsx / side2.xlsx
    path = _write(tmp_path / f"side{suffix}", _side_rows(names_over), merges)
    result = import_file(path)
    assert list(result.data.columns) == ["基金甲", "基金乙"]
    _check_returns(result.data["基金甲"], FUND_A)
    _check_returns(result.data["基金乙"], FUND_B)
    report = result.report
    assert report.notes[0] == (
        "2 tables side by side, each read on its own date column: 基金甲 from A:C on 净值日期 A; "
        "基金乙 from E:G on 净值日期 E"
    )
    assert not report.warnings and not report.dropped
    assert report.nav_types == {"基金甲": "built", "基金乙": "built"}
    assert not any("not used" in note for note in report.notes)
    # the file's last date is 基金乙's: 基金甲 ends two months before it
    assert report.stale == {"基金甲": pd.Timestamp("2024-01-05")}


def test_tables_side_by_side_without_names_are_named_after_the_file_and_their_columns(
    tmp_path: Path,
) -> None:
    # pool15 X60: no row names the funds (refused today, "columns B and F are both 单位净值")
    path = _write(tmp_path / "navs.xlsx", _side_rows("navs")[1:])
    result = import_file(path)
    assert list(result.data.columns) == ["navs", "navs (E:G)"]
    _check_returns(result.data["navs"], FUND_A)
    _check_returns(result.data["navs (E:G)"], FUND_B)


def test_wide_tables_side_by_side_are_each_read_on_their_own_dates(tmp_path: Path) -> None:
    # as X62 for a wide sheet: 日期 | 基金A | 基金B, then 日期 | 基金C of other dates
    rows: list[list[object]] = [
        ["日期", "基金A", "基金B", "日期", "基金C"],
        ["2024-01-02", 1.0, 1.0, "2024-03-01", 2.0],
        ["2024-01-03", 1.01, 1.02, "2024-03-04", 2.2],
    ]
    data = import_file(_write(tmp_path / "wide.csv", rows)).data
    assert data["基金C"].dropna().to_dict() == {
        pd.Timestamp("2024-03-01"): 2.0,
        pd.Timestamp("2024-03-04"): 2.2,
    }
    assert (
        data["基金B"].dropna().index.tolist()
        == pd.to_datetime(["2024-01-02", "2024-01-03"]).tolist()
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_one_table_imports_as_before(tmp_path: Path, suffix: str) -> None:
    # control for X61-X63: a single fund's table is one table (no second date column)
    rows: list[list[object]] = [HEADER, *(list(r) for r in FUND_A)]
    result = import_file(_write(tmp_path / f"one{suffix}", rows))
    assert result.report.layout == "single"
    assert list(result.data.columns) == ["one"]
    _check_returns(result.data["one"], FUND_A)
    assert not any("side by side" in note for note in result.report.notes)


def test_wide_file_of_many_funds_under_one_date_column_imports_as_before(tmp_path: Path) -> None:
    # control for X61-X63: many funds under one 日期 column, a 月份 helper column of the days'
    # months beside it (a date column of periods starts no table)
    funds = [f"基金{k}" for k in range(8)]
    dates = pd.bdate_range("2024-01-02", periods=6)
    navs = 1.0 + np.arange(6)[:, None] * 0.01 + np.arange(8)[None, :] * 0.1
    rows: list[list[object]] = [["日期", "月份", *funds]]
    rows += [[f"{d:%Y-%m-%d}", f"{d:%Y-%m}", *v] for d, v in zip(dates, navs.tolist(), strict=True)]
    result = import_file(_write(tmp_path / "many.csv", rows))
    assert result.report.layout == "wide"
    assert list(result.data.columns) == funds
    assert list(result.data.index) == list(dates)
    np.testing.assert_allclose(result.data.to_numpy(), navs)
    assert not any("side by side" in note for note in result.report.notes)


# --------------------------------------------------------------------------------------------
# indices side by side: 日期 | 收盘价 for each, on its own trading calendar

# 沪深300 and 中证500 on A-share days (closed 2024-02-09 to 02-18, Spring Festival), 恒生指数
# on Hong Kong's (open 02-09 and 02-14 to 02-16); no index has a value on another's dates
# but the common ones
HS300 = {D(2024, 2, 7): 3364.42, D(2024, 2, 8): 3343.81, D(2024, 2, 19): 3355.39,
         D(2024, 2, 20): 3373.37}  # fmt: skip
CSI500 = {D(2024, 2, 7): 4883.35, D(2024, 2, 8): 4929.81, D(2024, 2, 19): 5017.95,
          D(2024, 2, 20): 5089.56}  # fmt: skip
HSI = {D(2024, 2, 7): 15878.72, D(2024, 2, 8): 16081.89, D(2024, 2, 9): 15746.58,
       D(2024, 2, 14): 15879.38, D(2024, 2, 15): 15944.63, D(2024, 2, 16): 16339.96,
       D(2024, 2, 19): 16155.61}  # fmt: skip
INDICES = {"沪深300": HS300, "中证500": CSI500, "恒生指数": HSI}


def _indices_rows(
    tables: list[tuple[str | None, list[str], list[list[object]]]],
) -> tuple[list[list[object]], tuple[str, ...]]:
    """The tables ``(label, header, rows)`` side by side, a blank column between them, each
    label (if any) in the row above its header: the rows, and each label's merge over its
    table (A1:B1)."""
    widths = [len(header) for _, header, _ in tables]
    starts = [sum(widths[:k]) + k for k in range(len(tables))]
    width = starts[-1] + widths[-1]
    labels: list[object] = [None] * width
    merges = []
    header: list[object] = [None] * width
    body: list[list[object]] = [[None] * width for _ in range(max(len(r) for *_, r in tables))]
    for (label, head, rows), at, w in zip(tables, starts, widths, strict=True):
        labels[at] = label
        if label is not None:
            merges.append(f"{_letter(at)}1:{_letter(at + w - 1)}1")
        header[at : at + w] = head
        for i, row in enumerate(rows):
            body[i][at : at + w] = row
    above = [labels] if any(c is not None for c in labels) else []
    return [*above, header, *body], tuple(merges)


def _letter(j: int) -> str:
    return str(openpyxl.utils.get_column_letter(j + 1))


def _closes(name: str, label: bool = True) -> tuple[str | None, list[str], list[list[object]]]:
    """The table of one index's closes, oldest first, under its label."""
    return (name if label else None, ["日期", "收盘价"], [[d, c] for d, c in INDICES[name].items()])


def _check_closes(data: pd.DataFrame, names: list[str]) -> None:
    """Each index's closes are the cells written, on its own dates, blank on the others'."""
    assert list(data.columns) == names
    every = sorted({d for name in names for d in INDICES[name]})
    assert list(data.index) == [pd.Timestamp(d) for d in every]
    for name in names:
        for d in every:
            got = data.loc[pd.Timestamp(d), name]
            if d in INDICES[name]:
                assert got == INDICES[name][d], (name, d)
            else:
                assert np.isnan(got), (name, d)


@pytest.mark.parametrize("names", [["沪深300", "中证500"], ["沪深300", "中证500", "恒生指数"]])
@pytest.mark.parametrize(
    ("suffix", "encoding"), [(".xlsx", ""), (".csv", "utf-8"), (".csv", "gbk")]
)
def test_indices_side_by_side_are_each_read_on_their_own_dates(
    tmp_path: Path, suffix: str, encoding: str, names: list[str]
) -> None:
    # refused before ("holds the field close in columns B, E ... give each index its own file")
    rows, merges = _indices_rows([_closes(name) for name in names])
    path = _write(tmp_path / f"指数{suffix}", rows, merges, encoding or "utf-8")
    result = import_file(path)
    _check_closes(result.data, names)
    report = result.report
    assert report.layout == "wide"
    spans = ["A:B", "D:E", "G:H"]
    read = "; ".join(f"{n} from {spans[k]} on 日期 {spans[k][0]}" for k, n in enumerate(names))
    assert report.notes[0] == (
        f"{len(names)} tables side by side, each read on its own date column: {read}"
    )
    assert report.nav_types == dict.fromkeys(names, "unstated")
    assert not report.warnings and not report.dropped and not report.duplicates


@pytest.mark.parametrize(("suffix", "encoding"), [(".xlsx", ""), (".csv", "gbk")])
def test_indices_side_by_side_newest_first_or_with_a_blank_row(
    tmp_path: Path, suffix: str, encoding: str
) -> None:
    # 沪深300 newest first (as 东方财富 exports), 恒生指数 oldest first with a blank row after
    # its 3rd (its table's cells blank where 沪深300's go on)
    newest_first = list(reversed(_closes("沪深300")[2]))
    hsi = _closes("恒生指数")[2]
    rows, merges = _indices_rows(
        [("沪深300", ["日期", "收盘价"], newest_first),
         ("恒生指数", ["日期", "收盘价"], [*hsi[:3], [None, None], *hsi[3:]])]
    )  # fmt: skip
    path = _write(tmp_path / f"hk{suffix}", rows, merges, encoding or "utf-8")
    result = import_file(path)
    _check_closes(result.data, ["沪深300", "恒生指数"])
    assert not result.report.warnings and not result.report.dropped


@pytest.mark.parametrize(
    "tables",
    [
        # 名称 inside each table, after its date column (163.com, 东方财富)
        [(None, ["日期", "名称", "收盘价"], [[d, n, c] for d, c in INDICES[n].items()])
         for n in ("沪深300", "中证500")],
        # 代码 | 名称 before each date column (the first table's too)
        [(None, ["代码", "名称", "日期", "收盘价"],
          [[f"'{code}", n, d, c] for d, c in INDICES[n].items()])
         for code, n in (("000300", "沪深300"), ("000905", "中证500"))],
        # the close column's header names its index (Wind EDB), either way round
        [(None, ["日期", "收盘价:沪深300"], _closes("沪深300")[2]),
         (None, ["日期", "中证500:收盘价"], _closes("中证500")[2])],
        # one table headed by its index's name alone beside one under a label
        [_closes("沪深300"), (None, ["日期", "中证500"], _closes("中证500")[2])],
    ],
    ids=["name column", "code and name before the date", "close header", "index header"],
)  # fmt: skip
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_indices_side_by_side_are_named_by_their_tables(
    tmp_path: Path, suffix: str, tables: list[tuple[str | None, list[str], list[list[object]]]]
) -> None:
    rows, merges = _indices_rows(tables)
    result = import_file(_write(tmp_path / f"named{suffix}", rows, merges))
    _check_closes(result.data, ["沪深300", "中证500"])
    width = len(tables[0][1])
    first, second = f"A:{_letter(width - 1)}", f"{_letter(width + 1)}:{_letter(2 * width)}"
    assert result.report.notes[0].endswith(
        f"沪深300 from {first} on 日期 {_letter(tables[0][1].index('日期'))}; 中证500 from "
        f"{second} on 日期 {_letter(width + 1 + tables[1][1].index('日期'))}"
    )
    assert not result.report.warnings


def test_a_label_over_indices_side_by_side_need_not_be_merged(tmp_path: Path) -> None:
    # a CSV (no merged cells): each name in the row above its table's date column
    rows, _ = _indices_rows([_closes("沪深300"), _closes("中证500")])
    result = import_file(_write(tmp_path / "plain.csv", rows, encoding="gbk"))
    _check_closes(result.data, ["沪深300", "中证500"])


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_indices_side_by_side_with_several_fields_are_refused(tmp_path: Path, suffix: str) -> None:
    tables = [
        (n, ["日期", "收盘价", "成交额"], [[d, c, 3.0e11] for d, c in INDICES[n].items()])
        for n in ("沪深300", "中证500")
    ]
    rows, merges = _indices_rows(tables)
    with pytest.raises(InputError) as caught:
        import_file(_write(tmp_path / f"ohlc{suffix}", rows, merges))
    assert str(caught.value) == (
        f"ohlc{suffix}{' [sheet Sheet]' if suffix == '.xlsx' else ''} holds 2 tables side by "
        "side (A:C, E:G), each with its own date column, and the one in columns A:C holds "
        "several fields (收盘价, 成交额); indices side by side are read from their 收盘价 alone, "
        "a date column and a close column per table: keep only each index's 收盘价, or give "
        "each index its own file or sheet."
    )
    # the close alone in the first, several fields in the second: the second is named
    tables[0] = _closes("沪深300")
    rows, merges = _indices_rows(tables)
    with pytest.raises(
        InputError, match=r"the one in columns D:F holds several fields \(收盘价, 成"
    ):
        import_file(_write(tmp_path / f"ohlc2{suffix}", rows, merges))


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_indices_side_by_side_of_one_name_are_refused(tmp_path: Path, suffix: str) -> None:
    # two tables under one label (the second pasted from the first, its label not changed)
    rows, merges = _indices_rows([_closes("沪深300"), ("沪深300", *_closes("中证500")[1:])])
    with pytest.raises(InputError) as caught:
        import_file(_write(tmp_path / f"twice{suffix}", rows, merges))
    message = str(caught.value)
    assert message.startswith(f"twice{suffix}")
    assert message.endswith(
        ": the tables side by side in columns A:B and D:E are both of the index 沪深300: name "
        "each table's index once (in the cell over it, its 名称 column or its close column's "
        "header), or import each table separately."
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_indices_side_by_side_not_named_are_refused(tmp_path: Path, suffix: str) -> None:
    # the first named, the second not: nothing says which index it is
    rows, merges = _indices_rows([_closes("沪深300"), _closes("中证500", label=False)])
    with pytest.raises(InputError) as caught:
        import_file(_write(tmp_path / f"anon{suffix}", rows, merges))
    assert str(caught.value).endswith(
        ": the table in columns D:E (日期 | 收盘价), one of tables side by side, does not name "
        "its index: put its name in the cell over the table (merged over its header), in a 名称 "
        "column in it, or in its close column's header (收盘价:沪深300)."
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_one_index_imports_as_before(tmp_path: Path, suffix: str) -> None:
    # control: one index's fields under one date column, a market file
    rows: list[list[object]] = [["日期", "收盘价", "最高价", "最低价"]]
    rows += [[d, c, c + 10.0, c - 10.0] for d, c in HS300.items()]
    result = import_file(_write(tmp_path / f"hs300{suffix}", rows))
    assert result.report.layout == "market"
    assert list(result.data.columns) == ["close", "high", "low"]
    assert result.data["close"].to_dict() == {pd.Timestamp(d): c for d, c in HS300.items()}
    assert not any("side by side" in note for note in result.report.notes)
    assert result.report.nav_types == {}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_wide_panel_of_closes_imports_as_before(tmp_path: Path, suffix: str) -> None:
    # control: one date column, one close column per index (沪深300's and 中证500's dates)
    rows: list[list[object]] = [["日期", "沪深300", "中证500"]]
    rows += [[d, c, CSI500[d]] for d, c in HS300.items()]
    result = import_file(_write(tmp_path / f"panel{suffix}", rows))
    assert result.report.layout == "wide"
    _check_closes(result.data, ["沪深300", "中证500"])
    assert not any("side by side" in note for note in result.report.notes)
    assert result.report.nav_types == {"沪深300": "unstated", "中证500": "unstated"}
