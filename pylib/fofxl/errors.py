"""The one exception family of fofxl.

Every message is written for an analyst: its first sentence names the argument, the row or date
and the value, and says the fix. The add-in shows that first sentence in the cell.
"""

from __future__ import annotations

__all__ = ["FofError", "InputError", "OptionError"]


class FofError(ValueError):
    """Base class of every error fofxl raises on purpose."""


class InputError(FofError):
    """The data given cannot be used (text in a number column, duplicate dates, NAV <= 0, ...)."""


class OptionError(FofError):
    """An option value is unknown or out of range (method, window, thresholds, ...)."""
