"""Help everywhere: SPEC §3 names and defaults, Excel help written for Excel users (no Python
words), nothing over 255 characters, no "Positional argument N", what a blank argument does is
what happens, and docs/functions.md up to date."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from excel_data import GIVEN, REQUIRED, SPEC, calls, same_cells

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
from fofxl_addin import helptext, reference, udfs
from fofxl_addin.runtime import CellError

#: Words an Excel user does not speak: Python types and values, libraries, internals.
FORBIDDEN = [
    r"\bDataFrames?\b",
    r"\bSeries\b",
    r"\bNaN\b",
    r"\bNaT\b",
    r"\bNone\b",
    r"\bTrue\b",
    r"\bFalse\b",
    r"dtype",
    r"(?i)\bpandas\b",
    r"(?i)\bnumpy\b",
    r"\bnp\.",
    r"\bpd\.",
    r"ndarray",
    r"float64",
    r"\bint\b",
    r"\bfloat\b",
    r"\bstr\b",
    r"\bkwargs\b",
    r"\bddof\b",
    r"\bSPEC\b",
    r"Positional argument",
    r"\b(?!FOF_)[A-Z]+_[A-Z_]+\b",  # Python constants such as STAT_COLUMNS
    r":(?:func|data|class|meth|mod|attr):",  # reST roles
    r"``",
]
#: Public pylib functions: their names are Python, not Excel.
PYTHON_NAMES = {
    name
    for module in (
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
    for name in module.__all__
    if callable(getattr(module, name)) and "_" in name
}


def python_words(text: str) -> list[str]:
    found = [m.group(0) for pattern in FORBIDDEN for m in re.finditer(pattern, text)]
    found += [name for name in PYTHON_NAMES if re.search(rf"\b{name}\b", text)]
    return found


def test_the_forbidden_words_are_found():
    text = "A DataFrame of NaN (None infers P), like pandas rank(pct=True); see rolling_percentile"
    assert set(python_words(text)) >= {"DataFrame", "NaN", "None", "pandas", "rolling_percentile"}
    assert python_words("Blank: TRUE adds a row; a range of cells spills one row per date.") == []


def test_every_spec_function_exists_in_spec_order():
    assert list(udfs.FUNCTIONS) == list(SPEC)
    for name, item in udfs.FUNCTIONS.items():
        assert item.function is getattr(udfs, name.lower())
        assert name.lower() in udfs.__all__


@pytest.mark.parametrize("name", list(SPEC))
def test_arguments_and_defaults_are_the_spec_ones(name):
    parameters = list(inspect.signature(udfs.FUNCTIONS[name].function).parameters.values())
    assert [p.name for p in parameters] == [arg for arg, _ in SPEC[name]]
    for parameter, (arg, default) in zip(parameters, SPEC[name], strict=True):
        if default is REQUIRED:
            assert parameter.default is inspect.Parameter.empty, arg
        elif default is GIVEN:
            assert parameter.default is not inspect.Parameter.empty, arg
        else:
            assert parameter.default == default, arg


@pytest.mark.parametrize("name", list(SPEC))
def test_help_fits_and_says_what_a_blank_does(name):
    item = udfs.FUNCTIONS[name]
    assert 0 < len(item.description) <= helptext.MAX_CHARS
    assert item.function.__doc__ == item.description  # what xlwings registers
    assert item.help.spills, "say what the formula spills"
    assert list(item.arguments) == [arg for arg, _ in SPEC[name]]
    parameters = inspect.signature(item.function).parameters
    for arg, text in item.arguments.items():
        assert 0 < len(text) <= helptext.MAX_CHARS, arg
        assert "Positional argument" not in text
        if arg in helptext.SHARED_ARGUMENTS:
            assert text.startswith(helptext.SHARED_ARGUMENTS[arg])
        default = parameters[arg].default
        if default is inspect.Parameter.empty:
            assert "Blank:" not in text, arg
        elif default is None:
            assert "Blank:" in text, f"{name}({arg}): say what a blank {arg} does"
        else:
            shown = "TRUE" if default is True else "FALSE" if default is False else default
            assert text.endswith(f" Blank: {shown}."), arg


@pytest.mark.parametrize("name", list(SPEC))
def test_help_speaks_excel(name):
    item = udfs.FUNCTIONS[name]
    texts = [item.description, item.help.spills, item.help.definition, *item.arguments.values()]
    for text in texts:
        assert python_words(text) == [], text


def test_the_function_reference_speaks_excel():
    assert python_words(reference.render()) == []


def test_help_parser_on_a_known_section():
    def fof_sample(navs, top=5):
        """Worst episodes of a NAV column, worst first.

        Spills: a table, one row
        per episode.

        top: How many episodes to show.

        Definition: depth = trough / peak − 1.

        * a bullet line.
        """

    found = helptext.parse(fof_sample)
    assert found.summary == "Worst episodes of a NAV column, worst first."
    assert found.spills == "a table, one row per episode."
    assert found.arguments == {"top": "How many episodes to show."}
    assert found.definition == "depth = trough / peak − 1.\n\n* a bullet line."

    def fof_bad(x):
        """Summary.

        Some paragraph without a key.
        """

    with pytest.raises(ValueError, match="does not start with"):
        helptext.parse(fof_bad)


def test_a_new_function_needs_help_for_every_argument():
    def fof_nohelp(dates, navs, smoothing=3):  # pragma: no cover - never called
        """A summary.

        Spills: one value.
        """

    with pytest.raises(RuntimeError, match="no help for argument 'navs'"):
        udfs._help(fof_nohelp, {})
    assert "FOF_NOHELP" not in udfs.FUNCTIONS


def test_function_reference_is_up_to_date():
    path = Path(__file__).resolve().parents[2] / "docs" / "functions.md"
    assert path.read_text(encoding="utf-8") == reference.render(), (
        "docs/functions.md is stale: run python -m fofxl_addin.reference"
    )


def test_function_reference_has_every_part():
    text = reference.render()
    for name, item in udfs.FUNCTIONS.items():
        section = text.split(f"## {name}\n", 1)[1].split("\n## ", 1)[0]
        assert f"`{reference.signature(item)}`" in section
        assert item.description in section
        assert "**Spills:**" in section and f"**Example:** `{item.example}`" in section
        assert item.example.startswith(f"={name}(")
        if name != "FOF_VERSION":
            assert "**Definition:**" in section, name
    assert reference.signature(udfs.FUNCTIONS["FOF_PCTRANK"]) == (
        'FOF_PCTRANK(dates, values, [window="3Y"], [method="inc"], [min_periods])'
    )


# --------------------------------------------------------------------------------------------
# What a blank argument does is what the help says


def test_a_blank_option_is_its_documented_default():
    """Every option with a default: blank (None, "" or omitted) gives what "Blank: X" says."""
    checked = 0
    for function_name, args in calls():
        function = getattr(udfs, function_name)
        parameters = list(inspect.signature(function).parameters.values())
        for i, parameter in enumerate(parameters):
            if parameter.default in (inspect.Parameter.empty, None):
                continue
            given = list(args) + [p.default for p in parameters[len(args) :]]
            explicit = function(*given[:i], parameter.default, *given[i + 1 :])
            for blank in (None, ""):
                assert same_cells(function(*given[:i], blank, *given[i + 1 :]), explicit), (
                    function_name,
                    parameter.name,
                )
            checked += 1
    assert checked >= 20


def _weekly_closes(n: int = 60, seed: int = 5) -> tuple[list[list], list[list]]:
    rng = np.random.default_rng(seed)
    fridays = pd.date_range("2022-01-07", periods=n, freq="W-FRI")
    closes = 100 * np.cumprod(1 + rng.normal(0.001, 0.02, n))
    return [[d.to_pydatetime()] for d in fridays], [[float(c)] for c in closes]


def test_fof_vol_blank_periods_per_year_is_252_even_for_weekly_data():
    dates, closes = _weekly_closes()
    blank = udfs.fof_vol(dates, closes, 10, None)
    logs = np.diff(np.log([c[0] for c in closes]))
    expected = np.std(logs[-10:], ddof=1) * np.sqrt(252)  # the help: "Blank: 252."
    assert blank[-1][0] == pytest.approx(expected, rel=1e-12)
    assert udfs.fof_vol(dates, closes, 10, 52)[-1][0] == pytest.approx(
        expected * np.sqrt(52 / 252), rel=1e-12
    )


def test_fof_ddtable_blank_top_shows_five_episodes():
    # seven separate drawdowns of depths 1%..7%: a blank top shows the five worst
    navs, level = [], 1.0
    for depth in (3, 7, 1, 5, 2, 6, 4):
        navs += [level, level * (1 - depth / 100)]
        level *= 1.01  # a new high: the episode recovers
    navs.append(level)
    dates = [[dt.datetime(2024, 1, 1) + dt.timedelta(days=i)] for i in range(len(navs))]
    table = udfs.fof_ddtable(dates, [[v] for v in navs], None)
    depths = [row[table[0].index("depth")] for row in table[1:]]
    assert depths == pytest.approx([-0.07, -0.06, -0.05, -0.04, -0.03])


def test_fof_perf_blank_periods_per_year_is_inferred_per_fund():
    dates, closes = _weekly_closes()
    table = udfs.fof_perf(dates, closes, "full", 0, None)
    p_row = next(row for row in table[1:] if row[1] == "periods_per_year")
    assert p_row[-1] == 52.0  # weekly dates: 52, as the help says
    rows = [row[1] for row in table[1:]]
    assert rows == ["ann_return", "max_dd", "sharpe", "calmar", "periods_per_year"]


def test_fof_bucket_blank_labels_name_the_intervals():
    out = udfs.fof_bucket([[0.005], [0.015], [0.5]], "0,0.01,0.02", None)
    assert out == [["[0, 0.01)"], ["[0.01, 0.02)"], ["[0.02, +inf)"]]


def test_fof_pctrank_blank_min_periods_waits_for_a_full_window():
    dates = [[dt.datetime(2024, 1, 1) + dt.timedelta(days=i)] for i in range(5)]
    values = [[v] for v in (3.0, 1.0, 2.0, 5.0, 4.0)]
    out = udfs.fof_pctrank(dates, values, 3, "inc", None)
    # inc: b / (n − 1) over the last 3 values, blank before 3 values exist
    assert out == [[None], [None], [0.5], [1.0], [0.5]]
    early = udfs.fof_pctrank(dates, values, 3, "inc", 2)
    assert early[1] == [0.0] and early[0] == [None]


def test_required_option_left_blank_says_what_to_give():
    dates = [[dt.datetime(2024, 1, 1) + dt.timedelta(days=i)] for i in range(5)]
    navs = [[1.0 + i / 10] for i in range(5)]
    with pytest.raises(CellError) as info:
        udfs.fof_rolldd(dates, navs, None)
    assert str(info.value) == (
        "FOF_ROLLDD: window is blank; give a whole number of observations such as 20, or a span "
        "such as 3Y."
    )
