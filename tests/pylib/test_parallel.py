"""Column halves in two threads: every column once, errors raised, small blocks in one call."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fofxl import _parallel, drawdowns
from fofxl.drawdowns import drawdown, max_drawdown


def test_halves_cover_every_column_once():
    seen: list[tuple[int, int]] = []
    _parallel.by_halves(lambda a, b: seen.append((a, b)), 7, _parallel.MIN_CELLS)
    assert sorted(seen) == [(0, 3), (3, 7)]
    seen.clear()
    _parallel.by_halves(lambda a, b: seen.append((a, b)), 7, _parallel.MIN_CELLS - 1)
    assert seen == [(0, 7)]  # small: one call in the calling thread


@pytest.mark.parametrize("failing", [0, 3])
def test_an_error_in_either_half_is_raised(failing):
    def work(a: int, b: int) -> None:
        if a == failing:
            raise ValueError(f"half from {a}")

    with pytest.raises(ValueError, match=f"half from {failing}"):
        _parallel.by_halves(work, 7, _parallel.MIN_CELLS)


def test_big_panel_drawdowns_match_pandas():
    # a panel big enough for two threads: drawdown as pandas computes it, max drawdown as its
    # column minimum; blanks and late starts included
    rng = np.random.default_rng(5)
    rows, cols = 600, 500
    navs = np.exp(np.cumsum(rng.normal(0, 0.02, (rows, cols)), axis=0))
    navs[rng.random((rows, cols)) < 0.02] = np.nan
    navs[: rng.integers(0, 300), 7] = np.nan
    frame = pd.DataFrame(
        navs,
        index=pd.date_range("2015-01-02", periods=rows, freq="W-FRI"),
        columns=[f"f{j}" for j in range(cols)],
    )
    assert frame.size >= _parallel.MIN_CELLS
    expected = frame / frame.cummax() - 1.0
    got = drawdown(frame)
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-15)
    np.testing.assert_allclose(
        max_drawdown(frame).to_numpy(), expected.min().to_numpy(), rtol=0, atol=1e-15
    )
    # a window's max drawdown starts from the last NAV before it (each half adds the base)
    start = frame.index[200]
    base = frame.iloc[:200].ffill().iloc[[-1]]
    path = pd.concat([base, frame.iloc[200:]])
    np.testing.assert_allclose(
        max_drawdown(frame, start=start).to_numpy(),
        (path / path.cummax() - 1.0).min().to_numpy(),
        rtol=0,
        atol=1e-15,
    )
    # a row-ordered panel (read from cells) walks its rows in one part: the same numbers
    rows_first = np.ascontiguousarray(navs)
    np.testing.assert_allclose(
        drawdowns._drawdown(rows_first), expected.to_numpy(), rtol=0, atol=1e-15
    )
    np.testing.assert_allclose(
        drawdowns._span_max_drawdown(rows_first, np.full(cols, np.nan)),
        expected.min().to_numpy(),
        rtol=0,
        atol=1e-15,
    )
