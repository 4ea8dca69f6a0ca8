"""The one option reader (fofxl._options): values, blanks and the message style."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fofxl import OptionError
from fofxl import _options as opt


def test_choose_is_case_insensitive_and_lists_choices():
    assert opt.choose("INC", ["inc", "exc", "rank"], "method") == "inc"
    assert opt.choose(" y ", ["year", "full"], "by", aliases={"y": "year"}) == "year"
    with pytest.raises(OptionError, match="method='foo' is not known; use one of: inc, exc"):
        opt.choose("foo", ["inc", "exc", "rank"], "method")


@pytest.mark.parametrize("blank", [None, "", "  ", math.nan, np.float64("nan")])
def test_blank_is_not_given(blank):
    assert not opt.given(blank)
    assert opt.fraction(blank, "low", 0.2) == 0.2
    assert opt.rate(blank) == 0.0
    assert opt.periods_per_year(blank) is None
    assert opt.flag(blank, "total", True) is True
    assert opt.labels(blank, 3) == ("low", "balance", "high")
    assert opt.names(blank, ["a", "b"], "metrics") is None


def test_numbers_and_numeric_text():
    assert opt.count("3", "top") == 3 and opt.count(3.0, "top") == 3
    assert opt.count(0, "lag", minimum=0) == 0
    assert opt.fraction("20%", "low", 0.2) == pytest.approx(0.2)
    assert opt.rate("2%") == pytest.approx(0.02)
    assert opt.periods_per_year("244") == 244.0
    assert opt.positive("100", "base", "try 1") == 100.0
    assert opt.flag("yes", "total", False) is True and opt.flag(0.0, "total", True) is False


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: opt.count(2.5, "top"), "top=2.5 is not a whole number ≥ 1; give a whole number"),
        (lambda: opt.count(True, "top"), "top=True is not a number; give a whole number ≥ 1"),
        (lambda: opt.count("x", "lag", minimum=0), "lag='x' is not a number; give a whole number"),
        (lambda: opt.fraction(20, "low", 0.2), "low=20 is outside [0, 1]; thresholds are "),
        (lambda: opt.rate(5), "rf=5 is read as 500% a year; rf is an annual rate as a fraction"),
        (lambda: opt.periods_per_year(0), "periods_per_year=0 must be > 0; give P such as 252"),
        (lambda: opt.positive(-1.0, "base", "try 1"), "base=-1 must be a positive number; try 1"),
        (lambda: opt.flag("maybe", "total", False), "total='maybe' is not TRUE or FALSE; give"),
        (lambda: opt.frequency("H"), "freq='H' is not a frequency; use one of: native, W, M"),
        (lambda: opt.window(0), "window=0 is not a window; give a whole number of observations"),
        (lambda: opt.span("3X", "min_age", "6M"), "min_age='3X' is not a calendar span; write"),
        (
            lambda: opt.labels("a,b", 3),
            "labels has 2 names (a, b) where 3 are needed; give exactly",
        ),
        (lambda: opt.labels("a,a,b", 3), "labels repeats 'a'; give 3 different names."),
        (lambda: opt.names("bogus", ["sharpe"], "metrics"), "metrics='bogus' is not known; use"),
    ],
)
def test_messages_name_the_argument_show_the_value_and_say_the_fix(call, message):
    with pytest.raises(OptionError) as error:
        call()
    text = str(error.value)
    assert text.startswith(message), text
    assert ";" in text and text.endswith(".")


def test_windows_spans_and_frequencies():
    assert opt.window(20.0) == 20 and opt.window("750") == 750
    span = opt.window("3Y")
    assert (span.count, span.unit, span.text) == (36, "M", "3Y")
    assert opt.span("2W") == opt.Span(14, "D", "2W")
    assert opt.frequency("weekly") == "W-FRI" and opt.frequency("native") is None
    with pytest.raises(OptionError, match="use one of: W, M, Q, Y"):
        opt.frequency("native", "period", allow_native=False)


def test_lists_from_text_or_cells():
    assert opt.items("a，b;c") == ["a", "b", "c"]  # full-width comma and semicolon separate
    assert opt.items([["a", "b"], ["c", None]]) == ["a", "b", "c", None]
    assert opt.labels([["x"], ["y"], ["z"]], 3) == ("x", "y", "z")
    assert opt.names(
        "sharpe, VOL,sharpe", ["sharpe", "ann_vol"], "metrics", {"vol": "ann_vol"}
    ) == [
        "sharpe",
        "ann_vol",
    ]
