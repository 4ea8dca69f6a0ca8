"""Header words, in files written here as vendors write them: headers that say a NAV is NOT
adjusted (单位净值(未复权), 累计净值(分红不再投资)) read as the plain NAV they name, and fields
named with their series across a colon (Choice's 单位净值:华夏成长, Wind EDB's 收盘价:沪深300).
Every NAV is checked against returns recomputed here from the values written."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from io_files import write_csv

from fofxl.errors import InputError
from fofxl.io import import_file
from fofxl.io.vocabulary import _header, _role, _series_of


class PaidFund:
    """60 trading days of a fund that pays 0.08 a unit on day 30: 单位净值 U and 累计净值 A
    printed with 4 decimals, and its true returns from them, (U_t + d_t) / U_t−1 − 1."""

    def __init__(self, seed: int = 3, n: int = 60) -> None:
        rng = np.random.default_rng(seed)
        self.dates = pd.bdate_range("2022-09-01", periods=n)
        self.day, self.paid = 30, 0.08
        unit, acc = [1.2345], [1.4345]
        for t in range(1, n):
            d = self.paid if t == self.day else 0.0
            unit.append(round(unit[-1] * (1 + rng.normal(0.0, 0.01)) - d, 4))
            acc.append(round(acc[-1] + (unit[-1] + d - unit[-2]), 4))
        self.unit, self.acc = np.array(unit), np.array(acc)
        self.returns = [
            (self.unit[t] + (self.paid if t == self.day else 0.0)) / self.unit[t - 1] - 1
            for t in range(1, n)
        ]

    def rows(self, *header: str) -> list[list[object]]:
        """净值日期 and the header's columns (unit first if two), newest first."""
        values = [self.unit, self.acc] if len(header) == 2 else [self.acc]
        return [
            ["净值日期", *header],
            *([f"{self.dates[t]:%Y-%m-%d}", *(f"{v[t]:.4f}" for v in values)]
              for t in range(len(self.dates) - 1, -1, -1)),
        ]  # fmt: skip


@pytest.mark.parametrize(
    "header",
    [
        ("单位净值(未复权)", "累计净值"),
        ("单位净值(不复权)", "累计净值(不复权)"),
        ("单位净值（非复权）", "累计净值(分红不再投资)"),
        ("未复权单位净值", "累计净值(未再投资)"),
        ("Unit NAV (unadjusted)", "Cumulative NAV (not reinvested)"),
    ],
)
def test_headers_that_say_not_adjusted_build_the_adjusted_nav(
    tmp_path: Path, header: tuple[str, str]
) -> None:
    fund = PaidFund()
    result = import_file(write_csv(tmp_path / "f.csv", fund.rows(*header), encoding="gbk"))
    nav = result.data["f"]
    assert result.report.nav_types == {"f": "built"}
    assert result.report.warnings == []
    np.testing.assert_allclose(nav.pct_change().iloc[1:], fund.returns, rtol=0, atol=1e-12)
    # on the ex-date the dividend is reinvested, not a loss: (U_t + 0.08) / U_t−1 − 1
    ex = fund.dates[fund.day]
    expected = (fund.unit[fund.day] + 0.08) / fund.unit[fund.day - 1] - 1
    assert nav.pct_change()[ex] == pytest.approx(expected, abs=1e-12) and expected > -0.03
    assert nav.iloc[0] == fund.unit[0]


def test_a_cumulative_nav_not_reinvested_is_the_cumulative_nav(tmp_path: Path) -> None:
    fund = PaidFund()
    result = import_file(write_csv(tmp_path / "c.csv", fund.rows("累计净值(分红不再投资)")))
    assert result.report.nav_types == {"c": "cumulative"}
    assert result.data["c"].tolist() == fund.acc.tolist()
    assert "only the cumulative NAV (累计净值) is used for c" in result.report.warnings[0]
    # beside the reinvested one (私募排排网), the reinvested one is the adjusted NAV
    rows = [r + [r[-1] if i == 0 else f"{float(r[-1]) * 1.01:.4f}"]
            for i, r in enumerate(fund.rows("累计净值(分红不再投资)"))]  # fmt: skip
    rows[0][-1] = "累计净值(分红再投资)"
    result = import_file(write_csv(tmp_path / "pp.csv", rows))
    assert result.report.nav_types == {"pp": "adjusted"}
    assert result.data["pp"].tolist() == pytest.approx((fund.acc * 1.01).round(4).tolist())


def test_header_words() -> None:
    assert _role("单位净值(前复权)") == ("nav", "adjusted")
    assert _role("复权单位净值") == ("nav", "adjusted")
    assert _role("不复权净值") == ("nav", "unstated")  # not adjusted, type not stated
    assert _role("累计净值(没有复权)") == ("nav", "cumulative")
    assert _role("单位净值:华夏回报:A") == ("nav", "unit")  # a fund whose name holds a colon
    assert _series_of("单位净值:华夏回报:A") == "华夏回报:A"
    assert _series_of("华夏回报:A:累计净值") == "华夏回报:A"
    assert _role("易方达:蓝筹精选") == ("other", None) and _series_of("易方达:蓝筹精选") is None
    assert _role("单位净值:累计净值") == ("other", None)  # two fields, no series
    assert _series_of("单位净值") is None and _series_of("收盘价(元)") is None


def _choice_rows(fund: PaidFund, other: np.ndarray) -> list[list[object]]:
    """东方财富 Choice's export: 指标名称, field:fund headers, 频率 and 单位 rows, yyyymmdd
    dates newest first, a source footer."""
    rows: list[list[object]] = [
        ["指标名称", "单位净值:华夏成长", "累计净值:华夏成长", "单位净值:华夏回报:A"],
        ["频率", "日", "日", "日"],
        ["单位", "元", "元", "元"],
    ]
    for t in range(len(fund.dates) - 1, -1, -1):
        rows.append([f"{fund.dates[t]:%Y%m%d}", f"{fund.unit[t]:.4f}", f"{fund.acc[t]:.4f}",
                     f"{other[t]:.4f}"])  # fmt: skip
    return [*rows, [], ["数据来源：东方财富Choice数据"]]


def test_choice_field_and_fund_headers(tmp_path: Path) -> None:
    fund = PaidFund()
    other = np.round(np.linspace(2.0, 2.2, len(fund.dates)), 4)
    path = write_csv(tmp_path / "choice.csv", _choice_rows(fund, other), encoding="gbk")
    result = import_file(path)
    report = result.report
    assert list(result.data.columns) == ["华夏成长", "华夏回报:A"]
    assert report.nav_types == {"华夏成长": "built", "华夏回报:A": "unit"}
    growth = result.data["华夏成长"].dropna()
    np.testing.assert_allclose(growth.pct_change().iloc[1:], fund.returns, rtol=0, atol=1e-12)
    assert result.data["华夏回报:A"].tolist() == other.tolist()
    # the type is stated, so the unit NAV's dividend warning names the fund that has only it
    [warning] = report.warnings
    assert warning.startswith("only the unit NAV (单位净值) is used for 华夏回报:A;")
    assert report.dropped == []


def test_choice_headers_read_as_a_funds_own_columns(tmp_path: Path) -> None:
    # a fund named in its headers is read as the columns of a fund's own export: the funds in
    # the header's order (B's best column, 累计净值:B, comes before A's), one holding no number
    # said not imported, and a row with a blank date but a 日增长率 reported dropped
    fund = PaidFund(n=6)
    b = [2.0, 2.1, 2.2, 2.3, 2.4, 2.5]
    rows: list[list[object]] = [
        ["指标名称", "单位净值:A", "单位净值:B", "累计净值:B", "累计净值:A"]
    ]
    rows += [[f"{day:%Y%m%d}", fund.unit[t], b[t], b[t] + 0.1, fund.acc[t]]
             for t, day in enumerate(fund.dates)]  # fmt: skip
    result = import_file(write_csv(tmp_path / "two.csv", rows))
    assert list(result.data.columns) == ["A", "B"]
    np.testing.assert_allclose(result.data["B"].to_numpy(), b, rtol=1e-12)
    rows = [[*row, "单位净值:C" if t == 0 else "--"] for t, row in enumerate(rows)]
    result = import_file(write_csv(tmp_path / "three.csv", rows))
    assert list(result.data.columns) == ["A", "B"] and result.report.layout == "wide"
    assert "C: no usable NAV in its columns (单位净值:C); it is not imported" in (
        result.report.warnings
    )
    rows = [["指标名称", "单位净值:A", "累计净值:A", "日增长率"]]
    rows += [[f"{day:%Y%m%d}", fund.unit[t], fund.acc[t], None] for t, day in enumerate(fund.dates)]
    rows += [[None, None, None, "0.50%"]]
    report = import_file(write_csv(tmp_path / "one.csv", rows)).report
    assert [(i.row, i.reason) for i in report.dropped] == [(8, "blank date: row dropped")]


def _edb_rows(close: np.ndarray, days: pd.DatetimeIndex) -> list[list[object]]:
    """Wind EDB's export of an index's prices: field:security headers, 频率, 单位 and 指标ID
    rows, the turnover in percent."""
    rows: list[list[object]] = [
        ["指标名称", "收盘价:沪深300", "最高价:沪深300", "最低价:沪深300", "换手率:沪深300"],
        ["频率", "日", "日", "日", "日"],
        ["单位", "点", "点", "点", "%"],
        ["指标ID", "M0020209", "M0020210", "M0020211", "M0020212"],
    ]
    for t, day in enumerate(days):
        rows.append([f"{day:%Y-%m-%d}", f"{close[t]:.2f}", f"{close[t] + 12.5:.2f}",
                     f"{close[t] - 9.25:.2f}", f"{0.6 + t / 100:.4f}"])  # fmt: skip
    return [*rows, ["数据来源：Wind"]]


def test_wind_edb_market_export_is_market_data(tmp_path: Path) -> None:
    days = pd.bdate_range("2023-01-03", periods=20)
    close = np.round(3900 + np.cumsum(np.random.default_rng(5).normal(0, 20, 20)), 2)
    result = import_file(write_csv(tmp_path / "edb.csv", _edb_rows(close, days), encoding="gbk"))
    report = result.report
    assert report.layout == "market" and report.nav_types == {}
    assert list(result.data.columns) == ["close", "high", "low", "turnover"]
    assert result.data["close"].tolist() == close.tolist()
    assert result.data["high"].tolist() == pytest.approx((close + 12.5).tolist(), abs=1e-9)
    # the unit row says %: turnover as a fraction, 0.6000 (%) is 0.006
    expected = [(0.6 + t / 100) / 100 for t in range(20)]
    assert result.data["turnover"].tolist() == pytest.approx(expected, rel=1e-12)
    assert "the header names the security: 沪深300" in report.notes
    assert report.warnings == []
    # several fields of two securities: one clear refusal, never series of mixed fields
    rows = [[*r, *r[1:3]] for r in _edb_rows(close, days)[:-1]]
    rows[0][5:] = ["收盘价:中证500", "最高价:中证500"]
    with pytest.raises(InputError) as exc:
        import_file(write_csv(tmp_path / "two.csv", rows))
    assert "names 2 securities (沪深300, 中证500) and 4 fields (close, high, low, turnover)" in (
        str(exc.value)
    )


@pytest.mark.parametrize(
    "header",
    [
        ("基金份额净值(元)", "基金份额累计净值(元)"),  # a fund company's 基金净值公告
        ("份额净值", "累计份额净值"),
        ("份额净值(元)", "份额累计净值(元)"),
    ],
)
def test_fund_company_share_nav_headers_are_unit_and_cumulative(
    tmp_path: Path, header: tuple[str, str]
) -> None:
    fund = PaidFund()
    result = import_file(write_csv(tmp_path / "co.csv", fund.rows(*header)))
    assert result.report.nav_types == {"co": "built"}
    assert result.report.warnings == []
    nav = result.data["co"]
    np.testing.assert_allclose(nav.pct_change().iloc[1:], fund.returns, rtol=0, atol=1e-12)


def test_fund_company_long_notice_with_share_nav_headers(tmp_path: Path) -> None:
    # 基金名称, 基金代码, 净值日期, 基金份额净值(元), 基金份额累计净值(元): two share classes
    fund, other = PaidFund(), PaidFund(seed=4)
    rows: list[list[object]] = [
        ["华夏某某混合型证券投资基金 基金净值公告"],
        ["基金名称", "基金代码", "净值日期", "基金份额净值(元)", "基金份额累计净值(元)"],
    ]
    for t, day in enumerate(fund.dates):
        for name, code, f in (("某某混合A", "000011", fund), ("某某混合C", "000012", other)):
            rows.append([name, code, f"{day:%Y-%m-%d}", f"{f.unit[t]:.4f}", f"{f.acc[t]:.4f}"])
    result = import_file(write_csv(tmp_path / "notice.csv", rows))
    assert result.report.layout == "long"
    assert result.report.nav_types == {"某某混合A": "built", "某某混合C": "built"}
    for name, f in (("某某混合A", fund), ("某某混合C", other)):
        returns = result.data[name].pct_change().iloc[1:]
        np.testing.assert_allclose(returns, f.returns, rtol=0, atol=1e-12)


def test_wind_adjusted_growth_beside_a_unit_nav_is_the_total_return(tmp_path: Path) -> None:
    # Wind's 复权单位净值增长率(%) is the adjusted (total) return; iFinD's 单位净值增长率(%) is
    # the unit NAV's own return, which shows the dividend as a loss: never the total return
    fund = PaidFund()
    total = [np.nan, *fund.returns]
    unit_growth = [np.nan, *(fund.unit[1:] / fund.unit[:-1] - 1)]
    for header, growth, kind in (
        ("复权单位净值增长率(%)", total, "unit_growth"),
        ("复权净值增长率(%)", total, "unit_growth"),
        ("单位净值增长率(%)", unit_growth, "unit"),
    ):
        rows = [["日期", "单位净值(元)", header]]
        rows += [[f"{day:%Y-%m-%d}", f"{fund.unit[t]:.4f}",
                  "" if t == 0 else f"{growth[t] * 100:.4f}"]
                 for t, day in enumerate(fund.dates)]  # fmt: skip
        result = import_file(write_csv(tmp_path / "w.csv", rows))
        assert result.report.nav_types == {"w": kind}, header
        returns = result.data["w"].pct_change().iloc[1:]
        expected = fund.returns if kind == "unit_growth" else unit_growth[1:]
        np.testing.assert_allclose(returns, expected, rtol=0, atol=1e-6)


@pytest.mark.parametrize("style", ["{fund}({kind})", "{fund}（{kind}）", "{fund}{kind}",
                                   "{fund}_{kind}", "{kind}:{fund}", "{fund}({kind})(元)",
                                   "{fund}{kind}(元)", "{fund}({kind},元)", "{fund}/{kind}",
                                   "{fund}—{kind}", "{fund}.{kind}", "{kind}_{fund}",
                                   "{kind}({fund})", "{kind}（{fund}）(元)"])  # fmt: skip
def test_wide_headers_naming_fund_and_nav_type(tmp_path: Path, style: str) -> None:
    # an analyst's panel: each header names its fund and NAV type; each fund is read as its
    # type, as Choice's 单位净值:华夏成长 is: A's 单位净值 and 累计净值 built, B's 单位净值 warned
    a, b, c = PaidFund(), PaidFund(seed=5), PaidFund(seed=6)
    heads = [("华夏成长", "单位净值"), ("华夏成长", "累计净值"), ("易方达优质", "单位净值"),
             ("招商白酒", "复权净值")]  # fmt: skip
    rows: list[list[object]] = [["日期", *(style.format(fund=f, kind=k) for f, k in heads)]]
    rows += [[f"{day:%Y-%m-%d}", f"{a.unit[t]:.4f}", f"{a.acc[t]:.4f}", f"{b.unit[t]:.4f}",
              f"{c.acc[t]:.4f}"] for t, day in enumerate(a.dates)]  # fmt: skip
    result = import_file(write_csv(tmp_path / "panel.csv", rows))
    report = result.report
    assert report.layout == "wide"
    assert report.nav_types == {"华夏成长": "built", "易方达优质": "unit", "招商白酒": "adjusted"}
    returns = result.data["华夏成长"].pct_change().iloc[1:]
    np.testing.assert_allclose(returns, a.returns, rtol=0, atol=1e-12)
    assert result.data["易方达优质"].tolist() == b.unit.tolist()
    assert result.data["招商白酒"].tolist() == c.acc.tolist()
    [warning] = report.warnings
    assert warning.startswith("only the unit NAV (单位净值) is used for 易方达优质;")


def test_header_words_around_a_nav_type_that_name_no_fund() -> None:
    assert _series_of("华夏成长(单位净值)") == "华夏成长"
    assert _series_of("华夏回报-A_累计净值") == "华夏回报-A"
    assert _role("华夏成长复权净值") == ("nav", "adjusted")
    # units, qualifiers and dividend words are no fund's name
    assert _role("单位净值(元)") == ("nav", "unit") and _series_of("单位净值(元)") is None
    assert _role("复权净值(费前)") == ("nav", "adjusted") and _series_of("复权净值(费前)") is None
    for header in ("费前复权净值", "费后复权净值", "前复权单位净值", "虚拟净值", "基金单位净值",
                   "单位净值增长率", "分红再投资累计净值"):  # fmt: skip
        assert _series_of(header) is None, header
    assert _role("单位净值增长率") == ("other", None)  # iFinD's unit-based growth: no NAV


def _fee_rows(fund: PaidFund, *header: str, fund_name: str | None = None) -> list[list[object]]:
    """火富牛's export: 单位净值, 累计净值 and 复权净值 before (费前) and after (费后) the
    performance fee accrual (费后 = 98% of 费前 here), in the header's order."""
    adjusted = np.cumprod([fund.unit[0], *(1 + np.array(fund.returns))])
    values = {"单位净值": fund.unit, "累计净值": fund.acc, "复权净值(费前)": adjusted,
              "复权净值(费后)": adjusted * 0.98}  # fmt: skip
    lead = ["基金名称"] if fund_name else []
    rows: list[list[object]] = [[*lead, "净值日期", *header]]
    for t, day in enumerate(fund.dates):
        cells = [f"{values[h][t]:.4f}" for h in header]
        rows.append([*([fund_name] if fund_name else []), f"{day:%Y-%m-%d}", *cells])
    return rows


@pytest.mark.parametrize("order", [("费前", "费后"), ("费后", "费前")])
def test_two_adjusted_navs_told_apart_by_a_qualifier_build_from_unit_and_cumulative(
    tmp_path: Path, order: tuple[str, str]
) -> None:
    # never the first of 复权净值(费前) | 复权净值(费后) silently: the adjusted NAV built from
    # 单位净值 and 累计净值 (the published NAV), whatever the columns' order
    fund = PaidFund()
    header = ("单位净值", "累计净值", *(f"复权净值({q})" for q in order))
    for path, rows, name, columns, lead in (
        (tmp_path / "hfn.csv", _fee_rows(fund, *header), "hfn", "DE", "hfn: "),
        (tmp_path / "long.csv", _fee_rows(fund, *header, fund_name="甲1号"), "甲1号", "EF", ""),
    ):
        result = import_file(write_csv(path, rows))
        assert result.report.nav_types == {name: "built"}
        returns = result.data[name].pct_change().iloc[1:]
        np.testing.assert_allclose(returns, fund.returns, rtol=0, atol=1e-12)
        shown = [f"{c} ({h})" for c, h in zip(columns, header[2:], strict=True)]
        [note] = [n for n in result.report.notes if "not used" in n]
        assert note.startswith(f"{lead}columns {shown[0]} and {shown[1]} are two adjusted NAVs")
        assert "built from 单位净值 and 累计净值" in note


def test_two_adjusted_navs_without_unit_and_cumulative_are_refused(tmp_path: Path) -> None:
    fund = PaidFund()
    rows = _fee_rows(fund, "单位净值", "复权净值(费后)", "复权净值(费前)")
    with pytest.raises(InputError) as exc:
        import_file(write_csv(tmp_path / "hfn.csv", rows))
    message = str(exc.value)
    assert "columns C (复权净值(费后)) and D (复权净值(费前))" in message
    assert "keep one column" in message and "\n" not in message


#: Words of time or basis before a NAV type (the previous day's, the year's first, after the
#: performance fee): they qualify the fund's NAV, they name no other fund.
_QUALIFIED_HEADERS = (
    "前一日单位净值", "上一交易日单位净值", "昨日单位净值", "T-1日单位净值", "7日单位净值",
    "年初单位净值", "月末单位净值", "期初单位净值", "上周单位净值", "上期单位净值",
    "近1年单位净值", "期间最高单位净值", "折算前单位净值", "拆分后单位净值", "分红前单位净值",
    "除息前单位净值", "计提前单位净值", "计提业绩报酬后单位净值", "业绩报酬计提后单位净值",
    "扣费后单位净值", "扣除业绩报酬单位净值", "含费单位净值", "估值单位净值", "模拟单位净值",
    "实时单位净值", "业绩基准累计净值", "基准累计净值", "前一日(单位净值)",
    # ... or in brackets after it (QA4 B1; 私募排排网's 虚拟净值: after a performance fee)
    "单位净值(前一日)", "单位净值(虚拟)", "单位净值(估值)", "累计净值(计提后)", "单位净值(T-1日)",
    "单位净值(估算)", "华夏成长(单位净值)(前一日)", "单位净值(前一日)(A类)",
)  # fmt: skip


def test_time_and_basis_words_before_a_nav_type_name_no_fund() -> None:
    for header in _QUALIFIED_HEADERS:
        assert _header(header) == ("other", None, None), header
    # fund names that merely hold such characters are still funds
    for fund in ("前海开源", "上投摩根成长", "XX稳健一期", "旭日1号"):
        assert _series_of(f"{fund}(单位净值)") == fund == _series_of(f"{fund}单位净值")


@pytest.mark.parametrize(
    "extra",
    ["前一日单位净值", "年初单位净值", "计提业绩报酬后单位净值", "单位净值(前一日)",
     "单位净值(虚拟)", "单位净值(估值)", "累计净值(计提后)"],
)  # fmt: skip
def test_a_qualified_nav_column_beside_the_funds_own_is_not_used(
    tmp_path: Path, extra: str
) -> None:
    # 净值日期 | 单位净值 | 累计净值 | 前一日单位净值: one fund, built from its 单位净值 and
    # 累计净值; the qualified column is listed as not used, never read as a second fund
    fund = PaidFund()
    rows = fund.rows("单位净值", "累计净值")
    rows[0].append(extra)
    for t, row in enumerate(rows[1:]):
        row.append(f"{fund.unit[len(fund.dates) - 1 - t] * 1.01:.4f}")
    result = import_file(write_csv(tmp_path / "one.csv", rows))
    assert result.report.nav_types == {"one": "built"}
    returns = result.data["one"].pct_change().iloc[1:]
    np.testing.assert_allclose(returns, fund.returns, rtol=0, atol=1e-12)
    assert f"columns not used: {extra}" in result.report.notes


def test_header_words_after_a_funds_nav_type() -> None:
    # a unit or a basis after the type, the type first, one-letter classes: the fund's NAV
    for header, role, fund in (
        ("华夏成长(单位净值)(元)", ("nav", "unit"), "华夏成长"),
        ("华夏成长(单位净值,元)", ("nav", "unit"), "华夏成长"),
        ("华夏成长累计净值(元)", ("nav", "cumulative"), "华夏成长"),
        ("华夏成长累计净值(分红再投资)", ("nav", "adjusted"), "华夏成长"),
        ("华夏成长(单位净值)(后复权)", ("nav", "adjusted"), "华夏成长"),
        ("华夏成长(后复权单位净值)", ("nav", "adjusted"), "华夏成长"),
        ("华夏成长(未复权单位净值)", ("nav", "unit"), "华夏成长"),
        ("YY2号/单位净值", ("nav", "unit"), "YY2号"),
        ("A(单位净值)", ("nav", "unit"), "A"),
        ("A份额净值", ("nav", "unit"), "A"),
        ("单位净值_A", ("nav", "unit"), "A"),
        ("累计净值-C类", ("nav", "cumulative"), "C类"),
    ):
        assert _header(header) == (*role, fund), header
    # ... but not a field, a unit or a qualifier after the type, nor one character of a word
    for header in ("单位净值_元", "单位净值_日期", "累计净值_分红再投资", "单位净值_最新",
                   "华夏成长单位净值增长率", "前复权单位净值", "后复权单位净值",
                   "前(单位净值)"):  # fmt: skip
        assert _series_of(header) is None, header


@pytest.mark.parametrize(
    "header",
    [
        ("华夏成长(单位净值)", "华夏成长累计净值(元)"),
        ("华夏成长/单位净值", "华夏成长(累计净值)"),
        ("华夏成长—单位净值", "华夏成长.累计净值(元)"),
        ("单位净值(华夏成长)", "华夏成长累计净值(元)"),
    ],
)
def test_one_funds_headers_in_two_forms_build_its_adjusted_nav(
    tmp_path: Path, header: tuple[str, str]
) -> None:
    # 华夏成长(单位净值) | 华夏成长累计净值(元): one fund, its 累计净值 read, never left unused
    fund = PaidFund()
    rows = fund.rows(*header)
    result = import_file(write_csv(tmp_path / "p.csv", rows))
    assert result.report.nav_types == {"华夏成长": "built"}
    returns = result.data["华夏成长"].pct_change().iloc[1:]
    np.testing.assert_allclose(returns, fund.returns, rtol=0, atol=1e-12)
    assert not [n for n in result.report.notes if "not used" in n]


def test_words_in_brackets_after_a_nav_type_that_name_its_series() -> None:
    # a share class or a fund after the type, as before it (A类单位净值): the series
    for header, role, fund in (
        ("单位净值(A类)", ("nav", "unit"), "A类"),
        ("累计净值（C类）", ("nav", "cumulative"), "C类"),
        ("单位净值(华夏成长)", ("nav", "unit"), "华夏成长"),
        ("单位净值(A类)(元)", ("nav", "unit"), "A类"),
        ("累计净值(分红再投资)(A类)", ("nav", "adjusted"), "A类"),
        ("单位净值(元)(A)", ("nav", "unit"), "A"),
    ):
        assert _header(header) == (*role, fund), header
    # a unit, a basis, a fee basis or a qualifier in brackets names none (火富牛's 复权净值(费前))
    for kind, headers in (
        ("unit", ("单位净值(元)", "单位净值(元/份)", "单位净值(单位:元)", "单位净值(%)",
                  "单位净值(CNY)", "单位净值(人民币元)", "单位净值(美元)", "单位净值(未复权)",
                  "单位净值(最新)", "单位净值(日)", "单位净值(日频)", "单位净值(日期)",
                  "单位净值()", "单位净值(现金分红)", "单位净值(费后)")),
        ("adjusted", ("单位净值(后复权)", "累计净值(分红再投资)", "复权净值(费前)",
                      "复权净值(费后)", "累计净值(红利转投资)", "累计净值(分红转投资)")),
        ("cumulative", ("累计净值(分红不再投资)", "累计净值(分红不投资)",
                        "累计净值(红利不转投资)")),
    ):  # fmt: skip
        for header in headers:
            assert _header(header) == ("nav", kind, None), header
    # two names in brackets: which is the series is not said, so none is guessed
    assert _series_of("单位净值(华夏成长)(A类)") is None


def test_share_classes_in_brackets_after_the_type(tmp_path: Path) -> None:
    # 单位净值(A类) | 累计净值(A类) | 单位净值(C类) | 累计净值(C类): two classes, each built
    # from its own unit and cumulative NAVs, named as A类单位净值 | A类累计净值 ... names them
    a, c = PaidFund(), PaidFund(seed=5)
    data = {}
    for style, name in (("{kind}({fund})", "after"), ("{fund}{kind}", "before")):
        heads = [(f, k) for f in ("A类", "C类") for k in ("单位净值", "累计净值")]
        rows: list[list[object]] = [["日期", *(style.format(fund=f, kind=k) for f, k in heads)]]
        rows += [[f"{day:%Y-%m-%d}", f"{a.unit[t]:.4f}", f"{a.acc[t]:.4f}", f"{c.unit[t]:.4f}",
                  f"{c.acc[t]:.4f}"] for t, day in enumerate(a.dates)]  # fmt: skip
        result = import_file(write_csv(tmp_path / f"{name}.csv", rows))
        assert result.report.nav_types == {"A类": "built", "C类": "built"}, style
        assert result.report.warnings == []
        data[name] = result.data
        for fund, f in (("A类", a), ("C类", c)):
            returns = result.data[fund].pct_change().iloc[1:]
            np.testing.assert_allclose(returns, f.returns, rtol=0, atol=1e-12)
    pd.testing.assert_frame_equal(data["after"], data["before"])


#: Real fund names that hold characters of the qualifier words (低估值, 含, 基准, 前, 7日, 模拟,
#: 平均): funds, never taken for a qualifier of the NAV type (QA4 A1).
_FUNDS_LIKE_QUALIFIERS = (
    "华宝低估值", "勇往直前", "含章价值1号", "基准1号", "博时7日", "XX低估值1号", "低估值精选",
    "XX价值估值1号", "星火燎原前", "含德", "平均收益", "模拟组合", "实时组合", "XX七日",
    "前海开源", "日日盈", "年年红", "旭日1号", "今日头条", "九坤日享", "不忘初心",
)  # fmt: skip


def test_fund_names_holding_qualifier_words_are_funds() -> None:
    for fund in _FUNDS_LIKE_QUALIFIERS:
        for header in (f"{fund}(单位净值)", f"{fund}单位净值", f"{fund}_累计净值"):
            assert _series_of(header) == fund, header
    # the qualifier words themselves, whole, still name no fund
    for header in ("前一日估值单位净值", "计提业绩报酬后(单位净值)", "业绩比较基准累计净值",
                   "期末单位净值", "上一交易日累计净值", "T+1日单位净值"):  # fmt: skip
        assert _header(header) == ("other", None, None), header


def _panel_rows(funds: dict[str, PaidFund], style: str = "{fund}({kind})") -> list[list[object]]:
    """日期, then each fund's 单位净值 and 累计净值 under headers of the style, oldest first."""
    heads = [(name, kind) for name in funds for kind in ("单位净值", "累计净值")]
    rows: list[list[object]] = [["日期", *(style.format(fund=f, kind=k) for f, k in heads)]]
    dates = next(iter(funds.values())).dates
    for t, day in enumerate(dates):
        cells = [f"{(f.unit if k == '单位净值' else f.acc)[t]:.4f}"
                 for f, k in ((funds[n], k) for n, k in heads)]  # fmt: skip
        rows.append([f"{day:%Y-%m-%d}", *cells])
    return rows


@pytest.mark.parametrize(
    "names",
    [("华夏成长", "华宝低估值", "易方达优质"), ("华夏成长", "勇往直前", "易方达优质"),
     ("华夏成长", "含章价值1号", "基准1号"), ("华夏成长", "博时7日", "易方达优质")],
)  # fmt: skip
def test_a_panel_of_funds_named_like_qualifiers_builds_every_fund(
    tmp_path: Path, names: tuple[str, ...]
) -> None:
    funds = {name: PaidFund(seed=3 + k) for k, name in enumerate(names)}
    result = import_file(write_csv(tmp_path / "panel.csv", _panel_rows(funds)))
    assert result.report.nav_types == dict.fromkeys(names, "built")
    for name, fund in funds.items():
        returns = result.data[name].pct_change().iloc[1:]
        np.testing.assert_allclose(returns, fund.returns, rtol=0, atol=1e-12)
    assert not [n for n in result.report.notes if "not used" in n]


def test_one_fund_named_like_a_qualifier_before_its_types(tmp_path: Path) -> None:
    # XX低估值1号单位净值 | XX低估值1号累计净值: the fund's adjusted NAV, built from both
    fund = PaidFund()
    rows = fund.rows("XX低估值1号单位净值", "XX低估值1号累计净值")
    result = import_file(write_csv(tmp_path / "one.csv", rows))
    assert result.report.nav_types == {"XX低估值1号": "built"}
    returns = result.data["XX低估值1号"].pct_change().iloc[1:]
    np.testing.assert_allclose(returns, fund.returns, rtol=0, atol=1e-12)


def test_a_qualified_column_in_a_panel_of_named_funds_is_warned(tmp_path: Path) -> None:
    # 华夏成长(单位净值) | 华夏成长(累计净值) | 前一日(单位净值) | 前一日(累计净值): 前一日 reads
    # as a qualifier, so its columns are not used; in a panel that names every fund they might
    # be one: a warning names them, never only a note
    funds = {"华夏成长": PaidFund(), "前一日": PaidFund(seed=5)}
    result = import_file(write_csv(tmp_path / "panel.csv", _panel_rows(funds)))
    assert result.report.nav_types == {"华夏成长": "built"}
    returns = result.data["华夏成长"].pct_change().iloc[1:]
    np.testing.assert_allclose(returns, funds["华夏成长"].returns, rtol=0, atol=1e-12)
    [warning] = result.report.warnings
    shown = "columns D (前一日(单位净值)) and E (前一日(累计净值))"
    assert warning.startswith(f"{shown} state a NAV type")
    assert "前一日" in warning and "\n" not in warning


@pytest.mark.parametrize("extra", ["单位净值(披露)", "单位净值:公告"])
def test_one_named_column_beside_the_files_own_nav_of_its_type_is_warned(
    tmp_path: Path, extra: str
) -> None:
    # 单位净值 | 累计净值 | 单位净值(披露): the file's own fund, unnamed, and one column of the
    # same type that a word names: another value of that fund, not a second fund made up from
    # the word; not used, and a warning names it
    fund = PaidFund()
    rows = fund.rows("单位净值", "累计净值")
    rows[0].append(extra)
    for row in rows[1:]:
        row.append(row[1])
    result = import_file(write_csv(tmp_path / "one.csv", rows))
    assert result.report.nav_types == {"one": "built"}
    returns = result.data["one"].pct_change().iloc[1:]
    np.testing.assert_allclose(returns, fund.returns, rtol=0, atol=1e-12)
    [warning] = result.report.warnings
    assert warning.startswith(f"column D ({extra}) names ")
    assert "B (单位净值)" in warning and "\n" not in warning
