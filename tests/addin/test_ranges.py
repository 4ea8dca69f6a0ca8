"""Range arguments: what arrives, header rows, orientation, the pylib inputs."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fofxl import InputError
from fofxl_addin import ranges


def test_grid_shapes():
    assert ranges.grid(None) == []
    assert ranges.grid([]) == []
    assert ranges.grid(3.0) == [[3.0]]
    assert ranges.grid([1, 2]) == [[1], [2]]  # a flat list is a column
    assert ranges.grid([[1, 2], [3, 4]]) == [[1, 2], [3, 4]]
    assert ranges.grid(((1,), (2,))) == [(1,), (2,)]
    assert ranges.grid(np.array([1.0, 2.0])) == [[1.0], [2.0]]
    assert ranges.grid(pd.Series([1.0, 2.0])) == [[1.0], [2.0]]
    assert ranges.grid(pd.DataFrame({"a": [1.0], "b": [2.0]})) == [[1.0, 2.0]]
    with pytest.raises(InputError, match="rows of different lengths"):
        ranges.grid([[1, 2], [3]])


def test_office_js_cell_values_become_plain_values():
    na = {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}
    div0 = {"type": "Error", "errorType": "Div0"}
    number = {"type": "Double", "basicValue": 1.5}
    date = {"type": "FormattedNumber", "basicValue": 45107.0, "numberFormat": "yyyy-mm-dd"}
    assert ranges.grid([[na, div0], [number, date]]) == [["#N/A", "#DIV/0!"], [1.5, 45107.0]]


@pytest.mark.parametrize(
    ("first", "header"),
    [
        ("date", True),
        ("日期", True),
        ("Date ", True),
        ("2023-06-30", False),  # a date as text is data
        ("45107", False),  # a serial as text too
        ("#N/A", False),  # blank
        ("#REF!", False),  # an error: reported with its row, not taken as a header
        ("", False),
        (None, False),
        (dt.datetime(2023, 6, 30), False),
        (45107.0, False),
    ],
)
def test_header_rule_for_dates(first, header):
    data = ranges.read_dates([[first], [dt.datetime(2023, 7, 7)]]) if header else None
    if header:
        assert data.layout.header and list(data.dates) == [pd.Timestamp("2023-07-07")]
    else:
        assert not ranges._is_header(first, of_dates=True)


def test_header_names_label_the_output_and_rows_count_the_header():
    dates = [["date"], [dt.datetime(2024, 1, 5)], [None], [dt.datetime(2024, 1, 12)]]
    values = [["alpha", None], [1.0, 2.0], [None, None], [1.1, "x"]]
    with pytest.raises(InputError, match=r"^values \(values 2\): row 4 is the text 'x'"):
        ranges.read_dated(dates, values)
    values[3][1] = 2.2
    data = ranges.read_dated(dates, values)
    assert data.names == ["alpha", "values 2"]
    assert data.layout == ranges.Layout(header=True, by_row=False)
    assert data.frame.shape == (2, 2)
    assert data.aligned(data.frame) == [["alpha", "values 2"], [1.0, 2.0], [None, None], [1.1, 2.2]]


@pytest.mark.parametrize("wide", [False, True])
def test_a_blank_corner_over_dates_beside_fund_names_is_a_header_row(wide):
    # a wide export leaves the cell above the dates blank: the names beside it still head
    # the columns (a panel of 20 funds is kept as rows; 2 funds are split into columns)
    width = 20 if wide else 2
    funds = [f"宁泉T0{j}号" for j in range(width)]
    days = [dt.datetime(2024, 1, 5), dt.datetime(2024, 1, 12)]
    dates = [[None], *[[d] for d in days]]
    values = [funds, [1.0] * width, [1.1] * width]
    data = ranges.read_dated(dates, values)
    assert data.names == funds and data.layout.header
    assert data.frame.index.tolist() == days and (data.frame.iloc[-1] == 1.1).all()
    assert data.aligned(data.frame)[0] == funds
    # numbers beside the blank corner are data (a value without its date), and a number
    # among the names keeps the row as data too (its text is then reported)
    with pytest.raises(InputError, match="row 1 is blank but values has a value there"):
        ranges.read_dated(dates, [[0.9] * width, *values[1:]])
    with pytest.raises(InputError, match="row 1 is the text"):
        ranges.read_dated(dates, [[*funds[:-1], 1.5], *values[1:]])


def test_duplicate_header_names_are_made_unique():
    data = ranges.read_dated([["d"], [45107.0]], [["a", "a", ""], [1.0, 2.0, 3.0]])
    assert data.names == ["a", "a (2)", "values 3"]


def test_rows_run_along_a_row_in_and_out():
    dates = [["date", dt.datetime(2024, 1, 5), dt.datetime(2024, 1, 3), None]]
    values = [["nav", 2.0, 1.0, None]]
    data = ranges.read_dated(dates, values)
    assert data.layout.by_row and data.layout.header
    assert list(data.frame.index) == [pd.Timestamp("2024-01-03"), pd.Timestamp("2024-01-05")]
    assert data.aligned(data.frame * 10) == [["nav", 20.0, 10.0, None]]


def test_a_row_of_values_beside_a_column_of_dates_is_turned():
    dates = [[45292.0], [45293.0], [45294.0]]
    data = ranges.read_dated(dates, [[1.0, 2.0, 3.0]])
    assert data.frame.iloc[:, 0].tolist() == [1.0, 2.0, 3.0]
    assert not data.layout.by_row


def test_value_without_a_date_is_an_error_not_dropped():
    with pytest.raises(InputError, match=r"^dates: row 2 is blank but values has a value"):
        ranges.read_dated([[45292.0], [None]], [[1.0], [2.0]])


def test_empty_and_mismatched_ranges():
    with pytest.raises(InputError, match="^dates is empty"):
        ranges.read_dated(None, [[1.0]])
    with pytest.raises(InputError, match="^dates has 2 columns"):
        ranges.read_dated([[45292.0, 45293.0], [45294.0, 45295.0]], [[1.0], [2.0]])
    with pytest.raises(InputError, match="^dates has 2 rows but values has 3"):
        ranges.read_dated([[45292.0], [45293.0]], [[1.0], [2.0], [3.0]])


def test_undated_ranges_and_positions():
    data = ranges.read_undated({"highs": [["h"], [2.0], [None]], "lows": [["l"], [1.0], [0.5]]})
    assert data.layout.header and data.first_row == 2
    assert data.names == {"highs": ["h"], "lows": ["l"]}
    assert data.numbers("highs")[:, 0].tolist()[0] == 2.0
    assert list(data.positions) == [pd.Timestamp("1700-01-01"), pd.Timestamp("1700-01-02")]
    assert data.series("lows").tolist() == [1.0, 0.5]
    error = InputError("highs: on 1700-01-02 the high 1 is below the low 2; check it.")
    assert str(data.rows_in(error)) == "highs: in row 3 the high 1 is below the low 2; check it."
    assert data.texts("highs")[:, 0].tolist() == ["2", None]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 40), min_size=1, max_size=15, unique=True),
    st.lists(st.one_of(st.none(), st.integers(-5, 45)), max_size=20),
    st.sampled_from(["float", "object", "bool", "int"]),
)
def test_results_go_back_on_the_input_dates_as_reindex_puts_them(days, wanted, kind):
    # the binary-search path of Dated.aligned against pandas' reindex (any result dtype)
    index = pd.DatetimeIndex(
        sorted(pd.Timestamp("2024-01-01") + pd.Timedelta(days=d) for d in days)
    )
    column = {
        "float": [d / 3 for d in range(len(index))],
        "object": [f"x{d}" for d in range(len(index))],
        "bool": [d % 2 == 0 for d in range(len(index))],
        "int": list(range(len(index))),
    }[kind]
    frame = pd.DataFrame({"a": column, "b": column}, index=index)
    dates = pd.DatetimeIndex(
        [None if d is None else pd.Timestamp("2024-01-01") + pd.Timedelta(days=d) for d in wanted]
    )
    got = ranges._on_dates(frame, dates)
    expected = frame.reindex(dates).to_numpy()
    assert got.dtype == expected.dtype
    assert pd.DataFrame(got).equals(pd.DataFrame(expected))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.integers(0, 30)), min_size=1, max_size=25),
    st.lists(st.one_of(st.none(), st.floats(0.5, 2.0)), min_size=25, max_size=25),
    st.booleans(),
    st.integers(0, 3),
)
def test_aligned_puts_each_result_back_on_its_input_row(days, navs, sort, drop):
    # the straight scatter (input rows in date order, result on the cleaned dates) and the
    # by-date placement both give pandas' reindex of the result on the input dates
    days = [d for d in dict.fromkeys(days)]  # unique dates (duplicates are refused)
    if sort:
        days = sorted(days, key=lambda d: (d is None, d))
    base = dt.datetime(2024, 1, 1)
    dates = [[None if d is None else base + dt.timedelta(days=d)] for d in days]
    values = [[v] for v in navs[: len(days)]]
    try:
        data = ranges.read_dated(dates, values, values_name="navs", kind="nav")
    except InputError:
        return  # no value, or a value without a date: refused, not placed
    result = data.frame.iloc[drop:] * 2.0  # a result on the cleaned dates, or on fewer
    got = data.aligned(result)
    expected = result.reindex(data.dates).to_numpy().astype(object)
    expected[~np.isfinite(expected.astype(float))] = None
    expected[~data.present] = None
    # the blank rows the input ends with are not read, and come back blank
    tail = [[None] * expected.shape[1] for _ in range(data.layout.trailing)]
    assert len(got) == len(days)
    assert got == expected.tolist() + tail
    # a label result (object dtype, as FOF_REGIME gives) lands on the same rows, blank as None
    labels = result.map(lambda v: "high" if v > 3 else None).astype(object)
    want = labels.reindex(data.dates).to_numpy().copy()
    want[pd.isna(want) | ~data.present] = None
    assert data.aligned(labels) == want.tolist() + tail
    if sort:  # rows in date order: the scatter path was the one taken
        assert data.rows is not None


def test_office_js_cell_values_in_columns_are_read_as_their_values():
    na = {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}
    div0 = {"type": "Error", "errorType": "Div0"}
    serial = {"type": "FormattedNumber", "basicValue": 45107.0, "numberFormat": "yyyy-mm-dd"}
    data = ranges.read_dated(
        [["date"], [serial], [45108.0], [45109.0]],
        [["nav"], [{"type": "Double", "basicValue": 1.5}], [na], [1.6]],
        kind="nav",
    )
    assert list(data.frame.index) == [pd.Timestamp("2023-06-30"), pd.Timestamp("2023-07-02")]
    assert data.frame["nav"].tolist() == [1.5, 1.6]
    with pytest.raises(InputError, match=r"values.*row 3.*#DIV/0!"):
        ranges.read_dated([["date"], [45107.0], [45108.0]], [["nav"], [1.0], [div0]])
    undated = ranges.read_undated(
        {
            "values": [[1.0], [na], [{"type": "Double", "basicValue": 2.0}]],
            "labels": [["a"], [{"type": "String", "basicValue": "b"}], [na]],
        }
    )
    assert np.array_equal(undated.numbers("values")[:, 0], [1.0, np.nan, 2.0], equal_nan=True)
    assert undated.texts("labels")[:, 0].tolist() == ["a", "b", None]


def test_ragged_or_mixed_rows_are_refused_through_the_column_split():
    dates = [[dt.datetime(2024, 1, 5)], [dt.datetime(2024, 1, 12)]]
    with pytest.raises(InputError, match="rows of different lengths"):
        ranges.read_dated(dates, [[1.0], [1.1, 1.2]])
    with pytest.raises(InputError, match="mixes rows and single cells"):
        ranges.read_dated(dates, [[1.0], 1.1])
    with pytest.raises(InputError, match="rows of different lengths"):
        ranges.read_dated([[dt.datetime(2024, 1, 5)], []], [[1.0], [1.1]])


_GRID_CELL = st.one_of(st.none(), st.floats(allow_nan=False), st.text(max_size=2))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.lists(_GRID_CELL, min_size=1, max_size=1),
            st.lists(_GRID_CELL, min_size=1, max_size=3),
            _GRID_CELL,
        ),
        min_size=1,
        max_size=12,
    )
)
def test_columns_of_a_list_of_rows_are_those_of_its_grid(rows):
    # the one-column shortcut and the general split give grid's columns, or grid's error
    # (rows of different lengths, rows mixed with single cells) for a range that is not a
    # rectangle
    try:
        expected = [list(column) for column in zip(*ranges.grid(rows), strict=True)]
    except InputError as exc:
        expected = str(exc)
    try:
        got = ranges._grid_columns(rows)
    except InputError as exc:
        got = str(exc)
    if isinstance(expected, str) and isinstance(got, list):
        # a single cell that reads like a row (a text as long as the rows: "ab" beside rows of
        # two cells) is read as that row, by the shortcut as by the general split before it
        width = len(rows[0])
        assert all(
            isinstance(row, list) or (isinstance(row, str) and len(row) == width) for row in rows
        )
        return
    assert got == expected


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 6),
    st.booleans(),
    st.lists(
        st.one_of(
            st.none(),
            st.floats(0.5, 2.0),
            st.sampled_from(["x", "#N/A", {"type": "Double", "basicValue": 1.25}]),
        ),
        min_size=6 * 20,
        max_size=6 * 20,
    ),
)
def test_a_wide_panel_kept_as_rows_reads_as_its_columns_do(height, header, cells):
    # a panel of 20 funds (wide: kept as rows, converted in one pass) reads exactly as the
    # same panel split into columns: frame, names, present cells, results, or the message
    width = 20
    base = dt.datetime(2024, 1, 1)
    dates = [[base + dt.timedelta(days=7 * i)] for i in range(height)]
    navs = [cells[i * width : (i + 1) * width] for i in range(height)]
    if header:
        dates = [["date"], *dates]
        navs = [[f"F{j}" for j in range(width)], *navs]

    def read(wide: int):
        saved = ranges._WIDE
        ranges._WIDE = wide
        try:
            data = ranges.read_dated(dates, navs, values_name="navs", kind="nav")
            return data, data.aligned(data.frame * 2.0)
        except InputError as exc:
            return str(exc), None
        finally:
            ranges._WIDE = saved

    rows_data, rows_out = read(width)  # kept as rows
    cols_data, cols_out = read(width + 1)  # split into columns
    assert isinstance(ranges._grid_columns(navs), ranges._Rows)
    if isinstance(cols_data, str):
        assert rows_data == cols_data
        return
    assert not isinstance(rows_data, str)
    pd.testing.assert_frame_equal(rows_data.frame, cols_data.frame)
    assert rows_data.names == cols_data.names
    assert np.array_equal(rows_data.present, cols_data.present)
    assert rows_out == cols_out


def test_a_wide_panel_reads_like_a_list_of_its_columns():
    rows = [[float(10 * i + j) for j in range(20)] for i in range(3)]
    panel = ranges._grid_columns(rows)
    columns = [[float(10 * i + j) for i in range(3)] for j in range(20)]
    assert isinstance(panel, ranges._Rows)
    assert len(panel) == 20 and panel[3] == columns[3] and panel[-1] == columns[-1]
    assert list(panel) == columns and panel[1:3] == columns[1:3]
    assert panel.first_cells() == rows[0] and list(panel.without_first()) == [
        c[1:] for c in columns
    ]
    with pytest.raises(IndexError):
        panel[20]


def test_a_range_along_a_row_names_its_cells_not_rows():
    import datetime as dt

    from fofxl_addin import udfs

    days = [dt.datetime(2024, 1, 5) + dt.timedelta(weeks=i) for i in range(4)]
    cases = [
        (
            ([["date", *days]], [["F", 1.0, 0.0, 1.1, 1.2]]),
            "navs (F): cell 3 of the row (2024-01-12)",
        ),
        (([["date", *days]], [["F", 1.0, "abc", 1.1, 1.2]]), "navs: cell 3 of the row is the text"),
        (([["date", *days[:2], "xx", days[3]]], [["F", 1, 1, 1, 1]]), "dates: cell 4 of the row"),
        (([["date", *days]], [["F", 1.0, 1.2]]), "dates has 5 cells along its row but navs has 3"),
    ]
    for (dates, navs), said in cases:
        with pytest.raises(Exception, match=re.escape(said)):
            udfs.fof_stat(dates, navs, "n")
    with pytest.raises(Exception, match=re.escape("highs: cell 2 of the row is the text 'x'")):
        udfs.fof_amplitude([[1, "x", 3]], [[1, 1, 1]], [[1, 1, 1]])
    with pytest.raises(Exception, match=re.escape("in cell 3 of the row the high 3 is below")):
        udfs.fof_amplitude([[1, 2, 3]], [[1, 1, 5]], [[1, 1, 1]])
    # down a column, rows stay rows
    column = [["date"]] + [[d] for d in days]
    with pytest.raises(Exception, match=re.escape("navs (F): row 3 (2024-01-12) is 0")):
        udfs.fof_stat(column, [["F"], [1.0], [0.0], [1.1], [1.2]], "n")
