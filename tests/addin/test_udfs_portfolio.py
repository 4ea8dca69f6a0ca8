"""FOF_PORTFOLIO and FOF_CONTRIB through the add-in (SPEC §11, §13): cells as classic xlwings
passes them, every form of the weights range, numbers pinned by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from fofxl_addin import udfs
from fofxl_addin.runtime import CellError

FRIDAYS = [dt.datetime(2024, 1, 19) + dt.timedelta(days=7 * i) for i in range(5)]
A = [1.00, 1.10, 1.21, 1.21, 1.331]
B = [2.00, 1.90, 1.90, 2.09, 2.09]
# hand-worked (tests/pylib/test_portfolio.py): 0.5 A, 0.4 B, 10% cash, reset at 26 January
NAV_M = [1.0, 1.03, 1.03 * 1.05, 1.03 * 1.09, 1.03 * 1.145]


def _cells(header: bool = True):
    """Rows shuffled, a blank row inserted, B's NAV of 2 February blank (stale: carried)."""
    order = [3, 0, None, 4, 1, 2]
    dates = [["date"]] if header else []
    navs = [["A", "B"]] if header else []
    for i in order:
        if i is None:
            dates.append([None])
            navs.append([None, None])
        else:
            dates.append([FRIDAYS[i]])
            navs.append([A[i], None if i == 2 else B[i]])
    return dates, navs


def _column(table, name):
    j = table[0].index(name)
    return [row[j] for row in table[1:]]


@pytest.mark.parametrize(
    "weights",
    [
        [["A", "B"], [0.5, 0.4]],
        [["B", "A"], [0.4, 0.5]],
        [["A", 0.5], ["B", 0.4]],
        [["A", "B", None], ["50%", "0.4", None]],
        [["date", "A", "B"], [dt.datetime(2023, 12, 29), 0.5, 0.4]],
    ],
    ids=["names_over_weights", "other_order", "names_beside", "text_and_blank", "dated_table"],
)
def test_portfolio_every_weights_form(weights):
    dates, navs = _cells()
    out = udfs.fof_portfolio(dates, navs, weights)
    assert out[0] == ["date", "nav", "return"]
    assert _column(out, "date") == FRIDAYS
    assert _column(out, "nav") == pytest.approx(NAV_M, rel=1e-12)
    returns = _column(out, "return")
    assert returns[0] is None
    assert returns[1:] == pytest.approx(
        [n / p - 1 for p, n in zip(NAV_M, NAV_M[1:], strict=False)], rel=1e-10
    )


def test_portfolio_positional_weights_without_header_and_options():
    dates, navs = _cells(header=False)
    out = udfs.fof_portfolio(dates, navs, [[0.5, 0.4]], "none", "W", 100)
    hold = [100 * (0.5 * a + 0.4 * b / 2 + 0.1) for a, b in zip(A, B, strict=True)]
    assert _column(out, "nav") == pytest.approx(hold, rel=1e-12)
    column = udfs.fof_portfolio(dates, navs, [[0.5], [0.4]], "none", "W", 100)
    assert column == out


def test_portfolio_dated_reallocation_through_cells():
    dates, navs = _cells()
    weights = [
        ["date", "A", "B"],
        [dt.datetime(2024, 1, 1), 0.6, 0.4],
        [None, None, None],
        [dt.datetime(2024, 1, 31), 0.2, 0.7],
    ]
    out = udfs.fof_portfolio(dates, navs, weights, "none")
    v2 = 0.6 * 1.21 + 0.4 * 1.9 / 2.0
    expected = [1.0, 0.6 * 1.1 + 0.4 * 0.95, v2, v2 * 1.07, v2 * 1.09]
    assert _column(out, "nav") == pytest.approx(expected, rel=1e-12)


def test_a_fund_name_heading_two_columns_is_not_given_a_weight():
    # two columns headed A: a weight for A would go to the first one without a word
    dates, navs = _cells()
    navs[0] = ["A", "A"]
    for function in (udfs.fof_portfolio, udfs.fof_contrib):
        with pytest.raises(CellError, match="weights name the fund 'A', which heads more than"):
            function(dates, navs, [["A"], [0.5]])
    # the second column by its unique name, "A (2)", is unambiguous
    out = udfs.fof_portfolio(dates, navs, [["A (2)"], [1.0]])
    assert _column(out, "nav")[-1] == pytest.approx(B[-1] / B[0], rel=1e-12)


def test_contrib_table_and_total():
    dates, navs = _cells()
    out = udfs.fof_contrib(dates, navs, [["A", "B"], [0.5, 0.4]])
    assert out[0] == ["fund", "avg_weight", "fund_return", "contribution", "share"]
    assert _column(out, "fund") == ["A", "B", "total"]
    w_a = [0.5, 0.5, 0.55 / 1.05, 0.55 / 1.09]
    w_b = [0.4, 0.4, 0.4 / 1.05, 0.44 / 1.09]
    c_a = sum(w * r for w, r in zip(w_a, [0.1, 0.1, 0.0, 0.1], strict=True))
    c_b = sum(w * r for w, r in zip(w_b, [-0.05, 0.0, 0.1, 0.0], strict=True))
    total = 0.03 + 0.05 + 1.09 / 1.05 - 1 + 1.145 / 1.09 - 1
    assert _column(out, "contribution") == pytest.approx([c_a, c_b, total], rel=1e-12)
    assert _column(out, "share")[-1] == 1.0
    assert _column(out, "fund_return") == pytest.approx([0.331, 0.045, 0.17935], rel=1e-10)
    # a span: the periods ending 2 and 9 February
    span = udfs.fof_contrib(
        dates, navs, [["A", "B"], [0.5, 0.4]], None, None, "2024-01-29", dt.datetime(2024, 2, 9)
    )
    assert _column(span, "contribution") == pytest.approx(
        [0.05, 0.4 / 1.05 * 0.1, 0.05 + 1.09 / 1.05 - 1], rel=1e-12
    )


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([["A", "C"], [0.5, 0.4]], "FOF_PORTFOLIO: weights names fund 'C', which is not among"),
        ([["A", "B"], [0.7, 0.4]], "FOF_PORTFOLIO: weights add up to 1.1, above 1"),
        ([["A", "B"], [-0.1, 0.4]], "gives A -0.1; a weight must be a fraction ≥ 0"),
        ([["A", "B"], ["#N/A", 0.4]], "weights: row 2 holds the Excel error #N/A"),
        ([[None, None]], "weights is empty"),
        ([["A", "B"], [0.5, 0.4], [0.1, 0.1]], "weights has 3 rows"),
        ([[None, "B"], [0.5, 0.4]], "the weight 0.5 has no fund name above it"),
        (
            [["date", "A", "B"], [dt.datetime(2024, 1, 1), 0.5, 0.4], ["soon", 0.5, 0.4]],
            "weights dates",
        ),
    ],
)
def test_bad_weights_give_one_clear_message(weights, message):
    dates, navs = _cells()
    with pytest.raises(CellError) as error:
        udfs.fof_portfolio(dates, navs, weights)
    assert message in str(error.value)
