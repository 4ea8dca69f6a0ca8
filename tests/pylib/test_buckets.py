"""Tests for fofxl.buckets.bucket_stats (SPEC §2 "Bucket statistics", Table 3 layout)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fofxl.buckets import STAT_COLUMNS, bucket_stats
from fofxl.errors import InputError, OptionError

DESCRIBE = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"]


def test_hand_worked_table():
    values = [0.01, -0.02, 0.03, 0.05, 0.00, None, 0.07]
    labels = ["low", "high", "low", "balance", "low", "low", None]
    t = bucket_stats(values, labels)
    assert list(t.index) == ["low", "balance", "high"]
    assert list(t.columns) == list(STAT_COLUMNS)
    # low: 0.01, 0.03, 0.00 (the blank value and the blank label are skipped)
    low = t.loc["low"]
    assert low["count"] == 3
    mean = (0.01 + 0.03 + 0.00) / 3  # 0.013333
    assert low["mean"] == pytest.approx(mean)
    ss = (0.01 - mean) ** 2 + (0.03 - mean) ** 2 + (0.00 - mean) ** 2  # 4.6667e-4
    std = math.sqrt(ss / (3 - 1))  # 0.015275
    assert low["std"] == pytest.approx(std)
    # sorted 0.00, 0.01, 0.03; position q*(n-1): 25% -> 0.5, 50% -> 1, 75% -> 1.5
    assert low["min"] == 0.0
    assert low["25%"] == pytest.approx(0.00 + 0.5 * (0.01 - 0.00))  # 0.005
    assert low["50%"] == pytest.approx(0.01)
    assert low["75%"] == pytest.approx(0.01 + 0.5 * (0.03 - 0.01))  # 0.02
    assert low["max"] == 0.03
    assert low[">0 share"] == pytest.approx(2 / 3)  # 0.00 is not > 0
    assert low["stability"] == pytest.approx(mean / std)  # 0.8729
    # one value: std and stability blank, quartiles = the value
    balance = t.loc["balance"]
    assert balance["count"] == 1 and balance["mean"] == 0.05 and balance["75%"] == 0.05
    assert math.isnan(balance["std"]) and math.isnan(balance["stability"])
    assert t.loc["high", ">0 share"] == 0.0


def test_percentile_inc_four_values():
    # Excel PERCENTILE.INC({1,2,3,4}, 0.25) = 1 + 0.75*(2-1) = 1.75 ; 0.75 -> 3.25
    t = bucket_stats([4.0, 1.0, 3.0, 2.0], ["low"] * 4)
    assert t.loc["low", "25%"] == pytest.approx(1.75)
    assert t.loc["low", "50%"] == pytest.approx(2.5)
    assert t.loc["low", "75%"] == pytest.approx(3.25)


def test_default_rows_always_shown_and_empty_rows_blank():
    t = bucket_stats([0.01, 0.02], ["high", "high"])
    assert list(t.index) == ["low", "balance", "high"]
    assert t.loc["low", "count"] == 0
    assert t.loc["low", list(STAT_COLUMNS[1:])].isna().all()


def test_other_labels_follow_defaults_in_order_of_first_appearance():
    labels = ["zeta", "high", "alpha", "zeta", "low"]
    t = bucket_stats([1.0, 2.0, 3.0, 4.0, 5.0], labels)
    assert list(t.index) == ["low", "balance", "high", "zeta", "alpha"]
    assert t["count"].tolist() == [1, 0, 1, 2, 1]


def test_custom_labels_only_when_no_default_is_used():
    t = bucket_stats([1.0, 2.0, 3.0], ["calm", "storm", "calm"])
    assert list(t.index) == ["calm", "storm"]


def test_order_gives_exactly_those_rows():
    values = [1.0, 2.0, 3.0, 4.0]
    labels = ["low", "high", "mid", "high"]
    t = bucket_stats(values, labels, order="high, low, empty", total=True)
    assert list(t.index) == ["high", "low", "empty", "total"]
    assert t["count"].tolist() == [2, 1, 0, 3]  # "mid" is not listed: left out of total too
    assert t.loc["total", "mean"] == pytest.approx((2.0 + 4.0 + 1.0) / 3)
    assert t.loc["empty"].iloc[1:].isna().all()
    t2 = bucket_stats(values, labels, order=["mid"])
    assert list(t2.index) == ["mid"] and t2.loc["mid", "mean"] == 3.0


def test_order_errors():
    with pytest.raises(OptionError, match="twice"):
        bucket_stats([1.0], ["low"], order="low,high,low")
    with pytest.raises(OptionError, match="names no label"):
        bucket_stats([1.0], ["low"], order=" , ")


def test_total_row_and_counts_add_up():
    rng = np.random.default_rng(7)
    values = rng.normal(size=200)
    values[::17] = np.nan
    labels = rng.choice(np.array(["low", "balance", "high", None], dtype=object), size=200)
    t = bucket_stats(values, labels, total=True)
    labelled = np.array([lab is not None for lab in labels]) & ~np.isnan(values)
    assert t.loc[["low", "balance", "high"], "count"].sum() == labelled.sum()
    assert t.loc["total", "count"] == labelled.sum()
    assert t.loc["total", "mean"] == pytest.approx(values[labelled].mean())
    assert t.loc["total", "50%"] == pytest.approx(np.median(values[labelled]))


def test_pooled_panel_each_product_period_is_one_observation():
    dates = pd.date_range("2024-01-05", periods=3, freq="7D")
    returns = pd.DataFrame(
        {"p1": [0.01, 0.02, np.nan], "p2": [-0.01, 0.03, 0.04]},
        index=dates,
    )
    regimes = pd.DataFrame({"p1": ["low", "high", "high"], "p2": ["low", "high", None]}, dates)
    t = bucket_stats(returns, regimes)
    # low: 0.01, -0.01 ; high: 0.02, 0.03 (p1's third week is blank, p2's has no label)
    assert t["count"].tolist() == [2, 0, 2]
    assert t.loc["low", "mean"] == pytest.approx(0.0)
    assert t.loc["high", "mean"] == pytest.approx(0.025)
    # one label per week for all products (a regime column): broadcast over the columns
    weekly = pd.Series(["low", "high", "high"], index=dates)
    t2 = bucket_stats(returns, weekly)
    # low: 0.01, -0.01 ; high: 0.02, 0.03, 0.04
    assert t2["count"].tolist() == [2, 0, 3]
    assert t2.loc["high", "mean"] == pytest.approx(0.03)
    # the same with plain arrays (what an Excel range gives)
    t3 = bucket_stats(returns.to_numpy().tolist(), [["low"], ["high"], ["high"]])
    pd.testing.assert_frame_equal(t3, t2)


def test_pandas_inputs_are_paired_by_date():
    dates = pd.date_range("2024-01-05", periods=3, freq="7D")
    values = pd.Series([1.0, 2.0, 3.0], index=dates)
    labels = pd.Series(["high", "low", "low"], index=dates[::-1])  # reversed order
    t = bucket_stats(values, labels)
    # by date: 5 Jan -> low (1.0), 12 Jan -> low (2.0), 19 Jan -> high (3.0)
    assert t.loc["low", "mean"] == pytest.approx(1.5)
    assert t.loc["high", "mean"] == 3.0


def test_excel_cells():
    values = [0.01, "", "2%", None, "-0.5%"]
    labels = ["low ", "low", "#N/A", "high", "low"]
    t = bucket_stats(values, labels)
    # "low " is stripped to "low"; "" and None values and the #N/A label are skipped
    assert t.loc["low", "count"] == 2
    assert t.loc["low", "mean"] == pytest.approx((0.01 - 0.005) / 2)
    with pytest.raises(InputError, match="row 2"):
        bucket_stats([0.01, "abc"], ["low", "low"])
    with pytest.raises(InputError, match="#REF!"):
        bucket_stats([0.01, 0.02], ["low", "#REF!"])


def test_shape_mismatch():
    with pytest.raises(InputError, match="same size"):
        bucket_stats([1.0, 2.0, 3.0], ["low", "high"])
    with pytest.raises(InputError, match="same size"):
        bucket_stats([[1.0, 2.0], [3.0, 4.0]], [["a", "b", "c"], ["a", "b", "c"]])


def test_zero_std_gives_blank_stability():
    t = bucket_stats([0.01, 0.01, 0.01], ["low"] * 3)
    assert t.loc["low", "std"] == 0.0
    assert math.isnan(t.loc["low", "stability"])


def test_categorical_labels_same_as_text():
    rng = np.random.default_rng(3)
    values = rng.normal(size=50)
    text = rng.choice(["high", "low", "balance"], size=50)
    by_text = bucket_stats(values, list(text))
    by_cat = bucket_stats(pd.Series(values), pd.Series(text, dtype="category"))
    pd.testing.assert_frame_equal(by_text, by_cat)


@pytest.mark.parametrize(
    "labels",
    [
        np.array([2, 0, 1, 2, 0, 2, 1, 0, 2, 1, 0, 2]),
        np.array([2.0, 0.0, np.nan, 2.0, 0.5, 2.0, 1.0, np.nan, 2.0, 1.0, 0.5, 2.0]),
        np.array([True, False, True, True, False, True, False, False, True, True, False, True]),
        np.array([3, 1, 2, 3, 1, 3, 2, 1, 3, 2, 1, 3], dtype=np.uint8).reshape(12, 1),
    ],
    ids=["int", "float with NaN", "bool", "uint8 column"],
)
def test_number_labels_same_as_the_same_labels_as_cells(labels):
    # numeric label arrays skip the conversion to Python objects: same rows, order and values
    # as the labels given cell by cell (NaN: blank)
    values = np.linspace(-0.05, 0.06, 12)
    cells = labels.ravel().tolist()
    as_cells = [None if isinstance(v, float) and math.isnan(v) else v for v in cells]
    want = bucket_stats(values, as_cells, total=True)
    got = bucket_stats(values, labels, total=True)
    pd.testing.assert_frame_equal(got, want)
    assert [type(name) for name in got.index] == [type(name) for name in want.index]
    frame = bucket_stats(
        pd.DataFrame({"a": values, "b": values[::-1]}),
        pd.DataFrame({"a": labels.ravel(), "b": labels.ravel()[::-1]}),
    )
    pooled = bucket_stats(np.concatenate([values, values[::-1]]), as_cells + as_cells[::-1])
    pd.testing.assert_frame_equal(frame, pooled)


def test_inputs_not_mutated():
    dates = pd.date_range("2024-01-05", periods=4, freq="7D")
    values = pd.DataFrame({"a": [0.3, -0.1, np.nan, 0.2], "b": [0.1, 0.0, 0.5, -0.2]}, dates)
    labels = pd.DataFrame({"a": ["low", "high", "low", None], "b": ["high"] * 4}, dates)
    array = np.array([0.3, -0.1, 0.2, 0.1])
    copies = values.copy(), labels.copy(), array.copy()
    bucket_stats(values, labels, total=True)
    bucket_stats(array, ["low", "high", "low", "low"])
    pd.testing.assert_frame_equal(values, copies[0])
    pd.testing.assert_frame_equal(labels, copies[1])
    np.testing.assert_array_equal(array, copies[2])


_value = st.one_of(st.none(), st.floats(-1, 1, allow_subnormal=False))
_label = st.sampled_from(["low", "balance", "high", None])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_value, _label), min_size=0, max_size=60))
def test_matches_pandas_describe_and_numpy_percentile(pairs):
    values = np.array([np.nan if v is None else v for v, _ in pairs], dtype=float)
    labels = np.array([lab for _, lab in pairs], dtype=object)
    t = bucket_stats(values, labels, total=True)
    keep = np.array([lab is not None for lab in labels], dtype=bool) & ~np.isnan(values)
    frame = pd.DataFrame({"v": values[keep], "l": labels[keep]})
    described = frame.groupby("l")["v"].describe()
    for label in ("low", "balance", "high"):
        row = t.loc[label]
        group = frame.loc[frame["l"] == label, "v"].to_numpy()
        assert row["count"] == group.size
        if group.size == 0:
            assert row.iloc[1:].isna().all()
            continue
        np.testing.assert_allclose(
            row[DESCRIBE].to_numpy(dtype=float),
            described.loc[label, DESCRIBE].to_numpy(dtype=float),
            rtol=1e-9,
            atol=1e-12,
        )
        quartiles = np.percentile(group, [25, 50, 75], method="linear")
        np.testing.assert_allclose(
            row[["25%", "50%", "75%"]].to_numpy(dtype=float), quartiles, rtol=1e-12, atol=1e-15
        )
        assert row[">0 share"] == pytest.approx((group > 0).mean())
    assert t["count"].iloc[:3].sum() == keep.sum() == t.loc["total", "count"]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(-1, 1, allow_subnormal=False), min_size=1, max_size=40),
    st.integers(0, 2**31),
)
def test_pooled_panel_equals_stacked_column(flat, seed):
    # pooling a 2-column panel = describing its cells stacked into one column
    rng = np.random.default_rng(seed)
    values = np.array(flat + flat[: len(flat) % 2], dtype=float).reshape(-1, 2)
    labels = rng.choice(np.array(["low", "balance", "high"], dtype=object), size=values.shape)
    panel = bucket_stats(values, labels)
    stacked = bucket_stats(values.ravel(), labels.ravel())
    pd.testing.assert_frame_equal(panel, stacked)


def test_panel_label_columns_by_name_or_position():
    dates = pd.date_range("2024-01-05", periods=2, freq="7D")
    values = pd.DataFrame({"A": [1.0, 2.0], "B": [3.0, 4.0]}, index=dates)
    by_name = pd.DataFrame({"B": ["high", "high"], "A": ["low", "low"]}, index=dates)
    t = bucket_stats(values, by_name)
    assert t.loc["low", "mean"] == 1.5 and t.loc["high", "mean"] == 3.5
    by_position = pd.DataFrame([["low", "high"], ["low", "high"]], index=dates)
    pd.testing.assert_frame_equal(bucket_stats(values, by_position), t)
    with pytest.raises(InputError, match="one label column per value column"):
        bucket_stats(values, pd.DataFrame({"x": ["low"] * 2, "y": ["low"] * 2, "z": [None] * 2}))
