"""What leaves: results as cells (None for undefined, dates as dates, tables with a header)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from fofxl_addin import output


def test_out_cells():
    assert (
        output.out_cell(np.float64(1.5)) == 1.5 and type(output.out_cell(np.float64(1.5))) is float
    )
    assert output.out_cell(np.nan) is None and output.out_cell(pd.NaT) is None
    assert output.out_cell(np.int64(3)) == 3 and type(output.out_cell(np.int64(3))) is int
    assert output.out_cell(np.bool_(True)) is True
    assert output.out_cell(pd.Timestamp("2024-01-05")) == dt.datetime(2024, 1, 5)
    assert output.out_cell(np.datetime64("2024-01-05")) == dt.datetime(2024, 1, 5)
    assert output.out_cell(None) is None and output.out_cell("x") == "x"


def test_table_has_a_header_and_dates_as_dates():
    frame = pd.DataFrame(
        {"a": [1.0, np.nan], 2024: [np.nan, 2.0], "when": pd.to_datetime(["2024-01-05", None])},
        index=pd.to_datetime(["2024-01-05", "2024-01-12"]),
    )
    assert output.table(frame, index="date") == [
        ["date", "a", 2024, "when"],
        [dt.datetime(2024, 1, 5), 1.0, None, dt.datetime(2024, 1, 5)],
        [dt.datetime(2024, 1, 12), None, 2.0, None],
    ]
    assert output.table(frame[["a"]]) == [["a"], [1.0], [None]]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.text(max_size=3), st.floats(allow_nan=True, allow_infinity=True)),
        min_size=1,
        max_size=24,
    )
)
def test_label_arrays_leave_as_out_cell_gives_each_cell(cells):
    # the whole-array path for text results (regime labels) against out_cell on each cell
    values = np.array(cells + [None] * (len(cells) % 2), dtype=object).reshape(-1, 2)
    got = output.out_array(values).tolist()
    assert got == [[output.out_cell(v) for v in row] for row in values.tolist()]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=24),
    st.booleans(),
)
def test_number_arrays_leave_as_out_cell_gives_each_cell(cells, fortran):
    # the whole-array path for numbers: floats as Python floats, NaN and inf as None
    values = np.array(cells + [0.5] * (len(cells) % 2)).reshape(-1, 2)
    values = np.asfortranarray(values) if fortran else values
    got = output.out_array(values).tolist()
    assert got == [[output.out_cell(v) for v in row] for row in values.tolist()]
    assert {type(v) for row in got for v in row} <= {float, type(None)}


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.floats(-9.0, 9.0), st.floats(allow_nan=True, allow_infinity=True)),
        min_size=2,
        max_size=40,
    ),
    st.lists(st.sampled_from([False] * 15 + [True]), min_size=40, max_size=40),
    st.sampled_from(["f", "O"]),
)
def test_rows_leave_as_out_array_gives_them_with_blanks(cells, blanks, kind):
    # the tolist-then-fix path (few undefined cells) and the object path give the same rows
    values = np.array(cells[: len(cells) // 2 * 2], dtype=float).reshape(-1, 2)
    if kind == "O":
        values = np.where(values > 0, "up", None).astype(object)
    blank = np.array(blanks[: values.size]).reshape(values.shape)
    expected = output.out_array(values)
    expected[blank] = None
    got = output.out_rows(values, blank)
    assert got == expected.tolist()
    assert all(type(v) in (float, str, type(None)) for row in got for v in row)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(0, 5),
    st.integers(0, 4),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=20, max_size=20),
    st.lists(st.one_of(st.none(), st.integers(0, 400)), min_size=5, max_size=5),
    st.booleans(),
)
def test_tables_are_out_cell_on_each_value(height, width, numbers, days, with_index):
    # the whole-block path of a numbers-only table, and the column path of a table with
    # dates, give out_cell of each value under the header (the index first when asked)
    values = np.array(numbers[: height * width], dtype=float).reshape(height, width)
    frame = pd.DataFrame(values, columns=[f"c{j}" for j in range(width)])
    frame.index = pd.DatetimeIndex(
        [None if d is None else pd.Timestamp("2024-01-01") + pd.Timedelta(days=d) for d in days]
    )[:height]
    mixed = frame.assign(when=frame.index)
    for table in (frame, mixed):
        want = [[output.out_cell(v) for v in row] for row in table.astype(object).to_numpy()]
        header = [str(c) for c in table.columns]
        if with_index:
            header = ["date", *header]
            want = [[output.out_cell(d), *row] for d, row in zip(table.index, want, strict=True)]
        assert output.table(table, index="date" if with_index else None) == [header, *want]
