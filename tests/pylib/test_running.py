"""Running maxima, minima, products and last values down the columns: the row walk of wide
panels is numpy's accumulate and pandas' ffill, exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fofxl import _running
from fofxl._running import down_columns, forward_filled, last_valid_row


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 40),
    st.integers(1, 12),
    st.sampled_from([np.fmax, np.fmin, np.maximum, np.minimum, np.multiply]),
    st.sampled_from(["float", "int", "fortran"]),
    st.booleans(),
    st.integers(0, 2**32 - 1),
)
def test_down_columns_is_accumulate_exactly(rows, width, ufunc, kind, in_place, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(1.0, 0.1, (rows, width))
    x[rng.random(x.shape) < 0.2] = np.nan
    if kind == "int":
        x = rng.integers(-9, 9, (rows, width))
    elif kind == "fortran":
        x = np.asfortranarray(x)
    expected = ufunc.accumulate(x, axis=0)
    saved = _running.WIDE
    _running.WIDE = 1  # every shape takes the row walk (when C-ordered)
    try:
        copy = x.copy(order="A")
        got = down_columns(ufunc, copy, out=copy if in_place else None)
    finally:
        _running.WIDE = saved
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)
    if in_place:
        assert got is copy


@pytest.mark.parametrize("shape", [(520, 300), (3, 1000), (1, 500), (700, 2)])
def test_down_columns_on_real_shapes(shape):
    x = np.random.default_rng(1).lognormal(0, 0.1, shape)
    x[::7, ::3] = np.nan
    np.testing.assert_array_equal(down_columns(np.fmax, x), np.fmax.accumulate(x, axis=0))
    np.testing.assert_array_equal(down_columns(np.multiply, x), np.cumprod(x, axis=0))


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 30),
    st.integers(1, 12),
    st.floats(0.0, 1.0),
    st.booleans(),
    st.booleans(),
    st.integers(0, 2**32 - 1),
)
def test_forward_filled_is_pandas_ffill(rows, width, blank_share, walk, fortran, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(1.0, 0.1, (rows, width))
    x[rng.random(x.shape) < blank_share] = np.nan
    x = np.asfortranarray(x) if fortran else x
    before = x.copy()
    saved = _running.WIDE
    _running.WIDE = 1 if walk else saved  # the row walk, or the index path
    try:
        got = forward_filled(x)
    finally:
        _running.WIDE = saved
    np.testing.assert_array_equal(got, pd.DataFrame(x).ffill().to_numpy())
    np.testing.assert_array_equal(x, before)  # a new array: the input is left as it was
    # the row of each last value, -1 where a column has none yet
    expected_rows = pd.DataFrame(np.where(np.isnan(x), np.nan, np.arange(rows)[:, None]))
    expected_rows = expected_rows.ffill().fillna(-1).to_numpy(dtype=np.int64)
    np.testing.assert_array_equal(last_valid_row(~np.isnan(x)), expected_rows)


def test_forward_filled_on_a_wide_panel_hand_worked():
    x = np.full((3, 300), np.nan)
    x[0, 0], x[2, 0] = 1.0, 3.0  # column 0: 1, blank, 3 -> 1, 1, 3
    x[1, 299] = 2.0  # last column: blank, 2, blank -> blank, 2, 2
    got = forward_filled(x)
    assert got[:, 0].tolist() == [1.0, 1.0, 3.0]
    assert np.isnan(got[0, 299]) and got[1:, 299].tolist() == [2.0, 2.0]
    assert np.isnan(got[:, 1:299]).all()
