"""API conventions of pylib, checked across modules (the rules are in fofxl._types):

* aligned outputs (one value per observation) are on the cleaned dates: sorted, rows blank in
  every column dropped, named "date";
* a Series in gives a Series out, a DataFrame in gives a DataFrame out (one column per input
  column), each column computed over its own observations exactly as the Series alone;
* public functions are typed (no ``-> Any``).
"""

from __future__ import annotations

import inspect
import math

import numpy as np
import pandas as pd
import pytest

from fofxl import (
    buckets,
    composite,
    drawdowns,
    excess,
    indicators,
    percentiles,
    performance,
    regime_table,
    regimes,
    resample,
    returns,
    snapshot,
)

NAN = math.nan


def _messy_series() -> pd.Series:
    """Unsorted dates, a blank row, no index name."""
    index = pd.to_datetime(
        ["2024-01-05", "2024-01-02", "2024-01-03", "2024-01-01", "2024-01-04", "2024-01-08"]
    )
    return pd.Series([1.05, 1.01, NAN, 1.00, 0.98, 1.07], index=index, name="fund")


def _messy_frame() -> pd.DataFrame:
    """Unsorted dates, one row blank everywhere, each column with its own blanks."""
    rng = np.random.default_rng(3)
    index = pd.bdate_range("2023-01-02", periods=120)[rng.permutation(120)]
    data = np.cumprod(1 + rng.normal(0.0005, 0.01, (120, 3)), axis=0)
    data[rng.random((120, 3)) < 0.15] = NAN
    data[7] = NAN  # blank in every column
    data[:20, 2] = NAN  # a late starter
    return pd.DataFrame(data, index=index, columns=["a", "b", "c"])


def _cleaned(x: pd.Series | pd.DataFrame) -> pd.DatetimeIndex:
    kept = x.notna() if isinstance(x, pd.Series) else x.notna().any(axis=1)
    return pd.DatetimeIndex(x.index[kept.to_numpy()]).sort_values().rename("date")


ALIGNED = {
    "drawdown": drawdowns.drawdown,
    "rolling_max_drawdown": lambda x: drawdowns.rolling_max_drawdown(x, 2),
    "rolling_percentile": lambda x: percentiles.rolling_percentile(x, 2),
    "regime_labels": lambda x: regimes.regime_labels(percentiles.rolling_percentile(x, 2)),
    "realized_volatility": lambda x: indicators.realized_volatility(x, 2),
    "simple_returns": returns.simple_returns,
    "excess_nav": lambda x: excess.excess_nav(x, _messy_series().dropna() * 0 + 1.0),
    "amplitude": lambda x: indicators.amplitude(x * 1.01, x * 0.99, x),
}


@pytest.mark.parametrize("name", list(ALIGNED))
@pytest.mark.parametrize("make", [_messy_series, _messy_frame])
def test_aligned_outputs_are_on_the_cleaned_dates(name, make):
    data = make()
    if name == "excess_nav" and isinstance(data, pd.DataFrame):
        data = data.loc[data.index.isin(_messy_series().index)]
    out = ALIGNED[name](data)
    assert out.index.equals(_cleaned(data)), name
    if isinstance(data, pd.DataFrame):
        assert isinstance(out, pd.DataFrame) and list(out.columns) == list(data.columns)
    else:
        assert isinstance(out, pd.Series)


def test_a_panel_equals_each_column_alone():
    frame = _messy_frame()
    for function in (
        lambda x: indicators.realized_volatility(x, 5),
        lambda x: indicators.realized_volatility(x, 5, periods_per_year=None),
        lambda x: indicators.amplitude(x * 1.02, x * 0.97, x),
        drawdowns.drawdown,
        lambda x: percentiles.rolling_percentile(x, "1M"),
    ):
        panel = function(frame)
        for column in frame.columns:
            alone = function(frame[column].dropna())
            pd.testing.assert_series_equal(
                panel[column].dropna(), alone.dropna(), check_names=False, check_freq=False
            )
            assert panel[column][~panel.index.isin(alone.index)].isna().all()


@pytest.mark.parametrize("metric", performance.DEFAULT_METRICS + ("ann_vol", "n", "pos_share"))
@pytest.mark.parametrize("window", [(None, None), ("2023-02-15", "2023-05-31")])
def test_stat_of_a_panel_is_the_stat_of_each_column(metric, window):
    frame = _messy_frame()
    out = performance.stat(frame, metric, *window)
    assert isinstance(out, pd.Series) and out.name == metric
    assert list(out.index) == list(frame.columns)
    for column in frame.columns:
        alone = performance.stat(frame[column], metric, *window)
        assert isinstance(alone, float)
        assert out[column] == pytest.approx(alone, rel=1e-12, nan_ok=True), column
    empty = performance.stat(frame, metric, "2030-01-01", "2030-12-31")
    assert list(empty) == ([0.0] * 3 if metric == "n" else [pytest.approx(NAN, nan_ok=True)] * 3)


@pytest.mark.parametrize(
    "metric",
    ["sortino", "var_95", "cvar_95", "ulcer", "max_dd_days", "skew", "beta", "tracking_error"],
)
def test_stat_of_a_panel_is_the_stat_of_each_column_catalogue(metric):
    frame = _messy_frame()
    bench = frame["a"].dropna().sort_index() * 0.9 + 0.1
    out = performance.stat(frame, metric, "2023-02-15", None, 0.02, None, bench)
    for column in frame.columns:
        alone = performance.stat(frame[column], metric, "2023-02-15", None, 0.02, None, bench)
        assert out[column] == pytest.approx(alone, rel=1e-12, nan_ok=True), column


def test_drawdown_episodes_of_a_panel():
    frame = _messy_frame()
    table = drawdowns.drawdown_episodes(frame, 3)
    pd.testing.assert_frame_equal(table, drawdowns.drawdown_episodes_panel(frame, 3))
    for column in frame.columns:
        alone = drawdowns.drawdown_episodes(frame[column], 3)
        mine = table[table["series"] == column].drop(columns=["series", "rank"])
        pd.testing.assert_frame_equal(
            mine.reset_index(drop=True), alone.reset_index(drop=True), check_dtype=False
        )


def test_amplitude_panel_needs_the_same_columns():
    frame = _messy_frame()
    with pytest.raises(Exception, match="lows has the columns"):
        indicators.amplitude(frame, frame[["a", "b"]], frame)


MODULES = (
    buckets,
    composite,
    drawdowns,
    excess,
    indicators,
    percentiles,
    performance,
    regime_table,
    regimes,
    resample,
    returns,
    snapshot,
)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_public_functions_are_typed(module):
    for name in module.__all__:
        function = getattr(module, name)
        if not inspect.isfunction(function):
            continue
        annotation = inspect.signature(function).return_annotation
        assert annotation is not inspect.Signature.empty, name
        assert annotation not in ("Any", "typing.Any"), f"{module.__name__}.{name} -> Any"
