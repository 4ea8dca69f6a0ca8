"""Tests for fofxl.regimes: regime labels (SPEC §2 "Regime") and fixed buckets (FOF_BUCKET)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fofxl.errors import InputError, OptionError
from fofxl.percentiles import rolling_percentile
from fofxl.regimes import DEFAULT_LABELS, bucket_labels, parse_labels, regime_labels

NAN = math.nan


def _index(n):
    return pd.bdate_range("2024-01-01", periods=n).as_unit("ns")


# --------------------------------------------------------------------------- naive twins


def naive_regime(p, low=0.2, high=0.8, names=DEFAULT_LABELS):
    if p is None or math.isnan(p):
        return None
    if p > high:
        return names[2]
    if p < low:
        return names[0]
    return names[1]


def naive_bucket(v, breaks, names):
    """SPEC §3 FOF_BUCKET, written out: k + 1 names -> (-inf, b1), [b1, b2), ..., [bk, +inf);
    k - 1 names -> [b1, b2), ..., [bk-1, bk] (closed), blank outside."""
    if v is None or math.isnan(v):
        return None
    k = len(breaks)
    if len(names) == k + 1:
        edges = [-math.inf, *breaks, math.inf]
        for i in range(k + 1):
            if edges[i] <= v < edges[i + 1]:
                return names[i]
    assert len(names) == k - 1
    for i in range(k - 1):
        last = i == k - 2
        if breaks[i] <= v < breaks[i + 1] or (last and v == breaks[i + 1]):
            return names[i]
    return None


# --------------------------------------------------------------------------- parse_labels


def test_parse_labels_text_and_ranges():
    assert parse_labels("low,balance,high", 3) == ("low", "balance", "high")
    assert parse_labels(" calm , normal,stressed ", 3) == ("calm", "normal", "stressed")
    assert parse_labels("低，平衡，高", 3) == ("低", "平衡", "高")  # full-width commas
    assert parse_labels(["a", "b"], 2) == ("a", "b")
    assert parse_labels([["a"], ["b"], ["c"]], 3) == ("a", "b", "c")  # a column range
    assert parse_labels([["a", "b", "c"]], 3) == ("a", "b", "c")  # a row range
    assert parse_labels(np.array(["x", "y", "z"]), 3) == ("x", "y", "z")
    assert parse_labels([1.0, 2, "3"], 3) == ("1", "2", "3")  # numbers as label text
    assert parse_labels(None, 3) == DEFAULT_LABELS
    assert parse_labels("", 3) == DEFAULT_LABELS


@pytest.mark.parametrize(
    ("labels", "n", "message"),
    [
        ("a,b", 3, "labels has 2 names \\(a, b\\) where 3 are needed"),
        ("a,b,c,d", 3, "labels has 4 names"),
        ("a,,c", 3, "labels: name 2 is empty"),
        (["a", None, "c"], 3, "labels: name 2 is empty"),
        ("a,b,a", 3, "labels repeats 'a'"),
        (None, 2, "labels is empty; give 2 names"),
        (["a", "#REF!", "c"], 3, "Excel error #REF!"),
    ],
)
def test_parse_labels_errors(labels, n, message):
    with pytest.raises(OptionError, match=message):
        parse_labels(labels, n)


# --------------------------------------------------------------------------- regime_labels


def test_regime_boundaries_are_balance():
    pct = pd.Series([0.0, 0.1999, 0.2, 0.5, 0.8, 0.8001, 1.0, NAN], index=_index(8), name="vol")
    before = pct.copy()
    out = regime_labels(pct)
    # < 0.2 low; 0.2 ≤ p ≤ 0.8 balance (both boundaries); > 0.8 high; blank -> None
    assert out.tolist() == [
        "low", "low", "balance", "balance", "balance", "high", "high", None
    ]  # fmt: skip
    assert out.dtype == object and out.name == "vol" and out.index.equals(pct.index)
    pd.testing.assert_series_equal(pct, before)


def test_regime_on_exact_percentiles_from_a_window():
    # window of 6 values, inc: pct = #below / 5, so 1/5 = 0.2 and 4/5 = 0.8 exactly
    values = pd.Series([10.0, 20, 30, 40, 50, 60, 11, 59, 61, 0], index=_index(10))
    pct = rolling_percentile(values, 6)
    # row 6, x=11, window [20,30,40,50,60,11]: 0 below -> 0 (low)
    # row 7, x=59, window [30,40,50,60,11,59]: 4 below (30,40,50,11) -> 4/5 = 0.8 (balance)
    # row 8, x=61, window [40,50,60,11,59,61]: 5 below -> 1 (high)
    # row 9, x=0: 0 below -> 0 (low); row 5, x=60 in [10..60]: 5/5 -> high
    assert pct.iloc[7] == 0.8
    assert regime_labels(pct).tolist() == [None] * 5 + ["high", "low", "balance", "high", "low"]
    # 1/5 = 0.2 exactly is balance as well
    assert regime_labels(pd.Series([1 / 5])).tolist() == ["balance"]


def test_regime_custom_thresholds_labels_and_panel():
    frame = pd.DataFrame({"a": [0.05, 0.5, 0.95], "b": [NAN, 0.3, 0.7]}, index=_index(3))
    out = regime_labels(frame, low=0.3, high=0.7, labels="cold,mild,hot")
    # a: 0.05 < 0.3 cold; 0.5 mild; 0.95 > 0.7 hot. b: blank; 0.3 and 0.7 are boundaries: mild
    expected = pd.DataFrame(
        {"a": ["cold", "mild", "hot"], "b": [None, "mild", "mild"]}, index=frame.index, dtype=object
    )
    pd.testing.assert_frame_equal(out, expected)
    # low == high: only that exact value is balance
    assert regime_labels(pd.Series([0.4, 0.5, 0.6]), 0.5, 0.5).tolist() == [
        "low",
        "balance",
        "high",
    ]
    # numeric text thresholds ("20%") and percent cells
    assert regime_labels(pd.Series([0.1, 0.9]), "20%", "0.8").tolist() == ["low", "high"]
    # an empty threshold means the default
    assert regime_labels(pd.Series([0.19, 0.81]), None, "").tolist() == ["low", "high"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"low": 20}, "low=20 is outside \\[0, 1\\]; thresholds are fractions: try 0.2"),
        ({"high": 80}, "high=80 is outside \\[0, 1\\]; thresholds are fractions: try 0.8"),
        ({"low": -0.1}, "low=-0.1 is outside \\[0, 1\\]"),
        ({"high": 1.5}, "high=1.5 is outside \\[0, 1\\]; thresholds are fractions: try 0.015"),
        ({"low": 0.9}, "low=0.9 is above high=0.8"),
        ({"low": "x"}, "low='x' is not a number"),
        ({"high": True}, "high=True is not a number"),
        ({"labels": "a,b"}, "labels has 2 names"),
        ({"labels": ["up", "up", "down"]}, "labels repeats 'up'"),
    ],
)
def test_regime_option_errors(options, message):
    with pytest.raises(OptionError, match=message):
        regime_labels(pd.Series([0.5]), **options)


def test_regime_bad_pct_text():
    with pytest.raises(InputError, match="not a number"):
        regime_labels(pd.Series(["0.5", "abc"]))
    assert regime_labels(pd.Series(["0.5", "", None])).tolist() == ["balance", None, None]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.floats(0, 1), st.just(NAN), st.sampled_from([0.2, 0.8])), max_size=30),
    st.floats(0, 1),
    st.floats(0, 1),
)
def test_regime_matches_naive(values, a, b):
    low, high = min(a, b), max(a, b)
    pct = pd.Series(values, index=_index(len(values)), dtype=float)
    out = regime_labels(pct, low, high, ["L", "B", "H"])
    assert out.index.equals(pct.index)
    assert out.tolist() == [naive_regime(p, low, high, ("L", "B", "H")) for p in values]
    assert set(out.dropna()) <= {"L", "B", "H"}


# --------------------------------------------------------------------------- bucket_labels


def test_bucket_hand_worked_edges():
    values = pd.Series([-0.01, 0.0, 0.005, 0.01, 0.0199, 0.02, 0.03, NAN], index=_index(8))
    before = values.copy()
    out = bucket_labels(values, [0, 0.01, 0.02])
    # 3 breaks, 4 buckets; a value equal to a break goes up (numpy.digitize)
    assert out.tolist() == [
        "(-inf, 0)", "[0, 0.01)", "[0, 0.01)", "[0.01, 0.02)", "[0.01, 0.02)", "[0.02, +inf)",
        "[0.02, +inf)", None,
    ]  # fmt: skip
    assert out.index.equals(values.index) and out.dtype == object
    pd.testing.assert_series_equal(values, before)
    names = ["below", "low", "mid", "above"]
    codes = np.digitize(values.dropna().to_numpy(), [0, 0.01, 0.02])
    assert bucket_labels(values, [0, 0.01, 0.02], names).dropna().tolist() == [
        names[c] for c in codes
    ]


def test_bucket_k_minus_one_labels_use_the_outer_breaks_as_edges():
    values = np.array([-0.01, 0.0, 0.005, 0.01, 0.0199, 0.02, 0.03, NAN])
    out = bucket_labels(values, [0, 0.01, 0.02], "low,high")
    # [0, 0.01), [0.01, 0.02]: 0.02 is in the last (closed) bucket, like numpy.histogram
    assert out.tolist() == [None, "low", "low", "high", "high", "high", None, None]
    counts, _ = np.histogram(values[~np.isnan(values)], bins=[0, 0.01, 0.02])
    assert [int((out == name).sum()) for name in ("low", "high")] == counts.tolist()


def test_bucket_one_break_makes_two_buckets():
    assert bucket_labels([-1.0, 0.0, 2.0], [0], "down,up").tolist() == ["down", "up", "up"]
    assert bucket_labels([-1.0, 0.0], "0").tolist() == ["(-inf, 0)", "[0, +inf)"]


def test_bucket_labels_given_as_text_range_or_list():
    values = np.array([1.0, 5.0, 12.0, 20.0])
    assert bucket_labels(values, "10", "small,large").tolist() == [
        "small",
        "small",
        "large",
        "large",
    ]
    out = bucket_labels(values, [[0], [10], [20]], [["small"], ["large"]])
    assert isinstance(out, np.ndarray) and out.tolist() == ["small", "small", "large", "large"]
    # breaks with blank cells at the end of the range, negative breaks, default names
    assert bucket_labels([-0.5, 0.5], [-1, 0, 1, None]).tolist() == ["[-1, 0)", "[0, 1)"]
    frame = pd.DataFrame({"a": [1.0, 15.0], "b": [NAN, 9.99]}, index=_index(2))
    expected = pd.DataFrame({"a": ["lo", "hi"], "b": [None, "lo"]}, index=frame.index, dtype=object)
    pd.testing.assert_frame_equal(bucket_labels(frame, [0, 10, 20], "lo,hi"), expected)
    pd.testing.assert_frame_equal(bucket_labels(frame, [10], "lo,hi"), expected)


@pytest.mark.parametrize(
    ("breaks", "labels", "message"),
    [
        ([], None, "breaks has no number"),
        ([0, 0.2, 0.1], None, "breaks are not increasing at number 3: 0.2 then 0.1"),
        ([0, 0], None, "breaks are not increasing at number 2: 0 then 0"),
        ("0,abc", None, "not a number"),
        ([0, 1, 2], "a", "labels has 1 name but 3 breaks make 4 buckets; give 4 names"),
        ([0, 1, 2], "a,b,c", "labels has 3 names but 3 breaks make 4 buckets.*or 2 to use"),
        ([0], "a", "labels has 1 name but 1 break make 2 buckets; give 2 names"),
        ([0, 1, 2], "a,a", "labels repeats 'a'"),
    ],
)
def test_bucket_errors(breaks, labels, message):
    with pytest.raises(OptionError, match=message):
        bucket_labels([0.5], breaks, labels)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.floats(-2, 2), st.just(NAN), st.integers(-2, 2).map(float)), max_size=30),
    st.lists(st.integers(-3, 3), min_size=2, max_size=6, unique=True),
)
def test_bucket_matches_naive(values, raw_breaks):
    breaks = sorted(float(b) for b in raw_breaks)
    series = pd.Series(values, index=_index(len(values)), dtype=float)
    for n in (len(breaks) + 1, len(breaks) - 1):
        names = [f"g{i}" for i in range(n)]
        out = bucket_labels(series, breaks, names)
        assert out.index.equals(series.index)
        assert out.tolist() == [naive_bucket(v, breaks, names) for v in values]
        assert set(out.dropna()) <= set(names)
