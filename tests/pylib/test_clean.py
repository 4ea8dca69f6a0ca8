"""Input cleaning: the missing-value policy, dates, numbers, duplicates, NAV <= 0."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fofxl import InputError, clean
from fofxl.clean import (
    as_frame,
    as_series,
    frame_from_cells,
    is_blank,
    panel_arrays,
    series_from_cells,
    to_categories,
    to_date,
    to_number,
    to_number_columns,
    to_number_rows,
    to_numbers,
    to_text,
    to_texts,
)


@pytest.mark.parametrize("value", [None, "", "   ", float("nan"), pd.NaT, "#N/A", np.nan])
def test_blanks_are_missing(value):
    assert is_blank(value)
    assert np.isnan(to_number(value))
    assert to_date(value) is pd.NaT


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, 1.0),
        (1.25, 1.25),
        ("1.05", 1.05),
        (" 2 ", 2.0),
        ("1,234.5", 1234.5),
        ("12%", 0.12),
        (np.int64(3), 3.0),
        (np.float32(0.5), 0.5),
    ],
)
def test_numbers_and_numeric_text(value, expected):
    assert to_number(value) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "needle"),
    [("abc", "not a number"), ("#REF!", "#REF!"), (True, "TRUE/FALSE"), (float("inf"), "infinite")],
)
def test_bad_numbers_name_argument_and_row(value, needle):
    with pytest.raises(InputError) as err:
        to_number(value, "navs", row=7)
    message = str(err.value)
    assert message.startswith("navs: row 7")
    assert needle in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2023, 6, 30, 0, 0), "2023-06-30"),
        (dt.date(2023, 6, 30), "2023-06-30"),
        (45107, "2023-06-30"),  # Excel serial: 1899-12-30 + 45107 days
        (45107.0, "2023-06-30"),
        ("45107", "2023-06-30"),
        ("2023-06-30", "2023-06-30"),
        ("2023/6/30", "2023-06-30"),
        ("20230630", "2023-06-30"),
        (20230630, "2023-06-30"),
        (np.datetime64("2023-06-30"), "2023-06-30"),
    ],
)
def test_dates_in_every_form(value, expected):
    assert to_date(value) == pd.Timestamp(expected)


def test_excel_serial_epoch():
    # Excel's 1900 system: serial 1 is 1900-01-01 and serial 60 is the phantom 29 Feb 1900;
    # from serial 61 (1900-03-01) on, days since 1899-12-30 are exact.
    assert to_date(61) == pd.Timestamp("1900-03-01")
    assert to_date(36526) == pd.Timestamp("2000-01-01")


@pytest.mark.parametrize("value", ["garbage", "2023-13-45", True, -5])
def test_bad_dates(value):
    with pytest.raises(InputError, match=r"^dates: row 3"):
        to_date(value, "dates", row=3)


def test_series_from_cells_drops_blanks_and_sorts():
    dates = ["2023-01-06", None, "2023-01-04", "2023-01-05", "2023-01-09"]
    navs = [1.03, 1.5, 1.01, "", "1.04"]
    series = series_from_cells(dates, navs, name="navs", kind="nav")
    # row 2 has no date, row 4 no NAV: both dropped; the rest sorted by date
    assert list(series.index.strftime("%Y-%m-%d")) == ["2023-01-04", "2023-01-06", "2023-01-09"]
    assert list(series) == [1.01, 1.03, 1.04]
    assert series.index.dtype == "datetime64[ns]"


def test_duplicate_date_is_named():
    with pytest.raises(InputError, match="2023-01-04 appears more than once"):
        series_from_cells(["2023-01-04", "2023-01-05", "2023-01-04"], [1, 2, 3])


def test_nav_not_positive_names_row_and_date():
    with pytest.raises(InputError) as err:
        series_from_cells(
            ["2023-01-04", "2023-01-05"], [1.0, 0.0], name="navs", kind="nav", first_row=2
        )
    assert str(err.value).startswith("navs: row 3 (2023-01-05) is 0; a NAV must be > 0")


def test_length_mismatch():
    with pytest.raises(InputError, match="same height"):
        series_from_cells([1, 2], [1.0])


def test_frame_from_cells_keeps_missing_per_column():
    frame = frame_from_cells(
        ["2023-01-06", "2023-01-13", None, "2023-01-20"],
        [[1.0, None, None, 1.02], [None, 2.0, "", 2.1]],
        names=["A", "B"],
        kind="nav",
    )
    assert list(frame.columns) == ["A", "B"]
    assert len(frame) == 3  # the dateless, valueless row is dropped
    assert np.isnan(frame.loc["2023-01-13", "A"]) and frame.loc["2023-01-13", "B"] == 2.0


def test_frame_value_without_date_is_an_error():
    with pytest.raises(InputError, match="row 2 is blank"):
        frame_from_cells([1, None], [[1.0, 2.0]], dates_name="dates")


def test_as_series_cleans_and_does_not_mutate():
    raw = pd.Series(
        [1.1, np.nan, 1.0], index=pd.to_datetime(["2023-01-03", "2023-01-02", "2023-01-01"])
    )
    before = raw.copy()
    clean = as_series(raw, "navs", kind="nav")
    pd.testing.assert_series_equal(raw, before)
    assert list(clean) == [1.0, 1.1]
    assert clean.index.is_monotonic_increasing


def test_as_series_rejects_nav_zero_and_duplicates():
    idx = pd.to_datetime(["2023-01-01", "2023-01-02"])
    with pytest.raises(InputError, match="a NAV must be > 0"):
        as_series(pd.Series([1.0, -1.0], index=idx), "navs", kind="nav")
    with pytest.raises(InputError, match="appears more than once"):
        as_series(pd.Series([1.0, 2.0], index=pd.to_datetime(["2023-01-01"] * 2)))


def test_as_frame_accepts_series_and_text_numbers():
    idx = pd.to_datetime(["2023-01-01", "2023-01-02"])
    frame = as_frame(pd.DataFrame({"a": ["1.0", "2"], "b": [np.nan, 3.0]}, index=idx))
    assert frame.dtypes.tolist() == [np.float64, np.float64]
    assert frame["a"].tolist() == [1.0, 2.0]
    assert as_frame(pd.Series([1.0, 2.0], index=idx, name="x")).columns.tolist() == ["x"]


def test_to_dates_fast_paths_equal_cell_by_cell():
    # Excel sends whole columns of datetimes (classic) or serials (Office.js): the vectorised
    # conversion must give exactly what to_date gives cell by cell, blanks as NaT.
    from fofxl.clean import to_dates

    rng = np.random.default_rng(3)
    serials = [float(x) for x in rng.uniform(1, 106_000, 500)] + [45107.0, None, 1.0, 45107.5]
    stamps = [dt.datetime(1990, 1, 1) + dt.timedelta(days=int(k)) for k in range(300)] + [None]
    whole = [float(k) for k in rng.integers(1, 106_751, 300)] + [106_751.0, 60.0, 61.0]
    hourly = [45_000 + k / 24 for k in range(24 * 40)] + [None]
    for column in (serials, whole, hourly, stamps, [pd.Timestamp("2023-06-30"), None]):
        expected = pd.DatetimeIndex([to_date(v) for v in column], dtype="datetime64[ns]")
        assert to_dates(column).equals(expected)
    assert to_dates([45107.0])[0] == pd.Timestamp("2023-06-30")  # 45107 = 2023-06-30
    # serials alone convert in one C pass, which reads TRUE/FALSE as 1/0: still refused
    for flag in (True, np.bool_(True), False):
        with pytest.raises(InputError, match=rf"^dates: row 2 is {flag}, a TRUE/FALSE value"):
            to_dates([45107.0, flag])
    exotic = [np.float64(45107.25), Decimal("45108"), 45109]
    assert to_dates(exotic).equals(pd.DatetimeIndex([to_date(v) for v in exotic]))
    with pytest.raises(InputError, match=r"^dates: row 2 is the number inf, which is not a date"):
        to_dates([45107.0, 10**400])
    assert to_dates([None, None]).isna().all()


def test_dates_outside_the_handled_range_name_the_row():
    from fofxl.clean import to_dates

    with pytest.raises(InputError, match=r"^dates: row 2 is 2400-01-01, outside"):
        to_dates([dt.datetime(2020, 1, 1), dt.datetime(2400, 1, 1)])
    with pytest.raises(InputError, match=r"^dates: row 1 is the serial 2\.95846e\+06"):
        to_dates([2958465.0])


def test_to_texts_labels():
    from fofxl.clean import to_texts

    cells = [" low ", None, "", 3.0, 2.5, True, dt.datetime(2023, 6, 30), "#N/A", 7]
    assert to_texts(cells) == ["low", None, None, "3", "2.5", "TRUE", "2023-06-30", None, "7"]
    with pytest.raises(InputError, match=r"^labels: row 2 holds the Excel error #REF!"):
        to_texts(["a", "#REF!"])
    with pytest.raises(InputError, match=r"^labels: row 3 is .*'basicValue'.*, not a cell value"):
        to_texts(["a", "b", {"type": "String", "basicValue": "c"}])  # Office.js, not converted


@pytest.mark.parametrize(
    "cells",
    [
        ["high", " low", None, "low ", "", "balance", "high", float("nan"), "#N/A"],
        [1.0, 2, None, 1, 2.5, 1.0],
        [" low ", None, "", 3.0, 2.5, True, dt.datetime(2023, 6, 30), "#N/A", 7],
        [1, True, 0, False],  # TRUE hides behind an equal 1 in a set: still "TRUE"
        [None, None],
        [],
    ],
)
def test_label_categories_are_the_labels(cells):
    # a label column coded once per distinct cell holds exactly the labels, blanks missing
    from fofxl.clean import to_categories, to_text, to_texts

    got = to_categories(cells)
    expected = pd.Categorical([to_text(cell) for cell in cells])  # cell by cell
    assert to_texts(cells) == [to_text(cell) for cell in cells]
    assert pd.Series(got).equals(pd.Series(expected).cat.set_categories(got.categories))
    assert list(got.categories) == sorted(expected.categories)


def test_label_categories_name_the_bad_cell():
    from fofxl.clean import to_categories

    with pytest.raises(InputError, match=r"^labels: row 2 holds the Excel error #REF!"):
        to_categories(["a", "#REF!"])
    with pytest.raises(InputError, match=r"^labels: row 3 is .*'basicValue'.*, not a cell value"):
        to_categories(["a", "b", {"type": "String", "basicValue": "c"}])


def test_percent_text_is_a_number_but_never_a_nav():
    from fofxl.clean import frame_from_cells, series_from_cells, to_numbers

    assert to_numbers(["1.23%", "2"], "returns").tolist() == pytest.approx([0.0123, 2.0])
    with pytest.raises(InputError, match=r"navs: row 3 is the percentage '1.23%'; a NAV"):
        to_numbers(["1.0", None, "1.23%"], "navs", percent=False)
    dates = ["2024-01-05", "2024-01-12"]
    with pytest.raises(InputError, match="row 2 is the percentage"):
        series_from_cells(dates, ["1.0", "101%"], name="navs", kind="nav")
    with pytest.raises(InputError, match="percentage"):
        frame_from_cells(dates, [["1.0", "2%"]], name="closes", kind="price")
    returns = series_from_cells(dates, ["1%", "-2%"], name="returns", kind="return")
    assert returns.tolist() == pytest.approx([0.01, -0.02])


_CELL = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**20), 10**20),
    st.booleans(),
    st.sampled_from(["", "1.5", "12%", "x", "#DIV/0!", "#N/A", "#n/a", "  ", "#N/A!"]),
)


def _cell_by_cell(cells):
    """to_number on each cell: its value, or the message of its error."""
    out = []
    for i, cell in enumerate(cells):
        try:
            out.append(to_number(cell, "navs", i + 2))
        except InputError as exc:
            return str(exc)
    return np.array(out, dtype=float)


@settings(max_examples=200, deadline=None)
@given(st.lists(_CELL, max_size=30))
def test_to_numbers_is_to_number_on_each_cell(cells):
    # the one-pass numpy conversion of plain number columns gives what the cell loop gives,
    # and a bad cell the same message (argument and row)
    _check_numbers(cells)


def _check_numbers(cells):
    """to_numbers gives what to_number gives on each cell, or the same message."""
    expected = _cell_by_cell(cells)
    try:
        got = to_numbers(cells, "navs", first_row=2)
    except InputError as exc:
        assert str(exc) == expected
    else:
        assert not isinstance(expected, str)
        assert np.array_equal(got, expected, equal_nan=True)


def test_panel_arrays_are_as_frames_values_and_as_frame_owns_a_copy():
    dates = pd.DatetimeIndex(["2024-01-05", "2024-01-19", "2024-01-12", "2024-01-26"])
    raw = pd.DataFrame(
        {"a": [1.0, np.nan, 2.0, 3.0], "b": [np.nan, np.nan, 4.0, np.nan]}, index=dates
    )
    raw.iloc[1, 0] = np.nan  # 2024-01-19 blank in every column: dropped
    data, index, columns = panel_arrays(raw, "navs", kind="nav")
    frame = as_frame(raw, "navs", kind="nav")
    # sorted dates, the all-blank row dropped, values moved with their dates
    assert list(index.strftime("%Y-%m-%d")) == ["2024-01-05", "2024-01-12", "2024-01-26"]
    assert np.array_equal(data, [[1.0, np.nan], [2.0, 4.0], [3.0, np.nan]], equal_nan=True)
    assert list(columns) == ["a", "b"] and frame.index.equals(index)
    assert np.array_equal(frame.to_numpy(), data, equal_nan=True)
    sorted_raw = raw.sort_index()
    clean = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}, index=sorted_raw.index[:2])
    owned = as_frame(clean, "navs")
    owned.iloc[0, 0] = 99.0  # the cleaned frame is the caller's to change: not a view
    assert clean.iloc[0, 0] == 1.0


def test_panel_arrays_refuse_a_nav_at_or_below_zero_with_its_row():
    raw = pd.DataFrame(
        {"a": [np.nan, 1.0, 1.1], "b": [np.nan, 2.0, 0.0]},
        index=pd.date_range("2024-01-05", periods=3, freq="W-FRI"),
    )
    with pytest.raises(InputError, match=r"navs \(b\).*row 3.*2024-01-19.*is 0"):
        panel_arrays(raw, "navs", kind="nav")


_LABEL = st.one_of(
    st.none(),
    st.sampled_from(["high", " low ", "", "#N/A", "#DIV/0!", "1", "TRUE"]),
    st.floats(allow_nan=True, allow_infinity=False),
    st.integers(-5, 5),
    st.booleans(),
    st.just(dt.datetime(2024, 1, 31)),
)


def _labels_cell_by_cell(cells: list) -> list | str:
    """to_text on each cell of a column from row 2 on, or the message of the first bad one."""
    labels: list = []
    for i, cell in enumerate(cells):
        try:
            labels.append(to_text(cell, "labels", i + 2))
        except InputError as exc:
            return str(exc)
    return labels


@settings(max_examples=200, deadline=None)
@given(st.lists(_LABEL, max_size=30))
def test_to_texts_is_to_text_on_each_cell(cells):
    # the once-per-distinct-value conversion gives what the cell loop gives, and a bad cell
    # the same message (argument and row)
    expected = _labels_cell_by_cell(cells)
    try:
        got = to_texts(cells, "labels", first_row=2)
    except InputError as exc:
        assert str(exc) == expected
    else:
        assert got == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_LABEL, max_size=30),
    st.lists(st.sampled_from(["b", " a", "c ", None, "", "#N/A"]), max_size=30),
)
def test_to_categories_is_to_text_on_each_cell(cells, text):
    # coded once per distinct cell (text alone: coded as first met, then sorted) and still the
    # labels of the cell loop, in sorted categories, or the same message for a bad cell
    for column in (text + cells, text, cells + text):
        expected = _labels_cell_by_cell(column)
        try:
            got = to_categories(column, "labels", first_row=2)
        except InputError as exc:
            assert str(exc) == expected
        else:
            assert isinstance(expected, list)
            assert [None if pd.isna(x) else x for x in got] == expected
            assert list(got.categories) == sorted({x for x in expected if x is not None})


def test_a_repeated_date_is_refused_sorted_or_not():
    for order in (
        ["2024-01-05", "2024-01-12", "2024-01-12"],
        ["2024-01-12", "2024-01-05", "2024-01-12"],
    ):
        raw = pd.Series([1.0, 1.1, 1.2], index=pd.DatetimeIndex(order))
        with pytest.raises(InputError, match="2024-01-12 appears more than once"):
            as_frame(raw, "navs")


def test_dates_known_in_order_are_still_checked_where_the_order_can_change():
    # a naive index pandas already found sorted and unique skips the checks; a time-zone index
    # sorted in UTC is not known in order: its wall times repeat at the autumn clock change
    stamps = pd.date_range("2024-10-27 00:30", periods=4, freq="30min", tz="Europe/London")
    navs = pd.Series([1.0, 1.1, 1.2, 1.3], index=stamps)
    assert navs.index.is_monotonic_increasing and navs.index.is_unique
    for read in (as_series, as_frame, clean.series_arrays, clean.panel_arrays):
        with pytest.raises(InputError, match="01:00|appears more than once"):
            read(navs, "navs")
    # a naive index read twice (its flags now kept by pandas) reads as a fresh copy of it does
    days = pd.Series([1.0, np.nan, 1.2], index=pd.date_range("2024-01-05", periods=3, freq="W"))
    fresh = days.set_axis(pd.DatetimeIndex(days.index.astype(str)))
    for read in (as_series, as_frame):
        first, again = read(days, "navs"), read(days, "navs")
        for got in (first, again):
            assert got.equals(read(fresh, "navs"))
            assert got.index.dtype == "datetime64[ns]" and got.index.name == "date"


_PLAIN = st.one_of(st.none(), st.floats(-1e6, 1e6), st.integers(-5, 5))
#: Cells a pandas or numpy caller may pass, and values no number column takes.
_NUMPY_AND_ODD = st.one_of(
    st.floats(-1e6, 1e6).map(np.float64),
    st.floats(-1e6, 1e6, width=32).map(np.float32),
    st.integers(-5, 5).map(np.int64),
    st.integers(2**63, 2**64 - 1),
    st.booleans().map(np.bool_),
    st.just(dt.datetime(2024, 1, 5)),
    st.just(np.datetime64("2024-01-05")),
    st.just(Decimal("1.5")),
    st.just(1j),
)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 5),
    st.integers(1, 4),
    st.data(),
)
def test_number_columns_and_rows_are_to_numbers_on_each_column(height, width, data):
    # the one-pass conversion of a whole panel (mostly plain numbers, sometimes a bad cell)
    # gives what to_numbers gives column by column, and the first bad column's message
    cell = st.one_of(_PLAIN, _CELL, _NUMPY_AND_ODD) if data.draw(st.booleans()) else _PLAIN
    columns = [data.draw(st.lists(cell, min_size=height, max_size=height)) for _ in range(width)]
    names = [f"navs ({j})" for j in range(width)]
    expected: np.ndarray | str
    try:  # column after column: the NAV rule for percent text, then to_number on each cell
        parts = []
        for j, col in enumerate(columns):
            if any(isinstance(c, str) and c.strip().endswith("%") for c in col):
                to_numbers(col, names[j], 2, percent=False)  # raises, naming the cell
            parts.append([to_number(c, names[j], i + 2) for i, c in enumerate(col)])
        expected = np.array(parts, dtype=float).T
    except InputError as exc:
        expected = str(exc)
    rows = [list(r) for r in zip(*columns, strict=True)]
    for convert, cells in ((to_number_columns, columns), (to_number_rows, rows)):
        try:
            got = convert(cells, names, 2, percent=False)
        except InputError as exc:
            assert str(exc) == expected
        else:
            assert not isinstance(expected, str)
            assert got.shape == (height, width)
            assert np.array_equal(got, expected, equal_nan=True)


def test_a_panel_already_read_builds_the_frame_its_columns_build():
    dates = [dt.datetime(2024, 1, d) for d in (5, 3, 4)] + [None]
    block = np.array([[1.0, np.nan], [2.0, 3.0], [np.nan, np.nan], [np.nan, np.nan]])
    by_array = frame_from_cells(dates, block, names=["a", "b"], kind="nav")
    by_columns = frame_from_cells(dates, [block[:, 0], block[:, 1]], names=["a", "b"], kind="nav")
    pd.testing.assert_frame_equal(by_array, by_columns)
    assert by_array.index.strftime("%d").tolist() == ["03", "05"]  # sorted, blank rows gone
    # nothing dropped: the frame owns its values, and the caller's dates keep their name
    dates_index = pd.DatetimeIndex(["2024-01-01", "2024-01-02"], name="mine")
    whole = np.array([[1.0, 2.0], [3.0, 4.0]])
    frame = frame_from_cells(dates_index, whole, names=["a", "b"])
    whole[0, 0] = 99.0
    assert frame.iloc[0, 0] == 1.0 and dates_index.name == "mine" and frame.index.name == "date"
    wrapped = frame_from_cells(dates_index, whole, names=["a", "b"], copy=False)
    assert np.shares_memory(wrapped.to_numpy(), whole)  # told the array is its own: no copy
    # the first bad cell is named, whichever check finds it (infinite either way, a NAV <= 0)
    block[1, 1] = np.inf
    with pytest.raises(InputError, match=r"^values \(b\): row 2 is infinite"):
        frame_from_cells(dates, block, names=["a", "b"])
    block[1, 1] = -np.inf
    with pytest.raises(InputError, match=r"^values \(b\): row 2 is infinite"):
        frame_from_cells(dates, block, names=["a", "b"])
    block[1, 1] = 3.0
    block[1, 0] = -2.0
    with pytest.raises(InputError, match=r"^navs \(a\): row 2 \(2024-01-03\) is -2; a NAV must"):
        frame_from_cells(dates, block, names=["a", "b"], name="navs", kind="nav")
    blank = frame_from_cells(dates, np.full((4, 2), np.nan), names=["a", "b"], kind="nav")
    assert blank.shape == (0, 2)
    with pytest.raises(InputError, match="^dates has 4 rows but values has 2"):
        frame_from_cells(dates, block[:2], names=["a", "b"])


@pytest.mark.parametrize("cell_loops", [True, False])
def test_a_panel_of_rows_converts_with_or_without_pandas_cell_loops(monkeypatch, cell_loops):
    # the version shim: a pandas without its C cell loops leaves the numpy pass to serve
    if not cell_loops:
        monkeypatch.setattr(clean, "_object_rows", None)
    rows = [[1.0, None, 2], [None, None, None], [np.float64(1.5), 3.0, 4.0]]
    expected = [[1.0, np.nan, 2.0], [np.nan] * 3, [1.5, 3.0, 4.0]]
    np.testing.assert_array_equal(to_number_rows(rows, ["a", "b", "c"]), np.array(expected))
    # a formula's "" is a blank like an empty cell, and the caller's rows keep their cells
    formulas = [[1.0, "", 2], ["", "", ""], [np.float64(1.5), 3.0, ""]]
    np.testing.assert_array_equal(
        to_number_rows(formulas, ["a", "b", "c"]),
        np.array([[1.0, np.nan, 2.0], [np.nan] * 3, [1.5, 3.0, np.nan]]),
    )
    assert formulas == [[1.0, "", 2], ["", "", ""], [1.5, 3.0, ""]]
    assert (clean._plain_number_rows(formulas) is None) is not cell_loops  # one pass, not cells
    with pytest.raises(InputError, match=r"^b: row 3 is the text 'x'"):
        to_number_rows([[1.0, ""], ["", "x"]], ["a", "b"], first_row=2)
    with pytest.raises(InputError, match=r"^b: row 3 is True"):
        to_number_rows([[1.0, 2.0], [1.0, True]], ["a", "b"], first_row=2)
    # a TRUE/FALSE on a row of numbers alone, among rows with blanks, and beside a blank
    for rows, where in (
        ([[1.0, None], [None, 2.0], [0.5, 2.0], [False, 2.0], [1.0, None]], "a: row 5 is False"),
        ([[1.0, None], [1.0, 2.0], [None, 2.0], [2.0, True]], "b: row 5 is True"),
        ([[1.0, 2.0], [True, None]], "a: row 3 is True"),
        ([[1.0, None], [False, 2.0]], "a: row 3 is False"),  # numbers alone below a blank
        ([[None, None], [2.0, 1.0], [None, 1.0], [1.0, True]], "b: row 5 is True"),
    ):
        with pytest.raises(InputError, match=rf"^{re.escape(where)}"):
            to_number_rows(rows, ["a", "b"], first_row=2)
    with pytest.raises(InputError, match=r"^a: row 2 is infinite"):
        to_number_rows([[float("inf"), 2.0], [1.0, 2.0]], ["a", "b"], first_row=2)
    with pytest.raises(InputError, match=r"^b: row 2 is the text 'x'"):
        to_number_rows([[None, "x"], [1.0, 2.0]], ["a", "b"], first_row=2)


def test_rows_and_columns_of_numbers_alone_keep_every_check():
    # a row or column of numbers alone converts in one C pass that reads TRUE/FALSE as 1/0 and
    # numeric text as an error: the cell checks still name exactly what to_number names
    for bad, message in (
        (True, r"^b: row 3 is True"),
        (False, r"^b: row 3 is False"),
        (np.bool_(True), r"^b: row 3 is True"),
        ("1.5x", r"^b: row 3 is the text '1.5x'"),
        (10**400, r"^b: row 3 is infinite"),
        (float("inf"), r"^b: row 3 is infinite"),
    ):
        rows = [[1.0, 2.0], [1.0, bad]]
        with pytest.raises(InputError, match=message):
            to_number_rows(rows, ["a", "b"], first_row=2)
        with pytest.raises(InputError, match=message):
            to_number_columns([[1.0, 1.0], [2.0, bad]], ["a", "b"], first_row=2)
        with pytest.raises(InputError, match=message.replace("b:", "values:")):
            to_numbers([1.0, bad], first_row=2)
    # numbers of every kind read as to_number reads them, numeric text included
    cells = [1, 2.5, np.float32(0.5), np.int64(7), Decimal("1.25"), "1,234.5", 0.0]
    expected = [to_number(c) for c in cells]
    assert expected == [1.0, 2.5, 0.5, 7.0, 1.25, 1234.5, 0.0]
    np.testing.assert_array_equal(to_numbers(cells), expected)
    np.testing.assert_array_equal(to_number_rows([cells, cells], list("abcdefg"))[1], expected)
    with pytest.raises(InputError, match=r"^values: row 1 is 'sNaN', not a number"):
        to_numbers([Decimal("sNaN"), 1.0])


def test_a_long_column_converts_block_by_block_as_cell_by_cell():
    # a long column converts in blocks (numbers alone in C, blocks with a blank by numpy):
    # values and the row a message names are those of the cell-by-cell conversion
    rng = np.random.default_rng(5)
    cells: list[object] = [float(x) for x in rng.normal(size=10_000)]
    cells[5_000] = None  # a blank in the second block
    cells[9_999] = 3  # an integer in the last, short block
    cells[6_000], cells[9_000] = "#N/A", " "  # a failed lookup and a blank text: blanks too
    np.testing.assert_array_equal(to_numbers(cells), [to_number(c) for c in cells])
    for at, bad, message in (
        (8_193, True, r"^values: row 8194 is True"),  # among numbers alone
        (5_001, False, r"^values: row 5002 is False"),  # beside the blank
        (4_096, "x", r"^values: row 4097 is the text 'x'"),
        (6_001, "#DIV/0!", r"^values: row 6002 holds the Excel error #DIV/0!"),  # beside #N/A
        (9_998, float("inf"), r"^values: row 9999 is infinite"),
    ):
        wrong = list(cells)
        wrong[at] = bad
        with pytest.raises(InputError, match=message):
            to_numbers(wrong)


def test_number_rows_and_columns_take_numpy_arrays():
    # a caller's 2-D array (floats, or objects with None) reads like its list of rows
    rows = [[1.0, None], [2.0, 3.0]]
    expected = np.array([[1.0, np.nan], [2.0, 3.0]])
    for panel in (np.array(rows, dtype=object), np.array(rows, dtype=float)):
        np.testing.assert_array_equal(to_number_rows(panel, ["a", "b"]), expected)
        np.testing.assert_array_equal(to_number_columns(panel.T, ["a", "b"]), expected)
    assert to_number_rows(np.empty((0, 2)), ["a", "b"]).shape == (0, 2)


_TYPED = st.one_of(
    st.none(),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: f"{x:.4f}"),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.floats(-1e3, 1e3, allow_nan=False).map(lambda x: f" {x:e}\t"),
    st.floats(-100, 100, allow_nan=False).map(lambda x: f"{x:.2f}%"),
    st.floats(-100, 100, allow_nan=False).map(lambda x: f" {x!r} % "),
    st.sampled_from(
        # each a text the cell-by-cell rules read their own way, or refuse
        [
            "",
            " ",
            ".5",
            "5.",
            "+1",
            "-.5e-3",
            "1e400",
            "1,234.5",
            "12%",
            "１.５",
            "nan",
            "inf",
            "1_000",
            "1-2",
            ".",
            "e5",
            "0x10",
            "#N/A",
            "١",
            "1.5.1",
            "--1",
            "%",
            " %",
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TYPED, max_size=30))
def test_numbers_typed_as_text_are_to_number_on_each_cell(cells):
    # a column of numbers stored as text converts at once (float of each text), and must give
    # exactly what to_number gives cell by cell, a bad cell the same message
    _check_numbers(cells)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TYPED, max_size=30))
def test_percent_text_where_navs_are_expected_is_refused_as_cell_by_cell(cells):
    # NAVs (percent=False): a percentage is refused with the message the cell loop gives
    try:
        got = to_numbers(cells, "navs", first_row=2, percent=False)
    except InputError as exc:
        got = str(exc)
    try:
        clean._refuse_percent(cells, "navs", 2)
        expected = _cell_by_cell(cells)
    except InputError as exc:
        expected = str(exc)
    if isinstance(expected, str) or isinstance(got, str):
        assert got == expected
    else:
        assert np.array_equal(got, expected, equal_nan=True)


def test_a_column_of_numbers_typed_as_text_converts_at_once():
    cells = [f"{x:.6f}" for x in np.linspace(0.5, 2.5, 1000)] + [None, "3"]
    assert clean._typed_numbers(cells) is not None  # the whole-column path takes it
    assert np.array_equal(to_numbers(cells), _cell_by_cell(cells), equal_nan=True)
    for other in ("1,234.5", "12%", "１.５", "  ", 1.5):  # read cell by cell, each its own way
        assert clean._typed_numbers([*cells, other]) is None
    csv_blanks = ["", *cells[:5], "", "", *cells[5:10], ""]  # a CSV's blank fields: empty text
    assert clean._typed_numbers(csv_blanks) is not None
    assert np.array_equal(to_numbers(csv_blanks), _cell_by_cell(csv_blanks), equal_nan=True)
    assert np.isnan(to_numbers(csv_blanks)[[0, 6, 7, 13]]).all()
    # a lone % is no blank once its sign is read off: refused by its row as cell by cell
    percents = ["1.5%", "", "%", "2%"]
    assert clean._typed_numbers(percents) is None
    with pytest.raises(InputError, match=r"^values: row 3 is the text '%'"):
        to_numbers(percents, "values")
    percentages = [f"{x:.2f}%" for x in np.linspace(-5, 5, 1000)] + [None]
    assert clean._typed_numbers(percentages) is not None
    assert clean._typed_numbers(percentages, percent=False) is None  # (NAVs: refused)
    assert np.array_equal(to_numbers(percentages), _cell_by_cell(percentages), equal_nan=True)


def _dates_cell_by_cell(cells):
    """to_date on each cell: the dates, or the message of the first error."""
    out = []
    for i, cell in enumerate(cells):
        try:
            out.append(clean.to_date(cell, "dates", i + 2))
        except InputError as exc:
            return str(exc)
    try:
        return pd.DatetimeIndex(out, dtype="datetime64[ns]")
    except (OverflowError, pd.errors.OutOfBoundsDatetime):
        return "outside"  # a date out of the ns range: to_dates refuses it, naming the row


def _check_dates(cells):
    expected = _dates_cell_by_cell(cells)
    try:
        got = clean.to_dates(cells, "dates", first_row=2)
    except InputError as exc:
        if expected == "outside":
            assert "outside the dates fofxl handles" in str(exc)
        else:
            assert str(exc) == expected
    else:
        assert not isinstance(expected, str), expected
        assert got.equals(expected)
        assert not cells or got.dtype == "datetime64[ns]"


_DAY = st.dates(dt.date(1600, 1, 1), dt.date(2300, 12, 31))
_DATE_TEXT = st.one_of(
    st.none(),
    _DAY.map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"),
    _DAY.map(lambda d: f"{d.year:04d}/{d.month:02d}/{d.day:02d}"),
    _DAY.map(lambda d: f"{d.year:04d}.{d.month:02d}.{d.day:02d}"),
    _DAY.map(lambda d: f"{d.year:04d}/{d.month}/{d.day}"),
    _DAY.map(lambda d: f"{d.year:04d}-{d.month}-{d.day:02d}"),
    _DAY.map(lambda d: f"{d.year:04d}.{d.month}.{d.day}"),
    # digits and one separator in any order: shapes strptime refuses, and boundaries between
    # texts a whole-column reading could shift ("2024/1/51" then "999/1/5")
    st.text(alphabet="0123456789/", min_size=5, max_size=11),
    st.text(alphabet="0123456789-", min_size=5, max_size=11),
    st.sampled_from(
        [
            "",
            "2024/1/51",
            "999/1/5",
            "0000/1/1",
            "12024/1/5",
            "2024/123/5",
            "2024/1/5/",
            "2024//15",
            "20240/1/5",
            "2024/1/123",
            "2024/1/005",
            "2023-02-30",
            "2023-13-01",
            "2023-00-10",
            "2023-01-00",
            "2024-1-5",
            "2024/1/5",
            "2024-01-05 ",
            "2024-01/05",
            "2024-01-0x",
            "20240105",
            "45107",
            "１９９９-01-01",
            "2024年01月05日",
            "abcd-ef-gh",
            "#N/A",
            "2024-01-05T00:00",
            "2024/1-5",
            "2024/1/5 ",
            "2024/13/1",
            "2024/2/30",
            "2024/0/10",
            "2024/1/",
            "2024/001/5",
            "２０２４/1/5",
            "1500/1/1",
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_DATE_TEXT, max_size=30))
def test_dates_typed_as_text_are_to_date_on_each_cell(cells):
    # yyyy-mm-dd texts (also / and . between, and 2024/1/5) convert at once: what to_date
    # gives cell by cell, a day that does not exist or one out of range the same message
    _check_dates(cells)


@pytest.mark.parametrize(
    "cells",
    [
        ["2024/1/5", "20240/1/5"],  # a five-digit year: "2024/1/5" twice, by separators alone
        ["2024/1/5", "12024/1/5"],
        ["2024/1/5", "2024/101/5"],  # a three-digit month, a real month by one or two digits
        ["2024/1/5", "2024/1/123"],  # a three-digit day, a real day by one or two digits
        ["2024/1/5", "2024/1/005"],
        ["2024/1/5", "2024/001/5"],
        ["2024/1/5", "2024/1/5/"],
        ["2024/1/15", "999/1/5"],  # the first day runs into the next text's short year
        ["2024-01-051", "999-01-05"],  # ten characters each on average: 2024-01-05, 1999-01-05
        ["2024-01-051", "999-01-05", "2024-01-05"],
        ["2024/12/31", "2024/1/5", "2024/01/05", "2024/10/5", "2024/1/15"],  # all read
    ],
)
def test_a_column_of_date_texts_reads_each_text_on_its_own(cells):
    # the whole-column reading finds each text's separators within that text: a text of
    # another shape is refused as to_date refuses it, not read with its neighbour's digits
    _check_dates(cells)
    _check_dates([*cells, *cells[::-1]])


_YYYYMMDD = st.one_of(
    st.none(),
    _DAY.map(lambda d: d.year * 10_000 + d.month * 100 + d.day),
    _DAY.map(lambda d: float(d.year * 10_000 + d.month * 100 + d.day)),
    st.integers(19_000_101, 21_001_231),  # mostly months or days that do not exist
    st.sampled_from([20240105.5, 45107, 45107.25, 19000100, 21001232, 0]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_YYYYMMDD, max_size=30))
def test_yyyymmdd_numbers_are_to_date_on_each_cell(cells):
    # eight-digit numbers (as Wind exports dates) convert at once: what to_date gives cell by
    # cell; a serial among them, or a month or day that does not exist, the same message
    _check_dates(cells)


def test_long_date_columns_in_every_form_convert_at_once():
    days = pd.date_range("1995-01-02", periods=5000, freq="D")
    forms = {
        "text": days.strftime("%Y-%m-%d").tolist(),
        "text /": days.strftime("%Y/%m/%d").tolist(),
        "text 2024/1/5": [f"{d.year}/{d.month}/{d.day}" for d in days],
        "yyyymmdd": (days.year * 10_000 + days.month * 100 + days.day).tolist(),
        "date": [d.date() for d in days],
    }
    for name, cells in forms.items():
        cells = [*cells[:10], None, *cells[10:]]
        want = pd.DatetimeIndex([*days[:10], pd.NaT, *days[10:]], dtype="datetime64[ns]")
        assert clean._dates_fast(cells) is not None, name
        assert clean.to_dates(cells).equals(want), name
        _check_dates(cells)


@pytest.mark.parametrize(
    ("cell", "number", "unit", "size"),
    [
        ("374.06万手", "374.06", "万手", 1e4 * 100),  # a 手 (lot) is 100 shares
        ("1.02亿手", "1.02", "亿手", 1e8 * 100),
        ("9876手", "9876", "手", 100.0),
        ("2505.55亿", "2505.55", "亿", 1e8),
        ("4567万元", "4567", "万", 1e4),
        ("120万股", "120", "万", 1e4),
    ],
)
def test_chinese_units_of_lots_count_100_shares(
    cell: str, number: str, unit: str, size: float
) -> None:
    assert clean.chinese_unit(cell) == (number, unit)
    assert clean.unit_size(unit) == size


@pytest.mark.parametrize(
    ("header", "unit"),
    [("成交量(手)", "手"), ("成交量(万手)", "万手"), ("成交额(亿元)", "亿"), ("换手率(%)", None),
     ("成交量(股)", None)],
)  # fmt: skip
def test_the_unit_a_header_states(header: str, unit: str | None) -> None:
    assert clean.chinese_unit_in(header) == unit
