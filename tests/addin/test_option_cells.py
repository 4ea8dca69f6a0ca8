"""Option arguments: cells unwrapped once, a blank is the signature's default, pylib checks."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

from fofxl import OptionError
from fofxl_addin import options, runtime, udfs


def test_blank_option_is_not_given():
    for blank in (None, "", "  ", [[None]], [[""]], [["  "]]):
        for name in ("freq", "window", "rf", "start", "total", "order", "breaks"):
            assert options.read(blank, name) is None


def test_na_in_an_option_is_refused_not_taken_for_the_default():
    """#N/A in an option cell is a failed lookup (VLOOKUP, MATCH): using the default instead
    would silently change the answer."""
    for value in ("#N/A", [["#N/A"]], [[{"type": "Error", "basicValue": "#N/A"}]]):
        with pytest.raises(OptionError, match=r"^window holds the Excel error #N/A; fix"):
            options.read(value, "window")
        with pytest.raises(OptionError, match="freq holds the Excel error #N/A"):
            options.read(value, "freq")
    with pytest.raises(OptionError, match=r"^labels holds the Excel error #REF!"):
        options.read([["a"], ["#REF!"]], "labels")


def test_values_are_unwrapped_not_converted():
    """pylib reads the values (fofxl._options): the add-in passes what the cell holds."""
    assert options.read(20.0, "window") == 20.0
    assert options.read([["3Y"]], "window") == "3Y"
    assert options.read(" 0.5% ", "rf") == "0.5%"
    assert options.read(45107.0, "start") == 45107.0
    assert options.read(True, "total") is True
    assert options.read("a,b", "labels") == "a,b"
    assert options.read([["a"], ["b"], [None]], "labels") == ["a", "b"]
    assert options.read([["x", 2.0]], "order") == ["x", 2.0]
    assert options.read([[0], ["1%"], [None]], "breaks") == [0, "1%"]


def test_one_cell_options_refuse_a_range():
    with pytest.raises(OptionError, match=r"^window is a range of 2×1 cells; give one value"):
        options.read([[1], [2]], "window")


def test_office_js_zero_from_an_empty_cell(monkeypatch):
    assert options.read(0, "window") == 0  # classic: 0 is 0 (pylib says why it is wrong)
    monkeypatch.setenv("XLWINGS_ON_SERVER", "true")
    assert runtime.officejs()
    assert options.read(0, "window") is None
    assert options.read(0.0, "freq") is None
    assert options.read(0, "start") is None
    for name in options.ZERO_IS_A_VALUE:
        assert options.read(0, name) == 0, name  # a real threshold, rate, lag or FALSE


def test_read_options_fills_blanks_from_the_signature():
    seen = {}

    def fof_sample(dates, window="3Y", low=0.2, top=None):
        seen.update(window=window, low=low, top=top)

    wrapped = options.read_options(fof_sample, ranges=("dates",))
    wrapped([[1]], None, "", [["5"]])
    assert seen == {"window": "3Y", "low": 0.2, "top": "5"}
    wrapped([[1]], 40.0)
    assert seen == {"window": 40.0, "low": 0.2, "top": None}
    assert inspect.signature(wrapped) == inspect.signature(fof_sample)  # what xlwings reads


def test_the_same_option_reads_the_same_in_python_and_excel():
    """One reader, one message: the add-in's error is pylib's, prefixed with the function."""
    from fofxl import drawdowns

    navs = pd.Series([1.0, 1.1, 1.0], index=pd.date_range("2024-01-01", periods=3))
    with pytest.raises(OptionError) as python:
        drawdowns.drawdown_episodes(navs, top=0)
    dates = [[d.to_pydatetime()] for d in navs.index]
    with pytest.raises(runtime.CellError) as excel:
        udfs.fof_ddtable(dates, [[v] for v in navs], 0)
    assert str(excel.value) == f"FOF_DDTABLE: {python.value}"
    assert (
        str(python.value) == "top=0 is not a whole number ≥ 1; give a whole number ≥ 1 such as 5."
    )
