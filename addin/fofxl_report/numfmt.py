"""Excel's TEXT(value, format_text) for the plain number formats report sheets use.

Supported format codes: up to three sections ``positive;negative;zero``; in a section, digit
placeholders ``0`` with an optional ``.0…0`` fraction and an optional thousands comma
(``#,##0.00``), ``%`` (the value × 100), quoted literal text (``"pp"``), a backslash-escaped
character and the literal characters ``+ - ( ) : × x`` and space. Rounding is half away from
zero, as Excel rounds. Anything else (dates, ``?``, ``E+``, conditions, colours) raises
:class:`UnsupportedFormat`, so the engine reports the cell instead of guessing a display.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["UnsupportedFormat", "excel_text"]

_LITERALS = set("+-():×x $")


class UnsupportedFormat(ValueError):
    """A format code outside the supported subset."""


def _sections(fmt: str) -> list[str]:
    out, current, quoted = [], "", False
    for ch in fmt:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append(current)
            current = ""
        else:
            current += ch
    out.append(current)
    if len(out) > 3:
        raise UnsupportedFormat(f"format {fmt!r} has more than three sections")
    return out


def _render(section: str, x: float, fmt: str) -> str:
    """``x`` (≥ 0 unless the section is the only one) displayed by one section."""
    pieces: list[str | None] = []  # None marks where the number goes
    zeros, decimals, comma, percent, in_fraction, seen = 0, 0, False, False, False, False
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            if end < 0:
                raise UnsupportedFormat(f"format {fmt!r} has an unclosed quote")
            pieces.append(section[i + 1 : end])
            i = end + 1
            continue
        if ch == "\\" and i + 1 < len(section):
            pieces.append(section[i + 1])
            i += 2
            continue
        if ch in "0#,." and not (ch in ",." and not seen):
            if seen and pieces and pieces[-1] is not None:
                raise UnsupportedFormat(f"format {fmt!r}: text inside the number")
            if not seen:
                pieces.append(None)
                seen = True
            if ch == ".":
                if in_fraction:
                    raise UnsupportedFormat(f"format {fmt!r} has two decimal points")
                in_fraction = True
            elif ch == ",":
                comma = True
            elif in_fraction:
                if ch != "0":
                    raise UnsupportedFormat(f"format {fmt!r}: use 0 for decimals")
                decimals += 1
            elif ch == "0":
                zeros += 1
            i += 1
            continue
        if ch == "%":
            percent = True
            pieces.append("%")
            i += 1
            continue
        if ch in _LITERALS:
            pieces.append(ch)
            i += 1
            continue
        raise UnsupportedFormat(f"format {fmt!r}: {ch!r} is not supported by the renderer's TEXT")
    if not seen:
        return "".join(p for p in pieces if p is not None)
    value = x * 100 if percent else x
    negative = value < 0
    rounded = Decimal(repr(abs(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    whole, _, fraction = f"{rounded:f}".partition(".")
    whole = whole.lstrip("0").rjust(zeros, "0") if zeros else whole.lstrip("0")
    if comma and whole:
        whole = f"{int(whole):,}".rjust(zeros, "0")
    number = ("-" if negative else "") + whole + ("." + fraction if decimals else "")
    return "".join(number if p is None else p for p in pieces)


def excel_text(value: float, fmt: str) -> str:
    """The text Excel's TEXT(value, fmt) gives for a number, in the supported format subset.

    Parameters
    ----------
    value : float
        The number (finite).
    fmt : str
        An Excel number format code (see the module docstring for the subset).

    Returns
    -------
    str
        The displayed text.

    Raises
    ------
    UnsupportedFormat
        The format uses a code outside the subset.

    Examples
    --------
    >>> excel_text(0.0039, '+0.00%;-0.00%')
    '+0.39%'
    >>> excel_text(-2.5, '0')
    '-3'
    """
    if not math.isfinite(value):
        raise UnsupportedFormat(f"TEXT of {value!r}")
    sections = _sections(fmt)
    if value < 0 and len(sections) >= 2:
        return _render(sections[1], -value, fmt)
    if value == 0 and len(sections) == 3:
        return _render(sections[2], 0.0, fmt)
    return _render(sections[0], value, fmt)
