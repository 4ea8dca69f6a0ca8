"""Tests for fofxl.peer_rank (SPEC §9): ranks within groups, ties, blanks, a naive twin."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fofxl.peer_rank as peer_rank_module
from fofxl.errors import InputError, OptionError
from fofxl.peer_rank import peer_rank


def test_worked_ranks_with_ties_and_blanks():
    values = [0.12, 0.08, 0.12, None, 0.05, 0.30, 0.01]
    groups = ["CTA", "CTA", "CTA", "CTA", "neutral", "neutral", None]
    out = peer_rank(values, groups)
    # CTA: 0.12, 0.08, 0.12 (the blank does not count): ties share rank 1, 0.08 is 3rd
    assert out["rank"].tolist()[:3] == [1.0, 3.0, 1.0]
    assert out["count"].tolist()[:3] == [3.0, 3.0, 3.0]
    assert out["top"].tolist()[:3] == pytest.approx([1 / 3, 1.0, 1 / 3])
    assert math.isnan(out["rank"][3])
    # neutral: 0.30 first, 0.05 second
    assert out["rank"].tolist()[4:6] == [2.0, 1.0]
    assert out["top"].tolist()[4:6] == [1.0, 0.5]
    # a blank group gets nothing
    assert np.isnan(out.iloc[6].to_numpy()).all()


def test_ascending_for_risk_metrics_and_one_group():
    out = peer_rank([0.2, 0.1, 0.1, 0.3], order="asc")
    assert out["rank"].tolist() == [3.0, 1.0, 1.0, 4.0]
    assert out["count"].tolist() == [4.0] * 4


def test_errors():
    with pytest.raises(InputError, match="no number"):
        peer_rank([None, ""])
    with pytest.raises(InputError, match="one group per value"):
        peer_rank([1.0, 2.0], ["a"])
    with pytest.raises(OptionError, match="order"):
        peer_rank([1.0], order="up")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.one_of(st.none(), st.sampled_from([0.0, -0.0, 0.5, 1.0, 2.0, -1.0])),
                  st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))),
        min_size=1, max_size=30,
    ),
    st.sampled_from(["desc", "asc"]),
)  # fmt: skip
def test_matches_naive_rank_eq(rows, order):
    values = [v for v, _ in rows]
    groups = [g for _, g in rows]
    if all(v is None for v in values):
        return
    out = peer_rank(values, groups, order)
    for i, (v, g) in enumerate(rows):
        if v is None or g is None:
            assert np.isnan(out.iloc[i].to_numpy()).all()
            continue
        peers = [w for w, h in rows if h == g and w is not None]
        better = sum((w > v) if order == "desc" else (w < v) for w in peers)
        assert out["rank"][i] == 1 + better
        assert out["count"][i] == len(peers)
        assert out["top"][i] == pytest.approx((1 + better) / len(peers))


def test_doctests():
    result = doctest.testmod(peer_rank_module, verbose=False)
    assert result.attempted > 0 and result.failed == 0
