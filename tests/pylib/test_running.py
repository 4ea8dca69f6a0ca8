"""Running maxima, minima and products down the columns: the row walk of wide panels is
numpy's accumulate, exactly."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fofxl import _running
from fofxl._running import down_columns


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
