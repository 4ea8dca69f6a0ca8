"""Option values (windows, frequencies, thresholds, P, rf, labels, lists, flags): read once.

Every public function of pylib and every Excel function of the add-in reads its options with
these functions and nothing else, so one option is checked in one place and every refusal
reads the same way: ``"<name>=<value> <what is wrong>; <the fix>."`` — the argument named, the
value shown as given, the fix stated (``"low=20 is outside [0, 1]; thresholds are fractions:
try 0.2."``).

Blank (``None``, empty text, NaN) means "not given": functions whose option has a default
document what a blank gives; :func:`given` is the one test for it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from .clean import is_blank, to_number, to_text
from .errors import InputError, OptionError

__all__ = [
    "BY_NAME",
    "Span",
    "age",
    "choose",
    "count",
    "flag",
    "fraction",
    "frequency",
    "gap",
    "given",
    "items",
    "labels",
    "names",
    "periods_per_year",
    "positive",
    "rate",
    "shown",
    "span",
    "thresholds",
    "window",
]

#: Largest P accepted (one-minute bars around the clock are ~527,040 a year).
MAX_P = 1_000_000.0
#: Largest window: counts beyond any data (a worksheet holds 1,048,576 rows) and spans of
#: more than 200 years (the dates fofxl handles span 1677–2262) are typing mistakes.
MAX_COUNT = 100_000_000
_MAX_SPAN = {"Y": 200, "M": 2400, "W": 10_435, "D": 73_050}

_FREQ_ALIASES = {
    "native": None,
    "n": None,
    "none": None,
    "": None,
    "d": None,
    "daily": None,
    "w": "W-FRI",
    "w-fri": "W-FRI",
    "week": "W-FRI",
    "weekly": "W-FRI",
    "m": "M",
    "me": "M",
    "month": "M",
    "monthly": "M",
    "q": "Q",
    "qe": "Q",
    "quarter": "Q",
    "quarterly": "Q",
    "y": "Y",
    "a": "Y",
    "ye": "Y",
    "year": "Y",
    "yearly": "Y",
    "annual": "Y",
}
_ZERO_SPAN_RE = re.compile(r"^\s*0+\s*[YMWD]?\s*$", re.IGNORECASE)
_SPAN_RE = re.compile(r"^\s*(\d+)\s*([YMWD])\s*$", re.IGNORECASE)
_NUMBER_RE = re.compile(r"^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$")
_SEPARATORS = (",", "，", ";")  # the full-width comma is what a Chinese keyboard types
#: Regime names from low percentiles to high ones (the labels default of three names).
DEFAULT_LABELS = ("low", "balance", "high")


@dataclass(frozen=True)
class Span:
    """A calendar span: ``count`` units of ``unit`` (``"D"`` days or ``"M"`` months)."""

    count: int
    unit: str  # "D" or "M"
    text: str

    def offset(self) -> pd.DateOffset:
        """The span as a pandas offset (months follow EDATE's month-end clipping)."""
        if self.unit == "M":
            return pd.DateOffset(months=self.count)
        return pd.DateOffset(days=self.count)


def shown(value: Any) -> str:
    """An option value as a message shows it (short: ``1e+300``, ``'3Y'``)."""
    if isinstance(value, float | np.floating):
        return f"{float(value):g}"
    if isinstance(value, int | np.integer) and abs(int(value)) >= 10**15:
        return f"{float(value):g}"
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def given(value: Any) -> bool:
    """False for an option left blank: None, empty or blank text, NaN."""
    return not (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float | np.floating) and math.isnan(value))
    )


def _number(value: Any, name: str, fix: str) -> float:
    """A number or numeric text (``"0.2"``, ``"20%"``); TRUE/FALSE and other text refused."""
    if isinstance(value, bool | np.bool_):
        raise OptionError(f"{name}={value} is not a number; {fix}.")
    try:
        number = to_number(value, name)
    except InputError:
        raise OptionError(f"{name}={shown(value)} is not a number; {fix}.") from None
    if math.isnan(number):
        raise OptionError(f"{name}={shown(value)} is not a number; {fix}.")
    return number


# --------------------------------------------------------------------------------------------
# Numbers


def count(value: Any, name: str, *, minimum: int = 1, example: int = 5) -> int:
    """A whole number ≥ ``minimum`` (``top``, ``lag``, ``min_periods``); numeric text too."""
    fix = f"give a whole number ≥ {minimum} such as {example}"
    number = _number(value, name, fix)
    if not math.isfinite(number) or number != int(number) or number < minimum:
        raise OptionError(f"{name}={shown(value)} is not a whole number ≥ {minimum}; {fix}.")
    if number > MAX_COUNT:
        raise OptionError(f"{name}={shown(value)} is more than any data holds; {fix}.")
    return int(number)


def fraction(value: Any, name: str, default: float) -> float:
    """A threshold in [0, 1] (numbers or numeric text such as ``"20%"``); blank: ``default``."""
    if not given(value):
        return default
    number = _number(value, name, f"give a fraction such as {default}")
    if not 0.0 <= number <= 1.0:
        hint = (
            f"try {number / 100:g}"
            if 1.0 < number <= 100.0
            else f"give a fraction such as {default}"
        )
        raise OptionError(f"{name}={number:g} is outside [0, 1]; thresholds are fractions: {hint}.")
    return number


def thresholds(
    low: Any, high: Any, names: tuple[str, str] = ("low", "high")
) -> tuple[float, float]:
    """The regime thresholds (low, high): fractions with low ≤ high; blanks: 0.2 and 0.8."""
    lo, hi = fraction(low, names[0], 0.2), fraction(high, names[1], 0.8)
    if lo > hi:
        raise OptionError(
            f"{names[0]}={lo:g} is above {names[1]}={hi:g}; give {names[0]} ≤ {names[1]}, "
            f"e.g. {names[0]}=0.2 and {names[1]}=0.8."
        )
    return lo, hi


def rate(value: Any, name: str = "rf") -> float:
    """An annual rate as a fraction (0.02 for 2%); blank: 0."""
    if not given(value):
        return 0.0
    number = _number(value, name, "give the annual rate as a fraction, e.g. 0.02")
    if not math.isfinite(number) or abs(number) > 100:
        raise OptionError(
            f"{name}={number:g} is not an annual rate; give it as a fraction, e.g. 0.02 for 2%."
        )
    if abs(number) >= 1:
        raise OptionError(
            f"{name}={number:g} is read as {number:.0%} a year; {name} is an annual rate as a "
            f"fraction: for {number:g}% give {number / 100:g}."
        )
    return number


def periods_per_year(value: Any, name: str = "periods_per_year") -> float | None:
    """P given by the analyst (> 0), or None when blank (then P is inferred from the dates)."""
    if not given(value):
        return None
    fix = "give P such as 252, 52 or 12"
    number = _number(value, name, fix)
    if not math.isfinite(number) or number <= 0:
        raise OptionError(f"{name}={shown(value)} must be > 0; {fix}.")
    if number > MAX_P:
        raise OptionError(f"{name}={number:g} is more periods than a year holds; {fix}.")
    return number


def positive(value: Any, name: str, fix: str) -> float:
    """A finite number > 0 (``base``); ``fix`` says what to give."""
    number = math.nan if isinstance(value, bool | np.bool_) else None
    if number is None:
        try:
            number = to_number(value, name)
        except InputError:
            number = math.nan
    if not math.isfinite(number) or number <= 0:
        raise OptionError(f"{name}={shown(value)} must be a positive number; {fix}.")
    return number


def flag(value: Any, name: str, default: bool) -> bool:
    """TRUE/FALSE, 1/0 or the text "true"/"false"/"yes"/"no"; blank: ``default``."""
    if not given(value):
        return default
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | float | np.integer | np.floating) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
        return value.strip().lower() in ("true", "yes")
    raise OptionError(f"{name}={shown(value)} is not TRUE or FALSE; give TRUE or FALSE.")


# --------------------------------------------------------------------------------------------
# Words


def choose(
    value: Any, allowed: Sequence[str], name: str, aliases: dict[str, str] | None = None
) -> str:
    """One of ``allowed``, case-insensitively (or an alias); its canonical spelling."""
    text = str(value).strip() if value is not None else ""
    lookup = {a.lower(): a for a in allowed}
    if aliases:
        lookup.update({k.lower(): v for k, v in aliases.items()})
    if text.lower() in lookup:
        return lookup[text.lower()]
    short = repr(text[:40] + "…") if len(text) > 40 else repr(text)
    raise OptionError(f"{name}={short} is not known; use one of: {', '.join(allowed)}.")


@overload
def frequency(value: Any, name: str, allow_native: Literal[False]) -> str: ...
@overload
def frequency(value: Any, name: str = ..., *, allow_native: Literal[False]) -> str: ...
@overload
def frequency(value: Any, name: str = ..., allow_native: bool = ...) -> str | None: ...
def frequency(value: Any, name: str = "freq", allow_native: bool = True) -> str | None:
    """Canonical frequency: None (native), ``"W-FRI"``, ``"M"``, ``"Q"`` or ``"Y"`` (never None
    with ``allow_native=False``)."""
    key = "" if value is None else str(value).strip().lower()
    if key in _FREQ_ALIASES and (allow_native or _FREQ_ALIASES[key] is not None):
        return _FREQ_ALIASES[key]
    allowed = "native, W, M, Q, Y" if allow_native else "W, M, Q, Y"
    raise OptionError(f"{name}={value!r} is not a frequency; use one of: {allowed}.")


def span(value: Any, name: str = "window", examples: str = "3Y, 36M, 156W or 1095D") -> Span:
    """A calendar span such as ``"3Y"``, ``"36M"``, ``"156W"`` or ``"1095D"``."""
    match = _SPAN_RE.match(str(value)) if isinstance(value, str) else None
    if not match or int(match.group(1)) <= 0:
        raise OptionError(
            f"{name}={shown(value)} is not a calendar span; write a positive count and a unit, "
            f"like {examples}."
        )
    number, unit = int(match.group(1)), match.group(2).upper()
    if number > _MAX_SPAN[unit]:
        raise OptionError(
            f"{name}={shown(value)} is longer than 200 years; give a span such as 3Y or 36M."
        )
    text = f"{number}{unit}"
    if unit == "Y":
        return Span(number * 12, "M", text)
    if unit == "W":
        return Span(number * 7, "D", text)
    return Span(number, unit, text)


def age(value: Any, name: str = "min_age") -> Span | None:
    """A minimum age: a calendar span, or None for 0 or ``"0M"`` (no age screen)."""
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        if value == 0:
            return None
    elif isinstance(value, str) and _ZERO_SPAN_RE.match(value):
        return None
    return span(value, name, "6M, 26W or 180D (0D for no age screen)")


def gap(value: Any, name: str = "max_gap") -> Span:
    """The longest gap between NAVs for a fund to count (a calendar span such as 14D)."""
    return span(value, name, "14D, 2W or 1M")


def window(value: Any, name: str = "window") -> int | Span:
    """A rolling window: a whole number of observations (≥ 1) or a calendar span."""
    if isinstance(value, bool | np.bool_):
        raise OptionError(
            f"{name}={value!r} is not a window; give a count like 750 or a span like 3Y."
        )
    if isinstance(value, int | np.integer | float | np.floating):
        number = float(value)
        if not math.isfinite(number) or number != int(number) or number < 1:
            raise OptionError(
                f"{name}={shown(value)} is not a window; give a whole number of observations "
                "≥ 1 (e.g. 750) or a span like 3Y."
            )
        if number > MAX_COUNT:
            raise OptionError(
                f"{name}={shown(value)} is more observations than any data holds; give a count "
                "such as 750 or a span like 3Y."
            )
        return int(number)
    if isinstance(value, str) and _NUMBER_RE.match(value):
        return window(float(value), name)
    return span(value, name)


# --------------------------------------------------------------------------------------------
# Lists


def _flatten(values: Any) -> list[Any]:
    """Cells of a sequence or a range (list of rows), in reading order."""
    if isinstance(values, pd.DataFrame):
        return list(values.to_numpy().ravel())
    if isinstance(values, np.ndarray | pd.Series | pd.Index):
        return list(np.asarray(values, dtype=object).ravel())
    out: list[Any] = []
    for item in values:
        if isinstance(item, list | tuple | np.ndarray):
            out.extend(_flatten(item))
        else:
            out.append(item)
    return out


def items(value: Any) -> list[Any]:
    """Items of a comma-separated text (a full-width comma or a semicolon also separates) or of
    a sequence / range of cells, in reading order; blanks kept."""
    if isinstance(value, str):
        text = value
        for separator in _SEPARATORS[1:]:
            text = text.replace(separator, ",")
        return text.split(",")
    if isinstance(value, Iterable):
        return _flatten(value)
    return [value]


def labels(value: Any, n: int, name: str = "labels") -> tuple[str, ...]:
    """n distinct non-empty names; blank: the regime names ``low,balance,high`` when n = 3."""
    if not given(value):
        if n == len(DEFAULT_LABELS):
            return DEFAULT_LABELS
        raise OptionError(f"{name} is empty; give {n} names separated by commas.")
    try:
        found = [to_text(item, name, i + 1) for i, item in enumerate(items(value))]
    except InputError as error:
        raise OptionError(str(error)) from None
    if len(found) != n:
        text = ", ".join("" if item is None else item for item in found)
        text = text if len(text) <= 60 else text[:59] + "…"
        many = f"{len(found)} name{'s' if len(found) != 1 else ''}"
        raise OptionError(
            f"{name} has {many} ({text}) where {n} are needed; give exactly {n} "
            "names separated by commas, like low,balance,high."
        )
    seen: set[str] = set()
    for i, item in enumerate(found):
        if not item:
            raise OptionError(f"{name}: name {i + 1} is empty; give {n} non-empty names.")
        if item in seen:
            raise OptionError(f"{name} repeats {item!r}; give {n} different names.")
        seen.add(item)
    return tuple(item for item in found if item)


def names(
    value: Any,
    allowed: Sequence[str],
    name: str,
    aliases: dict[str, str] | None = None,
    skip: Sequence[str] = (),
) -> list[str] | None:
    """A list of known names (metrics): comma text or cells, each checked by :func:`choose`,
    repeats dropped, ``skip`` words ignored; None when blank."""
    if not given(value) if not isinstance(value, list | tuple | np.ndarray) else not len(value):
        return None
    found: list[str] = []
    for item in items(value):
        if is_blank(item) or str(item).strip().lower() in skip:
            continue
        chosen = choose(str(item).strip(), allowed, name, aliases)
        if chosen not in found:
            found.append(chosen)
    if not found:
        raise OptionError(f"{name}={value!r} names no metric; use some of: {', '.join(allowed)}.")
    return found


# --------------------------------------------------------------------------------------------
# By name

#: How each option is commonly read, by the argument name the Excel functions give it, so that
#: a value can be checked before any function runs (``fofxl render --set``) with the same
#: parser and message. ``parser(value, name)``; a blank value is each function's default and
#: not checked. A function that reads an option by a rule of its own (FOF_CORR's
#: ``min_periods`` ≥ 2) has a reader of its own beside it, which its Excel function declares
#: (:func:`fofxl_addin.udfs.option_readers`). Options read against the data (a benchmark or
#: fund name) are not here.
BY_NAME: dict[str, Callable[[Any, str], object]] = {
    "window": window,
    "low": lambda value, name: fraction(value, name, 0.2),
    "high": lambda value, name: fraction(value, name, 0.8),
    "freq": frequency,
    "rebalance": lambda value, name: frequency(value, name, allow_native=False),
    "min_age": age,
    "max_gap": gap,
    "rf": rate,
    "periods_per_year": periods_per_year,
    "top": lambda value, name: count(value, name, example=5),
    "min_periods": lambda value, name: count(value, name, example=12),
    "lag": lambda value, name: count(value, name, minimum=0, example=1),
}
