"""Many files → one pool (fofxl.io.pool): globs, one report per file, the same fund in two
files merged or reported with its conflicting dates, the pool written wide or long and read
back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from fofxl.errors import InputError, OptionError
from fofxl.io import Pool, import_file, import_files, write_pool
from fofxl.io.vocabulary import _names_no_fund


def _csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "navs"
    # one file per fund, as analysts receive them
    _csv(folder / "甲.csv", "净值日期,单位净值,累计净值\n2024-01-12,1.0,1.2\n2024-01-05,1.2,1.2\n")
    _csv(folder / "乙.csv", "日期,乙\n2024-01-05,2.0\n2024-01-12,2.2\n2024-01-19,2.1\n", "gbk")
    book = openpyxl.Workbook()
    book.active.append(["基金名称", "日期", "复权净值"])
    book.active.append(["丙", "2024-01-12", 3.0])
    book.active.append(["丙", "2024-01-19", 3.3])
    book.save(tmp_path / "丙.xlsx")
    return tmp_path


def test_glob_and_files_join_into_one_pool(files: Path) -> None:
    pool = import_files([str(files / "navs" / "*.csv"), files / "丙.xlsx"])
    assert [r.report.source for r in pool.results] == ["乙.csv", "甲.csv", "丙.xlsx [sheet Sheet]"]
    assert list(pool.data.columns) == ["乙", "甲", "丙"]
    # each column is exactly what importing its file alone gives
    for result in pool.results:
        for name in result.data.columns:
            pd.testing.assert_series_equal(
                pool.data[name].dropna(), result.data[name], check_freq=False
            )
    # 甲 is built from unit + cumulative: 1.2, then 1.2 * (1 + 0 / 1.2)
    assert pool.data["甲"].dropna().tolist() == [1.2, 1.2]
    assert pool.data.index.tolist() == list(
        pd.to_datetime(["2024-01-05", "2024-01-12", "2024-01-19"])
    )
    assert pool.conflicts == []
    text = pool.to_text()
    assert text.count("file: ") == 3  # one quality report per file
    assert "pool: 3 files, 3 series, 3 dates (2024-01-05 to 2024-01-19)" in text


def test_same_fund_twice_conflicting_navs_reported_with_dates(tmp_path: Path) -> None:
    a = _csv(
        tmp_path / "a.csv", "日期,F,G\n2024-01-05,1.0,5\n2024-01-12,1.1,5.1\n2024-01-19,1.2,5.2\n"
    )
    b = _csv(
        tmp_path / "b.csv",
        "日期,F,G\n2024-01-12,1.1,5.1\n2024-01-19,1.25,5.2\n2024-01-26,1.3,5.3\n",
    )
    pool = import_files([a, b])
    [conflict] = pool.conflicts
    assert conflict == (
        "F: a.csv and b.csv give different NAVs on 1 of 2 common dates: "
        "2024-01-19 (1.2 vs 1.25); kept a.csv's"
    )
    assert pool.data["F"].tolist() == [1.0, 1.1, 1.2, 1.3]  # the first file's value kept
    assert pool.data["G"].tolist() == [5.0, 5.1, 5.2, 5.3]
    assert "G: in a.csv and b.csv, the same NAVs on 2 common dates; 1 dates added from b.csv" in (
        pool.notes
    )
    assert "conflicts between files: 1" in pool.to_text()


def test_market_files_are_named_after_their_file(tmp_path: Path) -> None:
    a = _csv(tmp_path / "沪深300.csv", "日期,收盘价\n2024-01-05,3300\n2024-01-12,3350\n")
    b = _csv(tmp_path / "中证500.csv", "日期,收盘价\n2024-01-05,5300\n2024-01-12,5350\n")
    pool = import_files([a, b])
    assert list(pool.data.columns) == ["沪深300 close", "中证500 close"]


def test_one_index_files_of_a_calm_and_a_hot_year_read_turnover_alike(tmp_path: Path) -> None:
    # QA4 A4 (p7): 创业板's bare 换手率 in percent numbers, 0.5-0.95 in a calm half year and
    # 0.9-2.5 in a hot one: both files read in percent (each warned), never 100x apart
    calm, hot = [0.52, 0.95, 0.61, 0.77], [0.93, 2.49, 1.46, 1.88]
    a = _csv(
        tmp_path / "cyb_2014.csv",
        "日期,收盘价,换手率\n"
        + "".join(f"2014-12-{d},1500,{t}\n" for d, t in zip((22, 23, 24, 25), calm, strict=True)),
    )
    b = _csv(
        tmp_path / "cyb_2015.csv",
        "日期,收盘价,换手率\n"
        + "".join(f"2015-01-{d},1600,{t}\n" for d, t in zip((5, 6, 7, 8), hot, strict=True)),
    )
    pool = import_files([a, b])
    np.testing.assert_allclose(pool.data["cyb_2014 turnover"].dropna(), np.array(calm) / 100)
    np.testing.assert_allclose(pool.data["cyb_2015 turnover"].dropna(), np.array(hot) / 100)
    assert all(any(w.startswith("column 换手率") for w in r.report.warnings) for r in pool.results)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("layout", ["wide", "long"])
def test_write_pool_round_trips(files: Path, tmp_path: Path, suffix: str, layout: str) -> None:
    pool = import_files([str(files / "navs" / "*.csv"), files / "丙.xlsx"])
    out = write_pool(pool, tmp_path / f"pool{suffix}", layout)
    back = import_file(out)
    assert back.report.layout == layout
    expected = pool.data
    pd.testing.assert_frame_equal(
        back.data[list(expected.columns)], expected, check_freq=False, check_names=False,
        check_index_type=False,
    )  # fmt: skip
    if layout == "long":
        table = pool.long()
        assert list(table.columns) == ["fund", "date", "nav"]
        assert len(table) == int(expected.notna().to_numpy().sum())


def test_full_precision_survives_csv(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"A": [1.0, 1 / 3, np.nan, 2 / 7]},
        index=pd.date_range("2024-01-05", periods=4, freq="W-FRI"),
    )
    frame.index.name = "date"
    out = write_pool(Pool(frame), tmp_path / "p.csv")
    assert import_file(out).data["A"].dropna().tolist() == [1.0, 1 / 3, 2 / 7]


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no file matches"):
        import_files(str(tmp_path / "*.csv"))
    a = _csv(tmp_path / "a.csv", "日期,F\n2024-01-05,1.0\n")
    with pytest.raises(OptionError, match="layout='tall'"):
        write_pool(import_files(a), tmp_path / "o.csv", "tall")
    with pytest.raises(OptionError, match=r"write a \.csv or \.xlsx file"):
        write_pool(import_files(a), tmp_path / "o.json")
    assert len(import_files([a, a]).results) == 1  # a file named twice is read once


def _notices(folder: Path, n: int = 17) -> tuple[pd.DatetimeIndex, np.ndarray, np.ndarray]:
    """A manager's monthly NAV notices of one fund (long: 产品名称, 净值日期, 单位净值, 累计净值),
    one file a month; 0.10 a unit paid on 2024-02-16, and 0.05 on 2024-03-01, the first date
    of the March file. The printed unit and cumulative NAVs."""
    dates = pd.date_range("2024-01-05", periods=n, freq="W-FRI")
    moves = np.random.default_rng(41).normal(0.003, 0.01, n)
    dividends = {pd.Timestamp("2024-02-16"): 0.10, pd.Timestamp("2024-03-01"): 0.05}
    unit, paid, units, accs = 1.30, 0.20, [], []
    for t, day in enumerate(dates):
        if t:
            unit = unit * (1 + moves[t]) - dividends.get(day, 0.0)
            paid += dividends.get(day, 0.0)
        units.append(round(unit, 4))
        accs.append(round(unit + paid, 4))
    for month in (1, 2, 3, 4):
        lines = ["产品名称,净值日期,单位净值,累计净值"] + [
            f"某某稳健增长1号,{d:%Y-%m-%d},{u:.4f},{a:.4f}"
            for d, u, a in zip(dates, units, accs, strict=True)
            if d.month == month
        ]
        _csv(folder / f"净值公告_2024{month:02d}.csv", "\n".join(lines) + "\n")
    return dates, np.array(units), np.array(accs)


def test_monthly_files_of_one_fund_build_one_adjusted_nav(tmp_path: Path) -> None:
    dates, unit, acc = _notices(tmp_path / "notices")
    pool = import_files(str(tmp_path / "notices" / "*.csv"))
    nav = pool.data["某某稳健增长1号"]
    assert nav.index.equals(dates)
    # SPEC §12 over the whole history, a date at a time: (A_t − A_t−1) / U_t−1, also across
    # each file boundary (2024-03-01: the first date of the March file, an ex-date)
    expected = [(acc[t] - acc[t - 1]) / unit[t - 1] for t in range(1, len(dates))]
    np.testing.assert_allclose(nav.pct_change().iloc[1:], expected, rtol=0, atol=1e-14)
    assert nav.iloc[0] == unit[0]
    march = dates.get_loc(pd.Timestamp("2024-03-01"))
    assert nav.iloc[march] / nav.iloc[march - 1] - 1 > unit[march] / unit[march - 1] - 1 + 0.03
    assert pool.conflicts == []
    # each note names the files joined so far, not the first file
    assert [n.split(";")[0] for n in pool.notes] == [
        f"某某稳健增长1号: adjusted NAV built from the columns of {files} and 净值公告_2024{m}.csv "
        "joined, not file by file (each file's own starts at its first NAV)"
        for files, m in (
            ("净值公告_202401.csv", "02"),
            ("净值公告_202401.csv, 净值公告_202402.csv", "03"),
            ("净值公告_202401.csv … 净值公告_202403.csv (3 files)", "04"),
        )
    ]


def test_cumulative_and_growth_files_join_through_the_growth(tmp_path: Path) -> None:
    # 累计净值 and 日增长率 ("1.23%") only: the NAV compounds every file's 日增长率 from the first
    # 累计净值, the boundary's return being the later file's first 日增长率
    growth = [None, "0.50%", "-1.20%", "2.00%", "0.30%", "-0.40%"]
    acc = [1.5, 1.5075, 1.4894, 1.5192, 1.5238, 1.5177]
    days = pd.date_range("2024-01-05", periods=6, freq="W-FRI")
    rows = [f"{d:%Y-%m-%d},{a},{g or ''}" for d, a, g in zip(days, acc, growth, strict=True)]
    a = _csv(tmp_path / "a" / "F.csv", "\n".join(["净值日期,累计净值,日增长率", *rows[:3]]))
    b = _csv(tmp_path / "b" / "F.csv", "\n".join(["净值日期,累计净值,日增长率", *rows[3:]]))
    pool = import_files([a, b])
    expected = 1.5 * np.cumprod([1.0, *(1 + float(g.rstrip("%")) / 100 for g in growth[1:])])
    np.testing.assert_allclose(pool.data["F"].to_numpy(), expected, rtol=1e-14)


def test_one_fund_of_different_nav_types_in_two_files_is_a_conflict(tmp_path: Path) -> None:
    a = _csv(tmp_path / "a.csv", "基金名称,日期,复权净值\nF,2024-01-05,1.50\nF,2024-01-12,1.53\n")
    b = _csv(tmp_path / "b.csv", "基金名称,日期,单位净值\nF,2024-01-19,1.02\nF,2024-01-26,1.03\n")
    pool = import_files([a, b])
    assert pool.conflicts == [
        "F: adjusted (复权净值) in a.csv, unit (单位净值) in b.csv: one fund's NAVs of different "
        "types are joined, so returns across the join compare unlike NAVs; give the same NAV "
        "type in every file"
    ]
    assert pool.data["F"].tolist() == [1.50, 1.53, 1.02, 1.03]  # joined as given, and said


def test_a_nav_of_another_type_between_built_files_is_kept(tmp_path: Path) -> None:
    # 单位净值 and 累计净值, then 复权净值, then 单位净值 and 累计净值 again: the 复权净值 file's
    # dates stay in the pool (the third file's build from the first's columns dropped them)
    head = "基金名称,日期,单位净值,累计净值\n"
    a = _csv(tmp_path / "a.csv", head + "F,2024-01-05,1.00,1.20\nF,2024-01-12,1.01,1.21\n")
    b = _csv(tmp_path / "b.csv", "基金名称,日期,复权净值\nF,2024-01-19,1.50\nF,2024-01-26,1.53\n")
    c = _csv(tmp_path / "c.csv", head + "F,2024-02-02,1.02,1.22\nF,2024-02-09,1.04,1.24\n")
    pool = import_files([a, b, c])
    assert pool.data["F"].tolist() == [1.00, 1.01, 1.50, 1.53, 1.02, 1.04]  # joined as given
    assert [c.split(":")[1] for c in pool.conflicts] == [
        " adjusted NAV built from 单位净值 and 累计净值 (dividends reinvested) in a.csv, "
        "adjusted (复权净值) in b.csv"
    ]


def test_merge_notes_name_the_files_joined_so_far(tmp_path: Path) -> None:
    paths = [
        _csv(tmp_path / f"{k}.csv", f"日期,F\n2024-01-{5 + 7 * i:02d},1.{i}\n")
        for i, k in enumerate("abc")
    ]
    pool = import_files(paths)
    assert pool.notes == [
        "F: a.csv and b.csv share no date (nothing checks that they hold the same fund); 1 "
        "dates added from b.csv",
        "F: a.csv, b.csv and c.csv share no date (nothing checks that they hold the same "
        "fund); 1 dates added from c.csv",
    ]


@pytest.mark.parametrize("fall", [None, "2024-02-02", "2024-02-16"])
def test_three_files_of_one_fund_are_built_once(tmp_path: Path, fall: str | None) -> None:
    # three monthly notices of one fund; the middle one holds an ex-date (0.08 a unit paid on
    # 2024-02-09) and, with ``fall``, a 累计净值 0.03 lower from that date on, as at a share
    # conversion (A − U falls): on 2024-02-02 across the first join, which no file shows on
    # its own; on 2024-02-16 inside the middle file, whose own import falls back to 单位净值
    dates = pd.date_range("2024-01-05", periods=12, freq="W-FRI")
    unit = [1.0000, 1.0100, 1.0050, 1.0200, 1.0300, 0.9600, 0.9700, 0.9650, 0.9800, 0.9900,
            0.9850, 1.0000]  # fmt: skip
    paid = np.where(dates >= "2024-02-09", 0.28, 0.20)
    paid -= np.where((fall is not None) & (dates >= (fall or dates[0])), 0.03, 0.0)
    lines = [
        f"某基金,{d:%Y-%m-%d},{u:.4f},{u + p:.4f}"
        for d, u, p in zip(dates, unit, paid, strict=True)
    ]
    header = "产品名称,净值日期,单位净值,累计净值"
    paths = [
        _csv(tmp_path / f"净值公告_2024{m:02d}.csv", "\n".join([header, *part]) + "\n")
        for m, part in ((1, lines[:4]), (2, lines[4:8]), (3, lines[8:]))
    ]
    pool = import_files(paths)
    # independent check: the same rows as one file
    whole = import_file(_csv(tmp_path / "one" / "all.csv", "\n".join([header, *lines]) + "\n"))
    expected = whole.data["某基金"]
    nav = pool.data["某基金"]
    assert nav.index.equals(expected.index) and nav.index.equals(dates)
    np.testing.assert_allclose(nav.pct_change().iloc[1:], expected.pct_change().iloc[1:],
                               rtol=0, atol=1e-14)  # fmt: skip
    # said once, of all three files, and no other conflict
    assert pool.conflicts == (
        [
            "某基金: across 净值公告_202401.csv, 净值公告_202402.csv and 净值公告_202403.csv, "
            f"累计净值 − 单位净值 (the dividends paid) falls on {fall}: a share conversion, "
            "another share class or bad data; the unit (单位净值) is used"
        ]
        if fall
        else []
    )
    assert len(pool.notes) == 2  # one note a join: what each later file added


def test_a_file_stamped_at_15_00_joins_one_of_plain_dates_day_by_day(tmp_path: Path) -> None:
    days = pd.bdate_range("2024-01-02", periods=4)
    book = openpyxl.Workbook()
    book.active.append(["日期", "X"])
    for k, d in enumerate(days):  # datetime cells at 15:00, as a script or NOW() writes them
        book.active.append([(d + pd.Timedelta(hours=15)).to_pydatetime(), 1.0 + k / 10])
    book.save(tmp_path / "x.xlsx")
    plain = "".join(f"{d:%Y-%m-%d},{2.0 + k / 10}\n" for k, d in enumerate(days))
    y = _csv(tmp_path / "y.csv", "日期,Y\n" + plain)
    pool = import_files([tmp_path / "x.xlsx", y])
    assert pool.data.index.tolist() == days.tolist()
    assert pool.data["X"].tolist() == [1.0, 1.1, 1.2, 1.3]
    assert pool.data["Y"].tolist() == [2.0, 2.1, 2.2, 2.3]


def _weekly(path: Path, start: str, level: float, seed: int, n: int = 40) -> pd.Series:
    """A 私募's weekly 单位净值 report (no fund name in it: the series is named after the file),
    written to ``path``; the NAVs written, by date."""
    rng = np.random.default_rng(seed)
    days = pd.date_range(start, periods=n, freq="W-FRI")
    nav = pd.Series(np.round(level * np.cumprod(1 + rng.normal(0, 0.01, n)), 4), index=days)
    _csv(path, "日期,单位净值\n" + "".join(f"{d:%Y-%m-%d},{v:.4f}\n" for d, v in nav.items()))
    return nav


def test_two_funds_files_named_alike_sharing_no_date_are_a_conflict_where_the_join_jumps(
    tmp_path: Path,
) -> None:
    # QA15 P27 with funds' names: two managers' 稳健1号, one file for 2023, the other for 2024,
    # were joined as one fund with a note alone ("dates added"); the NAV jumped across the join
    x = _weekly(tmp_path / "管理人甲" / "稳健1号.csv", "2023-01-06", 1.05, 1)
    y = _weekly(tmp_path / "管理人乙" / "稳健1号.csv", "2024-01-05", 2.30, 2)
    pool = import_files(
        [tmp_path / "管理人甲" / "稳健1号.csv", tmp_path / "管理人乙" / "稳健1号.csv"]
    )
    jump = y.iloc[0] / x.iloc[-1] - 1  # the return across the join, as the pool shows it
    assert pool.data["稳健1号"].dropna().pct_change().iloc[len(x)] == pytest.approx(jump)
    [conflict] = pool.conflicts
    assert conflict.startswith(
        f"稳健1号: 管理人甲/稳健1号.csv and 管理人乙/稳健1号.csv share no date, and the NAV rises "
        f"{jump:.2%} across the join ({x.index[-1]:%Y-%m-%d} to {y.index[0]:%Y-%m-%d}), "
    )
    assert "check that both files hold this fund" in conflict


def _yearly(folder: Path, name: str, seed: int) -> tuple[pd.Series, pd.Series]:
    """One fund's 2023 and 2024 reports in folders 2023 and 2024, both named ``name``, an
    ordinary week across the join; the NAVs written."""
    x = _weekly(folder / "2023" / name, "2023-01-06", 1.05, seed)
    rng = np.random.default_rng(seed + 1)
    days = pd.date_range("2024-01-05", periods=40, freq="W-FRI")
    y = pd.Series(np.round(x.iloc[-1] * np.cumprod(1 + rng.normal(0, 0.01, 40)), 4), index=days)
    text = "".join(f"{d:%Y-%m-%d},{v:.4f}\n" for d, v in y.items())
    _csv(folder / "2024" / name, "日期,单位净值\n" + text)
    return x, y


def test_one_funds_yearly_files_sharing_no_date_join_with_a_note_alone(tmp_path: Path) -> None:
    # the control: one fund's 2023 and 2024 reports, named after it
    x, y = _yearly(tmp_path, "稳健1号.csv", 3)
    pool = import_files([tmp_path / "2023" / "稳健1号.csv", tmp_path / "2024" / "稳健1号.csv"])
    assert pool.conflicts == []
    assert pool.notes == [
        "稳健1号: 2023/稳健1号.csv and 2024/稳健1号.csv share no date (nothing checks that they "
        "hold the same fund); 40 dates added from 2024/稳健1号.csv"
    ]
    assert pool.data["稳健1号"].tolist() == [*x, *y]


def test_files_named_after_no_fund_sharing_no_date_are_a_conflict_at_any_step(
    tmp_path: Path,
) -> None:
    # QA15 P27: two 私募's 净值表.xlsx, 2023 and 2024, joined with an ordinary week's step (2.6
    # usual moves): nothing in the files tells one fund from two, and their name names none
    x, y = _yearly(tmp_path, "净值表.csv", 3)
    pool = import_files([tmp_path / "2023" / "净值表.csv", tmp_path / "2024" / "净值表.csv"])
    assert pool.conflicts == [
        "净值表: 2023/净值表.csv and 2024/净值表.csv share no date and their name names no fund, "
        "so nothing says they hold the same one: joined as one series 净值表 at 2024-01-05; if "
        "they hold different funds, give each file its fund's name or code"
    ]
    assert pool.data["净值表"].tolist() == [*x, *y]  # joined all the same, and said so


def test_weekly_files_named_after_no_fund_are_one_conflict_for_all_their_joins(
    tmp_path: Path,
) -> None:
    # a 私募's weekly report saved in a folder a week: one message for the series, not one a week
    days = pd.date_range("2024-01-05", periods=5, freq="W-FRI")
    paths = []
    for k, day in enumerate(days):
        paths.append(
            _csv(
                tmp_path / f"{day:%Y%m%d}" / "净值表.csv",
                f"日期,单位净值\n{day:%Y-%m-%d},{1 + k / 100}\n",
            )
        )
    pool = import_files(paths)
    assert pool.conflicts == [
        "净值表: 20240105/净值表.csv … 20240202/净值表.csv (5 files), one after the other, "
        "share no date and their name names no fund, so nothing says they hold the same one: "
        "joined as one series 净值表 at 4 dates (2024-01-12, 2024-01-19, 2024-01-26, …); if "
        "they hold different funds, give each file its fund's name or code"
    ]
    assert pool.data["净值表"].tolist() == [1.0, 1.01, 1.02, 1.03, 1.04]


def test_files_named_after_no_fund_sharing_dates_are_checked_on_them(tmp_path: Path) -> None:
    # the same NAVs on common dates say the files hold one fund: no conflict
    x = _weekly(tmp_path / "a" / "产品净值.csv", "2023-01-06", 1.05, 5, n=30)
    whole = _weekly(tmp_path / "b" / "产品净值.csv", "2023-01-06", 1.05, 5, n=40)
    pool = import_files([tmp_path / "a" / "产品净值.csv", tmp_path / "b" / "产品净值.csv"])
    assert pool.conflicts == []
    assert pool.data["产品净值"].tolist() == whole.tolist()
    assert len(x) == 30


@pytest.mark.parametrize(
    ("stem", "names_none"),
    [
        ("净值表", True),
        ("产品净值(1)", True),
        ("nav_export_20240105", True),
        ("2023年净值明细", True),
        ("私募净值2024-01-05", True),
        ("000001", False),  # a fund code
        ("000001净值", False),
        ("519001_nav", False),
        ("华夏成长净值", False),
        ("SGG703净值表", False),  # a 私募's filing code
        ("稳健1号", False),
        ("navigator", False),
        ("周报2023", False),  # no NAV word: a long file's, its funds named inside
    ],
)
def test_a_file_name_names_no_fund_when_it_says_only_what_it_holds(
    stem: str, names_none: bool
) -> None:
    assert _names_no_fund(stem) is names_none


@pytest.mark.parametrize("typo", [False, True])
def test_a_three_decimal_report_beside_a_four_decimal_file_agrees_where_it_rounds_alike(
    tmp_path: Path, typo: bool
) -> None:
    # QA15 P15: a 私募's 3-decimal weekly report beside its 4-decimal download conflicted on
    # every common date (1.4264 vs 1.426); a difference beyond the rounding (a typo) still does
    fine = [1.4264, 1.4377, 1.4488, 1.4391]
    coarse = [round(v, 3) for v in fine[1:]]
    if typo:
        coarse[1] = 1.447  # 1.4488 rounds to 1.449
    days = pd.date_range("2024-01-05", periods=4, freq="W-FRI")
    a = _csv(
        tmp_path / "a.csv",
        "日期,F\n" + "".join(f"{d:%Y-%m-%d},{v}\n" for d, v in zip(days, fine, strict=True)),
    )
    b = _csv(
        tmp_path / "b.csv",
        "日期,F\n" + "".join(f"{d:%Y-%m-%d},{v}\n" for d, v in zip(days[1:], coarse, strict=True)),
    )
    pool = import_files([a, b])
    if typo:
        assert pool.conflicts == [
            f"F: a.csv and b.csv give different NAVs on 1 of 3 common dates: {days[2]:%Y-%m-%d} "
            "(1.4488 vs 1.447); kept a.csv's"
        ]
    else:
        assert pool.conflicts == []
        assert pool.notes == [
            "F: in a.csv and b.csv, the same NAVs on 3 common dates (to 3 decimals, as the "
            "coarser file writes them); 0 dates added from b.csv"
        ]
    assert pool.data["F"].tolist() == fine  # the first file's values kept


@pytest.mark.parametrize("same_values", [True, False])
def test_a_nav_of_no_stated_type_beside_a_typed_one_is_compared_by_its_values(
    tmp_path: Path, same_values: bool
) -> None:
    # QA15 P21: an analyst's sheet headed by the fund's name alone (a NAV of no stated type)
    # beside the fund's 复权净值 file, the same values, was a "different types" conflict
    a = _csv(tmp_path / "组合.csv", "日期,基金B\n2024-01-05,1.50\n2024-01-12,1.53\n")
    later = "1.53" if same_values else "1.02"
    b = _csv(
        tmp_path / "b.csv",
        f"基金名称,日期,复权净值\n基金B,2024-01-12,{later}\n基金B,2024-01-19,1.56\n",
    )
    pool = import_files([a, b])
    if same_values:
        assert pool.conflicts == []
    else:
        assert pool.conflicts == [
            "基金B: 组合.csv and b.csv give different NAVs on 1 of 1 common dates: 2024-01-12 "
            "(1.53 vs 1.02); kept 组合.csv's"
        ]


def _one_fund_a_sheet(path: Path) -> Path:
    """A workbook of one fund a sheet, each sheet named by its fund and naming none inside
    (日期 | 单位净值), as QA15 X16's; the NAVs of sheet k are k, k + 0.01, k + 0.02."""
    book = openpyxl.Workbook()
    for k, title in enumerate(["稳健1号", "成长2号"], start=1):
        sheet = book.active if k == 1 else book.create_sheet(title)
        sheet.title = title
        sheet.append(["日期", "单位净值"])
        for i, day in enumerate(["2024-01-05", "2024-01-12", "2024-01-19"]):
            sheet.append([pd.Timestamp(day).to_pydatetime(), k + i / 100])
    book.save(path)
    return path


def test_worksheets_of_one_workbook_are_read_each_named_by_its_sheet(tmp_path: Path) -> None:
    book = _one_fund_a_sheet(tmp_path / "净值汇总.xlsx")
    pool = import_files([f"{book}#稳健1号", f"{book}#成长2号"])
    assert pool.data.columns.tolist() == ["稳健1号", "成长2号"]
    assert pool.data["稳健1号"].tolist() == [1.0, 1.01, 1.02]
    assert pool.data["成长2号"].tolist() == [2.0, 2.01, 2.02]
    assert pool.conflicts == []
    assert pool.notes == [
        "净值汇总.xlsx#稳健1号: its series named after its sheet, 稳健1号",
        "净值汇总.xlsx#成长2号: its series named after its sheet, 成长2号",
    ]
    # one worksheet asked for: read, named as the file names it (as --sheet does)
    alone = import_files([f"{book}#成长2号"])
    assert alone.data.columns.tolist() == ["净值汇总"]
    assert alone.data["净值汇总"].tolist() == [2.0, 2.01, 2.02]


def test_a_worksheet_asked_of_a_csv_file_is_refused(tmp_path: Path) -> None:
    csv = _csv(tmp_path / "a.csv", "日期,单位净值\n2024-01-05,1.0\n2024-01-12,1.1\n")
    with pytest.raises(InputError, match=r"^a\.csv#X: #X picks a worksheet of a workbook"):
        import_files([f"{csv}#X", csv])


def test_a_workbook_read_whole_and_by_a_worksheet_gives_two_series(tmp_path: Path) -> None:
    # its first sheet as the file names it; the sheet asked for by its own name
    book = _one_fund_a_sheet(tmp_path / "净值汇总.xlsx")
    pool = import_files([book, f"{book}#成长2号"])
    assert pool.data.columns.tolist() == ["净值汇总", "成长2号"]
    assert pool.data["净值汇总"].tolist() == [1.0, 1.01, 1.02]
    assert pool.data["成长2号"].tolist() == [2.0, 2.01, 2.02]


def test_a_folder_named_with_a_hash_is_globbed_whole(tmp_path: Path) -> None:
    # the words after '#' hold a '/', which no worksheet's name may: a path, not a worksheet
    _csv(tmp_path / "第#1批" / "a.csv", "日期,单位净值\n2024-01-05,1.0\n2024-01-12,1.1\n")
    pool = import_files([f"{tmp_path}/第#1批/*.csv"])
    assert pool.data["a"].tolist() == [1.0, 1.1]
