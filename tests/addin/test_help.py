"""Help everywhere: SPEC §3 names and defaults, descriptions generated from the pylib numpydoc,
no "Positional argument N", nothing over 255 characters, and docs/functions.md up to date."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from excel_data import GIVEN, REQUIRED, SPEC

from fofxl_addin import helptext, reference, udfs


def test_every_spec_function_exists_in_spec_order():
    assert list(udfs.FUNCTIONS) == [name for name in SPEC if name in udfs.FUNCTIONS]
    assert set(udfs.FUNCTIONS) == set(SPEC)
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
def test_help_is_generated_and_fits(name):
    item = udfs.FUNCTIONS[name]
    assert 0 < len(item.description) <= helptext.MAX_CHARS
    assert item.function.__doc__ == item.description  # what xlwings registers
    docs = [helptext.parse(source) for source in item.sources]
    if docs:
        assert item.description == helptext.fit(" ".join(doc.summary for doc in docs))
    assert list(item.arguments) == [arg for arg, _ in SPEC[name]]
    for arg, text in item.arguments.items():
        assert 0 < len(text) <= helptext.MAX_CHARS, arg
        assert "Positional argument" not in text
        if arg in helptext.SHARED_ARGUMENTS:
            assert text == helptext.SHARED_ARGUMENTS[arg]
        else:
            pylib = next(
                d.params.get(arg) or d.params.get("bench" if arg == "bench_navs" else arg)
                for d in docs
                if arg in d.params or (arg == "bench_navs" and "bench" in d.params)
            )
            assert text.startswith(helptext.plain(" ".join(pylib.split()))[:40]), arg


def test_numpydoc_parser_on_a_known_docstring():
    def sample(navs, top=5):
        """Worst episodes of a NAV series, worst first.

        More text that is not the summary.

        Parameters
        ----------
        navs : Series
            Date-indexed NAVs (> 0) of one
            series; see :func:`~fofxl.drawdowns.drawdown`.
        top : int, optional
            How many episodes to keep.

        Returns
        -------
        DataFrame
            One row per episode.

        Notes
        -----
        depth = nav_trough / nav_peak − 1.
        """

    doc = helptext.parse(sample)
    assert doc.summary == "Worst episodes of a NAV series, worst first."
    assert doc.params == {
        "navs": "Date-indexed NAVs (> 0) of one series; see :func:`~fofxl.drawdowns.drawdown`.",
        "top": "How many episodes to keep.",
    }
    assert doc.types == {"navs": "Series", "top": "int, optional"}
    assert doc.returns == "One row per episode."
    assert doc.notes == "depth = nav_trough / nav_peak − 1."
    assert helptext.plain(doc.params["navs"]).endswith("see drawdown.")


def test_fit_cuts_at_a_sentence_or_a_word():
    first = "The first sentence is long enough to be kept whole, " + "and it goes on " * 4 + "."
    assert helptext.fit(first + " Then " + "word " * 80) == first
    assert helptext.fit("Short one. " + "word " * 80).endswith("word…")
    words = "x" * 10 + " word" * 60
    cut = helptext.fit(words, 40)
    assert len(cut) <= 40 and cut.endswith("…") and " wor…" not in cut


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
        assert "**Returns:**" in section and f"**Example:** `{item.example}`" in section
        assert item.example.startswith(f"={name}(")
        if item.sources:
            assert "**Definition**" in section, name
    assert reference.signature(udfs.FUNCTIONS["FOF_PCTRANK"]) == (
        'FOF_PCTRANK(dates, values, [window="3Y"], [method="inc"], [min_periods])'
    )
