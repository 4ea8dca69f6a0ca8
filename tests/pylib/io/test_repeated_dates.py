"""A date a NAV file gives on two rows with different cells (QA11 R01/R02, QA10 N19): the row
kept is the one the 日增长率, 累计净值 − 单位净值 or the NAV path shows to be right where they
clearly can (:mod:`fofxl.io.repeated`), else the later one, warned either way; all of the date's
data comes from that row. The files are written here as vendors write them (a Wind XLSX oldest
first, a 天天基金 GBK CSV newest first with 日增长率 as ``0.62%``), and the imported returns are
checked against the true returns of the right rows' printed NAVs, computed here."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from io_files import write_csv

from fofxl.io import import_file

_TIANTIAN = ["净值日期", "单位净值", "累计净值", "日增长率", "申购状态", "赎回状态", "分红送配"]


class _Fund:
    """A fund's printed NAVs (4 decimals) over ``n`` trading days: 单位净值 ``unit``,
    累计净值 ``acc`` (0.2350 paid before the file starts, nothing within it), 日增长率 the
    unit NAV's return rounded to 0.01% (percent text)."""

    def __init__(self, seed: int, n: int = 250, vol: float = 0.012) -> None:
        rng = np.random.default_rng(seed)
        self.days = pd.bdate_range("2023-01-03", periods=n)
        self.unit = np.round(1.4 * np.cumprod(1 + rng.normal(0.0003, vol, n)), 4)
        self.acc = np.round(self.unit + 0.2350, 4)
        self.growth = [""] + [f"{(self.unit[k] / self.unit[k - 1] - 1) * 100:.2f}%"
                              for k in range(1, n)]  # fmt: skip

    def returns(self, without: tuple[int, ...] = ()) -> pd.Series:
        """The true daily returns of the printed NAVs (the days ``without`` missing)."""
        nav = pd.Series(self.unit, index=self.days).drop(self.days[list(without)])
        return nav.pct_change().iloc[1:]

    def wrong(self, t: int, by: float) -> tuple[float, float]:
        """Day t's 单位净值 moved by ``by`` (a fraction), 累计净值 by as much (4 decimals)."""
        unit = round(float(self.unit[t]) * (1 + by), 4)
        return unit, round(float(self.acc[t]) + unit - float(self.unit[t]), 4)

    def wind_rows(self) -> list[list[object]]:
        """A Wind export: 日期 | 单位净值 | 累计单位净值, oldest first, dates as dates."""
        return [[d.to_pydatetime(), float(u), float(a)]
                for d, u, a in zip(self.days, self.unit, self.acc, strict=True)]  # fmt: skip

    def tiantian_rows(self) -> list[list[object]]:
        """天天基金's history, oldest first here (reversed when written)."""
        return [
            [f"{d:%Y-%m-%d}", f"{u:.4f}", f"{a:.4f}", g, "开放申购", "开放赎回", ""]
            for d, u, a, g in zip(self.days, self.unit, self.acc, self.growth, strict=True)
        ]


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["日期", "单位净值", "累计单位净值"])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _tiantian(path: Path, oldest_first: list[list[object]]) -> Path:
    return write_csv(path, [_TIANTIAN, *oldest_first[::-1]], "gbk")


def _with_dividend(f: _Fund, t: int, cash: float) -> tuple[np.ndarray, list[list[object]]]:
    """The fund's 单位净值 falling by a cash dividend on day t, and its rows (日期 | 单位净值 |
    分红送配, the text on day t), a header first."""
    unit = f.unit.copy()
    unit[t:] = np.round(unit[t:] - cash, 4)
    rows: list[list[object]] = [["日期", "单位净值", "分红送配"]]
    for k, (d, u) in enumerate(zip(f.days, unit, strict=True)):
        rows.append([f"{d:%Y-%m-%d}", f"{u:.4f}", f"每份派现金{cash:.4f}元" if k == t else ""])
    return unit, rows


def _assert_returns(nav: pd.Series, true: pd.Series) -> None:
    got = nav.dropna().pct_change().iloc[1:]
    assert got.index.equals(true.index)
    np.testing.assert_allclose(got.to_numpy(), true.to_numpy(), rtol=0, atol=1e-12)


# -- a Wind XLSX, no 日增长率: the smoother path, by odds of 10 to 1 -----------------------


@pytest.mark.parametrize("right_first", [True, False])
def test_wind_xlsx_date_twice_keeps_the_row_whose_moves_are_likelier(
    tmp_path: Path, right_first: bool
) -> None:
    # QA11 R01 (the right row first: the later, 单位净值 +2%, was kept, returns +2.63% / −2%
    # where +0.62% / ... are true) and R02 (the right row second)
    f, t = _Fund(853), 150
    rows = f.wind_rows()
    bad = [rows[t][0], *f.wrong(t, 0.02)]
    rows.insert(t + 1 if right_first else t, bad)
    result = import_file(_xlsx(tmp_path / "fund.xlsx", rows))
    _assert_returns(result.data["fund"], f.returns())
    right, wrong = (t + 2, t + 3) if right_first else (t + 3, t + 2)  # file rows (header row 1)
    [issue] = result.report.duplicates
    assert issue.row == wrong
    assert f"date {f.days[t]:%Y-%m-%d} repeats on row {right} with a different 单位净值" in (
        issue.reason
    )
    assert f"; kept row {right}: its 单位净值 moves are " in issue.reason
    assert f"times likelier than row {wrong}'s (the file does not say which is right)" in (
        issue.reason
    )


def test_wind_xlsx_date_twice_a_small_difference_keeps_the_later_row(tmp_path: Path) -> None:
    # 0.02% apart: no path tells them apart, so the later row is kept, as before, and said so
    f, t = _Fund(852), 150
    rows = f.wind_rows()
    rows.insert(t, [rows[t][0], *f.wrong(t, 0.0002)])  # the right row second
    result = import_file(_xlsx(tmp_path / "fund.xlsx", rows))
    _assert_returns(result.data["fund"], f.returns())
    [issue] = result.report.duplicates
    assert issue.row == t + 2 and issue.reason.endswith(
        f"kept row {t + 3}, the later of the two in the file (the file does not say which is "
        "right): check it and delete the other row"
    )


def test_identical_rows_of_a_date_are_one_row_as_before(tmp_path: Path) -> None:
    # an export glitch: nothing to choose, nothing to check (passes on the old code too: it
    # pins that no noise is added)
    f, t = _Fund(853), 150
    rows = f.wind_rows()
    rows.insert(t + 1, list(rows[t]))
    result = import_file(_xlsx(tmp_path / "fund.xlsx", rows))
    _assert_returns(result.data["fund"], f.returns())
    assert [str(i) for i in result.report.duplicates] == [
        f"row {t + 2} (fund): '{f.unit[t]:g}' date {f.days[t]:%Y-%m-%d} repeats on row {t + 3} "
        f"(the same 单位净值 and 累计单位净值); kept row {t + 3}"
    ]
    assert result.report.warnings == []


# -- a 天天基金 CSV with 日增长率: the row agreeing with it ------------------------------------


@pytest.mark.parametrize("right_first", [True, False])
def test_tiantian_date_twice_keeps_the_row_agreeing_with_daily_growth(
    tmp_path: Path, right_first: bool
) -> None:
    # newest first: "first" is the upper row. The wrong row copies the day's 日增长率
    f, t = _Fund(861), 120
    rows = f.tiantian_rows()
    bad = list(rows[t])
    bad[1], bad[2] = (f"{v:.4f}" for v in f.wrong(t, 0.015))
    # oldest first here: the upper row in the file is the one inserted after
    rows.insert(t if right_first else t + 1, bad)
    result = import_file(_tiantian(tmp_path / "000001.csv", rows))
    _assert_returns(result.data["000001"], f.returns())
    n = len(f.days)
    upper = n - t + 1  # file row of day t's upper row (header row 1, newest first)
    right, wrong = (upper, upper + 1) if right_first else (upper + 1, upper)
    [issue] = result.report.duplicates
    assert issue.row == wrong
    assert (
        f"kept row {right}: it agrees with the 日增长率 of {f.days[t]:%Y-%m-%d}, row {wrong}'s "
        "does not (the file does not say which is right)"
    ) in issue.reason
    assert result.report.warnings == []


def test_tiantian_date_twice_the_next_days_growth_decides(tmp_path: Path) -> None:
    # the wrong row's 日增长率 is its own 单位净值's return (the rows agree with their own):
    # the next day's 日增长率 tells them apart. The wrong row is the upper (later in time of
    # writing, earlier in the file: the old code kept the lower, right one, without saying why)
    f, t = _Fund(862), 120
    rows = f.tiantian_rows()
    unit, acc = f.wrong(t, -0.012)
    own = f"{(unit / f.unit[t - 1] - 1) * 100:.2f}%"
    rows.insert(t + 1, [rows[t][0], f"{unit:.4f}", f"{acc:.4f}", own, "开放申购", "开放赎回", ""])
    result = import_file(_tiantian(tmp_path / "000001.csv", rows))
    _assert_returns(result.data["000001"], f.returns())
    upper = len(f.days) - t + 1
    [issue] = result.report.duplicates
    assert (
        issue.row == upper
        and (f"kept row {upper + 1}: it agrees with the 日增长率 of {f.days[t + 1]:%Y-%m-%d}")
        in issue.reason
    )


def test_tiantian_dash_nav_and_date_twice_gives_the_exact_nav_returns(tmp_path: Path) -> None:
    # QA10 N19: a '--' 单位净值 (暂停估值) and a date given twice, the lower row's 单位净值
    # 0.0001 higher (累计净值 and 日增长率 the same). The later row was kept: 累计净值 − 单位净值
    # fell there, so the fund fell back to compounding the 2-decimal 日增长率. The upper row
    # keeps it flat: the exact NAV returns
    f, t, dash = _Fund(630), 200, 230
    rows = f.tiantian_rows()
    rows[dash][1] = "--"
    bad = list(rows[t])
    bad[1] = f"{f.unit[t] + 0.0001:.4f}"
    rows.insert(t, bad)  # oldest first here: the lower row in the file
    result = import_file(_tiantian(tmp_path / "000001.csv", rows))
    _assert_returns(result.data["000001"], f.returns(without=(dash,)))
    upper = len(f.days) - t + 1
    [issue] = result.report.duplicates
    kept = f"kept row {upper}: 累计净值 − 单位净值 (the dividends paid) does not fall with it"
    assert issue.row == upper + 1
    assert f"{kept}, and would with row {upper + 1}'s" in issue.reason
    assert not any("falls on" in w or "compounded" in w for w in result.report.warnings)


def test_every_cell_of_the_date_comes_from_the_row_kept(tmp_path: Path) -> None:
    # the wrong, lower row gives another 单位净值, no 累计净值, another 日增长率 and a dividend
    # text: the old code took its 单位净值, the upper row's 累计净值 (the only one given) and
    # its dividend, a mix of the two rows. The upper row agrees with the 日增长率: all of it is
    # used, none of the lower's
    f, t = _Fund(871), 120
    rows = f.tiantian_rows()
    unit, _ = f.wrong(t, 0.01)
    rows.insert(t, [rows[t][0], f"{unit:.4f}", "", "1.00%", "开放申购", "开放赎回",
                    "每份派现金0.0100元"])  # fmt: skip
    result = import_file(_tiantian(tmp_path / "000001.csv", rows))
    _assert_returns(result.data["000001"], f.returns())
    upper = len(f.days) - t + 1
    [issue] = result.report.duplicates
    assert issue.row == upper + 1 and f"kept row {upper}: it agrees with the 日增长率" in (
        issue.reason
    )
    assert not any("0.01" in text for text in result.report.notes + result.report.warnings)


def test_a_long_file_chooses_as_a_file_of_one_fund(tmp_path: Path) -> None:
    # fund | date | nav: one NAV column, nothing else; a date of one fund given twice
    f, g, t = _Fund(881), _Fund(882), 150
    rows: list[list[object]] = [["基金名称", "日期", "单位净值"]]
    for name, fund in (("甲", f), ("乙", g)):
        rows += [[name, f"{d:%Y-%m-%d}", f"{u:.4f}"] for d, u in zip(fund.days, fund.unit,
                                                                       strict=True)]  # fmt: skip
    bad = ["甲", f"{f.days[t]:%Y-%m-%d}", f"{f.wrong(t, 0.04)[0]:.4f}"]
    rows.insert(t + 2, bad)  # after 甲's right row (header row 1, 甲's day t on row t + 2)
    result = import_file(write_csv(tmp_path / "funds.csv", rows))
    _assert_returns(result.data["甲"], f.returns())
    _assert_returns(result.data["乙"], g.returns())
    [issue] = result.report.duplicates
    assert issue.row == t + 3 and f"kept row {t + 2}: its 单位净值 moves are" in issue.reason


@pytest.mark.parametrize("stale_first", [True, False])
def test_a_stale_copy_of_the_day_before_is_dropped_whichever_row_it_is(
    tmp_path: Path, stale_first: bool
) -> None:
    # QA14 R15/R17/R64: a vendor repeats the day before's NAVs under today's date. Weighing
    # the moves by their absolute size always finds the copy smoother (|0| + |r1 + r2| ≤
    # |r1| + |r2|): it was kept "4.2 times likelier" even when it came first; then no rule
    # decided and the later row was kept, the copy where it came last (QA14 R15/R17/R59-R62,
    # two returns off, warned). Now the row repeating the date before's NAVs is dropped,
    # whichever it is, and the reason names the date it copies
    f, t = _Fund(862), 150  # (a seed where the copy was called 6.8 times likelier)
    rows = f.wind_rows()
    stale = [rows[t][0], *rows[t - 1][1:]]
    rows.insert(t if stale_first else t + 1, stale)
    result = import_file(_xlsx(tmp_path / "fund.xlsx", rows))
    _assert_returns(result.data["fund"], f.returns())
    [issue] = result.report.duplicates
    assert "likelier" not in issue.reason and "the later of the two" not in issue.reason
    assert issue.row == (t + 2 if stale_first else t + 3)  # the copy's row, dropped
    assert (
        f"repeats the 单位净值 and 累计净值 of {f.days[t - 1]:%Y-%m-%d}, the date before (a "
        "stale row), and it does not"
    ) in issue.reason


def test_an_ex_date_given_twice_with_its_dividend_on_both_rows_weighs_no_moves(
    tmp_path: Path,
) -> None:
    # QA14 R32: 单位净值 and 分红送配, the ex-date on two rows with the same text, the later
    # row's 单位净值 before the dividend came off (0.06 higher). Its path was called "20.5 times
    # likelier" (the drop of the dividend the text gives left out of the weighing), and the
    # dividend then added on a day the NAV did not fall: +3.87% where −0.68% was true. Now the
    # moves near a dividend decide nothing: the later row, said so
    f, t = _Fund(865), 150  # (a seed where the later row was called 11.6 times likelier)
    cash = 0.06
    unit, rows = _with_dividend(f, t, cash)
    rows.insert(t + 2, [f"{f.days[t]:%Y-%m-%d}", f"{unit[t] + cash:.4f}", "每份派现金0.0600元"])
    result = import_file(write_csv(tmp_path / "fund.csv", rows, "gbk"))
    [issue] = result.report.duplicates
    assert "likelier" not in issue.reason and "the later of the two" in issue.reason


@pytest.mark.parametrize("bad_first", [False, True])
@pytest.mark.parametrize(
    ("text", "cash", "ratio"),
    [("每份派现金0.1000元", 0.10, 1.0), ("每10份派发现金红利1.00元(含税)", 0.10, 1.0),
     ("份额拆分，拆分比例1:2", 0.0, 2.0)],
)  # fmt: skip
def test_an_ex_date_given_twice_with_its_event_on_both_rows_keeps_the_row_after_it(
    tmp_path: Path, bad_first: bool, text: str, cash: float, ratio: float
) -> None:
    # QA14 R34-R37: the ex-date (or split date) on two rows with the same text, one row's
    # 单位净值 from before the dividend came off (or before the split). The moves near an event
    # decided nothing, so the later row was kept: when it was the one from before, the build
    # placed the event a day late (said so: "used on" the next date) and, with a 日增长率,
    # one return was off. Now the moves are weighed with the event the text gives, and the
    # row after it is kept
    f, t = _Fund(870), 150
    unit = f.unit.copy()
    unit[t:] = np.round((unit[t:] - cash) / ratio, 4)  # the NAV falls by it on day t
    before = round(float(unit[t]) * ratio + cash, 4)  # day t's 单位净值 as if it had not
    rows = [["日期", "单位净值", "分红送配"]]
    for k, (d, u) in enumerate(zip(f.days, unit, strict=True)):
        rows.append([f"{d:%Y-%m-%d}", f"{u:.4f}", text if k == t else ""])
    rows.insert(t + 1 if bad_first else t + 2, [f"{f.days[t]:%Y-%m-%d}", f"{before:.4f}", text])
    result = import_file(write_csv(tmp_path / "fund.csv", rows, "gbk"))
    [issue] = result.report.duplicates
    assert "with the 分红送配 on its date" in issue.reason
    assert issue.row == (t + 2 if bad_first else t + 3)  # the row from before it is dropped
    true = np.r_[unit[1:] / unit[:-1] - 1]
    true[t - 1] = (unit[t] * ratio + cash) / unit[t - 1] - 1  # the holder's return on day t
    _assert_returns(result.data["fund"], pd.Series(true, index=f.days[1:]))
    assert not any("used on" in note for note in result.report.notes + result.report.warnings)


def test_rows_differing_in_their_dividend_text_alone_say_so(tmp_path: Path) -> None:
    # QA14 R28: the ex-date on two rows with the same 单位净值, one giving the dividend text:
    # the row with it was kept, but the entry read as two identical rows, with no reason
    f, t = _Fund(856), 150
    rows = [["日期", "单位净值", "分红送配"]]
    rows += [[f"{d:%Y-%m-%d}", f"{u:.4f}", ""] for d, u in zip(f.days, f.unit, strict=True)]
    rows[t + 1][2] = "每份派现金0.0600元"
    rows.insert(t + 2, [rows[t + 1][0], rows[t + 1][1], ""])
    result = import_file(write_csv(tmp_path / "fund.csv", rows, "gbk"))
    [issue] = result.report.duplicates
    assert issue.row == t + 3
    assert issue.reason.endswith(
        f"kept row {t + 2}: it also gives 分红送配, and row {t + 3} the same cells (the file "
        "does not say which is right): check it and delete the other row"
    )
    # and the entry quotes the cell the rows differ in (QA14 R28-R31: it read as identical
    # rows, "(same value)", the 分红送配 cell not being one it quoted)
    assert f"repeats on row {t + 2} with a different 分红送配 每份派现金0.0600元" in issue.reason
    assert "(单位净值 the same)" in issue.reason


def test_a_long_file_quotes_the_dividend_text_its_repeated_rows_differ_in(tmp_path: Path) -> None:
    # as test_rows_differing_in_their_dividend_text_alone_say_so, in a file of several funds
    # one under the other (a fund code column): the entry quoted the NAV alone, "(same value)"
    f, t = _Fund(857), 150
    rows = [["基金代码", "日期", "单位净值", "分红送配"]]
    for code in ("000001", "000002"):
        body = [
            [code, f"{d:%Y-%m-%d}", f"{u:.4f}", ""] for d, u in zip(f.days, f.unit, strict=True)
        ]
        if code == "000002":
            body[t][3] = "每份派现金0.0600元"
            body.insert(t + 1, [code, body[t][1], body[t][2], ""])
        rows += body
    result = import_file(write_csv(tmp_path / "funds.csv", rows, "gbk"))
    [issue] = result.report.duplicates
    first = 1 + len(f.days)  # the file row before 000002's first
    assert issue.row == first + t + 2  # the row without the text is dropped
    assert (
        f"repeats on row {first + t + 1} with a different 分红送配 每份派现金0.0600元"
        in issue.reason
    )
    assert "(单位净值 the same)" in issue.reason


@pytest.mark.parametrize("stale_first", [True, False])
def test_the_day_after_an_ex_date_given_twice_with_the_ex_dates_nav_drops_that_copy(
    tmp_path: Path, stale_first: bool
) -> None:
    # QA14 R57: 单位净值 and 分红送配, a dividend of 0.06 on day t, and day t + 1 given twice,
    # one row repeating day t's 单位净值 (stale). The text on the date before turned the moves'
    # weighing off, and the later row was kept: where it was the copy, two returns were off
    # (warned). The copy is dropped whichever row it is; the returns are the truth, by hand
    f, t = _Fund(866), 150
    cash = 0.06
    unit, rows = _with_dividend(f, t, cash)
    stale = [f"{f.days[t + 1]:%Y-%m-%d}", f"{unit[t]:.4f}", ""]
    rows.insert(
        t + 2 if stale_first else t + 3, stale
    )  # before or after day t + 1 (row 1 a header)
    result = import_file(write_csv(tmp_path / "fund.csv", rows, "gbk"))
    paid = np.zeros(len(unit))
    paid[t] = cash
    true = pd.Series((unit[1:] + paid[1:]) / unit[:-1] - 1, index=f.days[1:])
    _assert_returns(result.data["fund"], true)
    [issue] = result.report.duplicates
    assert issue.row == (t + 3 if stale_first else t + 4)  # the copy, dropped
    assert f"repeats the 单位净值 of {f.days[t]:%Y-%m-%d}, the date before" in issue.reason


def test_a_row_repeating_the_date_before_in_one_nav_only_is_no_stale_row(tmp_path: Path) -> None:
    # a row with the date before's 单位净值 but its own 累计净值 is no copy: the stale-row rule
    # does not decide, and the later row is kept as before (said so)
    f, t = _Fund(867), 150
    rows = f.wind_rows()
    odd = [rows[t][0], rows[t - 1][1], round(float(f.acc[t]) + 0.0123, 4)]
    rows.insert(t, odd)  # first: the later row, the right one, is kept
    result = import_file(_xlsx(tmp_path / "fund.xlsx", rows))
    [issue] = result.report.duplicates
    assert "stale" not in issue.reason
